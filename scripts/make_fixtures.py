"""Regenerate tests/fixtures/formats/: the same made-up articles as text, a two-column PDF page, a scanned page
(PNG and image-only PDF), saved HTML article pages, and the bad inputs the readers must refuse.

Every name here is made up (鹭州市, 桐湾县 and their companies and officials). Needs the ``fixtures`` extra
(fpdf2, pdfplumber/pypdfium2) and a CJK font: Debian's fonts-wqy-microhei.

    python scripts/make_fixtures.py [--out tests/fixtures/formats]
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import io
import json
from pathlib import Path

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
PAPER, DATE_LINE, DATE = "鹭州日报", "2026年3月12日 星期四 第3版", "2026-03-12"
SITE = "https://news.example.org/lzrb/2026-03/12"

# (headline, paragraphs): the first paragraph opens with the dateline, as printed
ARTICLES: list[tuple[str, list[str]]] = [
    ("桐湾县禾丰农业科技有限公司建成智慧育秧工厂", [
        "本报讯（记者 许文澜 通讯员 韩小雪）3月10日，在桐湾县禾丰农业科技有限公司的智慧育秧工厂里，"
        "一排排秧盘整齐码放，自动喷灌设备正在作业。该项目总投资1.2亿元，由桐湾县农业农村局牵头推进，"
        "年可供应秧苗面积8万亩。",
        "“过去育秧靠天吃饭，现在温度湿度全部由系统控制。”公司总经理杜青山介绍，工厂投用后，"
        "周边12个村的种植户都能就近购买秧苗。",
        "桐湾县农业农村局局长周明远表示，下一步将把智慧育秧纳入“数字乡村”行动，支持更多合作社参与建设。",
    ]),
    ("鹭州恒远新材料股份有限公司生物基材料项目开工", [
        "本报讯（记者 程一帆）3月11日，鹭州恒远新材料股份有限公司年产5万吨生物基材料项目在桐湾经济开发区"
        "开工建设，计划明年6月投产。",
        "鹭州市工业和信息化局副局长孔令海在开工仪式上说，市里将为项目开辟绿色通道，做好用地、用能保障。"
        "桐湾经济开发区管委会主任宋立群介绍，开发区已引进上下游配套企业9家。",
    ]),
    ("桐湾县启动“技能强县”培训计划", [
        "本报讯（记者 许文澜）近日，桐湾县人力资源和社会保障局印发通知，启动“技能强县”培训计划，"
        "全年计划培训技术工人3000人次。",
        "培训由桐湾县职业中等专业学校承办，课程涵盖电工、焊工和农机维修等工种。桐湾县人力资源和社会保障局"
        "党组书记、局长梁秀英说，培训合格的学员将优先推荐到园区企业就业。",
        "此外，鹭州银河机械制造有限公司与桐湾县职业中等专业学校签订合作协议，共建实训基地。",
    ]),
    ("南岸镇老旧小区改造惠及三千余户", [
        "本报讯（通讯员 邱子航）今年以来，桐湾县南岸镇投入资金4600万元，对6个老旧小区实施改造，"
        "惠及居民3200余户。",
        "改造由桐湾县住房和城乡建设局统一组织，鹭州安居建设工程有限公司负责施工。南岸镇党委书记冯嘉禾介绍，"
        "改造内容包括管网更新、加装电梯和停车位建设。",
        "居民代表表示，小区环境明显改善，出行更加方便。",
    ]),
]


def as_text() -> str:
    """The articles as a plain issue file: headline, then one paragraph a line, blank lines between."""
    blocks = []
    for headline, paragraphs in ARTICLES:
        blocks.append("\n\n".join([headline, *paragraphs]))
    return "\n\n\n".join(blocks) + "\n"


def _wrap(pdf, text: str, width: float, indent: float = 0.0) -> list[str]:
    """Break text into lines that fit ``width`` (mm), character by character, as Chinese is set."""
    lines, line, room = [], "", width - indent
    for ch in text:
        if line and pdf.get_string_width(line + ch) > room:
            lines.append(line)
            line, room = "", width
        line += ch
    if line:
        lines.append(line)
    return lines


def _fpdf():
    """An FPDF with a fixed creation date, so the script writes the same bytes every time."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creation_date(dt.datetime(2026, 3, 12, tzinfo=dt.timezone.utc))
    return pdf


