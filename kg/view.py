"""The interactive view: RDF → networkx projection → pyvis → one self-contained HTML file.

    G = to_networkx(load("out/graph.trig"))          # entities and their relations, with sources
    H = select(G, focus="柏文澜", hops=2)             # a focused part of it
    write_view(H, "wang.html")                       # or write_view(graph_or_dataset, path, focus=...)

pyvis builds the vis-network node and edge lists and options; the page around them is ours
(``kg/data/view.html``, ``view.js``, ``view.css``), because pyvis's own template fetches Bootstrap
and, unless told otherwise, vis-network from CDNs, and its filter menu removes nodes it cannot bring
back. Everything — vis-network's JS and CSS from the pyvis wheel, our script, the data — is inlined,
so the file works offline. The layout is computed once here (seeded, so it repeats); small graphs
let vis-network's physics settle it for a moment and then stop it, large ones never start physics.
"""
from __future__ import annotations

import html
import json
import math
import os
import re
from importlib import resources
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import ORG, PROV, RDF, RDFS

from .model import EntityType as T
from .vocab import KGO, SCHEMA, labels


# type -> (colour, vis-network shape); the order is the legend's. Labels are the ontology's (``vocab.labels``).
_TYPE_STYLE: dict[str, tuple[str, str]] = {
    T.PERSON: ("#e4572e", "dot"),
    T.GOVERNMENT_BODY: ("#3b6fb6", "diamond"),
    T.COMPANY: ("#f2a541", "square"),
    T.ORGANIZATION: ("#8e6fbf", "triangle"),
    T.PLACE: ("#3aa876", "triangleDown"),
    T.PROJECT: ("#d64f9a", "star"),
    T.PROGRAM: ("#6c8a9b", "hexagon"),
}
# the most specific type wins when an entity carries several (Organization is the superclass of two)
_TYPE_PRIORITY = [T.PERSON, T.COMPANY, T.GOVERNMENT_BODY, T.PLACE, T.PROJECT, T.PROGRAM, T.ORGANIZATION]

# relation -> (edge colour, directed)
_RELATION_STYLE: dict[str, tuple[str, bool]] = {
    "memberOf": ("#e4572e", True),
    "locatedIn": ("#3aa876", True),
    "undertakes": ("#d64f9a", True),
    "partnerOf": ("#f2a541", False),
    "partOf": ("#3b6fb6", True),
    "issuedBy": ("#6c8a9b", True),
    "containedInPlace": ("#9bc4ad", True),
}
_PROPERTY_RELATION = {
    KGO.locatedIn: "locatedIn",
    KGO.undertakes: "undertakes",
    KGO.partnerOf: "partnerOf",
    KGO.partOf: "partOf",
    KGO.issuedBy: "issuedBy",
    SCHEMA.containedInPlace: "containedInPlace",
    ORG.memberOf: "memberOf",
}
_RELATION_PROPERTY = {name: prop for prop, name in _PROPERTY_RELATION.items()}
# type -> (label, colour, shape); relation -> (label, colour, directed): the label from the ontology
TYPES: dict[str, tuple[str, str, str]] = {t: (labels()[KGO[t]], *style) for t, style in _TYPE_STYLE.items()}
RELATIONS: dict[str, tuple[str, str, bool]] = {
    r: (labels()[_RELATION_PROPERTY[r]], *style) for r, style in _RELATION_STYLE.items()}
TEXT: dict[str, str] = json.loads(resources.files("kg").joinpath("data/view_text.json").read_text(encoding="utf-8"))
_TYPE_ALIASES = {k.lower(): k for k in TYPES} | {v[0]: k for k, v in TYPES.items()} | {
    "org": T.ORGANIZATION, "government": T.GOVERNMENT_BODY, "gov": T.GOVERNMENT_BODY}

FONT_FACE = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
PHYSICS_MAX_NODES = 800  # above this the page never starts physics: the networkx layout is final


# --------------------------------------------------------------------------- reading

def load(path: str | os.PathLike) -> Graph | Dataset:
    """Read graph.ttl (a Graph) or graph.trig / .nq (a Dataset, with the per-article provenance)."""
    path = str(path)
    if path.endswith((".trig", ".nq", ".nquads")):
        ds = Dataset()
        ds.parse(path, format="trig" if path.endswith(".trig") else "nquads")
        return ds
    g = Graph()
    g.parse(path)
    return g


