"""Tables with one cell per line: a web table saved as text.

Cells are separated by blank lines (a cell may then wrap over single line breaks) or
each sits on its own line.  Cells are typed (number, agency list, date, text, empty ——)
and laid into the columns in order; a row number opens a new row, and so does a cell
that fits no column after the last one filled.  Merged cells are printed once, on the
first row they span: a row without a number or task cell repeats the one above, and a
numbered row without any agency shares the agencies of the row above; a row that is
neither (``一、潘东旭市长负责事项``) is a group label.  Without blank lines, a text line
that fits nowhere continues the text cell before it (a wrapped cell).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from govgraph.extract.agencies import agency_shaped
from govgraph.extract.statements import Statement
from govgraph.extract.tables import (GROUP_CELL, HEADER_LONGEST, NUMBER_CELL, SENTENCE_MARKS,
                                     UNKNOWN_HEADER, Cell, Column, Row, carry_down, header_column,
                                     make_cell, row_statement, settle_roles, usable)
from govgraph.extract.text import squeeze

_BLOCK = re.compile(r"[^\n]+(?:\n[ \t\u3000]*[^\s][^\n]*)*")     # lines up to a blank line
_LINE = re.compile(r"[^\n]*[^\s][^\n]*")                            # one line with text
_BARE_PIPE = re.compile(r"^[ \t]*\|[ \t]*$", re.M)                     # a line holding a pipe alone
_PUNCTUATION = SENTENCE_MARKS | frozenset("，,")
_SENTENCE_END = frozenset("。；;！？!?")
_REACH = 12                     # units looked at around a header hint
_ROW_REACH = 8                  # cells a row without a header may hold
_RUN = 3                        # rows in a row that make a table without a header
# a line holding nothing but a row number (whitespace anywhere): what opens a row there
_NUMBER_LINE = re.compile(r"^[^\S\n]*\*?[^\S\n]*\d(?:[^\S\n]*\d){0,2}[^\S\n]*[.．、]?[^\S\n]*$", re.M)


def units(text: str, start: int, end: int, layout: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each cell-sized unit of ``text[start:end]``: blocks parted by blank
    lines, lines, or (``pipes``) lines marked with a pipe each, the lines between them
    joined (a cell wrapped a few characters a line: 市政 / 府办 / 公厅)."""
    if layout != "pipes":
        for match in (_BLOCK if layout == "blocks" else _LINE).finditer(text, start, end):
            yield match.span()
        return
    held: tuple[int, int] | None = None
    for match in _LINE.finditer(text, start, end):
        if "|" in match.group():
            if held:
                yield held
                held = None
            yield match.span()
        else:
            held = (held[0], match.end()) if held else match.span()
    if held:
        yield held


def header(text: str, at: int, start: int, end: int) -> tuple[str, list[Column], int] | None:
    """The header around ``at`` with one cell per unit: (layout, columns, end of header).
    A header cell wrapped over two units (牵头 / 部门) is joined; short words nobody
    listed between known headers are ``other`` columns."""
    near = text[max(start, at - 40):at + 40]
    if _BARE_PIPE.search(near):                  # | cell / | cell / a line of a pipe ends a row
        return _header(text, at, start, end, "pipes")
    # blank lines near the header may part its cells, or only the title from the table
    if "\n\n" in near or "\n \n" in near:
        found = _header(text, at, start, end, "blocks")
        if found is not None:
            return found
    return _header(text, at, start, end, "lines")


def _header(text: str, at: int, start: int, end: int, layout: str) -> tuple[str, list[Column], int] | None:
    lo = at
    for _ in range(_REACH):                          # back up a few units
        prev = text.rfind("\n", start, lo - 1) if lo - 1 > start else -1
        if prev < start:
            lo = start
            break
        lo = prev + 1
    spans = [s for s in units(text, lo, min(end, at + 400), layout)]
    best: tuple[list[Column], int] | None = None
    for first in range(len(spans)):
        columns, stop = _header_run(text, spans, first)
        if stop is not None and usable(columns) and len(columns) >= 3 and \
                spans[first][0] <= at < stop:
            best = (columns, stop)
            break
    if best is None:
        return None
    return layout, settle_roles(_two_levels(best[0])), best[1]


