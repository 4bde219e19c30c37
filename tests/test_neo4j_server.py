"""Tests of the real Neo4j test server (tests/neo4j_server.py + tests/neo4j/).

The server starts once per session (the ``neo4j_server`` fixture in conftest.py).  If it cannot
start, every test that uses it ERRORS (a failure, never a skip).  The only way to skip is
GOVGRAPH_SKIP_NEO4J=1 on a developer machine; it is ignored under CI (CI=true).
"""

from __future__ import annotations

import ast
import socket
import time
import uuid
from pathlib import Path

import pytest

import neo4j
from neo4j.exceptions import AuthError, ServiceUnavailable

from neo4j_server import DEFAULT_PASSWORD as PASSWORD
from neo4j_server import Neo4jServer, free_port, start_neo4j, unused_bolt_uri


@pytest.fixture()
def driver(neo4j_server):
    drv = neo4j.GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password))
    try:
        yield drv
    finally:
        drv.close()


def test_driver_is_the_real_package():
    # tests/neo4j/ is a plain folder; make sure `import neo4j` found the driver, not that folder.
    assert hasattr(neo4j, "GraphDatabase"), neo4j


def test_server_facts(neo4j_server):
    assert neo4j_server.uri == f"bolt://127.0.0.1:{neo4j_server.port}"
    assert neo4j_server.user == "neo4j"
    assert neo4j_server.password == PASSWORD
    assert neo4j_server.is_alive()
    with socket.create_connection(("127.0.0.1", neo4j_server.port), timeout=5):
        pass


def test_return_1(driver):
    driver.verify_connectivity()
    records, _, _ = driver.execute_query("RETURN 1 AS x")
    assert records[0]["x"] == 1


def test_version_is_community_5_26(driver):
    records, _, _ = driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS v, edition"
    )
    assert records[0]["name"] == "Neo4j Kernel"
    assert records[0]["v"].startswith("5.26."), records[0]["v"]
    assert records[0]["edition"] == "community"


def test_create_and_read_node(driver):
    run_id = uuid.uuid4().hex
    name = "国务院办公厅"
    try:
        with driver.session(database="neo4j") as session:
            created = session.execute_write(
                lambda tx: tx.run(
                    "CREATE (a:Agency {name: $name, run: $run}) RETURN elementId(a) AS id",
                    name=name, run=run_id,
                ).single()["id"]
            )
            rec = session.execute_read(
                lambda tx: tx.run(
                    "MATCH (a:Agency {run: $run}) RETURN elementId(a) AS id, a.name AS name, count(*) AS n",
                    run=run_id,
                ).single()
            )
        assert rec["id"] == created
        assert rec["name"] == name
        assert rec["n"] == 1
    finally:
        driver.execute_query("MATCH (a:Agency {run: $run}) DETACH DELETE a", run=run_id)


def test_wrong_password_is_refused(neo4j_server):
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, "wrong-password")) as bad:
        with pytest.raises(AuthError):
            bad.verify_connectivity()
        with pytest.raises(AuthError):  # again: no lock-out surprises either way
            bad.verify_connectivity()
    # A failed login must not lock the account for the tests that follow.
    with neo4j_server.driver() as good:
        good.verify_connectivity()


def test_wrong_user_is_refused(neo4j_server):
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=("nobody", neo4j_server.password)) as bad:
        with pytest.raises(AuthError):
            bad.verify_connectivity()


def test_nothing_listening_raises_service_unavailable():
    uri = unused_bolt_uri()
    t0 = time.monotonic()
    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", PASSWORD), connection_timeout=5) as drv:
        with pytest.raises(ServiceUnavailable):
            drv.verify_connectivity()
    assert time.monotonic() - t0 < 30


def test_start_stop_lifecycle_and_cleanup_on_interrupt(neo4j_server):
    """A second server on a chosen port; KeyboardInterrupt inside `with` still kills it."""
    port = free_port()
    holder: list[Neo4jServer] = []
    with pytest.raises(KeyboardInterrupt):
        with start_neo4j(password="other-pw", port=port, timeout=180) as srv:
            holder.append(srv)
            assert srv.uri == f"bolt://127.0.0.1:{port}"
            assert srv.data_dir.is_dir()
            with srv.driver() as drv:
                drv.verify_connectivity()
            raise KeyboardInterrupt
    srv = holder[0]
    assert not srv.is_alive()
    assert srv.process.returncode == 0  # clean shutdown through stdin EOF
    assert not srv.data_dir.exists()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    srv.stop()  # idempotent
    # The session server is unaffected.
    assert neo4j_server.is_alive()


def test_start_failure_is_a_runtime_error_with_server_output(neo4j_server):
    """Port already taken by the session server: the start fails loudly, nothing is left running."""
    with pytest.raises(RuntimeError) as info:
        start_neo4j(password="x", port=neo4j_server.port, timeout=180)
    msg = str(info.value)
    assert "exited with code 1" in msg
    assert "FAILED to start Neo4j" in msg
    assert str(neo4j_server.port) in msg
    assert neo4j_server.is_alive()


def _functions_using(names: set[str]):
    """(file, test function, its parameters, its node) of every test that names one of ``names``."""
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                used = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
                if used & names:
                    yield path.name, node.name, {a.arg for a in node.args.args}, node


def test_every_test_that_needs_the_harness_follows_the_one_skip_rule():
    """A test that starts a server of its own or runs the harness's jars asks for a fixture
    of conftest's rule (fail, never skip, unless GOVGRAPH_SKIP_NEO4J=1 outside CI), and no
    Neo4j test skips by a rule of its own."""
    from conftest import NEO4J_FIXTURES

    found = list(_functions_using({"start_neo4j", "PROJECT_DIR"}))
    assert len(found) >= 4, found
    for filename, name, params, node in found:
        assert params & NEO4J_FIXTURES, f"{filename}::{name} asks for none of {sorted(NEO4J_FIXTURES)}"
        decorators = [ast.unparse(d) for d in node.decorator_list]
        assert not [d for d in decorators if "skip" in d], f"{filename}::{name} skips by a rule of its own"
