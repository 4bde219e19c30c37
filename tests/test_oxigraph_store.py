"""SPARQL on Oxigraph: the store kept beside the embedded one, when it is rebuilt, what it never touches,
and how parameters are bound.  Real LadybugDB stores and real Oxigraph stores throughout."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import rows_of, run_cli
from govgraph.errors import QueryError, StoreError
from govgraph.graph.embedded import EmbeddedStore
from govgraph.graph.oxigraph_store import (MARK, STAMP, bound, current_path, memory_store, open_store, select,
                                           side_path)
from govgraph.graph.rdf import tables_of

DOCUMENTS = "SELECT ?id WHERE { ?d a gg:Document ; gg:external false ; gg:key ?id } ORDER BY ?id"


def _documents(store) -> list[str]:
    return [row[0] for row in select(store, DOCUMENTS, {})[1]]


@pytest.fixture
def db(sample_rows, tmp_path) -> Path:
    path = tmp_path / "g.db"
    with EmbeddedStore(path, writable=True) as store:
        store.load(sample_rows)
    return path


def _expected(rows) -> list[str]:
    found = sorted(d["id"] for d in rows.nodes["Document"] if not d["external"])
    assert found
    return found


def test_the_side_store_is_built_once_then_read(db, sample_rows):
    side = side_path(db)
    assert side == db.with_name("g.db.oxigraph") and not side.exists()
    assert _documents(open_store(db)) == _expected(sample_rows)
    store = current_path(db)
    assert store.parent == side and (side / MARK).is_file() and (store / STAMP).is_file()
    built = (store.stat().st_ino, (store / STAMP).stat().st_mtime_ns)
    assert _documents(open_store(db)) == _expected(sample_rows)
    assert (store.stat().st_ino, (store / STAMP).stat().st_mtime_ns) == built, "a fresh store is not rebuilt"
    assert sorted(p.name for p in side.iterdir()) == sorted([MARK, store.name]), "no temporary folder left"


def _renamed_copy(sample_json: dict) -> dict:
    """The sample's first document under a new id: something new to build into a store."""
    doc = sample_json["documents"][0]
    return {"documents": [{**doc, "id": "copy:1", "doc_number": None, "references": []}],
            "tasks": [{**t, "id": "copy:1/" + t["id"], "document": "copy:1"} for t in sample_json["tasks"]
                      if t["document"] == doc["id"]],
            "agencies": sample_json["agencies"], "duties": []}


def test_a_build_into_the_store_rebuilds_the_side_store(db, sample_rows, sample_json):
    assert _documents(open_store(db)) == _expected(sample_rows)
    before = current_path(db)
    records = _renamed_copy(sample_json)
    with EmbeddedStore(db, writable=True) as store:
        store.load(rows_of({k: records[k] for k in ("documents", "tasks", "agencies")}))
    assert current_path(db) != before
    assert _documents(open_store(db)) == sorted(_expected(sample_rows) + ["copy:1"])
    assert not before.exists(), "the store of the old state is removed"


def test_a_half_built_store_is_never_used_and_a_dead_build_is_swept(db, sample_rows):
    side, store = side_path(db), current_path(db)
    side.mkdir()
    (side / MARK).write_text("", encoding="utf-8")
    store.mkdir()                                                           # a build cut off: no stamp
    leftover = side / f".{store.name}.{_dead_pid()}.tmp"                    # a build killed outright
    leftover.mkdir()
    assert _documents(open_store(db)) == _expected(sample_rows)
    assert (store / STAMP).is_file()
    assert not leftover.exists(), "the folder of a dead build is swept"


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


@pytest.mark.parametrize("make", ["file", "symlink", "folder"])
def test_what_is_not_our_side_store_is_refused_and_left_alone(db, tmp_path, make):
    side, target = side_path(db), tmp_path / "elsewhere"
    target.mkdir()
    (target / "keep.txt").write_text("keep", encoding="utf-8")
    if make == "file":
        side.write_text("keep", encoding="utf-8")
    elif make == "symlink":
        side.symlink_to(target, target_is_directory=True)
    else:
        side.mkdir()                                 # a folder without govgraph's mark
    with pytest.raises(StoreError, match="is not govgraph's SPARQL store .* refusing to touch it"):
        open_store(db)
    assert sorted(p.name for p in target.iterdir()) == ["keep.txt"]
    assert make != "file" or side.read_text(encoding="utf-8") == "keep"
    assert make != "folder" or list(side.iterdir()) == []


def test_a_db_that_is_no_store_is_refused_before_a_side_store(tmp_path):
    fake = tmp_path / "notes.db"
    fake.write_text("my notes", encoding="utf-8")
    with pytest.raises(StoreError, match="not a govgraph store"):
        open_store(fake)
    assert not side_path(fake).exists() and fake.read_text(encoding="utf-8") == "my notes"


def test_a_folder_that_cannot_be_written_gets_a_store_in_memory(db, sample_rows):
    os.chmod(db.parent, 0o555)
    try:
        proc = run_cli("sparql", DOCUMENTS, "--db", str(db), "-f", "csv", unprivileged=True)
    finally:
        os.chmod(db.parent, 0o755)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().split() == ["id", *_expected(sample_rows)]
    assert "cannot keep the SPARQL store beside" in proc.stderr.decode()
    assert not side_path(db).exists()


