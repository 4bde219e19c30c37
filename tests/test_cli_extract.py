"""``govgraph extract`` and ``govgraph agencies`` end to end.

Error cases are an ``(args, exit code, message)`` table run in-process through typer's
``CliRunner`` (``conftest.invoke``: the app ``main()`` runs, with its error reporting); a
few paths also run the installed ``govgraph`` script in a subprocess (``conftest.run_cli``):
stdin, several worker processes, ``--help``.  Each error is exactly one line on stderr.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import SAMPLE, compact, invoke, run_cli

READ_HINT = "expected UTF-8/GB18030/UTF-16 text, .docx, .pdf or .html"
LEVELS = "central, province, city, district, street"

DOCUMENT_KEYS = {"id", "doc_number", "title", "notice_title", "issuer", "date", "kind", "source"}
TASK_KEYS = {"id", "document", "path", "heading", "text", "deadline", "deadline_text", "keywords",
             "span", "assignments"}
ASSIGNMENT_KEYS = {"agency", "role", "surface"}
AGENCY_KEYS = {"name", "aliases", "kind", "parent", "discovered"}

TWO_TASKS_THEN_CUT = """深圳市罗湖区促进电子商务发展行动计划（2014—2015年）

二、主要任务及分工

（五）优化电子商务发展环境

18. 强化电商专业培训工作

构建分级培训体系，针对电商知识普及、电商创业、传统企业电商应用、电商企业专业提升等不同需求，分类推动专业化、系列化电子商务培训工作。（主办单位：区人力资源局，协办单位：区科技创新局、区经济促进局、区投资推广局）

19. 加强电子商务统计

