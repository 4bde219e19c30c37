"""The analysis commands: ``govgraph workload``, ``network``, ``matrix``, ``viz`` and ``report``.

Each checks its options before any work, opens the store (``sources.GraphSource.store``),
asks ``govgraph.queries`` its question — aggregation queries the store runs — and hands the
answer to a writer of ``govgraph.views``, which writes atomically (binary for XLSX, PNG,
GEXF and GraphML).
"""
from __future__ import annotations

import sys
from collections.abc import Callable

from govgraph.commands.sources import GraphSource
from govgraph.errors import NoTasksError, UsageError
from govgraph.files import atomic_output, refuse_inputs
from govgraph.progress import progress
from govgraph.views import BINARY, format_of, writer


def run_workload(source: GraphSource, by: str | None, weights: str | None, rollup: bool, fmt: str | None,
                 output: str, duties: bool = False, exclude_collectives: bool = False) -> None:
    from govgraph.queries.workload import check_grouping, workload

    fmt = format_of("workload", output, fmt)
    check_grouping(by, duties)
    if by and fmt in ("png", "svg"):
        raise UsageError("a chart shows the whole workload; drop --by, or write a table (csv, json, xlsx)")
    parsed = _weights(weights)
    _render("workload", fmt, source, output,
            lambda store: workload(store, by, parsed, rollup, duties=duties, exclude_collectives=exclude_collectives))


def _weights(text: str | None):
    from govgraph.queries.workload import DEFAULT_WEIGHTS, parse_weights

    return parse_weights(text) if text else DEFAULT_WEIGHTS


def run_network(source: GraphSource, exclude_collectives: bool, directed: bool, output: str) -> None:
    from govgraph.queries.network import collaboration_network

    fmt = format_of("network", output)
    _render("network", fmt, source, output, lambda store: collaboration_network(store, exclude_collectives),
            directed=directed)


def run_matrix(source: GraphSource, output: str) -> None:
    from govgraph.queries.matrix import responsibility_matrix

    _render("matrix", format_of("matrix", output), source, output, responsibility_matrix)


def run_viz(source: GraphSource, exclude_collectives: bool, output: str) -> None:
    from govgraph.queries.network import collaboration_network

    _render("viz", format_of("viz", output), source, output,
            lambda store: collaboration_network(store, exclude_collectives))


def run_report(source: GraphSource, output: str, weights: str | None = None, exclude_collectives: bool = False,
               rollup: bool = False) -> None:
    """INPUTs are built into the store first (``--db`` or the default), and the report is the store's.
    ``weights``, ``exclude_collectives`` and ``rollup`` mean what they mean for ``workload``."""
    from govgraph.views.report import report_of

    parsed = _weights(weights)
    _render("report", format_of("report", output), source, output,
            lambda store: report_of(store, parsed, exclude_collectives, rollup), keep=True)


def _render(view: str, fmt: str, source: GraphSource, output: str, ask: Callable, keep: bool = False,
            **options) -> None:
    from govgraph.commands.params import default_db
    from govgraph.queries.workload import task_count

    refuse_inputs(output, [*source.inputs, source.db or default_db()])     # before any work
    with source.store(keep) as store:      # extraction shows a progress bar of its own
        if not task_count(store):
            raise NoTasksError(_no_tasks(store, " ".join(source.inputs) or str(source.db or default_db())))
        with progress(view, total=2) as step:
            answer = ask(store)
            step("writing")
            write = writer(view, fmt)
            with atomic_output(output, "wb" if fmt in BINARY else "w") as out:
                write(answer, out, **options)
            step("done")
    if output != "-":
        print(f"{view} written to {output}", file=sys.stderr)


def _no_tasks(store, where: str) -> str:
    """Why there is nothing to show.  The rule is one for a file and a folder: a file that
    gives no task is a warning naming it, and the run fails only when no input gives one."""
    from govgraph.queries.workload import documents, unread_documents

    unread = unread_documents(documents(store))
    if unread:
        words = "、".join(dict.fromkeys(w for _, found in unread for w in found))
        return (f"no tasks in {where}: role words stand beside agencies but could not be read ({words}); "
                "nothing to show (`govgraph coverage` shows them in context)")
    return f"no tasks in {where}; nothing to show (is it a plan with 主办/牵头/协办 annotations?)"
