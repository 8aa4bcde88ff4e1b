"""What the extraction tests share: one made-up issue from a sentence, and its results as plain tuples."""
from __future__ import annotations

from kg.corpus import issue_from_text
from kg.extract import extract_issue
from kg.model import ArticleResult, IssueMeta


def extract(nlp, text: str, newspaper: str = "临江日报", date: str = "2026-02-06") -> list[ArticleResult]:
    """The results of a one-file issue holding ``text``, printed by ``newspaper`` on ``date``."""
    return extract_issue(issue_from_text("t", text, IssueMeta(newspaper=newspaper, date=date)), nlp)


def mention_pairs(results) -> list[tuple[str, str]]:
    return [(m.type, m.text) for r in results for m in r.mentions]


def post_tuples(results, body_name: bool = False) -> list[tuple]:
    """(person, body, titles) for every post, and the body's fuller name with ``body_name``."""
    return [(r.mentions[p.person].text, r.mentions[p.organization].text, tuple(p.titles))
            + ((r.mentions[p.organization].name,) if body_name else ())
            for r in results for p in r.posts]


def relation_triples(results) -> list[tuple[str, str, str]]:
    return [(x.type, r.mentions[x.subject].text, r.mentions[x.object].text) for r in results for x in r.relations]
