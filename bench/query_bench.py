"""Side by side: rdflib's Memory store vs Oxigraph (pyoxigraph, in memory) on a generated graph.

    .venv/bin/python bench/query_bench.py                  # ~1.1M triples (the default scale 1.0)
    .venv/bin/python bench/query_bench.py --scale 0.1      # a quick look
    .venv/bin/python bench/query_bench.py --keep /tmp/big.ttl --timeout 120

The graph has kg build's shape (kg/rdf.py): places in a hierarchy, companies, bodies, projects,
programs, people with W3C ORG memberships (roles, dates, source sentences), issues, articles and
their schema:mentions. It prints the load time, every saved question's time on both stores (with the
parameters a user would pass), the Turtle write time, and the ratios rdflib / Oxigraph. A question that
runs past --timeout on rdflib is reported as ">T". This is a script that prints figures, not a test.
"""
from __future__ import annotations

import argparse
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.query import bind, saved_queries  # noqa: E402
from kg.store import OxigraphStore, RdflibStore  # noqa: E402

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力民永立新春海林东相志国庆峰波宁斌"
WORDS = "华鲁东阿聊城临清冠县高唐茌平莘阳谷泰和信诚金源绿色智能科技新材料化工机械电力医药食品纺织"
TITLES = ["局长", "党组书记", "副局长", "主任", "副主任", "书记", "县长", "副县长", "董事长", "总经理", "院长", "处长"]
BODY_KINDS = ["科学技术局", "发展和改革委员会", "工业和信息化局", "人力资源和社会保障局", "商务局", "农业农村局",
              "住房和城乡建设局", "生态环境局", "财政局", "教育局", "人民政府", "市场监督管理局"]

P = {"kgo": "https://w3id.org/newskg/ontology#", "schema": "http://schema.org/", "org": "http://www.w3.org/ns/org#",
     "prov": "http://www.w3.org/ns/prov#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
     "xsd": "http://www.w3.org/2001/XMLSchema#", "kg": "https://w3id.org/newskg/id/"}