def _split(graph) -> tuple[Graph, Dataset | None]:
    """The graph to read entities from, and the dataset to read assertions from (or None)."""
    if isinstance(graph, Dataset):
        return graph.graph(DATASET_DEFAULT_GRAPH_ID), graph
    return graph, None


def _text(g: Graph, s, p) -> str | None:
    """One literal value of s p, preferring @zh, then untagged, then any; deterministic."""
    values = sorted(g.objects(s, p), key=lambda o: (getattr(o, "language", None) != "zh",
                                                    getattr(o, "language", None) is not None, str(o)))
    return str(values[0]) if values else None


def _date_key(value: str) -> tuple[str, str]:
    """The first and last day a (possibly partial) ISO date covers: "2026-03" → 2026-03-01, 2026-03-31."""
    value = value[:10]
    return value + "-01-01"[len(value) - 4:], value + "-12-31"[len(value) - 4:]


def in_period(dates, since: str | None = None, until: str | None = None) -> bool | None:
    """Whether any of the dates falls in [since, until]; None when there are no dates at all.

    Partial dates ("2026-03", "2026") count when they overlap the period.
    """
    if not dates:
        return None
    lo_bound = _date_key(since)[0] if since else "0000-00-00"
    hi_bound = _date_key(until)[1] if until else "9999-99-99"
    return any(_date_key(d)[1] >= lo_bound and _date_key(d)[0] <= hi_bound for d in dates)


# --------------------------------------------------------------------------- projection

def to_networkx(graph) -> nx.MultiDiGraph:
    """Project the RDF graph onto a networkx MultiDiGraph of entities.

    ``graph`` is an rdflib Graph (graph.ttl) or Dataset (graph.trig, whose ``kgo:Assertion`` nodes
    attach source sentences to relation edges), or a path to either.

    Nodes are entity IRIs (str) with ``type`` (Person, Company, …), ``name``, ``aliases`` (list),
    ``articles`` (IRIs of the articles that mention it), ``dates`` (their issue dates) and
    ``mentions`` (kgo:mentionCount or the number of articles).
    Edges are keyed by relation (``memberOf``, ``locatedIn``, ``undertakes``, ``partnerOf``, ``partOf``,
    ``issuedBy``, ``containedInPlace``) with ``relation``, ``label`` (Chinese; a post's titles for
    ``memberOf``), ``directed``, ``titles``, ``dates`` and ``sources`` (dicts with ``text``, ``article``,
    ``headline``, ``issue``, ``date``). ``partnerOf`` appears once per pair.
    ``G.graph["articles"]`` maps article IRIs to their headline, issue and date.
    """
    if isinstance(graph, (str, os.PathLike)):
        graph = load(graph)
    g, ds = _split(graph)
    G = nx.MultiDiGraph()
    issues = _issue_infos(g)
    articles = _article_infos(g, issues)
    G.graph["articles"] = {str(a): v for a, v in sorted(articles.items())}
    source = _Sources(_sentence_texts(g), articles, issues)
    _add_entities(G, g, articles)
    # posts (org:Membership) first, then the contract's relations and the place hierarchy
    _add_posts(G, g, source)
    for prop, relation in _PROPERTY_RELATION.items():
        for s, o in sorted(g.subject_objects(prop)):
            if str(s) in G and str(o) in G and s != o:
                _add_edge(G, str(s), str(o), relation)
    if ds is not None:
        _add_assertion_sources(G, ds, source)
    _date_undated_edges(G)
    return G


def _issue_infos(g) -> dict:
    """Each issue's label (its paper's name, else its identifier), date and identifier."""
    issues = {}
    for issue in g.subjects(RDF.type, SCHEMA.PublicationIssue):
        paper = next(iter(sorted(g.objects(issue, SCHEMA.isPartOf))), None)
        paper_name = _text(g, paper, SCHEMA.name) if paper is not None else None
        ident = _text(g, issue, SCHEMA.identifier) or str(issue).rsplit("/", 1)[-1]
        date = _text(g, issue, SCHEMA.datePublished)
        label = paper_name or ident  # the date is shown next to it
        issues[issue] = {"label": label, "date": date, "id": ident}
    return issues


