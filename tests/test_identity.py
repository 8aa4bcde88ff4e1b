"""One real-world entity, one node, on made-up corpora: persons by context, short and full company names,
and the user's curation file (each entry kind changes the graph as the README documents)."""
from __future__ import annotations

import pytest
import rdflib

from identity_corpus import Corpus, nodes
from kg.cli import main
from kg.curation import CurationError, load

P, C, G, PL = "Person", "Company", "GovernmentBody", "Place"


def two_counties() -> Corpus:
    c = Corpus()
    c.article("i1", "青禾县人民政府县长张伟主持召开全县经济工作会议。", [("青禾县人民政府", G), ("张伟", P)],
              [("张伟", "青禾县人民政府", "县长")])
    c.article("i2", "白石县农业农村局局长张伟到田间调研春耕。", [("白石县农业农村局", G), ("张伟", P)],
              [("张伟", "白石县农业农村局", "局长")], date="2024-05-08", paper="白石日报")
    return c


def test_same_name_in_two_counties_and_bodies_is_two_persons():
    kb = two_counties().resolve()
    people = nodes(kb, "张伟", P)
    assert [p.key for p in people] == ["person:张伟_白石县农业农村局", "person:张伟_青禾县人民政府"]
    assert all(p.name == "张伟" for p in people)
    (split,) = [d for d in kb.decisions if d.kind == "same-name-split"]
    assert sorted(split.keys) == [p.key for p in people] and split.confidence < 1


def test_official_in_two_issues_with_a_continuing_post_is_one_person_with_dated_posts():
    c = two_counties()
    c.results.pop("i2/a000")
    c.issues.pop()
    c.article("i3", "青禾县人民政府县长张伟检查防汛准备。", [("青禾县人民政府", G), ("张伟", P)],
              [("张伟", "青禾县人民政府", "县长")], date="2024-06-02")
    kb = c.resolve()
    (person,) = nodes(kb, "张伟", P)
    assert person.key == "person:张伟" and {m.article for m in person.mentions} == {"i1/a000", "i3/a000"}
    (post,) = kb.posts
    assert sorted(post.dates) == ["2024-03-01", "2024-06-02"]


def test_a_promotion_in_the_same_county_keeps_one_person_with_both_posts():
    c = two_counties()
    c.article("i3", "中共青禾县委书记张伟主持召开县委常委会。", [("中共青禾县委", G), ("张伟", P)],
              [("张伟", "中共青禾县委", "县委书记")], date="2025-01-10")
    kb = c.resolve()
    qinghe = next(p for p in nodes(kb, "张伟", P) if "i1/a000" in {m.article for m in p.mentions})
    assert {m.article for m in qinghe.mentions} == {"i1/a000", "i3/a000"} and "青禾县" in qinghe.key
    assert {p.organization for p in kb.posts if p.person == qinghe.key} == {"org:青禾县人民政府", "org:中共青禾县委"}
    assert len(nodes(kb, "张伟", P)) == 2


def test_a_mention_without_a_post_joins_the_person_of_its_county_or_is_reported():
    c = two_counties()
    c.article("i4", "张伟在白石县走访农户。", [("张伟", P), ("白石县", PL)], date="2024-07-01")
    c.article("i5", "张伟出席了座谈会。", [("张伟", P)], date="2024-08-01")
    kb = c.resolve()
    baishi = next(p for p in nodes(kb, "张伟", P) if p.key.endswith("白石县农业农村局"))
    assert "i4/a000" in {m.article for m in baishi.mentions}
    loose = kb.entities["person:张伟"]  # no evidence: a node of its own, reported
    assert {m.article for m in loose.mentions} == {"i5/a000"}
    kinds = {d.kind for d in kb.decisions}
    assert {"same-name-weak", "same-name-ambiguous"} <= kinds


def test_reporters_of_one_paper_are_one_person():
    c = Corpus()
    for n, day in (("r1", "2024-03-01"), ("r2", "2024-03-02")):
        c.article(n, "本报记者李明报道。", [("本报", "Organization"), ("李明", P)], [("李明", "本报", "记者")], date=day)
    kb = c.resolve()
    assert len(nodes(kb, "李明", P)) == 1


def companies() -> Corpus:
    c = Corpus()
    c.article("c1", "勐海县甲乙新材料科技有限公司年产值突破十亿元。", [("勐海县甲乙新材料科技有限公司", C)])
    c.article("c2", "甲乙新上一条生产线。", [("甲乙", C)], date="2024-04-01")
    c.article("c3", "勐海丙丁科技有限公司与勐海戊己科技有限公司签约。",
              [("勐海丙丁科技有限公司", C), ("勐海戊己科技有限公司", C)], date="2024-05-01")
    return c


