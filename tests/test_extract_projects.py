"""Projects and programs by their grammar, and the relations that hang on them (undertakes, located_in,
issued_by), on sentences written for these tests: a made-up county, companies and officials."""
from __future__ import annotations

import pytest

from kg.extract import make_nlp
from extraction import extract


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


def run(nlp, text: str):
    return extract(nlp, text, "青溪日报", "2030-03-06")


def mentions_of(results, kind: str) -> list[str]:
    return [m.text for r in results for m in r.mentions if m.type == kind]


def relations_of(results, kind: str) -> list[tuple[str, str]]:
    return [(r.mentions[x.subject].text, r.mentions[x.object].text) for r in results for x in r.relations
            if x.type == kind]


LEAD = ("青溪县经济开发区重点项目集中开工\n\n"
        "3月5日，岚峰年产8万吨高端精密铸件及配件项目、云杉生态农业观光园项目、鹭洲数码产业园项目开工建设。"
        "浙江岚峰精密机械有限公司是一家民营企业。去年全区亿元以上重点项目5个，3000万元以上项目4个。")


def test_project_names_hold_figures_capacity_and_joined_nouns(nlp):
    projects = mentions_of(run(nlp, LEAD), "Project")
    assert "岚峰年产8万吨高端精密铸件及配件项目" in projects
    assert "云杉生态农业观光园项目" in projects and "鹭洲数码产业园项目" in projects
    assert not [p for p in projects if "以上" in p or p.endswith("重点项目")]  # thresholds and lists are no names


def test_a_heading_places_every_project_of_the_article(nlp):
    located = relations_of(run(nlp, LEAD), "locatedIn")
    for project in ("岚峰年产8万吨高端精密铸件及配件项目", "云杉生态农业观光园项目", "鹭洲数码产业园项目"):
        assert (project, "青溪县经济开发区") in located


def test_no_heading_no_place_for_the_projects(nlp):
    located = relations_of(run(nlp, "3月5日，云杉生态农业观光园项目开工建设。青溪县经济开发区举办招聘会。"), "locatedIn")
    assert not located


def test_a_company_short_form_begins_its_project(nlp):
    results = run(nlp, LEAD)
    assert ("浙江岚峰精密机械有限公司", "岚峰年产8万吨高端精密铸件及配件项目") in relations_of(results, "undertakes")
    assert not [s for s, o in relations_of(results, "undertakes") if o == "云杉生态农业观光园项目"]


def test_a_relation_cites_the_sentence_of_its_evidence(nlp):
    results = run(nlp, LEAD)
    article = results[0]
    fact = next(x for x in article.relations if x.type == "undertakes")
    project = article.mentions[fact.object]
    company = article.mentions[fact.subject]
    assert company.sentence != project.sentence  # introduced in a later sentence than the project's name
    assert fact.sentence == project.sentence  # the evidence is the project's name


def test_a_legal_name_inside_a_project_is_its_company(nlp):
    results = run(nlp, "鹭洲置业发展有限公司云杉花园项目开工建设。")
    assert "鹭洲置业发展有限公司云杉花园项目" in mentions_of(results, "Project")
    assert "鹭洲置业发展有限公司" in mentions_of(results, "Company")
    assert ("鹭洲置业发展有限公司", "鹭洲置业发展有限公司云杉花园项目") in relations_of(results, "undertakes")


def test_a_quoted_research_project_and_its_developer(nlp):
    results = run(nlp, "青溪理工学院与鹭洲新材料有限公司共同研发“高强度轻质合金的研发与应用”项目。")
    assert "“高强度轻质合金的研发与应用”项目" in mentions_of(results, "Project")
    assert ("鹭洲新材料有限公司", "“高强度轻质合金的研发与应用”项目") in relations_of(results, "undertakes")


def test_a_meeting_never_swallows_a_person_or_a_verb(nlp):
    results = run(nlp, "县政协副主席赵立新出席会议。县委办公室副主任、信息科科长钱明主持发布会。以下是新闻发布会实录。")
    programs = mentions_of(results, "Program")
    assert not [p for p in programs if "赵立新" in p or "钱明" in p or "出席" in p or "主持" in p]


def test_meeting_names_keep_their_ordinal_and_anniversary(nlp):
    programs = mentions_of(run(nlp, "青溪开发区建区30周年总结表彰大会举行。县政府第12次常务会议通过了《青溪县河道管理办法》。"
                                    "青溪县已连续举办了9届青溪山水文化节。"), "Program")
    assert "青溪开发区建区30周年总结表彰大会" in programs
    assert "县政府第12次常务会议" in programs
    assert "青溪山水文化节" in programs and not [p for p in programs if p.startswith("9届")]


