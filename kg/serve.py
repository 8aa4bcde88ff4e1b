"""``kg serve``: a read-only SPARQL 1.1 endpoint whose resources are bounded by construction.

    with Server("out", port=0) as server:      # port 0: any free port
        print(server.query_url)                # http://127.0.0.1:PORT/query — SPARQL 1.1 Protocol
        ...                                    # SPARQLWrapper, kg query --endpoint, curl; a query page at server.url

Design, and why. Oxigraph's own server answers each query on a native thread it cannot stop: its
``--timeout-s`` gives up on the request but leaves the evaluation running (oxigraph#1336: only
``pthread_cancel`` could stop it), and pyoxigraph's ``Store.query`` has neither a timeout nor a cancel
(oxigraph#1926: "run every query inside a subprocess and kill it"). Fuseki and QLever bound queries from
inside their engines (cooperative cancellation with a per-query timeout; QLever also a memory budget),
which a Python front over Oxigraph cannot reach. So the bound is the process:

- a stdlib HTTP front (this module) owns the port, checks the Host header (DNS rebinding), answers
  updates 403 "read-only", refuses SERVICE unless ``allow_service`` (no URL is ever fetched), and hands
  each query to a fixed pool of worker processes (kg/serve_worker.py) — each holding the graph (in memory,
  or an on-disk store opened read-only) under an address-space limit (RLIMIT_AS) it sets on itself;
- a fixed number of HTTP threads and a bounded admission count: a request past it is answered 503 at once;
- a hard timeout: the worker that overran is SIGKILLed and replaced, so streaming and sorting queries alike
  stop; an answer larger than ``max_mb`` is refused; a worker that dies is replaced and logged;
- answers to repeated requests come from a bounded cache (``cache_mb``): the served graph cannot change;
- errors go to stderr or the ``log`` file, never to a pipe nobody reads; workers live in the parent's
  process group and die with it (PR_SET_PDEATHSIG, and end of file on their stdin);
- no temporary folders: the graph is loaded by each worker, or kept in ``--store oxigraph:DIR``, which
  ``reload`` replaces only when it carries the marker file kg wrote when it made the store.
"""
from __future__ import annotations

import json
import os
import queue
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import TextIO
from urllib.parse import parse_qs, urlsplit

from .sparql_text import SERVICE_REFUSED, is_update, uses_service
from .store import DEFAULT_PREFIXES, STORE_MARKER, GraphError, is_kg_store, mark_store, resolve_graph

HOST = "127.0.0.1"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def free_port(host: str = HOST) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


@dataclass
class Limits:
    """What one endpoint may use: processes, waiting requests, seconds, memory and answer size."""

    workers: int = 2          # query processes (each answers one query at a time)
    queue: int = 16           # requests that may wait for a free worker; more are answered 503
    timeout_s: float = 60     # a query's wall time, waiting included; then its worker is killed
    memory_mb: int = 512      # address space of one worker (RLIMIT_AS)
    max_mb: int = 64          # size of one answer
    cache_mb: int = 32        # answers kept for repeated questions (the graph cannot change while served)
    allow_service: bool = False
    cors: bool = False
    allow_hosts: list[str] = field(default_factory=list)  # Host names accepted besides the bound address


@dataclass
class Reply:
    status: int
    media: str
    body: bytes
    retry_after: int | None = None

    @classmethod
    def text(cls, status: int, message: str, retry_after: int | None = None) -> "Reply":
        return cls(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode(), retry_after)


class Log:
    """One line per event, to stderr or a file (appended, line-buffered), safe from any thread."""

    def __init__(self, path: str | Path | None = None):
        self.file: TextIO = open(path, "a", buffering=1, encoding="utf-8") if path else sys.stderr
        self.lock = threading.Lock()

    def __call__(self, message: str) -> None:
        with self.lock:
            print(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} kg serve: {message}", file=self.file, flush=True)

    def close(self) -> None:
        if self.file is not sys.stderr:
            self.file.close()


class AnswerCache:
    """The latest answers, up to ``max_bytes``: a read-only endpoint's answer to the same request never changes,
    and a newsroom asks its saved questions again and again (QLever keeps a result cache for the same reason)."""

    def __init__(self, max_bytes: int):
        self.max_bytes, self.size, self.lock = max_bytes, 0, threading.Lock()
        self.answers: OrderedDict[tuple, Reply] = OrderedDict()

    def get(self, key: tuple) -> Reply | None:
        with self.lock:
            reply = self.answers.get(key)
            if reply is not None:
                self.answers.move_to_end(key)
            return reply

    def put(self, key: tuple, reply: Reply) -> None:
        cost = len(reply.body) + sum(len(str(part)) for part in key)
        if reply.status != 200 or cost > self.max_bytes // 8:
            return
        with self.lock:
            if key in self.answers:
                return
            self.answers[key] = reply
            self.size += cost
            while self.size > self.max_bytes:
                old_key, old = self.answers.popitem(last=False)
                self.size -= len(old.body) + sum(len(str(part)) for part in old_key)


