"""Where the graph lives: one small interface over an embedded Oxigraph store (in memory or on disk)
and rdflib's in-memory Dataset.

    >>> store = open_store("out")                      # out/graph.trig (or graph.ttl), in memory
    >>> store = open_store("out", "oxigraph:/data/kg") # on disk: loaded once, reopened later
    >>> store = open_store("graph.ttl", "rdflib")      # rdflib's Memory store (slow; for comparison)
    >>> result = store.query("SELECT ?n WHERE { ?p a kgo:Person ; schema:name ?n }")

Results always come back as rdflib terms, whatever the backend, so formatting, exports and
notebooks see one kind of value. Oxigraph reports a plain literal as ``xsd:string``; it is turned
back into a plain rdflib ``Literal`` here so both backends give equal terms.

A GRAPH argument is a build folder (``graph.trig`` when present — it holds the clean graph as its
default graph plus one provenance graph per article — else ``graph.ttl``) or an RDF file whose
format is told by its suffix. Queries see the default graph; provenance is reached with ``GRAPH ?g``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib import Namespace
from rdflib.namespace import ORG, PROV, RDF, RDFS, XSD

from .sparql_text import SERVICE_REFUSED, uses_service
from .vocab import ID_BASE, KGO_IRI, SCHEMA

# the prefixes every query may use without declaring them (the same as kg.rdf binds, plus rdf)
PREFIXES = {"kgo": Namespace(KGO_IRI), "schema": SCHEMA, "org": ORG, "prov": PROV, "rdf": RDF, "rdfs": RDFS,
            "xsd": XSD, "kg": Namespace(ID_BASE)}

# file suffix → (pyoxigraph format, rdflib format name, holds named graphs?)
FORMATS = {
    ".ttl": (ox.RdfFormat.TURTLE, "turtle", False),
    ".turtle": (ox.RdfFormat.TURTLE, "turtle", False),
    ".nt": (ox.RdfFormat.N_TRIPLES, "nt", False),
    ".trig": (ox.RdfFormat.TRIG, "trig", True),
    ".nq": (ox.RdfFormat.N_QUADS, "nquads", True),
    ".jsonld": (ox.RdfFormat.JSON_LD, "json-ld", True),
    ".json": (ox.RdfFormat.JSON_LD, "json-ld", True),
    ".rdf": (ox.RdfFormat.RDF_XML, "xml", False),
    ".owl": (ox.RdfFormat.RDF_XML, "xml", False),
}
DEFAULT_PREFIXES = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
BACKENDS = "memory (default), oxigraph:PATH (on disk), rdflib"


class GraphError(Exception):
    """The graph cannot be found or read: a message for the user, no traceback."""


class QuerySyntaxError(Exception):
    """A malformed query: the parser's message with its line and column."""


class ServiceRefused(GraphError):
    """The query has a SERVICE clause and federation is off (``allow_service``)."""


# a file kg writes into every on-disk store it fills: `kg serve --reload` replaces only folders that have it
STORE_MARKER = ".kg-store"


def mark_store(location: str | Path, source: str | Path) -> None:
    import json
    import time

    note = {"made_by": "kg", "source": str(source), "loaded": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    (Path(location) / STORE_MARKER).write_text(json.dumps(note) + "\n", encoding="utf-8")


def is_kg_store(location: str | Path) -> bool:
    return (Path(location) / STORE_MARKER).is_file()


def resolve_graph(arg: str | Path) -> Path:
    """The RDF file a GRAPH argument names: a build folder's graph.trig (else graph.ttl), or a file."""
    path = Path(arg)
    if path.is_dir():
        for name in ("graph.trig", "graph.ttl", "graph.nq"):
            if (path / name).is_file():
                return path / name
        raise GraphError(f"{path}/ holds no graph.trig or graph.ttl (run `kg build ... --out {path}` first)")
    if not path.exists():
        raise GraphError(f"no such graph file or build folder: {path}")
    if path.suffix.lower() not in FORMATS:
        raise GraphError(f"cannot tell the RDF format of {path.name} (known: {', '.join(sorted(FORMATS))})")
    return path


# ----------------------------------------------------------------------------------------- terms

def to_rdflib(term) -> URIRef | Literal | BNode | None:
    """A pyoxigraph term as the equal rdflib term (plain literals stay plain)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term):
    """An rdflib term as the equal pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


# --------------------------------------------------------------------------------------- results

@dataclass
class Result:
    """A query's answer: ``kind`` is "select" (``vars``, ``rows``), "ask" (``boolean``) or "graph" (``triples``)."""

    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple] = field(default_factory=list)

    def __iter__(self):
        return iter(self.rows if self.kind == "select" else self.triples)

    def __len__(self) -> int:
        return len(self.rows if self.kind == "select" else self.triples)

    def dicts(self) -> list[dict]:
        """Rows as {variable: python value or str}, unbound variables left out."""
        return [{v: (t.toPython() if isinstance(t, Literal) else str(t)) for v, t in zip(self.vars, row) if t is not None}
                for row in self.rows]


