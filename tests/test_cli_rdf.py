"""``govgraph export rdf`` and ``govgraph sparql`` through the installed command.

The graph comes from ``--db``: the sample's extraction JSON (no store needed) and, when
``govgraph build`` is available, the embedded store built from it.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import run_cli
from govgraph.graph.rdf import to_rdf

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


def _err(proc) -> str:
    return proc.stderr.decode("utf-8")


@pytest.mark.parametrize("fmt, parser", [("turtle", "turtle"), ("json-ld", "json-ld"), ("nt", "nt")])
def test_export_writes_every_format(sample_json_path, sample_rows, tmp_path, fmt, parser):
    out = tmp_path / f"graph.{fmt}"
    proc = run_cli("export", "rdf", str(out), "--format", fmt, "--db", str(sample_json_path))
    assert proc.returncode == 0, _err(proc)
    assert _err(proc).endswith(f"triples written to {out}\n")
    assert isomorphic(Graph().parse(out, format=parser), to_rdf(sample_rows))


@pytest.mark.parametrize("name, parser", [("graph.ttl", "turtle"), ("graph.jsonld", "json-ld"),
                                          ("graph.JSON", "json-ld"), ("graph.nt", "nt")])
def test_export_takes_the_format_from_the_suffix(sample_json_path, sample_rows, tmp_path, name, parser):
    out = tmp_path / name
    proc = run_cli("export", "rdf", str(out), "--db", str(sample_json_path), "--no-validate")
    assert proc.returncode == 0, _err(proc)
    assert isomorphic(Graph().parse(out, format=parser), to_rdf(sample_rows))


def test_export_without_a_format_or_a_known_suffix_is_one_line(sample_json_path, tmp_path):
    out = tmp_path / "graph.rdf"
    proc = run_cli("export", "rdf", str(out), "--db", str(sample_json_path))
    assert proc.returncode == 2
    assert _err(proc) == (f"Error: cannot tell the RDF format of '{out}'; end it with .ttl, .jsonld, .json, .nt, "
                          "or give -f (turtle, json-ld, nt)\n")
    assert not out.exists()


def test_export_to_stdout(sample_json_path, sample_rows):
    proc = run_cli("export", "rdf", "-", "-f", "nt", "--db", str(sample_json_path))
    assert proc.returncode == 0, _err(proc)
    assert isomorphic(Graph().parse(data=proc.stdout.decode("utf-8"), format="nt"), to_rdf(sample_rows))


@pytest.fixture(scope="module")
def broken_json(sample_json, tmp_path_factory):
    """The sample with two tasks whose deadline is no date: the shapes must reject it."""
    data = json.loads(json.dumps(sample_json))
    for task in data["tasks"][:2]:
        task["deadline"] = "明年"
    path = tmp_path_factory.mktemp("broken") / "broken.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_export_refuses_a_graph_that_breaks_the_shapes(broken_json, tmp_path):
    out = tmp_path / "graph.ttl"
    out.write_text("keep me", encoding="utf-8")
    proc = run_cli("export", "rdf", str(out), "--db", str(broken_json))
    assert proc.returncode == 1
    lines = _err(proc).splitlines()
    assert len(lines) == 3
    assert all(line.startswith("Violation: task ") and " gg:deadline: " in line for line in lines[:2])
    assert lines[2] == ("Error: the graph breaks 2 SHACL constraint(s) of data/shapes.ttl; nothing was written "
                        "(--no-validate writes it anyway)")
    assert out.read_text(encoding="utf-8") == "keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"], "no temporary file left behind"


def test_no_validate_writes_it_anyway(broken_json, tmp_path):
    out = tmp_path / "graph.ttl"
    proc = run_cli("export", "rdf", str(out), "--no-validate", "--db", str(broken_json))
    assert proc.returncode == 0, _err(proc)
    assert '"明年"' in out.read_text(encoding="utf-8")


def test_sparql_named_query_as_json(sample_json_path, sample_rows):
    lead = sample_rows.relations["LEADS"][0]
    assert [r["to"] for r in sample_rows.relations["LEADS"]].count(lead["to"]) == 1
    proc = run_cli("sparql", "agencies-of-task", "-p", f"task={lead['to']}", "--db", str(sample_json_path),
                   "--format", "json")
    assert proc.returncode == 0, _err(proc)
    assert json.loads(proc.stdout)[0] == {"agency": lead["from"], "role": "lead", "role_word": lead["role_word"],
                                          "surface": lead["surface"]}


def test_sparql_text_with_a_parameter_to_a_csv_file(sample_json_path, tmp_path):
    out = tmp_path / "docs.csv"
    query = "SELECT ?id WHERE { ?d a gg:Document ; gg:key ?id ; dcterms:identifier ?number } ORDER BY ?id"
    proc = run_cli("sparql", query, "-p", "number=罗府〔2014〕10号", "--db", str(sample_json_path),
                   "-f", "csv", "-o", str(out))
    assert proc.returncode == 0, _err(proc)
    assert out.read_text(encoding="utf-8").splitlines() == ["id", "luohu-gazette-2014-04:2"]


def test_sparql_table(sample_json_path):
    proc = run_cli("sparql", "sub-units", "--db", str(sample_json_path))
    assert proc.returncode == 0, _err(proc)
    assert "parent" in proc.stdout.decode("utf-8") and proc.stdout.decode("utf-8").rstrip().endswith("3 rows")


ERRORS = [
    (["sparql", "SELECT ?s WHERE { ?s ?p }"], 1, "Error: bad SPARQL: Expected SelectQuery, found '?'"),
    (["sparql", "SELECT ?o WHERE { ?s nope:x ?o }"], 1, "Error: bad SPARQL: Unknown namespace prefix : nope"),
    (["sparql", "workld"], 1, "Error: unknown sparql query 'workld'; available: agencies-of-task, "),
    (["sparql", "tasks-of-agency"], 2, "Error: query 'tasks-of-agency' needs -p agency=… (an agency as written"),
    (["sparql", "sub-units", "-p", "agency=x"], 2,
     "Error: query 'sub-units' has no parameter 'agency'; it takes: none"),
    (["sparql", "SELECT ?s WHERE { ?s ?p ?o }", "-p", "x=1"], 2,
     "Error: parameter 'x' is not a variable of the query; write ?x in it"),
    (["sparql", "sub-units", "-p", "bad"], 2, "Error: bad parameter 'bad'; write it as name=value"),
    (["sparql", "sub-units", "-f", "xml"], 2, "Error: unknown format 'xml'; available: table, json, csv"),
    (["export", "rdf", "-", "-f", "rdfxml"], 2, "Error: unknown RDF format 'rdfxml'; available: turtle, json-ld, nt"),
]


@pytest.mark.parametrize("args, code, message", ERRORS, ids=lambda v: v if isinstance(v, str) else None)
def test_errors_are_one_line(sample_json_path, args, code, message):
    proc = run_cli(*args, "--db", str(sample_json_path))
    assert proc.returncode == code
    assert _err(proc).startswith(message) and _err(proc).count("\n") == 1, _err(proc)
    assert proc.stdout == b""


def test_a_missing_store_says_how_to_build_one(tmp_path):
    missing = tmp_path / "none.db"
    proc = run_cli("sparql", "sub-units", "--db", str(missing))
    assert proc.returncode == 1
    assert _err(proc) == (f"Error: {missing}: no graph store here; build one first: "
                          f"govgraph build INPUT --db {missing}\n")


def test_through_the_embedded_store(sample_json_path, sample_rows, tmp_path):
    db = tmp_path / "sample.db"
    assert run_cli("build", str(sample_json_path), "--db", str(db)).returncode == 0
    out = tmp_path / "graph.ttl"
    proc = run_cli("export", "rdf", str(out), "--db", str(db))
    assert proc.returncode == 0, _err(proc)
    assert isomorphic(Graph().parse(out, format="turtle"), to_rdf(sample_rows))
    proc = run_cli("sparql", "sub-units", "--db", str(db), "-f", "json")
    assert proc.returncode == 0, _err(proc)
    assert [(r["parent"], r["unit"]) for r in json.loads(proc.stdout)] == sorted(
        (r["to"], r["from"]) for r in sample_rows.relations["PART_OF"])


def test_start_up_imports_no_rdf_or_graph_library():
    code = "import sys, govgraph.cli; print(sorted({'rdflib', 'pyshacl', 'networkx'} & set(sys.modules)))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "[]"


def test_validate_sample_checks_a_few_documents_and_writes(sample_json_path, sample_rows, tmp_path):
    out = tmp_path / "graph.nt"
    proc = run_cli("export", "rdf", str(out), "--validate", "sample", "--db", str(sample_json_path))
    assert proc.returncode == 0, _err(proc)
    assert _err(proc).startswith("SHACL shapes checked on a sample: ") and _err(proc).count("\n") == 2
    assert isomorphic(Graph().parse(out, format="nt"), to_rdf(sample_rows))


@pytest.mark.parametrize("mode", ["full", "sample"])
def test_validate_full_or_sample_refuses_a_broken_graph(broken_json, tmp_path, mode):
    out = tmp_path / "graph.ttl"
    proc = run_cli("export", "rdf", str(out), "--validate", mode, "--db", str(broken_json))
    assert proc.returncode == 1
    assert "Violation: task " in _err(proc) and not out.exists()


def test_an_unknown_validate_mode_is_one_line(sample_json_path, tmp_path):
    proc = run_cli("export", "rdf", str(tmp_path / "g.nt"), "--validate", "some", "--db", str(sample_json_path))
    assert proc.returncode == 2
    assert _err(proc) == "Error: unknown --validate 'some'; available: auto, full, sample, none\n"


def test_json_ld_of_a_big_graph_is_refused_before_anything_is_written(sample_json_path, tmp_path, monkeypatch):
    from govgraph.commands import rdf as command
    from govgraph.errors import UsageError

    out = tmp_path / "graph.jsonld"
    monkeypatch.setattr(command, "JSONLD_ROWS", 100)
    with pytest.raises(UsageError, match=r"JSON-LD is made in memory and this graph has [\d,]+ rows \(at most 100\); "
                                         r"export \.nt or \.ttl, which are written as a stream"):
        command.run_export_rdf(str(out), None, sample_json_path, "none")
    assert not out.exists()
