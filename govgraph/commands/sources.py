"""Where the analysis commands get their graph: input files, an extraction JSON, or a store.

* no INPUT: the graph at ``--db`` — the embedded store, or an extraction ``.json``/``.jsonl``;
* INPUTs with ``--db`` (or ``keep=True``, as ``govgraph report`` asks): the inputs are built
  into the store, then the graph is read back from it, so what is shown is what is kept;
* INPUTs alone: extracted in memory (``.json``/``.jsonl`` inputs are read as extractions),
  and nothing is written.

An input that cannot be read is a one-line error, before anything is shown.
"""
from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from govgraph.api import rows
from govgraph.errors import InputError
from govgraph.graph.rows import GraphRows


@dataclass(frozen=True, slots=True)
class GraphSource:
    """What a command was told to read: INPUT files and/or ``--db``."""

    inputs: list[str]
    db: Path | None = None
    gazetteer: list[Path] = field(default_factory=list)
    stdin: bytes | None = None

    def rows(self, keep: bool = False) -> GraphRows:
        """The graph rows (see the module's docstring for which); ``keep`` builds INPUTs
        into the store even without ``--db``."""
        from govgraph.commands.params import default_db

        db = self.db or default_db()
        if not self.inputs:
            return rows(db)
        if keep or self.db is not None:
            from govgraph.commands.stores import run_build

            run_build(self.inputs, db, self.gazetteer, self.stdin)
            return rows(db)
        return _extracted(self.inputs, self.gazetteer, self.stdin)

    @contextlib.contextmanager
    def store(self, keep: bool = False) -> Iterator:
        """An open, read-only embedded store holding the graph, for views that ask the engine
        rather than hold the graph in Python: the store at ``--db`` (INPUTs built into it
        first, as ``rows`` does), or, for INPUTs alone, a temporary store removed afterwards."""
        from govgraph.commands.params import default_db
        from govgraph.graph.embedded import EmbeddedStore

        db = self.db or default_db()
        if not self.inputs or keep or self.db is not None:
            if self.inputs:
                from govgraph.commands.stores import run_build

                run_build(self.inputs, db, self.gazetteer, self.stdin)
            if db.suffix in (".json", ".jsonl"):
                with _temporary_store(rows(db)) as store:
                    yield store
                return
            with EmbeddedStore(db) as store:
                yield store
            return
        with _temporary_store(_extracted(self.inputs, self.gazetteer, self.stdin)) as store:
            yield store


@contextlib.contextmanager
def _temporary_store(rows: GraphRows) -> Iterator:
    from govgraph.graph.embedded import EmbeddedStore

    with tempfile.TemporaryDirectory(prefix="govgraph-") as folder:
        with EmbeddedStore(Path(folder) / "graph.db", writable=True) as store:
            store.load(rows)
        with EmbeddedStore(Path(folder) / "graph.db") as store:
            yield store


def _extracted(inputs: list[str], gazetteer: list[Path], stdin: bytes | None) -> GraphRows:
    """INPUTs extracted in memory (extraction files read as they were written), as one graph."""
    from govgraph.extract import ExtractionRun
    from govgraph.extract.reader import count_files
    from govgraph.gazetteer import load_gazetteer
    from govgraph.graph.rows import extraction_rows
    from govgraph.model import Extraction
    from govgraph.progress import progress
    from govgraph.records import load

    whole = Extraction()
    for item in (i for i in inputs if i.endswith((".json", ".jsonl"))):
        part = load(item)
        whole.results.extend(part.results)
        whole.agencies.extend(part.agencies)
    if sources := [i for i in inputs if not i.endswith((".json", ".jsonl"))]:
        with progress("extracting", total=lambda: count_files(sources)) as step:
            run = ExtractionRun(sources, load_gazetteer(gazetteer), stdin=stdin, on_source=step)
            whole.results.extend(run)
        for problem in run.problems:
            print(f"Warning: {problem.message}", file=sys.stderr)
        if run.failures:
            raise InputError("; ".join(f.message for f in run.failures))
        whole.agencies.extend(run.agencies())
    return extraction_rows(whole)
