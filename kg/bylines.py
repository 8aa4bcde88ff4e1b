"""Bylines and datelines: who wrote an article and for which paper.

Shared by the corpus reader (article metadata) and the extractor (person mentions and their
posts at the newspaper), so the two never disagree about who signed an article.

Forms seen in local papers:
    ■ 本报记者 王培源            本报通讯员 郭玉玺
    本报讯 (记者 张洁 通讯员 赵凯 赵胜岭)
    □记者 薛良诚 通讯员 金增秀 报道      □记 者 薛良诚 / 通讯员 刘淑娟 罗珂 报道
    ■ 朱海波                      ■ 聊城市科学技术局党组书记、局长 王相东
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# A role word, possibly spaced out in narrow columns (记 者), and the names after it.
_ROLE = r"(?P<role>(?:本报)?(?:特约)?(?:记\s*者|通\s*讯\s*员|实\s*习\s*生|摄\s*影|见习记者))"
_NAME = r"[\u4e00-\u9fff·]{2,6}"
_ROLE_WORD = re.compile(_ROLE)
_STOP_NAMES = {"报道", "摄影", "摄", "文", "图"}
# 本报讯, 本报聊城讯, 新华社北京2月5日电, 大众日报记者 …
DATELINE = re.compile(
    r"^(?:本报(?P<bureau>[\u4e00-\u9fff]{0,4})讯|(?P<agency>新华社|中新社|人民网|央视网)(?P<place>[\u4e00-\u9fff]{2,4}?)"
    r"(?:(?P<month>\d{1,2})月(?P<day>\d{1,2})日)?电)"
)
BYLINE_START = re.compile(r"^[■□▲●◆]\s*\S|^(?:本报)?(?:记\s*者|通\s*讯\s*员)\s*[\u4e00-\u9fff]")
_MARK_SIGNATURE = re.compile(r"^[■□▲●◆]\s*(?P<who>[^\n]{1,40})$")
_TRAILING_REPORT = re.compile(r"\s*报道\s*$")


@dataclass
class Signer:
    role: str  # 记者, 通讯员, or "" for a plain signature (■ 朱海波)
    name: str
    start: int  # offsets into the text that was parsed
    end: int
    title_text: str = ""  # for a signature with a title: "聊城市科学技术局党组书记、局长"


def _norm_role(raw: str) -> str:
    raw = re.sub(r"\s+", "", raw)
    raw = raw.removeprefix("本报").removeprefix("特约")
    return "记者" if raw == "见习记者" else raw


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
            if name.group() in _STOP_NAMES or not re.fullmatch(_NAME, name.group()):
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


def signers_gap_breaks(gap: str) -> bool:
    """Text between two names other than spaces ends the byline (本报讯 (记者 张洁) 12月…)."""
    return bool(re.search(r"[^\s:：]", gap))


def is_byline(paragraph: str) -> bool:
    """A paragraph that only signs the article (no body text after the names)."""
    p = paragraph.strip()
    if not p or len(p) > 60 or re.search(r"[。！？!?]", p):
        return False
    return bool(BYLINE_START.match(p)) and bool(parse_signers(p))


def dateline_bracket(paragraph: str) -> tuple[int, int] | None:
    """The span of ``本报讯 (记者 张洁 通讯员 赵凯)`` brackets right after a dateline, if any."""
    m = DATELINE.match(paragraph)
    if not m:
        return None
    rest = paragraph[m.end():]
    b = re.match(r"\s*[(（]([^()（）]{1,60})[)）]", rest)
    if not b:
        return None
    return m.end() + b.start(1), m.end() + b.end(1)
