"""Places: the gazetteer of administrative divisions and world regions, OCR repair, and place grammar
(villages, streets, roads, development zones) for what no gazetteer lists."""
from __future__ import annotations

import re
from functools import lru_cache

import jieba
import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from ..gazetteer import Gazetteer
from ..model import EntityType
from ..rules import regex, word_class
from .base import Cand, TokenIndex, is_cjk, tag_of, text_of, walk_left
from .patterns import ORG_SUFFIX_END
from .lexicon import ADMIN_END_CHARS, LEVELS, LOCATED_VERBS, PLACE_CLAUSE_CHARS, SCOPE_CHARS, TOWN_END_CHARS

_ADMIN_END = ADMIN_END_CHARS
# zones and sub-county places named by their kind
_ZONE_RE = regex("zone")
_SMALL_RE = regex("small_place")
_COUNTY_END = tuple(word_class("place_words", "county_end_char"))
_PROPER_FRONT = ("", "ns", "nr", "nz", "nrt", "j")
_ZONE_APPOSITION = tuple(word_class("place_words", "zone_apposition"))
_ZONE_FRONT_ENDS = LOCATED_VERBS + tuple(word_class("place_words", "zone_front_end"))
_ZONE_ANAPHORS = tuple(word_class("place_words", "zone_anaphor"))
_LONG_KINDS = tuple(word_class("place_words", "long_small_kind"))


_EVERYDAY = 1000  # jieba frequency above which a word is common speech (城区 1517; 阳谷 38)


def _common_short_form(surface: str, name: str) -> bool:
    """A division's short form that the dictionary knows as some other word (阳谷 n, 惠民 nr, 和平 nz)."""
    return surface != name and tag_of(surface) not in ("", "ns", "j")


@lru_cache(maxsize=1)
def _local_only() -> frozenset[str]:
    """Rarer such words (阳谷, 惠民), and any county's bare short form (新建 for 新建区), name the place only where
    the paper is local: far away a paper writes the county with its kind (某某县), and the bare word is a word."""
    return frozenset(s for s, (name, code, level) in _surfaces().items()
                     if len(code) >= 6 and (_common_short_form(s, name) or s != name and level == "county"))


def everyday_short_form(surface: str) -> bool:
    """A division's short form the dictionary calls a verb or an adjective (振兴, 富裕): in running text it is
    rarely the place, so it does not vote for the paper's region."""
    return surface in _local_only() and tag_of(surface)[:1] in ("v", "a", "d")


_RARE_AS_WORD = 400  # jieba frequency below which a division's name the dictionary tags otherwise is the place (遵义 179)


def place_word(word: str) -> bool:
    """A division's name that the dictionary tags as a verb, a time or a numeral but rarely uses so (遵义 v,
    隆回 t, 三台 m): inside an organization's name it is the place, as any place word is (某某山合农业有限公司)."""
    return word in _surfaces() and tag_of(word) != "ns" and _frequency(word) < _RARE_AS_WORD


def _frequency(word: str) -> int:
    jieba.dt.check_initialized()
    return jieba.dt.FREQ.get(word) or 0


@lru_cache(maxsize=1)
def _surfaces() -> dict[str, tuple[str, str, str]]:
    """surface → (canonical name, code, level) for every name worth matching in running text."""
    gaz = Gazetteer.load()
    table: dict[str, tuple[str, str, str]] = {}
    for surface in gaz.names(towns=False, include_short=True):
        records = gaz.lookup(surface)
        if len(records) != 1 or len(surface) < 2:
            continue
        rec = records[0]
        if _common_short_form(surface, rec.name) and _frequency(surface) >= _EVERYDAY:
            continue  # a short form that is an everyday word (和平, 城区) is not taken on its own
        table[surface] = (rec.name, rec.code, rec.level)
    for surface in gaz.world_names():
        if len(surface) >= 2 and surface not in table:
            rec = gaz.lookup_world(surface)[0]
            table[surface] = (rec.name, rec.code, rec.level)
    return table


@lru_cache(maxsize=1)
def _towns() -> dict[str, tuple[str, str, str]]:
    gaz = Gazetteer.load()
    table: dict[str, tuple[str, str, str]] = {}
    for surface in gaz.names(towns=True, include_short=False):
        if len(surface) < 3 or surface[-1] not in TOWN_END_CHARS:
            continue
        records = [r for r in gaz.candidates(surface, towns=True) if r.level == "town"]
        if records:
            table[surface] = (surface, records[0].code if len(records) == 1 else "", "town")
    return table


