"""Organizations and places by the grammar of their names, on sentences written for these tests
(made-up companies, towns and officials in real counties): what must be found and what must not."""
from __future__ import annotations

import pytest

from kg.corpus import issue_from_text
from kg.extract import extract_issue, make_nlp
from kg.model import EntityType, IssueMeta

COMPANY, GOV, ORG, PLACE = EntityType.COMPANY, EntityType.GOVERNMENT_BODY, EntityType.ORGANIZATION, EntityType.PLACE


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


def found(nlp, text: str) -> set[tuple[str, str]]:
    issue = issue_from_text("t", text, IssueMeta(newspaper="聊城日报", date="2026-02-06"))
    return {(m.type, m.text) for r in extract_issue(issue, nlp) for m in r.mentions}


def texts(mentions: set[tuple[str, str]]) -> set[str]:
    return {text for _, text in mentions}


def test_cppcc_full_form_is_one_body(nlp):
    got = found(nlp, "中国人民政治协商会议丰城市委员会副主席柏文澜出席活动。")
    assert (GOV, "中国人民政治协商会议丰城市委员会") in got
    assert not any(t.startswith("中国人民政治协商会") and t.endswith("会") and len(t) < 12 for t in texts(got))


def test_cppcc_short_forms_need_a_region(nlp):
    got = found(nlp, "宁化县政协主席柏文澜表示，要推动新时代政协工作，为两县发展贡献政协智慧。")
    assert (GOV, "宁化县政协") in got
    assert not any("时代政协" in t or "贡献政协" in t for t in texts(got))


def test_a_verb_before_a_committee_is_not_in_its_name(nlp):
    got = found(nlp, "会上，柏文澜代表县委、县政府向客商表示感谢。")
    assert (GOV, "县委") in got
    assert "代表县委" not in texts(got)


def test_media_names(nlp):
    got = found(nlp, "据丰城新闻网报道，丰城日报社、丰城商报的记者到场采访。")
    assert {(ORG, "丰城新闻网"), (ORG, "丰城日报社"), (ORG, "丰城商报")} <= got


def test_source_line_names_the_medium(nlp):
    got = found(nlp, "来源：看丰城客户端  编辑：柏文澜\n丰城举行春季招聘会。")
    assert (ORG, "看丰城客户端") in got
    assert "丰城客户端" not in texts(got)


def test_chamber_short_form_and_scope_words(nlp):
    got = found(nlp, "宁化县工商业联合会（县工商联）牵头，部分区县工商联与商会代表签约。")
    assert (ORG, "宁化县工商业联合会") in got
    assert not any("区县" in t or "与商会" in t for t in texts(got))


def test_listed_short_company_names(nlp):
    got = found(nlp, "考察团先后到云岫纺织、岚澈啤酒和翠微宠物进行考察。")
    assert {(COMPANY, "云岫纺织"), (COMPANY, "岚澈啤酒"), (COMPANY, "翠微宠物")} <= got


def test_a_lone_industry_word_after_a_common_word_is_no_company(nlp):
    got = found(nlp, "当地纺织行业发展迅速，传统纺织转型升级。")
    assert not any(kind == COMPANY for kind, _ in got)


def test_the_group_spoken_of_is_no_name(nlp):
    got = found(nlp, "在丰城云岫集团，柏文澜参观了集团展厅，与集团党委书记座谈。丰城将全力支持集团发展。"
                     "云岫集团是全国最大的综合性纺织产业集团。")
    assert (COMPANY, "丰城云岫集团") in got or (COMPANY, "云岫集团") in got
    bad = {"集团展厅", "集团党委", "全力支持集团", "丰城将全力支持集团", "综合性纺织产业集团"}
    assert not bad & texts(got)


def test_a_media_group_is_an_organization(nlp):
    got = found(nlp, "丰城报业集团与云岫纺织有限公司签约。")
    assert (ORG, "丰城报业集团") in got
    assert (COMPANY, "云岫纺织有限公司") in got


def test_a_company_with_a_common_word_in_its_name(nlp):
    got = found(nlp, "丰城云岫电子设备有限公司车间内，工人正在组装。")
    assert (COMPANY, "丰城云岫电子设备有限公司") in got


def test_town_after_its_county(nlp):
    got = found(nlp, "实践团走进福建省宁化县长岭镇，开展调研。")
    assert (PLACE, "长岭镇") in got
    assert not any(kind == EntityType.PERSON for kind, _ in got)


def test_a_located_verb_is_not_in_a_zone_name(nlp):
    got = found(nlp, "云岫纺织项目正式落户丰城高新区。")
    assert (PLACE, "丰城高新区") in got
    assert "落户丰城高新区" not in texts(got)


def test_an_office_a_government_keeps_elsewhere(nlp):
    got = found(nlp, "市政府秘书长韩文澜和市贸促会、市政府驻北京联络处负责同志参加。")
    assert (GOV, "市政府驻北京联络处") in got
    assert (ORG, "市贸促会") in got
    assert not any("和市" in t for t in texts(got))


