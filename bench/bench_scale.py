"""Time and peak memory of every stage of govgraph on corpora of distinct documents.

    python bench/bench_scale.py [--sizes S M bar] [--large] [--timeout 1800] [--json out.json]

For each corpus (``bench/corpus.py``: S ~1 MB, M ~10 MB, L ~100 MB only with ``--large``,
``bar`` = 300 issues of the sample), every stage runs as a user runs it, one child process
of the installed ``govgraph`` after the other in one folder: extract (JSON Lines), build
from the extraction, the same build again (a rebuild replaces the documents), the views
(workload, network, matrix, viz, report) from the store, the named Cypher queries that
compute the same aggregations, the named SPARQL ``workload-by-role`` and ``export rdf``.
Each stage's wall and CPU time and its peak RSS (``os.wait4`` of that child: the largest of
its processes, workers included, not their sum) are printed in a Markdown table, with each
view's wall time over that of the Cypher query answering the same question in the same
run.  A stage that fails or outlives ``--timeout`` is reported as such and the rest go on.
Each figure is one run, start-up included: read them on a quiet machine.

Linux counts in a child's peak RSS the peak of the process it was forked from, so this
process stays small: it imports nothing of govgraph, and the corpus is written by a child
(``bench/corpus.py``).  Its own peak, the floor of every figure, is printed with them.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import corpus                   # its constants only: govgraph is imported by its functions

GOVGRAPH = str(Path(sys.executable).with_name("govgraph"))
ASSIGNMENTS = ("MATCH (a:Agency)-[r:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(t:Task) "
               "RETURN t.id AS task, a.name AS agency, label(r) AS role ORDER BY task, agency")

# (stage, arguments, the Cypher stage answering the same question)
STAGES = [
    ("extract", ["extract", "corpus", "--format", "jsonl", "-o", "x.jsonl"], None),
    ("build", ["build", "x.jsonl", "--db", "g.db"], None),
    ("rebuild (same input)", ["build", "x.jsonl", "--db", "g.db"], None),
    ("cypher workload-by-role", ["query", "workload-by-role", "--db", "g.db", "-f", "csv",
                                 "-o", "workload-cypher.csv"], None),
    ("cypher collaborating-pairs", ["query", "collaborating-pairs", "--db", "g.db", "-f", "csv",
                                    "-o", "pairs-cypher.csv"], None),
    ("cypher assignments", ["query", ASSIGNMENTS, "--db", "g.db", "-f", "csv", "-o", "assignments.csv"],
     None),
    ("workload -o .xlsx", ["workload", "--db", "g.db", "-o", "workload.xlsx"], "cypher workload-by-role"),
    ("network -o .gexf", ["network", "--db", "g.db", "-o", "network.gexf"], "cypher collaborating-pairs"),
    ("matrix -o .xlsx", ["matrix", "--db", "g.db", "-o", "matrix.xlsx"], "cypher assignments"),
    ("viz -o .html", ["viz", "--db", "g.db", "-o", "network.html"], "cypher collaborating-pairs"),
    ("report -o .html", ["report", "--db", "g.db", "-o", "report.html"], "cypher workload-by-role"),
    ("sparql workload-by-role", ["sparql", "workload-by-role", "--db", "g.db", "-f", "csv",
                                 "-o", "workload-sparql.csv"], "cypher workload-by-role"),
    ("export rdf", ["export", "rdf", "graph.ttl", "--db", "g.db"], None),
]


@dataclass(slots=True)
class Stage:
    """One stage's run: ``status`` is ``ok``, ``failed (exit N): …`` or ``timed out``."""

    name: str
    status: str
    wall: float
    cpu: float
    peak_mb: float
    versus: str | None = None
    ratio: float | None = None


def run_stage(name: str, args: list[str], folder: Path, timeout: float) -> Stage:
    """Run ``govgraph args`` in ``folder`` as a session of its own (a timeout kills its
    workers too); its own rusage comes from ``os.wait4``."""
    env = {k: v for k, v in os.environ.items() if k not in ("GOVGRAPH_DB", "GOVGRAPH_GAZETTEER")}
    with open(folder / "stage.err", "w+b") as err:
        start = time.perf_counter()
        child = subprocess.Popen([GOVGRAPH, *args], cwd=folder, stdout=subprocess.DEVNULL,
                                 stderr=err, env=env, start_new_session=True)
        timed_out = False
        while not (done := os.wait4(child.pid, os.WNOHANG))[0]:
            if time.perf_counter() - start > timeout:
                os.killpg(child.pid, signal.SIGKILL)
                done, timed_out = os.wait4(child.pid, 0), True
                break
            time.sleep(0.01)
        wall = time.perf_counter() - start
        _, status, usage = done
        child.returncode = code = os.waitstatus_to_exitcode(status)
        err.seek(0)
        last = (err.read().decode("utf-8", "replace").strip().splitlines() or [""])[-1]
    outcome = (f"timed out after {timeout:g} s" if timed_out else
               "ok" if code == 0 else f"failed (exit {code}): {last[:80]}")
    return Stage(name, outcome, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def bench(size: str, timeout: float) -> dict:
    """Generate the corpus ``size`` and run every stage on it; the corpus and the stages'
    outputs live in a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix=f"govgraph-scale-{size}-") as tmp:
        folder = Path(tmp)
        subprocess.run([sys.executable, corpus.__file__, str(folder / "corpus"),
                        "--bar" if size == "bar" else f"--size={size}"], check=True)
        paths = sorted((folder / "corpus").iterdir())
        stages: dict[str, Stage] = {}
        summary = ""
        for name, args, versus in STAGES:
            stage = stages[name] = run_stage(name, args, folder, timeout)
            if name == "extract":
                summary = (folder / "stage.err").read_text(encoding="utf-8", errors="replace").strip()
            base = stages.get(versus) if versus else None
            if base and stage.status == base.status == "ok":
                stage.versus, stage.ratio = versus, stage.wall / base.wall
            print(f"  {size}: {name}: {stage.status}, {stage.wall:.1f} s", file=sys.stderr)
        return {"size": size, "files": len(paths), "mb": sum(p.stat().st_size for p in paths) / 1e6,
                "extracted": summary.splitlines()[-1] if summary else "",
                "stages": [asdict(s) for s in stages.values()]}


def markdown(result: dict) -> str:
    floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = [f"### {result['size']}: {result['files']} files, {result['mb']:.1f} MB; "
             f"{result['extracted']}", "",
             f"Peak RSS counts from {floor:.0f} MB, the peak of the benchmark's own process.", "",
             "| stage | status | wall s | cpu s | peak RSS MB | wall / same question in Cypher |",
             "| --- | --- | ---: | ---: | ---: | --- |"]
    for s in result["stages"]:
        ratio = f"{s['ratio']:.1f}x {s['versus']}" if s["ratio"] is not None else ""
        lines.append(f"| {s['name']} | {s['status']} | {s['wall']:.2f} | {s['cpu']:.2f} | "
                     f"{s['peak_mb']:.0f} | {ratio} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["S", "M"], choices=[*corpus.SIZES, "bar"],
                        help="corpora to run (default: S M)")
    parser.add_argument("--large", action="store_true", help="allow L (~100 MB): long and big")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per stage (default 1800)")
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    args = parser.parse_args(argv)
    if "L" in args.sizes and not args.large:
        parser.error("L takes long and much memory: add --large to run it")
    results = []
    for size in args.sizes:
        results.append(bench(size, args.timeout))
        print(markdown(results[-1]) + "\n", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
