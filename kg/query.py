"""Run SPARQL against a graph: saved questions, parameters and result formats.

A QUERY is SPARQL text, a ``.rq`` file, or the name of a saved question in ``kg/queries/``::

    kg query out person-posts --param name=柏文澜
    kg query out 'SELECT ?n WHERE { ?p a kgo:Person ; schema:name ?n }' --format csv

Parameters. A saved question declares each parameter as a SPARQL ``VALUES`` block with an
``UNDEF`` row, so the file is valid SPARQL as it stands and, run without the parameter, answers
for everything::

    VALUES ?name { UNDEF }
    FILTER(!BOUND(?name) || STR(?n) = STR(?name))

``--param name=柏文澜`` fills the block: ``VALUES ?name { "柏文澜" }`` (repeat ``--param name=…``
for several values; a value written ``<http://…>`` is an IRI, checked against SPARQL's IRI grammar, anything
else a string literal with its quotes, backslashes and line breaks escaped: a value is always one term and
cannot change the query's structure). Because the substitution is plain SPARQL it works the same against
a remote endpoint.

The prefixes kgo, schema, org, prov, rdf, rdfs, xsd and kg are predeclared.
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, URIRef

from .store import PREFIXES, Result, Store

QUERY_DIR = Path(__file__).parent / "queries"
FORMATS = ("table", "csv", "tsv", "json")
_HEADER = re.compile(r"^#\s*(title|问题|question|params)\s*:\s*(.*)$")
_VALUES = r"VALUES\s+\?{name}\s*\{{\s*UNDEF\s*\}}"
_PLACEHOLDER = re.compile(r"VALUES\s+\?(\w+)\s*\{\s*UNDEF\s*\}")


class QueryError(Exception):
    """A query that cannot be run as asked (unknown saved question, bad parameter)."""


@dataclass
class SavedQuery:
    name: str
    path: Path
    title: str
    question_zh: str
    question_en: str
    params: str
    text: str

    @property
    def parameters(self) -> list[str]:
        return parameters(self.text)

    @property
    def examples(self) -> dict[str, list[str]]:
        """The parameters of the example the header documents: ``(--param a=x --param b=y)`` → {a: [x], b: [y]}."""
        return parse_params(re.findall(r"--param\s+(\S+=[^\s)]+)", self.params))


def _read_saved(path: Path) -> SavedQuery:
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m:
            header[m.group(1)] = m.group(2).strip()
    return SavedQuery(path.stem, path, header.get("title", ""), header.get("问题", ""), header.get("question", ""),
                      header.get("params", ""), text)


def saved_queries() -> dict[str, SavedQuery]:
    """Every saved question, by name (the file's stem)."""
    return {p.stem: _read_saved(p) for p in sorted(QUERY_DIR.glob("*.rq"))}


def load_query(arg: str) -> str:
    """SPARQL text from a QUERY argument: a .rq file, a saved question's name, or the text itself."""
    path = Path(arg)
    if arg.endswith(".rq") or (len(arg) < 255 and "\n" not in arg and path.is_file()):
        if not path.is_file():
            raise QueryError(f"no such query file: {arg}")
        return path.read_text(encoding="utf-8")
    if re.fullmatch(r"[\w.-]+", arg):
        saved = saved_queries()
        if arg in saved:
            return saved[arg].text
        raise QueryError(f"no saved question named {arg!r} (see `kg query --list`; known: {', '.join(saved)})")
    return arg


def parameters(sparql: str) -> list[str]:
    """The names of the parameters a query declares (``VALUES ?x { UNDEF }`` blocks)."""
    return list(dict.fromkeys(_PLACEHOLDER.findall(sparql)))


# An IRI as SPARQL's IRIREF allows it (no spaces, controls, quotes, braces, angle brackets, |, ^, `, \\),
# and absolute (a scheme first): nothing in it can end the VALUES block or the query.
_IRI = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\x00-\x20]*)>")
_ECHAR = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
                        "\f": "\\f"})


def term(value: str) -> str:
    """A parameter value as one SPARQL term: ``<scheme:…>`` an IRI (checked strictly), anything else a string
    literal with every quote, backslash and line break escaped, so no value can change the query's structure."""
    if value.startswith("<") and value.endswith(">"):
        if not _IRI.fullmatch(value):
            raise QueryError(f"not a valid IRI: {value!r} (an IRI is <scheme:…> without spaces, quotes, <>{{}}|^`\\)")
        return value
    return '"' + value.translate(_ECHAR) + '"'


def bind(sparql: str, params: dict[str, list[str]] | None) -> str:
    """Fill a query's ``VALUES ?x { UNDEF }`` blocks with the given values."""
    if not params:
        return sparql
    declared = parameters(sparql)
    for name, values in params.items():
        if name not in declared:
            takes = ", ".join(declared) if declared else "none"
            raise QueryError(f"the query takes no parameter {name!r} (it takes: {takes})")
        row = " ".join(term(v) for v in values)
        sparql = re.sub(_VALUES.format(name=re.escape(name)), lambda _m: f"VALUES ?{name} {{ {row} }}", sparql)
    return sparql


