"""Programs (policies, plans, documents, campaigns, meetings) and projects, and typed lists (A、B等企业)."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer import Gazetteer
from .orgs import _SUFFIX_RE, _generic_kind
from .base import PUNCT, Cand, TokenIndex, tag_of, walk_left, text_of
from .lexicon import ORGANIZATION_SUFFIXES, TITLE_RE, CATEGORY_NOUNS, MEETING_SUFFIXES, PROGRAM_SUFFIXES, PROJECT_SUFFIXES, UNDERTAKE_VERBS

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
# verbs that open a new phrase: a program suffix after them is not the quoted name's
_CLAUSE_VERBS = ("启动", "开展", "举办", "举行", "召开", "发布", "实施", "推进", "落实")
# a quoted name ending in one of these is a program by itself (“法治思政课”, “链长制”)
_NAMED_KIND = r"(?:规划|计划|工程|行动|战略|方案|制|模式|机制|课|活动|政策|试点|体系|工作法|攻坚战)$"
# a level in front of a quoted name makes it a title a scheme awards (省级“晨星工厂”)
_LEVELS = ("国家级", "省级", "市级", "县级")
_ORG_SUFFIX = re.compile("(?:" + _SUFFIX_RE.pattern + ")$")  # any organization suffix, ending the name
_INSTITUTION_SUFFIX = re.compile("(?:" + "|".join(map(re.escape, ORGANIZATION_SUFFIXES)) + ")$")  # 实验室, 中心 …
_FUND_RE = re.compile(r"(?:奖补|补助|补贴|扶持|奖励|引导)资金")
_FUND_LEVELS = ("省", "市", "县", "国家", "中央")
_FIVE_YEAR = re.compile(r"^十[一二三四五六七八九]五$")
_LIST_ITEM = r"(?:(?!等)[\u4e00-\u9fffA-Za-z0-9()（）]){2,14}"  # the first 等 ends the list (…清华大学等高等院校)
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
    """The qualifier in front of a quoted name (新能源“13531”工程), not the verb before it (优化“6+3”机制);
    the quoted part follows, so a verb may end right at the quote."""
    return _after_program_verb(text_of(doc), walk_left(doc, start, max_len=max_len), start + 1)


def program_candidates(doc: Doc) -> list[Cand]:
    text = text_of(doc)
    out: list[Cand] = []
    headlines: list[tuple[int, int]] = []
    # 《documents》
    for m in _DOC_TITLE.finditer(text):
        if re.search(r"(?:日报|晚报|报|杂志|周刊|月刊|电视台)》$", m.group()):
            out.append(Cand(m.start(), m.end(), "Organization", "media-title", 4))  # 《聊城日报》 is the paper
            continue
        if "——" in m.group() or re.search(r"(?:报道|刊发|刊登|刊载|发表)的?$", text[max(0, m.start() - 4):m.start()]):
            headlines.append((m.start(), m.end()))  # a news story's headline: what it names inside still counts
            continue
        out.append(Cand(m.start(), m.end(), "Program", "doc-title", 4))
    # “quoted” + program suffix, with words in front (新能源“13531”工程, 阳谷光电线缆产业“提质强企”综合试点)
    for m in _QUOTED.finditer(text):
        q_start, q_end, inner = m.start(), m.end(), m.group(1)
        if any(ch in inner for ch in "，。,;；!！?？、"):
            continue
        tail = re.match(r"[\u4e00-\u9fff]{0,8}?(?:" + _PROGRAM_SUFFIX_RE.pattern + ")", text[q_end:q_end + 14])
        if tail and (any(ch in tail.group() for ch in "的为并和与及") or any(v in tail.group() for v in _CLAUSE_VERBS)):
            tail = None  # “中老友好年”并启动系列庆祝活动: the suffix belongs to another phrase
        after = text[q_end:q_end + 4]
        if text[max(0, q_start - 1):q_start] == "从" and re.match(r"(?:到|走向|转向|转为|变为|迈向)", after):
            continue  # 从“临时试点”到“示范标杆”: stages of a change, not names
        if re.match(r"(?:公众号|平台|小程序|APP|App|网站|账号|专栏|栏目|为主题|主题)", after) or inner.endswith(("式", "型")) \
                or TITLE_RE.fullmatch(inner):
            continue  # a channel's name, a theme's words, a descriptor (“靶向式”招商) or a role (“服务专员”)
        belt = re.match(r"[\u4e00-\u9fff]{0,4}?(?:经济带|文化带|生态带|养生带|风光带|走廊|廊道|中轴|带)(?![\u4e00-\u9fff])", after + text[q_end + 4:q_end + 8])
        if belt:
            out.append(Cand(q_start, q_end + belt.end(), "Place", "quoted-belt", 3))  # “两河”养生带: a stretch of land
            continue
        if re.search(_MEETING_RE.pattern + "$", inner) or re.search(_NAMED_KIND, inner):
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
        elif _SLOGAN.match(inner) or before.endswith(_PROGRAM_VERBS) or before.endswith(_LEVELS):
            if len(inner) >= 2 and not re.fullmatch(r"[\d.%]+", inner):
                out.append(Cand(q_start, q_end, "Program", "quoted-slogan", 2))
    # five-year plans written without quotes
    for m in re.finditer(r"(?<![“\"])十[一二三四五六七八九]五(?:规划)?(?![”\"])", text):
        name = f"“{m.group()[:3]}”规划"
        out.append(Cand(m.start(), m.end(), "Program", "five-year-plan", 2, name=name))
    # meetings and named plans without quotes (一季度经济“开门红”动员部署会议, 科技型企业梯次培育计划)
    for m in _MEETING_RE.finditer(text):
        start = _meeting_left(doc, m.start())
        if re.fullmatch(r"(?:\d{4}年度?|第[\d一二三四五六七八九十]+[届次])", text[start:m.start()]):
            start = _body_before(doc, start)  # 2025年年会 is the meeting of the body named before it
        if m.start() - start >= 2 and not text[start:m.end()].startswith(("本次", "此次", "这次", "该")):
            out.append(Cand(start, m.end(), "Program", "meeting", 2))
    for m in _FUND_RE.finditer(text):
        start = walk_left(doc, m.start(), max_len=16)
        if start < m.start() - 2 and text.startswith(_FUND_LEVELS, start):
            out.append(Cand(start, m.end(), "Program", "fund-grammar", 1))  # 省…财政奖补资金: a fund a government runs
    for m in re.finditer(r"(?:计划|工程|战略|政策|行动|规划|试点|办法|模式)", text):
        idx = TokenIndex.of(doc)
        ti = idx.token_at(m.end() - 1)
        if idx.ends[ti] != m.end():
            continue
        start = walk_left(doc, m.start(), max_len=14)
        start = _after_program_verb(text, start, m.start())
        name = text[start:m.end()]
        core = text[start:m.start()]
        if m.group() == "计划" and ti + 1 < len(idx.words) and idx.tags[ti + 1] in ("t", "d", "p", "m"):
            continue  # 机场计划今年开工: 计划 is the verb "plans to"
        if m.group() == "模式" and text[start - 1:start] != "”":
            continue  # a mode is a program's name only after the quoted words that spell it (“…”三链融合模式)
        if len(core) < 3 or len(name) > 12 or tag_of(name) or tag_of(core) in ("v", "vn", "a", "d"):
            continue
        if ti > 0 and idx.words[ti] == m.group() and idx.tags[ti - 1] == "a" and len(idx.words[ti - 1]) == 1:
            continue  # 发展新模式: an adjective before the kind makes it a description
        out.append(Cand(start, m.end(), "Program", "plan-grammar", 1))
    return [c for c in out if not any(hs <= c.start and c.end <= he for hs, he in headlines)]


def _body_before(doc: Doc, start: int) -> int:
    """山东省智库联合会（山东智库联盟）|2025年年会: the start of the body's name (and its bracketed alias)."""
    text = text_of(doc)
    pos = start
    if pos > 0 and text[pos - 1] in ")）":
        opening = max(text.rfind("(", 0, pos - 1), text.rfind("（", 0, pos - 1))
        if opening < 0 or pos - opening > 16:
            return start
        pos = opening
    body = walk_left(doc, pos, max_len=16, allow_and=True)
    return body if body < pos and _ORG_SUFFIX.search(text[body:pos]) else start


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
        if idx.words[last] in CATEGORY_NOUNS["Project"] and len(idx.words[last]) > len(m.group()) \
                or re.search(r"重点|重大", core) and not re.search(r"\d", core):
            continue  # 山东省重大项目, 省重点技改项目: a list a project is put on, not its name
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
        if not proper or (len(toks) == 1 and idx.tags[toks[0]] == "j" and len(core) <= 2):
            continue  # 研发项目: one everyday abbreviation before 项目 is a kind of project
        end = m.end()
        bracket = re.match(r"\([A-Za-z0-9\u4e00-\u9fff]{1,4}\)", text[end:end + 6])
        if bracket:
            end += bracket.end()  # 临清保税物流中心(B型)
        out.append(Cand(start, end, "Project", "project-suffix", 3))
    return out


