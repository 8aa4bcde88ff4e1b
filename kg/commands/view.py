"""kg view GRAPH --out FILE — an interactive, offline HTML network view (all of it, or a focused part)."""
from __future__ import annotations

import sys
from pathlib import Path


def add_parser(sub) -> None:
    p = sub.add_parser("view", help="write an interactive network view (one offline HTML file)",
                       description="Write the graph as an interactive network (pyvis / vis-network, everything "
                                   "in-line, works offline): search, type and relation filters, a date range, "
                                   "click to expand, and the source sentences of every fact.")
    p.add_argument("graph", metavar="GRAPH",
                   help="a build folder (uses graph.trig, else graph.ttl) or an RDF file (.ttl, .trig)")
    p.add_argument("--out", "-o", required=True, metavar="FILE", help="the HTML file to write")
    p.add_argument("--focus", action="append", metavar="NAME",
                   help="only what lies near this entity (name or alias; repeatable)")
    p.add_argument("--hops", type=int, default=1, metavar="N", help="with --focus: how many edges out (default 1)")
    p.add_argument("--types", metavar="T,T", help="entity types to keep: Person,Company,GovernmentBody,"
                                                   "Organization,Place,Project,Program (or the labels of the legend)")
    p.add_argument("--relations", metavar="R,R", help="relations to keep: memberOf,locatedIn,undertakes,partnerOf,"
                                                      "partOf,issuedBy,containedInPlace (or the labels of the legend)")
    p.add_argument("--since", metavar="DATE", type=iso_date,
                   help="only what issues from this date on report (YYYY[-MM[-DD]])")
    p.add_argument("--until", metavar="DATE", type=iso_date, help="only what issues up to this date report")
    p.add_argument("--min-degree", type=int, default=0, metavar="K", help="drop nodes with fewer than K edges")
    p.add_argument("--size-by", choices=("degree", "pagerank"), default="degree", help="node size (default degree)")
    p.add_argument("--title", help="the page title")
    p.add_argument("--seed", type=int, default=42, help="layout seed (default 42)")
    p.set_defaults(func=run)


def iso_date(value: str) -> str:
    """A date as YYYY, YYYY-MM or YYYY-MM-DD that exists in the calendar; anything else is refused."""
    import argparse
    import datetime as dt
    import re

    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    try:
        if not m:
            raise ValueError
        dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return value.strip()


def resolve_graph(path: str) -> Path:
    """A build folder's graph.trig (with sources) or graph.ttl; a file as it is."""
    p = Path(path)
    if p.is_dir():
        for name in ("graph.trig", "graph.ttl"):
            if (p / name).is_file():
                return p / name
        raise FileNotFoundError(f"{p} has no graph.trig or graph.ttl (run `kg build` first)")
    if not p.is_file():
        raise FileNotFoundError(f"no such graph: {p}")
    return p


def run(args) -> int:
    from ..atomic import OutputError
    from ..view import load, to_networkx, write_view

    try:
        src = resolve_graph(args.graph)
        G = to_networkx(load(src))
        info = write_view(G, args.out, focus=args.focus, hops=args.hops, types=args.types,
                          relations=args.relations, since=args.since, until=args.until,
                          min_degree=args.min_degree, size_by=args.size_by, title=args.title, seed=args.seed)
    except (FileNotFoundError, ValueError) as exc:
        print(f"kg view: {exc}", file=sys.stderr)
        return 2
    except OutputError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a parse error in the graph file
        if type(exc).__module__.startswith("rdflib"):
            print(f"kg view: cannot read {args.graph}: {exc}", file=sys.stderr)
            return 2
        raise
    print(f"kg view: wrote {info['path']} ({info['nodes']} nodes, {info['edges']} edges)", file=sys.stderr)
    return 0