@lru_cache(maxsize=1)
def _prefixes() -> frozenset[str]:
    """Every prefix of every name: the scan stops as soon as no name can continue."""
    out: set[str] = set()
    for name in list(_surfaces()) + list(_towns()):
        for k in range(1, len(name) + 1):
            out.add(name[:k])
    return frozenset(out)


@lru_cache(maxsize=4096)
def _ocr_fix(window: str, context_code: str) -> str | None:
    return Gazetteer.load().correct_ocr(window, context_code or None)


@lru_cache(maxsize=1)
def _scan_keys() -> tuple[np.ndarray, np.ndarray]:
    """The first two characters of every name as sorted integer keys, and the characters that end a division."""
    pairs = sorted({(ord(p[0]) << 21) | ord(p[1]) for p in _prefixes() if len(p) == 2})
    return np.array(pairs, dtype=np.uint64), np.array(sorted(map(ord, _ADMIN_END)), dtype=np.uint64)


def _scan_starts(text: str) -> list[int]:
    """Where a gazetteer name or an OCR-damaged division may begin, found for the whole text at once (numpy): every
    name has two characters, so a start is a pair of characters that begins some name, or two or three characters
    before a division's last character (OCR repair). Most characters of a text are neither."""
    if len(text) < 2:
        return []
    pairs, ends = _scan_keys()
    code = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    keys = (code[:-1] << np.uint64(21)) | code[1:]
    where = np.minimum(np.searchsorted(pairs, keys), len(pairs) - 1)
    starts = set(np.flatnonzero(pairs[where] == keys).tolist())
    at_end = np.flatnonzero(np.isin(code, ends))
    starts.update(p for p in (at_end - 2).tolist() + (at_end - 3).tolist() if p >= 0)
    return sorted(starts)


def _town_hit(piece: str, context_code: str):
    """A town's record for ``piece``, only where its county is the paper's region (or it is the only such)."""
    hit = _towns()[piece]
    if context_code and hit[1]:
        return hit if hit[1].startswith(context_code[:4]) else None
    if hit[1]:
        return hit
    local = [r for r in Gazetteer.load().candidates(piece, towns=True)
             if r.level == "town" and context_code and r.code.startswith(context_code[:4])]
    return (piece, local[0].code, "town") if len(local) == 1 else None


def _match_at(text: str, i: int, context_code: str) -> Cand | None:
    """The longest gazetteer name (or OCR-repaired division) that begins at ``i``."""
    table, towns, prefixes = _surfaces(), _towns(), _prefixes()
    n = len(text)
    ocr = text[i + 2:i + 3] in _ADMIN_END or text[i + 3:i + 4] in _ADMIN_END
    reach = i
    while reach < n and reach - i < 10 and text[i:reach + 1] in prefixes:
        reach += 1
    ocr_end = i + 4 if ocr else i + 1
    for length in range(min(10, n - i, max(reach, ocr_end) - i), 1, -1):
        piece = text[i:i + length]
        hit = table.get(piece)
        if hit is None and piece in towns:
            hit = _town_hit(piece, context_code)
        if hit is None and length in (3, 4) and piece[-1] in _ADMIN_END:
            fixed = _ocr_fix(piece, context_code)
            rec = Gazetteer.load().lookup(fixed, context_code or None) if fixed else None
            if rec:
                return Cand(i, i + length, EntityType.PLACE, "gazetteer-ocr", 3, rec[0].name, rec[0].code)
        if hit is not None:
            return Cand(i, i + length, EntityType.PLACE, "gazetteer", 3, hit[0] if hit[0] != piece else "", hit[1])
    return None


def match_gazetteer(text: str, context_code: str = "") -> list[Cand]:
    """Longest gazetteer names in ``text``, left to right; towns only where their county is the paper's region."""
    out: list[Cand] = []
    free = 0  # the first character not inside a name found already
    for i in _scan_starts(text):
        if i < free:
            continue
        cand = _match_at(text, i, context_code)
        if cand is not None:
            out.append(cand)
            free = cand.end
    return out


_SHORT_LIST = re.compile(r"[\u4e00-\u9fff]{2,4}(?:、[\u4e00-\u9fff]{2,4})+")


