"""RDF and networkx build times on synthetic graphs of 10k and 100k relations (1M for networkx).

    python bench/bench_rdf.py [--rdf 10000 100000] [--networkx 10000 100000 1000000] [--validate 10000]

The graphs are made by ``graph_rows`` from synthetic extraction records shaped like a
real plan: documents of 40 tasks under outline sections, three role assignments per
task with evidence, agencies shared across tasks.  Prints, per size, the seconds to
build the rdflib graph and to serialise it in each format, triples per second, and the
seconds to build the networkx graph; optionally the SHACL validation time.
"""
from __future__ import annotations

import argparse
import io
import time

from govgraph.graph.rows import GraphRows, graph_rows

ROLES = ("lead", "support", "support")


def synthetic_rows(relations: int) -> GraphRows:
    """About ``relations`` relation rows: per task three roles and one IN; per section one IN."""
    tasks = max(1, relations * 5 // 21)                 # 4 per task + 1 per section of 5 tasks
    agencies = [{"name": f"罗湖区第{i}局", "aliases": [f"区第{i}局"], "kind": "bureau", "mentions": 3}
                for i in range(max(60, relations // 100))]
    documents, task_records = [], []
    for d in range(0, tasks, 40):
        doc_id = f"bench:{d // 40}"
        count = min(40, tasks - d)
        documents.append({"id": doc_id, "title": f"深圳市罗湖区第{d // 40}号行动计划", "source": "bench.txt",
                          "doc_number": f"罗府〔2014〕{d // 40}号", "date": "2014-04-02", "span": [0, 1000],
                          "task_count": count,
                          "sections": [{"path": str(s), "text": f"第{s}部分", "span": [s, s + 4]}
                                       for s in range(count // 5 + 1)]})
        for t in range(count):
            n = d + t
            task_records.append({
                "id": f"{doc_id}/t{t}", "document": doc_id, "source": "bench.txt", "path": str(t // 5),
                "heading": "加快推进", "text": f"（{t}）推进第{n}项工作，确保按期完成。", "deadline": "2014-12",
                "keywords": ["推进", "工作"], "span": [100 * t, 100 * t + 60],
                "annotation": "（牵头单位：区第1局）", "annotation_span": [100 * t + 60, 100 * t + 70],
                "assignments": [{"agency": agencies[(n * 7 + k * 13) % len(agencies)]["name"], "role": role,
                                 "role_word": "牵头单位", "surface": "区第1局",
                                 "span": [100 * t + 61 + 3 * k, 100 * t + 63 + 3 * k], "rule": "bench"}
                                for k, role in enumerate(ROLES)]})
    return graph_rows(documents, task_records, agencies)


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def bench_rdf(size: int, validate: bool) -> None:
    from govgraph.graph.rdf import FORMATS, serialize, to_rdf, violations

    rows = synthetic_rows(size)
    relations = sum(len(r) for r in rows.relations.values())
    graph, seconds = timed(to_rdf, rows)
    print(f"rdf       {relations:>9,} relations  build {seconds:7.2f} s  {len(graph):>10,} triples "
          f"({len(graph) / seconds:,.0f}/s)")
    for fmt in FORMATS:
        out = io.BytesIO()
        _, seconds = timed(serialize, graph, fmt, out)
        print(f"          serialise {fmt:8s} {seconds:7.2f} s  {len(out.getvalue()) / 1e6:8.1f} MB "
              f"({len(graph) / seconds:,.0f} triples/s)")
    if validate:
        found, seconds = timed(violations, graph)
        print(f"          SHACL validation  {seconds:7.2f} s  {len(found)} violation(s)")


def bench_networkx(size: int) -> None:
    import networkx  # noqa: F401  - loaded before the clock starts: import time is not build time

    from govgraph.graph.networkx_graph import agency_task_graph, to_networkx

    rows = synthetic_rows(size)
    relations = sum(len(r) for r in rows.relations.values())
    graph, seconds = timed(to_networkx, rows)
    bipartite, projection = timed(agency_task_graph, graph)
    print(f"networkx  {relations:>9,} relations  build {seconds:7.2f} s  {graph.number_of_nodes():>10,} nodes "
          f"{graph.number_of_edges():>10,} edges  ({relations / seconds:,.0f} relations/s); "
          f"agency-task graph {projection:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rdf", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--networkx", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--validate", type=int, nargs="*", default=[10_000],
                        help="sizes (among --rdf) to also validate with SHACL")
    args = parser.parse_args()
    for size in args.rdf:
        bench_rdf(size, size in args.validate)
    for size in args.networkx:
        bench_networkx(size)


if __name__ == "__main__":
    main()
