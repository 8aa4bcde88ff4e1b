"""kg validate GRAPH — check a graph against the SHACL shapes (ontology/shapes.ttl)."""
from __future__ import annotations

import sys

from ..store import GraphError


def add_parser(sub) -> None:
    p = sub.add_parser("validate", help="check a graph against the SHACL shapes",
                       description="Checks GRAPH (a build folder or an RDF file; graph.trig with all its named "
                                   "graphs) against ontology/shapes.ttl. Exit 0 when it conforms, 1 when not.")
    p.add_argument("graph", metavar="GRAPH")
    p.add_argument("--shapes", metavar="FILE", help="other SHACL shapes (Turtle)")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="print at most N problems (default 50)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..validate import SHAPES, validate

    try:
        report = validate(args.graph, shapes=args.shapes or SHAPES)
    except GraphError as exc:
        print(f"kg validate: {exc}", file=sys.stderr)
        return 2
    for issue in report.issues[: args.limit]:
        print(issue)
    if len(report.issues) > args.limit:
        print(f"… and {len(report.issues) - args.limit} more")
    print(report.summary())
    return 0 if report.conforms else 1
