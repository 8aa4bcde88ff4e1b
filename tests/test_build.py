"""`kg build` end to end: outputs, the contract's names, the Turtle re-read, bad input, atomic output."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import rdflib
import rdflib.compare
from rdflib.namespace import ORG, RDF, RDFS

from kg.cli import main
from kg_graphs import seeds_build

ROOT = Path(__file__).resolve().parent.parent
KGO = rdflib.Namespace("https://w3id.org/newskg/ontology#")
SCHEMA = rdflib.Namespace("http://schema.org/")


@pytest.fixture(scope="module")
def graph():
    g = rdflib.Graph()
    g.parse(seeds_build() / "graph.ttl")
    return g


def test_build_writes_every_output():
    out = seeds_build()
    for name in ("graph.ttl", "graph.trig", "view.html", "report.json"):
        assert (out / name).stat().st_size > 0, name
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["issues"] == 5 and report["articles"] >= 20
    # mentions are only ever merged, never lost
    assert report["mentions_linked"] == report["mentions_in"] > 0


def test_contract_classes_and_names(graph):
    for cls in ("Person", "Company", "GovernmentBody", "Organization", "Place", "Project", "Program"):
        assert (None, RDF.type, KGO[cls]) in graph, cls
    for e in graph.subjects(RDF.type, KGO.Person):
        assert len(list(graph.objects(e, SCHEMA.name))) == 1
    companies = set(graph.subjects(RDF.type, KGO.Company))
    assert companies and all((c, RDF.type, SCHEMA.Corporation) in graph for c in companies)
    # every article links what it mentions
    assert len(set(graph.subjects(SCHEMA.mentions, None))) >= 20


def test_posts_follow_w3c_org(graph):
    rows = graph.query("""
        PREFIX org: <http://www.w3.org/ns/org#> PREFIX schema: <http://schema.org/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?title ?org ?src WHERE {
          ?m a org:Membership ; org:member ?p ; org:organization ?o ; org:role ?r ; prov:wasDerivedFrom ?src .
          ?p schema:name "王相东" . ?o schema:name ?org . ?r rdfs:label ?title }""")
    found = {(str(t), str(o)) for t, o, _ in rows}
    assert {("党组书记", "聊城市科学技术局"), ("局长", "聊城市科学技术局")} <= found


def test_issues_articles_sentences(graph):
    issues = set(graph.subjects(RDF.type, SCHEMA.PublicationIssue))
    assert len(issues) == 5
    dates = {str(d) for i in issues for d in graph.objects(i, SCHEMA.datePublished)}
    assert {"2026-02-06", "2025-12-11", "2026-03"} <= dates
    assert (None, RDF.type, SCHEMA.Periodical) in graph
    sentence = next(graph.subjects(RDF.type, KGO.Sentence))
    assert next(graph.objects(sentence, KGO.text), None) is not None


def test_trig_has_one_provenance_graph_per_article():
    ds = rdflib.Dataset()
    ds.parse(seeds_build() / "graph.trig", format="trig")
    named = [c for c in ds.contexts() if str(c.identifier).endswith("#graph")]
    assert len(named) >= 20
    assertions = list(ds.query("""
        PREFIX kgo: <https://w3id.org/newskg/ontology#>
        SELECT ?a ?s ?start ?rule WHERE { GRAPH ?g { ?a a kgo:Assertion ; kgo:sentence ?s ;
              kgo:startOffset ?start ; kgo:rule ?rule } }"""))
    assert assertions


def test_build_is_deterministic(tmp_path):
    one = seeds_build() / "graph.ttl"
    assert main(["build", str(ROOT / "seeds"), "--out", str(tmp_path), "--no-view", "--jobs", "1"]) == 0
    a, b = rdflib.Graph().parse(one), rdflib.Graph().parse(tmp_path / "graph.ttl")
    assert rdflib.compare.isomorphic(a, b)


def test_missing_input_is_a_clear_error(tmp_path, capsys):
    assert main(["build", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "nope.txt" in err and "Traceback" not in err


def test_bad_file_among_good_ones_is_skipped_or_fatal(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(next((ROOT / "seeds").glob("002_*.txt")), src)
    (src / "bad.txt").write_bytes(b"\x00\x01binary\x00\x02")
    (src / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    assert main(["build", str(src), "--out", str(out), "--no-view"]) == 0
    err = capsys.readouterr().err
    assert "bad.txt" in err and "empty.txt" in err
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["issues"] == 1 and len(report["skipped"]) == 2
    strict_out = tmp_path / "strict"
    assert main(["build", str(src), "--out", str(strict_out), "--strict", "--no-view"]) == 2
    assert not (strict_out / "graph.ttl").exists()  # nothing half-written


def test_unwritable_output_folder(tmp_path, capsys):
    if os.geteuid() == 0:
        target = Path("/proc/kg-out")  # even root cannot create folders here
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        target = locked / "out"
    code = main(["build", str(next((ROOT / "seeds").glob("002_*.txt"))), "--out", str(target), "--no-view"])
    assert code == 2
    assert "output folder" in capsys.readouterr().err


def test_gb18030_issue_builds_like_utf8(tmp_path):
    text = next((ROOT / "seeds").glob("002_*.txt")).read_text(encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "gb.txt").write_bytes(text.encode("gb18030"))
    assert main(["build", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-view"]) == 0
    g = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl")
    assert (None, SCHEMA.name, rdflib.Literal("王相东")) in g
    issue = next(g.subjects(RDF.type, SCHEMA.PublicationIssue))
    assert str(next(g.objects(issue, KGO.encoding))) == "gb18030"


def test_ontology_declares_every_vocab_term():
    from kg.vocab import KGO as TERMS

    onto = rdflib.Graph().parse(ROOT / "ontology" / "kg.ttl")
    declared = {str(s) for s in onto.subjects(RDF.type, None)}
    for name in TERMS.__annotations__:
        assert str(TERMS[name]) in declared, name
    assert (KGO.Company, RDFS.subClassOf, SCHEMA.Corporation) in onto
    assert (KGO.partOf, RDFS.subPropertyOf, ORG.subOrganizationOf) in onto
