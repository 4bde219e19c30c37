"""Graph store speed: bulk load, read-back and named-query latency at growing sizes.

    python bench/bench_stores.py [--sizes 10k,100k,1M] [--neo4j [10k,100k]]

The corpus is synthetic ``GraphRows`` of realistic shape: about four role relations per
task, 40 tasks per document, four tasks per section, 300 agencies (some with a parent
unit), two citations and a duty per document.  A size counts relations of every table.
Prints, per size:
  * the embedded store (LadybugDB): bulk load into a new store, the same load again (every
    document replaced), reading the whole graph back; bar: 1M relations loaded in < 60 s;
  * with ``--neo4j``: a push into the Neo4j test server (tests/neo4j, started here), and a
    second push (all ``MERGE``s find their match);
  * the median latency of every named Cypher query on each store.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))             # the Neo4j test server

from govgraph.graph.rows import GraphRows  # noqa: E402
from govgraph.queries import all_queries  # noqa: E402

TASKS_PER_DOCUMENT, TASKS_PER_SECTION, AGENCIES = 40, 4, 300
ROLES = (("LEADS", "牵头单位", 1.2), ("SUPPORTS", "配合单位", 2.3), ("RESPONSIBLE_FOR", "责任单位", 0.5))
TEXT = "加快推进产业转型升级，完善公共服务体系，建立健全工作机制，确保各项任务按时完成。"


def synthetic_rows(relations: int, seed: int = 7) -> GraphRows:
    """A graph with about ``relations`` relations (≈ 5.35 per task)."""
    rng = random.Random(seed)
    rows = GraphRows()
    agencies = [f"深圳市罗湖区第{i}局" for i in range(AGENCIES)]
    rows.nodes["Agency"] = [{"name": name, "aliases": [name[5:]], "kind": "bureau", "level": "district",
                             "parent": agencies[i - 250] if i >= 280 else None,
                             "jurisdiction": "广东省深圳市罗湖区", "discovered": False,
                             "mentions": rng.randint(1, 500)} for i, name in enumerate(agencies)]
    rows.relations["PART_OF"] = [{"from": a["name"], "to": a["parent"]} for a in rows.nodes["Agency"] if a["parent"]]
    tasks = max(TASKS_PER_DOCUMENT, round(relations / 5.35))
    source = "corpus/gazette.txt"
    for d in range(tasks // TASKS_PER_DOCUMENT):
        doc = f"doc{d}"
        rows.nodes["Document"].append({
            "id": doc, "title": f"罗湖区行动计划（第{d}号）", "notice_title": None, "doc_number": f"罗府〔2014〕{d}号",
            "issuer": "罗湖区政府", "date": "2014-04-01", "kind": "行动计划", "jurisdiction": "广东省深圳市罗湖区",
            "task_count": TASKS_PER_DOCUMENT, "external": False, "source": source, "start": 0, "end": 99})
        rows.relations["ISSUED_BY"].append({"from": doc, "to": agencies[d % AGENCIES]})
        for c in range(2):
            rows.relations["CITES"].append({"from": doc, "to": f"ref:深府〔2011〕{(d + c) % 500}号",
                                            "source": source, "start": c, "end": c + 9})
        rows.relations["HAS_DUTY"].append({"from": agencies[d % AGENCIES], "to": doc, "id": f"{doc}/d1", "cue": "负责",
                                           "text": TEXT, "surface": "区财政局", "source": source, "start": 5, "end": 30})
        for s in range(TASKS_PER_DOCUMENT // TASKS_PER_SECTION):
            section = f"{doc}#一/（{s}）"
            rows.nodes["Section"].append({"id": section, "document": doc, "path": f"一/（{s}）", "text": TEXT[:12],
                                          "level": 2, "source": source, "start": s, "end": s + 12})
            rows.relations["SECTION_IN_DOCUMENT"].append({"from": section, "to": doc})
            for t in range(TASKS_PER_SECTION):
                task = f"{doc}:t{s * TASKS_PER_SECTION + t}"
                rows.nodes["Task"].append({
                    "id": task, "document": doc, "path": f"一/（{s}）/{t}", "heading": TEXT[:10], "text": TEXT * 3,
                    "deadline": "2014-12", "deadline_text": "2014年底", "keywords": ["产业", "转型", "升级"],
                    "annotation": "（牵头单位：区发展改革局；配合单位：各街道）", "annotation_start": 1, "annotation_end": 9,
                    "leaders": [], "source": source, "start": 100, "end": 200})
                rows.relations["TASK_IN_SECTION"].append({"from": task, "to": section})
                start = 0
                for table, word, mean in ROLES:
                    count = int(mean) + (rng.random() < mean - int(mean))
                    for agency in rng.sample(agencies, count):
                        rows.relations[table].append({"from": agency, "to": task, "role_word": word,
                                                      "surface": agency[3:], "rule": "bench", "source": source,
                                                      "start": start, "end": start + 6})
                        start += 7
    rows.nodes["Document"] += [{"id": ref, "title": None, "notice_title": None, "doc_number": ref[4:], "issuer": None,
                                "date": None, "kind": None, "jurisdiction": None, "task_count": 0, "external": True,
                                "source": None, "start": None, "end": None}
                               for ref in sorted({r["to"] for r in rows.relations["CITES"]})]
    return rows


def relation_count(rows: GraphRows) -> int:
    return sum(len(v) for v in rows.relations.values())


def size(text: str) -> int:
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * factor)


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def query_latencies(store, rows: GraphRows, repeats: int = 3) -> dict[str, float]:
    """Median milliseconds of each named Cypher query, after one warm-up run."""
    busiest = max(rows.nodes["Agency"], key=lambda a: a["mentions"])["name"]
    params = {"agency": busiest, "task": rows.nodes["Task"][0]["id"],
              "document": rows.relations["CITES"][0]["to"][4:]}
    latencies = {}
    for query in (q for q in all_queries() if q.language == "cypher"):
        values = {p.name: params[p.name] for p in query.params}
        store.run(query.text, values)
        times = [timed(lambda: store.run(query.text, values))[0] for _ in range(repeats)]
        latencies[query.name] = statistics.median(times) * 1000
    return latencies


def report(label: str, seconds: float, relations: int) -> None:
    print(f"  {label:34s} {seconds:8.2f} s   {relations / seconds:12,.0f} relations/s", flush=True)


def report_queries(latencies: dict[str, float]) -> None:
    print("  queries (median ms): " + ", ".join(f"{name} {ms:.1f}" for name, ms in latencies.items()), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="relation counts, e.g. 10k,100k,1M")
    parser.add_argument("--neo4j", nargs="?", const="all", default=None,
                        help="also push to Neo4j: at every size, or at the sizes listed (10k,100k)")
    args = parser.parse_args()
    sizes = [size(s) for s in args.sizes.split(",")]
    neo4j_sizes = set(sizes if args.neo4j == "all" else map(size, args.neo4j.split(","))) if args.neo4j else set()
    server = _start_neo4j() if neo4j_sizes else None
    try:
        for wanted in sizes:
            _bench(wanted, server if wanted in neo4j_sizes else None)
    finally:
        if server:
            server.stop()


def _bench(wanted: int, server) -> None:
    from govgraph.graph.embedded import EmbeddedStore

    seconds, rows = timed(lambda: synthetic_rows(wanted))
    relations = relation_count(rows)
    print(f"{relations:,} relations, {sum(len(v) for v in rows.nodes.values()):,} nodes "
          f"({len(rows.nodes['Task']):,} tasks, {len(rows.nodes['Agency'])} agencies); generated in {seconds:.1f} s")
    with tempfile.TemporaryDirectory(prefix="govgraph-bench-") as folder:
        with EmbeddedStore(Path(folder) / "bench.db", writable=True) as store:
            report("embedded: bulk load, new store", timed(lambda: store.load(rows))[0], relations)
            report("embedded: load again (replace all)", timed(lambda: store.load(rows))[0], relations)
            report("embedded: read the graph back", timed(store.rows)[0], relations)
            report_queries(query_latencies(store, rows))
            if server:
                _bench_neo4j(server, store, rows, relations)


def _bench_neo4j(server, store, rows: GraphRows, relations: int) -> None:
    from govgraph.graph.neo4j_store import Neo4jStore

    with Neo4jStore(server.uri, server.user, server.password) as neo4j:
        neo4j.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
        report("neo4j: push into an empty database", timed(lambda: neo4j.push(store))[0], relations)
        report("neo4j: push again (all MERGEs match)", timed(lambda: neo4j.push(store))[0], relations)
        report_queries(query_latencies(neo4j, rows))


def _start_neo4j():
    from neo4j_server import DEFAULT_JVM_OPTS, start_neo4j

    heap = [o for o in DEFAULT_JVM_OPTS if not o.startswith(("-Xmx", "-XX:TieredStopAtLevel"))]
    server = start_neo4j(timeout=300, pagecache="1g", jvm_opts=[*heap, "-Xmx3g"])
    print(f"Neo4j test server at {server.uri} (started in {server.startup_seconds:.0f} s)", flush=True)
    return server


if __name__ == "__main__":
    main()
