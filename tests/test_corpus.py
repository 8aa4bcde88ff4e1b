"""Reading issues: decoding, repairs of page damage, articles, bylines, metadata — on the seeds and small texts."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.bylines import parse_signers
from kg.corpus import InputError, clean, decode, find_inputs, infer_meta, load_manifest, read_issue

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed(prefix: str):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return read_issue(path, load_manifest(SEEDS))


def test_word_broken_by_blank_line_is_joined_and_offsets_point_back():
    issue = seed("000")
    assert "近年来,双方以互利共赢谋发展" in issue.text
    raw = (SEEDS / Path(issue.path).name).read_text(encoding="utf-8")
    k = issue.text.index("近年来")
    # every cleaned character maps back to the same character in the file
    for i in range(k, k + 3):
        assert raw[issue.source_offset[i]] == issue.text[i]


def test_narrow_columns_are_rejoined():
    issue = seed("004")
    assert "聊城市委副书记、市长张百顺出人意料" in issue.text
    assert "北京波米科技公司带着院士专家团队" in issue.text


def test_page_jumps_and_repeated_paragraphs_are_dropped():
    issue = seed("000")
    assert "下转第" not in issue.text
    assert issue.cleaning.get("page_jumps", 0) >= 2
    assert issue.text.count("以更宽视野深化产学研协同") == 1  # printed twice on the page
    assert seed("001").text.count("加快主导产业“聚链成群”,发挥乖宝、希杰等龙头企业") == 1


def test_full_width_ascii_becomes_half_width():
    text, _, _ = clean("本报讯（记者 林金彦）１２月１０日，会议举行。")
    assert text == "本报讯(记者 林金彦)12月10日,会议举行。"


def test_articles_headlines_and_bylines_of_a_seed():
    issue = seed("000")
    heads = [a.headline for a in issue.articles]
    assert "“链”上发力 “数”造未来" in heads
    art = next(a for a in issue.articles if a.headline == "聊城政企携手促发展")
    assert art.reporters == ["张洁"] and art.correspondents == ["赵凯", "赵胜岭"]
    art = next(a for a in issue.articles if a.headline.startswith("“链”上发力"))
    assert art.subhead == "聊城新一代信息技术产业跃升记"
    assert art.reporters == ["王培源"] and art.correspondents == ["郭玉玺"]
    # sentences carry offsets into the issue text
    s = art.sentences[0]
    assert issue.text[s.start:s.end] == s.text


def test_headline_printed_after_its_story_goes_with_that_story():
    issue = seed("004")
    heads = {a.headline for a in issue.articles}
    assert "聊城卫生健康产才共融发展交流会在京举行" in heads
    art = next(a for a in issue.articles if a.headline == "聊城卫生健康产才共融发展交流会在京举行")
    assert "产才共融发展交流会在北京举行" in issue.text[art.start:art.end]


@pytest.mark.parametrize("byline, expected", [
    ("□记 者 薛良诚", [("记者", "薛良诚")]),
    ("本报讯 (记者 王鹏 董金鑫 通讯员 王崇)", [("记者", "王鹏"), ("记者", "董金鑫"), ("通讯员", "王崇")]),
    ("通讯员 刘淑娟 罗珂 报道", [("通讯员", "刘淑娟"), ("通讯员", "罗珂")]),
    ("■ 朱海波", [("", "朱海波")]),
    # a body sentence that opens with the role word names nobody; a glued name with a surname is still one
    ("记者了解到，项目已开工。", []),
    ("记者柏青山，通讯员蒲一鸣", [("记者", "柏青山"), ("通讯员", "蒲一鸣")]),
])
def test_bylines(byline, expected):
    assert [(s.role, s.name) for s in parse_signers(byline)] == expected


def test_signature_with_title():
    (signer,) = parse_signers("■ 聊城市科学技术局党组书记、局长 王相东")
    assert signer.name == "王相东" and signer.title_text == "聊城市科学技术局党组书记、局长"


def test_metadata_from_manifest_and_inferred():
    assert seed("000").meta.date == "2026-02-06" and seed("000").meta.newspaper == "聊城日报"
    meta = seed("004").meta  # no manifest entry: 本报聊城讯 is the provincial paper's bureau
    assert meta.source == "inferred" and meta.newspaper == "大众日报"
    assert meta.date.startswith("2025-03") and 0 < meta.confidence < 1 and meta.evidence
    meta = infer_meta("新华社北京2月5日电 2026年是开局之年。")
    assert meta.date == "2026-02-06"


def test_gb18030_and_big5_are_read():
    text = "本报讯(记者 张洁)聊城市科学技术局举行发布会。"
    assert decode(text.encode("gb18030"))[0] == text
    traditional = "本報訊(記者 張潔)聊城市科學技術局舉行新聞發佈會,介紹全市科技創新情況。"
    decoded, encoding = decode(traditional.encode("big5"))
    assert decoded == traditional and encoding.startswith("big5")


@pytest.mark.parametrize("data, message", [
    (b"", "empty file"),
    (b"   \n\n", "empty file"),
    (b"\x00\x01\x02binary\x00", "binary"),
    (bytes(range(128, 256)) * 4, "not UTF-8"),
])
def test_bad_bytes_get_a_clear_error(data, message):
    with pytest.raises(InputError, match=message):
        decode(data, "x.txt")


def test_missing_inputs_are_named(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        find_inputs([tmp_path / "nope.txt"])
    with pytest.raises(InputError, match="holds no issue files"):
        find_inputs([tmp_path])
