"""Extraction on small texts written for the tests, and on the seeds: what must be found and what must not."""
from __future__ import annotations

import pytest

from kg.corpus import issue_from_text
from kg.extract import extract_issue, make_nlp
from kg.model import IssueMeta


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


def run(nlp, text: str, newspaper: str = "聊城日报"):
    issue = issue_from_text("t", text, IssueMeta(newspaper=newspaper, date="2026-02-06"))
    results = extract_issue(issue, nlp)
    mentions = [(m.type, m.text) for r in results for m in r.mentions]
    posts = [(r.mentions[p.person].text, r.mentions[p.organization].text, tuple(p.titles))
             for r in results for p in r.posts]
    rels = [(x.type, r.mentions[x.subject].text, r.mentions[x.object].text) for r in results for x in r.relations]
    return mentions, posts, rels


def test_the_pipeline_is_spacy_with_jieba(nlp):
    assert nlp.lang == "zh" and nlp.config["nlp"]["tokenizer"]["segmenter"] == "jieba"
    assert nlp.pipe_names == ["kg_places", "kg_orgs", "kg_persons", "kg_programs", "kg_select", "kg_relations",
                              "kg_inner"]


def test_title_chain_gives_person_and_post(nlp):
    mentions, posts, _ = run(nlp, "市发展改革委党组书记、主任高峰介绍,全市项目建设加快推进。")
    assert ("Person", "高峰") in mentions
    assert ("GovernmentBody", "市发展改革委") in mentions
    assert ("高峰", "市发展改革委", ("党组书记", "主任")) in posts


def test_two_bodies_in_one_chain(nlp):
    _, posts, _ = run(nlp, "“项目投产意义重大。”高新区党工委书记、管委会主任张亚表示。")
    assert ("张亚", "高新区党工委", ("书记",)) in posts
    assert ("张亚", "管委会", ("主任",)) in posts


def test_bare_title_is_not_a_person(nlp):
    mentions, posts, _ = run(nlp, "该公司总经理介绍,局长表示将继续支持企业发展。")
    assert not [m for m in mentions if m[0] == "Person"]
    assert not posts


def test_bylines_make_reporters_of_the_paper(nlp):
    mentions, posts, _ = run(nlp, "本报讯(记者 王鹏 董金鑫 通讯员 王崇)2月2日,公交车辆正常运行。")
    assert {("王鹏", "本报", ("记者",)), ("董金鑫", "本报", ("记者",)), ("王崇", "本报", ("通讯员",))} <= set(posts)


def test_company_legal_name_and_post_after_it(nlp):
    mentions, posts, _ = run(nlp, "2月4日,走进山东龙普太阳能股份有限公司,总经理助理陈宝喜深有感触地说。")
    assert ("Company", "山东龙普太阳能股份有限公司") in mentions  # 走进 is not part of the name
    assert ("Person", "陈宝喜") in mentions


def test_ocr_damaged_district_is_repaired(nlp):
    issue = issue_from_text("t", "在平区公共就业和人才服务中心胡芳介绍,当地简化流程。", IssueMeta())
    (result,) = extract_issue(issue, nlp)
    body = next(m for m in result.mentions if m.type == "GovernmentBody")
    assert body.text == "在平区公共就业和人才服务中心" and body.name == "茌平区公共就业和人才服务中心"
    assert any(m.type == "Person" and m.text == "胡芳" for m in result.mentions)


def test_no_place_invented_inside_a_name(nlp):
    mentions, _, _ = run(nlp, "聊城市公交集团投入资金更新车辆。")
    assert ("Company", "聊城市公交集团") in mentions
    assert ("Place", "聊城") not in mentions and ("Place", "聊城市") not in mentions


def test_documents_campaigns_and_plans(nlp):
    mentions, _, _ = run(nlp, "聊城先后出台《聊城市支持制造业高质量发展的若干政策》等文件,实施“千亿金属”跃升行动,"
                              "奋进“十五五”。")
    assert ("Program", "《聊城市支持制造业高质量发展的若干政策》") in mentions
    assert ("Program", "“千亿金属”跃升行动") in mentions
    assert ("Program", "“十五五”") in mentions


