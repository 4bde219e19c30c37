"""Extraction speed and memory, against plain ``jieba.lcut`` on the same text, same run.

    python bench/bench_extract.py [--copies 60] [--rounds 5]

Prints:
  * throughput of the extractor after start-up (read + extract + serialise JSONL), MB/s,
    on one process and on every core;
  * throughput of ``jieba.lcut`` over the same text, MB/s, and the ratio (bar: >= 3x on
    one process, pure Python);
    The machines this runs on are shared, so each figure is the best of a few rounds,
    and each round times jieba and the extractor back to back;
  * wall time of ``govgraph extract`` on the sample, start-up included (bar: < 1.5 s);
  * peak memory of ``govgraph extract --format jsonl`` on a small and a 10x larger corpus
    (bounded by the largest document, so the two should be close).
"""
from __future__ import annotations

import argparse
import io
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "luohu-gazette-2014-04.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "genre"
GOVGRAPH = Path(sys.executable).with_name("govgraph")


def corpus(folder: Path, copies: int) -> list[Path]:
    """``copies`` copies of the sample plus every genre fixture, as separate files."""
    texts = [SAMPLE.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    paths = []
    for i in range(copies):
        for j, text in enumerate(texts):
            path = folder / f"doc{i:03d}-{j:02d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths


def extractor_throughput(paths: list[Path], warm_up: list[Path], workers: int,
                         serialise: bool) -> tuple[float, int]:
    """MB/s of extraction after start-up (the gazetteer, lexicons and jieba are loaded
    by a first pass over ``warm_up``); with ``serialise``, JSON Lines output included."""
    from govgraph.extract import ExtractionRun
    from govgraph.records import encode, write_jsonl

    warm = ExtractionRun([str(p) for p in warm_up])
    write_jsonl(warm, warm.agencies, io.BytesIO())
    size = sum(p.stat().st_size for p in paths)
    run = ExtractionRun([str(p) for p in paths], workers=workers, encode=encode if serialise else None)
    run.extractor = warm.extractor                    # reuse what start-up loaded
    start = time.perf_counter()
    if serialise:
        write_jsonl(run, run.agencies, io.BytesIO())
    else:
        for _ in run:
            pass
    elapsed = time.perf_counter() - start
    return size / 1e6 / elapsed, run.task_count


def jieba_throughput(paths: list[Path]) -> float:
    """MB/s of plain ``jieba.lcut`` (default dictionary, HMM on) over the same files."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    size = sum(p.stat().st_size for p in paths)
    start = time.perf_counter()
    for path in paths:
        jieba.lcut(path.read_text(encoding="utf-8"))
    return size / 1e6 / (time.perf_counter() - start)


def cli_wall(runs: int = 5) -> float:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([str(GOVGRAPH), "extract", str(SAMPLE), "-o", f"{tmp}/out.json"],
                           check=True, capture_output=True)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_memory_mb(folder: Path) -> float:
    """Peak RSS of a ``govgraph extract`` child process, in MB."""
    code = ("import resource, subprocess, sys; "
            "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, str(GOVGRAPH), "extract", str(folder),
                          "--format", "jsonl", "-o", str(folder.parent / f"{folder.name}.jsonl")],
                         check=True, capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=60, help="copies of the corpus (default 60)")
    parser.add_argument("--rounds", type=int, default=5,
                        help="rounds, each timing jieba then every configuration; the best of "
                             "each is kept, as timeit does (default 5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        paths = corpus(folder, args.copies)
        first_copy = paths[: len(paths) // args.copies]
        size = sum(p.stat().st_size for p in paths) / 1e6
        cores = len(os.sched_getaffinity(0))
        configs = (("extraction, 1 process", 1, False),
                   ("extraction + JSONL, 1 process", 1, True),
                   (f"extraction + JSONL, {cores} processes", cores, True))
        theirs: list[float] = []
        ours: dict[str, list[float]] = {label: [] for label, _, _ in configs}
        tasks = 0
        for _ in range(args.rounds):
            theirs.append(jieba_throughput(paths))
            for label, workers, serialise in configs:
                speed, tasks = extractor_throughput(paths, first_copy, workers, serialise)
                ours[label].append(speed)
        print(f"corpus: {len(paths)} files, {size:.1f} MB, {tasks} tasks; best of {args.rounds} "
              f"rounds (the ratio of each round in brackets)")
        print(f"{'jieba.lcut baseline:':45s}{max(theirs):7.2f} MB/s")
        for label, speeds in ours.items():
            rounds = " ".join(f"{a / b:.1f}" for a, b in zip(speeds, theirs))
            print(f"{label + ':':45s}{max(speeds):7.2f} MB/s  = {max(speeds) / max(theirs):5.1f}x jieba "
                  f"({rounds}{'; bar >= 3x' if '1 process' in label else ''})")
        print(f"govgraph extract sample, wall incl. start-up (median of 5): {cli_wall():.2f} s   (bar < 1.5 s)")
        small = Path(tmp) / "small"
        small.mkdir()
        for p in paths[: max(1, len(paths) // 10)]:
            shutil.copy(p, small / p.name)
        low, high = peak_memory_mb(small), peak_memory_mb(folder)
        print(f"peak memory, {len(list(small.iterdir()))} files: {low:.0f} MB; {len(paths)} files: "
              f"{high:.0f} MB; ratio {high / low:.2f} for {len(paths) / len(list(small.iterdir())):.0f}x "
              f"the corpus")


if __name__ == "__main__":
    main()
