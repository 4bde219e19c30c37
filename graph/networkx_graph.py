"""The graph in memory as networkx: the one conversion the analyses build on.

Nodes are ``(label, key)`` pairs — ``("Agency", "罗湖区财政局")``, ``("Task", "…:2/t1")`` —
so a document id can never meet an agency name; each carries ``label`` and all its
properties.  Edges are keyed by relation type, so ``g.has_edge(agency, task, "LEADS")``
asks the question directly, and carry the relation's properties (the provenance:
``source``, ``start``, ``end``, ``role_word`` …) plus ``type``.  A relation that may
repeat between one pair and has its own id (HAS_DUTY: several duties of one agency in
one document) is keyed ``(type, id)`` so none is lost; an agency named twice in one
role on one task is one edge, since analyses count tasks, not mentions.

networkx is imported inside the functions: importing this module costs nothing.
"""
from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from govgraph.graph.rows import GraphRows
from govgraph.graph.schema import NODE, RELATION, ROLE_OF, ROLE_RELATIONS
from govgraph.model import ROLES

if TYPE_CHECKING:
    import networkx as nx



@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Building millions of dicts sets off the cyclic garbage collector again and again,
    walking everything built so far; nothing built here is cyclic garbage.  Pausing it
    makes a 1M-relation build about twice as fast."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def to_networkx(rows: GraphRows) -> nx.MultiDiGraph:
    """A directed multigraph of every node and relation in ``rows``."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    with _collector_paused():
        _add_rows(graph, rows)
    return graph


def _add_rows(graph: nx.MultiDiGraph, rows: GraphRows) -> None:
    for label, node_rows in rows.nodes.items():
        key = NODE[label].key
        graph.add_nodes_from(((label, row[key]), {"label": label, **row}) for row in node_rows)
    for name, relation_rows in rows.relations.items():
        relation = RELATION[name]
        keyed_by_id = "id" in relation.prop_names
        graph.add_edges_from(
            ((relation.source, row["from"]), (relation.target, row["to"]),
             (relation.type, row["id"]) if keyed_by_id else relation.type,
             {"type": relation.type, **{k: v for k, v in row.items() if k not in ("from", "to")}})
            for row in relation_rows)


def agency_task_graph(graph: nx.MultiDiGraph, roles: Iterable[str] = ROLES) -> nx.Graph:
    """The bipartite agency–task graph for ``networkx.algorithms.bipartite``.

    Every agency (``bipartite=0``) and task (``bipartite=1``) of ``graph`` with its
    attributes; an edge where the agency has one of ``roles`` on the task, with the
    list of those roles in ``roles`` (in model order: lead, support, responsible).
    """
    import networkx as nx

    wanted = {ROLE_RELATIONS[role] for role in roles}
    bipartite = nx.Graph()
    found: dict[tuple, set[str]] = {}
    with _collector_paused():
        bipartite.add_nodes_from((node, {**data, "bipartite": 0 if data["label"] == "Agency" else 1})
                                 for node, data in graph.nodes(data=True)
                                 if data.get("label") in ("Agency", "Task"))
        for agency, task, key in graph.edges(keys=True):
            if key in wanted:
                found.setdefault((agency, task), set()).add(ROLE_OF[key])
        bipartite.add_edges_from((agency, task, {"roles": [role for role in ROLES if role in pair_roles]})
                                 for (agency, task), pair_roles in found.items())
    return bipartite
