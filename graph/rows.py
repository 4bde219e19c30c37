"""Extraction records → the rows of every node and relation table of the schema.

All stores load from ``GraphRows``: LadybugDB and Neo4j in bulk, networkx and RDF
node by node.  The input is the JSON contract of ``govgraph extract`` (dicts), so a
graph can be built from a run or from a file written earlier.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from govgraph.graph.schema import NODE, RELATION, ROLE_RELATIONS


@dataclass(slots=True)
class GraphRows:
    """Rows per node label and per relation table; relation rows have ``from`` and ``to``."""

    nodes: dict[str, list[dict]] = field(default_factory=lambda: {label: [] for label in NODE})
    relations: dict[str, list[dict]] = field(default_factory=lambda: {name: [] for name in RELATION})

    def counts(self) -> dict[str, int]:
        return {**{k: len(v) for k, v in self.nodes.items()},
                **{k: len(v) for k, v in self.relations.items()}}


def section_id(document: str, path: str) -> str:
    return f"{document}#{path}"


def external_id(reference: dict) -> str:
    """A document known only from a citation: keyed by its number, else its title."""
    return "ref:" + (reference.get("doc_number") or reference.get("title") or "?")


def graph_rows(documents: Iterable[dict], tasks: Iterable[dict], agencies: Iterable[dict],
               duties: Iterable[dict] = ()) -> GraphRows:
    """The rows of a graph holding these extraction records (dicts of the JSON contract)."""
    rows = GraphRows()
    documents = list(documents)
    agency_rows = [_agency(a) for a in agencies]
    names = {a["name"] for a in agency_rows}
    rows.nodes["Agency"] = agency_rows
    rows.relations["PART_OF"] = [{"from": a["name"], "to": a["parent"]} for a in agency_rows
                                 if a["parent"] and a["parent"] in names]

    by_number = {d["doc_number"]: d["id"] for d in documents if d.get("doc_number")}
    sections: dict[str, dict] = {}
    external: dict[str, dict] = {}
    for doc in documents:
        rows.nodes["Document"].append(_document(doc))
        for name in doc.get("issued_by") or ():
            if name in names:
                rows.relations["ISSUED_BY"].append({"from": doc["id"], "to": name})
        for ref in doc.get("references") or ():
            target = by_number.get(ref.get("doc_number")) if ref.get("doc_number") else None
            if target is None:
                target = external_id(ref)
                external.setdefault(target, {"id": target, "title": ref.get("title"),
                                             "doc_number": ref.get("doc_number"), "external": True})
            table = "REPEALS" if ref["relation"] == "repeals" else "CITES"
            rows.relations[table].append({"from": doc["id"], "to": target, **_span(ref, doc["source"])})
        for section in doc.get("sections") or ():
            sid = section_id(doc["id"], section["path"])
            if sid in sections:
                continue                          # a path repeated by a restarted outline
            parent, _, _ = section["path"].rpartition("/")
            sections[sid] = {"id": sid, "document": doc["id"], "path": section["path"],
                             "text": section["text"], "level": section["path"].count("/") + 1,
                             **_span(section, doc["source"])}
            if parent and section_id(doc["id"], parent) in sections:
                rows.relations["SECTION_IN_SECTION"].append({"from": sid, "to": section_id(doc["id"], parent)})
            else:
                rows.relations["SECTION_IN_DOCUMENT"].append({"from": sid, "to": doc["id"]})
    rows.nodes["Section"] = list(sections.values())
    rows.nodes["Document"].extend(_document(e) for e in external.values())

    for task in tasks:
        rows.nodes["Task"].append(_task(task))
        sid = section_id(task["document"], task["path"])
        if task["path"] and sid in sections:
            rows.relations["TASK_IN_SECTION"].append({"from": task["id"], "to": sid})
        else:
            rows.relations["TASK_IN_DOCUMENT"].append({"from": task["id"], "to": task["document"]})
        for assignment in task["assignments"]:
            rows.relations[ROLE_RELATIONS[assignment["role"]]].append({
                "from": assignment["agency"], "to": task["id"], "role_word": assignment.get("role_word"),
                "surface": assignment.get("surface"), "rule": assignment.get("rule"),
                **_span(assignment, task["source"])})
    for duty in duties:
        rows.relations["HAS_DUTY"].append({
            "from": duty["agency"], "to": duty["document"], "id": duty["id"], "cue": duty.get("cue"),
            "text": duty.get("text"), "surface": duty.get("surface"), **_span(duty, duty["source"])})
    return rows


def _span(record: dict, source: str) -> dict:
    start, end = record.get("span") or (None, None)
    return {"source": source, "start": start, "end": end}


def _document(doc: dict) -> dict:
    return {"id": doc["id"], "title": doc.get("title"), "notice_title": doc.get("notice_title"),
            "doc_number": doc.get("doc_number"), "issuer": doc.get("issuer"), "date": doc.get("date"),
            "kind": doc.get("kind"), "jurisdiction": doc.get("jurisdiction"),
            "task_count": doc.get("task_count", 0), "external": bool(doc.get("external")),
            **(_span(doc, doc["source"]) if doc.get("source") else
               {"source": None, "start": None, "end": None})}


def _task(task: dict) -> dict:
    annotation = task.get("annotation_span") or (None, None)
    return {"id": task["id"], "document": task["document"], "path": task["path"],
            "heading": task.get("heading"), "text": task["text"], "deadline": task.get("deadline"),
            "deadline_text": task.get("deadline_text"), "keywords": list(task.get("keywords") or ()),
            "annotation": task.get("annotation"), "annotation_start": annotation[0],
            "annotation_end": annotation[1], "leaders": list(task.get("leaders") or ()),
            **_span(task, task["source"])}


def _agency(agency: dict) -> dict:
    return {"name": agency["name"], "aliases": list(agency.get("aliases") or ()),
            "kind": agency.get("kind"), "level": agency.get("level"), "parent": agency.get("parent"),
            "jurisdiction": agency.get("jurisdiction"), "discovered": bool(agency.get("discovered")),
            "mentions": agency.get("mentions", 0)}
