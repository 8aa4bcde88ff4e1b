"""A statistical sequence labeller beside the rules: a character-level CRF proposes names the rules missed.

The rules find a name by its grammar (a title before it, a legal suffix after it); a name in a 、-list, after
a verb, or in a byline of an unfamiliar paper often has neither. The CRF (python-crfsuite) labels each
character B-/I-type or O (all seven types) from the character, its neighbours, jieba's word boundaries and
parts of speech, whether it is a common surname, how often jieba's dictionary uses it in given names, the
suffix and cue words of the rule lexicon, division characters and book-title brackets. It only *proposes*: a
span becomes a candidate when no rule candidate overlaps it and its labels' mean marginal probability reaches
the threshold; ``kg_select`` then arbitrates as for any other candidate. By default it proposes persons only:
measured by cross-validation on its training gold (scripts/cv_ner.py), spans of the other types where no rule
found one are mostly wrong (entity F1 0.896 -> 0.861), and a model that also reads the rules' candidates
(stacking) learns to copy them and finds nothing without them.

The model is built by ``scripts/train_ner.py`` (see there for which gold it learns from) and shipped in
``kg/data/ner_crf.crfsuite``. Features never hold a whole unknown word, so the model does not memorise names.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..model import EntityType
from ..rules import word_class
from .base import PUNCT, Cand, TokenIndex, is_cjk, text_of
from .lexicon import (ADMIN_CHARS, ADMIN_END_CHARS, COMPANY_SUFFIXES, COMPOUND_SURNAMES, GOVERNMENT_SUFFIXES, ORGANIZATION_SUFFIXES,
                      PROGRAM_SUFFIXES, PROJECT_SUFFIXES, SPEECH_VERBS, SURNAMES, TITLE_HEADS)

MODEL_FILE = "ner_crf.crfsuite"
NAME_CHARS_FILE = "name_chars.tsv"  # how often a character is a given name's, by jieba's dictionary
RULE = "crf"
# labels the model learns (every type: the others are context for persons); the config names those proposed
LABELLED_TYPES = tuple(EntityType)
_TITLE_AFTER_UNIT = frozenset(word_class("place_words", "unit_title_char"))
_MARGIN = 6  # characters of context either side of a possible name
_NAME_TAGS = {"", "nr", "nrt", "nrfg"}  # a word that may be a name: unknown to the dictionary, or a name in it
SENTENCE_ENDS = set("。！？!?\n；;")
_SENTENCE_END = re.compile("[" + re.escape("".join(sorted(SENTENCE_ENDS))) + "]")
# every offset where a surname (or a compound one) begins: a lookahead, so each offset is tried
_SURNAME_AT = re.compile("(?=[" + re.escape("".join(sorted(SURNAMES))) + "]|"
                         + "|".join(map(re.escape, sorted(COMPOUND_SURNAMES))) + ")")
_SUFFIXES = {t: tuple(sorted(set(words), key=len, reverse=True)) for t, words in (
    ("co", COMPANY_SUFFIXES), ("gov", GOVERNMENT_SUFFIXES), ("org", ORGANIZATION_SUFFIXES),
    ("pj", PROJECT_SUFFIXES), ("pg", PROGRAM_SUFFIXES))}
_TITLE_OPEN, _TITLE_CLOSE = "《", "》"  # the brackets that enclose a document's name
_CUES = {"title": tuple(sorted(set(TITLE_HEADS), key=len, reverse=True)),
         "speech": tuple(sorted(set(SPEECH_VERBS), key=len, reverse=True))}


def _char_class(ch: str) -> str:
    if ch.isdigit():
        return "D"
    if ch in PUNCT or ch in "、":
        return "P"
    if is_cjk(ch):
        return "C"
    return "A" if ch.isascii() and ch.isalpha() else "O"


def _edges_finder(words: tuple[str, ...]):
    """Overlapping matches in C: a lookahead of the words (for starts) and of the reversed words in the
    reversed text (for ends)."""
    forward = re.compile("(?=(?:" + "|".join(map(re.escape, words)) + "))")
    backward = re.compile("(?=(?:" + "|".join(re.escape(w[::-1]) for w in words) + "))")
    return forward, backward


_LONGEST_WORD = max(len(w) for words in (*_SUFFIXES.values(), *_CUES.values()) for w in words)
_SUFFIX_FINDERS = {key: _edges_finder(words) for key, words in _SUFFIXES.items()}
_CUE_FINDERS = {key: _edges_finder(words) for key, words in _CUES.items()}


def _word_edges(text: str, finders, starts_too: bool = True) -> tuple[bytearray, bytearray]:
    """Where a word ends (``ends[e]``) and, unless not ``starts_too``, where one starts (``starts[s]``), for
    every offset of ``text``."""
    forward, backward = finders
    n = len(text)
    ends, starts = bytearray(n + 1), bytearray(n + 1)
    if starts_too:
        for m in forward.finditer(text):
            starts[m.start()] = 1
    for m in backward.finditer(text[::-1]):
        ends[n - m.start()] = 1
    return ends, starts


def _token_features(idx: TokenIndex, ti: int) -> tuple:
    """The features a word gives each of its characters: its tag and length, the word itself when short
    (记者, 表示, 和: cues; a longer unknown word would be a name itself: only its tag), its neighbours."""
    word, tag = idx.words[ti], idx.tags[ti] or "x"
    context = [f"w={word}"] if len(word) <= 2 and tag != "x" else []
    for d in (-1, 1):
        tj = ti + d
        if 0 <= tj < len(idx.words):
            other = idx.words[tj]
            context.append(f"w{d}={other if len(other) <= 2 else '~'}")
            context.append(f"t{d}={idx.tags[tj] or 'x'}")
    return word, tag, idx.starts[ti], f"t={tag}", f"wl={min(len(word), 4)}", context


@lru_cache(maxsize=1)
def name_char_levels() -> dict[str, str]:
    """Character → how much of its use in jieba's dictionary is inside given names (hi / mid / lo), from
    ``kg/data/name_chars.tsv`` (made by scripts/train_ner.py): a name's characters are unknown to the
    model's gold, their habits are not."""
    path = resources.files("kg") / "data" / NAME_CHARS_FILE
    levels = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            ch, level = line.split("\t")[:2]
            levels[ch] = level
    return levels


