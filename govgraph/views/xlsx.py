"""Spreadsheets to hand to a director: the workload and the responsibility matrix as XLSX.

Headers are frozen and filterable, columns as wide as their text (a Chinese character
counts twice), marks coloured by role, totals at the ends.  The matrix keeps each task's
full text on a second sheet, numbered like the matrix's columns, so the matrix itself
stays narrow.  openpyxl is imported only here.
"""
from __future__ import annotations

import unicodedata

from govgraph.queries.matrix import MARKS, Matrix
from govgraph.queries.workload import AgencyWorkload
from govgraph.views.style import ROLE_COLOURS, ROLE_NAMES

HEADER_FILL = "D5D8DC"
MAX_WIDTH = 60
MATRIX_HEADER = ("文件", "路径", "任务", "完成时限", "编号")    # the rows above the agencies


def _width(value) -> int:
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _workbook():
    from openpyxl import Workbook

    book = Workbook()
    book.properties.creator = "govgraph"
    return book


def _sheet_table(sheet, header: list[str], rows: list[list], wrap: frozenset[int] = frozenset()) -> None:
    """A plain sheet: bold filtered header, frozen below it, fitted widths (``wrap`` columns
    are capped and wrapped instead)."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.append(header)
    for row in rows:
        sheet.append([", ".join(v) if isinstance(v, (list, tuple)) else v for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    for i, column in enumerate(sheet.iter_cols(), 1):
        width = max(_width(c.value) for c in column) + 2
        if i - 1 in wrap:
            width = min(width, MAX_WIDTH)
            for cell in column[1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(i)].width = min(width, MAX_WIDTH)


def _save(book, out) -> None:
    """Save with every cell as the data it is: openpyxl takes a text beginning with ``=``
    (an agency named ``=HYPERLINK(…)``) for a formula, and govgraph writes none."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    book.save(out)


def _fills():
    from openpyxl.styles import Font, PatternFill

    return {role: (PatternFill("solid", fgColor=colour.lstrip("#").upper()), Font(bold=True, color="FFFFFF"))
            for role, colour in ROLE_COLOURS.items()}


def workload_xlsx(rows: list[AgencyWorkload], out) -> None:
    from govgraph.views.tables import workload_cells

    fields, header, cells = workload_cells(rows)
    book = _workbook()
    sheet = book.active
    sheet.title = "工作量"
    _sheet_table(sheet, header, cells, wrap=frozenset({fields.index("documents")}))
    for role, (fill, font) in _fills().items():
        cell = sheet.cell(1, fields.index(role) + 1)
        cell.fill, cell.font = fill, font
    _save(book, out)


def matrix_xlsx(matrix: Matrix, out) -> None:
    """Sheet 责任矩阵: agencies × tasks with 主/协/责; 任务: each task in full; 文件统计: counts."""
    from govgraph.views.tables import document_rows

    book = _workbook()
    _matrix_sheet(book.active, matrix)
    tasks = book.create_sheet("任务")
    _sheet_table(tasks, ["编号", "文件", "路径", "标题", "任务内容", "分工原文", "完成时限",
                         *ROLE_NAMES.values()],
                 [[t.number, t.document_label, t.path, t.heading, t.text, t.annotation, t.deadline_text,
                   *([a for a in matrix.agencies if role in matrix.roles.get((a, t.id), ())] for role in ROLE_NAMES)]
                  for t in matrix.tasks], wrap=frozenset({3, 4, 7, 8, 9}))
    counts = book.create_sheet("文件统计")
    rows = document_rows(matrix)
    _sheet_table(counts, ["机构", *matrix.documents, "合计"], [[*row, sum(row[1:])] for row in rows])
    _save(book, out)


def _matrix_sheet(sheet, matrix: Matrix) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.title = "责任矩阵"
    top = len(MATRIX_HEADER)                 # agencies start on the row below the header
    first, totals = 2, 2 + len(matrix.tasks)  # task columns, then 主 协 责 合计
    header_fill, bold = PatternFill("solid", fgColor=HEADER_FILL), Font(bold=True)
    vertical = Alignment(text_rotation=255, horizontal="center", vertical="top")    # stacked: reads well in CJK
    for row, label in enumerate(MATRIX_HEADER, 1):
        sheet.cell(row, 1, label).font = bold
    sheet.cell(top, 1, "机构 ＼ 编号")        # the filter row: agencies below, task numbers across
    for column, task in enumerate(matrix.tasks, first):
        for row, value in enumerate((task.document_label, task.path, task.short_title, task.deadline_text or "",
                                     task.number), 1):
            cell = sheet.cell(row, column, value)
            cell.fill, cell.alignment = header_fill, vertical if row < top else Alignment(horizontal="center")
        sheet.column_dimensions[get_column_letter(column)].width = 4.5
    for offset, label in enumerate([*(MARKS[role] for role in ROLE_NAMES), "合计"]):
        cell = sheet.cell(top, totals + offset, label)
        cell.font, cell.fill = bold, header_fill
        sheet.column_dimensions[get_column_letter(totals + offset)].width = 6
    fills = _fills()
    role_of = {mark: role for role, mark in MARKS.items()}
    centred = Alignment(horizontal="center", vertical="center")
    for row, agency in enumerate(matrix.agencies, top + 1):
        sheet.cell(row, 1, agency)
        for column, task in enumerate(matrix.tasks, first):
            if mark := matrix.mark(agency, task.id):
                cell = sheet.cell(row, column, mark)
                cell.fill, cell.font = fills[role_of[mark[0]]]
                cell.alignment = centred
        counts = matrix.role_counts(agency)
        for offset, value in enumerate([*counts.values(), sum(counts.values())]):
            sheet.cell(row, totals + offset, value)
    last = top + len(matrix.agencies) + 1
    sheet.cell(last, 1, "单位数").font = bold
    for column, task in enumerate(matrix.tasks, first):
        sheet.cell(last, column, matrix.task_count(task.id)).alignment = centred
    sheet.column_dimensions["A"].width = min(max([_width(a) for a in matrix.agencies] + [12]) + 2, MAX_WIDTH)
    for row, height in ((1, 110), (2, 110), (3, 200), (4, 80)):
        sheet.row_dimensions[row].height = height
    sheet.freeze_panes = sheet.cell(top + 1, first).coordinate
    sheet.auto_filter.ref = f"A{top}:{get_column_letter(totals + 3)}{top + len(matrix.agencies)}"
