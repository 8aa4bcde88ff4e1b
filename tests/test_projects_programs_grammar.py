"""Projects and programs written the many ways local news writes them, and the located_in / undertakes /
issued_by relations around them: made-up counties (石屏县), towns, companies and plans, written for these tests."""
from __future__ import annotations

import pytest

from kg.extract import make_nlp
from extraction import extract, mention_pairs, relation_triples


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


def found(nlp, sentence: str):
    results = extract(nlp, "标题\n\n" + sentence, "江州日报", "2030-03-06")
    return mention_pairs(results), relation_triples(results)


def names(pairs, kind: str) -> list[str]:
    return [text for t, text in pairs if t == kind]


@pytest.mark.parametrize("sentence, kind, name", [
    ("总投资12亿元的碧泉新能源电池项目近日在石屏县开工建设。", "Project", "碧泉新能源电池项目"),
    ("碧泉新能源电池项目总投资12亿元、占地260亩，建成后年产值可达30亿元。", "Project", "碧泉新能源电池项目"),
    ("总投资60亿元的石屏抽水蓄能电站项目今天开工。", "Project", "石屏抽水蓄能电站项目"),
    ("峰岭100兆瓦农光互补光伏项目并网发电。", "Project", "峰岭100兆瓦农光互补光伏项目"),
    ("江南智能制造产业园项目正式签约。", "Project", "江南智能制造产业园项目"),
    ("青峰渔光互补项目和城北储能电站项目同步推进。", "Project", "城北储能电站项目"),
    ("该县重点推进白鹭湖生态修复工程和滨江数据中心建设。", "Project", "白鹭湖生态修复工程"),
    ("石屏县启动柳河综合整治工程，总投资3亿元。", "Project", "柳河综合整治工程"),
    ("石屏县东湖片区城市更新项目完成拆迁。", "Project", "石屏县东湖片区城市更新项目"),
    ("禾丰公司投资5亿元建设的年产8万吨冷冻调理食品扩建项目开工。", "Project", "年产8万吨冷冻调理食品扩建项目"),
    ("由江州远洋渔业有限公司投资建设的深海养殖装备产业园项目落户石屏县。", "Project", "深海养殖装备产业园项目"),
    ("石屏县城北老旧厂房改造项目年底完工。", "Project", "石屏县城北老旧厂房改造项目"),
    ("石屏县制定农村人居环境整治三年行动方案，全面改善村容村貌。", "Program", "农村人居环境整治三年行动方案"),
    ("全县开展“清风护航”专项行动，整治突出问题。", "Program", "“清风护航”专项行动"),
    ("第五届江南茶文化博览会在石屏县开幕。", "Program", "第五届江南茶文化博览会"),
    ("3月4日，全县重点项目建设推进会召开。", "Program", "全县重点项目建设推进会"),
    ("石屏县实施“千企转型”工程，推动传统产业升级。", "Program", "“千企转型”工程"),
    ("第十二届中国（江州）国际农产品交易会今日开幕。", "Program", "第十二届中国(江州)国际农产品交易会"),
    ("县政府新闻办举行“石屏这十年”系列新闻发布会。", "Program", "“石屏这十年”系列新闻发布会"),
    ("县总工会去年发出的“匠心石屏”倡议得到响应。", "Program", "“匠心石屏”倡议"),
    ("省农业农村厅“百村示范工程”稳步推进。", "Program", "“百村示范工程”"),
    # an aside that introduces a short form is no part of the meeting's name
    ("1月6日，江州碧泉控股集团有限公司（以下简称“碧泉集团”）2030年度工作会议在集团总部召开。", "Program", "2030年度工作会议"),
])
def test_names_are_found_whole(nlp, sentence, kind, name):
    assert name in names(found(nlp, sentence)[0], kind)


