"""The project's vocabulary, declared once: a misspelt term fails at import, not in the graph.

``ontology/kg.ttl`` defines every term declared here (a test checks that the two agree).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace
from rdflib.term import URIRef

KGO_IRI = "https://w3id.org/newskg/ontology#"
ID_BASE = "https://w3id.org/newskg/id/"  # instance IRIs: ID_BASE + kind + "/" + key
KG = Namespace(ID_BASE)
SCHEMA = Namespace("http://schema.org/")


class KGO(DefinedNamespace):
    """kg's ontology: the contract's core classes and relations, and the provenance terms around them."""

    _NS = Namespace(KGO_IRI)
    _fail = True

    # core classes (CONTRACT.md)
    Person: URIRef
    Company: URIRef
    GovernmentBody: URIRef
    Organization: URIRef
    Place: URIRef
    Project: URIRef
    Program: URIRef
    # text structure and provenance
    Sentence: URIRef  # one sentence of an article, with its offsets
    Assertion: URIRef  # one fact as read from one sentence (in graph.trig)
    Mention: URIRef  # one occurrence of an entity's name in a sentence (in graph.trig)
    ExtractionRule: URIRef  # the rule or model that produced a fact (a prov:SoftwareAgent)
    IdentityDecision: URIRef  # why mentions are one entity or two: a short-name link, a curation entry …

    # core relations (CONTRACT.md)
    locatedIn: URIRef
    undertakes: URIRef
    partnerOf: URIRef
    partOf: URIRef
    issuedBy: URIRef

    # provenance and text
    sentence: URIRef  # assertion/mention → the sentence it was read in
    article: URIRef  # assertion/mention → the article
    issue: URIRef  # assertion/mention → the issue
    text: URIRef  # a sentence's text, a mention's surface form
    startOffset: URIRef  # character offset into the issue's cleaned text
    endOffset: URIRef
    sourceStartOffset: URIRef  # the same offset in the file as it was read
    sentenceIndex: URIRef
    rule: URIRef  # assertion → ExtractionRule
    statedProperty: URIRef  # assertion → the property it states (kgo:locatedIn, org:memberOf …)
    statedSubject: URIRef
    statedObject: URIRef
    refersTo: URIRef  # mention → entity
    reportedOn: URIRef  # membership → an issue date that reported it (xsd:date or gYearMonth)
    firstReported: URIRef  # membership → the earliest such date
    lastReported: URIRef
    mentionCount: URIRef  # entity → how many times the corpus names it
    gazetteerCode: URIRef  # place → its administrative division code
    administrativeLevel: URIRef  # place → province / city / county / town
    inferredFrom: URIRef  # issue → how its newspaper and date were inferred (a note)
    metadataConfidence: URIRef  # issue → 0..1, 1 for a manifest entry
    sourceFile: URIRef
    sourceFormat: URIRef  # issue → what it was read from: pdf, pdf-ocr, image, html (absent for text)
    ocrConfidence: URIRef  # sentence → the lowest OCR confidence of its lines
    decisionKind: URIRef  # identity decision → short-name, same-name-ambiguous, curation-same …
    concerns: URIRef  # identity decision → an entity it is about
    concernsName: URIRef  # identity decision → a name it is about
    confidence: URIRef  # identity decision → 0..1
    evidence: URIRef  # identity decision → why, in a sentence
    encoding: URIRef


ONTOLOGY_FILE = Path(__file__).resolve().parent.parent / "ontology" / "kg.ttl"


@lru_cache(maxsize=None)
def labels(lang: str = "zh") -> dict[URIRef, str]:
    """Each term's ``rdfs:label`` in ``lang`` as ``ontology/kg.ttl`` states it: the one place a label is written."""
    from rdflib import Graph
    from rdflib.namespace import RDFS

    graph = Graph().parse(ONTOLOGY_FILE, format="turtle")
    return {s: str(o) for s, o in graph.subject_objects(RDFS.label) if getattr(o, "language", None) == lang}
