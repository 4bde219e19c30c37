"""Extraction in batches of files, on one core or several.

Files are grouped into batches of about ``BATCH_BYTES``.  A batch is read and extracted,
then the keywords of all its tasks are taken at once (``Extractor.extract_batch``), and
it is serialised where it was made, so memory stays bounded by a batch, not the corpus.

On several cores, worker processes are forked from the parent after it has loaded the
gazetteer and lexicons, so they start warm.  Each batch is extracted with a fresh agency
registry whose records travel back with the results and are merged in the parent, in
input order.  At most ``2 × workers`` batches are in flight.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from concurrent.futures import Future, ProcessPoolExecutor

from govgraph.errors import InputError
from govgraph.model import DocumentResult
from govgraph.extract.agencies import AgencyRegistry
from govgraph.extract.pipeline import Extractor
from govgraph.extract.reader import SourceText, exc_text, read_source

AUTO_MIN_FILES = 8
AUTO_MIN_BYTES = 2_000_000
BATCH_BYTES = 100_000
BATCH_FILES = 64
_PR_SET_PDEATHSIG = 1                 # linux/prctl.h

_WORKER: Extractor | None = None        # set in the parent just before forking
_ENCODE: Callable[[DocumentResult], Any] | None = None


def auto_workers(paths: list[str]) -> int:
    """Several processes pay off only for a corpus of some size, on a machine with cores."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if cores < 2 or len(paths) < AUTO_MIN_FILES or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    size = sum(map(_size, paths))
    return min(cores, 4) if size >= AUTO_MIN_BYTES else 1


def _size(path: str) -> int:
    """A file's size in bytes; 0 for stdin, or for a path that cannot be read (its
    failure is reported when it is read)."""
    try:
        return os.path.getsize(path) if path != "-" else 0
    except OSError:
        return 0


Job = tuple[str, str | None]                                # path, id stem
Outcome = tuple[str, list[DocumentResult], str | None]       # path, documents, failure


def extract_files(extractor: Extractor, batch: list[Job],
                  encode: Callable[[DocumentResult], Any] | None = None,
                  stdin: bytes | None = None) -> list[Outcome]:
    """(path, documents, failure) for each (path, id stem) of a batch, in order; the
    batch is extracted together (``Extractor.extract_batch``)."""
    with _without_cycle_collection():
        return _extract_files(extractor, batch, encode, stdin)


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """A batch allocates some 10^5 short-lived objects (matches, spans, records) and
    frees them by reference counting; the cycle collector, run every 700 allocations,
    finds nothing among them and costs a few percent.  It runs again after the batch."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _extract_files(extractor: Extractor, batch: list[Job], encode: Callable[[DocumentResult], Any] | None,
                   stdin: bytes | None) -> list[Outcome]:
    failures: dict[str, str] = {}
    sources: list[tuple[str, SourceText, str | None]] = []
    for path, stem in batch:
        try:
            sources.append((path, read_source(path, stdin if path == "-" else None), stem))
        except InputError as exc:
            failures[path] = str(exc)
    try:
        extracted = _extracted(extractor, sources, encode)
    except Exception:       # noqa: BLE001 - one bad file: take the batch one file at a time
        extracted = {}
        for one in sources:
            try:
                extracted.update(_extracted(extractor, [one], encode))
            except Exception as exc:  # noqa: BLE001 - a defect, but it costs only this file
                failures[one[0]] = f"{one[1].path}: cannot be extracted ({exc_text(exc)}); " \
                                   "the other files were; please report this one"
    return [(path, [], failures[path]) if path in failures else (path, extracted[path], None)
            for path, _ in batch]


def _extracted(extractor: Extractor, sources: list[tuple[str, SourceText, str | None]],
               encode: Callable[[DocumentResult], Any] | None) -> dict[str, list]:
    """The (encoded) documents of each path.  The agencies they name are collected apart
    and kept only when all went well, so a failed attempt leaves no mention behind."""
    registry, extractor.registry = extractor.registry, AgencyRegistry()
    try:
        results = extractor.extract_batch([(source, stem) for _, source, stem in sources])
        done = {path: list(map(encode, documents)) if encode else documents
                for (path, _, _), documents in zip(sources, results)}
        registry.merge(extractor.registry)
    finally:
        extractor.registry = registry
    return done


def _in_worker(batch: list[Job]) -> tuple[list[Outcome], AgencyRegistry]:
    """In a worker: a batch with a fresh registry, which travels back with the results."""
    assert _WORKER is not None, "set before forking"
    _WORKER.registry = AgencyRegistry()
    return extract_files(_WORKER, batch, _ENCODE), _WORKER.registry


def batches(jobs: list[Job]) -> Iterator[list[Job]]:
    """Jobs in groups of about BATCH_BYTES: few hand-overs between processes, and
    keywords taken for many tasks at once, yet memory bounded."""
    batch: list[Job] = []
    size = 0
    for job in jobs:
        batch.append(job)
        size += _size(job[0])
        if size >= BATCH_BYTES or len(batch) >= BATCH_FILES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def extract_parallel(extractor: Extractor, jobs: list[Job], workers: int,
                     encode: Callable[[DocumentResult], Any] | None = None
                     ) -> Iterator[tuple[list[Outcome], AgencyRegistry]]:
    """Batches of (path, documents, failure), each with its agency registry, in job order;
    ``encode`` is applied to each document in the worker.  Stopped early (an error, Ctrl-C,
    SIGTERM, or the reader gone), the workers are stopped at once, their work dropped."""
    global _WORKER, _ENCODE
    _WORKER, _ENCODE = extractor, encode
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_worker_start, initargs=(os.getpid(),))
    try:
        pending: deque[Future] = deque()
        for batch in batches(jobs):
            with _signals_held():
                pending.append(pool.submit(_in_worker, batch))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BaseException:
        _stop(pool)
        raise
    else:
        pool.shutdown()
    finally:
        _WORKER = _ENCODE = None


_STOPPING = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait while a batch is handed over (and the workers forked):
    raised inside the pool's machinery they would leave it half-made, lost or locked."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)     # a signal that came is raised now


def _worker_start(parent: int) -> None:
    """A worker leaves signals to its parent, and dies with it: Ctrl-C reaches the whole
    process group, and a parent killed outright (SIGKILL) cannot stop its workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPPING)       # held while it was forked
    if sys.platform == "linux":
        import ctypes

        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:          # the parent died before the line above
        os._exit(1)


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the workers now, rather than after their batches, and drop the queued ones.  The
    pool's own thread notices and ends, and is waited for here, not in an exit hook."""
    for worker in list(pool._processes.values()):   # no public way to them before Python 3.14
        worker.terminate()
    pool.shutdown(wait=True, cancel_futures=True)
