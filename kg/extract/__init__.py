"""Extraction: one spaCy pipeline, built by ``make_nlp()``, run once per article.

    tokenizer   jieba (spaCy's Chinese tokenizer with the jieba segmenter)
    kg_places   gazetteer of divisions and world regions, OCR repair, zones, villages, roads
    kg_orgs     organizations by the grammar of their names
    kg_persons  bylines, title chains, speech verbs
    kg_programs programs, projects, typed lists
    kg_statistical a CRF (python-crfsuite) proposes persons where no rule found a name
    kg_select   one mention per stretch of text: longest, then surest
    kg_relations posts and the contract's relations, with evidence spans
    kg_inner    names inside names: a base's parent company, a unit's parent, a meeting's body

Components read and write ``doc._.cands`` (candidates, then the selected mentions) and
``doc._.relations``; the issue-level context (newspaper, region) comes in ``doc._.context``.
"""
from __future__ import annotations

import bisect
import logging
from collections import Counter
from functools import lru_cache

import jieba
import spacy
from spacy.language import Language

from ..rules import table

from .. import newspapers
from ..model import Article, ArticleResult, EntityType, Issue, Mention, Post, Relation
from ..script import printed_name, printed_parts, to_simplified
from . import inner, orgs, persons, places, programs, relations, select, tokenizer  # noqa: F401  (registers the factories)
from . import statistical  # noqa: F401  (kg_statistical: a CRF proposes names where the rules found none)

jieba.setLogLevel(logging.WARNING)

# The pipeline, in order, with each component's settings (its default_config, spelled out): a caller
# switches a component off (``make_nlp(disable=["kg_inner"])``) or changes a setting
# (``make_nlp(config={"kg_persons": {"repeat_names": False}})``); docs/extraction.md says what each does.
PIPELINE: dict[str, dict] = {
    "kg_places": {"steps": list(places.STEPS)},
    "kg_orgs": {"steps": list(orgs.STEPS)},
    "kg_persons": {"steps": list(persons.STEPS), "repeat_names": True},
    "kg_programs": {"steps": list(programs.STEPS)},
    "kg_statistical": {"model": "", "types": [str(EntityType.PERSON)], "threshold": 0.5, "min_chars": 2},
    "kg_select": {"prefer_strong": True, "bracket_aliases": True, "short_forms": True},
    "kg_relations": {"rules": list(relations.RULES)},
    "kg_inner": {},
}


def make_nlp(disable=(), config: dict | None = None, only=None) -> Language:
    """The extraction pipeline; nothing is downloaded. ``disable``: components left out; ``only``: the
    components kept (a test runs one alone); ``config``: settings by component, over those of PIPELINE."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.jieba_tokenizer.v1", "segmenter": "jieba"}}})
    for name, settings in PIPELINE.items():
        if name in disable or only is not None and name not in only:
            continue
        nlp.add_pipe(name, config={**settings, **(config or {}).get(name, {})})
    return nlp


@lru_cache(maxsize=1)
def shared_nlp() -> Language:
    return make_nlp()


def region_of(issue: Issue) -> str:
    """The prefecture the paper writes about: a city paper's home city (configured), else the city-level
    division its text names most (a Traditional text read through its Simplified form)."""
    paper = newspapers.find(issue.meta.newspaper or "")
    home = paper.home_code() if paper is not None else ""
    return home or _region_of_text(to_simplified(issue.text))


@lru_cache(maxsize=256)
def _region_of_text(text: str) -> str:
    from ..gazetteer import Gazetteer

    gaz = Gazetteer.load()
    counts: Counter[str] = Counter()
    for cand in places.match_gazetteer(text):
        if cand.name and places.everyday_short_form(text[cand.start:cand.end]):
            continue  # a short form that is a verb or an adjective (振兴) does not say where the paper is
        rec = gaz.get(cand.key) if cand.key else None
        while rec is not None and rec.level not in ("city",):
            rec = gaz.parent(rec) if rec.level in ("county", "town") else None
        if rec is not None:
            counts[rec.code] += 1
    return counts.most_common(1)[0][0] if counts else ""


# An article longer than this is read in windows of whole sentences, each at most this long (unless one
# sentence is longer): the rules compare mentions pairwise, so a window keeps the work
# linear in the article. Relations are found only within a window. The seeds' longest article is ~5,200.
WINDOW_CHARS = 8_000


def _sentence_of(article: Article, start: int, starts: list[int] | None = None) -> int:
    """The index of the sentence holding offset ``start`` (between sentences: the next; after all: the last)."""
    sentences = article.sentences
    starts = starts if starts is not None else [s.start for s in sentences]
    i = bisect.bisect_right(starts, start) - 1
    if i >= 0 and start < sentences[i].end:
        return i
    i = bisect.bisect_left(starts, start)  # between sentences (a byline's newline): the next sentence
    return i if i < len(sentences) else max(0, len(sentences) - 1)


def _windows(article: Article) -> list[tuple[int, int]]:
    """The article's span as consecutive windows that begin at sentence starts (one window when it is short)."""
    if article.end - article.start <= WINDOW_CHARS:
        return [(article.start, article.end)]
    bounds = [article.start]
    for s in article.sentences:
        if s.end - bounds[-1] > WINDOW_CHARS and s.start > bounds[-1]:  # s would not fit: it opens the next
            bounds.append(s.start)
    return list(zip(bounds, bounds[1:] + [article.end]))


