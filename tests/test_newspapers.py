"""Newspapers as configuration: a paper is one row of a file, and its 本报 and home region follow from it."""
from __future__ import annotations

import json

import pytest

from kg import newspapers
from kg.cli import main
from kg.corpus import read_issue
from kg.extract import extract_issue, issue_context
from kg.gazetteer import Gazetteer

HEADER = "name\tshort\tlevel\tcity\tprovince\tmastheads\texample\tnote\n"
# a made-up city daily of another province (Sichuan), in one row
PAPER = "涪江新报\t涪江报\tcity\t绵阳市\t四川省\t涪江新报社\t本报讯 我市某某区……\ta made-up paper for the tests\n"
ISSUE = ("本报讯（记者 柏文澜）12月3日，我市召开科技创新推进会。绵阳市科学技术局局长蒲一鸣出席会议。"
         "会议要求，全市上下要抓好各项任务落实。\n")


@pytest.fixture(autouse=True)
def shipped_papers_only():
    newspapers.use_files([])
    yield
    newspapers.use_files([])


def corpus(tmp_path, manifest: dict | None = None):
    folder = tmp_path / "issues"
    folder.mkdir()
    (folder / "a.txt").write_text(ISSUE, encoding="utf-8")
    if manifest is not None:
        (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return folder


def city_code(name: str) -> str:
    return Gazetteer.load().lookup(name)[0].code


def test_a_paper_of_another_province_is_one_row(tmp_path):
    papers = tmp_path / "papers.tsv"
    papers.write_text(HEADER + PAPER, encoding="utf-8")
    folder = corpus(tmp_path)
    # without the row, no configured city paper's city is named: the issue's paper is unknown
    assert read_issue(folder / "a.txt").meta.newspaper is None
    newspapers.use_files([papers])
    issue = read_issue(folder / "a.txt")
    assert issue.meta.newspaper == "涪江新报" and issue.meta.source == "inferred"
    assert issue_context(issue)["region_code"] == city_code("绵阳市")
    mentions = [m for r in extract_issue(issue) for m in r.mentions]
    self_refs = [m for m in mentions if m.rule == "newspaper-self"]
    assert [(m.text, m.type, m.name) for m in self_refs] == [("本报", "Organization", "涪江新报")]
    reporter = next(m for m in mentions if m.text == "柏文澜")
    assert reporter.type == "Person"


def test_the_manifest_names_the_papers_file(tmp_path):
    folder = corpus(tmp_path, {"newspapers": "papers.tsv", "issues": {"a.txt": {"newspaper": "涪江新报", "date": "2030-12-04"}}})
    (folder / "papers.tsv").write_text(HEADER + PAPER, encoding="utf-8")
    assert main(["build", str(folder), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-view"]) == 0
    graph = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "涪江新报" in graph


def test_a_masthead_names_the_paper(tmp_path):
    papers = tmp_path / "papers.tsv"
    papers.write_text(HEADER + PAPER, encoding="utf-8")
    newspapers.use_files([papers])
    assert newspapers.infer("涪江新报社出品。某某县举行活动。")[0] == "涪江新报"
    assert newspapers.find("涪江报").name == "涪江新报"


@pytest.mark.parametrize("row, reason", [
    ("涪江新报\t\tcity\t\t四川省\t\t本报讯\tx\n", "a city paper needs its home city"),
    ("涪江新报\t\tweekly\t绵阳市\t四川省\t\t本报讯\tx\n", "column level"),
    ("涪江新报\t\tcity\t绵江市\t四川省\t\t本报讯\tx\n", "no place the gazetteer knows"),
    ("涪江新报\tcity\t绵阳市\n", "cells where the header has 8"),
])
def test_a_broken_row_fails_the_build_with_file_line_and_reason(tmp_path, capsys, row, reason):
    papers = tmp_path / "papers.tsv"
    papers.write_text("# my papers\n" + HEADER + row, encoding="utf-8")
    folder = corpus(tmp_path)
    code = main(["build", str(folder), "--out", str(tmp_path / "out"), "--newspapers", str(papers), "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"kg: error: {papers}:3:") and reason in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_a_missing_papers_file_is_one_error_line(tmp_path, capsys):
    folder = corpus(tmp_path)
    code = main(["build", str(folder), "--out", str(tmp_path / "out"), "--newspapers", str(tmp_path / "none.tsv")])
    err = capsys.readouterr().err
    assert code == 2 and "none.tsv: rule file not found" in err and "Traceback" not in err


@pytest.mark.parametrize("byline", ["本报特约记者 柏青", "本报驻京记者 柏青 报道", "本報特約記者 柏青"])
def test_a_paper_no_file_configures_names_itself_and_its_reporters(tmp_path, byline):
    paper = "岚川晚報" if "報" in byline else "岚川晚报"
    text = f"青川县新建三座桥\n\n【{paper}讯】2030年3月2日　{byline}\n\n3月1日，青川县三座桥梁通车。\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    issue = read_issue(tmp_path / "a.txt")
    assert issue.meta.newspaper == paper
    results = extract_issue(issue)
    posts = {(r.mentions[p.person].text, r.mentions[p.organization].text) for r in results for p in r.posts}
    assert any(person == "柏青" for person, _ in posts)
