"""jieba's part of speech per dictionary word (``jieba.posseg.dt.word_tag_tab``), loaded fast.

Importing ``jieba.posseg`` builds that table from jieba's dict.txt line by line, about half a second
in every process. The same table is kept in a cache file beside ``jieba.cache`` (the temporary folder),
made at first use from the same dict.txt by the same rule (a later line wins), and named by the
dictionary's path, size and time, so a changed dictionary makes a new one. Loading it takes a third
of the time. When ``jieba.posseg`` is already imported, its own table is used.

    >>> word_tags()["政府"]
    'n'
"""
from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from functools import lru_cache

import jieba

_FORMAT = 1  # bump when the file layout changes


def _dictionary() -> str:
    """The dictionary jieba.posseg would read (jieba's default tokenizer's)."""
    return jieba.dt.dictionary or os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME)


def read_dictionary(path: str) -> dict[str, str]:
    """word → tag, exactly as ``jieba.posseg.POSTokenizer.load_word_tag`` reads it."""
    table: dict[str, str] = {}
    with open(path, "rb") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.strip().decode("utf-8")
            if not line:
                continue
            try:
                word, _, tag = line.split(" ")
            except ValueError:
                raise ValueError(f"invalid POS dictionary entry in {path} at Line {lineno}: {line}") from None
            table[word] = tag
    return table


def _cache_path(path: str) -> str:
    st = os.stat(path)
    key = hashlib.sha1(f"{_FORMAT}\0{os.path.abspath(path)}\0{st.st_size}\0{st.st_mtime_ns}".encode()).hexdigest()[:16]
    return os.path.join(jieba.dt.tmp_dir or tempfile.gettempdir(), f"kg-jieba-tags.{key}.marshal")


def _load(cache: str) -> dict[str, str] | None:
    try:
        with open(cache, "rb") as fh:
            groups = marshal.load(fh)  # {tag: "word\nword\n…"}: one string per tag loads fastest
    except (OSError, EOFError, ValueError, TypeError):
        return None
    table: dict[str, str] = {}
    for tag, words in groups.items():
        table.update(dict.fromkeys(words.split("\n"), tag))
    return table


def _save(cache: str, table: dict[str, str]) -> None:
    groups: dict[str, list[str]] = {}
    for word, tag in table.items():
        groups.setdefault(tag, []).append(word)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".kg-jieba-tags.", dir=os.path.dirname(cache))
        with os.fdopen(fd, "wb") as fh:
            marshal.dump({tag: "\n".join(words) for tag, words in groups.items()}, fh)
        os.replace(tmp, cache)
    except OSError:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)  # no cache: the next process reads dict.txt again


@lru_cache(maxsize=1)
def word_tags() -> dict[str, str]:
    """The table ``jieba.posseg.dt.word_tag_tab`` holds: the same words, the same tags."""
    posseg = sys.modules.get("jieba.posseg")
    if posseg is not None:
        return posseg.dt.word_tag_tab
    path = _dictionary()
    cache = _cache_path(path)
    table = _load(cache)
    if table is None:
        table = read_dictionary(path)
        _save(cache, table)
    return table
