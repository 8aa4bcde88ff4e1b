"""Programs (policies, plans, documents, campaigns, meetings) and projects, and typed lists (A、B等企业)."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer import Gazetteer
from ..model import ORG_TYPES, EntityType
from ..rules import regex
from . import lexicon as lex
from .base import PUNCT, Cand, TokenIndex, tag_of, text_of, walk_left
from .orgs import generic_kind
from .patterns import (INSTITUTION_SUFFIX_END, ISSUER_BEFORE_QUOTE, MEETING_END, MEETING_RE, ORG_SUFFIX_END, PLAN_KIND,
                       PROGRAM_SUFFIX_RE, PROJECT_RE)

_DOC_TITLE = re.compile(r"《[^《》\n]{2,60}》")
_QUOTED = re.compile(r"[“\"‘]([^“”\"‘’\n]{1,24})[”\"’]")
_SLOGAN = regex("slogan")
# a quoted name ending in one of these is a program by itself (“某某课”, “某某制”)
_NAMED_KIND = regex("named_kind")
_FUND_RE = regex("fund")
_FIVE_YEAR = regex("five_year")
_FIVE_YEAR_BARE = regex("five_year_bare")
_LIST_RE = regex("typed_list")  # the first 等 ends the list (…某某大学等高等院校)
# (category noun, type), longest noun first
_CATEGORIES = tuple(sorted(((noun, t) for t, nouns in lex.CATEGORY_NOUNS.items() for noun in nouns), key=lambda x: -len(x[0])))
_QUOTE_CHARS = "“”\"‘’"
_ORG_END = regex("list_org_end")
_MEDIA_TITLE = regex("media_title")
_HEADLINE_BEFORE = regex("headline_before")
_FROM_TO = regex("from_to")
_CHANNEL_AFTER = regex("channel_after")
_BELT = regex("belt")
_QUOTED_NEXT = regex("quoted_next")
_BRAND_LIST = regex("brand_list")
_NO_NAME_AFTER_QUOTE = regex("no_name_after_quote")
_MEETING_DATE_CORE = regex("meeting_date_core")
_SHORT_FORM_ASIDE = regex("short_form")
_PROJECT_NUMBER = regex("project_number")
_COUNT_CORE = regex("count_core")
_PROGRAM_BEFORE_PROJECT = regex("program_before_project")
_KEY_PROJECT = regex("key_project")
_SCOPE_FRONT = regex("scope_front")
_PROJECT_STATUS = regex("project_status")
_BULLET_ITEM = regex("bullet_item")
_BULLET_HEAD_END = regex("bullet_head_end")
_COMPANY_WORD = regex("company_word")
_LIST_GAP = regex("list_gap")
_LIST_COUNTED = regex("list_counted")
_LEVELED_TITLES = regex("leveled_titles")
_OWN_PROGRAM = regex("own_program")
_AGREEMENT_AFTER = regex("agreement_after")
_PLAN_YEARS = regex("plan_years")
_PROJECT_END = re.compile("(?:" + PROJECT_RE.pattern + ")$")
_QUOTE_TAIL = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:" + PROGRAM_SUFFIX_RE.pattern + ")")
_SUFFIX_AT_END = re.compile("(?:" + PROGRAM_SUFFIX_RE.pattern + ")$")


def _meeting_stop(word: str) -> bool:
    """出席, 召开 …, also glued to the word before (应邀出席 as one word): nothing from there on names the meeting."""
    return word in lex.MEETING_STOPS or any(word.endswith(s) for s in lex.MEETING_STOPS if len(s) >= 2)


def _meeting_left(doc: Doc, start: int) -> int:
    """Meeting names hold verbs (动员部署会议) and 暨: walk left to punctuation or a clause word."""
    text = text_of(doc)
    idx = TokenIndex.of(doc)
    ti = idx.token_at(start) - 1
    if _meeting_stop(text[idx.starts[ti + 1]:start]):
        return start  # 出席会议 as one word: nothing before the verb names the meeting
    persons = [(c.start, c.end) for c in doc._.cands or () if c.type == EntityType.PERSON and c.end <= start]
    new_start = start
    while ti >= 0 and start - idx.starts[ti] <= 40:
        w, tag = idx.words[ti], idx.tags[ti]
        if idx.ends[ti] != idx.starts[ti + 1]:
            break  # a space between words: menu items or a layout gap, not one name
        if any(ps <= idx.starts[ti] < pe for ps, pe in persons):
            break  # 某某主任张某主持会议: a person is never part of a meeting's name
        if ti > 0 and idx.words[ti - 1].isdigit() and (w in lex.MEETING_COUNTS or w in lex.MEETING_ORDINALS
                                                      and ti > 1 and idx.words[ti - 2] in lex.ORDINAL_MARKS):
            new_start = idx.starts[ti - 1]  # 建区30周年, 第9次: the count belongs to the name
            ti -= 2
            continue
        if w in lex.MEETING_ORDINALS:
            break  # 办了8届某某论坛: a count of meetings, not part of the name
        if w[0] in lex.MEETING_ORDINALS and ti > 0 and idx.words[ti - 1].isdigit():
            new_start = idx.starts[ti] + 1  # the count glued to the name's first word (届某某)
            break
        if w in ("“", "”", "‘", "’"):
            new_start = idx.starts[ti]
            ti -= 1
            continue
        bracketed = _bracketed_place(text, idx.starts[ti]) if w in (")", "）") else -1
        if bracketed >= 0:
            new_start = bracketed  # 2030中国（某市）国际某某博览会: the host city in brackets is in the name
            ti = idx.token_at(bracketed) - 1
            continue
        opening = text.rfind("《", max(0, idx.starts[ti] - 40), idx.starts[ti]) if w == "》" else -1
        if opening >= 0 and start - idx.ends[ti] <= 6 and "》" not in text[opening:idx.starts[ti]]:
            new_start = opening  # 解读《某某办法》新闻发布会: the document a meeting is about is in its name
            ti = idx.token_at(opening) - 1
            continue
        if any(ch in PUNCT for ch in w) or tag in ("p", "u", "uj", "ul", "r", "d", "t", "f", "c") \
                and w not in lex.MEETING_CONJUNCTIONS:
            break
        if _meeting_stop(w):
            break
        if re.fullmatch(r"\d+", w) and ti > 0 and idx.words[ti - 1] in lex.MONTH_WORDS:
            break
        new_start = idx.starts[ti]
        ti -= 1
    # quotes must balance: drop an unmatched opening fragment
    while text[new_start:start].count("“") < text[new_start:start].count("”") and new_start < start:
        new_start = text.index("”", new_start) + 1
    return new_start


def _bracketed_place(text: str, close: int) -> int:
    """Where the bracket closing at ``close`` opens when it holds a place only (（某市）), else -1."""
    opening = max(text.rfind("(", max(0, close - 6), close), text.rfind("（", max(0, close - 6), close))
    inner = text[opening + 1:close]
    if opening < 0 or len(inner) < 2 or not Gazetteer.load().lookup(inner):
        return -1
    return opening


def _after_program_verb(text: str, start: int, limit: int) -> int:
    """深化“一企一策”行动: the verb that takes the program is not part of its name.

    The first verb of the walk is the one; a verb further right is inside the name (某某培育计划)."""
    return _after_verb(text, start, limit, lex.PROGRAM_VERBS, first=True)


def _after_verb(text: str, start: int, limit: int, verbs, first: bool = False) -> int:
    """Where a name starts after one of ``verbs`` inside the walk: the last such verb (投资建设|某某…项目),
    or with ``first`` the first one. Without a verb, ``start``."""
    found = [(k, k + len(v)) for v in verbs for k in [text.find(v, start, limit) if first else text.rfind(v, start, limit)]
             if k >= 0 and k + len(v) < limit]
    if not found:
        return start
    if first:  # the leftmost verb; of two starting there, the longer
        return -min((k, -end) for k, end in found)[1]
    return max(end for _, end in found)


def _prefix_left(doc: Doc, start: int, max_len: int = 12) -> int:
    """The qualifier in front of a quoted name (新能源“12345”工程), not the verb before it (优化“6+3”机制);
    the quoted part follows, so a verb may end right at the quote."""
    return _after_program_verb(text_of(doc), walk_left(doc, start, max_len=max_len), start + 1)


def document_titles(doc: Doc) -> tuple[list[Cand], list[tuple[int, int]]]:
    """《documents》 as programs, 《papers》 as organizations; and the spans of news headlines."""
    text = text_of(doc)
    out: list[Cand] = []
    headlines: list[tuple[int, int]] = []
    for m in _DOC_TITLE.finditer(text):
        if _MEDIA_TITLE.search(m.group()):
            out.append(Cand(m.start(), m.end(), EntityType.ORGANIZATION, "media-title", 4))  # 《某某日报》 is the paper
            continue
        if "——" in m.group() or _HEADLINE_BEFORE.search(text[max(0, m.start() - 4):m.start()]):
            headlines.append((m.start(), m.end()))  # a news story's headline: what it names inside still counts
            continue
        out.append(Cand(m.start(), m.end(), EntityType.PROGRAM, "doc-title", 4))
    return out, headlines


def _quote_tail(text: str, q_end: int) -> re.Match | None:
    """The program suffix after a quote (“某某”工程), unless it belongs to another phrase."""
    tail = _QUOTE_TAIL.match(text[q_end:q_end + 14])
    if not tail:
        return None
    front = tail.group()[:_SUFFIX_AT_END.search(tail.group()).start()]  # the suffix's own verb (新闻发布会) is no clause
    if any(ch in front for ch in lex.TAIL_BREAK_CHARS) or any(v in front for v in lex.CLAUSE_VERBS):
        return None  # “某某友好年”并启动系列庆祝活动: the suffix belongs to another phrase
    return tail


def _not_a_quoted_name(text: str, q_start: int, q_end: int, inner: str) -> bool:
    """Stages of a change, a channel's name, a theme's words, a descriptor or a role in quotes."""
    after = text[q_end:q_end + 4]
    if text[max(0, q_start - 1):q_start] in lex.FROM_WORDS and _FROM_TO.match(after):
        return True  # 从“临时试点”到“示范标杆”: stages of a change, not names
    # 型 / 式 end a descriptor (“靶向式”招商), not a word that ends in them (“千企转型”工程)
    descriptor = inner.endswith(lex.DESCRIPTOR_CHARS) and tag_of(inner[-2:]) not in ("n", "v", "vn")
    return bool(_CHANNEL_AFTER.match(after) or descriptor or lex.TITLE_RE.fullmatch(inner))


def _quoted_with_suffix(doc: Doc, q_start: int, q_end: int, tail: re.Match) -> list[Cand]:
    """“quoted” + program suffix, with words in front: a meeting, or a program and its quoted core."""
    text = text_of(doc)
    end = q_end + tail.end()
    suffix = text[end - 2:end]
    start = _prefix_left(doc, q_start, 10) if q_start > 0 and text[q_start - 1] not in PUNCT else q_start
    if ISSUER_BEFORE_QUOTE.search(text[start:q_start]):
        start = q_start  # 市委“1234”工作思路: the issuer in front is a name of its own
    if suffix in lex.PLENARY_SUFFIXES or tail.group().endswith(lex.MEETING_SUFFIXES):
        return [Cand(_meeting_left(doc, q_start), end, EntityType.PROGRAM, "meeting", 3)]
    return [Cand(start, end, EntityType.PROGRAM, "quoted+suffix", 3),
            Cand(q_start, q_end, EntityType.PROGRAM, "quoted-core", 0)]


def _quoted_alone(text: str, q_start: int, q_end: int, inner: str) -> list[Cand]:
    """A quoted name without a suffix: a five-year plan, or a slogan by its shape or the verb before it."""
    before = text[max(0, q_start - 4):q_start]
    if _FIVE_YEAR.match(inner):
        return [Cand(q_start, q_end, EntityType.PROGRAM, "five-year-plan", 3, name=f"“{inner}”{lex.PLAN_WORD}")]
    if _SLOGAN.match(inner) or before.endswith(lex.PROGRAM_VERBS) or before.endswith(lex.LEVELS):
        if len(inner) >= 2 and not re.fullmatch(r"[\d.%]+", inner):
            return [Cand(q_start, q_end, EntityType.PROGRAM, "quoted-slogan", 2)]
    return []


def _body_ends_at(doc: Doc, at: int) -> bool:
    """Whether an organization the rules before found ends at ``at``."""
    return any(c.end == at and c.type in ORG_TYPES for c in doc._.cands)


def _quoted_program(doc: Doc, m: re.Match) -> list[Cand]:
    """One quoted phrase: a stretch of land, a named kind, a listed name, a program with its suffix, a slogan."""
    text = text_of(doc)
    q_start, q_end, inner = m.start(), m.end(), m.group(1)
    if any(ch in inner for ch in "，。,;；!！?？、"):
        return []
    tail = _quote_tail(text, q_end)
    if _not_a_quoted_name(text, q_start, q_end, inner):
        return []
    belt = _BELT.match(text[q_end:q_end + 4] + text[q_end + 4:q_end + 8])
    if belt:
        return [Cand(q_start, q_end + belt.end(), EntityType.PLACE, "quoted-belt", 3)]  # “两河”养生带: a stretch of land
    if MEETING_END.search(inner) or _NAMED_KIND.search(inner):
        # 某某经济“一号工程”, 某某链“某某制”: a qualifier in front belongs to the name
        start = _prefix_left(doc, q_start, 6) if q_start > 0 and text[q_start - 1] not in PUNCT else q_start
        if ISSUER_BEFORE_QUOTE.search(text[start:q_start]) or _body_ends_at(doc, q_start):
            start = q_start  # 某某厅“千村工程”: the issuer in front is a name of its own
        return [Cand(start, q_end, EntityType.PROGRAM, "quoted-name", 3)]
    if _QUOTED_NEXT.match(text[q_end:q_end + 1]) or re.match(r"[”’]", text[q_start - 1:q_start] if q_start else ""):
        # “某某夜市”“某某生活圈”等: quoted names listed side by side
        brand = _BRAND_LIST.match(text[q_end:q_end + 8])
        if 4 <= len(inner) <= 12 and not tag_of(inner) and not inner.endswith("+") and not brand:
            return [Cand(q_start, q_end, EntityType.PROGRAM, "quoted-list", 2)]
    if tail and not _NO_NAME_AFTER_QUOTE.match(text[q_end:]):
        return _quoted_with_suffix(doc, q_start, q_end, tail)
    return _quoted_alone(text, q_start, q_end, inner)


def quoted_programs(doc: Doc) -> list[Cand]:
    """“quoted” names + program suffix, with words in front (新能源“12345”工程, 某某产业“强链补链”综合试点)."""
    out: list[Cand] = []
    for m in _QUOTED.finditer(text_of(doc)):
        out.extend(_quoted_program(doc, m))
    return out


def five_year_plans(doc: Doc) -> list[Cand]:
    """Five-year plans written without quotes."""
    return [Cand(m.start(), m.end(), EntityType.PROGRAM, "five-year-plan", 2, name=f"“{m.group()[:3]}”{lex.PLAN_WORD}")
            for m in _FIVE_YEAR_BARE.finditer(text_of(doc))]


def meetings(doc: Doc) -> list[Cand]:
    """Meetings without quotes (某某“开门红”动员部署会议)."""
    text = text_of(doc)
    out: list[Cand] = []
    ends = set(TokenIndex.of(doc).ends)
    for m in MEETING_RE.finditer(text):
        if m.end() not in ends:
            continue  # 会议厅, 会议室: a room where meetings are held, not a meeting
        start = _meeting_left(doc, m.start())
        if _MEETING_DATE_CORE.fullmatch(text[start:m.start()]):
            start = _body_before(doc, start)  # 2030年年会 is the meeting of the body named before it
        end = m.end()
        if text[start:start + 1] == "“" and "”" not in text[start:end] and text[end:end + 1] == "”":
            end += 1  # “某某论坛暨签约仪式”: the quote that opens the name closes it
        if m.start() - start >= 2 and not text[start:end].startswith(lex.THIS_MEETING):
            out.append(Cand(start, end, EntityType.PROGRAM, "meeting", 2))
    return out


def funds(doc: Doc) -> list[Cand]:
    """省…财政奖补资金: a fund a government runs."""
    text = text_of(doc)
    out: list[Cand] = []
    for m in _FUND_RE.finditer(text):
        start = walk_left(doc, m.start(), max_len=16)
        if start < m.start() - 2 and text.startswith(lex.FUND_LEVELS, start):
            out.append(Cand(start, m.end(), EntityType.PROGRAM, "fund-grammar", 1))
    return out


def named_plans(doc: Doc) -> list[Cand]:
    """Named plans without quotes (某某企业培育计划)."""
    text = text_of(doc)
    out: list[Cand] = []
    for m in PLAN_KIND.finditer(text):
        idx = TokenIndex.of(doc)
        ti = idx.token_at(m.end() - 1)
        if idx.ends[ti] != m.end():
            continue
        start = walk_left(doc, m.start(), max_len=14)
        years = _PLAN_YEARS.search(text, max(0, start - 6), start)
        if years:
            start = walk_left(doc, years.start(), max_len=10)  # 某某三年行动方案: the years are inside the name
        start = _after_program_verb(text, start, m.start())
        name = text[start:m.end()]
        core = text[start:m.start()]
        if m.group() in lex.PLAN_VERBS and (ti + 1 < len(idx.words) and idx.tags[ti + 1] in ("t", "d", "p", "m")
                                            or ORG_SUFFIX_END.search(core)):
            continue  # 机场计划今年开工, 某某有限公司计划投资: 计划 is the verb "plans to"
        if m.group() in lex.QUOTED_MODES and text[start - 1:start] != "”":
            continue  # a mode is a program's name only after the quoted words that spell it (“…”某某融合模式)
        if len(core) < 3 or len(name) > (16 if years else 12) or tag_of(name) or tag_of(core) in ("v", "vn", "a", "d"):
            continue
        if ti > 0 and idx.words[ti] == m.group() and idx.tags[ti - 1] == "a" and len(idx.words[ti - 1]) == 1:
            continue  # 发展新模式: an adjective before the kind makes it a description
        out.append(Cand(start, m.end(), EntityType.PROGRAM, "plan-grammar", 1))
    return out


def program_candidates(doc: Doc) -> list[Cand]:
    """Every program rule, in order; nothing inside a news story's headline is taken but what it names itself."""
    out, headlines = document_titles(doc)
    for step in (quoted_programs, five_year_plans, meetings, funds, named_plans):
        out.extend(step(doc))
    return [c for c in out if not any(hs <= c.start and c.end <= he for hs, he in headlines)]


