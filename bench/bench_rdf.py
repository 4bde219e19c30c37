"""SPARQL and RDF export against Cypher, on the sample copied N times (distinct documents).

    python bench/bench_rdf.py [--copies 20] [--repeat 3] [--before] [--no-export]

The sample is extracted once; its records are copied ``--copies`` times with new document
ids, sources and 文号 (agencies stay shared, as in a real corpus) and built into an
embedded store.  Then, each through the installed ``govgraph`` as a user runs it, with
wall time and the peak memory of that one process:

* ``query workload-by-role`` (Cypher on LadybugDB);
* ``sparql workload-by-role``: the first call, which builds the Oxigraph store beside the
  graph, and later calls, which only read it (median of ``--repeat``);
* ``export rdf`` to N-Triples and Turtle (streamed; SHACL as ``--validate auto`` decides);
* with ``--before``, the way it was done before: the whole graph in rdflib, then
  serialised, and the same SPARQL run by rdflib on it (slow and large: small N only).

The issue's bar: ``sparql workload-by-role`` within 3x of the Cypher query (200 copies).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "luohu-gazette-2014-04.txt"
GOVGRAPH = str(Path(sys.executable).with_name("govgraph"))

BEFORE = """
import sys
from pathlib import Path
from govgraph.commands.sources import rows_of
from govgraph.graph.rdf import serialize, to_rdf
graph = to_rdf(rows_of(Path(sys.argv[1])), vocabulary=sys.argv[2] == "sparql")
if sys.argv[2] == "sparql":
    from rdflib.plugins.sparql import prepareQuery
    from govgraph.graph.rdf import PREFIXES
    from govgraph.queries import named
    list(graph.query(prepareQuery(named("workload-by-role", "sparql").text, initNs=PREFIXES)))
else:
    with open(sys.argv[3], "wb") as out:
        serialize(graph, "nt", out)
"""


def copies(records: dict, n: int) -> dict:
    """``records`` ``n`` times over, each copy's documents, tasks and duties renamed."""
    out: dict[str, list] = {"documents": [], "tasks": [], "duties": [], "agencies": records["agencies"]}
    for i in range(n):
        def renamed(value: str) -> str:
            return f"copy{i:04d}-{value}"

        for doc in records["documents"]:
            out["documents"].append({**doc, "id": renamed(doc["id"]), "source": renamed(doc["source"]),
                                     "doc_number": doc["doc_number"] and renamed(doc["doc_number"])})
        for task in records["tasks"]:
            out["tasks"].append({**task, "id": renamed(task["id"]), "document": renamed(task["document"]),
                                 "source": renamed(task["source"])})
        for duty in records["duties"]:
            out["duties"].append({**duty, "id": renamed(duty["id"]), "document": renamed(duty["document"]),
                                  "source": renamed(duty["source"])})
    return out


def run(args: list[str], cwd: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system: what a busy machine does not inflate) and
    peak resident MB of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status:
        sys.exit(f"{' '.join(args)} failed: {proc.stderr.read().decode(errors='replace')}")
    proc.stderr.close()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def median(args: list[str], cwd: str, repeat: int) -> tuple[float, float, float]:
    runs = [run(args, cwd) for _ in range(repeat)]
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
            max(r[2] for r in runs))


def line(label: str, wall: float, cpu: float, peak: float, cypher: tuple | None = None) -> None:
    ratio = f"  {wall / cypher[0]:4.1f}x / {cpu / cypher[1]:4.1f}x Cypher" if cypher else ""
    print(f"{label:52s} {wall:7.2f} s {cpu:7.2f} s {peak:6.0f} MB{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", action="store_true", help="also time the rdflib way (small N only)")
    parser.add_argument("--no-export", action="store_true", help="time the queries only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govgraph-bench-rdf-") as folder:
        subprocess.run([GOVGRAPH, "extract", str(SAMPLE), "-o", "sample.json"], cwd=folder, check=True,
                       capture_output=True)
        records = json.loads(Path(folder, "sample.json").read_text(encoding="utf-8"))
        corpus = copies(records, args.copies)
        Path(folder, "corpus.json").write_text(json.dumps(corpus, ensure_ascii=False), encoding="utf-8")
        size = SAMPLE.stat().st_size * args.copies / 1e6
        print(f"{args.copies} copies of the sample ({size:.1f} MB of text): {len(corpus['documents'])} documents, "
              f"{len(corpus['tasks'])} tasks")
        line("build (embedded store)", *run([GOVGRAPH, "build", "corpus.json", "--db", "g.db"], folder))
        print(f"{'':52s} {'wall':>9s} {'cpu':>9s} {'peak':>9s}")
        *cypher, peak = median([GOVGRAPH, "query", "workload-by-role", "--db", "g.db", "-f", "csv"], folder,
                               args.repeat)
        line("query workload-by-role (Cypher)", *cypher, peak)
        sparql = [GOVGRAPH, "sparql", "workload-by-role", "--db", "g.db", "-f", "csv"]
        line("sparql workload-by-role, first call (builds store)", *run(sparql, folder), cypher)
        line("sparql workload-by-role, later calls", *median(sparql, folder, args.repeat), cypher)
        for out in () if args.no_export else ("g.nt", "g.ttl"):
            line(f"export rdf {out} (--validate auto)", *run([GOVGRAPH, "export", "rdf", out, "--db", "g.db"],
                                                             folder))
        if not args.no_export:
            line("export rdf g.nt --no-validate",
                 *run([GOVGRAPH, "export", "rdf", "g.nt", "--db", "g.db", "--no-validate"], folder))
        if args.before:
            line("before: rdflib graph, serialised as nt (no SHACL)",
                 *run([sys.executable, "-c", BEFORE, "g.db", "nt", "old.nt"], folder))
            line("before: rdflib graph, SPARQL workload-by-role", *run([sys.executable, "-c", BEFORE, "g.db",
                                                                         "sparql"], folder), cypher)


if __name__ == "__main__":
    main()
