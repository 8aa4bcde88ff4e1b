"""The view in a real headless browser: Debian's chromium (/usr/bin/chromium) driven by Playwright.

CI installs the browser and a CJK font with
    apt-get install -y --no-install-recommends chromium fonts-wqy-microhei
and never runs `playwright install` (it downloads; the system browser is used instead).
"""
from __future__ import annotations

import base64
import os
import time
from pathlib import Path

import pytest
from rdflib import Dataset

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
if not Path(CHROMIUM).exists():
    pytest.skip(f"no system chromium at {CHROMIUM} (apt-get install chromium fonts-wqy-microhei)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e .[test])")

from kg.view import to_networkx, write_view  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-default-apps", "--disable-sync", "--mute-audio"]
ID = "https://w3id.org/newskg/id/"

# pixel statistics of a PNG, decoded by the browser itself (no imaging library needed)
PNG_STATS = """async (b64) => {
  const blob = await (await fetch('data:image/png;base64,' + b64)).blob();
  const bmp = await createImageBitmap(blob);
  const c = new OffscreenCanvas(bmp.width, bmp.height), ctx = c.getContext('2d');
  ctx.drawImage(bmp, 0, 0);
  const d = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
  let n = 0, s = 0, s2 = 0; const colours = new Set();
  for (let i = 0; i < d.length; i += 4) {
    const g = (d[i] + d[i + 1] + d[i + 2]) / 3; s += g; s2 += g * g; n++;
    if (colours.size < 10000) colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
  }
  const mean = s / n;
  return {width: bmp.width, height: bmp.height, variance: s2 / n - mean * mean, colours: colours.size};
}"""

# do CJK glyphs render, or only "tofu" boxes? Missing glyphs all draw the same box.
CJK_RENDERS = """() => {
  const draw = (text) => {
    const c = document.createElement('canvas'); c.width = 120; c.height = 40;
    const ctx = c.getContext('2d'); ctx.font = '24px "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif';
    ctx.fillStyle = '#000'; ctx.fillText(text, 4, 30);
    return Array.from(ctx.getImageData(0, 0, 120, 40).data).join(',');
  };
  const a = draw('王相东'), b = draw('口口口'), blank = draw('');
  return a !== b && a !== blank;
}"""


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


class Page:
    """A page that records console errors, page errors and every request that leaves the file."""

    def __init__(self, browser, path: Path, viewport=(1400, 850)):
        self.errors: list[str] = []
        self.external: list[str] = []
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                           device_scale_factor=1)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))

        def route(r):
            url = r.request.url
            if url.startswith(("file:", "data:", "blob:")):
                return r.continue_()
            self.external.append(url)
            return r.abort()

        self.page.route("**/*", route)
        start = time.perf_counter()
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.kgView && window.kgView.isReady()", timeout=120_000)
        self.ready_s = time.perf_counter() - start

    def js(self, expr, arg=None):
        return self.page.evaluate(expr, arg) if arg is not None else self.page.evaluate(expr)

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def fixture_view(tmp_path_factory) -> Path:
    ds = Dataset()
    ds.parse(FIXTURES / "view_graph.ttl", format="turtle")
    ds.parse(FIXTURES / "view_provenance.trig", format="trig")
    out = tmp_path_factory.mktemp("view") / "view.html"
    write_view(ds, out)
    return out


def test_page_loads_offline_without_errors(browser, fixture_view, tmp_path):
    p = Page(browser, fixture_view)
    try:
        assert p.js("kgView.counts()") == {"nodes": 14, "edges": 12, "total": 14, "totalEdges": 12}
        # the network itself holds them (not only our data views)
        assert p.js("Object.keys(kgView.network.body.nodes).filter(k => !k.startsWith('edgeId:')).length") == 14
        assert p.js("kgView.network.body.edgeIndices.length") == 12
        # the legend has one row per type, the type filter and the relation filter work
        assert p.page.locator("#legend-types input").count() == 7
        p.page.locator('#legend-types input[data-type="Place"]').uncheck()
        assert p.js("kgView.counts().nodes") == 10
        p.page.locator('#legend-types input[data-type="Place"]').check()
        p.page.locator('#legend-rels input[data-rel="memberOf"]').uncheck()
        assert p.js("kgView.counts().edges") == 10
        p.page.locator('#legend-rels input[data-rel="memberOf"]').check()
        assert p.js("kgView.counts().nodes") == 14  # nothing lost on the way back
        assert p.errors == [] and p.external == []
    finally:
        p.close()


