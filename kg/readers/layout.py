"""Reading order of a printed page from positioned pieces of text (PDF characters or OCR lines).

A newspaper page is set in columns, with headlines in a larger size and sometimes a headline or masthead
across several columns. The pieces are sorted into columns found from where the text lies (the gutters are
the vertical strips nearly no line crosses); a piece wider than one column is a "spanner" that opens a
band. Within a band the columns are read left to right, each from top to bottom. Lines become paragraphs
at an indent, a blank space or a change between headline and body size; a headline is written as a
``## `` line, so the article splitter starts an article there even when no dateline follows.
"""
from __future__ import annotations

import statistics
import unicodedata
from dataclasses import dataclass

from ..bylines import DATELINE, is_byline

HEADLINE_RATIO = 1.2  # a line set this much larger than the body is a headline
_TERMINAL = "。！？!?…”’」』）)"


@dataclass
class Piece:
    """A run of text on one line: its box (top-down coordinates), the size it is set in, and how sure OCR was."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float
    score: float | None = None  # OCR confidence; None for a PDF's text layer

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass
class Paragraph:
    headline: bool
    lines: list[Piece]


def body_size(pieces: list[Piece]) -> float:
    """The size most characters are set in."""
    sizes = [p.size for p in pieces for _ in range(max(len(p.text.strip()), 1))]
    return statistics.median(sizes) if sizes else 10.0


def find_columns(pieces: list[Piece], page_width: float, body: float) -> list[tuple[float, float]]:
    """x ranges most lines fall in; the strips between them (gutters) are crossed by few pieces."""
    if not pieces:
        return []
    step = max(body / 4, 1.0)
    cells = int(page_width / step) + 2
    cover = [0] * cells
    for p in pieces:
        for c in range(max(int(p.x0 / step), 0), min(int(p.x1 / step) + 1, cells)):
            cover[c] += 1
    floor = int(0.08 * len(pieces))  # a masthead or banner may cross a gutter; few lines do
    columns, start = [], None
    for c, n in enumerate(cover + [0]):
        if n > floor and start is None:
            start = c
        elif n <= floor and start is not None:
            columns.append((start * step, c * step))
            start = None
    merged: list[tuple[float, float]] = []
    for x0, x1 in columns:  # a gap narrower than a character is a ragged edge, not a gutter
        if merged and x0 - merged[-1][1] < body:
            merged[-1] = (merged[-1][0], x1)
        else:
            merged.append((x0, x1))
    return merged


def _column_of(p: Piece, columns: list[tuple[float, float]]) -> int | None:
    for i, (x0, x1) in enumerate(columns):
        inside = min(p.x1, x1) - max(p.x0, x0)
        if inside >= 0.8 * max(p.width, 1e-6):
            return i
    return None


def _lines(pieces: list[Piece]) -> list[Piece]:
    """Pieces of one column that sit on the same line, joined left to right."""
    out: list[Piece] = []
    for p in sorted(pieces, key=lambda q: (q.top, q.x0)):
        last = out[-1] if out else None
        if last and abs((p.top + p.bottom) - (last.top + last.bottom)) / 2 < 0.5 * min(p.size, last.size) \
                and p.x0 >= last.x1 - 0.5 * p.size:
            gap = " " if p.x0 - last.x1 > 0.5 * p.size else ""
            scores = [s for s in (last.score, p.score) if s is not None]
            out[-1] = Piece(last.x0, p.x1, min(last.top, p.top), max(last.bottom, p.bottom), last.text + gap + p.text,
                            max(last.size, p.size), min(scores) if scores else None)
        else:
            out.append(p)
    return out


def read_order(pieces: list[Piece], page_width: float, masthead=None) -> list[Paragraph]:
    """Paragraphs of one page in reading order.

    ``masthead(texts) -> [bool]`` is asked about the lines across the top above every column; the lines it
    takes (the paper's name, date and page) are metadata and are left out of the text.
    """
    body = body_size(pieces)
    columns = find_columns([p for p in pieces if p.width < 0.6 * page_width], page_width, body)
    spanners, flows = [], {i: [] for i in range(len(columns))}
    for p in pieces:
        col = _column_of(p, columns)
        (spanners if col is None else flows[col]).append(p)
    spanners.sort(key=lambda q: q.top)
    column_top = min((p.top for f in flows.values() for p in f), default=float("inf"))
    top = [s for s in spanners if s.bottom <= column_top]
    if top and masthead is not None:
        taken = {id(s) for s, is_masthead in zip(top, masthead([s.text for s in top])) if is_masthead}
        spanners = [s for s in spanners if id(s) not in taken]
    cuts = [s.top for s in spanners] + [float("inf")]
    paragraphs: list[Paragraph] = []
    previous_top = float("-inf")
    for band, cut in enumerate(cuts):
        if band > 0:
            _add_lines(paragraphs, [spanners[band - 1]], None, body)
        for i, (x0, _) in enumerate(columns):
            column = [p for p in flows[i] if previous_top <= p.top < cut]
            _add_lines(paragraphs, _lines(column), x0, body)
        previous_top = cut
    return paragraphs


def _add_lines(paragraphs: list[Paragraph], lines: list[Piece], left: float | None, body: float) -> None:
    """Lines of one column (or one spanner) onto the paragraphs; a paragraph may go on from the column before."""
    prev: Piece | None = None
    for line in lines:
        headline = line.size >= HEADLINE_RATIO * body
        indented = left is not None and line.x0 - left > 0.8 * body
        last = paragraphs[-1] if paragraphs else None
        if prev is None:  # the top of a column: go on with the paragraph the column before left open
            goes_on = last is not None and not headline and not last.headline and not indented \
                and left is not None and not last.lines[-1].text.rstrip().endswith(tuple(_TERMINAL))
        else:
            goes_on = last is not None and headline == last.headline and not indented \
                and line.top - prev.bottom < (1.2 if not headline else 0.6) * line.size
        if goes_on:
            last.lines.append(line)
        else:
            paragraphs.append(Paragraph(headline, [line]))
        prev = line


def _joiner(left: str, right: str) -> str:
    """Lines of CJK text join without a space; two Latin words keep one."""
    if not left or not right:
        return ""
    a, b = left[-1], right[0]
    wide = unicodedata.east_asian_width(a) in "WF" or unicodedata.east_asian_width(b) in "WF"
    return "" if wide or a == "-" else " "


def needs_mark(headline: str, following: str) -> bool:
    """A headline gets the ``## `` mark unless the text after it already shows an article starts there
    (a dateline or byline follows), so the text stays as a plain issue file would have it."""
    return not (DATELINE.match(following.strip()) or is_byline(following.strip()) or not headline.strip())


def paragraph_text(par: Paragraph, mark: bool = True) -> list[tuple[str, float | None]]:
    """The paragraph as (text, OCR score) pieces, one per line, the joining space included."""
    out: list[tuple[str, float | None]] = []
    text = ""
    for line in par.lines:
        piece = line.text.strip()
        piece = _joiner(text, piece) + piece
        text += piece
        out.append((piece, line.score))
    if par.headline and mark and out:
        out[0] = ("## " + out[0][0], out[0][1])
    return out


def add_page(chunks: list[str], paragraphs: list[Paragraph], spans: list[tuple[int, int, float]]) -> None:
    """The page's paragraphs onto the text (``chunks``, joined later), blank lines between; OCR scores as spans."""
    offset = sum(len(c) for c in chunks)
    for n, par in enumerate(paragraphs):
        if offset:
            chunks.append("\n\n")
            offset += 2
        following = paragraphs[n + 1].lines[0].text if n + 1 < len(paragraphs) else ""
        mark = par.headline and needs_mark(par.lines[0].text, following)
        for text, score in paragraph_text(par, mark):
            chunks.append(text)
            if score is not None:
                spans.append((offset, offset + len(text), score))
            offset += len(text)
