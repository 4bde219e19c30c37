"""Shared fixtures: the sample gazette, its gold, one extraction of it per session.

Everything here runs the real parts (reader, gazetteer, pipeline, CLI); nothing is
mocked.  The expensive things - extracting the sample in-process and through the
installed ``govgraph`` command - happen once per session.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
SAMPLE = ROOT / "data" / "samples" / "luohu-gazette-2014-04.txt"
SEED = TESTS / "fixtures" / "seed"
GOLD = SEED / "gold.json"
SCORER = SEED / "score.py"

# A 罗湖区 document: the place every bare 区… name in the sample belongs to.
LUOHU = dict(province="广东省", city="深圳市", district="罗湖区")

_WS = re.compile(r"\s+")


def compact(text: str) -> str:
    """Text with all whitespace removed (how anchors and surfaces are compared)."""
    return _WS.sub("", text)


def govgraph_exe() -> str:
    """The installed console script, next to the interpreter running the tests."""
    here = Path(sys.executable).parent / "govgraph"
    if here.exists():
        return str(here)
    found = shutil.which("govgraph")
    if found is None:
        pytest.skip("the govgraph console script is not installed")
    return found


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a subprocess run: no user gazetteer leaking in."""
    env = {k: v for k, v in os.environ.items() if k != "GOVGRAPH_GAZETTEER"}
    env.update(extra)
    return env


def run_cli(*args: str, input: bytes | None = None, cwd: Path | None = None,
            env: dict[str, str] | None = None, unprivileged: bool = False) -> subprocess.CompletedProcess:
    """Run the real ``govgraph`` command; stdout/stderr as bytes.  ``unprivileged``: as a
    user whom file permissions bind (``unprivileged_prefix``)."""
    prefix = unprivileged_prefix() if unprivileged else []
    return subprocess.run([*prefix, govgraph_exe(), *args], input=input, capture_output=True,
                          cwd=cwd, env=env or clean_env(), timeout=120)


def invoke(*args, input: bytes | str | None = None, cwd: Path | None = None,
           env: dict[str, str] | None = None):
    """Run ``govgraph ARGS`` in this process with typer's ``CliRunner``: the very app
    ``main()`` runs, so every error still goes through ``reported_errors`` (one ``Error:``
    line, the exit code), at a fraction of a subprocess's start-up.  An exception escaping the
    command (a defect ``main()`` would print as a traceback) fails the test.  Returns click's
    ``Result``: ``exit_code``, ``stdout``, ``stderr`` (text) and ``stdout_bytes``.  What needs
    a real process (file descriptors, signals, ``/dev/stdout``) uses ``run_cli``."""
    from typer.testing import CliRunner

    from govgraph.cli import app

    with contextlib.chdir(cwd) if cwd else contextlib.nullcontext():
        result = CliRunner().invoke(app, [str(a) for a in args], input=input,
                                    env={"GOVGRAPH_DEBUG": None, **(env or {})})
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def command_paths(group=None, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and command group of the app, as the words that name it (the app: ())."""
    import typer

    from govgraph.cli import app

    group = group or typer.main.get_command(app)
    found = [path]
    for name, command in getattr(group, "commands", {}).items():
        found += command_paths(command, (*path, name))
    return found


def unprivileged_prefix() -> list[str]:
    """What runs a command so that a folder's or file's permissions bind it.  Root passes
    them all, so it runs without the two capabilities that let it (setpriv, util-linux):
    the tests run as root on CI, and there is no other user with the interpreter."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.fail("setpriv (util-linux) is needed to test permissions as root", pytrace=False)
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]


# --------------------------------------------------------------------------- environment


@pytest.fixture(autouse=True, scope="session")
def _no_user_gazetteer():
    """A developer's GOVGRAPH_GAZETTEER must not change what the tests see."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("GOVGRAPH_GAZETTEER", raising=False)
        yield


# --------------------------------------------------------------------------- gold


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- sample


@pytest.fixture(scope="session")
def sample_text() -> str:
    from govgraph.extract.reader import read_source

    return read_source(str(SAMPLE)).text


@pytest.fixture(scope="session")
def gazetteer():
    from govgraph.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="session")
def luohu():
    from govgraph.extract.jurisdiction import Jurisdiction

    return Jurisdiction(**LUOHU)


@pytest.fixture(scope="session")
def resolver(gazetteer):
    from govgraph.extract.agencies import AgencyResolver

    return AgencyResolver(gazetteer)


@pytest.fixture(scope="session")
def sample_extraction(gazetteer):
    """The sample gazette extracted in-process, once (an ``Extraction``)."""
    from govgraph.extract import extract

    return extract([str(SAMPLE)], gazetteer)


@pytest.fixture(scope="session")
def sample_json_path(tmp_path_factory) -> Path:
    """The sample extracted by the installed command: ``govgraph extract SAMPLE -o out.json``."""
    out = tmp_path_factory.mktemp("cli") / "out.json"
    proc = run_cli("extract", str(SAMPLE), "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    return out


@pytest.fixture(scope="session")
def sample_json(sample_json_path) -> dict:
    return json.loads(sample_json_path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def sample_rows(sample_json):
    """The graph rows of the sample's extraction (what every store loads)."""
    return rows_of(sample_json)


