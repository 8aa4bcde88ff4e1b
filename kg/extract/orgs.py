"""Organizations by the grammar of their names: words + a legal or institutional suffix.

The suffix says which kind (有限公司 → Company, 局 → GovernmentBody, 研究院 → Organization);
party and state words inside the name (市委, 人民政府, 公安) make a generic suffix governmental.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer import Gazetteer
from ..model import EntityType
from ..rules import alternation, regex, words
from . import lexicon as lex
from .base import Cand, TokenIndex, is_cjk, tag_of, text_of, walk_left
from .patterns import NUMERAL as _NUMERAL, ORG_SUFFIX_END, SUFFIX_RE

FOREIGN_PARTY_CENTRAL = regex("foreign_party_central")
_ADMIN_PREFIX = regex("admin_prefix")
_COMPANY_WORD = regex("company_word")
_COMPANY_HEAD = regex("company_head")
_COLLECTIVE_LIST = regex("collective_list")
_NEWSPAPER_SELF = regex("newspaper_self")
_SOURCE_LINE = regex("source_line", re.M)
_MEDIA_SITE = regex("media_site", re.M)
_SITE_ADDRESS = regex("site_address", re.M)


def classify(name: str, suffix: str) -> EntityType:
    """The type of an organization name by its suffix, corrected by the party and state words in it."""
    kind = lex.SUFFIX_TYPE.get(suffix, EntityType.ORGANIZATION)
    if kind == EntityType.GOVERNMENT_BODY and suffix in lex.GENERIC_GOV_SUFFIXES:
        if not (any(m in name for m in lex.GOVERNMENT_MARKERS) or _ADMIN_PREFIX.match(name)):
            return EntityType.ORGANIZATION
    if kind == EntityType.ORGANIZATION and any(m in name[: len(name) - len(suffix)] for m in lex.GOVERNMENT_MARKERS) \
            and not name.endswith(lex.INSTITUTION_KINDS):
        # 市委党校, 市政府新闻办 … but a company's unit stays an organization
        if not _COMPANY_WORD.search(name):
            return EntityType.GOVERNMENT_BODY
    if kind == EntityType.GOVERNMENT_BODY and _COMPANY_HEAD.search(name[: len(name) - len(suffix)]):
        return EntityType.ORGANIZATION
    if kind == EntityType.COMPANY and name[: len(name) - len(suffix)].endswith(tuple(lex.MEDIA_HEADS)):
        return EntityType.ORGANIZATION  # 某某报业集团: a media group
    return kind


def _stationed_front(doc: Doc, text: str, start: int) -> int:
    """某某市政府驻北京联络处: an office a body keeps elsewhere carries the body's name before 驻."""
    at = start - len(lex.STATIONED)
    if at <= 0 or not text.startswith(lex.STATIONED, at):
        return start
    body = ORG_SUFFIX_END.search(text[max(0, at - 8):at])
    if not body:
        return start
    return walk_left(doc, at - len(body.group()), max_len=16)


def _region_front(text: str, start: int, s: int) -> int | None:
    """Where a short form named by its region alone starts (省政协, 临江县政协), None without a region before it."""
    gaz = Gazetteer.load()
    for at in range(start, s):
        tail = text[at:s]
        bare = tail[:-1] if tail[-1] in lex.REGION_UNITS else tail
        if tail in lex.REGION_UNITS or gaz.lookup(tail):
            return at
        levels = lex.UNIT_LEVELS.get(tail[-1])
        if len(bare) >= 2 and any(levels is None or r.level in levels for r in gaz.lookup(bare)):
            return at  # 临江县政协; but 某市 + 省政协 is no body (the unit must be the place's own level)
    return None



def generic_kind(idx: TokenIndex, start: int, end: int, any_length: bool = False) -> bool:
    """A name made only of common words (and a level word such as 国家级), short of a proper part."""
    toks = range(idx.token_at(start), idx.token_at(end - 1) + 1)
    words = [idx.words[t] for t in toks]
    if any(not idx.tags[t] or idx.tags[t] in ("ns", "nr", "nz", "nt", "j", "nrt", "nrfg") for t in toks):
        return False
    if words[0] in lex.REGION_UNITS and (len(words) == 2 or "".join(words).endswith(lex.LOCAL_INSTITUTIONS)):
        return False  # 县总工会, 县人民医院: the paper's own county's body (省重点实验室 stays a kind)
    leveled = words[0] in lex.LEVEL_WORDS or words[0].startswith(lex.LEVELS)  # 省级重点
    acting = idx.tags[toks[0]] in ("v", "vn") and len(words) > 2  # 合作产业研究院: what it does, no name
    return leveled or acting or any_length or sum(len(w) for w in words) <= 6


