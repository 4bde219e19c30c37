"""Extraction records as JSON: the output contract of ``govgraph extract``.

``{"documents": [...], "tasks": [...], "agencies": [...], "duties": [...]}`` in
UTF-8 without ``\\u`` escapes, or JSON Lines (``{"type": "task", ...}`` one per
line) for corpora too big to hold.  Both are written while extraction runs, so
memory stays bounded by the largest document.  ``load_records`` reads either back.
"""
from __future__ import annotations

import json

import orjson
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from govgraph.errors import InputError
from govgraph.model import Agency, Document, DocumentResult, Duty, Problem, Task

FORMATS = ("json", "jsonl")


def _span(span) -> list[int] | None:
    return [span.start, span.end] if span is not None else None


def document_record(result: DocumentResult) -> dict:
    doc: Document = result.document
    return {"id": doc.id, "doc_number": doc.doc_number, "title": doc.title,
            "notice_title": doc.notice_title, "issuer": doc.issuer, "date": doc.date,
            "kind": doc.kind, "source": doc.source, "jurisdiction": doc.jurisdiction,
            "task_count": len(result.tasks), "span": _span(doc.span), "issuers": list(doc.issuers),
            "issued_by": list(doc.issued_by),
            "references": [{"relation": r.relation, "title": r.title, "doc_number": r.doc_number,
                            "span": _span(r.span)} for r in doc.references],
            "sections": [{"path": s.path, "text": s.text, "span": _span(s.span)}
                         for s in result.sections]}


def task_record(task: Task, source: str) -> dict:
    return {"id": task.id, "document": task.document, "source": source, "path": task.path,
            "heading": task.heading, "text": task.text, "deadline": task.deadline,
            "deadline_text": task.deadline_text, "keywords": list(task.keywords),
            "span": _span(task.span), "annotation": task.annotation,
            "annotation_span": _span(task.annotation_span),
            "assignments": [{"agency": a.agency, "role": a.role, "role_word": a.role_word,
                             "surface": a.surface, "span": _span(a.span), "rule": a.rule}
                            for a in task.assignments],
            "leaders": list(task.leaders), "rule": task.rule}


def duty_record(duty: Duty, source: str) -> dict:
    return {"id": duty.id, "document": duty.document, "source": source, "agency": duty.agency,
            "surface": duty.surface, "cue": duty.cue, "text": duty.text, "span": _span(duty.span)}


def agency_record(agency: Agency) -> dict:
    return {"name": agency.name, "aliases": list(agency.aliases), "kind": agency.kind,
            "level": agency.level, "parent": agency.parent, "jurisdiction": agency.jurisdiction,
            "discovered": agency.discovered,
            "corrections": [{"surface": c.surface, "corrected": c.corrected, "rule": c.rule}
                            for c in agency.corrections],
            "mentions": agency.mentions, "example": agency.example}


def _dumps(record: dict) -> bytes:
    """Compact UTF-8 JSON; orjson never escapes Chinese and is ~10x faster than json."""
    return orjson.dumps(record)


@dataclass(frozen=True, slots=True)
class Encoded:
    """One document ready to be written: the work of serialising it can then be done
    where it was extracted (a worker process), and the writer only copies bytes (UTF-8
    throughout: never decoded to be sent between processes, nor encoded again to be written)."""

    document: bytes            # each record one JSON object
    tasks: list[bytes]
    duties: list[bytes]
    problems: tuple[Problem, ...]


def encode(result: DocumentResult) -> Encoded:
    source = result.document.source
    return Encoded(_dumps(document_record(result)), [_dumps(task_record(t, source)) for t in result.tasks],
                   [_dumps(duty_record(d, source)) for d in result.duties], result.problems)


def write_json(results: Iterable[DocumentResult | Encoded], agencies, out: IO[bytes]) -> None:
    """One JSON object in UTF-8, written as results arrive; ``agencies`` is called at the end."""
    documents, duties = [], []
    out.write(b'{\n"tasks": [')
    separator = b"\n"
    for result in map(_encoded, results):
        documents.append(result.document)
        duties.extend(result.duties)
        for task in result.tasks:
            out.write(separator + task)
            separator = b",\n"
    out.write(b"\n],\n")
    for key, items in ((b"documents", documents), (b"duties", duties),
                       (b"agencies", [_dumps(agency_record(a)) for a in agencies()])):
        out.write(b'"%s": [' % key)
        out.write(b",\n".join(items))
        out.write(b"]\n" if key == b"agencies" else b"],\n")
    out.write(b"}\n")


def write_jsonl(results: Iterable[DocumentResult | Encoded], agencies, out: IO[bytes]) -> None:
    """JSON Lines in UTF-8: each document, then its tasks and duties; agencies at the end.
    Each record's object gets ``"type"`` as its first key."""
    for result in map(_encoded, results):
        lines = [b'{"type":"document",' + result.document[1:]]
        lines += [b'{"type":"task",' + task[1:] for task in result.tasks]
        lines += [b'{"type":"duty",' + duty[1:] for duty in result.duties]
        lines.append(b"")
        out.write(b"\n".join(lines))
    for agency in agencies():
        out.write(b'{"type":"agency",' + _dumps(agency_record(agency))[1:] + b"\n")


def _encoded(result: DocumentResult | Encoded) -> Encoded:
    return result if isinstance(result, Encoded) else encode(result)


def load_records(path: str | Path) -> dict[str, list[dict]]:
    """Read an extraction written by ``write_json`` or ``write_jsonl``."""
    path = Path(path)
    try:
        with open(path, encoding="utf-8-sig") as handle:
            head = handle.read(1)
            handle.seek(0)
            if path.suffix == ".jsonl" or head != "{" or _is_jsonl(handle):
                return _group(json.loads(line) for line in handle if line.strip())
            data = json.load(handle)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a govgraph extraction (JSON/JSONL): {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("tasks"), list):
        raise InputError(f"{path}: not a govgraph extraction (no 'tasks' list)")
    return {k: data.get(k) or [] for k in ("documents", "tasks", "agencies", "duties")}


def _is_jsonl(handle) -> bool:
    first = handle.readline()
    handle.seek(0)
    try:
        return isinstance(json.loads(first), dict) and "type" in json.loads(first)
    except json.JSONDecodeError:
        return False


def _group(lines: Iterator[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {"documents": [], "tasks": [], "agencies": [], "duties": []}
    plural = {"document": "documents", "task": "tasks", "agency": "agencies", "duty": "duties"}
    for record in lines:
        kind = plural.get(record.pop("type", ""))
        if kind:
            grouped[kind].append(record)
    return grouped
