"""Extraction: one spaCy pipeline, built by ``make_nlp()``, run once per article.

    tokenizer   jieba (spaCy's Chinese tokenizer with the jieba segmenter)
    kg_places   gazetteer of divisions and world regions, OCR repair, zones, villages, roads
    kg_orgs     organizations by the grammar of their names
    kg_persons  bylines, title chains, speech verbs
    kg_programs programs, projects, typed lists
    kg_select   one mention per stretch of text: longest, then surest
    kg_relations posts and the contract's relations, with evidence spans
    kg_inner    names inside names: a base's parent company, a unit's parent, a meeting's body

Components read and write ``doc._.cands`` (candidates, then the selected mentions) and
``doc._.relations``; the issue-level context (newspaper, region) comes in ``doc._.context``.
"""
from __future__ import annotations

import logging
from collections import Counter
from functools import lru_cache

import jieba
import spacy
from spacy.language import Language

from ..model import Article, ArticleResult, Issue, Mention, Post, Relation
from ..script import printed_name, printed_parts, to_simplified
from . import inner, orgs, persons, places, programs, relations, select  # noqa: F401  (registers the factories)
from . import statistical  # noqa: F401  (kg_statistical: a CRF proposes names where the rules found none)

jieba.setLogLevel(logging.WARNING)

PIPELINE = ("kg_places", "kg_orgs", "kg_persons", "kg_programs", "kg_statistical", "kg_select", "kg_relations", "kg_inner")


def make_nlp() -> Language:
    """The whole extraction pipeline; nothing is downloaded."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    for name in PIPELINE:
        nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=1)
def shared_nlp() -> Language:
    return make_nlp()


def region_of(issue: Issue) -> str:
    """The prefecture the paper writes about: the city-level division its text names most."""
    return _region_of_text(to_simplified(issue.text))


@lru_cache(maxsize=256)
def _region_of_text(text: str) -> str:
    from ..gazetteer import Gazetteer

    gaz = Gazetteer.load()
    counts: Counter[str] = Counter()
    for cand in places.match_gazetteer(text):
        rec = gaz.get(cand.key) if cand.key else None
        while rec is not None and rec.level not in ("city",):
            rec = gaz.parent(rec) if rec.level in ("county", "town") else None
        if rec is not None:
            counts[rec.code] += 1
    return counts.most_common(1)[0][0] if counts else ""


def _sentence_of(article: Article, start: int) -> int:
    for i, s in enumerate(article.sentences):
        if s.start <= start < s.end:
            return i
    # between sentences (a byline's newline): the next sentence
    for i, s in enumerate(article.sentences):
        if s.start >= start:
            return i
    return max(0, len(article.sentences) - 1)


def extract_article(nlp: Language, issue: Issue, article: Article, context: dict) -> ArticleResult:
    text = issue.text[article.start:article.end]
    analysed = to_simplified(text)  # Traditional script is read through its Simplified form, offsets unchanged
    doc = nlp.make_doc(analysed)
    doc._.cands = []
    doc._.context = context
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    base = article.start
    result = ArticleResult(article=article.id)
    for c in doc._.cands:
        start, end = base + c.start, base + c.end
        result.mentions.append(Mention(text=text[c.start:c.end], type=c.type, start=start, end=end,
                                       article=article.id, sentence=_sentence_of(article, start), rule=c.rule,
                                       name=printed_name(c.name, analysed[c.start:c.end], text[c.start:c.end]),
                                       key=c.key if c.type == "Place" else ""))
    for f in doc._.relations:
        start, end = base + f.start, base + f.end
        sent = _sentence_of(article, base + doc._.cands[f.subject].start)
        if f.type == "post":
            titles = printed_parts(f.titles, analysed, text, f.start, f.end)  # as printed
            result.posts.append(Post(person=f.subject, organization=f.object, titles=titles, article=article.id,
                                     sentence=sent, start=start, end=end, rule=f.rule))
        else:
            result.relations.append(Relation(type=f.type, subject=f.subject, object=f.object, article=article.id,
                                             sentence=sent, start=start, end=end, rule=f.rule))
    return result


def issue_context(issue: Issue) -> dict:
    return {"newspaper": issue.meta.newspaper or "", "region_code": region_of(issue), "date": issue.meta.date or ""}


def warm_up(nlp: Language) -> None:
    """Load now what the components load on first use (jieba's dictionary, the gazetteer's name tables),
    by extracting a one-sentence article, so that start-up is not counted in the first document's time."""
    from ..model import IssueMeta, Sentence

    text = "聊城市人民政府与山东某某有限公司签约。"
    issue = Issue(id="warm-up", path="", text=text, meta=IssueMeta())
    article = Article(issue.id, 0, 0, len(text), "", sentences=[Sentence(0, len(text), text)])
    extract_article(nlp, issue, article, issue_context(issue))


def extract_issue(issue: Issue, nlp: Language | None = None) -> list[ArticleResult]:
    nlp = nlp or shared_nlp()
    context = issue_context(issue)
    return [extract_article(nlp, issue, art, context) for art in issue.articles]
