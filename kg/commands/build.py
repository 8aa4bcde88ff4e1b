"""`kg build INPUT... --out DIR`: the main job."""
from __future__ import annotations

import sys
from pathlib import Path


def add_parser(sub) -> None:
    p = sub.add_parser("build", help="read newspaper issues and write graph.ttl, graph.trig, view.html, report.json")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="issue files (.txt, .pdf, .png/.jpg, .html) or folders of them")
    p.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    p.add_argument("--strict", action="store_true", help="a file that cannot be read stops the build")
    p.add_argument("--no-view", action="store_true", help="do not write view.html")
    p.add_argument("--progress", action="store_true", default=None, help="show a progress bar")
    p.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                   help="extraction processes (default: all cores; 1: in this process)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="run extraction on a Dask cluster (tcp://host:8786)")
    p.add_argument("--cache-dir", "--cache", dest="cache", type=Path, metavar="DIR",
                   help="per-article results cache (default: extract in the user's private cache folder, "
                        "$XDG_CACHE_HOME/kg else ~/.cache/kg)")
    p.add_argument("--no-cache", action="store_true", help="extract every article again; read and write no cache")
    p.add_argument("--newspapers", type=Path, metavar="FILE", action="append", default=[],
                   help="more newspapers (a TSV of the columns of kg/rules/newspapers.tsv); may be repeated")
    p.add_argument("--curation", type=Path, metavar="FILE",
                   help="your corrections of entity identity (TOML: same, different, type, alias, ignore; "
                        "default: INPUT/curation.toml when an input folder has one)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..build import OutputError, build
    from ..corpus import InputError
    from ..curation import CurationError
    from ..rules import RuleError

    try:
        _, report = build(args.inputs, args.out, strict=args.strict, view=not args.no_view, progress=args.progress,
                          jobs=args.jobs, scheduler=args.scheduler, cache_dir=False if args.no_cache else args.cache,
                          newspapers=args.newspapers, curation=args.curation)
    except (InputError, OutputError, RuleError, CurationError) as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        return 2
    print(report.summary())
    print(f"wrote {', '.join(report.outputs)}")
    return 0
