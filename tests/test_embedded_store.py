"""The embedded store (LadybugDB) on the real engine: loading, reading back, replacing
documents, merging agencies, refusing what is not a govgraph store, one-line errors."""
from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest

from conftest import only, rows_of, table_rows
from govgraph.errors import QueryError, StoreError
from govgraph.graph.embedded import META, EmbeddedStore
from govgraph.graph.rows import GraphRows
from govgraph.graph.schema import ROLE_RELATIONS


def loaded(path: Path, *record_sets: dict) -> GraphRows:
    """Load each record set in turn into the store at ``path``; the graph it then holds."""
    with EmbeddedStore(path, writable=True) as store:
        for records in record_sets:
            store.load(rows_of(records))
        return store.rows()


def fingerprint(path: Path) -> dict[str, str]:
    """Every file under ``path`` (or the file itself) with the hash of its bytes."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return {str(f): hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


# --------------------------------------------------------------------------- the sample


def test_the_sample_reads_back_exactly_as_loaded(sample_db, sample_rows):
    with EmbeddedStore(sample_db) as store:
        assert store.counts() == sample_rows.counts()
        assert table_rows(store.rows()) == table_rows(sample_rows)


def test_counts_equal_the_extraction(sample_db, sample_json):
    roles = Counter(a["role"] for t in sample_json["tasks"] for a in t["assignments"])
    with EmbeddedStore(sample_db) as store:
        counts = store.counts()
        documents = store.run("MATCH (d:Document) WHERE NOT d.external RETURN count(d)").rows[0][0]
    assert documents == len(sample_json["documents"])
    assert counts["Task"] == len(sample_json["tasks"])
    assert counts["Agency"] == len(sample_json["agencies"])
    assert {role: counts[ROLE_RELATIONS[role]] for role in roles} == roles
    assert counts["HAS_DUTY"] == len(sample_json["duties"])


# --------------------------------------------------------------------------- re-loading


def test_building_the_same_input_twice_leaves_the_same_graph(tmp_path, sample_json, sample_rows):
    once = loaded(tmp_path / "g.db", sample_json)
    twice = loaded(tmp_path / "g.db", sample_json)
    assert table_rows(twice) == table_rows(once) == table_rows(sample_rows)


def test_a_second_document_adds_only_itself(tmp_path, sample_json):
    first, second = [d["id"] for d in sample_json["documents"] if d["task_count"]][:2]
    before = loaded(tmp_path / "g.db", only(sample_json, {first}))
    after = loaded(tmp_path / "g.db", only(sample_json, {second}))
    added = rows_of(only(sample_json, {second}))
    for name in ("Task", "Section", "LEADS", "SUPPORTS", "RESPONSIBLE_FOR", "TASK_IN_SECTION",
                 "SECTION_IN_SECTION", "SECTION_IN_DOCUMENT", "ISSUED_BY", "HAS_DUTY", "CITES"):
        assert sorted(table_rows(after)[name]) == sorted(table_rows(before)[name] + table_rows(added)[name]), name
    names = lambda rows: {a["name"] for a in rows.nodes["Agency"]}  # noqa: E731
    assert names(after) == names(before) | names(added)


def test_documents_loaded_one_by_one_equal_one_build(tmp_path, sample_json, sample_rows):
    """Each agency's mentions go to the first load that names it, so their sum is the extraction's."""
    documents = [d["id"] for d in sample_json["documents"]]
    record_sets, seen = [], set()
    for doc in documents:
        part = only(sample_json, {doc})
        part["agencies"] = [a if a["name"] not in seen else {**a, "mentions": 0} for a in part["agencies"]]
        seen |= {a["name"] for a in part["agencies"]}
        record_sets.append(part)
    record_sets[0]["agencies"] += [a for a in sample_json["agencies"] if a["name"] not in seen]
    assert table_rows(loaded(tmp_path / "g.db", *record_sets)) == table_rows(sample_rows)


def test_reloading_a_changed_document_replaces_it(tmp_path, sample_json):
    doc = next(d["id"] for d in sample_json["documents"] if d["task_count"] > 2)
    original = only(sample_json, {doc})
    changed = only(sample_json, {doc})
    del changed["tasks"][0]                                     # a task the new extraction lost
    changed["tasks"][1]["assignments"] = changed["tasks"][1]["assignments"][:1]
    for agency in changed["agencies"]:
        agency["aliases"] = agency["aliases"][:1]
    loaded(tmp_path / "g.db", original)
    assert table_rows(loaded(tmp_path / "g.db", changed)) == table_rows(rows_of(changed))


def _document(doc_id: str, number: str | None = None, cites: tuple[str, ...] = ()) -> dict:
    return {"id": doc_id, "doc_number": number, "title": f"title of {doc_id}", "source": f"{doc_id}.txt",
            "task_count": 0, "span": [0, 10], "issued_by": [], "sections": [],
            "references": [{"relation": "cites", "title": None, "doc_number": n, "span": [i, i + 5]}
                           for i, n in enumerate(cites)]}


def _records(*documents: dict) -> dict:
    return {"documents": list(documents), "tasks": [], "duties": [], "agencies": []}


def test_a_citation_finds_its_document_whichever_is_loaded_first(tmp_path):
    cited, citer = _document("a", number="罗府〔2014〕1号"), _document("b", cites=("罗府〔2014〕1号", "深府〔2011〕165号"))
    a, b = _records(cited), _records(citer)
    both = rows_of(_records(cited, citer))
    assert {r["to"] for r in both.relations["CITES"]} == {"a", "ref:深府〔2011〕165号"}
    assert table_rows(loaded(tmp_path / "ab.db", a, b)) == table_rows(both)
    assert table_rows(loaded(tmp_path / "ba.db", b, a)) == table_rows(both)
    assert table_rows(loaded(tmp_path / "ba.db", b)) == table_rows(both)       # reloading the citer
    assert table_rows(loaded(tmp_path / "ba.db", a)) == table_rows(both)       # reloading the cited


def test_a_stand_in_nothing_cites_any_more_goes(tmp_path):
    loaded(tmp_path / "g.db", _records(_document("b", cites=("深府〔2011〕165号",))))
    rows = loaded(tmp_path / "g.db", _records(_document("b")))
    assert [d["id"] for d in rows.nodes["Document"]] == ["b"]


def test_awkward_values_survive_the_bulk_path(tmp_path, sample_json):
    """Quotes, commas, line breaks, backslashes, empty strings next to NULLs, empty lists."""
    records = only(sample_json, {sample_json["tasks"][0]["document"]})
    task = records["tasks"][0]
    task.update(text='say "hi", then\r\nnew line \\ back\\slash ;,', heading="", deadline=None,
                keywords=["a,b", "c;d", '"q"', ""], leaders=[])
    records["agencies"][0]["aliases"] = ["x\ny", "z\\"]
    assert table_rows(loaded(tmp_path / "g.db", records)) == table_rows(rows_of(records))


def test_a_failed_load_changes_nothing(tmp_path, sample_json):
    doc = sample_json["documents"][1]["id"]
    before = loaded(tmp_path / "g.db", only(sample_json, {doc}))
    broken = only(sample_json, {doc})
    broken["tasks"][0]["assignments"][0]["agency"] = "不存在的机构"   # names no agency record
    with pytest.raises(StoreError):
        loaded(tmp_path / "g.db", broken)
    with EmbeddedStore(tmp_path / "g.db") as store:
        assert table_rows(store.rows()) == table_rows(before)


# --------------------------------------------------------------------------- refusing


def _foreign_ladybug(path: Path) -> None:
    import ladybug

    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    conn.execute("CREATE NODE TABLE Person(name STRING, PRIMARY KEY(name))")
    conn.execute("CREATE (:Person {name: 'Ada'})")
    conn.close()
    db.close()


FOREIGN = {
    "text file": lambda p: p.write_text("not a graph\n", encoding="utf-8"),
    "empty file": lambda p: p.write_bytes(b""),
    "folder": lambda p: (p.mkdir(), (p / "notes.txt").write_text("keep me")),
    "other LadybugDB": _foreign_ladybug,
}


@pytest.mark.parametrize("kind", FOREIGN)
@pytest.mark.parametrize("writable", [False, True])
def test_a_path_that_is_not_a_govgraph_store_is_refused_untouched(tmp_path, kind, writable):
    path = tmp_path / "target"
    FOREIGN[kind](path)
    before, listing = fingerprint(path), sorted(tmp_path.iterdir())
    with pytest.raises(StoreError, match="not a govgraph store") as info:
        EmbeddedStore(path, writable=writable)
    assert "\n" not in str(info.value)
    assert fingerprint(path) == before
    assert sorted(tmp_path.iterdir()) == listing


def test_a_store_of_another_schema_is_refused(tmp_path):
    import ladybug

    path = tmp_path / "old.db"
    EmbeddedStore(path, writable=True).close()
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    conn.execute(f"MATCH (m:{META}) DELETE m")
    conn.execute(f"CREATE (:{META} {{fingerprint: 'older'}})")
    conn.close()
    db.close()
    with pytest.raises(StoreError, match="another version of govgraph's graph schema"):
        EmbeddedStore(path)


def test_a_missing_store_is_not_made_by_a_reader(tmp_path):
    with pytest.raises(StoreError, match="no graph store here; build one first"):
        EmbeddedStore(tmp_path / "none.db")
    assert not (tmp_path / "none.db").exists()


def test_a_new_store_leaves_no_temporary_files(tmp_path):
    EmbeddedStore(tmp_path / "new.db", writable=True).close()
    assert [p.name for p in tmp_path.iterdir()] == ["new.db"]


# --------------------------------------------------------------------------- queries


@pytest.mark.parametrize("text, words", [
    ("MATCH (a RETURN a", "Parser exception"),
    ("MATCH (a:Agency) RETURN a.nme", "Cannot find property nme"),
    ("MATCH (a)-[:IN]->(b) RETURN a", "write the relationship type as `IN`"),
    ("CREATE (:Agency {name: 'x'})", "read-only"),
])
def test_a_bad_query_is_one_line_with_the_engines_words(sample_db, text, words):
    with EmbeddedStore(sample_db) as store, pytest.raises(QueryError) as info:
        store.run(text)
    assert words in str(info.value)
    assert "\n" not in str(info.value)


def test_nodes_and_relations_come_back_as_plain_dicts(sample_db):
    with EmbeddedStore(sample_db) as store:
        node, rel = store.run("MATCH (a:Agency)-[r:LEADS]->(:Task) RETURN a, r LIMIT 1").rows[0]
    assert node["_label"] == "Agency" and isinstance(node["name"], str)
    assert rel["_type"] == "LEADS" and isinstance(rel["start"], int)
    assert not any(k in node for k in ("_ID", "_LABEL"))
