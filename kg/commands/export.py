"""kg export GRAPH --format F --out FILE — write the graph as Turtle, TriG, N-Quads, JSON-LD, GraphML or CSV."""
from __future__ import annotations

import sys

from ..store import BACKENDS, GraphError, open_store


def add_parser(sub) -> None:
    from ..export import FORMATS

    p = sub.add_parser("export", help="write the graph in another format",
                       description="turtle: the clean (default) graph; trig, nquads, jsonld: everything with the "
                                   "per-article provenance graphs; graphml, csv: entities and relations for network "
                                   "tools (csv writes FILE.nodes.csv and FILE.edges.csv, or DIR/nodes.csv and DIR/edges.csv).")
    p.add_argument("graph", metavar="GRAPH", help="a build folder (graph.trig or graph.ttl) or an RDF file")
    p.add_argument("--format", "-f", required=True, metavar="F", help=f"one of {', '.join(FORMATS)}")
    p.add_argument("--out", "-o", required=True, metavar="FILE")
    p.add_argument("--store", metavar="STORE", help=f"where the graph is loaded: {BACKENDS}")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..export import ExportError, export, normalise_format

    try:
        fmt = normalise_format(args.format)
        store = open_store(args.graph, args.store)
        written = export(store, fmt, args.out)
    except (ExportError, GraphError) as exc:
        print(f"kg export: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    return 0