强化辖区电子商务数据统计分析工作，根据电子商务的特征建立电子商务产业统计报表制度和企业名录库，加强对电子商务企业的数据采集和分析。（主办单位：区科技创新局，协办单位：区统计局、区经济促进局"""

CUT_WARNING = ("Warning: 深圳市罗湖区促进电子商务发展行动计划（2014—2015年）: the text ends inside the "
               "annotation '（主办单位：区科技创新局，协办单位：区统计局、区经济促进局'; the file looks "
               "truncated, so its last task was left out")


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A folder of bad inputs (and one gazetteer with an error on line 3)."""
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n \t\n")
    (tmp_path / "binary.dat").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (tmp_path / "notask.txt").write_text("深圳市罗湖区人民政府关于加快信息化发展的若干意见\n\n"
                                         "一、指导思想\n\n以信息化带动城区治理现代化。\n", encoding="utf-8")
    # role words beside agencies, but the file is cut inside its only annotation
    (tmp_path / "cutonly.txt").write_text("湖北省人民政府关于优化营商环境的意见\n\n一、放开市场\n"
                                          "（一）提高市场开放程度。\n全面清理审批事项。（牵头单位：省发展改革委；"
                                          "责任单位：省编办、省", encoding="utf-8")
    (tmp_path / "emptydir").mkdir()
    (tmp_path / "bad.csv").write_text("name,aliases,kind,level,parent,jurisdiction\n"
                                      "区智慧城市办,,office,district,,深圳市罗湖区\n"
                                      "区数据局,,bureau,planet,,深圳市罗湖区\n", encoding="utf-8")
    (tmp_path / "notext.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "cut.txt").write_text(TWO_TASKS_THEN_CUT, encoding="utf-8")
    return tmp_path


ERRORS = [
    (["extract", "{d}/empty.txt"], 1, "Error: {d}/empty.txt: file is empty"),
    (["extract", "{d}/blank.txt"], 1, "Error: {d}/blank.txt: file is empty (only whitespace)"),
    (["extract", "{d}/binary.dat"], 1, f"Error: {{d}}/binary.dat: looks like a binary file, not text ({READ_HINT})"),
    (["extract", "{d}/image.txt"], 1, f"Error: {{d}}/image.txt: looks like a PNG image, not text ({READ_HINT})"),
    (["extract", "{d}/missing.txt"], 1, "Error: {d}/missing.txt: no such file or directory"),
    (["extract", "{d}/notask.txt"], 1,
     "Error: {d}/notask.txt: no tasks found (no 牵头单位/责任单位/主办单位… annotations)"),
    (["extract", "{d}/cutonly.txt"], 1,
     "Error: no tasks found in 1 input(s); 湖北省人民政府关于优化营商环境的意见: the text ends inside "
     "the annotation '（牵头单位：省发展改革委；责任单位：省编办、省'; the file looks truncated, so its last "
     "task was left out; {d}/cutonly.txt: no tasks found, though role words stand beside agencies: "
     "牵头单位 (line 5); `govgraph coverage` shows them in context"),
    (["extract", "{d}/emptydir"], 1,
     "Error: {d}/emptydir: no supported files found (.txt .text .md .docx .pdf .html .htm)"),
    (["extract", "{sample}", "--format", "xml"], 2, "Error: unknown format 'xml'; available: json, jsonl"),
    (["extract", "{sample}", "-o", "{d}/nodir/out.json"], 2,
     "Error: {d}/nodir/out.json: folder {d}/nodir does not exist; create it first"),
    (["extract", "{sample}", "-o", "{d}/emptydir"], 2,
     "Error: {d}/emptydir: is a directory; give a file name for the output"),
    (["extract", "{sample}", "-g", "{d}/bad.csv"], 1,
     f"Error: bad.csv:3: unknown level 'planet'; use one of {LEVELS}"),
    (["agencies", "{d}/missing.txt"], 1, "Error: {d}/missing.txt: no such file or directory"),
    (["agencies", "{d}/empty.txt"], 1, "Error: {d}/empty.txt: file is empty"),
    (["agencies", "{sample}", "-f", "xml"], 2, "Error: unknown format 'xml'; available: table, csv, json"),
    (["agencies", "{d}/notext.json"], 1, "Error: {d}/notext.json: not a govgraph extraction (no 'tasks' list)"),
]


@pytest.mark.parametrize("args, code, message", ERRORS, ids=[" ".join(a) for a, _, _ in ERRORS])
def test_error_is_one_clear_line(inputs, args, code, message):
    fill = dict(d=inputs, sample=SAMPLE)
    result = invoke(*[a.format(**fill) for a in args])
    assert result.exit_code == code
    assert result.stderr == message.format(**fill) + "\n"
    assert result.stdout == ""


@pytest.mark.parametrize("args", [["extract", "{d}/empty.txt"], ["extract", "{sample}", "-f", "xml"],
                                  ["agencies", "{d}/notext.json"]], ids=["input", "usage", "agencies"])
def test_in_process_runs_report_errors_as_the_installed_command_does(inputs, args):
    """``invoke`` is no softer than ``main()``: the same line on stderr, the same exit code."""
    args = [a.format(d=inputs, sample=SAMPLE) for a in args]
    proc, result = run_cli(*args), invoke(*args)
    assert proc.returncode == result.exit_code != 0
    assert proc.stderr.decode("utf-8") == result.stderr and result.stderr.count("\n") == 1
    assert proc.stdout == result.stdout_bytes == b""


def test_several_bad_inputs_and_no_good_one(inputs):
    result = invoke("extract", inputs / "empty.txt", inputs / "missing.txt")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: no tasks found in 2 input(s); ")
    assert f"{inputs}/empty.txt: file is empty" in lines[0]
    assert f"{inputs}/missing.txt: no such file or directory" in lines[0]


def test_cut_off_annotation_warns_but_succeeds(inputs, tmp_path):
    out = tmp_path / "out.json"
    result = invoke("extract", inputs / "cut.txt", "-o", out)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        CUT_WARNING, "1 documents, 1 tasks, 4 agencies from 1 file(s)"]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [t["path"] for t in data["tasks"]] == ["二/（五）/18"]


def test_good_and_bad_inputs_write_the_good_and_fail(inputs, tmp_path):
    out = tmp_path / "out.json"
    result = invoke("extract", SAMPLE, inputs / "empty.txt", "-o", out)
    assert result.exit_code == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (len(data["documents"]), len(data["tasks"])) == (7, 110)
    lines = result.stderr.splitlines()
    # the bad input is reported after the work, just before the summary
    assert lines[-2] == f"Error: {inputs}/empty.txt: file is empty"
    assert lines[-1].startswith("7 documents, 110 tasks, ")
    assert lines[-1].endswith(" from 1 file(s); 1 input(s) failed")


