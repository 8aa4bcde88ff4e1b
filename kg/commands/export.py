"""kg export GRAPH --format F --out FILE — write the graph as Turtle, TriG, N-Quads, JSON-LD, GraphML or CSV."""
from __future__ import annotations

import sys

from ..store import GraphError, open_store

STORES = "memory (default), oxigraph:PATH (on disk)"


def add_parser(sub) -> None:
    from ..export import FORMATS

    p = sub.add_parser("export", help="write the graph in another format",
                       description="turtle, ntriples: the clean graph (the triples of graph.ttl); trig, nquads, "
                                   "jsonld: everything with the per-article provenance graphs (JSON-LD with a compact "
                                   "@context); graphml, csv: entities and relations for network tools (csv writes "
                                   "FILE.nodes.csv and FILE.edges.csv, or DIR/nodes.csv and DIR/edges.csv). "
                                   "Every file is written whole or not at all.")
    p.add_argument("graph", metavar="GRAPH", help="a build folder (graph.trig or graph.ttl) or an RDF file")
    p.add_argument("--format", "-f", required=True, metavar="F", help=f"one of {', '.join(FORMATS)}")
    p.add_argument("--out", "-o", required=True, metavar="FILE", help="the file to write; - for standard output")
    p.add_argument("--store", metavar="STORE", help=f"where the graph is loaded: {STORES}")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..atomic import OutputError
    from ..export import ExportError, export, normalise_format

    try:
        fmt = normalise_format(args.format)
        if args.store == "rdflib":  # minutes a query on the seeds' graph: not offered
            raise ExportError(f"--store rdflib is not supported (use {STORES})")
        store = open_store(args.graph, args.store)
        written = export(store, fmt, args.out)
    except (ExportError, GraphError, OutputError) as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    return 0
