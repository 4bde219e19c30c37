"""Task-division tables: 序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限.

Tables reach us in three shapes:

rows of tabs     one line per row, cells joined by tabs (the .docx, .pdf and .html readers)
rows of spaces   one line per row, cells parted by spaces (text copied out of a web page)
cell blocks      one cell per paragraph, blank lines between (a web table saved as text);
                 a cell broken by a single line break is still one cell

Headers are recognised by their words; each column gets a kind (number, task, agency
with a role, deadline, leader, other).  Rows of tabs and spaces are read cell by cell.
Cell blocks are typed (number, agency list, date, text, empty ——) and laid into the
columns in order; a merged cell (rowspan) printed only on its group's first row is
carried down, and a row with no agency (``一、潘东旭市长负责事项``) is a group label.
Every row with an agency becomes an annotation whose task is its task cells.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from govgraph.extract.annotations import Annotation, cues
from govgraph.extract.clauses import Group
from govgraph.extract.deadlines import parse_deadline
from govgraph.extract.lists import split_items
from govgraph.extract.text import Compact, squeeze

_NUMBER_HEAD = re.compile(r"序号|编号")
_TASK_HEAD = re.compile(r"(?:主要|重点|具体|工作|改革|目标)*(?:任务|措施|事项|工作|内容)(?:名称|内容|事项|类型|类别)?|"
                        r"(?:主要)?(?:工作|具体)内容")
_AGENCY_HEAD = re.compile(r"(?P<role>牵头|主办|主责|配合|协办|协同|参与|协助|责任)(?:负责|责任)?(?:单位|部门)")
_DEADLINE_HEAD = re.compile(r"完成时限|完成时间|时间节点|时限要求|时间要求|进度安排|完成期限|时限|时间")
_LEADER_HEAD = re.compile(r"(?:责任|分管|牵头|牵头负责)(?:区|市|省)?领导")
_OTHER_HEAD = re.compile(r"任务来源|备注|(?:政策)?依据|参考文件|文件依据|指标|目标值|考核方式")
_ROLE_OF_HEAD = {"牵头": "lead", "主办": "lead", "主责": "lead", "配合": "support", "协办": "support",
                 "协同": "support", "参与": "support", "协助": "support", "责任": "responsible"}

_NUMBER_CELL = re.compile(r"^(?:\d{1,3}[.．、]?|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3})$")
_EMPTY_CELL = re.compile(r"^[—－\-/／、无]*$")
_GROUP_CELL = re.compile(r"^[一二三四五六七八九十]+[、．.]")
_SENTENCE_MARKS = frozenset("。；;：:")           # a cell holding them is prose, not a list
_PUNCTUATION = _SENTENCE_MARKS | frozenset("，,")
_BLOCKS = re.compile(r"[^\n]+(?:\n[ \t\u3000]*[^\s][^\n]*)*")
_HEADER_WORD = re.compile(r"单\s*位|部\s*门")          # a cheap first look for _HEADER_HINT
# an agency column's header: a whole cell, not a 牵头单位： slot or a word in a sentence.  The
# role word opens the cell (at a line start, or after a tab or space: the look-behind spans
# the two-character word); starting with the word lets the search skip to its first characters.
_HEADER_HINT = re.compile(r"(?:牵头|主办|配合|协办|责任|协同)(?<![^\t \n]..)"
                          r"(?:[ \t]*(?:责任|负责)?[ \t]*(?:单[ \t]*位|部[ \t]*门)[ \t]*$|"
                          r"(?:责任|负责)?(?:单位|部门)(?=[\t ]))", re.M)


@dataclass(slots=True)
class Column:
    kind: str              # number / task / agency / deadline / leader / other
    role: str = ""         # for agency columns
    word: str = ""         # the header as written
    rule: str = ""


@dataclass(slots=True)
class Cell:
    start: int
    end: int
    text: str              # whitespace removed
    kind: str              # number / agency / deadline / text / empty


Row = list[Cell | None]    # a row's cells, one per column (None: the row has none there)


def header_column(word: str) -> Column | None:
    """The column a header cell names, or None if it is no header word."""
    word = squeeze(word)
    if _NUMBER_HEAD.fullmatch(word):
        return Column("number", word=word)
    agency = _AGENCY_HEAD.fullmatch(word)
    if agency:
        cue = cues().get(word)
        role = cue.role if cue and cue.slot == "agency" else _ROLE_OF_HEAD[agency.group("role")]
        return Column("agency", role, word, cue.id if cue else f"column-{agency.group('role')}")
    if _LEADER_HEAD.fullmatch(word):
        return Column("leader", word=word)
    if _DEADLINE_HEAD.fullmatch(word):
        return Column("deadline", word=word)
    if _OTHER_HEAD.fullmatch(word):
        return Column("other", word=word)
    if _TASK_HEAD.fullmatch(word):
        return Column("task", word=word)
    return None


def find_tables(text: str, start: int, end: int,
                is_agency: Callable[[str], bool]) -> list[Annotation]:
    """Every table row of ``text[start:end]`` that assigns an agency."""
    if not _has_header_hint(text, start, end):
        return []
    found: list[Annotation] = []
    pos = start
    while pos < end:
        table = _next_header(text, pos, end)
        if table is None:
            break
        layout, columns, header_end = table
        reader = _read_blocks if layout == "blocks" else _read_lines
        rows, pos = reader(text, header_end, end, columns, layout, is_agency)
        found.extend(rows)
        pos = max(pos, header_end)
    return found


# ---------------------------------------------------------------- headers

def _has_header_hint(text: str, start: int, end: int) -> bool:
    """A quick look for an agency column's header: 单位 / 部门 that ends a cell (a tab,
    a space or the line end follows), with a role word before it."""
    for word in _HEADER_WORD.finditer(text, start, end):
        after = word.end()
        if (after >= end or text[after] in " \t\n") and \
                _HEADER_HINT.search(text, max(start, word.start() - 12), min(end, after + 12)):
            return True
    return False


def _next_header(text: str, start: int, end: int) -> tuple[str, list[Column], int] | None:
    for hint in _HEADER_HINT.finditer(text, start, end):
        line_start = text.rfind("\n", start, hint.start()) + 1
        line_end = text.find("\n", hint.end(), end)
        line_end = end if line_end < 0 else line_end
        line = text[line_start:line_end]
        cells = _split_row(line)
        columns = [column for c in cells if (column := header_column(c)) is not None]
        if 2 <= len(columns) == len(cells) and _usable(columns):
            return ("tabs" if "\t" in line else "spaces"), columns, line_end
        block_header = _block_header(text, line_start, end)
        if block_header:
            return "blocks", *block_header
    return None


def _block_header(text: str, at: int, end: int) -> tuple[list[Column], int] | None:
    """Header cells one per paragraph, around ``at``: back up to the first, read them all."""
    blocks = list(_BLOCKS.finditer(text, max(0, at - 200), min(end, at + 400)))
    columns: list[Column] = []
    header_end = None
    for block in blocks:
        column = header_column(block.group())
        if column is not None and (columns or block.end() > at - 200):
            columns.append(column)
            header_end = block.end()
        elif columns and header_end is not None and block.start() > at:
            break
        else:
            columns = []
    if header_end is not None and len(columns) >= 3 and _usable(columns):
        return columns, header_end
    return None


def _usable(columns: list[Column]) -> bool:
    kinds = [c.kind for c in columns]
    return "agency" in kinds and ("task" in kinds or "number" in kinds)


def _split_row(line: str) -> list[str]:
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


# ---------------------------------------------------------------- rows on lines

def _read_lines(text: str, start: int, end: int, columns: list[Column], layout: str,
                is_agency: Callable[[str], bool]) -> tuple[list[Annotation], int]:
    rows: list[Annotation] = []
    previous: Row | None = None
    pos = start + 1
    while pos < end:
        line_end = text.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end
        line = text[pos:line_end]
        if line.strip():
            cells = _line_cells(text, pos, line_end, columns, layout)
            if cells is None:
                if all(header_column(c) for c in _split_row(line)):      # header repeated
                    pos = line_end + 1
                    continue
                break
            filled = _carry_down(cells, previous, columns)
            annotation = _row_annotation(text, filled, columns, own=cells)
            if annotation:
                rows.append(annotation)
            previous = filled
        pos = line_end + 1
    return rows, pos


def _line_cells(text: str, start: int, end: int, columns: list[Column], layout: str
                ) -> list[Cell] | None:
    """The cells of one row line, aligned with the columns (None: not a row)."""
    if layout == "tabs":
        spans, pos = [], start
        for part in text[start:end].split("\t"):
            spans.append((pos, pos + len(part)))
            pos += len(part) + 1
        if len(spans) != len(columns):
            return None
    else:
        tokens = [m.span() for m in re.finditer(r"\S+", text[start:end])]
        tokens = [(start + a, start + b) for a, b in tokens]
        if len(tokens) < len(columns):
            return None
        task = next((i for i, c in enumerate(columns) if c.kind == "task"), len(columns) - 1)
        after = len(columns) - task - 1
        spans = tokens[:task] + [(tokens[task][0], tokens[len(tokens) - after - 1][1])] + \
            tokens[len(tokens) - after:]
    cells = [_cell(text, a, b, lambda _: False) for a, b in spans]
    first = columns[0]
    if first.kind == "number" and not (_NUMBER_CELL.match(cells[0].text) or cells[0].kind == "empty"):
        return None
    return cells


# ---------------------------------------------------------------- cell blocks

def _read_blocks(text: str, start: int, end: int, columns: list[Column], layout: str,
                 is_agency: Callable[[str], bool]) -> tuple[list[Annotation], int]:
    rows: list[Annotation] = []
    row: dict[int, Cell] = {}
    last = -1
    previous: Row | None = None
    group = ""
    stop = end
    for block in _BLOCKS.finditer(text, start, end):
        if block.group().lstrip().startswith("附件") or len(block.group()) > 600:
            stop = block.start()
            break
        if not row and header_column(block.group()) is not None:
            continue                                   # the header repeated after a page break
        cell = _cell(text, block.start(), block.end(), is_agency)
        at = _fit(columns, cell, last + 1, row)
        # a row number or a group label (一、…) always opens a new row
        if at is None or (row and (cell.kind == "number" or _GROUP_CELL.match(cell.text))):
            done, group = _finish(text, row, columns, previous, group)
            if done:
                rows.append(done[0])
                previous = done[1]
            row, last = {}, -1
            at = _fit(columns, cell, 0, row)
            if at is None:
                continue
        row[at] = cell
        last = at
    done, _ = _finish(text, row, columns, previous, group)
    if done:
        rows.append(done[0])
    return rows, stop


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
        any(columns[i].kind == "task" for i in row)


def _finish(text: str, row: dict[int, Cell], columns: list[Column], previous: Row | None,
            group: str) -> tuple[tuple[Annotation, Row] | None, str]:
    """A finished row: an annotation if it names an agency, else a group label."""
    if not row:
        return None, group
    if not any(columns[i].kind == "agency" and c.kind == "agency" for i, c in row.items()):
        number = next((c.text for i, c in sorted(row.items()) if c.kind == "number"), "")
        marked = next((m.group().rstrip("、．.") for c in row.values() if (m := _GROUP_CELL.match(c.text))), "")
        return None, number or marked
    task_columns = [i for i, c in enumerate(columns) if c.kind == "task"]
    texts = [row[i] for i in task_columns if i in row]
    # a merged task-name cell is printed once per group: the texts a row has are its last ones
    cells: Row = [row.get(i) if columns[i].kind != "task" else None for i in range(len(columns))]
    for i, cell in zip(task_columns[len(task_columns) - len(texts):], texts):
        cells[i] = cell
    filled = _carry_down(cells, previous, columns)
    annotation = _row_annotation(text, filled, columns, group, own=cells)
    return ((annotation, filled) if annotation else None), group


# ---------------------------------------------------------------- shared

def _cell(text: str, start: int, end: int, is_agency: Callable[[str], bool]) -> Cell:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    compact = squeeze(text[start:end])
    if _EMPTY_CELL.match(compact):
        kind = "empty"
    elif _NUMBER_CELL.match(compact):
        kind = "number"
    elif len(compact) <= 30 and any(map(str.isdigit, compact)) and parse_deadline(compact) \
            and not is_agency(compact):
        kind = "deadline"
    elif len(compact) <= 200 and _SENTENCE_MARKS.isdisjoint(compact) and is_agency(compact):
        kind = "agency"
    else:
        kind = "text"
    return Cell(start, end, compact, kind)


def _carry_down(cells: Sequence[Cell | None], previous: Row | None, columns: list[Column]) -> Row:
    """Empty number and task cells repeat the row above (merged cells)."""
    out = list(cells)
    if previous is None:
        return out
    for i, column in enumerate(columns):
        cell = out[i]
        if column.kind in ("number", "task") and (cell is None or cell.kind == "empty") \
                and previous[i] is not None:
            out[i] = previous[i]
    return out


def _row_annotation(text: str, cells: Row, columns: list[Column], group: str = "",
                    own: Sequence[Cell | None] | None = None) -> Annotation | None:
    """The row as an annotation; ``own`` are its cells before merged ones were carried down
    (only they make up the task's span)."""
    agency_cells = [c for c, col in zip(cells, columns)
                    if col.kind == "agency" and c is not None and c.kind != "empty"]
    if not agency_cells:
        return None
    evidence = [c for c, col in zip(cells, columns)
                if c is not None and col.kind in ("agency", "deadline", "leader")]
    start = min(c.start for c in evidence)
    end = max(c.end for c in evidence)
    compact = Compact(text, start, end)
    groups: list[Group] = []
    deadline: str | None = None
    leaders: list[str] = []
    for cell, column in zip(cells, columns):
        if cell is None or cell.kind == "empty" or cell.start < start:
            continue
        a, b = _compact_range(text, compact, cell)
        if column.kind == "agency":
            items = split_items(compact.text, a, b)
            if items:
                groups.append(Group(column.role, column.word, column.rule, tuple(items)))
        elif column.kind == "deadline":
            deadline = compact.text[a:b]
        elif column.kind == "leader":
            leaders.extend(i.name for i in split_items(compact.text, a, b))
    tasks = [c for c, col in zip(own or cells, columns)
             if col.kind == "task" and c is not None and c.kind != "empty"]
    task_span = (min(c.start for c in tasks), max(c.end for c in tasks)) if tasks else None
    number = next((c.text for c, col in zip(cells, columns) if col.kind == "number" and c), "")
    path = "/".join(p for p in (group, number.rstrip(".．、")) if p)
    return Annotation(start, end, compact, tuple(groups), deadline, tuple(leaders), True, "table",
                      task=task_span, path=path)


def _compact_range(text: str, compact: Compact, cell: Cell) -> tuple[int, int]:
    """The compact offsets of a cell's text inside the row's compact text."""
    prefix = squeeze(text[compact.base:cell.start])
    return len(prefix), len(prefix) + len(cell.text)
