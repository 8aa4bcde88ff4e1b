"""What the extraction components share: candidate mentions on the Doc, and name boundaries.

Chinese prints names without spaces, so the hard part of a name is where it begins. Components
find a name by its end (a legal suffix, a title, a bracket) and walk left over the segmenter's
tokens while they look like parts of a name: nouns, unknown words, place names, the verbs that
institution names hold. A preposition, a clause verb, punctuation or a quantity ends the walk.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import IDX, ORTH
from spacy.tokens import Doc

from ..tagtable import word_tags
from ..model import EntityType
from .lexicon import (ADMIN_END_CHARS, AND_WORDS, DISCOURSE_CHARS, GLUED_FUNCTION_CHARS, NAME_PREFIX_STOPS,
                      NAME_TIME_WORDS, NAME_VERBS, VERB_INITIAL_CHARS)
from .patterns import INSTITUTION_ORDINAL, NUMERAL

for _extension in ("cands", "relations", "context"):
    if not Doc.has_extension(_extension):
        Doc.set_extension(_extension, default=None)

_TAGS = word_tags()  # jieba.posseg's part of speech per word, from a cache: a lookup, not a tagger run

# parts of speech that end a name when walking left
# "an" (安全, 困难) is not among them: 安全生产委员会, 安全保障指挥部; nor "l" (set phrases: 化学工程, 统一战线),
# but a set phrase of discourse (也就是说) stops the walk
STOP_TAGS = {"p", "c", "u", "uj", "ul", "uz", "ug", "ud", "uv", "d", "r", "y", "e", "o", "f", "m", "mq", "q", "t", "tg",
             "ad", "dg", "rr", "rz", "k", "h", "i"}
_PREFIX_STOPS_LONGEST_FIRST = tuple(sorted(NAME_PREFIX_STOPS, key=len, reverse=True))
# characters that, opening an unknown token, are a function word the segmenter glued on (从市, 这是, 在平区)
FUNCTION_CHARS = GLUED_FUNCTION_CHARS
PUNCT = set("，。、；：？！“”‘’《》（）()【】[]〔〕—…·,.;:!?\"' \n\t|/-#■□")


@dataclass
class Cand:
    start: int  # offsets into the Doc's text
    end: int
    type: EntityType
    rule: str
    priority: int = 0  # higher wins an overlap of equal length
    name: str = ""  # a fuller or corrected name (茌平区 for 在平区)
    key: str = ""  # resolver hint (gazetteer code, expansion)


def text_of(doc: Doc) -> str:
    """The Doc's text, built once: spaCy rebuilds ``doc.text`` from its tokens at every access."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


def tag_of(word: str) -> str:
    return _TAGS.get(word, "")


