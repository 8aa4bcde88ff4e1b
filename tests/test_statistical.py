"""The CRF beside the rules (kg_statistical): persons without titles, and nothing where there is no name.

Every sentence is made up for these tests (made-up people of a made-up county).
"""
from __future__ import annotations

import pytest

from kg.corpus import issue_from_text
from kg.extract import make_nlp
from kg.extract import extract_issue
from kg.extract.statistical import (LABELLED_TYPES, RULE, StatisticalProposer, char_features, decode,
                                    default_model_path, name_char_levels)
from kg.model import EntityType, IssueMeta


@pytest.fixture(scope="module")
def nlp():
    """The pipeline with the labeller proposing persons, whatever the default configuration says."""
    nlp = make_nlp()
    nlp.replace_pipe("kg_statistical", "kg_statistical", config={"types": ["Person"], "threshold": 0.5})
    return nlp


def persons(nlp, text: str) -> dict[str, str]:
    issue = issue_from_text("t", text, IssueMeta(newspaper="青原日报", date="2026-02-06"))
    return {m.text: m.rule for r in extract_issue(issue, nlp) for m in r.mentions if m.type == "Person"}


def test_the_model_ships_in_the_package():
    assert default_model_path().endswith("kg/data/ner_crf.crfsuite")


def test_names_in_a_list_without_titles(nlp):
    found = persons(nlp, "座谈会上，种粮大户孟庆林、马春燕、祁文涛先后发言。")
    assert set(found) == {"孟庆林", "马春燕", "祁文涛"}
    assert set(found.values()) == {RULE}  # no rule saw them: the labeller did


def test_a_name_after_a_verb_and_a_name_before_a_speech_verb(nlp):
    assert "卢振东" in persons(nlp, "他邀请卢振东参观了华兴精密机械有限公司的新车间。")
    assert "柏小梅" in persons(nlp, "村民柏小梅告诉记者，合作社今年增收明显。")


def test_what_the_rules_found_stays_theirs(nlp):
    found = persons(nlp, "青原县委书记霍建国、县长邵文斌出席签约仪式。")
    assert found == {"霍建国": "title-name", "邵文斌": "title-name"}


def test_no_person_where_there_is_none(nlp):
    assert persons(nlp, "全县新增高新技术企业十二家，规模以上工业增加值同比增长百分之八。") == {}
    assert persons(nlp, "联谊会上，各市协会负责人交流了工作经验。") == {}


def test_proposing_nothing_when_no_type_is_configured(nlp):
    doc = nlp.make_doc("座谈会上，种粮大户孟庆林、马春燕先后发言。")
    doc._.cands = []
    assert StatisticalProposer("", [], 0.5, 2)(doc)._.cands == []
    assert StatisticalProposer("", ["Person"], 1.01, 2).proposals(doc) == []  # above any probability


def test_decode_reads_spans_and_their_mean_probability():
    tags = ["O", "B-Person", "I-Person", "O", "B-Company", "I-Company", "I-Company"]
    spans = decode(tags, lambda label, i: 0.5 if label.endswith("Person") else 1.0)
    assert spans == [(1, 3, "Person", 0.5), (4, 7, "Company", 1.0)]


def _train_ner():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / "train_ner.py"
    spec = importlib.util.spec_from_file_location("train_ner", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_training_labels_every_occurrence_longest_first():
    train_ner = _train_ner()
    text = "青原县华兴机械有限公司与华兴机械签约，马春燕出席。马春燕说。"
    gold = {"entities": [
        {"type": "Company", "name": "青原县华兴机械有限公司", "aliases": ["青原县华兴机械有限公司", "华兴机械"]},
        {"type": "Place", "name": "青原县", "aliases": ["青原县"]},  # labelled, but only inside a longer name here
        {"type": "Person", "name": "马春燕", "aliases": ["马春燕"]}]}
    labels = train_ner.labels_for(text, gold)
    assert labels[0] == "B-Company" and labels[1:11] == ["I-Company"] * 10  # the long form, not 华兴机械 in it
    assert labels[12:16] == ["B-Company", "I-Company", "I-Company", "I-Company"]
    assert train_ner.person_runs(labels) == [(19, 22), (25, 28)]
    assert labels.count("O") == len(text) - 11 - 4 - 6


def test_made_up_names_keep_length_and_context():
    import random

    train_ner = _train_ner()
    sentence, labels = "马春燕说。", ["B-Person", "I-Person", "I-Person", "O", "O"]
    made_up = train_ner.with_made_up_names(sentence, labels, random.Random(1), ["甲", "乙"])
    assert len(made_up) == len(sentence) and made_up.endswith("说。") and set(made_up[1:3]) <= {"甲", "乙"}


def test_every_type_is_learned():
    assert set(LABELLED_TYPES) == set(EntityType)


def test_training_labels_leave_quotes_and_title_brackets_out():
    train_ner = _train_ner()
    text = "县里印发《青原县乡村振兴方案》，推进“青禾行动”。"
    gold = {"entities": [
        {"type": "Program", "name": "《青原县乡村振兴方案》", "aliases": ["《青原县乡村振兴方案》"]},
        {"type": "Program", "name": "“青禾行动”", "aliases": ["“青禾行动”", "青禾行动"]}]}
    labels = train_ner.labels_for(text, gold)
    opened = text.index("《")
    assert labels[opened] == "O" and labels[opened + 1] == "B-Program"
    assert labels[text.index("》")] == "O" and labels[text.index("》") - 1] == "I-Program"
    assert labels[text.index("“")] == "O" and labels[text.index("“") + 1] == "B-Program"


def test_a_gold_file_may_be_named_alone(tmp_path):
    train_ner = _train_ner()
    for name in ("a.json", "b.json", "c.json"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert train_ner.gold_files(str(tmp_path / "b.json")) == [tmp_path / "b.json"]
    assert train_ner.gold_files(f"{tmp_path}:odd") == [tmp_path / "a.json", tmp_path / "c.json"]


def test_given_name_characters_are_told_from_function_characters():
    levels = name_char_levels()
    assert levels.get("芳") and levels.get("鹏")  # mostly in given names
    assert not levels.get("的") and not levels.get("市") and not levels.get("是")


def test_features_say_inside_a_title_a_division_character_and_a_name_character(nlp):
    text = "青原县印发《秀峰镇惠民办法》，村民柏小梅说。"
    feats = char_features(nlp.make_doc(text))
    assert "in_title" in feats[text.index("秀")] and "in_title" in feats[text.index("法")]
    assert "in_title" not in feats[text.index("《")] and "in_title" not in feats[text.index("村")]
    assert "admin" in feats[text.index("县")] and "admin" in feats[text.index("镇")]
    assert "sfx=pg" in feats[text.index("法")]  # a program's suffix ends here
    assert any(f.startswith("gn0=") for f in feats[text.index("梅")])
    assert not any(f.startswith("gn0=") for f in feats[text.index("，")])


def test_a_place_the_gazetteer_lacks_is_no_person():
    from kg.extract.statistical import _looks_like_person

    assert _looks_like_person("柏小梅", "说")
    assert _looks_like_person("柏小梅", "县长")  # a name before its title
    assert not _looks_like_person("柏家镇", "党委")  # a town's name and kind
    assert not _looks_like_person("柏溪", "县产")  # a county's name before its kind
