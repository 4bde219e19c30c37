"""Task-division tables: 序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限.

A table is found by its header: cells that the lexicon names (``data/roles.csv`` and
``data/slots.csv`` words with the ``header`` form, or a short word ending like a slot,
推进单位), among them an agency column and a number or task column.  Each column gets a
kind: number, task, agency (with a role), deadline, leader or other.  How the rows are
then read depends on how the table reached the text — one registered layout each:

``rows``   one line per row, cells parted by tabs (the .docx, .pdf and .html readers) or
           by runs of spaces (text copied out of a page);
``cells``  one cell per line (a web table saved as text), with blank lines between cells
           (a cell may wrap over single line breaks) or without them; merged cells are
           printed once, on the first row they span.

Every row with an agency becomes a statement whose task is its task cells.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from govgraph.extract.deadlines import parse_deadline
from govgraph.extract.grammar import Group, Reading
from govgraph.extract.lexicon import lexicon
from govgraph.extract.lists import split_items
from govgraph.extract.statements import Statement
from govgraph.extract.text import Compact, squeeze

UNKNOWN_HEADER = "header-unknown"
NUMBER_CELL = re.compile(r"^\*?(?:\d{1,3}[.．、]?|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3})$")
EMPTY_CELL = re.compile(r"^[—－\-/／、无]*$")
GROUP_CELL = re.compile(r"^[一二三四五六七八九十]+[、．.]|^[（(][一二三四五六七八九十]+[)）]")
SENTENCE_MARKS = frozenset("。；;：:")           # a cell holding them is prose, not a list
_WORD = re.compile(r"[\u4e00-\u9fff]+")
_BRACKETED = re.compile(r"[（(][^（）()]*[)）]")
HEADER_LONGEST = 16


@dataclass(slots=True)
class Column:
    kind: str              # number / task / agency / deadline / leader / other
    role: str = ""         # for agency columns ("" for a header nobody listed, until settled)
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
    word = squeeze(word).strip("|")
    if not word or len(word) > HEADER_LONGEST:
        return None
    lex = lexicon()
    entry = lex.header(word) or lex.header(_BRACKETED.sub("", word))
    if entry is not None:
        if entry.is_role:
            return Column("agency", entry.kind, word, entry.id)
        return Column(entry.kind, word=word, rule=entry.id)
    k, known = next(((k, e) for k in (1, 2) if len(word) - k >= 3 and _WORD.fullmatch(word, 0, k)
                     and (e := lex.header(word[k:])) is not None and e.is_role), (0, None))
    if known is not None:                     # 主要责任单位, 协同配合单位: a word before a known header
        # the principal (主要) responsible column owns the task: it leads
        leads = known.kind == "responsible" and word[:k] in lex.grammar.get("lead-modifier", ())
        return Column("agency", "lead" if leads else known.kind, word, known.id)
    if lex.is_label_ending(word) and 2 < len(word) <= 8 and lex.label(word) is None:
        return Column("agency", "", word, UNKNOWN_HEADER)      # 推进单位; not 发布机构, a page's own label
    return None


def usable(columns: list[Column]) -> bool:
    kinds = [c.kind for c in columns]
    return "agency" in kinds and ("task" in kinds or "number" in kinds)


def settle_roles(columns: list[Column]) -> list[Column]:
    """A header nobody listed supports where the table has a lead column, else it is responsible."""
    has_lead = any(c.role == "lead" for c in columns)
    for column in columns:
        if column.kind == "agency" and not column.role:
            column.role = "support" if has_lead else "responsible"
    return columns


def make_cell(text: str, start: int, end: int, is_agency: Callable[[str], bool]) -> Cell:
    """A cell, typed; whitespace and the pipes that mark cells are not part of it."""
    while start < end and (text[start].isspace() or text[start] == "|"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == "|"):
        end -= 1
    compact = squeeze(text[start:end])
    if EMPTY_CELL.match(compact):
        kind = "empty"
    elif NUMBER_CELL.match(compact):
        kind = "number"
    elif len(compact) <= 30 and any(map(str.isdigit, compact)) and parse_deadline(compact) \
            and not is_agency(compact):
        kind = "deadline"
    elif len(compact) <= 200 and SENTENCE_MARKS.isdisjoint(listed := compact.rstrip("。；;")) and \
            is_agency(listed):
        kind = "agency"                          # a list may close with a full stop (…管委会。)
    else:
        kind = "text"
    return Cell(start, end, compact, kind)


def carry_down(cells: Sequence[Cell | None], previous: Row | None, columns: list[Column],
               kinds: tuple[str, ...] = ("number", "task")) -> Row:
    """Empty cells of the given column kinds repeat the row above (merged cells)."""
    out = list(cells)
    if previous is None:
        return out
    for i, column in enumerate(columns):
        cell = out[i]
        if column.kind in kinds and (cell is None or cell.kind == "empty") and previous[i] is not None:
            out[i] = previous[i]
    return out


def deadline_named(columns: list[Column]) -> bool:
    """Whether a column is named for the deadline; where none is, a date alone under a
    column nobody listed (完成期限, 时间要求) is the deadline."""
    return any(c.kind == "deadline" for c in columns)


def row_statement(text: str, cells: Row, columns: list[Column], group: str = "",
                  own: Sequence[Cell | None] | None = None,
                  extra: Sequence[tuple[int, Cell]] = ()) -> Statement | None:
    """The row as a statement; ``own`` are its cells before merged ones were carried down
    (only they make up the task's span); ``extra`` are further cells of a column (a list
    wrapped over two cells)."""
    agency_cells = [c for c, col in zip(cells, columns)
                    if col.kind == "agency" and c is not None and c.kind != "empty"]
    if not agency_cells:
        return None
    dated = not deadline_named(columns)
    evidence = [c for c, col in zip(cells, columns)
                if c is not None and (col.kind in ("agency", "deadline", "leader") or
                                      dated and col.kind == "other" and c.kind == "deadline")]
    evidence += [c for _, c in extra]
    start = min(c.start for c in evidence)
    end = max(c.end for c in evidence)
    compact = Compact(text, start, end)
    reading = Reading(slots=[c.rule for c in columns if c.kind != "agency" and c.rule])
    pairs = [*zip(cells, columns), *((c, columns[i]) for i, c in extra)]
    for cell, column in pairs:
        if cell is None or cell.kind == "empty" or cell.start < start:
            continue
        a, b = _compact_range(text, compact, cell)
        if column.kind == "agency":
            items = split_items(compact.text, a, b, compact.gaps(a, b))
            if items:
                reading.groups.append(Group(column.role, column.word, column.rule, tuple(items)))
        elif column.kind == "deadline" or dated and column.kind == "other" and cell.kind == "deadline":
            reading.deadline = reading.deadline or compact.text[a:b]
        elif column.kind == "leader":
            reading.leaders.extend(i.name for i in split_items(compact.text, a, b))
    if not reading.groups:
        return None
    tasks = [c for c, col in zip(own or cells, columns)
             if col.kind == "task" and c is not None and c.kind != "empty"]
    task_span = (min(c.start for c in tasks), max(c.end for c in tasks)) if tasks else None
    number = next((c.text for c, col in zip(cells, columns) if col.kind == "number" and c), "")
    path = "/".join(p for p in (group, number.rstrip(".．、")) if p)
    return Statement(start, end, compact, reading, "table", task=task_span, path=path)


def _compact_range(text: str, compact: Compact, cell: Cell) -> tuple[int, int]:
    """The compact offsets of a cell's text inside the row's compact text."""
    prefix = squeeze(text[compact.base:cell.start])
    return len(prefix), len(prefix) + len(cell.text)
