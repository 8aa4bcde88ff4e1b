"""The linguistic knowledge of the extraction, as data: one loader for every rule file.

Each rule file in this folder is a TSV table (UTF-8, tab-separated) whose first non-comment line
names its columns. Lines starting with ``#`` are comments; blank lines are skipped. Every table has
an ``example`` column (a made-up phrase showing the row at work) and a ``note`` column (why the row
is there, briefly); the first column is the row's key and is never empty.

    # titles: head words of posts
    title	body_kind	example	note
    局长	government	某某县水利局局长李四	head of a bureau

Columns with a known meaning are validated at load (``type`` must be an entity type, ``weight``
a number, ``regex`` a valid regular expression …); a bad row raises :class:`RuleError` naming the
file, the line and the reason, which the command line prints as one ``kg: error`` line.

Token patterns for spaCy's matchers live beside the tables as JSONL (``*.jsonl``), one pattern a line,
each with ``example`` and ``note`` keys; :func:`patterns` loads and validates them the same way.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..model import ENTITY_TYPES

RULES_DIR = Path(__file__).parent
ENTITY_TYPE_NAMES = frozenset(ENTITY_TYPES)


class RuleError(ValueError):
    """A rule file that cannot be used: the message names the file, the line and the reason."""


@dataclass(frozen=True)
class Row:
    """One row of a rule table: its cells by column name, and where it was read."""

    cells: dict
    file: str
    line: int

    def __getitem__(self, column: str) -> str:
        return self.cells[column]

    def get(self, column: str, default: str = "") -> str:
        return self.cells.get(column, default) or default

    @property
    def key(self) -> str:
        return next(iter(self.cells.values()))


def _check_regex(value: str) -> str | None:
    try:
        re.compile(value)
    except re.error as exc:
        return f"invalid regular expression ({exc})"
    return None


def _check_number(value: str) -> str | None:
    try:
        float(value)
    except ValueError:
        return f"not a number: {value!r}"
    return None


def _check_type(value: str) -> str | None:
    if value not in ENTITY_TYPE_NAMES:
        return f"unknown entity type {value!r} (one of {', '.join(sorted(ENTITY_TYPE_NAMES))})"
    return None


def _check_types(value: str) -> str | None:
    for part in value.split("|"):
        err = _check_type(part)
        if err:
            return err
    return None


def _check_bool(value: str) -> str | None:
    return None if value in ("", "yes", "no") else f"expected yes or no, not {value!r}"


# validators of the columns whose meaning is fixed across files; other columns are free text
COLUMN_CHECKS = {
    "regex": _check_regex,
    "pattern": _check_regex,
    "weight": _check_number,
    "confidence": _check_number,
    "type": _check_type,
    "types": _check_types,
    "weak": _check_bool,
}
REQUIRED_COLUMNS = ("example", "note")


def _path_of(name: str | Path, suffix: str) -> Path:
    path = Path(name)
    if path.is_absolute():
        return path  # a user's file, read as named
    if path.suffix != suffix or not path.is_absolute() and not path.exists():
        path = RULES_DIR / (path.name if path.suffix == suffix else f"{name}{suffix}")
    return path


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise RuleError(f"{path}: rule file not found") from None
    except UnicodeDecodeError as exc:
        raise RuleError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise RuleError(f"{path}: cannot read ({exc.strerror})") from None


def _header(path: Path, lines: list[str]) -> tuple[int, list[str]]:
    for number, line in enumerate(lines, 1):
        if line.strip() and not line.startswith("#"):
            columns = [c.strip() for c in line.split("\t")]
            missing = [c for c in REQUIRED_COLUMNS if c not in columns]
            if missing:
                raise RuleError(f"{path}:{number}: header lacks the column(s) {', '.join(missing)}")
            if len(set(columns)) != len(columns) or "" in columns:
                raise RuleError(f"{path}:{number}: header has an empty or repeated column name")
            return number, columns
    raise RuleError(f"{path}: no header line (tab-separated column names)")


def _row(path: Path, number: int, line: str, columns: list[str]) -> Row:
    values = line.split("\t")
    if len(values) != len(columns):
        raise RuleError(f"{path}:{number}: {len(values)} cells where the header has {len(columns)} "
                        f"({', '.join(columns)}); cells are separated by one tab")
    cells = dict(zip(columns, (v.strip() for v in values)))
    if not cells[columns[0]]:
        raise RuleError(f"{path}:{number}: the first column ({columns[0]}) is empty")
    if not cells["example"]:
        raise RuleError(f"{path}:{number}: no example (each row shows a made-up example)")
    for column, value in cells.items():
        check = COLUMN_CHECKS.get(column)
        err = check(value) if check and value else None
        if err:
            raise RuleError(f"{path}:{number}: column {column}: {err}")
    return Row(cells, str(path), number)


def read_table(path: str | Path, columns: tuple[str, ...] = ()) -> tuple[Row, ...]:
    """Every row of the TSV table at ``path``, validated; ``columns`` are ones the caller needs."""
    path = _path_of(path, ".tsv")
    lines = _read_lines(path)
    head_line, header = _header(path, lines)
    missing = [c for c in columns if c not in header]
    if missing:
        raise RuleError(f"{path}:{head_line}: header lacks the column(s) {', '.join(missing)}")
    return tuple(_row(path, number, line, header) for number, line in enumerate(lines, 1)
                 if number > head_line and line.strip() and not line.startswith("#"))


@lru_cache(maxsize=None)
def table(name: str, columns: tuple[str, ...] = ()) -> tuple[Row, ...]:
    """The rows of the project's rule table ``kg/rules/NAME.tsv`` (cached: rule files are read once)."""
    return read_table(RULES_DIR / f"{name}.tsv", columns)


