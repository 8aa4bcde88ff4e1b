"""Choosing among overlapping candidates: the longest name wins, then the surer rule.

A place inside an organization's name (某某 in 某某市公交集团) is part of that name, not a place
mention of its own; nothing is invented from inside another name.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer import Gazetteer
from ..identity import trade_stem
from ..model import ORG_TYPES, EntityType
from ..rules import regex, words
from .base import Cand, text_of
from .lexicon import institution_family

_SHORT_FORM = regex("short_form")
_NAMED_TYPES = set(ORG_TYPES) | {EntityType.PROJECT, EntityType.PROGRAM}
# a legal form of four characters or more (有限公司, 集团公司): a bare 公司 or 集团 is a short form itself
_LEGAL_FORMS = tuple(s for s in words("resolve_legal_suffixes") if len(s) >= 4)
_TRADE_WORDS = tuple(sorted(words("resolve_industry_words"), key=len, reverse=True))
_BRACKETED = regex("bracketed_region")


def select(cands: list[Cand]) -> list[Cand]:
    ranked = sorted(cands, key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    taken: list[Cand] = []
    occupied = bytearray(max((c.end for c in cands), default=0) + 1)
    for c in ranked:
        if c.end <= c.start or any(occupied[c.start:c.end]):
            continue  # a longer (or surer) name already holds part of this stretch
        taken.append(c)
        occupied[c.start:c.end] = b"\x01" * (c.end - c.start)
    return sorted(taken, key=lambda c: c.start)


def _prefer_strong(cands: list[Cand]) -> list[Cand]:
    """Drop weak candidates (priority ≤ 1) that overlap a strong one (≥ 4) before the length contest."""
    strong = [c for c in cands if c.priority >= 4]
    out = []
    for c in cands:
        if c.priority <= 1 and any(c.start < s.end and s.start < c.end for s in strong):
            continue
        out.append(c)
    return out


def _cut_through(cands: list[Cand]) -> list[Cand]:
    """Drop a project or program name that ends inside a company's name begun within it (某某镇人民政府与
    某某建设工程有限公司: 建设工程 ends no project there); a name ends where the company's does, or before it."""
    orgs = [c for c in cands if c.type == EntityType.COMPANY]
    return [c for c in cands if c.type not in (EntityType.PROJECT, EntityType.PROGRAM)
            or not any(c.start < o.start < c.end < o.end for o in orgs)]


@Language.factory("kg_select", default_config={"prefer_strong": True, "bracket_aliases": True, "short_forms": True})
def make_select(nlp: Language, name: str, prefer_strong: bool, bracket_aliases: bool, short_forms: bool):
    return Selector(prefer_strong, bracket_aliases, short_forms)


def _longest_ending(cands: list[Cand], types) -> dict[int, Cand]:
    """The longest candidate of ``types`` that ends at each offset."""
    ending: dict[int, Cand] = {}
    for c in cands:
        if c.type in types and (c.end not in ending or c.start < ending[c.end].start):
            ending[c.end] = c
    return ending


def _later_uses(text: str, short: str, after: int, full: Cand, name: str, priority: int = 3) -> list[Cand]:
    """Every use of ``short`` in the article after offset ``after``, as a mention of ``full`` (named ``name``)."""
    return [Cand(after + m.start(), after + m.end(), full.type, "short-form", priority, name=name)
            for m in re.finditer(re.escape(short), text[after:])]


def _short_form_and_uses(text: str, full: Cand, match: re.Match) -> list[Cand]:
    """The short form in ``match`` group 1 as a mention of ``full``, and wherever the article uses it after.
    A document's short form keeps its title marks (以下简称《方案》), and outranks the bare title it also is."""
    name = full.name or text[full.start:full.end]
    start, end = match.start(1), match.end(1)
    marked = text[start - 1:start] == "《" and text[end:end + 1] == "》"
    start, end = (start - 1, end + 1) if marked else (start, end)
    return [Cand(start, end, full.type, "short-form", 5 if marked else 4, name=name),
            *_later_uses(text, text[start:end], match.end(), full, name, 5 if marked else 3)]


def short_form_mentions(text: str, cands: list[Cand]) -> list[Cand]:
    """某某控股集团有限公司（以下简称“某某控股”）: the short form is the same name, in the bracket and wherever
    the article uses it after; the longest name that ends at the bracket gives the type and the full name."""
    ending = _longest_ending(cands, _NAMED_TYPES)
    out: list[Cand] = []
    for m in _SHORT_FORM.finditer(text):
        full = ending.get(m.start())
        if full is not None and m.group(1) != text[full.start:full.end]:
            out += _short_form_and_uses(text, full, m)
    return out


