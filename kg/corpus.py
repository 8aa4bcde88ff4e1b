"""Reading newspaper issues: decoding, repairing page damage, articles, sentences, issue metadata.

The cleaned text keeps a map back to the decoded file (``Issue.source_offset``), so a fact
found in the cleaned text can always point at the characters it was read from.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

from . import newspapers
from .bylines import DATELINE, dateline_bracket, is_byline, parse_signers
from .model import Article, Issue, IssueMeta, Sentence

TEXT_SUFFIXES = {".txt", ".text", ".md"}
MANIFEST_NAMES = ("manifest.json",)


class InputError(Exception):
    """A file that cannot be read as a newspaper issue; the message names the file and the reason."""


# --------------------------------------------------------------------------- decoding

def decode(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Bytes → (text, encoding). UTF-8 first; GB18030 and Big5 (common for Chinese) when they fit."""
    if not data.strip():
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
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


# --------------------------------------------------------------------------- cleaning

_TERMINAL = "。！？!?；;…”’」』)）】:："
_PAGE_JUMP = re.compile(r"[(（]\s*(?:下转|上接|转|接)第?\s*\d+\s*版\s*[)）]")
_PAGE_LINE = re.compile(r"^\s*第\s*\d+\s*版\s*$")
_HEADING_MARK = re.compile(r"^#{1,6}\s+")
_OPENERS, _CLOSERS = "“‘(（《「『【", "”’)）》」』】"


def _width(ch: str) -> str:
    """Full-width ASCII → half-width (，→, （→( １→1); CJK punctuation such as “”《》、。 stays."""
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    if ch == "\u3000" or ch == "\u00a0":
        return " "
    return ch


