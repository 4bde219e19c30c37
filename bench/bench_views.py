"""Wall time, CPU time and peak memory of every analysis command, next to the Cypher
aggregations it asks, timed alone in the same run.

    python bench/bench_views.py [--repeat 3] [--copies N]

Each command runs as a user runs it, through the installed ``govgraph``: from the sample
text (extracted in memory, or built into a new store for ``report``) and from a store built
once beforehand.  ``--copies N`` benches a corpus of N copies of the sample instead, each
with its own 文号 and titles (so none is a duplicate), built into the store once; the
commands that extract their input are skipped then.  Prints the median wall time, the
median CPU time (user + system: on a busy machine the wall time grows while the CPU time
stays put) and the peak memory of the runs, then the time the store takes to answer the
command's aggregation queries alone, so what the view adds on top of the engine shows.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "luohu-gazette-2014-04.txt"
GOVGRAPH = str(Path(sys.executable).with_name("govgraph"))
BAR = 3.0                   # seconds, on the sample
COPIES_BAR = 30.0           # seconds, on 300 distinct copies (govgraph issue 13)


def queries() -> dict[str, list[str]]:
    """The aggregation queries each view asks the store (its biggest, ungrouped form)."""
    from govgraph.queries.matrix import CELLS
    from govgraph.queries.network import LED, SHARED
    from govgraph.queries.workload import GROUP_KEYS, WORKLOAD

    workload = WORKLOAD.format(unwind="", key=GROUP_KEYS["document"])
    network = [SHARED.format(keep=""), LED.format(keep="")]
    return {"workload": [workload], "network": [workload, *network], "viz": [workload, *network],
            "matrix": [workload, CELLS.format(where="")], "report": [workload, *network, CELLS.format(where="")]}


COMMANDS = [
    ("report SAMPLE (README; builds a new store)", ["report", "SAMPLE", "--db", "{new}.db", "-o", "r.html"]),
    ("report --db", ["report", "--db", "g.db", "-o", "r.html"]),
    ("workload SAMPLE (table)", ["workload", "SAMPLE"]),
    ("workload --db -o .xlsx", ["workload", "--db", "g.db", "--by", "document", "--rollup", "-o", "w.xlsx"]),
    ("workload --db -o .png (chart)", ["workload", "--db", "g.db", "-o", "w.png"]),
    ("network SAMPLE (tables)", ["network", "SAMPLE"]),
    ("network --db -o .gexf", ["network", "--db", "g.db", "-o", "n.gexf"]),
    ("matrix SAMPLE -o .xlsx", ["matrix", "SAMPLE", "-o", "m.xlsx"]),
    ("matrix --db -o .xlsx", ["matrix", "--db", "g.db", "-o", "m.xlsx"]),
    ("matrix --db -o .html", ["matrix", "--db", "g.db", "-o", "m.html"]),
    ("viz SAMPLE -o .html", ["viz", "SAMPLE", "-o", "n.html"]),
    ("viz --db -o .html", ["viz", "--db", "g.db", "-o", "n.html"]),
    ("viz --db -o .png", ["viz", "--db", "g.db", "-o", "n.png"]),
]


def timed(args: list[str], cwd: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak memory (MB) of one run of ``govgraph args``."""
    start = time.perf_counter()
    with open(os.path.join(cwd, "stderr.txt"), "wb") as err:
        proc = subprocess.Popen([GOVGRAPH, *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        sys.exit(f"govgraph {' '.join(args)} failed: {Path(cwd, 'stderr.txt').read_text(errors='replace')}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def query_seconds(db: Path, texts: list[str], repeat: int) -> float:
    """The median time the store takes to answer ``texts``, one after the other."""
    from govgraph.graph.embedded import EmbeddedStore

    runs = []
    with EmbeddedStore(db) as store:
        for _ in range(repeat):
            start = time.perf_counter()
            for text in texts:
                store.run(text)
            runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def write_copies(folder: Path, copies: int) -> None:
    """``copies`` copies of the sample, each with its own 文号 (罗府〔2014〕1010号 …) and titles."""
    text = SAMPLE.read_text(encoding="utf-8")
    for i in range(1, copies + 1):
        copy = re.sub(r"(〔2014〕\s*)(\d+)(\s*号)", lambda m: f"{m[1]}{int(m[2]) + 1000 * i}{m[3]}", text)
        (folder / f"copy-{i:04d}.txt").write_text(copy.replace("关于", f"关于第{i}批"), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=0, help="bench N distinct copies of the sample")
    options = parser.parse_args()
    asked = queries()
    with tempfile.TemporaryDirectory(prefix="govgraph-bench-") as folder:
        corpus = str(SAMPLE)
        if options.copies:
            corpus = str(Path(folder) / "corpus")
            Path(corpus).mkdir()
            write_copies(Path(corpus), options.copies)
        timed(["build", corpus, "--db", "g.db"], folder)
        bar = COPIES_BAR if options.copies else BAR
        print(f"{'command':46s} {'wall s':>7s} {'cpu s':>7s} {'peak MB':>8s} {'cypher s':>9s}  bar < {bar:.0f} s")
        for label, args in COMMANDS:
            if options.copies and "SAMPLE" in args:
                continue
            runs = [timed([corpus if a == "SAMPLE" else a.format(new=f"new{i}") for a in args], folder)
                    for i in range(options.repeat)]
            wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
            peak = max(r[2] for r in runs)
            cypher = query_seconds(Path(folder) / "g.db", asked[args[0]], options.repeat)
            print(f"{label:46s} {wall:7.2f} {cpu:7.2f} {peak:8.0f} {cypher:9.2f}  {'ok' if wall < bar else 'SLOW'}")


if __name__ == "__main__":
    main()
