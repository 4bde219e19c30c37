"""A sample of a graph that the SHACL shapes can judge on its own: some documents and all they hold.

The shapes are closed and follow links (an assignment's agent must be an
``org:Organization``, a task must be in a document …), so a sample of triples or of rows
taken at random would break them.  Instead a sample is a few documents spread over the
graph, as many as hold about the tasks asked for (SHACL takes its time by the triple),
with their sections, tasks, role relations, duties and citations, the agencies those
name and the documents they cite; ``PART_OF`` is kept between sampled agencies.
It is read in one pass over the tables (the document table three times), holding only the
sample, so a sample of a big graph costs a read of it, not its memory.
"""
from __future__ import annotations

from govgraph.graph.rdf import Tables
from govgraph.graph.rows import GraphRows
from govgraph.graph.schema import RELATION, ROLE_RELATIONS

_BY_DOCUMENT = ("ISSUED_BY", "CITES", "REPEALS")      # Document → …, kept for a sampled document


def sample_rows(tables: Tables, tasks: int) -> GraphRows:
    """The rows of documents evenly spread over the graph, holding about ``tasks`` tasks
    in all (at least one document), and of everything those documents hold or name."""
    documents = total = 0
    for row in tables("Document"):
        if _holds_tasks(row):
            documents, total = documents + 1, total + row["task_count"]
    wanted = max(1, tasks * documents // max(1, total))                 # documents of average size
    step = -(-documents // wanted)
    picked: set[str] = set()
    budget = tasks
    for i, row in enumerate(r for r in tables("Document") if _holds_tasks(r)):
        if i % step == 0 and (not picked or row["task_count"] <= budget):
            picked.add(row["id"])
            budget -= row["task_count"]
    rows = GraphRows()
    rows.nodes["Section"] = [r for r in tables("Section") if r["document"] in picked]
    rows.nodes["Task"] = [r for r in tables("Task") if r["document"] in picked]
    sections, task_ids = {r["id"] for r in rows.nodes["Section"]}, {r["id"] for r in rows.nodes["Task"]}
    agencies: set[str] = set()
    cited: set[str] = set()
    for name in RELATION:
        if name == "PART_OF":
            continue
        relation = rows.relations[name]
        for row in tables(name):
            if _kept(name, row, picked, sections, task_ids):
                relation.append(row)
        for row in relation:
            if RELATION[name].source == "Agency":
                agencies.add(row["from"])
            if RELATION[name].target == "Agency":
                agencies.add(row["to"])
            if name in ("CITES", "REPEALS"):
                cited.add(row["to"])
    rows.relations["PART_OF"] = [r for r in tables("PART_OF") if r["from"] in agencies and r["to"] in agencies]
    rows.nodes["Document"] = [r for r in tables("Document") if r["id"] in picked or r["id"] in cited]
    rows.nodes["Agency"] = [r for r in tables("Agency") if r["name"] in agencies]
    return rows


def _holds_tasks(row: dict) -> bool:
    return not row["external"] and bool(row["task_count"])


def _kept(name: str, row: dict, picked: set[str], sections: set[str], tasks: set[str]) -> bool:
    if name in ROLE_RELATIONS.values():
        return row["to"] in tasks
    if name in ("TASK_IN_SECTION", "TASK_IN_DOCUMENT"):
        return row["from"] in tasks
    if name in ("SECTION_IN_SECTION", "SECTION_IN_DOCUMENT"):
        return row["from"] in sections
    if name == "HAS_DUTY":
        return row["to"] in picked
    return name in _BY_DOCUMENT and row["from"] in picked
