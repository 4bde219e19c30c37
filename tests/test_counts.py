"""One count everywhere: tasks, assignments and agencies computed from the store (Cypher)
are the figures of every view — the workload table and JSON, the report's summary and
ranking, ``query workload-by-role`` — and of the README's "What is counted"."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import invoke
from test_views import Page

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
BUSY = ":LEADS|SUPPORTS|RESPONSIBLE_FOR"


@pytest.fixture(scope="module")
def store(sample_db):
    from govgraph.graph.embedded import EmbeddedStore

    with EmbeddedStore(sample_db) as store:
        yield store


@pytest.fixture(scope="module")
def counted(store) -> dict:
    """The definitions of the README, each one Cypher query on the store."""
    def one(text: str) -> int:
        return store.run(text).rows[0][0]

    per_agency = {a: (tasks, assignments) for a, tasks, assignments in store.run(
        f"MATCH (a:Agency)-[r{BUSY}]->(t:Task) RETURN a.name, count(DISTINCT t.id), count(r)").rows}
    return {
        "tasks": one("MATCH (t:Task) RETURN count(t)"),
        "assignments": one(f"MATCH (a:Agency)-[r{BUSY}]->(t:Task) RETURN count(DISTINCT [a.name, t.id, type(r)])"),
        "agencies with tasks": one(f"MATCH (a:Agency)-[{BUSY}]->(:Task) RETURN count(DISTINCT a)"),
        "agencies": one(f"MATCH (a:Agency) WHERE EXISTS {{ MATCH (a)-[{BUSY}]->(:Task) }} "
                        "OR EXISTS { MATCH (a)-[:HAS_DUTY]->(:Document) } RETURN count(a)"),
        "agencies named": one("MATCH (a:Agency) RETURN count(a)"),
        "duties": one("MATCH (:Agency)-[d:HAS_DUTY]->(:Document) RETURN count(d)"),
        "per agency": per_agency,
    }


def test_the_counts_differ_where_they_should(counted):
    """The sample tells the definitions apart: else the test below could not fail."""
    assert counted["assignments"] > counted["tasks"] > counted["agencies named"] > counted["agencies"] \
        > counted["agencies with tasks"] > 0
    assert counted["per agency"]["罗湖区重建局"] == (18, 19)        # leads and supports one task


def test_the_workload_counts_as_the_store(store, counted):
    from govgraph.queries.workload import workload

    rows = workload(store)
    assert len(rows) == counted["agencies with tasks"]
    assert {r.agency: (r.tasks, r.assignments) for r in rows} == counted["per agency"]
    assert all(r.assignments == r.lead + r.support + r.responsible for r in rows)
    assert sum(r.assignments for r in rows) == counted["assignments"]
    with_duties = workload(store, duties=True)
    assert len(with_duties) == counted["agencies"] and sum(r.duties for r in with_duties) == counted["duties"]


def test_the_commands_count_as_the_store(sample_db, counted):
    found = json.loads(invoke("workload", "--db", sample_db, "-f", "json").stdout)
    assert {r["agency"]: (r["tasks"], r["assignments"]) for r in found} == counted["per agency"]
    by_role = json.loads(invoke("query", "workload-by-role", "--db", sample_db, "-f", "json").stdout)
    assert by_role and {r["agency"]: r["total"] for r in by_role} == {
        a: assignments for a, (_, assignments) in counted["per agency"].items()}


def test_the_network_has_the_agencies_with_tasks(store, counted):
    from govgraph.queries.network import collaboration_network

    network = collaboration_network(store)
    assert {a.name: a.tasks for a in network.agencies} == {a: t for a, (t, _) in counted["per agency"].items()}


def test_the_report_counts_as_the_store(sample_db, counted, tmp_path):
    out = tmp_path / "report.html"
    assert invoke("report", "--db", sample_db, "-o", out).exit_code == 0
    text = "".join(Page(out.read_text(encoding="utf-8")).text)
    assert f"{counted['tasks']}项任务" in text.replace(" ", "")
    assert f"{counted['assignments']}项分工" in text.replace(" ", "")
    assert (f"{counted['agencies']}个机构（承担任务或职责；其中 {counted['agencies with tasks']} 个承担任务）"
            in text.replace(" 个机构", "个机构").replace("\n", ""))
    assert "罗湖区重建局：主办/牵头 14 项" in text and "18 项任务 · 19 项分工" in text     # the bar and its label


@pytest.mark.parametrize("count", ["tasks", "assignments", "agencies", "agencies with tasks", "agencies named",
                                   "duties"])
def test_the_readme_counts_as_the_store(counted, count):
    row = re.search(rf"^\| {count} \| .+ \| (\d+) {count} \|$", README, flags=re.M)
    assert row, f"the README's 'What is counted' has no row for {count}"
    assert int(row.group(1)) == counted[count]


def test_the_readme_tour_counts_as_extract(counted):
    line = re.search(r"^(\d+) documents, (\d+) tasks, (\d+) agencies from 1 file\(s\)$", README, flags=re.M)
    assert line and (int(line.group(2)), int(line.group(3))) == (counted["tasks"], counted["agencies named"])


def test_a_body_named_twice_in_a_role_is_one_assignment(tmp_path):
    """``（区财政局、区财政局牵头）`` gives two LEADS relations (two spans of evidence) but one
    assignment: the workload, the Cypher query and the SPARQL query all count 2 tasks led."""
    import govgraph as gg
    from govgraph.queries.workload import workload

    plan = tmp_path / "plan.txt"
    plan.write_text("关于做好若干工作的通知\n一、加强财政管理（区财政局、区财政局牵头，区发改局配合）。\n"
                    "二、加强统计（牵头单位：区财政局；责任单位：区财政局）。\n", encoding="utf-8")
    db = tmp_path / "g.db"
    gg.build([plan], db)
    with gg.open_store(db) as store:
        assert store.query("MATCH (a:Agency)-[r:LEADS]->(:Task) WHERE a.name = '区财政局' RETURN count(r) AS n") \
            == [{"n": 3}]                                   # the relations: the sentence names it twice
        [row] = [r for r in workload(store) if r.agency == "区财政局"]
        cypher = store.query("workload-by-role")
    assert (row.lead, row.responsible, row.tasks, row.assignments) == (2, 1, 2, 3)
    expected = {"agency": "区财政局", "lead": 2, "support": 0, "responsible": 1, "total": 3}
    assert expected in cypher and gg.sparql(db, "workload-by-role") == cypher