def test_a_company_by_full_name_in_one_issue_and_short_name_in_another_is_one():
    kb = companies().resolve()
    (company,) = nodes(kb, "甲乙", C)
    assert company.name == "勐海县甲乙新材料科技有限公司" and company.key == "company:甲乙新材料科技"
    (link,) = [d for d in kb.decisions if d.kind == "short-name"]
    assert link.keys == [company.key] and 0 < link.confidence < 1 and "新材料科技" in link.evidence


def test_an_industry_named_by_its_material_and_ye_is_left_out_of_the_short_name():
    c = Corpus()
    c.article("m1", "勐海庚辛木业集团有限公司开业。", [("勐海庚辛木业集团有限公司", C)])
    c.article("m2", "庚辛集团董事长王某某出席。", [("庚辛集团", C)], date="2024-06-02")
    kb = c.resolve()
    (company,) = nodes(kb, "庚辛集团", C)
    assert company.name == "勐海庚辛木业集团有限公司"


def test_a_name_without_the_region_that_opened_it_is_the_same_body():
    c = Corpus()
    c.article("h1", "浙江庚辛医院与勐海县人民医院共建专科联盟。庚辛医院派驻专家。",
              [("浙江庚辛医院", "Organization"), ("勐海县人民医院", "Organization"), ("庚辛医院", "Organization")])
    kb = c.resolve()
    orgs = {e.key for e in kb.entities.values() if e.type == "Organization"}
    assert len(orgs) == 2


def test_two_companies_sharing_a_region_and_an_industry_word_stay_two():
    kb = companies().resolve()
    a, b = nodes(kb, "勐海丙丁科技有限公司", C), nodes(kb, "勐海戊己科技有限公司", C)
    assert len(a) == len(b) == 1 and a[0].key != b[0].key


def test_a_region_and_industry_words_alone_are_no_short_name():
    c = Corpus()
    c.article("k1", "勐海科技有限公司和和静科技有限公司。", [("勐海科技有限公司", C), ("和静科技有限公司", C)])
    kb = c.resolve()
    assert len({e.key for e in kb.entities.values() if e.type == C}) == 2


def test_two_full_names_with_one_stem_leave_the_short_name_apart_and_say_so():
    c = companies()
    c.article("c4", "甲乙化工有限公司扩产。", [("甲乙化工有限公司", C)], date="2024-06-01")
    kb = c.resolve()
    assert len(nodes(kb, "甲乙", C)) == 1 and nodes(kb, "甲乙", C)[0].name == "甲乙"
    assert any(d.kind == "short-name-ambiguous" for d in kb.decisions)


# --------------------------------------------------------------------------- curation

def curated(tmp_path, text: str, corpus: Corpus | None = None):
    path = tmp_path / "curation.toml"
    path.write_text(text, encoding="utf-8")
    return (corpus or companies()).resolve(load(path))


def test_curation_same_joins_two_entities(tmp_path):
    kb = curated(tmp_path, '[[same]]\nnames = ["勐海丙丁科技有限公司", "勐海戊己科技有限公司"]\n')
    assert len({e.key for e in nodes(kb, "勐海丙丁科技有限公司") + nodes(kb, "勐海戊己科技有限公司")}) == 1
    assert any(d.kind == "curation-same" for d in kb.decisions) and not kb.curation_unmatched


def test_curation_different_splits_a_short_name_off(tmp_path):
    kb = curated(tmp_path, '[[different]]\nnames = ["勐海县甲乙新材料科技有限公司", "甲乙"]\n')
    assert len({e.key for e in nodes(kb, "甲乙") + nodes(kb, "勐海县甲乙新材料科技有限公司")}) == 2


def test_curation_different_splits_what_one_key_joined(tmp_path):
    c = Corpus()
    c.article("d1", "勐海甲乙有限公司和和静甲乙公司。", [("勐海甲乙有限公司", C), ("和静甲乙公司", C)])
    assert len(nodes(c.resolve(), "和静甲乙公司")) == 1 and len({e.key for e in c.resolve().entities.values()}) == 1
    kb = curated(tmp_path, '[[different]]\nnames = ["勐海甲乙有限公司", "和静甲乙公司"]\n', c)
    assert len({e.key for e in kb.entities.values()}) == 2


def test_curation_type_retypes_a_name(tmp_path):
    kb = curated(tmp_path, '[[type]]\nname = "甲乙"\ntype = "Organization"\n')
    (org,) = nodes(kb, "甲乙")
    assert org.type == "Organization"


def test_curation_alias_adds_a_name_and_joins_its_entity(tmp_path):
    kb = curated(tmp_path, '[[alias]]\nname = "勐海丙丁科技有限公司"\nalias = "勐海戊己科技有限公司"\n')
    (one,) = nodes(kb, "勐海戊己科技有限公司")
    assert one.name == "勐海丙丁科技有限公司" and "勐海戊己科技有限公司" in one.aliases


