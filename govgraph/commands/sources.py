"""Where the analysis commands get their graph: input files, an extraction JSON, or a store.

* no INPUT: the graph at ``--db`` — the embedded store, or an extraction ``.json``/``.jsonl``;
* INPUTs with ``--db`` (or ``keep=True``, as ``govgraph report`` asks): the inputs are built
  into the store, then the graph is read back from it, so what is shown is what is kept;
* INPUTs alone: built into a temporary store (``.json``/``.jsonl`` inputs are read as
  extractions), removed afterwards: nothing is written.

Either way the views ask an open store, which does the counting; the inputs stream into it
a batch at a time.  An input that cannot be read is a one-line error, before anything is shown.
"""
from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from govgraph.graph.embedded import EmbeddedStore


@dataclass(frozen=True, slots=True)
class GraphSource:
    """What a command was told to read: INPUT files and/or ``--db``."""

    inputs: list[str]
    db: Path | None = None
    gazetteer: list[Path] = field(default_factory=list)
    stdin: bytes | None = None

    @contextlib.contextmanager
    def store(self, keep: bool = False) -> Iterator[EmbeddedStore]:
        """An open, read-only embedded store holding the graph (see the module's docstring
        for which); ``keep`` builds INPUTs into the store at ``--db`` even without one."""
        from govgraph.api import open_graph
        from govgraph.commands.params import default_db
        from govgraph.commands.stores import run_build

        db = self.db or default_db()
        if not self.inputs:
            with open_graph(db) as store:
                yield store
        elif keep or self.db is not None:
            run_build(self.inputs, db, self.gazetteer, self.stdin)
            with EmbeddedStore(db) as store:
                yield store
        else:
            with tempfile.TemporaryDirectory(prefix="govgraph-") as folder:
                run_build(self.inputs, Path(folder) / "graph.db", self.gazetteer, self.stdin, summary=False)
                with EmbeddedStore(Path(folder) / "graph.db") as store:
                    yield store