def test_typed_lists(nlp):
    mentions, _, _ = run(nlp, "推动汇通、中正等龙头企业加快转型,重点推动金源新能源、乖宝四期等一批优质项目加快建设。")
    assert {("Company", "汇通"), ("Company", "中正"), ("Project", "金源新能源"), ("Project", "乖宝四期")} <= set(mentions)


def test_everyday_words_in_a_list_are_not_companies(nlp):
    mentions, _, _ = run(nlp, "推动技术、平台、人才、资金等创新资源向企业集聚。")
    assert not [m for m in mentions if m[0] == "Company"]


def test_part_of_by_name(nlp):
    _, _, rels = run(nlp, "山东社会科学院鲁西发展研究院揭牌。")
    assert ("partOf", "山东社会科学院鲁西发展研究院", "山东社会科学院") in rels


def test_base_belongs_to_its_company(nlp):
    _, _, rels = run(nlp, "浪潮聊城智能生产基地生产部总经理吉森林感慨地说。")
    assert ("partOf", "浪潮聊城智能生产基地生产部", "浪潮聊城智能生产基地") in rels
    assert ("partOf", "浪潮聊城智能生产基地", "浪潮") in rels


def test_issued_by_adjacent_and_by_verb(nlp):
    _, _, rels = run(nlp, "中共中央办公厅、国务院办公厅《关于加强中国特色新型智库建设的意见》印发以来,成效明显。")
    assert ("issuedBy", "《关于加强中国特色新型智库建设的意见》", "中共中央办公厅") in rels
    assert ("issuedBy", "《关于加强中国特色新型智库建设的意见》", "国务院办公厅") in rels


def test_located_in(nlp):
    _, _, rels = run(nlp, "临清保税物流中心项目坐落于临清经济开发区,总投资5亿元。")
    assert ("locatedIn", "临清保税物流中心项目", "临清经济开发区") in rels


def test_partner_of_and_its_negative(nlp):
    _, _, rels = run(nlp, "山东社会科学院倡议发起,联合省委政研室、省政府研究室共同成立联盟。")
    assert ("partnerOf", "山东社会科学院", "省委政研室") in rels
    assert ("partnerOf", "山东社会科学院", "省政府研究室") in rels
    _, _, rels = run(nlp, "会议由市科技局、市工业和信息化局等部门参加。")
    assert not [r for r in rels if r[0] == "partnerOf"]  # two bodies merely listed


def test_person_quoted_near_a_company_gets_no_post_there(nlp):
    _, posts, _ = run(nlp, "波米科技有限公司发展迅速。“服务很精准。”市民王东峰说。")
    assert not [p for p in posts if p[1] == "波米科技有限公司"]


def test_seed_000_people_and_bodies(nlp):
    from kg.corpus import load_manifest, read_issue
    from pathlib import Path

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    issue = read_issue(next(seeds.glob("000_*.txt")), load_manifest(seeds))
    results = extract_issue(issue, nlp)
    names = {(m.type, m.text) for r in results for m in r.mentions}
    assert {("Person", "习近平"), ("Person", "通伦"), ("Person", "王相东"), ("GovernmentBody", "中共中央"),
            ("GovernmentBody", "老挝人民革命党中央"), ("Company", "波米科技有限公司"),
            ("Organization", "新华社")} <= names
    assert not [n for t, n in names if t == "Person" and n in ("局长", "总经理", "多次")]


def test_undertakes_by_name_and_by_verb(nlp):
    _, _, rels = run(nlp, "浪潮聊城智能生产基地投产以来,浪潮10万台计算机项目进展顺利。")
    assert ("undertakes", "浪潮", "浪潮10万台计算机项目") in rels
    _, _, rels = run(nlp, "山东联盛电子设备有限公司计划投入资金,投资建设临清保税物流中心项目。")
    assert ("undertakes", "山东联盛电子设备有限公司", "临清保税物流中心项目") in rels
    _, _, rels = run(nlp, "山东联盛电子设备有限公司发展迅速。临清保税物流中心项目通过验收。")
    assert not [r for r in rels if r[0] == "undertakes"]  # different sentences, no verb between
