"""kg export: every format is written, re-read by an independent parser (pyoxigraph's), and loses nothing."""
from __future__ import annotations

import csv

import networkx as nx
import pyoxigraph as ox
import pytest
from kg_graphs import MINI_TRIG, seeds_build
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import XSD

from kg.cli import main
from kg.export import export, to_networkx
from kg.store import open_store, to_rdflib

NUMERIC = {XSD.decimal, XSD.integer, XSD.double, XSD.float}
PARSE = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
         "jsonld": ox.RdfFormat.JSON_LD}


def canon(quad):
    """Oxigraph keeps numbers in canonical form ("1.0"^^xsd:decimal is stored as "1"): compare numbers by value."""
    s, p, o, g = quad
    if isinstance(o, Literal) and o.datatype in NUMERIC:
        o = ("number", o.toPython(), o.datatype)
    return s, p, o, g


def rdflib_quads(path):
    """The source graph as rdflib reads it: {(s, p, o, g)} with g None for the default graph."""
    if path.suffix == ".ttl":
        return {canon((s, p, o, None)) for s, p, o in Graph().parse(str(path), format="turtle")}
    ds = Dataset()
    ds.parse(str(path), format="trig")
    default = ds.default_graph.identifier
    return {canon((s, p, o, None if g == default else g)) for s, p, o, g in ds.quads((None, None, None, None))}


def oxigraph_quads(path, fmt):
    out = set()
    for q in ox.parse(path=str(path), format=PARSE[fmt]):
        g = None if isinstance(q.graph_name, ox.DefaultGraph) else to_rdflib(q.graph_name)
        out.add(canon((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), g)))
    return out


@pytest.fixture(scope="module", params=["fixture", "seeds"])
def source(request):
    return MINI_TRIG if request.param == "fixture" else seeds_build() / "graph.trig"


@pytest.mark.parametrize("fmt, backend", [("turtle", None), ("trig", None), ("nquads", None), ("jsonld", None),
                                          ("turtle", "rdflib"), ("trig", "rdflib"), ("nquads", "rdflib")])
def test_rdf_exports_round_trip(source, fmt, backend, tmp_path):
    expected = rdflib_quads(source)
    assert not any(isinstance(t, type(None)) for q in expected for t in q[:3])
    if fmt == "turtle":  # Turtle holds one graph: the clean default graph
        expected = {q for q in expected if q[3] is None}
    out = tmp_path / f"g.{fmt}"
    export(open_store(source, backend), fmt, out)
    got = oxigraph_quads(out, fmt)
    assert got == expected, (len(got), len(expected), list(expected - got)[:3], list(got - expected)[:3])


def test_trig_keeps_provenance(tmp_path):
    out = tmp_path / "g.nq"
    export(open_store(seeds_build()), "nquads", out)
    graphs = {q.graph_name for q in ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS)}
    assert len(graphs) > 10  # the default graph and one graph per article


def test_graphml_and_csv(tmp_path):
    store = open_store(MINI_TRIG)
    assert main(["export", str(MINI_TRIG), "--format", "graphml", "--out", str(tmp_path / "g.graphml")]) == 0
    g = nx.read_graphml(tmp_path / "g.graphml")
    labels = {d["label"]: n for n, d in g.nodes(data=True)}
    assert len(g) == 9 and g.nodes[labels["王相东"]]["type"] == "Person"
    member = [d for s, o, d in g.edges(data=True) if d["relation"] == "memberOf"]
    assert len(member) == 1
    assert {k: member[0][k] for k in ("titles", "first", "last")} == {"titles": "局长", "first": "2025-12-11",
                                                                        "last": "2025-12-11"}
    relations = sorted(d["relation"] for _, _, d in g.edges(data=True))
    assert relations == ["containedInPlace", "issuedBy", "locatedIn", "memberOf", "partnerOf", "undertakes"]

    assert main(["export", str(MINI_TRIG), "--format", "csv", "--out", str(tmp_path / "net.csv")]) == 0
    nodes = list(csv.DictReader((tmp_path / "net.nodes.csv").open(encoding="utf-8")))
    edges = list(csv.DictReader((tmp_path / "net.edges.csv").open(encoding="utf-8")))
    assert len(nodes) == 9 and len(edges) == 6
    assert {n["id"] for n in nodes} >= {e["source"] for e in edges} | {e["target"] for e in edges}
    assert to_networkx(store, comentions=True).number_of_edges() > 6


def test_export_errors(tmp_path, capsys):
    assert main(["export", str(MINI_TRIG), "--format", "xlsx", "--out", str(tmp_path / "x")]) == 2
    assert "unknown export format" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "none.ttl"), "--format", "turtle", "--out", str(tmp_path / "x")]) == 2
    assert "no such graph file" in capsys.readouterr().err
