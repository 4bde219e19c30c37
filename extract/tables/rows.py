"""Tables with one line per row: cells parted by tabs (the .docx, .pdf and .html
readers), by pipes (``| a | b |``) or by runs of spaces (text copied out of a web page)."""
from __future__ import annotations

import re
from collections.abc import Callable

from govgraph.extract.statements import Statement
from govgraph.extract.text import squeeze
from govgraph.extract.tables import (GROUP_CELL, HEADER_LONGEST, NUMBER_CELL, Cell, Column, Row, carry_down,
                                     deadline_named, header_column, make_cell, row_statement,
                                     settle_roles, usable)

_TOKEN = re.compile(r"\S+")
_RULE = re.compile(r"[ \t]*[|+]?(?:[ \t]*:?[-=]{3,}:?[ \t]*[|+])+[ \t]*:?[-=]*:?[ \t]*")   # a rule between rows
_WORDS = re.compile(r"[\u4e00-\u9fff]{2}")
_DATE_WORDS = re.compile(r"[\d年月日底前末季度上下半旬]+")  # 2024年12月底: a date, not a header
_NOT_HEADER = frozenset("。；;，,、：:")            # a list or a sentence: a row, not a header


def header(text: str, line_start: int, line_end: int) -> tuple[str, list[Column]] | None:
    """The header this line ends with, if its last cells each name a column: (layout,
    columns).  Text before them on the line (a table's title run into its header, as a
    page saved as text does) is not part of it."""
    line = text[line_start:line_end]
    cells = split_row(line)
    columns: list[Column] = []
    pending: list[Column] = []                      # unknown words, kept if a known one precedes
    for i, cell in enumerate(reversed(cells)):
        column = header_column(cell)
        if column is not None:
            columns[:0] = [column] + pending
            pending = []
        elif _unknown_header(cell):                 # 上半年推进情况, 责任人: a column nobody listed
            pending.insert(0, Column("other", word=cell))
            if i == 0:
                columns, pending = pending, []
        else:
            break
    whole = len(columns) == len(cells)
    if len(columns) >= (2 if whole else 3) and usable(columns):
        layout = "tabs" if "\t" in line else "pipes" if "|" in line else "spaces"
        return layout, settle_roles(columns)
    return None


def _unknown_header(cell: str) -> bool:
    """A header cell nobody listed (分管市领导, 1-9月份工作完成情况, 指 标 要 求 spaced out to
    its column's width): short words, no list or sentence marks, not a date."""
    cell = squeeze(cell)
    return len(cell) <= HEADER_LONGEST and _NOT_HEADER.isdisjoint(cell) and \
        _WORDS.search(_DATE_WORDS.sub("", cell)) is not None


def split_row(line: str) -> list[str]:
    if "\t" in line or "|" in line:
        parted = [line[a:b].strip() for a, b in _parted(line, 0, len(line), "\t" if "\t" in line else "|")]
        return parted[:-1] if len(parted) > 1 and not parted[-1] and "\t" not in line else parted
    cells: list[str] = []
    spaced = False                                  # the last cell is a run of single characters
    for token in line.split():
        if len(token) == 1 and spaced:
            cells[-1] += token                      # 工 作 任 务 → 工作任务
        else:
            cells.append(token)
            spaced = len(token) == 1
    return cells


def read(text: str, start: int, end: int, columns: list[Column], layout: str,
         is_agency: Callable[[str], bool]) -> tuple[list[Statement], int]:
    """The rows after a header line ending at ``start``, up to the first line that is no
    row.  Rows parted by spaces may run on over the next lines (a cell listing one body
    per line): a line that opens no row adds its bodies to the row above."""
    rows: list[Statement] = []
    previous: Row | None = None
    current: list[Cell | None] | None = None
    extra: list[tuple[int, Cell]] = []
    group = ""

    def finish() -> None:
        nonlocal previous
        if current is not None:
            filled = carry_down(current, previous, columns)
            statement = row_statement(text, filled, columns, group, own=current, extra=extra)
            if statement:
                rows.append(statement)
            previous = filled

    # a grid (+----+ over the header and between rows): a row's cells may wrap over lines
    # up to the next rule, and a line whose first cell is empty goes on with the row above
    header_start = text.rfind("\n", 0, start) + 1
    grid = header_start > 0 and _RULE.fullmatch(_line_before(text, header_start)) is not None
    closed = True                                   # a rule since the current row began
    pos = start + 1
    while pos < end:
        line_end = text.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end
        line = text[pos:line_end]
        if _RULE.fullmatch(line):
            closed = True                           # | --- | --- | or +----+====+: no row
        elif line.strip():
            cells = _line_cells(text, pos, line_end, columns, layout, is_agency)
            if cells is not None and grid and not closed and (cells[0] is None or cells[0].kind == "empty"):
                extra += [(i, c) for i, c in enumerate(cells)
                          if c is not None and c.kind != "empty" and columns[i].kind == "agency"]
            elif cells is not None:
                finish()
                current, extra, closed = cells, [], False
            else:
                label = GROUP_CELL.match(line.strip())
                if label or all(header_column(c) for c in split_row(line)):
                    finish()
                    current, extra = None, []
                    group = label.group().rstrip("、．.") if label else group
                elif layout == "spaces" and current is not None and len(line) <= _RUN_ON:
                    extra += _run_on(text, pos, line_end, columns, current, is_agency)
                else:
                    break
        pos = line_end + 1
    finish()
    return rows, pos


def _line_before(text: str, line_start: int) -> str:
    """The line that ends just before ``line_start``."""
    return text[text.rfind("\n", 0, line_start - 1) + 1:line_start - 1]


