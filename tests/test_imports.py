"""No import cycles between govgraph's modules, counting imports inside functions too: each
module can be read, and changed, knowing only what it imports."""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {"govgraph": "govgraph", "govgraph.extract": "extract", "govgraph.graph": "graph",
            "govgraph.queries": "queries"}


def modules() -> dict[str, Path]:
    found = {}
    for package, folder in PACKAGES.items():
        for path in (ROOT / folder).rglob("*.py"):
            parts = [p for p in path.relative_to(ROOT / folder).with_suffix("").parts if p != "__init__"]
            found[".".join([package, *parts])] = path
    return found


def test_no_import_cycles():
    found = modules()
    assert {"govgraph.api", "govgraph.extract.pipeline", "govgraph.commands.sources"} <= found.keys()
    graph = nx.DiGraph()
    for name, path in found.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            else:
                continue
            graph.add_edges_from((name, t) for t in targets if t in found and t != name)
    assert graph.number_of_edges() > 100
    assert list(nx.simple_cycles(graph)) == []
