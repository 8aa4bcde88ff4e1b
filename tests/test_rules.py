"""The rule loader: every shipped rule file loads; a broken row names its file, line and reason."""
import pytest

from kg.rules import RuleError, check_all, read_patterns, read_table


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_rule_files_load():
    check_all()


def test_good_table(tmp_path):
    path = write(tmp_path, "suffixes.tsv", "# a comment\nsuffix\ttype\texample\tnote\n有限公司\tCompany\t某某有限公司\tlegal form\n")
    rows = read_table(path, ("suffix", "type"))
    assert [(r.key, r["type"], r.line) for r in rows] == [("有限公司", "Company", 3)]


@pytest.mark.parametrize("body, reason", [
    ("suffix\ttype\texample\tnote\n有限公司\tFirm\t某某有限公司\tx\n", "unknown entity type"),
    ("suffix\ttype\texample\tnote\n有限公司\tCompany\t某某有限公司\n", "3 cells where the header has 4"),
    ("suffix\ttype\texample\tnote\n有限公司\tCompany\t\tx\n", "no example"),
    ("suffix\ttype\tnote\n有限公司\tCompany\tx\n", "header lacks the column(s) example"),
    ("word\tregex\texample\tnote\n甲\t(未闭合\t甲乙\tx\n", "invalid regular expression"),
])
def test_bad_row_names_file_line_and_reason(tmp_path, body, reason):
    path = write(tmp_path, "bad.tsv", body)
    with pytest.raises(RuleError) as err:
        read_table(path)
    message = str(err.value)
    assert str(path) in message and reason in message
    if "header lacks" not in reason:
        assert f"{path}:2:" in message


def test_bad_pattern_line(tmp_path):
    path = write(tmp_path, "p.jsonl", '{"label": "Company", "pattern": [{"TEXT": "甲"}], "example": "甲", "note": "x"}\n{oops\n')
    with pytest.raises(RuleError, match=r"p\.jsonl:2: not JSON"):
        read_patterns(path)


def test_word_classes_and_patterns_expand_them():
    from kg.rules import alternation, classes, regex, word_class

    committees = word_class("org_words", "party_committee")
    assert committees and set(committees) <= set(classes("org_words")["government_marker"])
    assert regex("committee_end").pattern == alternation(committees) + "$"
    assert regex("committee_end").search("某某县委") and not regex("committee_end").search("某某县委员会")
    assert alternation(["局", "公安局"]) == "(?:公安局|局)"  # longest first


def test_a_missing_class_or_pattern_names_the_file(tmp_path):
    from kg.rules import regex, word_class

    with pytest.raises(RuleError, match=r"org_words\.tsv: no row of class 'no_such_class'"):
        word_class("org_words", "no_such_class")
    with pytest.raises(RuleError, match=r"patterns\.tsv: no pattern named 'no_such_pattern'"):
        regex("no_such_pattern")


def test_a_users_file_is_read_where_it_is(tmp_path):
    path = write(tmp_path, "papers.txt", "name\texample\tnote\n某报\t某报讯\tx\n")
    assert [r.key for r in read_table(path)] == ["某报"]
