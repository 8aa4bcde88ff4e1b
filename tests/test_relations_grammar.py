"""The cue grammar of relations over made-up sentences (a made-up county, companies, officials), with the
mentions given: what each rule must find, and what it must not."""
from __future__ import annotations

import pytest

from kg.extract import make_nlp
from kg.extract.base import Cand
from kg.extract.relations import RULES
from kg.model import EntityType as T


@pytest.fixture(scope="module")
def nlp():
    return make_nlp(only=[])


def cands(text: str, *names) -> list[Cand]:
    """Mentions of ``names`` ((name, type) or (name, type, rule)) at their first place after the previous one."""
    out, at = [], 0
    for spec in names:
        name, kind = spec[0], spec[1]
        rule = spec[2] if len(spec) > 2 else "test"
        start = text.index(name, at)
        out.append(Cand(start, start + len(name), kind, rule))
        at = start + len(name)
    return sorted(out, key=lambda c: c.start)


def found(nlp, rule: str, text: str, *names) -> set[tuple]:
    doc = nlp.make_doc(text)
    ms = cands(text, *names)
    doc._.cands, doc._.context = ms, {"lead": True}
    name = [text[m.start:m.end] for m in ms]
    return {(f.type, name[f.subject], name[f.object], tuple(f.titles)) for f in RULES[rule](doc, ms)}


def test_links_of_one_chain_hold_their_titles_at_their_own_bodies(nlp):
    text = "县委常委、宣传部部长、县总工会主席郑远山出席。"
    got = found(nlp, "posts", text, ("县委", T.GOVERNMENT_BODY), ("宣传部", T.GOVERNMENT_BODY),
                ("县总工会", T.ORGANIZATION), ("郑远山", T.PERSON))
    assert got == {("post", "郑远山", "县委", ("常委",)), ("post", "郑远山", "宣传部", ("部长",)),
                   ("post", "郑远山", "县总工会", ("主席",))}


def test_a_link_without_a_body_holds_its_titles_at_the_body_before(nlp):
    text = "云岭材料集团党委书记、董事长 柯明远介绍。"
    got = found(nlp, "posts", text, ("云岭材料集团", T.COMPANY), ("柯明远", T.PERSON))
    assert got == {("post", "柯明远", "云岭材料集团", ("党委书记", "董事长"))}


def test_a_comma_joins_links_only_before_a_body_that_opens_the_clause(nlp):
    text = "青川县人大常委会副主任，青川县商会会长宁德海出席。"
    got = found(nlp, "posts", text, ("青川县人大常委会", T.GOVERNMENT_BODY), ("青川县商会", T.ORGANIZATION),
                ("宁德海", T.PERSON))
    assert ("post", "宁德海", "青川县人大常委会", ("副主任",)) in got
    text = "他曾任副主任，青川县商会会长宁德海出席。"
    got = found(nlp, "posts", text, ("青川县商会", T.ORGANIZATION), ("宁德海", T.PERSON))
    assert got == {("post", "宁德海", "青川县商会", ("会长",))}


def test_an_unfound_body_inside_a_chain_takes_its_titles_away(nlp):
    text = "青川县工商联主席、青川县总商会会长宁德海出席。"
    got = found(nlp, "posts", text, ("青川县工商联", T.ORGANIZATION), ("宁德海", T.PERSON))
    assert got == {("post", "宁德海", "青川县工商联", ("主席",))}


def test_several_names_after_one_title_each_hold_it(nlp):
    text = "青川县水利局副局长任秋生、柏小川参加。"
    got = found(nlp, "posts", text, ("青川县水利局", T.GOVERNMENT_BODY), ("任秋生", T.PERSON), ("柏小川", T.PERSON))
    assert {(s, o) for _, s, o, _ in got} == {("任秋生", "青川县水利局"), ("柏小川", "青川县水利局")}


def test_a_name_after_another_name_and_with_is_no_list(nlp):
    text = "青川县水利局局长任秋生与柏小川交谈。"
    got = found(nlp, "posts", text, ("青川县水利局", T.GOVERNMENT_BODY), ("任秋生", T.PERSON), ("柏小川", T.PERSON))
    assert {s for _, s, _, _ in got} == {"任秋生"}


