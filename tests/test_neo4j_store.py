"""Neo4j on the real 5.26 test server: push, re-push, an interrupted push, pruning, errors,
and the CSV files for ``neo4j-admin database import`` (imported by the real tool)."""
from __future__ import annotations

import csv
import os
import re
import shlex
import subprocess

import pytest

from conftest import only, rows_of, table_rows
from govgraph.errors import QueryError, StoreError
from govgraph.graph.embedded import EmbeddedStore
from govgraph.graph.neo4j_csv import export_neo4j_csv, import_command
from govgraph.graph.neo4j_store import Neo4jStore
from govgraph.graph.schema import NODE, NODES, RELATIONS
from neo4j_server import PROJECT_DIR, start_neo4j, unused_bolt_uri


def test_a_push_copies_the_whole_graph(neo4j_store, sample_db, sample_rows):
    with EmbeddedStore(sample_db) as store:
        assert neo4j_store.push(store) == sample_rows.counts()
    assert table_rows(neo4j_store.rows()) == table_rows(sample_rows)


def test_keys_are_unique_by_constraint(neo4j_store, sample_db):
    with EmbeddedStore(sample_db) as store:
        neo4j_store.push(store)
    found = neo4j_store.run("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type "
                            "RETURN labelsOrTypes[0] AS label, properties[0] AS key, type").records()
    assert {(c["label"], c["key"]) for c in found if c["type"] == "UNIQUENESS"} >= {(n.label, n.key) for n in NODES}


def test_pushing_again_changes_nothing(neo4j_store, sample_db, sample_rows):
    with EmbeddedStore(sample_db) as store:
        neo4j_store.push(store)
        assert neo4j_store.push(store, batch_size=7) == sample_rows.counts()
    assert table_rows(neo4j_store.rows()) == table_rows(sample_rows)


class Interrupted(Exception):
    pass


def test_an_interrupted_push_run_again_completes_the_graph(neo4j_store, sample_db, sample_rows):
    def stop_after_first_relation_batch(table, done):
        if table not in NODE:
            raise Interrupted(table)

    with EmbeddedStore(sample_db) as store:
        with pytest.raises(Interrupted):
            neo4j_store.push(store, batch_size=25, on_batch=stop_after_first_relation_batch)
        partial = neo4j_store.counts()
        assert 0 < sum(partial.values()) < sum(sample_rows.counts().values())
        assert neo4j_store.push(store, batch_size=25) == sample_rows.counts()
    assert table_rows(neo4j_store.rows()) == table_rows(sample_rows)


def test_a_push_cut_by_a_server_crash_completes_on_the_restarted_server(neo4j_harness, sample_db, sample_rows,
                                                                         tmp_path):
    """The server is SIGKILLed in the middle of a push and started again on its data: what
    was committed is there, and pushing again completes the graph."""
    home = tmp_path / "neo4j-home"
    server = start_neo4j(data_dir=home, build=False)
    try:
        with EmbeddedStore(sample_db) as store, Neo4jStore(server.uri, server.user, server.password) as neo4j:
            def crash_after_the_nodes(table, done):
                if table not in NODE:
                    server.kill()
                    raise Interrupted(table)        # else the driver retries for 30 s

            with pytest.raises(Interrupted):
                neo4j.push(store, batch_size=50, on_batch=crash_after_the_nodes)
        assert not server.is_alive() and (home / "data").is_dir()
        server = start_neo4j(data_dir=home, build=False)
        with EmbeddedStore(sample_db) as store, Neo4jStore(server.uri, server.user, server.password) as neo4j:
            survived = neo4j.counts()
            assert all(survived[n.label] == sample_rows.counts()[n.label] for n in NODES)
            assert neo4j.push(store) == sample_rows.counts()
            assert table_rows(neo4j.rows()) == table_rows(sample_rows)
    finally:
        server.stop()


@pytest.fixture
def reloaded(sample_json, tmp_path):
    """A store holding one document, then (second element) that document with a task
    fewer and an assignment fewer, as a re-load leaves it."""
    doc = next(d["id"] for d in sample_json["documents"] if d["task_count"] > 2)
    changed = only(sample_json, {doc})
    del changed["tasks"][0]
    changed["tasks"][1]["assignments"] = changed["tasks"][1]["assignments"][:1]
    return rows_of(only(sample_json, {doc})), rows_of(changed), tmp_path / "g.db"


def test_a_push_deletes_nothing_by_default(neo4j_store, reloaded):
    before, after, db = reloaded
    with EmbeddedStore(db, writable=True) as store:
        store.load(before)
        neo4j_store.push(store)
        store.load(after)
        neo4j_store.push(store)
    pushed, kept = table_rows(neo4j_store.rows()), table_rows(before)
    assert pushed.pop("Document") != kept.pop("Document")           # the document now counts a task fewer
    assert pushed == kept                                            # but the old task is still there