def _body_before(doc: Doc, start: int) -> int:
    """某某学会（某某联盟）|2030年年会: the start of the body's name (and its bracketed alias)."""
    text = text_of(doc)
    pos = start
    if pos > 0 and text[pos - 1] in ")）":
        opening = max(text.rfind("(", 0, pos - 1), text.rfind("（", 0, pos - 1))
        if opening < 0 or pos - opening > 16 or _SHORT_FORM_ASIDE.fullmatch(text[opening:pos]):
            return start  # 甲乙集团（以下简称“甲乙”）2030年年会: an aside, not a bracketed name; the name starts after it
        pos = opening
    body = walk_left(doc, pos, max_len=16, allow_and=True)
    return body if body < pos and ORG_SUFFIX_END.search(text[body:pos]) else start



# parts of speech that end a project's name when walking left (numbers, measures and idioms do not:
# 年产5万吨某某项目, 某某蛋白项目)
_PROJECT_STOP_TAGS = {"p", "c", "u", "uj", "ul", "uz", "ug", "ud", "uv", "d", "r", "y", "e", "o", "f", "t", "tg", "ad",
                      "dg", "rr", "rz", "k", "h", "i"}
_NAMEISH_TAGS = ("n", "nr", "nz", "ns", "nt", "j", "", "vn", "l")