def _front_place(text: str, start: int, limit: int, token_starts: set[int] | None = None) -> tuple[int, str]:
    """Repair the front of a name against the gazetteer.

    - an OCR-damaged place the walk stopped at (在平区…: 在 looks like a preposition) is taken in, corrected;
    - a name that starts with a few stray characters before a region (信中山东泰和…) starts at the region.
    Returns (start, corrected front) where the corrected front is "" when nothing was corrected.
    """
    gaz = Gazetteer.load()
    for length in (3, 4):
        window = text[start - 1:start - 1 + length] if start >= 1 else ""
        if len(window) == length and window[-1] in lex.OCR_ADMIN_END and not gaz.lookup(window):
            fixed = gaz.correct_ocr(window)
            if fixed:
                return start - 1, fixed
    # 投资建设临江…: a verb in front of the region that opens the name is not part of it
    for k in range(2, 5):
        lead = text[start:start + k]
        if lead in lex.UNDERTAKE_VERBS and start + k + 2 <= limit and gaz.lookup(text[start + k:start + k + 2]):
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


_SUFFIX_AT = re.compile("(?=(" + SUFFIX_RE.pattern + "))")  # every position, overlapping
_VERB_PHRASE_TAGS = ("d", "ad", "a", "n")
_PROPER_TAGS = ("nt", "nz", "ns", "nr", "j")
_PERSON_TAGS = ("nr", "nrfg", "")


def _trim_front(text: str, idx: TokenIndex, start: int, s: int) -> int:
    """Cut what the walk took that cannot open a name.

    - a verb phrase the dictionary calls a noun (全力支持, 充分发挥: adverb + verb) ends the clause before the name;
    - a title and the person after it (秘书长王某和市某某会) end the clause before the name;
    - 甲局与乙会: a conjunction after a complete name joins two bodies, it is not inside one.
    """
    t = idx.token_at(start)
    w = idx.words[t]
    if idx.starts[t] == start and not idx.tags[t] and len(w) >= 2 and w[-1] in lex.REGION_UNITS \
            and all(tag_of(ch) in ("p", "d", "c") for ch in w[:-1]):
        return idx.ends[t] - 1  # 已由县|人民政府: the segmenter glued adverbs and a preposition to the region unit
    while t < len(idx.words) and idx.starts[t] < s:
        w, end = idx.words[t], idx.ends[t]
        after_title = t > 0 and idx.words[t - 1] in lex.TITLE_HEADS and end <= s and idx.starts[t] >= start \
            and w[0] in lex.SURNAMES  # 秘书长王某: a person named after a title
        joined = next((k for k, ch in enumerate(w) if ch in lex.AND_WORDS), -1)
        if len(w) == 4 and tag_of(w[:2]) in _VERB_PHRASE_TAGS and tag_of(w[2:]) == "v" \
                and w[2:] not in lex.NAME_VERBS and idx.tags[t] not in _PROPER_TAGS:
            start = end
        elif w in lex.TITLE_HEADS:
            start = end
        elif after_title and idx.tags[t] == "" and 2 <= joined <= 3:
            start = idx.starts[t] + joined + 1  # 王某和市: the segmenter glued the person to the conjunction
        elif after_title and idx.tags[t] in _PERSON_TAGS and 2 <= len(w) <= 3:
            start = end
        elif w in lex.AND_WORDS and (start == idx.starts[t] or ORG_SUFFIX_END.search(text[start:idx.starts[t]])
                                     or _person_after_title(text, idx, start, idx.starts[t])):
            start = end
        t += 1
    return start


def _person_after_title(text: str, idx: TokenIndex, start: int, at: int) -> bool:
    """秘书长韩某某和…: what stands between a title and the conjunction at ``at`` is a person's name."""
    t = idx.token_at(start)
    while t > 0 and idx.words[t] not in lex.TITLE_HEADS and idx.starts[t] > start - 4:
        t -= 1
    title_end = idx.ends[t] if idx.words[t] in lex.TITLE_HEADS else -1
    return title_end >= 0 and 2 <= at - title_end <= 3 and text[title_end] in lex.SURNAMES


