"""Extraction on small texts written for the tests, and on the seeds: what must be found and what must not."""
from __future__ import annotations

import pytest

from kg.corpus import issue_from_text
from kg.extract import extract_issue, make_nlp
from kg.model import IssueMeta
from extraction import extract, mention_pairs, post_tuples, relation_triples


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


def run(nlp, text: str, newspaper: str = "聊城日报"):
    results = extract(nlp, text, newspaper)
    return mention_pairs(results), post_tuples(results), relation_triples(results)


def test_the_pipeline_is_spacy_with_jieba(nlp):
    assert nlp.lang == "zh" and nlp.config["nlp"]["tokenizer"]["segmenter"] == "jieba"
    assert nlp.pipe_names == ["kg_places", "kg_orgs", "kg_persons", "kg_programs", "kg_statistical", "kg_select",
                              "kg_relations", "kg_inner"]


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
    assert {("王鹏", "本报", ("记者",)), ("董金鑫", "本报", ("记者",))} <= set(posts)
    # a correspondent in the dateline writes for another unit; 本报通讯员 is the paper's own
    assert ("Person", "王崇") in mentions and not [p for p in posts if p[0] == "王崇"]
    _, posts, _ = run(nlp, "■ 本报通讯员 李华\n\n春耕时节,田间地头一派繁忙。")
    assert ("李华", "本报", ("通讯员",)) in posts


def test_a_name_right_after_its_body_speaks_for_it(nlp):
    _, posts, _ = run(nlp, "“政策直达企业。”莘县公共就业和人才服务中心王丽介绍。")
    assert ("王丽", "莘县公共就业和人才服务中心", ()) in posts


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


def test_departments_the_segmenter_glues_or_does_not_know(nlp):
    # 局等 is one jieba word; 市卫健局 is not in jieba's dictionary
    mentions, _, _ = run(nlp, "市民政局、市水利局等部门参加会议。由县委政法委牵头,市卫健局、消防队联合开展演练。")
    for name in ("市民政局", "市水利局", "市卫健局", "消防队"):
        assert ("GovernmentBody", name) in mentions


def test_the_verb_before_a_quoted_program_is_not_its_name(nlp):
    mentions, _, _ = run(nlp, "全县持续深化“一村一品”行动,完善“2+5”服务机制。")
    assert ("Program", "“一村一品”行动") in mentions
    assert ("Program", "“2+5”服务机制") in mentions


def test_quoted_words_that_name_no_program(nlp):
    text = ("开展“精准式”帮扶,通过“莘县就业”公众号发布岗位,派出“项目专员”上门服务。"
            "一场以“平安校园 你我同行”为主题的活动举行。工作从“单点突破”走向“全域推进”。")
    mentions, _, _ = run(nlp, text)
    assert not [m for m in mentions if m[0] == "Program"], mentions


def test_quoted_names_that_are_programs_or_places(nlp):
    mentions, _, _ = run(nlp, "这是高唐县今年“乡村振兴课”的一堂。全县培育省级“瞪羚企业”52家,打造“一河两岸”风光带。")
    assert ("Program", "“乡村振兴课”") in mentions
    assert ("Program", "“瞪羚企业”") in mentions
    assert ("Place", "“一河两岸”风光带") in mentions


def test_a_zone_needs_a_name_before_its_kind(nlp):
    mentions, _, _ = run(nlp, "高唐经济开发区扛牢国家级开发区使命担当。")
    assert ("Place", "高唐经济开发区") in mentions
    assert not [m for m in mentions if m[1].endswith("国家级开发区")]


def test_a_cited_news_headline_is_no_program_but_its_place_is(nlp):
    mentions, _, _ = run(nlp, "我读了报纸刊发的《小积分 大文明——莘县以“积分制”推动乡村治理》,很受启发。")
    assert not [m for m in mentions if m[0] == "Program"], mentions
    assert ("Place", "莘县") in mentions


def test_a_yearly_meeting_is_named_with_its_body(nlp):
    mentions, _, rels = run(nlp, "5月8日,山东省物流与采购协会（山东物流协会）2026年年会在济南召开。")
    assert ("Program", "山东省物流与采购协会(山东物流协会)2026年年会") in mentions
    assert ("Organization", "山东省物流与采购协会") in mentions
    assert ("issuedBy", "山东省物流与采购协会(山东物流协会)2026年年会", "山东省物流与采购协会") in rels


def test_a_fund_a_government_runs_is_a_program(nlp):
    mentions, _, _ = run(nlp, "该企业获得市新能源汽车产业发展扶持资金120万元,还有一笔专项资金。")
    assert ("Program", "市新能源汽车产业发展扶持资金") in mentions
    assert ("Program", "专项资金") not in mentions


