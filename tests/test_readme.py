"""The README's "Using the graph" examples answer on the seeds' graph (and point at nothing a clone lacks)."""
from __future__ import annotations

import re
import shlex

import pytest
from kg_graphs import ROOT, seeds_build

from kg.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")


def examples() -> list[list[str]]:
    block = re.search(r"## Using the graph\s+```bash\n(.*?)```", README, re.S).group(1)
    commands = [shlex.split(line, comments=True) for line in block.splitlines() if line.strip()]
    return [argv[1:] for argv in commands if argv and argv[0].endswith("kg")]


def test_the_readme_has_examples():
    kinds = {argv[0] for argv in examples()}
    assert {"query", "export", "view"} <= kinds


@pytest.mark.parametrize("argv", [a for a in examples() if a[0] == "query"], ids=lambda a: " ".join(a[2:3]))
def test_every_readme_query_returns_rows(argv, capsys):
    argv = [seeds_build() if a == "out" else a for a in argv]
    assert main([str(a) for a in argv]) == 0
    out = capsys.readouterr().out
    rows = re.search(r"\((\d+) rows?\)\s*$", out)
    count = int(rows.group(1)) if rows else len(out.strip().splitlines()) - 1  # table, or CSV with a header
    assert count > 0, argv


@pytest.mark.parametrize("argv", [a for a in examples() if a[0] in ("export", "view")], ids=lambda a: " ".join(a[:4]))
def test_every_readme_export_and_view_writes_something(argv, tmp_path, capfdbinary):
    target = argv[argv.index("--out") + 1]
    argv = [str(seeds_build()) if a == "out" else a for a in argv]
    if target != "-":
        argv[argv.index("--out") + 1] = str(tmp_path / target)
    assert main(argv) == 0
    written = capfdbinary.readouterr().out if target == "-" else (tmp_path / target).read_bytes()
    assert len(written) > 1000


def test_the_readme_points_at_no_file_outside_the_repository():
    assert "../shared" not in README
