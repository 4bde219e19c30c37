"""Tables with one line per row: cells parted by tabs (the .docx, .pdf and .html
readers) or by runs of spaces (text copied out of a web page)."""
from __future__ import annotations

import re
from collections.abc import Callable

from govgraph.extract.statements import Statement
from govgraph.extract.tables import (NUMBER_CELL, Cell, Column, Row, carry_down, header_column,
                                     make_cell, row_statement, settle_roles, usable)

_TOKEN = re.compile(r"\S+")


def header(text: str, line_start: int, line_end: int) -> tuple[str, list[Column]] | None:
    """The header this line is, if every cell of it names a column: (layout, columns)."""
    line = text[line_start:line_end]
    cells = split_row(line)
    columns = [column for c in cells if (column := header_column(c)) is not None]
    if 2 <= len(columns) == len(cells) and usable(columns):
        return ("tabs" if "\t" in line else "spaces"), settle_roles(columns)
    return None


def split_row(line: str) -> list[str]:
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
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
    pos = start + 1
    while pos < end:
        line_end = text.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end
        line = text[pos:line_end]
        if line.strip():
            cells = _line_cells(text, pos, line_end, columns, layout)
            if cells is None:
                if all(header_column(c) for c in split_row(line)):      # header repeated
                    pos = line_end + 1
                    continue
                break
            filled = carry_down(cells, previous, columns)
            statement = row_statement(text, filled, columns, own=cells)
            if statement:
                rows.append(statement)
            previous = filled
        pos = line_end + 1
    return rows, pos


def _line_cells(text: str, start: int, end: int, columns: list[Column], layout: str
                ) -> list[Cell | None] | None:
    """The cells of one row line, aligned with the columns (None: not a row)."""
    if layout == "tabs":
        spans, pos = [], start
        for part in text[start:end].split("\t"):
            spans.append((pos, pos + len(part)))
            pos += len(part) + 1
        if len(spans) != len(columns):
            return None
    else:
        tokens = [(start + m.start(), start + m.end()) for m in _TOKEN.finditer(text[start:end])]
        if len(tokens) < len(columns):
            return None
        task = next((i for i, c in enumerate(columns) if c.kind == "task"), len(columns) - 1)
        after = len(columns) - task - 1
        spans = tokens[:task] + [(tokens[task][0], tokens[len(tokens) - after - 1][1])] + \
            tokens[len(tokens) - after:]
    cells: list[Cell | None] = [make_cell(text, a, b, lambda _: False) for a, b in spans]
    first = columns[0]
    head = cells[0]
    assert head is not None
    if first.kind == "number" and not (NUMBER_CELL.match(head.text) or head.kind == "empty"):
        return None
    return cells
