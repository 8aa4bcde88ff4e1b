#!/usr/bin/env python3
"""Train the character-level CRF of kg/extract/statistical.py from gold annotations; write kg/data/ner_crf.crfsuite.

    python scripts/train_ner.py                       # the default gold, as below
    python scripts/train_ner.py --gold ../shared/eval/gold --gold ../shared/eval/web:odd --out /tmp/m.crfsuite

The default learns from the seeds' gold (../shared/eval/gold, texts in seeds/) and the ODD half of the web set
(../shared/eval/web, the 1st, 3rd, 5th… gold file in name order, as ``score.py --half odd`` takes them); the even
half is never read, so it stays an honest test. Gold gives names and aliases, not offsets: every occurrence of every
surface form is labelled, longest first, never overlapping. Traditional texts are labelled on their Simplified form,
as the pipeline reads them. Inputs are sorted and the trainer is deterministic, so a rerun writes the same model.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract import make_nlp  # noqa: E402
from kg.extract.lexicon import SURNAMES  # noqa: E402
from kg.extract.statistical import LABELLED_TYPES, MODEL_FILE, char_features, sentences  # noqa: E402
from kg.script import simplified_key, to_simplified  # noqa: E402

DEFAULT_GOLD = ["../shared/eval/gold", "../shared/eval/web:odd"]
SEED = 14
VARIANTS = 3  # copies of each sentence with a person in it, the names replaced by made-up ones
TRAINER_PARAMS = {"c1": 0.1, "c2": 0.05, "max_iterations": 150, "feature.possible_transitions": True,
                  "feature.minfreq": 2}


def gold_files(spec: str) -> list[Path]:
    """A folder of gold JSON files, optionally ``:odd`` / ``:even`` for one half in name order."""
    folder, _, half = spec.partition(":")
    files = sorted(Path(folder).glob("*.json"))
    if half:
        files = files[0 if half == "odd" else 1::2]
    return files


def document_of(gold: dict, gold_file: Path, docs: list[Path]) -> Path:
    for folder in [gold_file.parent, *docs]:
        if (folder / gold["doc"]).is_file():
            return folder / gold["doc"]
    raise SystemExit(f"kg: error: {gold_file}: no document {gold['doc']} in {gold_file.parent} or --docs")


def labels_for(text: str, gold: dict) -> list[str]:
    """BIO labels per character: each surface form of a labelled type, longest first, where nothing is yet."""
    forms = sorted({(simplified_key(form), e["type"]) for e in gold["entities"] if e["type"] in LABELLED_TYPES
                    for form in {e["name"], *e.get("aliases", [])} if len(form) >= 2},
                   key=lambda ft: (-len(ft[0]), ft))
    labels = ["O"] * len(text)
    for form, kind in forms:
        at = text.find(form)
        while at >= 0:
            end = at + len(form)
            if all(label == "O" for label in labels[at:end]):
                labels[at:end] = [f"B-{kind}"] + [f"I-{kind}"] * (len(form) - 1)
            at = text.find(form, end)
    return labels


def person_runs(labels: list[str]) -> list[tuple[int, int]]:
    runs, i = [], 0
    while i < len(labels):
        j = i + 1
        if labels[i] == "B-Person":
            while j < len(labels) and labels[j] == "I-Person":
                j += 1
            runs.append((i, j))
        i = j
    return runs


def with_made_up_names(sentence: str, labels: list[str], rng: random.Random, given_chars: list[str]) -> str:
    """The sentence with every labelled person replaced by a made-up name of the same length, so that the
    model learns the contexts and shapes of names rather than the few names of the gold."""
    chars = list(sentence)
    surnames = sorted(SURNAMES)
    for i, j in person_runs(labels):
        if j - i <= 3:
            chars[i:j] = [rng.choice(surnames)] + [rng.choice(given_chars) for _ in range(j - i - 1)]
    return "".join(chars)


def training_sequences(specs: list[str], docs: list[Path], variants: int = VARIANTS):
    nlp = make_nlp()
    labelled = []
    for spec in specs:
        for gf in gold_files(spec):
            gold = json.loads(gf.read_text(encoding="utf-8"))
            text = to_simplified(document_of(gold, gf, docs).read_text(encoding="utf-8"))
            labels = labels_for(text, gold)
            print(f"  {gf}: {len(text)} chars, {sum(lab.startswith('B-') for lab in labels)} names", file=sys.stderr)
            labelled.append((text, labels))
    # the characters of given names in the gold, as a pool to draw made-up names from
    given_chars = sorted({text[k] for text, labels in labelled for i, j in person_runs(labels) for k in range(i + 1, j)})
    rng = random.Random(SEED)
    for text, labels in labelled:
        feats = char_features(nlp.make_doc(text))
        for s, e in sentences(text):
            if not text[s:e].strip():
                continue
            yield feats[s:e], labels[s:e]
            if variants and given_chars and "B-Person" in labels[s:e]:
                for _ in range(variants):
                    made_up = with_made_up_names(text[s:e], labels[s:e], rng, given_chars)
                    yield char_features(nlp.make_doc(made_up)), labels[s:e]


def main() -> int:
    import pycrfsuite

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", action="append", help="gold folder[:odd|:even] (repeatable); default: "
                    + " ".join(DEFAULT_GOLD))
    ap.add_argument("--docs", action="append", default=[], help="folders that hold the documents (default: seeds/)")
    ap.add_argument("--out", default=str(ROOT / "kg" / "data" / MODEL_FILE))
    args = ap.parse_args()
    docs = [Path(d) for d in args.docs] or [ROOT / "seeds"]
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params(TRAINER_PARAMS)
    for xseq, yseq in training_sequences(args.gold or DEFAULT_GOLD, docs):
        trainer.append(xseq, yseq)
    out = Path(args.out)
    tmp = out.with_name(out.name + ".tmp")
    trainer.train(str(tmp))
    tmp.replace(out)  # atomically: a half-written model is never loaded
    print(f"wrote {out} ({out.stat().st_size} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