def make_pdf() -> bytes:
    """One A4 page: masthead across the top, two columns, two articles a column; headlines set larger."""
    pdf = _fpdf()
    pdf.set_auto_page_break(False)
    pdf.add_font("cjk", fname=FONT)
    pdf.set_title(f"{PAPER} {DATE}")
    pdf.add_page()
    pdf.set_font("cjk", size=30)
    pdf.text(105 - pdf.get_string_width(PAPER) / 2, 24, PAPER)
    pdf.set_font("cjk", size=10)
    pdf.text(105 - pdf.get_string_width(DATE_LINE) / 2, 32, DATE_LINE)
    pdf.line(15, 36, 195, 36)
    columns = [(15.0, ARTICLES[:2]), (110.0, ARTICLES[2:])]
    width = 85.0
    for x, articles in columns:
        y = 48.0
        for headline, paragraphs in articles:
            pdf.set_font("cjk", size=15)
            for line in _wrap(pdf, headline, width):
                pdf.text(x, y, line)
                y += 7.5
            y += 2.5
            pdf.set_font("cjk", size=10.5)
            indent = pdf.get_string_width("　　")
            for para in paragraphs:
                for i, line in enumerate(_wrap(pdf, para, width, indent)):
                    pdf.text(x + (indent if i == 0 else 0), y, line)
                    y += 5.4
            y += 9.0
    return bytes(pdf.output())


def rasterise(pdf_bytes: bytes, dpi: int = 150) -> bytes:
    """The page as a scanner would give it: grey, 150 dpi, PNG."""
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(pdf_bytes)[0]
    image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def image_pdf(png: bytes) -> bytes:
    """A scanned PDF page: the image and no text layer."""
    pdf = _fpdf()
    pdf.add_page()
    pdf.image(io.BytesIO(png), x=0, y=0, w=210, h=297)
    return bytes(pdf.output())


def html_page(n: int, headline: str, paragraphs: list[str]) -> str:
    """A saved article page: site navigation, the article, related links and a footer, as sites print them."""
    nav = "".join(f'<li><a href="{SITE}/node_{k}.html">第{k}版</a></li>' for k in range(1, 9))
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    related = "".join(f'<li><a href="{SITE}/content_{k}.html">{html.escape(h)}</a></li>'
                      for k, (h, _) in enumerate(ARTICLES, 1) if k != n)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{html.escape(headline)}_{PAPER}</title>
<meta property="og:site_name" content="{PAPER}">
<meta property="og:title" content="{html.escape(headline)}">
<meta property="article:published_time" content="{DATE}">
<link rel="canonical" href="{SITE}/content_{n}.html">
</head><body>
<div class="header"><ul class="nav">{nav}</ul></div>
<div class="article">
<h1>{html.escape(headline)}</h1>
<div class="info">来源：{PAPER} 发布时间：{DATE}</div>
<div class="content">
{body}
</div></div>
<div class="related"><h3>相关新闻</h3><ul>{related}</ul></div>
<div class="footer"><p>版权所有 {PAPER}社</p></div>
</body></html>
"""


def nav_page() -> str:
    """A page of links (the e-paper's table of contents): not an article."""
    items = "".join(f'<li><a href="{SITE}/content_{k}.html">{html.escape(h)}</a></li>'
                    for k, (h, _) in enumerate(ARTICLES * 3, 1))
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>第3版目录_{PAPER}</title></head>
<body><div class="nav"><h2>第3版：要闻</h2><ul>{items}</ul></div></body></html>
"""


def encrypted_pdf() -> bytes:
    pdf = _fpdf()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.add_font("cjk", fname=FONT)
    pdf.set_font("cjk", size=12)
    pdf.text(20, 20, "内部资料")
    return bytes(pdf.output())


def tiny_png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (40, 24), 255).save(buf, format="PNG")
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "tests/fixtures/formats")
    out = ap.parse_args().out
    for sub in ("text", "pdf", "scan", "html", "bad"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    (out / "text/lzrb-20260312-03.txt").write_text(as_text(), encoding="utf-8")
    manifest = {"issues": {"lzrb-20260312-03.txt": {"newspaper": PAPER, "date": DATE, "pages": "3"}}}
    (out / "text/manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                            encoding="utf-8")
    page = make_pdf()
    (out / "pdf/lzrb-20260312-03.pdf").write_bytes(page)
    png = rasterise(page)
    (out / "scan/lzrb-20260312-03.png").write_bytes(png)
    (out / "scan/lzrb-20260312-03-scan.pdf").write_bytes(image_pdf(png))
    for n, (headline, paragraphs) in enumerate(ARTICLES, 1):
        (out / f"html/content_{n}.html").write_text(html_page(n, headline, paragraphs), encoding="utf-8")
    (out / "bad/nav.html").write_text(nav_page(), encoding="utf-8")
    (out / "bad/empty.html").write_text("<html><head><title></title></head><body></body></html>\n",
                                        encoding="utf-8")
    (out / "bad/encrypted.pdf").write_bytes(encrypted_pdf())
    (out / "bad/broken.pdf").write_bytes(page[: len(page) // 3])  # cut short, as a failed download leaves it
    (out / "bad/tiny.png").write_bytes(tiny_png())
    total = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"wrote {out} ({total / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
