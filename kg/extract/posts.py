"""Posts by the grammar of title chains, read over the sentence with each mention as one symbol.

A post is printed as a chain of links before the name: each link is [body] title(、title)*, links are
joined by 、 (or by a comma when the link before opens a clause with its own body), and a link without a
body holds its titles at the body of the link before it:

    县委书记、县长王某                      县委: 书记; the implied county government: 县长 (GUIDELINES D4)
    某集团党委书记、董事长 王某              某集团: 党委书记, 董事长
    县委常委、统战部部长、县总工会主席王某    three links, three bodies
    县人大常委会副主任，县商会会长王某        a comma before a link with its own body
    副县长王某、李某                        several names after one title each hold it

Titles may also follow the name: 王某（某集团董事长）, 王某任某局局长. The chain is parsed right to left
from the name over frames.abstract's line, so a body is one symbol whatever words the segmenter cut.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from ..model import ORG_TYPES, EntityType
from ..rules import alternation, regex, word_class
from .frames import SYMBOL, abstract
from .lexicon import TITLE_RE
from .patterns import ORG_SUFFIX_END

# titles of one body: 党委书记、董事长; 董事长兼总经理 (relation_cues post.title_joiner)
_TITLE_JOINER = "(?:、|" + alternation(word_class("relation_cues", "post.title_joiner")) + ")"
_TITLES = "(?:" + TITLE_RE.pattern + ")(?:" + _TITLE_JOINER + "(?:" + TITLE_RE.pattern + "))*"
_TITLES_TAIL = re.compile(_TITLES + "$")
_ORG_SYMBOLS = frozenset(SYMBOL[t] for t in ORG_TYPES)
_ORG_CLASS = "[" + "".join(sorted(_ORG_SYMBOLS)) + "]"
_PERSON = SYMBOL[EntityType.PERSON]
_LINK_JOINER = "、"
_CLAUSE_COMMA = "，,"
_CLAUSE_OPEN = "，,。；;：:！？!?\n（(“ 　"  # what stands before a body that opens a comma-joined link
_NAME_GAP = " 　·\t"  # between a chain and its name (董事长 王某)
_NAME_LIST = "、"  # between names that share one title (王某与李某: the second may hold another post)
# 王某（某集团董事长）; 王某，某集团董事长，; 王某任某局局长: body and titles after the name, up to the clause's end
_AFTER_NAME = re.compile(
    "(?:[（(，,]|" + alternation(word_class("relation_cues", "post.after_verb")) + ")"
    + "(?P<body>" + _ORG_CLASS + ")(?P<titles>" + _TITLES + ")(?=[）)，,。；;！？!?\n]|$)")
_REACH = 80  # characters before a name that its chain may take
_UNNAMED_BODY = 12  # the longest body name that may stand unfound inside a chain
_ANAPHOR_HEAD = regex("anaphor_head")
_SENT_BY = re.compile(_ORG_CLASS + "(?:" + regex("dispatch").pattern + ")$")  # a sender before the body served


@dataclass
class Link:
    body: int | None  # mention index of the link's body; None when printed without one
    titles: list[str]
    start: int  # offset in the text where the link begins (its body, or its first title)
    implied: bool = False  # the body is the implied government printed as its head's title (副县长)
    unnamed: bool = False  # a body printed but found as no mention (某某商会会长): its titles go nowhere


def _titles(chain: str) -> list[str]:
    return [t for t in (m.group() for m in TITLE_RE.finditer(chain)) if t]


class Line:
    """The abstract line of one stretch of text: mentions as symbols, with offsets and owners."""

    def __init__(self, text: str, ms: list, lo: int, hi: int) -> None:
        starts = [m.start for m in ms]
        self.text, self.ms = text, ms
        self.chars, self.offsets, self.owner = abstract(text, ms, lo, hi, bisect_left(starts, lo))

    def link_before(self, pos: int) -> tuple[Link | None, int]:
        """The link that ends at ``pos`` of the line, and the position where it begins."""
        owner = self.owner[pos - 1] if pos > 0 else -1
        if owner >= 0 and self.ms[owner].rule == "implied-body":
            m = self.ms[owner]
            return Link(owner, [self.text[m.start:m.end]], m.start, implied=True), pos - 1
        tail = _TITLES_TAIL.search(self.chars, 0, pos) if pos else None
        if tail is None or tail.start() == pos:
            return self._glued_title(pos)
        at, titles = tail.start(), _titles(tail.group())
        while at > 1 and self.chars[at - 1] in _NAME_GAP and self.chars[at - 2] in _ORG_SYMBOLS:
            at -= 1  # 某某有限公司 董事长: a space between the body and its title
        if at > 0 and self.chars[at - 1] in _ORG_SYMBOLS:
            sent = _SENT_BY.search(self.chars, 0, at - 1)
            at = sent.start() + 1 if sent else at  # 某局派驻某公司服务专员: the sender's post, not the company's
            body = self.owner[at - 1]
            return Link(body, titles, self.ms[body].start), at - 1
        return Link(None, titles, self.offsets[at]), at

    def _glued_title(self, pos: int) -> tuple[Link | None, int]:
        """宣传部长, 公安局长: a body's last character is the first of its head's title (部 of 部长)."""
        k = pos
        while k > 0 and pos - k < 2 and self.owner[k - 1] < 0:
            k -= 1
        body = self.owner[k - 1] if k > 0 and k < pos else -1
        if body < 0 or self.chars[k - 1] not in _ORG_SYMBOLS:
            return None, pos
        m = self.ms[body]
        title = self.text[m.end - 1:m.end] + self.chars[k:pos]
        if not TITLE_RE.fullmatch(title):
            return None, pos
        return Link(body, [title], m.start), k - 1

    def chain_before(self, pos: int) -> list[Link]:
        """The links of the chain that ends at ``pos``, left to right."""
        links: list[Link] = []
        while True:
            link, at = self.link_before(pos)
            if link is None:
                return links
            links.insert(0, link)
            if link.body is None:
                at = self._unnamed_body(link, at)
            joiner = self.chars[at - 1] if at > 0 else ""
            if joiner == _LINK_JOINER:
                pos = at - 1
            elif joiner and joiner in _CLAUSE_COMMA and self._opens_clause(at - 1):
                pos = at - 1
            else:
                return links

    def _unnamed_body(self, link: Link, at: int) -> int:
        """某某商会会长、某某协会会长: plain text ending in an organization suffix, after a link joiner, is a
        body the chain walks over (its titles go nowhere); a bare head (集团) is the anaphor of a named one."""
        k = at
        while k > 0 and at - k < _UNNAMED_BODY and self.chars[k - 1] not in _ORG_SYMBOLS | {_PERSON} \
                and self.chars[k - 1] not in _LINK_JOINER + _CLAUSE_OPEN:
            k -= 1
        body = self.chars[k:at]
        # 某某办公室副主任、新闻发布处处长: a unit named by the first character of its head's title (处 of 处长)
        kind_named = len(body) >= 2 and link.titles and body[-1] == link.titles[0][0]
        if k == at or k == 0 or self.chars[k - 1] != _LINK_JOINER or _ANAPHOR_HEAD.fullmatch(body) \
                or not (ORG_SUFFIX_END.search(body) or kind_named):
            return at
        link.unnamed, link.start = True, self.offsets[k]
        return k

    def _opens_clause(self, pos: int) -> bool:
        """省人大常委会副主任，… : the link before the comma has its own body at a clause's start."""
        link, at = self.link_before(pos)
        return link is not None and link.body is not None and (at == 0 or self.chars[at - 1] in _CLAUSE_OPEN)


