"""The named Cypher queries (queries/*.cypher): well-formed files, run on LadybugDB and on
the real Neo4j with the same parameters, equal row for row, and right about the sample
(checked against the extraction itself)."""
from __future__ import annotations

import re
from collections import Counter
from itertools import combinations

import pytest

from govgraph.graph.embedded import EmbeddedStore
from govgraph.graph.neo4j_store import Neo4jStore
from govgraph.queries import all_queries, named

CYPHER = [q for q in all_queries() if q.language == "cypher"]
REQUIRED = {"tasks-of-agency", "agencies-of-task", "workload-by-role", "collaborating-pairs",
            "sub-units", "documents-citing"}
ROLE = {"lead", "support", "responsible"}


def test_the_required_queries_are_there():
    assert REQUIRED <= {q.name for q in CYPHER}


@pytest.mark.parametrize("query", CYPHER, ids=lambda q: q.name)
def test_a_query_file_is_well_formed(query):
    body = "\n".join(line for line in query.text.splitlines() if not line.lstrip().startswith("//"))
    assert query.answers, "the header says what it answers"
    assert set(re.findall(r"\$(\w+)", body)) == {p.name for p in query.params}, "parameters as declared"
    assert all(p.help for p in query.params)
    assert re.search(r"\bORDER BY\b[^()]*$", body.strip()), "ends in ORDER BY"
    assert not re.search(r"'[^']*[\u4e00-\u9fff]", body), "values come in as parameters"


# --------------------------------------------------------------------------- both engines


@pytest.fixture(scope="module")
def neo4j_sample(neo4j_server, sample_db):
    """The test server holding the sample, pushed from the embedded store once."""
    with Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password) as neo4j, \
            EmbeddedStore(sample_db) as store:
        neo4j.run("MATCH (n) DETACH DELETE n")
        neo4j.push(store)
        yield neo4j


@pytest.fixture(scope="module")
def embedded_sample(sample_db):
    with EmbeddedStore(sample_db) as store:
        yield store


def representative(sample_json) -> list[tuple[str, dict]]:
    """Each query with parameters that find something, and one that finds nothing."""
    work = Counter(a["agency"] for t in sample_json["tasks"] for a in t["assignments"])
    busiest_task = max(sample_json["tasks"], key=lambda t: (len(t["assignments"]), t["id"]))
    cited = next(r["doc_number"] for d in sample_json["documents"] for r in d["references"] if r["doc_number"])
    citing = next(d["id"] for d in sample_json["documents"] if d["references"])
    return [("tasks-of-agency", {"agency": work.most_common(1)[0][0]}),
            ("tasks-of-agency", {"agency": "罗湖区财政局"}),
            ("tasks-of-agency", {"agency": "没有的机构"}),
            ("agencies-of-task", {"task": busiest_task["id"]}),
            ("agencies-of-task", {"task": "no-such-task"}),
            ("workload-by-role", {}),
            ("collaborating-pairs", {}),
            ("sub-units", {}),
            ("documents-citing", {"document": cited}),
            ("documents-citing", {"document": f"ref:{cited}"}),
            ("documents-citing", {"document": citing})]


def test_every_query_has_representative_parameters(sample_json):
    assert {name for name, _ in representative(sample_json)} == {q.name for q in CYPHER}


def test_every_query_gives_equal_rows_on_both_engines(sample_json, embedded_sample, neo4j_sample):
    for name, params in representative(sample_json):
        text = named(name, "cypher").text
        here, there = embedded_sample.run(text, params), neo4j_sample.run(text, params)
        assert here.columns == there.columns, name
        assert here.rows == there.rows, (name, params)          # the ORDER BY is total


def select_variables(text: str) -> list[str]:
    """The columns a SPARQL SELECT names, ``(COUNT(?t) AS ?tasks)`` as ``tasks``."""
    head = re.search(r"SELECT\s+(?:DISTINCT\s+)?(.*?)\s*WHERE", text, re.S)[1]
    head = re.sub(r"\((?:[^()]|\([^()]*\))*\bAS\s+\?(\w+)\s*\)", r"?\1", head)
    return re.findall(r"\?(\w+)", head)


def test_every_query_names_its_columns(sample_json, embedded_sample):
    """Headers are words a user reads (``agency``, ``tasks``), not the engine's own
    (``COUNT(t._ID)``), and the SPARQL query of the same name has the same ones."""
    sparql = {q.name: q for q in all_queries() if q.language == "sparql"}
    checked = set()
    for name, params in representative(sample_json):
        columns = embedded_sample.run(named(name, "cypher").text, params).columns
        assert columns and all(re.fullmatch(r"[a-z][a-z_]*", c) for c in columns), (name, columns)
        if name in sparql:
            assert select_variables(sparql[name].text) == columns, name
            checked.add(name)
    assert checked == set(sparql) and checked


# --------------------------------------------------------------------------- right answers


def records(store, name: str, **params) -> list[dict]:
    return store.run(named(name, "cypher").text, params).records()


def test_tasks_of_agency(sample_json, embedded_sample):
    agency = Counter(a["agency"] for t in sample_json["tasks"] for a in t["assignments"]).most_common(1)[0][0]
    expected = sorted({(t["id"], a["role"]) for t in sample_json["tasks"] for a in t["assignments"]
                       if a["agency"] == agency})
    assert expected
    assert [(r["task"], r["role"]) for r in records(embedded_sample, "tasks-of-agency", agency=agency)] == expected


def test_agencies_of_task(sample_json, embedded_sample):
    task = max(sample_json["tasks"], key=lambda t: len(t["assignments"]))
    found = records(embedded_sample, "agencies-of-task", task=task["id"])
    assert sorted((r["agency"], r["role"]) for r in found) == sorted((a["agency"], a["role"]) for a in task["assignments"])
    assert {r["role"] for r in found} <= ROLE


def test_workload_by_role(sample_json, embedded_sample):
    counts = Counter((a["agency"], a["role"]) for t in sample_json["tasks"] for a in t["assignments"])
    found = records(embedded_sample, "workload-by-role")
    assert found and counts
    assert {(r["agency"], role): r[role] for r in found for role in ROLE if r[role]} == counts
    assert all(r["total"] == r["lead"] + r["support"] + r["responsible"] for r in found)
    assert [r["total"] for r in found] == sorted((r["total"] for r in found), reverse=True)


def test_collaborating_pairs(sample_json, embedded_sample):
    shared = Counter(pair for t in sample_json["tasks"]
                     for pair in combinations(sorted({a["agency"] for a in t["assignments"]}), 2))
    found = records(embedded_sample, "collaborating-pairs")
    assert shared
    assert {(r["agency_a"], r["agency_b"]): r["tasks"] for r in found} == shared


def test_sub_units(sample_json, embedded_sample):
    names = {a["name"] for a in sample_json["agencies"]}
    expected = sorted((a["parent"], a["name"]) for a in sample_json["agencies"] if a["parent"] in names)
    assert expected
    assert [(r["parent"], r["unit"]) for r in records(embedded_sample, "sub-units")] == expected


def test_documents_citing(sample_json, embedded_sample):
    number = next(r["doc_number"] for d in sample_json["documents"] for r in d["references"] if r["doc_number"])
    expected = sorted({d["id"] for d in sample_json["documents"]
                       for r in d["references"] if r["relation"] == "cites" and r["doc_number"] == number})
    assert expected
    assert [r["citing"] for r in records(embedded_sample, "documents-citing", document=number)] == expected
