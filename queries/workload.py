"""Workload: how many tasks each agency leads, supports and is responsible for (各单位任务量).

Every analysis here starts from the networkx graph (``graph.networkx_graph.to_networkx``)
and its agency–task projection, which holds one edge per agency and task with the roles
on it: so counts are of tasks, never of mentions.  The answers are plain frozen
dataclasses that the renderers in ``govgraph.views`` turn into tables and pictures.

``TaskInfo``, ``document_labels`` and ``role_pairs`` live here because the matrix and the
network name tasks and documents, and read roles, the same way the workload does.
"""
from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from govgraph.errors import UsageError
from govgraph.model import ROLES

if TYPE_CHECKING:
    import networkx as nx

GROUPINGS = ("document", "year", "quarter", "keyword")
DEFAULT_WEIGHTS: Mapping[str, float] = {"lead": 1.0, "support": 0.5, "responsible": 1.0}
NO_DEADLINE = "无时限"      # the year/quarter group of tasks without a deadline
NO_KEYWORD = "无关键词"     # the keyword group of tasks without keywords
SHORT_TITLE = 18           # characters of a task's heading shown as its title


@dataclass(frozen=True, slots=True)
class TaskInfo:
    """A task as the views show it: where it is, what it says, and the sentence that assigns it."""

    id: str
    number: int                 # 1, 2, … in document order: the column of the matrix
    document: str
    document_label: str         # 文号, else the title
    path: str
    heading: str
    text: str
    annotation: str
    deadline: str | None
    deadline_text: str | None
    keywords: tuple[str, ...]

    @property
    def short_title(self) -> str:
        title = self.heading or self.text
        return title if len(title) <= SHORT_TITLE else title[:SHORT_TITLE - 1] + "…"


@dataclass(frozen=True, slots=True)
class AgencyWorkload:
    """One agency's share of the tasks, within one group when the workload is grouped."""

    agency: str
    kind: str
    group: str | None           # document label, year, quarter or keyword; None when not grouped
    lead: int
    support: int
    responsible: int
    tasks: int                  # distinct tasks, whatever the role
    score: float                # the roles' counts weighted
    documents: tuple[str, ...]  # labels, in document order
    deadlines: tuple[str, ...]  # distinct deadlines, earliest first
    task_ids: tuple[str, ...]   # in document order
    members: tuple[str, ...] = ()   # the sub-units rolled up into it