def _known_place(name: str) -> bool:
    gaz = Gazetteer.load()
    return bool(gaz.lookup(name) or gaz.lookup_world(name)) or tag_of(name) == "ns"


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
        after_noun = m.end() + window.find(best[1]) + len(best[1])
        if kind == "Program" and tag_of(text[after_noun:after_noun + 2]) == "n":
            continue  # 等多项政策功能: the list names functions, the category noun only qualifies them
        if kind == "Company" and (re.search(r"(?:国家级|省级|市级|县级)(?:以上)?(?:[\u4e00-\u9fff]{1,12}、|$)",
                                             text[max(0, m.start(1) - 4):m.start(1) + len(m.group(1).split("、")[0]) + 1])
                                   or window.startswith(("优质", "高成长", "创新型", "科技型"))):
            continue  # 省级以上单项冠军、专精特新等(优质)企业: titles companies earn, not companies
        items = m.group(1).split("、")
        pos = m.start(1)
        if len(items) == 1:
            # one item before 等 (曲中周等企业): only a name the dictionary does not know, after a verb
            s = walk_left(doc, m.end(1), max_len=6)
            item = text[s:m.end(1)]
            if kind == "Company" and 2 <= len(item) <= 6 and not tag_of(item) and s > 0 and not is_cjk_name_part(text, s):
                out.append(Cand(s, m.end(1), kind, f"list:{best[1]}", 3))
            elif best[1] == "片区" and 2 <= len(item) <= 8 and tag_of(item) in ("", "ns", "nz"):
                out.append(Cand(s, m.end(1), kind, f"list:{best[1]}", 2))  # 香江中轴等11个片区
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
                if re.search(r"(?:工程|计划|行动|政策)$", item_text) and len(item_text) >= 5:
                    out.append(Cand(s, e, "Program", "list:own-suffix", 2))  # 农业良种工程 in a list of platforms
                continue
            if kind == "Organization" and _INSTITUTION_SUFFIX.search(item_text) and _generic_kind(TokenIndex.of(doc), s, e):
                continue  # 重点实验室, 省工程研究中心: kinds of platform (the suffix rule passed on them too)
            if kind == "Place" and best[1] not in ("片区", "区域") and not _known_place(item_text):
                k = next((k for k in range(len(item_text) - 1) if _known_place(item_text[k:])), None)
                if k is None:
                    continue
                s += k  # 销售网络覆盖东北: the walk took in the clause; the place is its end
            if _ORG_END.search(item_text) and kind != "Company" and _ORG_SUFFIX.search(item_text):
                continue  # a name with a legal suffix keeps the kind its suffix gives it (中科院 has none: the list's)
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
