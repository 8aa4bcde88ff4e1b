"""Export a graph: RDF serialisations, and a property graph for network tools.

    export(store, "turtle", "g.ttl")     # the clean graph: the same triples as the build's graph.ttl
    export(store, "trig", "g.trig")      # everything, with the per-article provenance graphs
    export(store, "nquads", "g.nq")      # the same, one quad a line
    export(store, "jsonld", "g.jsonld")  # the same, JSON-LD with a compact @context (the ontology's prefixes)
    export(store, "graphml", "g.graphml")  # entities and their relations (Gephi, Cytoscape, yEd, networkx)
    export(store, "csv", "g.csv")        # g.nodes.csv + g.edges.csv (or DIR/nodes.csv + DIR/edges.csv)
    export(store, "turtle", "-")         # to standard output (every format but csv)

Every file is written to a temporary file beside it and renamed when complete (``kg.atomic``).
The default graph of graph.trig also describes its provenance graphs (which article each is derived from)
and the extraction rules; Turtle and N-Triples export the clean graph without those, like graph.ttl.

``to_networkx(store)`` is the property graph behind GraphML and CSV: nodes are the entities (core
classes), edges the contract's relations, posts (person → organization, with titles and dates),
place containment and, on request, co-mentions in one article.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from contextlib import contextmanager
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from .atomic import atomic_file
from .model import ENTITY_TYPES
from .query import display
from .store import PREFIXES, OxigraphStore, Store
from .vocab import KGO_IRI

RDF_FORMATS = {  # name → (pyoxigraph format, whole dataset?)
    "turtle": (ox.RdfFormat.TURTLE, False),
    "ntriples": (ox.RdfFormat.N_TRIPLES, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nquads": (ox.RdfFormat.N_QUADS, True),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
}
ALIASES = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "json-ld": "jsonld", "n-quads": "nquads"}
FORMATS = tuple(RDF_FORMATS) + ("graphml", "csv")
CORE_CLASSES = ENTITY_TYPES
STDOUT = "-"


class ExportError(Exception):
    pass


def normalise_format(fmt: str) -> str:
    fmt = ALIASES.get(fmt.lower(), fmt.lower())
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    return fmt


@contextmanager
def _target(out: Path | str):
    """A binary file for ``out``: standard output for ``-``, else a temporary file renamed into place."""
    if str(out) == STDOUT:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{out.parent}: cannot create folder ({exc.strerror})") from None
    with atomic_file(out) as fh:
        yield fh


def export(store: Store, fmt: str, out: str | Path) -> list[Path]:
    """Write ``store`` as ``fmt`` to ``out`` (``-``: standard output); returns the files written."""
    fmt = normalise_format(fmt)
    if not isinstance(store, OxigraphStore):
        raise ExportError(f"cannot export from {store.name} (load the graph with the default store)")
    if fmt == "csv" and str(out) == STDOUT:
        raise ExportError("csv writes two files (nodes and edges): give a file name or a folder, not -")
    if fmt in RDF_FORMATS:
        with _target(out) as fh:
            write_rdf(store, fmt, fh)
        return [] if str(out) == STDOUT else [Path(out)]
    graph = to_networkx(store)
    if fmt == "graphml":
        with _target(out) as fh:
            nx.write_graphml(graph, fh)
        return [] if str(out) == STDOUT else [Path(out)]
    return write_csv(graph, Path(out))


def _described_provenance(store: OxigraphStore) -> set:
    """Subjects of the default graph that describe provenance, not the news: named graphs and extraction rules."""
    subjects = set(store.ox.named_graphs())
    rule = ox.NamedNode(KGO_IRI + "ExtractionRule")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    subjects.update(q.subject for q in store.ox.quads_for_pattern(None, rdf_type, rule, ox.DefaultGraph()))
    return subjects


def _clean_triples(store: OxigraphStore):
    skip = _described_provenance(store)
    for q in store.ox.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        if q.subject not in skip:
            yield ox.Triple(q.subject, q.predicate, q.object)


def write_rdf(store: OxigraphStore, fmt: str, fh) -> None:
    """``fmt`` to the binary file ``fh``: Turtle/N-Triples the clean graph, the others the whole dataset."""
    oxfmt, whole = RDF_FORMATS[fmt]
    # not kg: — Oxigraph would write instance IRIs as escaped local names (kg:article\/i1\%2Fa000)
    prefixes = {p: str(ns) for p, ns in PREFIXES.items() if p != "kg"}
    if fmt == "jsonld":
        fh.write(compact_jsonld(store).encode("utf-8"))
    elif whole:
        store.ox.dump(output=fh, format=oxfmt, **({"prefixes": prefixes} if fmt == "trig" else {}))
    else:
        ox.serialize(_clean_triples(store), fh, format=oxfmt, **({"prefixes": prefixes} if fmt == "turtle" else {}))


_CURIES = sorted(((str(ns), prefix) for prefix, ns in PREFIXES.items()), key=lambda x: -len(x[0]))


def _curie(iri: str) -> str:
    for ns, prefix in _CURIES:
        rest = iri[len(ns):]
        if iri.startswith(ns) and rest and not rest.startswith("//"):
            return f"{prefix}:{rest}"
    return iri


def _compact(node):
    """Expanded JSON-LD with IRIs as compact IRIs (keys, @id and @type values); literals untouched."""
    if isinstance(node, list):
        return [_compact(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in ("@id", "@type"):
            out[key] = [_curie(v) for v in value] if isinstance(value, list) else _curie(value)
        elif key.startswith("@"):
            out[key] = _compact(value) if key in ("@graph", "@list", "@set") else value
        else:
            out[_curie(key)] = _compact(value)
    return out


def compact_jsonld(store: OxigraphStore) -> str:
    """The whole dataset as JSON-LD: an ``@context`` of the ontology's prefixes, compact IRIs, named graphs
    as ``@graph`` objects. Any JSON-LD processor expands it back to the same quads."""
    buf = io.BytesIO()
    store.ox.dump(output=buf, format=ox.RdfFormat.JSON_LD)
    expanded = json.loads(buf.getvalue())
    context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    doc = {"@context": context, "@graph": _compact(expanded)}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


# ------------------------------------------------------------------------------- property graph

_NODES = """
SELECT ?e ?class ?name (GROUP_CONCAT(DISTINCT STR(?alt); separator="|") AS ?aliases) WHERE {
  VALUES ?class { %s }
  ?e a ?class . OPTIONAL { ?e schema:name ?name } OPTIONAL { ?e schema:alternateName ?alt }
} GROUP BY ?e ?class ?name
""" % " ".join(f"kgo:{c}" for c in CORE_CLASSES)
_MENTIONS = "SELECT ?e (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a schema:NewsArticle ; schema:mentions ?e } GROUP BY ?e"
_RELATIONS = """
SELECT ?s ?p ?o WHERE {
  VALUES ?p { kgo:locatedIn kgo:undertakes kgo:partnerOf kgo:partOf kgo:issuedBy schema:containedInPlace }
  ?s ?p ?o }
