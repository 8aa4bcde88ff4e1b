"""The tokenizer aligns jieba's words to the text as spaCy's own alignment does, in one pass."""
from __future__ import annotations

import random

import jieba
import pytest
from spacy.util import get_words_and_spaces

from kg.extract import make_nlp
from kg.extract.tokenizer import words_and_spaces

PIECES = ["青原县", " ", "  ", "\n", "\u3000", "水利局", "a b", "局长", "\t", "。", " x ", "2031", "（", "柏文澜"]


def test_the_alignment_is_spacys_on_texts_with_every_kind_of_space():
    rng = random.Random(3)
    for _ in range(2000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30)))
        words = [w for w in jieba.cut(text) if w]
        assert words_and_spaces(words, text) == get_words_and_spaces(words, text), repr(text)


def test_the_pipeline_tokens_cover_the_text_exactly():
    nlp = make_nlp(only=[])
    text = "青原县水利局局长柏文澜 说，\n\n  新修水渠 10 条。"
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert [t.text for t in doc] == get_words_and_spaces([w for w in jieba.cut(text) if w], text)[0]


def test_a_word_missing_from_the_text_is_an_error():
    with pytest.raises(ValueError, match="不在"):
        words_and_spaces(["青原", "不在"], "青原县")


def test_a_bodys_kind_and_its_heads_title_are_cut_apart():
    from kg.extract.tokenizer import split_glued

    assert list(split_glued(["青川县", "水利", "局局长", "柏青", "院院长", "局面"])) == \
        ["青川县", "水利", "局", "局长", "柏青", "院", "院长", "局面"]
