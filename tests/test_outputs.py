"""Inputs and outputs that never surprise: issue ids that cannot meet, long runs of text, atomic outputs,
no empty output folder after a failed build. Every text here is made up (a made-up county, company, official)."""
from __future__ import annotations

import errno
import json
import os
import random
from pathlib import Path

import pytest
import rdflib

from kg import atomic
from kg.build import build, read_issues
from kg.cli import main
from kg.corpus import MAX_SENTENCE, InputError, find_inputs, issue_ids, split_sentences

OLD = ("## 禾川县召开产业推进会\n本报讯(记者 甄远山)3月5日,禾川县人民政府召开产业推进会。"
       "县长柯启明介绍,禾川县远溪食品有限公司投资建设冷链物流项目。\n")
NEW = ("## 青岚县举行项目签约仪式\n本报讯(记者 苗安澜)4月8日,青岚县人民政府与青岚县泽川机械有限公司签约合作。"
       "县委书记简青禾出席仪式。\n")
OUTPUTS = ("graph.ttl", "graph.trig", "view.html", "report.json")


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


# --------------------------------------------------------------------------- issue ids

def test_files_with_one_name_in_two_folders_are_two_issues(tmp_path):
    a, b = write(tmp_path / "A", "x.txt", OLD), write(tmp_path / "B", "x.txt", NEW)
    unique = write(tmp_path / "B", "y.txt", OLD.replace("禾川", "远溪"))
    ids = issue_ids(find_inputs([tmp_path / "A", tmp_path / "B"]))
    assert ids[unique] == "y"  # a unique name keeps its plain id
    assert ids[a] != ids[b] and ids[a].startswith("x-") and ids[b].startswith("x-")
    assert issue_ids([b, a]) == {a: ids[a], b: ids[b]}  # decided by the paths, not their order
    issues = read_issues([tmp_path / "A", tmp_path / "B"], strict=True)
    assert len({i.id for i in issues}) == 3 and len({art.id for i in issues for art in i.articles}) == 3


def test_names_that_meet_in_an_iri_are_two_issues(tmp_path):
    a, b = write(tmp_path, "a b.txt", OLD), write(tmp_path, "a_b.txt", NEW)
    ids = issue_ids([a, b])
    assert len({ids[a].replace(" ", "_"), ids[b].replace(" ", "_")}) == 2


def test_an_id_that_still_meets_is_an_error_naming_both(tmp_path):
    a, b = write(tmp_path / "A", "x.txt", OLD), write(tmp_path / "B", "x.txt", NEW)
    taken = issue_ids([a, b])[a]  # a third file named like the id the first one gets
    c = write(tmp_path / "C", f"{taken}.txt", NEW)
    with pytest.raises(InputError) as err:
        issue_ids([a, b, c])
    assert str(a) in str(err.value) and str(c) in str(err.value)


def test_colliding_names_build_every_article(tmp_path):
    write(tmp_path / "A", "x.txt", OLD), write(tmp_path / "B", "x.txt", NEW)
    _, report = build([tmp_path / "A", tmp_path / "B"], tmp_path / "out", view=False, jobs=1, cache_dir=False)
    g = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl")
    articles = set(g.subjects(rdflib.RDF.type, rdflib.URIRef("http://schema.org/NewsArticle")))
    assert report.issues == 2 and report.articles == 2 == len(articles)


def test_a_symlink_loop_is_named_as_such(tmp_path, capsys):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    with pytest.raises(InputError, match="loop of symbolic links"):
        find_inputs([loop])
    assert main(["build", str(loop), "--out", str(tmp_path / "o")]) == 2
    assert "loop of symbolic links" in capsys.readouterr().err
    dangling = tmp_path / "gone.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(InputError, match="symbolic link to nothing"):
        find_inputs([dangling])


# --------------------------------------------------------------------------- long runs of text

