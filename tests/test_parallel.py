"""Parallel, cached and distributed extraction give the same graph as a serial build."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build import build

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def _ntriples(out: Path) -> list[str]:
    import rdflib

    g = rdflib.Graph()
    g.parse(out / "graph.ttl", format="turtle")
    return sorted(g.serialize(format="nt").splitlines())


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    out = tmp_path_factory.mktemp("serial")
    _, report = build([SEEDS], out, view=False, jobs=1, cache_dir=False)
    return out, report


def test_processes_equal_serial(serial, tmp_path):
    out, report = serial
    assert report.extraction["executor"] == "serial" and report.extraction["extracted"] == report.articles
    _, rep2 = build([SEEDS], tmp_path, view=False, jobs=2, cache_dir=False)
    assert rep2.extraction["executor"] == "processes" and rep2.extraction["workers"] == 2
    assert (tmp_path / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()
    assert (tmp_path / "graph.trig").read_bytes() == (out / "graph.trig").read_bytes()


def test_cache_rebuild_and_added_issue(serial, tmp_path, monkeypatch):
    out, _ = serial
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # the default cache: the user's cache folder
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEEDS / "manifest.json", inputs)
    for f in SEED_FILES[:-1]:
        shutil.copy(f, inputs)
    built = tmp_path / "out"
    _, first = build([inputs], built, view=False, jobs=1)
    assert first.extraction["cached"] == 0 and first.extraction["extracted"] == first.articles
    user_cache = tmp_path / "xdg" / "kg" / "extract"
    assert any(user_cache.rglob("*.json")) and not (built / ".cache").exists()
    assert first.extraction["cache"] == str(user_cache)
    for folder in (user_cache.parent, user_cache, *(p for p in user_cache.iterdir() if p.is_dir())):
        assert folder.stat().st_mode & 0o777 == 0o700, folder  # private: no one else reads or plants entries

    _, again = build([inputs], built, view=False, jobs=1)
    assert again.extraction == {**again.extraction, "cached": again.articles, "extracted": 0}
    assert "0 extracted" in again.summary()

    shutil.copy(SEED_FILES[-1], inputs)  # a new issue: only its articles are extracted
    _, added = build([inputs], built, view=False, jobs=1)
    assert added.extraction["extracted"] == added.articles - again.articles > 0
    assert added.extraction["cached"] == again.articles
    # the cached build writes what a build from scratch writes
    assert (built / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()


def test_cache_dir_option(tmp_path):
    one = [SEED_FILES[0]]
    _, rep = build(one, tmp_path / "o", view=False, jobs=1, cache_dir=tmp_path / "c")
    assert rep.extraction["extracted"] > 0 and any((tmp_path / "c").rglob("*.json"))
    assert not (tmp_path / "o" / ".cache").exists()
    _, rep = build(one, tmp_path / "o2", view=False, jobs=1, cache_dir=tmp_path / "c")
    assert rep.extraction["extracted"] == 0


def test_dask_local_cluster_equals_serial(serial, tmp_path):
    distributed = pytest.importorskip("distributed")
    out, _ = serial
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        _, rep = build([SEEDS], tmp_path, view=False, scheduler=cluster.scheduler_address, cache_dir=False)
    assert rep.extraction["executor"] == "dask" and rep.extraction["extracted"] == rep.articles
    assert rep.extraction["workers"] == 1 and "1 workers" in rep.summary()  # the cluster's, not 0
    assert _ntriples(tmp_path) == _ntriples(out)


def test_to_dict_equals_asdict():
    from dataclasses import asdict

    from kg.build import read_issues
    from kg.extract import extract_issue

    results = extract_issue(read_issues([SEED_FILES[0]])[0])
    assert any(r.posts for r in results) and any(r.relations for r in results)
    assert [r.to_dict() for r in results] == [asdict(r) for r in results]
