"""Views that read right: Chinese labels in people's tables, codes for programs; tables that
fit a terminal; the report's options as the workload's; duties; a document whose role words
gave no task shown as 未能解析 wherever a document's tasks are counted."""
from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest
from rich.cells import cell_len

from conftest import SAMPLE, invoke
from test_views import Page

UNREAD_PLAN = ("关于做好若干工作的通知\n各单位：\n一、加强管理。区财政局牵头负责的工作要抓紧研究，"
               "责任单位：区发改局等相关部门认真落实。\n")


@pytest.fixture(scope="module")
def unread_db(tmp_path_factory):
    """The sample and a plan whose role words give no task, in one store."""
    import govgraph as gg

    folder = tmp_path_factory.mktemp("unread")
    plan = folder / "plan.txt"
    plan.write_text(UNREAD_PLAN, encoding="utf-8")
    gg.build([SAMPLE, plan], folder / "g.db")
    return folder / "g.db"


def _text(path) -> str:
    return "".join(Page(path.read_text(encoding="utf-8")).text)


class _Tables(HTMLParser):
    """The page's tables as rows of cell texts."""

    def __init__(self, text: str):
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _ranking(path) -> list[list[str]]:
    """The rows of the report's workload ranking (the table headed 排名)."""
    tables = [t for t in _Tables(path.read_text(encoding="utf-8")).tables if t and t[0][:1] == ["排名"]]
    assert len(tables) == 1
    return tables[0][1:]


def test_a_document_left_unread_is_never_a_plan_without_tasks(unread_db, tmp_path):
    unread = "未能解析（牵头负责）"
    report = tmp_path / "r.html"
    assert invoke("report", "--db", unread_db, "-o", report).exit_code == 0
    assert unread in _text(report) and "1 个未能解析" in _text(report)
    on_screen = invoke("workload", "--db", unread_db, "--by", "document").stdout
    assert unread in on_screen
    assert unread in invoke("matrix", "--db", unread_db).stdout
    for name in ("m.md", "m.html"):
        assert invoke("matrix", "--db", unread_db, "-o", tmp_path / name).exit_code == 0
        assert unread in (tmp_path / name).read_text(encoding="utf-8")
    from openpyxl import load_workbook

    assert invoke("matrix", "--db", unread_db, "-o", tmp_path / "m.xlsx").exit_code == 0
    assert invoke("workload", "--db", unread_db, "--by", "document", "-o", tmp_path / "w.xlsx").exit_code == 0
    for sheet in (load_workbook(tmp_path / "m.xlsx")["文件统计"], load_workbook(tmp_path / "w.xlsx").active):
        assert any(unread in str(row[0]) for row in sheet.iter_rows(values_only=True))


def test_a_plan_without_role_words_is_just_zero(sample_db, tmp_path):
    report = tmp_path / "r.html"
    assert invoke("report", "--db", sample_db, "-o", report).exit_code == 0
    assert "未能解析" not in _text(report)        # the sample's statistics bulletin assigns nothing


def test_people_read_chinese_and_programs_read_codes(sample_db, tmp_path):
    from openpyxl import load_workbook

    report = tmp_path / "r.html"
    assert invoke("report", "--db", sample_db, "-o", report).exit_code == 0
    kinds = {row[2] for row in _ranking(report)}
    assert {"局委", "泛指单位", "党委部门"} <= kinds and not kinds & {"bureau", "collective", "party", "unknown"}
    assert "<h3>协作群组</h3>" in report.read_text(encoding="utf-8")
    network = invoke("network", "--db", sample_db).stdout
    assert "协作群组" in network and "社区" not in network and " bureau " not in network
    assert re.search(r"[│ ]否 *│", network) and re.search(r"[│ ]是 *│", network)      # the broker flag
    out = tmp_path / "w.xlsx"
    assert invoke("workload", "--db", sample_db, "-o", out).exit_code == 0
    assert "局委" in {r[1].value for r in load_workbook(out).active.iter_rows(min_row=2)}
    rows = list(csv.DictReader(io.StringIO(invoke("workload", "--db", sample_db, "-f", "csv").stdout)))
    assert rows and {"bureau", "collective"} <= {r["kind"] for r in rows}


@pytest.fixture
def terminal(monkeypatch):
    """Every rich console 100 columns wide, as a terminal of 100 columns."""
    from rich.console import Console

    real = Console
    monkeypatch.setattr("rich.console.Console", lambda **options: real(**{**options, "width": 100}))


def _fits(text: str) -> list[str]:
    lines = text.splitlines()
    assert lines and max(cell_len(line) for line in lines) <= 100
    return lines


