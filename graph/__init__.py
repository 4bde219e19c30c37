"""The graph model (``schema``), its rows (``rows``) and the stores that hold it.

Stores are found by name and imported on first use, so ``govgraph --help`` stays fast::

    from govgraph.graph import store_class
    with store_class("embedded")("govgraph.db") as store: ...
"""
from __future__ import annotations

from importlib import import_module

STORES: dict[str, str] = {
    "embedded": "govgraph.graph.embedded:EmbeddedStore",
    "neo4j": "govgraph.graph.neo4j_store:Neo4jStore",
    "rdf": "govgraph.graph.rdf:to_rdf",                           # in memory: called with GraphRows
    "networkx": "govgraph.graph.networkx_graph:to_networkx",      # in memory: called with GraphRows
}


def store_class(name: str) -> type:
    """The store class registered under ``name``; a clear error lists the others."""
    from govgraph.errors import UsageError

    if name not in STORES:
        raise UsageError(f"unknown graph store '{name}'; available: {', '.join(STORES)}")
    module, _, cls = STORES[name].partition(":")
    return getattr(import_module(module), cls)
