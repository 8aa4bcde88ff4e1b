"""Caches that do not trust what they read: the per-article cache and jieba's tag-table cache."""
from __future__ import annotations

import json
import marshal
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kg import tagtable
from kg.build import build
from kg.cache import FORMAT, Cache

TEXT = ("## 禾川县召开产业推进会\n本报讯(记者 甄远山)3月5日,禾川县人民政府召开产业推进会。"
        "县长柯启明介绍,禾川县远溪食品有限公司投资建设冷链物流项目。\n\n"
        "## 青岚县举行项目签约仪式\n本报讯(记者 苗安澜)4月8日,青岚县人民政府与青岚县泽川机械有限公司签约合作。\n")


@pytest.fixture(scope="module")
def cached(tmp_path_factory):
    """A build of a made-up issue with its cache, and the graph it wrote."""
    base = tmp_path_factory.mktemp("cached")
    (base / "in").mkdir()
    (base / "in" / "issue.txt").write_text(TEXT, encoding="utf-8")
    _, report = build([base / "in"], base / "out", view=False, jobs=1, cache_dir=base / "cache")
    assert report.articles == 2
    return base, (base / "out" / "graph.ttl").read_bytes()


def entries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.rglob("*.json"))


def rebuild(base: Path, cache: Path, tmp_path: Path):
    _, report = build([base / "in"], tmp_path / "out", view=False, jobs=1, cache_dir=cache)
    return report, (tmp_path / "out" / "graph.ttl").read_bytes()


def copy_cache(base: Path, tmp_path: Path) -> Path:
    import shutil

    return Path(shutil.copytree(base / "cache", tmp_path / "cache"))


def article_entries(cache: Path) -> list[Path]:
    return [p for p in entries(cache) if "article" in json.loads(p.read_text(encoding="utf-8"))["value"]]


def test_cache_folders_are_private(cached):
    base, _ = cached
    for folder in [base / "cache", *{p.parent for p in entries(base / "cache")}]:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_the_article_cache_defaults_to_the_private_per_user_folder(cached, tmp_path, monkeypatch):
    """kg build's cache: extract/ in $XDG_CACHE_HOME/kg (private), never in the output folder; --cache-dir
    puts it elsewhere, --no-cache makes none."""
    from kg.cli import main

    base, _ = cached
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    user_cache = tmp_path / "xdg" / "kg" / "extract"
    assert main(["build", str(base / "in"), "--out", str(tmp_path / "o1"), "-j", "1", "--no-view"]) == 0
    assert len(article_entries(user_cache)) == 2 and not (tmp_path / "o1" / ".cache").exists()
    for folder in [user_cache.parent, user_cache, *{p.parent for p in entries(user_cache)}]:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert main(["build", str(base / "in"), "--out", str(tmp_path / "o2"), "-j", "1", "--no-view",
                 "--cache-dir", str(tmp_path / "mine")]) == 0
    assert len(article_entries(tmp_path / "mine")) == 2
    assert main(["build", str(base / "in"), "--out", str(tmp_path / "o3"), "-j", "1", "--no-view",
                 "--no-cache"]) == 0
    assert len(entries(user_cache)) == 3 and len(entries(tmp_path / "mine")) == 3  # 2 articles, 1 context
    assert not any(p.name == ".cache" for p in tmp_path.rglob("*"))


@pytest.mark.parametrize("damage", [
    lambda entry: {"format": FORMAT, "key": entry["key"], "value": {"article": entry["value"]["article"]}},  # shape
    lambda entry: {**entry, "format": FORMAT + 1},                                                       # version
    lambda entry: {**entry, "key": "0" * 64},                                                            # key
    lambda entry: {**entry, "value": {**entry["value"], "mentions": [{"text": 1}]}},                     # field types
    lambda entry: {**entry, "value": {**entry["value"], "relations": [
        {"type": "partnerOf", "subject": 999, "object": 0, "article": entry["value"]["article"], "sentence": 0,
         "start": 0, "end": 1, "rule": "x"}]}},                                                         # dangling index
    lambda entry: entry["value"],                                                                        # old layout
    lambda entry: [1, 2, 3],
])
def test_a_damaged_entry_is_a_miss_and_reported(cached, tmp_path, capsys, damage):
    base, graph = cached
    cache = copy_cache(base, tmp_path)
    victim = article_entries(cache)[0]
    victim.write_text(json.dumps(damage(json.loads(victim.read_text(encoding="utf-8")))), encoding="utf-8")
    report, again = rebuild(base, cache, tmp_path)
    assert again == graph and report.extraction["extracted"] == 1 and report.extraction["cached"] == 1
    assert "kg: warning: ignored a bad cache entry" in capsys.readouterr().err