def _inside_title(text: str, start: int, end: int) -> bytearray:
    """1 for each character of ``start``..``end`` between an opening and a closing book-title bracket."""
    inside = bytearray(end - start)
    opened = text.rfind(_TITLE_OPEN, 0, start) > text.rfind(_TITLE_CLOSE, 0, start)
    for i in range(start, end):
        ch = text[i]
        if ch == _TITLE_CLOSE:
            opened = False
        inside[i - start] = opened
        if ch == _TITLE_OPEN:
            opened = True
    return inside


def char_features(doc: Doc, start: int = 0, end: int | None = None) -> list[list[str]]:
    """One feature list per character of the Doc's text from ``start`` to ``end`` (the same function trains
    and applies the model)."""
    text = text_of(doc)
    idx = TokenIndex.of(doc)
    n = len(text)
    end = n if end is None else min(end, n)
    # word edges in the stretch and a margin as long as the longest word, offsets from ``lo``
    lo, hi = max(0, start - _LONGEST_WORD), min(n, end + _LONGEST_WORD)
    part = text[lo:hi]
    suffix_ends = {key: _word_edges(part, finders, False)[0] for key, finders in _SUFFIX_FINDERS.items()}
    cue_edges = {key: _word_edges(part, finders) for key, finders in _CUE_FINDERS.items()}
    name_levels = name_char_levels()
    inside_title = _inside_title(text, start, end)
    feats: list[list[str]] = []
    per_token: dict[int, tuple] = {}  # what every character of one word shares, made once per word
    for i in range(start, end):
        ch = text[i]
        ti = idx.token_at(i)
        shared = per_token.get(ti)
        if shared is None:
            shared = per_token[ti] = _token_features(idx, ti)
        word, tag, ws, tag_f, len_f, context_f = shared
        pos_in_word = "S" if len(word) == 1 else "B" if i == ws else "E" if i == ws + len(word) - 1 else "M"
        f = [f"c={ch}", f"k={_char_class(ch)}", f"wp={pos_in_word}", tag_f, len_f, f"wt={pos_in_word}{tag}"]
        for d in (-2, -1, 1, 2):
            j = i + d
            f.append(f"c{d}={text[j] if 0 <= j < n else '#'}")
        f.append(f"b-1={text[i - 1:i + 1] if i else '#'}")
        f.append(f"b+1={text[i:i + 2] if i + 1 < n else '#'}")
        f.extend(context_f)
        if ch in SURNAMES:
            f += ["surname", f"surname_wt={pos_in_word}{tag}"]
        if text[i:i + 2] in COMPOUND_SURNAMES:
            f.append("surname2")
        for d in (1, 2):
            if i - d >= 0 and text[i - d] in SURNAMES:
                f.append(f"surname-{d}_wt={pos_in_word}{tag}")
        f += [f"sfx={key}" for key, ends in suffix_ends.items() if ends[i + 1 - lo]]
        for key, (ends, starts) in cue_edges.items():
            if ends[i - lo]:
                f.append(f"after={key}")
            if starts[i + 1 - lo]:
                f.append(f"before={key}")
        for d in (-1, 0, 1):
            level = name_levels.get(text[i + d]) if 0 <= i + d < n else None
            if level:
                f.append(f"gn{d}={level}")
        if ch in ADMIN_CHARS:
            f.append("admin")
        if inside_title[i - start]:
            f.append("in_title")
        feats.append(f)
    return feats


