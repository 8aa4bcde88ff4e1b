"""kg export: every format is written, re-read by an independent parser (pyoxigraph's), and loses nothing."""
from __future__ import annotations

import csv
import errno
import json
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from kg_graphs import MINI_TRIG, seeds_build
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import XSD

from kg import atomic
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


def clean_graph(source, expected):
    """What Turtle holds: the default graph without the triples that describe the provenance graphs
    (each graph's article) and the extraction rules; for a build, exactly graph.ttl's triples."""
    if source.name == "graph.trig":
        return rdflib_quads(source.parent / "graph.ttl")
    graphs = {q[3] for q in expected if q[3] is not None}
    rules = {q[0] for q in expected if q[3] is None and str(q[2]).endswith("#ExtractionRule")}
    return {q for q in expected if q[3] is None and q[0] not in graphs | rules}


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nquads", "jsonld"])
def test_rdf_exports_round_trip(source, fmt, tmp_path):
    expected = rdflib_quads(source)
    assert not any(isinstance(t, type(None)) for q in expected for t in q[:3])
    if fmt == "turtle":  # Turtle holds one graph: the clean graph
        expected = clean_graph(source, expected)
    out = tmp_path / f"g.{fmt}"
    export(open_store(source), fmt, out)
    got = oxigraph_quads(out, fmt)
    assert got == expected, (len(got), len(expected), list(expected - got)[:3], list(got - expected)[:3])


def test_turtle_export_has_the_triple_count_of_graph_ttl(tmp_path):
    built = seeds_build()
    assert main(["export", str(built), "--format", "turtle", "--out", str(tmp_path / "g.ttl")]) == 0
    count = lambda p: sum(1 for _ in ox.parse(path=str(p), format=ox.RdfFormat.TURTLE))  # noqa: E731
    assert count(tmp_path / "g.ttl") == count(built / "graph.ttl") > 1000


def test_jsonld_has_a_compact_context(tmp_path):
    assert main(["export", str(MINI_TRIG), "--format", "jsonld", "--out", str(tmp_path / "g.jsonld")]) == 0
    doc = json.loads((tmp_path / "g.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"]["schema"] == "http://schema.org/" and "kgo" in doc["@context"]
    keys = {k for node in doc["@graph"] for k in node} | {k for g in doc["@graph"] for n in g.get("@graph", [])
                                                          for k in n}
    assert "schema:name" in keys and not any(k.startswith("http") for k in keys)


def test_export_to_standard_output(capfdbinary):
    assert main(["export", str(MINI_TRIG), "--format", "nquads", "--out", "-"]) == 0
    out = capfdbinary.readouterr().out
    quads = list(ox.parse(out, format=ox.RdfFormat.N_QUADS))
    assert len(quads) == len(list(ox.parse(path=str(MINI_TRIG), format=ox.RdfFormat.TRIG)))
    assert not Path("-").exists()


def test_export_refuses_what_it_cannot_do(tmp_path, capsys):
    assert main(["export", str(MINI_TRIG), "--format", "csv", "--out", "-"]) == 2
    assert "kg: error: csv writes two files" in capsys.readouterr().err
    assert main(["export", str(MINI_TRIG), "--format", "turtle", "--store", "rdflib", "--out", str(tmp_path / "x")]) == 2
    assert "kg: error: --store rdflib is not supported" in capsys.readouterr().err


@pytest.mark.parametrize("fmt, name", [("turtle", "g.ttl"), ("jsonld", "g.jsonld"), ("graphml", "g.graphml"),
                                       ("csv", "g.csv")])
def test_a_failed_export_leaves_the_old_file(fmt, name, tmp_path, monkeypatch, capsys):
    assert main(["export", str(MINI_TRIG), "--format", fmt, "--out", str(tmp_path / name)]) == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    capsys.readouterr()

    def full_disk(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "replace", full_disk)  # the step that makes a new file visible fails
    assert main(["export", str(MINI_TRIG), "--format", fmt, "--out", str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg: error: ") and "No space left on device" in err and err.count("\n") == 1
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # old files intact, no temporary left


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
