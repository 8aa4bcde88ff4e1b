"""Entity names by their grammar (places, companies, organizations, projects, programs), on sentences written
for these tests: a made-up county (青溪), companies, hotels and officials. Each test says what must be found
and what must not."""
from __future__ import annotations

import pytest

from kg.corpus import issue_from_text
from kg.extract import extract_issue, make_nlp
from kg.model import IssueMeta


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


def mentions(nlp, text: str, kind: str, paper: str = "青溪日报") -> list[str]:
    issue = issue_from_text("t", text, IssueMeta(newspaper=paper, date="2030-03-06"))
    return [m.text for r in extract_issue(issue, nlp) for m in r.mentions if m.type == kind]


def test_communities_and_subdistricts_after_their_division(nlp):
    places = mentions(nlp, "罗庄区付庄街道、岚峰镇桃园社区的群众参加了活动。智慧社区建设加快，各街道积极行动。", "Place")
    assert "付庄街道" in places and "桃园社区" in places
    assert not [p for p in places if p in ("智慧社区", "各街道")]


def test_a_verb_that_is_a_short_form_does_not_decide_the_region(nlp):
    # 振兴 is the short form of a district far away; written as a verb it must neither be a place nor make
    # that district the paper's home (which would make its towns local)
    places = mentions(nlp, "青溪县推进乡村振兴，开展乡村振兴示范村创建，乡村振兴成效明显。", "Place", paper="")
    assert not [p for p in places if p == "振兴"]


def test_hotels_by_trade_name_filler_or_place(nlp):
    companies = mentions(nlp, "代表们入住岚峰国际大酒店、云杉宾馆和鹭洲假日酒店，晚宴设在南郊宾馆。", "Company")
    for hotel in ("岚峰国际大酒店", "云杉宾馆", "鹭洲假日酒店", "南郊宾馆"):
        assert hotel in companies
    assert not mentions(nlp, "代表们在该酒店用餐，附近有多家五星级酒店和快捷宾馆。", "Company")


def test_a_hotel_after_the_zone_it_stands_in(nlp):
    text = "签约仪式在云杉新区鹭洲国际酒店会议厅举行。"
    assert "鹭洲国际酒店" in mentions(nlp, text, "Company")
    assert not [p for p in mentions(nlp, text, "Program") if p.endswith("会议")]  # 会议厅 is a room


def test_construction_works_and_roads_between_two_places_are_projects(nlp):
    text = ("青溪水库除险加固工程、S231省道改建工程、青溪县人民医院改扩建工程全面开工。"
            "青溪至云杉高速公路、岚峰物流园二期工程进展顺利。全县实施“百企升级”工程。")
    projects = mentions(nlp, text, "Project")
    for name in ("青溪水库除险加固工程", "S231省道改建工程", "青溪县人民医院改扩建工程", "青溪至云杉高速公路",
                 "岚峰物流园二期工程"):
        assert name in projects
    assert "“百企升级”工程" in mentions(nlp, text, "Program")  # a quoted scheme stays a program
    assert "云杉高速公路" not in projects


def test_named_events_festivals_fairs_and_awards(nlp):
    text = ("第五届青溪梨花节开幕。2030中国（临江）国际物流博览会在会展中心举行。县里颁发“青溪工匠奖”。"
            "春节期间，他们在这个环节坚守岗位。")
    programs = mentions(nlp, text, "Program")
    assert "第五届青溪梨花节" in programs and "“青溪工匠奖”" in programs
    assert [p for p in programs if p.endswith("中国(临江)国际物流博览会")]  # the host city in brackets is inside
    assert not [p for p in programs if "春节" in p or "环节" in p]


def test_a_short_form_the_article_introduces_names_the_same_company(nlp):
    text = ("岚峰控股集团有限公司（以下简称“岚峰控股”）是一家民营企业。岚峰控股旗下有三家工厂。"
            "报告（以下简称“报告”）指出，形势向好。")
    companies = mentions(nlp, text, "Company")
    assert companies.count("岚峰控股") == 2  # in the bracket and where the article uses it
    assert "报告" not in companies  # no name before the bracket: nothing is introduced


