"""Writes notebooks/explore.ipynb (unexecuted). Edit the cells here, then run:
.venv/bin/python notebooks/make_explore.py"""
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

cells = [
    new_markdown_cell("""# Exploring the newspaper knowledge graph · 探索报纸知识图谱

This notebook walks through the graph that `kg build` makes from local newspaper issues:
load it, ask the saved questions, write your own SPARQL, then look at it as a network
(the most central officials and companies, the communities of things the papers mention together).

本笔记本带你了解 `kg build` 生成的知识图谱：加载图谱、运行预置问题、编写 SPARQL，再用网络分析找出最核心的官员和企业、常被一同提及的群体。

Set `KG_GRAPH` to a build folder (default: `out/` at the top of the repository); if it holds no graph
yet, the next cell builds one from `seeds/`."""),
    new_code_cell("""import os
from pathlib import Path

ROOT = Path.cwd() if (Path.cwd() / "seeds").is_dir() else Path.cwd().parent
GRAPH = Path(os.environ.get("KG_GRAPH", ROOT / "out"))
if not (GRAPH / "graph.ttl").exists():
    from kg.cli import main
    main(["build", str(ROOT / "seeds"), "--out", str(GRAPH)])
sorted(p.name for p in GRAPH.iterdir())"""),
    new_markdown_cell("""## 1. Load the graph · 加载图谱

`open_store` reads `graph.trig` (the clean graph plus one provenance graph per article) into an embedded
Oxigraph store in memory. For archives larger than memory use `open_store(GRAPH, "oxigraph:/path/to/store")`;
for a shared server, `kg serve GRAPH` and `open_store("http://127.0.0.1:7878/query")`."""),
    new_code_cell("""from kg.store import open_store
from kg.query import run_query, saved_queries, format_table

store = open_store(GRAPH)
print(f"{len(store):,} quads in {store.name}")
print(format_table(run_query(store, "issues")))"""),
    new_markdown_cell("""## 2. Saved questions · 预置问题

Each file in `kg/queries/` answers one question; parameters are passed by name
(`kg query out person-posts --param name=王相东` on the command line)."""),
    new_code_cell("""for name, q in saved_queries().items():
    print(f"{name:15} {q.question_zh}")"""),
    new_code_cell("""# 某人担任过哪些职务？ All posts of a person, with the issue dates that reported them
print(format_table(run_query(store, "person-posts", {"name": ["王相东"]})))"""),
    new_code_cell("""# 这条任职出自哪里？ The sources of a fact: article, issue, sentence, rule
print(format_table(run_query(store, "fact-sources", {"subject": ["王相东"]}), max_width=40))"""),
    new_code_cell("""# 哪些企业关联最多？ The most connected companies
print(format_table(run_query(store, "top-companies")))"""),
    new_markdown_cell("""## 3. Your own SPARQL · 自己写查询

The prefixes `kgo schema org prov rdf rdfs xsd kg` are predeclared."""),
    new_code_cell("""counts = run_query(store, '''
SELECT ?type (COUNT(DISTINCT ?e) AS ?entities) WHERE {
  VALUES ?class { kgo:Person kgo:Company kgo:GovernmentBody kgo:Organization kgo:Place kgo:Project kgo:Program }
  ?e a ?class . BIND(STRAFTER(STR(?class), "#") AS ?type)
} GROUP BY ?type ORDER BY DESC(?entities)''')
print(format_table(counts))"""),
    new_markdown_cell("""## 4. The graph as a network · 网络分析

`kg.view.to_networkx` projects the RDF onto a networkx graph of entities (relations and posts as edges,
each node knowing the articles that mention it); `kg.analytics` holds the usual questions as plain functions."""),
    new_code_cell("""import networkx as nx
from kg.view import load, to_networkx
from kg.analytics import comention_graph, comention_communities

G = to_networkx(load(GRAPH / "graph.ttl"))
print(G.number_of_nodes(), "entities,", G.number_of_edges(), "relation and post edges")
name = lambda n: G.nodes[n].get("name", n)

# Few relations are extracted per article, so centrality is measured on relations and co-mentions together:
# weighted degree over the co-mention graph (weight: shared articles) plus every relation and post edge,
# and betweenness (who bridges otherwise separate groups).
N = comention_graph(G)
for u, v in nx.Graph(G).edges():
    N.add_edge(u, v, weight=N[u][v]["weight"] + 1 if N.has_edge(u, v) else 1)
rank = dict(N.degree(weight="weight"))
bridge = nx.betweenness_centrality(N)
def top(kind, n=5, score=rank):
    return [name(u) for u in sorted((u for u in N if N.nodes[u].get("type") == kind), key=lambda u: (-score[u], name(u)))[:n]]
print("most central officials 最核心的人物:", top("Person"))
print("most central companies 最核心的企业:", top("Company"))
print("most central bodies 最核心的机构:", top("GovernmentBody"))
print("bridging officials 起桥梁作用的人物:", top("Person", score=bridge))"""),
    new_code_cell("""# 常被一同提及的群体 Communities of entities the papers mention together
communities = comention_communities(G, types=["Person", "Company", "GovernmentBody", "Project"], min_articles=1)
for i, c in enumerate(communities[:5], 1):
    members = sorted(c, key=lambda n: -len(G.nodes[n].get("articles") or ()))
    print(f"{i}. ({len(c)})", "、".join(name(n) for n in members[:8]))"""),
    new_markdown_cell("""## 5. A picture · 图示

Entity counts by type, and the largest co-mention community drawn as a network."""),
    new_code_cell("""%matplotlib inline
import matplotlib.pyplot as plt

plt.rcParams["font.sans-serif"] = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "SimHei", "DejaVu Sans"]
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5))
types = [str(r[0]) for r in counts.rows]
left.barh(types, [int(r[1]) for r in counts.rows], color="#4c72b0")
left.invert_yaxis()
left.set_title("entities by type")
if communities:
    C = comention_graph(G).subgraph(communities[0])
    colors = {"Person": "#dd8452", "Company": "#55a868", "GovernmentBody": "#4c72b0", "Project": "#c44e52"}
    pos = nx.spring_layout(C, seed=42)
    nx.draw_networkx(C, pos, ax=right, node_size=120, font_size=7,
                     labels={n: name(n) for n in C}, edge_color="#bbbbbb",
                     node_color=[colors.get(C.nodes[n].get("type"), "#8172b2") for n in C])
right.set_title("largest co-mention community")
right.axis("off")
plt.tight_layout()
plt.show()"""),
]

nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
    "language_info": {"name": "python"},
})
Path(__file__).with_name("explore.ipynb").write_text(nbformat.writes(nb), encoding="utf-8")
print("wrote notebooks/explore.ipynb")
