"""The graph as CSV files for ``neo4j-admin database import full``: the fastest way to put
a big graph into a new Neo4j database (``govgraph neo4j push`` is for a running one).

One file per node label and per relation table of the schema, with the importer's
headers: ``name:ID(Agency)``, ``:LABEL``, ``:START_ID(Agency)``, ``:END_ID(Task)``,
``:TYPE`` and typed properties (``task_count:long``, ``aliases:string[]`` joined by ``;``).
Each label is its own ID space, so a key only has to be unique within its label.
"""
from __future__ import annotations

import shlex
from pathlib import Path

from govgraph.errors import UsageError
from govgraph.files import atomic_output
from govgraph.graph.csvfiles import write_csv
from govgraph.graph.cypher import CypherStore
from govgraph.graph.schema import BOOL, INT, NODES, RELATIONS, STRINGS, Prop

ARRAY_DELIMITER = ";"
_TYPES = {INT: ":long", BOOL: ":boolean", STRINGS: ":string[]"}


def _header(prop: Prop) -> str:
    return prop.name + _TYPES.get(prop.type, "")


def import_command(directory: Path, database: str = "neo4j") -> str:
    """The ``neo4j-admin`` command line that imports the files written to ``directory``."""
    files = [f"--nodes={directory / f'{n.label}.csv'}" for n in NODES]
    files += [f"--relationships={directory / f'{r.name}.csv'}" for r in RELATIONS]
    return shlex.join(["neo4j-admin", "database", "import", "full", *files,
                       f"--array-delimiter={ARRAY_DELIMITER}", "--multiline-fields=true", database])


def export_neo4j_csv(source: CypherStore, directory: Path) -> dict[str, int]:
    """Write the files and a README with the import command; returns rows per file."""
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory}: is a file; give a folder for the CSV files")
    directory.mkdir(parents=True, exist_ok=True)
    written = {}
    for node in NODES:
        header = [f"{p.name}:ID({node.label})" if p.name == node.key else _header(p) for p in node.props]
        rows = ([row[p] for p in node.prop_names] + [node.label] for row in source.table(node.label))
        written[node.label] = _write(directory / f"{node.label}.csv", [*header, ":LABEL"], rows)
    for rel in RELATIONS:
        header = [f":START_ID({rel.source})", f":END_ID({rel.target})", *map(_header, rel.props), ":TYPE"]
        rows = ([row["from"], row["to"], *(row[p] for p in rel.prop_names), rel.type]
                for row in source.table(rel.name))
        written[rel.name] = _write(directory / f"{rel.name}.csv", header, rows)
    with atomic_output(directory / "README.md") as out:
        out.write(f"# govgraph graph for neo4j-admin\n\nStop Neo4j, then import from this folder:\n\n"
                  f"```\n{import_command(Path())}\n```\n\n"
                  "Add `--overwrite-destination` to replace an existing database, and create it with\n"
                  "`CREATE DATABASE` (Enterprise) or name it `neo4j` (Community).  Files written by\n"
                  f"`govgraph export neo4j-csv`: {', '.join(f'{k}.csv ({v})' for k, v in written.items())}.\n")
    return written


def _write(path: Path, header: list[str], rows) -> int:
    with atomic_output(path) as out:
        return write_csv(out, header, rows, ARRAY_DELIMITER)