def _article_infos(g, issues: dict) -> dict:
    """Each article's headline, issue label and date."""
    articles = {}
    for art in g.subjects(RDF.type, SCHEMA.NewsArticle):
        issue = next(iter(sorted(g.objects(art, SCHEMA.isPartOf))), None)
        info = issues.get(issue, {})
        articles[art] = {
            "headline": _text(g, art, SCHEMA.headline) or TEXT["untitled"],
            "issue": info.get("label", ""),
            "date": _text(g, art, SCHEMA.datePublished) or info.get("date"),
        }
    return articles


def _sentence_texts(g) -> dict:
    """sentence node → (its text, its article)."""
    sentences = {}
    for s in g.subjects(RDF.type, KGO.Sentence):
        art = next(iter(sorted(g.objects(s, SCHEMA.isPartOf))), None)
        sentences[s] = (_text(g, s, KGO.text) or "", art)
    return sentences


class _Sources:
    """The source dict of an edge: a sentence's text with its article's headline, issue and date."""

    def __init__(self, sentences: dict, articles: dict, issues: dict) -> None:
        self.sentences, self.articles, self.issues = sentences, articles, issues

    def __call__(self, sentence, article=None, issue=None) -> dict:
        text, art = self.sentences.get(sentence, ("", None))
        art = art or article
        info = self.articles.get(art, {})
        issue_info = self.issues.get(issue, {})
        return {"text": text, "article": str(art) if art is not None else None,
                "headline": info.get("headline", ""), "issue": info.get("issue") or issue_info.get("label", ""),
                "date": info.get("date") or issue_info.get("date")}


def _add_entities(G: nx.MultiDiGraph, g, articles: dict) -> None:
    """A node per entity, with its name, aliases, the articles that mention it, their dates, a mention count."""
    for cls in _TYPE_PRIORITY:
        for e in g.subjects(RDF.type, KGO[cls]):
            key = str(e)
            if key in G:
                continue
            name = _text(g, e, SCHEMA.name) or _text(g, e, RDFS.label) or key.rsplit("/", 1)[-1]
            aliases = sorted({str(o) for p in (SCHEMA.alternateName, RDFS.label) for o in g.objects(e, p)} - {name})
            G.add_node(key, type=cls, name=name, aliases=aliases, articles=[], dates=[])
    mentioned: dict[str, set] = {}
    for art, e in g.subject_objects(SCHEMA.mentions):
        if str(e) in G:
            mentioned.setdefault(str(e), set()).add(art)
    for key, arts in mentioned.items():
        node = G.nodes[key]
        node["articles"] = sorted(str(a) for a in arts)
        node["dates"] = sorted({articles[a]["date"] for a in arts if a in articles and articles[a]["date"]})
    for key in G:
        count = next(iter(g.objects(URIRef(key), KGO.mentionCount)), None)
        G.nodes[key]["mentions"] = int(count) if count is not None else len(G.nodes[key]["articles"])


def _add_edge(G: nx.MultiDiGraph, u: str, v: str, relation: str, **attrs) -> dict:
    """The edge of ``relation`` between u and v, made on first use (undirected relations: one per pair)."""
    if not RELATIONS[relation][2] and u > v:
        u, v = v, u
    if G.has_edge(u, v, key=relation):
        return G.edges[u, v, relation]
    G.add_edge(u, v, key=relation, relation=relation, label=RELATIONS[relation][0],
               directed=RELATIONS[relation][2], titles=[], dates=[], sources=[], **attrs)
    return G.edges[u, v, relation]


def _add_posts(G: nx.MultiDiGraph, g, source: _Sources) -> None:
    """A memberOf edge per post (org:Membership), labelled with its titles, dated and sourced."""
    for m in sorted(g.subjects(RDF.type, ORG.Membership)):
        person, org_ = g.value(m, ORG.member), g.value(m, ORG.organization)
        if str(person) not in G or str(org_) not in G:
            continue
        data = _add_edge(G, str(person), str(org_), "memberOf")
        titles = sorted({_text(g, r, RDFS.label) or str(r).rsplit("/", 1)[-1] for r in g.objects(m, ORG.role)})
        data["titles"] = sorted(set(data["titles"]) | set(titles))
        if data["titles"]:
            data["label"] = "、".join(data["titles"])
        data["dates"] = sorted(set(data["dates"]) | {str(d) for d in g.objects(m, KGO.reportedOn)})
        for s in sorted(g.objects(m, PROV.wasDerivedFrom)):
            data["sources"].append(source(s))


