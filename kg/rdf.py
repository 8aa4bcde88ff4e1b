"""Resolved knowledge → RDF. The only module that knows the vocabulary.

Two views of one graph:
- ``graph.ttl`` (``write_turtle``): the clean graph other systems load: entities, their names and types,
  the contract's relations, memberships with their dates and sources, issues, articles, sentences.
- ``graph.trig`` (``write_trig``): the same in the default graph, plus one named graph per article that
  holds what was read there: every mention and every assertion with its sentence, offsets and rule.

Statements are made as N-Triples lines (terms as the text Oxigraph prints for them), sorted, and
handed to Oxigraph's serializer, so the same graph always gives the same bytes. Each article's
provenance graph is made when it is written, and no graph is held whole: past ``SPILL_LINES``
statements, a graph is sorted in runs in temporary files and merged (``Lines``), so graph.ttl and
graph.trig stream out in bounded memory whatever the size of an article or an archive.
``to_graph`` / ``to_dataset`` give the same graphs as rdflib objects (held whole: for small graphs).
"""
from __future__ import annotations

import hashlib
import heapq
import re
import tempfile
from collections import Counter
from itertools import chain, islice
from typing import BinaryIO, Callable, Iterable, Iterator

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, RDF, RDFS, XSD

from .model import ENTITY_TYPES, Entity, EntityType as T, KnowledgeBase, ResolvedRelation, Sentence
from .vocab import ID_BASE, KGO, SCHEMA

SCHEMA_TYPE = {
    T.PERSON: SCHEMA.Person,
    T.COMPANY: SCHEMA.Corporation,
    T.GOVERNMENT_BODY: SCHEMA.GovernmentOrganization,
    T.ORGANIZATION: SCHEMA.Organization,
    T.PLACE: SCHEMA.Place,
    T.PROJECT: SCHEMA.Project,
    T.PROGRAM: SCHEMA.CreativeWork,
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


# What an IRI path segment cannot hold as it is (RFC 3987): controls and space, <>"{}|\^`, the delimiters
# '/' '#' '?' and '%' itself, surrogates, private-use characters and the non-characters U+FFF0…U+FFFF.
_NOT_IN_SEGMENT = re.compile(r'[\x00-\x20<>"{}|\\^`/#?%\x7f-\x9f\ud800-\uf8ff\ufff0-\uffff\U000f0000-\U0010ffff]')


def _escape(match: re.Match) -> str:
    return "".join(f"%{b:02X}" for b in match.group().encode("utf-8"))


def _slug(text: str) -> str:
    """A readable IRI path segment: the text itself (Chinese stays Chinese), percent-encoding only what
    an IRI segment cannot hold, so one key always gives the same segment and two keys never share one."""
    return _NOT_IN_SEGMENT.sub(_escape, text)


def entity_local(entity: Entity) -> str:
    """The part of an entity's IRI after ID_BASE: its type, then its key without the key's kind
    (company:某某科技 → company/某某科技; place:371500 → place/371500)."""
    return f"{entity.type.lower()}/{_slug(entity.key.split(':', 1)[-1])}"


def entity_locals(entities: dict[str, Entity]) -> dict[str, str]:
    """Every entity's IRI local part; where two keys would give one IRI (org:X typed as a company and
    company:X), both keep their key's kind in the segment, so no two entities ever share an IRI."""
    local = {key: entity_local(e) for key, e in entities.items()}
    count = Counter(local.values())
    return {key: (v if count[v] == 1 else f"{entities[key].type.lower()}/{_slug(key)}") for key, v in local.items()}


def entity_iri(entity: Entity) -> URIRef:
    return URIRef(f"{ID_BASE}{entity_local(entity)}")


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


RESOLUTION_GRAPH = f"<{ID_BASE}resolution#graph>"  # graph.trig's graph of identity decisions


def membership_iri(person_key: str, org_key: str) -> URIRef:
    return URIRef(f"{ID_BASE}membership/{_digest(person_key, org_key)}")


# --------------------------------------------------------------------------- terms as N-Triples text

# what Oxigraph escapes when it prints a literal (a test checks every character against it)
_ESCAPES = {c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F, 0xFFFE, 0xFFFF)} | {
    0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}
