"""The extraction cache: per-article results on disk, keyed by everything that decides them.

A key is a SHA-256 over

- ``kg.PIPELINE_VERSION`` and a fingerprint of the code and data extraction runs on
  (``kg/extract/*.py``, the gazetteer and its tables, the byline parser, the data model,
  and the versions of spaCy and jieba);
- for an article: the issue-level context (``kg.extract.issue_context``: newspaper, region,
  date), the article's span and fields (id, offsets, headline, bylines, sentences) and its text;
- for an issue's context: the issue's text and metadata.

So an unchanged article is read back, and a change to its text, its issue's context or the
extractor makes a new key: stale entries are never read, only left behind (delete the folder to
reclaim the space). Entries are small JSON files, written atomically, two hex digits per folder.

    >>> cache = Cache(tmp_path)
    >>> cache.put("ab12…", {"article": "x/a000", ...})
    >>> cache.get("ab12…")["article"]
    'x/a000'
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from .model import Article, Issue

_ROOT = Path(__file__).resolve().parent
# What extraction reads besides its input: the fingerprint covers all of it.
_FINGERPRINT_GLOBS = ("extract/**/*.py", "gazetteer.py", "bylines.py", "model.py", "tagtable.py", "data/*.tsv",
                      "rules/*.py", "rules/*.tsv", "rules/*.jsonl", "newspapers.py")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the pipeline version, the extraction code and data, and the tokenizer versions."""
    from importlib.metadata import PackageNotFoundError, version

    from . import PIPELINE_VERSION

    def _version(dist: str) -> str:  # without importing spaCy: a cached rebuild need not load it
        try:
            return version(dist)
        except PackageNotFoundError:
            return "?"

    h = hashlib.sha256()
    h.update(f"pipeline={PIPELINE_VERSION};spacy={_version('spacy')};jieba={_version('jieba')}".encode())
    files = sorted({p for g in _FINGERPRINT_GLOBS for p in _ROOT.glob(g) if p.is_file()})
    for path in files:
        h.update(b"\0" + path.relative_to(_ROOT).as_posix().encode() + b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def context_key(issue: Issue) -> str:
    """The key of an issue's extraction context: its text and metadata, and the code."""
    from .newspapers import fingerprint

    return _digest("context", code_fingerprint(), fingerprint(), _json(asdict(issue.meta)), issue.text)


def article_key(issue: Issue, article: Article, context: dict) -> str:
    """The key of one article's result: the code, the issue context, the article's span and text."""
    return _digest("article", code_fingerprint(), _json(context), _json(asdict(article)),
                   issue.text[article.start:article.end])


class Cache:
    """JSON values by key in a folder; an unreadable entry is a miss, a failed write is ignored."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str):
        try:
            with open(self._path(key), "rb") as fh:
                return json.loads(fh.read())
        except (OSError, ValueError):
            return None

    def put(self, key: str, value) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
                os.replace(tmp, path)
            except BaseException:
                if os.path.exists(tmp):
                    os.unlink(tmp)
                raise
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower

    def __repr__(self) -> str:
        return f"Cache({str(self.root)!r})"