def test_failed_extraction_leaves_existing_output_alone(inputs, tmp_path):
    folder = tmp_path / "results"
    folder.mkdir()
    out = folder / "out.json"
    out.write_bytes(b'{"tasks": ["precious"]}\n')
    before = sorted(os.listdir(folder))
    for bad in ("empty.txt", "notask.txt", "binary.dat"):
        result = invoke("extract", inputs / bad, "-o", out)
        assert result.exit_code == 1
        assert out.read_bytes() == b'{"tasks": ["precious"]}\n'
        assert sorted(os.listdir(folder)) == before          # no temporary files left behind


def test_failed_extraction_creates_no_output(inputs, tmp_path):
    out = tmp_path / "new.json"
    assert invoke("extract", inputs / "empty.txt", "-o", out).exit_code == 1
    assert not out.exists()
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_successful_extraction_replaces_output_and_leaves_no_temp_files(tmp_path):
    out = tmp_path / "out.json"
    out.write_text("old", encoding="utf-8")
    assert invoke("extract", SAMPLE, "-o", out).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["tasks"]
    assert os.listdir(tmp_path) == ["out.json"]


def test_output_to_stdout(tmp_path):
    result = invoke("extract", SAMPLE, "--no-keywords")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert len(data["tasks"]) == 110
    assert all(t["keywords"] == [] for t in data["tasks"])
    assert result.stderr.splitlines()[-1].startswith("7 documents, 110 tasks, ")


# --------------------------------------------------------------------------- the contract


def test_json_output_is_utf8_without_escapes(sample_json_path):
    raw = sample_json_path.read_bytes()
    text = raw.decode("utf-8")
    assert "\\u" not in text
    assert "罗湖区科技创新局" in text
    json.loads(text)


def test_json_output_has_the_contract_keys(sample_json):
    assert {"documents", "tasks", "agencies"} <= set(sample_json)
    assert len(sample_json["documents"]) == 7 and len(sample_json["tasks"]) == 110
    doc_ids = set()
    for doc in sample_json["documents"]:
        assert DOCUMENT_KEYS <= set(doc), DOCUMENT_KEYS - set(doc)
        doc_ids.add(doc["id"])
        assert doc["source"] == str(SAMPLE)
    names = {a["name"] for a in sample_json["agencies"]}
    for task in sample_json["tasks"]:
        assert TASK_KEYS <= set(task), TASK_KEYS - set(task)
        assert task["document"] in doc_ids
        assert isinstance(task["span"], list) and len(task["span"]) == 2
        assert isinstance(task["keywords"], list) and len(task["keywords"]) <= 5
        assert task["assignments"]
        for assignment in task["assignments"]:
            assert ASSIGNMENT_KEYS <= set(assignment)
            assert assignment["role"] in ("lead", "support", "responsible")
            assert assignment["agency"] in names
    assert sample_json["agencies"]
    for agency in sample_json["agencies"]:
        assert AGENCY_KEYS <= set(agency), AGENCY_KEYS - set(agency)
        assert isinstance(agency["aliases"], list) and isinstance(agency["discovered"], bool)
        assert agency["parent"] is None or agency["parent"] in names


def test_json_spans_point_into_the_source(sample_json, sample_text):
    assert len(sample_json["tasks"]) == 110
    for task in sample_json["tasks"]:
        start, end = task["span"]
        assert compact(sample_text[start:end]) == compact(task["text"])


def test_json_matches_the_library(sample_json, sample_extraction):
    """The command writes what the library extracts (structure, not formatting)."""
    got = [(t["id"], t["path"], t["text"], t["deadline"],
            [(a["agency"], a["role"], a["surface"]) for a in t["assignments"]])
           for t in sample_json["tasks"]]
    want = [(t.id, t.path, t.text, t.deadline, [(a.agency, a.role, a.surface) for a in t.assignments])
            for t in sample_extraction.tasks]
    assert got == want


