"""One entity, one IRI across issues: merges the resolver must make, and the ones it must not."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import extract_all, read_issues
import re

from kg.rdf import clean_lines, entity_locals
from kg.resolve import Resolver, resolve

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def kb():
    issues = read_issues([ROOT / "seeds"])
    return resolve(issues, extract_all(issues))


def entity(kb, name, type_=None):
    found = [e for e in kb.entities.values() if (e.name == name or name in e.aliases) and (not type_ or e.type == type_)]
    assert len(found) == 1, f"{name}: {[(e.key, e.type) for e in found]}"
    return found[0]


def issues_of(e):
    return {m.article.split("/")[0][:3] for m in e.mentions}


def test_official_in_two_issues_is_one_person_with_both_dates(kb):
    person = entity(kb, "王相东", "Person")
    assert {"000", "002"} <= issues_of(person)
    body = entity(kb, "聊城市科学技术局")
    (post,) = [p for p in kb.posts if p.person == person.key and p.organization == body.key]
    assert post.titles == ["党组书记", "局长"]
    assert sorted(post.dates) == ["2025-12-11", "2026-02-06"]


def test_company_under_three_names_is_one(kb):
    company = entity(kb, "波米科技", "Company")
    assert {"000", "004"} <= issues_of(company)
    assert {"波米科技有限公司", "北京波米科技公司"} <= company.aliases
    assert company.name == "波米科技有限公司"  # the fullest correct form


def test_science_bureau_across_three_issues(kb):
    body = entity(kb, "聊城市科学技术局", "GovernmentBody")
    assert {"000", "002", "003"} <= issues_of(body)
    assert "市科技局" in body.aliases


def test_company_and_its_base_stay_two_joined_by_part_of(kb):
    base = entity(kb, "浪潮聊城智能生产基地")
    parent = entity(kb, "浪潮", "Company")
    assert base.key != parent.key
    assert any(r.type == "partOf" and r.subject == base.key and r.object == parent.key for r in kb.relations)


def test_people_sharing_a_surname_stay_apart(kb):
    wangs = {e.name for e in kb.entities.values() if e.type == "Person" and e.name.startswith("王")}
    assert {"王相东", "王培源", "王东峰", "王鹏"} <= wangs


def test_ocr_damaged_place_joins_the_real_one():
    r = Resolver()
    from kg.model import Mention

    damaged = Mention(text="在平区", type="Place", start=0, end=3, article="a/a000", sentence=0, rule="gazetteer-ocr",
                      name="茌平区")
    key, name = r.key_for(damaged, "371500", [])
    right = Mention(text="茌平区", type="Place", start=0, end=3, article="a/a000", sentence=0, rule="gazetteer")
    assert (key, name) == r.key_for(right, "371500", []) and name == "茌平区"


def test_places_form_a_hierarchy(kb):
    county = next(e for e in kb.entities.values() if e.name == "阳谷县")
    city = kb.entities[county.parent_key]
    assert city.name == "聊城市" and kb.entities[city.parent_key].name == "山东省"


def test_abbreviated_bodies_expand_with_the_paper_s_city():
    r = Resolver()
    liaocheng = "371500"
    assert r.expand_body("市发展改革委", liaocheng, []) == "聊城市发展和改革委员会"
    assert r.expand_body("市委", liaocheng, []) == "中共聊城市委"
    assert r.expand_body("县工业和信息化局", liaocheng, ["371521"]) == "阳谷县工业和信息化局"
    assert r.expand_body("临清市委政法委", liaocheng, []) == "中共临清市委政法委员会"


def test_iris_do_not_depend_on_reading_order():
    issues = read_issues([ROOT / "seeds"])
    forward = resolve(issues, extract_all(issues))
    backward_issues = list(reversed(issues))
    backward = resolve(backward_issues, extract_all(backward_issues))
    assert set(entity_locals(forward.entities).values()) == set(entity_locals(backward.entities).values())
    assert sorted(clean_lines(forward)) == sorted(clean_lines(backward))  # the same statements, byte for byte


def test_seed_iris_are_readable_and_distinct(kb):
    lines = clean_lines(kb)
    iris = {iri for line in lines for iri in re.findall(r"<(https://w3id.org/newskg/id/[^>]*)>", line)}
    assert not [i for i in iris if re.search(r"%E[0-9A-F]%[89AB]", i)], "a CJK character percent-encoded"
    assert any(re.fullmatch(r"https://w3id.org/newskg/id/governmentbody/[\u4e00-\u9fff]+", i) for i in iris)
    locals_ = entity_locals(kb.entities)
    assert len(set(locals_.values())) == len(locals_)  # no two entities share an IRI


def test_seed_names_are_plain_literals(kb):
    names = [line for line in clean_lines(kb) if "<http://schema.org/name>" in line]
    assert names and not [line for line in names if "@zh" in line]


def test_a_title_is_evidence_of_the_implied_government_not_its_name():
    from kg.corpus import issue_from_text
    from kg.extract import extract_issue, make_nlp
    from kg.model import IssueMeta

    issue = issue_from_text("t", "青原县委书记柏文澜、县长甄启明调研冷链物流项目。", IssueMeta(newspaper="青原日报", date="2026-02-06"))
    kb = resolve([issue], {r.article: r for r in extract_issue(issue, make_nlp())})
    (government,) = [e for e in kb.entities.values() if e.name.endswith("人民政府")]
    assert "县长" not in government.aliases and government.name in government.aliases
