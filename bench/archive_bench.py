"""Archive-scale benchmark: whole-build throughput per core, peak memory, growth with size, vs jieba.posseg.

    .venv/bin/python bench/archive_bench.py            # seeds + a generated archive of 1,000 issues (minutes)
    .venv/bin/python bench/archive_bench.py --quick    # seeds + 20 generated issues (under a minute)

The generated archive is NOT real news: each issue recombines 4 seed articles (drawn at random, seeded)
and replaces every person name the seeds' gold files and the extractor know with a made-up name, the
same within an issue. Each build runs in its own process (``kg.build.build``, no cache, no view.html,
``jobs`` = all cores), so its CPU time and peak memory (``resource.getrusage``, the builder and its
worker processes) are its own. "Per core" is characters per CPU-second over all processes of the build;
jieba.posseg runs in one process over the same cleaned text, timed the same way.

The last line is machine-readable: ``throughput_ratio_vs_jieba_posseg=R peak_mb=M`` (M: the largest
archive's builder peak plus its workers' peak times the number of workers, an upper bound).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = Path("/work/shared/eval/gold")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红波宁建国志海鹏晓燕春林文斌宇浩凯辉婷雪琳峰亮健慧俊佳欣博"


def _rusage() -> dict:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"cpu": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
            "rss_mb": me.ru_maxrss / 1024, "child_rss_mb": kids.ru_maxrss / 1024}


def _build_worker(args) -> None:
    """In a fresh process: one build; prints its figures as JSON."""
    from kg.build import build
    from kg.parallel import default_jobs

    files = json.loads(Path(args.files).read_text())
    t0 = time.perf_counter()
    _, report = build(files, Path(args.out), view=False, jobs=args.jobs, cache_dir=args.cache or False)
    wall = time.perf_counter() - t0
    print(json.dumps({"wall": wall, "chars": report.characters, "issues": report.issues, "articles": report.articles,
                      "triples": report.triples, "seconds": report.seconds, "extraction": report.extraction,
                      "jobs": args.jobs or default_jobs(), **_rusage()}))


def run_build(files: list[Path], out: Path, jobs: int | None, cache: Path | None = None) -> dict:
    listing = out.with_suffix(".files.json")
    listing.write_text(json.dumps([str(f) for f in files]))
    cmd = [sys.executable, __file__, "--_build", "--files", str(listing), "--out", str(out)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    if cache:
        cmd += ["--cache", str(cache)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(f"build failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def person_names(issues) -> list[str]:
    names = set()
    for path in GOLD.glob("*.json"):
        for ent in json.loads(path.read_text(encoding="utf-8"))["entities"]:
            if ent["type"] == "Person":
                names.update([ent["name"], *ent.get("aliases", [])])
    from kg.extract import extract_issue, shared_nlp

    for issue in issues:
        for res in extract_issue(issue, shared_nlp()):
            names.update(m.text for m in res.mentions if m.type == "Person")
    return sorted((n for n in names if len(n) >= 2), key=len, reverse=True)


def make_archive(folder: Path, n: int, per_issue: int = 4, seed: int = 8) -> list[Path]:
    """``n`` issues, each ``per_issue`` seed articles with substituted person names; a manifest too."""
    from kg.build import read_issues

    rng = random.Random(seed)
    seeds = read_issues([SEEDS])
    pieces = [i.text[a.start:a.end].strip() for i in seeds for a in i.articles if a.end - a.start > 200]
    names = person_names(seeds)
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


def posseg_rate(files: list[Path]) -> tuple[float, int]:
    """jieba.posseg alone over the builds' cleaned text: (characters per CPU-second, characters)."""
    import jieba
    import jieba.posseg

    from kg.build import read_issues

    texts = [i.text for i in read_issues(files)]
    jieba.initialize()
    t0 = time.process_time()
    for text in texts:
        for _ in jieba.posseg.cut(text):
            pass
    chars = sum(map(len, texts))
    return chars / (time.process_time() - t0), chars