def test_curation_ignore_drops_a_name(tmp_path):
    kb = curated(tmp_path, '[[ignore]]\nname = "甲乙"\n')
    (company,) = nodes(kb, "勐海县甲乙新材料科技有限公司")
    assert "甲乙" not in company.aliases and not nodes(kb, "甲乙")


def test_curation_entry_matching_nothing_is_reported(tmp_path):
    kb = curated(tmp_path, '[[same]]\nnames = ["无此公司", "甲乙"]\n[[ignore]]\nname = "无此名"\n')
    assert len(kb.curation_unmatched) == 2 and "无此名" in " ".join(kb.curation_unmatched)


@pytest.mark.parametrize("text, says", [
    ("[[same]\nnames = 1", "not valid TOML"),
    ('[[merge]]\nnames = ["a", "b"]\n', "unknown section"),
    ('[[same]]\nnames = ["a"]\n', "two or more"),
    ('[[type]]\nname = "a"\ntype = "Firm"\n', "unknown type"),
    ('[[ignore]]\nname = ""\n', "non-empty"),
])
def test_a_malformed_curation_file_is_one_clear_error(tmp_path, text, says):
    path = tmp_path / "curation.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CurationError, match=says) as err:
        load(path)
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_a_region_is_no_stem_of_short_names():
    c = Corpus()
    c.article("k2", "勐海建材有限公司和勐海电子科技有限公司。", [("勐海建材有限公司", C), ("勐海电子科技有限公司", C)])
    kb = c.resolve()
    assert len({e.key for e in kb.entities.values() if e.type == C}) == 2 and not kb.decisions


def test_a_county_level_city_named_in_passing_does_not_make_the_article_its_own():
    c = Corpus()
    c.article("q1", "市委、市政府支持昆山项目。市政府秘书长柏青山出席。",
              [("市政府", G), ("昆山", PL), ("市政府", G), ("柏青山", P)])
    c.article("q2", "昆山市召开大会。市政府秘书长蒲一鸣出席。", [("昆山市", PL), ("市政府", G), ("蒲一鸣", P)])
    kb = c.resolve()
    assert {m.article[:2] for m in nodes(kb, "昆山市人民政府", G)[0].mentions} == {"q2"}


def test_a_party_department_in_a_title_chain_is_the_department_of_the_committee_named_before():
    c = Corpus()
    c.article("r1", "勐海县委副书记、宣传部长柏青山出席。县委常委、统战部长蒲一鸣主持。",
              [("勐海县委", G), ("宣传部", G), ("柏青山", P), ("县委", G), ("统战部", G), ("蒲一鸣", P)])
    kb = c.resolve()
    assert [e.name for e in nodes(kb, "宣传部", G)] == ["中共勐海县委宣传部"]
    assert [e.name for e in nodes(kb, "统战部", G)] == ["中共勐海县委统一战线工作部"]


GROUP_TEXT = ("岚丰集团召开2030年度工作会议\n\n1月6日，山东岚丰控股集团有限公司（以下简称“岚丰集团”）召开年度工作会议。"
              "旗下全资子公司山东岚丰新材料科技有限公司（以下简称“岚丰新材”）投资建设的年产5万吨改性塑料项目投产；"
              "全资子公司岚丰建设工程有限公司承建的岚川大桥项目竣工。岚丰新材总经理柏文涛作表态发言。")


def test_a_group_and_its_subsidiaries_of_one_trade_name_stay_apart(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(GROUP_TEXT, encoding="utf-8")
    assert main(["build", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-view", "--no-cache"]) == 0
    g = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl")
    names = {str(o) for o in g.objects(None, rdflib.URIRef("http://schema.org/name"))}
    assert {"山东岚丰控股集团有限公司", "山东岚丰新材料科技有限公司", "岚丰建设工程有限公司"} <= names


BARE_TEXT = ("曲靖新闻\n\n本报讯 3月5日，市委书记柏青山、市长蒲一鸣到宣威市调研项目建设。宣威市委书记郁文涛陪同调研。"
             "柏青山说，市委将全力支持项目建设。")


def test_a_bare_body_means_one_body_throughout_an_article(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(BARE_TEXT, encoding="utf-8")
    assert main(["build", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-view", "--no-cache"]) == 0
    g = rdflib.Graph().parse(tmp_path / "out" / "graph.ttl")
    schema = rdflib.Namespace("http://schema.org/")
    assert {str(g.value(s, schema.name)) for s in g.subjects(schema.alternateName, rdflib.Literal("市委"))} == {"中共曲靖市委"}
