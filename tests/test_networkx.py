"""The networkx graph: the same nodes and relations as the extraction, with provenance on edges."""
from __future__ import annotations

import subprocess
import sys
from collections import Counter

import networkx as nx
import pytest

from govgraph.graph.networkx_graph import agency_task_graph, to_networkx
from govgraph.graph.schema import NODE, RELATIONS, ROLE_RELATIONS


@pytest.fixture(scope="module")
def graph(sample_rows) -> nx.MultiDiGraph:
    return to_networkx(sample_rows)


def _table(graph, u, v, key) -> str:
    """The schema's relation table of an edge (IN splits by its endpoints' labels)."""
    kind = key if isinstance(key, str) else key[0]
    return next(r.name for r in RELATIONS
                if r.type == kind and r.source == graph.nodes[u]["label"] and r.target == graph.nodes[v]["label"])


def test_counts_equal_the_extraction(sample_rows, graph):
    counts = sample_rows.counts()
    assert Counter(data["label"] for _, data in graph.nodes(data=True)) == \
        {label: counts[label] for label in NODE if counts[label]}
    found = Counter(_table(graph, u, v, k) for u, v, k in graph.edges(keys=True))
    assert found == {r.name: counts[r.name] for r in RELATIONS if counts[r.name]}


def test_nodes_are_namespaced_by_label_and_carry_their_properties(sample_rows, graph):
    agency = sample_rows.nodes["Agency"][0]
    assert graph.nodes["Agency", agency["name"]] == {"label": "Agency", **agency}
    task = sample_rows.nodes["Task"][0]
    assert graph.nodes["Task", task["id"]]["text"] == task["text"]
    assert all(isinstance(node, tuple) and node[0] == data["label"] for node, data in graph.nodes(data=True))


def test_role_edges_are_keyed_by_type_and_keep_their_provenance(sample_rows, graph):
    row = sample_rows.relations["LEADS"][0]
    edge = graph.edges[("Agency", row["from"]), ("Task", row["to"]), "LEADS"]
    assert edge == {"type": "LEADS", **{k: v for k, v in row.items() if k not in ("from", "to")}}
    assert {"source", "start", "end", "role_word", "surface", "rule"} <= set(edge)


def test_repeated_duties_between_one_pair_are_all_kept(sample_rows, graph):
    pairs = Counter((r["from"], r["to"]) for r in sample_rows.relations["HAS_DUTY"])
    (agency, document), times = pairs.most_common(1)[0]
    assert times > 1, "the sample has an agency with several duties in one document"
    keys = graph[("Agency", agency)][("Document", document)]
    assert len(keys) == times and all(k[0] == "HAS_DUTY" for k in keys)


def test_agency_task_graph_is_bipartite_with_the_roles(sample_rows, graph):
    bipartite = agency_task_graph(graph)
    assert nx.is_bipartite(bipartite)
    agencies = {n for n, d in bipartite.nodes(data=True) if d["bipartite"] == 0}
    assert agencies == {("Agency", a["name"]) for a in sample_rows.nodes["Agency"]}
    expected: dict[tuple, set] = {}
    for role, relation in ROLE_RELATIONS.items():
        for row in sample_rows.relations[relation]:
            expected.setdefault((("Agency", row["from"]), ("Task", row["to"])), set()).add(role)
    assert {(u, v) if u[0] == "Agency" else (v, u): set(d["roles"]) for u, v, d in bipartite.edges(data=True)} \
        == expected


def test_agency_task_graph_filters_roles(sample_rows, graph):
    leads = agency_task_graph(graph, roles=("lead",))
    assert leads.number_of_edges() == len(sample_rows.relations["LEADS"])
    assert all(d["roles"] == ["lead"] for _, _, d in leads.edges(data=True))


def test_importing_the_module_does_not_import_networkx():
    code = "import sys, govgraph.graph.networkx_graph; print('networkx' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"
