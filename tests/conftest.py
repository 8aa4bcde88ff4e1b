"""Every test (and every process a test starts) uses a temporary per-user cache folder, never the real
``~/.cache/kg``: builds that keep the default cache write there, and the jieba tag table is made there."""
from __future__ import annotations

import os
import shutil
import tempfile

_made: list[str] = []


def pytest_configure(config) -> None:
    folder = tempfile.mkdtemp(prefix="kg-test-xdg-cache-")
    _made.append(folder)
    os.environ["XDG_CACHE_HOME"] = folder


def pytest_unconfigure(config) -> None:
    for folder in _made:
        shutil.rmtree(folder, ignore_errors=True)
