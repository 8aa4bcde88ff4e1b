"""Traditional script: read through a Simplified conversion that keeps every offset; the graph keeps the print.

All sentences are made up for these tests (a made-up paper, company and officials).
"""
from __future__ import annotations

import pytest

import kg.script as script
from kg.corpus import issue_from_text
from kg.extract import extract_issue, make_nlp
from kg.model import IssueMeta

TRADITIONAL = ("本報訊（記者 鄭文華）3月5日，縣科技局局長趙明遠在華興精密機械有限公司調研時表示，"
               "該公司將繼續擴大產能。")
SIMPLIFIED = ("本报讯（记者 郑文华）3月5日，县科技局局长赵明远在华兴精密机械有限公司调研时表示，"
              "该公司将继续扩大产能。")


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


def run(nlp, text: str):
    issue = issue_from_text("t", text, IssueMeta(newspaper="青原日報", date="2026-02-06"))
    results = extract_issue(issue, nlp)
    mentions = [(m.type, m.text, m.start, m.end) for r in results for m in r.mentions]
    posts = [(r.mentions[p.person].text, r.mentions[p.organization].text, tuple(p.titles))
             for r in results for p in r.posts]
    return issue.text, mentions, posts


def test_detection_tells_the_scripts_apart():
    assert script.is_traditional(TRADITIONAL)
    assert not script.is_traditional(SIMPLIFIED)
    assert not script.is_traditional("2026年3月5日 12:00")  # nothing Chinese: nothing to convert
    # a Simplified text that quotes one Traditional name is still Simplified
    assert not script.is_traditional("县里的企业与臺北一家公司签约，" + SIMPLIFIED)


def test_conversion_keeps_the_length_and_simplified_text_is_untouched():
    converted = script.to_simplified(TRADITIONAL)
    assert converted == SIMPLIFIED and len(converted) == len(TRADITIONAL)
    assert script.to_simplified(SIMPLIFIED) is SIMPLIFIED


def test_a_phrase_that_changes_length_falls_back_to_characters(monkeypatch):
    class Shortening:  # a conversion table whose phrase 電腦 becomes one word of another length
        def convert(self, text: str) -> str:
            return text.replace("電腦", "计算机").replace("電", "电").replace("腦", "脑").replace("銷", "销")

    monkeypatch.setattr(script, "_converter", lambda: Shortening())
    text = "電腦銷量上升，電費下降。"
    converted = script.convert_preserving(text)
    assert len(converted) == len(text)
    assert converted == "电脑销量上升，电费下降。".replace("费", "費")  # 費 is not in this made-up table


def test_extraction_of_traditional_text_keeps_printed_forms_and_offsets(nlp):
    text, mentions, posts = run(nlp, TRADITIONAL)
    found = {(t, s) for t, s, _, _ in mentions}
    assert {("Person", "鄭文華"), ("Person", "趙明遠"), ("Company", "華興精密機械有限公司")} <= found
    assert all(text[start:end] == surface for _, surface, start, end in mentions)
    assert ("鄭文華", "本報", ("記者",)) in posts  # the title as printed too
    # the same findings as on the Simplified text, name for name
    _, simple_mentions, _ = run(nlp, SIMPLIFIED)
    assert {(t, script.simplified_key(s), a, b) for t, s, a, b in mentions} == set(simple_mentions)


def test_a_name_a_rule_builds_around_the_print_is_traditional():
    assert script.printed_name("山东省中压检测中心", "省中压检测中心", "省中壓檢測中心") == "山東省中壓檢測中心"
    assert script.printed_name("茌平区", "在平区", "在平区") == "茌平区"  # a Simplified text: untouched
    assert script.printed_name("", "县委", "縣委") == ""


def test_simplified_key_joins_the_two_spellings():
    assert script.simplified_key("華興精密機械") == script.simplified_key("华兴精密机械") == "华兴精密机械"


def test_an_entity_printed_in_both_scripts_is_one_with_its_printed_names():
    from kg.rdf import entity_iri
    from kg.resolve import resolve

    issues = [issue_from_text("trad", TRADITIONAL, IssueMeta(newspaper="青原日報", date="2026-02-06")),
              issue_from_text("simp", SIMPLIFIED, IssueMeta(newspaper="青原日报", date="2026-02-07"))]
    nlp = make_nlp()
    results = {r.article: r for issue in issues for r in extract_issue(issue, nlp)}
    kb = resolve(issues, results)
    companies = [e for e in kb.entities.values() if e.type == "Company"]
    assert len(companies) == 1, [e.name for e in companies]
    company = companies[0]
    names = {company.name, *company.aliases}
    assert {"華興精密機械有限公司", "华兴精密机械有限公司"} <= names
    assert "华兴" in str(entity_iri(company))  # one IRI, spelt the Simplified way, whichever article came first


def test_articles_of_a_traditional_issue_are_split_and_signed_as_printed():
    from kg.corpus import issue_from_text as read

    text = ("青原縣舉辦農業博覽會\n本報訊（記者 鄭文華 通訊員 劉曉輝）3月5日，縣科技局局長趙明遠在華興精密機械有限公司調研。\n"
            "該公司將繼續擴大產能。\n縣裡新建三座冷庫\n本報訊（記者 鄭文華）3月6日，青原縣三座冷庫投入使用。\n")
    issue = read("t", text, IssueMeta(newspaper="青原日報", date="2026-02-06"))
    assert [a.headline for a in issue.articles] == ["青原縣舉辦農業博覽會", "縣裡新建三座冷庫"]
    first = issue.articles[0]
    assert first.reporters == ["鄭文華"] and first.correspondents == ["劉曉輝"]
    assert "記者" in first.byline and all("报" not in s.text for s in first.sentences)


def test_a_short_form_takes_the_full_name_as_printed():
    text = "華興精密機械有限公司（以下簡稱「華興機械」）今天開工。"
    analysed = script.to_simplified(text)
    assert analysed[analysed.index("以下") - 1] == "（" and "“华兴机械”" in analysed  # 「」 read as “”
    at = analysed.index("华兴机械")
    assert script.printed_name("华兴精密机械有限公司", analysed[at:at + 4], text[at:at + 4], analysed, text) \
        == "華興精密機械有限公司"
