"""kg.rdf's N-Triples terms are Oxigraph's, so sorting lines sorts statements as Oxigraph's terms would."""
from __future__ import annotations

import io
import random
import sys
from pathlib import Path

import pyoxigraph as ox

from kg import rdf


def test_literals_escaped_as_oxigraph_prints_them():
    chars = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF] + ["\U0001F600", "\U00020000"]
    for ch in chars:
        assert rdf.plain(f"a{ch}b") == str(ox.Literal(f"a{ch}b")), hex(ord(ch))
    assert rdf.zh('说"好"\n') == str(ox.Literal('说"好"\n', language="zh"))
    assert rdf.integer(7) == str(ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))


def test_line_order_is_statement_order():
    rng = random.Random(8)
    words = ["a", "a b", "a\tb", "ab", "a\"", "聊城", "聊城市", ""]
    iris = [f"<http://x/{w}>" for w in ("a", "ab", "a%2Fb", "a/b", "b")]
    objects = iris + [rdf.plain(w) for w in words] + [rdf.zh(w) for w in words] + [rdf.integer(n) for n in (1, 10, 2)]
    triples = {(rng.choice(iris), rng.choice(iris), rng.choice(objects)) for _ in range(3000)}
    lines, add = rdf._collector("<http://x/g>")
    for t in triples:
        add(*t)
    parsed = [ox.parse(line, format=ox.RdfFormat.N_QUADS).__next__() for line in sorted(lines)]
    key = [(str(q.subject), str(q.predicate), str(q.object)) for q in parsed]
    assert key == sorted(key) and len(key) == len(triples)


def _fixture_kb():
    sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
    import make_fixture

    return make_fixture.build()


def test_written_graphs_equal_rdflib_views():
    kb = _fixture_kb()
    ttl, trig = io.BytesIO(), io.BytesIO()
    n = rdf.write_graphs(kb, ttl, trig)
    graph, dataset = rdf.to_graph(kb), rdf.to_dataset(kb)
    assert n == len(graph) > 100
    ox_ttl = {str(q.subject) + str(q.predicate) + str(q.object) for q in ox.parse(ttl.getvalue(), format=ox.RdfFormat.TURTLE)}
    assert len(ox_ttl) == n
    quads = list(ox.parse(trig.getvalue(), format=ox.RdfFormat.TRIG))
    assert len(quads) == len(list(dataset.quads((None, None, None, None)))) > n
    assert len({q.graph_name for q in quads}) == 1 + len(kb.results)


def test_view_projects_the_same_network_without_mentions():
    from kg.view import to_networkx

    kb = _fixture_kb()
    full, lean = to_networkx(rdf.to_dataset(kb)), to_networkx(rdf.to_dataset(kb, mentions=False))
    assert any(d["sources"] for _, _, d in full.edges(data=True))
    assert dict(full.nodes(data=True)) == dict(lean.nodes(data=True))
    assert list(full.edges(keys=True, data=True)) == list(lean.edges(keys=True, data=True))
    assert full.graph == lean.graph


def test_graphs_sorted_through_temporary_runs_are_the_same_bytes(monkeypatch):
    """Past SPILL_LINES a graph is sorted in runs on disk and merged: the files must not change by a byte."""
    kb = _fixture_kb()
    held = io.BytesIO(), io.BytesIO()
    n_held = rdf.write_graphs(kb, *held)
    spills = []
    spill = rdf.Lines._spill
    monkeypatch.setattr(rdf.Lines, "_spill", lambda self: spills.append(1) or spill(self))
    monkeypatch.setattr(rdf, "SPILL_LINES", 7)
    spilled = io.BytesIO(), io.BytesIO()
    n_spilled = rdf.write_graphs(kb, *spilled)
    assert len(spills) > 20  # the clean graph and the articles' graphs went through runs
    assert n_spilled == n_held
    assert spilled[0].getvalue() == held[0].getvalue() and spilled[1].getvalue() == held[1].getvalue()


def test_lines_merged_from_runs_keep_one_of_each_statement(monkeypatch):
    monkeypatch.setattr(rdf, "SPILL_LINES", 3)
    lines = rdf.Lines("<http://x/g>")
    statements = [(f"<http://x/{i % 5}>", "<http://x/p>", rdf.integer(i % 4)) for i in range(40)]
    for s in statements:
        lines.add(*s)
    assert lines.runs  # it spilled
    expected = sorted({f"{s} {p} {o} <http://x/g> .\n" for s, p, o in statements})
    assert list(lines) == expected and list(lines) == expected  # twice: each read starts the runs again
    lines.close()


def test_many_runs_are_merged_in_tiers(monkeypatch):
    """Past MAX_RUNS, runs are merged into one: few files stay open, and nothing is lost or repeated."""
    monkeypatch.setattr(rdf, "SPILL_LINES", 4)
    monkeypatch.setattr(rdf, "MAX_RUNS", 4)
    lines = rdf.Lines()
    statements = [(f"<http://x/{i % 97}>", "<http://x/p>", rdf.integer(i % 13)) for i in range(600)]
    most = 0
    for s in statements:
        lines.add(*s)
        most = max(most, len(lines.runs))
    assert most < 4 and sum(n for n, _ in lines.runs) > 100
    assert list(lines) == sorted({f"{s} {p} {o} .\n" for s, p, o in statements})
    lines.close()