def test_a_terminal_table_fits_a_100_column_terminal(sample_db, terminal):
    from govgraph.graph.embedded import EmbeddedStore
    from govgraph.queries.network import collaboration_network
    from govgraph.queries.workload import workload
    from govgraph.views import tables

    with EmbeddedStore(sample_db) as store:
        rows = workload(store, by="document", duties=True, rollup=True)
        network = collaboration_network(store)
    out = io.StringIO()
    tables.workload_table(rows, out)
    body = [line for line in _fits(out.getvalue()) if line.startswith("│")]
    assert body and len(body) == len(rows)          # a row is one line: nothing wrapped
    out = io.StringIO()
    tables.network_table(network, out)
    lines = _fits(out.getvalue())
    header = next(line for line in lines if line.startswith("┃"))
    assert "协作群组" in header and "特征向量" in header      # no header cut
    names = [line.split("│")[1].strip() for line in lines if line.startswith("│")][:len(network.agencies)]
    assert names == [a.name for a in network.agencies]       # each agency on one line, whole


def test_numbers_have_fixed_decimals(sample_db):
    from govgraph.views.tables import decimal

    assert [decimal(v) for v in (4.7e-05, 0.375286, 43.5, 2.0, 0.0)] == ["0.000047", "0.375286", "43.5", "2", "0"]
    out = invoke("network", "--db", sample_db).stdout
    assert "0." in out and not re.search(r"\de-\d", out)


def test_the_report_takes_the_workloads_options(sample_db, tmp_path):
    plain, other = tmp_path / "a.html", tmp_path / "b.html"
    assert invoke("report", "--db", sample_db, "-o", plain).exit_code == 0
    result = invoke("report", "--db", sample_db, "-o", other, "--weights", "support=2", "--exclude-collectives",
                    "--rollup")
    assert result.exit_code == 0, result.stderr
    before, after = _text(plain), _text(other)
    assert "协办/配合 × 0.5" in before and "协办/配合 × 2" in after
    ranking = [row[1] for row in _ranking(other)]
    assert ranking and "罗湖区各街道办事处" not in ranking and "罗湖区各街道办事处" in before
    assert "罗湖区文产办" not in ranking         # rolled up into 罗湖区文化体育局
    bad = invoke("report", "--db", sample_db, "-o", tmp_path / "c.html", "--weights", "boss=1")
    assert bad.exit_code == 2 and bad.stderr.startswith("Error: bad --weights item 'boss=1'")


def test_duties_in_the_workload_and_the_report(sample_db, sample_json, tmp_path):
    found = json.loads(invoke("workload", "--db", sample_db, "--duties", "-f", "json").stdout)
    assert sum(r["duties"] for r in found) == len(sample_json["duties"]) > 0
    duty_only = [r for r in found if r["duties"] and not r["tasks"]]
    assert duty_only                                # agencies with duties but no task get a row
    report = tmp_path / "r.html"
    assert invoke("report", "--db", sample_db, "-o", report).exit_code == 0
    text = _text(report)
    shown = [d for d in sample_json["duties"] if d["text"] in text]
    assert len(shown) == len(sample_json["duties"])     # every duty in its bureau's section
    plain = json.loads(invoke("workload", "--db", sample_db, "-f", "json").stdout)
    assert {r["duties"] for r in plain} == {None}   # asked for only


def test_year_is_the_documents_year_and_help_says_so(sample_db):
    help_text = invoke("workload", "--help").stdout
    assert "document's year" in help_text and "deadline-year" in help_text
    years = {r["group"] for r in json.loads(invoke("workload", "--db", sample_db, "--by", "year", "-f", "json").stdout)}
    by_deadline = {r["group"] for r in json.loads(
        invoke("workload", "--db", sample_db, "--by", "deadline-year", "-f", "json").stdout)}
    assert years == {"2014"} and {"2015", "无时限"} <= by_deadline


def test_no_task_is_one_rule_for_a_file_and_a_folder(tmp_path):
    """A file that gives no task is a warning in a folder that gives tasks, and an error
    alone: the command fails only when no input gives a task."""
    import shutil

    plan = tmp_path / "folder" / "plan.txt"
    plan.parent.mkdir()
    plan.write_text(UNREAD_PLAN, encoding="utf-8")
    alone = invoke("workload", plan, "-f", "csv")
    assert alone.exit_code == 1
    assert alone.stderr.strip().splitlines()[-1].startswith(f"Error: no tasks in {plan}: role words stand beside "
                                                            "agencies but could not be read (牵头负责)")
    shutil.copy(SAMPLE, plan.parent)
    folder = invoke("workload", plan.parent, "-f", "csv")
    assert folder.exit_code == 0 and f"Warning: {plan}: no tasks found" in folder.stderr
    assert "Error" not in folder.stderr and len(folder.stdout.splitlines()) > 50