_FUNCTIONS = tuple(sorted((m for m in lex.GOVERNMENT_MARKERS if len(m) >= 2), key=len, reverse=True))
_NOT_IN_NAME = ("p", "c", "u", "uj", "ul", "r", "v", "m", "q", "t", "f", "y")


def _company_front(doc: Doc, idx: TokenIndex, start: int) -> int:
    """Where a company's name really starts when the walk stopped inside it.

    - 甲乙(山东)纺织有限公司: a region in brackets after the trade name;
    - 临江高新物资有限公司: a region, then a short word the dictionary tags oddly (高新 as an adverb).
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
    odd_word = idx.tags[ti] not in _NOT_IN_NAME and not (idx.tags[ti] == "d" and len(idx.words[ti]) == 1)  # 将, 也
    if ti >= 1 and idx.ends[ti] == start and len(idx.words[ti]) <= 2 and odd_word \
            and is_cjk(idx.words[ti][0]) and gaz.lookup(idx.words[ti - 1]) and idx.tags[ti - 1] in ("ns", ""):
        return idx.starts[ti - 1]
    return start


def _overrun(ends: set[int], at: dict[int, int], s: int, e: int) -> bool:
    """A suffix inside a word is overrun by a longer one that ends the word (新闻办|公室 → 办公室);
    ``ends``: where the words end."""
    return e not in ends and any(at.get(k, 0) > e and at[k] in ends for k in range(s + 1, e))


def _suffix_ends_word(text: str, idx: TokenIndex, s: int, e: int, suffix: str) -> str | None:
    """The word a suffix ends, or None when the suffix does not end a word that can be a name's last."""
    # the suffix must end a word: 局 in 局面 or 公司 in 公司化 does not
    last = idx.token_at(e - 1)
    glued = text[e:idx.ends[last]]
    # 政协主席: the segmenter glued a title on; but 党委 before a title (党委书记) qualifies it: no body
    title = lex.TITLE_RE.match(text, e) if glued else None  # 某某县|委副|书记: the segmenter cut a title's 副 off
    titled = (glued in lex.TITLE_HEADS or title is not None and len(title.group()) > len(glued)) \
        and len(suffix) >= 2 and suffix not in lex.TITLE_QUALIFIERS
    if idx.ends[last] != e and len(suffix) < 3 and not (glued in lex.GLUED_PARTICLES and len(suffix) == 1) \
            and not titled:
        return None  # ...but 局等 (the segmenter glued a particle on) still ends at 局
    cut = glued in lex.GLUED_PARTICLES or titled
    word = idx.words[last][: len(idx.words[last]) - len(glued)] if cut else idx.words[last]
    if word != suffix and (word in lex.NOT_ORG_WORDS or word[-2:] in lex.NOT_ORG_WORDS):
        return None  # 新格局 (jieba even calls it an organization)
    if suffix == lex.CENTER_SUFFIX and text.startswith(lex.CENTER_NOT_BEFORE, e):
        return None  # 围绕市委、市政府中心工作: the central task, no centre
    if len(suffix) == 1 and word != suffix:
        # 局, 委, 厅 end an institution word (公安局, 科技局), not an idiom (谋篇布局)
        # 市卫健局 (not in the dictionary), 省林业厅 (in it as a body): a region and a function
        unknown = tag_of(word) in ("", "nt", "n") and len(word) <= 6 and word[0] in lex.ADMIN_CHARS
        if (len(word) > 3 and not unknown) or tag_of(word) not in ("n", "nt", "j", "nz", ""):
            return None
        if word[-2:] in lex.TITLE_HEADS:
            return None  # 市委常委: a title, not a body
    if idx.tags[last] in ("i", "l", "v", "a", "d") and not (suffix.endswith(word) and len(suffix) >= 2):
        return None  # ...but a suffix the dictionary calls a verb (支行, 合作社, 疾病预防|控制中心) is still a suffix
    return word


def _has_place(idx: TokenIndex, start: int, end: int) -> bool:
    gaz = Gazetteer.load()
    return any(gaz.lookup(idx.words[t]) for t in range(idx.token_at(start), idx.token_at(end - 1) + 1))