def test_a_body_ending_in_the_first_character_of_its_title(nlp):
    text = "青川县委副书记、宣传部长蓝启航讲话。"
    got = found(nlp, "posts", text, ("青川县委", T.GOVERNMENT_BODY), ("宣传部", T.GOVERNMENT_BODY), ("蓝启航", T.PERSON))
    assert got == {("post", "蓝启航", "青川县委", ("副书记",)), ("post", "蓝启航", "宣传部", ("部长",))}


def test_a_dispatched_official_holds_the_post_at_the_sender(nlp):
    text = "青川县商务局派驻云岭材料公司服务专员严守义说。"
    got = found(nlp, "posts", text, ("青川县商务局", T.GOVERNMENT_BODY), ("云岭材料公司", T.COMPANY),
                ("严守义", T.PERSON))
    assert got == {("post", "严守义", "青川县商务局", ("服务专员",))}


def test_a_post_printed_after_the_name(nlp):
    text = "柯明远（云岭材料有限公司总经理）介绍了经验。"
    got = found(nlp, "posts", text, ("柯明远", T.PERSON), ("云岭材料有限公司", T.COMPANY))
    assert got == {("post", "柯明远", "云岭材料有限公司", ("总经理",))}
    text = "柯明远，云岭材料有限公司总经理，介绍了经验。"
    got = found(nlp, "posts", text, ("柯明远", T.PERSON), ("云岭材料有限公司", T.COMPANY))
    assert got == {("post", "柯明远", "云岭材料有限公司", ("总经理",))}
    text = "会议决定，蓝启航任青川县水利局局长。"
    got = found(nlp, "posts", text, ("蓝启航", T.PERSON), ("青川县水利局", T.GOVERNMENT_BODY))
    assert got == {("post", "蓝启航", "青川县水利局", ("局长",))}
    text = "记者柯明远，云岭材料有限公司总经理蓝启航陪同。"
    got = found(nlp, "posts", text, ("柯明远", T.PERSON), ("云岭材料有限公司", T.COMPANY), ("蓝启航", T.PERSON))
    assert {s for _, s, _, _ in got} == {"蓝启航"}
    text = "蓝启航在青川县水利局调研。"
    assert not found(nlp, "posts", text, ("蓝启航", T.PERSON), ("青川县水利局", T.GOVERNMENT_BODY))


def framed(text: str, *names) -> set[tuple]:
    from kg.extract.frames import frame_facts

    ms = cands(text, *names)
    name = [text[m.start:m.end] for m in ms]
    return {(f.relation, name[f.subject], name[f.object]) for f in frame_facts(text, ms)}


def test_signers_with_a_date_and_place_before_the_cue():
    text = "白石机械有限公司与青川大学于3月5日在临江市签署战略合作协议。"
    got = framed(text, ("白石机械有限公司", T.COMPANY), ("青川大学", T.ORGANIZATION), ("临江市", T.PLACE))
    assert ("partnerOf", "白石机械有限公司", "青川大学") in got


def test_talks_and_attendance_are_no_partnership():
    text = "白石机械有限公司与青川大学座谈交流合作。"
    assert not framed(text, ("白石机械有限公司", T.COMPANY), ("青川大学", T.ORGANIZATION))
    text = "白石机械有限公司、青川大学负责人出席签约仪式。"
    assert not framed(text, ("白石机械有限公司", T.COMPANY), ("青川大学", T.ORGANIZATION))


def test_hand_in_hand_supplier_and_stake():
    text = "白石机械有限公司携手青川大学共建实验室。"
    assert ("partnerOf", "白石机械有限公司", "青川大学") in framed(
        text, ("白石机械有限公司", T.COMPANY), ("青川大学", T.ORGANIZATION))
    text = "白石机械有限公司成为云岭汽车集团的核心供应商。"
    assert ("partnerOf", "白石机械有限公司", "云岭汽车集团") in framed(
        text, ("白石机械有限公司", T.COMPANY), ("云岭汽车集团", T.COMPANY))