def _listed_beside_places(idx: TokenIndex, text: str, places: set[tuple[int, int]]) -> list[Cand]:
    """对拉美、非洲、东盟分别出口: a place name the dictionary knows, listed beside known places, is one too."""
    out = []
    for m in _SHORT_LIST.finditer(text):
        spans, pos = [], m.start()
        for item in m.group().split("、"):
            spans.append((pos, pos + len(item)))
            pos += len(item) + 1
        # the first item may carry a word before it (对拉美), the last one a word after it (东盟分别)
        first, last = idx.token_at(spans[0][1] - 1), idx.token_at(spans[-1][0])
        spans[0] = (idx.starts[first], spans[0][1])
        spans[-1] = (spans[-1][0], idx.ends[last])
        known = [sp for sp in spans if any(ps <= sp[0] and sp[1] <= pe for ps, pe in places)]
        if not known or len(known) == len(spans):
            continue
        for s, e in spans:
            if (s, e) in known or any(ps == s and pe < e for ps, pe in places):
                continue  # known, or a known place and what follows it (法国巴黎: two places)
            t = idx.token_at(s)
            if idx.starts[t] == s and idx.ends[t] == e and idx.tags[t] in ("ns", "nz", "j") \
                    and not ORG_SUFFIX_END.search(text[s:e]):  # 某某晚报, 管委会 listed beside places are bodies
                out.append(Cand(s, e, EntityType.PLACE, "list:beside-places", 2))
    return out


def _proper_front(idx: TokenIndex, start: int, end: int) -> bool:
    """A named zone has a proper word before its kind (临江经开区, 某某湖旅游度假区); 国家经开区 is a kind."""
    gaz = Gazetteer.load()
    for t in range(idx.token_at(start), idx.token_at(end - 1) + 1):
        word = idx.words[t]
        if idx.tags[t] in ("", "ns", "nr", "nz", "nt", "j", "nrt") or gaz.lookup(word) or any(ch.isdigit() for ch in word):
            return True
    return False


def gazetteer_places(doc: Doc) -> list[Cand]:
    """Gazetteer names (with OCR repair); short forms only as whole words, rare ones only near home."""
    context = (doc._.context or {}).get("region_code", "")
    idx = TokenIndex.of(doc)
    out: list[Cand] = []
    for c in match_gazetteer(text_of(doc), context):
        short = c.name and c.rule == "gazetteer"  # a short form (聊城 for 聊城市) or an alias
        if short and (idx.starts[idx.token_at(c.start)] != c.start or idx.ends[idx.token_at(c.end - 1)] != c.end):
            continue
        if short and text_of(doc)[c.start:c.end] in _local_only() and not (context and c.key.startswith(context[:4])):
            continue  # 惠民政策 in a paper far from 惠民县
        out.append(c)
    return out


def places_beside_places(doc: Doc) -> list[Cand]:
    return _listed_beside_places(TokenIndex.of(doc), text_of(doc), {(c.start, c.end) for c in doc._.cands})


def _leveled_front(text: str, start: int) -> int:
    """某某国家级文化产业园: a place, then the zone's level, then its kind; the walk stops at the level word."""
    level = next((w for w in LEVELS if text.endswith(w, 0, start)), "")
    if not level:
        return start
    at = start - len(level)
    place = next((k for k in (3, 2) if at - k >= 0 and Gazetteer.load().lookup(text[at - k:at])), 0)
    return at - place if place else start


def zones(doc: Doc) -> list[Cand]:
    """Development zones named by their kind, with a proper word before it."""
    text, idx = text_of(doc), TokenIndex.of(doc)
    out: list[Cand] = []
    for m in _ZONE_RE.finditer(text):
        start = walk_left(doc, m.start(), max_len=16)
        # 某某项目落户某某新区: what is placed there and the verb that places it are not the zone's (the walk may
        # cross both where the segmenter glued them); the name begins after the last of them
        for word in _ZONE_FRONT_ENDS:
            k = text.rfind(word, start, m.start())
            start = k + len(word) if k >= 0 else start
        start = _leveled_front(text, start)
        for kind in _ZONE_APPOSITION:  # 某某示范基地某某产业园: the designation before the name is not in it
            k = text.rfind(kind, start, m.start())
            start = k + len(kind) if k >= 0 else start
        if start < m.start() and not text[start:m.start()].startswith(SCOPE_CHARS) \
                and _proper_front(idx, start, m.start()):
            out.append(Cand(start, m.end(), EntityType.PLACE, "zone-grammar", 2))
    return out


