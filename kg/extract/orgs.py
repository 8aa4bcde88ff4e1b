"""Organizations by the grammar of their names: words + a legal or institutional suffix.

The suffix says which kind (有限公司 → Company, 局 → GovernmentBody, 研究院 → Organization);
party and state words inside the name (市委, 人民政府, 公安) make a generic suffix governmental.
"""
from __future__ import annotations

import re

from spacy.language import Language

from ..gazetteer import Gazetteer
from spacy.tokens import Doc

from .base import Cand, TokenIndex, is_cjk, tag_of, walk_left, text_of
from .lexicon import (UNDERTAKE_VERBS, BARE_HEADS, NAME_PREFIX_STOPS, COMPANY_SUFFIXES, GOVERNMENT_MARKERS, GOVERNMENT_SUFFIXES, ORGANIZATION_SUFFIXES,
                      WEAK_COMPANY_SUFFIXES, WEAK_ORG_SUFFIXES)

# national party and state organs, named as such (generic knowledge, like a gazetteer of the state)
NATIONAL_BODIES = ("中共中央办公厅", "国务院办公厅", "中共中央", "党中央", "国务院", "全国人大常委会", "全国人大", "全国政协",
                   "中央军委", "最高人民法院", "最高人民检察院", "中央纪委", "国家监委")
FOREIGN_PARTY_CENTRAL = re.compile(r"[\u4e00-\u9fff]{2,10}?党中央(?:委员会)?")

_SUFFIX_CLASS: dict[str, str] = {}
for _s in ORGANIZATION_SUFFIXES:
    _SUFFIX_CLASS[_s] = "Organization"
for _s in GOVERNMENT_SUFFIXES:
    _SUFFIX_CLASS[_s] = "GovernmentBody"
for _s in COMPANY_SUFFIXES:
    _SUFFIX_CLASS[_s] = "Company"
_SUFFIX_RE = re.compile("|".join(map(re.escape, sorted(_SUFFIX_CLASS, key=len, reverse=True))))

# words that end with a suffix character but name no organization
_NOT_ORG_WORDS = {"部署", "布署", "布局", "格局", "开局", "大局", "全局", "结局", "当局", "时局", "变局", "新局", "破局", "谋局", "原委",
                  "出厂", "进厂", "建厂", "回厂", "入厂", "社会", "机会", "大会", "局长", "委员", "重心", "核心",
                  "信心", "决心", "用心", "爱心", "初心", "民心", "同心", "关心", "开心", "安心", "精心", "细心", "真心", "中心点",
                  "贴心", "暖心", "匠心"}
# particles the segmenter glues onto a one-character suffix (局等, 委和)
_GLUED_AFTER = {"等", "和", "与", "及", "的"}
# generic suffixes that make a government body only with a party or state word or a region in front;
# 指挥部 is not among them: a headquarters for works or emergencies is set up by a government
_GENERIC_GOV = {"委员会", "办公室", "研究室", "领导小组", "大队", "支队", "中队", "办事处", "中心"}
_ADMIN_PREFIX = re.compile(r"^(?:中共)?[\u4e00-\u9fff]{0,8}?(?:省|市|县|区|镇|乡|街道)")


def classify(name: str, suffix: str) -> str:
    kind = _SUFFIX_CLASS.get(suffix, "Organization")
    if kind == "GovernmentBody" and suffix in _GENERIC_GOV:
        if not (any(m in name for m in GOVERNMENT_MARKERS) or _ADMIN_PREFIX.match(name)):
            return "Organization"
    if kind == "Organization" and any(m in name[: len(name) - len(suffix)] for m in GOVERNMENT_MARKERS):
        # 市委党校, 市政府新闻办 … but a company's unit stays an organization
        if not re.search(r"公司|集团|企业", name):
            return "GovernmentBody"
    if kind == "GovernmentBody" and re.search(r"公司|集团", name[: len(name) - len(suffix)]):
        return "Organization"
    return kind


def _generic_kind(idx: TokenIndex, start: int, end: int) -> bool:
    """A name made only of common words (and a level word such as 国家级), short of a proper part."""
    toks = range(idx.token_at(start), idx.token_at(end - 1) + 1)
    words = [idx.words[t] for t in toks]
    if any(not idx.tags[t] or idx.tags[t] in ("ns", "nr", "nz", "nt", "j", "nrt", "nrfg") for t in toks):
        return False
    leveled = words[0] in ("国家", "省", "全国") or words[0].startswith(("国家级", "省级", "市级", "县级"))  # 省级重点
    return leveled or sum(len(w) for w in words) <= 6


