"""Plain data handed from one stage to the next: read → extract → resolve → graph.

Every stage takes and returns these dataclasses, so each can be tested, cached and run
in another process on its own. Offsets are always into ``Issue.text`` (the cleaned text),
and ``Issue.source_offset`` maps them back to the file as it was read.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class EntityType(StrEnum):
    """The core classes of the export contract, declared once; members compare equal to their names."""

    PERSON = "Person"
    COMPANY = "Company"
    GOVERNMENT_BODY = "GovernmentBody"
    ORGANIZATION = "Organization"
    PLACE = "Place"
    PROJECT = "Project"
    PROGRAM = "Program"


ENTITY_TYPES = tuple(t.value for t in EntityType)
ORG_TYPES = frozenset({EntityType.COMPANY, EntityType.GOVERNMENT_BODY, EntityType.ORGANIZATION})
RELATION_TYPES = ("locatedIn", "undertakes", "partnerOf", "partOf", "issuedBy")


@dataclass
class IssueMeta:
    """What is known of one newspaper issue, and how it is known."""

    newspaper: str | None = None
    date: str | None = None  # ISO 8601: YYYY-MM-DD, or YYYY-MM when only the month is known
    pages: str | None = None
    source: str = "manifest"  # "manifest" or "inferred"
    confidence: float = 1.0  # 1.0 for a manifest entry; lower for what was inferred from the text
    evidence: list[str] = field(default_factory=list)  # why the inference says so


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    page: int | None = None  # the page of a PDF or image it was read from (1-based)
    confidence: float | None = None  # the lowest OCR confidence of its lines; None when not OCRed


@dataclass
class Article:
    """One article of an issue; ``start``/``end`` are offsets into the issue's cleaned text."""

    issue_id: str
    index: int
    start: int
    end: int
    headline: str
    subhead: str = ""
    kicker: str = ""  # the line(s) above the headline
    byline: str = ""
    reporters: list[str] = field(default_factory=list)  # names after 记者
    correspondents: list[str] = field(default_factory=list)  # names after 通讯员
    authors: list[str] = field(default_factory=list)  # other signed names (■ 朱海波, an interviewee's signature)
    sentences: list[Sentence] = field(default_factory=list)
    page: int | None = None  # the page of a PDF or image it starts on (1-based)
    url: str = ""  # the address of the HTML page it was read from

    @property
    def id(self) -> str:
        return f"{self.issue_id}/a{self.index:03d}"


@dataclass
class Issue:
    id: str  # the file's stem: stable across rebuilds
    path: str
    text: str  # cleaned text: joined lines, no repeated paragraphs, half-width ASCII
    meta: IssueMeta
    source_offset: list[int] = field(default_factory=list)  # cleaned offset → offset in the decoded file
    encoding: str = "utf-8"
    articles: list[Article] = field(default_factory=list)
    cleaning: dict[str, int] = field(default_factory=dict)  # what the cleaner repaired, counted
    format: str = "text"  # what it was read from: text, pdf, pdf-ocr, image, html (kg.readers)
    notes: list[str] = field(default_factory=list)  # what the reader wants told (low-confidence OCR lines)


@dataclass
class Mention:
    """A typed name found in the text."""

    text: str  # the surface form as printed (after width normalisation)
    type: str  # one of ENTITY_TYPES
    start: int  # offsets into the issue's cleaned text
    end: int
    article: str  # Article.id
    sentence: int  # index of the sentence in its article
    rule: str  # which component or pattern found it
    name: str = ""  # a fuller or corrected name the extractor knows for it (茌平区 for 在平区), else ""
    key: str = ""  # a resolver hint: the gazetteer code of a place, or the full name of an abbreviation


@dataclass
class Relation:
    """A fact between two mentions (by index into the article's mention list)."""

    type: str  # one of RELATION_TYPES
    subject: int
    object: int
    article: str
    sentence: int
    start: int  # the evidence span in the issue's cleaned text
    end: int
    rule: str


@dataclass
class Post:
    """A person holds a title at an organization (W3C ORG membership)."""

    person: int  # mention index
    organization: int  # mention index
    titles: list[str]  # one per title part: 党组书记、局长 → ["党组书记", "局长"]
    article: str
    sentence: int
    start: int
    end: int
    rule: str


@dataclass
class ArticleResult:
    """What extraction made of one article: serialisable, so it can be cached or computed elsewhere."""

    article: str
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain dicts (for the cache and for sending between processes), equal to ``asdict(self)``
        but without its deep copies: each mention, relation and post is a flat record."""
        return {"article": self.article, "mentions": [vars(m) for m in self.mentions],
                "relations": [vars(r) for r in self.relations], "posts": [vars(p) for p in self.posts]}

    @classmethod
    def from_dict(cls, data: dict) -> "ArticleResult":
        return cls(
            article=data["article"],
            mentions=[Mention(**m) for m in data["mentions"]],
            relations=[Relation(**r) for r in data["relations"]],
            posts=[Post(**p) for p in data["posts"]],
        )


@dataclass
class Entity:
    """One real-world thing after resolution, with every surface form seen."""

    key: str  # the stable identity the IRI is made from
    type: str
    name: str  # canonical: the fullest correct form
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    gazetteer_code: str = ""  # for places found in the gazetteer
    parent_key: str = ""  # containing place (schema:containedInPlace), for places


@dataclass
class ResolvedPost:
    person: str  # entity key
    organization: str
    titles: list[str]
    sources: list[Post]
    dates: list[str] = field(default_factory=list)  # issue dates that reported it


@dataclass
class ResolvedRelation:
    type: str
    subject: str  # entity key
    object: str
    sources: list[Relation]


@dataclass
class Decision:
    """One identity decision of the resolver or the user's curation file, kept as provenance: which
    entities (by key) it is about, how sure it is and why (ambiguous same-name cases are decisions too)."""

    kind: str  # short-name, same-name-ambiguous, weak-context, curation-same, curation-different, …
    keys: list[str]  # entity keys it is about (after resolution)
    names: list[str]  # the names it concerns
    confidence: float
    evidence: str  # why, in a sentence
    articles: list[str] = field(default_factory=list)


@dataclass
class KnowledgeBase:
    """The resolver's output: what the graph stage turns into RDF."""

    issues: list[Issue]
    results: dict[str, ArticleResult]  # by article id
    entities: dict[str, Entity]  # by key
    mention_entity: dict[tuple[str, int], str]  # (article id, mention index) → entity key
    relations: list[ResolvedRelation]
    posts: list[ResolvedPost]
    decisions: list[Decision] = field(default_factory=list)  # identity decisions worth a reader's check
    curation_unmatched: list[str] = field(default_factory=list)  # curation entries that matched nothing