def test_public_institutions_with_ordinals_group_words_and_long_suffixes(nlp):
    text = ("青溪市第一人民医院、青溪市妇幼保健院、青溪市疾病预防控制中心、青溪市中心血站、青溪市青年企业家商会和"
            "青溪市第二中学参加活动。他荣获第一名。市中心交通拥堵。")
    orgs = mentions(nlp, text, "Organization")
    for name in ("青溪市第一人民医院", "青溪市妇幼保健院", "青溪市疾病预防控制中心", "青溪市中心血站",
                 "青溪市青年企业家商会", "青溪市第二中学"):
        assert name in orgs
    assert not [o for o in orgs if o.endswith("市中心")]


def test_set_phrases_inside_names_but_not_discourse(nlp):
    text = "与此同时，青溪化学工程集团和青溪县综合治理办公室参加。也就是说市政府将出台新政。"
    assert "青溪化学工程集团" in mentions(nlp, text, "Company")
    bodies = mentions(nlp, text, "GovernmentBody")
    assert "青溪县综合治理办公室" in bodies
    assert not [b for b in bodies if "也就是说" in b]


def test_an_agreement_about_a_named_project_is_a_program(nlp):
    text = "双方签署了青溪新能源产业园项目投资协议。双方签订战略合作协议。"
    programs = mentions(nlp, text, "Program")
    assert "青溪新能源产业园项目投资协议" in programs
    assert "战略合作协议" not in programs  # no name: a kind of agreement


def test_news_portals_by_their_address_or_kind(nlp):
    text = "青溪新媒体(http://www.qx.example.cn):县里召开会议\n您所在的位置:青溪信息港 > 资讯中心 > 青溪新闻\n青溪港二期工程开工。"
    orgs = mentions(nlp, text, "Organization")
    assert "青溪新媒体" in orgs and "青溪信息港" in orgs
    projects = mentions(nlp, text, "Project")
    assert not [p for p in projects if p.endswith("信息港")]
    assert [p for p in projects if p.endswith("青溪港二期工程")]  # a port is still a project


def test_a_region_before_a_short_body_must_be_of_the_body_level(nlp):
    text = "住临江省政协委员考察团来青溪考察。临江市政协、山东省政协参加。省外青溪商会代表出席。"
    bodies = mentions(nlp, text, "GovernmentBody")
    assert "临江市政协" in bodies and "山东省政协" in bodies
    assert not [b for b in bodies if b.startswith("临江省")]  # a city + 省政协 is no body
    assert not [o for o in mentions(nlp, text, "Organization") if o.startswith("省外")]


def test_a_designation_before_a_zone_is_not_in_its_name(nlp):
    places = mentions(nlp, "青溪县“双百工程”示范基地云杉新材料产业园里人头攒动。", "Place")
    assert "云杉新材料产业园" in places
    assert not [p for p in places if "基地" in p]


def test_a_bare_zone_kind_is_the_one_zone_the_article_names(nlp):
    text = "青溪经济开发区重点项目开工。开发区综合实力稳步提升，成功晋级国家级开发区行列。全开发区上下齐心。"
    issue = issue_from_text("t", text, IssueMeta(newspaper="青溪日报", date="2030-03-06"))
    places = [(m.text, m.name) for r in extract_issue(issue, nlp) for m in r.mentions if m.type == "Place"]
    assert places.count(("开发区", "青溪经济开发区")) == 1  # 国家级开发区 and 全开发区 are kinds, not the zone
    two = "青溪经济开发区和云杉高新技术开发区签约。开发区综合实力提升。"
    assert "开发区" not in mentions(nlp, two, "Place")  # two zones named: the bare kind is ambiguous


def test_a_project_placed_in_a_zone_is_no_part_of_the_zone(nlp):
    from extraction import extract, mention_pairs, relation_triples

    results = extract(nlp, "青禾冷链仓储项目落户临江经济开发区。")
    assert ("Place", "临江经济开发区") in mention_pairs(results)
    assert ("Project", "青禾冷链仓储项目") in mention_pairs(results)
    assert ("locatedIn", "青禾冷链仓储项目", "临江经济开发区") in relation_triples(results)
