"""Relation frames over made-up sentences: what each frame must find, and what it must not."""
import pytest

from kg.extract.frames import abstract, frame_facts, windows
from kg.model import EntityType as T
from kg.rules import RuleError


class M:
    def __init__(self, text, name, type_, nth=0):
        start = -1
        for _ in range(nth + 1):
            start = text.index(name, start + 1)
        self.start, self.end, self.type = start, start + len(name), type_


def facts(text, *names):
    ms = sorted((M(text, n, t) for n, t in names), key=lambda m: m.start)
    texts = [text[m.start:m.end] for m in ms]
    return {(f.relation, texts[f.subject], texts[f.object]) for f in frame_facts(text, ms)}


def test_three_signers_are_three_pairs():
    text = "会上，青川县城投公司、青川县商会、云岭新材料股份有限公司三方签署合作协议。"
    got = facts(text, ("青川县城投公司", T.COMPANY), ("青川县商会", T.ORGANIZATION), ("云岭新材料股份有限公司", T.COMPANY))
    pairs = {frozenset((s, o)) for r, s, o in got if r == "partnerOf"}
    assert pairs == {frozenset(p) for p in [("青川县城投公司", "青川县商会"), ("青川县城投公司", "云岭新材料股份有限公司"),
                                            ("青川县商会", "云岭新材料股份有限公司")]}


def test_intention_is_no_partnership():
    text = "云岭新材料股份有限公司与白水大学洽谈合作意向。"
    got = facts(text, ("云岭新材料股份有限公司", T.COMPANY), ("白水大学", T.ORGANIZATION))
    assert not got


def test_with_sign():
    text = "云岭新材料股份有限公司与白水大学签署战略合作协议。"
    got = facts(text, ("云岭新材料股份有限公司", T.COMPANY), ("白水大学", T.ORGANIZATION))
    assert ("partnerOf", "云岭新材料股份有限公司", "白水大学") in got


def test_visit_and_found_in_place():
    text = "代表团在青川县走访考察了云岭新材料股份有限公司、白石机械有限公司。"
    got = facts(text, ("青川县", T.PLACE), ("云岭新材料股份有限公司", T.COMPANY), ("白石机械有限公司", T.COMPANY))
    assert got == {("locatedIn", "云岭新材料股份有限公司", "青川县"), ("locatedIn", "白石机械有限公司", "青川县")}
    text = "白水大学在青川县成立云岭智能材料有限公司。"
    got = facts(text, ("白水大学", T.ORGANIZATION), ("青川县", T.PLACE), ("云岭智能材料有限公司", T.COMPANY))
    assert ("locatedIn", "云岭智能材料有限公司", "青川县") in got
    assert ("locatedIn", "白水大学", "青川县") not in got


def test_sited_project_and_builder():
    text = "白石机械有限公司投资建设的白石重型装备项目正式落户青川经济开发区。"
    got = facts(text, ("白石机械有限公司", T.COMPANY), ("白石重型装备项目", T.PROJECT), ("青川经济开发区", T.PLACE))
    assert ("undertakes", "白石机械有限公司", "白石重型装备项目") in got
    assert ("locatedIn", "白石重型装备项目", "青川经济开发区") in got


def test_built_by_and_clause_break():
    text = "白石重型装备项目由白石机械有限公司承建。"
    got = facts(text, ("白石重型装备项目", T.PROJECT), ("白石机械有限公司", T.COMPANY))
    assert got == {("undertakes", "白石机械有限公司", "白石重型装备项目")}
    text = "白石机械有限公司负责人到场。青川新城项目开工。"  # two sentences: no relation
    assert not facts(text, ("白石机械有限公司", T.COMPANY), ("青川新城项目", T.PROJECT))


def test_issuer_and_host():
    text = "青川县人民政府办公室印发《青川县数字乡村行动方案》。"
    got = facts(text, ("青川县人民政府办公室", T.GOVERNMENT_BODY), ("《青川县数字乡村行动方案》", T.PROGRAM))
    assert got == {("issuedBy", "《青川县数字乡村行动方案》", "青川县人民政府办公室")}
    text = "由青川县商务局主办的青川特产推介会在县城举行。"
    got = facts(text, ("青川县商务局", T.GOVERNMENT_BODY), ("青川特产推介会", T.PROGRAM))
    assert got == {("issuedBy", "青川特产推介会", "青川县商务局")}


def test_subsidiary():
    text = "云岭控股集团全资子公司云岭物流有限公司当天揭牌。"
    got = facts(text, ("云岭控股集团", T.COMPANY), ("云岭物流有限公司", T.COMPANY))
    assert got == {("partOf", "云岭物流有限公司", "云岭控股集团")}


def test_abstract_and_windows_are_linear():
    text = "甲" * 1000
    cuts = windows(text, 0, len(text), limit=200)
    assert all(e - s <= 200 for s, e in cuts) and cuts[0][0] == 0 and cuts[-1][1] == 1000
    text = "在青川县成立云岭公司"
    line, offsets, owner = abstract(text, [M(text, "青川县", T.PLACE)], 0, len(text))
    assert len(line) == len(text) - 2 and owner.count(0) == 1 and offsets[1] == 1


def test_bad_frame_names_file_and_line(tmp_path, monkeypatch):
    import kg.extract.frames as frames
    import kg.rules as rules

    (tmp_path / "relation_frames.tsv").write_text(
        "frame\trelation\tregex\texample\tnote\nx\tpartnerOf\t(?P<both>{NOPE})\t甲与乙\tx\n", encoding="utf-8")
    monkeypatch.setattr(rules, "RULES_DIR", tmp_path)
    rules.table.cache_clear()
    frames.load_frames.cache_clear()
    try:
        with pytest.raises(RuleError, match=r"relation_frames\.tsv:2: unknown placeholder"):
            frames.load_frames()
    finally:
        rules.table.cache_clear()
        frames.load_frames.cache_clear()
