"""Extraction at archive scale: serial, in local processes, or on a Dask cluster; cached per article.

``extract_many`` is the one entry point. The unit of work is an issue (its issue-level context
is computed once, then each of its articles is extracted); only articles missing from the cache
are sent out, and the results come back as plain dicts (``ArticleResult.to_dict``), so any
executor that can pickle an ``Issue`` will do. The results are put back in input order
(issue by issue, article by article), so a parallel build writes the same graph as a serial one.

    serial      jobs=1, a single piece of work, or (by default) less text than SERIAL_BELOW_CHARS:
                in this process, with ``shared_nlp()``
    processes   jobs=N: a ``ProcessPoolExecutor``; on Linux this process loads the pipeline once and
                forks the workers, which inherit it (elsewhere each worker loads its own)
    dask        scheduler="tcp://host:8786" (or a ``distributed.Client``): the same tasks on a cluster;
                each worker process builds its pipeline once, on its first task

Example::

    >>> from kg.build import read_issues
    >>> results = extract_many(read_issues(["seeds"]), jobs=2, cache="out/.cache")
    >>> len(results)  # one ArticleResult per article, keyed by article id
    28
"""
from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Cache, article_key, context_error, context_key, result_error
from .model import ArticleResult, Issue


@dataclass
class ExtractStats:
    """What ``extract_many`` did: articles read from the cache and articles extracted."""

    cached: int = 0
    extracted: int = 0
    executor: str = "serial"  # serial, processes or dask
    workers: int = 1
    contexts_cached: int = 0  # issues whose context came from the cache


@dataclass
class _Task:
    """One issue to work on: the articles to extract (by index) and its context, if already known."""

    issue: Issue  # slimmed: no source_offset, no articles (they travel in ``articles``)
    articles: list = field(default_factory=list)
    context: dict | None = None

    @property
    def size(self) -> int:
        return sum(a.end - a.start for a in self.articles)


SERIAL_BELOW_CHARS = 50_000  # below this, forking workers and sending them the work is not worth it


def default_jobs() -> int:
    """All the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


# --------------------------------------------------------------------------- the work itself

def _init_worker() -> None:
    """Build this process's pipeline once, with everything it loads on first use."""
    from .extract import shared_nlp, warm_up

    warm_up(shared_nlp())


def run_task(task: _Task) -> tuple[str, dict, list[dict]]:
    """(issue id, context, result dicts) for one task; the pipeline is built once per process."""
    from .extract import extract_article, issue_context, shared_nlp

    nlp = shared_nlp()
    context = task.context if task.context is not None else issue_context(task.issue)
    return task.issue.id, context, [extract_article(nlp, task.issue, a, context).to_dict() for a in task.articles]


def _slim(issue: Issue) -> Issue:
    # source_offset (one int per character) and the article list are not needed to extract
    return dataclasses.replace(issue, source_offset=[], articles=[])


# --------------------------------------------------------------------------- executors

def _run_serial(tasks, done):
    for task in tasks:
        done(task, run_task(task))


def _run_processes(tasks, done, jobs: int):
    from concurrent.futures import ProcessPoolExecutor, as_completed

    fork = "fork" in multiprocessing.get_all_start_methods() and sys.platform == "linux"
    if fork:
        # the pipeline is loaded once, here, and the forked workers inherit it: no start-up of their own.
        # Frozen, the loaded objects are not touched by the workers' garbage collector, so their pages stay shared.
        _init_worker()
        gc.freeze()
    ctx = multiprocessing.get_context("fork" if fork else None)
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=None if fork else _init_worker) as pool:
            futures = {pool.submit(run_task, t): t for t in tasks}  # with fork, the first submit forks them all
            for fut in as_completed(futures):
                done(futures[fut], fut.result())
    finally:
        if fork:
            gc.unfreeze()


def _run_dask(tasks, done, scheduler) -> int:
    """Run on the cluster; returns how many workers it had when the work was sent."""
    from distributed import Client, as_completed

    own = not isinstance(scheduler, Client)
    client = Client(scheduler) if own else scheduler
    try:
        workers = len(client.scheduler_info().get("workers", {}))
        futures = client.map(run_task, tasks, pure=False)
        index = {f.key: t for f, t in zip(futures, tasks)}
        for fut, value in as_completed(futures, with_results=True):
            done(index[fut.key], value)
        return workers
    finally:
        if own:
            client.close()


# --------------------------------------------------------------------------- the entry point

