"""Newspapers as configuration: the papers the corpus may come from, and which one an issue is.

The shipped list is ``kg/rules/newspapers.tsv``; a user adds papers in a file of the same columns
(``kg build --newspapers FILE`` or ``"newspapers": "FILE"`` in a corpus manifest). Adding a paper is one
row and no code: its name is what 本报 means in its pages, its city is the home region of its news.

An issue without a manifest entry is matched to a paper by its datelines: a bureau dateline (本报某某讯)
names a place, and the provincial paper of that place's province printed it; a plain 本报讯 with 我市
is a city paper's, the one whose city the text names most; otherwise the paper the text names most.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .rules import RULES_DIR, RuleError, Row, read_table, regex, word_class

LEVELS = ("national", "province", "city", "county")
COLUMNS = ("short", "level", "city", "province", "mastheads")
ENV = "KG_NEWSPAPERS"  # extra files, for worker processes started afresh


@dataclass(frozen=True)
class Newspaper:
    name: str
    short: tuple[str, ...]
    level: str
    city: str  # gazetteer name of the home city or county, or ""
    province: str
    mastheads: tuple[str, ...]  # forms that name it in print, its name first

    def home_code(self) -> str:
        """The gazetteer code of the paper's home city (a county paper's: its county's city); "" for a
        national or provincial paper."""
        from .gazetteer import Gazetteer

        code = _code_of(self.city) if self.city else ""
        record = Gazetteer.load().get(code) if code else None
        while record is not None and record.level not in ("city", "province"):
            record = Gazetteer.load().parent(record)
        return record.code if record is not None and record.level == "city" else code

    def province_code(self) -> str:
        return _code_of(self.province) if self.province else ""


def _code_of(name: str) -> str:
    from .gazetteer import Gazetteer

    records = Gazetteer.load().lookup(name)
    return records[0].code if len(records) == 1 else ""


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _paper(row: Row) -> Newspaper:
    where = f"{row.file}:{row.line}"
    if row["level"] not in LEVELS:
        raise RuleError(f"{where}: column level: {row['level']!r} is not one of {', '.join(LEVELS)}")
    for column in ("city", "province"):
        if row[column] and not _code_of(row[column]):
            raise RuleError(f"{where}: column {column}: {row[column]!r} is no place the gazetteer knows by that name")
    if row["level"] in ("city", "county") and not row["city"]:
        raise RuleError(f"{where}: column city: a {row['level']} paper needs its home city")
    return Newspaper(row.key, _split(row["short"]), row["level"], row["city"], row["province"],
                     (row.key,) + tuple(m for m in _split(row["mastheads"]) if m != row.key))


@lru_cache(maxsize=8)
def _load(extra: tuple[str, ...]) -> tuple[Newspaper, ...]:
    papers: dict[str, Newspaper] = {}
    for path in (RULES_DIR / "newspapers.tsv", *map(Path, extra)):
        for row in read_table(path, COLUMNS):
            papers[row.key] = _paper(row)  # a user's row replaces a shipped one of the same name
    return tuple(papers.values())


def use_files(files) -> None:
    """Add the papers of ``files`` (paths) to the shipped ones, for this process and the workers it starts.
    A file that cannot be used raises RuleError naming the file, the line and the reason."""
    extra = tuple(dict.fromkeys(str(Path(f).resolve()) for f in files if f))
    _load(extra)  # validate now, before any work is done
    os.environ[ENV] = os.pathsep.join(extra)


def manifest_files(folder: Path) -> list[Path]:
    """The newspaper files a corpus manifest names (``"newspapers": "FILE"`` or a list), relative to it."""
    import json

    from .corpus import MANIFEST_NAMES

    for name in MANIFEST_NAMES:
        path = Path(folder) / name
        if path.exists():
            try:
                entry = json.loads(path.read_text(encoding="utf-8")).get("newspapers") or []
            except (ValueError, UnicodeDecodeError, AttributeError):
                return []  # the manifest reader reports a broken manifest
            return [path.parent / f for f in ([entry] if isinstance(entry, str) else entry)]
    return []


def extra_files() -> tuple[str, ...]:
    return tuple(f for f in os.environ.get(ENV, "").split(os.pathsep) if f)


def known() -> tuple[Newspaper, ...]:
    """The shipped papers and the user's, the user's last."""
    return _load(extra_files())


def find(name: str) -> Newspaper | None:
    """The paper called ``name`` (its name or a short name)."""
    for paper in known():
        if name == paper.name or name in paper.short:
            return paper
    return None


def _bureau_paper(place: str) -> Newspaper | None:
    """The provincial paper of the province a bureau dateline's place lies in."""
    from .gazetteer import Gazetteer

    gaz = Gazetteer.load()
    records = gaz.lookup(place)
    if len(records) != 1:
        return None
    chain = [records[0], *gaz.ancestors(records[0])]
    province = next((r.code for r in chain if r.level == "province"), "")
    return next((p for p in known() if p.level == "province" and p.province_code() == province), None)


def _city_paper(text: str) -> Newspaper | None:
    """The city paper whose home city (full or short name) the text names most."""
    from .gazetteer import Gazetteer

    gaz = Gazetteer.load()
    counts: Counter[str] = Counter()
    for paper in known():
        if paper.level in ("city", "county"):
            record = gaz.get(_code_of(paper.city))
            forms = {paper.city, record.short} if record is not None and record.short else {paper.city}
            counts[paper.name] = sum(text.count(form) for form in forms if form)
    best = counts.most_common(1)
    return find(best[0][0]) if best and best[0][1] else None


def infer(text: str) -> tuple[str | None, float, str]:
    """(paper name, confidence, evidence) read off an issue's text; (None, 0.0, "") when nothing tells."""
    named = Counter(paper.name for paper in known() for form in paper.mastheads for _ in range(text.count(form)))
    bureau = regex("bureau_dateline").search(text)
    paper = _bureau_paper(bureau.group(1)) if bureau else None
    if paper is not None:
        return paper.name, 0.7, f"dateline {bureau.group()} (a provincial paper's local bureau)"
    plain = regex("plain_dateline").search(text)
    if plain and regex("city_paper_cue").search(text):
        paper = _city_paper(text)
        if paper is not None:
            cues = "/".join(word_class("bylines", "city_cue")[:2])
            return paper.name, 0.6, f"dateline {plain.group()} with {cues} (a city paper)"
    if named:
        name = named.most_common(1)[0][0]
        return name, 0.4, f"names {name}"
    return _self_named(text)


def _self_named(text: str) -> tuple[str | None, float, str]:
    """A paper no file configures, named in its own dateline (【某某日报讯】), as printed."""
    from .script import to_simplified

    head = text[:4000]
    own = regex("own_dateline").search(to_simplified(head))  # length-preserving: the offsets hold
    if own is None:
        return None, 0.0, ""
    name = head[own.start("paper"):own.end("paper")]
    return name, 0.5, f"dateline {head[own.start():own.end()].strip()} (a paper no file configures)"


def fingerprint() -> str:
    """What the user's newspaper files hold (for cache keys): their paths and bytes."""
    import hashlib

    h = hashlib.sha256()
    for path in extra_files():
        h.update(path.encode() + b"\0")
        try:
            h.update(Path(path).read_bytes())
        except OSError:
            pass
    return h.hexdigest()