def test_a_push_with_prune_says_how_much_then_deletes_what_the_store_no_longer_holds(neo4j_store, reloaded):
    before, after, db = reloaded
    told = []
    with EmbeddedStore(db, writable=True) as store:
        store.load(before)
        neo4j_store.push(store)
        neo4j_store.run("CREATE (:Other {name: 'not govgraph data'})")
        store.load(after)
        neo4j_store.push(store, prune=True, on_prune=lambda nodes, relations: told.append((nodes, relations)))
        assert table_rows(neo4j_store.rows()) == table_rows(store.rows())
    extra = {name: before.counts()[name] - after.counts()[name] for name in before.counts()}
    gone_relations = sum(n for name, n in extra.items() if name not in NODE)
    assert told == [(sum(n for name, n in extra.items() if name in NODE), gone_relations)]
    assert told[0][0] >= 1 and told[0][1] >= 2
    assert neo4j_store.run("MATCH (n:Other) RETURN count(n)").rows == [[1]]


def test_a_server_that_is_down_is_one_line():
    with pytest.raises(StoreError, match=r"^cannot reach Neo4j at bolt://127\.0\.0\.1:\d+; start the server") as info:
        Neo4jStore(unused_bolt_uri(), "neo4j", "x")
    assert "\n" not in str(info.value)


def test_a_wrong_password_is_one_line(neo4j_server):
    with pytest.raises(StoreError, match="refused the login of user 'neo4j'; set NEO4J_USER and NEO4J_PASSWORD"):
        Neo4jStore(neo4j_server.uri, "neo4j", "wrong-password")


def test_credentials_come_from_the_environment(neo4j_server, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.delenv("NEO4J_USER", raising=False)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    with Neo4jStore.from_env() as store:
        assert store.user == "neo4j"
        assert store.run("RETURN 1 AS one").records() == [{"one": 1}]


def test_a_bad_uri_is_one_line(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "localhost:7687")
    with pytest.raises(StoreError, match="NEO4J_URI 'localhost:7687' is not a Neo4j address"):
        Neo4jStore.from_env()


def test_a_bad_query_is_one_line_with_the_engines_words(neo4j_store):
    with pytest.raises(QueryError, match="Invalid input") as info:
        neo4j_store.run("MATCH (a RETURN a")
    assert "\n" not in str(info.value)


# --------------------------------------------------------------------------- neo4j-admin CSV


def _read(path):
    with open(path, encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def test_the_csv_files_have_the_importers_headers_and_every_row(sample_db, sample_rows, tmp_path):
    with EmbeddedStore(sample_db) as store:
        written = export_neo4j_csv(store, tmp_path)
    assert written == sample_rows.counts()
    header, rows = _read(tmp_path / "Agency.csv")
    assert header == ["name:ID(Agency)", "aliases:string[]", "kind", "level", "parent", "jurisdiction",
                      "discovered:boolean", "mentions:long", ":LABEL"]
    assert {r[-1] for r in rows} == {"Agency"}
    header, rows = _read(tmp_path / "LEADS.csv")
    assert header[:2] == [":START_ID(Agency)", ":END_ID(Task)"] and header[-1] == ":TYPE"
    assert {"start:long", "end:long"} <= set(header)
    assert "task_count:long" in _read(tmp_path / "Document.csv")[0]
    assert _read(tmp_path / "TASK_IN_SECTION.csv")[0] == [":START_ID(Task)", ":END_ID(Section)", ":TYPE"]
    assert {r[-1] for r in _read(tmp_path / "TASK_IN_SECTION.csv")[1]} == {"IN"}
    for name, count in sample_rows.counts().items():
        assert len(_read(tmp_path / f"{name}.csv")[1]) == count, name
    assert "neo4j-admin database import full" in (tmp_path / "README.md").read_text(encoding="utf-8")


def test_the_real_neo4j_admin_imports_the_files(neo4j_harness, sample_db, sample_rows, tmp_path):
    folder, home = tmp_path / "csv", tmp_path / "home"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text("", encoding="utf-8")
    with EmbeddedStore(sample_db) as store:
        export_neo4j_csv(store, folder)
    arguments = shlex.split(import_command(folder))[1:]      # without the "neo4j-admin" launcher
    proc = subprocess.run(
        ["java", "-Xmx512m", "-cp", str(PROJECT_DIR / "target" / "lib" / "*"), "org.neo4j.cli.AdminTool",
         *arguments, "--threads=1"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,      # it writes import.report here
        env={**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")})
    assert "IMPORT DONE" in proc.stdout, proc.stdout[-2000:] + proc.stderr[-2000:]
    counts = sample_rows.counts()
    nodes = sum(counts[n.label] for n in NODES)
    relations = sum(counts[r.name] for r in RELATIONS)
    assert re.search(rf"\b{nodes} nodes\b", proc.stdout) and re.search(rf"\b{relations} relationships\b", proc.stdout)