def _is_trade_name(text: str, idx: TokenIndex, start: int, s: int, suffix: str = "") -> bool:
    """A trade name before a weak suffix (某某科技, 山东某某药业): one unknown word, a region before it at most,
    a filler word after it at most (某某国际酒店); a hotel may be named by a place alone (某某县宾馆)."""
    gaz = Gazetteer.load()
    first = idx.token_at(start)
    region = first < len(idx.words) and idx.ends[first] <= s and bool(gaz.lookup(idx.words[first]))
    if region and suffix in lex.PLACE_NAMED_KINDS and idx.starts[first] == start:
        rest = text[idx.ends[first]:s]
        if not rest or rest in lex.TRADE_FILLERS:
            return True  # 某某县宾馆, 某某大酒店
    if region and idx.ends[first] < s:
        first += 1
    end = s
    glued = idx.starts[idx.token_at(s - 1)] if s > 0 else s
    if glued < s and idx.ends[first] == glued:
        end = glued  # 某某|糖厂, 某某|机械厂: the product is glued to the kind; the trade name is the word before
    for _ in range(2):  # 国际大酒店: two fillers at most
        filler = next((f for f in lex.TRADE_FILLERS if text.endswith(f, idx.starts[first], end)
                       and end - len(f) > idx.starts[first]), "")
        end -= len(filler)
    trade = text[idx.starts[first]:end]
    tags = ("", "nz", "nrt", "nr") + (("ns",) if suffix in lex.PLACE_NAMED_KINDS else ())
    return idx.starts[first] >= start and idx.ends[first] == end and tag_of(trade) in tags \
        and 2 <= len(trade) <= 4


def _trade_after_place(text: str, idx: TokenIndex, start: int, s: int, suffix: str) -> int:
    """某某新区某某国际酒店: the walk took in the place where the business stands; its name is the trade name
    after that place (a division's or a zone's kind ends the place)."""
    for t in range(idx.token_at(start) + 1, idx.token_at(s - 1) + 1):
        at = idx.starts[t]
        if text[at - 1] in lex.PLACE_KIND_ENDS and _is_trade_name(text, idx, at, s, suffix):
            return at
    return start


def _verbs_only(idx: TokenIndex, start: int, end: int) -> bool:
    """Whether text[start:end] is made of whole verbs and verbal nouns only (建设, 投资建设)."""
    toks = range(idx.token_at(start), idx.token_at(end - 1) + 1)
    return idx.starts[toks[0]] == start and idx.ends[toks[-1]] == end \
        and all(idx.tags[t] in ("v", "vn") for t in toks)


def _names_a_body(text: str, idx: TokenIndex, start: int, s: int, e: int, suffix: str) -> bool:
    """Whether the walked name text[start:e] names one body rather than a kind, an anaphor or a phrase."""
    kind = lex.SUFFIX_TYPE[suffix]
    name = text[start:e]
    listed = (start > 0 and text[start - 1] == "、") or text[e:e + 1] == "、"
    if name in lex.BARE_HEADS or name == suffix and suffix not in lex.NAMES_ALONE:
        # a bare department in a list of bodies (公安局、检察院联合…) still names one, in context
        if not (listed and kind == EntityType.GOVERNMENT_BODY and name not in lex.UNNAMED_ALONE):
            return False
    core = name[: len(name) - len(suffix)]
    if core in lex.BARE_HEADS:
        return False  # 集团党委, 公司展厅: a unit of the company the article speaks of, not a name
    if suffix in lex.BARE_HEADS and start > 0 and text[start - 1] in lex.ATTRIBUTIVE_CHARS \
            and generic_kind(idx, start, s, any_length=True) and not _has_place(idx, start, s):
        return False  # 最大的综合性产业集团: a description, not a name
    if suffix in lex.WEAK_COMPANY_SUFFIXES | lex.WEAK_ORG_SUFFIXES and len(core) < 2:
        return False
    if core and tag_of(core) in ("a", "v", "d", "m", "r") and len(core) <= 2:
        return False  # 大中心, 新公司: an adjective is no name
    if core and _verbs_only(idx, start, s):
        return False  # 在当地建设生产基地, 投资建设产业园: what is done, no name
    if core.endswith(lex.KIND_CHARS) or any(name == stop + suffix for stop in lex.NAME_PREFIX_STOPS):
        return False  # 智慧型医院, 当地政府: a kind of body, or a body no name tells
    if name[:1] in lex.REGION_UNITS and start > 0 and _NUMERAL.match(text[start - 1]):
        return False  # 16市工商联: a count of cities, not one
    if start > 0 and text[start - 1] in lex.ANAPHOR_CHARS:
        return False  # 该公司: an anaphor, resolved by the relation rules
    if suffix in lex.WEAK_COMPANY_SUFFIXES and not _is_trade_name(text, idx, start, s, suffix):
        return False
    if any(ch in name for ch in lex.BREAKER_CHARS) or _COLLECTIVE_LIST.search(name):
        return False
    if kind == EntityType.ORGANIZATION and classify(name, suffix) == EntityType.ORGANIZATION \
            and generic_kind(idx, start, e):
        return False  # 技术创新中心, 国家级工业设计中心: a kind of platform, not a named one
    return True


