"""The command line: thin. Each command lives in its own module with ``add_parser(sub)`` and ``run(args)``.

    kg build INPUT... --out DIR      kg query GRAPH QUERY        kg export GRAPH --format F --out FILE
    kg validate GRAPH                kg serve GRAPH [--port P]   kg view GRAPH --out FILE
"""
from __future__ import annotations

import argparse
import importlib
import sys

# command modules, in the order `kg --help` lists them; each defines add_parser(sub) and run(args) -> int
COMMANDS = ["build", "query", "export", "validate", "serve", "view"]


def make_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(prog="kg", description="Newspaper issues → knowledge graph (RDF).")
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"kg.commands.{name}")
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
