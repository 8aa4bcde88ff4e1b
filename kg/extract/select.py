"""Choosing among overlapping candidates: the longest name wins, then the surer rule.

A place inside an organization's name (某某 in 某某市公交集团) is part of that name, not a place
mention of its own; nothing is invented from inside another name.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..model import ORG_TYPES
from .base import Cand, text_of
from .lexicon import institution_family


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


@Language.factory("kg_select", default_config={"prefer_strong": True, "bracket_aliases": True})
def make_select(nlp: Language, name: str, prefer_strong: bool, bracket_aliases: bool):
    return Selector(prefer_strong, bracket_aliases)


def bracket_aliases(text: str, cands: list[Cand]) -> None:
    """X(Y) with two names of one kind: Y is another name of X (某某学会(某某联盟))."""
    for a, b in zip(cands, cands[1:]):
        if a.type == b.type and a.type in ORG_TYPES and text[a.end:b.start] in ("(", "（") \
                and text[b.end:b.end + 1] in (")", "）") \
                and institution_family(text[a.start:a.end]) == institution_family(text[b.start:b.end]):
            b.name = a.name or text[a.start:a.end]


class Selector:
    """One mention per stretch of text; ``prefer_strong``: sure rules first; ``bracket_aliases``: X(Y) aliases."""

    def __init__(self, prefer_strong: bool = True, aliases: bool = True) -> None:
        self.prefer_strong = prefer_strong
        self.aliases = aliases

    def __call__(self, doc: Doc) -> Doc:
        doc._.cands = select(_prefer_strong(doc._.cands) if self.prefer_strong else doc._.cands)
        if self.aliases:
            bracket_aliases(text_of(doc), doc._.cands)
        return doc
