"""kg.view: the RDF → networkx projection, focused views, the offline HTML page; kg.analytics."""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph

from kg import analytics
from kg.view import find, in_period, layout, load, render_html, select, to_networkx, write_view

FIXTURES = Path(__file__).parent / "fixtures"
TTL = FIXTURES / "view_graph.ttl"
PROV = FIXTURES / "view_provenance.trig"
ID = "https://w3id.org/newskg/id/"


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return to_networkx(Graph().parse(TTL))


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    ds = Dataset()
    ds.parse(TTL, format="turtle")
    ds.parse(PROV, format="trig")
    return ds


def names(H) -> set[str]:
    return {d["name"] for _, d in H.nodes(data=True)}


# --------------------------------------------------------------------------- projection

def test_projection_counts(G):
    assert G.number_of_nodes() == 14
    assert G.number_of_edges() == 12
    types = {}
    for _, d in G.nodes(data=True):
        types[d["type"]] = types.get(d["type"], 0) + 1
    assert types == {"Person": 2, "GovernmentBody": 2, "Company": 2, "Organization": 2, "Place": 4,
                     "Project": 1, "Program": 1}
    relations = sorted(d["relation"] for _, _, d in G.edges(data=True))
    assert relations == sorted(["memberOf"] * 2 + ["locatedIn"] * 2 + ["partnerOf"] * 2 + ["containedInPlace"] * 3
                               + ["undertakes", "partOf", "issuedBy"])


def test_projection_names_posts_dates(G):
    bureau = G.nodes[ID + "governmentbody/聊城市科学技术局"]
    assert bureau["name"] == "聊城市科学技术局" and "市科技局" in bureau["aliases"]
    post = G.edges[ID + "person/王相东", ID + "governmentbody/聊城市科学技术局", "memberOf"]
    assert post["label"] == "党组书记、局长" and post["titles"] == ["党组书记", "局长"]
    assert post["dates"] == ["2025-12-11", "2026-02-06"]
    assert {s["headline"] for s in post["sources"]} == {"我市科技创新工作综述", "科技创新赋能高质量发展"}
    assert all(s["text"] and s["issue"] and s["date"] for s in post["sources"])
    # org:memberOf next to the membership does not make a second edge
    assert G.number_of_edges(ID + "person/王相东", ID + "governmentbody/聊城市科学技术局") == 1
    assert G.nodes[ID + "person/王相东"]["dates"] == ["2025-12-11", "2026-02-06"]
    assert G.nodes[ID + "place/茌平区"]["articles"] == []  # gazetteer only
    assert len(G.graph["articles"]) == 3


def test_partner_of_is_one_undirected_edge(G):
    partner = [(u, v, d) for u, v, d in G.edges(data=True) if d["relation"] == "partnerOf"]
    assert len(partner) == 2 and all(d["directed"] is False for _, _, d in partner)


def test_dataset_attaches_sources_to_relations(dataset):
    D = to_networkx(dataset)
    assert D.number_of_nodes() == 14 and D.number_of_edges() == 12
    edge = D.edges[ID + "company/中通客车股份有限公司", ID + "project/新能源客车生产线项目", "undertakes"]
    assert edge["sources"] and edge["sources"][0]["headline"] == "聊城高新区项目建设提速"
    assert "新能源客车生产线项目" in edge["sources"][0]["text"]
    assert edge["dates"] == ["2026-03"]


def test_load_paths(tmp_path):
    assert isinstance(load(TTL), Graph) and not isinstance(load(TTL), Dataset)
    trig = tmp_path / "graph.trig"
    Dataset().parse(PROV, format="trig").serialize(trig, format="trig")
    assert isinstance(load(trig), Dataset)


@pytest.mark.skipif(not (FIXTURES / "mini.trig").exists(), reason="no mini.trig fixture (tests/fixtures/make_fixture.py)")
def test_projection_of_kg_rdf_output():
    """mini.trig is written by kg.rdf itself: the projection reads the real shape."""
    M = to_networkx(load(FIXTURES / "mini.trig"))
    assert M.number_of_nodes() > 0 and M.number_of_edges() > 0
    assert any(d["relation"] == "memberOf" and d["sources"] for _, _, d in M.edges(data=True))
    assert any(d["relation"] != "memberOf" and d["sources"] for _, _, d in M.edges(data=True))


# --------------------------------------------------------------------------- focused views

