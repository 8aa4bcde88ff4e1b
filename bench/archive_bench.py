"""Archive-scale benchmark: whole-build throughput per core, peak memory, growth with size, vs jieba.posseg.

    .venv/bin/python bench/archive_bench.py            # seeds + generated archives of 100, 300 and 1,000 issues
    .venv/bin/python bench/archive_bench.py --quick    # seeds + 5, 10 and 20 generated issues (under a minute)

The generated archive is NOT real news: each issue recombines 4 seed articles (drawn at random, seeded)
and replaces every person name the seeds' gold files and the extractor know with a made-up name, the
same within an issue.

Both sides are measured the same way. Each build runs in a fresh process (``kg.build.build``: read,
extract, resolve, write graph.ttl and graph.trig; no cache, no view.html, ``jobs`` = all cores), and
jieba.posseg runs in a fresh process over the same cleaned text (``Issue.text``, one ``cut`` per issue).
Each figure is characters per CPU-second of everything its processes did, start-up included (imports,
jieba's dictionary; for the build also the worker processes), from ``resource.getrusage``. jieba.posseg's
rate without its start-up is printed too. Both find jieba's and kg's dictionary caches already made.

Memory: the peak of the summed PSS (proportional set size: a page shared by n processes counts 1/n in
each) of the build's process and its workers, sampled every 50 ms; the workers are forked from the
builder and share its pages, so summing their RSS would count those pages several times (that sum is
printed as well, an upper bound).

The last line is machine-readable: ``throughput_ratio_vs_jieba_posseg=R peak_mb=M`` (the largest
archive of the run: R the whole build's chars per CPU-second over jieba.posseg's, M the peak PSS).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
# the evaluation's gold files, next to the checkout (../shared/eval/gold); --gold DIR names another folder
GOLD = ROOT.parent / "shared" / "eval" / "gold"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红波宁建国志海鹏晓燕春林文斌宇浩凯辉婷雪琳峰亮健慧俊佳欣博"


# --------------------------------------------------------------------------- in the measured processes

def _rusage() -> dict:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"cpu": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
            "rss_mb": me.ru_maxrss / 1024, "child_rss_mb": kids.ru_maxrss / 1024}


def _build_worker(args) -> None:
    """One build; prints its figures as JSON."""
    from kg.build import build
    from kg.parallel import default_jobs

    files = json.loads(Path(args.files).read_text())
    t0 = time.perf_counter()
    _, report = build(files, Path(args.out), view=False, jobs=args.jobs, cache_dir=args.cache or False)
    wall = time.perf_counter() - t0
    print(json.dumps({"wall": wall, "chars": report.characters, "issues": report.issues, "articles": report.articles,
                      "triples": report.triples, "seconds": report.seconds, "extraction": report.extraction,
                      "jobs": args.jobs or default_jobs(), **_rusage()}))


def _posseg_worker(args) -> None:
    """jieba.posseg over the texts of a JSON list; prints its figures as JSON."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    texts = json.loads(Path(args.files).read_text(encoding="utf-8"))
    t0 = time.process_time()
    for text in texts:
        for _ in jieba.posseg.cut(text):
            pass
    cut = time.process_time() - t0
    print(json.dumps({"chars": sum(map(len, texts)), "cut_cpu": cut, **_rusage()}))


# --------------------------------------------------------------------------- running them