def _two_levels(columns: list[Column]) -> list[Column]:
    """A header of two rows flattened: 序号 / 任务 / 责任单位 / 完成时限 / 牵头 / 配合, where
    the agency cells after the last other column are the parts of the one unit cell above
    them (merged over their columns): they stand in its place."""
    last_other = max((i for i, c in enumerate(columns) if c.kind != "agency"), default=-1)
    parts = columns[last_other + 1:]
    groups = [i for i, c in enumerate(columns[:last_other]) if c.kind == "agency"]
    if len(parts) < 2 or len(groups) != 1 or columns[groups[0]].role not in ("responsible", ""):
        return columns                      # only a unit cell of no role of its own has parts
    at = groups[0]
    return columns[:at] + parts + columns[at + 1:last_other + 1]


def _header_run(text: str, spans: list[tuple[int, int]], first: int) -> tuple[list[Column], int | None]:
    """The header cells from unit ``first`` on: known headers, wrapped ones joined, short
    unknown words between them; it ends after the last known header."""
    columns: list[Column] = []
    pending: list[Column] = []                      # unknown words, kept if a known one follows
    stop = None
    i = first
    while i < len(spans):
        a, b = spans[i]
        word = text[a:b]
        column = header_column(word)
        if i + 1 < len(spans):
            joined = _wrapped(word, text[spans[i + 1][0]:spans[i + 1][1]], column)
            if joined is not None:
                column = joined
                i += 1
        squeezed = "".join(word.split())
        if column is not None:
            columns += pending + [column]
            pending = []
            stop = spans[i][1]
        elif columns and (NUMBER_CELL.match(squeezed) or GROUP_CELL.match(squeezed)):
            # the first row's number or group label: unknown words after the last known header
            # are columns too (…配合单位 / 责任人 / 完成期限 / 1), if the header has a number column
            if pending and any(c.kind == "number" for c in columns):
                columns += pending
                stop = spans[i - 1][1]
            break
        elif not columns or len(squeezed) > HEADER_LONGEST or not _PUNCTUATION.isdisjoint(word):
            break
        else:
            pending.append(Column("other", word=squeezed))
        i += 1
    return columns, stop


def _wrapped(first: str, second: str, alone: Column | None) -> Column | None:
    """The header two units make when one cell was wrapped over them (牵头 / 部门, 任务 /
    分类): the first is no header by itself, or both are two-character halves of one; a
    second that is a header of its own (当前进度 / 牵头单位) is a column of its own."""
    first, second = "".join(first.split()), "".join(second.split())
    joined = header_column(first + second)
    if joined is None or header_column(second) is not None and (alone is not None or len(second) > 2):
        return None
    if alone is None or (alone.kind == joined.kind and len(first) <= 2 and len(second) <= 2):
        return joined
    return None


def read(text: str, start: int, end: int, columns: list[Column], layout: str,
         is_agency: Callable[[str], bool]) -> tuple[list[Statement], int]:
    """The rows after a header ending at ``start``, up to an attachment heading or a
    paragraph too long to be a cell."""
    rows: list[Statement] = []
    row: dict[int, Cell] = {}
    extra: list[tuple[int, Cell]] = []             # more cells of a column (a wrapped list)
    marked: list[Cell] = []                        # the cells of a row pipes mark, until its end
    last = -1
    previous: Row | None = None
    group = ""
    stop = end
    has_number = any(c.kind == "number" for c in columns)
    for a, b in units(text, start, end, layout):
        unit = text[a:b]
        if unit.lstrip().startswith("附件") or len(unit) > 600:
            stop = a
            break
        if layout == "pipes":
            if unit.strip() != "|":
                marked.append(make_cell(text, a, b, is_agency))
                continue
            # a row's end: its cells are where the pipes put them, or where they fit
            row = dict(enumerate(marked)) if len(marked) == len(columns) else _fitted(columns, marked)
            if row:
                done, group = _finish(text, row, columns, previous, group, extra, explicit=True)
                if done:
                    rows.append(done[0])
                    previous = done[1]
            row, marked = {}, []
            continue
        if not row and header_column(unit) is not None:
            continue                                   # the header repeated after a page break
        cell = make_cell(text, a, b, is_agency)
        if cell.kind == "number" and not has_number:
            cell.kind = "text"
        at = _fit(columns, cell, last + 1, row)
        if at is None and layout == "lines" and _continues(row, last, columns, cell):
            row[last] = Cell(row[last].start, cell.end, row[last].text + cell.text, row[last].kind)
            continue
        if at is None and layout == "blocks" and _paragraph(row, columns, cell):
            # a task cell of several paragraphs: blank ones were taken for empty cells
            i = max(j for j in row if columns[j].kind == "task")
            taken = "".join(c.text for j, c in sorted(row.items()) if j > i)    # earlier paragraphs, in order
            row = {j: c for j, c in row.items() if j <= i}
            row[i] = Cell(row[i].start, cell.end, row[i].text + taken + cell.text, row[i].kind)
            last = i
            continue
        if at is None and cell.kind == "agency" and last >= 0 and columns[last].kind == "agency" \
                and (has_number or _has_agency(row, columns)):
            # bodies that fit no column left: a wrapped agency cell (or one body a line),
            # never a row of its own; without row numbers, only after a body of the row
            extra.append((last, cell))
            continue
        # a row number or a group label (一、…) always opens a new row
        if at is None or (row and (cell.kind == "number" or GROUP_CELL.match(cell.text))):
            done, group = _finish(text, row, columns, previous, group, extra)
            if done:
                rows.append(done[0])
                previous = done[1]
            row, last, extra = {}, -1, []
            at = _fit(columns, cell, 0, row)
            if at is None:
                continue
        row[at] = cell
        last = at
    # the last row may have been cut: it shares no agency from above
    done, _ = _finish(text, row, columns, previous if stop < end else None, group, extra)
    if done:
        rows.append(done[0])
    return rows, stop


