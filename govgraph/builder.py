"""Files into the embedded store, streamed in batches: what ``govgraph build`` does.

Memory is bounded by a batch, not by the corpus: documents go to the store as they are
extracted, some ``BATCH_DOCUMENTS`` (or ``BATCH_TASKS``) at a time (a file's documents always together), each
batch one transaction.  The store remembers every file it loaded by its content hash, so

* a file loaded before and unchanged is skipped without being read again: a rebuild of the
  same input is a no-op, and the store does not grow;
* a changed file replaces its documents (those it no longer holds go too);
* a file whose content the store already holds under another name (a copy) is skipped with
  a warning naming both files;
* a document whose 文号 and text the store already holds (the same notice in a gazette and
  in a file of its own) is loaded once, with a warning naming both files; a revised text with
  the same 文号 is a new version: it is loaded, and the warning says so.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from govgraph.errors import InputError
from govgraph.gazetteer import Gazetteer
from govgraph.model import Agency, DocumentResult, Problem

BATCH_DOCUMENTS = 200
BATCH_TASKS = 4000          # a batch of big plans is cut sooner: the engine's page cache holds one
_EXTRACTIONS = (".json", ".jsonl")


@dataclass(slots=True)
class BuildReport:
    """What a build did; ``notices`` are the warnings to show (copies, duplicates, versions)."""

    loaded: int = 0                                       # documents loaded
    unchanged: int = 0                                    # files skipped: loaded before, same content
    skipped: int = 0                                      # documents skipped as duplicates
    notices: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)     # inputs that could not be read
    counts: dict[str, int] = field(default_factory=dict)  # the store's nodes and relations after


def build(inputs: str | os.PathLike | Iterable[str | os.PathLike], db: str | os.PathLike, gazetteer: Gazetteer | None = None,
          stdin: bytes | None = None, on_source: Callable[[str], None] | None = None,
          batch_documents: int = BATCH_DOCUMENTS) -> BuildReport:
    """Load files, folders and extraction files (``.json``/``.jsonl``) into the store at ``db``
    (made when missing); an input that cannot be read is a failure of the report, and the
    others are loaded."""
    from govgraph.graph.embedded import EmbeddedStore

    report = BuildReport()
    inputs = [inputs] if isinstance(inputs, (str, os.PathLike)) else inputs
    with EmbeddedStore(db, writable=True) as store:      # a wrong db is refused before any work
        files = _files([str(i) for i in inputs], report)
        todo = _changed(files, store.files(), report, on_source)
        loader = _Loader(store, report, batch_documents)
        for path, sha in todo:
            if path.endswith(_EXTRACTIONS):
                loader.add_extraction(path, sha, on_source)
        sources = [(p, sha) for p, sha in todo if not p.endswith(_EXTRACTIONS)]
        if sources:
            loader.add_run(sources, gazetteer, stdin, on_source)
        loader.flush()
        report.counts = store.counts()
    return report


def _files(inputs: list[str], report: BuildReport) -> list[str]:
    from govgraph.extract.reader import iter_input_paths

    files: list[str] = []
    for item in inputs:
        try:
            files.extend(iter_input_paths([item], on_error=lambda exc: report.failures.append(str(exc))))
        except InputError as exc:
            report.failures.append(str(exc))
    return files


def _changed(files: list[str], known: dict[str, str], report: BuildReport,
             on_source: Callable[[str], None] | None) -> list[tuple[str, str | None]]:
    """The files to load, with their content hash (``None`` for stdin or an unreadable file,
    whose reading then reports it); the others are counted or noted here."""
    from govgraph.extract.reader import shown

    by_hash = {sha: path for path, sha in known.items()}
    todo: list[tuple[str, str | None]] = []
    for path in files:
        sha = _content_hash(path)
        name = shown(path)
        if sha is not None and known.get(name) == sha:
            report.unchanged += 1
            if on_source:
                on_source(name)
        elif sha is not None and sha in by_hash and by_hash[sha] != name:
            report.notices.append(f"{name} is a copy of {by_hash[sha]}; loaded once")
            if on_source:
                on_source(name)
        else:
            todo.append((path, sha))
            if sha is not None:
                by_hash.setdefault(sha, name)
    return todo


def _content_hash(path: str) -> str | None:
    if path == "-":
        return None
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def signature(result: DocumentResult) -> str:
    """What makes two documents the same: their 文号, title and text as extracted (outline,
    tasks with their agencies and roles, duties) — not their file or ids."""
    doc = result.document
    digest = hashlib.sha256()
    for part in (doc.doc_number or "", doc.title, *(s.text for s in result.sections),
                 *(f"{t.text}\x1f{[(a.agency, a.role) for a in t.assignments]}" for t in result.tasks),
                 *(d.text for d in result.duties)):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x1e")
    return digest.hexdigest()


class _Loader:
    """Collects documents and sends them to the store a batch at a time, with the files they
    came from and the agency records their batch added (so mentions are summed once)."""

    def __init__(self, store, report: BuildReport, batch_documents: int):
        self.store, self.report, self.size = store, report, batch_documents
        self.results: list[DocumentResult] = []
        self.tasks = 0
        self.files: list[tuple[str, str, list[str]]] = []
        self.agencies: list[Agency] = []
        self.seen: dict[str, tuple[str, str]] = {}        # this batch's signatures: document, file

    def add_run(self, sources: list[tuple[str, str | None]], gazetteer: Gazetteer | None, stdin: bytes | None,
                on_source: Callable[[str], None] | None) -> None:
        from govgraph.extract import ExtractionRun
        from govgraph.extract.reader import shown

        run = ExtractionRun([p for p, _ in sources], gazetteer, stdin=stdin, on_source=on_source)
        self._take(run, run.agencies, {shown(path): sha for path, sha in sources})
        self.report.problems.extend(run.problems)
        self.report.failures.extend(f.message for f in run.failures)

    def add_extraction(self, path: str, sha: str | None, on_source: Callable[[str], None] | None) -> None:
        """An extraction file, a batch of its documents at a time (one at a time from JSON
        Lines), each batch with the agency records its rows name; the file is remembered with
        its last batch."""
        from govgraph.extract.reader import shown
        from govgraph.model import merge_agencies
        from govgraph.records import stream

        self.flush()
        try:
            agencies, results = stream(path)
            records = list(merge_agencies(agencies).values())
            taken = self._take(results, lambda: records, {})
        except InputError as exc:
            self.report.failures.append(str(exc))
            self.results, self.seen, self.files = [], {}, []
            return
        if on_source:
            on_source(shown(path))
        if sha is not None:
            self.files.append((shown(path), sha, taken))
        self.flush()

    def _take(self, results: Iterable[DocumentResult], agencies: Callable[[], list[Agency]],
              hashes: dict[str, str | None]) -> list[str]:
        """Take documents a file at a time, each file remembered by its hash (``hashes``), and
        send a batch whenever one is full with the agency records it adds; the ids taken."""
        given: dict[str, Agency] = {}
        taken: list[str] = []
        for name, documents in _by_file(results):
            ids = [r.document.id for r in self._add_file(name, documents)]
            taken += ids
            if (sha := hashes.get(name)) is not None:
                self.files.append((name, sha, ids))
            if self._full():
                self.agencies = _added(agencies(), given, _named(self.results))
                self.flush()
        self.agencies = _added(agencies(), given, _named(self.results))
        return taken

    def _add_file(self, name: str, results: list[DocumentResult]) -> list[DocumentResult]:
        """Take a file's documents into the batch but those whose text the store or the batch
        holds from another file; say so, and say when one is a new version of a 文号.  The
        store is asked once per file."""
        signatures = [signature(r) for r in results]
        stored = self.store.texts(signatures)
        numbered = self.store.numbered([r.document.doc_number for r in results if r.document.doc_number])
        kept = []
        for sig, result in zip(signatures, results):
            doc = result.document
            earlier = self.seen.get(sig) or stored.get(sig)
            if earlier and earlier[1] != name:
                self.report.skipped += 1
                self.report.notices.append(f"{doc.id} ({name}) repeats {earlier[0]} ({earlier[1]}); loaded once")
                continue
            other = numbered.get(doc.doc_number) if doc.doc_number else None
            if other and other[1] != name:
                self.report.notices.append(f"{doc.id} ({name}) is a new version of {doc.doc_number}, "
                                           f"{other[0]} ({other[1]}); both are kept")
            self.seen[sig] = (doc.id, name)
            self.results.append(result)
            self.tasks += len(result.tasks)
            kept.append(result)
        return kept

    def _full(self) -> bool:
        return len(self.results) >= self.size or self.tasks >= BATCH_TASKS

    def flush(self) -> None:
        from govgraph.graph.rows import results_rows

        if self.results or self.files:
            texts = [(sig, doc, source) for sig, (doc, source) in self.seen.items()]
            self.store.load(results_rows(self.results, self.agencies), files=self.files, texts=texts)
            self.report.loaded += len(self.results)
        self.results, self.files, self.agencies, self.seen, self.tasks = [], [], [], {}, 0


def _by_file(run: Iterable[DocumentResult]) -> Iterator[tuple[str, list[DocumentResult]]]:
    """A run's documents grouped by the file they came from (a file's come together)."""
    path, results = "", list[DocumentResult]()
    for result in run:
        if result.document.source != path and results:
            yield path, results
            results = []
        path = result.document.source
        results.append(result)
    if results:
        yield path, results


def _named(results: list[DocumentResult]) -> set[str]:
    """The bodies a batch's rows refer to: issuers, assigned bodies, bodies with duties."""
    names = {name for r in results for name in r.document.issued_by}
    names.update(a.agency for r in results for t in r.tasks for a in t.assignments)
    names.update(d.agency for r in results for d in r.duties)
    return names


def _added(agencies: list[Agency], before: dict[str, Agency], named: set[str]) -> list[Agency]:
    """The agency records of a batch: bodies its rows name and bodies new or mentioned again
    since ``before`` (which is brought up to date), each with only the mentions made since,
    so the store's sums are right and every relation of the batch finds its body."""
    from dataclasses import replace

    added = []
    for agency in agencies:
        old = before.get(agency.name)
        if old is None or old.mentions != agency.mentions or old.aliases != agency.aliases or agency.name in named:
            added.append(replace(agency, mentions=agency.mentions - (old.mentions if old else 0)))
            before[agency.name] = agency
    return added
