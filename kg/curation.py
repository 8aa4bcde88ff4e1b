"""The user's corrections to entity identity, read from a TOML file and applied at every build.

    # curation.toml — beside the issues (INPUT/curation.toml) or given with `kg build --curation FILE`
    [[same]]                       # these names are one entity
    names = ["甲乙科技", "青禾县甲乙新材料有限公司"]
    [[different]]                  # never one entity: the later names are split off the first
    names = ["张三", "person/张三_青禾县人民政府"]
    [[type]]                       # this name is a Company (Person, GovernmentBody, Organization, Place, …)
    name = "丙丁"
    type = "Company"
    [[alias]]                      # another name of an entity
    name = "青禾县甲乙新材料有限公司"
    alias = "甲乙公司"
    [[ignore]]                     # not an entity
    name = "某某"

A name matches an entity by any of its names (after the same normalisation the resolver uses), or by the
part of its IRI after ``…/id/`` (``person/张三_青禾县人民政府``) when one name is several entities.
A malformed file raises :class:`CurationError` with one line naming the file and the entry.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .model import ENTITY_TYPES

KINDS = ("same", "different", "type", "alias", "ignore")
DEFAULT_NAME = "curation.toml"


class CurationError(ValueError):
    """A curation file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Entry:
    kind: str  # one of KINDS
    names: tuple[str, ...]  # same/different: two or more; type/ignore: one; alias: the entity's name, then the alias
    type: str = ""  # for a type entry
    number: int = 0  # the entry's position among those of its kind (1-based), for messages

    def describe(self) -> str:
        target = f" → {self.type}" if self.type else ""
        joined = (" ≠ " if self.kind == "different" else " = ").join(self.names)
        return f"{self.kind} #{self.number}: {joined}{target}"


@dataclass
class Curation:
    path: str = ""
    entries: list[Entry] = field(default_factory=list)

    def of(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]


def _text(path: Path, where: str, value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CurationError(f"{path}: {where}: expected a non-empty string, got {value!r}")
    return value.strip()


def _entry(path: Path, kind: str, number: int, item) -> Entry:
    where = f"[[{kind}]] #{number}"
    if not isinstance(item, dict):
        raise CurationError(f"{path}: {where}: expected a table ([[{kind}]] with keys)")
    allowed = {"same": {"names", "note"}, "different": {"names", "note"}, "type": {"name", "type", "note"},
               "alias": {"name", "alias", "note"}, "ignore": {"name", "note"}}[kind]
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise CurationError(f"{path}: {where}: unknown key(s) {', '.join(unknown)} "
                            f"(takes {', '.join(sorted(allowed))})")
    if kind in ("same", "different"):
        names = item.get("names")
        if not isinstance(names, list) or len(names) < 2:
            raise CurationError(f"{path}: {where}: names must be a list of two or more names")
        return Entry(kind, tuple(_text(path, where, n) for n in names), number=number)
    name = _text(path, f"{where} name", item.get("name"))
    if kind == "type":
        type_ = _text(path, f"{where} type", item.get("type"))
        if type_ not in ENTITY_TYPES:
            raise CurationError(f"{path}: {where}: unknown type {type_!r} (one of {', '.join(ENTITY_TYPES)})")
        return Entry(kind, (name,), type_, number)
    if kind == "alias":
        return Entry(kind, (name, _text(path, f"{where} alias", item.get("alias"))), number=number)
    return Entry(kind, (name,), number=number)


def load(path: str | Path) -> Curation:
    """The entries of a curation file, checked; raises CurationError with one line."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CurationError(f"{path}: curation file not found") from None
    except UnicodeDecodeError as exc:
        raise CurationError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise CurationError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise CurationError(f"{path}: cannot read ({exc.strerror})") from None
    unknown = sorted(set(data) - set(KINDS))
    if unknown:
        raise CurationError(f"{path}: unknown section(s) {', '.join(unknown)} (use [[{']], [['.join(KINDS)}]])")
    entries = []
    for kind in KINDS:
        items = data.get(kind, [])
        if not isinstance(items, list):
            raise CurationError(f"{path}: {kind}: write each entry as [[{kind}]]")
        entries += [_entry(path, kind, number, item) for number, item in enumerate(items, 1)]
    return Curation(str(path), entries)


def find(inputs: list[str | Path], explicit: str | Path | None = None) -> Curation | None:
    """The curation to apply: ``explicit`` if given, else the first INPUT/curation.toml of an input folder."""
    if explicit is not None:
        return load(explicit)
    for item in inputs:
        folder = Path(item) if Path(item).is_dir() else Path(item).parent
        candidate = folder / DEFAULT_NAME
        if candidate.is_file():
            return load(candidate)
    return None
