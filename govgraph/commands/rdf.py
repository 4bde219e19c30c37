"""The commands behind ``govgraph sparql`` and ``govgraph export rdf``.

Both read the graph from ``--db``: the embedded store ``govgraph.builder`` writes, or an
extraction JSON/JSONL from ``govgraph extract`` (so RDF needs no store at all).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from govgraph.api import rows as rows_of
from govgraph.errors import UsageError, ValidationError
from govgraph.files import atomic_output, refuse_inputs
from govgraph.views.tables import QUERY_FORMATS, write_rows

SHOWN_VIOLATIONS = 10


def run_sparql(text: str, params: dict[str, object], db: Path, fmt: str, output: str) -> None:
    """Run SPARQL text or a named query (``queries/*.rq``) with ``params`` bound, and print the rows."""
    from govgraph.graph.rdf import prepare, select, to_rdf
    from govgraph.queries import looks_like_name, named

    if fmt not in QUERY_FORMATS:
        raise UsageError(f"unknown format '{fmt}'; available: {', '.join(QUERY_FORMATS)}")
    if looks_like_name(text):
        query = named(text.strip(), "sparql")
        _check_params(query, params)
        text = query.text
    else:
        for name in params:
            if not re.search(rf"[?$]{re.escape(name)}\b", text):
                raise UsageError(f"parameter '{name}' is not a variable of the query; write ?{name} in it")
    prepared = prepare(text)
    refuse_inputs(output, [db])
    columns, rows = select(to_rdf(rows_of(db), vocabulary=True), prepared, params)
    with atomic_output(output) as out:
        write_rows(columns, rows, fmt, out)


def _check_params(query, params: dict[str, object]) -> None:
    wanted = [p.name for p in query.params]
    for param in query.params:
        if param.name not in params:
            raise UsageError(f"query '{query.name}' needs -p {param.name}=… ({param.help})")
    for name in params:
        if name not in wanted:
            raise UsageError(f"query '{query.name}' has no parameter '{name}'; "
                             f"it takes: {', '.join(wanted) or 'none'}")


def run_export_rdf(output: str, fmt: str | None, db: Path, validate: bool) -> None:
    """Write the graph as RDF in ``fmt``, or as the output's suffix says (.ttl .jsonld .nt);
    with ``validate``, a graph that breaks the shapes is not written."""
    from govgraph.graph.rdf import format_of, serialize, to_rdf, violations

    fmt = format_of(output, fmt)
    refuse_inputs(output, [db])
    graph = to_rdf(rows_of(db))
    if validate:
        problems = violations(graph)
        for line in problems[:SHOWN_VIOLATIONS]:
            print(f"Violation: {line}", file=sys.stderr)
        if problems:
            raise ValidationError(f"the graph breaks {len(problems)} SHACL constraint(s) of data/shapes.ttl; "
                                  f"nothing was written (--no-validate writes it anyway)")
    with atomic_output(output, "wb") as out:
        serialize(graph, fmt, out)
    print(f"{len(graph)} triples written to {'stdout' if output == '-' else output}", file=sys.stderr)
