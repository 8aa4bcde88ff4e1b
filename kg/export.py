"""Export a graph: RDF serialisations, and a property graph for network tools.

    export(store, "turtle", "g.ttl")     # the default (clean) graph
    export(store, "trig", "g.trig")      # everything, with the per-article provenance graphs
    export(store, "nquads", "g.nq")      # the same, one quad a line
    export(store, "jsonld", "g.jsonld")  # the same, JSON-LD (named graphs as @graph)
    export(store, "graphml", "g.graphml")  # entities and their relations (Gephi, Cytoscape, yEd, networkx)
    export(store, "csv", "g.csv")        # g.nodes.csv + g.edges.csv (or DIR/nodes.csv + DIR/edges.csv)

``to_networkx(store)`` is the property graph behind GraphML and CSV: nodes are the entities (core
classes), edges the contract's relations, posts (person → organization, with titles and dates),
place containment and, on request, co-mentions in one article.
"""
from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from .query import display
from .store import PREFIXES, OxigraphStore, RdflibStore, Store

RDF_FORMATS = {  # name → (pyoxigraph format, rdflib name, whole dataset?)
    "turtle": (ox.RdfFormat.TURTLE, "turtle", False),
    "ntriples": (ox.RdfFormat.N_TRIPLES, "nt", False),
    "trig": (ox.RdfFormat.TRIG, "trig", True),
    "nquads": (ox.RdfFormat.N_QUADS, "nquads", True),
    "jsonld": (ox.RdfFormat.JSON_LD, "json-ld", True),
}
ALIASES = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "json-ld": "jsonld", "n-quads": "nquads"}
FORMATS = tuple(RDF_FORMATS) + ("graphml", "csv")
CORE_CLASSES = ("Person", "Company", "GovernmentBody", "Organization", "Place", "Project", "Program")


class ExportError(Exception):
    pass


def normalise_format(fmt: str) -> str:
    fmt = ALIASES.get(fmt.lower(), fmt.lower())
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    return fmt


def export(store: Store, fmt: str, out: str | Path) -> list[Path]:
    """Write ``store`` as ``fmt`` to ``out``; returns the files written."""
    fmt = normalise_format(fmt)
    out = Path(out)
    if fmt in RDF_FORMATS:
        out.parent.mkdir(parents=True, exist_ok=True)
        write_rdf(store, fmt, out)
        return [out]
    graph = to_networkx(store)
    if fmt == "graphml":
        out.parent.mkdir(parents=True, exist_ok=True)
        nx.write_graphml(graph, out)
        return [out]
    return write_csv(graph, out)


def write_rdf(store: Store, fmt: str, out: Path) -> None:
    oxfmt, rdflib_fmt, whole = RDF_FORMATS[fmt]
    if isinstance(store, OxigraphStore):
        kwargs = {} if whole else {"from_graph": ox.DefaultGraph()}
        # not kg: — Oxigraph would write instance IRIs as escaped local names (kg:article\/i1\%2Fa000)
        prefixes = {p: str(ns) for p, ns in PREFIXES.items() if p != "kg"} if fmt in ("turtle", "trig") else None
        if prefixes:
            kwargs["prefixes"] = prefixes
        store.ox.dump(output=str(out), format=oxfmt, **kwargs)
    elif isinstance(store, RdflibStore):
        target = store.ds if whole else store.ds.default_graph
        target.serialize(destination=str(out), format=rdflib_fmt)
    else:
        raise ExportError(f"cannot export from {store.name}")


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
    nodes.parent.mkdir(parents=True, exist_ok=True)
    with nodes.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "label", "type", "aliases", "articles"])
        for n, d in sorted(graph.nodes(data=True)):
            w.writerow([n, d.get("label", ""), d.get("type", ""), d.get("aliases", ""), d.get("articles", 0)])
    with edges.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["source", "target", *EDGE_FIELDS])
        for s, o, d in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("relation", ""))):
            w.writerow([s, o, *(d.get(k, "") for k in EDGE_FIELDS)])
    return [nodes, edges]


__all__ = ["export", "to_networkx", "write_rdf", "write_csv", "FORMATS", "ExportError"]
