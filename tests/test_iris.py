"""Readable IRIs (RFC 3987: the name itself, percent-encoding only what an IRI segment cannot hold) and
their display in `kg query` tables as names a reader can paste back into a query."""
from __future__ import annotations

from rdflib import URIRef

from kg.model import Entity
from kg.query import display
from kg.rdf import _slug, entity_iri, entity_locals

ID = "https://w3id.org/newskg/id/"


def test_an_iri_carries_the_name_itself():
    assert str(entity_iri(Entity("company:甲乙科技", "Company", "甲乙科技有限公司"))) == f"{ID}company/甲乙科技"
    assert str(entity_iri(Entity("place:371500", "Place", "某某市"))) == f"{ID}place/371500"


def test_only_what_must_be_escaped_is_percent_encoded():
    assert _slug("甲乙（筹）·科技") == "甲乙（筹）·科技"
    assert _slug('a b<>"{}|\\^`') == "a%20b%3C%3E%22%7B%7D%7C%5C%5E%60"
    assert _slug("甲/乙#丙?丁%戊") == "甲%2F乙%23丙%3F丁%25戊"
    assert _slug("\ue000\ufffe") == "%EE%80%80%EF%BF%BE"  # private use, non-character


def test_two_keys_that_would_share_an_iri_do_not():
    entities = {"org:甲乙": Entity("org:甲乙", "Company", "甲乙"), "company:甲乙": Entity("company:甲乙", "Company", "甲乙")}
    locals_ = entity_locals(entities)
    assert len(set(locals_.values())) == 2


def test_tables_show_iris_as_names_that_paste_back_into_a_query():
    assert display(URIRef(f"{ID}person/张三_青禾县人民政府")) == r"kg:person\/张三_青禾县人民政府"
    assert display(URIRef(f"{ID}article/i1%2Fa000/s1")) == r"kg:article\/i1%2Fa000\/s1"
    assert display(URIRef("http://example.org/a b")) == "<http://example.org/a b>"
