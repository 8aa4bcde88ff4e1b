"""The main job: issues → graph.ttl, graph.trig, view.html and a report, written atomically."""
from __future__ import annotations

import json
import os
import sys
import time
from array import array
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import OutputError, Staging, atomic_file, write_atomic  # noqa: F401  (atomic_file: for callers)
from .corpus import InputError, find_inputs, issue_ids, load_manifest, read_issue
from .readers import format_of
from .model import ArticleResult, Issue, KnowledgeBase


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
    formats: dict[str, dict] = field(default_factory=dict)  # per input format: read, skipped, {reason: count}
    notes: list[str] = field(default_factory=list)  # what the readers asked to tell (low-confidence OCR lines)
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
        if self.formats:
            lines.append("formats: " + "; ".join(
                f"{name} {c['read']} read, {c['skipped']} skipped"
                + (" (" + ", ".join(f"{why}: {n}" for why, n in sorted(c["why"].items())) + ")" if c["why"] else "")
                for name, c in sorted(self.formats.items())))
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


def prepare_out(out: Path) -> bool:
    """Make the output folder if it is missing; True when this call made it (a failed build removes it again)."""
    made = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create output folder ({exc.strerror})") from None
    if not os.access(out, os.W_OK):
        raise OutputError(f"{out}: output folder is not writable")
    return made


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()  # only an empty folder: anything a failed build left in it stays
    except OSError:
        pass


def use_newspapers(inputs: list[str | Path], files: list[str | Path] = ()) -> None:
    """The newspapers of ``files`` and of the inputs' manifests join the shipped ones (kg.newspapers)."""
    from . import newspapers

    folders = dict.fromkeys(path.parent for path in find_inputs(inputs))
    newspapers.use_files([*files, *(f for folder in folders for f in newspapers.manifest_files(folder))])


def read_issues(inputs: list[str | Path], strict: bool = False, report: BuildReport | None = None,
                newspapers: list[str | Path] = ()) -> list[Issue]:
    """Every readable issue; a bad file is reported and skipped (or fatal with ``strict``). The papers of
    ``newspapers`` files and of the manifests join the shipped ones first (a broken row: RuleError)."""
    use_newspapers(inputs, newspapers)
    files = find_inputs(inputs)
    ids = issue_ids(files)
    issues = []
    manifests: dict[Path, dict] = {}
    for path in files:
        counts = (report.formats if report is not None else {}).setdefault(
            format_of(path), {"read": 0, "skipped": 0, "why": {}})
        try:
            folder = path.parent
            if folder not in manifests:
                manifests[folder] = load_manifest(folder)
            issue = read_issue(path, manifests[folder], ids[path])
            if not isinstance(issue.source_offset, array):
                # one offset per character: an array holds it in 8 bytes each, a list of ints in about 36
                issue.source_offset = array("q", issue.source_offset)
            issues.append(issue)
            counts["read"] += 1
            for note in issue.notes:
                print(f"kg: note: {note}", file=sys.stderr)
                if report is not None:
                    report.notes.append(note)
        except InputError as exc:
            if strict:
                raise
            print(f"kg: skipped {exc}", file=sys.stderr)
            counts["skipped"] += 1
            why = _reason(str(exc), path)
            counts["why"][why] = counts["why"].get(why, 0) + 1
            if report is not None:
                report.skipped.append(str(exc))
    return issues


