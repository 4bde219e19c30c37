"""The commands behind ``govgraph sparql`` and ``govgraph export rdf``.

Both read the graph from ``--db``: the embedded store ``govgraph build`` writes, or an
extraction JSON/JSONL from ``govgraph extract`` (so RDF needs no store at all).  SPARQL
runs on Oxigraph (``graph/oxigraph_store.py``: a store kept beside ``--db``); an export
streams N-Triples or Turtle table by table, so neither holds the graph in memory.
"""
from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from govgraph.errors import OutputError, UsageError, ValidationError, installed
from govgraph.files import atomic_output, refuse_inputs
from govgraph.views.tables import QUERY_FORMATS, write_rows

SHOWN_VIOLATIONS = 10
VALIDATE = ("auto", "full", "sample", "none")
FULL_CHECK_ROWS = 10_000        # auto: the whole graph is SHACL-checked up to this many rows (about 1 MB of text)
SAMPLE_TASKS = 100              # … and the graph of documents holding about this many tasks above it
JSONLD_ROWS = 200_000           # JSON-LD is made in memory by rdflib: refused above this many rows


def run_sparql(text: str, params: dict[str, object], db: Path, fmt: str, output: str, excel: bool = False) -> None:
    """Run SPARQL text or a named query (``queries/*.rq``) with ``params`` bound, and print the rows
    (``excel``: CSV with a byte-order mark)."""
    from govgraph.graph.oxigraph_store import check_query, open_store, select, side_path
    from govgraph.queries import looks_like_name, named, query_text

    if fmt not in QUERY_FORMATS:
        raise UsageError(f"unknown format '{fmt}'; available: {', '.join(QUERY_FORMATS)}")
    if looks_like_name(text):
        query = named(text.strip(), "sparql")
        text = query_text(text, "sparql", params)
        _refuse_unknown(query, params)
    else:
        for name in params:
            if not re.search(rf"[?$]{re.escape(name)}\b", text):
                raise UsageError(f"parameter '{name}' is not a variable of the query; write ?{name} in it")
    check_query(text)
    refuse_inputs(output, [db])
    _refuse_inside(output, side_path(db))
    columns, rows = select(open_store(db), text, params)
    with atomic_output(output) as out:
        write_rows(columns, rows, fmt, out, excel)


def _refuse_inside(output: str, store: Path) -> None:
    """An output inside the SPARQL store beside the graph would be written over its files."""
    if output != "-" and Path(os.path.realpath(output)).is_relative_to(os.path.realpath(store)):
        raise OutputError(f"{output}: is inside the SPARQL store {store}; write the output elsewhere")


def _refuse_unknown(query, params: dict[str, object]) -> None:
    wanted = [p.name for p in query.params]
    for name in params:
        if name not in wanted:
            raise UsageError(f"query '{query.name}' has no parameter '{name}'; "
                             f"it takes: {', '.join(wanted) or 'none'}")


def run_export_rdf(output: str, fmt: str | None, db: Path, validate: str = "auto") -> None:
    """Write the graph as RDF in ``fmt``, or as the output's suffix says (.ttl .jsonld .nt).

    ``validate``: ``full`` checks the whole graph against the SHACL shapes first (in memory),
    ``sample`` the graph of a sample of documents (``SAMPLE_TASKS`` tasks), ``auto`` the whole graph up to
    ``FULL_CHECK_ROWS`` rows and a sample above (nothing, with a note, when pyshacl, the ``shacl``
    extra, is not installed), ``none`` nothing.  A graph that breaks
    the shapes is not written.  N-Triples and Turtle are streamed; JSON-LD is made in memory."""
    from govgraph.graph.rdf import format_of, serialize, to_rdf, write_stream

    fmt = format_of(output, fmt)
    if validate not in VALIDATE:
        raise UsageError(f"unknown --validate '{validate}'; available: {', '.join(VALIDATE)}")
    refuse_inputs(output, [db])
    with _tables(db) as (tables, counts, whole):
        size = sum(counts.values())
        if fmt == "json-ld" and size > JSONLD_ROWS:
            raise UsageError(f"JSON-LD is made in memory and this graph has {size:,} rows (at most "
                             f"{JSONLD_ROWS:,}); export .nt or .ttl, which are written as a stream")
        if validate == "auto":
            validate = "full" if size <= FULL_CHECK_ROWS else "sample"
            if not installed("pyshacl"):
                print("SHACL shapes not checked: pyshacl is optional (pip install 'govgraph[shacl]')",
                      file=sys.stderr)
                validate = "none"
        if validate != "none":
            _validate(tables if validate == "sample" else None, whole)
        with atomic_output(output, "wb") as out:
            if fmt == "json-ld":
                graph = to_rdf(whole())
                serialize(graph, fmt, out)
                written = len(graph)
            else:
                written = write_stream(tables, fmt, out)
    print(f"{written} triples written to {'stdout' if output == '-' else output}", file=sys.stderr)


@contextlib.contextmanager
def _tables(db: Path) -> Iterator[tuple]:
    """The graph's tables (``rdf.Tables``), their row counts and a function giving the
    whole ``GraphRows``: read from the embedded store as they are needed, or from an
    extraction file held in memory."""
    if db.suffix in (".json", ".jsonl"):
        from govgraph.api import rows
        from govgraph.graph.rdf import tables_of

        graph = rows(db)
        yield tables_of(graph), graph.counts(), lambda: graph
        return
    from govgraph.graph.embedded import EmbeddedStore

    with EmbeddedStore(db) as store:
        yield store.table, store.counts(), store.rows


def _validate(sample_from, whole) -> None:
    """Check the whole graph, or with ``sample_from`` (its tables) a sample of its documents."""
    from govgraph.graph.rdf import to_rdf, violations

    if sample_from is not None:
        from govgraph.graph.rdf_sample import sample_rows

        rows = sample_rows(sample_from, SAMPLE_TASKS)
        shown = sum(not d["external"] for d in rows.nodes["Document"])
        print(f"SHACL shapes checked on a sample: {shown} documents and all they hold "
              "(--validate full checks the whole graph)", file=sys.stderr)
    else:
        rows = whole()
    problems = violations(to_rdf(rows))
    for line in problems[:SHOWN_VIOLATIONS]:
        print(f"Violation: {line}", file=sys.stderr)
    if problems:
        raise ValidationError(f"the graph breaks {len(problems)} SHACL constraint(s) of data/shapes.ttl; "
                              f"nothing was written (--no-validate writes it anyway)")
