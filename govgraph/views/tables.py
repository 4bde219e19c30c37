"""The answers as tables: on screen (rich), CSV, JSON, Markdown and HTML.

CSV and JSON are for programs, so their headers are the field names and their values the
codes (``bureau``, ``true``); the screen, Markdown, HTML and XLSX are for people, so theirs
are Chinese, kinds and flags included (``views.labels``, from ``data/labels.csv``).  Every
column is named, and every table that lists tasks carries their ids, to join back to the
extraction.  On screen a table fits the terminal: names and numbers are never wrapped, a
list shows how many it holds or its first items, and decimals are fixed (0.000047, not
4.7e-05).  Document text is never markup: rich gets ``Text`` (``[brackets]`` in a plan are
not styles), Markdown and HTML get escaped text.
"""
from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Iterator, Sequence
from itertools import islice

from govgraph.queries.matrix import MARKS, Matrix
from govgraph.queries.network import Network
from govgraph.queries.workload import AgencyWorkload
from govgraph.views.html import esc, page_around
from govgraph.views.labels import flag_label, kind_label, unread_label
from govgraph.views.style import GROUP, ROLE_NAMES

DECIMALS = 6                # centralities of a big network are small: 0.000047
SCREEN_ITEMS = 3            # items of a list shown in a terminal cell

# ---------------------------------------------------------------- generic tables


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return flag_label(value)
    if isinstance(value, (list, tuple)):
        return "、".join(map(str, value))
    if isinstance(value, float):
        return decimal(value)
    return str(value)


def decimal(value: float) -> str:
    """Six fixed decimals, never an exponent (0.000047); a score such as 38.5 or 2 stays short."""
    return f"{value:g}" if value == round(value, 1) else f"{value:.{DECIMALS}f}"


def some(items, limit: int, unit: str) -> str:
    """The first ``limit`` items joined, and how many there are when more."""
    items = list(items)
    more = f" 等 {len(items)} {unit}" if len(items) > limit else ""
    return "、".join(map(str, items[:limit])) + more


