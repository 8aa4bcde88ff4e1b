"""Resolved knowledge → RDF. The only module that knows the vocabulary.

Two views of one graph:
- ``graph.ttl`` (``to_graph``): the clean graph other systems load: entities, their names and types,
  the contract's relations, memberships with their dates and sources, issues, articles, sentences.
- ``graph.trig`` (``to_dataset``): the same in the default graph, plus one named graph per article that
  holds what was read there: every mention and every assertion with its sentence, offsets and rule.
"""
from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, XSD

from .model import Entity, Issue, KnowledgeBase, Sentence
from .vocab import ID_BASE, KGO, SCHEMA

SCHEMA_TYPE = {
    "Person": SCHEMA.Person,
    "Company": SCHEMA.Corporation,
    "GovernmentBody": SCHEMA.GovernmentOrganization,
    "Organization": SCHEMA.Organization,
    "Place": SCHEMA.Place,
    "Project": SCHEMA.Project,
    "Program": SCHEMA.CreativeWork,
}
RELATION_PROPERTY = {
    "locatedIn": KGO.locatedIn,
    "undertakes": KGO.undertakes,
    "partnerOf": KGO.partnerOf,
    "partOf": KGO.partOf,
    "issuedBy": KGO.issuedBy,
}
PREFIXES = {"kgo": KGO, "schema": SCHEMA, "org": ORG, "prov": PROV, "rdfs": RDFS, "xsd": XSD,
            "kg": ID_BASE}


def _slug(text: str) -> str:
    """A readable, IRI-safe path segment: the name itself, percent-encoded where it must be."""
    return quote(text.replace(" ", "_"), safe="")


def entity_iri(entity: Entity) -> URIRef:
    return URIRef(f"{ID_BASE}{entity.type.lower()}/{_slug(entity.key)}")


def issue_iri(issue_id: str) -> URIRef:
    return URIRef(f"{ID_BASE}issue/{_slug(issue_id)}")


def article_iri(article_id: str) -> URIRef:
    return URIRef(f"{ID_BASE}article/{_slug(article_id)}")


def sentence_iri(article_id: str, index: int) -> URIRef:
    return URIRef(f"{ID_BASE}article/{_slug(article_id)}/s{index}")


def role_iri(title: str) -> URIRef:
    return URIRef(f"{ID_BASE}role/{_slug(title)}")


def periodical_iri(name: str) -> URIRef:
    return URIRef(f"{ID_BASE}periodical/{_slug(name)}")


def rule_iri(rule: str) -> URIRef:
    return URIRef(f"{ID_BASE}rule/{_slug(rule)}")


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def membership_iri(person_key: str, org_key: str) -> URIRef:
    return URIRef(f"{ID_BASE}membership/{_digest(person_key, org_key)}")