def test_sited_with_a_date_between_but_not_a_noun():
    text = "白石重型装备项目于2030年3月正式落户青川经济开发区。"
    got = framed(text, ("白石重型装备项目", T.PROJECT), ("青川经济开发区", T.PLACE))
    assert got == {("locatedIn", "白石重型装备项目", "青川经济开发区")}
    text = "白石机械集团青川产业园签约落户青川经济开发区。"  # the park settles, not the company
    assert not framed(text, ("白石机械集团", T.COMPANY), ("青川经济开发区", T.PLACE))


def test_a_place_before_its_companies_and_a_clause_before_located():
    text = "青川县的白石机械有限公司、云岭纺织有限公司产值翻番。"
    got = framed(text, ("青川县", T.PLACE), ("白石机械有限公司", T.COMPANY), ("云岭纺织有限公司", T.COMPANY))
    assert got == {("locatedIn", "白石机械有限公司", "青川县"), ("locatedIn", "云岭纺织有限公司", "青川县")}
    text = "白石机械有限公司成立于2010年，位于青川经济开发区。"
    got = framed(text, ("白石机械有限公司", T.COMPANY), ("青川经济开发区", T.PLACE))
    assert got == {("locatedIn", "白石机械有限公司", "青川经济开发区")}
    text = "青川县商务局负责人介绍。"  # a government body after its place: its name, no location
    assert not framed(text, ("青川县", T.PLACE), ("商务局", T.GOVERNMENT_BODY))


def test_builders_with_amounts_and_owners():
    text = "白石机械有限公司投资5亿元建设的白石重型装备项目进展顺利。"
    got = framed(text, ("白石机械有限公司", T.COMPANY), ("白石重型装备项目", T.PROJECT))
    assert ("undertakes", "白石机械有限公司", "白石重型装备项目") in got
    text = "云岭集团的青川新城项目开工。"
    assert ("undertakes", "云岭集团", "青川新城项目") in framed(text, ("云岭集团", T.COMPANY), ("青川新城项目", T.PROJECT))
    text = "青川县今年开工建设青川新城项目。"
    got = framed(text, ("青川县", T.PLACE), ("青川新城项目", T.PROJECT))
    assert got == {("locatedIn", "青川新城项目", "青川县")}


def test_a_first_level_department_gets_no_part_of_but_a_unit_inside_it_does(nlp):
    text = "青川县人民政府、青川县人民政府新闻办公室、青川县人民政府新闻办公室发布处召开会议。"
    got = found(nlp, "part_of", text, ("青川县人民政府", T.GOVERNMENT_BODY),
                ("青川县人民政府新闻办公室", T.GOVERNMENT_BODY), ("青川县人民政府新闻办公室发布处", T.GOVERNMENT_BODY))
    assert {(s, o) for _, s, o, _ in got} == {("青川县人民政府新闻办公室发布处", "青川县人民政府新闻办公室")}
    text = "云岭集团、云岭集团研究院发布成果。"
    got = found(nlp, "part_of", text, ("云岭集团", T.COMPANY), ("云岭集团研究院", T.ORGANIZATION))
    assert {(s, o) for _, s, o, _ in got} == {("云岭集团研究院", "云岭集团")}


def test_joint_research_and_supply_are_partnerships():
    text = "白石机械有限公司与青川大学联合研发新型轴承。"
    assert ("partnerOf", "白石机械有限公司", "青川大学") in framed(
        text, ("白石机械有限公司", T.COMPANY), ("青川大学", T.ORGANIZATION))
    text = "白石机械有限公司今年向云岭汽车集团批量供货。"
    assert ("partnerOf", "白石机械有限公司", "云岭汽车集团") in framed(
        text, ("白石机械有限公司", T.COMPANY), ("云岭汽车集团", T.COMPANY))
    text = "青川县税务局为白石机械有限公司提供上门服务。"  # a service, no supply
    assert not framed(text, ("青川县税务局", T.GOVERNMENT_BODY), ("白石机械有限公司", T.COMPANY))


def test_a_document_passed_by_a_bodys_meeting_is_issued_by_the_body(nlp):
    from kg.extract.inner import inner_mentions

    text = "青川县政府第12次常务会议审议通过了《青川县林地保护办法》。"
    doc = nlp.make_doc(text)
    ms = cands(text, ("青川县政府第12次常务会议", T.PROGRAM), ("《青川县林地保护办法》", T.PROGRAM))
    new, facts = inner_mentions(doc, ms)
    every = ms + new
    got = {(f.type, text[every[f.subject].start:every[f.subject].end], text[every[f.object].start:every[f.object].end])
           for f in facts}
    assert ("issuedBy", "《青川县林地保护办法》", "青川县政府") in got
    assert ("issuedBy", "青川县政府第12次常务会议", "青川县政府") in got