def test_the_cli_builds_and_reuses_the_side_store(db, sample_rows):
    for _ in range(2):
        proc = run_cli("sparql", "workload-by-role", "--db", str(db), "-f", "json")
        assert proc.returncode == 0, proc.stderr.decode()
        assert proc.stderr == b""
        rows = json.loads(proc.stdout)
        assert rows and rows[0]["total"] == max(r["total"] for r in rows) and isinstance(rows[0]["lead"], int)
    assert (current_path(db) / STAMP).is_file()


# --------------------------------------------------------------------------- queries and parameters


@pytest.fixture(scope="module")
def store(sample_rows):
    return memory_store(tables_of(sample_rows))


def test_ask_construct_and_failures(store, sample_rows):
    assert select(store, "ASK { ?t a gg:Task }", {}) == (["ask"], [(True,)])
    columns, rows = select(store, "CONSTRUCT { ?a gg:leads ?t } WHERE { ?a gg:leads ?t }", {})
    assert columns == ["subject", "predicate", "object"] and len(rows) == len(sample_rows.relations["LEADS"])
    with pytest.raises(QueryError, match=r"^SPARQL query failed: The custom function <http://x/f> is not supp"):
        select(store, "SELECT (<http://x/f>(?k) AS ?y) WHERE { ?s gg:key ?k }", {})
    with pytest.raises(QueryError, match=r"^bad SPARQL: Expected SelectQuery"):
        select(store, "SELECT ?s WHERE { ?s ?p }", {})


def test_a_parameter_binds_before_aggregation(store, sample_rows):
    agency = sample_rows.relations["LEADS"][0]["from"]
    leads = sum(r["from"] == agency for r in sample_rows.relations["LEADS"])
    assert 0 < leads < len(sample_rows.relations["LEADS"])
    query = "SELECT (COUNT(?t) AS ?n) WHERE { ?a gg:key ?agency ; gg:leads ?t }"
    assert select(store, query, {"agency": agency}) == (["n"], [(leads,)])


@pytest.mark.parametrize("value", ['x" } UNION { ?s ?p ?o } #', "a\\u0022b", "罗湖区\\财政局\n", "}{", 5])
def test_values_are_literals_never_query_text(store, value):
    columns, rows = select(store, "SELECT ?s WHERE { ?s gg:key ?agency }", {"agency": value})
    assert rows == []


def test_bound_finds_the_where_group_past_comments_strings_and_iris():
    text = ('PREFIX x: <http://x/a#>\n# a { comment\nSELECT ("{" AS ?b) (EXISTS { ?s ?p ?o } AS ?e)\n'
            'WHERE { ?s x:p ?agency }')
    assert bound(text, {"agency": "v"}).endswith('WHERE { VALUES ?agency { "v" }  ?s x:p ?agency }')
    construct = "CONSTRUCT { ?s ?p ?agency } WHERE { ?s ?p ?agency }"
    assert bound(construct, {"agency": "v"}) == ('CONSTRUCT { ?s ?p ?agency } WHERE { VALUES ?agency { "v" }  '
                                                 '?s ?p ?agency }')


def test_an_output_inside_the_side_store_is_refused(db):
    assert run_cli("sparql", "sub-units", "--db", str(db)).returncode == 0
    stamp = current_path(db) / STAMP
    before = stamp.read_bytes()
    proc = run_cli("sparql", "sub-units", "--db", str(db), "-o", str(stamp))
    assert proc.returncode == 2
    assert proc.stderr.decode() == (f"Error: {stamp}: is inside the SPARQL store {side_path(db)}; "
                                    "write the output elsewhere\n")
    assert stamp.read_bytes() == before


def test_parameters_in_a_construct_where_short_form_are_one_clear_error(store):
    with pytest.raises(QueryError, match=r"^the parameters cannot be bound in this query: .* write CONSTRUCT \{"):
        select(store, "CONSTRUCT WHERE { ?s gg:key ?k }", {"k": "x"})
    assert select(store, "CONSTRUCT { ?s gg:key ?k } WHERE { ?s gg:key ?k }", {"k": "罗湖区财政局"})[1]


def test_answers_are_plain_values_as_rdflib_gave_them(store, sample_rows):
    query = ("SELECT ?id ?date ?external ?n ?title WHERE { ?d a gg:Document ; gg:key ?id ; dcterms:issued ?date ; "
             "gg:external ?external ; gg:taskCount ?n ; dcterms:title ?title } ORDER BY ?id")
    expected = sorted((d["id"], d["date"], d["external"], d["task_count"], d["title"])
                      for d in sample_rows.nodes["Document"] if d["date"] and d["title"])
    assert expected and select(store, query, {})[1] == expected
    assert select(store, "SELECT (AVG(?n) AS ?mean) WHERE { ?d gg:taskCount ?n }", {})[1][0][0] == pytest.approx(
        sum(d["task_count"] for d in sample_rows.nodes["Document"]) / len(sample_rows.nodes["Document"]))
    columns, rows = select(store, "SELECT ?agency WHERE { ?agency a org:Organization }", {})
    assert rows and all(row[0].startswith("https://govgraph.example/id/agency/") for row in rows)


def test_two_first_calls_at_once_both_answer(db, sample_rows):
    from conftest import clean_env, govgraph_exe

    runs = [subprocess.Popen([govgraph_exe(), "sparql", DOCUMENTS, "--db", str(db), "-f", "csv"], env=clean_env(),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err.decode()
        assert out.decode().split() == ["id", *_expected(sample_rows)]
    assert sorted(p.name for p in side_path(db).iterdir()) == sorted([MARK, current_path(db).name])
