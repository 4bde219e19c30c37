"""Spreadsheets to hand to a director: the workload and the responsibility matrix as XLSX.

Headers are frozen and filterable, columns as wide as their text (a Chinese character
counts twice), marks coloured by role, totals at the ends.  The matrix keeps each task's
full text on a second sheet, numbered like the matrix's columns, so the matrix itself
stays narrow.  openpyxl is imported only here.

A sheet holds 16,384 columns and 1,048,576 rows.  A matrix with more tasks than columns
goes long: one row per agency, task and role, streamed into the file by ``longsheets`` (so
memory holds a row, not the workbook), and a sheet that reaches the last row is continued
on the next (``责任矩阵 2`` …).
"""
from __future__ import annotations

import unicodedata

from govgraph.queries.matrix import MARKS, Matrix
from govgraph.queries.workload import AgencyWorkload
from govgraph.views.style import ROLE_COLOURS, ROLE_NAMES

HEADER_FILL = "D5D8DC"
MAX_WIDTH = 60
MATRIX_HEADER = ("文件", "路径", "任务", "完成时限", "任务ID", "编号")    # the rows above the agencies
EXCEL_COLUMNS, EXCEL_ROWS = 16_384, 1_048_576
WIDE_TASKS = EXCEL_COLUMNS - 1 - 4          # the agency column and 主 协 责 合计 beside the tasks
LONG_HEADER = ("机构", "角色", "编号")     # the task itself is on the 任务 sheet, by 编号
LONG_WIDTHS = (30, 6, 8)
TASK_HEADER = ("编号", "任务ID", "文件", "路径", "标题", "任务内容", "分工原文", "完成时限", *ROLE_NAMES.values())
TASK_WIDTHS = (8, 30, 20, 16, 30, 60, 40, 16)


def _width(value) -> int:
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _workbook():
    from openpyxl import Workbook

    book = Workbook()
    book.properties.creator = "govgraph"
    return book


def _styler(sheet, **styles):
    """A function that gives a cell ``styles``.  Assigning style objects cell by cell hashes
    them every time; registering them once on a loose cell and copying its style array is
    many times faster on a sheet of thousands of cells."""
    from copy import copy

    from openpyxl.cell import Cell

    template = Cell(sheet)
    for name, value in styles.items():
        setattr(template, name, value)

    def style(cell):
        cell._style = copy(template._style)
        return cell
    return style


