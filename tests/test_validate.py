"""kg validate: the SHACL shapes accept what kg build writes and catch what the contract forbids."""
from __future__ import annotations

from kg_graphs import MINI_TRIG, MINI_TTL, seeds_build
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.cli import main
from kg.validate import SHAPES, load_graph, validate
from kg.vocab import KGO

ORG = "http://www.w3.org/ns/org#"


def test_shapes_parse():
    g = Graph().parse(SHAPES, format="turtle")
    assert len(g) > 100


def test_fixture_conforms():
    for path in (MINI_TTL, MINI_TRIG):
        report = validate(path)
        assert report.conforms, [str(i) for i in report.violations]


def test_seeds_build_conforms(capsys):
    assert main(["validate", str(seeds_build())]) == 0
    assert "conforms" in capsys.readouterr().out


def test_violations_are_caught(tmp_path, capsys):
    g = load_graph(MINI_TTL)
    person = next(g.subjects(RDF.type, KGO.Person))
    company = next(g.subjects(RDF.type, KGO.Company))
    g.add((company, KGO.undertakes, person))           # undertakes goes to a project
    g.add((person, RDF.type, KGO.Company))             # a person is not a company
    m = next(g.subjects(RDF.type, URIRef(ORG + "Membership")))
    g.remove((m, URIRef(ORG + "member"), None))        # a membership without its member
    report = validate(g)
    assert not report.conforms
    shapes = {i.shape for i in report.violations}
    assert {"kgs:Undertakes", "kgs:Person", "kgs:Membership"} <= shapes, shapes
    bad = tmp_path / "bad.ttl"
    g.serialize(bad, format="turtle")
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "does not conform" in out and "kgs:Undertakes" in out


def test_missing_graph(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nothing")]) == 2
    assert "no such graph file" in capsys.readouterr().err
