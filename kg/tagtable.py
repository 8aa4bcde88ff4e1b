"""jieba's part of speech per dictionary word (``jieba.posseg.dt.word_tag_tab``), loaded fast.

Importing ``jieba.posseg`` builds that table from jieba's dict.txt line by line, about half a second
in every process. The same table is kept in a cache file in the user's private cache folder
(``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``; made 0700 and used only when this user owns it and no one
else may write to it), made at first use from the same dict.txt by the same rule (a later line wins),
and named by the dictionary's path, size and time, so a changed dictionary makes a new one. Loading it
takes a third of the time. A cache file is checked before it is used (its owner, its header: format,
dictionary key and word count; every word and tag a string); one that fails is reported once, ignored
and made again. When ``jieba.posseg`` is already imported, its own table is used. jieba's own
dictionary cache (``jieba.cache``) goes to the same private folder instead of the shared temporary one.

    >>> word_tags()["政府"]
    'n'
"""
from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

import jieba

_FORMAT = 2  # bump when the file layout changes
_MAGIC = "kg-jieba-tags"


def cache_dir() -> Path | None:
    """This user's private cache folder for kg, made if missing; None when it cannot be made private."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "kg"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(folder)
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
            return _warn(f"{folder} is not a folder of this user's: no cache is used")
        if st.st_mode & 0o077:
            os.chmod(folder, 0o700)
    except OSError as exc:
        return _warn(f"cannot make the cache folder {folder} ({exc.strerror}): no cache is used")
    return folder


_warned: set[str] = set()


def _warn(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        print(f"kg: warning: {message}", file=sys.stderr)
    return None


def _use_private_jieba_cache() -> None:
    """jieba keeps its dictionary cache at a fixed name in the shared temporary folder unless told otherwise."""
    if jieba.dt.tmp_dir is None and not jieba.dt.initialized:
        folder = cache_dir()
        if folder is not None:
            jieba.dt.tmp_dir = str(folder)


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


def _key(path: str) -> str:
    st = os.stat(path)
    return hashlib.sha1(f"{_FORMAT}\0{os.path.abspath(path)}\0{st.st_size}\0{st.st_mtime_ns}".encode()).hexdigest()[:16]


def _cache_path(path: str) -> str | None:
    folder = cache_dir()
    return None if folder is None else str(folder / f"jieba-tags.{_key(path)}.marshal")


def _open_own(cache: str):
    """The cache file opened for reading, if it is a regular file of this user's that no one else may write."""
    fd = os.open(cache, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o022:
        os.close(fd)
        raise PermissionError("not a private file of this user's")
    return os.fdopen(fd, "rb")


def _load(cache: str, key: str | None = None) -> dict[str, str] | None:
    """The table in ``cache``, or None when it is missing or fails a check (then reported)."""
    try:
        with _open_own(cache) as fh:
            entry = marshal.load(fh)  # {tag: "word\nword\n…"}: one string per tag loads fastest
    except FileNotFoundError:
        return None
    except (OSError, EOFError, ValueError, TypeError) as exc:
        return _warn(f"ignored the tag-table cache {cache} ({exc})")
    if not (isinstance(entry, tuple) and len(entry) == 5 and entry[:2] == (_MAGIC, _FORMAT)
            and (key is None or entry[2] == key) and isinstance(entry[3], int) and isinstance(entry[4], dict)):
        return _warn(f"ignored the tag-table cache {cache} (not a format-{_FORMAT} table for this dictionary)")
    table: dict[str, str] = {}
    for tag, words in entry[4].items():
        if not isinstance(tag, str) or not isinstance(words, str):
            return _warn(f"ignored the tag-table cache {cache} (a tag or word that is not text)")
        table.update(dict.fromkeys(words.split("\n"), tag))
    if len(table) != entry[3]:
        return _warn(f"ignored the tag-table cache {cache} ({len(table)} words where its header says {entry[3]})")
    return table


def _save(cache: str, table: dict[str, str], key: str = "") -> None:
    groups: dict[str, list[str]] = {}
    for word, tag in table.items():
        groups.setdefault(tag, []).append(word)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".kg-jieba-tags.", dir=os.path.dirname(cache))
        with os.fdopen(fd, "wb") as fh:
            marshal.dump((_MAGIC, _FORMAT, key, len(table), {tag: "\n".join(words) for tag, words in groups.items()}), fh)
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
    key, cache = _key(path), _cache_path(path)
    table = _load(cache, key) if cache else None
    if table is None:
        table = read_dictionary(path)
        if cache:
            _save(cache, table, key)
    return table


_use_private_jieba_cache()
