"""Load on `kg serve`: 1, 4 and 8 clients asking the saved questions over loopback, as an operator would.

    .venv/bin/python bench/serve_load.py                          # builds seeds/ first; 60 s per step
    .venv/bin/python bench/serve_load.py --graph out --duration 10 --clients 1 8
    .venv/bin/python bench/serve_load.py --graph out --serve="--cache-mb 0"   # every request asks the engine

It starts `kg serve GRAPH` (its log goes to a file, never to a pipe), finds parameter values in the graph
(the five busiest persons, bodies, companies, places, issues, issuers), and has each client thread ask the
saved questions in turn with those values, one HTTP request at a time, for --duration seconds per step.
It prints, per step: requests, answers/s, errors (any non-200 or failed request), latency percentiles,
and the server's thread count and RSS (kg serve and its workers) sampled every second — first, last and
largest value, so a leak or a thread pile-up shows. Bounded: 127.0.0.1 only, every request has a 30 s client timeout, the
server is stopped (SIGTERM) at the end. This is a script that prints figures, not a test.
"""
from __future__ import annotations

import argparse
import http.client
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.query import bind, saved_queries  # noqa: E402
from kg.serve import HOST, free_port  # noqa: E402
from kg.store import RemoteStore  # noqa: E402

# up to five values per kind of parameter, found in the graph itself (no names written here)
FINDERS = {
    "person": "SELECT ?n WHERE { ?m org:member/schema:name ?n } GROUP BY ?n ORDER BY DESC(COUNT(?m)) ?n LIMIT 5",
    "body": "SELECT ?n WHERE { ?m org:organization ?b . ?b a kgo:GovernmentBody ; schema:name ?n } "
            "GROUP BY ?n ORDER BY DESC(COUNT(?m)) ?n LIMIT 5",
    "company": "SELECT ?n WHERE { ?a schema:mentions ?c . ?c a kgo:Company ; schema:name ?n } "
               "GROUP BY ?n ORDER BY DESC(COUNT(?a)) ?n LIMIT 5",
    "place": "SELECT ?n WHERE { ?x kgo:locatedIn/schema:name ?n } GROUP BY ?n ORDER BY DESC(COUNT(?x)) ?n LIMIT 5",
    "issue": "SELECT ?d WHERE { ?i a schema:PublicationIssue ; schema:datePublished ?d } ORDER BY ?d LIMIT 5",
    "issuer": "SELECT ?n WHERE { ?p kgo:issuedBy/schema:name ?n } GROUP BY ?n ORDER BY DESC(COUNT(?p)) ?n LIMIT 5",
}
# saved question → {parameter: which finder's value}
PARAMS = {"person-posts": {"name": "person"}, "co-mentioned": {"name": "person"}, "people-of-body": {"body": "body"},
          "heads-of-body": {"body": "body"}, "partners": {"name": "company"}, "find": {"text": "company"},
          "timeline": {"name": "company"}, "in-place": {"place": "place"}, "new-in-issue": {"issue": "issue"},
          "programs": {"issuer": "issuer"}, "fact-sources": {"subject": "person"}}


def start_server(graph: Path, port: int, log: Path, options: list[str]) -> subprocess.Popen:
    with open(log, "a") as err:
        proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", str(graph), "--port", str(port), *options],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"kg serve stopped at once: see {log}")
        if "SPARQL endpoint" in log.read_text(encoding="utf-8"):
            return proc
        time.sleep(0.2)
    proc.kill()
    sys.exit("kg serve did not start within 120 s")


def questions(query_url: str) -> list[tuple[str, bytes]]:
    """(name, form-encoded body): every saved question, once with each of up to five values the graph holds."""
    remote = RemoteStore(query_url)
    values = {key: [str(row[0]) for row in remote.query(sparql).rows] for key, sparql in FINDERS.items()}
    out = []
    for k in range(5):
        for name, saved in saved_queries().items():
            params = {p: [values[kind][k % len(values[kind])][:2 if p == "text" else None]]
                      for p, kind in PARAMS.get(name, {}).items() if values[kind]}
            out.append((name, urllib.parse.urlencode({"query": bind(saved.text, params)}).encode()))
    return list(dict.fromkeys(out))