"""
_POSTS = """
SELECT ?person ?org (GROUP_CONCAT(DISTINCT STR(?t); separator="、") AS ?titles)
       (MIN(STR(?f)) AS ?first) (MAX(STR(?l)) AS ?last) WHERE {
  ?m a org:Membership ; org:member ?person ; org:organization ?org .
  OPTIONAL { ?m org:role/rdfs:label ?t } OPTIONAL { ?m kgo:firstReported ?f } OPTIONAL { ?m kgo:lastReported ?l }
} GROUP BY ?person ?org
"""
_COMENTIONS = """
SELECT ?x ?y (COUNT(DISTINCT ?a) AS ?n) WHERE {
  ?a a schema:NewsArticle ; schema:mentions ?x, ?y . FILTER(STR(?x) < STR(?y))
} GROUP BY ?x ?y
"""


def _s(term) -> str:
    return "" if term is None else str(term)


def to_networkx(store: Store, comentions: bool = False) -> nx.MultiDiGraph:
    """The entities and their relations as a networkx MultiDiGraph.

    Nodes are entity IRIs with ``label`` (the name), ``type`` (core class), ``aliases`` ("|"-joined)
    and ``articles`` (how many articles mention it). Edges carry ``relation`` (``locatedIn``,
    ``undertakes``, ``partnerOf``, ``partOf``, ``issuedBy``, ``containedInPlace``, ``memberOf``
    with ``titles``, ``first``, ``last``; and with ``comentions=True``, ``coMentioned`` with ``weight``).

    >>> g = to_networkx(open_store("out"))
    >>> sorted(g.nodes(data="label"))[:2]
    """
    g = nx.MultiDiGraph()
    # a node's most specific class: Company/GovernmentBody before Organization
    rank = {c: i for i, c in enumerate(CORE_CLASSES)}
    for e, cls, name, aliases in store.query(_NODES):
        key, kind = str(e), str(cls).rsplit("#", 1)[-1]
        if key in g and rank[g.nodes[key]["type"]] <= rank[kind]:
            continue
        g.add_node(key, label=_s(name) or display(e), type=kind, aliases=_s(aliases), articles=0)
    for e, n in store.query(_MENTIONS):
        if str(e) in g:
            g.nodes[str(e)]["articles"] = int(n.toPython())
    for s, p, o in store.query(_RELATIONS):
        if str(s) in g and str(o) in g:
            g.add_edge(str(s), str(o), relation=str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1])
    for person, org_, titles, first, last in store.query(_POSTS):
        if str(person) in g and str(org_) in g:
            g.add_edge(str(person), str(org_), relation="memberOf", titles=_s(titles), first=_s(first), last=_s(last))
    if comentions:
        for x, y, n in store.query(_COMENTIONS):
            if str(x) in g and str(y) in g:
                g.add_edge(str(x), str(y), relation="coMentioned", weight=int(n.toPython()))
    return g


EDGE_FIELDS = ("relation", "titles", "first", "last", "weight")


def write_csv(graph: nx.MultiDiGraph, out: Path) -> list[Path]:
    """nodes and edges as two CSV files: ``X.csv`` → ``X.nodes.csv`` + ``X.edges.csv``; a folder → nodes.csv + edges.csv."""
    if out.suffix.lower() == ".csv":
        nodes, edges = out.with_suffix(".nodes.csv"), out.with_suffix(".edges.csv")
    else:
        nodes, edges = out / "nodes.csv", out / "edges.csv"
    with _target(nodes) as fh:
        f = io.TextIOWrapper(fh, encoding="utf-8", newline="")
        w = csv.writer(f)
        w.writerow(["id", "label", "type", "aliases", "articles"])
        for n, d in sorted(graph.nodes(data=True)):
            w.writerow([n, d.get("label", ""), d.get("type", ""), d.get("aliases", ""), d.get("articles", 0)])
        f.flush()
        f.detach()
    with _target(edges) as fh:
        f = io.TextIOWrapper(fh, encoding="utf-8", newline="")
        w = csv.writer(f)
        w.writerow(["source", "target", *EDGE_FIELDS])
        for s, o, d in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("relation", ""))):
            w.writerow([s, o, *(d.get(k, "") for k in EDGE_FIELDS)])
        f.flush()
        f.detach()
    return [nodes, edges]


__all__ = ["export", "to_networkx", "write_rdf", "write_csv", "compact_jsonld", "FORMATS", "ExportError"]