def test_a_program_before_its_organizer():
    text = "青川特产推介会由青川县商务局主办。"
    got = framed(text, ("青川特产推介会", T.PROGRAM), ("青川县商务局", T.GOVERNMENT_BODY))
    assert got == {("issuedBy", "青川特产推介会", "青川县商务局")}


def test_a_unit_named_by_its_heads_title_is_walked_over(nlp):
    text = "主持人：青川县政府办公室副主任、督查科科长蓝启航。"
    got = found(nlp, "posts", text, ("青川县政府办公室", T.GOVERNMENT_BODY), ("蓝启航", T.PERSON))
    assert got == {("post", "蓝启航", "青川县政府办公室", ("副主任",))}


def test_a_project_before_its_builder():
    text = "青川新城项目总投资5亿元，由云岭置业有限公司投资建设。"
    got = framed(text, ("青川新城项目", T.PROJECT), ("云岭置业有限公司", T.COMPANY))
    assert got == {("undertakes", "云岭置业有限公司", "青川新城项目")}
    text = "青川新城项目的建设单位为云岭置业有限公司。"
    got = framed(text, ("青川新城项目", T.PROJECT), ("云岭置业有限公司", T.COMPANY))
    assert got == {("undertakes", "云岭置业有限公司", "青川新城项目")}


def test_joint_founders_are_partners_of_each_other_and_of_what_they_found():
    text = "白石机械有限公司与青川大学共同出资成立云岭智能科技有限公司。"
    got = framed(text, ("白石机械有限公司", T.COMPANY), ("青川大学", T.ORGANIZATION), ("云岭智能科技有限公司", T.COMPANY))
    pairs = {frozenset((s, o)) for r, s, o in got if r == "partnerOf"}
    assert pairs == {frozenset(p) for p in [("白石机械有限公司", "青川大学"), ("白石机械有限公司", "云岭智能科技有限公司"),
                                            ("青川大学", "云岭智能科技有限公司")]}


def test_two_titles_held_together_and_a_space_after_the_body(nlp):
    text = "云岭材料有限公司董事长兼总经理柯明远介绍。"
    got = found(nlp, "posts", text, ("云岭材料有限公司", T.COMPANY), ("柯明远", T.PERSON))
    assert got == {("post", "柯明远", "云岭材料有限公司", ("董事长", "总经理"))}
    text = "云岭材料有限公司 董事长 柯明远"
    got = found(nlp, "posts", text, ("云岭材料有限公司", T.COMPANY), ("柯明远", T.PERSON))
    assert got == {("post", "柯明远", "云岭材料有限公司", ("董事长",))}


def test_a_chain_after_a_comma_that_goes_on_to_a_name_is_that_names(nlp):
    text = "省里来的干部柯明远，县委常委、副县长蓝启航出席。"
    got = found(nlp, "posts", text, ("柯明远", T.PERSON), ("县委", T.GOVERNMENT_BODY), ("蓝启航", T.PERSON))
    assert {s for _, s, _, _ in got} == {"蓝启航"}


def test_a_place_that_brings_in_a_project_and_a_company_before_its_project():
    text = "青川县今年签约落地青川新城项目。"
    assert framed(text, ("青川县", T.PLACE), ("青川新城项目", T.PROJECT)) == {("locatedIn", "青川新城项目", "青川县")}
    text = "白石机械有限公司年产5万台重型装备项目开工。"
    got = framed(text, ("白石机械有限公司", T.COMPANY), ("年产5万台重型装备项目", T.PROJECT))
    assert got == {("undertakes", "白石机械有限公司", "年产5万台重型装备项目")}
    text = "青川县与白石机械有限公司签约青川新城项目。"  # the place signs with a company: no place in the frame
    got = framed(text, ("青川县", T.PLACE), ("白石机械有限公司", T.COMPANY), ("青川新城项目", T.PROJECT))
    assert ("locatedIn", "青川新城项目", "青川县") not in got


