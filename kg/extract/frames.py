"""Relations by cue grammar: frames over a sentence in which each mention is one symbol.

Chinese news states a relation with a few words around the names (甲公司与乙集团签约, 丙项目落户丁县,
由戊局印发的《…》). The segmenter cuts those cue words in unpredictable ways, but the selected mentions
are already known, so the sentence is rewritten with each mention as one private-use character of its
type, and a relation frame (a row of ``kg/rules/relation_frames.tsv``) is a regular expression over that
rewritten text, with placeholders for mention types (``{ORG}``, ``{PLACE}``, a list ``{ORGS}`` …) and the
named groups ``subj`` and ``obj`` (or ``both`` for a symmetric relation among all members of a list).
Every fact keeps the frame's name as its rule and the matched stretch as its evidence.

Frames run clause window by clause window (a sentence, cut at a maximum length), so the work is linear in
the text and no relation joins names far apart.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, product

from ..model import EntityType
from ..rules import RuleError, alternation, regex, table, word_class, words

# one private-use character per mention type: never printed in news text
SYMBOL = {
    EntityType.COMPANY: "\ue001",
    EntityType.GOVERNMENT_BODY: "\ue002",
    EntityType.ORGANIZATION: "\ue003",
    EntityType.PLACE: "\ue004",
    EntityType.PROJECT: "\ue005",
    EntityType.PROGRAM: "\ue006",
    EntityType.PERSON: "\ue007",
}
# a name the sentence leaves unsaid (the topic of a list item, a mention of no width): one more symbol, read as
# a project by every frame and alone by the frames that need the topic unsaid ({TOPIC})
TOPIC = "\ue008"
_PROJ = SYMBOL[EntityType.PROJECT] + TOPIC
_ORG = SYMBOL[EntityType.COMPANY] + SYMBOL[EntityType.GOVERNMENT_BODY] + SYMBOL[EntityType.ORGANIZATION]
_ANY = "".join(SYMBOL.values()) + TOPIC
_BIZ = SYMBOL[EntityType.COMPANY] + SYMBOL[EntityType.ORGANIZATION]
_NAMES_BUT_PLACES = _ANY.replace(SYMBOL[EntityType.PLACE], "")
_NOT_ACTING = alternation(word_class("relation_cues", "partnerOf.not_acting"))
_WHEN_CHARS = re.escape("".join(word_class("relation_cues", "modifier.date_char")))
_ADVERB = alternation(word_class("relation_cues", "modifier.adverb"))
_PREPOSITION = alternation(word_class("relation_cues", "modifier.preposition"))
LIST_JOINERS = re.escape("".join(words("list_joiners")))
PLACEHOLDERS = {
    "ORG": f"[{_ORG}]",
    "COMPANY": SYMBOL[EntityType.COMPANY],
    "GOV": SYMBOL[EntityType.GOVERNMENT_BODY],
    "PLACE": SYMBOL[EntityType.PLACE],
    "PROJECT": f"[{_PROJ}]",
    "TOPIC": TOPIC,
    "PROGRAM": SYMBOL[EntityType.PROGRAM],
    "PERSON": SYMBOL[EntityType.PERSON],
    "ORGPROJ": f"[{_ORG}{_PROJ}]",  # an organization or a project: what is sited somewhere
    # a 、/和/及-list of organizations (two or more members, or one)
    "ORGS": f"[{_ORG}](?:[{LIST_JOINERS}][{_ORG}])*",
    "PROJECTS": f"[{_PROJ}](?:[{LIST_JOINERS}][{_PROJ}])*",
    # a few words that are no name and cross no clause: the filler between a cue and a name
    "W": f"[^{_ANY}，,。；;！？!?\\n]",
    # a modifier between a name and its cue: a word, a place or a date (甲与乙于3月在某市签署), but no word of
    # talks, intention or attendance (洽谈, 意向, 出席: no partnership, GUIDELINES)
    "MOD": f"(?:(?!{_NOT_ACTING})[^{_NAMES_BUT_PLACES}，,。；;！？!?\\n])",
    # an adverb or a date between a name and its verb (于2030年3月正式, 日前, 在某县), not a noun: 甲集团某某园落户
    # names the park, not the company, as what settles
    "ADV": f"(?:{_ADVERB}|[\\d{_WHEN_CHARS}]|{_PREPOSITION}{SYMBOL[EntityType.PLACE]}?)",
    # a company or another organization, not a government body: what a place holds (某县的甲公司)
    "BIZ": f"[{_BIZ}]",
    "BIZS": f"[{_BIZ}](?:、[{_BIZ}])*",
    "BIZPROJS": f"[{_BIZ}{_PROJ}](?:、[{_BIZ}{_PROJ}])*",
}
RELATIONS = ("locatedIn", "undertakes", "partnerOf", "partOf", "issuedBy")
WINDOW = 200  # characters: the longest clause window a frame looks at


@dataclass(frozen=True)
class Frame:
    name: str
    relation: str
    regex: re.Pattern


@dataclass(frozen=True)
class FrameFact:
    relation: str
    subject: int  # index into the mention list
    object: int
    start: int  # evidence span, offsets into the text
    end: int
    rule: str


def compile_frame(text: str, where: str, article: bool = False) -> re.Pattern:
    """A frame's regular expression with its placeholders filled in."""
    def fill(m: re.Match) -> str:
        if m.group(1) not in PLACEHOLDERS:
            raise RuleError(f"{where}: unknown placeholder {{{m.group(1)}}} (one of {', '.join(PLACEHOLDERS)})")
        return PLACEHOLDERS[m.group(1)]

    pattern = re.sub(r"\{([A-Z]+)\}", fill, text)
    try:
        regex = re.compile(pattern)
    except re.error as exc:
        raise RuleError(f"{where}: invalid frame ({exc})") from None
    groups = set(regex.groupindex)
    if article and "obj" not in groups:
        raise RuleError(f"{where}: an article frame names the group obj")
    if not article and not ({"subj", "obj"} <= groups or "both" in groups):
        raise RuleError(f"{where}: a frame names the groups subj and obj, or both")
    return regex


