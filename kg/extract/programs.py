"""Programs (policies, plans, documents, campaigns, meetings) and projects, and typed lists (A、B等企业)."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer import Gazetteer
from .base import PUNCT, Cand, TokenIndex, tag_of, walk_left, text_of
from .lexicon import CATEGORY_NOUNS, MEETING_SUFFIXES, PROGRAM_SUFFIXES, PROJECT_SUFFIXES, UNDERTAKE_VERBS

_DOC_TITLE = re.compile(r"《[^《》\n]{2,60}》")
_QUOTED = re.compile(r"[“\"‘]([^“”\"‘’\n]{1,24})[”\"’]")
_PROGRAM_SUFFIX_RE = re.compile("|".join(map(re.escape, sorted(PROGRAM_SUFFIXES, key=len, reverse=True))))
_MEETING_RE = re.compile("(?:" + "|".join(map(re.escape, sorted(MEETING_SUFFIXES, key=len, reverse=True))) + ")(?:议)?")
_PROJECT_RE = re.compile("|".join(map(re.escape, sorted(PROJECT_SUFFIXES, key=len, reverse=True))))
# verbs that take a program as their object
_PROGRAM_VERBS = ("实施", "开展", "推行", "深化", "落实", "推进", "建立", "打造", "推出", "以", "启动", "选聘", "出台",
                  "构建", "实行", "做好", "用好", "优化", "坚持", "发挥", "依托", "通过", "深入实施", "争取", "申报",
                  "培育", "创建", "健全", "完善", "聚焦", "探索", "开通", "组织", "举办", "参加", "推广", "入选")
_SLOGAN = re.compile(r"^(?:[一二三四五六七八九十百千万双两多]\S[一二三四五六七八九十百千万双两多]\S|"
                     r"[\dA-Za-z]+(?:[+×][\dA-Za-z]+)+|\d{3,}|十[一二三四五六七八九]五|\S改\S转|\S招\S引)$")
_FIVE_YEAR = re.compile(r"^十[一二三四五六七八九]五$")
_LIST_ITEM = r"[\u4e00-\u9fffA-Za-z0-9()（）]{2,14}"
_LIST_RE = re.compile(rf"((?:{_LIST_ITEM}、)*{_LIST_ITEM})等")
# (category noun, type), longest noun first
_CATEGORIES = tuple(sorted(((noun, t) for t, nouns in CATEGORY_NOUNS.items() for noun in nouns), key=lambda x: -len(x[0])))
_QUOTE_CHARS = "“”\"‘’"
_ORG_END = re.compile(r"(?:公司|集团|局|委员会|委|厅|办公室|政府|院|学校|大学|学院|中心|协会|联合会|大队|支队|海关)$")


def _meeting_left(doc: Doc, start: int) -> int:
    """Meeting names hold verbs (动员部署会议) and 暨: walk left to punctuation or a clause word."""
    text = text_of(doc)
    idx = TokenIndex.of(doc)
    ti = idx.token_at(start) - 1
    new_start = start
    while ti >= 0 and start - idx.starts[ti] <= 40:
        w, tag = idx.words[ti], idx.tags[ti]
        if w in ("“", "”", "‘", "’"):
            new_start = idx.starts[ti]
            ti -= 1
            continue
        if any(ch in PUNCT for ch in w) or tag in ("p", "u", "uj", "ul", "r", "d", "t", "f", "c") and w != "暨":
            break
        if w in ("召开", "举行", "举办", "出席", "参加", "学习贯彻", "贯彻", "落实", "贯彻落实", "坚决", "承办", "精神", "在",
                 "的", "日", "上午", "下午",
                 "今天", "近日", "记者", "日前", "期间", "会上", "会后", "了"):
            break
        if re.fullmatch(r"\d+", w) and ti > 0 and idx.words[ti - 1] in ("月",):
            break
        new_start = idx.starts[ti]
        ti -= 1
    # quotes must balance: drop an unmatched opening fragment
    while text[new_start:start].count("“") < text[new_start:start].count("”") and new_start < start:
        new_start = text.index("”", new_start) + 1
    return new_start


def _after_program_verb(text: str, start: int, limit: int) -> int:
    """深化“一链一院”行动: the verb that takes the program is not part of its name.

    The first verb of the walk is the one; a verb further right is inside the name (梯次培育计划)."""
    return _after_verb(text, start, limit, _PROGRAM_VERBS, first=True)


def _after_verb(text: str, start: int, limit: int, verbs, first: bool = False) -> int:
    """Where a name starts after one of ``verbs`` inside the walk: the last such verb (投资建设|临清…项目),
    or with ``first`` the first one. Without a verb, ``start``."""
    found = [(k, k + len(v)) for v in verbs for k in [text.find(v, start, limit) if first else text.rfind(v, start, limit)]
             if k >= 0 and k + len(v) < limit]
    if not found:
        return start
    if first:  # the leftmost verb; of two starting there, the longer
        return -min((k, -end) for k, end in found)[1]
    return max(end for _, end in found)


def _prefix_left(doc: Doc, start: int, max_len: int = 12) -> int:
    return _after_program_verb(text_of(doc), walk_left(doc, start, max_len=max_len), start)


def program_candidates(doc: Doc) -> list[Cand]:
    text = text_of(doc)
    out: list[Cand] = []
    # 《documents》
    for m in _DOC_TITLE.finditer(text):
        if re.search(r"(?:日报|晚报|报|杂志|周刊|月刊|电视台)》$", m.group()):
            out.append(Cand(m.start(), m.end(), "Organization", "media-title", 4))  # 《聊城日报》 is the paper
            continue
        out.append(Cand(m.start(), m.end(), "Program", "doc-title", 4))
    # “quoted” + program suffix, with words in front (新能源“13531”工程, 阳谷光电线缆产业“提质强企”综合试点)
    for m in _QUOTED.finditer(text):
        q_start, q_end, inner = m.start(), m.end(), m.group(1)
        if any(ch in inner for ch in "，。,;；!！?？、"):
            continue
        tail = re.match(r"[\u4e00-\u9fff]{0,8}?(?:" + _PROGRAM_SUFFIX_RE.pattern + ")", text[q_end:q_end + 14])
        if tail and ("的" in tail.group() or "为" in tail.group()):
            tail = None
        if re.search(_MEETING_RE.pattern + "$", inner) or re.search(r"(?:规划|计划|工程|行动|战略|方案|制|模式|机制)$",
                                                                     inner):
            # 工业经济“头号工程”, 产业链“链长制”: a qualifier in front belongs to the name
            start = _prefix_left(doc, q_start, 6) if q_start > 0 and text[q_start - 1] not in PUNCT else q_start
            out.append(Cand(start, q_end, "Program", "quoted-name", 3))
            continue
        if re.match(r"[“‘]|等", text[q_end:q_end + 1]) or re.match(r"[”’]", text[q_start - 1:q_start] if q_start else ""):
            # “中医药文化夜市”“15分钟体验圈”等: quoted names listed side by side
            brand = re.match(r"等\d*个?(?:自主)?(?:品牌|产品|商标)", text[q_end:q_end + 8])
            if 4 <= len(inner) <= 12 and not tag_of(inner) and not inner.endswith("+") and not brand:
                out.append(Cand(q_start, q_end, "Program", "quoted-list", 2))
                continue
        if tail and not re.match(r"^(?:的|和|与|等|是|在)", text[q_end:]):
            end = q_end + tail.end()
            suffix = text[end - 2:end]
            start = _prefix_left(doc, q_start, 10) if q_start > 0 and text[q_start - 1] not in PUNCT else q_start
            if re.search(r"(?:市委|县委|区委|省委|政府|党中央|国务院|局|委)$", text[start:q_start]):
                start = q_start  # 市委“6293”工作思路: the issuer in front is a name of its own
            if suffix in ("会议", "全会", "大会") or tail.group().endswith(MEETING_SUFFIXES):
                start = _meeting_left(doc, q_start)
                out.append(Cand(start, end, "Program", "meeting", 3))
                continue
            else:
                out.append(Cand(start, end, "Program", "quoted+suffix", 3))
                out.append(Cand(q_start, q_end, "Program", "quoted-core", 0))
                continue
        before = text[max(0, q_start - 4):q_start]
        if _FIVE_YEAR.match(inner):
            out.append(Cand(q_start, q_end, "Program", "five-year-plan", 3, name=f"“{inner}”规划"))
        elif _SLOGAN.match(inner) or before.endswith(_PROGRAM_VERBS):
            if len(inner) >= 2 and not re.fullmatch(r"[\d.%]+", inner):
                out.append(Cand(q_start, q_end, "Program", "quoted-slogan", 2))
    # five-year plans written without quotes
    for m in re.finditer(r"(?<![“\"])十[一二三四五六七八九]五(?:规划)?(?![”\"])", text):
        name = f"“{m.group()[:3]}”规划"
        out.append(Cand(m.start(), m.end(), "Program", "five-year-plan", 2, name=name))
    # meetings and named plans without quotes (一季度经济“开门红”动员部署会议, 科技型企业梯次培育计划)
    for m in _MEETING_RE.finditer(text):
        start = _meeting_left(doc, m.start())
        if m.start() - start >= 2 and not text[start:m.end()].startswith(("本次", "此次", "这次", "该")):
            out.append(Cand(start, m.end(), "Program", "meeting", 2))
    for m in re.finditer(r"(?:计划|工程|战略|政策|行动|规划|试点|办法)", text):
        idx = TokenIndex.of(doc)
        ti = idx.token_at(m.end() - 1)
        if idx.ends[ti] != m.end():
            continue
        start = walk_left(doc, m.start(), max_len=14)
        start = _after_program_verb(text, start, m.start())
        name = text[start:m.end()]
        core = text[start:m.start()]
        if len(core) < 3 or len(name) > 12 or tag_of(name) or tag_of(core) in ("v", "vn", "a", "d"):
            continue
        out.append(Cand(start, m.end(), "Program", "plan-grammar", 1))
    return out


def project_candidates(doc: Doc) -> list[Cand]:
    text = text_of(doc)
    idx = TokenIndex.of(doc)
    out: list[Cand] = []
    for m in _PROJECT_RE.finditer(text):
        last = idx.token_at(m.end() - 1)
        if idx.ends[last] != m.end():
            continue
        start = walk_left(doc, m.start(), max_len=18, floor=0)
        start = _after_verb(text, start, m.start(), UNDERTAKE_VERBS)
        # numbers belong to project names (10万台计算机项目): step over them and the words before
        while start > 0 and re.match(r"[\d.万亿千百台套吨兆瓦千伏个]", text[start - 1]):
            prev = start - 1
            while prev > 0 and re.match(r"[\d.万亿千百台套吨兆瓦千伏个]", text[prev - 1]):
                prev -= 1
            start = walk_left(doc, prev, max_len=18)
        core = text[start:m.start()]
        if len(core) < 2 or tag_of(core) in ("n", "vn", "v", "a", "m", "r") and not re.search(r"\d", core):
            continue
        if re.match(r"\d+余?个", core):
            continue  # 8个项目: a count, not a name
        if re.search(r"(?:计划|工程|规划|战略|行动)$", core):
            continue  # 国家重点研发计划项目: projects under a program, the program is the name
        # a named project holds a proper name or a figure, not only common nouns (重点项目, 标杆项目)
        toks = range(idx.token_at(start),
                     idx.token_at(m.start()) + (1 if idx.starts[idx.token_at(m.start())] < m.start() else 0))
        proper = re.search(r"\d", core) or any(idx.tags[t] in ("", "nr", "nz", "nt", "j", "nrt") for t in toks) or (
            # a place with a specific noun after it (临清保税物流中心), not a place with an adjective (山东省重大)
            any(idx.tags[t] == "ns" or Gazetteer.load().lookup(idx.words[t]) for t in toks)
            and idx.tags[toks[-1]] == "n" and len(toks) >= 2)
        if not proper:
            continue
        end = m.end()
        bracket = re.match(r"\([A-Za-z0-9\u4e00-\u9fff]{1,4}\)", text[end:end + 6])
        if bracket:
            end += bracket.end()  # 临清保税物流中心(B型)
        out.append(Cand(start, end, "Project", "project-suffix", 3))
    return out


def is_cjk_name_part(text: str, start: int) -> bool:
    """True when the character before ``start`` would continue a name (no verb or punctuation stops it)."""
    prev = text[start - 1]
    return tag_of(prev) in ("n", "ns", "nr", "nz") and prev not in "是为在和与"


def list_candidates(doc: Doc) -> list[Cand]:
    """A、B、C等<category>: every listed item takes the category's type (汇通、中正等龙头企业)."""
    text = text_of(doc)
    out: list[Cand] = []
    cats = _CATEGORIES
    for m in _LIST_RE.finditer(text):
        window = re.split(r"[，,。;；:：]", text[m.end():m.end() + 30])[0]
        gap = re.match(r"(?:一批|多家|多个|一系列|\d+余?[家个项所]|[\u4e00-\u9fff]{0,4}?)", window)
        best = None
        for noun, t in cats:
            k = window.find(noun)
            if k < 0:
                continue
            near = k <= max(len(gap.group()), 4) or re.match(r"\d+余?[家个项所]", window) and k <= 24
            if near and (best is None or k < best[0] or (k == best[0] and len(noun) > len(best[1]))):
                best = (k, noun, t)
        if best is None:
            continue
        kind = best[2]
        items = m.group(1).split("、")
        pos = m.start(1)
        if len(items) == 1:
            # one item before 等 (曲中周等企业): only a name the dictionary does not know, after a verb
            s = walk_left(doc, m.end(1), max_len=6)
            item = text[s:m.end(1)]
            if kind == "Company" and 2 <= len(item) <= 6 and not tag_of(item) and s > 0 and not is_cjk_name_part(text, s):
                out.append(Cand(s, m.end(1), kind, f"list:{best[1]}", 3))
            continue
        for n, item in enumerate(items):
            s, e = pos, pos + len(item)
            pos = e + 1
            if n == 0:
                # the first item's left edge is where the clause's verb or punctuation stops
                s2 = walk_left(doc, e - 1, max_len=len(item)) if len(item) > 1 else s
                s = max(s, min(s2, e - 2))
            item_text = text[s:e]
            if len(item_text) < 2 or tag_of(item_text) in ("v", "vn", "a", "d", "m", "n"):
                continue  # an everyday word (技术, 平台) is no name
            if _PROGRAM_SUFFIX_RE.search(item_text[-2:]) and kind != "Program":
                continue  # 农业良种工程 in a list of platforms is still a program
            if _ORG_END.search(item_text) and kind != "Company":
                continue  # a name with a legal suffix keeps the kind its suffix gives it
            out.append(Cand(s, e, kind, f"list:{best[1]}", 3))
    return out


@Language.factory("kg_programs")
def make_programs(nlp: Language, name: str):
    return ProgramFinder()


class ProgramFinder:
    def __call__(self, doc: Doc) -> Doc:
        doc._.cands.extend(program_candidates(doc))
        doc._.cands.extend(project_candidates(doc))
        doc._.cands.extend(list_candidates(doc))
        return doc
