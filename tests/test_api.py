"""The Python API (govgraph/api.py): its doctest runs on the bundled sample, and every call
takes an extraction, an extraction file or a store alike."""
from __future__ import annotations

import csv
import doctest
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "luohu-gazette-2014-04.txt"


def test_the_doctest_of_the_api(monkeypatch):
    import govgraph.api

    monkeypatch.chdir(ROOT)
    result = doctest.testmod(govgraph.api)
    assert result.attempted >= 8 and result.failed == 0


def test_import_govgraph_stays_light():
    code = "import sys, govgraph; print(govgraph.__version__); " \
           "print(sorted(m for m in ('networkx', 'jieba', 'rdflib') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}).stdout.split("\n")
    assert out[0] and out[1] == "[]"


def test_an_extraction_file_answers_as_the_extraction_does(tmp_path):
    import govgraph as gg
    from govgraph.records import write_jsonl

    x = gg.extract([SAMPLE])
    path = tmp_path / "sample.jsonl"
    with path.open("wb") as out:
        write_jsonl(x.results, lambda: x.agencies, out)
    table = gg.assignments(x)
    assert len(table) == 393 and table == gg.assignments(path)
    assert [w.agency for w in gg.workload(path)][:5] == [w.agency for w in gg.workload(x)][:5]
    assert gg.matrix(x) == gg.matrix(path)
    with pytest.raises(AttributeError):
        gg.no_such_call                                        # noqa: B018


def test_export_table_writes_one_row_per_assignment(tmp_path):
    from conftest import run_cli

    db = tmp_path / "g.db"
    assert run_cli("build", str(SAMPLE), "--db", str(db)).returncode == 0
    done = run_cli("export", "table", str(tmp_path / "t.csv"), "--db", str(db))
    assert done.returncode == 0 and b"393 assignments" in done.stderr
    raw = (tmp_path / "t.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())                      # Excel reads it as UTF-8
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(table) == 393 and table[0]["role_word"] == "主办单位" and table[0]["agency"] == "罗湖区重建局"
    import govgraph as gg

    assert [r["agency"] for r in table] == [r["agency"] for r in gg.assignments(gg.extract([SAMPLE]))]
    # an output that would replace the store is refused, in one line
    refused = run_cli("export", "table", str(db), "--db", str(db))
    assert refused.returncode != 0 and refused.stderr.count(b"\n") == 1


def test_sparql_and_cypher_answer_alike_through_the_api(tmp_path):
    import govgraph as gg

    db = tmp_path / "g.db"
    gg.build(SAMPLE, db)
    with gg.open_store(db) as store:
        cypher = store.query("workload-by-role")
    rdf = gg.sparql(db, "workload-by-role")
    assert len(cypher) > 50 and rdf == cypher
    assert gg.sparql(db, "tasks-of-agency", agency="罗湖区财政局") != []
