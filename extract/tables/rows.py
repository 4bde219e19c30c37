"""Tables with one line per row: cells parted by tabs (the .docx, .pdf and .html
readers) or by runs of spaces (text copied out of a web page)."""
from __future__ import annotations

import re
from collections.abc import Callable

from govgraph.extract.statements import Statement
from govgraph.extract.tables import (GROUP_CELL, NUMBER_CELL, Cell, Column, Row, carry_down,
                                     header_column, make_cell, row_statement, settle_roles, usable)

_TOKEN = re.compile(r"\S+")


def header(text: str, line_start: int, line_end: int) -> tuple[str, list[Column]] | None:
    """The header this line ends with, if its last cells each name a column: (layout,
    columns).  Text before them on the line (a table's title run into its header, as a
    page saved as text does) is not part of it."""
    line = text[line_start:line_end]
    cells = split_row(line)
    columns: list[Column] = []
    for cell in reversed(cells):
        column = header_column(cell)
        if column is None:
            break
        columns.insert(0, column)
    whole = len(columns) == len(cells)
    if len(columns) >= (2 if whole else 3) and usable(columns):
        layout = "tabs" if "\t" in line else "pipes" if "|" in line else "spaces"
        return layout, settle_roles(columns)
    return None


def split_row(line: str) -> list[str]:
    if "\t" in line or "|" in line:
        cells = [line[a:b].strip() for a, b in _parted(line, 0, len(line), "\t" if "\t" in line else "|")]
        return cells[:-1] if len(cells) > 1 and not cells[-1] and "\t" not in line else cells
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
    """The rows after a header line ending at ``start``, up to the first line that is no row."""
    rows: list[Statement] = []
    previous: Row | None = None
    group = ""
    pos = start + 1
    while pos < end:
        line_end = text.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end
        line = text[pos:line_end]
        if line.strip():
            cells = _line_cells(text, pos, line_end, columns, layout)
            if cells is None:
                label = GROUP_CELL.match(line.strip())
                if label or all(header_column(c) for c in split_row(line)):
                    group = label.group().rstrip("、．.") if label else group
                    pos = line_end + 1                   # a group label, or the header repeated
                    continue
                break
            filled = carry_down(cells, previous, columns)
            statement = row_statement(text, filled, columns, group, own=cells)
            if statement:
                rows.append(statement)
            previous = filled
        pos = line_end + 1
    return rows, pos


def _line_cells(text: str, start: int, end: int, columns: list[Column], layout: str
                ) -> list[Cell | None] | None:
    """The cells of one row line, aligned with the columns (None: not a row)."""
    spans: list[tuple[int, int]] | None
    if layout in ("tabs", "pipes"):
        spans = _parted(text, start, end, "\t" if layout == "tabs" else "|")
        if layout == "pipes" and len(spans) > len(columns):      # | a | b |: nothing after the last
            spans = spans[:len(columns)] if not text[spans[len(columns)][0]:end].strip("| \t") else None
        if spans is None or len(spans) != len(columns):
            return None
    else:
        spans = _spaced_cells(text, start, end, columns)
        if spans is None:
            return None
    cells: list[Cell | None] = [make_cell(text, a, b, lambda _: False) if (a, b) != _NONE else None
                                for a, b in spans]
    first = columns[0]
    head = cells[0]
    if first.kind == "number" and (head is None or not (NUMBER_CELL.match(head.text) or head.kind == "empty")):
        return None
    return cells


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


def _spaced_cells(text: str, start: int, end: int, columns: list[Column]) -> list[tuple[int, int]] | None:
    """The cells of a row parted by spaces, aligned with the columns from both ends: the
    columns before the first text column and after the last take a token each, and the
    text columns share what is left (a task's own spaces do not split it).  A row with
    fewer tokens leaves its first text columns empty (a 名称 column nobody filled)."""
    tokens = [(start + m.start(), start + m.end()) for m in _TOKEN.finditer(text[start:end])]
    texts = [i for i, c in enumerate(columns) if c.kind in ("task", "other")]
    first, last = (texts[0], texts[-1]) if texts else (len(columns) - 1, len(columns) - 1)
    after = len(columns) - last - 1
    if len(tokens) < first + after + 1:
        return None
    middle = tokens[first:len(tokens) - after]
    spans = [_NONE] * (last - first + 1)
    spans[-1] = (middle[0][0], middle[-1][1])          # the last text column takes the rest
    return tokens[:first] + spans + tokens[len(tokens) - after:]


_NONE = (-1, -1)