def test_focus_and_hops(G):
    assert names(select(G, focus="王相东", hops=1)) == {"王相东", "聊城市科学技术局"}
    assert names(select(G, focus="王相东", hops=2)) == {"王相东", "聊城市科学技术局", "聊城市科技创新三年行动计划"}
    assert names(select(G, focus="市科技局", hops=0)) == {"聊城市科学技术局"}  # an alias
    with pytest.raises(ValueError):
        select(G, focus="不存在的人")


def test_types(G):
    assert names(select(G, types="Person,Company")) == {"王相东", "李明", "鲁西化工集团股份有限公司", "中通客车股份有限公司"}
    assert names(select(G, types=["人物"])) == {"王相东", "李明"}
    H = select(G, focus="王相东", hops=1, types="Person")
    assert names(H) == {"王相东"}
    with pytest.raises(ValueError):
        select(G, types="Robot")


def test_since_until(G):
    H = select(G, since="2026-03-01")
    assert H.number_of_nodes() == 9 and H.number_of_edges() == 8
    assert "茌平区" in names(H)  # undated, next to 聊城市 that the period reports
    assert "鲁西化工研究院" not in names(H)
    H = select(G, until="2025-12-31")
    assert names(H) == {"王相东", "聊城市科学技术局", "聊城市科技创新三年行动计划", "鲁西化工集团股份有限公司",
                        "聊城大学", "聊城市", "茌平区"}
    assert H.number_of_edges() == 4
    assert select(G, since="2026-03").number_of_nodes() == 9  # a month


def test_min_degree_and_relations(G):
    assert names(select(G, min_degree=2)) == {"聊城市科学技术局", "鲁西化工集团股份有限公司", "中通客车股份有限公司",
                                              "聊城大学", "新能源客车生产线项目", "聊城市", "东昌府区"}
    H = select(G, relations="职务,partnerOf")
    assert {d["relation"] for _, _, d in H.edges(data=True)} == {"memberOf", "partnerOf"}


def test_in_period_partial_dates():
    assert in_period(["2026-03"], since="2026-03-15") is True
    assert in_period(["2026-03"], until="2026-02-28") is False
    assert in_period([], since="2020") is None
    assert in_period(["2025-12-11"], since="2025", until="2025") is True


def test_find(G):
    assert find(G, "中通客车") == [ID + "company/中通客车股份有限公司"]
    assert find(G, "聊城") == [ID + "place/聊城市"]  # an exact alias first
    assert len(find(G, "化工")) == 2  # then substrings


def test_layout_is_seeded_and_complete(G):
    a, b = layout(G, seed=1), layout(G, seed=1)
    assert a == b and set(a) == set(G)
    assert layout(G, seed=2) != a


# --------------------------------------------------------------------------- the page

def _data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    return json.loads(m.group(1))


def test_html_is_offline_and_complete(G):
    page = render_html(G, title="测试")
    # no external script, stylesheet, image or font: everything is in-line
    assert not re.search(r'<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["\']?(https?:)?//', page, re.I)
    assert not re.search(r'@import|url\(\s*["\']?(https?:)?//', page, re.I)
    assert "cdnjs" not in page and "jsdelivr" not in page and "unpkg" not in page
    assert page.count("\n<script") == 3  # data, vis-network, our script
    assert "sourceMappingURL" not in page
    assert "vis-network" in page and len(page) > 400_000  # vis-network itself is in the file
    data = _data(page)
    assert len(data["nodes"]) == 14 and len(data["edges"]) == 12
    assert {n["label"] for n in data["nodes"]} >= {"王相东", "聊城市科学技术局"}
    assert {e["label"] for e in data["edges"]} >= {"党组书记、局长", "位于", "承建", "合作", "隶属", "发布"}
    shapes = {n["id"].rsplit("/", 2)[-2]: (n["shape"], n["color"]) for n in data["nodes"]}
    assert len(set(shapes.values())) == 7  # one look per type
    assert all(n["x"] is not None and n["y"] is not None for n in data["nodes"])
    assert data["dates"][0] == "2025-12-11" and data["dates"][-1] == "2026-03"
    assert data["options"]["physics"]["enabled"] is True  # small: settles, then the page stops it


def test_html_escapes_script_end(G):
    H = G.copy()
    H.nodes[ID + "person/李明"]["name"] = "</script><script>alert(1)</script>"
    page = render_html(H)
    assert "</script><script>alert(1)" not in page
    assert any(n["label"].startswith("</script>") for n in _data(page)["nodes"])


