"""kg serve: a bounded, read-only SPARQL endpoint — queried with real clients, overloaded, signalled, stopped.

Short time limits everywhere (--timeout 2): a runaway query costs each test about two seconds."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from kg_graphs import MINI_TRIG, ROOT, seeds_build
from SPARQLWrapper import JSON, SPARQLWrapper

from kg.query import run_query
from kg.serve import HOST, Limits, Server, free_port, prepare_store
from kg.sparql_text import is_update, uses_service
from kg.store import STORE_MARKER, QuerySyntaxError, ServiceRefused, is_kg_store, open_store

PERSONS = "SELECT ?name WHERE { ?p a kgo:Person ; schema:name ?name } ORDER BY ?name"  # prefixes predeclared
CROSS_SORTED = "SELECT * WHERE {?a ?b ?c . ?d ?e ?f . ?g ?h ?i} ORDER BY ?c ?f ?i"
CROSS_STREAMED = "SELECT * WHERE {?a ?b ?c . ?d ?e ?f . ?g ?h ?i}"
CROSS_COUNTED = "SELECT (COUNT(*) AS ?n) WHERE {?a ?b ?c . ?d ?e ?f . ?g ?h ?i}"  # little memory, endless time
LIMIT_MESSAGE = ("longer than the endpoint's limit", "more memory than the endpoint allows", "larger than the endpoint")


# ------------------------------------------------------------------------------------------ helpers

def closed(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex((HOST, port)) != 0


def ask(url: str, query: str | None = None, data: dict | None = None, headers: dict | None = None,
        timeout: float = 30) -> tuple[int, str]:
    """(status, body) of a GET with ?query= or a form POST."""
    if query is not None and data is None:
        url += "?" + urllib.parse.urlencode({"query": query})
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def wait_until(predicate, limit_s: float = 20) -> bool:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def cli_serve(*args: str, graph: str | Path | None = MINI_TRIG) -> tuple[subprocess.Popen, int]:
    """`kg serve` in its own session (so the test can signal it as a terminal would); waits for its banner."""
    port = free_port()
    command = [sys.executable, "-m", "kg.cli", "serve"] + ([str(graph)] if graph else []) + ["--port", str(port), *args]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    return proc, port


def wait_banner(proc: subprocess.Popen) -> str:
    line = proc.stderr.readline()
    assert "SPARQL endpoint" in line, line + proc.stderr.read()
    return line


def finish(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> tuple[int, str]:
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
    try:
        code = proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        code = proc.wait(timeout=10)
    err = proc.stderr.read()
    proc.stderr.close()
    return code, err


@pytest.fixture(scope="module")
def server():
    with Server(MINI_TRIG, port=0, limits=Limits(timeout_s=5)) as running:
        yield running


# ------------------------------------------------------------------------------------- the endpoint

def test_answers_sparql_clients_with_kg_prefixes(server):
    local = open_store(MINI_TRIG)
    expected = [str(row[0]) for row in local.query(PERSONS).rows]
    assert expected
    client = SPARQLWrapper(server.query_url)
    client.setQuery(PERSONS)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert [r["name"]["value"] for r in rows] == expected
    # a saved question through kg's remote store, and a CONSTRUCT in Turtle
    remote = open_store(server.query_url)
    assert run_query(remote, "top-officials").rows == run_query(local, "top-officials").rows
    status, body = ask(server.query_url, "CONSTRUCT WHERE { ?p a kgo:Person }", headers={"Accept": "text/turtle"})
    assert status == 200 and "Person" in body
    with pytest.raises(QuerySyntaxError):
        remote.query("SELECT * WHERE { ?s ?p }")


def test_query_page_lists_the_predeclared_prefixes(server):
    status, page = ask(server.url)
    assert status == 200 and "PREFIX kgo: &lt;https://w3id.org/newskg/ontology#&gt;" in page
    assert 'fetch("query"' in page


def test_updates_are_refused_as_read_only(server):
    insert = "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }"
    for url, data, headers in [(server.update_url, {"update": insert}, {}),
                               (server.query_url, {"update": insert}, {}),
                               (server.query_url, {"query": insert}, {}),
                               (server.query_url, {"query": "PREFIX ex: <http://example.org/>\nCLEAR ALL"}, {})]:
        status, body = ask(url, data=data, headers=headers)
        assert status == 403 and "read-only" in body, body
    req = urllib.request.Request(server.url + "store", data=b"", method="PUT")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(req, timeout=10)
    assert refused.value.code == 403
    status, body = ask(server.query_url, "ASK { ?s ?p ?o }", headers={"Accept": "application/sparql-results+json"})
    assert json.loads(body)["boolean"] is True


def test_host_header_is_checked(server):
    status, body = ask(server.query_url, "ASK {}", headers={"Host": f"rebound.example:{server.port}"})
    assert status == 403 and "not served here" in body
    assert ask(server.query_url, "ASK {}", headers={"Host": f"localhost:{server.port}"})[0] == 200


def test_cors_only_when_asked(server):
    req = urllib.request.Request(server.query_url + "?query=ASK%7B%7D")
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert resp.headers.get("Access-Control-Allow-Origin") is None


def test_service_makes_no_outbound_connection(server):
    with socket.socket() as listener:
        listener.bind((HOST, 0))
        listener.listen()
        listener.settimeout(0.5)
        remote = f"http://{HOST}:{listener.getsockname()[1]}/x"
        for query in [f"SELECT * WHERE {{ SERVICE <{remote}> {{ ?s ?p ?o }} }}",
                      f"SELECT * WHERE {{ SERVI\\u0043E <{remote}> {{ ?s ?p ?o }} }}",
                      f"SELECT * WHERE {{ ?x ?y ?z . service silent <{remote}> {{ ?s ?p ?o }} }}"]:
            status, body = ask(server.query_url, query)
            assert status == 403 and "--allow-service" in body
        with pytest.raises(socket.timeout):
            listener.accept()


def test_kg_query_refuses_service_unless_allowed(capsys):
    from kg.cli import main

    with socket.socket() as listener:
        listener.bind((HOST, 0))
        listener.listen()
        listener.settimeout(0.5)
        query = f"SELECT * WHERE {{ SERVICE <http://{HOST}:{listener.getsockname()[1]}/x> {{ ?s ?p ?o }} }}"
        assert main(["query", str(MINI_TRIG), query]) == 2
        assert "--allow-service" in capsys.readouterr().err
        with pytest.raises(socket.timeout):
            listener.accept()
        with pytest.raises(ServiceRefused):
            open_store(MINI_TRIG, "rdflib").query(query)
        # the control: allowed, the query does reach out (so the refusals above are not vacuous)
        listener.settimeout(10)
        done = threading.Thread(target=main, args=(["query", str(MINI_TRIG), query, "--allow-service"],))
        done.start()
        connection, _ = listener.accept()
        connection.close()
        done.join(timeout=30)


def test_kg_query_endpoint_matches_the_local_answer(server, capsys):
    from kg.cli import main

    assert main(["query", str(MINI_TRIG), "top-officials", "--format", "csv"]) == 0
    local = capsys.readouterr().out
    assert main(["query", "--endpoint", server.query_url, "top-officials", "--format", "csv"]) == 0
    assert capsys.readouterr().out == local
    assert main(["query", "--endpoint", server.query_url, str(MINI_TRIG), "top-officials"]) == 2
    assert "QUERY only" in capsys.readouterr().err


@pytest.mark.parametrize("text, service, update", [
    ('SELECT * WHERE { ?service ?p "SERVICE <x>" } # SERVICE', False, False),
    ("SELECT * WHERE { ex:service ?p ?o . ?s service:x ?o }", False, False),
    ("SELECT * WHERE { SeRvIcE <http://x/> { ?s ?p ?o } }", True, False),
    ("SELECT * WHERE { SERVI\\u0043E <http://x/> { ?s ?p ?o } }", True, False),
    ("SELECT * WHERE { ?s ex:a\\# ?o .SERVICE <http://x/> { ?s ?p ?o } }", True, False),
    ('PREFIX ex: <http://x/>\nBASE <http://y/>\n DELETE WHERE { ?s ?p "INSERT" }', False, True),
    ('SELECT ("""DELETE""" AS ?x) WHERE {}', False, False),
    ("WITH <http://g/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", False, True),
])
def test_service_and_update_are_told_by_tokens(text, service, update):
    assert (uses_service(text), is_update(text)) == (service, update)


# ------------------------------------------------------------------------------------------- bounds

def test_runaway_queries_end_with_a_clear_error_while_others_are_answered():
    with Server(seeds_build(), port=0, limits=Limits(timeout_s=2, workers=2, memory_mb=384)) as srv:
        # the front runs inside this test process, which the rest of the suite has already grown: count the
        # workers and what this process grows by during the test, not what it held before
        peak, outcomes, before = [0.0], {}, rss_mb([os.getpid()])

        def run(name: str, query: str) -> None:
            outcomes[name] = ask(srv.query_url, query)

        for name, query in [("sorted", CROSS_SORTED), ("streamed", CROSS_STREAMED), ("counted", CROSS_COUNTED)]:
            # the worker the last runaway cost is replaced first, so the second client finds a free one
            assert wait_until(lambda: len(srv.pool.pids()) == 2 and srv.pool.idle.qsize() == 2)
            runaway = threading.Thread(target=run, args=(name, query))
            runaway.start()
            time.sleep(0.3)
            second = f"SELECT ?p WHERE {{ ?p a kgo:Person }} LIMIT {len(outcomes) + 1}"  # not cached: a worker answers
            assert ask(srv.query_url, second)[0] == 200  # a second client, meanwhile
            while runaway.is_alive():
                peak[0] = max(peak[0], rss_mb([os.getpid()]) - before + rss_mb(srv.pool.pids()))
                runaway.join(timeout=0.05)
        for name, (status, body) in outcomes.items():
            assert status in (500, 503) and any(m in body for m in LIMIT_MESSAGE), (name, status, body)
        assert "longer than" in outcomes["counted"][1]
        assert peak[0] < 1024, peak
        assert wait_until(lambda: len(srv.pool.pids()) == 2 and srv.pool.idle.qsize() == 2)


def test_a_full_queue_is_answered_503_at_once_and_repeated_answers_from_the_cache():
    with Server(MINI_TRIG, port=0, limits=Limits(timeout_s=3, workers=1, queue=0)) as srv:
        before = ask(srv.query_url, PERSONS)
        slow = threading.Thread(target=ask, args=(srv.query_url, CROSS_COUNTED))
        slow.start()
        assert wait_until(lambda: srv.pool.idle.qsize() == 0)
        status, body = ask(srv.query_url, "ASK {}")
        again = ask(srv.query_url, PERSONS)  # the one worker is busy: this answer is the cached one
        slow.join()
    assert status == 503 and "busy" in body
    assert before[0] == 200 and again == before


def test_a_dying_worker_is_replaced_and_reported(tmp_path):
    log = tmp_path / "serve.log"
    with Server(MINI_TRIG, port=0, limits=Limits(timeout_s=10, workers=1), log=log) as srv:
        first = srv.pool.pids()[0]
        os.kill(first, signal.SIGKILL)  # dies while idle: the next query goes to its replacement
        assert wait_until(lambda: not alive(first))
        assert ask(srv.query_url, "ASK { ?s ?p ?o }")[0] == 200
        second = srv.pool.pids()[0]
        assert second != first
        outcome = {}
        busy = threading.Thread(target=lambda: outcome.update(reply=ask(srv.query_url, CROSS_COUNTED)))
        busy.start()
        assert wait_until(lambda: srv.pool.idle.qsize() == 0)  # the worker has taken the query
        time.sleep(0.3)
        os.kill(second, signal.SIGKILL)  # dies during a query: that query gets a clear 500
        busy.join(timeout=30)
        assert outcome["reply"][0] == 500 and "SIGKILL" in outcome["reply"][1]
        assert ask(srv.query_url, "ASK { ?s ?p ?o }")[0] == 200
    text = log.read_text()
    assert f"worker {first} died while idle" in text and f"worker {second} died" in text


def test_cli_exits_with_a_message_when_a_worker_cannot_be_restarted(tmp_path):
    graph = tmp_path / "g.trig"
    shutil.copy(MINI_TRIG, graph)
    proc, port = cli_serve("--workers", "1", graph=graph)
    wait_banner(proc)
    graph.unlink()
    for pid in children(proc.pid):
        os.kill(pid, signal.SIGKILL)
    assert wait_until(lambda: proc.poll() is not None)
    code, err = finish(proc)
    assert code == 1 and "kg: error: a query worker could not start" in err
    assert closed(port)


# ----------------------------------------------------------------------------------------- lifecycle

@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_each_stop_signal_stops_the_workers_and_frees_the_port(sig):
    proc, port = cli_serve("--timeout", "2")
    wait_banner(proc)
    workers = children(proc.pid)
    assert len(workers) == 2
    assert all(os.getpgid(w) == os.getpgid(proc.pid) for w in workers)  # one process group with kg serve
    assert ask(f"http://{HOST}:{port}/query", "ASK { ?s ?p ?o }")[0] == 200
    code, err = finish(proc, sig)
    assert code == 0 and f"stopped ({signal.Signals(sig).name})" in err
    assert closed(port) and not any(alive(w) for w in workers)


def test_sigkill_of_kg_serve_takes_its_workers_along():
    proc, port = cli_serve("--timeout", "2")
    wait_banner(proc)
    workers = children(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    assert wait_until(lambda: not any(alive(w) for w in workers))
    assert wait_until(lambda: closed(port))


def test_sigint_during_start_up_leaves_nothing_behind(tmp_path):
    store = tmp_path / "store"
    proc, port = cli_serve("--store", f"oxigraph:{store}", graph=seeds_build())
    assert wait_until(lambda: children(proc.pid), 60)  # loading the store, or starting the workers
    started = children(proc.pid)
    code, err = finish(proc, signal.SIGINT)
    assert code in (0, 130), err
    assert closed(port)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".store.kg-")]
    assert wait_until(lambda: not any(alive(pid) for pid in started + children(proc.pid)))


def test_busy_port_is_one_line_before_any_banner():
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "kg.cli", "serve", str(MINI_TRIG), "--port", str(port)],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"kg: error: {HOST}:{port} is already in use (another kg serve?): "
                                        "stop it or choose another --port"]


@pytest.mark.parametrize("port", ["70000", "-1", "http"])
def test_invalid_port_is_refused_by_the_cli(port, capsys):
    from kg.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["serve", str(MINI_TRIG), "--port", port])
    assert exited.value.code == 2
    assert "--port must be" in capsys.readouterr().err


def test_reload_replaces_only_a_store_kg_made(tmp_path, capsys):
    from kg.cli import main

    foreign = tmp_path / "papers"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    assert main(["serve", str(MINI_TRIG), "--store", f"oxigraph:{foreign}", "--reload", "--port", "0"]) == 2
    assert "not a store kg made" in capsys.readouterr().err
    assert (foreign / "notes.txt").read_text() == "keep me"
    made = prepare_store(tmp_path / "kgstore", MINI_TRIG)
    assert is_kg_store(made) and (made / STORE_MARKER).is_file()
    (made / "stale").write_text("")
    assert prepare_store(made, MINI_TRIG, reload=True) == made and not (made / "stale").exists()
    assert is_kg_store(made) and [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_serves_an_on_disk_store_read_only(tmp_path):
    store = tmp_path / "kgstore"
    with Server(MINI_TRIG, port=0, location=store, limits=Limits(timeout_s=5)) as srv:
        status, body = ask(srv.query_url, PERSONS, headers={"Accept": "text/csv"})
        assert status == 200 and body.startswith("name\r\n") and len(body.splitlines()) > 1
    with Server(None, port=0, location=store, limits=Limits(timeout_s=5)) as srv:  # reused, no GRAPH needed
        assert ask(srv.query_url, "ASK { ?s ?p ?o }")[0] == 200


def test_serve_missing_graph(capsys):
    from kg.cli import main

    assert main(["serve", "no/such/folder", "--port", "0"]) == 2
    assert "no such graph file" in capsys.readouterr().err