class TokenIndex:
    """Char offsets ↔ tokens of one Doc, with dictionary tags; built once per Doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        # from the Doc's arrays: making a spaCy Token object per word costs more than the rest of this index
        strings = doc.vocab.strings
        self.words = [strings[o] for o in doc.to_array(ORTH).tolist()]
        self.starts = doc.to_array(IDX).tolist()
        self.ends = [s + len(w) for s, w in zip(self.starts, self.words)]
        self.tags = [_TAGS.get(w, "") for w in self.words]
        self.at: list[int] = [0] * (len(text_of(doc)) + 1)
        for i, (s, e) in enumerate(zip(self.starts, self.ends)):
            self.at[s:e] = [i] * (e - s)
        if text_of(doc):
            self.at[len(text_of(doc))] = len(doc) - 1

    @classmethod
    def of(cls, doc: Doc) -> "TokenIndex":
        index = doc.user_data.get("kg_tokens")
        if index is None:
            index = doc.user_data["kg_tokens"] = cls(doc)
        return index

    def token_at(self, char: int) -> int:
        return self.at[char]


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _ordinal_in_name(idx: TokenIndex, ti: int) -> bool:
    """An ordinal after a region (某某市第一人民医院) or after its parent (某某大学附属第一医院, 某某集团第三工程
    有限公司) numbers the institution."""
    if ti == 0:
        return False
    before = idx.words[ti - 1]
    return idx.tags[ti - 1] == "ns" or before[-1] in ADMIN_END_CHARS \
        or idx.tags[ti - 1] in ("n", "nt", "nz", "b", "j", "") and idx.ends[ti - 1] == idx.starts[ti]


def _word_not_number(word: str) -> bool:
    """良种, 零部件: a word the dictionary tags as a numeral that holds no figure, or two characters that are none
    (三家, 十余家 are figures)."""
    return sum(not NUMERAL.match(ch) for ch in word) >= 2 or not NUMERAL.search(word)


def _place_word(word: str) -> bool:
    from .places import place_word  # places builds on this module: imported at the first call

    return place_word(word)


def _trade_name_before(idx: TokenIndex, ti: int) -> bool:
    """某某精密制造有限公司: an adjective right after a trade name (a word the dictionary does not know, or a
    proper noun) is the industry's, inside the name; after a common noun (产品稳定供应) it is the clause's."""
    return ti > 0 and idx.tags[ti - 1] in ("", "nz", "nr", "nrt", "ns", "j") and is_cjk(idx.words[ti - 1][:1])


def _joins_name(idx: TokenIndex, ti: int, allow_and: bool) -> bool:
    """A word that belongs to the name whatever its tag: 和/及 between nouns (when ``allow_and``), a division's name
    the dictionary tags as a verb (某地 某某农业有限公司: the place opens the name), an ordinal after a region
    (某某市第一人民医院: it numbers the institution)."""
    w, tag = idx.words[ti], idx.tags[ti]
    if w in AND_WORDS and allow_and and ti > 0 and (idx.tags[ti - 1].startswith(("n", "vn", "j"))
                                                      or idx.words[ti - 1] in NAME_VERBS):
        return True
    if tag and tag != "ns" and _place_word(w):
        return True
    return bool(INSTITUTION_ORDINAL.fullmatch(w)) and _ordinal_in_name(idx, ti)


def walk_left(doc: Doc, start: int, max_len: int = 24, allow_and: bool = False, floor: int = 0) -> int:
    """Extend a name that ends at a suffix starting at ``start`` leftwards over name-like tokens.

    ``floor`` is a hard limit (the end of the previous name, a sentence start). Returns the new start.
    """
    idx = TokenIndex.of(doc)
    text = text_of(doc)
    if start <= floor:
        return start
    ti = idx.token_at(start)
    new_start = idx.starts[ti] if idx.starts[ti] < start else start  # the suffix may end a longer word: 科技局
    if new_start < floor:
        new_start = start
    ti = idx.token_at(new_start) - 1 if new_start > 0 else -1
    while ti >= 0:
        s, w, tag = idx.starts[ti], idx.words[ti], idx.tags[ti]
        if s < floor or new_start - s > max_len:
            break
        if any(ch in PUNCT for ch in w) or not all(is_cjk(ch) or ch.isalnum() for ch in w):
            break
        if idx.ends[ti] != new_start:
            break  # a space between the words (本报讯 某某有限公司): the name starts after it
        if w.isdigit() or w.isascii():
            break
        if _joins_name(idx, ti, allow_and):
            new_start = s
            ti -= 1
            continue
        if tag in STOP_TAGS and not (tag in ("m", "mq") and _word_not_number(w)) and w not in NAME_TIME_WORDS:
            break  # ...but a word the dictionary calls a numeral without being a figure (良种, 零部件) is a word
        if tag == "l" and any(ch in DISCOURSE_CHARS for ch in w):
            break  # 也就是说, 与此同时: discourse; 化学工程, 综合治理 (also l) are name words
        if tag.startswith("v") and tag != "vn" and w not in NAME_VERBS:
            break
        if w in NAME_VERBS and ti > 0 and (idx.tags[ti - 1] in ("ad", "d") or idx.tags[ti - 1] == "a"
                                           and len(idx.words[ti - 1]) > 1 and not _trade_name_before(idx, ti - 1)):
            break  # 稳定供应某某集团: after an adverb the verb is the clause's (稳增长 is a set phrase)
        if w in NAME_PREFIX_STOPS:
            break
        if not tag and len(w) >= 2 and w[0] in VERB_INITIAL_CHARS:
            break  # 获批, 获评: verbs the dictionary lacks
        if not tag and len(w) >= 2 and w[0] in FUNCTION_CHARS:
            k = 0
            while k < len(w) and w[k] in FUNCTION_CHARS:
                k += 1
            new_start = s + k  # keep what follows the glued function word(s), then stop
            break
        new_start = s
        ti -= 1
    # a stop word glued to the front by the segmenter (该公司 is not a name)
    for stop in _PREFIX_STOPS_LONGEST_FIRST:
        if text.startswith(stop, new_start) and new_start + len(stop) < start:
            new_start += len(stop)
            break
    return new_start