def test_search_details_and_sources(browser, fixture_view, tmp_path):
    p = Page(browser, fixture_view)
    try:
        p.page.fill("#search", "王相")
        assert "王相东" in p.page.inner_text("#suggest")
        p.page.press("#search", "Enter")
        assert p.js("kgView.network.getSelectedNodes()") == [ID + "person/王相东"]
        details = p.page.inner_text("#details")
        assert "王相东" in details and "党组书记、局长" in details and "聊城市科学技术局" in details
        assert "市科技局党组书记、局长王相东介绍" in details  # the source sentence
        assert "《我市科技创新工作综述》" in details and "2025-12-11" in details  # its article and date
        # an alias finds its entity
        p.page.fill("#search", "中通客车")
        p.page.press("#search", "Enter")
        assert p.js("kgView.network.getSelectedNodes()") == [ID + "company/中通客车股份有限公司"]
        # the relation's source sentence (from graph.trig), then its article
        p.page.locator('#details a[data-edge*="undertakes"]').click()
        assert "中通客车股份有限公司投资建设的新能源客车生产线项目位于东昌府区。" in p.page.inner_text("#details")
        p.page.locator("#details a[data-article]").first.click()
        assert "聊城高新区项目建设提速" in p.page.inner_text("#details")
        assert p.errors == [] and p.external == []
    finally:
        p.close()


def test_explore_and_time_range(browser, fixture_view):
    p = Page(browser, fixture_view)
    try:
        p.js(f"kgView.goTo('{ID}person/王相东')")
        p.page.locator("#details button[data-explore]").click()
        assert p.js("kgView.counts().nodes") == 2  # 王相东 and his bureau
        p.js(f"kgView.expand('{ID}governmentbody/聊城市科学技术局')")  # what a click on it does now
        assert p.js("kgView.counts().nodes") == 3
        p.page.click("#btn-all")
        assert p.js("kgView.counts().nodes") == 14
        # the date range: from the last date (2026-03) on
        p.page.locator("#t-from").fill(p.page.locator("#t-from").get_attribute("max"))
        assert p.page.inner_text("#time").count("2026-03") == 2
        assert p.js("kgView.counts()")["nodes"] == 9
        assert p.errors == []
    finally:
        p.close()


def test_screenshot_shows_the_graph_with_chinese(browser, fixture_view, tmp_path):
    p = Page(browser, fixture_view)
    try:
        assert p.js(CJK_RENDERS), "Chinese renders as boxes: install fonts-wqy-microhei"
        first = p.page.locator("#network canvas").screenshot()
        positions = p.js("kgView.network.getPositions()")
        p.page.fill("#search", "王相东")
        p.page.press("#search", "Enter")
        shot = tmp_path / "view.png"
        png = p.page.screenshot(path=str(shot))
        assert shot.stat().st_size > 20_000
        stats = p.js(PNG_STATS, base64.b64encode(png).decode())
        assert stats["width"] == 1400 and stats["variance"] > 200 and stats["colours"] > 50, stats
        canvas = p.page.locator("#network canvas").screenshot(path=str(tmp_path / "network.png"))
        cstats = p.js(PNG_STATS, base64.b64encode(canvas).decode())
        assert cstats["variance"] > 50 and cstats["colours"] > 20, cstats  # the network drew, not a blank canvas
        # the layout is seeded: a second load draws the same picture
        p2 = Page(browser, fixture_view)
        try:
            assert p2.js("kgView.network.getPositions()") == positions
            assert p2.page.locator("#network canvas").screenshot() == first
        finally:
            p2.close()
        assert p.errors == []
    finally:
        p.close()


def test_large_graph_renders(browser, tmp_path):
    from view_synth import synthetic

    n = int(os.environ.get("KG_VIEW_BROWSER_NODES", "2000"))
    G = synthetic(n)
    start = time.perf_counter()
    write_view(G, tmp_path / "big.html")
    write_s = time.perf_counter() - start
    p = Page(browser, tmp_path / "big.html")
    try:
        assert p.js("kgView.counts().nodes") == n
        p.page.fill("#search", "王")
        p.page.press("#search", "Enter")
        assert len(p.js("kgView.network.getSelectedNodes()")) == 1
        start = time.perf_counter()
        p.page.locator('#legend-types input[data-type="Person"]').uncheck()
        filter_s = time.perf_counter() - start
        assert p.js("kgView.counts().nodes") < n
        p.page.screenshot(path=str(tmp_path / "big.png"))
        print(f"\n{n} nodes: write_view {write_s:.1f} s, page ready {p.ready_s:.1f} s, filter {filter_s:.2f} s")
        assert p.ready_s < 60 and p.errors == [] and p.external == []
    finally:
        p.close()


def test_view_of_kg_rdf_output(browser, tmp_path):
    """mini.trig is written by kg.rdf: the view of the real shape loads too."""
    if not (FIXTURES / "mini.trig").exists():
        pytest.skip("no mini.trig fixture")
    info = write_view(to_networkx(FIXTURES / "mini.trig"), tmp_path / "mini.html")
    p = Page(browser, tmp_path / "mini.html")
    try:
        assert p.js("kgView.counts().nodes") == info["nodes"]
        assert p.errors == [] and p.external == []
    finally:
        p.close()