@lru_cache(maxsize=None)
def load_frames(name: str = "relation_frames", article: bool = False) -> tuple[Frame, ...]:
    """The frames of one rules file; ``article`` frames name only obj: their subjects are every mention of a
    type in the article (a heading that places the article's projects)."""
    frames = []
    for row in table(name, ("frame", "relation", "regex")):
        where = f"{row.file}:{row.line}"
        if row["relation"] not in RELATIONS:
            raise RuleError(f"{where}: unknown relation {row['relation']!r} (one of {', '.join(RELATIONS)})")
        frames.append(Frame(row["frame"], row["relation"], compile_frame(row["regex"], where, article)))
    return tuple(frames)


def article_objects(text: str, mentions: list, frames: tuple[Frame, ...], lo: int, hi: int) -> list[tuple[Frame, int, int, int]]:
    """(frame, object mention, evidence start, evidence end) for each article frame that matches a sentence of
    ``text[lo:hi]`` (the heading and lead), the first match in each sentence."""
    out = []
    for wlo, whi in windows(text, lo, hi):
        line, offsets, owner = abstract(text, mentions, wlo, whi)
        for frame in frames:
            match = frame.regex.search(line)
            if match:
                objs = _members(match, "obj", owner)
                last = offsets[match.end() - 1] + 1
                first = match.start() + len(match.group()) - len(match.group().lstrip("，, \n"))
                out.extend((frame, o, offsets[first], max(last, mentions[o].end)) for o in objs[:1])
    return out


def windows(text: str, lo: int, hi: int, limit: int = WINDOW) -> list[tuple[int, int]]:
    """[lo, hi) cut at sentence ends, and a run longer than ``limit`` cut at its last clause mark."""
    out = []
    start = lo
    for m in re.finditer(r"[。！？!?\n；;]", text[lo:hi]):
        out.extend(_cut(text, start, lo + m.end(), limit))
        start = lo + m.end()
    out.extend(_cut(text, start, hi, limit))
    return [w for w in out if w[1] > w[0]]


