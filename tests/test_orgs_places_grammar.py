"""Companies, organizations and places as local news in many provinces writes them, on sentences written for these
tests (made-up companies, towns and officials in real counties): what must be found and what must not."""
from __future__ import annotations

import pytest

from kg.extract import make_nlp
from kg.model import EntityType

from extraction import extract, mention_pairs

COMPANY, GOV, ORG, PLACE = EntityType.COMPANY, EntityType.GOVERNMENT_BODY, EntityType.ORGANIZATION, EntityType.PLACE


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


def found(nlp, text: str) -> set[tuple[str, str]]:
    return set(mention_pairs(extract(nlp, text)))


def names_of(nlp, text: str) -> dict[str, str]:
    """surface → the fuller name the extraction gives it."""
    return {m.text: m.name for r in extract(nlp, text) for m in r.mentions}


# ------------------------------------------------------------------ companies: short forms the article uses later

@pytest.mark.parametrize("text, full, short", [
    ("近日，丰城市青禾食品有限公司与宁化县签订合作协议，青禾食品将在当地建厂。", "丰城市青禾食品有限公司", "青禾食品"),
    ("浙江禾丰新材料科技股份有限公司投资的项目落户湖村镇，禾丰新材料负责人表示将加快建设。",
     "浙江禾丰新材料科技股份有限公司", "禾丰新材料"),
    ("泰和县禾兴米业有限公司成立于2015年，禾兴米业已带动农户3000户。", "泰和县禾兴米业有限公司", "禾兴米业"),
    ("青禾（丰城）食品有限公司总经理柏文远介绍，青禾食品去年产值突破5亿元。", "青禾(丰城)食品有限公司", "青禾食品"),
])
def test_a_short_form_after_the_legal_name_is_the_same_company(nlp, text, full, short):
    got = found(nlp, text)
    assert (COMPANY, full) in got and (COMPANY, short) in got
    assert names_of(nlp, text)[short] == full


def test_a_brand_alone_or_trade_words_alone_are_no_short_form(nlp):
    got = found(nlp, "宁化县科技有限公司与丰城市禾川有限公司签约，科技创新和禾川品牌受到关注。")
    assert (COMPANY, "宁化县科技有限公司") in got
    assert not any(text in ("科技", "禾川") for _, text in got)


def test_group_short_form_and_listed_companies(nlp):
    got = found(nlp, "河南中原恒安建设集团有限公司承建该工程，恒安集团项目经理柏立新介绍了进度。")
    assert {(COMPANY, "河南中原恒安建设集团有限公司"), (COMPANY, "恒安集团")} <= got
    got = found(nlp, "会上，丰城汇丰纺织有限公司、宁化瑞祥化工有限公司、青禾食品等企业代表作了发言。")
    assert {(COMPANY, "丰城汇丰纺织有限公司"), (COMPANY, "宁化瑞祥化工有限公司"), (COMPANY, "青禾食品")} <= got


def test_branches_and_banks(nlp):
    got = found(nlp, "中国农业银行丰城分行、宏晟机械制造有限公司宁化分公司为企业提供服务。")
    assert {(COMPANY, "中国农业银行丰城分行"), (COMPANY, "宏晟机械制造有限公司宁化分公司")} <= got


# ------------------------------------------------------------------ organizations

def test_associations_universities_hospitals_media(nlp):
    got = found(nlp, "宁化县青年企业家商会、丰城市物流协会联合举办对接会。")
    assert {(ORG, "宁化县青年企业家商会"), (ORG, "丰城市物流协会")} <= got
    got = found(nlp, "岷江大学化学化工学院与丰城市第一人民医院签署合作协议。")
    assert {(ORG, "岷江大学化学化工学院"), (ORG, "丰城市第一人民医院")} <= got
    got = found(nlp, "丰城日报社、宁化县融媒体中心联合开展采访活动。")
    assert {(ORG, "丰城日报社"), (ORG, "宁化县融媒体中心")} <= got


def test_institute_and_cooperative(nlp):
    got = found(nlp, "宁化县农业科学研究所专家在丰城市小港镇指导春耕。")
    assert {(ORG, "宁化县农业科学研究所"), (PLACE, "丰城市"), (PLACE, "小港镇")} <= got
    got = found(nlp, "宁化县绿源果蔬专业合作社理事长柏春生带领社员种植草莓。")
    assert any(text == "宁化县绿源果蔬专业合作社" for _, text in got)


# ------------------------------------------------------------------ places

def test_places_of_other_provinces_towns_and_villages(nlp):
    got = found(nlp, "来自湖南省常德市、四川省绵阳市的客商考察了宁化县。")
    assert {(PLACE, "湖南省"), (PLACE, "常德市"), (PLACE, "四川省"), (PLACE, "绵阳市"), (PLACE, "宁化县")} <= got
    got = found(nlp, "在宁化县安远镇桃园村，村民正忙着采摘。")
    assert {(PLACE, "宁化县"), (PLACE, "安远镇"), (PLACE, "桃园村")} <= got
    got = found(nlp, "贵州省遵义市湄潭县的茶农来到宁化学习经验。")
    assert {(PLACE, "贵州省"), (PLACE, "遵义市"), (PLACE, "湄潭县")} <= got


def test_zones_as_places(nlp):
    got = found(nlp, "项目位于宁化高新区，客商还考察了丰城经济开发区。")
    assert {(PLACE, "宁化高新区"), (PLACE, "丰城经济开发区")} <= got


