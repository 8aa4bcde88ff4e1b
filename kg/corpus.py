"""Reading newspaper issues: decoding, repairing page damage, articles, sentences, issue metadata.

The cleaned text keeps a map back to the decoded file (``Issue.source_offset``), so a fact
found in the cleaned text can always point at the characters it was read from.
"""
from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import re
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import newspapers
from .bylines import DATELINE, dateline_bracket, is_byline, parse_signers
from .model import Article, Issue, IssueMeta, Sentence
from .rules import regex, word_class
from .script import printed_parts, to_simplified

TEXT_SUFFIXES = {".txt", ".text", ".md"}
MANIFEST_NAMES = ("manifest.json",)


class InputError(Exception):
    """A file that cannot be read as a newspaper issue; the message names the file and the reason."""


# --------------------------------------------------------------------------- decoding

def decode(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Bytes → (text, encoding). UTF-8 first; GB18030 and Big5 (common for Chinese) when they fit."""
    if not data or data.isspace():  # (not data.strip(): that copies a large file once more)
        raise InputError(f"{path}: empty file")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{path}: binary file (NUL bytes), not text")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16", "utf_8"]).best()
    if best is not None and best.encoding in {"gb18030", "gbk", "gb2312", "big5", "big5hkscs", "utf_16"}:
        text = str(best)
        if _cjk_share(text) >= 0.3:
            return text, best.encoding
    raise InputError(f"{path}: not UTF-8, GB18030 or Big5 text (cannot decode it safely)")


def _cjk_share(text: str) -> float:
    letters = [ch for ch in text if not ch.isspace() and not unicodedata.category(ch).startswith("P")]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if "\u4e00" <= ch <= "\u9fff") / len(letters)


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(f"{path}: a loop of symbolic links") from None
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


_REPORTER = word_class("bylines", "reporter")[0]
_CORRESPONDENT = word_class("bylines", "correspondent")[0]


# --------------------------------------------------------------------------- cleaning

_TERMINAL = "。！？!?；;…”’」』)）】:："
_PAGE_JUMP = regex("page_jump")
_PAGE_LINE = regex("page_line")
_HEADING_MARK = re.compile(r"^#{1,6}\s+")
_BLOCK_MARK = re.compile(r"^[■□▲●◆]")
_INDENT = re.compile(r"^(?:\s{2,}|\u3000)")
# full-width ASCII → half-width (，→, （→( １→1), ideographic and no-break spaces → space; CJK punctuation stays
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0x00A0: 0x20}


def _lines(text: str):
    """(offset, line) for every line, without copying the text into a list first."""
    pos = 0
    while pos <= len(text):
        end = text.find("\n", pos)
        if end < 0:
            end = len(text)
        yield pos, text[pos:end].rstrip("\r")
        pos = end + 1


@dataclass
class _Layout:
    """What the whole page says about its lines: a narrow-column text, and its column width."""

    column: bool
    width: int

    @classmethod
    def of(cls, raw: str) -> "_Layout":
        widths = sorted(len(line.strip()) for _, line in _lines(raw) if line.strip())
        if not widths:
            return cls(False, 0)
        # narrow-column text: most lines are short
        return cls(widths[len(widths) // 2] < 40, widths[int(len(widths) * 0.9)])


@dataclass
class _Open:
    """The paragraph being joined, as much of it as the decisions read (a long one is not copied again)."""

    head: str = ""  # its first 61 characters: enough to tell a heading or a byline (at most 60)
    balance: int = 0  # opening minus closing quotation marks and brackets
    indented: bool = False

    def extend(self, piece: str) -> None:
        if len(self.head) <= 60:
            self.head = (self.head + piece)[:61]
        self.balance += sum(piece.count(c) for c in "“(（《") - sum(piece.count(c) for c in "”)）》")


def _soft_break(layout: _Layout, para: _Open, last_line: str, line: str, stripped: str, blank_before: bool) -> bool:
    """Whether the break before ``line`` is one the layout made inside a paragraph (to be joined)."""
    starts_block = bool(_HEADING_MARK.match(stripped) or _BLOCK_MARK.match(stripped) or DATELINE.match(stripped))
    if not para.head or starts_block or _HEADING_MARK.match(para.head) or is_byline(para.head):
        return False
    indented = bool(_INDENT.match(line))
    terminal = last_line[-1] in _TERMINAL
    if layout.column:  # narrow columns: an indented line opens a paragraph; other lines continue one
        full = len(last_line) >= 0.8 * layout.width
        return not indented and (
            (para.indented and not (blank_before and terminal)) or (not blank_before and full and not terminal))
    return not terminal and (len(last_line) >= 40 or para.balance > 0)


def _paragraphs(raw: str, counts: Counter) -> list[list[tuple[int, str]]]:
    """The text's paragraphs, each a list of (source offset, line) pieces: lines the layout broke are joined."""
    layout = _Layout.of(raw)
    paragraphs: list[list[tuple[int, str]]] = []
    para = _Open()  # the paragraph so far
    last_line = ""  # the last physical line
    blank_before = False
    for pos, line in _lines(raw):
        stripped = line.strip()
        if not stripped:
            blank_before = True
            continue
        if _PAGE_LINE.match(stripped):
            counts["page_lines"] += 1
            continue
        lead = len(line) - len(line.lstrip())
        if paragraphs and _soft_break(layout, para, last_line, line, stripped, blank_before):
            paragraphs[-1].append((pos + lead, stripped))
            counts["joined_lines"] += 1
        else:
            paragraphs.append([(pos + lead, stripped)])
            para = _Open(indented=bool(_INDENT.match(line)))
        para.extend(stripped)
        last_line, blank_before = stripped, False
    return paragraphs


def _keep(text: str, src: array, drop: list[tuple[int, int]]) -> tuple[str, array]:
    """``text`` and its offsets without the (sorted, disjoint) spans in ``drop``: one pass, however many."""
    if not drop:
        return text, src
    parts, offsets, at = [], array("q"), 0
    for s, e in drop:
        parts.append(text[at:s])
        offsets.extend(src[at:s])
        at = e
    parts.append(text[at:])
    offsets.extend(src[at:])
    return "".join(parts), offsets


def _paragraph_text(pieces: list[tuple[int, str]], counts: Counter) -> tuple[str, array]:
    """One paragraph's text (half-width, without page-jump markers or white space at its ends) and offsets."""
    text = "".join(t for _, t in pieces).translate(_WIDTH)
    src = array("q")
    for pos, piece in pieces:
        src.extend(range(pos, pos + len(piece)))
    jumps = [m.span() for m in _PAGE_JUMP.finditer(text)]
    counts["page_jumps"] += len(jumps)
    text, src = _keep(text, src, jumps)
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    return stripped, src[lead:lead + len(stripped)]


def clean(raw: str) -> tuple[str, array, dict[str, int]]:
    """Repair what page layout did to the text; return (text, source offsets, repair counts).

    - lines broken inside words (narrow columns, ``近年\\n\\n来``) are joined: a break is soft when the
      line before it stops without closing punctuation and is full (column width) or long, or leaves a
      quotation open, and the next line is not indented, a heading or a byline;
    - page-jump markers (下转第8版) and bare page lines are dropped;
    - paragraphs and sentences the layout printed twice are dropped (the first copy stays);
    - full-width ASCII becomes half-width.

    Memory is linear in the text: offsets are kept in an array (8 bytes a character), text as strings.
    """
    counts: Counter[str] = Counter()
    parts: list[str] = []
    offsets = array("q")
    seen_paragraphs: set[str] = set()
    seen_sentences: set[str] = set()
    for pieces in _paragraphs(raw, counts):
        para, src = _paragraph_text(pieces, counts)
        if not para:
            continue
        key = re.sub(r"\s+", "", para)
        if len(key) >= 15 and key in seen_paragraphs:
            counts["repeated_paragraphs"] += 1
            continue
        seen_paragraphs.add(key)
        if offsets:  # the paragraph break points just before the paragraph's first character
            parts.append("\n")
            offsets.append(src[0] - 1 if src[0] > 0 else 0)
        para, src = _keep(para, src, _repeated_sentences(para, seen_sentences, counts))
        parts.append(para)
        offsets.extend(src)
    counts = {k: v for k, v in counts.items() if v}
    return "".join(parts), offsets, dict(counts)


def _repeated_sentences(para: str, seen: set[str], counts: Counter) -> list[tuple[int, int]]:
    """The spans of sentences the layout repeated inside or across paragraphs (their first copy stays)."""
    drop = []
    for s, e in _sentence_bounds(para):
        sent = re.sub(r"\s+", "", para[s:e])
        if len(sent) >= 12 and sent in seen:
            drop.append((s, e))
            counts["repeated_sentences"] += 1
        seen.add(sent)
    return drop


# --------------------------------------------------------------------------- sentences and articles

_SENT_END = re.compile(r"[。！？!?…]+[”’」』)]*|\n")
_CLAUSE_END = re.compile(r"[,，、;；:：]")
# A sentence longer than this is cut at its last clause mark (or, in a run without any, at this length),
# so that no stage works on an unbounded stretch of text. The seeds' longest sentence is about 210 characters.
MAX_SENTENCE = 400


def _capped(text: str, s: int, e: int):
    """(s, e) as pieces of at most MAX_SENTENCE characters, each cut after a clause mark where there is one."""
    while e - s > MAX_SENTENCE:
        cut = s + MAX_SENTENCE
        marks = list(_CLAUSE_END.finditer(text, s + MAX_SENTENCE // 2, cut))
        if marks:
            cut = marks[-1].end()
        yield s, cut
        s = cut
        while s < e and text[s].isspace():
            s += 1
    if s < e:
        yield s, e


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for m in _SENT_END.finditer(text):
        end = m.end() if m.group() != "\n" else m.start()
        if text[start:end].strip():
            bounds.append((start, end))
        start = m.end()
    if text[start:].strip():
        bounds.append((start, len(text)))
    # trim white space at both ends
    out = []
    for s, e in bounds:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        out.extend(_capped(text, s, e))
    return out


def split_sentences(text: str, start: int, end: int) -> list[Sentence]:
    return [Sentence(start + s, start + e, text[start + s:start + e]) for s, e in _sentence_bounds(text[start:end])]


def _is_heading(p: str) -> bool:
    if _HEADING_MARK.match(p):
        return True
    if len(p) > 45 or re.search(r"[。！？!?]", p) or DATELINE.match(p) or is_byline(p):
        return False
    return len(p) <= 24 or not re.search(r"[,:;]", p)  # a short headline may hold a comma


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


_Para = tuple[int, int, str]  # a paragraph: start and end offsets in the issue text, and its text


def _paragraph_spans(text: str) -> list[_Para]:
    paras: list[_Para] = []
    pos = 0
    for chunk in text.split("\n"):
        if chunk.strip():
            paras.append((pos, pos + len(chunk), chunk))
        pos += len(chunk) + 1
    return paras


def _trails_story(text: str, paras: list[_Para], kinds: list[str], story_start: int, i: int, j: int) -> bool:
    """Whether the heading group paras[i:j] speaks of the story before it (printed after it) more than of the next."""
    head = _bigrams("".join(paras[k][2] for k in range(i, j)))
    before = _bigrams(text[paras[story_start][0]:paras[i][0]])
    after_end = next((k for k in range(j + 1, len(paras)) if kinds[k] == "heading"), len(paras))
    after = _bigrams(text[paras[j][0]:paras[after_end - 1][1]])
    return len(head & before) > max(2, 2 * len(head & after))


def _article_starts(text: str, paras: list[_Para], kinds: list[str]) -> tuple[list[int], set[int]]:
    """The paragraph indices where articles begin, and the heading groups printed after their story."""
    starts: list[int] = [0]
    trailing: set[int] = set()  # heading groups printed after their story (some page layouts do)
    i = 0
    while i < len(paras):
        if kinds[i] != "heading":
            i += 1
            continue
        j = i
        while j < len(paras) and kinds[j] == "heading":
            j += 1
        major = any(re.match(r"^#{1,2}\s", paras[k][2]) for k in range(i, j))
        nxt = paras[j][2] if j < len(paras) else ""
        signed = j < len(paras) and (kinds[j] == "byline" or bool(DATELINE.match(nxt)))
        # does the headline speak of the story before it or of the one after it?
        if signed and not major and _trails_story(text, paras, kinds, starts[-1], i, j):
            trailing.update(range(i, j))
            starts.append(j)
        elif major or signed:
            starts.append(i)
        i = j
    return starts, trailing


def _set_headlines(art: Article, paras: list[_Para], first: int, body_from: int, tail: list[str]) -> None:
    """Headline, kicker and subhead from the heading group paras[first:body_from] (or one printed after the story)."""
    heads = [_HEADING_MARK.sub("", paras[q][2]).strip() for q in range(first, body_from)]
    if tail and not heads:
        heads = tail
    subs = [h for h in heads if h.startswith("——")]
    mains = [h for h in heads if not h.startswith("——")]
    if mains:
        top = min((q for q in range(first, body_from) if re.match(r"^#{1,2}\s", paras[q][2])),
                  key=lambda q: len(paras[q][2]) - len(paras[q][2].lstrip("#")), default=None)
        art.headline = _HEADING_MARK.sub("", paras[top][2]).strip() if top is not None else max(mains, key=len)
        if art.headline in mains:
            art.kicker = " ".join(mains[:mains.index(art.headline)])
        if tail and len(heads) > 1 and not subs:  # a trailing headline printed on two lines
            art.headline = "".join(heads)
    art.subhead = " ".join(s.lstrip("—").strip() for s in subs)


def _set_bylines(art: Article, paras: list[_Para], kinds: list[str], body_from: int, last: int) -> None:
    """The byline paragraphs (or a dateline's bracket) after the headings, and the signers they name."""
    bylines = []
    for q in range(body_from, last):
        if kinds[q] == "byline":
            bylines.append(paras[q])
        elif kinds[q] == "body":
            bracket = dateline_bracket(paras[q][2])
            if bracket:
                s, e = bracket
                bylines.append((paras[q][0] + s, paras[q][0] + e, paras[q][2][s:e]))
            break
    art.byline = " ".join(b[2].strip() for b in bylines)
    for s, _, btext in bylines:
        for signer in parse_signers(btext, s):
            target = {_REPORTER: art.reporters, _CORRESPONDENT: art.correspondents}.get(signer.role, art.authors)
            if signer.name not in target:
                target.append(signer.name)


def split_articles(issue_id: str, text: str) -> list[Article]:
    """Articles start at a group of headings followed by a byline or dateline, or at a ``#``/``##`` headline.

    A lone heading inside running text (a section title) stays with its article as a subhead. A Traditional
    text is read through its Simplified form (the cues of bylines and datelines are written so); the
    headlines, bylines, signers and sentences keep the print (the conversion keeps every offset).
    """
    analysed = to_simplified(text)
    paras = _paragraph_spans(analysed)
    kinds = ["heading" if _is_heading(p) else "byline" if is_byline(p) else "body" for _, _, p in paras]
    starts, trailing = _article_starts(analysed, paras, kinds)
    articles: list[Article] = []
    for n, first in enumerate(starts):
        last = starts[n + 1] if n + 1 < len(starts) else len(paras)
        if first >= last:
            continue
        art = Article(issue_id=issue_id, index=len(articles), start=paras[first][0], end=paras[last - 1][1],
                      headline="")
        k = first
        while k < last and kinds[k] == "heading":
            k += 1
        tail = [_HEADING_MARK.sub("", paras[q][2]).strip() for q in range(k, last) if q in trailing]
        _set_headlines(art, paras, first, k, tail)
        _set_bylines(art, paras, kinds, k, last)
        if analysed != text:
            _as_printed(art, analysed, text)
        art.sentences = split_sentences(text, art.start, art.end)
        articles.append(art)
    return articles


def _as_printed(art: Article, analysed: str, printed: str) -> None:
    """The article's headlines, byline and signers as printed, from the same offsets of the print."""
    def back(part: str) -> str:
        return printed_parts([part], analysed, printed, art.start, art.end)[0] if part else part

    art.headline, art.kicker, art.subhead, art.byline = map(back, (art.headline, art.kicker, art.subhead, art.byline))
    for names in (art.reporters, art.correspondents, art.authors):
        names[:] = [back(name) for name in names]


# --------------------------------------------------------------------------- issue metadata

def load_manifest(folder: Path) -> dict[str, dict]:
    """``manifest.json`` beside the issues: {file name: {newspaper, date, pages}}."""
    for name in MANIFEST_NAMES:
        path = folder / name
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise InputError(f"{path}: not a valid JSON manifest ({exc})") from None
            return data.get("issues", data)
    return {}


_YEAR = regex("year_named")
_DATED_DATELINE = regex("dated_dateline")


def infer_meta(text: str, today: dt.date | None = None) -> IssueMeta:
    """Newspaper and date read off the text when no manifest says them, with how sure that is."""
    today = today or dt.date.today()
    meta = IssueMeta(source="inferred", confidence=0.0)
    evidence = meta.evidence
    # newspaper: from the datelines and mastheads, against the configured papers (kg.newspapers)
    meta.newspaper, paper_conf, paper_evidence = newspapers.infer(text)
    if paper_evidence:
        evidence.append(paper_evidence)
    # date: the latest dated dateline (an issue prints the day after), the year from the text
    years = [int(y) for y in _YEAR.findall(text) if 2000 <= int(y) <= today.year]
    year = max(years) if years else None
    dated: list[tuple[int, int]] = []
    for m in _DATED_DATELINE.finditer(text):
        dated.append((int(m.group(1)), int(m.group(2))))
    for m in DATELINE.finditer(text):
        if m.group("month"):
            dated.append((int(m.group("month")), int(m.group("day"))))
    date_conf = 0.0
    if year and dated:
        month, day = max(dated)
        try:
            when = dt.date(year, month, day) + dt.timedelta(days=1)
            meta.date, date_conf = when.isoformat(), 0.5
            evidence.append(f"latest dateline {month:02d}-{day:02d} + 1 day; year {year} named in the text")
        except ValueError:
            pass
    elif year:
        meta.date, date_conf = str(year), 0.2
        evidence.append(f"only the year {year} is named in the text")
    meta.confidence = round(min(paper_conf or 0.3, date_conf or 0.3) if (paper_conf or date_conf) else 0.0, 2)
    return meta


# --------------------------------------------------------------------------- entry points

def issue_from_text(issue_id: str, raw: str, meta: IssueMeta, path: str = "", encoding: str = "utf-8") -> Issue:
    text, src, counts = clean(raw)
    if not text.strip():
        raise InputError(f"{path or issue_id}: no text left after cleaning")
    issue = Issue(id=issue_id, path=path, text=text, meta=meta, source_offset=src, encoding=encoding,
                  cleaning=counts)
    issue.articles = split_articles(issue_id, text)
    return issue


def read_issue(path: Path, manifest: dict[str, dict] | None = None, issue_id: str | None = None) -> Issue:
    """One issue file → Issue (decoded, cleaned, split), with metadata from the manifest or inferred.

    ``kg.readers`` reads the file by its format (text, PDF, page image, HTML) and keeps its pages and URL.
    ``issue_id`` defaults to the file's name without its suffix (``issue_ids`` decides it for many files).
    """
    from .readers import read_document  # imported here: the readers use this module's decoding

    document = read_document(path)
    raw, encoding = document.text, document.encoding
    if not unicodedata.is_normalized("NFC", raw):
        raw = unicodedata.normalize("NFC", raw)
    entry = (manifest or {}).get(path.name)
    if entry:
        meta = IssueMeta(newspaper=entry.get("newspaper"), date=entry.get("date"), pages=entry.get("pages"),
                         source="manifest", confidence=1.0, evidence=["manifest.json"])
        if not meta.newspaper or not meta.date:  # fill what the manifest leaves open
            guess = infer_meta(raw)
            meta.newspaper = meta.newspaper or guess.newspaper
            meta.date = meta.date or guess.date
            meta.evidence += guess.evidence
    else:
        meta = document.issue_meta(infer_meta(raw))
    return document.annotate(issue_from_text(issue_id or path.stem, raw, meta, str(path), encoding))


def _input_suffixes() -> frozenset[str]:
    from .readers import SUFFIXES  # text, PDF, page images, HTML

    return SUFFIXES


def _id_key(issue_id: str) -> str:
    """What an issue id is once it is in an IRI: spaces become underscores there (``a b`` and ``a_b`` meet)."""
    return unicodedata.normalize("NFC", issue_id).replace(" ", "_")


def issue_ids(files: list[Path]) -> dict[Path, str]:
    """Each file's issue id: its name without the suffix, as long as no other input would get the same id.

    Files whose ids would meet (``A/x.txt`` and ``B/x.txt``; ``a b.txt`` and ``a_b.txt``) each get
    ``-`` and 8 hex digits of the SHA-256 of their path relative to the folder all inputs share, so the
    ids depend only on the input paths, and a file with a unique name keeps its plain id. An id that
    still meets another is an error that names both files.
    """
    resolved = {f: f.resolve() for f in files}
    by_key: dict[str, list[Path]] = {}
    for f in files:
        by_key.setdefault(_id_key(f.stem), []).append(f)
    base = Path(os.path.commonpath([str(p.parent) for p in resolved.values()])) if files else Path()
    ids: dict[Path, str] = {}
    for group in by_key.values():
        for f in group:
            if len(group) == 1:
                ids[f] = f.stem
            else:
                rel = resolved[f].relative_to(base).as_posix()
                ids[f] = f"{f.stem}-{hashlib.sha256(rel.encode('utf-8')).hexdigest()[:8]}"
    owner: dict[str, Path] = {}
    for f, issue_id in ids.items():
        other = owner.setdefault(_id_key(issue_id), f)
        if other != f:
            raise InputError(f"{other} and {f} would be one issue (id {issue_id!r}); rename one of them")
    return ids


def _check_exists(p: Path) -> None:
    """A missing path, a dangling link or a symbolic-link loop: each named as what it is."""
    try:
        p.stat()
    except FileNotFoundError:
        if p.is_symlink():
            raise InputError(f"{p}: a symbolic link to nothing ({os.readlink(p)})") from None
        raise InputError(f"{p}: no such file or folder") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(f"{p}: a loop of symbolic links") from None
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None


def find_inputs(inputs: list[str | Path]) -> list[Path]:
    """Files and folders → the issue files, sorted; a missing path is an error that names it."""
    files: list[Path] = []
    for item in inputs:
        p = Path(item)
        _check_exists(p)
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in _input_suffixes()
                           and f.name.lower() not in {"readme.md"})
            if not found:
                raise InputError(f"{p}: folder holds no issue files (*.txt, *.pdf, *.png, *.jpg, *.html)")
            files.extend(found)
        else:
            files.append(p)
    seen: set[Path] = set()
    return [f for f in files if not (f.resolve() in seen or seen.add(f.resolve()))]
