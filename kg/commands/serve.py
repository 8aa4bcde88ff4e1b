"""kg serve GRAPH [--port P] — publish the graph as a SPARQL endpoint (Oxigraph server) on 127.0.0.1."""
from __future__ import annotations

import sys

from ..store import GraphError


def add_parser(sub) -> None:
    p = sub.add_parser("serve", help="serve the graph as a read-only SPARQL endpoint on 127.0.0.1",
                       description="Loads GRAPH into an Oxigraph store and runs the Oxigraph SPARQL server on "
                                   "127.0.0.1 (SPARQL 1.1 Protocol at /query, YASGUI at /). Read-only unless --writable.")
    p.add_argument("graph", nargs="?", metavar="GRAPH", help="a build folder or an RDF file (optional with a filled --store)")
    p.add_argument("--port", type=int, default=7878, help="port on 127.0.0.1 (default 7878; 0: any free port)")
    p.add_argument("--store", metavar="oxigraph:PATH", help="keep the store in PATH (loaded once, reused)")
    p.add_argument("--reload", action="store_true", help="with --store: reload GRAPH into it")
    p.add_argument("--writable", action="store_true", help="accept SPARQL updates too (/update, /store)")
    p.add_argument("--timeout", type=int, default=60, metavar="S", help="per-query time limit in seconds (default 60)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..serve import Server

    location = None
    if args.store:
        if not args.store.startswith("oxigraph:"):
            print("kg serve: --store takes oxigraph:PATH", file=sys.stderr)
            return 2
        location = args.store[len("oxigraph:"):]
    if args.graph is None and location is None:
        print("kg serve: give GRAPH (or --store oxigraph:PATH with a filled store)", file=sys.stderr)
        return 2
    server = Server(args.graph, port=args.port, location=location, writable=args.writable, reload=args.reload,
                    timeout_s=args.timeout)
    try:
        server.start()
    except GraphError as exc:
        print(f"kg serve: {exc}", file=sys.stderr)
        return 2
    mode = "read-write" if args.writable else "read-only"
    print(f"SPARQL endpoint ({mode}): {server.query_url}   — YASGUI: {server.url}   (Ctrl-C to stop)", file=sys.stderr)
    try:
        return server.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        server.stop()