def _sheet_table(sheet, header: list[str], rows, wrap: frozenset[int] = frozenset()) -> None:
    """A plain sheet: bold filtered header, frozen below it, fitted widths (``wrap`` columns
    are capped and wrapped instead)."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    widths = [_width(h) for h in header]
    sheet.append(header)
    for row in rows:
        row = [", ".join(v) if isinstance(v, (list, tuple)) else v for v in row]
        widths = [max(w, _width(v)) for w, v in zip(widths, row)]
        sheet.append(row)
    bold = _styler(sheet, font=Font(bold=True), fill=PatternFill("solid", fgColor=HEADER_FILL))
    for cell in sheet[1]:
        bold(cell)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    wrapped = _styler(sheet, alignment=Alignment(wrap_text=True, vertical="top"))
    for (row, column), cell in sheet._cells.items():
        if row > 1 and column - 1 in wrap:
            wrapped(cell)
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = min(width + 2, MAX_WIDTH)


def _save(book, out) -> None:
    """Save with every cell as the data it is: openpyxl takes a text beginning with ``=``
    (an agency named ``=HYPERLINK(…)``) for a formula, and govgraph writes none."""
    for sheet in book.worksheets:
        for cell in sheet._cells.values():     # the cells written: a sparse matrix has few
            if cell.data_type == "f":
                cell.data_type = "s"
    book.save(out)


def _fills():
    from openpyxl.styles import Font, PatternFill

    return {role: (PatternFill("solid", fgColor=colour.lstrip("#").upper()), Font(bold=True, color="FFFFFF"))
            for role, colour in ROLE_COLOURS.items()}


def workload_xlsx(rows: list[AgencyWorkload], out) -> None:
    from govgraph.views.tables import unread_notes, workload_cells

    fields, header, cells = workload_cells(rows, human=True)
    book = _workbook()
    sheet = book.active
    sheet.title = "工作量"
    _sheet_table(sheet, header, cells, wrap=frozenset({fields.index("documents"), fields.index("task_ids")}))
    for role, (fill, font) in _fills().items():
        cell = sheet.cell(1, fields.index(role) + 1)
        cell.fill, cell.font = fill, font
    for note in unread_notes(rows):         # below the table, outside its filter
        sheet.append([note])
    _save(book, out)


def matrix_xlsx(matrix: Matrix, out) -> None:
    """Sheet 责任矩阵: agencies × tasks with 主/协/责; 任务: each task in full; 文件统计: counts.
    Past ``WIDE_TASKS`` tasks, every sheet is long (see the module's docstring)."""
    if len(matrix.tasks) > WIDE_TASKS:
        _long_matrix_xlsx(matrix, out)
        return
    from govgraph.views.tables import document_rows, unread_notes

    book = _workbook()
    _matrix_sheet(book.active, matrix)
    tasks = book.create_sheet("任务")
    _sheet_table(tasks, list(TASK_HEADER), _task_rows(matrix), wrap=frozenset({4, 5, 8, 9, 10}))
    counts = book.create_sheet("文件统计")
    rows = document_rows(matrix)
    _sheet_table(counts, ["机构", *matrix.documents, "合计"], [[*row, sum(row[1:])] for row in rows])
    for note in unread_notes(matrix):       # below the table, outside its filter
        counts.append([note])
    _save(book, out)


def _task_rows(matrix: Matrix, holders: bool = True):
    """Each task in full, and (``holders``) the agencies of each role, from one pass over the cells."""
    held: dict[str, dict[str, list[str]]] = {}
    order = {agency: i for i, agency in enumerate(matrix.agencies)}     # workload order, as the rows
    for (agency, task), roles in matrix.roles.items() if holders else ():
        for role in roles:
            held.setdefault(task, {}).setdefault(role, []).append(agency)
    for t in matrix.tasks:
        row = [t.number, t.id, t.document_label, t.path, t.heading, t.text, t.annotation, t.deadline_text]
        if holders:
            row += [sorted(held.get(t.id, {}).get(role, ()), key=order.__getitem__) for role in ROLE_NAMES]
        yield row


def _long_matrix_xlsx(matrix: Matrix, out) -> None:
    """The matrix, its tasks and its counts as long sheets, streamed (``longsheets``)."""
    from itertools import chain

    from govgraph.views.longsheets import LongBook
    from govgraph.views.tables import unread_notes

    book = LongBook(out, HEADER_FILL, {role: colour.lstrip("#") for role, colour in ROLE_COLOURS.items()})
    book.sheets("责任矩阵", LONG_HEADER, LONG_WIDTHS,
                ([agency, (MARKS[role], role), task.number] for agency, task, role in matrix.marks()), EXCEL_ROWS)
    book.sheets("任务", TASK_HEADER[:len(TASK_WIDTHS)], TASK_WIDTHS, _task_rows(matrix, holders=False), EXCEL_ROWS)
    book.sheets("文件统计", ("机构", "文件", "任务数"), (30, 20, 8),
                chain((list(row) for row in matrix.document_counts()), ([note] for note in unread_notes(matrix))),
                EXCEL_ROWS)
    book.close()


def _matrix_sheet(sheet, matrix: Matrix) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.title = "责任矩阵"
    top = len(MATRIX_HEADER)                 # agencies start on the row below the header
    first, totals = 2, 2 + len(matrix.tasks)  # task columns, then 主 协 责 合计
    header_fill, bold = PatternFill("solid", fgColor=HEADER_FILL), Font(bold=True)
    centred = Alignment(horizontal="center", vertical="center")
    vertical = _styler(sheet, fill=header_fill,      # stacked: reads well in CJK
                       alignment=Alignment(text_rotation=255, horizontal="center", vertical="top"))
    numbered = _styler(sheet, fill=header_fill, alignment=Alignment(horizontal="center"))
    turned = _styler(sheet, fill=header_fill, alignment=Alignment(text_rotation=90, horizontal="center"))
    for row, label in enumerate(MATRIX_HEADER, 1):
        sheet.cell(row, 1, label).font = bold
    sheet.cell(top, 1, "机构 ＼ 编号")        # the filter row: agencies below, task numbers across
    for column, task in enumerate(matrix.tasks, first):
        for row, value in enumerate((task.document_label, task.path, task.short_title, task.deadline_text or "",
                                     task.id, task.number), 1):
            style = numbered if row == top else turned if row == top - 1 else vertical     # an id reads turned
            style(sheet.cell(row, column, value))
        sheet.column_dimensions[get_column_letter(column)].width = 4.5
    for offset, label in enumerate([*(MARKS[role] for role in ROLE_NAMES), "合计"]):
        cell = sheet.cell(top, totals + offset, label)
        cell.font, cell.fill = bold, header_fill
        sheet.column_dimensions[get_column_letter(totals + offset)].width = 6
    marked = {role: _styler(sheet, fill=fill, font=font, alignment=centred) for role, (fill, font) in _fills().items()}
    row_of = {agency: row for row, agency in enumerate(matrix.agencies, top + 1)}
    column_of = {task.id: column for column, task in enumerate(matrix.tasks, first)}
    for (agency, task), roles in matrix.roles.items():      # the marks only: the matrix is sparse
        marked[roles[0]](sheet.cell(row_of[agency], column_of[task], "".join(MARKS[role] for role in roles)))
    for agency, row in row_of.items():
        sheet.cell(row, 1, agency)
        counts = matrix.role_counts(agency)
        for offset, value in enumerate([*counts.values(), sum(counts.values())]):
            sheet.cell(row, totals + offset, value)
    last = top + len(matrix.agencies) + 1
    sheet.cell(last, 1, "单位数").font = bold
    in_centre = _styler(sheet, alignment=centred)
    for column, task in enumerate(matrix.tasks, first):
        in_centre(sheet.cell(last, column, matrix.task_count(task.id)))
    sheet.column_dimensions["A"].width = min(max([_width(a) for a in matrix.agencies] + [12]) + 2, MAX_WIDTH)
    for row, height in ((1, 110), (2, 110), (3, 200), (4, 80), (5, 160)):
        sheet.row_dimensions[row].height = height
    sheet.freeze_panes = sheet.cell(top + 1, first).coordinate
    sheet.auto_filter.ref = f"A{top}:{get_column_letter(totals + 3)}{top + len(matrix.agencies)}"