def test_write_view(tmp_path, dataset):
    out = tmp_path / "sub" / "view.html"
    info = write_view(dataset, out, focus="王相东", hops=2, size_by="pagerank")
    assert out.exists() and info == {"path": str(out), "nodes": 3, "edges": 2}
    assert "王相东 周围 2 步" in out.read_text(encoding="utf-8")
    assert write_view(str(TTL), tmp_path / "all.html")["nodes"] == 14
    assert write_view(Graph().parse(TTL), tmp_path / "t.html", types="Place", min_degree=1)["nodes"] == 4


def test_large_graph_has_no_physics():
    from view_synth import synthetic

    data = _data(render_html(synthetic(1200)))
    assert data["options"]["physics"]["enabled"] is False and data["large"] is True
    assert len(data["nodes"]) == 1200


# --------------------------------------------------------------------------- the command

def _run(argv) -> int:
    from kg.commands import view

    parser = argparse.ArgumentParser(prog="kg")
    view.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["view", *argv])
    return args.func(args)


def test_command(tmp_path, capsys):
    build = tmp_path / "out"
    build.mkdir()
    (build / "graph.ttl").write_bytes(TTL.read_bytes())
    assert _run([str(build), "--out", str(tmp_path / "v.html"), "--focus", "王相东", "--hops", "2",
                 "--types", "Person,GovernmentBody,Program", "--since", "2025-12-01", "--until", "2026-12-31"]) == 0
    assert "3 nodes" in capsys.readouterr().err
    assert _run([str(build), "--out", str(tmp_path / "w.html"), "--min-degree", "2"]) == 0
    assert _run([str(tmp_path / "nothing"), "--out", str(tmp_path / "x.html")]) == 2
    assert "kg view:" in capsys.readouterr().err
    assert _run([str(build), "--out", str(tmp_path / "x.html"), "--focus", "不存在"]) == 2


def test_command_is_registered():
    from kg import cli

    assert "view" in cli.COMMANDS


# --------------------------------------------------------------------------- analytics

def test_analytics(G):
    pr = analytics.pagerank(G)
    assert abs(sum(pr.values()) - 1) < 1e-6
    top_places = analytics.most_central(G, types=["Place"], n=1)
    assert G.nodes[top_places[0][0]]["name"] == "聊城市"
    top = analytics.degree_ranking(G, types=["Company"])
    assert G.nodes[top[0][0]]["name"] == "中通客车股份有限公司" and top[0][1] == 3
    communities = analytics.comention_communities(G)
    assert communities and sum(len(c) for c in communities) == 13  # everyone an article mentions
    assert analytics.comention_graph(G)[ID + "person/王相东"][ID + "governmentbody/聊城市科学技术局"]["weight"] == 2


def test_analytics_doctests():
    import doctest

    assert doctest.testmod(analytics).failed == 0


@pytest.mark.parametrize("value", ["<!--<script>", "<!--", "<script>", "a</script>b", "\u2028x\u2029", "&lt;<>&"])
def test_page_data_holds_any_text(G, value):
    """No value can end the data's <script> early or switch the parser's script state (<!--<script> did)."""
    H = G.copy()
    H.nodes[ID + "person/李明"]["name"] = value
    page = render_html(H)
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert "<" not in m.group(1) and ">" not in m.group(1) and "\u2028" not in m.group(1)
    assert any(n["label"] == value for n in json.loads(m.group(1))["nodes"])


@pytest.mark.parametrize("date", ["2025-13-01", "2025-02-30", "yesterday", "2025/01/01", "25-01-01"])
def test_command_refuses_an_invalid_date(tmp_path, capsys, date):
    with pytest.raises(SystemExit) as exit_:
        _run([str(TTL), "--out", str(tmp_path / "v.html"), "--since", date])
    assert exit_.value.code == 2 and "not a date" in capsys.readouterr().err
    assert not (tmp_path / "v.html").exists()


def test_command_write_error_is_one_line_and_keeps_the_old_page(tmp_path, capsys, monkeypatch):
    import errno

    from kg import atomic

    out = tmp_path / "v.html"
    out.write_text("old page", encoding="utf-8")

    def full_disk(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "replace", full_disk)
    assert _run([str(TTL), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg: error: ") and err.count("\n") == 1 and "No space left" in err
    assert out.read_text(encoding="utf-8") == "old page" and sorted(p.name for p in tmp_path.iterdir()) == ["v.html"]
