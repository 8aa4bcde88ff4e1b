"""`kg build INPUT... --out DIR`: the main job."""
from __future__ import annotations

import sys
from pathlib import Path


def add_parser(sub) -> None:
    p = sub.add_parser("build", help="read newspaper issues and write graph.ttl, graph.trig, view.html, report.json")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="issue files (.txt) or folders of them")
    p.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    p.add_argument("--strict", action="store_true", help="a file that cannot be read stops the build")
    p.add_argument("--no-view", action="store_true", help="do not write view.html")
    p.add_argument("--progress", action="store_true", default=None, help="show a progress bar")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..build import OutputError, build
    from ..corpus import InputError

    try:
        _, report = build(args.inputs, args.out, strict=args.strict, view=not args.no_view, progress=args.progress)
    except (InputError, OutputError) as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return 2
    print(report.summary())
    print(f"wrote {', '.join(report.outputs)}")
    return 0
