"""Wall time of every analysis command on the sample, start-up included (bar: < 3 s each).

    python bench/bench_views.py [--repeat 3]

Each command runs as a user runs it, through the installed ``govgraph``: from the sample
text (extracted in memory, or built into a new store for ``report``) and from a store built
once beforehand.  Prints the median wall time and the median CPU time (user + system) of
the runs: on a busy machine the wall time grows while the CPU time stays put.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = str(ROOT / "data" / "samples" / "luohu-gazette-2014-04.txt")
GOVGRAPH = str(Path(sys.executable).with_name("govgraph"))
BAR = 3.0

COMMANDS = [
    ("report SAMPLE (README; builds a new store)", ["report", SAMPLE, "--db", "{new}.db", "-o", "r.html"]),
    ("report --db", ["report", "--db", "g.db", "-o", "r.html"]),
    ("workload SAMPLE (table)", ["workload", SAMPLE]),
    ("workload --db -o .xlsx", ["workload", "--db", "g.db", "--rollup", "-o", "w.xlsx"]),
    ("workload --db -o .png (chart)", ["workload", "--db", "g.db", "-o", "w.png"]),
    ("network SAMPLE (tables)", ["network", SAMPLE]),
    ("network --db -o .gexf", ["network", "--db", "g.db", "-o", "n.gexf"]),
    ("matrix SAMPLE -o .xlsx", ["matrix", SAMPLE, "-o", "m.xlsx"]),
    ("matrix --db -o .html", ["matrix", "--db", "g.db", "-o", "m.html"]),
    ("viz SAMPLE -o .html", ["viz", SAMPLE, "-o", "n.html"]),
    ("viz --db -o .png", ["viz", "--db", "g.db", "-o", "n.png"]),
    ("viz --db -o .svg", ["viz", "--db", "g.db", "-o", "n.svg"]),
]


def timed(args: list[str], cwd: str) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``govgraph args``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([GOVGRAPH, *args], cwd=cwd, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        sys.exit(f"govgraph {' '.join(args)} failed: {proc.stderr.decode(errors='replace')}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory(prefix="govgraph-bench-") as folder:
        timed(["build", SAMPLE, "--db", "g.db"], folder)
        print(f"{'command':46s} {'wall s':>7s} {'cpu s':>7s}  bar < {BAR:.0f} s")
        for label, args in COMMANDS:
            runs = [timed([a.format(new=f"new{i}") for a in args], folder) for i in range(repeat)]
            wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
            print(f"{label:46s} {wall:7.2f} {cpu:7.2f}  {'ok' if wall < BAR else 'SLOW'}")


if __name__ == "__main__":
    main()
