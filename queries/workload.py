"""Workload: how many tasks each agency leads, supports and is responsible for (各单位任务量).

The store does the counting: one aggregation query (``WORKLOAD``) returns, per agency and
group, the distinct tasks it holds in each role, so a task is counted once whatever the
number of sentences that name the agency on it.  Python only merges groups that share a
label (two documents with one 文号, the deadlines of one year, a sub-unit and its parent)
by uniting those sets, so nothing bigger than the answer is ever held.

The counts mean the same in every view (README, "What is counted"): an agency's ``tasks``
are the distinct tasks it holds any role in; its ``assignments`` are its task–role pairs
(``lead + support + responsible``, what ``query workload-by-role`` calls ``total``), so an
agency that leads and supports one task has one task and two assignments; ``duties`` are
its prose duties (``HAS_DUTY``), which are not tasks.  The answers are
plain frozen dataclasses that the renderers in ``govgraph.views`` turn into tables and
pictures.

``TaskInfo``, ``documents``, ``task_numbers`` and ``task_infos`` live here because the
matrix, the network and the report name tasks and documents the same way the workload does.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from govgraph.errors import UsageError
from govgraph.graph.schema import ROLE_RELATIONS
from govgraph.model import ROLES

if TYPE_CHECKING:
    from govgraph.graph.cypher import CypherStore

GROUPINGS = ("document", "year", "deadline-year", "quarter", "keyword")
DUTY_GROUPINGS = (None, "document", "year")     # a duty has a document, but no deadline nor keywords
DEFAULT_WEIGHTS: Mapping[str, float] = {"lead": 1.0, "support": 0.5, "responsible": 1.0}
NO_DEADLINE = "无时限"      # the year/quarter group of tasks without a deadline
NO_KEYWORD = "无关键词"     # the keyword group of tasks without keywords
NO_DATE = "无日期"          # the year group of a document without a date
COLLECTIVE = "collective"   # the kind of 各街道办事处, 各有关单位: many bodies named at once
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
    assignments: int            # task–role pairs: lead + support + responsible
    score: float                # the roles' counts weighted
    documents: tuple[str, ...]  # labels, in document order
    deadlines: tuple[str, ...]  # distinct deadlines, earliest first
    task_ids: tuple[str, ...]   # in document order
    members: tuple[str, ...] = ()   # the sub-units rolled up into it
    duties: int | None = None       # prose duties (HAS_DUTY), when asked for


HOLDS = f"(a:Agency)-[r:{'|'.join(ROLE_RELATIONS.values())}]->(t:Task)"     # an agency's role on a task
ROLE_SETS = ", ".join(f"collect(DISTINCT CASE WHEN type(r) = '{relation}' THEN t.id END) AS {role}"
                      for role, relation in ROLE_RELATIONS.items())
# The raw key a grouping is drawn from; Python turns it into the group's label.
GROUP_KEYS = {None: "''", "document": "t.document", "year": "t.document", "deadline-year": "coalesce(t.deadline, '')",
              "quarter": "coalesce(t.deadline, '')", "keyword": "k"}
WORKLOAD = f"""MATCH {HOLDS}
{{unwind}}RETURN a.name AS agency, coalesce(a.kind, 'unknown') AS kind, {{key}} AS key, {ROLE_SETS},
       collect(DISTINCT t.document) AS documents, collect(DISTINCT t.deadline) AS deadlines
ORDER BY agency, key"""
KEYWORDS = ("WITH a, r, t, CASE WHEN t.keywords IS NULL OR size(t.keywords) = 0 THEN [''] "
            "ELSE t.keywords END AS ks\nUNWIND ks AS k\n")
DUTIES = "MATCH (a:Agency)-[d:HAS_DUTY]->(x:Document) RETURN a.name, coalesce(a.kind, 'unknown'), x.id, count(d)"
TASKS = ("MATCH (t:Task) {where}RETURN t.id, t.document, t.path, t.heading, t.text, t.annotation, t.deadline, "
         "t.deadline_text, t.keywords")


def documents(store: CypherStore) -> list[dict]:
    """The store's documents (their properties, ``label`` added: 文号, else the title), in
    document order: by source file and place in it; the stand-ins of cited documents left out."""
    from govgraph.graph.cypher import read_table

    columns, rows = store.stream(read_table("Document", "WHERE NOT coalesce(n.external, false)"))
    found = sorted((dict(zip(columns, row)) for row in rows),
                   key=lambda d: (d["source"] or "", d["start"] or 0, d["id"]))
    return [{**d, "label": d["doc_number"] or d["title"] or d["id"]} for d in found]


def unread_documents(docs: list[dict]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``(label, role words)`` of each document whose role words gave no task (``Document.unread``):
    shown as 未能解析 wherever a document's tasks are counted, never as a plan without tasks."""
    return tuple((d["label"], tuple(d["unread"])) for d in docs if d.get("unread") and not d.get("task_count"))


