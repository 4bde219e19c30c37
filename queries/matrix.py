"""Responsibility matrices: agency × task with 主/协/责 marks, and agency × document counts.

The matrix is what a 分工方案 looks like when turned around: one row per agency, one
column per task, a mark where the agency has a role on the task.  Rows come in workload
order (the busiest agency first), columns in document order.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from govgraph.model import ROLES
from govgraph.queries.workload import TaskInfo, role_pairs, task_infos, workload

if TYPE_CHECKING:
    import networkx as nx

MARKS = {"lead": "主", "support": "协", "responsible": "责"}    # 主办/牵头, 协办/配合, 责任


@dataclass(frozen=True, slots=True)
class Matrix:
    agencies: tuple[str, ...]                       # rows
    kinds: dict[str, str]                           # agency → kind
    tasks: tuple[TaskInfo, ...]                     # columns
    roles: dict[tuple[str, str], tuple[str, ...]]   # (agency, task id) → roles, in model order
    documents: tuple[str, ...]                      # labels of the documents with tasks

    def mark(self, agency: str, task: str) -> str:
        """``主``, ``协``, ``责`` — or several, ``主协``, when one agency holds two roles."""
        return "".join(MARKS[role] for role in self.roles.get((agency, task), ()))

    def role_counts(self, agency: str) -> dict[str, int]:
        counts = dict.fromkeys(ROLES, 0)
        for task in self.tasks:
            for role in self.roles.get((agency, task.id), ()):
                counts[role] += 1
        return counts

    def document_count(self, agency: str, document: str) -> int:
        """The tasks of ``document`` (a label) on which ``agency`` has any role."""
        return sum(1 for t in self.tasks if t.document_label == document and (agency, t.id) in self.roles)

    def task_count(self, task: str) -> int:
        """How many agencies have a role on ``task``."""
        return sum(1 for agency in self.agencies if (agency, task) in self.roles)


def responsibility_matrix(graph: nx.MultiDiGraph) -> Matrix:
    """The matrix of every agency that holds a task in ``graph``."""
    tasks = task_infos(graph)
    loads = workload(graph)
    roles = {(agency, task): tuple(found) for agency, task, found in role_pairs(graph)}
    return Matrix(agencies=tuple(w.agency for w in loads), kinds={w.agency: w.kind for w in loads},
                  tasks=tuple(tasks.values()), roles=roles,
                  documents=tuple(dict.fromkeys(t.document_label for t in tasks.values())))