def _without_region(core: str) -> str:
    """The core without the regions it begins with (浙江, 某某市, 某某县): a company's own words start after them."""
    gaz = Gazetteer.load()
    changed = True
    while changed:
        changed = False
        for length in range(min(6, len(core) - 3), 1, -1):
            head = core[:length]
            if gaz.lookup(head) or gaz.lookup_world(head):
                core, changed = core[length:], True
                break
    return core


def company_short_forms(name: str) -> list[str]:
    """The short forms news uses for a legal company name after giving it once: the name without its region(s), a
    region in brackets and its legal form (某某市甲乙食品有限公司, 甲乙（某某）食品有限公司 → 甲乙食品), and without one
    more trailing word of trade when another ends it (甲乙新材料科技股份有限公司 → 甲乙新材料科技, 甲乙新材料)."""
    legal = next((s for s in _LEGAL_FORMS if name.endswith(s)), "")
    if not legal:
        return []
    core = _without_region(_BRACKETED.sub("", name[: -len(legal)]))
    stem = trade_stem(core, _TRADE_WORDS)
    if len(stem) < 2 or stem == core:
        return []  # only a brand (甲乙有限公司) or only words of trade (某某科技有限公司): no telling short form
    forms = [core]
    shorter = next((core[: -len(w)] for w in _TRADE_WORDS if core.endswith(w)), core)
    if shorter != stem and len(shorter) >= 4:
        forms.append(shorter)
    return [f for f in forms if len(f) >= 4]


def echoed_short_forms(text: str, cands: list[Cand]) -> list[Cand]:
    """甲乙食品 after 某某市甲乙食品有限公司 in the same article: the short form is the company's, without 以下简称."""
    out: list[Cand] = []
    for c in cands:
        if c.type != EntityType.COMPANY:
            continue
        name = c.name or text[c.start:c.end]
        for short in company_short_forms(text[c.start:c.end]):
            out += _later_uses(text, short, c.end, c, name)
    return out


_BRACKETED_SHORT = regex("bracketed_short")


def _abbreviates(short: str, full: str) -> bool:
    """Whether ``short`` keeps characters of ``full`` in their order and leaves out at least two (临江城投 of
    临江县城市建设投资集团有限公司, 县工商联 of 某某县工商业联合会); a region alone (某某（临江）) abbreviates nothing."""
    rest = iter(full)
    return len(short) <= len(full) - 2 and all(ch in rest for ch in short) and not Gazetteer.load().lookup(short)


def bracketed_short_forms(text: str, cands: list[Cand]) -> list[Cand]:
    """某某县城市建设投资集团有限公司（某某城投）: a bracket right after an organization's name holding an abbreviation
    of it (its characters, in order) gives the short form without 简称, there and wherever the article uses it after."""
    ending = _longest_ending(cands, ORG_TYPES)
    out: list[Cand] = []
    for m in _BRACKETED_SHORT.finditer(text):
        full = ending.get(m.start())
        if full is not None and _abbreviates(m.group(1), text[full.start:full.end]):
            out += _short_form_and_uses(text, full, m)
    return out


def bracket_aliases(text: str, cands: list[Cand]) -> None:
    """X(Y) with two names of one kind: Y is another name of X (某某学会(某某联盟))."""
    for a, b in zip(cands, cands[1:]):
        if a.type == b.type and a.type in ORG_TYPES and text[a.end:b.start] in ("(", "（") \
                and text[b.end:b.end + 1] in (")", "）") \
                and institution_family(text[a.start:a.end]) == institution_family(text[b.start:b.end]):
            b.name = a.name or text[a.start:a.end]


class Selector:
    """One mention per stretch of text; ``prefer_strong``: sure rules first; ``bracket_aliases``: X(Y) aliases;
    ``short_forms``: the short forms an article introduces (以下简称) are mentions of the full name."""

    def __init__(self, prefer_strong: bool = True, aliases: bool = True, short_forms: bool = True) -> None:
        self.prefer_strong = prefer_strong
        self.aliases = aliases
        self.short_forms = short_forms

    def __call__(self, doc: Doc) -> Doc:
        if self.short_forms:
            text = text_of(doc)
            doc._.cands = doc._.cands + short_form_mentions(text, doc._.cands) + echoed_short_forms(text, doc._.cands) \
                + bracketed_short_forms(text, doc._.cands)
        cands = _cut_through(doc._.cands)
        doc._.cands = select(_prefer_strong(cands) if self.prefer_strong else cands)
        if self.aliases:
            bracket_aliases(text_of(doc), doc._.cands)
        return doc
