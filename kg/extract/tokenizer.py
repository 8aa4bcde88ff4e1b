"""The tokenizer: spaCy's Chinese tokenizer with the jieba segmenter, aligned to the text in linear time.

spaCy's ``util.get_words_and_spaces`` finds each word in a fresh copy of the rest of the text, which makes a
long article's alignment quadratic; this does the same alignment searching from the current position.
The tokens, their offsets and the spaces are those spaCy's own tokenizer makes (tests/test_extract.py).
"""
from __future__ import annotations

import re

from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.tokens import Doc
from spacy.util import registry

from ..rules import regex


def words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]]:
    """``spacy.util.get_words_and_spaces`` in one pass: whitespace between words becomes a token of its own,
    except one plain space after a word, which becomes that word's trailing space."""
    out: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for word in words:
        if word.isspace():
            continue
        start = text.find(word, pos)
        if start < 0:
            raise ValueError(f"the segmenter's word {word!r} is not in the text after offset {pos}")
        if start > pos:
            out.append(text[pos:start])
            spaces.append(False)
        out.append(word)
        spaces.append(False)
        pos = start + len(word)
        if pos < len(text) and text[pos] == " ":
            spaces[-1] = True
            pos += 1
    if pos < len(text):
        out.append(text[pos:])
        spaces.append(False)
    return out, spaces


_DOUBLED_HEAD = regex("doubled_head")
_DOUBLED_IN_TEXT = re.compile(_DOUBLED_HEAD.pattern.removeprefix("^").removesuffix("$"))


def split_glued(words):
    """The segmenter's words (none empty), with a body's kind and its head's title cut apart (某某局局长: 局|局长)."""
    for w in words:
        if len(w) == 3 and w[0] == w[1]:
            m = _DOUBLED_HEAD.match(w)
            if m:
                yield m.group(1)
                yield m.group(2)
                continue
        yield w


class JiebaTokenizer(ChineseTokenizer):
    def __call__(self, text: str) -> Doc:
        if self.segmenter != Segmenter.jieba:
            return super().__call__(text)
        words = [w for w in self.jieba_seg.cut(text, cut_all=False) if w]
        if _DOUBLED_IN_TEXT.search(text):  # rare: the word-by-word pass only where it can cut something
            words = list(split_glued(words))
        words, spaces = words_and_spaces(words, text)
        return Doc(self.vocab, words=words, spaces=spaces)


@registry.tokenizers("kg.jieba_tokenizer.v1")
def create_tokenizer(segmenter: str = "jieba"):
    def factory(nlp):
        return JiebaTokenizer(nlp.vocab, segmenter=segmenter)

    return factory