# ------------------------------------------------------------------------------------------ workers

class WorkerDied(Exception):
    pass


class WorkerTimedOut(Exception):
    pass


class Worker:
    """One query process and its two pipes."""

    def __init__(self, config: dict, log: Log):
        env = dict(os.environ, MALLOC_ARENA_MAX="2")  # fewer malloc arenas: less address space per worker
        self.proc = subprocess.Popen([sys.executable, "-m", "kg.serve_worker", json.dumps(config)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=None if log.file is sys.stderr else log.file, env=env)
        self.pending = b""
        self.busy = False

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_ready(self, deadline: float) -> None:
        try:
            head = json.loads(self._line(deadline))
        except WorkerDied:
            code = self.kill()
            raise WorkerDied(f"it stopped while loading the graph (exit {code}): if the graph is large, "
                             "raise --memory-mb or keep it in --store oxigraph:DIR") from None
        if not head.get("ready"):
            raise WorkerDied(head.get("message") or "it could not open the graph")

    def ask(self, request: dict, deadline: float) -> Reply:
        try:
            self.proc.stdin.write((json.dumps(request) + "\n").encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise WorkerDied("before the query") from None
        head = json.loads(self._line(deadline))
        return Reply(head["status"], head["type"], self._read(head["length"], deadline))

    def _fill(self, deadline: float) -> None:
        remaining = deadline - time.monotonic()
        fd = self.proc.stdout.fileno()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            raise WorkerTimedOut()
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            raise WorkerDied("during the query")
        self.pending += chunk

    def _line(self, deadline: float) -> bytes:
        while b"\n" not in self.pending:
            self._fill(deadline)
        line, _, self.pending = self.pending.partition(b"\n")
        return line

    def _read(self, length: int, deadline: float) -> bytes:
        while len(self.pending) < length:
            self._fill(deadline)
        body, self.pending = self.pending[:length], self.pending[length:]
        return body

    def kill(self) -> int:
        if self.proc.poll() is None:
            self.proc.kill()
        code = self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass
        return code


def death_message(code: int, memory_mb: int) -> str:
    if code in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS, 1):
        return (f"the query needed more memory than the endpoint allows ({memory_mb} MB per query) "
                "and was stopped; add a LIMIT or narrow the pattern")
    how = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit status {code}"
    return f"the query worker died ({how}); it has been replaced"


class Pool:
    """A fixed number of workers; one supervisor thread starts (and restarts) them all, so they die with it."""

    def __init__(self, config: dict, limits: Limits, log: Log, on_fatal):
        self.config, self.limits, self.log, self.on_fatal = config, limits, log, on_fatal
        self.idle: queue.Queue[Worker] = queue.Queue()
        self.admission = threading.BoundedSemaphore(limits.workers + limits.queue)
        self.live: set[Worker] = set()
        self.lock = threading.Lock()
        self.to_start: queue.Queue[int | None] = queue.Queue()
        self.stopping = threading.Event()
        self.started = threading.Semaphore(0)
        self.failure: str | None = None
        self.running = False  # once started, a worker that cannot be restarted stops the server (on_fatal)
        self.supervisor = threading.Thread(target=self._supervise, name="kg-serve-supervisor", daemon=True)

    def start(self, wait_s: float = 300) -> "Pool":
        self.supervisor.start()
        for _ in range(self.limits.workers):
            self.to_start.put(1)
        deadline = time.monotonic() + wait_s
        for _ in range(self.limits.workers):
            if not self.started.acquire(timeout=max(0.0, deadline - time.monotonic())) or self.failure:
                raise GraphError(self.failure or f"the query workers did not start within {wait_s:.0f} s")
        self.running = True
        return self

    def _supervise(self) -> None:
        while not self.stopping.is_set():
            try:
                item = self.to_start.get(timeout=1)
            except queue.Empty:
                self._reap()
                continue
            if item is None:
                return
            try:
                worker = Worker(self.config, self.log)
                with self.lock:
                    self.live.add(worker)
                worker.wait_ready(time.monotonic() + 300)
            except (WorkerDied, WorkerTimedOut, OSError, ValueError) as exc:
                self.failure = f"a query worker could not start: {exc or 'no answer'}"
                self.started.release()
                if self.running and not self.stopping.is_set():
                    self.on_fatal(self.failure)
                return
            self.idle.put(worker)
            self.started.release()

    def _reap(self) -> None:
        """Replace the idle workers that died (killed from outside, say) without waiting for a query to find them."""
        with self.lock:
            dead = [w for w in self.live if not w.busy and w.proc.poll() is not None]
        for worker in dead:
            self._replace(worker, "died while idle")

    def _replace(self, worker: Worker, why: str) -> int:
        """Kill and reap ``worker``; the first caller to retire it logs why and has another started."""
        code = worker.kill()
        with self.lock:
            first = worker in self.live
            self.live.discard(worker)
        if first and not self.stopping.is_set():
            self.log(f"worker {worker.pid} {why} (exit {code}); starting another")
            self.to_start.put(1)
        return code

    def run(self, request: dict) -> Reply:
        """The answer to one query, or a clear refusal: busy, timed out, too large, out of memory."""
        if not self.admission.acquire(blocking=False):
            return Reply.text(503, f"the endpoint is busy ({self.limits.workers} queries running, "
                                   f"{self.limits.queue} waiting): try again shortly", retry_after=1)
        try:
            return self._run(request, time.monotonic() + self.limits.timeout_s)
        finally:
            self.admission.release()

    def _run(self, request: dict, deadline: float) -> Reply:
        while True:
            try:
                worker = self.idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return Reply.text(503, f"no query worker came free within {self.limits.timeout_s:g} s: "
                                       "the endpoint is busy, try again shortly", retry_after=1)
            worker.busy = True
            with self.lock:
                retired = worker not in self.live
            if retired:  # the supervisor found it dead and replaced it already
                continue
            if worker.proc.poll() is not None:  # died while idle (killed from outside): use another
                self._replace(worker, "died while idle")
                continue
            try:
                reply = worker.ask(request, deadline)
            except WorkerTimedOut:
                self._replace(worker, "overran the time limit and was killed")
                return Reply.text(503, f"the query ran longer than the endpoint's limit of {self.limits.timeout_s:g} s "
                                       "and was stopped: add a LIMIT or narrow the pattern")
            except (WorkerDied, ValueError, KeyError) as exc:
                code = self._replace(worker, f"died {exc}")
                return Reply.text(500, death_message(code, self.limits.memory_mb))
            worker.busy = False
            self.idle.put(worker)
            return reply

    def pids(self) -> list[int]:
        with self.lock:
            return [w.pid for w in self.live]

    def stop(self) -> None:
        self.stopping.set()
        self.to_start.put(None)
        with self.lock:
            workers = list(self.live)
            self.live.clear()
        for worker in workers:
            worker.kill()
        if self.supervisor.is_alive():
            self.supervisor.join(timeout=10)


# --------------------------------------------------------------------------------------------- HTTP

BUSY = (b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\n"
        b"Connection: close\r\n\r\nthe endpoint is busy: too many open connections, try again shortly\n")


class Front(HTTPServer):
    """HTTPServer with a fixed set of connection threads and a bounded queue of accepted connections."""

    allow_reuse_address = True  # on Linux this still refuses a port another process listens on
    request_queue_size = 64

    def __init__(self, address, app: "Server", threads: int):
        self.app = app
        self.connections: queue.Queue = queue.Queue(maxsize=threads)
        self.threads: list[threading.Thread] = []
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, Handler)
        self.threads = [threading.Thread(target=self._serve_connections, name=f"kg-serve-http-{i}", daemon=True)
                        for i in range(threads)]
        for thread in self.threads:
            thread.start()

    def process_request(self, request, client_address) -> None:
        try:
            self.connections.put_nowait((request, client_address))
        except queue.Full:
            try:
                request.sendall(BUSY)
            except OSError:
                pass
            self.shutdown_request(request)

    def _serve_connections(self) -> None:
        while (item := self.connections.get()) is not None:
            request, client_address = item
            try:
                self.finish_request(request, client_address)
            except Exception as exc:  # one broken connection must not take a thread away
                self.app.log(f"connection from {client_address[0]} failed: {exc!r}")
            finally:
                self.shutdown_request(request)

    def handle_error(self, request, client_address) -> None:
        self.app.log(f"connection from {client_address[0]} failed: {sys.exc_info()[1]!r}")

    def server_close(self) -> None:
        super().server_close()
        for _ in self.threads:
            try:
                self.connections.put(None, timeout=1)
            except queue.Full:
                break