def line(label: str, r: dict) -> str:
    per_core = r["chars"] / r["cpu"]
    return (f"{label:<22} issues {r['issues']:>5}  chars {r['chars']:>9,}  wall {r['wall']:7.1f}s  "
            f"{1000 * r['wall'] / r['issues']:7.1f} ms/issue  {r['chars'] / r['wall'] / r['jobs']:8,.0f} chars/s/core(wall)  "
            f"{per_core:8,.0f} chars/CPU-s  peak {r['rss_mb']:6.0f} MB + workers {r['child_rss_mb']:5.0f} MB each  "
            f"[extract {r['seconds']['extract']:.1f}s resolve {r['seconds']['resolve']:.1f}s rdf {r['seconds']['rdf']:.1f}s]")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="20 generated issues instead of 1,000 (under a minute)")
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--_build", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--files", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--cache", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._build:
        return _build_worker(args)

    from kg.parallel import default_jobs

    jobs = args.jobs or default_jobs()
    sizes = (5, 10, 20) if args.quick else (100, 300, 1000)
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        tmp = Path(tmp)
        arch = tmp / "archive"
        arch.mkdir()
        t0 = time.perf_counter()
        files = make_archive(arch, sizes[-1])
        print(f"generated archive: {len(files)} issues of 4 recombined seed articles each, person names substituted "
              f"(not real news), in {time.perf_counter() - t0:.1f}s; builds use jobs={jobs}, no cache, no view.html")
        seeds = sorted(SEEDS.glob("*.txt"))
        results = {"seeds": run_build(seeds, tmp / "out-seeds", jobs)}
        print(line("seeds", results["seeds"]), flush=True)
        for n in sizes:
            results[n] = run_build(files[:n], tmp / f"out-{n}", jobs)
            print(line(f"generated {n}", results[n]), flush=True)
        big = results[sizes[-1]]
        per_issue = [1000 * results[n]["wall"] / n for n in sizes]
        print("time per issue (ms) at " + ", ".join(f"{n}: {p:.1f}" for n, p in zip(sizes, per_issue))
              + f"  (largest/smallest {per_issue[-1] / per_issue[0]:.2f}: 1.0 is linear growth)")

        cache = tmp / "cache"  # the smallest size: the resolve and RDF stages, not cached, dominate larger rebuilds
        run_build(files[:sizes[0]], tmp / "out-c", jobs, cache)
        again = run_build(files[:sizes[0]], tmp / "out-c", jobs, cache)
        print(f"rebuild of {sizes[0]} unchanged issues from the cache: wall {again['wall']:.1f}s "
              f"(extract {again['seconds']['extract']:.1f}s, {again['extraction']['cached']} articles cached, "
              f"{again['extraction']['extracted']} extracted)")

        rate, chars = posseg_rate(files[:sizes[-1]])
        seeds_rate, _ = posseg_rate(seeds)
        build_rate = big["chars"] / big["cpu"]
        ratio = build_rate / rate
        print(f"jieba.posseg alone: {rate:,.0f} chars/CPU-s over the same {chars:,} characters "
              f"(seeds: {seeds_rate:,.0f}); whole build {build_rate:,.0f} chars/CPU-s; ratio {ratio:.2f} (target >= 1.0)")
        print(f"seeds: whole build {results['seeds']['chars'] / results['seeds']['cpu']:,.0f} chars/CPU-s, "
              f"ratio {results['seeds']['chars'] / results['seeds']['cpu'] / seeds_rate:.2f} (start-up included)")
        workers = big["extraction"].get("workers") or 1
        peak = big["rss_mb"] + big["child_rss_mb"] * workers
        print(f"peak memory, {sizes[-1]} issues: builder {big['rss_mb']:.0f} MB, each worker <= {big['child_rss_mb']:.0f} MB, "
              f"{workers} workers: <= {peak:.0f} MB in all (target < 2048)")
        print(f"throughput_ratio_vs_jieba_posseg={ratio:.2f} peak_mb={peak:.0f}")


if __name__ == "__main__":
    main()
