"""An extraction → the rows of every node and relation table of the schema.

All stores load from ``GraphRows``: LadybugDB and Neo4j in bulk, networkx and RDF
node by node.  The input is the typed model (``govgraph.model``): a run in memory, or a
file written earlier, decoded by ``govgraph.records``.  A row holds the schema's properties
of its table, read from the model record's field of the same name: ``start``/``end`` from
its ``span``, ``X_start``/``X_end`` from ``X_span``, ``source`` from its document.  So a
property added to the schema and to the model needs no code here.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from govgraph.graph.schema import NODE, RELATION, ROLE_RELATIONS, STRINGS, Prop
from govgraph.model import Agency, DocumentResult, Extraction, Reference


@dataclass(slots=True)
class GraphRows:
    """Rows per node label and per relation table; relation rows have ``from`` and ``to``."""

    nodes: dict[str, list[dict]] = field(default_factory=lambda: {label: [] for label in NODE})
    relations: dict[str, list[dict]] = field(default_factory=lambda: {name: [] for name in RELATION})

    def counts(self) -> dict[str, int]:
        return {**{k: len(v) for k, v in self.nodes.items()},
                **{k: len(v) for k, v in self.relations.items()}}


# a document known only from a citation: nothing known but its number and title
_EMPTY_DOCUMENT = {p.name: [] if p.type == STRINGS else None for p in NODE["Document"].props}


def section_id(document: str, path: str) -> str:
    return f"{document}#{path}"


def external_id(reference: Reference) -> str:
    """A document known only from a citation: keyed by its number, else its title."""
    return "ref:" + (reference.doc_number or reference.title or "?")


def extraction_rows(extraction: Extraction) -> GraphRows:
    """The rows of a graph holding ``extraction``; agencies named twice are merged
    (``govgraph.model.merge_agencies``), as every store keeps one node per name."""
    return results_rows(extraction.results, extraction.agencies)


def results_rows(results: Iterable[DocumentResult], agencies: Iterable[Agency]) -> GraphRows:
    """The rows of these documents and agencies (one batch of a build, or a whole run)."""
    from govgraph.model import merge_agencies

    rows = GraphRows()
    results = list(results)
    merged = merge_agencies(agencies)
    rows.nodes["Agency"] = [agency_row(a) for a in merged.values()]
    rows.relations["PART_OF"] = [{"from": a.name, "to": a.parent} for a in merged.values()
                                 if a.parent and a.parent in merged]

    by_number = {r.document.doc_number: r.document.id for r in results if r.document.doc_number}
    sections: dict[str, dict] = {}
    external: dict[str, dict] = {}
    for result in results:
        doc, source = result.document, result.document.source
        rows.nodes["Document"].append(_row("Document", doc, source, task_count=len(result.tasks), external=False))
        for name in doc.issued_by:
            if name in merged:
                rows.relations["ISSUED_BY"].append({"from": doc.id, "to": name})
        for ref in doc.references:
            target = by_number.get(ref.doc_number) if ref.doc_number else None
            if target is None:
                target = external_id(ref)
                external.setdefault(target, {**_EMPTY_DOCUMENT, "id": target,
                                             "title": ref.title, "doc_number": ref.doc_number,
                                             "task_count": 0, "external": True})
            table = "REPEALS" if ref.relation == "repeals" else "CITES"
            rows.relations[table].append({"from": doc.id, "to": target, **_row(table, ref, source)})
        for section in result.sections:
            sid = section_id(doc.id, section.path)
            if sid in sections:
                continue                          # a path repeated by a restarted outline
            parent, _, _ = section.path.rpartition("/")
            sections[sid] = _row("Section", section, source, id=sid, level=section.path.count("/") + 1)
            if parent and section_id(doc.id, parent) in sections:
                rows.relations["SECTION_IN_SECTION"].append({"from": sid, "to": section_id(doc.id, parent)})
            else:
                rows.relations["SECTION_IN_DOCUMENT"].append({"from": sid, "to": doc.id})
        for task in result.tasks:
            rows.nodes["Task"].append(_row("Task", task, source))
            sid = section_id(task.document, task.path)
            if task.path and sid in sections:
                rows.relations["TASK_IN_SECTION"].append({"from": task.id, "to": sid})
            else:
                rows.relations["TASK_IN_DOCUMENT"].append({"from": task.id, "to": task.document})
            for assignment in task.assignments:
                table = ROLE_RELATIONS[assignment.role]
                rows.relations[table].append({"from": assignment.agency, "to": task.id,
                                              **_row(table, assignment, source)})
        for duty in result.duties:
            rows.relations["HAS_DUTY"].append({"from": duty.agency, "to": duty.document,
                                               **_row("HAS_DUTY", duty, source)})
    rows.nodes["Section"] = list(sections.values())
    rows.nodes["Document"].extend(external.values())
    return rows


def agency_row(agency: Agency) -> dict:
    return _row("Agency", agency)


def _row(table: str, item: Any, source: str | None = None, **given: Any) -> dict:
    """The schema's properties of ``table`` read from the model record ``item``; ``given``
    supplies those the record does not hold."""
    row = {name: read(item) for name, read in _readers(table, type(item), tuple(given))}
    if "source" in row:
        row["source"] = source
    row.update(given)
    return row


_READERS: dict[tuple[str, type, tuple[str, ...]], tuple[tuple[str, Callable[[Any], Any]], ...]] = {}


def _readers(table: str, cls: type, given: tuple[str, ...]) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """How to read each property of ``table`` from a ``cls`` record, worked out once."""
    if (known := _READERS.get((table, cls, given))) is not None:
        return known
    props: tuple[Prop, ...] = NODE[table].props if table in NODE else RELATION[table].props
    slots = set(getattr(cls, "__slots__", ())) | set(getattr(cls, "_fields", ()))
    readers = []
    for prop in props:
        name = prop.name
        if name in given:
            continue
        if name == "source":
            readers.append((name, _nothing))
        elif name.endswith(("start", "end")) and (span := _span_field(name)) in slots:
            index = 0 if name.endswith("start") else 1
            readers.append((name, functools.partial(_span_end, span, index)))
        elif name in slots or hasattr(cls, name):
            readers.append((name, functools.partial(_value, name)))
        else:
            raise TypeError(f"{table}.{name}: {cls.__name__} has no such field; give it to _row")
    found = _READERS[(table, cls, given)] = tuple(readers)
    return found


def _span_field(prop: str) -> str:
    """``start``/``end`` come from ``span``, ``X_start``/``X_end`` from ``X_span``."""
    stem = prop.rpartition("_")[0]
    return f"{stem}_span" if stem else "span"


def _span_end(span: str, index: int, item: Any):
    value = getattr(item, span)
    return value[index] if value is not None else None


def _value(name: str, item: Any):
    value = getattr(item, name)
    return list(value) if isinstance(value, tuple) else value


def _nothing(item: Any) -> None:
    return None