def parse_params(pairs: list[str] | None) -> dict[str, list[str]]:
    """["name=柏文澜", "name=李四"] → {"name": ["柏文澜", "李四"]}."""
    out: dict[str, list[str]] = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise QueryError(f"--param wants NAME=VALUE, got {pair!r}")
        name, value = pair.split("=", 1)
        out.setdefault(name.strip().lstrip("?$"), []).append(value)
    return out


def run_query(store: Store, query: str, params: dict[str, list[str]] | None = None) -> Result:
    """Resolve QUERY (text, file or saved name), fill its parameters, run it on ``store``."""
    return store.query(bind(load_query(query), params))


# ------------------------------------------------------------------------------------ formatting

_COMPACT = sorted(((str(ns), prefix) for prefix, ns in PREFIXES.items()), key=lambda x: -len(x[0]))


# SPARQL's local names: these characters are written with a backslash (PN_LOCAL_ESC), '%XX' stays as it is
_LOCAL_ESCAPE = re.compile(r"([/~!$&'()*+,;=?#@])")
_PN_CHARS_BASE = "A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D" \
    "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF"
_PN_CHAR = f"[{_PN_CHARS_BASE}_0-9\u00B7\u0300-\u036F\u203F-\u2040:-]|%[0-9A-Fa-f]{{2}}|\\\\[/~!$&'()*+,;=?#@.-]"
_PN_LOCAL = re.compile(f"(?:[{_PN_CHARS_BASE}_0-9:]|%[0-9A-Fa-f]{{2}}|\\\\[/~!$&'()*+,;=?#@.-])"
                       f"(?:(?:{_PN_CHAR}|\\.)*(?:{_PN_CHAR}))?")


def _local_name(local: str) -> str | None:
    """``local`` as a SPARQL/Turtle local name (person/某某 → person\\/某某), or None when it cannot be one."""
    text = _LOCAL_ESCAPE.sub(r"\\\1", local)
    if text.endswith("."):
        text = text[:-1] + "\\."
    return text if _PN_LOCAL.fullmatch(text) else None


def display(term) -> str:
    """A term as a reader wants to see it and can paste back into a query: an IRI as a prefixed name with
    its Chinese as it is (kg:company\\/某某科技), or in full between <>; a literal's text."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        iri = str(term)
        for ns, prefix in _COMPACT:
            if iri.startswith(ns):
                local = _local_name(iri[len(ns):])
                if local is not None:
                    return f"{prefix}:{local}"
        return f"<{iri}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_table(result: Result, max_width: int = 60) -> str:
    """A readable, aligned table (CJK characters count double), with the row count below."""
    if result.kind == "ask":
        return "yes" if result.boolean else "no"
    if result.kind == "graph":
        return format_graph(result)

    def cell(term) -> str:
        text = display(term).replace("\n", " ")
        if _width(text) > max_width:
            while _width(text) > max_width - 1:
                text = text[:-1]
            text += "…"
        return text

    header = list(result.vars)
    body = [[cell(t) for t in row] for row in result.rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in body]) for i, h in enumerate(header)]
    lines = [" | ".join(_pad(h, w) for h, w in zip(header, widths)).rstrip(),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip() for r in body]
    n = len(body)
    lines.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(lines)


def _plain(term) -> str:
    return "" if term is None else str(term)


def format_csv(result: Result, delimiter: str = ",") -> str:
    """CSV (SPARQL 1.1 CSV results: full IRIs, a literal's lexical form) or, with a tab, TSV of the same values."""
    buf = io.StringIO()
    if result.kind == "ask":
        return "true\n" if result.boolean else "false\n"
    if result.kind == "graph":
        rows, header = result.triples, ["subject", "predicate", "object"]
    else:
        rows, header = result.rows, result.vars
    if delimiter == "\t":
        clean = lambda s: s.replace("\t", " ").replace("\n", " ").replace("\r", " ")  # noqa: E731
        lines = ["\t".join(header)] + ["\t".join(clean(_plain(t)) for t in row) for row in rows]
        return "\n".join(lines) + "\n"
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_plain(t) for t in row])
    return buf.getvalue()


def _json_term(term) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def format_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON (CONSTRUCT answers: a JSON-LD document)."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)})
    if result.kind == "graph":
        return _graph(result).serialize(format="json-ld", indent=2)
    bindings = [{v: _json_term(t) for v, t in zip(result.vars, row) if t is not None} for row in result.rows]
    return json.dumps({"head": {"vars": result.vars}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1)


def _graph(result: Result) -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    for t in result.triples:
        g.add(t)
    return g


def format_graph(result: Result) -> str:
    return _graph(result).serialize(format="turtle")


def format_result(result: Result, fmt: str = "table") -> str:
    if fmt == "table":
        return format_table(result)
    if fmt == "csv":
        return format_csv(result)
    if fmt == "tsv":
        return format_csv(result, "\t")
    if fmt == "json":
        return format_json(result)
    raise QueryError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")


__all__ = ["run_query", "load_query", "bind", "parameters", "parse_params", "saved_queries", "SavedQuery",
           "format_result", "format_table", "display", "QueryError"]