def write_csv(header: Sequence[str], rows, out) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(map(inert, header))
    writer.writerows([inert("|".join(map(str, v)) if isinstance(v, (list, tuple)) else
                          "" if v is None else v) for v in row] for row in rows)       # streamed: a row at a time


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """A CSV cell no spreadsheet runs: text that begins like a formula gets a leading
    ``'`` (OWASP, CSV injection); numbers and other text are left as they are."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def print_table(header: Sequence[str], rows, out, title: str | None = None, caption: str | None = None) -> None:
    """A rich table as wide as the terminal (200 columns piped).  The first column (names)
    and columns of numbers are never wrapped; a text column keeps at least ``TEXT_WIDTH``
    cells, so a squeezed table wraps its text in lines of words, not of two characters."""
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    rows = [list(row) for row in rows]
    table = Table(title=title, caption=caption, collapse_padding=True)
    for i, column in enumerate(header):
        numeric = bool(rows) and all(isinstance(row[i], (int, float)) for row in rows)
        table.add_column(Text(column), overflow="fold", no_wrap=i == 0 or numeric,
                         justify="right" if numeric else "left",
                         min_width=max(cell_len(column), 0 if i == 0 or numeric
                                       else min(TEXT_WIDTH, _widest(rows, i, column))))
    for row in rows:
        table.add_row(*(Text(_cell(v)) for v in row))
    # piped or written to a file, the table is as wide as it needs
    Console(file=out, width=None if out.isatty() else 200).print(table)


TEXT_WIDTH = 12             # terminal cells a text column keeps at least (6 Chinese characters)


def _widest(rows: list[list], i: int, column: str) -> int:
    from rich.cells import cell_len

    return max([cell_len(column), *(cell_len(_cell(row[i])) for row in rows)])


def markdown_table(header: Sequence[str], rows) -> str:
    def cell(value) -> str:
        return esc(_cell(value)).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(map(cell, header)) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(map(cell, row)) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def html_table(header: Sequence[str], rows, numeric: Sequence[int] = ()) -> str:
    """An escaped HTML table; columns at the ``numeric`` positions are right-aligned."""
    def cls(i: int) -> str:
        return ' class="num"' if i in numeric else ""

    head = "".join(f"<th{cls(i)}>{esc(h)}</th>" for i, h in enumerate(header))
    body = "".join("<tr>" + "".join(f"<td{cls(i)}>{esc(_cell(v))}</td>" for i, v in enumerate(row)) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _json(data, out) -> None:
    json.dump(data, out, ensure_ascii=False, indent=1)
    out.write("\n")


QUERY_FORMATS = ("table", "json", "csv")


def write_rows(columns: Sequence[str], rows, fmt: str, out, excel: bool = False) -> None:
    """Query results (``govgraph query``, ``govgraph sparql``): a table, JSON (a list of
    objects, Chinese unescaped) or CSV, its cells inert (no formula runs).  ``excel``: the
    CSV starts with a UTF-8 byte-order mark, without which Excel reads UTF-8 as the local
    code page and the Chinese comes out garbled; programs get none unless asked."""
    if fmt == "json":
        _json([dict(zip(columns, row)) for row in rows], out)
    elif fmt == "csv":
        if excel:
            out.write("\ufeff")
        write_csv(columns, rows, out)
    else:
        print_table(columns, rows, out, caption=f"{len(rows)} rows")

# ---------------------------------------------------------------- workload


def workload_columns(rows: list[AgencyWorkload], screen: bool = False) -> list[tuple[str, str]]:
    """(field, Chinese header) of the columns worth showing: a group only when grouped,
    duties only when asked for, sub-units only when rolled up, task ids but on screen."""
    columns = [("agency", "机构"), ("kind", "类型"), *ROLE_NAMES.items(), ("tasks", "任务数"),
               ("assignments", "分工数"), ("score", "加权得分"), ("documents", "涉及文件"), ("deadlines", "完成时限")]
    if rows and rows[0].group is not None:
        columns.insert(0, ("group", "分组"))
    if rows and rows[0].duties is not None:
        columns.insert(columns.index(("score", "加权得分")), ("duties", "职责数"))
    if any(r.members for r in rows):
        columns.append(("members", "含下属单位"))
    if screen:      # narrow headers, so a 100-column terminal holds the table
        return [(f, SCREEN_HEADERS.get(f, h)) for f, h in columns]
    return [*columns, ("task_ids", "任务编号")]


SCREEN_HEADERS = {**MARKS, "tasks": "任务", "assignments": "分工", "duties": "职责", "score": "得分",
                  "documents": "文件数", "deadlines": "最早时限", "members": "下属单位数"}


def workload_cells(rows: list[AgencyWorkload], human: bool = False,
                   screen: bool = False) -> tuple[list[str], list[str], list[list]]:
    """Fields, headers and cells; ``human``: kinds in Chinese, ``screen``: long lists cut."""
    columns = workload_columns(rows, screen)

    def value(row: AgencyWorkload, field: str):
        found = getattr(row, field)
        if human and field == "kind":
            return kind_label(found)
        if screen and field == "deadlines":
            return found[0] if found else ""
        if screen and isinstance(found, tuple):         # documents, sub-units: how many
            return len(found)
        return found
    return [f for f, _ in columns], [h for _, h in columns], [[value(r, f) for f, _ in columns] for r in rows]


WORKLOAD_NOTE = ("任务数 = 承担任何角色的不同任务；分工数 = 主办 + 协办 + 责任（一项任务可有两种角色）；"
                 "加权得分 = 各角色任务数 × 权重")
SCREEN_NOTE = "主 = 主办/牵头，协 = 协办/配合，责 = 责任；" + WORKLOAD_NOTE.replace("数 =", " =")


def workload_table(rows: list[AgencyWorkload], out) -> None:
    """On screen a grouped workload is a table per group, titled by it, so no column of
    group names takes the width the agencies' names need."""
    _, header, cells = workload_cells(rows, human=True, screen=True)
    note = "\n".join([f"{len(rows)} 行。{SCREEN_NOTE}；全部文件、时限与任务编号：-o workload.xlsx",
                      *unread_notes(rows)])
    if not rows or rows[0].group is None:
        print_table(header, cells, out, caption=note)
        return
    groups: dict[str, list[list]] = {}
    for row, cell in zip(rows, cells):
        groups.setdefault(row.group, []).append(cell[1:])       # the group is the table's title
    for i, (group, grouped) in enumerate(groups.items(), 1):
        print_table(header[1:], grouped, out, title=group, caption=note if i == len(groups) else None)


