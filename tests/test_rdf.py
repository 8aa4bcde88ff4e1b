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
