"""The report: one offline HTML file with every answer, for people who will not run a command.

Summary, workload ranking with its chart, the interactive network, the responsibility
matrix, and a section per agency listing its tasks with deadlines and the sentences that
assign them, and its prose duties.  It counts as every view does (README, "What is
counted"): its agencies are those with a task or a duty.  The chart is drawn as plain SVG here rather than by matplotlib, so the
report needs no fonts on the machine that writes it (the reader's browser brings them)
and opens fast.

A browser must open it in seconds at any corpus size, so the page holds summaries and
the top of each list — the documents, the ranking, the busiest agencies' sections with
their first tasks, the matrix only while it is narrow — and says what it left out and
which command writes the whole table (``govgraph matrix -o matrix.xlsx``, ``govgraph
workload -o workload.xlsx``).  Its size is bounded by these limits, not by the corpus.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING

from govgraph.queries.matrix import MARKS, Matrix, cells, responsibility_matrix
from govgraph.queries.network import Network, collaboration_network
from govgraph.queries.workload import (DEFAULT_WEIGHTS, AgencyWorkload, TaskInfo, documents, task_count,
                                       task_infos, task_numbers, workload)
from govgraph.views.html import esc, page
from govgraph.views.labels import kind_label, unread_label
from govgraph.views.network_page import SCRIPT, brokers_list, communities_list, network_figure
from govgraph.views.style import ROLE_COLOURS, ROLE_NAMES
from govgraph.views.tables import COMMUNITY, WORKLOAD_NOTE, html_table, matrix_section, some

if TYPE_CHECKING:
    from govgraph.graph.cypher import CypherStore

CHART_AGENCIES = 30
PAGE_DOCUMENTS = 200        # rows of the document table
PAGE_RANKING = 200          # rows of the workload ranking
PAGE_LABELS = 10            # documents and deadlines named in one ranking cell
PAGE_MATRIX_TASKS = 300     # the matrix is on the page up to this many tasks
SECTION_AGENCIES = 100      # agencies with a section of their own, busiest first
SECTION_TASKS = 60          # tasks listed in one section (the sample's busiest has 56)
WHOLE = "完整表格：govgraph workload --duties -o workload.xlsx；govgraph matrix -o matrix.xlsx"
DUTIES = ("MATCH (a:Agency)-[d:HAS_DUTY]->(x:Document) WHERE a.name IN $names "
          "RETURN a.name, x.id, d.text, d.cue, d.start ORDER BY x.id, d.start")


@dataclass(frozen=True, slots=True)
class Report:
    documents: tuple[dict, ...]             # the graph's documents (their properties), in order
    workload: tuple[AgencyWorkload, ...]
    network: Network
    matrix: Matrix | None                   # None when too wide for a page
    tasks: int                              # tasks in the graph
    sections: dict[str, tuple[tuple[TaskInfo, tuple[str, ...]], ...]]  # agency → its first tasks, roles
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    duties: dict[str, tuple[tuple[str, str, str], ...]] = field(default_factory=dict)   # agency → (document, cue, text)


def report_of(store: CypherStore, weights: Mapping[str, float] = DEFAULT_WEIGHTS, exclude_collectives: bool = False,
              rollup: bool = False) -> Report:
    """Every answer the report shows, asked of one store; the options mean what they mean
    for ``workload`` (the network leaves collectives out too).  The workload holds every
    agency with a task or a duty, so the report counts agencies as the workload does."""
    docs = documents(store)
    loads = tuple(workload(store, None, weights, rollup, duties=True, exclude_collectives=exclude_collectives))
    count = task_count(store)
    matrix = responsibility_matrix(store) if count <= PAGE_MATRIX_TASKS else None
    shown = loads[:SECTION_AGENCIES]
    return Report(tuple(docs), loads, collaboration_network(store, exclude_collectives), matrix, count,
                  _sections(store, shown, docs), dict(weights), _duties(store, shown, docs))


def _duties(store: CypherStore, rows: tuple[AgencyWorkload, ...], docs: list[dict]) -> dict:
    """Each agency's first ``SECTION_TASKS`` prose duties (its sub-units' too when rolled up)."""
    owner = {name: row.agency for row in rows for name in (row.agency, *row.members)}
    labels = {d["id"]: d["label"] for d in docs}
    found: dict[str, list[tuple[str, str, str]]] = {}
    _, rows = store.stream(DUTIES, {"names": sorted(owner)})
    for name, document, text, cue, _ in rows:      # streamed: only the first of each are kept
        items = found.setdefault(owner[name], [])
        if len(items) < SECTION_TASKS:
            items.append((labels.get(document, document), cue or "", text or ""))
    return {agency: tuple(items) for agency, items in found.items()}


def _sections(store: CypherStore, rows: tuple[AgencyWorkload, ...], docs: list[dict]) -> dict:
    """Each agency's first ``SECTION_TASKS`` tasks with its roles on them (rolled up, its
    sub-units' roles count as its own)."""
    shown = {row.agency: row.task_ids[:SECTION_TASKS] for row in rows}
    owner = {name: row.agency for row in rows for name in (*row.members, row.agency)}
    ids = sorted({t for ts in shown.values() for t in ts})
    tasks = task_infos(store, task_numbers(store, docs), docs, ids)
    roles: dict[tuple[str, str], set[str]] = {}
    for agency, task, held in cells(store, sorted(owner), ids):
        roles.setdefault((owner[agency], task), set()).update(held)
    return {agency: tuple((tasks[t], tuple(r for r in ROLE_NAMES if r in roles[agency, t])) for t in ts)
            for agency, ts in shown.items()}


