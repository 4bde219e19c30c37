"""Renderers: the answers of ``govgraph.queries`` as tables, files and pictures to share.

Writers are registered by view and format and imported on first use — openpyxl,
matplotlib and networkx are heavy — so ``govgraph --help`` stays fast.  A writer is
``write(answer, out, **options)`` on an open file, binary for the formats in ``BINARY``.
"""
from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import PurePath

from govgraph.errors import UsageError

WRITERS: dict[str, dict[str, str]] = {
    "workload": {"table": "tables:workload_table", "csv": "tables:workload_csv", "json": "tables:workload_json",
                 "xlsx": "xlsx:workload_xlsx", "png": "charts:workload_png", "svg": "charts:workload_svg"},
    "network": {"table": "tables:network_table", "csv": "tables:network_csv", "json": "tables:network_json",
                "gexf": "graphfiles:write_gexf", "graphml": "graphfiles:write_graphml"},
    "matrix": {"table": "tables:matrix_table", "csv": "tables:matrix_csv", "md": "tables:matrix_markdown",
               "html": "tables:matrix_html", "xlsx": "xlsx:matrix_xlsx"},
    "viz": {"html": "network_page:write_network_page", "png": "charts:network_png", "svg": "charts:network_svg"},
    "report": {"html": "report:write_report"},
}
BINARY = frozenset({"xlsx", "png", "gexf", "graphml"})
SUFFIXES = {".htm": "html", ".markdown": "md", ".jsn": "json"}


def format_of(view: str, output: str, fmt: str | None = None) -> str:
    """The format asked for, else the one the output's suffix names, else ``table`` on screen."""
    formats = WRITERS[view]
    if fmt is not None:
        if fmt not in formats:
            raise UsageError(f"unknown format '{fmt}' for {view}; available: {', '.join(formats)}")
        return fmt
    if output == "-":
        if "table" not in formats:
            raise UsageError(f"{view} writes a file; give -o with one of: "
                             + ", ".join(f".{f}" for f in formats))
        return "table"
    suffix = PurePath(output).suffix.lower()
    fmt = SUFFIXES.get(suffix, suffix[1:])
    if fmt not in formats or fmt == "table":
        raise UsageError(f"cannot tell the format of '{output}' for {view}; end it with one of: "
                         + ", ".join(f".{f}" for f in formats if f != "table"))
    return fmt


def writer(view: str, fmt: str) -> Callable:
    module, _, name = WRITERS[view][fmt].partition(":")
    return getattr(import_module(f"{__name__}.{module}"), name)
