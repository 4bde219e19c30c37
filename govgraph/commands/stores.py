"""The graph store commands: ``govgraph build``, ``query``, ``export neo4j-csv``, ``export table``,
``neo4j push``."""
from __future__ import annotations

import io
import sys
from pathlib import Path

from govgraph.errors import InputError, UsageError, require
from govgraph.files import atomic_output, refuse_inputs


def run_build(inputs: list[str], db: Path, gazetteer: list[Path], stdin: bytes | None,
              summary: bool = True) -> None:
    """Load ``inputs`` into the embedded store (``govgraph.builder``); inputs that fail are
    reported after the rest; ``summary``: say what the store now holds."""
    from govgraph.builder import build
    from govgraph.extract.reader import count_files
    from govgraph.gazetteer import load_gazetteer
    from govgraph.progress import progress

    with progress("building", total=lambda: count_files(inputs)) as step:
        report = build(inputs, db, load_gazetteer(gazetteer), stdin, on_source=step)
    for line in [*report.notices, *(p.message for p in report.problems)]:
        print(f"Warning: {line}", file=sys.stderr)
    unchanged = f"; {report.unchanged} file(s) unchanged since loaded, not read again" if report.unchanged else ""
    if summary:
        print(f"{report.loaded} documents loaded into {db}; the graph holds {_summary(report.counts)}{unchanged}",
              file=sys.stderr)
    if report.failures:
        raise InputError("; ".join(report.failures))


def run_query(text: str, params: dict, db: Path, neo4j: bool, fmt: str, output: str,
              database: str | None = None, excel: bool = False) -> None:
    """Run Cypher text or a named query on the embedded store or on Neo4j, and print the rows
    (``excel``: CSV with a byte-order mark)."""
    from govgraph.queries import query_text
    from govgraph.views.tables import QUERY_FORMATS, write_rows

    if fmt not in QUERY_FORMATS:
        raise UsageError(f"unknown format '{fmt}'; available: {', '.join(QUERY_FORMATS)}")
    text = query_text(text, "cypher", params)
    refuse_inputs(output, [db])
    with _neo4j(database) if neo4j else _embedded(db) as store:
        result = store.run(text, params)
    with atomic_output(output) as out:
        write_rows(result.columns, result.rows, fmt, out, excel)


def run_export_neo4j_csv(directory: Path, db: Path) -> None:
    from govgraph.graph.neo4j_csv import export_neo4j_csv, import_command

    with _embedded(db) as store:
        written = export_neo4j_csv(store, directory)
    print(f"{_summary(written)} written to {directory}; stop Neo4j and import them with:\n"
          f"{import_command(directory)}", file=sys.stderr)


def run_export_table(output: str, db: Path) -> None:
    """The tidy table of ``govgraph.api.assignments`` as CSV (UTF-8 with a BOM, so Excel reads
    the Chinese) or, with pandas and pyarrow (the ``pandas`` extra), Parquet."""
    from govgraph.api import assignments

    refuse_inputs(output, [db])
    table = assignments(db)
    if output.endswith(".parquet"):
        pandas = require("pandas", "pandas", "Parquet output")
        require("pyarrow", "pandas", "Parquet output")
        with atomic_output(output, "wb") as out:
            pandas.DataFrame(table).to_parquet(out, index=False)
    else:
        import csv

        from govgraph.views.tables import inert

        with atomic_output(output, "wb") as raw:
            out = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            writer = csv.writer(out)
            columns = list(table[0]) if table else []
            writer.writerow(columns)
            writer.writerows([inert("" if row[c] is None else str(row[c])) for c in columns] for row in table)
            out.flush()
            out.detach()
    print(f"{len(table)} assignments written to {output}", file=sys.stderr)


def run_neo4j_push(db: Path, batch_size: int, prune: bool = False, database: str | None = None) -> None:
    """Add and update the store's graph in Neo4j; ``prune``: and delete what the store lacks,
    saying first how much that is."""
    from govgraph.progress import progress

    def pruning(nodes: int, relations: int) -> None:
        print(f"Pruning: deleting {nodes} nodes and {relations} relations that {db} does not hold",
              file=sys.stderr)

    with _embedded(db) as store, _neo4j(database) as neo4j, progress("pushing") as step:
        counts = neo4j.push(store, batch_size, on_batch=lambda table, done: step(f"{table} {done}"),
                            prune=prune, on_prune=pruning)
    print(f"Neo4j at {neo4j.where} now holds the graph of {db}: {_summary(counts)}"
          + ("" if prune else "; nothing was deleted (--prune deletes what the store does not hold)"),
          file=sys.stderr)


def _summary(counts: dict[str, int]) -> str:
    from govgraph.graph.schema import NODE

    nodes = sum(n for name, n in counts.items() if name in NODE)
    return f"{nodes} nodes and {sum(counts.values()) - nodes} relations"


def _embedded(db: Path):
    from govgraph.graph.embedded import EmbeddedStore

    return EmbeddedStore(db)


def _neo4j(database: str | None = None):
    from govgraph.graph.neo4j_store import Neo4jStore

    return Neo4jStore.from_env(database)