def _fitted(columns: list[Column], cells: list[Cell]) -> dict[int, Cell]:
    """A row's cells laid into the columns in order, each where its kind fits."""
    row: dict[int, Cell] = {}
    last = -1
    for cell in cells:
        at = _fit(columns, cell, last + 1, row)
        if at is not None:
            row[at], last = cell, at
    return row


def _continues(row: dict[int, Cell], last: int, columns: list[Column], cell: Cell) -> bool:
    """A line that fits no column continues the text cell before it (a wrapped cell)."""
    before = row.get(last)
    return before is not None and cell.kind == "text" and before.kind in ("text", "agency") and \
        before.text[-1:] not in _SENTENCE_END and columns[last].kind != "number"


def _has_agency(row: dict[int, Cell], columns: list[Column]) -> bool:
    return any(columns[i].kind == "agency" and c.kind == "agency" for i, c in row.items())


def _paragraph(row: dict[int, Cell], columns: list[Column], cell: Cell) -> bool:
    """A text that fits no column, in a row with a task cell and no body yet: another
    paragraph of the task cell (——targets under a numbered one), not a row of its own."""
    return cell.kind == "text" and not GROUP_CELL.match(cell.text) and \
        any(columns[i].kind == "task" and c.kind == "text" for i, c in row.items()) and \
        not _has_agency(row, columns)


def _fit(columns: list[Column], cell: Cell, first: int, row: dict[int, Cell]) -> int | None:
    """The first column from ``first`` on that can hold the cell.  A short text after the
    task cells can only be an agency nobody curated (属地街镇)."""
    for i in range(first, len(columns)):
        kind = columns[i].kind
        if (kind == "number" and cell.kind in ("number", "empty")) or \
                (kind == "agency" and (cell.kind in ("agency", "empty") or _short_name(cell, columns, row))) or \
                (kind == "deadline" and (cell.kind in ("deadline", "empty") or
                                         (cell.kind == "text" and len(cell.text) <= 20))) or \
                (kind in ("task", "leader", "other") and cell.kind == "text") or \
                (kind == "other" and cell.kind in ("empty", "deadline")):
            return i
    return None


def _short_name(cell: Cell, columns: list[Column], row: dict[int, Cell]) -> bool:
    """A short text after the row's task cells: an agency nobody curated."""
    return cell.kind == "text" and len(cell.text) <= 15 and _PUNCTUATION.isdisjoint(cell.text) and \
        agency_shaped(cell.text) and any(columns[i].kind == "task" for i in row)


