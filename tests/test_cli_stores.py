"""``govgraph build``, ``query``, ``export neo4j-csv`` and ``neo4j push``: exit codes, exact
one-line errors, output formats, and what reaches the stores.

Most run the app in-process (``conftest.invoke``, the same ``reported_errors`` as ``main()``);
a few run the installed command in a subprocess, where a real process is the point: its exit
code and stderr as a shell sees them."""
from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

from conftest import SAMPLE, clean_env, invoke, run_cli, table_rows
from govgraph.graph.embedded import EmbeddedStore
from govgraph.queries import named
from neo4j_server import unused_bolt_uri


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
        result = invoke("build", SAMPLE, "--db", store)
        assert result.exit_code == 0, result.stderr
        assert f"documents loaded into {store}; the graph holds" in result.stderr
    with EmbeddedStore(store) as built:
        assert table_rows(built.rows()) == table_rows(sample_rows)


def test_build_from_extraction_json(tmp_path, sample_json_path, sample_rows):
    store = tmp_path / "g.db"
    result = invoke("build", sample_json_path, "--db", store)
    assert result.exit_code == 0, result.stderr
    with EmbeddedStore(store) as built:
        assert built.counts() == sample_rows.counts()


def test_build_uses_govgraph_db_from_the_environment(tmp_path, sample_json_path):
    result = invoke("build", sample_json_path, cwd=tmp_path, env={"GOVGRAPH_DB": str(tmp_path / "env.db")})
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "env.db").is_file() and not (tmp_path / "govgraph.db").exists()


def test_build_reports_a_bad_input_after_loading_the_rest(tmp_path, sample_json_path):
    result = invoke("build", sample_json_path, tmp_path / "missing.txt", "--db", tmp_path / "g.db")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith("Error: ") and "missing.txt" in result.stderr
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
    args = [sample_json_path] if command == "build" else ["RETURN 1"]
    result = invoke(command, *args, "--db", target)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {target}: not a govgraph store (")
    assert result.stderr.count("\n") == 1
    assert kept.read_bytes() == b"precious \xe6\x95\xb0\xe6\x8d\xae\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target"]


# --------------------------------------------------------------------------- query


def test_query_prints_a_table(db):
    result = invoke("query", "workload-by-role", "--db", db)
    assert result.exit_code == 0, result.stderr
    assert "agency" in result.stdout and "responsible" in result.stdout and " rows" in result.stdout


