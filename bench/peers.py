"""Peers benchmark: person / organization / place names, kg against jieba.posseg, THULAC and Baidu LAC.

    .venv/bin/python bench/peers.py            # needs the ``bench`` extra (thulac) for THULAC
    .venv/bin/python bench/peers.py --gold ../shared/eval/web --docs ../shared/eval/web   # any gold folder
    .venv/bin/python bench/peers.py --lac-python /tmp/lacvenv/bin/python

Every tool reads the same cleaned text (``kg.corpus``) of the documents that a gold folder annotates
(by default the seeds' gold, ``../shared/eval/gold`` beside the checkout, with the texts in ``seeds/``)
and is scored against it, per document, untyped within each class:

    person        gold Person                 jieba nr   THULAC np   LAC PER   kg Person
    organization  Company, GovernmentBody,    jieba nt   THULAC ni   LAC ORG   kg Company, GovernmentBody,
                  Organization                                                 Organization
    place         Place                       jieba ns   THULAC ns   LAC LOC   kg Place

A tool's predictions are its distinct names per document (NFKC, no spaces). A name is right if it
equals a gold entity's name or one of its aliases, and each gold entity is found at most once
(one-to-one); precision, recall and F1 are micro-averaged over the documents. Speed is characters
per second of the tagging alone (models loaded); kg's start-up (import, pipeline build, jieba's
dictionary) is given separately. Baidu LAC needs Python 3.8 (paddlepaddle 1.8.5): it runs in its own
virtual environment when one is given or found at /tmp/lacvenv, and is skipped with a note otherwise.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "eval" / "gold"  # the eval kit beside the checkout
CLASSES = ("person", "organization", "place")
KG_CLASS = {"Person": "person", "Company": "organization", "GovernmentBody": "organization",
            "Organization": "organization", "Place": "place"}
JIEBA_CLASS = {"nr": "person", "nt": "organization", "ns": "place"}
THULAC_CLASS = {"np": "person", "ni": "organization", "ns": "place"}
LAC_CLASS = {"PER": "person", "ORG": "organization", "LOC": "place"}

LAC_SCRIPT = r"""
import json, sys, time
from LAC import LAC
t0 = time.perf_counter(); lac = LAC(mode="lac"); load = time.perf_counter() - t0
texts = json.load(sys.stdin)
out = []
t0 = time.perf_counter()
for text in texts:
    lines = [l for l in text.split("\n") if l.strip()]
    names = []
    for words, tags in lac.run(lines):
        names.extend([w, t] for w, t in zip(words, tags) if t in ("PER", "ORG", "LOC"))
    out.append(names)
