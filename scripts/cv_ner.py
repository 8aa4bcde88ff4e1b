#!/usr/bin/env python3
"""Cross-validate the CRF of kg/extract/statistical.py on the gold that scripts/train_ner.py learns from.

    python scripts/cv_ner.py --work /tmp/cv                      # 4 folds, the shipped configuration
    python scripts/cv_ner.py --work /tmp/cv --config '{"kg_statistical": {"types": ["Person", "Company"]}}'
    python scripts/cv_ner.py --work /tmp/cv --reuse --config '{"kg_statistical": {"types": []}}'  # the rules alone
    python scripts/cv_ner.py --work /tmp/cv --reuse --config '{"kg_persons": {"steps": []}}'  # the CRF's persons

The training documents (the seeds' gold and the web set's odd half, never the even half) are dealt into folds in
name order; for each fold a model is trained on the other folds, and the fold's documents are built with it by
``kg build`` and scored by ``../shared/eval/score.py``, so that the figures printed are those of the whole
pipeline on documents the model has not seen. ``--reuse`` keeps the fold models of an earlier run in ``--work``.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def build(args: list[str]) -> int:
    """``build INPUT OUT MODELS CONFIG`` (JSON files): kg build of one document with the model its fold was not trained on."""
    from kg import cli
    from kg import extract

    source, out, models, config = args
    model = json.loads(Path(models).read_text(encoding="utf-8"))[Path(source).name]
    settings = json.loads(Path(config).read_text(encoding="utf-8"))
    for component, values in settings.items():
        extract.PIPELINE[component] = {**extract.PIPELINE[component], **values}
    extract.PIPELINE["kg_statistical"] = {**extract.PIPELINE["kg_statistical"], "model": model}
    return cli.main(["build", source, "--out", out, "--jobs", "1", "--no-view", "--no-cache"])


def train_folds(work: Path, files: list[Path], docs: list[Path], folds: int) -> dict[str, str]:
    import pycrfsuite

    import train_ner

    models = {}
    sequences = {f: list(train_ner.training_sequences([str(f)], docs)) for f in files}
    for k in range(folds):
        held_out = files[k::folds]
        trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
        trainer.set_params(train_ner.TRAINER_PARAMS)
        for f in files:
            if f not in held_out:
                for xseq, yseq in sequences[f]:
                    trainer.append(xseq, yseq)
        path = work / f"fold{k}.crfsuite"
        trainer.train(str(path))
        for f in held_out:
            models[json.loads(f.read_text(encoding="utf-8"))["doc"]] = str(path)
        print(f"fold {k}: {[f.name for f in held_out]}", file=sys.stderr)
    return models


def main() -> int:
    if sys.argv[1:2] == ["build"]:
        return build(sys.argv[2:])
    import train_ner

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", required=True, help="a folder for the fold models and the scoring set")
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--config", default="{}", help="settings by component (JSON) over those of PIPELINE")
    ap.add_argument("--reuse", action="store_true", help="keep the fold models of an earlier run")
    ap.add_argument("--train-only", action="store_true", help="train the fold models, score nothing")
    args = ap.parse_args()
    work = Path(args.work)
    files = [f for spec in train_ner.DEFAULT_GOLD for f in train_ner.gold_files(spec)]
    docs = [ROOT / "seeds"]
    scoring = work / "set"
    scoring.mkdir(parents=True, exist_ok=True)
    for f in files:
        gold = json.loads(f.read_text(encoding="utf-8"))
        shutil.copy(f, scoring / f.name)
        document = train_ner.document_of(gold, f, docs)
        shutil.copy(document, scoring / document.name)
    models_file = work / "models.json"
    if not (args.reuse and models_file.is_file()):
        models_file.write_text(json.dumps(train_folds(work, files, docs, args.folds)), encoding="utf-8")
    if args.train_only:
        return 0
    config_file = work / "config.json"
    config_file.write_text(args.config, encoding="utf-8")
    command = f"{sys.executable} {Path(__file__).resolve()} build {{input}} {{out}} {models_file} {config_file}"
    return subprocess.call([sys.executable, str(ROOT.parent / "shared" / "eval" / "score.py"), "--gold", str(scoring),
                            "--docs", str(scoring), "--cmd", command])


if __name__ == "__main__":
    sys.exit(main())
