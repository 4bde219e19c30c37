"""Conventions that change roles after the fact.

``列第一位者为牵头单位`` (or ``排在第一位的部门为牵头部门``) makes the first body of a
responsible list its lead and the others its supporters.  Written inside an
annotation it governs that annotation, and with ``下同`` every later one too; written
in the text outside any annotation (a note under the title) it governs everything
after it.  ``分别牵头`` lists are exempt: every body there leads its own part.
"""
from __future__ import annotations

from govgraph.extract.annotations import FIRST_LEADS, Annotation
from govgraph.extract.clauses import Group


def apply_conventions(annotations: list[Annotation], text: str, start: int, end: int) -> list[Annotation]:
    inside = [(a.start, a.end) for a in annotations]
    notes = [m.start() for m in FIRST_LEADS.finditer(text, start, end)
             if not any(a <= m.start() < b for a, b in inside)]
    result = []
    governed_from: int | None = min(notes) if notes else None
    for annotation in annotations:
        if annotation.first_leads and annotation.onwards and governed_from is None:
            governed_from = annotation.start
        governed = annotation.first_leads or (governed_from is not None and annotation.start >= governed_from)
        result.append(_first_leads(annotation) if governed else annotation)
    return result


def _first_leads(annotation: Annotation) -> Annotation:
    """The first body of each responsible list leads, unless the annotation names its
    leads already (（A、B牵头，各有关部门按职责分工负责）)."""
    if any(group.role == "lead" for group in annotation.groups):
        return annotation
    groups: list[Group] = []
    for group in annotation.groups:
        if group.role != "responsible" or group.each:
            groups.append(group)
            continue
        rule = f"{group.rule}+first-listed-leads"
        groups.append(Group("lead", group.word, rule, group.items[:1]))
        if group.items[1:]:
            groups.append(Group("support", group.word, rule, group.items[1:]))
    return annotation.with_groups(tuple(groups))