def test_jsonl_is_one_typed_record_per_line(tmp_path, sample_json):
    out = tmp_path / "out.jsonl"
    assert invoke("extract", SAMPLE, "--format", "jsonl", "-o", out).exit_code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert all(isinstance(r, dict) and "type" in r for r in records)
    kinds = [r["type"] for r in records]
    assert kinds.count("document") == 7 and kinds.count("task") == 110
    assert kinds.count("agency") == len(sample_json["agencies"])
    assert kinds[0] == "document"
    tasks = [r for r in records if r["type"] == "task"]
    assert [t["id"] for t in tasks] == [t["id"] for t in sample_json["tasks"]]
    assert all(TASK_KEYS <= set(t) for t in tasks)


def test_stdin_end_to_end():
    proc = run_cli("extract", "-", "--format", "jsonl", input=SAMPLE.read_bytes())
    assert proc.returncode == 0, proc.stderr.decode()
    records = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    documents = [r for r in records if r["type"] == "document"]
    assert [d["id"] for d in documents] == [f"stdin:{i}" for i in range(1, 8)]
    assert {d["source"] for d in documents} == {"-"}
    assert sum(r["type"] == "task" for r in records) == 110


def test_stdin_through_the_runner():
    result = invoke("extract", "-", input=SAMPLE.read_bytes())
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["tasks"]) == 110


def test_several_processes_write_what_one_writes(tmp_path):
    """Batches extracted in worker processes, with their agency registries merged in input
    order, give the very bytes one process gives."""
    fixtures = sorted((Path(__file__).parent / "fixtures" / "genre").glob("*.txt"))
    one, two = tmp_path / "workers1.jsonl", tmp_path / "workers2.jsonl"
    result = invoke("extract", SAMPLE, *fixtures, "--workers", "1", "--format", "jsonl", "-o", one)
    assert result.exit_code == 0, result.stderr
    proc = run_cli("extract", str(SAMPLE), *map(str, fixtures), "--workers", "2", "--format", "jsonl",
                   "-o", str(two))          # the installed command, forking its workers
    assert proc.returncode == 0, proc.stderr.decode()
    outputs = [one.read_bytes(), two.read_bytes()]
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b'"type":"document"') > len(fixtures)


@pytest.mark.parametrize("enabled", [True, False])
def test_extraction_leaves_the_cycle_collector_as_it_found_it(enabled):
    import gc

    from govgraph.extract import extract

    (gc.enable if enabled else gc.disable)()
    try:
        assert len(extract([str(SAMPLE)]).tasks) == 110
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_directory_input_is_searched_recursively(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "2014" / "april").mkdir(parents=True)
    (corpus / "notes").mkdir()
    shutil.copy(SAMPLE, corpus / "2014" / "april" / "gazette.txt")
    (corpus / "notes" / "plan.md").write_text(
        "罗府办〔2014〕21号\n\n罗湖区2014年政务公开工作要点\n\n"
        "一、推进财政预决算公开。（牵头单位：区财政局；完成时间：2014年底）\n\n"
        "深圳市罗湖区人民政府办公室\n2014年6月10日\n", encoding="utf-8")
    (corpus / "notes" / "table.csv").write_text("a,b\n", encoding="utf-8")         # not a supported input
    (corpus / ".hidden.txt").write_text("（牵头单位：区财政局）", encoding="utf-8")   # hidden: skipped
    out = tmp_path / "out.json"
    result = invoke("extract", corpus, "-o", out)
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    sources = {d["source"] for d in data["documents"]}
    assert sources == {str(corpus / "2014" / "april" / "gazette.txt"), str(corpus / "notes" / "plan.md")}
    assert len(data["tasks"]) == 111
    assert result.stderr.splitlines()[-1].startswith("8 documents, 111 tasks, ")


def test_gb18030_copy_gives_the_same_tasks(tmp_path, sample_json, sample_text):
    data = sample_text.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    path = tmp_path / "gazette-gbk.txt"
    path.write_bytes(data)
    out = tmp_path / "gb.json"
    result = invoke("extract", path, "-o", out)
    assert result.exit_code == 0, result.stderr
    got = json.loads(out.read_text(encoding="utf-8"))

    def key(t):
        return (t["path"], t["text"], t["span"], t["deadline"], t["keywords"],
                [(a["agency"], a["role"], a["surface"]) for a in t["assignments"]])

    assert [key(t) for t in got["tasks"]] == [key(t) for t in sample_json["tasks"]]
    assert [d["title"] for d in got["documents"]] == [d["title"] for d in sample_json["documents"]]


