"""Traditional script: analyse a Traditional-script text through its Simplified form, offsets unchanged.

The rules, word lists and the gazetteer are written in Simplified characters, so an article printed in
Traditional script (台灣網, a Hong Kong paper, an old Big5 page) is converted to Simplified before the
pipeline reads it; mentions keep the printed text, because the conversion keeps every offset: OpenCC's
``t2s`` maps phrases, and when a phrase would change the length of a stretch, that stretch is converted
character by character instead.

``simplified_key(name)`` is the form under which a Traditional and a Simplified spelling of one name meet.
"""
from __future__ import annotations

import re
from functools import lru_cache

# a text is Traditional when at least this share of its Chinese characters changes under t2s
# (Simplified news changes in well under 1%, Traditional news in 15–30%)
TRADITIONAL_SHARE = 0.05
MIN_CHANGED = 3  # ...and at least this many characters change: a name or two in Traditional is a quotation
_SAMPLE = 4000  # characters looked at to decide
_CLAUSE = re.compile(r"[^，。、；：？！,.;:?!\s]+|[，。、；：？！,.;:?!\s]+")


@lru_cache(maxsize=1)
def _converter():
    try:
        import opencc
    except ImportError as exc:  # a pinned dependency: only a broken install lacks it
        raise RuntimeError("kg: Traditional script needs the opencc package (pip install -e .)") from exc
    return opencc.OpenCC("t2s")


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def _convert_chars(text: str) -> str:
    """Character by character: a character whose conversion is not one character stays as printed."""
    convert = _converter().convert
    out = []
    for ch in text:
        simple = convert(ch) if _is_cjk(ch) else ch
        out.append(simple if len(simple) == 1 else ch)
    return "".join(out)


def convert_preserving(text: str) -> str:
    """``text`` in Simplified characters, of the same length, character i standing for character i."""
    if not text:
        return text
    simple = _converter().convert(text)
    if len(simple) == len(text):
        return simple
    # some phrase changed length: convert clause by clause, and a clause that still does, character by character
    parts = []
    for clause in _CLAUSE.findall(text):
        converted = _converter().convert(clause)
        parts.append(converted if len(converted) == len(clause) else _convert_chars(clause))
    return "".join(parts)


_CJK = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]")


def is_traditional(text: str) -> bool:
    sample = text[:_SAMPLE]
    simple = convert_preserving(sample)
    if simple == sample:  # most texts: nothing changes, and no character need be looked at in Python
        return False
    cjk = len(_CJK.findall(sample))
    changed = sum(1 for a, b in zip(sample, simple) if a != b)
    return bool(cjk) and changed >= MIN_CHANGED and changed / cjk >= TRADITIONAL_SHARE


@lru_cache(maxsize=1)
def _marks() -> dict[int, str]:
    from .rules import table

    return {ord(row["printed"]): row["analysed"] for row in table("script_marks", ("printed", "analysed"))}


def to_simplified(text: str) -> str:
    """The text the pipeline analyses: the Simplified form of a Traditional text (its quotation marks too:
    「」 as “”), any other text unchanged."""
    return convert_preserving(text).translate(_marks()) if is_traditional(text) else text


@lru_cache(maxsize=1)
def _to_traditional():
    import opencc

    return opencc.OpenCC("s2t")


def printed_name(name: str, analysed: str, printed: str, analysed_text: str = "", printed_text: str = "") -> str:
    """A name a rule built from the analysed (Simplified) text, in the script of the print: the printed
    mention where the name holds it, and what a rule added around it (山东 before 省…中心) in Traditional
    too; a name the text prints elsewhere (the full name of a short form), as printed there; a name that
    does not hold the mention (a gazetteer's) stays as it is."""
    if not name or analysed == printed:
        return name
    if analysed not in name:
        at = analysed_text.find(name) if analysed_text != printed_text else -1
        return printed_text[at:at + len(name)] if at >= 0 else name
    head, _, tail = name.partition(analysed)
    back = _to_traditional().convert
    return (back(head) if head else "") + printed + (back(tail) if tail else "")


def printed_parts(parts: list[str], analysed: str, printed: str, start: int, end: int) -> list[str]:
    """Words a rule read from the analysed text (a post's titles), as printed: found in the stretch
    ``start:end`` of the analysed text (else anywhere in it), taken from the same offsets of the print."""
    if analysed == printed:
        return parts
    out = []
    for part in parts:
        at = analysed.find(part, start, end)
        at = at if at >= 0 else analysed.find(part)
        out.append(printed[at:at + len(part)] if at >= 0 and part else _to_traditional().convert(part))
    return out


@lru_cache(maxsize=1)
def _changeable() -> re.Pattern:
    """The characters that t2s changes on their own (one conversion of all of them, at first use): a name with
    none of them is its own Simplified spelling, and needs no conversion."""
    chars = [chr(c) for r in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00)) for c in range(*r)]
    converted = _converter().convert("\n".join(chars)).split("\n")
    changed = [a for a, b in zip(chars, converted) if a != b] if len(converted) == len(chars) else chars
    return re.compile("[" + "".join(changed) + "]")


def simplified_key(name: str) -> str:
    """The spelling under which a Traditional and a Simplified form of one name are one (華興集團 ~ 华兴集团)."""
    return convert_preserving(name) if _changeable().search(name) else name