@pytest.fixture(scope="session")
def doc_ids(sample_extraction, gold) -> dict[str, str]:
    """Gold document id → system document id, matched by document number or title."""
    by_number = {d.doc_number: d.id for d in sample_extraction.documents if d.doc_number}
    by_title = {d.title: d.id for d in sample_extraction.documents}
    ids = {}
    for doc in gold["documents"]:
        number = compact(doc["doc_number"]) if doc["doc_number"] else None
        ids[doc["id"]] = by_number.get(number) or by_title.get(doc["title"])
    return ids


def task_by_anchor(tasks, anchor: str):
    """The one task whose text contains ``anchor`` (whitespace ignored)."""
    want = compact(anchor)
    found = [t for t in tasks if want in compact(t.text)]
    assert len(found) == 1, f"{len(found)} tasks contain {anchor!r}"
    return found[0]


# --------------------------------------------------------------------------- snippets


@pytest.fixture
def extract_text(gazetteer, tmp_path):
    """Extract a text snippet through the real pipeline: ``extract_text(text, name)``
    returns an ``Extraction`` (results, agencies, problems) for a file holding it."""
    from govgraph.extract import extract

    def run(text: str, name: str = "plan.txt", keywords: bool = False):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return extract([str(path)], gazetteer, keywords=keywords)

    return run


def source_of(extraction) -> str:
    """The decoded text of the (single) source an extraction came from."""
    from govgraph.extract.reader import read_source

    return read_source(extraction.documents[0].source).text


# --------------------------------------------------------------------------- graph stores


def table_rows(rows) -> dict[str, list[str]]:
    """Every table of ``GraphRows`` as sorted JSON lines: graphs compared as sorted node and
    edge lists, whichever store they were read from."""
    return {name: sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in table)
            for name, table in {**rows.nodes, **rows.relations}.items()}


def rows_of(records: dict):
    """The ``GraphRows`` of extraction records (the JSON contract; a kind left out is none)."""
    from govgraph.graph.rows import extraction_rows
    from govgraph.records import extraction_of

    return extraction_rows(extraction_of(records))


def only(records: dict, document_ids: set[str]) -> dict:
    """A copy of the extraction records of some documents, with the agencies they name
    (a copy: the session's records stay as extracted whatever a test does to it)."""
    tasks = [t for t in records["tasks"] if t["document"] in document_ids]
    duties = [d for d in records["duties"] if d["document"] in document_ids]
    documents = [d for d in records["documents"] if d["id"] in document_ids]
    named = ({a["agency"] for t in tasks for a in t["assignments"]} | {d["agency"] for d in duties}
             | {name for d in documents for name in d["issued_by"]})
    return json.loads(json.dumps({"documents": documents, "tasks": tasks, "duties": duties,
                                  "agencies": [a for a in records["agencies"] if a["name"] in named]}))


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


NEO4J_FIXTURES = frozenset({"neo4j_harness", "neo4j_server", "neo4j_store", "neo4j_env"})


@pytest.fixture(scope="session")
def neo4j_harness() -> None:
    """The Neo4j test harness (tests/neo4j built with Maven, Java to run it), under the one
    rule every Neo4j test follows: what it needs and lacks ERRORS the test (a failure, never a
    skip).  The only way to skip is GOVGRAPH_SKIP_NEO4J=1 on a developer machine; it is
    ignored under CI.  A test that needs the harness but no running server (neo4j-admin, a
    server of its own) asks for this fixture; the others get it through ``neo4j_server``."""
    from neo4j_server import prepare

    if os.environ.get("GOVGRAPH_SKIP_NEO4J") == "1" and not _in_ci():
        pytest.skip("GOVGRAPH_SKIP_NEO4J=1 (ignored under CI)")
    try:
        prepare()
    except RuntimeError as e:
        pytest.fail(f"the Neo4j test harness is not ready:\n{e}", pytrace=False)


@pytest.fixture(scope="session")
def neo4j_server(neo4j_harness):
    """A running Neo4j Community 5.26 server with auth on (user neo4j), once per session,
    under the rule of ``neo4j_harness``."""
    from neo4j_server import start_neo4j

    try:
        server = start_neo4j(timeout=180, build=False)
    except RuntimeError as e:
        pytest.fail(f"the Neo4j test server did not start:\n{e}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def neo4j_store(neo4j_server):
    """A ``Neo4jStore`` on the test server, emptied first: each test starts from nothing."""
    from govgraph.graph.neo4j_store import Neo4jStore

    with Neo4jStore(neo4j_server.uri, neo4j_server.user, neo4j_server.password) as store:
        store.run("MATCH (n) DETACH DELETE n")
        yield store


@pytest.fixture
def neo4j_env(neo4j_server) -> dict[str, str]:
    """The environment that points ``govgraph neo4j push`` and ``query --neo4j`` at the test server."""
    return clean_env(NEO4J_URI=neo4j_server.uri, NEO4J_USER=neo4j_server.user,
                     NEO4J_PASSWORD=neo4j_server.password)


@pytest.fixture(scope="session")
def sample_db(sample_rows, tmp_path_factory) -> Path:
    """An embedded store holding the sample; tests only read it (copy it to change it)."""
    from govgraph.graph.embedded import EmbeddedStore

    path = tmp_path_factory.mktemp("store") / "sample.db"
    with EmbeddedStore(path, writable=True) as store:
        store.load(sample_rows)
    return path