def test_a_run_without_punctuation_is_cut_into_bounded_sentences():
    clause = "禾川县远溪食品有限公司扩大产能带动周边群众增收"
    text = clause * 200 + "," + clause * 3 + "。" + "短句。"
    sentences = split_sentences(text, 0, len(text))
    assert max(len(s.text) for s in sentences) <= MAX_SENTENCE
    assert "".join(s.text for s in sentences) == text  # nothing lost, nothing repeated
    assert all(text[s.start:s.end] == s.text for s in sentences)
    assert sentences[-1].text == "短句。"


def test_a_long_sentence_is_cut_after_a_clause_mark():
    text = "青" * 300 + "," + "岚" * 300 + "。"
    first = split_sentences(text, 0, len(text))[0]
    assert first.text == "青" * 300 + ","


def test_a_long_article_is_extracted_in_windows():
    from kg.corpus import issue_from_text
    from kg.extract import WINDOW_CHARS, _windows, extract_article, issue_context, shared_nlp
    from kg.model import IssueMeta

    rng = random.Random(5)
    parts = ["禾川县{}食品有限公司", "与青岚县{}机械有限公司签约合作", "县长柯{}出席", "投资建设{}冷链物流项目"]
    text = "".join(rng.choice(parts).format(rng.choice("远溪泽川启明安澜") + rng.choice("远溪泽川启明安澜"))
                   for _ in range(3 * WINDOW_CHARS // 8))
    issue = issue_from_text("long", text, IssueMeta())
    (article,) = issue.articles
    windows = _windows(article)
    assert len(windows) >= 3 and all(e - s <= WINDOW_CHARS for s, e in windows)
    assert windows[0][0] == article.start and windows[-1][1] == article.end
    assert all(a[1] == b[0] for a, b in zip(windows, windows[1:]))
    result = extract_article(shared_nlp(), issue, article, issue_context(issue))
    assert all(issue.text[m.start:m.end] == m.text for m in result.mentions)
    for r in result.relations:  # relations stay within one window
        s, o = result.mentions[r.subject], result.mentions[r.object]
        assert any(w0 <= s.start and o.end <= w1 or w0 <= o.start and s.end <= w1 for w0, w1 in windows)


def test_the_graphs_of_a_run_without_punctuation_grow_linearly(tmp_path):
    """Four times the text gives about four times the TriG (all pairs of mentions in one sentence, or the
    sentence's text repeated in each provenance record, would give about sixteen)."""
    rng = random.Random(9)
    parts = ["禾川县{}食品有限公司", "与青岚县{}机械有限公司签约合作", "县长柯{}出席", "投资建设{}冷链物流项目",
             "当地企业持续扩大产能"]
    text = "".join(rng.choice(parts).format(rng.choice("远溪泽川启明安澜") + rng.choice("远溪泽川启明安澜"))
                   for _ in range(2400))
    sizes = {}
    for n in (len(text) // 4, len(text)):
        write(tmp_path / f"in{n}", "run.txt", text[:n] + "\n")
        _, report = build([tmp_path / f"in{n}"], tmp_path / f"out{n}", view=False, jobs=1, cache_dir=False)
        assert report.articles == 1
        sizes[n] = (tmp_path / f"out{n}" / "graph.trig").stat().st_size
    small, large = sizes.values()
    assert 3 < large / small < 5.5, sizes


# --------------------------------------------------------------------------- atomic outputs

@pytest.fixture(scope="module")
def old_and_new(tmp_path_factory):
    """The outputs of a build of OLD, and those of a build of NEW (what a complete rebuild writes)."""
    base = tmp_path_factory.mktemp("versions")
    old_in, new_in = write(base / "old", "issue.txt", OLD), write(base / "new", "issue.txt", NEW)
    found = {}
    for name, src in (("old", old_in), ("new", new_in)):
        build([src], base / f"out-{name}", jobs=1, cache_dir=base / "cache")
        found[name] = {f: (base / f"out-{name}" / f).read_bytes() for f in OUTPUTS}
    found["report"] = json.loads(found["new"]["report.json"])
    return base, found


def _failing_at(step: int, error: BaseException, real):
    calls = {"n": 0}

    def wrapped(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == step:
            raise error
        return real(*args, **kwargs)
    return wrapped


@pytest.mark.parametrize("where", ["_temp", "replace"])
@pytest.mark.parametrize("step", [1, 2, 3, 4])
@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()])
def test_a_build_killed_at_any_write_step_leaves_old_or_complete_outputs(old_and_new, tmp_path, monkeypatch,
                                                                         where, step, error):
    base, versions = old_and_new
    out = tmp_path / "out"
    build([base / "old" / "issue.txt"], out, jobs=1, cache_dir=base / "cache")
    monkeypatch.setattr(atomic, where, _failing_at(step, error, getattr(atomic, where)))
    with pytest.raises((atomic.OutputError, KeyboardInterrupt)):
        build([base / "new" / "issue.txt"], out, jobs=1, cache_dir=base / "cache")
    for name in OUTPUTS:
        data = (out / name).read_bytes()
        if name == "report.json":  # its timings differ from run to run: complete JSON, of one of the builds
            assert json.loads(data)["articles"] == versions["report"]["articles"]
        else:
            assert data in (versions["old"][name], versions["new"][name]), name
    assert sorted(os.listdir(out)) == sorted(OUTPUTS)  # no temporary file left behind


def test_a_view_cut_short_leaves_the_old_outputs(old_and_new, tmp_path, monkeypatch):
    base, versions = old_and_new
    out = tmp_path / "out"
    build([base / "old" / "issue.txt"], out, jobs=1, cache_dir=base / "cache")
    import kg.view

    def half_page(_graph, fh, **_kw):
        fh.write("<!DOCTYPE html><html><body>")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(kg.view, "write_view", half_page)
    with pytest.raises(atomic.OutputError, match="view.html: cannot write"):
        build([base / "new" / "issue.txt"], out, jobs=1, cache_dir=base / "cache")
    assert {f: (out / f).read_bytes() for f in OUTPUTS if f != "report.json"} == \
        {f: versions["old"][f] for f in OUTPUTS if f != "report.json"}


def test_a_full_disk_while_sorting_a_graph_is_one_line_and_leaves_the_old_outputs(old_and_new, tmp_path,
                                                                                 monkeypatch, capsys):
    """Large graphs are sorted through temporary files (kg.rdf.Lines): failing to write one is a write error too."""
    import tempfile

    from kg import rdf

    base, versions = old_and_new
    out = tmp_path / "out"
    build([base / "old" / "issue.txt"], out, jobs=1, cache_dir=base / "cache")
    monkeypatch.setattr(rdf, "SPILL_LINES", 5)

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "TemporaryFile", no_space)
    code = main(["build", str(base / "new" / "issue.txt"), "--out", str(out), "--cache-dir", str(base / "cache"),
                 "-j", "1"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("kg: error: ") and err.count("\n") == 1 and "No space left" in err
    assert {f: (out / f).read_bytes() for f in OUTPUTS if f != "report.json"} == \
        {f: versions["old"][f] for f in OUTPUTS if f != "report.json"}
    assert sorted(os.listdir(out)) == sorted(OUTPUTS)


def test_a_write_error_is_one_line(old_and_new, tmp_path, monkeypatch, capsys):
    base, _ = old_and_new
    monkeypatch.setattr(atomic, "replace", _failing_at(1, OSError(errno.ENOSPC, "No space left on device"),
                                                       atomic.replace))
    code = main(["build", str(base / "new" / "issue.txt"), "--out", str(tmp_path / "o"), "--cache",
                 str(base / "cache"), "-j", "1"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("kg: error: ") and err.count("\n") == 1 and "No space left" in err


def test_a_failed_build_leaves_no_empty_output_folder(old_and_new, tmp_path, monkeypatch, capsys):
    base, _ = old_and_new
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02")
    assert main(["build", str(tmp_path / "bad.txt"), "--out", str(tmp_path / "o1")]) == 2
    assert not (tmp_path / "o1").exists()
    monkeypatch.setattr(atomic, "_temp", _failing_at(1, OSError(errno.EACCES, "Permission denied"), atomic._temp))
    assert main(["build", str(base / "new" / "issue.txt"), "--out", str(tmp_path / "o2"), "--no-cache",
                 "-j", "1"]) == 2
    assert not (tmp_path / "o2").exists()
    capsys.readouterr()