_NEEDS_ESCAPE = re.compile("[\x00-\x1f\"\\\\\x7f\ufffe\uffff]")


def _quoted(text: str) -> str:
    return f'"{text.translate(_ESCAPES) if _NEEDS_ESCAPE.search(text) else text}"'


def _t(iri) -> str:
    return f"<{iri}>"


def zh(text: str) -> str:
    return f"{_quoted(text)}@zh"


def plain(text: str) -> str:
    return _quoted(text)


_INTEGER, _DECIMAL = f"^^<{XSD.integer}>", f"^^<{XSD.decimal}>"


def integer(n: int) -> str:
    return f'"{n}"{_INTEGER}'


def literal(value) -> str:
    """Any other Python value as rdflib would type it (a manifest's pages may be a number)."""
    if isinstance(value, str):
        return _quoted(value)
    lit = Literal(value)
    return f"{_quoted(str(lit))}^^<{lit.datatype}>" if lit.datatype else _quoted(str(lit))


def date_term(value: str | None) -> str | None:
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return f"{_quoted(value)}^^<{XSD.date}>"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return f"{_quoted(value)}^^<{XSD.gYearMonth}>"
    if re.fullmatch(r"\d{4}", value):
        return f"{_quoted(value)}^^<{XSD.gYear}>"
    return _quoted(value)


class _V:
    """The vocabulary's terms as N-Triples text, made once."""

    type, label = _t(RDF.type), _t(RDFS.label)
    k = {name: _t(KGO[name]) for name in (
        *ENTITY_TYPES, "Sentence", "Assertion",
        "Mention", "ExtractionRule", "sourceFile", "encoding", "metadataConfidence", "inferredFrom", "startOffset",
        "endOffset", "sourceStartOffset", "mentionCount", "gazetteerCode", "text", "sentenceIndex", "reportedOn",
        "firstReported", "lastReported", "article", "issue", "sentence", "rule", "refersTo", "statedProperty",
        "statedSubject", "statedObject", "ocrConfidence", "sourceFormat", "IdentityDecision", "decisionKind",
        "concerns", "concernsName", "confidence", "evidence")}
    s = {name: _t(SCHEMA[name]) for name in (
        "PublicationIssue", "Periodical", "NewsArticle", "identifier", "datePublished", "pagination", "name",
        "isPartOf", "position", "headline", "alternativeHeadline", "alternateName", "containedInPlace", "mentions",
        "pageStart", "url")}
    schema_type = {k: _t(v) for k, v in SCHEMA_TYPE.items()}
    relation = {k: _t(v) for k, v in RELATION_PROPERTY.items()}
    membership, member, organization, member_of = _t(ORG.Membership), _t(ORG.member), _t(ORG.organization), _t(ORG.memberOf)
    role_class, role = _t(ORG.Role), _t(ORG.role)
    prov_entity, derived, agent = _t(PROV.Entity), _t(PROV.wasDerivedFrom), _t(PROV.SoftwareAgent)