def _verb_in_name(idx: TokenIndex, ti: int, s: int) -> bool:
    """A verb inside a project's name: the work itself right before the suffix (某某厂房扩建项目, 某某路改造工程),
    or the product's making after a capacity figure (年产5万吨速冻食品项目); a verb that undertakes it is not."""
    w = idx.words[ti]
    if idx.ends[ti] == s:
        return w in lex.PROJECT_WORKS
    return w not in lex.UNDERTAKE_VERBS and len(w) >= 2 and ti > 0 \
        and all(_PROJECT_NUMBER.match(ch) for ch in idx.words[ti - 1]) and not idx.words[ti - 1].isdigit()


def _project_walk(doc: Doc, s: int, max_len: int = 30) -> int:
    """Walk left from a project suffix over the words of its name: names, nouns, figures, capacity verbs
    (年产), 及/和 between nouns, a bracketed place; a verb, a function word or punctuation ends it."""
    idx = TokenIndex.of(doc)
    text = text_of(doc)
    ti = idx.token_at(s)
    start = idx.starts[ti] if idx.starts[ti] < s else s
    ti = idx.token_at(start) - 1 if start > 0 else -1
    while ti >= 0 and s - idx.starts[ti] <= max_len:
        w, tag = idx.words[ti], idx.tags[ti]
        if w in (")", "）"):
            opening = max(text.rfind("(", 0, idx.starts[ti]), text.rfind("（", 0, idx.starts[ti]))
            if opening < 0 or idx.starts[ti] - opening > 5 or any(ch in PUNCT for ch in text[opening + 1:idx.starts[ti]]):
                break
            start = opening  # 某某集团(某市)文化产业园项目
            ti = idx.token_at(opening) - 1
            continue
        if any(ch in PUNCT for ch in w) or w in lex.UNDERTAKE_VERBS or idx.ends[ti] != start:
            break  # punctuation, a verb, or a space the tokenizer kept out of the tokens
        if w in lex.PROJECT_AND:
            prev = idx.words[ti - 1] if ti > 0 else ""
            if not (ti > 0 and idx.tags[ti - 1] in _NAMEISH_TAGS and not PROJECT_RE.search(prev)):
                break  # 某某项目和某某项目: two names; 装备及零部件: one
        elif tag in _PROJECT_STOP_TAGS or tag.startswith("v") and tag != "vn" and w not in lex.NAME_VERBS \
                and w not in lex.PROJECT_CAPACITY and w not in lex.PROJECT_VERBS and not _verb_in_name(idx, ti, s):
            break
        start = idx.starts[ti]
        ti -= 1
    return start


