"""Questions users ask of the graph, as plain functions over the networkx projection.

Every function takes the ``nx.MultiDiGraph`` that :func:`kg.view.to_networkx` returns (nodes carry
``type``, ``name``, ``aliases``, ``articles``; edges carry ``relation`` and ``label``) and returns plain
Python data, in the style of ``networkx.algorithms``.

>>> from kg.view import load, to_networkx
>>> G = to_networkx(load("out/graph.ttl"))                      # doctest: +SKIP
>>> [G.nodes[n]["name"] for n, _ in most_central(G, types=["Person"], n=3)]  # doctest: +SKIP
['王相东', ...]
"""
from __future__ import annotations

from collections import Counter
from itertools import combinations

import networkx as nx

__all__ = ["pagerank", "degree_ranking", "most_central", "comention_graph", "comention_communities"]


def _undirected(G: nx.Graph) -> nx.Graph:
    """A simple undirected graph over G's nodes: one edge per connected pair, weight = number of edges."""
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes))
    for u, v in G.edges():
        if u == v:
            continue
        if H.has_edge(u, v):
            H[u][v]["weight"] += 1
        else:
            H.add_edge(u, v, weight=1)
    return H


def pagerank(G: nx.Graph, alpha: float = 0.85, max_iter: int = 100, tol: float = 1.0e-8) -> dict:
    """Return the PageRank of each node of G, computed on G as an undirected graph.

    Relations in a news graph are read in one direction or the other by accident of phrasing
    (``partnerOf`` has none at all), so the ranking treats every edge as a link both ways, weighted by
    how many relations join the pair. Uses ``networkx.pagerank`` when SciPy is installed and an
    equivalent numpy power iteration otherwise.

    Returns
    -------
    dict
        node -> score; the scores sum to 1.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b"), ("c", "b")])
    >>> pr = pagerank(G)
    >>> max(pr, key=pr.get)
    'b'
    """
    H = _undirected(G)
    if len(H) == 0:
        return {}
    try:
        return nx.pagerank(H, alpha=alpha, max_iter=max_iter, tol=tol, weight="weight")
    except ImportError:  # networkx's pagerank needs SciPy
        pass
    import numpy as np

    nodes = list(H)
    index = {u: i for i, u in enumerate(nodes)}
    n = len(nodes)
    src = np.array([index[u] for u, v in H.edges()] + [index[v] for u, v in H.edges()], dtype=np.int64)
    dst = np.array([index[v] for u, v in H.edges()] + [index[u] for u, v in H.edges()], dtype=np.int64)
    w = np.array([d["weight"] for _, _, d in H.edges(data=True)] * 2, dtype=np.float64)
    strength = np.bincount(src, weights=w, minlength=n)
    dangling = strength == 0
    share = w / np.where(strength[src] > 0, strength[src], 1)
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        new = np.bincount(dst, weights=rank[src] * share, minlength=n) * alpha
        new += (1.0 - alpha) / n + alpha * rank[dangling].sum() / n
        done = np.abs(new - rank).sum() < n * tol
        rank = new
        if done:
            break
    return {u: float(rank[i]) for u, i in index.items()}


def degree_ranking(G: nx.Graph, types=None) -> list[tuple[str, int]]:
    """Return ``(node, degree)`` pairs, highest first, counting distinct neighbours (any direction).

    Parameters
    ----------
    G : the projection
    types : iterable of entity types (``"Person"``, ``"Company"`` …) to rank, or None for all nodes

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("p", {"type": "Person"}), ("o", {"type": "GovernmentBody"}), ("c", {"type": "Company"})])
    >>> G.add_edges_from([("p", "o"), ("c", "o"), ("p", "o")])
    [0, 0, 1]
    >>> degree_ranking(G)
    [('o', 2), ('c', 1), ('p', 1)]
    """
    H = _undirected(G)
    wanted = set(types) if types else None
    rows = [(u, H.degree(u)) for u in H if wanted is None or G.nodes[u].get("type") in wanted]
    return sorted(rows, key=lambda r: (-r[1], r[0]))


def most_central(G: nx.Graph, types=None, by: str = "pagerank", n: int = 10) -> list[tuple[str, float]]:
    """Return the ``n`` most central nodes of the given types as ``(node, score)``, highest first.

    ``by`` is ``"pagerank"`` (importance through well-connected neighbours) or ``"degree"`` (number of
    distinct neighbours). Centrality is computed on the whole graph, then filtered by type, so an
    official's score reflects the bodies and companies around them.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([(1, {"type": "Person"}), (2, {"type": "Person"}), (3, {"type": "Company"})])
    >>> G.add_edges_from([(1, 3), (2, 3)])
    [0, 0]
    >>> [u for u, _ in most_central(G, types=["Company"], n=1)]
    [3]
    """
    if by == "degree":
        return [(u, float(d)) for u, d in degree_ranking(G, types)][:n]
    if by != "pagerank":
        raise ValueError(f"by must be 'pagerank' or 'degree', not {by!r}")
    pr = pagerank(G)
    wanted = set(types) if types else None
    rows = [(u, s) for u, s in pr.items() if wanted is None or G.nodes[u].get("type") in wanted]
    return sorted(rows, key=lambda r: (-r[1], str(r[0])))[:n]


def comention_graph(G: nx.Graph, types=None, min_articles: int = 1) -> nx.Graph:
    """Return the co-mention graph: entities joined when the same article mentions both.

    Uses each node's ``articles`` attribute (the articles that ``schema:mentions`` it). An edge's
    ``weight`` is the number of articles the pair shares; pairs sharing fewer than ``min_articles`` are
    left out. Nodes keep their attributes.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", type="Person", articles=["x", "y"])
    >>> G.add_node("b", type="Company", articles=["y"])
    >>> G.add_node("c", type="Company", articles=["z"])
    >>> C = comention_graph(G)
    >>> C["a"]["b"]["weight"], C.has_edge("a", "c")
    (1, False)
    """
    wanted = set(types) if types else None
    by_article: dict[str, list] = {}
    C = nx.Graph()
    for u, data in sorted(G.nodes(data=True), key=lambda x: str(x[0])):
        if wanted is not None and data.get("type") not in wanted:
            continue
        C.add_node(u, **data)
        for a in data.get("articles") or ():
            by_article.setdefault(a, []).append(u)
    pairs: Counter = Counter()
    for members in by_article.values():
        for u, v in combinations(sorted(set(members), key=str), 2):
            pairs[(u, v)] += 1
    for (u, v), w in sorted(pairs.items(), key=lambda x: (str(x[0][0]), str(x[0][1]))):
        if w >= min_articles:
            C.add_edge(u, v, weight=w)
    return C


def comention_communities(G: nx.Graph, types=None, min_articles: int = 1, seed: int = 42) -> list[set]:
    """Return communities of entities that the papers mention together, largest first.

    Louvain modularity communities (``networkx.community.louvain_communities``, seeded so that the
    answer repeats) of :func:`comention_graph`. Entities never mentioned together with another are
    left out.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for u, arts in {"a": ["1"], "b": ["1"], "c": ["2"], "d": ["2"]}.items():
    ...     G.add_node(u, articles=arts)
    >>> sorted(sorted(c) for c in comention_communities(G))
    [['a', 'b'], ['c', 'd']]
    """
    C = comention_graph(G, types=types, min_articles=min_articles)
    C.remove_nodes_from([u for u in list(C) if C.degree(u) == 0])
    if len(C) == 0:
        return []
    found = nx.community.louvain_communities(C, weight="weight", seed=seed)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), sorted(map(str, c))))
