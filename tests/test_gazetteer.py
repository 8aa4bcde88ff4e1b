
import pytest

from kg.gazetteer import Gazetteer, PlaceRecord


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.load()


def only(records):
    assert len(records) == 1, records
    return records[0]


def test_load_is_cached_and_towns_stay_unloaded():
    # speed is measured by the benchmarks, not asserted here
    saved = Gazetteer._cached
    Gazetteer._cached = None
    try:
        g = Gazetteer.load()
        assert Gazetteer.load() is g
    finally:
        Gazetteer._cached = saved
    assert len(g.names()) > 5000
    assert not g._towns_loaded


def test_chiping_is_district_of_liaocheng_in_shandong(gaz):
    r = only(gaz.lookup("茌平区"))
    assert r == PlaceRecord("371503", "茌平区", "茌平", "county", "371500")
    assert [a.name for a in gaz.ancestors(r)] == ["聊城市", "山东省"]
    assert gaz.parent(r).name == "聊城市"
    assert gaz.lookup("茌平县") == []  # abolished in 2019


def test_liaocheng_counties_present(gaz):
    lc = only(gaz.lookup("聊城市"))
    for name in ["东昌府区", "茌平区", "阳谷县", "莘县", "东阿县", "冠县", "高唐县", "临清市"]:
        r = only(gaz.lookup(name))
        assert r.parent_code == lc.code, name
        assert r.code.startswith("3715")


def test_short_names(gaz):
    assert only(gaz.lookup("阳谷")).name == "阳谷县"
    assert only(gaz.lookup("聊城")).name == "聊城市"
    assert only(gaz.lookup("东昌府")).name == "东昌府区"
    assert only(gaz.lookup("山东")).name == "山东省"
    assert only(gaz.lookup("广西")).name == "广西壮族自治区"
    assert only(gaz.lookup("内蒙古")).name == "内蒙古自治区"
    assert only(gaz.lookup("临清")).name == "临清市"
    # one-character stems get no short form
    assert gaz.lookup("冠") == [] and gaz.lookup("莘") == []


def test_ambiguous_short_names(gaz):
    # the higher-level unit wins unless strict
    assert only(gaz.lookup("吉林")).name == "吉林省"
    assert gaz.lookup("吉林", strict=True) == []
    assert {r.code for r in gaz.candidates("吉林")} >= {"220000", "220200"}
    # same-level ambiguity stays unresolved without context
    assert gaz.lookup("鼓楼") == []
    # full names are all returned, context narrows them
    assert len(gaz.lookup("朝阳区")) >= 2
    assert only(gaz.lookup("朝阳区", context_code="110000")).code == "110105"


def test_not_in_china(gaz):
    assert gaz.lookup("东京") == []
    assert gaz.lookup("巴黎") == []
    assert gaz.lookup_world("日本")[0].level == "country"
    assert gaz.lookup_world("非洲")[0].level == "region"
    assert gaz.lookup_world("法国")[0].code == "FR"


def test_ocr_correction(gaz):
    assert gaz.correct_ocr("在平区") == "茌平区"
    assert gaz.correct_ocr("在平") == "茌平"
    assert gaz.correct_ocr("在平区", context_code="371500") == "茌平区"
    assert gaz.correct_ocr("辛县") == "莘县"
    assert gaz.correct_ocr("茌平区") is None  # already correct
    assert gaz.correct_ocr("在家里") is None
    assert gaz.correct_ocr("东京都") is None


def test_towns(gaz):
    r = only(gaz.lookup("阿城镇", context_code="371521", towns=True))
    assert r.level == "town" and r.parent_code == "371521"
    assert [a.name for a in gaz.ancestors(r)] == ["阳谷县", "聊城市", "山东省"]
    # 石佛镇 exists in several provinces; context picks Yanggu's
    assert len(gaz.lookup("石佛镇", towns=True)) > 1
    assert only(gaz.lookup("石佛镇", towns=True, context_code="371500")).code == "371521108"
    # short town name resolved within context; a county elsewhere wins without it
    assert only(gaz.lookup("阿城", towns=True, context_code="371500")).name == "阿城镇"
    assert only(gaz.lookup("阿城", towns=True)).name == "阿城区"
    assert gaz.get("371503101").name == "乐平铺镇"
    assert "博济桥街道" in gaz.names(towns=True)


def test_names(gaz):
    names = gaz.names()
    assert {"聊城市", "聊城", "茌平区", "茌平", "冠县"} <= names
    assert "阿城镇" not in names