def test_a_body_and_the_call_it_sent():
    text = "青川县妇联发出的“巾帼护河”倡议得到响应。"
    got = framed(text, ("青川县妇联", T.ORGANIZATION), ("“巾帼护河”倡议", T.PROGRAM))
    assert got == {("issuedBy", "“巾帼护河”倡议", "青川县妇联")}


def test_talks_about_cooperation_are_no_partnership():
    text = "白石机械有限公司与青川大学围绕深化合作进行会谈。"
    assert not framed(text, ("白石机械有限公司", T.COMPANY), ("青川大学", T.ORGANIZATION))


def test_subsidiaries_set_up_described_and_held():
    C = T.COMPANY
    text = "云岭集团去年在青川县设立全资子公司白石科技有限公司。"
    got = framed(text, ("云岭集团", C), ("青川县", T.PLACE), ("白石科技有限公司", C))
    assert ("partOf", "白石科技有限公司", "云岭集团") in got
    text = "白石科技有限公司系云岭集团全资子公司。"
    assert ("partOf", "白石科技有限公司", "云岭集团") in framed(text, ("白石科技有限公司", C), ("云岭集团", C))
    text = "云岭集团下属白石科技有限公司今年扩产。"
    assert ("partOf", "白石科技有限公司", "云岭集团") in framed(text, ("云岭集团", C), ("白石科技有限公司", C))


def test_each_signer_with_the_one_after_respectively_and_founders_of_what_they_found():
    C = T.COMPANY
    text = "白石科技有限公司、云岭机械有限公司分别与青川开发区管委会签订投资协议。"
    got = framed(text, ("白石科技有限公司", C), ("云岭机械有限公司", C), ("青川开发区管委会", T.GOVERNMENT_BODY))
    assert {("partnerOf", "白石科技有限公司", "青川开发区管委会"), ("partnerOf", "云岭机械有限公司", "青川开发区管委会")} <= got
    text = "由白石科技有限公司与云岭机械有限公司合资成立的青川智造有限公司投产。"
    got = framed(text, ("白石科技有限公司", C), ("云岭机械有限公司", C), ("青川智造有限公司", C))
    assert ("partnerOf", "白石科技有限公司", "青川智造有限公司") in got
    assert ("partnerOf", "云岭机械有限公司", "青川智造有限公司") in got


def test_a_short_form_aside_between_the_signers_is_read_past():
    text = "白石科技有限公司与青川农业科学研究院（以下简称“青川农科院”）签订合作协议。"
    got = framed(text, ("白石科技有限公司", T.COMPANY), ("青川农业科学研究院", T.ORGANIZATION),
                 ("青川农科院", T.ORGANIZATION))
    assert ("partnerOf", "白石科技有限公司", "青川农业科学研究院") in got


def test_an_investor_before_the_comma_builds_in_every_place_listed():
    text = "白石能源有限公司投资5亿元，在柳塘镇桂花村、青石村建设白石光伏项目。"
    got = framed(text, ("白石能源有限公司", T.COMPANY), ("柳塘镇", T.PLACE), ("桂花村", T.PLACE), ("青石村", T.PLACE),
                 ("白石光伏项目", T.PROJECT))
    assert ("undertakes", "白石能源有限公司", "白石光伏项目") in got
    assert {("locatedIn", "白石光伏项目", p) for p in ("柳塘镇", "桂花村", "青石村")} <= got



def test_a_listed_colleague_holds_the_title_at_the_same_body(nlp):
    text = "青川大学校长柏青、副校长郁文涛出席。"
    got = found(nlp, "posts", text, ("青川大学", T.ORGANIZATION), ("柏青", T.PERSON), ("郁文涛", T.PERSON))
    assert ("post", "郁文涛", "青川大学", ("副校长",)) in got
    text = "青川大学校长柏青、云岭公司总经理郁文涛出席。"  # a body of its own: the chain says it
    got = found(nlp, "posts", text, ("青川大学", T.ORGANIZATION), ("柏青", T.PERSON), ("云岭公司", T.COMPANY),
                ("郁文涛", T.PERSON))
    assert ("post", "郁文涛", "青川大学", ("总经理",)) not in got


