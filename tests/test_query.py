"""kg query: saved questions, parameters, formats, stores, errors — on the fixture and on the seeds build."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from kg_graphs import MINI_TRIG, MINI_TTL, seeds_build

from kg.cli import main
from kg.query import QueryError, bind, format_result, parameters, parse_params, run_query, saved_queries
from kg.store import GraphError, QuerySyntaxError, open_store

PARAMS = {  # a value for each saved question's parameters, on the fixture
    "person-posts": {"name": ["王相东"]}, "heads-of-body": {"body": ["市科技局"]}, "people-of-body": {"body": ["市科技局"]},
    "in-place": {"place": ["聊城市"]}, "projects": {"name": ["东阿阿胶产业园项目"]},
    "programs": {"issuer": ["山东省人民政府"]}, "co-mentioned": {"name": ["王相东"]},
    "fact-sources": {"subject": ["王相东"], "object": ["聊城市科学技术局"]}, "new-in-issue": {"issue": ["2026-02-06"]},
    "timeline": {"name": ["东阿阿胶"]}, "partners": {"name": ["东阿阿胶股份有限公司"]}, "find": {"text": ["阿胶"]},
}


@pytest.fixture(scope="module")
def mini():
    return open_store(MINI_TRIG)


@pytest.fixture(scope="module")
def mini_rdflib():
    return open_store(MINI_TRIG, "rdflib")


@pytest.fixture(scope="module")
def seeds():
    return open_store(seeds_build())


def names(result, var):
    i = result.vars.index(var)
    return [str(row[i]) for row in result.rows if row[i] is not None]


def test_saved_questions_are_documented():
    saved = saved_queries()
    assert len(saved) >= 12
    for name, q in saved.items():
        assert q.title and q.question_en and q.params, name
        assert any("\u4e00" <= ch <= "\u9fff" for ch in q.question_zh), f"{name}: 问题 in Chinese"
        for p in q.parameters:  # every declared parameter is documented
            assert p in q.params, (name, p)


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_saved_question_runs_alike_on_both_backends(name, mini, mini_rdflib):
    for params in (None, PARAMS.get(name)):
        ox_result = run_query(mini, name, params)
        rdflib_result = run_query(mini_rdflib, name, params)
        assert ox_result.vars == rdflib_result.vars
        assert len(ox_result.rows) == len(rdflib_result.rows), (name, params)
        if params:
            assert ox_result.rows, f"{name} with {params} finds something on the fixture"


def test_person_posts_on_fixture(mini):
    r = run_query(mini, "person-posts", {"name": ["王相东"]})
    assert names(r, "title") == ["局长"]
    assert names(r, "orgName") == ["聊城市科学技术局"]
    assert names(r, "reportedOn") == ["2025-12-11"]


def test_person_posts_on_seeds(seeds):
    r = run_query(seeds, "person-posts", {"name": ["王相东"]})
    rows = {(o, t) for o, t in zip(names(r, "orgName"), names(r, "title"))}
    assert any(o == "聊城市科学技术局" and "局长" in t.split("、") for o, t in rows), rows


def test_heads_of_body_on_seeds(seeds):
    r = run_query(seeds, "heads-of-body", {"body": ["聊城市科学技术局"]})
    assert ("王相东", "局长") in set(zip(names(r, "personName"), names(r, "title")))
    assert not any("副" in t for t in names(r, "title"))


def test_fact_sources_on_seeds(seeds):
    r = run_query(seeds, "fact-sources", {"subject": ["王相东"]})
    assert r.rows
    sentences = names(r, "sentence")
    assert sentences and all("王相东" in s for s in sentences)
    assert all(d for d in names(r, "issueDate"))


def test_issues_and_new_in_issue_on_seeds(seeds):
    issues = run_query(seeds, "issues")
    assert len(issues.rows) == 5
    first = min(names(issues, "date"))
    new_first = run_query(seeds, "new-in-issue", {"issue": [first]})
    mentioned = run_query(seeds, f'SELECT DISTINCT ?e WHERE {{ ?a schema:isPartOf ?i ; schema:mentions ?e . '
                                 f'?i schema:datePublished ?d FILTER(STR(?d) = "{first}") }}')
    assert len(new_first.rows) == len(mentioned.rows)  # everything is new in the earliest issue
    last = max(names(issues, "date"))
    new_last = run_query(seeds, "new-in-issue", {"issue": [last]})
    later = run_query(seeds, f'SELECT DISTINCT ?e WHERE {{ ?a schema:isPartOf ?i ; schema:mentions ?e . '
                             f'?i schema:datePublished ?d FILTER(STR(?d) = "{last}") }}')
    assert 0 < len(new_last.rows) < len(later.rows)


def test_rankings_on_seeds(seeds):
    companies = run_query(seeds, "top-companies")
    officials = run_query(seeds, "top-officials")
    assert 0 < len(companies.rows) <= 20 and 0 < len(officials.rows) <= 20
    links = [int(x) for x in names(companies, "links")]
    assert links == sorted(links, reverse=True)


def test_parameters():
    q = "SELECT * WHERE { VALUES ?name { UNDEF } ?s ?p ?name }"
    assert parameters(q) == ["name"]
    assert 'VALUES ?name { "王相东" "李\\"四" }' in bind(q, {"name": ["王相东", '李"四']})
    assert "VALUES ?name { <http://x/y> }" in bind(q, {"name": ["<http://x/y>"]})
    with pytest.raises(QueryError, match="takes no parameter 'nmae'"):
        bind(q, {"nmae": ["x"]})
    assert parse_params(["name=a=b", "name=c"]) == {"name": ["a=b", "c"]}
    with pytest.raises(QueryError):
        parse_params(["name"])


def test_formats(mini):
    r = run_query(mini, "person-posts", {"name": ["王相东"]})
    table = format_result(r, "table")
    assert "局长" in table and "(1 row)" in table and "kg:person\\/王相东" in table
    rows = list(csv.DictReader(io.StringIO(format_result(r, "csv"))))
    assert rows[0]["title"] == "局长" and rows[0]["person"].startswith("https://w3id.org/newskg/id/person/")
    tsv = format_result(r, "tsv").splitlines()
    assert tsv[0].split("\t") == r.vars and "局长" in tsv[1].split("\t")
    data = json.loads(format_result(r, "json"))
    assert data["head"]["vars"] == r.vars
    assert data["results"]["bindings"][0]["personName"] == {"type": "literal", "value": "王相东"}
    assert format_result(mini.query("ASK { ?p a kgo:Person }"), "table") == "yes"
    construct = mini.query("CONSTRUCT { ?p schema:name ?n } WHERE { ?p a kgo:Person ; schema:name ?n }")
    assert "王相东" in format_result(construct, "table")


def test_on_disk_store_is_reused(tmp_path):
    spec = f"oxigraph:{tmp_path / 'store'}"
    first = open_store(MINI_TTL, spec)
    n = len(first)
    del first
    again = open_store(None, spec)  # reopened without parsing anything
    assert len(again) == n
    assert names(run_query(again, "person-posts", {"name": ["王相东"]}), "title") == ["局长"]


def test_cli_query(capsys):
    assert main(["query", str(MINI_TRIG), "person-posts", "--param", "name=王相东", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "局长" in out and "聊城市科学技术局" in out
    assert main(["query", "--list"]) == 0
    assert "person-posts" in capsys.readouterr().out


def test_cli_query_from_rq_file(tmp_path, capsys):
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?p a kgo:Person }", encoding="utf-8")
    assert main(["query", str(MINI_TTL), str(rq), "-f", "tsv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["n", "1"]


def test_malformed_query_is_one_line_exit_2():
    done = subprocess.run([sys.executable, "-m", "kg.cli", "query", str(MINI_TTL), "SELECT * WHERE { ?s ?p }"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "malformed SPARQL" in lines[0] and "1:25" in lines[0], done.stderr


def test_malformed_query_on_rdflib_store():
    store = open_store(MINI_TTL, "rdflib")
    with pytest.raises(QuerySyntaxError, match=r"error at 1:\d+"):
        store.query("SELECT * WHERE { ?s ?p }")


@pytest.mark.parametrize("argv, message", [
    (["query", "no/such/graph.ttl", "issues"], "no such graph file"),
    (["query", "tests", "issues"], "no graph.trig or graph.ttl"),
    (["query", str(MINI_TTL), "no-such-question"], "no saved question named 'no-such-question'"),
    (["query", str(MINI_TTL), "missing.rq"], "no such query file"),
    (["query", str(MINI_TTL), "person-posts", "-p", "who=x"], "takes no parameter 'who'"),
    (["query", str(MINI_TTL), "issues", "--store", "mongo"], "unknown store"),
])
def test_clear_errors(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_open_store_errors(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(GraphError, match="cannot read"):
        open_store(bad)


@pytest.mark.parametrize("name", [n for n, q in sorted(saved_queries().items()) if q.examples])
def test_documented_example_answers_on_the_seeds(name, seeds):
    """The example each saved question documents (shown by kg query --list) returns rows on the seeds' graph."""
    example = saved_queries()[name].examples
    assert set(example) <= set(saved_queries()[name].parameters)
    assert len(run_query(seeds, name, example)) > 0, (name, example)


