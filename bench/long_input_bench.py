"""Long inputs: time and peak memory of one issue file of 1 MB and of 50 MB, one run of text without punctuation.

    .venv/bin/python bench/long_input_bench.py              # 1 MB: the whole build; 50 MB: reading (decode, clean, split)
    .venv/bin/python bench/long_input_bench.py --full-50    # 50 MB: the whole build too (about 20 CPU-minutes)
    .venv/bin/python bench/long_input_bench.py --sizes 0.1,1  # other sizes in MB (whole builds)

The input is NOT news: made-up clauses about a made-up county (companies, officials, projects, places that
exist in no gazetteer), joined with no punctuation at all, on one line: the worst case for sentence
splitting (every sentence is cut at the length limit) and for relations between mentions.

Each figure comes from a fresh process: wall time, CPU time and the peak resident set (``ru_maxrss``) of
that process (``kg.build.build`` with ``jobs=1``, no cache, no view; or ``kg.build.read_issues``).
One line a size: ``size_mb=… stage=… seconds=… cpu_s=… peak_mb=… chars=… articles=… sentences=… triples=…
stage_seconds=…`` (the build report's wall seconds of each stage).

Figures (2026-12-02, branch h17 at b880267, Python 3.11, one core of a 2-core machine shared with other
jobs, so wall seconds run 1.5-2.3 times the CPU seconds; one article, no view, no cache)::

    size    cpu_s   seconds   peak_mb   triples (graph.ttl)   stage seconds (wall)
    1 MB     25.5      39.6       377       86,209            extract 32.5, resolve 1.6, rdf 4.8
    4 MB     82.9     118.9       510      292,624            extract 96.2, resolve 3.2, rdf 18.7
    50 MB  1153.2    2619.0      2340    2,972,012            extract 2184, resolve 70, rdf 357
    50 MB read only: 4.2 CPU-s, peak 424 MB

Time is linear: about 21-23 CPU-seconds per MB, so 1 MB builds in well under a minute on one core and
50 MB in about 19 CPU-minutes. The RDF stage takes bounded memory (``kg.rdf.Lines`` sorts a graph of more
than 100,000 statements in runs in temporary files, about 4 GB of them at 50 MB); before it did, it
held each article's graph whole: 828 MB peak at 1 MB, about 430 MB more per MB of one article. What
still grows, about 40 MB per MB of this input, is what extraction found and the resolver's index of it
(mentions, relations, posts: 78 mentions per 1,000 characters here, three times the seeds' density),
which resolution needs all at once. ``kg build`` without ``--no-view`` also projects the graph into
rdflib for view.html: at 1 MB that adds about 470 MB and 21 CPU-seconds (a 26 MB page), so a view of
a 50 MB input is not practical (nor ``kg view``, which loads graph.trig into rdflib); build such inputs
with ``--no-view`` and ask the graph with ``kg query`` (Oxigraph).
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FAMILY = "甄贾柯简苗"
GIVEN = "青禾远山启明安澜泽川"
PARTS = ["{c}县{a}{b}食品有限公司", "{c}县人民政府", "县长{p}", "{c}县{a}{b}农业科技有限公司负责人{p}",
         "{a}{b}产业园项目", "{c}县发展和改革局", "位于{c}县{a}{b}镇", "与{c}县{a}{b}机械有限公司签约合作",
         "{p}介绍", "投资建设{a}{b}冷链物流项目", "{c}县委书记{p}", "当地企业持续扩大产能", "带动周边群众增收"]


def make_text(n_bytes: int, seed: int = 7) -> str:
    """About ``n_bytes`` of UTF-8 made-up text, one line, no punctuation."""
    rng = random.Random(seed)
    out, size = [], 0
    while size < n_bytes:
        part = rng.choice(PARTS).format(c=rng.choice(["禾川", "远溪", "青岚"]), a=rng.choice(GIVEN),
                                        b=rng.choice(GIVEN), p=rng.choice(FAMILY) + rng.choice(GIVEN) + rng.choice(GIVEN))
        out.append(part)
        size += len(part.encode("utf-8"))
    return "".join(out) + "\n"


def _measure(args) -> None:
    """In the measured process: one build or one read; prints its figures as JSON."""
    from kg.build import build, read_issues

    t0 = time.perf_counter()
    figures = {}
    if args.stage == "build":
        kb, report = build([args.file], Path(args.out), view=False, jobs=1, cache_dir=False, progress=False)
        figures = {"articles": report.articles, "chars": report.characters, "triples": report.triples,
                   "sentences": sum(len(a.sentences) for i in kb.issues for a in i.articles),
                   "stages": ",".join(f"{k}:{v:.1f}" for k, v in report.seconds.items() if k != "total")}
    else:
        issues = read_issues([args.file], strict=True)
        figures = {"articles": sum(len(i.articles) for i in issues), "chars": sum(len(i.text) for i in issues),
                   "sentences": sum(len(a.sentences) for i in issues for a in i.articles)}
    me = resource.getrusage(resource.RUSAGE_SELF)
    figures.update(seconds=round(time.perf_counter() - t0, 2), cpu_s=round(me.ru_utime + me.ru_stime, 2),
                   peak_mb=round(me.ru_maxrss / 1024, 1))
    print(json.dumps(figures))


def run(size_mb: float, stage: str, folder: Path) -> dict:
    path = folder / f"long_{size_mb:g}mb.txt"
    if not path.exists():
        path.write_text(make_text(int(size_mb * 1_000_000)), encoding="utf-8")
    cmd = [sys.executable, __file__, "--measure", "--stage", stage, "--file", str(path), "--out", str(folder / "out")]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{stage} of {size_mb} MB failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1", help="MB sizes to build whole (comma-separated; default 1)")
    ap.add_argument("--full-50", action="store_true", help="build the 50 MB input whole too, not only read it")
    ap.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--stage", default="build", help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        return _measure(args)
    plan = [(float(s), "build") for s in args.sizes.split(",")] + [(50.0, "build" if args.full_50 else "read")]
    with tempfile.TemporaryDirectory(prefix="kg-long-") as tmp:
        for size_mb, stage in plan:
            f = run(size_mb, stage, Path(tmp))
            print(f"size_mb={size_mb:g} stage={stage} seconds={f['seconds']} cpu_s={f['cpu_s']} peak_mb={f['peak_mb']} "
                  f"chars={f['chars']} articles={f['articles']} sentences={f['sentences']} triples={f.get('triples', '-')} "
                  f"stage_seconds={f.get('stages', '-')}",
                  flush=True)


if __name__ == "__main__":
    main()