def anchor(i: int) -> str:
    return f"agency-{i + 1}"


def write_report(report: Report, out) -> None:
    anchors = {agency: anchor(i) for i, agency in enumerate(report.sections)}
    sources = sorted({PurePath(d["source"]).name for d in report.documents if d.get("source")})
    body = "\n".join((
        f"<h1>任务分工分析报告</h1>\n<p class=\"muted\">来源：{esc(some(sources, PAGE_LABELS, '个文件'))}；"
        "由 govgraph 生成</p>",
        '<nav><a href="#summary">概览</a><a href="#workload">工作量</a><a href="#network">协作网络</a>'
        '<a href="#matrix">责任矩阵</a><a href="#agencies">各单位任务</a></nav>',
        f'<section id="summary"><h2>概览</h2>\n{_summary(report)}</section>',
        f'<section id="workload"><h2>工作量排名</h2>\n{_chart(report.workload, anchors)}\n'
        f"{_ranking(report, anchors)}</section>",
        f'<section id="network"><h2>协作网络</h2>\n{network_figure(report.network, anchors)}\n'
        f"<h3>{COMMUNITY}</h3>\n{communities_list(report.network)}\n<h3>中间人</h3>\n{brokers_list(report.network)}"
        "</section>",
        f'<section id="matrix"><h2>责任矩阵</h2>\n{_matrix(report)}</section>',
        f'<section id="agencies"><h2>各单位任务</h2>\n{_agencies(report, anchors)}</section>'))
    out.write(page("任务分工分析报告 · govgraph", body, SCRIPT))


def _left_out(shown: int, total: int, what: str) -> str:
    return (f'<p class="muted">仅列前 {shown} {what}（共 {total}）。{esc(WHOLE)}</p>'
            if shown < total else "")


def _summary(report: Report) -> str:
    """The counts, as every view counts them (README, "What is counted"), and the documents."""
    with_tasks = sum(1 for d in report.documents if d.get("task_count"))
    unread = sum(1 for d in report.documents if d.get("unread") and not d.get("task_count"))
    busy = sum(1 for r in report.workload if r.tasks)
    cards = "".join(f'<div class="card"><b>{n}</b>{esc(label)}</div>' for n, label in (
        (len(report.documents), f"个文件（{with_tasks} 个含分工任务" + (f"，{unread} 个未能解析）" if unread else "）")),
        (report.tasks, "项任务"), (sum(r.assignments for r in report.workload), "项分工（任务 × 机构 × 角色）"),
        (len(report.workload), f"个机构（承担任务或职责；其中 {busy} 个承担任务）"),
        (len(report.network.links), "对协作关系")))
    shown = report.documents[:PAGE_DOCUMENTS]
    rows = [[d.get("doc_number") or "", d.get("title") or d["id"], d.get("kind") or "", d.get("date") or "",
             d.get("issuer") or "", _task_count(d)] for d in shown]
    return (f'<div class="cards">{cards}</div>\n'
            + html_table(["文号", "标题", "文种", "日期", "发文机关", "任务数"], rows, numeric=(5,))
            + _left_out(len(shown), len(report.documents), "个文件"))


def _task_count(document: dict) -> int | str:
    """A document's tasks; one whose role words gave none is 未能解析, with those words."""
    if not document.get("task_count") and document.get("unread"):
        return unread_label(document["unread"])
    return document.get("task_count") or 0


def _chart(rows: tuple[AgencyWorkload, ...], anchors: dict[str, str]) -> str:
    """The busiest agencies as horizontal bars, tasks per role stacked, each linking to its section."""
    top = [r for r in rows if r.assignments][:CHART_AGENCIES]
    if not top:
        return ""
    bar, gap, label_width, width = 16, 6, 190, 900
    scale = (width - label_width - 120) / max(r.assignments for r in top)
    parts = []
    for i, row in enumerate(top):
        y = i * (bar + gap)
        label = (f'<text x="{label_width - 6}" y="{y + bar - 3}" text-anchor="end">{esc(row.agency)}</text>')
        parts.append(f'<a href="#{anchors[row.agency]}">{label}</a>' if row.agency in anchors else label)
        x = float(label_width)
        for role in ROLE_NAMES:
            count = getattr(row, role)
            if count:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{count * scale:.1f}" height="{bar}" '
                             f'fill="{ROLE_COLOURS[role]}"><title>{esc(row.agency)}：{ROLE_NAMES[role]} '
                             f"{count} 项</title></rect>")
                x += count * scale
        parts.append(f'<text x="{x + 4:.1f}" y="{y + bar - 3}" class="muted">{_bar_end(row)}</text>')
    legend = "".join(f'<span style="color:{ROLE_COLOURS[role]}">■</span> {name} ' for role, name in ROLE_NAMES.items())
    height = len(top) * (bar + gap)
    return (f'<p>{legend}<span class="muted">（前 {len(top)} 名，按加权得分；条长为分工数，'
            f'条末为任务数，与分工数不同时两者并列）</span></p>'
            f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" style="max-width:100%;height:auto" '
            f'font-size="12" role="img" aria-label="各单位任务量">{"".join(parts)}</svg>')


