"""Input formats (kg.readers): the made-up articles of tests/fixtures/formats as text, a two-column PDF page,
saved HTML pages and a scanned page give the same graph; provenance keeps file, page and URL; bad files are
skipped with one line naming them while the rest is built. Fixtures: scripts/make_fixtures.py."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import rdflib

from kg.build import build
from kg.corpus import InputError, read_issue
from kg.readers import Document, format_of, read_document
from kg.readers.layout import Piece, read_order

FORMATS = Path(__file__).parent / "fixtures" / "formats"
TEXT = FORMATS / "text" / "lzrb-20260312-03.txt"
PDF = FORMATS / "pdf" / "lzrb-20260312-03.pdf"
PNG = FORMATS / "scan" / "lzrb-20260312-03.png"
SCANNED_PDF = FORMATS / "scan" / "lzrb-20260312-03-scan.pdf"
SCHEMA = rdflib.Namespace("http://schema.org/")
KGO = rdflib.Namespace("https://w3id.org/newskg/ontology#")


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def entity_set(kb) -> set[tuple[str, str]]:
    return {(kb.entities[k].type, kb.entities[k].name) for k in set(kb.mention_entity.values())}


def f1(expected: set, found: set) -> float:
    return 2 * len(expected & found) / (len(expected) + len(found)) if expected or found else 1.0


def build_one(inputs: list[Path], out: Path):
    return build(inputs, out, view=False, jobs=1, cache_dir=False)


@pytest.fixture(scope="module")
def text_build(tmp_path_factory):
    return build_one([TEXT.parent], tmp_path_factory.mktemp("text"))


@pytest.fixture(scope="module")
def pdf_build(tmp_path_factory):
    pytest.importorskip("pdfplumber")
    return build_one([PDF], tmp_path_factory.mktemp("pdf"))


@pytest.fixture(scope="module")
def html_build(tmp_path_factory):
    pytest.importorskip("trafilatura")
    return build_one([FORMATS / "html"], tmp_path_factory.mktemp("html"))


@pytest.fixture(scope="module")
def scan_build(tmp_path_factory):
    pytest.importorskip("rapidocr_onnxruntime")
    return build_one([PNG], tmp_path_factory.mktemp("scan"))


# --------------------------------------------------------------------------- reading

def test_format_by_suffix():
    assert [format_of(Path(n)) for n in ("a.txt", "b.PDF", "c.jpeg", "d.htm", "e.dat")] == \
        ["text", "pdf", "image", "html", "text"]


def test_pdf_text_layer_read_across_two_columns_in_order():
    pytest.importorskip("pdfplumber")
    doc = read_document(PDF)
    assert paragraphs(doc.text) == paragraphs(TEXT.read_text(encoding="utf-8"))  # masthead left out
    assert doc.pages == [(0, 1)] and doc.format == "pdf"


def test_pdf_masthead_gives_paper_date_and_printed_page():
    pytest.importorskip("pdfplumber")
    issue = read_issue(PDF)
    assert (issue.meta.newspaper, issue.meta.date, issue.meta.pages) == ("鹭州日报", "2026-03-12", "3")
    assert issue.meta.source == "inferred" and 0 < issue.meta.confidence < 1
    assert any(e.startswith("masthead 鹭州日报") for e in issue.meta.evidence)
    assert [a.headline for a in issue.articles][1] == "鹭州恒远新材料股份有限公司生物基材料项目开工"
    assert {a.page for a in issue.articles} == {1} and all(s.page == 1 for a in issue.articles for s in a.sentences)


def test_html_article_page_text_headline_and_metadata():
    pytest.importorskip("trafilatura")
    issue = read_issue(FORMATS / "html" / "content_3.html")
    [article] = issue.articles
    assert article.headline == "桐湾县启动“技能强县”培训计划"  # the site name after the title is dropped
    assert article.url == "https://news.example.org/lzrb/2026-03/12/content_3.html"
    assert (issue.meta.newspaper, issue.meta.date, issue.format) == ("鹭州日报", "2026-03-12", "html")
    text = paragraphs(TEXT.read_text(encoding="utf-8"))
    start = text.index(article.headline)
    page = read_document(FORMATS / "html" / "content_3.html").text
    assert paragraphs(page) == text[start:start + 4]  # no navigation, related links or footer


def test_layout_reads_columns_then_a_banner_and_joins_a_paragraph_across_columns():
    size = 10.0
    pieces = [
        Piece(0, 200, 0, 20, "横跨两栏的大标题", 20),  # a banner across both columns
        Piece(0, 90, 30, 40, "左栏第一行没有结束", size), Piece(0, 90, 45, 55, "左栏第二行也没完", size),
        Piece(110, 200, 30, 40, "接着左栏写完了。", size),
        Piece(125, 200, 45, 55, "右栏缩进的新段落。", size),
    ]
    pars = read_order(pieces, 200.0)
    assert [p.headline for p in pars] == [True, False, False]
    assert ["".join(line.text for line in p.lines) for p in pars] == [
        "横跨两栏的大标题", "左栏第一行没有结束左栏第二行也没完接着左栏写完了。", "右栏缩进的新段落。"]


def test_scanned_pdf_page_is_read_by_ocr_with_page_and_confidence(tmp_path):
    pytest.importorskip("rapidocr_onnxruntime")
    from PIL import Image

    with Image.open(PNG) as page:  # the right column's top article, cut out and saved as an image-only PDF
        crop = page.crop((620, 230, 1180, 630))
        buf = io.BytesIO()
        crop.save(buf, format="PDF", resolution=150)
    path = tmp_path / "lzrb-20260312-03-crop.pdf"
    path.write_bytes(buf.getvalue())
    issue = read_issue(path)
    assert issue.format == "pdf-ocr"
    assert issue.articles[0].headline == "桐湾县启动“技能强县”培训计划"
    sentences = [s for a in issue.articles for s in a.sentences]
    assert all(s.page == 1 and 0.5 < s.confidence <= 1 for s in sentences)
    assert issue.meta.date == "2026-03-12"  # from the file name: the crop has no masthead


# --------------------------------------------------------------------------- the same graph from every format

def test_pdf_graph_agrees_with_text(text_build, pdf_build):
    assert f1(entity_set(text_build[0]), entity_set(pdf_build[0])) >= 0.98


def test_html_graph_agrees_with_text(text_build, html_build):
    assert f1(entity_set(text_build[0]), entity_set(html_build[0])) >= 0.98


def test_scanned_page_graph_agrees_with_text(text_build, scan_build):
    expected = entity_set(text_build[0])
    assert len(expected) >= 15  # companies, bodies, officials and places of four articles
    assert f1(expected, entity_set(scan_build[0])) >= 0.90


def _graph(report) -> rdflib.Graph:
    return rdflib.Graph().parse(next(p for p in report.outputs if p.endswith("graph.ttl")))


def test_provenance_of_a_pdf_fact_names_file_and_page(pdf_build):
    rows = list(_graph(pdf_build[1]).query("""
        SELECT ?file ?page ?apage WHERE {
          ?m a org:Membership ; prov:wasDerivedFrom ?s .
          ?s schema:pageStart ?page ; schema:isPartOf ?a .
          ?a schema:pageStart ?apage ; schema:isPartOf ?i .
          ?i kgo:sourceFile ?file ; kgo:sourceFormat "pdf" .
        }""", initNs={"org": rdflib.Namespace("http://www.w3.org/ns/org#"), "schema": SCHEMA, "kgo": KGO,
                      "prov": rdflib.Namespace("http://www.w3.org/ns/prov#")}))
    assert rows and {(str(f), int(p), int(ap)) for f, p, ap in rows} == {("lzrb-20260312-03.pdf", 1, 1)}


def test_provenance_of_an_html_fact_names_the_url(html_build):
    graph = _graph(html_build[1])
    urls = {str(u) for u in graph.objects(None, SCHEMA.url)}
    assert urls == {f"https://news.example.org/lzrb/2026-03/12/content_{n}.html" for n in range(1, 5)}
    rows = list(graph.query("""
        SELECT ?url WHERE { ?m a org:Membership ; prov:wasDerivedFrom ?s . ?s schema:isPartOf ?a . ?a schema:url ?url }
        """, initNs={"org": rdflib.Namespace("http://www.w3.org/ns/org#"), "schema": SCHEMA,
                     "prov": rdflib.Namespace("http://www.w3.org/ns/prov#")}))
    assert rows


def test_ocr_confidence_on_sentences(scan_build):
    graph = _graph(scan_build[1])
    scores = [float(o) for o in graph.objects(None, KGO.ocrConfidence)]
    assert scores and all(0.5 < s <= 1 for s in scores)
    assert all(scan_build[0].issues[0].format == "image" for _ in scores)


def test_text_graph_has_no_page_or_url(text_build):
    graph = _graph(text_build[1])
    assert not list(graph.triples((None, SCHEMA.pageStart, None))) and not list(graph.triples((None, SCHEMA.url, None)))


# --------------------------------------------------------------------------- bad input

def test_bad_files_are_skipped_with_one_line_each_and_the_rest_is_built(tmp_path, capsys, monkeypatch):
    pytest.importorskip("pdfplumber")
    pytest.importorskip("trafilatura")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in [TEXT, *sorted((FORMATS / "bad").iterdir()), SCANNED_PDF]:
        shutil.copy(f, corpus / f.name)
    import kg.readers.base as base
    import kg.readers.ocr as ocr

    real_import = base.import_module

    def no_ocr(name):  # as on an install without the 'ocr' extra
        if name.startswith("rapidocr"):
            raise ImportError(name)
        return real_import(name)

    monkeypatch.setattr(base, "import_module", no_ocr)
    monkeypatch.setattr(ocr, "_ENGINE", None)
    kb, report = build_one([corpus], tmp_path / "out")
    assert report.issues == 1 and entity_set(kb)
    err = capsys.readouterr().err.strip().splitlines()
    expected = {
        "broken.pdf": "broken PDF", "encrypted.pdf": "encrypted PDF", "empty.html": "no article text",
        "nav.html": "list or navigation page", "tiny.png": "image too small to read",
        SCANNED_PDF.name: "needs the 'ocr' extra",
    }
    for name, reason in expected.items():
        [line] = [e for e in err if name in e]
        assert line.startswith("kg: skipped ") and reason in line and str(corpus / name) in line
    assert report.formats["pdf"]["read"] == 0 and report.formats["pdf"]["skipped"] == 3
    assert report.formats["pdf"]["why"]["encrypted PDF"] == 1
    assert report.formats["text"] == {"read": 1, "skipped": 0, "why": {}}
    assert "formats: html 0 read, 2 skipped" in report.summary()


def test_missing_extra_names_file_and_extra(monkeypatch):
    import kg.readers.base as base

    def missing(name):
        raise ImportError(name)

    monkeypatch.setattr(base, "import_module", missing)
    for path, extra in ((PDF, "pdf"), (FORMATS / "html" / "content_1.html", "html")):
        with pytest.raises(InputError) as err:
            read_document(path)
        assert str(err.value).startswith(f"{path}: ") and f"'{extra}' extra" in str(err.value)
        assert "\n" not in str(err.value)


def test_document_meta_falls_back_to_the_text():
    from kg.model import IssueMeta

    inferred = IssueMeta(newspaper="某报", date="2026-01-02", source="inferred", confidence=0.5,
                         evidence=["names 某报"])
    doc = Document("", "html", date=("2026-03-12", 0.8, "HTML metadata date 2026-03-12"))
    meta = doc.issue_meta(inferred)
    assert (meta.newspaper, meta.date, meta.confidence) == ("某报", "2026-03-12", 0.5)
    assert meta.evidence == ["HTML metadata date 2026-03-12", "names 某报"]
    assert Document("", "text").issue_meta(inferred) is inferred


def test_pages_reach_sentences_through_the_cleaner():
    from kg.corpus import issue_from_text
    from kg.model import IssueMeta

    page_one = "某县召开会议\n\n本报讯(记者 张三)第一页的正文写到这里。\n\n"
    text = page_one + "另一篇文章\n\n本报讯(记者 李四)第二页的正文也有一句。\n"
    doc = Document(text, "pdf", pages=[(0, 1), (len(page_one), 2)], confidence=[(len(page_one), len(text), 0.7)])
    issue = doc.annotate(issue_from_text("x", text, IssueMeta(), "x.pdf"))
    pages = {s.text: (s.page, s.confidence) for a in issue.articles for s in a.sentences}
    assert pages["本报讯(记者 张三)第一页的正文写到这里。"] == (1, None)
    assert pages["本报讯(记者 李四)第二页的正文也有一句。"] == (2, 0.7)
    assert [a.page for a in issue.articles] == [1, 2]


def test_masthead_lines_and_low_confidence_notes():
    from kg.readers.base import masthead_facts, ocr_notes

    doc = Document("", "image")
    assert masthead_facts(doc, ["全县工作报告会召开"], "page 1") == [False]  # a headline, not a paper's name
    assert masthead_facts(doc, ["鹭州日报", "2026年3月2日 星期一 第A03版"], "page 1") == [True, True]
    assert (doc.newspaper[0], doc.date[0], doc.printed_page) == ("鹭州日报", "2026-03-02", "A03")
    assert masthead_facts(doc, ["鹭州日报 2026年3月2日 第A04版"], "page 2") == [True]  # the next page's header
    assert doc.printed_page == "A03"
    doc = Document("清楚的一行。模糊的一行", "image", confidence=[(0, 6, 0.99), (6, 11, 0.41)])
    ocr_notes(doc, "p.png")
    assert doc.notes == ["p.png: 1 of 2 OCR lines below 0.8 confidence (lowest 0.41: '模糊的一行')"]


def test_a_text_layer_without_unicode_is_read_as_a_scan():
    from kg.readers.pdf import garbled

    assert garbled([Piece(0, 10, 0, 10, "(cid:12)(cid:7)(cid:99)的", 10)])
    assert garbled([Piece(0, 10, 0, 10, "\ue012\ue013\ue014报", 10)])
    assert not garbled([Piece(0, 10, 0, 10, "桐湾县召开会议。" * 10 + "(cid:1)", 10)])


def test_masthead_lines_leave_the_text_and_a_banner_headline_stays():
    from kg.readers.base import masthead_facts

    doc = Document("", "pdf")
    pieces = [
        Piece(60, 140, 0, 30, "鹭州日报", 30), Piece(50, 150, 32, 40, "2026年3月12日 第3版", 8),
        Piece(0, 200, 50, 70, "全县上下奋力开新局", 20),
    ]
    for n in range(12):  # two columns of body lines; the masthead lines cross the gutter between them
        pieces += [Piece(0, 90, 80 + 12 * n, 90 + 12 * n, "左栏正文", 10),
                   Piece(110, 200, 80 + 12 * n, 90 + 12 * n, "右栏正文", 10)]
    pars = read_order(pieces, 200.0, lambda texts: masthead_facts(doc, texts, "page 1"))
    assert ["".join(line.text for line in p.lines) for p in pars] == [
        "全县上下奋力开新局", "左栏正文" * 12 + "右栏正文" * 12]
    assert (doc.newspaper[0], doc.date[0], doc.printed_page) == ("鹭州日报", "2026-03-12", "3")