class Workload(list):
    """The rows of ``workload``, a plain list; grouped by document it also names the documents
    whose role words gave no task (``unread``), which hold no row."""

    unread: tuple[tuple[str, tuple[str, ...]], ...] = ()


def task_numbers(store: CypherStore, docs: list[dict]) -> dict[str, int]:
    """Task id → its number, 1, 2, … in document order (the column of the matrix)."""
    order = {d["id"]: i for i, d in enumerate(docs)}
    _, rows = store.stream("MATCH (t:Task) RETURN t.id, t.document, t.start")
    ranked = sorted((order.get(document, len(order)), start or 0, task) for task, document, start in rows)
    return {task: n for n, (_, _, task) in enumerate(ranked, 1)}


def task_infos(store: CypherStore, numbers: Mapping[str, int], docs: list[dict],
               ids: Iterable[str] | None = None) -> dict[str, TaskInfo]:
    """The tasks ``ids`` (every task when None) as the views show them, in document order."""
    labels = {d["id"]: d["label"] for d in docs}
    params = None if ids is None else {"ids": list(ids)}
    _, rows = store.stream(TASKS.format(where="" if ids is None else "WHERE t.id IN $ids "), params)
    found = [TaskInfo(task, numbers[task], document, labels.get(document, document), path, heading or "", text,
                      annotation or "", deadline, deadline_text, tuple(keywords or ()))
             for task, document, path, heading, text, annotation, deadline, deadline_text, keywords in rows]
    return {t.id: t for t in sorted(found, key=lambda t: t.number)}


def task_count(store: CypherStore) -> int:
    return store.run("MATCH (t:Task) RETURN count(t)").rows[0][0]


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


def check_grouping(by: str | None, duties: bool = False) -> None:
    if by is not None and by not in GROUPINGS:
        raise UsageError(f"unknown --by '{by}'; available: {', '.join(GROUPINGS)}")
    if duties and by not in DUTY_GROUPINGS:
        raise UsageError(f"a duty has no {by}; with --duties group by document or year, or not at all")


def workload(store: CypherStore, by: str | None = None, weights: Mapping[str, float] = DEFAULT_WEIGHTS,
             rollup: bool = False, duties: bool = False,
             exclude_collectives: bool = False) -> Workload:
    """Per agency (and group): tasks per role, the weighted score, documents and deadlines.

    ``by``: ``document``, ``year`` (the document's year, from its date), ``deadline-year``,
    ``quarter`` (of the deadline) or ``keyword``.  With ``rollup`` a sub-unit's tasks count
    for its topmost parent (``PART_OF``), and a task the parent and its sub-unit share
    counts once.  ``duties`` adds each agency's prose duties, and a row for an agency that
    has duties but no task; ``exclude_collectives`` leaves out 各街道办事处 and the like.
    Rows come group by group, highest score first.
    """
    check_grouping(by, duties)
    docs = documents(store)
    labels = {d["id"]: d["label"] for d in docs}
    years = {d["id"]: (d.get("date") or "")[:4] or NO_DATE for d in docs}
    owner = _top_parents(store) if rollup else {}
    found: dict[tuple[str | None, str], dict] = {}
    members: dict[str, set[str]] = {}           # an owner's sub-units, over every group

    def slot(name: str, kind: str, key: str) -> dict:
        agency = owner.get(name, name)
        into = found.setdefault((_group(key, by, labels, years), agency), {
            "kind": None, "documents": set(), "deadlines": set(), "duties": 0, **{role: set() for role in ROLES}})
        if agency == name:
            into["kind"] = kind
        else:
            members.setdefault(agency, set()).add(name)
        return into

    columns, rows = store.stream(WORKLOAD.format(unwind=KEYWORDS if by == "keyword" else "", key=GROUP_KEYS[by]))
    for row in rows:
        row = dict(zip(columns, row))
        into = slot(row["agency"], row["kind"], row["key"])
        for field in ("documents", "deadlines", *ROLES):
            into[field].update(row[field])
    if duties:
        for name, kind, document, count in store.run(DUTIES).rows:
            slot(name, kind, document)["duties"] += count
    kinds = _kinds(store, {a for (_, a), v in found.items() if v["kind"] is None})
    numbers = task_numbers(store, docs)
    order = {d["id"]: i for i, d in enumerate(docs)}
    rank = _group_rank(by, docs)
    result = [_row(agency, group, v, kinds, weights, numbers, order, labels, members.get(agency, ()), duties)
              for (group, agency), v in found.items()]
    if exclude_collectives:
        result = [r for r in result if r.kind != COLLECTIVE]
    answer = Workload(sorted(result, key=lambda r: (rank(r.group), -r.score, -r.tasks, -(r.duties or 0), r.agency)))
    if by == "document":
        answer.unread = unread_documents(docs)
    return answer