class _Builder:
    """Accumulates cleaned characters with the offset each came from."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.src: list[int] = []

    def add(self, text: str, start: int) -> None:
        for i, ch in enumerate(text):
            self.chars.append(ch)
            self.src.append(start + i)


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line.rstrip("\r")))
        pos += len(line) + 1
    return out


def _unbalanced(text: str) -> bool:
    return sum(text.count(c) for c in "“(（《") > sum(text.count(c) for c in "”)）》")


def clean(raw: str) -> tuple[str, list[int], dict[str, int]]:
    """Repair what page layout did to the text; return (text, source offsets, repair counts).

    - lines broken inside words (narrow columns, ``近年\\n\\n来``) are joined: a break is soft when the
      line before it stops without closing punctuation and is full (column width) or long, or leaves a
      quotation open, and the next line is not indented, a heading or a byline;
    - page-jump markers (下转第8版) and bare page lines are dropped;
    - paragraphs and sentences the layout printed twice are dropped (the first copy stays);
    - full-width ASCII becomes half-width.
    """
    counts: Counter[str] = Counter()
    lines = _lines(raw)
    widths = sorted(len(l.strip()) for _, l in lines if l.strip())
    column = bool(widths) and widths[len(widths) // 2] < 40  # narrow-column text: most lines are short
    width = widths[int(len(widths) * 0.9)] if widths else 0

    paragraphs: list[list[tuple[int, str]]] = []  # each a list of (source offset, line text) pieces
    prev_line = ""  # the paragraph so far
    last_line = ""  # the last physical line
    para_indented = blank_before = False
    for pos, line in lines:
        stripped = line.strip()
        if not stripped:
            blank_before = True
            continue
        if _PAGE_LINE.match(stripped):
            counts["page_lines"] += 1
            continue
        indented = bool(re.match(r"^(?:\s{2,}|\u3000)", line))
        lead = len(line) - len(line.lstrip())
        starts_block = bool(_HEADING_MARK.match(stripped)) or bool(re.match(r"^[■□▲●◆]", stripped)) \
            or bool(DATELINE.match(stripped))
        soft = False
        if paragraphs and prev_line and not starts_block and not _HEADING_MARK.match(prev_line) \
                and not is_byline(prev_line):
            terminal = last_line[-1] in _TERMINAL
            if column:  # narrow columns: an indented line opens a paragraph; other lines continue one
                full = len(last_line) >= 0.8 * width
                soft = not indented and (
                    (para_indented and not (blank_before and terminal)) or (not blank_before and full and not terminal))
            else:
                soft = not terminal and (len(last_line) >= 40 or _unbalanced(prev_line))
        if soft:
            paragraphs[-1].append((pos + lead, stripped))
            counts["joined_lines"] += 1
            prev_line += stripped
        else:
            paragraphs.append([(pos + lead, stripped)])
            prev_line, para_indented = stripped, indented
        last_line, blank_before = stripped, False

    out = _Builder()
    seen_paragraphs: set[str] = set()
    seen_sentences: set[str] = set()
    for pieces in paragraphs:
        chars: list[str] = []
        src: list[int] = []
        for pos, text in pieces:
            for i, ch in enumerate(text):
                chars.append(_width(ch))
                src.append(pos + i)
        para = "".join(chars)
        # page-jump markers
        for m in reversed(list(_PAGE_JUMP.finditer(para))):
            del chars[m.start():m.end()]
            del src[m.start():m.end()]
            counts["page_jumps"] += 1
        para = "".join(chars).strip()
        if not para:
            continue
        lead = len("".join(chars)) - len("".join(chars).lstrip())
        chars, src = chars[lead:lead + len(para)], src[lead:lead + len(para)]
        key = re.sub(r"\s+", "", para)
        if len(key) >= 15 and key in seen_paragraphs:
            counts["repeated_paragraphs"] += 1
            continue
        seen_paragraphs.add(key)
        # sentences the layout repeated inside or across paragraphs
        keep = [True] * len(chars)
        for s, e in _sentence_bounds(para):
            sent = re.sub(r"\s+", "", para[s:e])
            if len(sent) >= 12 and sent in seen_sentences:
                for i in range(s, e):
                    keep[i] = False
                counts["repeated_sentences"] += 1
            seen_sentences.add(sent)
        if out.chars:
            out.chars.append("\n")
            out.src.append(src[0] - 1 if src[0] > 0 else 0)
        for ch, s, k in zip(chars, src, keep):
            if k:
                out.chars.append(ch)
                out.src.append(s)
    return "".join(out.chars), out.src, dict(counts)


# --------------------------------------------------------------------------- sentences and articles

_SENT_END = re.compile(r"[。！？!?…]+[”’」』)]*|\n")


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
        out.append((s, e))
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


def split_articles(issue_id: str, text: str) -> list[Article]:
    """Articles start at a group of headings followed by a byline or dateline, or at a ``#``/``##`` headline.

    A lone heading inside running text (a section title) stays with its article as a subhead.
    """
    paras: list[tuple[int, int, str]] = []
    pos = 0
    for chunk in text.split("\n"):
        if chunk.strip():
            paras.append((pos, pos + len(chunk), chunk))
        pos += len(chunk) + 1
    kinds = ["heading" if _is_heading(p) else "byline" if is_byline(p) else "body" for _, _, p in paras]

    starts: list[int] = [0]  # paragraph indices where a new article begins
    trailing: set[int] = set()  # heading groups printed after their story (some page layouts do)
    i = 0
    while i < len(paras):
        if kinds[i] != "heading":
            i += 1
            continue
        j = i
        while j < len(paras) and kinds[j] == "heading":
            j += 1
        group = [paras[k][2] for k in range(i, j)]
        nxt = paras[j][2] if j < len(paras) else ""
        major = any(re.match(r"^#{1,2}\s", g) for g in group)
        signed = j < len(paras) and (kinds[j] == "byline" or bool(DATELINE.match(nxt)))
        if signed and starts and not major:
            # does the headline speak of the story before it or of the one after it?
            head = _bigrams("".join(group))
            before = _bigrams(text[paras[starts[-1]][0]:paras[i][0]])
            after_end = next((k for k in range(j + 1, len(paras)) if kinds[k] == "heading"), len(paras))
            after = _bigrams(text[paras[j][0]:paras[after_end - 1][1]])
            if len(head & before) > max(2, 2 * len(head & after)):
                trailing.update(range(i, j))
                starts.append(j)
                i = j
                continue
        if major or signed or not starts:
            starts.append(i)
        i = j
    if not starts or starts[0] != 0:
        starts.insert(0, 0)

    articles: list[Article] = []
    for n, first in enumerate(starts):
        last = starts[n + 1] if n + 1 < len(starts) else len(paras)
        if first >= last:
            continue
        art = Article(issue_id=issue_id, index=len(articles), start=paras[first][0], end=paras[last - 1][1],
                      headline="")
        heads: list[str] = []
        k = first
        while k < last and kinds[k] == "heading":
            heads.append(_HEADING_MARK.sub("", paras[k][2]).strip())
            k += 1
        tail = [q for q in range(k, last) if q in trailing]
        if tail and not heads:
            heads = [_HEADING_MARK.sub("", paras[q][2]).strip() for q in tail]
        subs = [h for h in heads if h.startswith("——")]
        mains = [h for h in heads if not h.startswith("——")]
        if mains:
            top = min((q for q in range(first, k) if re.match(r"^#{1,2}\s", paras[q][2])),
                      key=lambda q: len(paras[q][2]) - len(paras[q][2].lstrip("#")), default=None)
            art.headline = _HEADING_MARK.sub("", paras[top][2]).strip() if top is not None else max(mains, key=len)
            if art.headline in mains:
                art.kicker = " ".join(mains[:mains.index(art.headline)])
            if tail and len(heads) > 1 and not subs:  # a trailing headline printed on two lines
                art.headline = "".join(heads)
        art.subhead = " ".join(s.lstrip("—").strip() for s in subs)
        bylines = []
        for q in range(k, last):
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
                target = {"记者": art.reporters, "通讯员": art.correspondents}.get(signer.role, art.authors)
                if signer.name not in target:
                    target.append(signer.name)
        art.sentences = split_sentences(text, art.start, art.end)
        articles.append(art)
    return articles


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


_YEAR = re.compile(r"(?<!\d)(20\d{2})年")
_MONTH_DAY = re.compile(r"(?<![\d.])(\d{1,2})月(\d{1,2})日")


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
    for m in re.finditer(r"(?:本报[\u4e00-\u9fff]{0,4}讯[^\n]{0,40}?|电\s*)(\d{1,2})月(\d{1,2})日", text):
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
            evidence.append(f"latest dateline {month}月{day}日 + 1 day; year {year} named in the text")
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


def read_issue(path: Path, manifest: dict[str, dict] | None = None) -> Issue:
    """One issue file → Issue (decoded, cleaned, split), with metadata from the manifest or inferred.

    ``kg.readers`` reads the file by its format (text, PDF, page image, HTML) and keeps its pages and URL.
    """
    from .readers import read_document  # imported here: the readers use this module's decoding

    document = read_document(path)
    raw, encoding = document.text, document.encoding
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
    return document.annotate(issue_from_text(path.stem, raw, meta, str(path), encoding))


def _input_suffixes() -> frozenset[str]:
    from .readers import SUFFIXES  # text, PDF, page images, HTML

    return SUFFIXES


def find_inputs(inputs: list[str | Path]) -> list[Path]:
    """Files and folders → the issue files, sorted; a missing path is an error that names it."""
    files: list[Path] = []
    for item in inputs:
        p = Path(item)
        if not p.exists():
            raise InputError(f"{p}: no such file or folder")
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