def all_relations(nlp, text: str, *names) -> set[tuple]:
    from kg.extract.relations import RelationFinder

    doc = nlp.make_doc(text)
    doc._.cands, doc._.context = cands(text, *names), {"lead": True}
    name = [text[m.start:m.end] for m in doc._.cands]
    return {(f.type, name[f.subject], name[f.object]) for f in RelationFinder(list(RULES))(doc)._.relations}


def test_a_place_printed_with_the_one_it_holds_places_the_body_in_both(nlp):
    text = "白石重型装备项目坐落于青川县木鱼镇，总投资5亿元。"
    got = all_relations(nlp, text, ("白石重型装备项目", T.PROJECT), ("青川县", T.PLACE), ("木鱼镇", T.PLACE))
    assert {("locatedIn", "白石重型装备项目", "青川县"), ("locatedIn", "白石重型装备项目", "木鱼镇")} <= got
    text = "白石重型装备项目坐落于青川县，木鱼镇也在招商。"  # a place apart from the one that sites it is no site
    got = all_relations(nlp, text, ("白石重型装备项目", T.PROJECT), ("青川县", T.PLACE), ("木鱼镇", T.PLACE))
    assert ("locatedIn", "白石重型装备项目", "木鱼镇") not in got


def test_built_in_a_place_with_the_amount_before_the_verb():
    text = "云岭机械有限公司在青川县经济开发区投资5亿元建设的白石重型装备项目投产。"
    got = framed(text, ("云岭机械有限公司", T.COMPANY), ("青川县经济开发区", T.PLACE), ("白石重型装备项目", T.PROJECT))
    assert ("locatedIn", "白石重型装备项目", "青川县经济开发区") in got
    text = "云岭路桥有限公司在青川县承建的木鱼河大桥项目通车。"
    got = framed(text, ("云岭路桥有限公司", T.COMPANY), ("青川县", T.PLACE), ("木鱼河大桥项目", T.PROJECT))
    assert ("locatedIn", "木鱼河大桥项目", "青川县") in got


def test_a_group_spoken_of_is_the_parent_of_a_subsidiary_named_alone(nlp):
    text = "云岭控股集团有限公司召开年会。一批项目加快推进：旗下全资子公司白石新材料有限公司投产；控股子公司木鱼物流有限公司开业。"
    got = all_relations(nlp, text, ("云岭控股集团有限公司", T.COMPANY), ("白石新材料有限公司", T.COMPANY),
                        ("木鱼物流有限公司", T.COMPANY))
    assert {("partOf", "白石新材料有限公司", "云岭控股集团有限公司"),
            ("partOf", "木鱼物流有限公司", "云岭控股集团有限公司")} <= got
    text = "白石机械有限公司召开年会。控股子公司木鱼物流有限公司开业。"  # no group spoken of: no parent guessed
    got = all_relations(nlp, text, ("白石机械有限公司", T.COMPANY), ("木鱼物流有限公司", T.COMPANY))
    assert not any(r == "partOf" for r, _, _ in got)


def test_a_bare_head_opening_a_clause_takes_up_the_name(nlp):
    text = "青川理工学院召开大会。会上，学校与白石机械有限公司签订合作协议。"
    got = all_relations(nlp, text, ("青川理工学院", T.ORGANIZATION), ("白石机械有限公司", T.COMPANY))
    assert ("partnerOf", "青川理工学院", "白石机械有限公司") in got
    text = "青川理工学院召开大会。附属学校与白石机械有限公司签订合作协议。"  # a plain noun inside a phrase: no anaphor
    got = all_relations(nlp, text, ("青川理工学院", T.ORGANIZATION), ("白石机械有限公司", T.COMPANY))
    assert ("partnerOf", "青川理工学院", "白石机械有限公司") not in got


def test_the_bodies_that_build_a_joint_lab_are_its_partners():
    text = "白石机械有限公司与青川理工学院共建的精密铸造联合实验室揭牌。"
    got = framed(text, ("白石机械有限公司", T.COMPANY), ("青川理工学院", T.ORGANIZATION), ("精密铸造联合实验室", T.ORGANIZATION))
    assert {("partnerOf", "白石机械有限公司", "精密铸造联合实验室"), ("partnerOf", "青川理工学院", "精密铸造联合实验室")} <= got
