"""Every named SPARQL query runs on Oxigraph and gives the answer computed independently from the rows.

The expected answers are plain Python over ``GraphRows`` — the same questions the
Cypher files of the same names answer — so the RDF mapping, the query text and the
ordering are all checked at once.
"""
from __future__ import annotations

import re
from collections import Counter
from itertools import combinations

import pytest

from conftest import rows_of
from govgraph.graph.networkx_graph import agency_task_graph, to_networkx
from govgraph.graph.oxigraph_store import memory_store, select
from govgraph.graph.rdf import tables_of
from govgraph.graph.schema import ROLE_RELATIONS
from govgraph.queries import all_queries, named

SPARQL = [q for q in all_queries() if q.language == "sparql"]
QUESTIONS = {"tasks-of-agency", "agencies-of-task", "workload-by-role", "collaborating-pairs", "sub-units",
             "documents-citing"}


def _assignments(rows):
    """(agency, role, task, relation row) for every role relation."""
    for role, relation in ROLE_RELATIONS.items():
        for row in rows.relations[relation]:
            yield row["from"], role, row["to"], row


def tasks_of_agency(rows, agency):
    tasks = {t["id"]: t for t in rows.nodes["Task"]}
    return sorted({(task, role, tasks[task]["document"], tasks[task]["path"], tasks[task]["deadline"],
                    tasks[task]["text"]) for a, role, task, _ in _assignments(rows) if a == agency})


def agencies_of_task(rows, task):
    return sorted({(a, role, row["role_word"], row["surface"]) for a, role, t, row in _assignments(rows)
                   if t == task}, key=lambda r: (r[1], r[0], r[2], r[3]))


def workload_by_role(rows):
    load: dict[str, Counter] = {}
    for agency, role, _, _ in _assignments(rows):
        load.setdefault(agency, Counter())[role] += 1
    table = [(a, c["lead"], c["support"], c["responsible"], c.total()) for a, c in load.items()]
    return sorted(table, key=lambda r: (-r[4], r[0]))


def collaborating_pairs(rows):
    by_task: dict[str, set] = {}
    for agency, _, task, _ in _assignments(rows):
        by_task.setdefault(task, set()).add(agency)
    pairs = Counter(pair for agencies in by_task.values() for pair in combinations(sorted(agencies), 2))
    return sorted(((a, b, n) for (a, b), n in pairs.items()), key=lambda r: (-r[2], r[0], r[1]))


def sub_units(rows):
    return sorted((r["to"], r["from"]) for r in rows.relations["PART_OF"])


def documents_citing(rows, document):
    documents = {d["id"]: d for d in rows.nodes["Document"]}
    cited = {d["id"] for d in documents.values() if document in (d["id"], d["doc_number"])}
    citing = {r["from"] for r in rows.relations["CITES"] if r["to"] in cited}
    return sorted((d, documents[d]["title"], documents[d]["doc_number"]) for d in citing)


EXPECTED = {"tasks-of-agency": tasks_of_agency, "agencies-of-task": agencies_of_task,
            "workload-by-role": workload_by_role, "collaborating-pairs": collaborating_pairs,
            "sub-units": sub_units, "documents-citing": documents_citing}


@pytest.fixture(scope="module")
def graph(sample_rows):
    return memory_store(tables_of(sample_rows))


@pytest.fixture(scope="module")
def sample_params(sample_rows) -> dict[str, str]:
    """Parameters with rich answers: the busiest agency, the most shared task, a cited document."""
    agencies = Counter(a for a, _, _, _ in _assignments(sample_rows))
    tasks = Counter(t for _, _, t, _ in _assignments(sample_rows))
    cited = next(d for d in sample_rows.nodes["Document"] if d["doc_number"] and d["external"])
    return {"agency": agencies.most_common(1)[0][0], "task": tasks.most_common(1)[0][0],
            "document": cited["doc_number"]}


def _run(graph, name: str, params: dict) -> list[tuple]:
    query = named(name, "sparql")
    return select(graph, query.text, {p.name: params[p.name] for p in query.params})[1]


def test_the_questions_are_all_there():
    assert {q.name for q in SPARQL} >= QUESTIONS
    assert set(EXPECTED) == {q.name for q in SPARQL}, "every SPARQL query needs an expected answer here"
    cypher = {q.name for q in all_queries() if q.language == "cypher"}
    if cypher:
        assert {q.name for q in SPARQL} <= cypher, "a SPARQL query has no Cypher twin of the same name"


@pytest.mark.parametrize("query", SPARQL, ids=lambda q: q.name)
def test_headers_and_a_total_order(query):
    assert query.answers and re.search(r"[\u4e00-\u9fff]", query.answers), "answers in English and Chinese"
    body = "\n".join(line for line in query.text.splitlines() if not line.lstrip().startswith("#"))
    assert re.search(r"ORDER BY [^{}]+$", body.strip()), "ends in ORDER BY"
    for param in query.params:
        assert re.search(rf"\?{param.name}\b", body) and param.help


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_answers_equal_the_rows(sample_rows, graph, sample_params, name):
    query = named(name, "sparql")
    args = [sample_params[p.name] for p in query.params]
    expected = EXPECTED[name](sample_rows, *args)
    assert expected, f"{name}: pick parameters with an answer"
    assert _run(graph, name, sample_params) == expected


def test_collaborating_pairs_equal_the_networkx_projection(sample_rows, graph):
    from networkx.algorithms import bipartite

    two_mode = agency_task_graph(to_networkx(sample_rows))
    agencies = [n for n, d in two_mode.nodes(data=True) if d["bipartite"] == 0]
    projected = bipartite.weighted_projected_graph(two_mode, agencies)
    from_nx = sorted(((*sorted((u[1], v[1])), d["weight"]) for u, v, d in projected.edges(data=True)),
                     key=lambda r: (-r[2], r[0], r[1]))
    assert _run(graph, "collaborating-pairs", {}) == from_nx


@pytest.fixture(scope="module")
def ladybug(sample_db):
    from govgraph.graph.embedded import EmbeddedStore

    with EmbeddedStore(sample_db) as store:
        yield store


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_answers_equal_the_cypher_query_on_ladybugdb(graph, sample_params, ladybug, name):
    cypher = named(name, "cypher")
    result = ladybug.run(cypher.text, {p.name: sample_params[p.name] for p in cypher.params})
    query = named(name, "sparql")
    columns, rows = select(graph, query.text, {p.name: sample_params[p.name] for p in query.params})
    assert columns == result.columns
    assert rows == [tuple(row) for row in result.rows]


HOSTILE = ['罗湖区"财政局', "罗湖区}财政局", 'x" } UNION { ?s ?p ?o } #', "罗湖区\\财政局\n"]


@pytest.mark.parametrize("agency", HOSTILE)
def test_parameters_are_bound_not_pasted(agency):
    source = "plan.txt"
    rows = rows_of({
        "documents": [{"id": "d", "title": "计划", "source": source, "span": [0, 9]}],
        "tasks": [{"id": "d/t1", "document": "d", "source": source, "path": "", "text": "任务", "span": [0, 2],
                   "assignments": [{"agency": agency, "role": "lead", "span": [3, 5]}]}],
        "agencies": [{"name": agency}, {"name": "罗湖区财政局"}]})
    graph = memory_store(tables_of(rows))
    assert [r[0] for r in _run(graph, "tasks-of-agency", {"agency": agency})] == ["d/t1"]
    assert _run(graph, "tasks-of-agency", {"agency": "罗湖区财政局"}) == []
    assert _run(graph, "agencies-of-task", {"task": "d/t1"})[0][0] == agency