def server_figures(pid: int) -> tuple[int, float]:
    """(threads, RSS in MB) of kg serve and its children."""
    pids = [pid] + [int(p) for p in os.listdir("/proc") if p.isdigit() and _parent(p) == pid]
    threads, rss = 0, 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("Threads:"):
                    threads += int(line.split()[1])
                elif line.startswith("VmRSS:"):
                    rss += int(line.split()[1])
        except OSError:
            pass
    return threads, rss / 1024


def _parent(pid: str) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


def one_request(port: int, body: bytes) -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("POST", "/query", body, {"Content-Type": "application/x-www-form-urlencoded",
                                              "Accept": "application/sparql-results+json"})
        resp = conn.getresponse()
        resp.read()
        status = resp.status
    except OSError:
        status = -1
    finally:
        conn.close()
    return status, time.perf_counter() - started


def step(port: int, pid: int, work: list[tuple[str, bytes]], clients: int, duration: float) -> dict:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def client(offset: int) -> None:
        i = offset
        while time.monotonic() < stop_at:
            name, body = work[i % len(work)]
            status, seconds = one_request(port, body)
            with lock:
                latencies.append(seconds)
                if status != 200:
                    errors[f"{name}:{status}"] = errors.get(f"{name}:{status}", 0) + 1
            i += 1

    samples = [server_figures(pid)]
    threads = [threading.Thread(target=client, args=(k * 3,)) for k in range(clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        time.sleep(1)
        samples.append(server_figures(pid))
    for t in threads:
        t.join()
    samples.append(server_figures(pid))
    return {"clients": clients, "seconds": time.monotonic() - began, "latencies": sorted(latencies),
            "errors": errors, "threads": [s[0] for s in samples], "rss": [s[1] for s in samples]}


def pct(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))] * 1000 if values else float("nan")


def report(r: dict) -> None:
    lat, n = r["latencies"], len(r["latencies"])
    errors = sum(r["errors"].values())
    print(f"{r['clients']:>2} clients  {n:>6} requests  {n / r['seconds']:7.1f}/s  errors {errors:>3}"
          f"  p50 {pct(lat, .5):6.1f}  p95 {pct(lat, .95):6.1f}  p99 {pct(lat, .99):6.1f}  max {pct(lat, 1):6.1f} ms"
          f"  mean {statistics.fmean(lat) * 1000 if lat else float('nan'):6.1f} ms")
    th, rss = r["threads"], r["rss"]
    print(f"            server threads first/last/max {th[0]}/{th[-1]}/{max(th)}   "
          f"RSS MB first/last/max {rss[0]:.0f}/{rss[-1]:.0f}/{max(rss):.0f}")
    if r["errors"]:
        print(f"            errors: {r['errors']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", help="a build folder or RDF file (default: build seeds/ into a temporary folder)")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--duration", type=float, default=60, help="seconds per step (default 60)")
    parser.add_argument("--serve", default="", metavar="OPTIONS",
                        help='more kg serve options, e.g. --serve="--cache-mb 0 --workers 2"')
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-serve-load-") as tmp:
        graph = Path(args.graph) if args.graph else Path(tmp) / "build"
        if not args.graph:
            subprocess.run([sys.executable, "-m", "kg.cli", "build", str(ROOT / "seeds"), "--out", str(graph)],
                           cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port, log = free_port(), Path(tmp) / "serve.log"
        server = start_server(graph, port, log, args.serve.split())
        try:
            work = questions(f"http://{HOST}:{port}/query")
            print(f"kg serve {args.serve} on {HOST}:{port} (pid {server.pid}): {len(work)} distinct requests "
                  f"(saved questions × parameter values), {args.duration:g} s per step")
            for name, body in work:  # one warm-up round, not counted
                one_request(port, body)
            for clients in args.clients:
                report(step(port, server.pid, work, clients, args.duration))
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
            logged = [line for line in log.read_text(encoding="utf-8").splitlines() if "SPARQL endpoint" not in line]
            print(f"kg serve exited {server.returncode}; its log: {len(logged)} lines" +
                  "".join(f"\n    {line}" for line in logged[:10]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