def _add_assertion_sources(G: nx.MultiDiGraph, ds, source: _Sources) -> None:
    """graph.trig: each assertion's sentence, article and issue on its edge."""
    # one pass over the quads: asking each graph for its assertions scans every graph's (quadratic)
    found = sorted({(a, DATASET_DEFAULT_GRAPH_ID if g is None else g)
                    for a, _, _, g in ds.quads((None, RDF.type, KGO.Assertion, None))},
                   key=lambda x: (str(x[0]), str(x[1])))
    for a, name in found:
        c = ds.graph(name)
        relation = _PROPERTY_RELATION.get(c.value(a, KGO.statedProperty))
        s, o = c.value(a, KGO.statedSubject), c.value(a, KGO.statedObject)
        if relation is None or relation == "memberOf" or str(s) not in G or str(o) not in G:
            continue
        u, v = (str(s), str(o)) if RELATIONS[relation][2] or str(s) < str(o) else (str(o), str(s))
        if not G.has_edge(u, v, key=relation):
            continue
        data = G.edges[u, v, relation]
        src = source(c.value(a, KGO.sentence), c.value(a, KGO.article), c.value(a, KGO.issue))
        if not src["text"]:
            src["text"] = _text(c, a, KGO.text) or ""
        if src not in data["sources"]:
            data["sources"].append(src)
        if src["date"] and src["date"] not in data["dates"]:
            data["dates"] = sorted(data["dates"] + [src["date"]])


def _date_undated_edges(G: nx.MultiDiGraph) -> None:
    """A relation without a dated source is dated by the articles that mention both its ends."""
    for u, v, data in G.edges(data=True):
        if not data["dates"]:
            data["dates"] = [d for d in sorted({src["date"] for src in data["sources"] if src.get("date")})]
        if not data["dates"]:
            shared = set(G.nodes[u]["articles"]) & set(G.nodes[v]["articles"])
            data["dates"] = sorted({G.graph["articles"][a]["date"] for a in shared if G.graph["articles"][a]["date"]})


# --------------------------------------------------------------------------- focused views

def normalize_types(types) -> set[str] | None:
    """``"Person,Company"``, ``["person", "企业"]`` → ``{"Person", "Company"}``; None stays None."""
    if not types:
        return None
    if isinstance(types, str):
        types = types.split(",")
    out = set()
    for t in types:
        t = t.strip()
        if not t:
            continue
        key = _TYPE_ALIASES.get(t.lower()) or _TYPE_ALIASES.get(t)
        if key is None:
            raise ValueError(f"unknown type {t!r}; use one of {', '.join(TYPES)}")
        out.add(key)
    return out


def find(G: nx.Graph, name: str) -> list[str]:
    """Nodes whose name or an alias is ``name``; failing that, those whose name contains it."""
    exact = [n for n, d in G.nodes(data=True) if name == d.get("name") or name in d.get("aliases", ())]
    if exact:
        return sorted(exact)
    return sorted(n for n, d in G.nodes(data=True)
                  if name in d.get("name", "") or any(name in a for a in d.get("aliases", ())))


