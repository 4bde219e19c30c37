"""Responsibility matrices: agency × task with 主/协/责 marks, and agency × document counts.

The matrix is what a 分工方案 looks like when turned around: one row per agency, one
column per task, a mark where the agency has a role on the task.  Rows come in workload
order (the busiest agency first), columns in document order.

The store answers ``CELLS``: one row per agency and task with the roles it holds there;
the totals per agency, per task and per document are counted in the same pass over those
cells, so every count is a look-up, never a rescan.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from govgraph.graph.schema import ROLE_OF
from govgraph.model import ROLES
from govgraph.queries.workload import (HOLDS, TaskInfo, documents, task_infos, task_numbers, unread_documents,
                                       workload)

if TYPE_CHECKING:
    from govgraph.graph.cypher import CypherStore

MARKS = {"lead": "主", "support": "协", "responsible": "责"}    # 主办/牵头, 协办/配合, 责任
CELLS = f"MATCH {HOLDS} {{where}}RETURN a.name AS agency, t.id AS task, collect(DISTINCT type(r)) AS roles"


@dataclass(frozen=True, slots=True)
class Matrix:
    agencies: tuple[str, ...]                       # rows
    kinds: dict[str, str]                           # agency → kind
    tasks: tuple[TaskInfo, ...]                     # columns
    roles: dict[tuple[str, str], tuple[str, ...]]   # (agency, task id) → roles, in model order
    documents: tuple[str, ...]                      # labels of the documents with tasks
    totals: dict[str, dict[str, int]] = field(default_factory=dict)     # agency → role → tasks
    per_document: Counter = field(default_factory=Counter)             # (agency, label) → tasks
    holders: Counter = field(default_factory=Counter)                  # task id → agencies
    unread: tuple[tuple[str, tuple[str, ...]], ...] = ()   # (label, role words) of documents read without a task

    def mark(self, agency: str, task: str) -> str:
        """``主``, ``协``, ``责`` — or several, ``主协``, when one agency holds two roles."""
        return "".join(MARKS[role] for role in self.roles.get((agency, task), ()))

    def role_counts(self, agency: str) -> dict[str, int]:
        return dict(self.totals.get(agency) or dict.fromkeys(ROLES, 0))

    def document_count(self, agency: str, document: str) -> int:
        """The tasks of ``document`` (a label) on which ``agency`` has any role."""
        return self.per_document[agency, document]

    def task_count(self, task: str) -> int:
        """How many agencies have a role on ``task``."""
        return self.holders[task]

    def document_counts(self) -> list[tuple[str, str, int]]:
        """``(agency, document label, tasks)`` where the agency has tasks, in row and document order."""
        agencies = {a: i for i, a in enumerate(self.agencies)}
        documents = {d: i for i, d in enumerate(self.documents)}
        return sorted(((a, d, n) for (a, d), n in self.per_document.items()),
                      key=lambda item: (agencies[item[0]], documents[item[1]]))

    def marks(self) -> Iterator[tuple[str, TaskInfo, str]]:
        """The matrix long: ``(agency, task, role)`` for every mark, agencies in row order and
        tasks in column order, for a matrix wider than its medium holds."""
        tasks = {t.id: t for t in self.tasks}
        held: dict[str, list[tuple[int, str, tuple[str, ...]]]] = {}
        for (agency, task), roles in self.roles.items():
            held.setdefault(agency, []).append((tasks[task].number, task, roles))
        for agency in self.agencies:
            for _, task, roles in sorted(held.get(agency, ())):
                for role in roles:
                    yield agency, tasks[task], role


def responsibility_matrix(store: CypherStore) -> Matrix:
    """The matrix of every agency that holds a task in ``store``."""
    docs = documents(store)
    tasks = task_infos(store, task_numbers(store, docs), docs)
    loads = workload(store)
    roles, per_document, holders = {}, Counter(), Counter()
    for agency, task, held in cells(store):
        roles[agency, task] = held
        per_document[agency, tasks[task].document_label] += 1
        holders[task] += 1
    return Matrix(agencies=tuple(w.agency for w in loads), kinds={w.agency: w.kind for w in loads},
                  tasks=tuple(tasks.values()), roles=roles,
                  documents=tuple(dict.fromkeys(t.document_label for t in tasks.values())),
                  totals={w.agency: {role: getattr(w, role) for role in ROLES} for w in loads},
                  per_document=per_document, holders=holders, unread=unread_documents(docs))


def cells(store: CypherStore, agencies: list[str] | None = None,
          tasks: list[str] | None = None) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """``(agency, task id, roles in model order)`` for every agency with a role on a task,
    or only for the ``agencies`` and ``tasks`` given."""
    where = " AND ".join(f"{v}.{k} IN ${k}" for v, k, given in (("a", "name", agencies), ("t", "id", tasks))
                         if given is not None)
    params = {k: v for k, v in (("name", agencies), ("id", tasks)) if v is not None}
    _, rows = store.stream(CELLS.format(where=f"WHERE {where} " if where else ""), params or None)
    for agency, task, types in rows:
        held = {ROLE_OF[t] for t in types}
        yield agency, task, tuple(role for role in ROLES if role in held)