def test_a_count_of_cities_is_no_body(nlp):
    got = found(nlp, "江西16市工商联负责人参加座谈。")
    assert not any(t.endswith("工商联") for t in texts(got))


def test_news_sites_by_how_they_sign(nlp):
    got = found(nlp, "丰城新闻网讯（记者 柏文澜）昨日。中国丰城网()、岚澈网()等网络媒体进行报道。"
                     "推动长输蒸汽管网建设。")
    assert {(ORG, "丰城新闻网"), (ORG, "中国丰城网"), (ORG, "岚澈网")} <= got
    assert not any("管网" in t for kind, t in got if kind == ORG)


def test_provincial_departments_and_offices(nlp):
    got = found(nlp, "江西省人民政府新闻办公室举行发布会，邀请省林业厅副厅长柏文澜介绍情况。")
    assert (GOV, "江西省人民政府新闻办公室") in got
    assert (GOV, "省林业厅") in got


def test_a_title_glued_to_the_committee_is_no_body(nlp):
    got = found(nlp, "丰城市委常委、副市长柏文澜出席。")
    assert (GOV, "丰城市委") in got
    assert not any(t.endswith("常委") for t in texts(got))


def test_bank_branches_and_cooperatives(nlp):
    got = found(nlp, "中国农业银行丰城支行与丰城市青石种植专业合作社签约。")
    assert (COMPANY, "中国农业银行丰城支行") in got
    assert (COMPANY, "丰城市青石种植专业合作社") in got


def test_village_after_a_town(nlp):
    got = found(nlp, "走访了丰城市青石镇东王村。")
    assert {(PLACE, "青石镇"), (PLACE, "东王村")} <= got
    assert "镇东王村" not in texts(got)


def test_zone_with_its_level(nlp):
    got = found(nlp, "丰城国家级文化产业园揭牌。")
    assert (PLACE, "丰城国家级文化产业园") in got


def test_a_subsidiary_as_a_kind_is_no_company(nlp):
    mentions = found(nlp, "云岭化工集团在石屏县设立全资子公司石屏云岭新材料有限公司。")
    assert ("Company", "石屏云岭新材料有限公司") in mentions
    assert not {t for t in texts(mentions) if t.endswith("子公司")}


def test_an_ordinal_after_the_parent_numbers_the_unit(nlp):
    mentions = found(nlp, "江州医科大学附属第二医院与云岭建设集团第五工程有限公司签约。")
    assert ("Organization", "江州医科大学附属第二医院") in mentions
    assert ("Company", "云岭建设集团第五工程有限公司") in mentions


def test_the_countys_own_institution_named_by_the_bare_unit(nlp):
    mentions = found(nlp, "县人民医院与县妇幼保健院开展合作。省重点实验室建设加快。")
    assert {("Organization", "县人民医院"), ("Organization", "县妇幼保健院")} <= mentions
    assert "省重点实验室" not in texts(mentions)


def test_a_trade_name_before_a_product_glued_to_its_works(nlp):
    mentions = found(nlp, "红星机械厂与金穗糖厂签订供货合同。一家纺织厂的工人说。")
    assert {("Company", "红星机械厂"), ("Company", "金穗糖厂")} <= mentions
    assert not {t for t in texts(mentions) if t.endswith("纺织厂")}


def test_a_shop_word_tagged_as_a_verb_stays_inside_the_name(nlp):
    mentions = found(nlp, "云岭食品公司成为江州百惠连锁超市有限公司的供货商。")
    assert ("Company", "江州百惠连锁超市有限公司") in mentions


def test_a_subsidiarys_kind_before_its_name_is_no_name_but_a_branch_is(nlp):
    results = extract_issue(issue_from_text("t", "云岭集团全资子公司青川云岭物流有限公司与云岭集团江州分公司签约。",
                                            IssueMeta(newspaper="临江日报", date="2030-01-01")), nlp)
    mentions = {(m.type, m.text) for r in results for m in r.mentions}
    assert ("Company", "青川云岭物流有限公司") in mentions and ("Company", "云岭集团江州分公司") in mentions
    assert not {t for _, t in mentions if t.endswith("子公司")}
    parts = {(r.mentions[x.subject].text, r.mentions[x.object].text) for r in results for x in r.relations
             if x.type == "partOf"}
    assert ("青川云岭物流有限公司", "云岭集团") in parts


def test_a_body_before_its_heads_title_and_an_adverb_glued_to_its_kind(nlp):
    results = extract_issue(issue_from_text("t", "会上，市农业农村局已与青川大学合作。青川县水利局局长柏青说。",
                                            IssueMeta(newspaper="临江日报", date="2030-01-01")), nlp)
    mentions = {(m.type, m.text) for r in results for m in r.mentions}
    assert {("GovernmentBody", "市农业农村局"), ("GovernmentBody", "青川县水利局")} <= mentions
    posts = {(r.mentions[p.person].text, r.mentions[p.organization].text) for r in results for p in r.posts}
    assert ("柏青", "青川县水利局") in posts
