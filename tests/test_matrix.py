"""Responsibility matrices: the XLSX an analyst hands on, checked mark by mark against the gold."""
from __future__ import annotations

import csv
import json
import io

import pytest

from conftest import run_cli
from test_views import Page
from gold_names import gold_agency_of, gold_roles, gold_task_of
from govgraph.graph.embedded import EmbeddedStore
from govgraph.queries.matrix import MARKS, responsibility_matrix
from govgraph.views.style import ROLE_COLOURS

MATRIX_TOP = 6      # the header rows above the agencies: 文件, 路径, 任务, 完成时限, 任务ID, 编号


@pytest.fixture(scope="module")
def matrix(sample_db):
    with EmbeddedStore(sample_db) as store:
        return responsibility_matrix(store)


@pytest.fixture(scope="module")
def workbook(sample_db, tmp_path_factory):
    from openpyxl import load_workbook

    out = tmp_path_factory.mktemp("matrix") / "matrix.xlsx"
    proc = run_cli("matrix", "--db", str(sample_db), "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    return load_workbook(out)


def test_sheets(workbook):
    assert workbook.sheetnames == ["责任矩阵", "任务", "文件统计"]


def test_rows_are_agencies_and_columns_are_the_sample_tasks(workbook, sample_json, gold):
    sheet = workbook["责任矩阵"]
    numbers = [c.value for c in sheet[MATRIX_TOP]][1:1 + len(sample_json["tasks"])]
    assert numbers == list(range(1, len(sample_json["tasks"]) + 1))
    agencies = [row[0].value for row in sheet.iter_rows(min_row=MATRIX_TOP + 1)][:-1]
    assert sheet.cell(MATRIX_TOP + 1 + len(agencies), 1).value == "单位数"
    names = gold_agency_of(gold, sample_json["agencies"])
    assert sorted(names[a] for a in agencies) == sorted({a for t in gold_roles(gold).values() for a in t})


def test_every_mark_matches_the_gold(workbook, sample_json, gold):
    """Each task column holds exactly the gold's agencies of that task, with their roles."""
    sheet, tasks = workbook["责任矩阵"], workbook["任务"]
    header = [c.value for c in tasks[1]]
    text_of = {row[0]: row[header.index("任务内容")] for row in tasks.iter_rows(min_row=2, values_only=True)}
    column_of = {c.value: c.column for c in sheet[MATRIX_TOP] if isinstance(c.value, int)}
    names = gold_agency_of(gold, sample_json["agencies"])
    rows = {names[row[0].value]: row[0].row for row in sheet.iter_rows(min_row=MATRIX_TOP + 1)
            if row[0].value in names}
    checked = 0
    for task, number in gold_task_of(gold, text_of).items():
        expected = {agency: "".join(mark for role, mark in MARKS.items() if role in roles)
                    for agency, roles in gold_roles(gold)[task].items()}
        found = {agency: sheet.cell(row, column_of[number]).value for agency, row in rows.items()
                 if sheet.cell(row, column_of[number]).value}
        assert found == expected, task
        checked += 1
    assert checked == len(gold["tasks"]) == 110


def test_an_analyst_can_read_it(workbook, matrix):
    sheet = workbook["责任矩阵"]
    assert sheet.freeze_panes == f"B{MATRIX_TOP + 1}"
    assert sheet.auto_filter.ref.startswith(f"A{MATRIX_TOP}:")
    ids = [c.value for c in sheet[MATRIX_TOP - 1]][1:len(matrix.tasks) + 1]
    assert ids == [t.id for t in matrix.tasks]          # each column carries its task's id
    assert sheet.column_dimensions["A"].width >= 16 and sheet.column_dimensions["B"].width < 8
    lead = next(c for row in sheet.iter_rows(min_row=MATRIX_TOP + 1) for c in row if c.value == "主")
    assert lead.fill.fgColor.rgb.endswith(ROLE_COLOURS["lead"].lstrip("#").upper())
    support = next(c for row in sheet.iter_rows(min_row=MATRIX_TOP + 1) for c in row if c.value == "协")
    assert support.fill.fgColor.rgb.endswith(ROLE_COLOURS["support"].lstrip("#").upper())
    totals = [c.value for c in sheet[MATRIX_TOP]][-4:]
    assert totals == ["主", "协", "责", "合计"]
    first = matrix.agencies[0]
    row = [c.value for c in sheet[MATRIX_TOP + 1]]
    assert row[0] == first and row[-4:-1] == list(matrix.role_counts(first).values())
    tasks = workbook["任务"]
    assert [c.value for c in tasks[1]][:8] == ["编号", "任务ID", "文件", "路径", "标题", "任务内容", "分工原文", "完成时限"]
    counts = workbook["文件统计"]
    assert [c.value for c in counts[1]] == ["机构", *matrix.documents, "合计"]


def test_document_counts(matrix, sample_json):
    numbers = {d["id"]: d["doc_number"] for d in sample_json["documents"]}
    assert len(matrix.agencies) >= 5 and len(matrix.documents) == 4
    for agency in matrix.agencies[:5]:
        held = [t for t in sample_json["tasks"] if any(a["agency"] == agency for a in t["assignments"])]
        for document in matrix.documents:
            assert matrix.document_count(agency, document) == sum(1 for t in held if numbers[t["document"]] == document)


def test_csv_markdown_and_html(sample_json_path, matrix, tmp_path):
    for name in ("m.csv", "m.md", "m.html"):
        proc = run_cli("matrix", str(sample_json_path), "-o", str(tmp_path / name))
        assert proc.returncode == 0, proc.stderr.decode()
    rows = list(csv.reader(io.StringIO((tmp_path / "m.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 1 + len(matrix.agencies) and len(rows[0]) == 1 + len(matrix.tasks) + 3
    assert rows[1][0] == matrix.agencies[0]
    ids = [t["id"] for t in json.loads(sample_json_path.read_text(encoding="utf-8"))["tasks"]]
    assert ids and rows[0][1:-3] == ids         # each task column is headed by its id in tasks.json
    markdown = (tmp_path / "m.md").read_text(encoding="utf-8")
    assert markdown.count(f"| {matrix.agencies[0]} |") == 2     # the matrix and the document counts
    page = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert page.count('<td class="mark lead">主</td>') == list(matrix.roles.values()).count(("lead",))
    assert page.count('<td class="mark lead">主协</td>') == 1      # 重建局 leads and supports one task


def test_on_screen_counts_per_document(sample_json_path):
    proc = run_cli("matrix", str(sample_json_path))
    assert proc.returncode == 0
    assert "罗府〔2014〕10号" in proc.stdout.decode() and "govgraph matrix -o matrix.xlsx" in proc.stdout.decode()


def test_a_matrix_wider_than_a_sheet_goes_long_and_continues_past_the_last_row(matrix, tmp_path, monkeypatch):
    """Past the columns a sheet holds, one row per agency, task and role; past its rows, the next sheet."""
    from openpyxl import load_workbook

    from govgraph.views import xlsx

    monkeypatch.setattr(xlsx, "WIDE_TASKS", len(matrix.tasks) - 1)
    monkeypatch.setattr(xlsx, "EXCEL_ROWS", 300)
    with open(tmp_path / "long.xlsx", "wb") as out:
        xlsx.matrix_xlsx(matrix, out)
    book = load_workbook(tmp_path / "long.xlsx")
    assert book.sheetnames == ["责任矩阵", "责任矩阵 2", "任务", "文件统计"]
    first = book["责任矩阵"]
    assert [c.value for c in first[1]] == ["机构", "角色", "编号"] and first.freeze_panes == "B2"
    assert first.max_row == 300
    rows = [row for name in ("责任矩阵", "责任矩阵 2") for row in book[name].iter_rows(min_row=2, values_only=True)]
    numbers = {t.id: t.number for t in matrix.tasks}
    expected = [(agency, MARKS[role], numbers[task]) for (agency, task), roles in matrix.roles.items() for role in roles]
    assert len(rows) == len(expected) > 300
    assert sorted(r[:3] for r in rows) == sorted(expected)
    assert [r[0] for r in rows] == sorted((r[0] for r in rows), key=matrix.agencies.index)   # workload order
    lead = next(row[1] for row in first.iter_rows(min_row=2) if row[1].value == "主")
    assert lead.fill.fgColor.rgb.endswith(ROLE_COLOURS["lead"].lstrip("#").upper())
    tasks = list(book["任务"].iter_rows(min_row=2, values_only=True))
    assert [t[0] for t in tasks] == list(range(1, len(matrix.tasks) + 1))
    counts = list(book["文件统计"].iter_rows(min_row=2, values_only=True))
    assert counts and all(n == matrix.document_count(a, d) > 0 for a, d, n in counts)


def test_a_page_too_wide_for_its_matrix_lists_the_marks_long(matrix, monkeypatch):
    import io

    from govgraph.views import tables

    monkeypatch.setattr(tables, "WIDE_PAGE_TASKS", len(matrix.tasks) - 1)
    out = io.StringIO()
    tables.matrix_html(matrix, out)
    html = out.getvalue()
    marks = sum(len(roles) for roles in matrix.roles.values())
    assert marks > 300 and '<table class="matrix long">' in html and '<th class="task"' not in html
    assert html.count('<td class="mark lead">主</td>') == sum(roles.count("lead") for roles in matrix.roles.values())
    assert html.count('<td class="mark ') == marks and html.rstrip().endswith("</html>")
    monkeypatch.setattr(tables, "PAGE_ROWS", 50)
    out = io.StringIO()
    tables.matrix_html(matrix, out)
    page = Page(out.getvalue())
    assert sum(1 for tag, attrs in page.tags if tag == "td" and attrs.get("class", "").startswith("mark ")) == 50
    assert f"仅列前 50 行（共 {marks} 行）；完整矩阵：govgraph matrix -o matrix.xlsx" in "".join(page.text)
    assert sum(1 for tag, _ in page.tags if tag == "tr") == 3 * (50 + 1)     # three tables, each with its header
    out = io.StringIO()
    tables.matrix_markdown(matrix, out)
    assert out.getvalue().count(f"| {matrix.agencies[0]} | ") == sum(
        len(roles) for (agency, _), roles in matrix.roles.items() if agency == matrix.agencies[0]) + 1


def test_long_sheets_keep_text_as_text(tmp_path):
    """What a document says reaches a streamed sheet as text: never a formula, never broken XML."""
    from openpyxl import load_workbook

    from govgraph.views.longsheets import LongBook

    hostile = ['=HYPERLINK("http://x","点我")', "<script>alert(1)</script> & 罗湖区", "  前后空格  ", "制表\x0b符"]
    with open(tmp_path / "t.xlsx", "wb") as out:
        book = LongBook(out, "D5D8DC", {"lead": "1F77B4"})
        book.sheets("任务" * 20, ["文本", "编号"], [20, 8], ([text, (i, "lead")] for i, text in enumerate(hostile)))
        book.close()
    sheet = load_workbook(tmp_path / "t.xlsx").active
    assert sheet.title == ("任务" * 20)[:31]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows == [(text.replace("\x0b", ""), i) for i, text in enumerate(hostile)]
    assert all(c.data_type == "s" for c in sheet["A"][1:])
    assert sheet["B2"].fill.fgColor.rgb == "FF1F77B4" and sheet["A1"].font.b and sheet.auto_filter.ref == "A1:B5"