@lru_cache(maxsize=None)
def words(name: str) -> tuple[str, ...]:
    """The keys (first column) of ``kg/rules/NAME.tsv``, in file order, without repeats."""
    return tuple(dict.fromkeys(row.key for row in table(name)))


@lru_cache(maxsize=None)
def classes(name: str, column: str = "class") -> dict[str, tuple[str, ...]]:
    """The keys of ``kg/rules/NAME.tsv`` grouped by ``column`` (a word class, a type), in file order."""
    out: dict[str, list[str]] = {}
    for row in table(name, (column,)):
        words = out.setdefault(row[column], [])
        if row.key not in words:
            words.append(row.key)
    return {cls: tuple(words) for cls, words in out.items()}


def word_class(name: str, cls: str, column: str = "class") -> tuple[str, ...]:
    """The words of one class of ``kg/rules/NAME.tsv``; a class the file lacks is a RuleError."""
    found = classes(name, column)
    if cls not in found:
        raise RuleError(f"{RULES_DIR / (name + '.tsv')}: no row of {column} {cls!r} (the extraction needs it)")
    return found[cls]


def alternation(words) -> str:
    """A regular expression matching any of ``words``, longest first (so the longest wins at a position)."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


# {file.class} or {file.class:chars} inside a regex of patterns.tsv
_PLACEHOLDER = re.compile(r"\{(\w+)\.([\w.]+?)(:chars)?\}")


def _expand(row: Row) -> str:
    def words_of(m: re.Match) -> str:
        try:
            found = word_class(m.group(1), m.group(2))
        except RuleError as exc:
            raise RuleError(f"{row.file}:{row.line}: {m.group()} cannot be expanded: {exc}") from None
        return "".join(re.escape(w) for w in found) if m.group(3) else alternation(found)

    return _PLACEHOLDER.sub(words_of, row["regex"])


@lru_cache(maxsize=None)
def regex(name: str, flags: int = 0) -> re.Pattern:
    """The compiled regular expression ``name`` of ``kg/rules/patterns.tsv``, word classes expanded (cached)."""
    rows = {row.key: row for row in table("patterns", ("regex",))}
    if name not in rows:
        raise RuleError(f"{RULES_DIR / 'patterns.tsv'}: no pattern named {name!r} (the extraction needs it)")
    row = rows[name]
    try:
        return re.compile(_expand(row), flags)
    except re.error as exc:
        raise RuleError(f"{row.file}:{row.line}: column regex: invalid once expanded ({exc})") from None


def read_patterns(path: str | Path) -> tuple[dict, ...]:
    """The token patterns of a JSONL file: one JSON object a line with ``example`` and ``note`` keys."""
    path = _path_of(path, ".jsonl")
    out = []
    for number, line in enumerate(_read_lines(path), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RuleError(f"{path}:{number}: not JSON ({exc.msg})") from None
        if not isinstance(obj, dict) or "pattern" not in obj:
            raise RuleError(f"{path}:{number}: expected an object with a 'pattern' key")
        missing = [k for k in REQUIRED_COLUMNS if not obj.get(k)]
        if missing:
            raise RuleError(f"{path}:{number}: lacks {', '.join(missing)}")
        if "label" in obj and obj["label"] not in ENTITY_TYPE_NAMES:
            raise RuleError(f"{path}:{number}: {_check_type(obj['label'])}")
        out.append(obj)
    return tuple(out)


@lru_cache(maxsize=None)
def patterns(name: str) -> tuple[dict, ...]:
    """The token patterns of ``kg/rules/NAME.jsonl`` (cached)."""
    return read_patterns(RULES_DIR / f"{name}.jsonl")


def check_all(folder: Path = RULES_DIR) -> int:
    """Load every rule file of ``folder``; raises RuleError at the first bad row. Returns the rows read."""
    count = 0
    for path in sorted(folder.glob("*.tsv")):
        count += len(read_table(path))
    for path in sorted(folder.glob("*.jsonl")):
        count += len(read_patterns(path))
    return count