def _list_item_start(text: str, s: int, max_len: int = 24) -> int | None:
    """In 甲项目、乙项目: the item after a 、 that follows a project ends at that 、, whatever the segmenter made of it."""
    k = text.rfind("、", max(0, s - max_len), s)
    if k < 0 or any(ch in PUNCT for ch in text[k + 1:s]) or any(w in text[k + 1:s] for w in lex.PROJECT_LIST_ENDS):
        return None
    return k + 1 if _PROJECT_END.search(text[max(0, k - 6):k]) else None


def _item_head(text: str, pos: int, max_len: int = 36) -> tuple[int, int] | None:
    """The head of the list item on ``pos``'s line (——某某河综合整治工程。由某某公司承建…): from the item's marker to
    its full stop (or a colon, or the line's end), when it is short and no company's sentence."""
    line = text.rfind("\n", 0, pos) + 1
    marker = _BULLET_ITEM.match(text, line)
    stop = _BULLET_HEAD_END.search(text, marker.end()) if marker else None
    if stop is None or not 0 < stop.start() - marker.end() <= max_len:
        return None
    head = text[marker.end():stop.start()]
    if any(ch in PUNCT for ch in head) or _COMPANY_WORD.search(head):
        return None
    return marker.end(), stop.start()


def _bullet_head_start(text: str, s: int, end: int) -> int | None:
    """Where a project's name starts when it is the head of a list item (ending at ``end``, the suffix's end);
    a head with the verb that undertakes it is a sentence, not a name."""
    head = _item_head(text, s)
    if head is None or head[1] != end or any(verb in text[head[0]:s] for verb in lex.UNDERTAKE_VERBS):
        return None
    return head[0]