@pytest.mark.parametrize("sentence, kind, wrong", [
    ("华东风电有限公司计划总投资20亿元，建设石屏海上风电项目。", "Program", "华东风电有限公司计划"),  # plans to
    ("石屏县印发实施方案，明确工作任务。", "Program", "石屏县印发实施方案"),  # a verb and a generic kind
    ("石屏县今年将开展三年行动，提升城市品质。", "Program", "三年行动"),
    ("本次活动共签约项目18个，总投资56亿元。", "Project", "签约项目"),  # a count, no name
    ("县里加快推进光伏项目建设。", "Project", "光伏项目"),  # a kind of project, no name
    ("石屏县推行“靶向式”招商，精准引进企业。", "Program", "“靶向式”"),  # a descriptor in quotes
    ("总投资60亿元的石屏抽水蓄能电站项目今天开工。", "Project", "蓄能电站项目"),  # a piece of the name
    ("会议要求专人专班负责项目推进。", "Project", "专人专班负责项目"),  # a verb that runs it, not its work
    ("从种苗培育、加工技改、品牌营销等3个方面提出12条措施。", "Program", "加工技改"),  # aspects, not measures
    ("副县长郁文涛、柏青列席会议。", "Program", "柏青列席会议"),  # who attends is no part of the meeting
    ("石屏县实施乡村振兴项目。", "Project", "乡村振兴项目"),  # a short description after the verb: a kind
    ("甲乙丙三方签订石屏光伏电站项目合作协议。", "Project", "三方签订石屏光伏电站项目"),
    ("市商务局局长柏青应邀出席会议。", "Program", "应邀出席会议"),  # a verb glued to the word before it
])
def test_no_name_is_made_of_verbs_counts_or_kinds(nlp, sentence, kind, wrong):
    assert wrong not in names(found(nlp, sentence)[0], kind)


@pytest.mark.parametrize("sentence, triple", [
    ("由临川远达建设集团有限公司投资建设的远达智慧物流园项目已完成主体施工。",
     ("undertakes", "临川远达建设集团有限公司", "远达智慧物流园项目")),
    ("石屏县城市综合管廊项目由华东中建工程有限公司承建。",
     ("undertakes", "华东中建工程有限公司", "石屏县城市综合管廊项目")),
    ("江州鸿达置业有限公司承建的石屏县人民医院新院区项目主体封顶。",
     ("undertakes", "江州鸿达置业有限公司", "石屏县人民医院新院区项目")),
    ("华东风电有限公司计划总投资20亿元，建设石屏海上风电项目。",
     ("undertakes", "华东风电有限公司", "石屏海上风电项目")),
    ("总投资8亿元的云帆冷链物流中心项目在石屏县开工。", ("locatedIn", "云帆冷链物流中心项目", "石屏县")),
    ("在石屏县青龙镇，云帆冷链物流中心项目已完成投资2亿元。", ("locatedIn", "云帆冷链物流中心项目", "青龙镇")),
    ("石屏县青龙镇的云帆冷链物流中心项目建设正酣。", ("locatedIn", "云帆冷链物流中心项目", "青龙镇")),
    ("华远新材料有限公司的年产5万吨碳纤维项目落户石屏县。", ("locatedIn", "年产5万吨碳纤维项目", "石屏县")),
    ("3月8日，2030石屏县招商引资推介会在江州举行，由石屏县商务局主办。",
     ("issuedBy", "2030石屏县招商引资推介会", "石屏县商务局")),
    ("省发展改革委印发《关于加快推进县域商业体系建设的实施意见》。",
     ("issuedBy", "《关于加快推进县域商业体系建设的实施意见》", "省发展改革委")),
    ("云帆冷链物流中心项目总投资8亿元。该项目由江州云帆物流有限公司投资建设，位于石屏经济开发区。",
     ("undertakes", "江州云帆物流有限公司", "云帆冷链物流中心项目")),
    ("云帆冷链物流中心项目总投资8亿元。该项目由江州云帆物流有限公司投资建设，位于石屏经济开发区。",
     ("locatedIn", "云帆冷链物流中心项目", "石屏经济开发区")),
    ("《石屏县文旅融合发展方案》已由县人民政府办公室正式印发。",
     ("issuedBy", "《石屏县文旅融合发展方案》", "县人民政府办公室")),
])
def test_relations_hang_on_the_names(nlp, sentence, triple):
    assert triple in found(nlp, sentence)[1]


def test_a_place_fronted_by_zai_places_only_the_project_after_its_comma(nlp):
    _, triples = found(nlp, "在石屏县青龙镇，华东风电有限公司召开推进会。")
    assert not [t for t in triples if t[0] == "locatedIn"]


def test_a_document_short_form_in_title_marks_names_the_document(nlp):
    results = extract(nlp, "标题\n\n省林业局印发《关于推进林下经济发展的意见》（以下简称《意见》）。《意见》提出五项任务。",
                      "江州日报", "2030-03-06")
    shorts = [m for r in results for m in r.mentions if m.text == "《意见》"]
    assert len(shorts) == 2 and {m.name for m in shorts} == {"《关于推进林下经济发展的意见》"}


def test_the_builder_named_after_is_not_what_is_sited(nlp):
    _, triples = found(nlp, "云帆冷链物流中心项目由江州云帆物流有限公司投资建设，位于石屏经济开发区。")
    assert ("locatedIn", "江州云帆物流有限公司", "石屏经济开发区") not in triples
