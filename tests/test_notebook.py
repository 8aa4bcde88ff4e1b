"""notebooks/explore.ipynb runs top to bottom (nbclient) on the seeds build."""
from __future__ import annotations

import os

import nbformat
from kg_graphs import ROOT, seeds_build
from nbclient import NotebookClient


def test_explore_notebook_runs(monkeypatch):
    monkeypatch.setenv("KG_GRAPH", str(seeds_build()))
    nb = nbformat.read(ROOT / "notebooks" / "explore.ipynb", as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    outputs = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "王相东" in outputs and "局长" in outputs
    assert "most central officials" in outputs
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    assert any("image/png" in o.get("data", {}) for o in nb.cells[-1].get("outputs", []))  # the plot
    assert os.environ["KG_GRAPH"]
