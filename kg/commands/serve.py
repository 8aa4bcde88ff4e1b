"""kg serve GRAPH [--port P] — a read-only SPARQL endpoint on 127.0.0.1, bounded in time, memory and load."""
from __future__ import annotations

import argparse
import signal
import sys

from ..store import GraphError

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


def bounded_int(low: int, high: int, what: str):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be a whole number, not {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} must be between {low} and {high}, not {value}")
        return value
    return parse


def add_parser(sub) -> None:
    p = sub.add_parser("serve", help="serve the graph as a read-only SPARQL endpoint on 127.0.0.1",
                       description="Serves GRAPH as a read-only SPARQL 1.1 endpoint (/query; a query page at /). "
                                   "Each query runs in one of --workers processes under a memory limit and is "
                                   "stopped at --timeout; SERVICE is refused unless --allow-service. "
                                   "SIGTERM, SIGINT and SIGHUP stop it cleanly.")
    p.add_argument("graph", nargs="?", metavar="GRAPH",
                   help="a build folder or an RDF file (optional with a filled --store)")
    p.add_argument("--port", type=bounded_int(0, 65535, "--port"), default=7878,
                   help="port (default 7878; 0: any free port)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; see the README "
                                                       "before opening it to a network)")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="a Host name clients may use besides the bound address (repeatable; e.g. behind a proxy)")
    p.add_argument("--store", metavar="oxigraph:PATH", help="keep the graph in an on-disk store at PATH (loaded once, "
                                                             "shared read-only by the workers)")
    p.add_argument("--reload", action="store_true", help="with --store: reload GRAPH into it (only a store kg made)")
    p.add_argument("--timeout", type=bounded_int(1, 86400, "--timeout"), default=60, metavar="S",
                   help="a query's time limit in seconds, waiting included (default 60)")
    p.add_argument("--workers", type=bounded_int(1, 64, "--workers"), default=2, metavar="N",
                   help="query processes, each answering one query at a time (default 2)")
    p.add_argument("--queue", type=bounded_int(0, 1000, "--queue"), default=16, metavar="N",
                   help="requests that may wait for a worker; more are answered 503 (default 16)")
    p.add_argument("--memory-mb", type=bounded_int(128, 1 << 20, "--memory-mb"), default=512, metavar="MB",
                   help="address-space limit of each worker (default 512)")
    p.add_argument("--max-mb", type=bounded_int(1, 4096, "--max-mb"), default=64, metavar="MB",
                   help="largest answer sent (default 64)")
    p.add_argument("--cache-mb", type=bounded_int(0, 4096, "--cache-mb"), default=32, metavar="MB",
                   help="memory for answers to repeated questions (default 32; 0: no cache)")
    p.add_argument("--allow-service", action="store_true", help="allow SERVICE (federated queries): the server "
                                                                "then fetches the URLs queries name")
    p.add_argument("--cors", action="store_true", help="allow cross-origin requests (Access-Control-Allow-Origin: *)")
    p.add_argument("--log", metavar="FILE", help="append errors to FILE instead of the terminal")
    p.set_defaults(func=run)


class Stopped(Exception):
    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)


def _stop_once(signum, frame) -> None:
    for sig in STOP_SIGNALS:  # a second signal must not interrupt the clean-up the first one started
        signal.signal(sig, signal.SIG_IGN)
    raise Stopped(signum)


def run(args) -> int:
    from ..serve import Limits, Server

    location = None
    if args.store:
        if not args.store.startswith("oxigraph:") or len(args.store) == len("oxigraph:"):
            print("kg: error: --store takes oxigraph:PATH", file=sys.stderr)
            return 2
        location = args.store[len("oxigraph:"):]
    if args.graph is None and location is None:
        print("kg: error: give GRAPH (or --store oxigraph:PATH with a filled store)", file=sys.stderr)
        return 2
    limits = Limits(workers=args.workers, queue=args.queue, timeout_s=args.timeout, memory_mb=args.memory_mb,
                    max_mb=args.max_mb, cache_mb=args.cache_mb, allow_service=args.allow_service, cors=args.cors,
                    allow_hosts=args.allow_host)
    server = Server(args.graph, port=args.port, location=location, reload=args.reload, host=args.host,
                    limits=limits, log=args.log)
    previous = {sig: signal.signal(sig, _stop_once) for sig in STOP_SIGNALS}
    try:
        server.start()
        print(f"SPARQL endpoint (read-only): {server.query_url}   — query page: {server.url}   "
              f"({args.workers} workers, {args.timeout} s per query; Ctrl-C to stop)", file=sys.stderr, flush=True)
        code = server.wait()
        if server.fatal:
            print(f"kg: error: {server.fatal}", file=sys.stderr)
        return code
    except Stopped as stop:
        print(f"kg serve: stopped ({stop})", file=sys.stderr)
        return 0
    except GraphError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return 2
    finally:
        for sig in STOP_SIGNALS:
            signal.signal(sig, signal.SIG_IGN)
        server.stop()
        server.log.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