def _project_start(doc: Doc, text: str, s: int, end: int) -> tuple[int, str]:
    """Where a project's name starts: after the verb that undertakes it, over the figures in it; and how it
    stands: the head of a list item ("head"), an item of a 、-list ("item") or in a sentence ("")."""
    head = _bullet_head_start(text, s, end)
    if head is not None:
        return head, "head"
    listed = _list_item_start(text, s)
    if listed is not None:
        return listed, "item"  # 甲项目、乙建设装备项目: a listed item is a name whole, whatever verb it holds
    start = _after_verb(text, _project_walk(doc, s), s, lex.UNDERTAKE_VERBS)
    # numbers belong to project names (10万台计算机项目): step over them and the words before
    while start > 0 and _PROJECT_NUMBER.match(text[start - 1]):
        prev = start - 1
        while prev > 0 and _PROJECT_NUMBER.match(text[prev - 1]):
            prev -= 1
        start = _project_walk(doc, prev)
    line = text.rfind("\n", 0, start) + 1
    marker = _BULLET_ITEM.match(text, line, s)
    return (marker.end() if marker and start < marker.end() else start), ""  # 1.某某公司…项目: not the item's number


def _has_proper_part(idx: TokenIndex, core: str, start: int, s: int, works: bool = False) -> bool:
    """A named project holds a proper name or a figure, not only common nouns (重点项目, 标杆项目)."""
    toks = range(idx.token_at(start), idx.token_at(s) + (1 if idx.starts[idx.token_at(s)] < s else 0))
    placed = any(idx.tags[t] == "ns" or Gazetteer.load().lookup(idx.words[t]) for t in toks)
    proper = re.search(r"\d", core) or any(idx.tags[t] in ("", "nr", "nz", "nt", "j", "nrt") for t in toks) or (
        # a place with a specific noun after it (某某保税物流中心), not a place with an adjective (某某省重大);
        # works on a named site (某河综合整治工程) need no noun: the suffix says what is built
        placed and (works or idx.tags[toks[-1]] == "n" or idx.words[toks[-1]] in lex.PROJECT_VERBS)
        and len(toks) >= 2)
    return bool(proper) and not (len(toks) == 1 and idx.tags[toks[0]] == "j" and len(core) <= 2)