def test_query_json_is_utf8_without_escapes(db):
    result = invoke("query", "tasks-of-agency", "-p", "agency=罗湖区财政局", "--db", db, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert "\\u" not in result.stdout
    rows = json.loads(result.stdout)
    with EmbeddedStore(db) as store:
        assert rows == store.run(named("tasks-of-agency", "cypher").text, {"agency": "罗湖区财政局"}).records()
    assert rows and {r["role"] for r in rows} <= {"lead", "support", "responsible"}


def test_query_csv_to_a_file(db, tmp_path):
    target = tmp_path / "pairs.csv"
    result = invoke("query", "collaborating-pairs", "--db", db, "-f", "csv", "-o", target)
    assert result.exit_code == 0, result.stderr
    header, *rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert header == ["agency_a", "agency_b", "tasks"] and rows


def test_query_cypher_text_with_parameters(db):
    result = invoke("query", "MATCH (a:Agency {name: $name})-[:PART_OF]->(p:Agency) RETURN p.name AS parent",
                    "-p", "name=罗湖区文产办", "--db", db, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == [{"parent": "罗湖区文化体育局"}]


@pytest.mark.parametrize("args, code, message", [
    (["MATCH (a RETURN a"], 1, "Error: {db}: Parser exception: Invalid input <MATCH (a RETURN>"),
    (["MATCH (a)-[:IN]->(b) RETURN a"], 1, "; IN is a keyword here: write the relationship type as `IN`"),
    (["tasks-of-agency"], 2, "Error: query 'tasks-of-agency' needs -p agency=… (an agency as written"),
    (["workld-by-role"], 1, "Error: unknown cypher query 'workld-by-role'; available: agencies-of-task, "),
    (["RETURN 1", "-f", "xml"], 2, "Error: unknown format 'xml'; available: table, json, csv"),
    (["RETURN 1", "-p", "oops"], 2, "Error: bad parameter 'oops'; write it as name=value"),
])
def test_query_errors_are_one_line(db, args, code, message):
    result = invoke("query", *args, "--db", db)
    assert result.exit_code == code
    assert message.format(db=db) in result.stderr
    assert result.stderr.count("\n") == 1 and not result.stdout


def test_query_without_a_store_says_how_to_make_one(tmp_path):
    """The installed command, as a shell sees it: one line, exit code 1."""
    proc = run_cli("query", "RETURN 1", "--db", str(tmp_path / "none.db"))
    assert proc.returncode == 1
    assert err(proc) == (f"Error: {tmp_path / 'none.db'}: no graph store here; build one first: "
                         f"govgraph build INPUT --db {tmp_path / 'none.db'}\n")


# --------------------------------------------------------------------------- export and Neo4j


def test_export_neo4j_csv(db, tmp_path, sample_rows):
    folder = tmp_path / "import"
    result = invoke("export", "neo4j-csv", folder, "--db", db)
    assert result.exit_code == 0, result.stderr
    assert "neo4j-admin database import full" in result.stderr
    assert sorted(p.stem for p in folder.glob("*.csv")) == sorted(sample_rows.counts())


def test_push_then_query_neo4j_gives_what_the_store_gives(db, neo4j_store, neo4j_env, sample_rows):
    result = invoke("neo4j", "push", "--db", db, env=neo4j_env)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"Neo4j at {neo4j_env['NEO4J_URI']} now holds the graph of {db}")
    assert neo4j_store.counts() == sample_rows.counts()
    here = invoke("query", "workload-by-role", "--db", db, "-f", "json")
    there = invoke("query", "workload-by-role", "--neo4j", "-f", "json", env=neo4j_env)
    assert there.exit_code == 0, there.stderr
    assert json.loads(here.stdout) and json.loads(there.stdout) == json.loads(here.stdout)


@pytest.mark.parametrize("args", [["neo4j", "push"], ["query", "RETURN 1", "--neo4j"]])
def test_neo4j_down_is_one_line(db, args):
    uri = unused_bolt_uri()
    result = invoke(*args, "--db", db, env={"NEO4J_URI": uri, "NEO4J_PASSWORD": "x"})
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot reach Neo4j at {uri}; start the server or set NEO4J_URI\n"


@pytest.mark.parametrize("args", [["neo4j", "push"], ["query", "RETURN 1", "--neo4j"]])
def test_neo4j_wrong_password_is_one_line(db, neo4j_env, args):
    """The installed command: a refused login is one line and exit code 1."""
    proc = run_cli(*args, "--db", str(db), env={**neo4j_env, "NEO4J_PASSWORD": "wrong"})
    assert proc.returncode == 1
    assert err(proc) == (f"Error: Neo4j at {neo4j_env['NEO4J_URI']} refused the login of user 'neo4j'; "
                         "set NEO4J_USER and NEO4J_PASSWORD\n")


def test_a_malformed_query_on_neo4j_is_one_line(neo4j_env):
    result = invoke("query", "MATCH (a RETURN a", "--neo4j", env=neo4j_env)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: Neo4j at {neo4j_env['NEO4J_URI']}: Invalid input 'RETURN'")
    assert result.stderr.count("\n") == 1


def test_push_prune_says_how_much_it_deletes_and_keeps_other_data(db, neo4j_store, neo4j_env, sample_rows):
    neo4j_store.run("CREATE (:Task {id: 'not-in-the-store', text: 'x'})-[:IN]->(:Other {name: 'kept'})")
    result = invoke("neo4j", "push", "--db", db, env=neo4j_env)
    assert result.exit_code == 0, result.stderr
    assert "nothing was deleted (--prune deletes what the store does not hold)" in result.stderr
    assert neo4j_store.run("MATCH (t:Task {id: 'not-in-the-store'}) RETURN count(t)").rows == [[1]]
    result = invoke("neo4j", "push", "--db", db, "--prune", env=neo4j_env)
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert f"Pruning: deleting 1 nodes and 1 relations that {db} does not hold" in lines
    assert lines.index(f"Pruning: deleting 1 nodes and 1 relations that {db} does not hold") < len(lines) - 1
    assert neo4j_store.counts() == sample_rows.counts()
    assert neo4j_store.run("MATCH (o:Other) RETURN o.name").rows == [["kept"]]


def test_push_and_query_in_a_chosen_database(db, neo4j_store, neo4j_env, sample_rows):
    """The test server has the one database Community allows, so: it by name, by
    NEO4J_DATABASE, and one that does not exist."""
    result = invoke("neo4j", "push", "--db", db, "--database", "neo4j", env=neo4j_env)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"Neo4j at {neo4j_env['NEO4J_URI']} (database 'neo4j') now holds the graph")
    assert neo4j_store.counts() == sample_rows.counts()
    result = invoke("query", "MATCH (t:Task) RETURN count(t) AS n", "--neo4j", "-f", "csv",
                    env={**neo4j_env, "NEO4J_DATABASE": "neo4j"})
    assert result.stdout == f"n\n{len(sample_rows.nodes['Task'])}\n"
    for args in (["neo4j", "push", "--db", db], ["query", "RETURN 1", "--neo4j"]):
        result = invoke(*args, "--database", "nosuch", env=neo4j_env)
        assert result.exit_code == 1
        assert result.stderr.startswith(f"Error: Neo4j at {neo4j_env['NEO4J_URI']} (database 'nosuch'): ")
        assert "nosuch" in result.stderr.split("): ", 1)[1] and result.stderr.count("\n") == 1


@pytest.mark.parametrize("args", [["neo4j", "push"], ["query", "RETURN 1", "--neo4j"]])
@pytest.mark.parametrize("uri", ["bolt://u:Secret99@127.0.0.1:{port}", "neo4j://u:Secret99@127.0.0.1:{port}",
                                 "bolt+x://u:Secret99@bad uri", "u:Secret99@127.0.0.1:{port}"])
def test_bar_credentials_in_the_uri_are_never_printed(db, args, uri):
    uri = uri.format(port=unused_bolt_uri().rsplit(":", 1)[1])
    result = invoke(*args, "--db", db, env={"NEO4J_URI": uri, "NEO4J_USER": None, "NEO4J_PASSWORD": None})
    assert result.exit_code == 1
    assert "Secret99" not in result.stderr + result.stdout
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1


def test_bar_neo4j_uri_with_a_password_on_port_1(db):
    """The bar's very command, in a folder whose ./govgraph.db is the sample store."""
    shutil.copy(db, db.parent / "govgraph.db")
    proc = run_cli("neo4j", "push", cwd=db.parent, env=clean_env(NEO4J_URI="bolt://u:Secret99@127.0.0.1:1"))
    assert proc.returncode == 1
    assert err(proc) == ("Error: NEO4J_URI holds a user and password; give the address alone (bolt://127.0.0.1:1) "
                         "and set NEO4J_USER and NEO4J_PASSWORD\n")
