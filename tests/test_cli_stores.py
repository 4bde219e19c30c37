"""``govgraph build``, ``query``, ``export neo4j-csv`` and ``neo4j push`` through the installed
command: exit codes, exact one-line errors, output formats, and what reaches the stores."""
from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

from conftest import SAMPLE, clean_env, run_cli, table_rows
from govgraph.graph.embedded import EmbeddedStore
from govgraph.queries import named
from neo4j_server import unused_bolt_uri


def out(proc) -> str:
    return proc.stdout.decode("utf-8")


def err(proc) -> str:
    return proc.stderr.decode("utf-8")


@pytest.fixture
def db(sample_db, tmp_path):
    """A copy of the sample store that a test may change."""
    return shutil.copy(sample_db, tmp_path / "copy.db")


# --------------------------------------------------------------------------- build


def test_build_from_the_sample_text_and_again(tmp_path, sample_rows):
    store = tmp_path / "g.db"
    for _ in range(2):
        proc = run_cli("build", str(SAMPLE), "--db", str(store))
        assert proc.returncode == 0, err(proc)
        assert f"documents loaded into {store}; the graph holds" in err(proc)
    with EmbeddedStore(store) as built:
        assert table_rows(built.rows()) == table_rows(sample_rows)


def test_build_from_extraction_json(tmp_path, sample_json_path, sample_rows):
    store = tmp_path / "g.db"
    proc = run_cli("build", str(sample_json_path), "--db", str(store))
    assert proc.returncode == 0, err(proc)
    with EmbeddedStore(store) as built:
        assert built.counts() == sample_rows.counts()


def test_build_uses_govgraph_db_from_the_environment(tmp_path, sample_json_path):
    proc = run_cli("build", str(sample_json_path), cwd=tmp_path,
                   env=clean_env(GOVGRAPH_DB=str(tmp_path / "env.db")))
    assert proc.returncode == 0, err(proc)
    assert (tmp_path / "env.db").is_file() and not (tmp_path / "govgraph.db").exists()


def test_build_reports_a_bad_input_after_loading_the_rest(tmp_path, sample_json_path):
    proc = run_cli("build", str(sample_json_path), str(tmp_path / "missing.txt"), "--db", str(tmp_path / "g.db"))
    assert proc.returncode == 1
    assert err(proc).splitlines()[-1].startswith("Error: ") and "missing.txt" in err(proc)
    with EmbeddedStore(tmp_path / "g.db") as built:
        assert built.counts()["Task"] > 0


@pytest.mark.parametrize("folder", [False, True])
@pytest.mark.parametrize("command", ["build", "query"])
def test_a_db_that_is_not_a_govgraph_store_is_refused_untouched(tmp_path, sample_json_path, folder, command):
    target = tmp_path / "target"
    if folder:
        target.mkdir()
    kept = target / "notes.txt" if folder else target
    kept.write_bytes(b"precious \xe6\x95\xb0\xe6\x8d\xae\n")
    args = [str(sample_json_path)] if command == "build" else ["RETURN 1"]
    proc = run_cli(command, *args, "--db", str(target))
    assert proc.returncode == 1
    assert err(proc).startswith(f"Error: {target}: not a govgraph store (")
    assert err(proc).count("\n") == 1
    assert kept.read_bytes() == b"precious \xe6\x95\xb0\xe6\x8d\xae\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target"]


# --------------------------------------------------------------------------- query


def test_query_prints_a_table(db):
    proc = run_cli("query", "workload-by-role", "--db", str(db))
    assert proc.returncode == 0, err(proc)
    assert "agency" in out(proc) and "responsible" in out(proc) and " rows" in out(proc)


def test_query_json_is_utf8_without_escapes(db):
    proc = run_cli("query", "tasks-of-agency", "-p", "agency=罗湖区财政局", "--db", str(db), "-f", "json")
    assert proc.returncode == 0, err(proc)
    assert "\\u" not in out(proc)
    rows = json.loads(out(proc))
    with EmbeddedStore(db) as store:
        assert rows == store.run(named("tasks-of-agency", "cypher").text, {"agency": "罗湖区财政局"}).records()
    assert rows and {r["role"] for r in rows} <= {"lead", "support", "responsible"}