def _cut(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    out = []
    while end - start > limit:
        comma = max(text.rfind(c, start, start + limit) for c in "，,、")
        cut = comma + 1 if comma > start else start + limit
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


_SHORT_FORM_BRACKET = regex("short_form")


def _asides(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The brackets that introduce a short form (（以下简称“某某”）) in text[lo:hi]: asides the frames read past."""
    return [m.span() for m in _SHORT_FORM_BRACKET.finditer(text, lo, hi)]


def abstract(text: str, mentions: list, lo: int, hi: int, first: int = 0) -> tuple[str, list[int], list[int]]:
    """The window's text with each mention inside it as one symbol, and without the asides that introduce
    short forms (甲公司与乙研究院（以下简称“乙院”）签订: the signers stand side by side); for each character of
    the result, its offset in ``text`` and the index of its mention (-1 for plain text). ``first``: the index
    of the first mention that may start in the window (the mentions are sorted by start)."""
    chars: list[str] = []
    offsets: list[int] = []
    owner: list[int] = []
    last = first
    while last < len(mentions) and mentions[last].start < hi:
        last += 1
    pieces = [(s, e, None) for s, e in _asides(text, lo, hi)] + [
        (mentions[i].start, mentions[i].end, i) for i in range(first, last)]
    pos = lo
    # at one offset: an aside, then an unsaid topic (no width), then the name that opens the clause
    for start, end, i in sorted(pieces, key=lambda p: (p[0], p[2] is not None, p[1] > p[0])):
        if start < pos or end > hi:
            continue
        chars.append(text[pos:start])
        offsets.extend(range(pos, start))
        owner.extend([-1] * (start - pos))
        pos = end
        if i is None:
            continue  # an aside: left out
        m = mentions[i]
        chars.append(TOPIC if m.start == m.end and m.type == EntityType.PROJECT else SYMBOL.get(m.type, "\ue000"))
        offsets.append(m.start)
        owner.append(i)
    chars.append(text[pos:hi])
    offsets.extend(range(pos, hi))
    owner.extend([-1] * (hi - pos))
    return "".join(chars), offsets, owner


def _members(match: re.Match, group: str, owner: list[int]) -> list[int]:
    if match.start(group) < 0:
        return []
    return [owner[k] for k in range(match.start(group), match.end(group)) if owner[k] >= 0]


def _facts_of(frame: Frame, match: re.Match, owner: list[int], span: tuple[int, int]) -> list[FrameFact]:
    rule = f"{frame.relation}:{frame.name}"
    if "both" in frame.regex.groupindex and match.start("both") >= 0:
        pairs = combinations(_members(match, "both", owner), 2)
    else:
        pairs = product(_members(match, "subj", owner), _members(match, "obj", owner))
    return [FrameFact(frame.relation, s, o, span[0], span[1], rule) for s, o in pairs if s != o]


def frame_facts(text: str, mentions: list, frames: tuple[Frame, ...] | None = None,
                lo: int = 0, hi: int | None = None) -> list[FrameFact]:
    """Every fact that a frame states among ``mentions`` (sorted, non-overlapping) of ``text[lo:hi]``."""
    frames = load_frames() if frames is None else frames
    hi = len(text) if hi is None else hi
    out: list[FrameFact] = []
    seen: set[tuple[str, int, int]] = set()
    starts = [m.start for m in mentions]
    for wlo, whi in windows(text, lo, hi):
        first, last = bisect_left(starts, wlo), bisect_left(starts, whi)
        if last - first < 2:
            continue  # a relation needs two names in the window
        line, offsets, owner = abstract(text, mentions, wlo, whi, first)
        for frame in frames:
            for match in frame.regex.finditer(line):
                last = mentions[owner[match.end() - 1]].end if owner[match.end() - 1] >= 0 else offsets[match.end() - 1] + 1
                span = (offsets[match.start()], last)
                for fact in _facts_of(frame, match, owner, span):
                    key = (fact.relation, fact.subject, fact.object)
                    if key not in seen:
                        seen.add(key)
                        out.append(fact)
    return out
