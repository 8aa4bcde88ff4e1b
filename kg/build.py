"""The main job: issues → graph.ttl, graph.trig, view.html and a report, written atomically."""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from array import array
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import InputError, find_inputs, load_manifest, read_issue
from .model import ArticleResult, Issue, KnowledgeBase


class OutputError(Exception):
    """The output folder cannot be created or written."""


@dataclass
class BuildReport:
    issues: int = 0
    articles: int = 0
    characters: int = 0
    mentions_in: int = 0  # mentions the extractor produced
    mentions_linked: int = 0  # mentions the resolver tied to an entity
    entities: dict[str, int] = field(default_factory=dict)  # per type, entities some article mentions
    relations: dict[str, int] = field(default_factory=dict)
    posts: int = 0
    triples: int = 0
    skipped: list[str] = field(default_factory=list)  # "file: reason"
    seconds: dict[str, float] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)
    extraction: dict = field(default_factory=dict)  # articles from the cache vs extracted; executor, workers
    curation: dict = field(default_factory=dict)  # the curation file, entries applied, entries that matched nothing
    ambiguous_names: list[dict] = field(default_factory=list)  # same-name cases on weak evidence, for a reader

    def summary(self) -> str:
        ents = ", ".join(f"{k} {v}" for k, v in sorted(self.entities.items()))
        rels = ", ".join(f"{k} {v}" for k, v in sorted(self.relations.items())) or "none"
        lines = [
            f"issues {self.issues}, articles {self.articles}, characters {self.characters}",
            f"entities {sum(self.entities.values())} ({ents})",
            f"relations {sum(self.relations.values())} ({rels}), posts {self.posts}",
            f"mentions {self.mentions_in} in, {self.mentions_linked} linked; triples {self.triples}",
            f"articles {self.extraction.get('cached', 0)} from the cache, {self.extraction.get('extracted', 0)} "
            f"extracted ({self.extraction.get('executor', 'serial')}, {self.extraction.get('workers', 1)} workers)",
            "seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in self.seconds.items()),
        ]
        if self.ambiguous_names:
            lines.append(f"same-name cases to check {len(self.ambiguous_names)} (report.json: ambiguous_names; "
                         "kg query OUT ambiguous-names)")
        if self.curation:
            lines.append(f"curation {self.curation['file']}: {self.curation['applied']} entries applied, "
                         f"{len(self.curation['unmatched'])} matched nothing")
            lines += [f"  matched nothing: {u}" for u in self.curation["unmatched"]]
        if self.skipped:
            lines.append(f"skipped {len(self.skipped)}: " + "; ".join(self.skipped))
        return "\n".join(lines)


@contextmanager
def atomic_file(path: Path):
    """A binary file that becomes ``path`` when the block ends without error: a reader never sees half a file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; the output is for others to read
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    with atomic_file(path) as fh:
        fh.write(data)


def prepare_out(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create output folder ({exc.strerror})") from None
    if not os.access(out, os.W_OK):
        raise OutputError(f"{out}: output folder is not writable")


def read_issues(inputs: list[str | Path], strict: bool = False, report: BuildReport | None = None) -> list[Issue]:
    """Every readable issue; a bad file is reported and skipped (or fatal with ``strict``)."""
    files = find_inputs(inputs)
    issues = []
    manifests: dict[Path, dict] = {}
    for path in files:
        try:
            folder = path.parent
            if folder not in manifests:
                manifests[folder] = load_manifest(folder)
            issue = read_issue(path, manifests[folder])
            # one offset per character: an array holds it in 8 bytes each, a list of ints in about 36
            issue.source_offset = array("q", issue.source_offset)
            issues.append(issue)
        except InputError as exc:
            if strict:
                raise
            print(f"kg: skipped {exc}", file=sys.stderr)
            if report is not None:
                report.skipped.append(str(exc))
    return issues


SAME_NAME_KINDS = ("same-name-split", "same-name-weak", "same-name-ambiguous", "short-name-ambiguous")


def ambiguous_names(kb: KnowledgeBase) -> list[dict]:
    """The resolver's same-name decisions that rest on weak evidence, as report.json lists them."""
    return [{"name": d.names[0] if d.names else "", "kind": d.kind, "confidence": d.confidence,
             "entities": d.keys, "evidence": d.evidence, "articles": d.articles}
            for d in kb.decisions if d.kind in SAME_NAME_KINDS]


