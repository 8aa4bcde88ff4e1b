"""The cached tag table is jieba.posseg's own: the same words with the same tags."""
from __future__ import annotations

import jieba.posseg

from kg import tagtable


def test_dictionary_read_as_posseg_reads_it(tmp_path):
    table = tagtable.read_dictionary(tagtable._dictionary())
    assert table == jieba.posseg.dt.word_tag_tab and len(table) > 300_000
    cache = str(tmp_path / "tags.marshal")
    tagtable._save(cache, table)
    assert tagtable._load(cache) == table
    assert tagtable._load(str(tmp_path / "missing")) is None


def test_word_tags_equal_posseg_table():
    assert tagtable.word_tags() == jieba.posseg.dt.word_tag_tab
    assert tagtable.word_tags()["政府"] == "n"