def workload_csv(rows: list[AgencyWorkload], out) -> None:
    fields, _, cells = workload_cells(rows)
    write_csv(fields, cells, out)


def workload_json(rows: list[AgencyWorkload], out) -> None:
    _json([dataclasses.asdict(r) for r in rows], out)

# ---------------------------------------------------------------- network

COMMUNITY = GROUP              # a Louvain community: agencies that share many tasks
AGENCY_COLUMNS = (("name", "机构"), ("kind", "类型"), ("community", COMMUNITY), ("tasks", "任务数"),
                  ("degree", "合作单位"), ("weighted_degree", "共同任务"), ("betweenness", "中介中心度"),
                  ("eigenvector", "特征向量中心度"), ("broker", "中间人"))
SHOWN_LINKS = 20
# on screen, narrow headers for the numbers, so a 100-column terminal holds the table
SCREEN_AGENCY_HEADERS = {"tasks": "任务", "degree": "合作", "weighted_degree": "共同", "betweenness": "中介",
                         "eigenvector": "特征向量"}
SCREEN_AGENCY_NOTE = ("任务 = 任务数，合作 = 合作单位数，共同 = 共同任务数，中介 = 中介中心度，"
                      "特征向量 = 特征向量中心度；全部列：-o network.json")


def _agency_cell(agency, field: str):
    value = getattr(agency, field)
    return kind_label(value) if field == "kind" else value


def network_table(network: Network, out, directed: bool = False) -> None:
    print_table([SCREEN_AGENCY_HEADERS.get(f, h) for f, h in AGENCY_COLUMNS],
                [[_agency_cell(a, f) for f, _ in AGENCY_COLUMNS] for a in network.agencies], out, title="机构",
                caption=SCREEN_AGENCY_NOTE)
    links = network.directed if directed else network.links
    print_table([*(["牵头", "配合"] if directed else ["机构", "合作机构"]), "共同任务", "任务编号"],
                [[link.source, link.target, link.weight, some(link.tasks, SCREEN_ITEMS, "项")]
                 for link in links[:SHOWN_LINKS]], out,
                title=f"协作最多的 {min(len(links), SHOWN_LINKS)} 对（共 {len(links)} 对）")
    print_table([COMMUNITY, "机构数", "机构"], [[i + 1, len(c), "、".join(c)] for i, c in enumerate(network.communities)],
                out, title=COMMUNITY)


def network_csv(network: Network, out, directed: bool = False) -> None:
    """The links as a Gephi edge table: Source, Target, Type, Weight, and the shared tasks."""
    kind = "Directed" if directed else "Undirected"
    write_csv(["Source", "Target", "Type", "Weight", "Tasks"],
              ([link.source, link.target, kind, link.weight, link.tasks]
               for link in (network.directed if directed else network.links)), out)


def network_json(network: Network, out, directed: bool = False) -> None:
    _json({"directed": directed, "agencies": [dataclasses.asdict(a) for a in network.agencies],
           "links": [dataclasses.asdict(link) for link in (network.directed if directed else network.links)],
           "communities": [list(c) for c in network.communities],
           "brokers": [a.name for a in network.brokers]}, out)

