"""Check a graph against the SHACL shapes in ``ontology/shapes.ttl`` (pySHACL).

The graph is checked as one graph — for graph.trig its default graph and every per-article
provenance graph together — with the ontology (``ontology/kg.ttl``) alongside, so that
``sh:class kgo:Organization`` accepts a ``kgo:Company``.

    >>> report = validate("out")
    >>> report.conforms, len(report.violations)
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from .store import FORMATS, GraphError, resolve_graph
from .vocab import ONTOLOGY_FILE

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ROOT / "ontology" / "shapes.ttl"
ONTOLOGY = ONTOLOGY_FILE
SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass
class Issue:
    severity: str  # Violation, Warning, Info
    focus: str
    path: str
    value: str
    shape: str
    message: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" = {self.value}" if self.value else ""
        return f"{self.severity}: {self.focus}{where}{value}: {self.message} [{self.shape}]"


@dataclass
class Report:
    conforms: bool
    triples: int
    issues: list[Issue] = field(default_factory=list)
    text: str = ""

    @property
    def violations(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "Violation"]

    def summary(self) -> str:
        counts = Counter(i.severity for i in self.issues)
        if self.conforms:
            extra = f" ({', '.join(f'{n} {s.lower()}s' for s, n in counts.items())})" if counts else ""
            return f"conforms: {self.triples} triples satisfy the shapes{extra}"
        by_shape = Counter(i.shape for i in self.violations)
        parts = ", ".join(f"{shape} ×{n}" for shape, n in by_shape.most_common())
        return f"does not conform: {len(self.violations)} violations ({parts})"


def load_graph(graph: str | Path) -> Graph:
    """The whole graph (all named graphs merged) as one rdflib Graph."""
    path = resolve_graph(graph)
    _, fmt, quads = FORMATS[path.suffix.lower()]
    merged = Graph()
    try:
        if quads:
            from rdflib import Dataset

            ds = Dataset()
            ds.parse(str(path), format=fmt)
            for s, p, o, _ in ds.quads((None, None, None, None)):
                merged.add((s, p, o))
        else:
            merged.parse(str(path), format=fmt)
    except Exception as exc:
        raise GraphError(f"cannot read {path}: {exc}") from None
    return merged


def _short(term) -> str:
    if term is None:
        return ""
    from .query import display

    return display(term)


def validate(graph: str | Path | Graph, shapes: str | Path = SHAPES, ontology: str | Path | None = ONTOLOGY) -> Report:
    """Validate ``graph`` (folder, file or rdflib Graph) against ``shapes``; returns a Report."""
    from pyshacl import validate as shacl

    data = graph if isinstance(graph, Graph) else load_graph(graph)
    shapes_graph = Graph().parse(str(shapes), format="turtle")
    ont = Graph().parse(str(ontology), format="turtle") if ontology else None
    conforms, results, text = shacl(data, shacl_graph=shapes_graph, ont_graph=ont, inference="none",
                                    advanced=True, allow_warnings=True)
    issues = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        sev = results.value(r, SH.resultSeverity)
        source = results.value(r, SH.sourceShape)
        shape = _short(source)
        if shape.startswith("_:"):  # a property shape: name it by the node shape that holds it
            parent = shapes_graph.value(None, SH.property, source)
            shape = _short(parent) if parent is not None else shape
        issues.append(Issue(
            severity=str(sev).rsplit("#", 1)[-1] if sev else "Violation",
            focus=_short(results.value(r, SH.focusNode)),
            path=_short(results.value(r, SH.resultPath)),
            value=_short(results.value(r, SH.value)),
            shape=shape.replace("<https://w3id.org/newskg/shapes#", "kgs:").rstrip(">"),
            message=str(results.value(r, SH.resultMessage) or ""),
        ))
    issues.sort(key=lambda i: (i.severity != "Violation", i.shape, i.focus))
    return Report(bool(conforms), len(data), issues, text)


__all__ = ["validate", "load_graph", "Report", "Issue", "SHAPES", "ONTOLOGY"]
