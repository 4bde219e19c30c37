"""The report: one offline HTML file with every answer, for people who will not run a command.

Summary, workload ranking with its chart, the interactive network, the responsibility
matrix, and a section per agency listing its tasks with deadlines and the sentences that
assign them.  The chart is drawn as plain SVG here rather than by matplotlib, so the
report needs no fonts on the machine that writes it (the reader's browser brings them)
and opens fast.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from govgraph.queries.matrix import Matrix, responsibility_matrix
from govgraph.queries.network import Network, collaboration_network
from govgraph.queries.workload import DEFAULT_WEIGHTS, AgencyWorkload, document_labels, workload
from govgraph.views.html import esc, page
from govgraph.views.network_page import SCRIPT, brokers_list, communities_list, network_figure
from govgraph.views.style import ROLE_COLOURS, ROLE_NAMES
from govgraph.views.tables import html_table, matrix_section

if TYPE_CHECKING:
    import networkx as nx

CHART_AGENCIES = 30


@dataclass(frozen=True, slots=True)
class Report:
    documents: tuple[dict, ...]             # the graph's documents (their properties), in order
    workload: tuple[AgencyWorkload, ...]
    network: Network
    matrix: Matrix


def report_of(graph: nx.MultiDiGraph) -> Report:
    """Every answer the report shows, from one graph."""
    documents = tuple(graph.nodes["Document", key] for key in document_labels(graph))
    return Report(documents, tuple(workload(graph)), collaboration_network(graph), responsibility_matrix(graph))


def anchor(i: int) -> str:
    return f"agency-{i + 1}"


def write_report(report: Report, out) -> None:
    anchors = {row.agency: anchor(i) for i, row in enumerate(report.workload)}
    sources = sorted({PurePath(d["source"]).name for d in report.documents if d.get("source")})
    body = "\n".join((
        f"<h1>任务分工分析报告</h1>\n<p class=\"muted\">来源：{esc('、'.join(sources))}；由 govgraph 生成</p>",
        '<nav><a href="#summary">概览</a><a href="#workload">工作量</a><a href="#network">协作网络</a>'
        '<a href="#matrix">责任矩阵</a><a href="#agencies">各单位任务</a></nav>',
        f'<section id="summary"><h2>概览</h2>\n{_summary(report)}</section>',
        f'<section id="workload"><h2>工作量排名</h2>\n{_chart(report.workload, anchors)}\n'
        f"{_ranking(report.workload, anchors)}</section>",
        f'<section id="network"><h2>协作网络</h2>\n{network_figure(report.network, anchors)}\n'
        f"<h3>社区</h3>\n{communities_list(report.network)}\n<h3>中间人</h3>\n{brokers_list(report.network)}"
        "</section>",
        f'<section id="matrix"><h2>责任矩阵</h2>\n{matrix_section(report.matrix)}</section>',
        f'<section id="agencies"><h2>各单位任务</h2>\n{_agencies(report, anchors)}</section>'))
    out.write(page("任务分工分析报告 · govgraph", body, SCRIPT))


def _summary(report: Report) -> str:
    tasks = len(report.matrix.tasks)
    with_tasks = sum(1 for d in report.documents if d.get("task_count"))
    cards = "".join(f'<div class="card"><b>{n}</b>{esc(label)}</div>' for n, label in (
        (len(report.documents), f"个文件（{with_tasks} 个含分工任务）"), (tasks, "项任务"),
        (len(report.workload), "个承担任务的机构"), (len(report.network.links), "对协作关系")))
    rows = [[d.get("doc_number") or "", d.get("title") or d["id"], d.get("kind") or "", d.get("date") or "",
             d.get("issuer") or "", d.get("task_count") or 0] for d in report.documents]
    return (f'<div class="cards">{cards}</div>\n'
            + html_table(["文号", "标题", "文种", "日期", "发文机关", "任务数"], rows, numeric=(5,)))


def _chart(rows: tuple[AgencyWorkload, ...], anchors: dict[str, str]) -> str:
    """The busiest agencies as horizontal bars, tasks per role stacked, each linking to its section."""
    top = rows[:CHART_AGENCIES]
    if not top:
        return ""
    bar, gap, label_width, width = 16, 6, 190, 900
    scale = (width - label_width - 40) / max(r.lead + r.support + r.responsible for r in top)
    parts = []
    for i, row in enumerate(top):
        y = i * (bar + gap)
        parts.append(f'<a href="#{anchors[row.agency]}"><text x="{label_width - 6}" y="{y + bar - 3}" '
                     f'text-anchor="end">{esc(row.agency)}</text></a>')
        x = float(label_width)
        for role in ROLE_NAMES:
            count = getattr(row, role)
            if count:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{count * scale:.1f}" height="{bar}" '
                             f'fill="{ROLE_COLOURS[role]}"><title>{esc(row.agency)}：{ROLE_NAMES[role]} '
                             f"{count} 项</title></rect>")
                x += count * scale
        parts.append(f'<text x="{x + 4:.1f}" y="{y + bar - 3}" class="muted">{row.tasks}</text>')
    legend = "".join(f'<span style="color:{ROLE_COLOURS[role]}">■</span> {name} ' for role, name in ROLE_NAMES.items())
    height = len(top) * (bar + gap)
    return (f'<p>{legend}<span class="muted">（前 {len(top)} 名，按加权得分；条末为任务数）</span></p>'
            f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" style="max-width:100%;height:auto" '
            f'font-size="12" role="img" aria-label="各单位任务量">{"".join(parts)}</svg>')


def _ranking(rows: tuple[AgencyWorkload, ...], anchors: dict[str, str]) -> str:
    body = "".join(
        f'<tr><td class="num">{i}</td><td><a href="#{anchors[r.agency]}">{esc(r.agency)}</a></td>'
        f"<td>{esc(r.kind)}</td>" + "".join(f'<td class="num">{getattr(r, role)}</td>' for role in ROLE_NAMES)
        + f'<td class="num">{r.tasks}</td><td class="num">{r.score:g}</td><td>{esc("、".join(r.documents))}</td>'
        f'<td>{esc("、".join(r.deadlines))}</td></tr>' for i, r in enumerate(rows, 1))
    head = "".join(f"<th>{esc(h)}</th>" for h in ("排名", "机构", "类型", *ROLE_NAMES.values(), "任务数",
                                                  "加权得分", "涉及文件", "完成时限"))
    formula = " + ".join(f"{name} × {DEFAULT_WEIGHTS[role]:g}" for role, name in ROLE_NAMES.items())
    return (f'<p class="muted">加权得分 = {esc(formula)}</p>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _agencies(report: Report, anchors: dict[str, str]) -> str:
    tasks = {t.id: t for t in report.matrix.tasks}
    sections = []
    for row in report.workload:
        counts = "，".join(f"{name} {getattr(row, role)} 项" for role, name in ROLE_NAMES.items())
        items = "".join(
            f'<tr><td class="num">{t.number}</td><td>{esc(t.document_label)}</td><td>{esc(t.path)}</td>'
            f'<td class="mark {report.matrix.roles[row.agency, t.id][0]}">{report.matrix.mark(row.agency, t.id)}</td>'
            f'<td>{esc(t.text)}<div class="source">{esc(t.annotation)}</div></td>'
            f'<td>{esc(t.deadline_text or "")}</td></tr>'
            for t in (tasks[i] for i in row.task_ids))
        sections.append(
            f'<section id="{anchors[row.agency]}"><h3>{esc(row.agency)}</h3>'
            f'<p>{esc(counts)}；共 {row.tasks} 项任务。<a href="#workload" class="muted">↑ 工作量排名</a></p>'
            "<table><thead><tr><th>编号</th><th>文件</th><th>路径</th><th>角色</th><th>任务及分工原文</th>"
            f"<th>完成时限</th></tr></thead><tbody>{items}</tbody></table></section>")
    return "\n".join(sections)