def test_list_items_keep_the_type_their_own_suffix_gives(nlp):
    mentions, _, _ = run(nlp, "产品远销华东、华南等地区。争取实施省种业振兴工程、智能农机装备工程等省级以上平台。")
    assert ("Place", "华东") in mentions and ("Place", "华南") in mentions
    assert not [m for m in mentions if m[0] == "Place" and "远销" in m[1]]
    assert ("Program", "智能农机装备工程") in mentions


def test_generic_platforms_and_projects_are_kinds(nlp):
    mentions, _, _ = run(nlp, "推动现有技术创新中心、重点实验室等平台升级,完善研发项目管理。")
    assert not [m for m in mentions if m[0] in ("Organization", "Project")], mentions


def test_list_typing_reads_the_whole_category(nlp):
    mentions, _, _ = run(nlp, "深化与中科院、北京大学等高等院校合作。具备保税仓储、出口退税等多项政策功能。"
                              "省级以上制造业单项冠军、专精特新、瞪羚等优质企业达到300家。")
    assert ("Organization", "中科院") in mentions  # the first 等 ends the list, not 等 of 高等院校
    assert not [m for m in mentions if m[0] in ("Program", "Company")], mentions


def test_a_province_major_project_list_is_no_project(nlp):
    mentions, _, _ = run(nlp, "物流园铁路专用线列入2026年山东省重大项目。")
    assert ("Place", "山东省") in mentions
    assert not [m for m in mentions if m[0] == "Project"], mentions


def test_a_headquarters_set_up_by_the_city_is_a_government_body(nlp):
    mentions, _, _ = run(nlp, "我市成立了重大活动安全保障指挥部。")
    assert ("GovernmentBody", "重大活动安全保障指挥部") in mentions


def test_trade_names_with_an_industry_word(nlp):
    mentions, _, _ = run(nlp, "康迪生物获评国家级绿色工厂。河北华泰药业负责人李明介绍,新生物技术前景广阔。")
    assert ("Company", "康迪生物") in mentions
    assert ("Company", "河北华泰药业") in mentions
    assert not [m for m in mentions if m[0] == "Company" and "新生物" in m[1]]


def test_districts_listed_as_zones_of_renewal(nlp):
    mentions, _, _ = run(nlp, "实施古楼片区、运河东岸等8个片区更新改造,建成金凤路。")
    assert ("Place", "古楼片区") in mentions and ("Place", "运河东岸") in mentions


def test_rare_short_place_names_only_where_the_paper_is_local(nlp):
    mentions, _, _ = run(nlp, "同年5月,莘县印发方案;阳谷出台办法。村民常提起报纸上的惠民政策。")
    assert ("Place", "阳谷") in mentions  # 阳谷县 is in 聊城, the paper's region
    assert not [m for m in mentions if m[1] == "惠民"]  # 惠民县 is in 滨州: here the word means "for the people"


def test_a_far_countys_bare_short_form_is_a_word(nlp):
    # 新建区 (南昌) and 古城区 (丽江) are far from the paper: bare, these are "newly built" and "an old town"
    mentions, _, _ = run(nlp, "莘县新建的古城公园开园,游客说新建的步道很好走。")
    assert ("Place", "莘县") in mentions
    assert not [m for m in mentions if m[1] in ("新建", "古城")]


def test_foreign_names_after_any_title(nlp):
    mentions, posts, _ = run(nlp, "中国—中东欧国家合作促进委员会主任斯塔塔尼舍夫、莫姆奇尔·埃米洛夫出席会议。")
    assert ("Person", "斯塔塔尼舍夫") in mentions
    assert ("Person", "莫姆奇尔·埃米洛夫") in mentions


def test_a_given_name_may_end_in_a_character_that_opens_verbs(nlp):
    mentions, _, _ = run(nlp, "副市长李强介绍,工作推进顺利。会上,刘强调整了议程。")
    assert ("Person", "李强") in mentions  # 强 closes the name here; 强调 is not read into it


def test_company_names_with_a_bracketed_or_oddly_tagged_region(nlp):
    mentions, _, _ = run(nlp, "而在欧通(山东)纺织有限公司,订单饱满。聊城高新物资有限公司积极探索海外仓。")
    assert ("Company", "欧通(山东)纺织有限公司") in mentions
    assert ("Company", "聊城高新物资有限公司") in mentions


def test_words_that_look_like_bodies_but_are_not(nlp):
    text = ("共同构建合作共赢的新格局。围绕市委、市政府中心工作积极作为。当地政府联系科研院所。"
            "聚焦研究型、智慧型医院建设。一个世界500强企业。聊城机场计划今年开工。")
    mentions, _, _ = run(nlp, text)
    names = {m[1] for m in mentions}
    assert not names & {"新格局", "市政府中心", "当地政府", "智慧型医院", "世界", "聊城机场计划"}, mentions


def test_a_region_and_a_state_function_name_a_department(nlp):
    mentions, _, _ = run(nlp, "记者从德州税务部门获悉,相关部门将加强监管。")
    assert ("GovernmentBody", "德州税务部门") in mentions
    assert not [m for m in mentions if m[1] == "相关部门"]


