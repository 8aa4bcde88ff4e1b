"""Names inside names, where the grammar says they name another thing of their own.

- A unit's name begins with its parent's: 甲乙某某生产基地生产部 holds 甲乙某某生产基地 (partOf).
- A base or branch is named parent + place + kind: 甲乙某某生产基地 holds the company 甲乙 (partOf).
- A meeting or plan named after its body: 市委十四届十次全会 holds 市委 (issuedBy).

Inner mentions are appended after the selected mentions, with the facts that tie them to the outer one.
Places inside names are not taken out: a company's region prefix is not a mention of the place.
"""
from __future__ import annotations

import re


import jieba
from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer import Gazetteer
from ..model import ORG_TYPES, EntityType
from ..rules import alternation, regex, word_class
from .base import Cand, text_of
from .lexicon import WEAK_COMPANY_SUFFIXES, WEAK_ORG_SUFFIXES
from .orgs import classify
from .patterns import COMMITTEE_END, ISSUER_PREFIX, SUFFIX_RE
from .relations import RawFact, first_level_of

_BRANCH = regex("branch")
_ORGANIZER = regex("organizer")
_PASSED = re.compile("(?:" + alternation(word_class("relation_cues", "issuedBy.passed")) + ")")
_INNER_MIN = 4  # an inner organization name has at least this many characters


def _word_ends(name: str) -> set[int]:
    ends, at = set(), 0
    for word in jieba.cut(name):
        at += len(word)
        ends.add(at)
    return ends


def _unit_parent(text: str, c: Cand) -> Cand | None:
    """The longest proper prefix of an organization name that is itself an organization name."""
    name = text[c.start:c.end]
    best = None
    for m in SUFFIX_RE.finditer(name):
        if m.group() in WEAK_COMPANY_SUFFIXES or m.group() in WEAK_ORG_SUFFIXES:
            continue  # 科技 inside 某某管理科技应用中心 ends no name
        k = m.end()
        if k >= len(name) - 1 or k < _INNER_MIN or k not in _word_ends(name):
            continue  # ...nor a suffix inside a word of the name (政治协商会|议)
        inner = name[:k]
        if COMMITTEE_END.search(inner):
            continue  # 市委党校, 市委政法委: organs carry their committee's name, as one name
        kind = classify(inner, m.group())
        best = Cand(c.start, c.start + k, kind, "inner:unit", 1)
    return best


def _branch_parent(text: str, c: Cand) -> Cand | None:
    """parent + place + 基地/分公司: the parent company named before the place."""
    name = text[c.start:c.end]
    if not _BRANCH.search(name):
        return None
    gaz = Gazetteer.load()
    for k in range(2, min(len(name) - 3, 8) + 1):
        for length in (3, 2):
            place = name[k:k + length]
            if len(place) == length and gaz.lookup(place):
                parent = name[:k]
                if gaz.lookup(parent) or len(parent) < 2:
                    return None
                return Cand(c.start, c.start + k, EntityType.COMPANY, "inner:branch-parent", 1)
    return None


def _organizer(text: str, c: Cand) -> list[Cand]:
    """某某学会（某某联盟）2030年年会: the body that holds the meeting, and its bracketed name."""
    m = _ORGANIZER.match(text[c.start:c.end])
    if not m:
        return []
    out = []
    for g in (1, 2):
        name = m.group(g)
        suffix = SUFFIX_RE.search(name or "")
        if not name or not suffix or suffix.end() != len(name):
            break
        kind = classify(name, suffix.group())
        out.append(Cand(c.start + m.start(g), c.start + m.end(g), kind, "inner:organizer", 1,
                        name=text[out[0].start:out[0].end] if out else ""))
    return out


