"""Pages per second of the readers on one core: a text-layer PDF page, an OCRed page image and a scanned PDF.

    python bench/formats_bench.py [--repeat N]

Reads the fixtures of tests/fixtures/formats (scripts/make_fixtures.py) with kg.readers, as `kg build` does,
in this process with the OCR engine and the numeric libraries held to one thread. Prints pages/s (CPU
seconds and wall seconds), and the characters each read gave. Needs the pdf and ocr extras.
"""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # one core, before numpy loads
    os.environ[var] = "1"

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ROOT / "tests" / "fixtures" / "formats"


def one_core() -> None:
    """Pin the process to one CPU and give the OCR engine one thread."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    import rapidocr_onnxruntime

    from kg.readers import ocr

    ocr._ENGINE = rapidocr_onnxruntime.RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)


def measure(path: Path, repeat: int) -> tuple[float, float, int, int]:
    """(CPU seconds, wall seconds, pages, characters) over ``repeat`` reads of one file."""
    from kg.readers import read_document

    cpu0, wall0 = time.process_time(), time.perf_counter()
    pages = chars = 0
    for _ in range(repeat):
        doc = read_document(path)
        pages += max(len(doc.pages), 1)
        chars += len(doc.text)
    return time.process_time() - cpu0, time.perf_counter() - wall0, pages, chars


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="reads of each file (default 3; OCR is slow)")
    args = ap.parse_args()
    one_core()
    from kg.readers import read_document

    cases = [("text-layer PDF", FORMATS / "pdf" / "lzrb-20260312-03.pdf", args.repeat * 10),
             ("page image, OCR", FORMATS / "scan" / "lzrb-20260312-03.png", args.repeat),
             ("scanned PDF, OCR", FORMATS / "scan" / "lzrb-20260312-03-scan.pdf", args.repeat)]
    read_document(cases[1][1])  # warm up: the OCR models load once per process
    print(f"{'input':<18} {'pages':>6} {'pages/s (CPU)':>14} {'pages/s (wall)':>15} {'chars/page':>11}")
    for name, path, repeat in cases:
        cpu, wall, pages, chars = measure(path, repeat)
        print(f"{name:<18} {pages:>6} {pages / cpu:>14.2f} {pages / wall:>15.2f} {chars // pages:>11}")


if __name__ == "__main__":
    main()