def select(G: nx.MultiDiGraph, *, focus=None, hops: int = 1, types=None, relations=None,
           since: str | None = None, until: str | None = None, min_degree: int = 0) -> nx.MultiDiGraph:
    """A focused part of the projection.

    focus       a name or alias (or a list of them): keep what lies within ``hops`` edges of it
    types       keep these entity types (``"Person,Company"``, English or Chinese); focus nodes stay
    relations   keep edges of these relations (``memberOf``, ``locatedIn`` … or 职务, 位于 …)
    since/until keep what an issue dated in the period reports (ISO dates, partial allowed); an undated
                node stays when it is linked to a node that does
    min_degree  then drop nodes with fewer edges than this (focus nodes stay)
    """
    seeds: set[str] = set()
    keep = set(G)
    if focus:
        for name in [focus] if isinstance(focus, str) else focus:
            found = find(G, name)
            if not found:
                raise ValueError(f"no entity named {name!r} in the graph")
            seeds.update(found)
        U = G.to_undirected(as_view=True)
        keep = set()
        for s in seeds:
            keep.update(nx.single_source_shortest_path_length(U, s, cutoff=max(0, int(hops))))
    wanted_types = normalize_types(types)
    if wanted_types:
        keep = {n for n in keep if G.nodes[n].get("type") in wanted_types or n in seeds}
    wanted_rel = None
    if relations:
        by_label = {v[0]: k for k, v in RELATIONS.items()}
        rel_list = relations.split(",") if isinstance(relations, str) else relations
        wanted_rel = {by_label.get(r.strip(), r.strip()) for r in rel_list if r.strip()}
        unknown = wanted_rel - set(RELATIONS)
        if unknown:
            raise ValueError(f"unknown relation {sorted(unknown)[0]!r}; use one of {', '.join(RELATIONS)}")
    timed = bool(since or until)
    if timed:
        dated = {n for n in keep if in_period(G.nodes[n].get("dates"), since, until)}
        undated = {n for n in keep if in_period(G.nodes[n].get("dates"), since, until) is None}
        keep = dated | seeds | {n for n in undated
                                if any(m in dated for m in nx.all_neighbors(G, n))}
    edges = [(u, v, k) for u, v, k, d in G.edges(keys=True, data=True)
             if u in keep and v in keep
             and (wanted_rel is None or d["relation"] in wanted_rel)
             and (not timed or in_period(d.get("dates"), since, until) is not False)]
    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    H.add_nodes_from((n, G.nodes[n]) for n in sorted(keep))
    H.add_edges_from((u, v, k, G.edges[u, v, k]) for u, v, k in edges)
    if min_degree and min_degree > 0:
        H.remove_nodes_from([n for n in list(H) if H.degree(n) < min_degree and n not in seeds])
    return H


# --------------------------------------------------------------------------- layout

def _fruchterman_reingold(U: nx.Graph, seed: int, iterations: int = 50, sample: int = 1200) -> dict:
    """Fruchterman–Reingold in numpy for a component too large for networkx's dense layout (and
    without SciPy for its sparse one). Repulsion comes from a seeded random sample of ``sample``
    nodes per step, scaled up — a Monte-Carlo estimate that keeps a step O(n · sample).
    Positions in about [-1, 1]; the same graph and seed give the same positions."""
    import numpy as np

    nodes = list(U)
    n = len(nodes)
    index = {u: i for i, u in enumerate(nodes)}
    rng = np.random.default_rng(seed)
    pos = (rng.random((n, 2)) * 2 - 1).astype(np.float32)
    ei = np.array([index[u] for u, v in U.edges()], dtype=np.int64)
    ej = np.array([index[v] for u, v in U.edges()], dtype=np.int64)
    k = np.float32(math.sqrt(4.0 / n))
    t = 0.2
    dt = t / (iterations + 1)
    m = min(n, sample)
    scale = np.float32(n / m)
    block = max(1, 4_000_000 // m)
    for _ in range(iterations):
        others = pos[rng.choice(n, size=m, replace=False)] if m < n else pos
        disp = np.zeros((n, 2), dtype=np.float32)
        for a in range(0, n, block):
            dx = pos[a:a + block, 0:1] - others[None, :, 0]
            dy = pos[a:a + block, 1:2] - others[None, :, 1]
            w = dx * dx
            w += dy * dy
            np.maximum(w, np.float32(1e-6), out=w)
            np.divide(k * k * scale, w, out=w)
            disp[a:a + block, 0] = (dx * w).sum(axis=1)
            disp[a:a + block, 1] = (dy * w).sum(axis=1)
        d = pos[ei] - pos[ej]
        f = d * (np.sqrt((d * d).sum(axis=1)) / k)[:, None]
        np.add.at(disp, ei, -f)
        np.add.at(disp, ej, f)
        length = np.sqrt((disp * disp).sum(axis=1))[:, None]
        np.maximum(length, np.float32(1e-9), out=length)
        pos += disp / length * np.minimum(length, np.float32(t))
        t -= dt
    pos -= pos.mean(axis=0)
    pos /= max(float(np.abs(pos).max()), 1e-9)
    return {u: (float(pos[i, 0]), float(pos[i, 1])) for u, i in index.items()}


def layout(G: nx.Graph, seed: int = 42, spacing: float = 90.0) -> dict[str, tuple[float, float]]:
    """Pixel positions for every node: each connected component laid out by force (seeded, so the
    same graph always gets the same picture), components packed in rows, the largest first."""
    U = nx.Graph()
    U.add_nodes_from(sorted(G))
    U.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in G.edges() if u != v))
    comps = sorted((sorted(c) for c in nx.connected_components(U)), key=lambda c: (-len(c), c[0]))
    placed: list[tuple[dict, float]] = []
    for comp in comps:
        if len(comp) == 1:
            placed.append(({comp[0]: (0.0, 0.0)}, spacing * 0.5))
            continue
        sub = nx.Graph()
        sub.add_nodes_from(comp)
        sub.add_edges_from(sorted(U.subgraph(comp).edges()))
        if len(comp) < 500:
            pos = nx.spring_layout(sub, seed=seed, iterations=60)
        else:
            pos = _fruchterman_reingold(sub, seed)
        radius = spacing * math.sqrt(len(comp)) * 0.9
        placed.append(({u: (x * radius, y * radius) for u, (x, y) in pos.items()}, radius))
    total = sum((2 * r + spacing) ** 2 for _, r in placed)
    row_width = max(math.sqrt(total) * 1.3, 2 * placed[0][1] + spacing) if placed else 0
    out: dict[str, tuple[float, float]] = {}
    x = y = 0.0
    row_height = 0.0
    for pos, r in placed:
        size = 2 * r + spacing
        if x > 0 and x + size > row_width:
            x, y = 0.0, y + row_height
            row_height = 0.0
        cx, cy = x + size / 2, y + size / 2
        for u, (px, py) in pos.items():
            out[u] = (round(float(cx + px), 1), round(float(cy + py), 1))
        x += size
        row_height = max(row_height, size)
    return out