class _Iris:
    """IRIs of one knowledge base as N-Triples text, each made once."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.entity = {key: f"<{ID_BASE}{local}>" for key, local in entity_locals(kb.entities).items()}
        self._article: dict[str, str] = {}  # article id → slug
        self._role: dict[str, str] = {}
        self._rule: dict[str, str] = {}

    def slug(self, article_id: str) -> str:
        s = self._article.get(article_id)
        if s is None:
            s = self._article[article_id] = f"{ID_BASE}article/{_slug(article_id)}"
        return s

    def article(self, article_id: str) -> str:
        return f"<{self.slug(article_id)}>"

    def sentence(self, article_id: str, index: int) -> str:
        return f"<{self.slug(article_id)}/s{index}>"

    def role(self, title: str) -> str:
        r = self._role.get(title)
        if r is None:
            r = self._role[title] = _t(role_iri(title))
        return r

    def rule(self, rule: str) -> str:
        r = self._rule.get(rule)
        if r is None:
            r = self._rule[rule] = _t(rule_iri(rule))
        return r

    def graph(self, article_id: str) -> str:
        return f"<{self.slug(article_id)}#graph>"


# --------------------------------------------------------------------------- the clean graph

def _add_sentence(add, iris: _Iris, article_id: str, index: int, sent: Sentence,
                  source_offset: list[int] | None = None) -> None:
    """One writer of a sentence's triples, for both graphs (only the clean one has source offsets)."""
    s, k = iris.sentence(article_id, index), _V.k
    add(s, _V.type, k["Sentence"])
    add(s, k["text"], zh(sent.text))
    add(s, k["sentenceIndex"], integer(index))
    add(s, k["startOffset"], integer(sent.start))
    add(s, k["endOffset"], integer(sent.end))
    if source_offset:
        add(s, k["sourceStartOffset"], integer(source_offset[sent.start]))
    if sent.page is not None:  # read from a PDF page or a page image (kg.readers)
        add(s, _V.s["pageStart"], integer(sent.page))
    if sent.confidence is not None:
        add(s, k["ocrConfidence"], f'"{sent.confidence}"{_DECIMAL}')
    add(s, _V.s["isPartOf"], iris.article(article_id))


def _add_issues(add, kb: KnowledgeBase, iris: _Iris) -> None:
    k, sc, a = _V.k, _V.s, _V.type
    for issue in kb.issues:
        iri = _t(issue_iri(issue.id))
        add(iri, a, sc["PublicationIssue"])
        add(iri, a, _V.prov_entity)
        add(iri, sc["identifier"], plain(issue.id))
        add(iri, k["sourceFile"], plain(issue.path.rsplit("/", 1)[-1]))
        add(iri, k["encoding"], plain(issue.encoding))
        if issue.format != "text":
            add(iri, k["sourceFormat"], plain(issue.format))
        date = date_term(issue.meta.date)
        if date is not None:
            add(iri, sc["datePublished"], date)
        if issue.meta.pages:
            add(iri, sc["pagination"], literal(issue.meta.pages))
        if issue.meta.newspaper:
            paper = _t(periodical_iri(issue.meta.newspaper))
            add(paper, a, sc["Periodical"])
            add(paper, sc["name"], plain(issue.meta.newspaper))
            add(iri, sc["isPartOf"], paper)
        add(iri, k["metadataConfidence"], f'"{issue.meta.confidence}"{_DECIMAL}')
        if issue.meta.source == "inferred":
            add(iri, k["inferredFrom"], plain("; ".join(issue.meta.evidence) or "nothing to go on"))
        for art in issue.articles:
            t = iris.article(art.id)
            add(t, a, sc["NewsArticle"])
            add(t, sc["isPartOf"], iri)
            add(t, sc["position"], integer(art.index + 1))
            if art.headline:
                add(t, sc["headline"], zh(art.headline))
            if art.subhead:
                add(t, sc["alternativeHeadline"], zh(art.subhead))
            if date is not None:
                add(t, sc["datePublished"], date)
            add(t, k["startOffset"], integer(art.start))
            add(t, k["endOffset"], integer(art.end))
            if art.page is not None:
                add(t, sc["pageStart"], integer(art.page))
            if art.url:
                add(t, sc["url"], f"{_quoted(art.url)}^^<{XSD.anyURI}>")