def _line_cells(text: str, start: int, end: int, columns: list[Column], layout: str,
                is_agency: Callable[[str], bool]) -> list[Cell | None] | None:
    """The cells of one row line, aligned with the columns (None: not a row)."""
    if layout == "spaces":
        cells = _spaced_cells(text, start, end, columns, is_agency)
    else:
        spans = _parted(text, start, end, "\t" if layout == "tabs" else "|")
        if layout == "pipes" and len(spans) > len(columns):      # | a | b |: nothing after the last
            spans = spans[:len(columns)] if not text[spans[len(columns)][0]:end].strip("| \t") else []
        if not spans or len(spans) > len(columns):
            return None
        cells = _merged_left_out([make_cell(text, a, b, lambda _: False) for a, b in spans],
                                 columns, is_agency)
    if cells is None:
        return None
    head = cells[0]
    if columns[0].kind == "number" and (head is None or not (NUMBER_CELL.match(head.text) or head.kind == "empty")):
        return None
    return cells


def _merged_left_out(cells: list[Cell], columns: list[Column],
                     is_agency: Callable[[str], bool]) -> list[Cell | None] | None:
    """A row of a page saved as text leaves out the cells merged from the row above (类别
    spanning rows): its cells are the last columns', and empty cells may pad its end.  They
    stay where they are unless moving them right puts bodies under the agency columns."""
    n, filled = len(columns), len(cells)
    while filled and cells[filled - 1].kind == "empty":
        filled -= 1
    if not filled:
        return None
    shifted: list[Cell | None] = [None] * (n - filled) + list(cells[:filled])
    if len(cells) < n:
        return shifted
    if filled == n or not _bodies_under(shifted, columns, is_agency) > _bodies_under(cells, columns, is_agency):
        return list(cells)
    return shifted


def _bodies_under(cells: list[Cell | None] | list[Cell], columns: list[Column],
                  is_agency: Callable[[str], bool]) -> int:
    return sum(1 for cell, column in zip(cells, columns)
               if column.kind == "agency" and cell is not None and is_agency(cell.text))


def _parted(text: str, start: int, end: int, mark: str) -> list[tuple[int, int]]:
    """The spans of the cells ``mark`` parts in ``text[start:end]`` (a row written
    ``| a | b |`` has no cell before its first mark)."""
    spans, pos = [], start
    if mark == "|":
        while pos < end and text[pos] in " \t\u3000":
            pos += 1
        if pos < end and text[pos] == "|":
            pos += 1
    while (at := text.find(mark, pos, end)) >= 0:
        spans.append((pos, at))
        pos = at + 1
    spans.append((pos, end))
    return spans


def _spaced_cells(text: str, start: int, end: int, columns: list[Column],
                  is_agency: Callable[[str], bool]) -> list[Cell | None] | None:
    """The cells of a row parted by spaces.  Tokens are typed (number, agency list, date,
    text) and laid into the columns in order; text runs on in its column until a token of
    another kind comes (a task's own spaces do not split it), and a row may leave text
    columns empty (a 名称 column nobody filled)."""
    tokens = [make_cell(text, start + m.start(), start + m.end(), is_agency)
              for m in _TOKEN.finditer(text[start:end])]
    cells: list[Cell | None] = [None] * len(columns)
    col = -1
    for token in tokens:
        if col >= 0 and token.kind == "text" and columns[col].kind in _TEXT and \
                (col + 1 >= len(columns) or columns[col + 1].kind not in _TEXT):
            held = cells[col]
            assert held is not None
            cells[col] = Cell(held.start, token.end, held.text + token.text, held.kind)
            continue
        at = next((i for i in range(col + 1, len(columns)) if _takes(columns[i], token)), None)
        if at is None:
            return None
        cells[at], col = token, at
    return cells if col >= 0 else None


def _run_on(text: str, start: int, end: int, columns: list[Column], row: list[Cell | None],
            is_agency: Callable[[str], bool]) -> list[tuple[int, Cell]]:
    """The bodies a line under a row adds to it: each agency list goes to the row's last
    agency column that has one, unless the line ends with the row's missing date: then it
    holds the next cells (区科技局 / 区商务局 / 区发改委、区经信局 2023年12月底, 谯城区), and
    its bodies go to the next agency column nobody filled."""
    agency = max((i for i, c in enumerate(row) if c is not None and columns[i].kind == "agency"), default=None)
    if agency is None:
        return []
    cells = [make_cell(text, start + m.start(), start + m.end(), is_agency) for m in _TOKEN.finditer(text[start:end])]
    named = deadline_named(columns)
    dates = [i for i, c in enumerate(columns) if row[i] is None and
             (c.kind == "deadline" or not named and c.kind == "other")]
    after = next((i for i in range(agency + 1, len(columns))
                  if columns[i].kind == "agency" and row[i] is None), None)
    if len(cells) > 1 and cells[-1].kind == "deadline" and dates and after is not None:
        row[dates[-1]] = cells[-1]
        agency = after
    return [(agency, cell) for cell in cells if cell.kind == "agency"]


def _takes(column: Column, cell: Cell) -> bool:
    kind = column.kind
    return (kind == "number" and cell.kind in ("number", "empty")) or \
        (kind == "agency" and cell.kind in ("agency", "empty")) or \
        (kind == "deadline" and cell.kind in ("deadline", "empty", "text")) or \
        (kind in _TEXT and cell.kind in ("text", "deadline", "number"))


_TEXT = ("task", "other", "leader")
_RUN_ON = 200                   # longest line that may continue a row's cells
