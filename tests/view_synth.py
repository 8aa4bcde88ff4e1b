"""A generated projection (the shape kg.view.to_networkx returns) of any size, for the view's tests
and for timing it: ``python tests/view_synth.py 5000 big.html``."""
from __future__ import annotations

import random

import networkx as nx

from kg.view import RELATIONS, TYPES

_SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林高罗郑梁谢宋唐韩冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
_SUFFIX = {"Person": "", "Company": "有限公司", "GovernmentBody": "局", "Organization": "学院", "Place": "镇",
           "Project": "项目", "Program": "计划"}


def synthetic(n: int, seed: int = 7) -> nx.MultiDiGraph:
    """n entities of every type, about 1.7 edges per node (preferential attachment), 24 issue dates."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    G.graph["articles"] = {}
    types = list(TYPES)
    dates = [f"2025-{m:02d}-{d:02d}" for m in range(1, 13) for d in (5, 20)]
    for i in range(n):
        t = types[i % len(types)]
        name = "".join(rng.choice(_SURNAMES) for _ in range(3)) + _SUFFIX[t] + str(i)
        arts = sorted({f"https://example.org/article/{rng.randrange(max(1, n // 3))}" for _ in range(rng.randint(1, 3))})
        for a in arts:
            G.graph["articles"].setdefault(a, {"headline": "标题" + a.rsplit("/", 1)[-1], "issue": "聊城日报",
                                               "date": dates[int(a.rsplit("/", 1)[-1]) % len(dates)]})
        G.add_node(f"https://example.org/e/{i}", type=t, name=name, aliases=[], articles=arts,
                   dates=sorted({G.graph["articles"][a]["date"] for a in arts}), mentions=len(arts))
    nodes = list(G)
    for i in range(1, n):
        for _ in range(2 if i % 3 else 1):
            j = rng.randrange(i) if rng.random() < 0.5 else int(rng.random() ** 3 * i)
            rel = rng.choice(list(RELATIONS))
            G.add_edge(nodes[i], nodes[j], key=rel, relation=rel, label=RELATIONS[rel][0],
                       directed=RELATIONS[rel][2], titles=[], dates=[dates[(i + j) % len(dates)]], sources=[])
    return G


if __name__ == "__main__":
    import sys
    import time

    from kg.view import write_view

    start = time.perf_counter()
    info = write_view(synthetic(int(sys.argv[1])), sys.argv[2])
    print(info, f"{time.perf_counter() - start:.1f} s")