def _add_entities(add, kb: KnowledgeBase, iris: _Iris) -> None:
    k, sc, a = _V.k, _V.s, _V.type
    for key, entity in kb.entities.items():
        e = iris.entity[key]
        add(e, a, k[entity.type])
        add(e, a, _V.schema_type[entity.type])
        # names are plain literals (xsd:string): a query's "某某" matches them as written, without @zh
        name = plain(entity.name)
        add(e, sc["name"], name)
        add(e, _V.label, name)
        for alias in sorted(entity.aliases - {entity.name}):
            add(e, sc["alternateName"], plain(alias))
        if entity.mentions:
            add(e, k["mentionCount"], integer(len(entity.mentions)))
        if entity.gazetteer_code:
            add(e, k["gazetteerCode"], plain(entity.gazetteer_code))
        if entity.parent_key and entity.parent_key in kb.entities:
            add(e, sc["containedInPlace"], iris.entity[entity.parent_key])
    # which article mentions which entity
    for (article_id, _), key in kb.mention_entity.items():
        add(iris.article(article_id), sc["mentions"], iris.entity[key])


def _add_facts(add, kb: KnowledgeBase, iris: _Iris) -> set[tuple[str, int]]:
    k, a = _V.k, _V.type
    used: set[tuple[str, int]] = set()
    for rel in kb.relations:
        add(iris.entity[rel.subject], _V.relation[rel.type], iris.entity[rel.object])
        used.update((src.article, src.sentence) for src in rel.sources)
    for post in kb.posts:
        m = _t(membership_iri(post.person, post.organization))
        person, org_ = iris.entity[post.person], iris.entity[post.organization]
        add(m, a, _V.membership)
        add(m, _V.member, person)
        add(m, _V.organization, org_)
        add(person, _V.member_of, org_)
        for title in post.titles:
            r = iris.role(title)
            add(r, a, _V.role_class)
            add(r, _V.label, plain(title))
            add(m, _V.role, r)
        for date in sorted(set(post.dates)):
            lit = date_term(date)
            if lit is not None:
                add(m, k["reportedOn"], lit)
        if post.dates:
            add(m, k["firstReported"], date_term(min(post.dates)))
            add(m, k["lastReported"], date_term(max(post.dates)))
        for src in post.sources:
            add(m, _V.derived, iris.sentence(src.article, src.sentence))
            used.add((src.article, src.sentence))
    return used


SPILL_LINES = 100_000  # statements of one graph held in memory; more go to sorted runs in temporary files
MAX_RUNS = 32  # runs of one graph kept open; past it, the smaller half is merged into one (few open files)


