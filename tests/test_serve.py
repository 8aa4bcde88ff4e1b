"""kg serve: the Oxigraph SPARQL server on 127.0.0.1, queried with a real client, then stopped."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from kg_graphs import MINI_TRIG, ROOT, seeds_build
from SPARQLWrapper import JSON, SPARQLWrapper

from kg.query import run_query
from kg.serve import HOST, Server, free_port
from kg.store import QuerySyntaxError, open_store

POSTS = """PREFIX org: <http://www.w3.org/ns/org#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
SELECT ?name ?title ?orgName WHERE {
  ?m org:member/schema:name ?name ; org:organization/schema:name ?orgName ; org:role/rdfs:label ?title .
  FILTER(STR(?name) = "王相东") }"""


def closed(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex((HOST, port)) != 0


def sparqlwrapper_rows(url: str, query: str) -> list[dict]:
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    client.setTimeout(30)
    return client.query().convert()["results"]["bindings"]


def test_server_answers_sparql_clients_and_stops():
    server = Server(MINI_TRIG, port=0).start()
    try:
        rows = sparqlwrapper_rows(server.query_url, POSTS)
        assert [(r["title"]["value"], r["orgName"]["value"]) for r in rows] == [("局长", "聊城市科学技术局")]
        # a saved question through the endpoint (prefixes are added for it)
        remote = open_store(server.query_url)
        result = run_query(remote, "fact-sources", {"subject": ["王相东"]})
        assert result.rows and "王相东" in str(result.rows[0][result.vars.index("sentence")])
        with pytest.raises(QuerySyntaxError):
            remote.query("SELECT * WHERE { ?s ?p }")
        # read-only: updates are refused
        req = urllib.request.Request(server.update_url, data=urllib.parse.urlencode({"update": "CLEAR ALL"}).encode(),
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(req, timeout=10)
        assert refused.value.code in (403, 404, 405)
        assert sparqlwrapper_rows(server.query_url, POSTS)  # still all there
    finally:
        server.stop()
    assert server.process.poll() is not None
    assert closed(server.port)


def test_cli_serve_on_seeds_build():
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", str(seeds_build()), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        url = f"http://{HOST}:{port}/query"
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read()
            try:
                rows = sparqlwrapper_rows(url, POSTS)
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        assert ("局长", "聊城市科学技术局") in {(r["title"]["value"], r["orgName"]["value"]) for r in rows}
        # plain HTTP (what curl does), SPARQL 1.1 Protocol GET
        with urllib.request.urlopen(url + "?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}), timeout=10) as r:
            assert json.loads(r.read())["boolean"] is True
    finally:
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: kg serve stops its server and cleans up
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        proc.stderr.close()
    assert closed(port)


def test_serve_missing_graph(capsys):
    from kg.cli import main

    assert main(["serve", "no/such/folder", "--port", "0"]) == 2
    assert "no such graph file" in capsys.readouterr().err