def sentences(text: str) -> list[tuple[int, int]]:
    """Stretches the CRF labels one at a time: sentences and lines."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        i = m.start()
        if i + 1 > start:
            spans.append((start, i + 1))
        start = i + 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


@lru_cache(maxsize=4)
def load_tagger(path: str):
    try:
        import pycrfsuite
    except ImportError as exc:
        raise RuntimeError("kg: the statistical labeller needs python-crfsuite (pip install -e .)") from exc
    if not Path(path).is_file():
        raise RuntimeError(f"kg: no model at {path} (build it with scripts/train_ner.py)")
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger


def default_model_path() -> str:
    return str(resources.files("kg") / "data" / MODEL_FILE)


def _surname_len(text: str, at: int) -> int:
    return 2 if text[at:at + 2] in COMPOUND_SURNAMES else 1 if text[at] in SURNAMES else 0


def _looks_like_person(name: str, after: str = "") -> bool:
    """A proposed Chinese name: a surname and one or two more characters, all Chinese; not a place that the
    gazetteer lacks, which ends in a division's kind (某某县) or stands before one (某某|县, not 某某|县长)."""
    surname = _surname_len(name, 0)
    placed = name[-1] in ADMIN_END_CHARS or after[:1] in ADMIN_END_CHARS and after[1:2] not in _TITLE_AFTER_UNIT
    return bool(surname) and 1 <= len(name) - surname <= 2 and all(is_cjk(ch) for ch in name) and not placed


def decode(tags: list[str], marginal) -> list[tuple[int, int, str, float]]:
    """Spans (start, end, type, mean marginal) from B-/I- labels; ``marginal(label, i)`` is the model's."""
    spans, i = [], 0
    while i < len(tags):
        if not tags[i].startswith("B-"):
            i += 1
            continue
        kind, j = tags[i][2:], i + 1
        while j < len(tags) and tags[j] == f"I-{kind}":
            j += 1
        score = sum(marginal(tags[k], k) for k in range(i, j)) / (j - i)
        spans.append((i, j, kind, score))
        i = j
    return spans


class StatisticalProposer:
    def __init__(self, model: str, types: list[str], threshold: float, min_chars: int) -> None:
        self.model = model or default_model_path()
        self.types = {EntityType(t) for t in types}
        self.threshold = threshold
        self.min_chars = min_chars

    def _stretches(self, doc: Doc, start: int, end: int, taken: bytearray | None) -> list[tuple[int, int]]:
        """What of a sentence to label. For persons alone, windows around each free surname that opens a
        word the dictionary does not know as a common word (most of the text has none: that is the speed);
        the model looks two characters and one word either way, so the window's margins suffice."""
        text = text_of(doc)
        if self.types != {EntityType.PERSON}:
            return [(start, end)] if any(is_cjk(ch) for ch in text[start:end]) else []
        idx = TokenIndex.of(doc)
        windows: list[tuple[int, int]] = []
        for m in _SURNAME_AT.finditer(text, start, end):
            i = m.start()
            if not (taken and taken[i]):
                ti = idx.token_at(i)
                if idx.starts[ti] == i and (len(idx.words[ti]) == 1 or idx.tags[ti] in _NAME_TAGS):
                    lo, hi = max(start, i - _MARGIN), min(end, i + 4 + _MARGIN)
                    if windows and lo <= windows[-1][1]:
                        windows[-1] = (windows[-1][0], hi)
                    else:
                        windows.append((lo, hi))
        return windows

    def proposals(self, doc: Doc, taken: bytearray | None = None) -> list[Cand]:
        """Candidates of the configured types; ``taken`` marks the characters rules already hold."""
        tagger = load_tagger(self.model)
        text = text_of(doc)
        out = []
        for sentence_start, sentence_end in sentences(text):
            for s, e in self._stretches(doc, sentence_start, sentence_end, taken):
                tags = tagger.tag(char_features(doc, s, e))
                for i, j, kind, score in decode(tags, tagger.marginal):
                    if kind in self.types and score >= self.threshold and j - i >= self.min_chars \
                            and (kind != EntityType.PERSON or _looks_like_person(text[s + i:s + j], text[s + j:s + j + 2])):
                        out.append(Cand(s + i, s + j, kind, RULE, priority=0))
        return out

    def __call__(self, doc: Doc) -> Doc:
        if not self.types:
            return doc
        taken = bytearray(len(text_of(doc)) + 1)
        for c in doc._.cands:
            taken[c.start:c.end] = b"\x01" * (c.end - c.start)
        for cand in self.proposals(doc, taken):
            if not any(taken[cand.start:cand.end]):  # only where the rules found nothing
                doc._.cands.append(cand)
        return doc


@Language.factory("kg_statistical", default_config={"model": "", "types": [str(EntityType.PERSON)], "threshold": 0.5,
                                                    "min_chars": 2})
def make_statistical(nlp: Language, name: str, model: str, types: list[str], threshold: float, min_chars: int):
    """``model``: a crfsuite file ("" = the shipped one); ``types``: which labels become candidates."""
    return StatisticalProposer(model, types, threshold, min_chars)