_PREDICATE_TAGS = ("a", "ad", "d", "v")


def _after_predicate(text: str, idx: TokenIndex, start: int, s: int, e: int, suffix: str) -> int | None:
    """落实|市委: a verb or adjective the walk took in before the name is the clause's predicate, no part
    of it; the name after it, if it names a body, else None."""
    ti = idx.token_at(start)
    if ti < 0 or idx.tags[ti] not in _PREDICATE_TAGS or idx.ends[ti] > s:
        return None
    after = idx.ends[ti]
    return after if _names_a_body(text, idx, after, s, e, suffix) else None


def _kind_before_name(text: str, s: int, e: int) -> bool:
    """某某集团全资子公司某某有限公司: a subsidiary's kind right before its own name is no name."""
    return text.endswith(lex.SUBSIDIARY_KINDS, 0, e) and e < len(text) and is_cjk(text[e])


def suffix_names(doc: Doc) -> list[Cand]:
    """Words + a legal or institutional suffix: the name walks left from the suffix."""
    text = text_of(doc)
    idx = TokenIndex.of(doc)
    out: list[Cand] = []
    starts = set(idx.starts)
    found = list(_SUFFIX_AT.finditer(text))
    at = {m.start(): m.start() + len(m.group(1)) for m in found}
    ends = set(idx.ends)
    taken = 0  # the end of the last suffix that ends a word: one that does not hides none inside it (市委员会)
    for m in found:
        s, suffix = m.start(), m.group(1)
        e = s + len(suffix)
        if s < taken or _suffix_ends_word(text, idx, s, e, suffix) is None or _overrun(ends, at, s, e):
            continue
        taken = e
        kind = lex.SUFFIX_TYPE[suffix]
        start = walk_left(doc, s, max_len=26, allow_and=kind != EntityType.COMPANY)
        if kind == EntityType.COMPANY:
            start = _company_front(doc, idx, start)
        start, fixed = _front_place(text, start, s, starts)
        start = _trim_front(text, idx, start, s)
        if suffix in lex.WEAK_COMPANY_SUFFIXES and not _is_trade_name(text, idx, start, s, suffix):
            start = _trade_after_place(text, idx, start, s, suffix)
        if suffix in lex.STATIONED_SUFFIXES:
            start = _stationed_front(doc, text, start)
        if suffix in lex.REGION_BOUND_SUFFIXES:
            start = _region_front(text, start, s)
            if start is None:
                continue
        if not _names_a_body(text, idx, start, s, e, suffix):
            start = _after_predicate(text, idx, start, s, e, suffix)
        if start is None or _kind_before_name(text, s, e):
            continue
        name = text[start:e]
        out.append(Cand(start, e, classify(name, suffix), f"org-suffix:{kind}", 2,
                        name=fixed + name[len(fixed):] if fixed else ""))
    return out


def region_function_departments(doc: Doc) -> list[Cand]:
    """临江统计部门, 市税务部门: a region and a state function name a department without its legal name."""
    text = text_of(doc)
    out: list[Cand] = []
    for m in re.finditer(re.escape(lex.DEPARTMENT), text):
        function = next((f for f in _FUNCTIONS if text.startswith(f, m.start() - len(f))), "")
        at = m.start() - len(function)
        region = next((text[at - k:at] for k in (4, 3, 2, 1) if at - k >= 0 and (
            text[at - k:at] in lex.REGION_UNITS if k == 1 else Gazetteer.load().lookup(text[at - k:at]))), "")
        begin = at - len(region)
        if function and region and (begin == 0 or not is_cjk(text[begin - 1]) or tag_of(text[begin - 1]) in ("p", "v", "c")):
            out.append(Cand(begin, m.end(), EntityType.GOVERNMENT_BODY, "region-function-department", 2))
    return out


