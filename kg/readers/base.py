"""What every reader hands back: the text of one file in reading order, with where each part came from."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import import_module
from types import ModuleType

from ..corpus import InputError
from ..model import Issue, IssueMeta
from ..rules import table

LOW_CONFIDENCE = 0.8  # OCR lines the engine is less sure of than this are reported


@dataclass
class Document:
    """One input file read as text. Offsets are into ``text`` (the decoded file the cleaner starts from)."""

    text: str
    format: str  # "text", "pdf", "image", "html"
    encoding: str = "utf-8"
    pages: list[tuple[int, int]] = field(default_factory=list)  # (offset where a page begins, its page number)
    url: str = ""  # an HTML page's address
    newspaper: tuple[str, float, str] | None = None  # (name, confidence, evidence) from metadata or masthead
    date: tuple[str, float, str] | None = None  # (ISO date, confidence, evidence)
    printed_page: str | None = None  # the paper's own page number (第3版), from the masthead
    confidence: list[tuple[int, int, float]] = field(default_factory=list)  # OCR lines: (start, end, score)
    notes: list[str] = field(default_factory=list)  # what the build should tell (low-confidence OCR)

    def page_at(self, offset: int) -> int | None:
        if not self.pages:
            return None
        i = bisect.bisect_right([start for start, _ in self.pages], offset) - 1
        return self.pages[max(i, 0)][1]

    def confidence_in(self, start: int, end: int) -> float | None:
        """The lowest OCR score of the lines the span [start, end) touches; None for text that was not OCRed."""
        scores = [score for s, e, score in self.confidence if s < end and e > start]
        return round(min(scores), 3) if scores else None

    def issue_meta(self, inferred: IssueMeta) -> IssueMeta:
        """Newspaper and date from the file's metadata or masthead where it has them, else from the text."""
        if not self.newspaper and not self.date:
            return inferred
        meta = IssueMeta(newspaper=inferred.newspaper, date=inferred.date, pages=self.printed_page,
                         source="inferred", evidence=[])
        confidences = []
        for part, found in (("newspaper", self.newspaper), ("date", self.date)):
            if found:
                setattr(meta, part, found[0])
                meta.evidence.append(found[2])
                confidences.append(found[1])
            else:
                confidences.append(inferred.confidence if getattr(inferred, part) else 0.3)
        # keep what the text said of the part the file does not say (kg.corpus.infer_meta's evidence wording)
        meta.evidence += [e for e in inferred.evidence
                          if not (self.newspaper and e.startswith(("dateline ", "names ")))
                          and not (self.date and e.startswith(("latest dateline", "only the year")))]
        meta.confidence = round(min(confidences), 2)
        return meta

    def annotate(self, issue: Issue) -> Issue:
        """Page numbers, the URL and OCR confidence onto the issue's articles and sentences."""
        issue.format = self.format
        issue.notes = list(self.notes)
        if not (self.pages or self.url or self.confidence):
            return issue
        src = issue.source_offset
        for art in issue.articles:
            art.url = self.url
            art.page = self.page_at(src[art.start]) if art.end > art.start else None
            for sent in art.sentences:
                first, last = src[sent.start], src[max(sent.end - 1, sent.start)]
                sent.page = self.page_at(first)
                sent.confidence = self.confidence_in(first, last + 1)
        return issue


def need(module: str, path, extra: str, what: str) -> ModuleType:
    """The optional library a format needs, or a one-line error naming the file and the extra to install."""
    try:
        return import_module(module)
    except ImportError:
        raise InputError(f"{path}: reading {what} needs the '{extra}' extra (pip install 'kg[{extra}]')") from None


@lru_cache(maxsize=None)
def _masthead(name: str) -> re.Pattern:
    """One pattern of kg/rules/masthead.tsv: paper, date, printed_page, numeric_date."""
    return re.compile(next(row["regex"] for row in table("masthead", ("regex",)) if row.key == name))


def masthead_facts(doc: Document, lines: list[str], where: str) -> list[bool]:
    """Read the paper's name, the date and the printed page off masthead lines (the first of each is kept);
    for each line, whether it is a masthead line (every page of an e-paper repeats one)."""
    out = []
    for line in lines:
        compact = re.sub(r"\s+", "", line)
        first = line.split()[0] if line.split() else ""
        paper = _masthead("paper").fullmatch(first)  # the name stands alone: 鹭州日报, not 工作报告会
        date = _masthead("date").search(compact)
        page = _masthead("printed_page").search(compact)
        if paper and not doc.newspaper:
            doc.newspaper = (paper.group(), 0.8, f"masthead {paper.group()} ({where})")
        if date and not doc.date:
            iso = f"{int(date.group(1)):04d}-{int(date.group(2)):02d}-{int(date.group(3)):02d}"
            doc.date = (iso, 0.8, f"masthead date {date.group()} ({where})")
        if page and doc.printed_page is None:
            doc.printed_page = page.group(1)
        out.append(bool(paper or date or page))
    return out


def date_from_name(doc: Document, name: str, where: str = "file name") -> None:
    """An archive's file names (and PDF titles) often carry the issue date (lzrb-20260312-03.pdf)."""
    m = _masthead("numeric_date").search(name)
    if m and not doc.date and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
        doc.date = (f"{m.group(1)}-{m.group(2)}-{m.group(3)}", 0.6, f"{where} {name}")


def ocr_notes(doc: Document, path) -> None:
    """Report OCR lines the engine was unsure of, with the worst one, so a reader can check them."""
    low = [(score, s, e) for s, e, score in doc.confidence if score < LOW_CONFIDENCE]
    if low:
        score, s, e = min(low)
        doc.notes.append(f"{path}: {len(low)} of {len(doc.confidence)} OCR lines below {LOW_CONFIDENCE} confidence "
                         f"(lowest {score:.2f}: {doc.text[s:e][:24]!r})")