def test_query_csv_to_a_file(db, tmp_path):
    target = tmp_path / "pairs.csv"
    proc = run_cli("query", "collaborating-pairs", "--db", str(db), "-f", "csv", "-o", str(target))
    assert proc.returncode == 0, err(proc)
    header, *rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert header == ["agency_a", "agency_b", "tasks"] and rows


def test_query_cypher_text_with_parameters(db):
    proc = run_cli("query", "MATCH (a:Agency {name: $name})-[:PART_OF]->(p:Agency) RETURN p.name AS parent",
                   "-p", "name=罗湖区文产办", "--db", str(db), "-f", "json")
    assert proc.returncode == 0, err(proc)
    assert json.loads(out(proc)) == [{"parent": "罗湖区文化体育局"}]


@pytest.mark.parametrize("args, code, message", [
    (["MATCH (a RETURN a"], 1, "Error: {db}: Parser exception: Invalid input <MATCH (a RETURN>"),
    (["MATCH (a)-[:IN]->(b) RETURN a"], 1, "; IN is a keyword here: write the relationship type as `IN`"),
    (["tasks-of-agency"], 2, "Error: query 'tasks-of-agency' needs -p agency=… (an agency as written"),
    (["workld-by-role"], 1, "Error: unknown cypher query 'workld-by-role'; available: agencies-of-task, "),
    (["RETURN 1", "-f", "xml"], 2, "Error: unknown format 'xml'; available: table, json, csv"),
    (["RETURN 1", "-p", "oops"], 2, "Error: bad parameter 'oops'; write it as name=value"),
])
def test_query_errors_are_one_line(db, args, code, message):
    proc = run_cli("query", *args, "--db", str(db))
    assert proc.returncode == code
    assert message.format(db=db) in err(proc)
    assert err(proc).count("\n") == 1 and not out(proc)


def test_query_without_a_store_says_how_to_make_one(tmp_path):
    proc = run_cli("query", "RETURN 1", "--db", str(tmp_path / "none.db"))
    assert proc.returncode == 1
    assert err(proc) == (f"Error: {tmp_path / 'none.db'}: no graph store here; build one first: "
                         f"govgraph build INPUT --db {tmp_path / 'none.db'}\n")


# --------------------------------------------------------------------------- export and Neo4j


def test_export_neo4j_csv(db, tmp_path, sample_rows):
    folder = tmp_path / "import"
    proc = run_cli("export", "neo4j-csv", str(folder), "--db", str(db))
    assert proc.returncode == 0, err(proc)
    assert "neo4j-admin database import full" in err(proc)
    assert sorted(p.stem for p in folder.glob("*.csv")) == sorted(sample_rows.counts())


def test_push_then_query_neo4j_gives_what_the_store_gives(db, neo4j_store, neo4j_env, sample_rows):
    proc = run_cli("neo4j", "push", "--db", str(db), env=neo4j_env)
    assert proc.returncode == 0, err(proc)
    assert err(proc).startswith(f"Neo4j at {neo4j_env['NEO4J_URI']} now holds the graph of {db}")
    assert neo4j_store.counts() == sample_rows.counts()
    here = run_cli("query", "workload-by-role", "--db", str(db), "-f", "json")
    there = run_cli("query", "workload-by-role", "--neo4j", "-f", "json", env=neo4j_env)
    assert there.returncode == 0, err(there)
    assert json.loads(out(there)) == json.loads(out(here))


@pytest.mark.parametrize("args", [["neo4j", "push"], ["query", "RETURN 1", "--neo4j"]])
def test_neo4j_down_is_one_line(db, args):
    uri = unused_bolt_uri()
    proc = run_cli(*args, "--db", str(db), env=clean_env(NEO4J_URI=uri, NEO4J_PASSWORD="x"))
    assert proc.returncode == 1
    assert err(proc) == f"Error: cannot reach Neo4j at {uri}; start the server or set NEO4J_URI\n"


@pytest.mark.parametrize("args", [["neo4j", "push"], ["query", "RETURN 1", "--neo4j"]])
def test_neo4j_wrong_password_is_one_line(db, neo4j_env, args):
    proc = run_cli(*args, "--db", str(db), env={**neo4j_env, "NEO4J_PASSWORD": "wrong"})
    assert proc.returncode == 1
    assert err(proc) == (f"Error: Neo4j at {neo4j_env['NEO4J_URI']} refused the login of user 'neo4j'; "
                         "set NEO4J_USER and NEO4J_PASSWORD\n")