def _tree_pss_mb(root: int) -> float:
    """The summed PSS of ``root`` and its descendants (Linux; 0 where /proc cannot tell)."""
    parent = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    parent[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    tree, grew = {root}, True
    while grew:
        more = {p for p, pp in parent.items() if pp in tree} - tree
        tree |= more
        grew = bool(more)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                total += next(int(ln.split()[1]) for ln in fh if ln.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            pass
    return total / 1024


def run(args: list[str]) -> dict:
    """This script in a fresh process with ``args``; its JSON figures plus ``pss_mb``, its sampled peak PSS."""
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT)
    peak = [0.0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_pss_mb(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    sampler.join()
    if proc.returncode != 0:
        sys.exit(f"{' '.join(args[:2])} failed:\n{err[-3000:]}")
    return {**json.loads(out.strip().splitlines()[-1]), "pss_mb": peak[0]}


def run_build(files: list[Path], out: Path, jobs: int | None, cache: Path | None = None) -> dict:
    listing = out.with_suffix(".files.json")
    listing.write_text(json.dumps([str(f) for f in files]))
    args = ["--_build", "--files", str(listing), "--out", str(out)]
    if jobs:
        args += ["--jobs", str(jobs)]
    if cache:
        args += ["--cache", str(cache)]
    return run(args)


def run_posseg(files: list[Path], tmp: Path) -> dict:
    """jieba.posseg over the cleaned text of ``files`` (what the build extracts from)."""
    from kg.build import read_issues

    listing = tmp / f"texts-{len(files)}.json"
    listing.write_text(json.dumps([i.text for i in read_issues(files)], ensure_ascii=False), encoding="utf-8")
    return run(["--_posseg", "--files", str(listing)])


# --------------------------------------------------------------------------- the generated archive

def person_names(issues, gold: Path = GOLD) -> list[str]:
    names = set()
    for path in gold.glob("*.json"):
        for ent in json.loads(path.read_text(encoding="utf-8"))["entities"]:
            if ent["type"] == "Person":
                names.update([ent["name"], *ent.get("aliases", [])])
    from kg.extract import extract_issue, shared_nlp

    for issue in issues:
        for res in extract_issue(issue, shared_nlp()):
            names.update(m.text for m in res.mentions if m.type == "Person")
    return sorted((n for n in names if len(n) >= 2), key=len, reverse=True)


def make_archive(folder: Path, n: int, per_issue: int = 4, seed: int = 8, gold: Path = GOLD) -> list[Path]:
    """``n`` issues, each ``per_issue`` seed articles with substituted person names; a manifest too."""
    from kg.build import read_issues

    rng = random.Random(seed)
    seeds = read_issues([SEEDS])
    pieces = [i.text[a.start:a.end].strip() for i in seeds for a in i.articles if a.end - a.start > 200]
    names = person_names(seeds, gold)
    pattern = re.compile("|".join(map(re.escape, names)))
    papers = ["聊城日报", "大众日报", "齐鲁晚报"]
    manifest, files = {}, []
    for k in range(n):
        fresh: dict[str, str] = {}

        def swap(m: re.Match) -> str:
            old = m.group(0)
            if old not in fresh:
                fresh[old] = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(len(old) - 1))
            return fresh[old]

        text = "\n\n".join(pattern.sub(swap, p) for p in rng.sample(pieces, per_issue))
        name = f"gen{k:05d}.txt"
        (folder / name).write_text(text + "\n", encoding="utf-8")
        manifest[name] = {"newspaper": papers[k % 3], "date": f"2025-{1 + k % 12:02d}-{1 + k % 28:02d}"}
        files.append(folder / name)
    (folder / "manifest.json").write_text(json.dumps({"issues": manifest}, ensure_ascii=False), encoding="utf-8")
    return files


# --------------------------------------------------------------------------- report

def line(label: str, r: dict, p: dict) -> str:
    rate, prate = r["chars"] / r["cpu"], p["chars"] / p["cpu"]
    return (f"{label:<13} issues {r['issues']:>5}  chars {r['chars']:>9,}  wall {r['wall']:6.1f}s "
            f"{1000 * r['wall'] / r['issues']:6.1f} ms/issue  build {rate:7,.0f} chars/CPU-s "
            f"({r['cpu']:6.1f} CPU-s)  jieba.posseg {prate:7,.0f} ({p['cpu']:6.1f} CPU-s)  ratio {rate / prate:4.2f}  "
            f"peak PSS {r['pss_mb']:5.0f} MB  [read {r['seconds']['read']:.1f}s extract {r['seconds']['extract']:.1f}s "
            f"resolve {r['seconds']['resolve']:.1f}s rdf {r['seconds']['rdf']:.1f}s; "
            f"{r['extraction']['executor']} x{r['extraction']['workers']}]")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="5, 10 and 20 generated issues instead of 100, 300, 1,000")
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--gold", type=Path, default=GOLD,
                    help="the seeds' gold files, for the person names to replace (default: ../shared/eval/gold)")
    ap.add_argument("--_build", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--_posseg", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--files", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--cache", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._build:
        return _build_worker(args)
    if args._posseg:
        return _posseg_worker(args)

    from kg.parallel import default_jobs

    if not args.gold.is_dir() or not any(args.gold.glob("*.json")):
        sys.exit(f"archive_bench: no gold files (*.json) in {args.gold}: the generated archive replaces the person "
                 f"names they list; give their folder with --gold DIR")
    jobs = args.jobs or default_jobs()
    sizes = (5, 10, 20) if args.quick else (100, 300, 1000)
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        tmp = Path(tmp)
        arch = tmp / "archive"
        arch.mkdir()
        t0 = time.perf_counter()
        files = make_archive(arch, sizes[-1], gold=args.gold)
        print(f"generated archive: {len(files)} issues of 4 recombined seed articles each, person names substituted "
              f"(not real news), in {time.perf_counter() - t0:.1f}s; builds use jobs={jobs}, no cache, no view.html; "
              f"CPU-s over all processes, start-up included on both sides", flush=True)
        seeds = sorted(SEEDS.glob("*.txt"))
        results = {}
        for label, chosen in [("seeds", seeds)] + [(f"generated {n}", files[:n]) for n in sizes]:
            build = run_build(chosen, tmp / f"out-{len(results)}", jobs)
            results[label] = (build, run_posseg(chosen, tmp))
            print(line(label, *results[label]), flush=True)
        per_issue = [1000 * results[f"generated {n}"][0]["wall"] / n for n in sizes]
        print("time per issue (ms) at " + ", ".join(f"{n}: {p:.1f}" for n, p in zip(sizes, per_issue))
              + f"  (largest/smallest {per_issue[-1] / per_issue[0]:.2f}: 1.0 is linear growth)")

        cache = tmp / "cache"  # the smallest size: resolve and RDF are not cached, and dominate larger rebuilds
        run_build(files[:sizes[0]], tmp / "out-c", jobs, cache)
        again = run_build(files[:sizes[0]], tmp / "out-c", jobs, cache)
        print(f"rebuild of {sizes[0]} unchanged issues from the cache: wall {again['wall']:.1f}s "
              f"(extract {again['seconds']['extract']:.1f}s, {again['extraction']['cached']} articles cached, "
              f"{again['extraction']['extracted']} extracted)")

        big, pos = results[f"generated {sizes[-1]}"]
        rate, prate = big["chars"] / big["cpu"], pos["chars"] / pos["cpu"]
        ratio = rate / prate
        print(f"{sizes[-1]} issues, {big['chars']:,} characters: whole build {rate:,.0f} chars/CPU-s, jieba.posseg "
              f"{prate:,.0f} chars/CPU-s ({pos['chars'] / pos['cut_cpu']:,.0f} without its start-up of "
              f"{pos['cpu'] - pos['cut_cpu']:.1f} CPU-s); ratio {ratio:.2f} (target >= 1.0)")
        workers = big["extraction"].get("workers") or 1
        print(f"peak memory, {sizes[-1]} issues: PSS of the build's processes {big['pss_mb']:.0f} MB (target < 2048); "
              f"max RSS: builder {big['rss_mb']:.0f} MB, each worker <= {big['child_rss_mb']:.0f} MB, "
              f"{workers} workers: <= {big['rss_mb'] + big['child_rss_mb'] * workers:.0f} MB counting shared pages "
              f"in each")
        print(f"throughput_ratio_vs_jieba_posseg={ratio:.2f} peak_mb={big['pss_mb']:.0f}")


if __name__ == "__main__":
    main()