# ---------------------------------------------------------------------------------------- stores

class Store:
    """The common interface: ``load(path)``, ``query(sparql)``, ``__len__`` (quads), ``quads()``.

    ``allow_service``: whether a query may call other endpoints (SERVICE); off, such a query is refused
    before it runs, so no URL named in a query is fetched from this machine."""

    name = "store"
    allow_service = False

    def check(self, sparql: str) -> None:
        if not self.allow_service and uses_service(sparql):
            raise ServiceRefused(SERVICE_REFUSED)

    def load(self, path: str | Path) -> "Store":
        raise NotImplementedError

    def query(self, sparql: str) -> Result:
        raise NotImplementedError

    def quads(self) -> Iterable[tuple]:
        """(s, p, o, g) as rdflib terms; g is None for the default graph."""
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError


class OxigraphStore(Store):
    """pyoxigraph's embedded store: in memory, or persisted in a folder when ``path`` is given."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else None
        self.name = f"oxigraph:{self.path}" if self.path else "memory"
        try:
            self.ox = ox.Store(str(self.path)) if self.path else ox.Store()
        except OSError as exc:
            raise GraphError(f"cannot open the Oxigraph store at {self.path}: {exc}") from None

    def load(self, path: str | Path) -> "OxigraphStore":
        path = Path(path)
        fmt = FORMATS[path.suffix.lower()][0]
        try:
            # bulk_load: fastest path, no transaction (it is also how `oxigraph load` fills a store)
            self.ox.bulk_load(path=str(path), format=fmt)
        except (SyntaxError, ValueError, OSError) as exc:
            raise GraphError(f"cannot read {path}: {exc}") from None
        return self

    def is_empty(self) -> bool:
        return len(self.ox) == 0

    def clear(self) -> None:
        self.ox.clear()

    def query(self, sparql: str) -> Result:
        self.check(sparql)
        try:
            answer = self.ox.query(sparql, prefixes=DEFAULT_PREFIXES)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from None
        if isinstance(answer, ox.QueryBoolean):
            return Result("ask", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            names = [v.value for v in answer.variables]
            rows = [tuple(to_rdflib(sol[i]) for i in range(len(names))) for sol in answer]
            return Result("select", vars=names, rows=rows)
        return Result("graph", triples=[(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object))
                                        for t in answer])

    def quads(self):
        for q in self.ox:
            g = None if isinstance(q.graph_name, ox.DefaultGraph) else to_rdflib(q.graph_name)
            yield to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), g

    def __len__(self) -> int:
        return len(self.ox)

    def flush(self) -> None:
        if self.path:
            self.ox.flush()


class RdflibStore(Store):
    """rdflib's in-memory Dataset (pure Python): the reference the benchmark compares against."""

    name = "rdflib"

    def __init__(self):
        self.ds = Dataset()
        for prefix, ns in PREFIXES.items():
            self.ds.bind(prefix, ns, override=True)

    def load(self, path: str | Path) -> "RdflibStore":
        path = Path(path)
        _, fmt, quads = FORMATS[path.suffix.lower()]
        try:
            if quads:
                self.ds.parse(str(path), format=fmt)
            else:
                self.ds.default_graph.parse(str(path), format=fmt)
        except Exception as exc:  # rdflib's parsers raise many kinds
            raise GraphError(f"cannot read {path}: {exc}") from None
        return self

    def query(self, sparql: str) -> Result:
        from pyparsing import ParseException

        self.check(sparql)
        try:
            answer = self.ds.query(sparql, initNs=PREFIXES)
        except ParseException as exc:
            raise QuerySyntaxError(f"error at {exc.lineno}:{exc.col}: {exc.msg}") from None
        if answer.type == "ASK":
            return Result("ask", boolean=bool(answer.askAnswer))
        if answer.type == "SELECT":
            names = [str(v) for v in answer.vars]
            return Result("select", vars=names, rows=[tuple(row) for row in answer])
        return Result("graph", triples=list(answer))

    def quads(self):
        for s, p, o, g in self.ds.quads((None, None, None, None)):
            gid = None if g is None or g == self.ds.default_graph.identifier else g
            yield s, p, o, (gid if not hasattr(gid, "identifier") else gid.identifier)

    def __len__(self) -> int:
        return sum(1 for _ in self.ds.quads((None, None, None, None)))