_UNDERTAKE_ENDS = tuple(lex.UNDERTAKE_VERBS)


def _undertaken_description(text: str, idx: TokenIndex, start: int, s: int) -> bool:
    """某某公司投资建设的糖基新材料产业园项目: a long description right after the verb that undertakes it
    (建设, or 投资建设的) names one project, though it holds no proper name."""
    front = text[max(0, start - 6):start]
    front = front[:-1] if front[-1:] in lex.ATTRIBUTIVE_CHARS else front
    toks = idx.token_at(s - 1) - idx.token_at(start) + 1
    return front.endswith(_UNDERTAKE_ENDS) and s - start >= 5 and toks >= 3


def _quoted_project(text: str, m: re.Match) -> Cand | None:
    """“某某材料的研发与应用”项目: a quoted title with 项目 after it is the project's name, quotes and all."""
    if text[m.start() - 1:m.start()] != "”" or m.group() not in lex.QUOTED_PROJECT_SUFFIXES:
        return None
    q = text.rfind("“", max(0, m.start() - 40), m.start() - 1)
    inner = text[q + 1:m.start() - 1]
    if q < 0 or len(inner) < 4 or any(ch in inner for ch in "，。；、“"):
        return None
    return Cand(q, m.end(), EntityType.PROJECT, "quoted-project", 3)