def _project_owner(text: str, c: Cand) -> Cand | None:
    """甲乙房地产开发有限公司某某园项目: a company's legal name that begins a project's name (undertakes)."""
    name = text[c.start:c.end]
    owner = None
    for m in SUFFIX_RE.finditer(name):
        if m.end() >= _INNER_MIN and len(name) - m.end() >= 4 and classify(name[:m.end()], m.group()) == EntityType.COMPANY \
                and m.group() not in WEAK_COMPANY_SUFFIXES:
            owner = Cand(c.start, c.start + m.end(), EntityType.COMPANY, "inner:project-owner", 1)
    return owner


def _passed_at(text: str, ms: list[Cand], meeting: int, body: int) -> list[RawFact]:
    """某县政府常务会议审议通过《某某办法》: a document a body's meeting passes is issued by the body."""
    after = _PASSED.match(text, ms[meeting].end)
    nxt = meeting + 1
    if not after or nxt >= len(ms) or ms[nxt].type != EntityType.PROGRAM or ms[nxt].start != after.end():
        return []
    return [RawFact("issuedBy", nxt, body, ms[meeting].start, ms[nxt].end, "issuedBy:meeting-passed")]


def inner_mentions(doc: Doc, ms: list[Cand]) -> tuple[list[Cand], list[RawFact]]:
    text = text_of(doc)
    new: list[Cand] = []
    facts: list[RawFact] = []
    base = len(ms)
    for i, c in enumerate(ms):
        if c.type in ORG_TYPES:
            unit = _unit_parent(text, c)
            if unit is not None:
                new.append(unit)
                if not first_level_of(c, unit, text[unit.start:unit.end]):
                    facts.append(RawFact("partOf", i, base + len(new) - 1, c.start, c.end, "partOf:unit-name"))
                branch = _branch_parent(text, unit)
                if branch is not None:
                    new.append(branch)
                    facts.append(RawFact("partOf", base + len(new) - 2, base + len(new) - 1, c.start, c.end,
                                         "partOf:branch-name"))
                continue
            branch = _branch_parent(text, c)
            if branch is not None:
                new.append(branch)
                facts.append(RawFact("partOf", i, base + len(new) - 1, c.start, c.end, "partOf:branch-name"))
        elif c.type == EntityType.PROJECT:
            owner = _project_owner(text, c)
            if owner is not None:
                new.append(owner)  # its undertakes: the name-prefix loop below
        elif c.type == EntityType.PROGRAM:
            m = ISSUER_PREFIX.match(text[c.start:c.end].lstrip("“《"))
            if m:
                shift = len(text[c.start:c.end]) - len(text[c.start:c.end].lstrip("“《"))
                new.append(Cand(c.start + shift, c.start + shift + m.end(), EntityType.GOVERNMENT_BODY, "inner:issuer", 1))
                facts.append(RawFact("issuedBy", i, base + len(new) - 1, c.start, c.end, "issuedBy:name-prefix"))
                facts.extend(_passed_at(text, ms, i, base + len(new) - 1))
                continue
            for k, body in enumerate(_organizer(text, c)):
                new.append(body)
                if k == 0:  # the bracketed second name is the same body
                    facts.append(RawFact("issuedBy", i, base + len(new) - 1, c.start, c.end, "issuedBy:name-prefix"))
                    facts.extend(_passed_at(text, ms, i, base + len(new) - 1))
    # a project named after a company found inside another name (甲乙 of 甲乙某某生产基地)
    for k, c in enumerate(new):
        if c.type != EntityType.COMPANY:
            continue
        short = text[c.start:c.end]
        for i, p in enumerate(ms):
            if p.type == EntityType.PROJECT and text[p.start:p.end].startswith(short) and p.end - p.start > len(short):
                facts.append(RawFact("undertakes", base + k, i, p.start, p.end, "undertakes:name-prefix"))
    return new, facts


@Language.factory("kg_inner")
def make_inner(nlp: Language, name: str):
    return InnerFinder()


class InnerFinder:
    def __call__(self, doc: Doc) -> Doc:
        new, facts = inner_mentions(doc, doc._.cands)
        doc._.cands = doc._.cands + new
        doc._.relations = (doc._.relations or []) + facts
        return doc