def test_list_shows_every_example(capsys):
    assert main(["query", "--list"]) == 0
    listed = capsys.readouterr().out
    for name, q in saved_queries().items():
        for key, values in q.examples.items():
            assert all(f"-p {key}={v}" in listed for v in values), name


HOSTILE = ["<urn:x>UNDEF}#>", "<urn:a> <urn:b>", "<urn:x\t>", "<urn:x\n>", "<no-scheme>", '<urn:"x">', "<urn:{x}>",
           "<urn:x\\u003E>"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_iri_parameter_is_refused(value, mini):
    with pytest.raises(QueryError, match="not a valid IRI"):
        run_query(mini, "person-posts", {"name": [value]})


@pytest.mark.parametrize("value", ['x" } UNION { ?s ?p ?o } #', "x\\\" } #", "a\nb\tc\rd", "x\\u0022 } #", "}}}",
                                   "\\", 'UNDEF } VALUES ?name { "', "<urn:x> UNDEF"])
def test_a_literal_parameter_stays_one_literal(value, mini):
    """Whatever it holds, a value is one string: it matches no name, so the saved question answers nothing."""
    assert len(run_query(mini, "person-posts", {"name": [value]})) == 0
    everything = len(run_query(mini, "person-posts"))
    assert everything > 0
    # the value comes back unchanged from the engine: it was passed as data, not as query text
    echoed = mini.query(bind("SELECT ?v WHERE { VALUES ?v { UNDEF } }", {"v": [value]}))
    assert [str(r[0]) for r in echoed.rows] == [value]


def test_cli_refuses_a_hostile_parameter(capsys):
    assert main(["query", str(MINI_TRIG), "person-posts", "-p", "name=<urn:x>UNDEF}#>"]) == 2
    err = capsys.readouterr().err
    assert "not a valid IRI" in err and err.count("\n") == 1


def test_a_plain_literal_in_a_hand_written_query_matches_a_name(seeds):
    """Names are plain literals: `?e schema:name "…"` as anyone would write it finds the entity (no @zh needed)."""
    people = names(run_query(seeds, "SELECT ?n WHERE { ?e a kgo:Person ; schema:name ?n } ORDER BY ?n LIMIT 3"), "n")
    assert people
    for name in people:
        found = run_query(seeds, f'SELECT ?e WHERE {{ ?e a kgo:Person ; schema:name "{name}" }}')
        assert len(found.rows) == 1, name