MAX_REQUEST = 1 << 20  # a query text larger than 1 MB is refused
QUERY_PATHS = ("/query", "/sparql")


class Handler(BaseHTTPRequestHandler):
    """The SPARQL 1.1 Protocol (query operation) at /query; a query page at /; everything that writes: 403."""

    server_version = "kg-serve"
    protocol_version = "HTTP/1.0"  # one request per connection: no idle keep-alive holds a thread
    timeout = 15                   # seconds a client may take to send its request

    def do_GET(self) -> None:
        self._dispatch(None)

    def do_POST(self) -> None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return self._send(Reply.text(400, "a Content-Length that is not a number"))
        if length > MAX_REQUEST:
            return self._send(Reply.text(413, "the request is larger than 1 MB"))
        self._dispatch(self.rfile.read(length) if length > 0 else b"")

    def do_OPTIONS(self) -> None:
        self._send(Reply(204, "text/plain", b"") if self.server.app.limits.cors
                   else Reply.text(405, "cross-origin requests are not enabled (kg serve --cors)"))

    def do_PUT(self) -> None:
        self._send(Reply.text(403, "this endpoint is read-only"))

    do_DELETE = do_PATCH = do_PUT

    def _dispatch(self, body: bytes | None) -> None:
        app = self.server.app
        if not app.host_allowed(self.headers.get("Host")):
            return self._send(Reply.text(403, f"Host {self.headers.get('Host')!r} is not served here "
                                              "(kg serve --allow-host NAME to accept it)"))
        url = urlsplit(self.path)
        fields = parse_qs(url.query)
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if body is not None and kind == "application/x-www-form-urlencoded":
            fields.update(parse_qs(body.decode("utf-8", "replace")))
        if url.path in ("/update", "/store") or "update" in fields or kind == "application/sparql-update":
            return self._send(Reply.text(403, "this endpoint is read-only: SPARQL updates are refused"))
        if url.path not in QUERY_PATHS + ("/",):
            return self._send(Reply.text(404, f"no such page: {url.path} (the endpoint is /query)"))
        query = body.decode("utf-8", "replace") if kind == "application/sparql-query" and body is not None \
            else (fields.get("query") or [None])[0]
        if query is None:
            if url.path == "/" and body is None:
                return self._send(Reply(200, "text/html; charset=utf-8", app.page()))
            return self._send(Reply.text(400, "give a query: ?query=… or a POST (SPARQL 1.1 Protocol)"))
        self._send(app.answer(query, self.headers.get("Accept") or "", fields))

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.media)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if reply.retry_after:
            self.send_header("Retry-After", str(reply.retry_after))
        if self.server.app.limits.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    def log_message(self, format: str, *args) -> None:
        pass  # answers are not logged one by one; failures are, by Server.answer