def test_a_body_that_holds_a_meeting_issues_it(nlp):
    results = run(nlp, "县政协召开发展特色农业专题协商会议。")
    assert ("发展特色农业专题协商会议", "县政协") in relations_of(results, "issuedBy")


def test_a_meeting_about_a_document_holds_its_title(nlp):
    results = run(nlp, "县政府新闻办举行解读《青溪县河道管理办法》新闻发布会。")
    assert "解读《青溪县河道管理办法》新闻发布会" in mentions_of(results, "Program")
    assert ("解读《青溪县河道管理办法》新闻发布会", "县政府新闻办") in relations_of(results, "issuedBy")


def test_only_the_first_window_of_an_article_has_a_heading(nlp):
    from kg.extract import _run_pipeline

    def located(lead: bool) -> list:
        doc = _run_pipeline(nlp, LEAD, {"newspaper": "", "region_code": "", "date": "", "lead": lead})
        return [f for f in doc._.relations if f.rule == "locatedIn:projects-start"]

    assert located(True) and not located(False)


LIST = ("青溪县今年重点项目进展顺利：\n"
        "——云岭精密轴承智能制造项目。来自浙江的云岭精密制造有限公司投资6亿元建设，落户青溪县经济开发区。\n"
        "——白鹭河两岸综合整治提升工程。由青溪县水利建设有限公司承建，总投资3亿元，位于青溪县经济开发区。\n"
        "——云杉冷链物流中心项目。鹭洲供应链管理有限公司投资5亿元，落户青溪县经济开发区。\n"
        "1.鹭洲年产5万吨饲料项目。\n")


def test_the_head_of_a_list_item_is_a_project_whole(nlp):
    projects = mentions_of(run(nlp, LIST), "Project")
    # common nouns only, or a river no gazetteer lists: the list item's head names the project all the same
    assert "云岭精密轴承智能制造项目" in projects and "白鹭河两岸综合整治提升工程" in projects
    assert "鹭洲年产5万吨饲料项目" in projects  # the item's number is not part of the name


def test_the_unsaid_topic_of_a_list_item_takes_the_relations_of_its_sentence(nlp):
    results = run(nlp, LIST)
    assert ("云岭精密制造有限公司", "云岭精密轴承智能制造项目") in relations_of(results, "undertakes")
    assert ("青溪县水利建设有限公司", "白鹭河两岸综合整治提升工程") in relations_of(results, "undertakes")
    located = relations_of(results, "locatedIn")
    assert ("云岭精密轴承智能制造项目", "青溪县经济开发区") in located
    assert ("白鹭河两岸综合整治提升工程", "青溪县经济开发区") in located
    # the company opens the item's sentence: the unsaid topic stands before it
    assert ("鹭洲供应链管理有限公司", "云杉冷链物流中心项目") in relations_of(results, "undertakes")
    assert ("云杉冷链物流中心项目", "青溪县经济开发区") in located


def test_a_project_in_a_sentence_is_no_list_head(nlp):
    results = run(nlp, "3月5日，云岭精密制造有限公司投资建设的轴承项目开工。青溪县经济开发区举办招聘会。")
    assert not [o for s, o in relations_of(results, "undertakes") if o.startswith("3月")]
    assert not relations_of(results, "locatedIn")


def test_a_list_item_headed_by_a_kind_of_works_is_a_project_when_the_item_says_who_builds_it(nlp):
    text = ("今年开工的有：\n"
            "——鹭洲电子信息产业基地。由云岭微电子有限公司投资12亿元，在勐海县勐遮镇建设。\n"
            "——云杉文旅园区。位于勐海县，面积3平方公里，风景优美。\n")
    results = run(nlp, text)
    projects = mentions_of(results, "Project")
    assert "鹭洲电子信息产业基地" in projects and "云杉文旅园区" not in projects
    assert ("云岭微电子有限公司", "鹭洲电子信息产业基地") in relations_of(results, "undertakes")
    assert ("鹭洲电子信息产业基地", "勐海县") in relations_of(results, "locatedIn")


def test_a_scope_or_a_stage_before_the_suffix_is_no_project_name(nlp):
    results = run(nlp, "我区产业项目进展顺利。全市新开工项目如下。全县在建项目32个。全市鹭洲年产5万吨饲料项目开工。")
    projects = mentions_of(results, "Project")
    assert "鹭洲年产5万吨饲料项目" in projects  # the scope before a name is left out of it
    assert not [p for p in projects if p.startswith(("我区", "全市", "全县")) or p in ("新开工项目", "在建项目")]