def test_user_gazetteer_option(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text("深圳市罗湖区人民政府关于加快信息化发展的若干意见\n\n"
                    "一、建设智慧城市运行中心。（牵头单位：区智慧城市办）\n", encoding="utf-8")
    gazetteer = tmp_path / "mine.csv"
    gazetteer.write_text("name,aliases,kind,level,parent,jurisdiction\n"
                         "区智慧城市办,,office,district,,深圳市罗湖区\n", encoding="utf-8")
    plain = json.loads(invoke("extract", plan).stdout)
    mine = json.loads(invoke("extract", plan, "-g", gazetteer).stdout)

    def smart_city(data):
        return [(a["name"], a["discovered"], a["kind"]) for a in data["agencies"] if "智慧城市" in a["name"]]

    assert smart_city(plain) == [("罗湖区智慧城市办", True, "unknown")]
    assert smart_city(mine) == [("罗湖区智慧城市办", False, "office")]


# --------------------------------------------------------------------------- agencies


def test_agencies_discovered_csv(sample_json):
    result = invoke("agencies", SAMPLE, "--discovered", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows, "the sample names bodies the gazetteer does not know"
    assert list(rows[0]) == ["name", "kind", "level", "parent", "discovered", "mentions", "aliases", "example"]
    for row in rows:
        assert row["discovered"] == "true"          # codes for programs; the screen table says 是/否
        assert int(row["mentions"]) >= 1
        assert row["example"]
    counts = [int(r["mentions"]) for r in rows]
    assert counts == sorted(counts, reverse=True)
    expected = {a["name"] for a in sample_json["agencies"] if a["discovered"]}
    assert {r["name"] for r in rows} == expected


def test_agencies_discovered_table_keeps_names_whole_when_piped(sample_json):
    result = invoke("agencies", SAMPLE, "--discovered")        # stdout is no terminal
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    discovered = [a["name"] for a in sample_json["agencies"] if a["discovered"]]
    assert discovered, "the sample names bodies the gazetteer does not know"
    assert text.rstrip().splitlines()[-1] == f"{len(discovered)} 个机构"
    assert "出现次数" in text and "例句" in text and "新发现" in text and "是" in text     # Chinese, as people read it
    assert "bureau" not in text and "yes" not in text
    for name in discovered:
        assert name in text, name


def test_agencies_reads_an_extraction_file(sample_json_path, sample_json, tmp_path):
    result = invoke("agencies", sample_json_path, "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert {r["name"] for r in rows} == {a["name"] for a in sample_json["agencies"]}
    jsonl = tmp_path / "out.jsonl"
    assert invoke("extract", SAMPLE, "-f", "jsonl", "-o", jsonl).exit_code == 0
    again = json.loads(invoke("agencies", jsonl, "--format", "json").stdout)
    assert sorted(r["name"] for r in again) == sorted(r["name"] for r in rows)


def test_agencies_from_text_and_from_json_agree(sample_json_path):
    from_text = json.loads(invoke("agencies", SAMPLE, "-f", "json").stdout)
    from_json = json.loads(invoke("agencies", sample_json_path, "-f", "json").stdout)
    assert {(r["name"], r["discovered"]) for r in from_text} == \
        {(r["name"], r["discovered"]) for r in from_json}


# --------------------------------------------------------------------------- help


@pytest.mark.parametrize("args, words", [
    (["--help"], ["Usage", "extract", "agencies"]),
    (["extract", "--help"], ["Usage", "--output", "--format", "--gazetteer"]),
    (["agencies", "--help"], ["Usage", "--discovered", "--format"]),
])
def test_help(args, words):
    result = invoke(*args)
    assert result.exit_code == 0
    for word in words:
        assert word in result.stdout


def test_help_of_the_installed_command():
    proc = run_cli("--help")
    assert proc.returncode == 0
    assert b"extract" in proc.stdout and b"agencies" in proc.stdout