def _count(report: BuildReport, issues: list[Issue], results: dict[str, ArticleResult], kb: KnowledgeBase) -> None:
    mentioned = set(kb.mention_entity.values())
    report.issues = len(issues)
    report.articles = sum(len(i.articles) for i in issues)
    report.characters = sum(len(i.text) for i in issues)
    report.mentions_in = sum(len(r.mentions) for r in results.values())
    report.mentions_linked = len(kb.mention_entity)
    report.entities = dict(Counter(kb.entities[k].type for k in mentioned))
    report.relations = dict(Counter(r.type for r in kb.relations))
    report.posts = len(kb.posts)


def _report_identity(report: BuildReport, kb: KnowledgeBase, curated) -> None:
    """Same-name cases to check, and what the curation file did (applied entries, ones that matched nothing)."""
    report.ambiguous_names = ambiguous_names(kb)
    if curated is not None:
        applied = sum(1 for d in kb.decisions if d.kind.startswith("curation-"))
        report.curation = {"file": curated.path, "entries": len(curated.entries), "applied": applied,
                           "unmatched": kb.curation_unmatched}


def extract_all(issues: list[Issue], progress: bool = False, jobs: int | None = 1, scheduler=None,
                cache=None, stats=None, contexts=None) -> dict[str, ArticleResult]:
    """Every article's result, in input order: see ``kg.parallel.extract_many`` (processes, Dask, cache)."""
    from .parallel import extract_many

    return extract_many(issues, jobs=jobs, scheduler=scheduler, cache=cache, progress=progress, stats=stats,
                        contexts=contexts)


def build(inputs: list[str | Path], out: Path, strict: bool = False, view: bool = True,
          progress: bool | None = None, jobs: int | None = None, scheduler=None,
          cache_dir: str | Path | bool | None = None,
          curation: str | Path | None = None) -> tuple[KnowledgeBase, BuildReport]:
    """Read, extract, resolve, write. Raises InputError / OutputError / CurationError with a one-line message.

    ``jobs``: extraction processes (default all cores); ``scheduler``: a Dask scheduler address instead;
    ``cache_dir``: per-article results cache (default ``OUT/.cache``; ``False`` for none);
    ``curation``: the user's curation file (default: INPUT/curation.toml when an input folder has one).
    """
    from .curation import find as find_curation
    from .parallel import ExtractStats
    from .rdf import write_graphs
    from .resolve import resolve

    report = BuildReport()
    t0 = time.perf_counter()
    prepare_out(out)
    curated = find_curation(inputs, curation)  # a malformed file stops the build before any work
    issues = read_issues(inputs, strict, report)
    if not issues:
        raise InputError("no readable issue among the inputs: " + "; ".join(report.skipped))
    t1 = time.perf_counter()
    if progress is None:
        progress = sys.stderr.isatty() and sum(len(i.text) for i in issues) > 200_000
    stats = ExtractStats()
    cache = None if cache_dir is False else Path(out / ".cache" if cache_dir in (None, True) else cache_dir)
    contexts: dict[str, dict] = {}
    results = extract_all(issues, progress, jobs=jobs, scheduler=scheduler, cache=cache, stats=stats,
                          contexts=contexts)
    t2 = time.perf_counter()
    kb = resolve(issues, results, {k: c["region_code"] for k, c in contexts.items()}, curated)
    t3 = time.perf_counter()
    # both files are written as they are made (streamed): "rdf" is making and writing them
    with atomic_file(out / "graph.ttl") as ttl, atomic_file(out / "graph.trig") as trig:
        triples = write_graphs(kb, ttl, trig)
    t4 = time.perf_counter()
    report.outputs = [str(out / "graph.ttl"), str(out / "graph.trig")]
    if view:
        from .rdf import to_dataset
        from .view import write_view

        write_view(to_dataset(kb, mentions=False), out / "view.html")
        report.outputs.append(str(out / "view.html"))
    t5 = time.perf_counter()

    report.extraction = {"cached": stats.cached, "extracted": stats.extracted, "executor": stats.executor,
                         "workers": stats.workers}
    _count(report, issues, results, kb)
    report.triples = triples
    _report_identity(report, kb, curated)
    report.seconds = {"read": t1 - t0, "extract": t2 - t1, "resolve": t3 - t2, "rdf": t4 - t3, "write": t5 - t4,
                      "total": t5 - t0}
    write_atomic(out / "report.json", json.dumps(report.__dict__, ensure_ascii=False, indent=1).encode("utf-8"))
    return kb, report
