"""Extraction: files in, documents / tasks / duties / agencies out.

    from govgraph.extract import extract
    result = extract(["plan.txt"])          # an Extraction, fully in memory
    for task in result.tasks: ...

For big corpora iterate an ``ExtractionRun``: it yields one ``DocumentResult`` at a
time, keeps going past unreadable inputs and reports them in ``failures``.
"""
from __future__ import annotations

import os
import sys
import types
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from govgraph.errors import InputError
from govgraph.gazetteer import Gazetteer
from govgraph.model import Agency, DocumentResult, Extraction, Problem

if TYPE_CHECKING:
    from govgraph.extract.coverage import CoverageReport

__all__ = ["ExtractionRun", "Failure", "extract", "measure_coverage"]


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be read at all."""

    path: str
    message: str


class ExtractionRun:
    """Iterate to extract; afterwards ``agencies()``, ``failures`` and ``problems`` hold the rest."""

    def __init__(self, inputs: Sequence[str], gazetteer: Gazetteer | None = None,
                 keywords: bool = True, stdin: bytes | None = None,
                 on_source: Callable[[str], None] | None = None, workers: int = 1,
                 encode: Callable[[DocumentResult], Any] | None = None):
        """``workers``: processes to use (0 = decide by corpus size and cores).
        ``encode``: applied to every result where it is made (in the worker), and what it
        returns is yielded instead; it must keep the result's ``tasks`` (their number) and
        ``problems`` (``govgraph.records.encode`` does)."""
        from govgraph.extract.pipeline import Extractor

        self.inputs = list(inputs)
        self.workers = workers
        self.encode = encode
        self.extractor = Extractor(gazetteer, keywords=keywords)
        self.stdin = stdin
        self.on_source = on_source
        self.failures: list[Failure] = []
        self.problems: list[Problem] = []
        self.task_count = 0
        self.document_count = 0
        self.sources_read = 0

    def __iter__(self) -> Iterator[Any]:
        from govgraph.extract.reader import iter_input_paths, shown

        paths: list[str] = []
        for item in self.inputs:
            def failed(exc: InputError, item: str = shown(item)) -> None:
                self.failures.append(Failure(item, str(exc)))
            try:
                paths.extend(iter_input_paths([item], on_error=failed))
            except InputError as exc:
                failed(exc)
        for path, results, failure in self._extracted(paths):
            path = shown(path)
            if self.on_source:
                self.on_source(path)
            if failure:
                self.failures.append(Failure(path, failure))
                continue
            self.sources_read += 1
            for result in results:
                self.document_count += 1
                self.task_count += len(result.tasks)
                self.problems.extend(result.problems)
                yield result

    def _extracted(self, paths: list[str]) -> Iterator[tuple[str, Iterable[DocumentResult], str | None]]:
        """(path, its documents, failure message) per path, in order, on one or more cores."""
        from govgraph.extract.batches import Job, auto_workers, batches, extract_files, extract_parallel
        from govgraph.extract.reader import shown

        workers = self.workers or auto_workers(paths)
        jobs: list[Job] = [(p, self.extractor.stem(shown(p))) for p in paths]
        if workers > 1 and "-" not in paths and len(paths) > 1:
            for outcomes, registry in extract_parallel(self.extractor, jobs, workers, self.encode):
                self.extractor.registry.merge(registry)
                yield from outcomes
            return
        for batch in batches(jobs):
            yield from extract_files(self.extractor, batch, self.encode, self.stdin)

    def agencies(self) -> list[Agency]:
        return self.extractor.agencies()


def extract(paths: str | os.PathLike | Sequence[str | os.PathLike], gazetteer: Gazetteer | None = None,
            keywords: bool = True) -> Extraction:
    """Documents, tasks, agencies, duties and problems of ``paths`` (files or folders; .txt,
    .docx, .pdf, .html), in memory.  A file that cannot be read is a problem of the result,
    never an exception."""
    inputs = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    run = ExtractionRun([os.fspath(p) for p in inputs], gazetteer, keywords)
    results = list(run)
    problems = run.problems + [Problem(f.path, f.message) for f in run.failures]
    return Extraction(results=results, agencies=run.agencies(), problems=problems)


def measure_coverage(inputs: Sequence[str], gazetteer: Gazetteer | None = None,
                     stdin: bytes | None = None) -> tuple[CoverageReport, ExtractionRun]:
    """Extract ``inputs`` and measure each document's coverage (``extract/coverage.py``); the
    run tells what could not be read.  Memory holds one source text at a time and the cues found."""
    from govgraph.extract.agencies import AgencyResolver
    from govgraph.extract.coverage import CoverageReport, measure
    from govgraph.gazetteer import load_gazetteer

    gazetteer = gazetteer or load_gazetteer()
    run = ExtractionRun(inputs, gazetteer, keywords=False, stdin=stdin)
    documents = list(measure(run, AgencyResolver(gazetteer), stdin))
    return CoverageReport(documents), run


class _Door(types.ModuleType):
    """``govgraph.extract`` is this package and the API's first call at once: once the
    package is imported, the name on ``govgraph`` is the package, so the package answers
    ``gg.extract(paths)`` with its ``extract``."""

    def __call__(self, paths: Any, gazetteer: Gazetteer | None = None, keywords: bool = True) -> Extraction:
        return extract(paths, gazetteer, keywords)


sys.modules[__name__].__class__ = _Door