def test_swapped_entries_are_not_used(cached, tmp_path, capsys):
    """Each entry holds the other article's result: the stored article id and key tell them apart."""
    base, graph = cached
    cache = copy_cache(base, tmp_path)
    a, b = article_entries(cache)
    data_a, data_b = a.read_bytes(), b.read_bytes()
    a.write_bytes(data_b)
    b.write_bytes(data_a)
    report, again = rebuild(base, cache, tmp_path)
    assert again == graph and report.extraction["extracted"] == 2
    assert "ignored a bad cache entry" in capsys.readouterr().err


def test_swapped_values_under_the_right_keys_are_not_used(cached, tmp_path, capsys):
    base, graph = cached
    cache = copy_cache(base, tmp_path)
    a, b = article_entries(cache)
    ea, eb = (json.loads(p.read_text(encoding="utf-8")) for p in (a, b))
    a.write_text(json.dumps({**ea, "value": eb["value"]}), encoding="utf-8")
    b.write_text(json.dumps({**eb, "value": ea["value"]}), encoding="utf-8")
    report, again = rebuild(base, cache, tmp_path)
    assert again == graph and report.extraction["extracted"] == 2
    err = capsys.readouterr().err
    assert "ignored a bad cache entry" in err and ", not of " in err  # the reason names both articles


def test_garbage_and_unreadable_entries_are_misses(tmp_path, capsys):
    cache = Cache(tmp_path / "c")
    cache.put("ab" + "0" * 62, {"x": 1})
    path = tmp_path / "c" / "ab" / ("ab" + "0" * 62 + ".json")
    path.write_bytes(b"\xff\xfe not json")
    assert cache.get("ab" + "0" * 62) is None and len(cache.bad) == 1
    assert cache.get("cd" + "0" * 62) is None and len(cache.bad) == 1  # a plain miss is not "bad"
    assert "kg: warning" in capsys.readouterr().err


# --------------------------------------------------------------------------- jieba's tag table

def test_tag_table_cache_lives_in_a_private_per_user_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    folder = tagtable.cache_dir()
    assert folder == tmp_path / "xdg" / "kg" and stat.S_IMODE(folder.stat().st_mode) == 0o700
    path = tagtable._cache_path(tagtable._dictionary())
    assert Path(path).parent == folder and not path.startswith("/tmp/kg-jieba")


def _hostile_tables(table):
    key = tagtable._key(tagtable._dictionary())
    good = {tag: "\n".join(w for w, t in table.items() if t == tag) for tag in set(table.values())}
    return {
        "garbage": b"\x00\x01\x02 not marshal",
        "old layout": marshal.dumps(good),  # a table without a header (what format 1 wrote)
        "other dictionary": marshal.dumps(("kg-jieba-tags", tagtable._FORMAT, "0" * 16, len(table), good)),
        "fewer words": marshal.dumps(("kg-jieba-tags", tagtable._FORMAT, key, len(table),
                                      {"n": "政府\n县长"})),
        "not text": marshal.dumps(("kg-jieba-tags", tagtable._FORMAT, key, 2, {"n": 5})),
    }


@pytest.mark.parametrize("kind", ["garbage", "old layout", "other dictionary", "fewer words", "not text"])
def test_a_hostile_tag_table_cache_is_ignored_and_remade(kind, tmp_path, monkeypatch, capsys):
    table = tagtable.read_dictionary(tagtable._dictionary())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = tagtable._cache_path(tagtable._dictionary())
    Path(path).write_bytes(_hostile_tables(table)[kind])
    os.chmod(path, 0o600)
    assert tagtable._load(path, tagtable._key(tagtable._dictionary())) is None
    assert "ignored the tag-table cache" in capsys.readouterr().err
    # a fresh process with that file in place still gets jieba's own table, and writes a good cache again
    code = ("from kg import tagtable; w = tagtable.word_tags(); "
            "assert w == tagtable.read_dictionary(tagtable._dictionary())")
    done = subprocess.run([sys.executable, "-c", code], env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)},
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert tagtable._load(path, tagtable._key(tagtable._dictionary())) == table


def test_a_tag_table_cache_others_can_write_is_not_read(tmp_path, monkeypatch, capsys):
    table = tagtable.read_dictionary(tagtable._dictionary())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = tagtable._cache_path(tagtable._dictionary())
    tagtable._save(path, table, tagtable._key(tagtable._dictionary()))
    assert tagtable._load(path, tagtable._key(tagtable._dictionary())) == table
    os.chmod(path, 0o666)
    assert tagtable._load(path, tagtable._key(tagtable._dictionary())) is None
    assert "not a private file" in capsys.readouterr().err