def _front_place(text: str, start: int, limit: int, token_starts: set[int] | None = None) -> tuple[int, str]:
    """Repair the front of a name against the gazetteer.

    - an OCR-damaged place the walk stopped at (在平区…: 在 looks like a preposition) is taken in, corrected;
    - a name that starts with a few stray characters before a region (信中山东泰和…) starts at the region.
    Returns (start, corrected front) where the corrected front is "" when nothing was corrected.
    """
    gaz = Gazetteer.load()
    for length in (3, 4):
        window = text[start - 1:start - 1 + length] if start >= 1 else ""
        if len(window) == length and window[-1] in "区县市镇" and not gaz.lookup(window):
            fixed = gaz.correct_ocr(window)
            if fixed:
                return start - 1, fixed
    # 投资建设临清…: a verb in front of the region that opens the name is not part of it
    for k in range(2, 5):
        lead = text[start:start + k]
        if lead in UNDERTAKE_VERBS and start + k + 2 <= limit and gaz.lookup(text[start + k:start + k + 2]):
            return start + k, ""
    for k in (1, 2):
        head = text[start + k:start + k + 2]
        if start + k + 2 <= limit and len(head) == 2 and gaz.lookup(head) and not gaz.lookup(text[start:start + k + 2]):
            lead = text[start:start + k]
            if token_starts is not None and start + k not in token_starts:
                continue  # the region must begin a word: 信中|山东, not 信|中山
            if tag_of(lead) in ("", "f") and not gaz.lookup(lead):
                return start + k, ""
    return start, ""


_FUNCTIONS = tuple(sorted((m for m in GOVERNMENT_MARKERS if len(m) >= 2), key=len, reverse=True))
_NOT_IN_NAME = ("p", "c", "u", "uj", "ul", "r", "v", "m", "q", "t", "f", "y")


def _company_front(doc: Doc, idx: TokenIndex, start: int) -> int:
    """Where a company's name really starts when the walk stopped inside it.

    - 欧通(山东)纺织有限公司: a region in brackets after the trade name;
    - 聊城高新物资有限公司: a region, then a short word the dictionary tags oddly (高新 as an adverb).
    """
    text = text_of(doc)
    gaz = Gazetteer.load()
    bracket = re.search(r"[(（]([\u4e00-\u9fff]{2,4})[)）]$", text[max(0, start - 6):start])
    if bracket and gaz.lookup(bracket.group(1)):
        opening = start - len(bracket.group())
        front = walk_left(doc, opening, max_len=8)
        if front < opening and not gaz.lookup(text[front:opening]):
            return front
    ti = idx.token_at(start) - 1 if start > 0 else -1
    if ti >= 1 and idx.ends[ti] == start and len(idx.words[ti]) <= 2 and idx.tags[ti] not in _NOT_IN_NAME \
            and is_cjk(idx.words[ti][0]) and gaz.lookup(idx.words[ti - 1]) and idx.tags[ti - 1] in ("ns", ""):
        return idx.starts[ti - 1]
    return start