def date_literal(value: str | None) -> Literal | None:
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return Literal(value, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    return Literal(value)


def _bind(graph: Graph) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def _add_issues(g: Graph, kb: KnowledgeBase) -> None:
    for issue in kb.issues:
        iri = issue_iri(issue.id)
        g.add((iri, RDF.type, SCHEMA.PublicationIssue))
        g.add((iri, RDF.type, PROV.Entity))
        g.add((iri, SCHEMA.identifier, Literal(issue.id)))
        g.add((iri, KGO.sourceFile, Literal(issue.path.rsplit("/", 1)[-1])))
        g.add((iri, KGO.encoding, Literal(issue.encoding)))
        date = date_literal(issue.meta.date)
        if date is not None:
            g.add((iri, SCHEMA.datePublished, date))
        if issue.meta.pages:
            g.add((iri, SCHEMA.pagination, Literal(issue.meta.pages)))
        if issue.meta.newspaper:
            paper = periodical_iri(issue.meta.newspaper)
            g.add((paper, RDF.type, SCHEMA.Periodical))
            g.add((paper, SCHEMA.name, _zh(issue.meta.newspaper)))
            g.add((iri, SCHEMA.isPartOf, paper))
        g.add((iri, KGO.metadataConfidence, Literal(issue.meta.confidence, datatype=XSD.decimal)))
        if issue.meta.source == "inferred":
            g.add((iri, KGO.inferredFrom, Literal("; ".join(issue.meta.evidence) or "nothing to go on")))
        for art in issue.articles:
            a = article_iri(art.id)
            g.add((a, RDF.type, SCHEMA.NewsArticle))
            g.add((a, SCHEMA.isPartOf, iri))
            g.add((a, SCHEMA.position, Literal(art.index + 1)))
            if art.headline:
                g.add((a, SCHEMA.headline, _zh(art.headline)))
            if art.subhead:
                g.add((a, SCHEMA.alternativeHeadline, _zh(art.subhead)))
            if date is not None:
                g.add((a, SCHEMA.datePublished, date))
            g.add((a, KGO.startOffset, Literal(art.start)))
            g.add((a, KGO.endOffset, Literal(art.end)))


def _add_entities(g: Graph, kb: KnowledgeBase) -> None:
    for entity in kb.entities.values():
        e = entity_iri(entity)
        g.add((e, RDF.type, KGO[entity.type]))
        g.add((e, RDF.type, SCHEMA_TYPE[entity.type]))
        g.add((e, SCHEMA.name, _zh(entity.name)))
        g.add((e, RDFS.label, _zh(entity.name)))
        for alias in sorted(entity.aliases - {entity.name}):
            g.add((e, SCHEMA.alternateName, _zh(alias)))
        if entity.mentions:
            g.add((e, KGO.mentionCount, Literal(len(entity.mentions))))
        if entity.gazetteer_code:
            g.add((e, KGO.gazetteerCode, Literal(entity.gazetteer_code)))
        if entity.parent_key and entity.parent_key in kb.entities:
            g.add((e, SCHEMA.containedInPlace, entity_iri(kb.entities[entity.parent_key])))
    # which article mentions which entity
    for (article_id, _), key in kb.mention_entity.items():
        g.add((article_iri(article_id), SCHEMA.mentions, entity_iri(kb.entities[key])))


def _add_sentence(g: Graph, article_id: str, index: int, sent: Sentence, source_offset: list[int] | None = None) -> None:
    s = sentence_iri(article_id, index)
    g.add((s, RDF.type, KGO.Sentence))
    g.add((s, KGO.text, _zh(sent.text)))
    g.add((s, KGO.sentenceIndex, Literal(index)))
    g.add((s, KGO.startOffset, Literal(sent.start)))
    g.add((s, KGO.endOffset, Literal(sent.end)))
    if source_offset:
        g.add((s, KGO.sourceStartOffset, Literal(source_offset[sent.start])))
    g.add((s, SCHEMA.isPartOf, article_iri(article_id)))


def _add_sentences(g: Graph, kb: KnowledgeBase, used: set[tuple[str, int]]) -> None:
    """Only sentences that some fact cites: the text a reader needs to check it."""
    for issue in kb.issues:
        for art in issue.articles:
            for idx, sent in enumerate(art.sentences):
                if (art.id, idx) not in used:
                    continue
                _add_sentence(g, art.id, idx, sent, issue.source_offset)


def _add_facts(g: Graph, kb: KnowledgeBase) -> set[tuple[str, int]]:
    used: set[tuple[str, int]] = set()
    for rel in kb.relations:
        s, o = entity_iri(kb.entities[rel.subject]), entity_iri(kb.entities[rel.object])
        g.add((s, RELATION_PROPERTY[rel.type], o))
        used.update((src.article, src.sentence) for src in rel.sources)
    for post in kb.posts:
        m = membership_iri(post.person, post.organization)
        person, org_ = entity_iri(kb.entities[post.person]), entity_iri(kb.entities[post.organization])
        g.add((m, RDF.type, ORG.Membership))
        g.add((m, ORG.member, person))
        g.add((m, ORG.organization, org_))
        g.add((person, ORG.memberOf, org_))
        for title in post.titles:
            r = role_iri(title)
            g.add((r, RDF.type, ORG.Role))
            g.add((r, RDFS.label, _zh(title)))
            g.add((m, ORG.role, r))
        for date in sorted(set(post.dates)):
            lit = date_literal(date)
            if lit is not None:
                g.add((m, KGO.reportedOn, lit))
        if post.dates:
            g.add((m, KGO.firstReported, date_literal(min(post.dates))))
            g.add((m, KGO.lastReported, date_literal(max(post.dates))))
        for src in post.sources:
            g.add((m, PROV.wasDerivedFrom, sentence_iri(src.article, src.sentence)))
            used.add((src.article, src.sentence))
    return used


def to_graph(kb: KnowledgeBase) -> Graph:
    """The clean graph for consumers (graph.ttl)."""
    g = Graph()
    _bind(g)
    _add_issues(g, kb)
    _add_entities(g, kb)
    used = _add_facts(g, kb)
    _add_sentences(g, kb, used)
    return g


def _provenance(ds: Dataset, kb: KnowledgeBase) -> None:
    """One named graph per article: its mentions and assertions, each with sentence, offsets and rule."""
    article_issue = {art.id: issue for issue in kb.issues for art in issue.articles}
    ent = kb.entities

    def evidence(node, article_id: str, sentence: int, start: int, end: int, rule: str, graph: Graph) -> None:
        issue: Issue = article_issue[article_id]
        graph.add((node, KGO.article, article_iri(article_id)))
        graph.add((node, KGO.issue, issue_iri(issue.id)))
        graph.add((node, KGO.sentence, sentence_iri(article_id, sentence)))
        declare_sentence(article_id, sentence, graph)
        graph.add((node, KGO.startOffset, Literal(start)))
        graph.add((node, KGO.endOffset, Literal(end)))
        graph.add((node, KGO.text, _zh(issue.text[start:end])))
        if issue.source_offset and start < len(issue.source_offset):
            graph.add((node, KGO.sourceStartOffset, Literal(issue.source_offset[start])))
        graph.add((node, KGO.rule, rule_iri(rule)))

    rules: set[str] = set()
    graphs: dict[str, Graph] = {}
    sentences = {(art.id, i): s for issue in kb.issues for art in issue.articles for i, s in enumerate(art.sentences)}
    declared: set[tuple[str, int]] = set()

    def declare_sentence(article_id: str, index: int, graph: Graph) -> None:
        """Every sentence a mention or assertion cites is in its article's graph, with its text."""
        if (article_id, index) in declared or (article_id, index) not in sentences:
            return
        declared.add((article_id, index))
        _add_sentence(graph, article_id, index, sentences[(article_id, index)])

    def graph_for(article_id: str) -> Graph:
        if article_id not in graphs:
            gi = URIRef(f"{article_iri(article_id)}#graph")
            graphs[article_id] = ds.graph(gi)
            ds.add((gi, PROV.wasDerivedFrom, article_iri(article_id)))
        return graphs[article_id]

    for article_id, result in sorted(kb.results.items()):
        g = graph_for(article_id)
        for idx, m in enumerate(result.mentions):
            key = kb.mention_entity.get((article_id, idx))
            if key is None:
                continue
            node = URIRef(f"{article_iri(article_id)}#m{idx}")
            g.add((node, RDF.type, KGO.Mention))
            g.add((node, KGO.refersTo, entity_iri(ent[key])))
            g.add((article_iri(article_id), SCHEMA.mentions, entity_iri(ent[key])))
            evidence(node, article_id, m.sentence, m.start, m.end, m.rule, g)
            rules.add(m.rule)
    for rel in kb.relations:
        for n, src in enumerate(rel.sources):
            g = graph_for(src.article)
            s, o = entity_iri(ent[rel.subject]), entity_iri(ent[rel.object])
            g.add((s, RELATION_PROPERTY[rel.type], o))
            node = URIRef(f"{article_iri(src.article)}#f{_digest(rel.type, rel.subject, rel.object, str(src.start))}")
            g.add((node, RDF.type, KGO.Assertion))
            g.add((node, KGO.statedProperty, RELATION_PROPERTY[rel.type]))
            g.add((node, KGO.statedSubject, s))
            g.add((node, KGO.statedObject, o))
            evidence(node, src.article, src.sentence, src.start, src.end, src.rule, g)
            rules.add(src.rule)
    for post in kb.posts:
        m = membership_iri(post.person, post.organization)
        for src in post.sources:
            g = graph_for(src.article)
            node = URIRef(f"{article_iri(src.article)}#f{_digest('post', post.person, post.organization, str(src.start))}")
            g.add((node, RDF.type, KGO.Assertion))
            g.add((node, KGO.statedProperty, ORG.memberOf))
            g.add((node, KGO.statedSubject, entity_iri(ent[post.person])))
            g.add((node, KGO.statedObject, entity_iri(ent[post.organization])))
            g.add((node, PROV.wasDerivedFrom, m))
            for title in src.titles:
                g.add((node, ORG.role, role_iri(title)))
            evidence(node, src.article, src.sentence, src.start, src.end, src.rule, g)
            rules.add(src.rule)
    default = ds.default_context if hasattr(ds, "default_context") else ds.default_graph
    for rule in sorted(rules):
        default.add((rule_iri(rule), RDF.type, KGO.ExtractionRule))
        default.add((rule_iri(rule), RDF.type, PROV.SoftwareAgent))
        default.add((rule_iri(rule), RDFS.label, Literal(rule)))


def to_dataset(kb: KnowledgeBase, clean: Graph | None = None) -> Dataset:
    """graph.trig: the clean graph as the default graph plus a provenance graph per article."""
    ds = Dataset()
    _bind(ds)
    default = ds.default_context if hasattr(ds, "default_context") else ds.default_graph
    for triple in (clean if clean is not None else to_graph(kb)):
        default.add(triple)
    _provenance(ds, kb)
    return ds


def _ox_term(term):
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    return ox.BlankNode(str(term))


def serialize(data: Graph | Dataset, fmt: str) -> bytes:
    """Turtle or TriG bytes, written by Oxigraph's serializer (tens of times faster than rdflib's).

    Statements are sorted first, so the same graph always gives the same bytes.
    """
    import pyoxigraph as ox

    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    if fmt == "trig":
        default = ox.DefaultGraph()
        quads = []
        for s, p, o, g in data.quads((None, None, None, None)):
            name = getattr(g, "identifier", g)
            graph = default if name is None or str(name) == "urn:x-rdflib:default" else _ox_term(name)
            quads.append(ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), graph))
        quads.sort(key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
        return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes)
    triples = [ox.Triple(_ox_term(s), _ox_term(p), _ox_term(o)) for s, p, o in data]
    triples.sort(key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


__all__ = ["to_graph", "to_dataset", "serialize", "entity_iri", "article_iri", "issue_iri", "sentence_iri"]
