#!/usr/bin/env python3
"""Train the character-level CRF of kg/extract/statistical.py from gold annotations; write kg/data/ner_crf.crfsuite.

    python scripts/train_ner.py                       # the default gold, as below
    python scripts/train_ner.py --gold ../shared/eval/gold --gold ../shared/eval/web:odd --out /tmp/m.crfsuite

The default learns from the seeds' gold (../shared/eval/gold, texts in seeds/) and the ODD half of the web set
(../shared/eval/web, the 1st, 3rd, 5th… gold file in name order, as ``score.py --half odd`` takes them); the even
half is never read, so it stays an honest test. A document is read as ``kg build`` reads it: cleaned, split into
articles and windows, Traditional script through its Simplified form. Gold gives names and aliases, not offsets:
every occurrence of every surface form (without its quotes or book-title brackets) is labelled, longest first,
never overlapping. The script also writes kg/data/name_chars.tsv (a feature table from jieba's dictionary, see
``name_char_table``). Inputs are sorted and the trainer is deterministic, so a rerun writes the same files.
scripts/cv_ner.py cross-validates the model on the same gold.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.corpus import load_manifest, read_issue  # noqa: E402
from kg.extract import _windows, make_nlp  # noqa: E402
from kg.extract.base import text_of  # noqa: E402
from kg.extract.lexicon import SURNAMES  # noqa: E402
from kg.extract.statistical import LABELLED_TYPES, MODEL_FILE, NAME_CHARS_FILE, char_features, sentences  # noqa: E402
from kg.script import simplified_key, to_simplified  # noqa: E402

DEFAULT_GOLD = ["../shared/eval/gold", "../shared/eval/web:odd"]
SEED = 14
VARIANTS = 3  # copies of each sentence with a person in it, the names replaced by made-up ones
TRAINER_PARAMS = {"c1": 0.1, "c2": 0.05, "max_iterations": 150, "feature.possible_transitions": True,
                  "feature.minfreq": 2}


QUOTES = "“”‘’\"'《》〈〉「」『』【】"  # not part of a name for the labeller (the scorer drops them too)


def name_char_table(out: Path) -> None:
    """kg/data/name_chars.tsv: each character of given names (after a surname, in the words jieba's dictionary
    tags ``nr``) with the share of its uses in the dictionary's words that are such: hi ≥ 0.5, mid ≥ 0.25,
    lo ≥ 0.1 (at least 3 uses in names). Made from the pinned jieba's dictionary: the same every run."""
    from kg.tagtable import word_tags

    given, every = Counter(), Counter()
    for word, tag in word_tags().items():
        every.update(word)
        if tag == "nr" and 2 <= len(word) <= 3 and word[0] in SURNAMES:
            given.update(word[1:])
    rows = ["# character\tlevel\tshare (made by scripts/train_ner.py from jieba's dictionary)"]
    for ch in sorted(given):
        share = given[ch] / every[ch]
        level = "hi" if share >= 0.5 else "mid" if share >= 0.25 else "lo" if share >= 0.1 else ""
        if level and given[ch] >= 3:
            rows.append(f"{ch}\t{level}\t{share:.2f}")
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text("\n".join(rows) + "\n", encoding="utf-8")
    tmp.replace(out)


def gold_files(spec: str) -> list[Path]:
    """A gold JSON file, or a folder of them, optionally ``:odd`` / ``:even`` for one half in name order."""
    folder, _, half = spec.partition(":")
    if folder.endswith(".json"):
        return [Path(folder)]
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
    forms = sorted({(simplified_key(form.strip(QUOTES)), e["type"]) for e in gold["entities"]
                    if e["type"] in LABELLED_TYPES
                    for form in {e["name"], *e.get("aliases", [])} if len(form.strip(QUOTES)) >= 2},
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


def windows(path: Path, nlp):
    """The Docs of a document as ``kg build`` analyses it, one per article window."""
    issue = read_issue(path, load_manifest(path.parent))
    for article in issue.articles:
        for base, end in _windows(article):
            yield nlp.make_doc(to_simplified(issue.text[base:end]))


def labelled_windows(specs: list[str], docs: list[Path]):
    nlp = make_nlp(only=())
    for spec in specs:
        for gf in gold_files(spec):
            gold = json.loads(gf.read_text(encoding="utf-8"))
            names = 0
            for doc in windows(document_of(gold, gf, docs), nlp):
                labels = labels_for(text_of(doc), gold)
                names += sum(lab.startswith("B-") for lab in labels)
                yield doc, labels
            print(f"  {gf}: {names} names", file=sys.stderr)


def training_sequences(specs: list[str], docs: list[Path], variants: int = VARIANTS):
    labelled = list(labelled_windows(specs, docs))
    # the characters of given names in the gold, as a pool to draw made-up names from
    given_chars = sorted({text_of(doc)[k] for doc, labels in labelled for i, j in person_runs(labels)
                          for k in range(i + 1, j)})
    rng = random.Random(SEED)
    nlp = make_nlp(only=())
    for doc, labels in labelled:
        text = text_of(doc)
        for s, e in sentences(text):
            if not text[s:e].strip():
                continue
            yield char_features(doc, s, e), labels[s:e]
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
    name_char_table(ROOT / "kg" / "data" / NAME_CHARS_FILE)
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
