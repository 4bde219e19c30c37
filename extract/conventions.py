"""Conventions that change roles after the fact (``data/conventions.csv``).

``列第一位者为牵头单位`` (or ``排在第一位的部门为牵头部门``, ``第一个单位为牵头单位``)
makes the first body of a responsible list its lead and the others its supporters.
Written inside a statement it governs that statement, and with ``下同`` every later one
too; written in the text outside any statement (a note under the title) it governs
everything after it.  ``分别牵头`` lists are exempt: every body there leads its own part.

``以下均需区市场监管局落实，…不再单独列出`` declares a body that takes part in every task
from there on without being listed again: it joins each later statement with its verb's
role (responsible: support beside a lead, primary where none leads).
"""
from __future__ import annotations

import re

from govgraph.extract.grammar import Group
from govgraph.extract.lexicon import lexicon
from govgraph.extract.lists import split_items
from govgraph.extract.statements import Statement
from govgraph.extract.text import Compact


def apply_conventions(statements: list[Statement], text: str, start: int, end: int) -> list[Statement]:
    lex = lexicon()
    inside = [(s.start, s.end) for s in statements]
    notes = []
    pos = start
    while (note := lex.convention(text, "first-leads", pos, end)) is not None:
        if not any(a <= note.start() < b for a, b in inside):
            notes.append(note.start())
            break
        pos = note.end()
    governed_from: int | None = min(notes) if notes else None
    declared: list[tuple[int, Group]] = []
    pos = start
    while (found := lex.convention(text, "every-task", pos, end)) is not None:
        declared.append((found.start(), _declared(text, found)))
        pos = found.end()
    for statement in statements:
        for at, group in declared:
            if at < statement.start:            # not the statement that declares it
                statement.reading.groups.append(group)
        reading = statement.reading
        if reading.first_leads and reading.onwards and governed_from is None:
            governed_from = statement.start
        if reading.first_leads or (governed_from is not None and statement.start >= governed_from):
            _first_leads(statement)
    return statements


def _declared(text: str, found: re.Match) -> Group:
    """The bodies a sentence declares for every later task, as a group of their own."""
    compact = Compact(text, found.start("list"), found.end("list"))
    entry = next(w for w in lexicon().verbs if w.word == found.group("verb"))
    items = split_items(compact.text, 0, len(compact.text))
    return Group(entry.kind, found.group("verb"), "every-task", tuple(items), compact=compact)


def _first_leads(statement: Statement) -> None:
    """The first body of each responsible list leads, unless the statement names its
    leads already (（A、B牵头，各有关部门按职责分工负责）)."""
    groups = statement.reading.groups
    if any(group.role == "lead" for group in groups):
        return
    changed: list[Group] = []
    for group in groups:
        if group.role != "responsible" or group.each:
            changed.append(group)
            continue
        rule = f"{group.rule}+first-listed-leads"
        changed.append(Group("lead", group.word, rule, group.items[:1]))
        if group.items[1:]:
            changed.append(Group("support", group.word, rule, group.items[1:]))
    statement.reading.groups = changed