# ------------------------------------------------------------------------------------------- server

def prepare_store(location: Path, graph: str | Path | None, reload: bool = False) -> Path:
    """The on-disk store to serve: reused as it is, or (when empty, or ``reload`` of a store kg made) filled
    from ``graph`` in a sibling folder that then takes its place, so a failed load leaves the old one."""
    filled = location.is_dir() and any(location.iterdir())
    if location.exists() and not location.is_dir():
        raise GraphError(f"--store {location} is a file, not a folder")
    if filled and not reload:
        return location
    if filled and not is_kg_store(location):
        raise GraphError(f"{location} is not a store kg made (it has no {STORE_MARKER} file): --reload "
                         "replaces only those; remove the folder yourself or give another --store")
    if graph is None:
        raise GraphError(f"the store at {location} is empty: give a GRAPH to load into it")
    source = resolve_graph(graph)
    location.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{location.name}.kg-new-", dir=location.parent))
    try:
        _load(fresh, source)
        mark_store(fresh, source)
        if filled:
            old = location.with_name(f".{location.name}.kg-old-{os.getpid()}")
            location.rename(old)
            fresh.rename(location)
            shutil.rmtree(old, ignore_errors=True)
        else:
            if location.exists():
                location.rmdir()
            fresh.rename(location)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return location