def project_candidates(doc: Doc) -> list[Cand]:
    text = text_of(doc)
    idx = TokenIndex.of(doc)
    out: list[Cand] = []
    for m in PROJECT_RE.finditer(text):
        quoted = _quoted_project(text, m)
        if quoted is not None:
            out.append(quoted)
            continue
        last = idx.token_at(m.end() - 1)
        if idx.ends[last] != m.end():
            continue
        org_end = ORG_SUFFIX_END.search(text, max(0, m.end() - 12), m.end())
        if org_end and org_end.end() == m.end() and len(org_end.group()) > len(m.group()):
            continue  # 某某信息港: a longer organization suffix holds the project's (港)
        start, stands = _project_start(doc, text, m.start(), m.end())
        scope = _SCOPE_FRONT.match(text, start, m.start())
        start = scope.end() if scope else start  # 全市新开工项目, 我区产业项目: the scope is no part of a name
        core = text[start:m.start()]
        if len(core) < 2 or tag_of(core) in ("n", "vn", "v", "a", "m", "r") and not re.search(r"\d", core):
            continue
        if idx.words[last] in lex.CATEGORY_NOUNS[EntityType.PROJECT] and len(idx.words[last]) > len(m.group()) \
                or _KEY_PROJECT.search(core) and not re.search(r"\d", core):
            continue  # 某某省重大项目, 省重点技改项目: a list a project is put on, not its name
        if _COUNT_CORE.match(core) or _known_place(core) or _PROJECT_STATUS.fullmatch(core):
            continue  # 8个项目, 某某市项目, 新开工项目: a count, a place or a stage, not a name
        if _PROGRAM_BEFORE_PROJECT.search(core):
            continue  # 某某研发计划项目: projects under a program, the program is the name
        works = len(m.group()) > 2 and m.group().endswith(lex.WORKS_WORD)
        if not stands and not _has_proper_part(idx, core, start, m.start(), works) \
                and not _undertaken_description(text, idx, start, m.start()):
            continue  # 研发项目: one everyday abbreviation before 项目 is a kind of project
        end = m.end()
        bracket = re.match(r"\([A-Za-z0-9\u4e00-\u9fff]{1,4}\)", text[end:end + 6])
        if bracket:
            end += bracket.end()  # 某某物流中心(B型)
        out.append(Cand(start, end, EntityType.PROJECT, "project-list-head" if stands == "head" else "project-suffix", 3))
        agreement = _AGREEMENT_AFTER.match(text, end)
        if agreement:  # 某某项目框架协议: the agreement about a named project is a named document
            out.append(Cand(start, agreement.end(), EntityType.PROGRAM, "project-agreement", 3))
    return out


def _known_place(name: str) -> bool:
    gaz = Gazetteer.load()
    return bool(gaz.lookup(name) or gaz.lookup_world(name)) or tag_of(name) == "ns"


def is_cjk_name_part(text: str, start: int) -> bool:
    """True when the character before ``start`` would continue a name (no verb or punctuation stops it)."""
    prev = text[start - 1]
    return tag_of(prev) in ("n", "ns", "nr", "nz") and prev not in lex.NAME_PART_STOP_CHARS


def _list_category(text: str, m: re.Match) -> tuple[int, str, EntityType] | None:
    """The category noun after A、B等 (the nearest, the longest of those), or None."""
    window = re.split(r"[，,。;；:：]", text[m.end():m.end() + 30])[0]
    gap = _LIST_GAP.match(window)
    best = None
    for noun, t in _CATEGORIES:
        k = window.find(noun)
        if k < 0:
            continue
        counted = _LIST_COUNTED.match(window)
        between = window[counted.end():k] if counted else ""
        # 等30余家规模以上工业企业: qualifiers may stand between the count and the noun, but no verb or second
        # count (等4个方面提出18条措施: the list counts aspects, the measures are another phrase)
        near = k <= max(len(gap.group()), 4) or counted and k <= 24 and not re.search(r"\d", between) \
            and not any(v in between for v in lex.CLAUSE_VERBS)
        if near and (best is None or k < best[0] or (k == best[0] and len(noun) > len(best[1]))):
            best = (k, noun, t)
    if best is None:
        return None
    kind = best[2]
    after_noun = m.end() + window.find(best[1]) + len(best[1])
    if kind == EntityType.PROGRAM and tag_of(text[after_noun:after_noun + 2]) == "n":
        return None  # 等多项政策功能: the list names functions, the category noun only qualifies them
    if kind == EntityType.COMPANY and (_LEVELED_TITLES.search(text[max(0, m.start(1) - 4):m.start(1) + len(m.group(1).split("、")[0]) + 1])
                                      or window.startswith(lex.QUALITY_WORDS)):
        return None  # 省级以上单项冠军、专精特新等(优质)企业: titles companies earn, not companies
    return best


def _single_item(doc: Doc, m: re.Match, noun: str, kind: EntityType) -> list[Cand]:
    """One item before 等 (某某某等企业): only a name the dictionary does not know, after a verb."""
    text = text_of(doc)
    s = walk_left(doc, m.end(1), max_len=6)
    item = text[s:m.end(1)]
    if kind == EntityType.COMPANY and 2 <= len(item) <= 6 and not tag_of(item) and s > 0 and not is_cjk_name_part(text, s):
        return [Cand(s, m.end(1), kind, f"list:{noun}", 3)]
    if noun in lex.DISTRICT_CATEGORIES and 2 <= len(item) <= 8 and tag_of(item) in ("", "ns", "nz"):
        return [Cand(s, m.end(1), kind, f"list:{noun}", 2)]  # 某某中轴等11个片区
    return []