def test_foreign_countries(nlp):
    got = found(nlp, "企业产品远销德国、日本、越南等国家，并在新加坡设立办事处。")
    assert {(PLACE, "德国"), (PLACE, "日本"), (PLACE, "越南"), (PLACE, "新加坡")} <= got


def test_foreign_cities_after_their_country(nlp):
    got = found(nlp, "代表团前往法国巴黎、日本大阪开展经贸交流，他来自美国纽约。")
    assert {(PLACE, "法国"), (PLACE, "巴黎"), (PLACE, "日本"), (PLACE, "大阪"), (PLACE, "美国"), (PLACE, "纽约")} <= got
    assert (PLACE, "法国巴黎") not in got


def test_a_foreign_body_is_no_city(nlp):
    got = found(nlp, "他到美国访问，美国商务部表示欢迎。")
    assert (PLACE, "美国") in got
    assert not any(text == "商务部" and kind == PLACE for kind, text in got)


def test_verbs_before_a_suffix_make_no_company(nlp):
    got = found(nlp, "青禾食品将在当地建设生产基地，并在宁化县投资建设生产基地。")
    assert not any(text.endswith("生产基地") and text.startswith(("建设", "投资")) for _, text in got)


def test_a_project_name_does_not_end_inside_a_company(nlp):
    got = found(nlp, "宁化县翠江镇人民政府与福建省禾源建设工程有限公司签订协议。")
    assert {(GOV, "宁化县翠江镇人民政府"), (COMPANY, "福建省禾源建设工程有限公司")} <= got
    assert not any(kind == EntityType.PROJECT for kind, _ in got)


def test_hospitals_schools_and_institutes_of_other_provinces(nlp):
    got = found(nlp, "四川大学华西医院专家到泰和县中医院开展义诊，宁化县第二中学的师生参加。")
    assert {(ORG, "四川大学华西医院"), (ORG, "泰和县中医院"), (ORG, "宁化县第二中学")} <= got
    got = found(nlp, "江西省农业科学院、南昌大学的专家与中国科学院南京土壤研究所签订合作协议。")
    assert {(ORG, "江西省农业科学院"), (ORG, "南昌大学"), (ORG, "中国科学院南京土壤研究所")} <= got


def test_credit_unions_family_farms_and_cooperatives(nlp):
    got = found(nlp, "宁化农商银行、泰和县农村信用合作联社为泰和县禾丰家庭农场发放贷款。")
    assert {(COMPANY, "宁化农商银行"), (COMPANY, "泰和县农村信用合作联社"), (COMPANY, "泰和县禾丰家庭农场")} <= got


def test_a_team_is_no_body(nlp):
    got = found(nlp, "四川大学华西医院专家团队到泰和县人民医院开展义诊。")
    assert {(ORG, "四川大学华西医院"), (ORG, "泰和县人民医院")} <= got
    assert not any("专家团" in text for _, text in got)


def test_the_kind_of_subsidiary_is_not_in_its_name(nlp):
    got = found(nlp, "青禾股份公告称，公司将在宁化设立全资子公司宁化青禾新能源有限公司。")
    assert (COMPANY, "宁化青禾新能源有限公司") in got
    assert not any(text.endswith("有限公司") and "子公司" in text for _, text in got)


@pytest.mark.parametrize("text, full, short", [
    ("宁化县城市建设投资集团有限公司（宁化城投）负责项目建设，宁化城投表示将按期完工。",
     "宁化县城市建设投资集团有限公司", "宁化城投"),
    ("江西师范大学（江西师大）与泰和县签约，江西师大将派出专家。", "江西师范大学", "江西师大"),
])
def test_an_abbreviation_in_brackets_is_a_short_form(nlp, text, full, short):
    names = names_of(nlp, text)
    assert full in names and names[short] == full


def test_a_region_or_another_body_in_brackets_is_no_short_form(nlp):
    names = names_of(nlp, "宁化青禾食品有限公司（宁化）投产。中共宁化县委组织部（县人才办）发布通知。")
    assert names.get("宁化") != "宁化青禾食品有限公司"
    assert names.get("县人才办", "") != "中共宁化县委组织部"


def test_rivers_lakes_plains_and_regions_are_places():
    nlp = make_nlp()
    pairs = mention_pairs(extract(nlp, "沿着松花江南下，华北平原与长三角、皖北的客商来到白洋淀，回顾历史长河。两河交汇处王海说。"))
    for name in ("松花江", "华北平原", "长三角", "皖北", "白洋淀"):
        assert ("Place", name) in pairs
    assert not {text for kind, text in pairs if kind == "Place" and text in ("长河", "两河")}
    assert ("Person", "王海") in pairs
    # 鹤|川北|垦: a region word cut out of an unknown name by the segmenter is no place
    assert ("Place", "川北") not in mention_pairs(extract(nlp, "旗下拥有鹤川北垦豆制品有限公司等3家子公司。"))


def test_a_predicate_the_walk_took_in_is_no_part_of_a_body(nlp):
    got = found(nlp, "柏青山强调，要落实市委、市政府印发的《丰城市乡村振兴三年行动方案》。")
    assert (GOV, "市委") in got and not any(text.startswith("落实") for _, text in got)


def test_a_joint_lab_is_named_with_its_joint_kind(nlp):
    got = found(nlp, "丰城市禾兴米业有限公司与江西农业工程学院共建的稻米深加工联合实验室正式揭牌。")
    assert (ORG, "稻米深加工联合实验室") in got
