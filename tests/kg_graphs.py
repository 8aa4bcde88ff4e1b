"""Graphs the query/export/validate/serve/notebook tests share: the fixture (kg.rdf's shape, see
fixtures/make_fixture.py) and one build of seeds/, made once per test session."""
from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI_TRIG = FIXTURES / "mini.trig"
MINI_TTL = FIXTURES / "mini.ttl"


@functools.lru_cache(maxsize=None)
def seeds_build() -> Path:
    """`kg build seeds --out TMP`, once; the folder is removed when the tests end."""
    from kg.cli import main

    out = Path(tempfile.mkdtemp(prefix="kg-seeds-"))
    atexit.register(shutil.rmtree, out, True)
    assert main(["build", str(ROOT / "seeds"), "--out", str(out)]) == 0
    assert (out / "graph.ttl").is_file() and (out / "graph.trig").is_file()
    return out