def national_bodies(doc: Doc) -> list[Cand]:
    """National party and state organs by their names, and the central committees of parties."""
    text = text_of(doc)
    out: list[Cand] = []
    ends = set(TokenIndex.of(doc).ends)
    for body in lex.NATIONAL_BODIES:
        for m in re.finditer(re.escape(body), text):
            if m.end() not in ends and is_cjk(text[m.end():m.end() + 1] or "a"):
                continue  # 教育部门 is no ministry
            out.append(Cand(m.start(), m.end(), EntityType.GOVERNMENT_BODY, "national-body", 3))
    for m in FOREIGN_PARTY_CENTRAL.finditer(text):
        start = walk_left(doc, m.start() + len(m.group()) - len(lex.PARTY_CENTRAL)
                          if lex.PARTY_CENTRAL in m.group() else m.start(), max_len=14)
        end = m.end()
        if start < m.end() - 3:
            out.append(Cand(start, end, EntityType.GOVERNMENT_BODY, "party-central", 2))
    return out


_LISTED_COMPANY = re.compile(r"[\u4e00-\u9fff]{2}(?:" + "|".join(sorted(lex.INDUSTRY_WORDS, key=len, reverse=True)) + ")")
_LIST_JOINER = re.compile("^" + alternation(words("list_joiners")) + "$")
_BRAND_TAGS = ("", "nz", "nt", "nr", "nrt", "nrfg", "j")


def listed_companies(doc: Doc) -> list[Cand]:
    """甲乙纺织、丙丁啤酒: short company names in a list, a two-character brand + an industry word.

    Only when two such items stand side by side, each brand a proper word (not a common one, not a place).
    """
    text = text_of(doc)
    idx = TokenIndex.of(doc)
    starts = set(idx.starts)
    gaz = Gazetteer.load()
    items = [m for m in _LISTED_COMPANY.finditer(text) if m.start() in starts and m.end() in set(idx.ends)
             and tag_of(m.group()[:2]) in _BRAND_TAGS and not gaz.lookup(m.group()[:2])]
    listed: set[int] = set()
    for a, b in zip(items, items[1:]):
        if _LIST_JOINER.match(text[a.end():b.start()]):
            listed.update((id(a), id(b)))
    return [Cand(m.start(), m.end(), EntityType.COMPANY, "listed-company", 2) for m in items if id(m) in listed]


def source_lines(doc: Doc) -> list[Cand]:
    """来源：某某新闻网: the medium a page names as its source; a name with a suffix keeps its suffix's type."""
    out = []
    for m in _SOURCE_LINE.finditer(text_of(doc)):
        name = m.group(1)
        suffix = ORG_SUFFIX_END.search(name)
        kind = classify(name, suffix.group()) if suffix else EntityType.ORGANIZATION
        out.append(Cand(m.start(1), m.end(1), kind, "source-line", 3))
    return out


def media_sites(doc: Doc) -> list[Cand]:
    """某某网讯, 某某网记者, 某某网（www…）, 某某新媒体(http…): a news site by how it signs."""
    text = text_of(doc)
    sites = [m for m in _MEDIA_SITE.finditer(text) if len(m.group(1)) >= 2]
    sites += [m for m in _SITE_ADDRESS.finditer(text) if not ORG_SUFFIX_END.search(m.group(1))]
    return [Cand(m.start(1), m.end(1), EntityType.ORGANIZATION, "media-site", 2) for m in sites]


def newspaper_self(doc: Doc) -> list[Cand]:
    """The newspaper itself: 本报 in a byline or dateline, named after the issue's paper."""
    paper = (doc._.context or {}).get("newspaper") or ""
    return [Cand(m.start(), m.end(), EntityType.ORGANIZATION, "newspaper-self", 4, paper)
            for m in _NEWSPAPER_SELF.finditer(text_of(doc))]


STEPS = {"suffix_names": suffix_names, "region_function_departments": region_function_departments,
         "national_bodies": national_bodies, "listed_companies": listed_companies,
         "source_lines": source_lines, "media_sites": media_sites, "newspaper_self": newspaper_self}


@Language.factory("kg_orgs", default_config={"steps": list(STEPS)})
def make_orgs(nlp: Language, name: str, steps: list[str]):
    return OrgFinder(steps)


class OrgFinder:
    """Organizations by the grammar of their names; ``steps`` choose the rules, in order."""

    def __init__(self, steps: list[str]) -> None:
        unknown = [s for s in steps if s not in STEPS]
        if unknown:
            raise ValueError(f"kg_orgs: unknown steps {unknown} (known: {', '.join(STEPS)})")
        self.steps = [STEPS[s] for s in steps]

    def __call__(self, doc: Doc) -> Doc:
        for step in self.steps:
            doc._.cands.extend(step(doc))
        return doc
