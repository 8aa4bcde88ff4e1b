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
reclaim the space). ``kg build`` keeps it in the user's private cache folder, ``extract`` in
``kg.tagtable.cache_dir()`` (``kg.build.extraction_cache``), unless told another. Entries are small JSON files, written atomically, two hex digits per folder,
in folders made private (0700). An entry names its format and its own key; what is read back is
checked (the format, the key, every field's type, the article id, mention indices in range), and an
entry that fails is a miss, counted in ``Cache.bad`` and reported once on standard error.

    >>> cache = Cache(tmp_path)
    >>> cache.put("ab12…", {"article": "x/a000", ...})
    >>> cache.get("ab12…", lambda value: result_error(value, "x/a000"))["article"]
    'x/a000'
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
import tempfile
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from .model import Article, Issue, Mention, Post, Relation

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


FORMAT = 2  # of an entry: {"format": FORMAT, "key": key, "value": value}
_TYPES = {"str": str, "int": int, "list[str]": list}


def _record_error(cls, data) -> str:
    """Why ``data`` cannot be a ``cls`` record (a dataclass of str, int and list[str] fields), or ""."""
    if not isinstance(data, dict):
        return f"a {cls.__name__} is not an object"
    fields = {f.name: f.type for f in dataclasses.fields(cls)}
    if set(data) != set(fields):
        return f"a {cls.__name__} with fields {sorted(data)}"
    for name, kind in fields.items():
        value = data[name]
        if not isinstance(value, _TYPES[kind]) or isinstance(value, bool) \
                or (kind == "list[str]" and not all(isinstance(v, str) for v in value)):
            return f"{cls.__name__}.{name} is not {kind}"
    return ""


def result_error(data, article_id: str) -> str:
    """Why ``data`` is not a valid cached result of article ``article_id``, or "" when it is."""
    if not isinstance(data, dict) or set(data) != {"article", "mentions", "relations", "posts"}:
        return "not an article result"
    if data["article"] != article_id:
        return f"the result of {data['article']!r}, not of {article_id!r}"
    for key, cls in (("mentions", Mention), ("relations", Relation), ("posts", Post)):
        if not isinstance(data[key], list):
            return f"{key} is not a list"
        for record in data[key]:
            error = _record_error(cls, record)
            if error:
                return error
    n = len(data["mentions"])
    ends = [(r["subject"], r["object"]) for r in data["relations"]] + [(p["person"], p["organization"])
                                                                          for p in data["posts"]]
    if any(not (0 <= i < n and 0 <= j < n) for i, j in ends):
        return "a relation or post points at no mention"
    return ""


def context_error(data) -> str:
    """Why ``data`` is not a valid cached issue context, or ""."""
    if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in ("newspaper", "region_code", "date")):
        return "not an issue context"
    return ""


class Cache:
    """JSON values by key in a private folder; an unreadable or invalid entry is a miss (and counted in ``bad``),
    a failed write is ignored."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self.bad: list[str] = []  # "path: reason" of every entry ignored

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str, check=None):
        """The value stored under ``key``, or None; ``check(value)`` returns why a value is unusable ("" if it is)."""
        path = self._path(key)
        try:
            with open(path, "rb") as fh:
                entry = json.loads(fh.read())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            return self._bad(path, f"unreadable ({exc.__class__.__name__})")
        if not isinstance(entry, dict) or entry.get("format") != FORMAT or "value" not in entry:
            return self._bad(path, f"not a format-{FORMAT} cache entry")
        if entry.get("key") != key:
            return self._bad(path, "stored under another key")
        error = check(entry["value"]) if check else ""
        return self._bad(path, error) if error else entry["value"]

    def _bad(self, path: Path, reason: str) -> None:
        if not self.bad:
            print(f"kg: warning: ignored a bad cache entry {path} ({reason}); it is extracted again", file=sys.stderr)
        self.bad.append(f"{path}: {reason}")
        return None

    def put(self, key: str, value) -> None:
        path = self._path(key)
        try:
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
            path.parent.mkdir(mode=0o700, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(json.dumps({"format": FORMAT, "key": key, "value": value}, ensure_ascii=False,
                                        separators=(",", ":")))
                os.replace(tmp, path)
            except BaseException:
                if os.path.exists(tmp):
                    os.unlink(tmp)
                raise
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower

    def __repr__(self) -> str:
        return f"Cache({str(self.root)!r})"