def lit(text: str) -> str:  # names are plain literals in kg's graph, as here
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(path: Path, scale: float, seed: int = 7) -> dict:
    """Write a Turtle graph; returns the parameter values the saved questions are run with."""
    rnd = random.Random(seed)
    n = lambda base: max(1, int(base * scale))  # noqa: E731
    out = path.open("w", encoding="utf-8")
    w = out.write
    for prefix, iri in P.items():
        w(f"@prefix {prefix}: <{iri}> .\n")
    count = 0

    def t(s: str, p: str, o: str) -> None:
        nonlocal count
        if s.startswith("kg:"):  # Turtle local names take no "/": kg:person_h1 stands for kg:person/h1
            s = s.replace("/", "_")
        if o.startswith("kg:"):
            o = o.replace("/", "_")
        w(f"{s} {p} {o} .\n")
        count += 1

    def entity(iri: str, cls: str, schema_cls: str, name: str, alt: str | None = None) -> None:
        t(iri, "a", f"kgo:{cls}")
        t(iri, "a", f"schema:{schema_cls}")
        t(iri, "schema:name", lit(name))
        t(iri, "rdfs:label", lit(name))
        if alt:
            t(iri, "schema:alternateName", lit(alt))

    def word(k: int) -> str:
        return "".join(rnd.choice(WORDS) for _ in range(k))

    # places: province → cities → counties → towns
    entity("kg:place/37", "Place", "Place", "山东省")
    cities, counties, towns = [], [], []
    for c in range(n(17)):
        iri = f"kg:place/c{c}"
        entity(iri, "Place", "Place", "聊城市" if c == 0 else f"{word(2)}市{c}")
        t(iri, "schema:containedInPlace", "kg:place/37")
        cities.append(iri)
    for c in range(n(160)):
        iri = f"kg:place/x{c}"
        entity(iri, "Place", "Place", "东阿县" if c == 0 else f"{word(2)}县{c}")
        t(iri, "schema:containedInPlace", cities[0] if c < 8 else rnd.choice(cities))
        counties.append(iri)
    for c in range(n(2500)):
        iri = f"kg:place/t{c}"
        entity(iri, "Place", "Place", f"{word(2)}镇{c}")
        t(iri, "schema:containedInPlace", counties[0] if c < 15 else rnd.choice(counties))
        towns.append(iri)
    places = counties + towns
    # bodies, organizations, companies
    bodies = []
    for c in range(n(4000)):
        iri = f"kg:governmentbody/b{c}"
        name = "聊城市科学技术局" if c == 0 else f"{word(2)}{rnd.choice(BODY_KINDS)}{c}"
        entity(iri, "GovernmentBody", "GovernmentOrganization", name, "市科技局" if c == 0 else None)
        t(iri, "kgo:locatedIn", rnd.choice(cities + counties))
        bodies.append(iri)
    orgs = []
    for c in range(n(2500)):
        iri = f"kg:organization/o{c}"
        entity(iri, "Organization", "Organization", f"{word(3)}研究院{c}")
        orgs.append(iri)
    companies, first_company = [], ""
    for c in range(n(20000)):
        iri = f"kg:company/k{c}"
        name = f"{word(4)}有限公司{c}"
        entity(iri, "Company", "Corporation", name, name[:4])
        first_company = first_company or name
        t(iri, "kgo:locatedIn", rnd.choice(places))
        if c and rnd.random() < 0.2:
            t(iri, "kgo:partnerOf", rnd.choice(companies))
        if c and rnd.random() < 0.05:
            t(iri, "kgo:partOf", rnd.choice(companies))
        companies.append(iri)
    projects = []
    for c in range(n(8000)):
        iri = f"kg:project/j{c}"
        entity(iri, "Project", "Project", f"{word(3)}产业园项目{c}")
        t(rnd.choice(companies), "kgo:undertakes", iri)
        t(iri, "kgo:locatedIn", rnd.choice(places))
        projects.append(iri)
    programs = []
    for c in range(n(4000)):
        iri = f"kg:program/g{c}"
        entity(iri, "Program", "CreativeWork", f"{word(3)}行动方案{c}")
        t(iri, "kgo:issuedBy", rnd.choice(bodies))
        programs.append(iri)
    # issues and articles
    issues, dates = [], []
    for c in range(n(1000)):
        iri = f"kg:issue/i{c}"
        year, day = 2020 + c * 6 // max(1, n(1000)), c % 365
        date = f"{year}-{1 + day // 31 % 12:02d}-{1 + day % 28:02d}"
        t(iri, "a", "schema:PublicationIssue")
        t(iri, "schema:identifier", f'"i{c}"')
        t(iri, "schema:datePublished", f'"{date}"^^xsd:date')
        t(iri, "schema:isPartOf", "kg:periodical/lc")
        issues.append(iri)
        dates.append(date)
    t("kg:periodical/lc", "a", "schema:Periodical")
    t("kg:periodical/lc", "schema:name", lit("聊城日报"))
    people = []
    for c in range(n(30000)):
        iri = f"kg:person/h{c}"
        name = "王相东" if c == 0 else rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN) + str(c)
        entity(iri, "Person", "Person", name)
        people.append(iri)
    articles = []
    everything = companies + bodies + orgs + projects + programs + people + places
    for c in range(n(40000)):
        iri = f"kg:article/a{c}"
        k = rnd.randrange(len(issues))
        t(iri, "a", "schema:NewsArticle")
        t(iri, "schema:isPartOf", issues[k])
        t(iri, "schema:headline", lit(word(8)))
        t(iri, "schema:datePublished", f'"{dates[k]}"^^xsd:date')
        for e in set(rnd.choice(everything) for _ in range(10)):
            t(iri, "schema:mentions", e)
        articles.append((iri, k))
    # memberships, each with a source sentence in an article that mentions both ends
    for c in range(n(35000)):
        person = people[0] if c == 0 else rnd.choice(people)
        org_ = bodies[0] if c == 0 else rnd.choice(bodies + companies[:5000])
        m, (art, k) = f"kg:membership/m{c}", rnd.choice(articles)
        sent = f"{art}/s{c}"
        t(m, "a", "org:Membership")
        t(m, "org:member", person)
        t(m, "org:organization", org_)
        t(person, "org:memberOf", org_)
        for title in (["党组书记", "局长"] if c == 0 else rnd.sample(TITLES, rnd.randint(1, 2))):
            t(m, "org:role", f"kg:role/{TITLES.index(title)}")
        t(m, "kgo:reportedOn", f'"{dates[k]}"^^xsd:date')
        t(m, "kgo:firstReported", f'"{dates[k]}"^^xsd:date')
        t(m, "kgo:lastReported", f'"{dates[k]}"^^xsd:date')
        t(m, "prov:wasDerivedFrom", sent)
        t(sent, "a", "kgo:Sentence")
        t(sent, "kgo:text", lit(word(20)))
        t(sent, "schema:isPartOf", art)
        t(sent, "kgo:startOffset", str(rnd.randrange(5000)))
        t(art, "schema:mentions", person)
        t(art, "schema:mentions", org_)
    for i, title in enumerate(TITLES):
        t(f"kg:role/{i}", "a", "org:Role")
        t(f"kg:role/{i}", "rdfs:label", lit(title))
    out.close()
    return {"triples": count, "params": {
        "person-posts": {"name": ["王相东"]}, "heads-of-body": {"body": ["聊城市科学技术局"]},
        "people-of-body": {"body": ["市科技局"]}, "in-place": {"place": ["东阿县"]},
        "projects": {"name": ["东阿阿胶产业园项目"]}, "programs": {"issuer": ["聊城市科学技术局"]},
        "co-mentioned": {"name": ["王相东"]}, "fact-sources": {"subject": ["王相东"]},
        "new-in-issue": {"issue": [dates[len(dates) // 2]]}, "timeline": {"name": ["王相东"]},
        "partners": {"name": [first_company]}, "find": {"text": ["王相东"]},
    }}


class Timeout(Exception):
    pass


def timed(fn, limit: float | None = None):
    """(seconds, result); seconds is None when it ran past ``limit`` (SIGALRM, main thread only)."""
    def alarm(*_):
        raise Timeout

    if limit:
        signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, limit)
    start = time.perf_counter()
    try:
        result = fn()
        return time.perf_counter() - start, result
    except Timeout:
        return None, None
    finally:
        if limit:
            signal.setitimer(signal.ITIMER_REAL, 0)


def fmt(seconds: float | None, limit: float) -> str:
    return f">{limit:.0f}s" if seconds is None else f"{seconds:8.3f}s"


def ratio(slow: float | None, fast: float | None, limit: float) -> str:
    if fast is None:
        return "n/a"
    if slow is None:
        return f">{limit / max(fast, 1e-6):.0f}x"
    return f"{slow / max(fast, 1e-6):.1f}x"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="1.0 ≈ 1.1M triples")
    ap.add_argument("--timeout", type=float, default=60, help="per question on rdflib, seconds")
    ap.add_argument("--keep", metavar="FILE", help="write the generated Turtle here and keep it")
    ap.add_argument("--only", nargs="*", help="only these saved questions")
    args = ap.parse_args()

    path = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kg-bench-")) / "bench.ttl"
    gen_s, info = timed(lambda: generate(path, args.scale))
    print(f"generated {info['triples']:,} triples ({path.stat().st_size / 1e6:.0f} MB Turtle) in {gen_s:.1f}s", flush=True)

    ox_load, ox = timed(lambda: OxigraphStore().load(path))
    print(f"load      oxigraph {ox_load:8.2f}s", flush=True)
    rl_load, rl = timed(lambda: RdflibStore().load(path))
    print(f"load      rdflib   {rl_load:8.2f}s   ratio {rl_load / ox_load:.1f}x", flush=True)
    assert len(ox) == len(rl), (len(ox), len(rl))

    print(f"\n{'question':16} {'rows':>6} {'oxigraph':>10} {'rdflib':>10} {'rdflib/oxigraph':>16}")
    ratios = []
    for name, q in saved_queries().items():
        if args.only and name not in args.only:
            continue
        sparql = bind(q.text, info["params"].get(name))
        t_ox, r_ox = timed(lambda: ox.query(sparql), args.timeout * 10)
        t_rl, r_rl = timed(lambda: rl.query(sparql), args.timeout)
        rows = len(r_ox) if r_ox is not None else "?"
        if r_ox is not None and r_rl is not None and len(r_ox) != len(r_rl):
            rows = f"{len(r_ox)}≠{len(r_rl)}"
        print(f"{name:16} {rows!s:>6} {fmt(t_ox, args.timeout * 10):>10} {fmt(t_rl, args.timeout):>10} "
              f"{ratio(t_rl, t_ox, args.timeout):>16}", flush=True)
        if t_ox and t_rl:
            ratios.append(t_rl / t_ox)

    out = path.with_suffix(".out.ttl")
    from kg.export import write_rdf

    w_ox, _ = timed(lambda: write_rdf(ox, "turtle", out))
    w_rl, _ = timed(lambda: write_rdf(rl, "turtle", out), args.timeout * 5)
    print(f"\nwrite Turtle  oxigraph {w_ox:.2f}s  rdflib {fmt(w_rl, args.timeout * 5)}  ratio {ratio(w_rl, w_ox, args.timeout * 5)}")
    if ratios:
        ratios.sort()
        print(f"questions: median ratio {ratios[len(ratios) // 2]:.1f}x (min {ratios[0]:.1f}x, max {ratios[-1]:.1f}x) "
              f"over {len(ratios)} that finished on both")
    if not args.keep:
        path.unlink(missing_ok=True)
        path.parent.rmdir()
    out.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