# --------------------------------------------------------------------------- pyvis and the page

def _tooltip(d: dict, degree: int) -> str:
    lines = [TEXT["node_name"].format(name=d["name"], type=TYPES[d["type"]][0])]
    if d.get("aliases"):
        lines.append(TEXT["aliases"].format(aliases=TEXT["list_separator"].join(d["aliases"][:8])))
    if d.get("dates"):
        lines.append(TEXT["reports"].format(count=len(d["articles"]), first=d["dates"][0], last=d["dates"][-1]))
    lines.append(TEXT["degree"].format(degree=degree))
    return "\n".join(lines)


def to_pyvis(G: nx.MultiDiGraph, *, size_by: str = "degree", seed: int = 42, physics: bool | None = None):
    """A pyvis Network for G: colours and shapes by type, size by degree or PageRank, seeded positions,
    Chinese edge labels. Returns ``(net, meta)``: meta holds what the page needs beyond vis-network's
    own fields (aliases, articles, sources, scores)."""
    from pyvis.network import Network

    from .analytics import pagerank

    n_nodes = len(G)
    if physics is None:
        physics = n_nodes <= PHYSICS_MAX_NODES
    large = n_nodes > 1000
    pos = layout(G, seed=seed)
    degree = {u: len(set(nx.all_neighbors(G, u))) for u in G}
    pr = pagerank(G) if n_nodes else {}
    score = pr if size_by == "pagerank" else degree
    top = max(score.values(), default=0) or 1
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading="")
    nodes_meta = {}
    for u in sorted(G):
        d = G.nodes[u]
        label, color, shape = TYPES[d["type"]]
        size = 10 + 26 * math.sqrt(score.get(u, 0) / top)
        x, y = pos[u]
        extra = {} if degree[u] else {"physics": False}  # isolated: stays in its row, physics or not
        net.add_node(u, label=d["name"], shape=shape, color=color, size=round(size, 1), x=x, y=y,
                     title=_tooltip(d, degree[u]), **extra)
        nodes_meta[u] = {"type": d["type"], "name": d["name"], "aliases": d.get("aliases", []),
                         "articles": d.get("articles", []), "dates": d.get("dates", []),
                         "mentions": d.get("mentions", 0), "degree": degree[u],
                         "pagerank": round(pr.get(u, 0.0), 6)}
    edges_meta = {}
    pair_count: dict[tuple[str, str], int] = {}
    for u, v, k, d in sorted(G.edges(keys=True, data=True)):
        eid = f"{u}|{k}|{v}"
        pair = (min(u, v), max(u, v))
        nth = pair_count.get(pair, 0)
        pair_count[pair] = nth + 1
        _, color, directed = RELATIONS[d["relation"]]
        options = {"id": eid, "label": d["label"], "color": color,
                   "title": f"{G.nodes[u]['name']} —{d['label']}→ {G.nodes[v]['name']}"}
        if not directed:
            options["arrows"] = {"to": {"enabled": False}}
        if not large and nth:
            options["smooth"] = {"enabled": True, "type": "curvedCW" if nth % 2 else "curvedCCW",
                                 "roundness": 0.2 * ((nth + 1) // 2)}
        net.add_edge(u, v, **options)
        edges_meta[eid] = {"relation": d["relation"], "label": d["label"], "titles": d.get("titles", []),
                           "dates": d.get("dates", []), "sources": d.get("sources", [])}
    net.options = _vis_options(physics=physics, large=large, seed=seed)
    return net, {"nodes": nodes_meta, "edges": edges_meta, "physics": physics, "large": large}


def _vis_options(*, physics: bool, large: bool, seed: int) -> dict:
    return {
        "autoResize": True,
        "layout": {"randomSeed": seed, "improvedLayout": False},
        "nodes": {"font": {"face": FONT_FACE, "size": 14, "color": "#222", "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "borderWidth": 1, "scaling": {"label": {"drawThreshold": 7}}},
        "edges": {"font": {"face": FONT_FACE, "size": 11, "color": "#555", "strokeWidth": 2,
                           "strokeColor": "#ffffff", "align": "middle"},
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.3},
                  "width": 1.2, "selectionWidth": 2, "scaling": {"label": {"drawThreshold": 9}}},
        "physics": {"enabled": physics, "solver": "barnesHut",
                    "barnesHut": {"gravitationalConstant": -6000, "centralGravity": 0.15, "springLength": 130,
                                  "springConstant": 0.03, "damping": 0.5, "avoidOverlap": 0.3},
                    "stabilization": {"enabled": physics, "iterations": 300, "updateInterval": 50, "fit": True},
                    "minVelocity": 1.0},
        "interaction": {"hover": True, "tooltipDelay": 200, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "multiselect": False, "navigationButtons": False, "keyboard": False},
    }


def _asset(name: str) -> str:
    return resources.files("kg").joinpath("data", name).read_text(encoding="utf-8")


def _vis_asset(name: str) -> str:
    """vis-network's JS or CSS as the pyvis wheel ships it (pyvis/templates/lib/vis-9.1.2/)."""
    import pyvis

    base = Path(pyvis.__file__).parent
    for folder in ("templates/lib/vis-9.1.2", "lib/vis-9.1.2"):
        path = base / folder / name
        if path.exists():  # without its source-map comment: nothing in the page points elsewhere
            return re.sub(r"[/][/]# sourceMappingURL=\S+|/\*# sourceMappingURL=\S+ \*/", "", path.read_text(encoding="utf-8"))
    raise FileNotFoundError(f"vis-network {name} not found in the installed pyvis ({base})")


def _script_safe(text: str) -> str:
    """Text that can sit inside <script> or <style> without ending it early."""
    return text.replace("</script", "<\\/script").replace("</style", "<\\/style").replace("<!--", "<\\!--")


_SCRIPT_JSON = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(data) -> str:
    """JSON that can sit inside <script> whatever its strings hold: no < > & (so no </script>, <!--, <script)
    and no line separators, each written as its \\u escape, which JSON and JavaScript read back as the character."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_JSON)


def render_html(G: nx.MultiDiGraph, *, title: str = TEXT["page_title"], size_by: str = "degree", seed: int = 42,
                physics: bool | None = None, note: str = "") -> str:
    """The whole page for G as one string: vis-network, our UI and the data, all inline."""
    net, meta = to_pyvis(G, size_by=size_by, seed=seed, physics=physics)
    nodes, edges, _, _, _, options = net.get_network_data()
    type_counts = {t: 0 for t in TYPES}
    for m in meta["nodes"].values():
        type_counts[m["type"]] += 1
    rel_counts = {r: 0 for r in RELATIONS}
    for m in meta["edges"].values():
        rel_counts[m["relation"]] += 1
    dates = sorted({d for m in meta["nodes"].values() for d in m["dates"]}
                   | {d for m in meta["edges"].values() for d in m["dates"]})
    data = {
        "title": title, "note": note, "sizeBy": size_by,
        "nodes": nodes, "edges": edges, "options": json.loads(options),
        "meta": meta["nodes"], "edgeMeta": meta["edges"], "articles": G.graph.get("articles", {}),
        "types": [{"key": t, "label": v[0], "color": v[1], "shape": v[2], "count": type_counts[t]}
                  for t, v in TYPES.items()],
        "relations": [{"key": r, "label": v[0], "color": v[1], "count": rel_counts[r]}
                      for r, v in RELATIONS.items()],
        "dates": dates, "physics": meta["physics"], "large": meta["large"],
    }
    payload = script_json(data)
    page = _asset("view.html")
    parts = {
        "__TITLE__": html.escape(title),
        "__VIS_CSS__": _script_safe(_vis_asset("vis-network.css")),
        "__APP_CSS__": _script_safe(_asset("view.css")),
        "__VIS_JS__": _script_safe(_vis_asset("vis-network.min.js")),
        "__APP_JS__": _script_safe(_asset("view.js")),
        "__DATA__": payload,
    }
    # one pass, so that nothing substituted is searched again for markers
    return re.sub("|".join(map(re.escape, parts)), lambda m: parts[m.group(0)], page)


def _filter_note(focus, hops, types, relations, since, until, min_degree) -> str:
    """The line under the title that says what a filtered view keeps."""
    sep = TEXT["list_separator"]
    bits = []
    if focus:
        bits.append(TEXT["near"].format(focus=focus if isinstance(focus, str) else sep.join(focus), hops=hops))
    if types:
        bits.append(TEXT["types"].format(types=sep.join(TYPES[t][0] for t in sorted(normalize_types(types)))))
    if relations:
        bits.append(TEXT["relations"].format(relations=relations if isinstance(relations, str) else ",".join(relations)))
    if since or until:
        bits.append(TEXT["range"].format(since=since or "…", until=until or "…"))
    if min_degree:
        bits.append(TEXT["min_degree"].format(k=min_degree))
    return TEXT["note_separator"].join(bits)


def write_view(graph_or_dataset, out_path, *, focus=None, hops: int = 1, types=None, relations=None,
               since: str | None = None, until: str | None = None, min_degree: int = 0,
               size_by: str = "degree", title: str | None = None, seed: int = 42,
               physics: bool | None = None) -> dict:
    """Write the interactive view of a graph to ``out_path`` (one self-contained HTML file).

    ``graph_or_dataset``: an rdflib Graph (graph.ttl), a Dataset (graph.trig: relation edges then
    carry their source sentences), a path to either, or a projection from :func:`to_networkx`.
    The filters are those of :func:`select`; ``size_by`` is ``"degree"`` or ``"pagerank"``;
    ``physics`` None lets graphs up to PHYSICS_MAX_NODES nodes settle in the browser and then stop.
    Returns ``{"path", "nodes", "edges"}``.
    """
    if size_by not in ("degree", "pagerank"):
        raise ValueError("size_by must be 'degree' or 'pagerank'")
    G = graph_or_dataset if isinstance(graph_or_dataset, nx.Graph) else to_networkx(graph_or_dataset)
    H = select(G, focus=focus, hops=hops, types=types, relations=relations, since=since, until=until,
               min_degree=min_degree)
    page = render_html(H, title=title or TEXT["default_title"], size_by=size_by, seed=seed, physics=physics,
                       note=_filter_note(focus, hops, types, relations, since, until, min_degree))
    if hasattr(out_path, "write"):  # an open text file (a build's staged output)
        out_path.write(page)
        name = getattr(out_path, "name", "")
    else:
        from .atomic import write_atomic

        out = Path(out_path)
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out, page.encode("utf-8"))
        name = str(out)
    return {"path": str(name), "nodes": H.number_of_nodes(), "edges": H.number_of_edges()}


__all__ = ["load", "to_networkx", "select", "find", "layout", "to_pyvis", "render_html", "write_view",
           "in_period", "normalize_types", "TYPES", "RELATIONS"]