def test_a_malformed_query_on_neo4j_is_one_line(neo4j_env):
    proc = run_cli("query", "MATCH (a RETURN a", "--neo4j", env=neo4j_env)
    assert proc.returncode == 1
    assert err(proc).startswith(f"Error: Neo4j at {neo4j_env['NEO4J_URI']}: Invalid input 'RETURN'")
    assert err(proc).count("\n") == 1


def test_push_prune_says_how_much_it_deletes_and_keeps_other_data(db, neo4j_store, neo4j_env, sample_rows):
    neo4j_store.run("CREATE (:Task {id: 'not-in-the-store', text: 'x'})-[:IN]->(:Other {name: 'kept'})")
    proc = run_cli("neo4j", "push", "--db", str(db), env=neo4j_env)
    assert proc.returncode == 0, err(proc)
    assert "nothing was deleted (--prune deletes what the store does not hold)" in err(proc)
    assert neo4j_store.run("MATCH (t:Task {id: 'not-in-the-store'}) RETURN count(t)").rows == [[1]]
    proc = run_cli("neo4j", "push", "--db", str(db), "--prune", env=neo4j_env)
    assert proc.returncode == 0, err(proc)
    lines = err(proc).splitlines()
    assert f"Pruning: deleting 1 nodes and 1 relations that {db} does not hold" in lines
    assert lines.index(f"Pruning: deleting 1 nodes and 1 relations that {db} does not hold") < len(lines) - 1
    assert neo4j_store.counts() == sample_rows.counts()
    assert neo4j_store.run("MATCH (o:Other) RETURN o.name").rows == [["kept"]]


def test_push_and_query_in_a_chosen_database(db, neo4j_store, neo4j_env, sample_rows):
    """The test server has the one database Community allows, so: it by name, by
    NEO4J_DATABASE, and one that does not exist."""
    proc = run_cli("neo4j", "push", "--db", str(db), "--database", "neo4j", env=neo4j_env)
    assert proc.returncode == 0, err(proc)
    assert err(proc).startswith(f"Neo4j at {neo4j_env['NEO4J_URI']} (database 'neo4j') now holds the graph")
    assert neo4j_store.counts() == sample_rows.counts()
    proc = run_cli("query", "MATCH (t:Task) RETURN count(t) AS n", "--neo4j", "-f", "csv",
                   env={**neo4j_env, "NEO4J_DATABASE": "neo4j"})
    assert out(proc) == f"n\n{len(sample_rows.nodes['Task'])}\n"
    for args in (["neo4j", "push", "--db", str(db)], ["query", "RETURN 1", "--neo4j"]):
        proc = run_cli(*args, "--database", "nosuch", env=neo4j_env)
        assert proc.returncode == 1
        assert err(proc).startswith(f"Error: Neo4j at {neo4j_env['NEO4J_URI']} (database 'nosuch'): ")
        assert "nosuch" in err(proc).split("): ", 1)[1] and err(proc).count("\n") == 1


@pytest.mark.parametrize("args", [["neo4j", "push"], ["query", "RETURN 1", "--neo4j"]])
@pytest.mark.parametrize("uri", ["bolt://u:Secret99@127.0.0.1:{port}", "neo4j://u:Secret99@127.0.0.1:{port}",
                                 "bolt+x://u:Secret99@bad uri", "u:Secret99@127.0.0.1:{port}"])
def test_bar_credentials_in_the_uri_are_never_printed(db, args, uri):
    uri = uri.format(port=unused_bolt_uri().rsplit(":", 1)[1])
    proc = run_cli(*args, "--db", str(db), env=clean_env(NEO4J_URI=uri))
    assert proc.returncode == 1
    assert "Secret99" not in err(proc) + out(proc)
    assert err(proc).startswith("Error: ") and err(proc).count("\n") == 1


def test_bar_neo4j_uri_with_a_password_on_port_1(db):
    """The bar's very command, in a folder whose ./govgraph.db is the sample store."""
    shutil.copy(db, db.parent / "govgraph.db")
    proc = run_cli("neo4j", "push", cwd=db.parent, env=clean_env(NEO4J_URI="bolt://u:Secret99@127.0.0.1:1"))
    assert proc.returncode == 1
    assert err(proc) == ("Error: NEO4J_URI holds a user and password; give the address alone (bolt://127.0.0.1:1) "
                         "and set NEO4J_USER and NEO4J_PASSWORD\n")
