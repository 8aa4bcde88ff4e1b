"""Saved HTML article pages (the 'html' extra: trafilatura): main text, headline, date, site name and URL."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..corpus import InputError, decode, read_bytes
from .base import Document, date_from_name, need
from .layout import needs_mark

MIN_SENTENCES = 2  # an article page has running text; a list or navigation page has titles and links


def read(path: Path) -> Document:
    raw, encoding = decode(read_bytes(path), str(path))
    trafilatura = need("trafilatura", path, "html", "HTML pages")
    found = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False, include_tables=False)
    body = (getattr(found, "text", None) or "").strip() if found is not None else ""
    links = len(re.findall(r"<a\s[^>]*href", raw, flags=re.I))
    if not body:
        what = f"a list or navigation page ({links} links)" if links else "an empty page"
        raise InputError(f"{path}: no article text in the HTML ({what})")
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    sentences = len(re.findall(r"[。！？!?]", body))
    if sentences < MIN_SENTENCES:
        raise InputError(f"{path}: a list or navigation page, not an article ({links} links, "
                         f"{len(paragraphs)} lines, {sentences} sentences)")
    site = (found.sitename or "").strip()
    title = _headline(found.title or "", site)
    head = [("## " if needs_mark(title, paragraphs[0]) else "") + title] if title else []
    text = "\n\n".join(head + paragraphs) + "\n"
    doc = Document(unicodedata.normalize("NFC", text), "html", encoding, url=(found.url or "").strip())
    if site and re.search(r"[\u4e00-\u9fff]", site):
        doc.newspaper = (site, 0.8, f"HTML site name {site}")
    if found.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", found.date):
        doc.date = (found.date, 0.8, f"HTML metadata date {found.date}")
    date_from_name(doc, path.name)
    return doc


def _headline(title: str, site: str) -> str:
    """The page title less the site's name that pages append to it (标题_鹭州日报, 标题 - 某报)."""
    title = title.strip()
    if site:
        title = re.sub(rf"\s*[-_|–—]\s*{re.escape(site)}\s*$", "", title)
    return title