# ---------------------------------------------------------------- matrix

ROLE_MARKS = [f"{MARKS[role]}（{name}）" for role, name in ROLE_NAMES.items()]


def _matrix_rows(matrix: Matrix) -> Iterator[list]:
    """Per agency: its mark on every task, then its tasks per role (a row at a time)."""
    for agency in matrix.agencies:
        yield [agency, *(matrix.mark(agency, t.id) for t in matrix.tasks), *matrix.role_counts(agency).values()]


WIDE_PAGE_TASKS = 1_000     # past this many tasks a page's matrix is long, as the XLSX's is past a sheet
PAGE_ROWS = 5_000           # rows of one table of a long matrix page
LONG_HEADER = ["机构", "角色", "编号", "任务", "任务ID"]


def _long_rows(matrix: Matrix) -> Iterator[list]:
    return ([agency, MARKS[role], task.number, task.short_title, task.id] for agency, task, role in matrix.marks())


def document_rows(matrix: Matrix) -> list[list]:
    return [[agency, *(matrix.document_count(agency, d) for d in matrix.documents)] for agency in matrix.agencies]


def unread_notes(answer: Matrix | list[AgencyWorkload]) -> list[str]:
    """A line for each document whose role words gave no task, under counts per document."""
    return [f"{label}：{unread_label(words)}" for label, words in getattr(answer, "unread", ())]


def _task_rows(matrix: Matrix) -> list[list]:
    return [[t.number, t.document_label, t.path, t.short_title, t.deadline_text or "", matrix.task_count(t.id), t.id]
            for t in matrix.tasks]


TASK_HEADER = ["编号", "文件", "路径", "任务", "完成时限", "单位数", "任务ID"]


def matrix_table(matrix: Matrix, out) -> None:
    """On screen the task matrix is too wide: agency × document counts and role totals."""
    print_table(["机构", *matrix.documents, *ROLE_MARKS],
                [[*row, *matrix.role_counts(row[0]).values()] for row in document_rows(matrix)], out,
                caption="\n".join(["各单位在各文件中的任务数；完整的 机构 × 任务 矩阵：govgraph matrix -o matrix.xlsx",
                                    *unread_notes(matrix)]))


def matrix_csv(matrix: Matrix, out) -> None:
    """A column per task, headed by its id (as in the extraction's ``tasks``, to join on)."""
    write_csv(["机构", *(t.id for t in matrix.tasks), *ROLE_MARKS], _matrix_rows(matrix), out)


def matrix_markdown(matrix: Matrix, out) -> None:
    out.write("# 责任矩阵\n\n主 = 主办/牵头，协 = 协办/配合，责 = 责任；列号见下方任务表。\n\n")
    if len(matrix.tasks) > WIDE_PAGE_TASKS:
        out.write(markdown_table(LONG_HEADER, _long_rows(matrix)))
    else:
        out.write(markdown_table(["机构", *(str(t.number) for t in matrix.tasks), *ROLE_MARKS], _matrix_rows(matrix)))
    out.write("\n## 各文件任务数\n\n" + markdown_table(["机构", *matrix.documents], document_rows(matrix)))
    out.write("".join(f"\n{esc(note)}\n" for note in unread_notes(matrix)))
    out.write("\n## 任务\n\n" + markdown_table(TASK_HEADER, _task_rows(matrix)))


def matrix_section(matrix: Matrix) -> str:
    """The matrix as HTML: sticky headers and names, marks coloured by role, totals."""
    return "".join(_matrix_parts(matrix))