print(json.dumps({"load": load, "seconds": time.perf_counter() - t0, "names": out}, ensure_ascii=False))
"""


def norm(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split())


def load_docs(gold_dir: Path = GOLD, docs_dir: Path = ROOT / "seeds"):
    from kg.build import read_issues

    paths = sorted(gold_dir.glob("*.json"))
    if not paths:
        sys.exit(f"peers: no gold files (*.json) in {gold_dir}; give --gold DIR")
    docs = []
    for path in paths:
        gold = json.loads(path.read_text(encoding="utf-8"))
        issue = read_issues([docs_dir / gold["doc"]], strict=True)[0]
        ents = {c: [] for c in CLASSES}
        for e in gold["entities"]:
            if e["type"] in KG_CLASS:
                ents[KG_CLASS[e["type"]]].append({norm(n) for n in [e["name"], *e.get("aliases", [])]})
        docs.append((issue, ents))
    return docs


def score(preds: list[dict[str, set[str]]], docs) -> dict[str, tuple[float, float, float]]:
    """Per class and 'all': (precision, recall, F1), micro over documents, one-to-one matching."""
    out = {}
    for cls in (*CLASSES, "all"):
        tp = npred = ngold = 0
        for pred, (_, gold) in zip(preds, docs):
            for c in (CLASSES if cls == "all" else (cls,)):
                names, entities = sorted(pred.get(c, set())), gold[c]
                used = set()
                for name in names:
                    for k, ent in enumerate(entities):
                        if k not in used and name in ent:
                            used.add(k)
                            tp += 1
                            break
                npred += len(names)
                ngold += len(entities)
        p = tp / npred if npred else 0.0
        r = tp / ngold if ngold else 0.0
        out[cls] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return out


def collect(pairs, mapping) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {c: set() for c in CLASSES}
    for word, tag in pairs:
        if tag in mapping and norm(word):
            found[mapping[tag]].add(norm(word))
    return found


def run_kg(docs):
    t0 = time.perf_counter()
    from kg.extract import make_nlp

    from kg.extract import extract_issue, warm_up

    nlp = make_nlp()
    warm_up(nlp)  # start-up: jieba's dictionary, and the tables the components build on first use
    startup = time.perf_counter() - t0

    preds = []
    t0 = time.perf_counter()
    for issue, _ in docs:
        found: dict[str, set[str]] = {c: set() for c in CLASSES}
        for res in extract_issue(issue, nlp):
            for m in res.mentions:
                if m.type in KG_CLASS and norm(m.text):
                    found[KG_CLASS[m.type]].add(norm(m.text))
        preds.append(found)
    return preds, time.perf_counter() - t0, startup


def run_jieba(docs):
    import jieba
    import jieba.posseg

    t0 = time.perf_counter()
    jieba.initialize()
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    preds = [collect(((p.word, p.flag) for p in jieba.posseg.cut(issue.text)), JIEBA_CLASS) for issue, _ in docs]
    return preds, time.perf_counter() - t0, load


def run_thulac(docs):
    import thulac

    t0 = time.perf_counter()
    tagger = thulac.thulac()
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    preds = []
    for issue, _ in docs:
        pairs = []
        for line in issue.text.split("\n"):
            if line.strip():
                pairs.extend(tagger.cut(line))
        preds.append(collect(pairs, THULAC_CLASS))
    return preds, time.perf_counter() - t0, load


def run_lac(docs, python: str):
    done = subprocess.run([python, "-c", LAC_SCRIPT], input=json.dumps([i.text for i, _ in docs], ensure_ascii=False),
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "LAC failed")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return [collect(names, LAC_CLASS) for names in data["names"]], data["seconds"], data["load"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lac-python", default="/tmp/lacvenv/bin/python",
                    help="a Python 3.8 with paddlepaddle==1.8.5 and lac==2.1.2 (default /tmp/lacvenv/bin/python)")
    ap.add_argument("--gold", type=Path, default=GOLD, help=f"a folder of gold *.json (default {GOLD})")
    ap.add_argument("--docs", type=Path, default=ROOT / "seeds", help="the folder of the texts the gold names")
    args = ap.parse_args()

    docs = load_docs(args.gold, args.docs)
    chars = sum(len(i.text) for i, _ in docs)
    print(f"documents {', '.join(i.id for i, _ in docs)}: {chars:,} characters; gold "
          + ", ".join(f"{c} {sum(len(g[c]) for _, g in docs)}" for c in CLASSES))
    runs = [("kg", lambda: run_kg(docs)), ("jieba.posseg", lambda: run_jieba(docs))]
    notes = []
    try:
        import thulac  # noqa: F401

        runs.append(("THULAC", lambda: run_thulac(docs)))
    except ImportError:
        notes.append("THULAC skipped: `pip install -e .[bench]` installs it")
    if os.path.exists(args.lac_python):
        runs.append(("Baidu LAC", lambda: run_lac(docs, args.lac_python)))
    else:
        py38 = [p for p in ("/usr/bin/python3.8", *map(str, Path.home().glob(".pyenv/versions/3.8*/bin/python")))
                if os.path.exists(p)]
        notes.append(f"Baidu LAC skipped: no {args.lac_python}; " + (
            f"make one with {py38[0]} -m venv (paddlepaddle==1.8.5 'numpy<1.20' 'protobuf<=3.20.3' wheel, then "
            "lac==2.1.2 --no-build-isolation)" if py38 else "it needs Python 3.8 (paddlepaddle 1.8.5), none here"))

    header = f"{'tool':<13}" + "".join(f"{c + ' P/R/F1':>24}" for c in (*CLASSES, "all")) + f"{'chars/s':>10}{'load s':>8}"
    print(header)
    for name, fn in runs:
        try:
            preds, seconds, load = fn()
        except Exception as exc:  # a peer that fails is reported, the others still run
            notes.append(f"{name} failed: {exc}")
            continue
        s = score(preds, docs)
        print(f"{name:<13}" + "".join(f"{'%.2f/%.2f/%.2f' % s[c]:>24}" for c in (*CLASSES, "all"))
              + f"{chars / seconds:>10,.0f}{load:>8.2f}", flush=True)
        if name == "kg":
            notes.insert(0, f"kg start-up (import spaCy + kg.extract, make_nlp, jieba dictionary, gazetteer tables): {load:.2f}s, "
                            "not in its chars/s")
    load1, _, _ = os.getloadavg()
    notes.append(f"speeds are wall-clock on this machine: {os.cpu_count()} cores, load average {load1:.1f} at the end")
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