_BEFORE_BARE_ZONE = ("", "p", "v", "c", "d", "u", "uj", "t", "m", "r", "f")


def bare_zones(doc: Doc) -> list[Cand]:
    """开发区 alone, where the article names one zone of that kind (某某经济开发区 … 开发区综合实力提升), is that
    zone; with a word before it that qualifies it (国家级开发区, 全开发区) it is a kind, and nothing is found."""
    text, idx = text_of(doc), TokenIndex.of(doc)
    out: list[Cand] = []
    for kind in _ZONE_ANAPHORS:
        named = [text[c.start:c.end] for c in doc._.cands
                 if c.rule == "zone-grammar" and text.endswith(kind, c.start, c.end) and c.end - c.start > len(kind)]
        if not named or len({n[:2] for n in named}) > 1:
            continue  # no zone of this kind named, or two different ones: the bare kind is ambiguous
        full = max(named, key=len)
        for t, word in enumerate(idx.words):
            if word == kind and (t == 0 or idx.tags[t - 1] in _BEFORE_BARE_ZONE) \
                    and not (t > 0 and idx.words[t - 1][-1:] in SCOPE_CHARS):
                out.append(Cand(idx.starts[t], idx.ends[t], EntityType.PLACE, "zone-anaphor", 1, full))
    return out


_TOWN_AFTER = regex("town_after_county")


def towns_after_counties(doc: Doc) -> list[Cand]:
    """某某县甲乙镇: a town or township right after its county, wherever the segmenter cut (县长|安镇)."""
    text = text_of(doc)
    out: list[Cand] = []
    for c in doc._.cands:
        if c.type != EntityType.PLACE or text[c.end - 1:c.end] not in _COUNTY_END:
            continue
        m = _TOWN_AFTER.match(text, c.end)
        if m:
            out.append(Cand(c.end, m.end(), EntityType.PLACE, "town-after-county", 3))
    return out


def small_places(doc: Doc) -> list[Cand]:
    """Villages, communities, streets and roads by their kind word."""
    text, idx = text_of(doc), TokenIndex.of(doc)
    out: list[Cand] = []
    for m in _SMALL_RE.finditer(text):
        s, e = m.start(), m.end()
        # 某某镇东王村: the segmenter glued the town's kind word to the village; the village starts after it
        glued = e - s >= 4 and text[s] in TOWN_END_CHARS and s > 0 and text[s - 1] not in TOWN_END_CHARS
        s += glued
        first = idx.token_at(s)
        if not glued and idx.starts[first] != s and idx.ends[first] <= e - 3 and text[s] in _COUNTY_END:
            s = idx.ends[first]  # 某某区付庄街道: the match began inside the division before the name
        # the name must start at a token boundary and not be an everyday word (道路, 思路, 出路)
        if not glued and idx.starts[idx.token_at(s)] != s or idx.ends[idx.token_at(e - 1)] != e:
            continue
        word = text[s:e]
        # 乡村, 道路, 线路: a one-character kind word makes a common word with the character before it
        # (a kind of two characters, 社区 or 街道, is a word by itself: 某某社区 stands)
        one_char_kind = not word.endswith(_LONG_KINDS)
        if tag_of(word) not in ("", "ns", "nz") or one_char_kind and tag_of(text[e - 2:e]):
            continue
        if any(ch in PLACE_CLAUSE_CHARS for ch in word):
            continue
        kind_len = 1 if one_char_kind else 2
        front = text[s:e - kind_len]
        if tag_of(front) in ("v", "a", "d", "m", "r", "p", "c", "f", "t") or kind_len == 2 and (
                tag_of(front) not in _PROPER_FRONT or _frequency(front) >= _EVERYDAY):
            continue  # 沿着社区, 智慧社区, 城市社区: a clause word or an everyday word before the kind, no name
        out.append(Cand(s, e, EntityType.PLACE, "place-grammar", 1))
    return out


_NATURAL_KINDS = tuple(word_class("place_words", "natural_kind"))
_REGION_ENDS = tuple(word_class("place_words", "region_end"))
_NOT_NATURAL = frozenset(word_class("place_words", "not_natural"))
_RIVER_KINDS = frozenset(word_class("place_words", "river_kind"))
_NATURAL_LAST = frozenset(k[-1] for k in _NATURAL_KINDS + _REGION_ENDS)


