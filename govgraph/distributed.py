"""Extraction beyond one machine: shards that ``govgraph build`` loads as it loads its own.

Extraction is a pure function of a file, so any engine that maps a function over files
runs it unchanged.  ``extract_shard`` is that function for a group of files (a Dask
partition, a Spark ``mapPartitions`` call): it writes one JSON Lines shard, byte for byte
what ``govgraph extract FILES --format jsonl -o SHARD`` writes, with the agencies its files
name at the end, so ``govgraph build shard-*.jsonl`` merges them (aliases united, mentions
summed) into the graph a build of all the files makes.  ``dask_extract`` is the recipe on
Dask (``pip install 'govgraph[dask]'``)::

    from distributed import Client
    from govgraph.distributed import dask_extract
    shards = dask_extract(["corpus/"], "shards/", client=Client("scheduler:8786"))
    # then: govgraph build shards/*.jsonl --db g.db && govgraph export neo4j-csv import/ --db g.db

A document's id is its file's stem, as ``govgraph extract`` makes it; one run tells two
``plan.txt`` of different folders apart, separate shards cannot, so file names must be
unique across the corpus (``dask_extract`` refuses a corpus where they are not).
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from govgraph.errors import UsageError, require

SHARD_GLOB = "shard-*.jsonl"


@dataclass(frozen=True, slots=True)
class Shard:
    """What one shard holds, and the inputs it could not read (one message each)."""

    path: str
    documents: int
    tasks: int
    agencies: int
    failures: tuple[str, ...] = ()


def extract_shard(paths: Sequence[str | os.PathLike], out_path: str | os.PathLike,
                  gazetteer: Sequence[str | os.PathLike] = (), keywords: bool = True) -> Shard:
    """Extract ``paths`` (files or folders) into the JSON Lines shard ``out_path``, written
    atomically (a task retried after a crash leaves one whole shard) and never over an input.
    Depends only on its arguments (and, as ``govgraph extract`` does, on a ``GOVGRAPH_GAZETTEER``
    set on the worker), so a task of any engine may call it anywhere."""
    from govgraph.extract import ExtractionRun
    from govgraph.files import atomic_output, refuse_inputs
    from govgraph.gazetteer import load_gazetteer
    from govgraph.records import encode, write_jsonl

    inputs = [os.fspath(p) for p in paths]
    refuse_inputs(out_path, inputs)
    run = ExtractionRun(inputs, load_gazetteer([Path(g) for g in gazetteer]), keywords,
                        workers=1, encode=encode)
    with atomic_output(out_path, "wb") as out:
        write_jsonl(run, run.agencies, out)
    return Shard(os.fspath(out_path), run.document_count, run.task_count, len(run.agencies()),
                 tuple(f.message for f in run.failures))


def shard_name(paths: Iterable[str]) -> str:
    """A shard's file name from its files: the same group always gets the same name, so a
    retried task replaces its own shard and no other."""
    digest = hashlib.sha1("\0".join(paths).encode("utf-8", "surrogateescape")).hexdigest()
    return f"shard-{digest[:16]}.jsonl"


def dask_extract(paths: Sequence[str | os.PathLike], out_dir: str | os.PathLike, client=None,
                 partitions: int | None = None, gazetteer: Sequence[str | os.PathLike] = (),
                 keywords: bool = True) -> list[Shard]:
    """Extract ``paths`` (files or folders, listed here) on Dask: a ``dask.bag`` of the files
    in ``partitions`` parts (default: one per 50 files), each part one ``extract_shard``
    into ``out_dir``.  ``client``: a ``distributed.Client`` to run on (default: Dask's
    default scheduler).  Returns the shards in order; a file that cannot be read is a
    failure of its shard, never an exception (a shard whose files all fail is written empty,
    and a build skips it)."""
    bag = require("dask.bag", "dask", "dask_extract")
    files = _listed(paths)
    folder = Path(out_dir)
    if folder.is_dir() and any(folder.glob(SHARD_GLOB)):
        raise UsageError(f"{folder}: holds shards already; a build of them would mix two runs")
    folder.mkdir(parents=True, exist_ok=True)
    parts = partitions or max(1, -(-len(files) // 50))
    shards = bag.from_sequence(files, npartitions=min(parts, len(files))).map_partitions(
        _partition, os.fspath(folder), tuple(map(os.fspath, gazetteer)), keywords)
    return list(shards.compute(scheduler=client) if client is not None else shards.compute())


def _partition(files: Iterable[str], folder: str, gazetteer: tuple[str, ...], keywords: bool) -> list[Shard]:
    """One Dask partition: its files into one shard (a bag's partition is a list of results)."""
    files = list(files)
    if not files:
        return []
    return [extract_shard(files, os.path.join(folder, shard_name(files)), gazetteer, keywords)]


def _listed(paths: Sequence[str | os.PathLike]) -> list[str]:
    """The files of ``paths`` as ``govgraph extract`` would read them; their stems (the ids
    of their documents) must be unique, since no shard sees the others."""
    from govgraph.extract.reader import iter_input_paths

    files = list(iter_input_paths([os.fspath(p) for p in paths]))
    if "-" in files:
        raise UsageError("stdin cannot be extracted in shards: save it to a file")
    if not files:
        raise UsageError("no input files to extract")
    owners: dict[str, str] = {}
    for path in files:
        if (other := owners.setdefault(Path(path).stem, path)) != path:
            raise UsageError(f"{other} and {path} would give their documents one id "
                             f"('{Path(path).stem}'); rename one before extracting in shards")
    return files
