"""Persons: names in bylines, after title chains, before speech verbs, and their repetitions.

A bare title (局长, 该公司总经理) is never a person: a name must follow it.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..bylines import parse_signers
from ..model import ORG_TYPES, EntityType
from ..rules import alternation, regex, word_class
from .base import PUNCT, Cand, TokenIndex, is_cjk, tag_of, text_of
from .lexicon import (COMPOUND_SURNAMES, FUNCTION_BREAK_CHARS, GROUP_NOUNS, IMPLIED_GOVERNMENT_BODY, IMPLIED_GOVERNMENT_HEADS,
                      LEADER_TITLES, NAME_BREAK_CHARS, PARTY_COMMITTEE_END, SPEECH_VERBS, SURNAME_WORD_STARTS, SURNAMES, TITLE_CHAIN_RE,
                      TITLE_RE, TRANSLIT_CHARS)
from .patterns import SPEECH_RE

_BYLINE_LINE = regex("byline_line")
_GROUP_NOUN = re.compile(alternation(GROUP_NOUNS))
_CREDIT_ROLES = frozenset(word_class("bylines", "credit_role"))
_OUTLET_BYLINE = regex("outlet_byline")
_SOURCE_OUTLET = regex("source_outlet", re.M)
_HONORIFIC = re.compile(alternation(word_class("persons", "honorific")))


def foreign_name_at(text: str, pos: int) -> int:
    """The end of a transliterated name at ``pos`` (斯塔塔尼舍夫, 莫姆奇尔·埃米洛夫), or -1."""
    end = pos
    while end < len(text) and end - pos < 16 and (text[end] in TRANSLIT_CHARS or text[end] in "·・" and end > pos):
        end += 1
    while end > pos and text[end - 1] in "·・":
        end -= 1
    letters = sum(1 for ch in text[pos:end] if ch not in "·・")
    if letters < (3 if "·" in text[pos:end] or "・" in text[pos:end] else 4):
        return -1  # three characters are a Chinese name as often as a foreign one, unless a · splits them
    if end < len(text) and is_cjk(text[end]) and text[end] not in NAME_BREAK_CHARS \
            and not text.startswith(SPEECH_VERBS, end):
        return -1  # the run goes on into other words
    return end


def person_name_at(doc: Doc, pos: int, foreign: bool = False) -> int:
    """The end of a personal name starting at ``pos``, or -1. Chinese names: surname + 1–2 characters."""
    text = text_of(doc)
    idx = TokenIndex.of(doc)
    n = len(text)
    if pos >= n or not is_cjk(text[pos]):
        return -1
    if foreign:
        # a transliterated name runs to the next verb, particle or punctuation token
        ti, end = idx.token_at(pos), pos
        if idx.starts[ti] != pos:
            return -1
        while ti < len(idx.words) and end - pos < 6:
            w, tag = idx.words[ti], idx.tags[ti]
            if any(ch in PUNCT for ch in w) or (tag and tag[0] in "vpucdr" and end > pos):
                break
            end = idx.ends[ti]
            ti += 1
        if not 2 <= end - pos <= 6 or tag_of(text[pos:end]) not in ("", "nr", "nrt", "nrfg"):
            return -1  # 多次, 举行: a dictionary word that is no name
        return end
    surname_len = 2 if text[pos:pos + 2] in COMPOUND_SURNAMES else 1 if text[pos] in SURNAMES else 0
    if not surname_len or text[pos:pos + 2] in SURNAME_WORD_STARTS:
        return -1
    for given in (2, 1):
        end = pos + surname_len + given
        if end > n or not all(is_cjk(c) for c in text[pos:end]):
            continue
        if text[end - 1] in NAME_BREAK_CHARS:
            if text[end - 1] in FUNCTION_BREAK_CHARS:
                continue
            ti = idx.token_at(end - 1)
            if idx.starts[ti] == end - 1 and idx.ends[ti] > end:
                continue  # 王强调: 强 opens the verb; in 李强介绍 it closes the name
        if given == 2:
            # the last character must not begin a longer word that runs past the name (柏峰介绍 → 柏峰)
            ti = idx.token_at(end - 1)
            if idx.starts[ti] == end - 1 and idx.ends[ti] > end and text[end:idx.ends[ti]] not in SPEECH_VERBS:
                continue  # ...unless the rest of that word is a speech verb (罗某明|说: the segmenter's 明说)
            # nor may the name be an ordinary word with the next character (市长柏文渊出 is fine)
            word_tag = tag_of(text[pos:end])
            if word_tag and word_tag[0] in "vadp" and word_tag != "nr":
                continue
        return end
    return -1


def _plausible(doc: Doc, start: int, end: int) -> bool:
    word = text_of(doc)[start:end]
    tag = tag_of(word)
    return not tag or tag.startswith("nr") or len(word) == 3 and tag in ("n", "nz", "ns")


def _has_surname(text: str, pos: int) -> bool:
    return text[pos] in SURNAMES or text[pos:pos + 2] in COMPOUND_SURNAMES


def byline_names(doc: Doc) -> list[Cand]:
    """Bylines and signatures."""
    text = text_of(doc)
    out: list[Cand] = []
    for para in re.finditer(r"[^\n]+", text):
        line = para.group()
        if _BYLINE_LINE.match(line):
            for signer in parse_signers(line[:80], para.start()):
                if signer.role in _CREDIT_ROLES and not _has_surname(text, signer.start):
                    continue  # 编辑:某某: a credit line names persons only when they have a surname
                out.append(Cand(signer.start, signer.end, EntityType.PERSON, f"byline:{signer.role or 'signature'}", 5,
                                key=signer.role or signer.title_text))
    return out


def _verb_starts(doc: Doc, pos: int) -> bool:
    """A verb word begins at ``pos`` (王某、李某参加: the list ends before 参加)."""
    idx = TokenIndex.of(doc)
    ti = idx.token_at(pos)
    return idx.starts[ti] == pos and idx.tags[ti][:1] == "v" and idx.ends[ti] - pos >= 2


def outlet_bylines(doc: Doc) -> list[Cand]:
    """某某新闻网讯(记者 王某), 某某网记者王某: the outlet (an organization) and its signers; 来源:某某报."""
    text = text_of(doc)
    out: list[Cand] = []
    for m in _SOURCE_OUTLET.finditer(text):
        group = "outlet" if m.group("outlet") else "outlet2"
        out.append(Cand(m.start(group), m.end(group), EntityType.ORGANIZATION, "source-outlet", 3))
    for m in _OUTLET_BYLINE.finditer(text):
        out.append(Cand(m.start("outlet"), m.end("outlet"), EntityType.ORGANIZATION, "byline-outlet", 3))
        line_end = text.find("\n", m.end())
        line = text[m.end():line_end if line_end >= 0 else len(text)]
        for signer in parse_signers(line[:80], m.end()):
            out.append(Cand(signer.start, signer.end, EntityType.PERSON, f"byline:{signer.role or 'signature'}", 5,
                            key=signer.role or signer.title_text))
    return out


def _names_after_title(doc: Doc, m: re.Match, rule: str = "title-name") -> list[Cand]:
    """The name (or names: 副市长王某、李某) after one title chain."""
    text = text_of(doc)
    pos = m.end()
    while pos < len(text) and text[pos] == " ":
        pos += 1
    foreign = m.group().endswith(LEADER_TITLES)
    end = foreign_name_at(text, pos)
    if end < 0:
        end = person_name_at(doc, pos)
    else:
        foreign = True
    if end < 0 and foreign:
        end = person_name_at(doc, pos, foreign=True)
    if end < 0:
        return []
    if not foreign and not _plausible(doc, pos, end) and tag_of(text[pos:end]) not in ("", "nr"):
        return []
    out = [Cand(pos, end, EntityType.PERSON, rule, 4, key=m.group())]
    nxt = end
    while nxt < len(text) and text[nxt] == "、":
        e2 = foreign_name_at(text, nxt + 1) if foreign else -1
        e2 = e2 if e2 > 0 else person_name_at(doc, nxt + 1)
        if e2 < 0 or (e2 < len(text) and is_cjk(text[e2]) and text[e2] not in NAME_BREAK_CHARS
                      and not text.startswith(SPEECH_VERBS, e2) and not _verb_starts(doc, e2)):
            break
        out.append(Cand(nxt + 1, e2, EntityType.PERSON, rule + "-list", 4, key=m.group()))
        nxt = e2
    return out


def title_names(doc: Doc) -> list[Cand]:
    """Title chain + name (市某某局党组书记、局长王某; 总经理 王某)."""
    out: list[Cand] = []
    for m in TITLE_CHAIN_RE.finditer(text_of(doc)):
        if not _inside_a_name(doc, m.start()):
            out.extend(_names_after_title(doc, m))
    return out


def _inside_a_name(doc: Doc, pos: int) -> bool:
    """A place found earlier runs over ``pos`` (某某县长安镇: 县 ends the county, 县长 is no title)."""
    return any(c.start < pos < c.end for c in doc._.cands or () if c.type == EntityType.PLACE)


def _party_place(doc: Doc, chain_start: int, level: str) -> str:
    """The place of a party committee (某某市委 → 某某市) or the place printed right before a chain, of the same level."""
    text = text_of(doc)
    for c in doc._.cands or ():
        if c.type in ORG_TYPES and c.end == chain_start and text[c.start:c.end].endswith(level + PARTY_COMMITTEE_END):
            return text[c.start:c.end - 1]
        if c.type == EntityType.PLACE and c.end == chain_start and text[c.start:c.end].endswith(level):
            return text[c.start:c.end]  # 某某县县长
    return level


def implied_governments(doc: Doc) -> list[Cand]:
    """副县长王某 (县委书记、县长王某): the head's people's government, an entity even when not printed (D4);
    市委常委、副市长王某: the party committee's short form right before the chain, when no other rule took it.

    The mention of a government is the title itself (its evidence); ``name`` is the government it implies."""
    text = text_of(doc)
    out: list[Cand] = []
    for chain in TITLE_CHAIN_RE.finditer(text):
        if _inside_a_name(doc, chain.start()):
            continue
        named = bool(_names_after_title(doc, chain))
        if named or text.startswith("、", chain.end()):
            out.extend(_party_short_before(doc, chain.start()))  # 县委常委、副县长王某
        if not named:
            continue  # a title alone implies nobody's post
        for title in TITLE_RE.finditer(chain.group()):
            head = next((h for h in IMPLIED_GOVERNMENT_HEADS if title.group().endswith(h)), None)
            if head is None:
                continue
            before = any(c.type in ORG_TYPES and c.end == chain.start() + title.start()
                         and text[c.start:c.end].endswith(IMPLIED_GOVERNMENT_BODY[-2:]) for c in doc._.cands or ())
            if before:
                continue  # 某县人民政府县长: the government is printed
            place = _party_place(doc, chain.start(), head[0])
            s = chain.start() + title.start()
            out.append(Cand(s, s + len(title.group()), EntityType.GOVERNMENT_BODY, "implied-body", 2,
                            name=place + IMPLIED_GOVERNMENT_BODY))
    return out


_PARTY_LEVELS = frozenset(h[0] for h in IMPLIED_GOVERNMENT_HEADS)


def _party_short_before(doc: Doc, chain_start: int) -> list[Cand]:
    """县委 right before a title chain (县委常委、副县长), unless a body or place found earlier ends there."""
    text = text_of(doc)
    s = chain_start - 2
    if s < 0 or text[s] not in _PARTY_LEVELS or text[s + 1] != PARTY_COMMITTEE_END:
        return []
    if any(c.start < chain_start and c.end > s for c in doc._.cands or ()):
        return []
    return [Cand(s, chain_start, EntityType.GOVERNMENT_BODY, "party-short", 2)]


def group_names(doc: Doc) -> list[Cand]:
    """市领导王某、李某: names after a group noun; they hold no post that the text states."""
    out: list[Cand] = []
    for m in _GROUP_NOUN.finditer(text_of(doc)):
        out.extend(_names_after_title(doc, m, "group-name"))
    return out


def speech_names(doc: Doc) -> list[Cand]:
    """Name + speech verb (张某某说, “……”李某某告诉记者)."""
    return _names_before(doc, SPEECH_RE, "name-speech")


def honorific_names(doc: Doc) -> list[Cand]:
    """Name + honorific or postposed title (张某某先生, 李某教授致力于…): a person without a post."""
    return _names_before(doc, _HONORIFIC, "name-honorific")


def _names_before(doc: Doc, cue: re.Pattern, rule: str) -> list[Cand]:
    """A name right before ``cue``, at a clause start, after a closing quote or after its body."""
    text = text_of(doc)
    out: list[Cand] = []
    for m in cue.finditer(text):
        for length in (3, 2, 4):
            s = m.start() - length
            if s < 0:
                continue
            after_org = any(c.end == s and c.type in ORG_TYPES for c in (doc._.cands or []))
            if person_name_at(doc, s) == m.start() and (s == 0 or not is_cjk(text[s - 1]) or text[s - 1] in "”"
                                                        or after_org):
                if _plausible(doc, s, m.start()):
                    out.append(Cand(s, m.start(), EntityType.PERSON, rule, 3))
                break
    return out


def signature_lines(doc: Doc) -> list[Cand]:
    """A name alone on its line: the signature under a column."""
    text = text_of(doc)
    out: list[Cand] = []
    for line in re.finditer(r"(?m)^\s*([\u4e00-\u9fff]{2,3})\s*$", text):
        s, e = line.start(1), line.end(1)
        if person_name_at(doc, s) == e and _plausible(doc, s, e):
            out.append(Cand(s, e, EntityType.PERSON, "signature-line", 3))
    return out


STEPS = {"bylines": byline_names, "title_names": title_names, "speech_names": speech_names,
         "signature_lines": signature_lines, "group_names": group_names, "honorific_names": honorific_names, "outlet_bylines": outlet_bylines, "implied_governments": implied_governments}


def person_candidates(doc: Doc, steps=tuple(STEPS.values())) -> list[Cand]:
    return [c for step in steps for c in step(doc)]


def repeat_known_names(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """A name found once by a rule is a name wherever else the article prints it."""
    text = text_of(doc)
    names = {text[c.start:c.end] for c in cands if c.type == EntityType.PERSON and c.end - c.start >= 2}
    taken = {(c.start, c.end) for c in cands if c.type == EntityType.PERSON}
    out = []
    for name in names:
        for m in re.finditer(re.escape(name), text):
            if (m.start(), m.end()) in taken:
                continue
            # not inside a longer name: 柏文澜 in 柏文澜澜
            after = text[m.end():m.end() + 1]
            if len(name) == 2 and after and is_cjk(after) and after not in NAME_BREAK_CHARS:
                continue
            out.append(Cand(m.start(), m.end(), EntityType.PERSON, "name-repeat", 1))
    return out


@Language.factory("kg_persons", default_config={"steps": list(STEPS), "repeat_names": True})
def make_persons(nlp: Language, name: str, steps: list[str], repeat_names: bool):
    return PersonFinder(steps, repeat_names)


class PersonFinder:
    """Persons by bylines, titles, speech verbs and signatures; ``repeat_names``: a found name counts everywhere."""

    def __init__(self, steps: list[str], repeat_names: bool) -> None:
        unknown = [s for s in steps if s not in STEPS]
        if unknown:
            raise ValueError(f"kg_persons: unknown steps {unknown} (known: {', '.join(STEPS)})")
        self.steps = tuple(STEPS[s] for s in steps)
        self.repeat_names = repeat_names

    def __call__(self, doc: Doc) -> Doc:
        found = person_candidates(doc, self.steps)
        doc._.cands.extend(found)
        if self.repeat_names:
            doc._.cands.extend(repeat_known_names(doc, found))
        return doc