def _matrix_parts(matrix: Matrix) -> Iterator[str]:
    """``matrix_section`` a piece at a time, so a big matrix is written without being held.
    Past ``WIDE_PAGE_TASKS`` tasks the matrix is long — a row per agency, task and role — and
    each table stops at ``PAGE_ROWS`` rows, so the page still opens in seconds."""
    role_of = {mark: role for role, mark in MARKS.items()}
    yield '<p class="muted">主 = 主办/牵头，协 = 协办/配合，责 = 责任；列号见“任务”表。</p>\n'
    if len(matrix.tasks) > WIDE_PAGE_TASKS:
        yield ('<div class="scroll"><table class="matrix long"><thead><tr>'
               + "".join(f"<th>{h}</th>" for h in LONG_HEADER) + "</tr></thead><tbody>")
        for agency, mark, number, title, task in islice(_long_rows(matrix), PAGE_ROWS):
            yield (f'<tr><td class="agency">{esc(agency)}</td><td class="mark {role_of[mark]}">{mark}</td>'
                   f'<td class="num">{number}</td><td>{esc(title)}</td><td>{esc(task)}</td></tr>')
        yield "</tbody></table></div>\n" + _rows_left(sum(len(r) for r in matrix.roles.values()))
        counts = matrix.document_counts()
        yield (f"<h3>各文件任务数</h3>\n"
               f'<div class="scroll">{html_table(["机构", "文件", "任务数"], counts[:PAGE_ROWS], (2,))}</div>\n'
               + _rows_left(len(counts)))
        yield _unread_html(matrix)
        yield (f"<h3>任务</h3>\n{html_table(TASK_HEADER, islice(_task_rows(matrix), PAGE_ROWS), (0, 5))}"
               + _rows_left(len(matrix.tasks)))
        return
    head = "".join(f'<th class="task" title="{esc(t.document_label)} {esc(t.path)} {esc(t.short_title)}">'
                   f"{t.number} {esc(t.short_title)}</th>" for t in matrix.tasks)
    roles = len(ROLE_MARKS)
    yield (f'<div class="scroll"><table class="matrix"><thead><tr><th class="agency">机构</th>{head}'
           + "".join(f"<th>{esc(m)}</th>" for m in ROLE_MARKS) + "</tr></thead><tbody>")
    for row in _matrix_rows(matrix):
        agency, marks, totals = row[0], row[1:-roles], row[-roles:]
        cells = "".join(f'<td class="mark {role_of[m[0]]}">{m}</td>' if m else '<td class="mark"></td>'
                        for m in marks)
        yield (f'<tr><td class="agency">{esc(agency)}</td>{cells}'
               + "".join(f'<td class="num">{n}</td>' for n in totals) + "</tr>")
    totals = "".join(f'<td class="num">{matrix.task_count(t.id)}</td>' for t in matrix.tasks)
    yield f'<tr><td class="agency">单位数</td>{totals}{"<td></td>" * roles}</tr></tbody></table></div>\n'
    numbers = range(1, len(matrix.documents) + 1)
    yield (f"<h3>各文件任务数</h3>\n"
           f'<div class="scroll">{html_table(["机构", *matrix.documents], document_rows(matrix), numbers)}</div>\n')
    yield _unread_html(matrix)
    yield f"<h3>任务</h3>\n{html_table(TASK_HEADER, _task_rows(matrix), (0, 5))}"


def _unread_html(matrix: Matrix) -> str:
    return "".join(f'<p class="muted">{esc(note)}</p>\n' for note in unread_notes(matrix))


def _rows_left(total: int) -> str:
    return (f'<p class="muted">仅列前 {PAGE_ROWS} 行（共 {total} 行）；完整矩阵：govgraph matrix -o matrix.xlsx</p>\n'
            if total > PAGE_ROWS else "")


def matrix_html(matrix: Matrix, out) -> None:
    head, tail = page_around("责任矩阵 · govgraph")
    out.write(head + "<h1>责任矩阵</h1>\n")
    for part in _matrix_parts(matrix):
        out.write(part)
    out.write("\n" + tail)