def _name_start(line: Line, pos: int) -> int:
    """Where the chain of the name ending the line must end: before the gap, or before a list of names."""
    while pos > 0 and line.chars[pos - 1] in _NAME_GAP:
        pos -= 1
    if not line.link_before(pos)[0]:
        while pos >= 2 and line.chars[pos - 1] in _NAME_LIST and line.chars[pos - 2] == _PERSON:
            pos -= 2
        while pos > 0 and line.chars[pos - 1] in _NAME_GAP:
            pos -= 1
    return pos


def chain_of(text: str, ms: list, pi: int) -> list[Link]:
    """The title chain printed right before the person ``pi`` (or before the list of names it ends)."""
    p = ms[pi]
    lo = max(text.rfind("\n", 0, p.start) + 1, p.start - _REACH)
    line = Line(text, ms, lo, p.start)
    return line.chain_before(_name_start(line, len(line.chars)))


def after_name(text: str, ms: list, pi: int) -> list[Link]:
    """王某（某集团董事长）, 王某任某局局长: a body and titles printed right after the name."""
    p = ms[pi]
    end = min(len(text), p.end + _REACH)
    line = Line(text, ms, p.end, end)
    m = _AFTER_NAME.match(line.chars)
    if not m:
        return []
    body = line.owner[m.start("body")]
    return [Link(body, _titles(m.group("titles")), ms[body].start)]
