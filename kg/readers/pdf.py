"""PDF pages (the 'pdf' extra: pdfplumber, pypdfium2): the text layer in reading order, scanned pages by OCR."""
from __future__ import annotations

import io
import re
import statistics
import unicodedata
from pathlib import Path

from ..corpus import InputError, read_bytes
from .base import Document, date_from_name, masthead_facts, need, ocr_notes
from .layout import Piece, add_page, read_order

MIN_TEXT_CHARS = 20  # a page with fewer characters in its text layer is treated as scanned
RENDER_DPI = 150
_CID = re.compile(r"\(cid:\d+\)")  # pdfminer's stand-in for a glyph with no Unicode
# PDF fonts often map characters to the Kangxi radicals (⾦ for 金): the same glyph, another code point
_RADICALS = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)}


def read(path: Path) -> Document:
    pdfplumber = need("pdfplumber", path, "pdf", "PDF")
    pdfium = need("pypdfium2", path, "pdf", "PDF")
    data = read_bytes(path)
    if not data.strip():
        raise InputError(f"{path}: empty file")
    if not data.lstrip()[:5] == b"%PDF-":
        raise InputError(f"{path}: not a PDF (no %PDF header)")
    try:
        rendered = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputError(f"{path}: encrypted PDF (it needs a password)") from None
        raise InputError(f"{path}: broken PDF ({exc})") from None
    doc = Document("", "pdf")
    chunks: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                doc.pages.append((sum(len(c) for c in chunks), number))
                pieces = _pieces(page.chars)
                if sum(len(p.text.strip()) for p in pieces) < MIN_TEXT_CHARS or garbled(pieces):
                    pieces = _ocr_page(rendered[number - 1], path, number)
                    doc.format = "pdf-ocr"

                def masthead(texts: list[str], where: str = f"page {number}") -> list[bool]:
                    return masthead_facts(doc, texts, where)

                add_page(chunks, read_order(pieces, float(page.width), masthead), doc.confidence)
            title = str((pdf.metadata or {}).get("Title") or "").strip()
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many kinds for a damaged file
        raise InputError(f"{path}: broken PDF ({type(exc).__name__}: {str(exc)[:80]})") from None
    doc.text = unicodedata.normalize("NFC", "".join(chunks).translate(_RADICALS))
    if not doc.text.strip():
        raise InputError(f"{path}: no text in the PDF ({len(doc.pages)} pages, no text layer and OCR found none)")
    if title:  # the masthead first; the document's title where the masthead said nothing
        masthead_facts(doc, [title], "PDF title")
        date_from_name(doc, title, "PDF title")
    date_from_name(doc, path.name)
    ocr_notes(doc, path)
    return doc


def garbled(pieces: list[Piece]) -> bool:
    """A text layer whose font maps no characters to Unicode gives (cid:123), private-use or U+FFFD
    characters: the page is then read like a scan."""
    text = "".join(p.text for p in pieces)
    bad = sum(len(m) for m in _CID.findall(text))
    bad += sum(1 for ch in text if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff")
    return bool(text) and bad > 0.2 * len(text)


def _ocr_page(page, path: Path, number: int) -> list[Piece]:
    from .ocr import image_pieces, ocr_engine

    ocr_engine(path, f"page {number} has no text layer; reading it")  # fails first, before rendering
    image = page.render(scale=RENDER_DPI / 72, grayscale=True).to_pil()
    scale = 72 / RENDER_DPI  # back to PDF points, so columns are measured like the text layer's
    return [Piece(p.x0 * scale, p.x1 * scale, p.top * scale, p.bottom * scale, p.text, p.size * scale, p.score)
            for p in image_pieces(image, path, f", page {number}")]


def _pieces(chars: list[dict]) -> list[Piece]:
    """Characters → runs on one line; a gap wider than a character and a half (a gutter) ends a run."""
    lines: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        size = ch.get("size") or (ch["bottom"] - ch["top"])
        line = next((ln for ln in reversed(lines[-6:]) if abs(ln[0]["top"] - ch["top"]) < 0.3 * size), None)
        if line is None:
            lines.append([ch])
        else:
            line.append(ch)
    pieces: list[Piece] = []
    for line in lines:
        run: list[dict] = []
        for ch in sorted(line, key=lambda c: c["x0"]):
            size = ch.get("size") or 10.0
            if run and ch["x0"] - run[-1]["x1"] > 1.5 * size:
                pieces.append(_piece(run))
                run = []
            run.append(ch)
        if run:
            pieces.append(_piece(run))
    return [p for p in pieces if p.text.strip()]


def _piece(run: list[dict]) -> Piece:
    text = ""
    for prev, ch in zip([None] + run[:-1], run):
        size = ch.get("size") or 10.0
        if prev is not None and ch["x0"] - prev["x1"] > 0.3 * size and not text.endswith(" ") and ch["text"] != " ":
            text += " "  # a space the PDF shows by position, not by a character
        text += ch["text"]
    size = statistics.median(c.get("size") or (c["bottom"] - c["top"]) for c in run)
    return Piece(run[0]["x0"], max(c["x1"] for c in run), min(c["top"] for c in run),
                 max(c["bottom"] for c in run), text, float(size))
