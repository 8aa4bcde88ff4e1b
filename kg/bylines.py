"""Bylines and datelines: who wrote an article and for which paper.

Shared by the corpus reader (article metadata) and the extractor (person mentions and their
posts at the newspaper), so the two never disagree about who signed an article.

Forms seen in local papers:
    ■ 本报记者 柏文澜            本报通讯员 蒲一鸣
    本报讯 (记者 柏文澜 通讯员 蒲一鸣 洪雨桐)
    □记者 柏文澜 通讯员 蒲一鸣 报道      □记 者 柏文澜 / 通讯员 蒲一鸣 洪雨桐 报道
    ■ 柏文澜                      ■ 临江市科学技术局党组书记、局长 蒲一鸣
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .rules import regex, word_class

# A role word, possibly spaced out in narrow columns (记 者), and the names after it.
_ROLE_WORD = regex("byline_role")
_NAME = r"[\u4e00-\u9fff·]{2,6}"
_STOP_NAMES = frozenset(word_class("bylines", "stop_name"))
_OUTLET_END = frozenset(word_class("bylines", "outlet_end"))  # 编辑:某某网 credits an outlet, not a person
_ROLE_PREFIXES = word_class("bylines", "role_prefix")
_TRAINEE = word_class("bylines", "trainee_reporter")
_REPORTER = word_class("bylines", "reporter")[0]
_STATIONED = regex("stationed_role")
_SURNAMES = frozenset(word_class("persons", "surname")) | frozenset(word_class("persons", "compound_surname"))
# 本报讯, 本报某某讯, 新华社北京2月5日电 …
DATELINE = regex("dateline")
BYLINE_START = regex("byline_start")
_MARK_SIGNATURE = re.compile(r"^[■□▲●◆]\s*(?P<who>[^\n]{1,40})$")
_TRAILING_REPORT = regex("trailing_report")


@dataclass
class Signer:
    role: str  # 记者, 通讯员, or "" for a plain signature (■ 柏文澜)
    name: str
    start: int  # offsets into the text that was parsed
    end: int
    title_text: str = ""  # for a signature with a title: "临江市科学技术局党组书记、局长"


def _norm_role(raw: str) -> str:
    raw = re.sub(r"\s+", "", raw)
    for prefix in _ROLE_PREFIXES:
        raw = raw.removeprefix(prefix)
    raw = _STATIONED.sub("", raw)  # 驻京记者: a reporter
    return _REPORTER if raw in _TRAINEE else raw


def parse_signers(text: str, offset: int = 0) -> list[Signer]:
    """Every (role, name) in a byline or in a dateline's brackets, with offsets (shifted by ``offset``)."""
    signers: list[Signer] = []
    roles = list(_ROLE_WORD.finditer(text))
    for n, match in enumerate(roles):
        role = _norm_role(match.group("role"))
        stop = roles[n + 1].start() if n + 1 < len(roles) else len(text)
        segment = text[match.end():stop]
        last = 0
        for name in re.finditer(r"[\u4e00-\u9fff·]+", segment):
            if signers_gap_breaks(segment[last:name.start()]):
                break  # names in a byline are separated by spaces; anything else ends the run
            if name.group() in _STOP_NAMES or not re.fullmatch(_NAME, name.group()) or name.group()[-1] in _OUTLET_END \
                    or _TRAILING_REPORT.search(name.group()) or _body_text(segment, name):  # 某地报道 closes the byline
                break
            s = match.end() + name.start()
            signers.append(Signer(role, name.group(), offset + s, offset + s + len(name.group())))
            last = name.end()
    if signers:
        return signers
    sig = _MARK_SIGNATURE.match(text.strip())
    if sig:
        who = _TRAILING_REPORT.sub("", sig.group("who")).strip()
        base = text.index(who)
        parts = who.rsplit(" ", 1)
        if len(parts) == 2 and re.fullmatch(_NAME, parts[1]):
            title, name = parts
            start = base + len(title) + 1
            signers.append(Signer("", name, offset + start, offset + start + len(name), title.strip()))
        elif re.fullmatch(r"[\u4e00-\u9fff]{2,4}", who):
            signers.append(Signer("", who, offset + base, offset + base + len(who)))
    return signers


def _body_text(segment: str, name: re.Match) -> bool:
    """记者了解到，…: a body sentence that opens with the role word, not a name: glued to the role, without a
    surname, and followed by the sentence's punctuation rather than a space, a bracket or the line's end."""
    glued = name.start() == 0
    after = segment[name.end():name.end() + 1]
    surname = name.group()[:1] in _SURNAMES or name.group()[:2] in _SURNAMES
    return glued and not surname and after in tuple("，。；！？,;!?")


def signers_gap_breaks(gap: str) -> bool:
    """Text between two names other than spaces ends the byline (本报讯 (记者 柏文澜) 12月…)."""
    return bool(re.search(r"[^\s:：]", gap))


def is_byline(paragraph: str) -> bool:
    """A paragraph that only signs the article (no body text after the names)."""
    p = paragraph.strip()
    if not p or len(p) > 60 or re.search(r"[。！？!?]", p):
        return False
    return bool(BYLINE_START.match(p)) and bool(parse_signers(p))


def dateline_bracket(paragraph: str) -> tuple[int, int] | None:
    """The span of ``本报讯 (记者 柏文澜 通讯员 蒲一鸣)`` brackets right after a dateline, if any."""
    m = DATELINE.match(paragraph)
    if not m:
        return None
    rest = paragraph[m.end():]
    b = re.match(r"\s*[(（]([^()（）]{1,60})[)）]", rest)
    if not b:
        return None
    return m.end() + b.start(1), m.end() + b.end(1)