def org_candidates(doc: Doc) -> list[Cand]:
    text = text_of(doc)
    idx = TokenIndex.of(doc)
    out: list[Cand] = []
    starts = set(idx.starts)
    for m in _SUFFIX_RE.finditer(text):
        s, e, suffix = m.start(), m.end(), m.group()
        # the suffix must end a word: 局 in 局面 or 公司 in 公司化 does not
        last = idx.token_at(e - 1)
        glued = text[e:idx.ends[last]]
        if idx.ends[last] != e and len(suffix) < 3 and not (glued in _GLUED_AFTER and len(suffix) == 1):
            continue  # ...but 局等 (the segmenter glued a particle on) still ends at 局
        word = idx.words[last][: len(idx.words[last]) - len(glued)] if glued in _GLUED_AFTER else idx.words[last]
        if word != suffix and (word in _NOT_ORG_WORDS or word[-2:] in _NOT_ORG_WORDS):
            continue  # 新格局 (jieba even calls it an organization)
        if suffix == "中心" and text.startswith(("工作", "任务", "位置", "地位", "环节", "城区", "城市"), e):
            continue  # 围绕市委、市政府中心工作: the central task, no centre
        if len(suffix) == 1 and word != suffix:
            # 局, 委, 厅 end an institution word (公安局, 科技局), not an idiom (谋篇布局)
            unknown = not tag_of(word) and len(word) <= 6 and word[0] in "省市县区镇乡"  # 市卫健局, not in the dictionary
            if (len(word) > 3 and not unknown) or tag_of(word) not in ("n", "nt", "j", "nz", ""):
                continue
        if idx.tags[last] in ("i", "l", "v", "a", "d"):
            continue
        kind = _SUFFIX_CLASS[suffix]
        start = walk_left(doc, s, max_len=26, allow_and=kind != "Company")
        if kind == "Company":
            start = _company_front(doc, idx, start)
        start, fixed = _front_place(text, start, s, starts)
        name = text[start:e]
        listed = (start > 0 and text[start - 1] == "、") or text[e:e + 1] == "、"
        if name in BARE_HEADS or name == suffix and suffix not in ("市委", "县委", "区委", "省委", "党工委", "管委会",
                                                                       "新华社"):
            # a bare department in a list of bodies (公安局、检察院联合…) still names one, in context
            if not (listed and kind == "GovernmentBody" and name not in ("政府", "局", "委", "委员会")):
                continue
        core = name[: len(name) - len(suffix)]
        if suffix in WEAK_COMPANY_SUFFIXES | WEAK_ORG_SUFFIXES and len(core) < 2:
            continue
        if core and tag_of(core) in ("a", "v", "d", "m", "r") and len(core) <= 2:
            continue  # 大中心, 新公司: an adjective is no name
        if core.endswith("型") or any(name == stop + suffix for stop in NAME_PREFIX_STOPS):
            continue  # 智慧型医院, 当地政府: a kind of body, or a body no name tells
        if start > 0 and text[start - 1] in "该本此其":
            continue  # 该公司: an anaphor, resolved by the relation rules
        if suffix in WEAK_COMPANY_SUFFIXES:
            # a trade name (波米科技, 山东冠芝药业): one unknown word before the suffix, a region before it at most
            first = idx.token_at(start)
            if first < len(idx.words) and idx.ends[first] < s and Gazetteer.load().lookup(idx.words[first]):
                first += 1
            trade = text[idx.starts[first]:s]
            if not (idx.starts[first] >= start and idx.ends[first] == s and tag_of(trade) in ("", "nz", "nrt", "nr")
                    and 2 <= len(trade) <= 4):
                continue
        if any(ch in name for ch in "从向由把被"):
            continue
        if re.search(r"(?:企业|公司|单位|部门|群众|社会|学校|高校|政府)(?:和|与|及)", name):
            continue
        if kind == "Organization" and classify(name, suffix) == "Organization" and _generic_kind(idx, start, e):
            continue  # 技术创新中心, 国家级工业设计中心: a kind of platform, not a named one
        out.append(Cand(start, e, classify(name, suffix), f"org-suffix:{kind}", 2,
                        name=fixed + name[len(fixed):] if fixed else ""))
    # 聊城统计部门, 市税务部门: a region and a state function name a department without its legal name
    for m in re.finditer("部门", text):
        function = next((f for f in _FUNCTIONS if text.startswith(f, m.start() - len(f))), "")
        at = m.start() - len(function)
        region = next((text[at - k:at] for k in (4, 3, 2, 1) if at - k >= 0 and (
            text[at - k:at] in ("省", "市", "县", "区") if k == 1 else Gazetteer.load().lookup(text[at - k:at]))), "")
        begin = at - len(region)
        if function and region and (begin == 0 or not is_cjk(text[begin - 1]) or tag_of(text[begin - 1]) in ("p", "v", "c")):
            out.append(Cand(begin, m.end(), "GovernmentBody", "region-function-department", 2))
    for body in NATIONAL_BODIES:
        for m in re.finditer(re.escape(body), text):
            out.append(Cand(m.start(), m.end(), "GovernmentBody", "national-body", 3))
    for m in FOREIGN_PARTY_CENTRAL.finditer(text):
        start = walk_left(doc, m.start() + len(m.group()) - len("党中央") if "党中央" in m.group() else m.start(),
                          max_len=14)
        end = m.end()
        if start < m.end() - 3:
            out.append(Cand(start, end, "GovernmentBody", "party-central", 2))
    # the newspaper itself: 本报 in a byline or dateline
    for m in re.finditer(r"本报(?=记者|通讯员|讯|[\u4e00-\u9fff]{2,4}讯)", text):
        paper = (doc._.context or {}).get("newspaper") or ""
        out.append(Cand(m.start(), m.end(), "Organization", "newspaper-self", 4, paper))
    return out


@Language.factory("kg_orgs")
def make_orgs(nlp: Language, name: str):
    return OrgFinder()


class OrgFinder:
    def __call__(self, doc: Doc) -> Doc:
        doc._.cands.extend(org_candidates(doc))
        return doc