def test_places_listed_beside_known_places(nlp):
    mentions, _, _ = run(nlp, "对北美、东盟、非洲分别出口3亿元、2亿元、1亿元。")
    for name in ("北美", "东盟", "非洲"):
        assert ("Place", name) in mentions


def test_a_clause_verb_after_an_adverb_is_not_part_of_a_name(nlp):
    mentions, _, _ = run(nlp, "产品稳定供应潍柴集团等知名企业。落实全市工业稳增长奖励政策。")
    assert ("Company", "潍柴集团") in mentions
    assert ("Program", "工业稳增长奖励政策") in mentions


def test_an_adjective_after_a_trade_name_is_the_industry_inside_the_name(nlp):
    mentions, _, _ = run(nlp, "来自浙江的云岭精密制造有限公司落户青溪县。")
    assert ("Company", "云岭精密制造有限公司") in mentions


# --------------------------------------------------------------------------- components as configurable factories

def test_each_component_is_configured_in_one_place(nlp):
    from kg.extract import PIPELINE

    assert list(PIPELINE) == nlp.pipe_names
    assert nlp.config["components"]["kg_persons"]["repeat_names"] is True
    assert nlp.config["components"]["kg_relations"]["rules"][0] == "posts"


def test_one_component_runs_alone():
    orgs_only = make_nlp(only=["kg_orgs"])
    assert orgs_only.pipe_names == ["kg_orgs"]
    mentions, posts, rels = run(orgs_only, "临江县水利局局长柏文澜介绍，今年将新修水渠十条。")
    assert ("GovernmentBody", "临江县水利局") in mentions
    assert all(t not in ("Person", "Place") for t, _ in mentions) and not posts and not rels


def test_a_setting_switches_a_rule_off():
    text = "临江县水利局局长柏文澜介绍，今年将新修水渠十条。柏文澜要求各乡镇抓好落实。"
    with_repeats = run(make_nlp(only=["kg_persons", "kg_select"]), text)[0]
    without = run(make_nlp(only=["kg_persons", "kg_select"], config={"kg_persons": {"repeat_names": False}}), text)[0]
    assert with_repeats.count(("Person", "柏文澜")) == 2 and without.count(("Person", "柏文澜")) == 1


def test_an_unknown_step_is_refused():
    with pytest.raises(ValueError, match="unknown steps"):
        make_nlp(config={"kg_orgs": {"steps": ["suffix_names", "no_such_step"]}})


def test_rule_tables_say_what_kind_of_body_a_title_belongs_to():
    from kg.rules import table

    kinds = {row["body_kind"] for row in table("titles")}
    assert kinds <= {"party", "government", "company", "organization", "media", "any"}
    assert {row["type"] for row in table("org_suffixes")} == {"Company", "GovernmentBody", "Organization"}


def test_a_city_the_dictionary_tags_otherwise_opens_a_company_name(nlp):
    # 遵义 and 隆回 are tagged a verb and a time word by the dictionary: inside a name they are the places
    mentions, _, _ = run(nlp, "该项目由遵义云岭农业开发有限公司投资建设。隆回鹭洲纺织有限公司同日签约。")
    assert ("Company", "遵义云岭农业开发有限公司") in mentions
    assert ("Company", "隆回鹭洲纺织有限公司") in mentions


def test_a_word_tagged_as_a_numeral_without_being_a_figure_stays_in_a_name(nlp):
    mentions, _, _ = run(nlp, "由湖北云岭汽车零部件有限公司投资建设。全县三家企业入选。")
    assert ("Company", "湖北云岭汽车零部件有限公司") in mentions


def test_a_university_named_after_a_sector_is_no_government_body(nlp):
    mentions, _, _ = run(nlp, "云岭集团与岚川林业大学签署战略合作协议。岚川县公安医院开诊。市委党校举办培训班。")
    assert ("Organization", "岚川林业大学") in mentions and ("Organization", "岚川县公安医院") in mentions
    assert ("GovernmentBody", "市委党校") in mentions


def test_a_name_the_segmenter_glued_to_a_speech_verb(nlp):
    mentions, _, _ = run(nlp, "合作社理事长柏青明说：“今年春茶卖得好。”")
    assert ("Person", "柏青明") in mentions


def test_a_name_starts_after_the_space_that_ends_a_dateline(nlp):
    mentions, _, _ = run(nlp, "本报讯 江苏云岭木业集团有限公司今天开业。")
    assert ("Company", "江苏云岭木业集团有限公司") in mentions


def test_a_real_county_committee_before_a_deputy_secretary(nlp):
    # the segmenter cuts 勐海县|委副|书记: the committee is still the county's, the post its deputy secretary's
    mentions, posts, _ = run(nlp, "勐海县委副书记、县长柏青山主持会议。")
    assert ("GovernmentBody", "勐海县委") in mentions
    assert any(p[0] == "柏青山" and p[1] == "勐海县委" for p in posts)