def _shares_agencies(row: dict[int, Cell], columns: list[Column], previous: Row | None,
                     explicit: bool = False) -> bool:
    """A row numbered like the row above (or any row, where pipes mark where rows end),
    with a task but no agency: the agency cell was merged over both.  A number of another
    style (三 after （四）) opens a group instead."""
    if previous is None or not any(c is not None and col.kind == "agency" and c.kind == "agency"
                                   for c, col in zip(previous, columns)):
        return False
    tasked = any(columns[i].kind == "task" and c.kind == "text" for i, c in row.items())
    if explicit:
        return tasked
    number = next((c.text for i, c in row.items() if columns[i].kind == "number" and c.kind == "number"), None)
    above = next((c.text for c, col in zip(previous, columns) if col.kind == "number" and c is not None), None)
    return tasked and number is not None and above is not None and \
        _numbering(number) == _numbering(above)


def _numbering(number: str) -> str:
    """How a row number is written: 1 / （一） / 一."""
    number = number.lstrip("*")
    return "digit" if number[:1].isdigit() else "bracket" if number[:1] in "（(" else "word"


def _finish(text: str, row: dict[int, Cell], columns: list[Column], previous: Row | None,
            group: str, extra: list[tuple[int, Cell]], explicit: bool = False
            ) -> tuple[tuple[Statement, Row] | None, str]:
    """A finished row: a statement if it names an agency (its own, or the merged one above
    for a numbered row), else a group label."""
    if not row:
        return None, group
    own_agency = _has_agency(row, columns)
    if not own_agency and not _shares_agencies(row, columns, previous, explicit):
        number = next((c.text for i, c in sorted(row.items()) if c.kind == "number"), "")
        marked = next((m.group().rstrip("、．.") for c in row.values() if (m := GROUP_CELL.match(c.text))), "")
        return None, number or marked
    task_columns = [i for i, c in enumerate(columns) if c.kind == "task"]
    texts = [row[i] for i in task_columns if i in row]
    # a merged task-name cell is printed once per group: the texts a row has are its last ones
    cells: Row = [row.get(i) if columns[i].kind != "task" else None for i in range(len(columns))]
    for i, cell in zip(task_columns[len(task_columns) - len(texts):], texts):
        cells[i] = cell
    kinds = ("number", "task") if own_agency else ("number", "task", "agency", "deadline")
    filled = carry_down(cells, previous, columns, kinds)
    statement = row_statement(text, filled, columns, group, own=cells, extra=extra)
    return ((statement, filled) if statement else None), group


def headerless(text: str, start: int, end: int, is_agency: Callable[[str], bool]) -> list[Statement]:
    """A table whose header was lost (an image, a page break): runs of at least three rows
    that each open with a bare row number and hold an agency list.  Its columns are not
    named, so the bodies are responsible."""
    if len(_NUMBER_LINE.findall(text, start, end)) < _RUN:
        return []                     # fewer bare row numbers than a table needs
    blocks = "\n\n" in text[start:min(end, start + 2000)]
    spans = list(units(text, start, end, "blocks" if blocks else "lines"))
    numbers = [i for i, (a, b) in enumerate(spans) if NUMBER_CELL.match(squeeze(text[a:b]))
               and squeeze(text[a:b])[:1] in "*0123456789"]
    rows: list[list[Cell]] = []
    run: list[list[Cell]] = []
    for n, i in enumerate(numbers):
        stop = numbers[n + 1] if n + 1 < len(numbers) else min(len(spans), i + _ROW_REACH)
        cells = [make_cell(text, a, b, is_agency) for a, b in spans[i:stop]]
        if 2 <= len(cells) <= _ROW_REACH and _headerless_row(cells):
            run.append(cells)
            continue
        if len(run) >= _RUN:
            rows += run
        run = []
    if len(run) >= _RUN:
        rows += run
    columns = [Column("number", word=""), Column("task", word=""),
               Column("agency", "responsible", "", UNKNOWN_HEADER)]
    found = []
    for cells in rows:
        agency = next(c for c in cells[1:] if c.kind == "agency")
        task = next(c for c in cells[1:] if c.kind == "text")
        statement = row_statement(text, [cells[0], task, agency], columns)
        if statement:
            found.append(statement)
    return found


def _headerless_row(cells: list[Cell]) -> bool:
    """Number, then text, then an agency list: a row of a table without its header."""
    kinds = [c.kind for c in cells[1:]]
    return "agency" in kinds and "text" in kinds[:kinds.index("agency")]
