"""What a SPARQL text asks for, told from its tokens without a parser: an update? a SERVICE call?

Standard library only, so ``kg serve``'s query workers can use it without importing rdflib.

SPARQL turns ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes into characters *before* parsing (SPARQL 1.1 §19.2,
and Oxigraph does so), so ``SERVI\\u0043E`` is the keyword SERVICE: the escapes are undone first. Then
strings, IRIs and comments are blanked out, and a keyword counts only where it stands as a keyword (not
``?service``, ``ex:service`` or ``service:x``). Over-refusing an odd text is acceptable; under-refusing is not.
"""
from __future__ import annotations

import re

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# long strings first, then short ones, IRIs, comments: blanked in one left-to-right pass
_OPAQUE = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*(?:"""|$)'
                     r"|'''(?:[^'\\]|\\.|'(?!''))*(?:'''|$)"
                     r'|"(?:[^"\\\n]|\\.)*(?:"|$)'
                     r"|'(?:[^'\\\n]|\\.)*(?:'|$)"
                     r"|<[^<>\"{}|^`\\\s]*>"
                     r"|\\."  # an escape in a local name (ex:a\#b): its "#" starts no comment
                     r"|#[^\n]*", re.S)
_SERVICE = re.compile(r"(?<![\w?$:])SERVICE(?![\w:])", re.I)
_PROLOGUE = re.compile(r"^\s*(?:(?:PREFIX\s+[\w.-]*:|BASE)\s*)*", re.I)  # their IRIs are blanked already
_UPDATE = re.compile(r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)


def _unescape(sparql: str) -> str:
    def char(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else m.group(0)

    return _ESCAPE.sub(char, sparql)


def code_only(sparql: str) -> str:
    """The query with escapes undone and every string, IRI and comment replaced by a space."""
    return _OPAQUE.sub(" ", _unescape(sparql))


def uses_service(sparql: str) -> bool:
    """Does the query call out to another endpoint (a ``SERVICE`` clause)?"""
    return bool(_SERVICE.search(code_only(sparql)))


def is_update(sparql: str) -> bool:
    """Is the text a SPARQL Update (INSERT, DELETE, LOAD, CLEAR, … after its prologue)?"""
    code = code_only(sparql)
    return bool(_UPDATE.match(code, _PROLOGUE.match(code).end()))


SERVICE_REFUSED = ("SERVICE (federated query) is turned off: it would make this machine fetch URLs named in "
                   "the query; use --allow-service to turn it on")

__all__ = ["uses_service", "is_update", "code_only", "SERVICE_REFUSED"]
