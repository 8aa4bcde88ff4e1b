"""A query worker of ``kg serve``: one child process that answers one query at a time (see kg/serve.py).

    python -m kg.serve_worker '{"graph": "out/graph.trig", "memory_mb": 512, ...}'   # serve requests
    python -m kg.serve_worker load STORE_DIR GRAPH_FILE                                 # fill an on-disk store

Protocol on stdin/stdout (binary): the parent writes one JSON line per request ({"query", "accept",
"default_graph", "named_graphs"}); the worker answers with one JSON header line ({"status", "type",
"length", "message"}) and ``length`` bytes of body. Everything else (warnings, tracebacks) goes to
stderr, which is the parent's stderr or log file, never a pipe nobody reads.

Bounds the worker sets on itself before it loads anything: an address-space limit (RLIMIT_AS), so a
sort or a join that grows without end fails here, not on the machine; death with the parent
(PR_SET_PDEATHSIG, and stdin's end of file). The time limit is the parent's: it kills the worker.
Only the standard library and pyoxigraph are imported here, so a worker starts in a fraction of a second.
"""
from __future__ import annotations

import ctypes
import json
import os
import resource
import signal
import sys

import pyoxigraph as ox

from .sparql_text import SERVICE_REFUSED, is_update, uses_service

PR_SET_PDEATHSIG = 1
SOLUTION_TYPES = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                  "text/tab-separated-values"]
GRAPH_TYPES = ["application/n-triples", "text/turtle", "application/rdf+xml", "application/ld+json",
               "application/n-quads", "application/trig"]


class TooLarge(Exception):
    pass


class CappedBuffer:
    """A bytes sink that refuses to grow past ``cap`` (the --max-bytes of an answer)."""

    def __init__(self, cap: int):
        self.cap, self.parts, self.size = cap, [], 0

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.cap:
            raise TooLarge()
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux; elsewhere stdin EOF does it)."""
    # Ctrl-C reaches the whole process group; the parent stops its workers itself, without tracebacks
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def limit_memory(megabytes: int) -> None:
    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def open_graph(config: dict) -> ox.Store:
    if config.get("store"):
        try:
            return ox.Store.read_only(config["store"])
        except OSError as exc:
            raise OSError(f"{config['store']} is not an Oxigraph store ({exc})") from None
    store = ox.Store()
    suffix = os.path.splitext(config["graph"])[1].lower()
    fmt = {".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG,
           ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML, ".jsonld": ox.RdfFormat.JSON_LD,
           ".json": ox.RdfFormat.JSON_LD}.get(suffix, ox.RdfFormat.TURTLE)
    store.bulk_load(path=config["graph"], format=fmt)
    return store


def choose(accept: str, offered: list[str]) -> str | None:
    """The first of ``offered`` the Accept header takes, by its q values (None: none acceptable)."""
    if not accept.strip():
        return offered[0]
    ranked = []
    for position, item in enumerate(accept.split(",")):
        fields = [f.strip() for f in item.split(";")]
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        ranked.append((-q, position, fields[0].lower()))
    for neg_q, _, media in sorted(ranked):
        if neg_q == 0:
            break
        for kind in offered:
            if media in (kind, "*/*") or (media.endswith("/*") and kind.startswith(media[:-1])):
                return kind
    return None


def answer(store: ox.Store, request: dict, config: dict) -> tuple[int, str, bytes]:
    """(status, media type, body) for one request."""
    sparql = request["query"]
    if is_update(sparql):
        return 403, "text/plain", b"this endpoint is read-only: SPARQL updates are refused"
    if uses_service(sparql) and not config.get("allow_service"):
        return 403, "text/plain", SERVICE_REFUSED.encode()
    options = {"prefixes": config.get("prefixes") or {}}
    if request.get("default_graph"):
        options["default_graph"] = [ox.NamedNode(g) for g in request["default_graph"]]
    if request.get("named_graphs"):
        options["named_graphs"] = [ox.NamedNode(g) for g in request["named_graphs"]]
    try:
        result = store.query(sparql, **options)
    except SyntaxError as exc:
        return 400, "text/plain", f"malformed SPARQL: {exc}".encode()
    except ValueError as exc:
        return 400, "text/plain", f"bad request: {exc}".encode()
    graph = isinstance(result, ox.QueryTriples)
    offered = GRAPH_TYPES if graph else SOLUTION_TYPES
    media = choose(request.get("accept") or "", offered)
    if media is None:
        return 406, "text/plain", f"cannot answer in {request.get('accept')}; offered: {', '.join(offered)}".encode()
    fmt = ox.RdfFormat.from_media_type(media) if graph else ox.QueryResultsFormat.from_media_type(media)
    sink = CappedBuffer(config["max_bytes"])
    try:
        result.serialize(sink, fmt)
    except TooLarge:
        pass
    except (OSError, ValueError) as exc:
        if sink.size <= sink.cap:
            return 500, "text/plain", f"the query failed: {exc}".encode()
    if sink.size > sink.cap:
        return 500, "text/plain", (f"the answer is larger than the endpoint's limit of {sink.cap // 1_000_000} MB "
                                   "(kg serve --max-mb): add a LIMIT or ask for fewer columns").encode()
    return 200, media, sink.getvalue()


def serve(config: dict) -> int:
    die_with_parent()
    limit_memory(config.get("memory_mb", 0))
    requests, replies = sys.stdin.buffer, os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print goes to the log, never into the protocol
    try:
        store = open_graph(config)
    except (OSError, SyntaxError, ValueError, MemoryError) as exc:
        replies.write((json.dumps({"ready": False, "message": str(exc)}) + "\n").encode())
        replies.flush()
        return 1
    replies.write(b'{"ready": true}\n')
    replies.flush()
    for line in requests:
        out_of_memory = False
        try:
            status, media, body = answer(store, json.loads(line), config)
        except MemoryError:
            out_of_memory = True
            status, media, body = 500, "text/plain", (f"the query needed more memory than the endpoint's limit "
                                                      f"({config.get('memory_mb')} MB per query, kg serve --memory-mb)"
                                                      ).encode()
        head = {"status": status, "type": media, "length": len(body)}
        replies.write((json.dumps(head) + "\n").encode() + body)
        replies.flush()
        if out_of_memory:
            return 1  # a worker that hit its memory limit is replaced, not reused
    return 0


def load(location: str, graph: str) -> int:
    """Fill an on-disk store from an RDF file (kg serve --store): bulk load, flush, close."""
    die_with_parent()
    store = ox.Store(location)
    suffix = os.path.splitext(graph)[1].lower()
    store.bulk_load(path=graph, format=ox.RdfFormat.from_extension(suffix.lstrip(".")) or ox.RdfFormat.TURTLE)
    store.flush()
    store.optimize()
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["load"]:
        sys.exit(load(sys.argv[2], sys.argv[3]))
    sys.exit(serve(json.loads(sys.argv[1])))