def _reason(message: str, path: Path) -> str:
    """An InputError's reason without the file name and the particulars in brackets, to count alike ones."""
    reason = message.split(f"{path}: ", 1)[-1]
    return reason.split(" (", 1)[0]


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
          cache_dir: str | Path | bool | None = None, newspapers: list[str | Path] = (),
          curation: str | Path | None = None) -> tuple[KnowledgeBase, BuildReport]:
    """Read, extract, resolve, write. Raises InputError / OutputError / CurationError with a one-line message.

    ``jobs``: extraction processes (default all cores); ``scheduler``: a Dask scheduler address instead;
    ``cache_dir``: per-article results cache (default ``extract`` in the user's private cache folder,
    ``$XDG_CACHE_HOME/kg`` else ``~/.cache/kg``; ``False`` for none);
    ``newspapers``: files of more newspapers (besides kg/rules/newspapers.tsv and the manifests' ``newspapers``);
    ``curation``: the user's curation file (default: INPUT/curation.toml when an input folder has one).
    The outputs are written to temporary files and renamed together at the end: a build that fails
    leaves the old outputs as they were, and no output folder that it made and left empty.
    """
    from .curation import find as find_curation

    out = Path(out)
    report = BuildReport()
    t0 = time.perf_counter()
    curated = find_curation(inputs, curation)  # a malformed file stops the build before any work
    issues = read_issues(inputs, strict, report, newspapers)
    if not issues:
        raise InputError("no readable issue among the inputs: " + "; ".join(report.skipped))
    made = prepare_out(out)
    try:
        return _build(issues, out, report, t0, curated, view=view, progress=progress, jobs=jobs,
                      scheduler=scheduler, cache_dir=cache_dir)
    except BaseException:
        if made:
            _remove_if_empty(out)
        raise


def extraction_cache(cache_dir: str | Path | bool | None) -> Path | None:
    """The folder of the per-article results cache: ``cache_dir`` when given, else ``extract`` in the user's
    private cache folder (``kg.tagtable.cache_dir``; shared by every output folder: an entry's key is its text,
    context and the code); None for no cache (``False``, or no private folder could be made: a warning says so)."""
    if cache_dir is False:
        return None
    if cache_dir is None or cache_dir is True:
        from .tagtable import cache_dir as user_cache

        folder = user_cache()
        return None if folder is None else folder / "extract"
    return Path(cache_dir)


def _build(issues: list[Issue], out: Path, report: BuildReport, t0: float, curated, *, view: bool, progress,
           jobs, scheduler, cache_dir) -> tuple[KnowledgeBase, BuildReport]:
    from .parallel import ExtractStats
    from .rdf import write_graphs
    from .resolve import resolve

    t1 = time.perf_counter()
    if progress is None:
        progress = sys.stderr.isatty() and sum(len(i.text) for i in issues) > 200_000
    stats = ExtractStats()
    cache = extraction_cache(cache_dir)
    contexts: dict[str, dict] = {}
    results = extract_all(issues, progress, jobs=jobs, scheduler=scheduler, cache=cache, stats=stats,
                          contexts=contexts)
    t2 = time.perf_counter()
    kb = resolve(issues, results, {k: c["region_code"] for k, c in contexts.items()}, curated)
    t3 = time.perf_counter()
    with Staging(out) as staged:
        # both graphs are written as they are made (streamed): "rdf" is making and writing them
        with staged.file("graph.ttl") as ttl, staged.file("graph.trig") as trig:
            triples = write_graphs(kb, ttl, trig)
        t4 = time.perf_counter()
        report.outputs = [str(out / "graph.ttl"), str(out / "graph.trig")]
        if view:
            from .rdf import to_dataset
            from .view import write_view

            with staged.file("view.html", "w") as page:
                write_view(to_dataset(kb, mentions=False), page)
            report.outputs.append(str(out / "view.html"))
        t5 = time.perf_counter()
        report.extraction = {"cached": stats.cached, "extracted": stats.extracted, "executor": stats.executor,
                             "workers": stats.workers, "cache": str(cache) if cache is not None else None}
        _count(report, issues, results, kb)
        report.triples = triples
        _report_identity(report, kb, curated)
        report.seconds = {"read": t1 - t0, "extract": t2 - t1, "resolve": t3 - t2, "rdf": t4 - t3,
                          "write": t5 - t4, "total": t5 - t0}
        with staged.file("report.json") as fh:
            fh.write(json.dumps(report.__dict__, ensure_ascii=False, indent=1).encode("utf-8"))
        staged.commit()
    return kb, report
