"""Persons and their posts on sentences written for the tests (a made-up county, company, officials)."""
from __future__ import annotations

import pytest

from kg.bylines import parse_signers
from kg.extract import make_nlp
from extraction import extract, mention_pairs, post_tuples


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


def run(nlp, text: str, newspaper: str = "临江日报"):
    results = extract(nlp, text, newspaper)
    return mention_pairs(results), post_tuples(results, body_name=True)


def persons(mentions) -> set[str]:
    return {text for kind, text in mentions if kind == "Person"}


def test_a_mayor_holds_the_post_at_the_implied_government(nlp):
    mentions, posts = run(nlp, "市委副书记、市长刘建国带队考察项目。")
    assert ("刘建国", "市委", ("副书记",), "") in posts
    assert ("刘建国", "市长", ("市长",), "市人民政府") in posts


def test_the_implied_government_takes_the_place_of_the_party_committee(nlp):
    _, posts = run(nlp, "宁安市委副书记、市长高振东带队考察。")
    assert ("高振东", "宁安市委", ("副书记",), "") in posts
    assert [p for p in posts if p[0] == "高振东" and p[3] == "宁安市人民政府"]


def test_several_names_after_one_title_each_hold_it(nlp):
    mentions, posts = run(nlp, "副县长王振华、李小龙出席签约仪式。")
    assert {"王振华", "李小龙"} <= persons(mentions)
    assert {p[0] for p in posts if p[3] == "县人民政府"} == {"王振华", "李小龙"}


def test_a_title_alone_implies_no_government(nlp):
    mentions, posts = run(nlp, "县长表示,要加快项目建设。")
    assert not persons(mentions) and not posts
    assert ("GovernmentBody", "县长") not in mentions


def test_a_county_name_before_a_town_is_no_title(nlp):
    mentions, _ = run(nlp, "实践团走进江西省婺源县长安镇,开展调研。")
    assert not persons(mentions)


def test_names_after_a_group_noun(nlp):
    mentions, posts = run(nlp, "市领导刘雨桐、蒲一鸣参加有关活动。")
    assert {"刘雨桐", "蒲一鸣"} <= persons(mentions)
    assert not posts  # a group noun is no title


def test_credit_lines_name_authors_and_editors_without_posts(nlp):
    text = "发布时间:2026-02-06 来源:临江商报作者:柏文澜 蒲一鸣 A+A-\n\n新区建设加快推进。\n\n编辑:佚名\n责任编辑:高远航\n"
    mentions, posts = run(nlp, text)
    assert {"柏文澜", "蒲一鸣", "高远航"} <= persons(mentions)
    assert "佚名" not in persons(mentions)
    assert not [p for p in posts if p[0] in ("柏文澜", "蒲一鸣", "高远航")]


def test_a_credit_line_naming_an_outlet_is_no_person():
    assert parse_signers("编辑:临江网 发布") == []
    assert [s.name for s in parse_signers("作者:柏文澜 蒲一鸣")] == ["柏文澜", "蒲一鸣"]


def test_units_listed_after_one_printed_parent_are_all_its_units(nlp):
    results = extract(nlp, "临江大学先后成立研究院,分别是临江大学白溪产业研究院、青山产业研究院。")
    rels = [(x.type, r.mentions[x.subject].text, r.mentions[x.object].text)
            for r in results for x in r.relations]
    assert ("partOf", "临江大学白溪产业研究院", "临江大学") in rels
    assert ("partOf", "青山产业研究院", "临江大学") in rels


def test_a_party_committee_short_form_before_a_chain_holds_its_titles(nlp):
    _, posts = run(nlp, "近日,市委常委、副市长高振东带队考察。")
    assert ("高振东", "市委", ("常委",), "") in posts
    assert ("高振东", "副市长", ("副市长",), "市人民政府") in posts


def test_a_name_before_an_honorific_is_a_person_and_a_bare_honorific_is_not(nlp):
    mentions, posts = run(nlp, "据了解,柏文澜教授致力于纳米材料研究。主要负责同志参加。感谢女士们、先生们。")
    assert persons(mentions) == {"柏文澜"}
    assert not posts


def test_a_bare_group_before_a_party_title_is_the_company_named_before(nlp):
    _, posts = run(nlp, "于振华来到临江建材集团有限公司,与集团党委副书记、总经理高振东座谈交流。")
    assert ("高振东", "临江建材集团有限公司", ("党委副书记", "总经理"), "") in posts


def test_a_legal_form_after_a_short_name_is_no_unit_of_a_list(nlp):
    results = extract(nlp, "市长于振华走访甲交建筑集团,考察甲交建筑集团有限公司、乙国建材集团有限公司。")
    rels = [(x.type, r.mentions[x.subject].text) for r in results for x in r.relations]
    assert ("partOf", "乙国建材集团有限公司") not in rels


def test_a_speaker_with_an_adverb_or_setting_before_the_speech_verb(nlp):
    mentions, _ = run(nlp, "会上,柏文澜详细介绍了项目情况。蒲一鸣在致辞中说,要加快发展。项目也表示欢迎。")
    assert persons(mentions) == {"柏文澜", "蒲一鸣"}


def test_a_credited_source_outlet_is_an_organization(nlp):
    mentions, _ = run(nlp, "标题\n发布时间:2026-02-06 来源:临江商报作者:柏文澜 A+A-\n来源:爱临江客户端\n\n正文内容。\n")
    assert {("Organization", "临江商报"), ("Organization", "爱临江客户端")} <= set(mentions)


def test_chains_at_a_county_a_university_and_a_company(nlp):
    mentions, posts = run(nlp, "县委书记、县长柏文渊带队考察。临江大学党委书记、校长 蒲一鸣出席。"
                               "甲乙科技有限公司董事长洪雨桐介绍。洪水过后,村民恢复生产。")
    assert ("柏文渊", "县委", ("书记",), "") in posts
    assert ("柏文渊", "县长", ("县长",), "县人民政府") in posts
    assert ("蒲一鸣", "临江大学", ("党委书记", "校长"), "") in posts
    assert ("洪雨桐", "甲乙科技有限公司", ("董事长",), "") in posts
    assert persons(mentions) == {"柏文渊", "蒲一鸣", "洪雨桐"}