def _top_parents(store: CypherStore) -> dict[str, str]:
    """Sub-unit → its topmost parent by ``PART_OF`` (a cycle stops where it closes)."""
    parent: dict[str, str] = {}
    for unit, above in store.run("MATCH (u:Agency)-[:PART_OF]->(p:Agency) RETURN u.name, p.name "
                                 "ORDER BY u.name, p.name").rows:
        parent.setdefault(unit, above)
    tops = {}
    for name in parent:
        seen, top = {name}, name
        while top in parent and parent[top] not in seen:
            top = parent[top]
            seen.add(top)
        tops[name] = top
    return tops


def _kinds(store: CypherStore, names: set[str]) -> dict[str, str]:
    """The kind of parents that hold no task themselves."""
    if not names:
        return {}
    return dict(store.run("MATCH (a:Agency) WHERE a.name IN $names RETURN a.name, coalesce(a.kind, 'unknown')",
                          {"names": sorted(names)}).rows)


def _group(key: str, by: str | None, labels: dict[str, str], years: dict[str, str]) -> str | None:
    if by is None:
        return None
    if by == "document":
        return labels.get(key, key)
    if by == "year":
        return years.get(key, NO_DATE)
    if by == "keyword":
        return key or NO_KEYWORD
    return _deadline_group(key or None, by)


def _deadline_group(deadline: str | None, by: str) -> str:
    """The year or quarter of a deadline (``2015-06-30`` → ``2015``, ``2015-Q2``)."""
    if not deadline:
        return NO_DEADLINE
    year = deadline[:4]
    if by == "deadline-year":
        return year
    month = int(deadline[5:7]) if len(deadline) >= 7 else 12   # "2015": by the year's end
    return f"{year}-Q{(month - 1) // 3 + 1}"


def _group_rank(by: str | None, docs: list[dict]):
    """Documents in document order; years, quarters and keywords sorted, 无时限, 无日期 and 无关键词 last."""
    if by == "document":
        first = {}
        for d in docs:
            first.setdefault(d["label"], len(first))
        return lambda group: (first.get(group, len(first)),)
    return lambda group: (group in (NO_DEADLINE, NO_DATE, NO_KEYWORD), group or "")


def _row(agency: str, group: str | None, found: dict, kinds: dict[str, str], weights: Mapping[str, float],
         numbers: Mapping[str, int], order: Mapping[str, int], labels: Mapping[str, str],
         members: Iterable[str], duties: bool) -> AgencyWorkload:
    ids = sorted(set().union(*(found[role] for role in ROLES)), key=numbers.__getitem__)
    docs = sorted(found["documents"], key=lambda d: order.get(d, len(order)))
    return AgencyWorkload(
        agency=agency, kind=found["kind"] or kinds.get(agency, "unknown"), group=group,
        lead=len(found["lead"]), support=len(found["support"]), responsible=len(found["responsible"]),
        tasks=len(ids), assignments=sum(len(found[role]) for role in ROLES),
        score=round(sum(weights[r] * len(found[r]) for r in ROLES), 3),
        documents=tuple(dict.fromkeys(labels.get(d, d) for d in docs)),
        deadlines=tuple(sorted(found["deadlines"])), task_ids=tuple(ids), members=tuple(sorted(members)),
        duties=found["duties"] if duties else None)
