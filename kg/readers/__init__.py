"""Readers: every input format → one ``Document`` (text in reading order, with pages, URL and OCR confidence).

One small module per format; the optional libraries (extras ``pdf``, ``html``, ``ocr``) are imported only
when a file of that format is read, so the base install reads text as before and a missing extra is a
one-line message naming the file and the extra.
"""
from __future__ import annotations

from pathlib import Path

from .base import Document

FORMATS = {
    "text": (".txt", ".text", ".md"),
    "pdf": (".pdf",),
    "image": (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"),
    "html": (".html", ".htm", ".xhtml"),
}
SUFFIXES = frozenset(s for suffixes in FORMATS.values() for s in suffixes)


def format_of(path: Path) -> str:
    """The format a file is read as, by its suffix; anything unknown is tried as text (as before)."""
    suffix = Path(path).suffix.lower()
    return next((name for name, suffixes in FORMATS.items() if suffix in suffixes), "text")


def read_document(path: Path) -> Document:
    fmt = format_of(path)
    if fmt == "pdf":
        from . import pdf as reader
    elif fmt == "image":
        from . import ocr as reader
    elif fmt == "html":
        from . import html as reader
    else:
        from . import text as reader
    return reader.read(Path(path))


__all__ = ["Document", "FORMATS", "SUFFIXES", "format_of", "read_document"]