def natural_places(doc: Doc) -> list[Cand]:
    """Rivers, lakes, mountains, plains and regions (某某江, 某某湖, 某某平原, 某北): a word the dictionary calls a
    place name (or a proper noun, for rivers) that ends with such a kind, where no other rule found a name."""
    idx = TokenIndex.of(doc)
    words, tags = idx.words, idx.tags
    found = [t for t, word in enumerate(words) if word[-1:] in _NATURAL_LAST and tags[t] in ("ns", "nz")
             and 2 <= len(word) <= 6 and _natural_word(word, tags[t])]
    if not found:
        return []
    covered = bytearray(len(text_of(doc)))
    for c in doc._.cands:
        covered[c.start:c.end] = b"\x01" * (c.end - c.start)
    out = []
    for t in found:
        s, e = idx.starts[t], idx.ends[t]
        fragment = any(0 <= k < len(words) and len(words[k]) == 1 and is_cjk(words[k])
                       and tags[k] in ("", "ns", "nz", "nr", "v") for k in (t - 1, t + 1))
        if not fragment and not any(covered[s:e]):  # 鹤|川北|垦: cut out of a name
            out.append(Cand(s, e, EntityType.PLACE, "natural-place", 1))
    return out


def _natural_word(word: str, tag: str) -> bool:
    """Whether a place-name word ends like a river, a landform or a region, and is no figure of speech or count."""
    if not all(is_cjk(ch) for ch in word) or word in _NOT_NATURAL or tag_of(word[0]) == "m" \
            or ORG_SUFFIX_END.search(word):
        return False  # 历史长河, 两河: a figure of speech or a count
    natural = word.endswith(_NATURAL_KINDS) and len(word) > 2 - (word[-1] in _RIVER_KINDS)
    return natural or word.endswith(_REGION_ENDS) and tag == "ns"


def _world_key(key: str) -> bool:
    """A foreign country's code (China's own names are words of many kinds: 中国银行, 中国梦)."""
    return len(key) == 2 and key.isascii() and key.isalpha() and key != "CN"


def cities_after_countries(doc: Doc) -> list[Cand]:
    """法国巴黎, 日本大阪, 美国纽约: a place word right after a country (or glued to it by the segmenter) is a city
    of that country; no gazetteer lists every foreign city."""
    text, idx = text_of(doc), TokenIndex.of(doc)
    taken = {c.start for c in doc._.cands}
    out = []
    for c in [c for c in doc._.cands if c.type == EntityType.PLACE and _world_key(c.key)]:
        t = idx.token_at(c.end - 1)
        if idx.starts[t] == c.start and idx.ends[t] > c.end and idx.tags[t] in ("ns", "nz"):
            s, e = c.end, idx.ends[t]  # one token: the country and its city (not 美国商务部, an institution)
        elif idx.ends[t] == c.end and t + 1 < len(idx.words) and idx.tags[t + 1] == "ns":
            s, e = idx.starts[t + 1], idx.ends[t + 1]
        else:
            continue
        if e - s >= 2 and s not in taken and all(is_cjk(ch) for ch in text[s:e]) \
                and not ORG_SUFFIX_END.search(text[s:e]):
            out.append(Cand(s, e, EntityType.PLACE, "city-after-country", 2))
    return out


STEPS = {"gazetteer": gazetteer_places, "cities_after_countries": cities_after_countries,
         "beside_places": places_beside_places, "zones": zones,
         "bare_zones": bare_zones, "small_places": small_places, "towns_after_counties": towns_after_counties,
         "natural_places": natural_places}


@Language.factory("kg_places", default_config={"steps": list(STEPS)})
def make_places(nlp: Language, name: str, steps: list[str]):
    return PlaceFinder(steps)


class PlaceFinder:
    """Gazetteer names (with OCR repair) and named zones, villages and roads; ``steps`` choose them, in order.
    Each step sees what the ones before it found (places beside places)."""

    def __init__(self, steps: list[str]) -> None:
        unknown = [s for s in steps if s not in STEPS]
        if unknown:
            raise ValueError(f"kg_places: unknown steps {unknown} (known: {', '.join(STEPS)})")
        self.steps = [STEPS[s] for s in steps]

    def __call__(self, doc: Doc) -> Doc:
        for step in self.steps:
            doc._.cands.extend(step(doc))
        return doc