def _run_pipeline(nlp: Language, text: str, context: dict):
    doc = nlp.make_doc(text)
    doc.user_data["kg_text"] = text  # the tokenizer keeps the text whole; spaCy would rebuild it from Token objects
    doc._.cands = []
    doc._.context = context
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def extract_article(nlp: Language, issue: Issue, article: Article, context: dict) -> ArticleResult:
    result = ArticleResult(article=article.id)
    starts = [s.start for s in article.sentences]
    for base, end in _windows(article):
        text = issue.text[base:end]
        analysed = to_simplified(text)  # Traditional script is read through its Simplified form, offsets unchanged
        # only the article's first window holds its heading and lead (kg_relations reads "lead")
        doc = _run_pipeline(nlp, analysed, {**context, "lead": base == article.start})
        first = len(result.mentions)  # the window's mention indices follow the earlier windows'
        for c in doc._.cands:
            start = base + c.start
            result.mentions.append(Mention(
                text=text[c.start:c.end], type=str(c.type), start=start, end=base + c.end, article=article.id,
                sentence=_sentence_of(article, start, starts), rule=c.rule,
                name=printed_name(c.name, analysed[c.start:c.end], text[c.start:c.end], analysed, text),
                key=c.key if c.type == EntityType.PLACE else ""))
        for f in doc._.relations or ():
            start, end = base + f.start, base + f.end
            # a relation cites the sentence of its evidence (the cue); a post, the sentence of its person
            anchor = doc._.cands[f.subject].start if f.type == "post" else f.start
            sent = _sentence_of(article, base + anchor, starts)
            subject, obj = first + f.subject, first + f.object
            if f.type == "post":
                titles = printed_parts(f.titles, analysed, text, f.start, f.end)  # as printed
                result.posts.append(Post(person=subject, organization=obj, titles=titles, article=article.id,
                                         sentence=sent, start=start, end=end, rule=f.rule))
            else:
                result.relations.append(Relation(type=f.type, subject=subject, object=obj, article=article.id,
                                                 sentence=sent, start=start, end=end, rule=f.rule))
    return result


def issue_context(issue: Issue) -> dict:
    return {"newspaper": issue.meta.newspaper or "", "region_code": region_of(issue), "date": issue.meta.date or ""}


def warm_up(nlp: Language) -> None:
    """Load now what the components load on first use (jieba's dictionary, the gazetteer's name tables),
    by extracting a one-sentence article, so that start-up is not counted in the first document's time."""
    from ..model import IssueMeta, Sentence

    text = "".join(row["example"] for row in table("org_suffixes")[:3])  # made-up names
    issue = Issue(id="warm-up", path="", text=text, meta=IssueMeta())
    article = Article(issue.id, 0, 0, len(text), "", sentences=[Sentence(0, len(text), text)])
    extract_article(nlp, issue, article, issue_context(issue))


def extract_issue(issue: Issue, nlp: Language | None = None) -> list[ArticleResult]:
    nlp = nlp or shared_nlp()
    context = issue_context(issue)
    return [extract_article(nlp, issue, art, context) for art in issue.articles]
