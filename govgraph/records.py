"""Extraction records as JSON: the output contract of ``govgraph extract``.

``{"documents": [...], "tasks": [...], "agencies": [...], "duties": [...]}`` in
UTF-8 without ``\\u`` escapes, or JSON Lines (``{"type": "task", ...}`` one per
line) for corpora too big to hold.  Both are written while extraction runs, so
memory stays bounded by the largest document.  ``load`` reads either back into the model
(``govgraph.model.Extraction``); ``record`` and ``decode`` derive both directions from the
model's fields, so a new field needs no code here.
"""
from __future__ import annotations

import dataclasses
import json
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

import orjson

from govgraph.errors import InputError
from govgraph.model import Agency, Document, DocumentResult, Duty, Extraction, Problem, Section, Span, Task

T = TypeVar("T")

FORMATS = ("json", "jsonl")


def record(item) -> dict:
    """A model record (``govgraph.model``) as JSON-ready data, field by field as the model
    declares them: spans as ``[start, end]``, tuples as lists, nested records as dicts."""
    return {name: encode_value(getattr(item, name)) for name, encode_value in _codec(type(item)).encoders}


def decode(cls: type[T], data: dict) -> T:
    """The model record ``cls`` from its JSON form; keys the model does not declare are
    ignored, and a field an older file lacks takes its default (``None`` if it has none)."""
    codec = _codec(cls)
    return cls(**{name: decode_value(data.get(name, default)) for name, decode_value, default in codec.decoders})


def document_record(result: DocumentResult) -> dict:
    """A document with its outline, and what a reader wants without joining: issuer, task count."""
    return {**record(result.document), "issuer": result.document.issuer, "task_count": len(result.tasks),
            "sections": [record(s) for s in result.sections]}


def task_record(task: Task, source: str) -> dict:
    return {**record(task), "source": source}


def duty_record(duty: Duty, source: str) -> dict:
    return {**record(duty), "source": source}


agency_record = record


@dataclass(frozen=True, slots=True)
class _Codec:
    encoders: tuple[tuple[str, Callable[[Any], Any]], ...]
    decoders: tuple[tuple[str, Callable[[Any], Any], Any], ...]


_CODECS: dict[type, _Codec] = {}


def _codec(cls: type) -> _Codec:
    """How each field of ``cls`` goes to JSON and back, read once from its type hints."""
    if (known := _CODECS.get(cls)) is not None:
        return known
    hints = typing.get_type_hints(cls)
    encoders, decoders = [], []
    for f in dataclasses.fields(cls):
        default = f.default if f.default is not dataclasses.MISSING else None
        encode_value, decode_value = _field_codec(hints[f.name])
        encoders.append((f.name, encode_value))
        decoders.append((f.name, decode_value, default))
    codec = _CODECS[cls] = _Codec(tuple(encoders), tuple(decoders))
    return codec


def _field_codec(hint) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """(encode, decode) of one field type: a span, a tuple of records or of values, a value."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if hint is Span or Span in args:
        return (lambda v: [v.start, v.end] if v is not None else None), (lambda v: Span(*v) if v else None)
    if typing.get_origin(hint) is tuple:
        item = args[0]
        if isinstance(item, type) and dataclasses.is_dataclass(item):
            return (lambda v: [record(x) for x in v]), (lambda v: tuple(decode(item, x) for x in v or ()))
        return list, (lambda v: tuple(v or ()))
    return _same, _same


def _same(value):
    return value


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


def load(path: str | Path) -> Extraction:
    """The extraction a file written by ``govgraph extract`` (JSON or JSON Lines) holds, as the
    typed model: the same ``Extraction`` a run in memory returns (without its problems)."""
    return extraction_of(load_records(path))


def stream(path: str | Path) -> tuple[list[Agency], Iterator[DocumentResult]]:
    """The agencies of an extraction file, and its documents one at a time: JSON Lines are read
    twice (agencies first, then a document with its tasks and duties at a time), so memory
    holds one document; a JSON object is read whole."""
    path = Path(path)
    if not _is_jsonl(path):
        extraction = load(path)
        return extraction.agencies, iter(extraction.results)
    agencies = [decode(Agency, r) for r in _records(path, b'{"type":"agency"')]
    return agencies, _documents(path)


def _is_jsonl(path: Path) -> bool:
    """Is it JSON Lines (``govgraph extract -f jsonl``), whatever its suffix?  Its first line
    is a whole record with a ``type``."""
    try:
        with open(path, "rb") as handle:
            first = handle.readline().removeprefix(b"\xef\xbb\xbf")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    try:
        return isinstance(record := orjson.loads(first), dict) and "type" in record
    except orjson.JSONDecodeError:
        return False


def _records(path: Path, prefix: bytes | None = None) -> Iterator[dict]:
    """The records of a JSON Lines file (those whose line starts with ``prefix``)."""
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, 1):
            line = line.removeprefix(b"\xef\xbb\xbf") if number == 1 else line
            if line.strip() and (prefix is None or line.startswith(prefix)):
                try:
                    yield orjson.loads(line)
                except orjson.JSONDecodeError as exc:
                    raise InputError(f"{path}:{number}: not a govgraph extraction record: {exc}") from None


_PLURAL = {"document": "documents", "task": "tasks", "agency": "agencies", "duty": "duties"}


def _documents(path: Path) -> Iterator[DocumentResult]:
    """Each document record of a JSON Lines file with the task and duty records after it."""
    group: dict[str, list[dict]] = {"documents": [], "tasks": [], "duties": []}
    for record in _records(path):
        kind = _PLURAL.get(record.pop("type", ""))
        if kind == "documents" and group["documents"]:
            yield from extraction_of(group).results
            group = {"documents": [], "tasks": [], "duties": []}
        if kind in group:
            group[kind].append(record)
    yield from extraction_of(group).results


def extraction_of(records: dict[str, list[dict]]) -> Extraction:
    """Records of the JSON contract (``documents``, ``tasks``, ``duties``, ``agencies``) decoded
    into the model; tasks and duties join their document by its id."""
    tasks: dict[str, list[Task]] = {}
    duties: dict[str, list[Duty]] = {}
    for task in records.get("tasks") or ():
        tasks.setdefault(task["document"], []).append(decode(Task, task))
    for duty in records.get("duties") or ():
        duties.setdefault(duty["document"], []).append(decode(Duty, duty))
    results = [DocumentResult(decode(Document, doc),
                              tuple(decode(Section, {"document": doc["id"], **s}) for s in doc.get("sections") or ()),
                              tuple(tasks.get(doc["id"], ())), tuple(duties.get(doc["id"], ())))
               for doc in records.get("documents") or ()]
    return Extraction(results, [decode(Agency, a) for a in records.get("agencies") or ()])


def load_records(path: str | Path) -> dict[str, list[dict]]:
    """Read an extraction written by ``write_json`` or ``write_jsonl``."""
    path = Path(path)
    if _is_jsonl(path):
        grouped: dict[str, list[dict]] = {kind: [] for kind in _PLURAL.values()}
        for record in _records(path):
            if kind := _PLURAL.get(record.pop("type", "")):
                grouped[kind].append(record)
        return grouped
    try:
        with open(path, encoding="utf-8-sig") as handle:
            data = json.load(handle)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a govgraph extraction (JSON/JSONL): {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("tasks"), list):
        raise InputError(f"{path}: not a govgraph extraction (no 'tasks' list)")
    return {k: data.get(k) or [] for k in _PLURAL.values()}
