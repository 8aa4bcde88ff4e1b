"""`kg build` with the user's curation file: found beside the issues or given with --curation, every applied
entry in graph.trig's resolution graph, an entry that matches nothing reported, a bad file one error line."""
from __future__ import annotations

import json

import pytest
import rdflib

from kg.build import build
from kg.cli import main

KGO = rdflib.Namespace("https://w3id.org/newskg/ontology#")
ISSUES = {  # a made-up county head and a made-up head of another county, both 张伟, and a bare 张伟
    "i1.txt": "## 青禾县召开经济工作会议\n\n本报讯 3月1日，青禾县人民政府县长张伟主持召开全县经济工作会议，部署今年重点工作。\n",
    "i2.txt": "## 白石县召开农业工作会议\n\n本报讯 5月8日，白石县人民政府县长张伟主持召开全县农业工作会议，部署春耕生产。\n",
    "i3.txt": "## 座谈会\n\n本报讯 6月2日，座谈会在市里举行。张伟强调，要抓好项目建设。\n",
}


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in ISSUES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps({"issues": {
        "i1.txt": {"newspaper": "青禾日报", "date": "2024-03-01"}, "i2.txt": {"newspaper": "白石日报", "date": "2024-05-08"},
        "i3.txt": {"newspaper": "青禾日报", "date": "2024-06-02"}}}, ensure_ascii=False), encoding="utf-8")
    return folder


def persons(out) -> set[str]:
    g = rdflib.Graph().parse(out / "graph.ttl")
    return {str(e).rsplit("/", 1)[1] for e in g.subjects(rdflib.RDF.type, KGO.Person)}


def test_same_name_cases_are_reported(corpus, tmp_path):
    out = tmp_path / "out"
    _, report = build([corpus], out, view=False, jobs=1, cache_dir=False)
    assert persons(out) == {"张伟", "张伟_青禾县人民政府", "张伟_白石县人民政府"}
    kinds = {c["kind"] for c in json.loads((out / "report.json").read_text(encoding="utf-8"))["ambiguous_names"]}
    assert kinds == {"same-name-split", "same-name-ambiguous"}
    assert "same-name cases to check 2" in report.summary()


def test_the_curation_file_beside_the_issues_applies_and_is_recorded(corpus, tmp_path):
    (corpus / "curation.toml").write_text(
        '[[same]]\nnames = ["person/张伟", "person/张伟_青禾县人民政府"]\n[[ignore]]\nname = "无此名"\n', encoding="utf-8")
    out = tmp_path / "out"
    _, report = build([corpus], out, view=False, jobs=1, cache_dir=False)
    assert persons(out) == {"张伟", "张伟_白石县人民政府"}  # the smallest key stays
    assert report.curation["applied"] == 1 and len(report.curation["unmatched"]) == 1
    assert "matched nothing: " in report.summary() and "无此名" in report.summary()
    ds = rdflib.Dataset()
    ds.parse(out / "graph.trig", format="trig")
    graphs = {str(g): str(k) for _, _, k, g in ds.quads((None, KGO.decisionKind, None, None)) if str(k) == "curation-same"}
    assert list(graphs) == ["https://w3id.org/newskg/id/resolution#graph"]


def test_curation_option_and_a_malformed_file(corpus, tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[same]\n", encoding="utf-8")
    assert main(["build", str(corpus), "--out", str(tmp_path / "out"), "--curation", str(bad), "--no-view"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("kg: error: ") and str(bad) in err and len(err.splitlines()) == 1
    assert not (tmp_path / "out" / "graph.ttl").exists()
    good = tmp_path / "good.toml"
    good.write_text('[[different]]\nnames = ["张伟", "无此人"]\n', encoding="utf-8")
    assert main(["build", str(corpus), "--out", str(tmp_path / "out"), "--curation", str(good), "--no-view",
                 "--jobs", "1"]) == 0
    assert "1 matched nothing" in capsys.readouterr().out