def _bar_end(row: AgencyWorkload) -> str:
    """The bar's length is its assignments; the label says its tasks, and its assignments when they differ."""
    return f"{row.tasks} 项任务" + (f" · {row.assignments} 项分工" if row.assignments != row.tasks else "")


def _linked(agency: str, anchors: dict[str, str]) -> str:
    return f'<a href="#{anchors[agency]}">{esc(agency)}</a>' if agency in anchors else esc(agency)


def _ranking(report: Report, anchors: dict[str, str]) -> str:
    rows = report.workload
    body = "".join(
        f'<tr><td class="num">{i}</td><td>{_linked(r.agency, anchors)}</td>'
        f"<td>{esc(kind_label(r.kind))}</td>"
        + "".join(f'<td class="num">{n}</td>' for n in (*(getattr(r, role) for role in ROLE_NAMES), r.tasks,
                                                         r.assignments, r.duties or 0))
        + f'<td class="num">{r.score:g}</td><td>{esc(some(r.documents, PAGE_LABELS, "个"))}</td>'
        f'<td>{esc(some(r.deadlines, PAGE_LABELS, "个"))}</td></tr>' for i, r in enumerate(rows[:PAGE_RANKING], 1))
    head = "".join(f"<th>{esc(h)}</th>" for h in ("排名", "机构", "类型", *ROLE_NAMES.values(), "任务数", "分工数",
                                                  "职责数", "加权得分", "涉及文件", "完成时限"))
    formula = " + ".join(f"{name} × {report.weights[role]:g}" for role, name in ROLE_NAMES.items())
    return (f'<p class="muted">加权得分 = {esc(formula)}。{esc(WORKLOAD_NOTE.rpartition("；")[0])}；'
            "职责数 = 文中以“负责……”等句式写明、未列为任务的职责。</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            + _left_out(min(len(rows), PAGE_RANKING), len(rows), "个机构"))


def _matrix(report: Report) -> str:
    if report.matrix is not None:
        return matrix_section(report.matrix)
    return (f'<p class="muted">共 {report.tasks} 项任务，矩阵太宽，不在页面中显示。'
            f"{esc(WHOLE)}</p>")


def _agencies(report: Report, anchors: dict[str, str]) -> str:
    sections = []
    for row in report.workload:
        if row.agency not in report.sections:
            continue
        counts = "，".join(f"{name} {getattr(row, role)} 项" for role, name in ROLE_NAMES.items())
        duties = report.duties.get(row.agency, ())
        sections.append(
            f'<section id="{anchors[row.agency]}"><h3>{esc(row.agency)}</h3>'
            f'<p>{esc(counts)}；共 {row.tasks} 项任务，{row.duties or 0} 项职责。'
            f'<a href="#workload" class="muted">↑ 工作量排名</a></p>'
            + _task_list(report.sections[row.agency], row.tasks) + _duty_list(duties, row.duties or 0) + "</section>")
    return "\n".join(sections) + _left_out(len(report.sections), len(report.workload), "个机构")


def _task_list(shown: tuple[tuple[TaskInfo, tuple[str, ...]], ...], total: int) -> str:
    """An agency's tasks: number (its id below), document, path, roles, text and the assigning sentence."""
    if not shown:
        return ""
    items = "".join(
        f'<tr><td class="num">{t.number}<div class="source">{esc(t.id)}</div></td><td>{esc(t.document_label)}</td>'
        f'<td>{esc(t.path)}</td><td class="mark {roles[0]}">{"".join(MARKS[r] for r in roles)}</td>'
        f'<td>{esc(t.text)}<div class="source">{esc(t.annotation)}</div></td>'
        f'<td>{esc(t.deadline_text or "")}</td></tr>' for t, roles in shown)
    return ("<table><thead><tr><th>编号（任务ID）</th><th>文件</th><th>路径</th><th>角色</th><th>任务及分工原文</th>"
            f"<th>完成时限</th></tr></thead><tbody>{items}</tbody></table>{_left_out(len(shown), total, '项任务')}")


def _duty_list(duties: tuple[tuple[str, str, str], ...], total: int) -> str:
    """An agency's prose duties (``X负责…``), which no task carries."""
    if not duties:
        return ""
    return ("<h4>职责</h4>" + html_table(["文件", "提示词", "职责原文"], duties)
            + _left_out(len(duties), total, "项职责"))