def _list_item(doc: Doc, s: int, e: int, noun: str, kind: EntityType) -> Cand | None:
    """One item of A、B、C等<noun>: its type is the noun's unless the item says otherwise."""
    text = text_of(doc)
    item_text = text[s:e]
    if len(item_text) < 2 or tag_of(item_text) in ("v", "vn", "a", "d", "m", "n"):
        return None  # an everyday word (技术, 平台) is no name
    if PROGRAM_SUFFIX_RE.search(item_text[-2:]) and kind != EntityType.PROGRAM:
        if _OWN_PROGRAM.search(item_text) and len(item_text) >= 5:
            return Cand(s, e, EntityType.PROGRAM, "list:own-suffix", 2)  # 某某良种工程 in a list of platforms
        return None
    if kind == EntityType.ORGANIZATION and INSTITUTION_SUFFIX_END.search(item_text) and generic_kind(TokenIndex.of(doc), s, e):
        return None  # 重点实验室, 省工程研究中心: kinds of platform (the suffix rule passed on them too)
    if kind == EntityType.PLACE and noun not in lex.AREA_CATEGORIES and not _known_place(item_text):
        k = next((k for k in range(len(item_text) - 1) if _known_place(item_text[k:])), None)
        if k is None:
            return None
        s += k  # 销售网络覆盖东北: the walk took in the clause; the place is its end
    if _ORG_END.search(item_text) and kind != EntityType.COMPANY and ORG_SUFFIX_END.search(item_text):
        return None  # a name with a legal suffix keeps the kind its suffix gives it (中科院 has none: the list's)
    return Cand(s, e, kind, f"list:{noun}", 3)


def list_candidates(doc: Doc) -> list[Cand]:
    """A、B、C等<category>: every listed item takes the category's type (甲乙、丙丁等龙头企业)."""
    text = text_of(doc)
    out: list[Cand] = []
    for m in _LIST_RE.finditer(text):
        best = _list_category(text, m)
        if best is None:
            continue
        _, noun, kind = best
        items = m.group(1).split("、")
        if len(items) == 1:
            out.extend(_single_item(doc, m, noun, kind))
            continue
        pos = m.start(1)
        for n, item in enumerate(items):
            s, e = pos, pos + len(item)
            pos = e + 1
            if n == 0:
                # the first item's left edge is where the clause's verb or punctuation stops
                s2 = walk_left(doc, e - 1, max_len=len(item)) if len(item) > 1 else s
                s = max(s, min(s2, e - 2))
            cand = _list_item(doc, s, e, noun, kind)
            if cand is not None:
                out.append(cand)
    return out


def _item_sentence(text: str, head_end: int) -> str:
    """The sentence of a list item after its head (to the next full stop or the line's end)."""
    line_end = text.find("\n", head_end)
    line_end = len(text) if line_end < 0 else line_end
    stop = text.find("。", head_end + 1, line_end)
    return text[head_end + 1:stop if stop >= 0 else line_end]


def list_head_projects(doc: Doc) -> list[Cand]:
    """——某某电子信息产业基地。由某某公司投资30亿元…: the head of a list item that ends in a kind of works (基地,
    产业园, 工程) names a project when the item goes on to say who invests in it or builds it."""
    text = text_of(doc)
    out: list[Cand] = []
    for line in re.finditer(r"[^\n]+", text):
        head = _item_head(text, line.start())
        if head is None or head[1] - head[0] <= 2:
            continue
        name = text[head[0]:head[1]]
        if name.endswith(lex.LIST_HEAD_WORKS) and not _PROJECT_END.search(name) \
                and any(v in _item_sentence(text, head[1]) for v in lex.UNDERTAKE_VERBS):
            out.append(Cand(head[0], head[1], EntityType.PROJECT, "project-list-head", 3))
    return out


STEPS = {"programs": program_candidates, "projects": project_candidates, "list_heads": list_head_projects,
         "lists": list_candidates}


@Language.factory("kg_programs", default_config={"steps": list(STEPS)})
def make_programs(nlp: Language, name: str, steps: list[str]):
    return ProgramFinder(steps)


class ProgramFinder:
    """Programs, projects and typed lists; ``steps`` choose the rules, in order."""

    def __init__(self, steps: list[str]) -> None:
        unknown = [s for s in steps if s not in STEPS]
        if unknown:
            raise ValueError(f"kg_programs: unknown steps {unknown} (known: {', '.join(STEPS)})")
        self.steps = [STEPS[s] for s in steps]

    def __call__(self, doc: Doc) -> Doc:
        for step in self.steps:
            doc._.cands.extend(step(doc))
        return doc