def document_labels(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Document id → its 文号, or its title when it has none, in document order."""
    documents = sorted((data.get("source") or "", data.get("start") or 0, key, data)    # keys are unique
                       for (label, key), data in graph.nodes(data=True)
                       if label == "Document" and not data.get("external"))
    return {key: data.get("doc_number") or data.get("title") or key for _, _, key, data in documents}


def task_infos(graph: nx.MultiDiGraph) -> dict[str, TaskInfo]:
    """Every task of ``graph`` by id, in document order, numbered from 1."""
    labels = document_labels(graph)
    order = {doc: i for i, doc in enumerate(labels)}
    tasks = sorted((data for (label, _), data in graph.nodes(data=True) if label == "Task"),
                   key=lambda t: (order.get(t["document"], len(order)), t.get("start") or 0, t["id"]))
    return {t["id"]: TaskInfo(t["id"], n, t["document"], labels.get(t["document"], t["document"]), t["path"],
                              t.get("heading") or "", t["text"], t.get("annotation") or "", t.get("deadline"),
                              t.get("deadline_text"), tuple(t.get("keywords") or ()))
            for n, t in enumerate(tasks, 1)}


def role_pairs(graph: nx.MultiDiGraph) -> Iterator[tuple[str, str, list[str]]]:
    """``(agency, task id, roles)`` for every agency with a role on a task."""
    from govgraph.graph.networkx_graph import agency_task_graph

    for one, other, roles in agency_task_graph(graph).edges(data="roles"):
        agency, task = (one, other) if one[0] == "Agency" else (other, one)
        yield agency[1], task[1], roles


def parse_weights(text: str) -> dict[str, float]:
    """``"lead=1,support=0.5"`` → the default weights with those replaced."""
    weights = dict(DEFAULT_WEIGHTS)
    for item in filter(None, (part.strip() for part in text.split(","))):
        role, sep, value = item.partition("=")
        try:
            weight = float(value)
        except ValueError:
            weight = math.nan
        if not sep or role.strip() not in weights or not 0 <= weight < math.inf:
            raise UsageError(f"bad --weights item '{item}'; write role=number with roles "
                             f"{', '.join(ROLES)}, e.g. lead=1,support=0.5,responsible=1")
        weights[role.strip()] = weight
    return weights


def check_grouping(by: str | None) -> None:
    if by is not None and by not in GROUPINGS:
        raise UsageError(f"unknown --by '{by}'; available: {', '.join(GROUPINGS)}")


def workload(graph: nx.MultiDiGraph, by: str | None = None, weights: Mapping[str, float] = DEFAULT_WEIGHTS,
             rollup: bool = False) -> list[AgencyWorkload]:
    """Per agency (and group): tasks per role, the weighted score, documents and deadlines.

    With ``rollup`` a sub-unit's tasks count for its topmost parent (``PART_OF``), and a task
    the parent and its sub-unit share counts once.  Rows come group by group, highest score
    first.
    """
    check_grouping(by)
    tasks = task_infos(graph)
    found: dict[tuple[str | None, str], dict[str, set[str]]] = {}
    members: dict[str, set[str]] = {}
    for agency, task, task_roles in role_pairs(graph):
        owner = _top_parent(graph, agency) if rollup else agency
        if owner != agency:
            members.setdefault(owner, set()).add(agency)
        for group in _groups(tasks[task], by):
            roles = found.setdefault((group, owner), {role: set() for role in ROLES})
            for role in task_roles:
                roles[role].add(task)
    group_order = _group_order(found, by, tasks)
    rows = [_row(graph, agency, group, roles, tasks, weights, members.get(agency, ()))
            for (group, agency), roles in found.items()]
    return sorted(rows, key=lambda r: (group_order[r.group], -r.score, -r.tasks, r.agency))


def _top_parent(graph: nx.MultiDiGraph, name: str) -> str:
    seen = {name}
    while parent := next((p[1] for _, p, key in graph.out_edges(("Agency", name), keys=True)
                          if key == "PART_OF"), None):
        if parent in seen:          # a cycle of PART_OF: stop where it closes
            break
        seen.add(parent)
        name = parent
    return name


def _groups(task: TaskInfo, by: str | None) -> tuple[str | None, ...]:
    if by is None:
        return (None,)
    if by == "document":
        return (task.document_label,)
    if by == "keyword":
        return task.keywords or (NO_KEYWORD,)
    if not task.deadline:
        return (NO_DEADLINE,)
    year = task.deadline[:4]
    if by == "year":
        return (year,)
    month = int(task.deadline[5:7]) if len(task.deadline) >= 7 else 12   # "2015": by the year's end
    return (f"{year}-Q{(month - 1) // 3 + 1}",)


def _group_order(found, by: str | None, tasks: dict[str, TaskInfo]) -> dict[str | None, tuple]:
    """Documents in document order; years, quarters and keywords sorted, 无时限 and 无关键词 last."""
    groups = {group for group, _ in found}
    if by == "document":
        labels = list(dict.fromkeys(t.document_label for t in tasks.values()))
        return {g: (labels.index(g),) for g in groups}
    return {g: (g in (NO_DEADLINE, NO_KEYWORD), g or "") for g in groups}


def _row(graph, agency: str, group: str | None, roles: dict[str, set[str]], tasks: dict[str, TaskInfo],
         weights: Mapping[str, float], members) -> AgencyWorkload:
    ids = sorted(set().union(*roles.values()), key=lambda t: tasks[t].number)
    return AgencyWorkload(
        agency=agency, kind=graph.nodes["Agency", agency].get("kind") or "unknown", group=group,
        lead=len(roles["lead"]), support=len(roles["support"]), responsible=len(roles["responsible"]),
        tasks=len(ids), score=round(sum(weights[r] * len(roles[r]) for r in ROLES), 3),
        documents=tuple(dict.fromkeys(tasks[t].document_label for t in ids)),
        deadlines=tuple(sorted({tasks[t].deadline for t in ids if tasks[t].deadline})),
        task_ids=tuple(ids), members=tuple(sorted(members)))