def with_prefixes(sparql: str) -> str:
    """The query with PREFIX lines for the predeclared prefixes it uses but does not declare (for endpoints)."""
    import re

    declared = {m.lower() for m in re.findall(r"PREFIX\s+([\w-]*):", sparql, flags=re.I)}
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()
             if p not in declared and re.search(rf"(?<![\w<]){p}:", sparql)]
    return "\n".join(lines + [sparql]) if lines else sparql


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint (``kg serve``, Fuseki, …) queried over HTTP: the team's shared graph."""

    def __init__(self, url: str, timeout: float = 60):
        self.url, self.timeout, self.name = url, timeout, url

    def load(self, path):
        raise GraphError("a remote endpoint is read-only here: load the graph on its server")

    def query(self, sparql: str) -> Result:
        import json
        import urllib.error
        import urllib.parse
        import urllib.request

        self.check(sparql)
        body = urllib.parse.urlencode({"query": with_prefixes(sparql)}).encode()
        req = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json, application/n-triples;q=0.9"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                kind, payload = resp.headers.get("Content-Type", ""), resp.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            message = exc.read().decode("utf-8", "replace").strip()
            if exc.code == 400:
                raise QuerySyntaxError(message) from None
            raise GraphError(f"{self.url} answered {exc.code}: {message}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise GraphError(f"cannot reach {self.url}: {exc}") from None
        if "json" in kind:
            data = json.loads(payload)
            if "boolean" in data:
                return Result("ask", boolean=data["boolean"])
            names = data["head"]["vars"]
            rows = [tuple(_from_json(b.get(v)) for v in names) for b in data["results"]["bindings"]]
            return Result("select", vars=names, rows=rows)
        from rdflib import Graph

        g = Graph().parse(data=payload, format="nt")
        return Result("graph", triples=list(g))

    def quads(self):
        raise GraphError("export from a remote endpoint is not supported; export on its server")

    def __len__(self) -> int:
        result = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(result.rows[0][0])


def _from_json(b: dict | None):
    if b is None:
        return None
    if b["type"] == "uri":
        return URIRef(b["value"])
    if b["type"] == "bnode":
        return BNode(b["value"])
    if "xml:lang" in b:
        return Literal(b["value"], lang=b["xml:lang"])
    dt = b.get("datatype")
    return Literal(b["value"], datatype=URIRef(dt)) if dt and dt != str(XSD.string) else Literal(b["value"])


def make_store(spec: str | None = None) -> Store:
    """A store from a ``--store`` value: None/"memory", "oxigraph:PATH" or "rdflib"."""
    if not spec or spec == "memory":
        return OxigraphStore()
    if spec == "rdflib":
        return RdflibStore()
    if spec.startswith("oxigraph:") and len(spec) > len("oxigraph:"):
        return OxigraphStore(spec[len("oxigraph:"):])
    raise GraphError(f"unknown store {spec!r}: use {BACKENDS}")


def open_store(graph: str | Path | None, spec: str | None = None, reload: bool = False,
               allow_service: bool = False) -> Store:
    """The graph named by ``graph`` (folder or file) in the store ``spec``.

    An on-disk store is filled from ``graph`` when it is empty (or ``reload`` is set) and reused as it is
    otherwise, so a large archive is parsed once; ``graph`` may then be None. A ``graph`` that is an
    http(s) URL is a remote SPARQL endpoint (e.g. ``kg serve``'s ``http://127.0.0.1:7878/query``).
    """
    store = _open_store(graph, spec, reload)
    store.allow_service = allow_service
    return store


def _open_store(graph: str | Path | None, spec: str | None, reload: bool) -> Store:
    if isinstance(graph, str) and graph.startswith(("http://", "https://")):
        return RemoteStore(graph)
    store = make_store(spec)
    if isinstance(store, OxigraphStore) and store.path:
        if reload and not store.is_empty():
            store.clear()
        if store.is_empty():
            if graph is None:
                raise GraphError(f"the store at {store.path} is empty: give a GRAPH to load into it")
            store.load(resolve_graph(graph))
            store.flush()
            mark_store(store.path, resolve_graph(graph))
        return store
    if graph is None:
        raise GraphError("no GRAPH given")
    return store.load(resolve_graph(graph))


__all__ = ["open_store", "make_store", "resolve_graph", "Store", "OxigraphStore", "RdflibStore", "RemoteStore", "Result",
           "GraphError", "QuerySyntaxError", "ServiceRefused", "STORE_MARKER", "mark_store", "is_kg_store", "to_rdflib",
           "to_oxigraph", "FORMATS"]
