"""govgraph: Chinese government plans into a knowledge graph of agencies, tasks and policies.

The Python API (``govgraph.api``, re-exported here): ``extract``, ``load``, ``build``,
``open_store``, ``sparql``, ``rows``, ``to_networkx``, ``workload``, ``network``, ``matrix``,
``assignments``, ``tasks`` and their ``*_frame`` forms for pandas.  They load on first use,
so ``import govgraph`` stays light.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["__version__", "assignments", "assignments_frame", "build", "extract", "load", "matrix", "network",
           "open_store", "rows", "sparql", "tasks", "tasks_frame", "to_networkx", "workload"]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("govgraph")
        except PackageNotFoundError:          # a checkout that was never installed
            return "0+unknown"
    if name == "extract":                     # the package, callable: see govgraph/extract/__init__.py
        return import_module("govgraph.extract")
    if name in __all__:
        return getattr(import_module("govgraph.api"), name)
    raise AttributeError(f"module 'govgraph' has no attribute {name!r}")