def _load(location: Path, source: Path) -> None:
    """Fill a store in a child process (its memory is returned when it ends; a signal here stops it too)."""
    loader = subprocess.Popen([sys.executable, "-m", "kg.serve_worker", "load", str(location), str(source)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _, err = loader.communicate()
    finally:
        if loader.poll() is None:
            loader.kill()
            loader.wait()
    if loader.returncode != 0:
        last = (err.strip().splitlines() or ["no message"])[-1]
        raise GraphError(f"cannot load {source} into {location}: {last}")


class Server:
    """The endpoint: a bound port, a pool of query workers, an HTTP front. ``start()``, ``wait()``, ``stop()``."""

    def __init__(self, graph: str | Path | None, port: int = 7878, location: str | Path | None = None,
                 reload: bool = False, host: str = HOST, limits: Limits | None = None, log: str | Path | None = None):
        self.graph, self.host = graph, host
        self.port = port
        self.location = Path(location) if location else None
        self.reload = reload
        self.limits = limits or Limits()
        self.log = Log(log)
        self.front: Front | None = None
        self.pool: Pool | None = None
        self.fatal: str | None = None
        self.done = threading.Event()
        self.cache = AnswerCache(self.limits.cache_mb * 1_000_000)
        self.names = {h.lower() for h in self.limits.allow_hosts}  # --allow-host: with any port
        self.allowed: set[str] = set()
        self.serving = False

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def query_url(self) -> str:
        return self.url + "query"

    @property
    def update_url(self) -> str:
        return self.url + "update"

    def bind(self) -> None:
        """Take the port first: a port in use is an error before anything is loaded or announced."""
        try:
            self.front = Front((self.host, self.port), self, threads=self.limits.workers + self.limits.queue + 2)
        except OSError as exc:
            if exc.errno == 98:  # EADDRINUSE
                raise GraphError(f"{self.host}:{self.port} is already in use (another kg serve?): stop it or "
                                 "choose another --port") from None
            raise GraphError(f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc}") from None
        self.port = self.front.server_address[1]
        self.allowed |= {f"{name}:{self.port}" for name in LOOPBACK | {self.host}}

    def start(self) -> "Server":
        try:
            self.bind()
            config = {"max_bytes": self.limits.max_mb * 1_000_000, "memory_mb": self.limits.memory_mb,
                      "prefixes": DEFAULT_PREFIXES, "allow_service": self.limits.allow_service}
            if self.location is not None:
                config["store"] = str(prepare_store(self.location, self.graph, self.reload).resolve())
            elif self.graph is not None:
                config["graph"] = str(resolve_graph(self.graph).resolve())
            else:
                raise GraphError("give a GRAPH (a build folder or an RDF file) or --store oxigraph:PATH")
            self.pool = Pool(config, self.limits, self.log, self._fatal).start()
        except BaseException:
            self.stop()
            raise
        self.serving = True
        threading.Thread(target=self.front.serve_forever, kwargs={"poll_interval": 0.2},
                         name="kg-serve-accept", daemon=True).start()
        return self

    def _fatal(self, message: str) -> None:
        self.fatal = message
        self.log(f"error: {message}; stopping")
        self.done.set()

    def wait(self) -> int:
        """Block until the endpoint fails (1) — signals are the caller's to handle."""
        while not self.done.wait(0.5):
            pass
        return 1 if self.fatal else 0

    def host_allowed(self, host: str | None) -> bool:
        """Only Host headers naming this server: a page elsewhere cannot reach it through DNS rebinding."""
        if not host:
            return False
        host = host.lower()
        return host in self.allowed or host.rsplit(":", 1)[0] in self.names


    def answer(self, query: str, accept: str, fields: dict) -> Reply:
        if is_update(query):
            return Reply.text(403, "this endpoint is read-only: SPARQL updates are refused")
        if uses_service(query) and not self.limits.allow_service:
            return Reply.text(403, SERVICE_REFUSED)
        request = {"query": query, "accept": accept, "default_graph": fields.get("default-graph-uri"),
                   "named_graphs": fields.get("named-graph-uri")}
        key = (query, accept, tuple(request["default_graph"] or ()), tuple(request["named_graphs"] or ()))
        reply = self.cache.get(key)
        if reply is None:
            reply = self.pool.run(request)
            self.cache.put(key, reply)
        if reply.status >= 500:
            self.log(f"{reply.status} {reply.body.decode('utf-8', 'replace').strip()} — query: "
                     f"{' '.join(query.split())[:200]}")
        return reply

    def page(self) -> bytes:
        html = (Path(__file__).parent / "data" / "serve.html").read_text(encoding="utf-8")
        prefixes = "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in DEFAULT_PREFIXES.items())
        return html.replace("{{PREFIXES}}", prefixes.replace("<", "&lt;").replace(">", "&gt;")).encode()

    def stop(self) -> None:
        """Close the port, kill the workers; safe to call twice and from a finally."""
        if self.front is not None:
            if self.serving:
                self.front.shutdown()
            self.front.server_close()
            self.front = None
        if self.pool is not None:
            self.pool.stop()
            self.pool = None
        self.done.set()

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        self.log.close()


__all__ = ["Server", "Limits", "prepare_store", "free_port", "HOST"]