class Lines:
    """A graph's statements as N-Quads lines (a statement made twice is one), read back sorted.

    Sorting the lines sorts the statements by subject, predicate and object: a term never ends where
    another that starts the same goes on with a character below the space. Past ``SPILL_LINES``
    lines, the held ones are sorted and written to an anonymous temporary file (a run, gone when
    closed or when the process ends), and reading merges the runs: a graph of any size takes bounded
    memory and reads back in the same order, without repeats, as one sorted set would. Runs are
    merged in tiers (``MAX_RUNS``), so each line is rewritten a few times at most and few files are open.
    """

    def __init__(self, graph: str = "") -> None:
        self.held: set[str] = set()
        self.runs: list[tuple[int, object]] = []  # (lines, file)
        put, tail, held = self.held.add, f" {graph} .\n" if graph else " .\n", self.held

        def add(s: str, p: str, o: str) -> None:
            put(f"{s} {p} {o}{tail}")
            if len(held) >= SPILL_LINES:
                self._spill()

        self.add = add

    def _spill(self) -> None:
        self.runs.append(_run(sorted(self.held)))
        self.held.clear()  # the same set object: ``add`` holds it
        if len(self.runs) >= MAX_RUNS:
            self.runs.sort(key=lambda run: run[0])
            small, self.runs = self.runs[:MAX_RUNS // 2], self.runs[MAX_RUNS // 2:]
            self.runs.append(_run(_unique(heapq.merge(*_rewound(small)))))
            for _, run in small:
                run.close()

    def __iter__(self) -> Iterator[str]:
        if not self.runs:
            yield from sorted(self.held)
            return
        yield from _unique(heapq.merge(*_rewound(self.runs), sorted(self.held)))

    def close(self) -> None:
        for _, run in self.runs:
            run.close()
        self.runs = []


def _run(lines: Iterable[str]) -> tuple[int, object]:
    """Sorted lines in an anonymous temporary file: (how many, the file)."""
    from .atomic import OutputError

    try:
        run = tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogatepass", newline="\n", prefix="kg-sort-")
        if isinstance(lines, list):
            run.writelines(lines)
            n = len(lines)
        else:
            n = 0
            for n, line in enumerate(lines, 1):
                run.write(line)
        run.flush()
    except OSError as exc:
        raise OutputError(f"{tempfile.gettempdir()}: cannot write a temporary file to sort a graph "
                          f"({exc.strerror or exc})") from None
    return n, run


def _rewound(runs: list[tuple[int, object]]) -> list:
    for _, run in runs:
        run.seek(0)
    return [run for _, run in runs]


def _unique(lines: Iterable[str]) -> Iterator[str]:
    """Sorted lines without repeats (a line in two sorted runs comes twice, one after the other)."""
    last = None
    for line in lines:
        if line != last:
            yield line
            last = line


def _collector(graph: str = "") -> tuple[Lines, Callable[[str, str, str], None]]:
    """A graph's statements (``Lines``) and the function that adds one."""
    lines = Lines(graph)
    return lines, lines.add


def _clean(kb: KnowledgeBase, iris: _Iris) -> Lines:
    """The clean graph (graph.ttl) as sorted N-Triples lines."""
    lines, add = _collector()
    _add_issues(add, kb, iris)
    _add_entities(add, kb, iris)
    used = _add_facts(add, kb, iris)
    # only sentences that some fact cites: the text a reader needs to check it
    for issue in kb.issues:
        for art in issue.articles:
            for idx, sent in enumerate(art.sentences):
                if (art.id, idx) in used:
                    _add_sentence(add, iris, art.id, idx, sent, issue.source_offset)
    return lines


def clean_lines(kb: KnowledgeBase, iris: _Iris | None = None) -> set[str]:
    """The clean graph (graph.ttl) as a set of N-Triples lines (in memory: for tests and small graphs)."""
    lines = _clean(kb, iris or _Iris(kb))
    try:
        return set(lines)
    finally:
        lines.close()


# --------------------------------------------------------------------------- provenance, per article

class Provenance:
    """One named graph per article: its mentions and assertions, each with sentence, offsets and rule.

    ``graphs()`` makes them one at a time, in the order of their names; ``default_lines()`` is what
    they add to the default graph (each graph's source article, the rules), complete once they are made.
    """

    def __init__(self, kb: KnowledgeBase, iris: _Iris, mentions: bool = True) -> None:
        self.kb, self.iris, self.mentions = kb, iris, mentions
        self.article_issue = {art.id: (issue, art) for issue in kb.issues for art in issue.articles}
        self.rules: set[str] = set()
        self.facts: dict[str, list] = {}  # article id → [(relation, source) | (post, source)]
        for rel in kb.relations:
            for src in rel.sources:
                self.facts.setdefault(src.article, []).append((rel, src))
        for post in kb.posts:
            for src in post.sources:
                self.facts.setdefault(src.article, []).append((post, src))
        self.articles = sorted(set(kb.results) | set(self.facts), key=iris.graph)

    def default_lines(self) -> Lines:
        iris, (lines, add) = self.iris, _collector()
        for article_id in self.articles:
            add(iris.graph(article_id), _V.derived, iris.article(article_id))
        for rule in self.rules:
            r = iris.rule(rule)
            add(r, _V.type, _V.k["ExtractionRule"])
            add(r, _V.type, _V.agent)
            add(r, _V.label, plain(rule))
        return lines

    def graphs(self) -> Iterator[Lines]:
        for article_id in self.articles:
            yield self.graph(article_id)
        if self.kb.decisions:  # its name sorts after every article's graph
            yield self.resolution_graph()

    def resolution_graph(self) -> Lines:
        """The identity decisions (short names, same-name cases, curation entries), each with the entities
        and names it concerns, a confidence and its evidence."""
        iris, k = self.iris, _V.k
        lines, add = _collector(RESOLUTION_GRAPH)
        for d in self.kb.decisions:
            node = f"<{ID_BASE}decision/{_digest(d.kind, *d.keys, *d.names, d.evidence)}>"
            add(node, _V.type, k["IdentityDecision"])
            add(node, k["decisionKind"], plain(d.kind))
            for key in d.keys:
                if key in iris.entity:
                    add(node, k["concerns"], iris.entity[key])
            for name in d.names:
                add(node, k["concernsName"], plain(name))
            add(node, k["confidence"], f'"{d.confidence}"{_DECIMAL}')
            add(node, k["evidence"], plain(d.evidence))
            for article_id in d.articles:
                add(node, k["article"], iris.article(article_id))
        return lines

    def graph(self, article_id: str) -> Lines:
        kb, iris, k, a = self.kb, self.iris, _V.k, _V.type
        lines, add = _collector(iris.graph(article_id))
        issue, art = self.article_issue.get(article_id, (None, None))
        article = iris.article(article_id)
        sentences, issue_term = [], ""
        if issue is not None:
            sentences, issue_term = art.sentences, _t(issue_iri(issue.id))
        declared: set[int] = set()

        def evidence(node: str, sentence: int, start: int, end: int, rule: str) -> None:
            add(node, k["article"], article)
            add(node, k["issue"], issue_term)
            add(node, k["sentence"], iris.sentence(article_id, sentence))
            if sentence not in declared and 0 <= sentence < len(sentences):  # the cited sentence, with its text
                declared.add(sentence)
                _add_sentence(add, iris, article_id, sentence, sentences[sentence])
            add(node, k["startOffset"], integer(start))
            add(node, k["endOffset"], integer(end))
            add(node, k["text"], zh(issue.text[start:end]))
            if issue.source_offset and start < len(issue.source_offset):
                add(node, k["sourceStartOffset"], integer(issue.source_offset[start]))
            add(node, k["rule"], iris.rule(rule))
            self.rules.add(rule)

        base = iris.slug(article_id)
        result = kb.results.get(article_id) if self.mentions else None
        for idx, m in enumerate(result.mentions if result is not None else ()):
            key = kb.mention_entity.get((article_id, idx))
            if key is None:
                continue
            node, ent = f"<{base}#m{idx}>", iris.entity[key]
            add(node, a, k["Mention"])
            add(node, k["refersTo"], ent)
            add(article, _V.s["mentions"], ent)
            evidence(node, m.sentence, m.start, m.end, m.rule)
        for fact, src in self.facts.get(article_id, ()):
            if isinstance(fact, ResolvedRelation):
                s, p, o = iris.entity[fact.subject], _V.relation[fact.type], iris.entity[fact.object]
                add(s, p, o)
                node = f"<{base}#f{_digest(fact.type, fact.subject, fact.object, str(src.start))}>"
                add(node, a, k["Assertion"])
            else:  # a post
                s, p, o = iris.entity[fact.person], _V.member_of, iris.entity[fact.organization]
                node = f"<{base}#f{_digest('post', fact.person, fact.organization, str(src.start))}>"
                add(node, a, k["Assertion"])
                add(node, _V.derived, _t(membership_iri(fact.person, fact.organization)))
                for title in src.titles:
                    add(node, _V.role, iris.role(title))
            add(node, k["statedProperty"], p)
            add(node, k["statedSubject"], s)
            add(node, k["statedObject"], o)
            evidence(node, src.sentence, src.start, src.end, src.rule)
        return lines


# --------------------------------------------------------------------------- writing

def _oxigraph_quads(chunks: Iterable[str]) -> Iterator[ox.Quad]:
    """N-Quads text, a chunk at a time, as Oxigraph quads (its parser is much faster than making terms here).

    ``lenient``: the text is ours and valid; skipping the IRI checks halves the time.
    """
    return chain.from_iterable(ox.parse(chunk, format=ox.RdfFormat.N_QUADS, lenient=True) for chunk in chunks)


def _chunks(lines: Iterable[str], every: int = 4096) -> Iterator[str]:
    lines = iter(lines)
    while chunk := "".join(islice(lines, every)):
        yield chunk


def _prefixes() -> dict[str, str]:
    return {p: str(ns) for p, ns in PREFIXES.items()}


def _trig_chunks(clean: Lines, prov: Provenance) -> Iterator[str]:
    """The order of str(quad terms): named graphs ("<…>") before the default graph ("DEFAULT")."""
    for lines in prov.graphs():
        yield from _chunks(lines)
        lines.close()
    extra = prov.default_lines()
    try:
        yield from _chunks(_unique(heapq.merge(clean, extra)))  # what the graphs add to the clean graph's lines
    finally:
        extra.close()


class _Counted:
    """Lines passed through, counted (the number of triples graph.ttl got)."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines, self.n = lines, 0

    def __iter__(self) -> Iterator[str]:
        for line in self.lines:
            self.n += 1
            yield line


def write_graphs(kb: KnowledgeBase, turtle: BinaryIO, trig: BinaryIO) -> int:
    """graph.ttl (the clean graph) and graph.trig (the clean graph as the default graph plus a provenance
    graph per article, made and written one at a time); returns the number of triples of the clean graph.
    Every graph is held in bounded memory (``Lines``), so the memory this takes does not grow with an article."""
    iris = _Iris(kb)
    clean = _clean(kb, iris)
    try:
        counted = _Counted(clean)
        ox.serialize(_oxigraph_quads(_chunks(counted)), turtle, format=ox.RdfFormat.TURTLE, prefixes=_prefixes())
        ox.serialize(_oxigraph_quads(_trig_chunks(clean, Provenance(kb, iris))), trig, format=ox.RdfFormat.TRIG,
                     prefixes=_prefixes())
    finally:
        clean.close()
    return counted.n


# --------------------------------------------------------------------------- as rdflib objects

def _rdflib(chunks: Iterable[str]):
    from .store import to_rdflib

    for q in _oxigraph_quads(chunks):
        g = None if isinstance(q.graph_name, ox.DefaultGraph) else to_rdflib(q.graph_name)
        yield to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), g


def _bind(graph: Graph) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)


def to_graph(kb: KnowledgeBase) -> Graph:
    """The clean graph (graph.ttl) as an rdflib Graph."""
    g = Graph()
    _bind(g)
    for s, p, o, _ in _rdflib(_chunks(clean_lines(kb))):
        g.add((s, p, o))
    return g


def to_dataset(kb: KnowledgeBase, mentions: bool = True) -> Dataset:
    """graph.trig as an rdflib Dataset: the clean graph as the default graph plus a provenance graph per article.

    ``mentions=False`` leaves the mentions out of the provenance graphs (most of their statements): all the
    view reads of them is their assertions, so it projects the same network from a fraction of the data.
    """
    iris = _Iris(kb)
    ds = Dataset()
    _bind(ds)
    graphs: dict = {}
    clean = _clean(kb, iris)
    try:
        for s, p, o, g in _rdflib(_trig_chunks(clean, Provenance(kb, iris, mentions))):
            if g is None:
                ds.add((s, p, o))
            else:
                if g not in graphs:
                    graphs[g] = ds.graph(g)
                graphs[g].add((s, p, o))
    finally:
        clean.close()
    return ds


__all__ = ["write_graphs", "clean_lines", "to_graph", "to_dataset", "entity_iri", "article_iri", "issue_iri",
           "sentence_iri"]