def extract_many(issues: list[Issue], jobs: int | None = None, scheduler=None, cache: Cache | str | Path | None = None,
                 progress: bool = False, stats: ExtractStats | None = None,
                 contexts: dict[str, dict] | None = None) -> dict[str, ArticleResult]:
    """Every article's ``ArticleResult``, by article id, in input order.

    ``jobs``: worker processes (default: all cores; 1 runs in this process). ``scheduler``: a Dask
    scheduler address or ``distributed.Client`` (then ``jobs`` is ignored). ``cache``: a folder or
    ``Cache``; hits are read back, misses extracted and stored. ``stats``, if given, is filled in;
    ``contexts``, if given, gets the extraction context of every issue with articles, by issue id
    (the resolver reads the region from it instead of computing it again).
    """
    if cache is not None and not isinstance(cache, Cache):
        cache = Cache(cache)
    stats = stats if stats is not None else ExtractStats()
    contexts = contexts if contexts is not None else {}
    if jobs is None or jobs < 1:
        # worker processes each load the pipeline (seconds): worth it only for more text than that takes
        small = sum(len(i.text) for i in issues) < SERIAL_BELOW_CHARS
        jobs = 1 if small else default_jobs()
    results: dict[str, ArticleResult | None] = {}
    tasks = _plan(issues, cache, results, stats, contexts)
    bar = None
    if progress and tasks:
        from tqdm import tqdm

        bar = tqdm(total=sum(t.size for t in tasks), unit="char", unit_scale=True, desc="extract", file=sys.stderr)
    done = _Collector(issues, cache, results, stats, contexts, bar)
    tasks.sort(key=lambda t: -t.size)  # longest first: the last task to finish is a short one
    _dispatch(tasks, done, jobs, scheduler, stats)
    if bar is not None:
        bar.close()
    missing = [k for k, v in results.items() if v is None]
    if missing:  # cannot happen unless an executor lost work
        raise RuntimeError(f"extraction returned no result for {len(missing)} articles: {missing[:3]}")
    return results  # type: ignore[return-value]


def _plan(issues: list[Issue], cache: Cache | None, results: dict, stats: ExtractStats,
          contexts: dict[str, dict]) -> list[_Task]:
    """Fill ``results`` (in input order) with what the cache holds; the tasks for the rest."""
    tasks: list[_Task] = []
    for issue in issues:
        context = cache.get(context_key(issue), context_error) if cache is not None else None
        missing = []
        for article in issue.articles:
            results[article.id] = None  # keeps input order
            if context is not None:
                hit = cache.get(article_key(issue, article, context), lambda v, a=article.id: result_error(v, a))
                if hit is not None:
                    results[article.id] = ArticleResult.from_dict(hit)
                    continue
            missing.append(article)
        if context is not None:
            stats.contexts_cached += 1
            contexts[issue.id] = context
        if missing:
            tasks.append(_Task(_slim(issue), missing, context))
    stats.cached = sum(1 for r in results.values() if r is not None)
    return tasks


class _Collector:
    """Takes each finished task's results: into ``results`` and the cache, counted, on the progress bar."""

    def __init__(self, issues, cache, results, stats, contexts, bar):
        self.by_id = {i.id: i for i in issues}
        self.cache, self.results, self.stats, self.contexts, self.bar = cache, results, stats, contexts, bar

    def __call__(self, task: _Task, value: tuple[str, dict, list[dict]]) -> None:
        issue_id, context, dicts = value
        issue = self.by_id[issue_id]
        self.contexts[issue_id] = context
        if self.cache is not None:
            if task.context is None:
                self.cache.put(context_key(issue), context)
            for article, data in zip(task.articles, dicts):
                self.cache.put(article_key(issue, article, context), data)
        for data in dicts:
            self.results[data["article"]] = ArticleResult.from_dict(data)
        self.stats.extracted += len(dicts)
        if self.bar is not None:
            self.bar.update(task.size)


def _dispatch(tasks: list[_Task], done, jobs: int, scheduler, stats: ExtractStats) -> None:
    """Run the tasks on the executor asked for, and say which it was in ``stats``."""
    if scheduler is not None:
        stats.executor = "dask"
        stats.workers = _run_dask(tasks, done, scheduler) if tasks else 0
    elif jobs > 1 and len(tasks) > 1:
        stats.executor, stats.workers = "processes", min(jobs, len(tasks))
        _run_processes(tasks, done, stats.workers)
    else:
        _run_serial(tasks, done)
