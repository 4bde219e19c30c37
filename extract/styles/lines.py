"""Statements on labelled lines: ``牵头单位：区发改局`` / ``责任单位：…`` / ``完成时限：…``
on lines of their own under the task, or after the task on its own line.

The slots run on while the next line opens with a label, or while a line ends with
、 or ， (a list wrapped onto the next line), or inside a name (a PDF's line wrapped at
the page width: 园区党工 / 委、各街道党工委)."""
from __future__ import annotations

import re

from govgraph.extract.agencies import agency_shaped
from govgraph.extract.grammar import read
from govgraph.extract.statements import Context, Statement, Style
from govgraph.extract.labels import label_at
from govgraph.extract.text import Compact

_BLANK = " \t\u3000\r"
_LIST_MARKS = re.compile(r"[、，,；;。:：]")


class Lines(Style):
    name = "lines"
    open_ended = True

    def find(self, ctx: Context, taken: list[Statement]) -> list[Statement]:
        text, found, pos = ctx.text, [], ctx.start
        spans = [s.extent for s in taken]
        for label_start, _ in ctx.labels():
            if label_start < pos or any(a <= label_start < b for a, b in spans):
                continue
            stop = _slots_end(text, label_start, ctx.end)
            compact = Compact(text, label_start, stop)
            reading = ctx.checked(read(compact.text, 0, len(compact.text), strict=False))
            if reading:
                found.append(Statement(label_start, stop, compact, reading, "line-slots"))
            pos = stop
        return found


def _slots_end(text: str, at: int, end: int) -> int:
    """Where slots written on lines end: the end of the line, or of the following lines
    while they open with a label or continue a list (the line before ends with 、，)."""
    while (line_end := text.find("\n", at, end)) >= 0:
        stripped = line_end
        while stripped > at and text[stripped - 1] in _BLANK:
            stripped -= 1
        following = line_end
        while following < end and text[following] in _BLANK + "\n":
            following += 1
        if text[stripped - 1] not in "、，," and not label_at(text, following, end) and \
                not _broken_name(text, at, stripped, following, end):
            return stripped
        at = following
    return end


def _broken_name(text: str, line_start: int, line_end: int, following: int, end: int) -> bool:
    """The line ends inside a name: its last item is no body, but joined with the next
    line's first item it is one."""
    last = _LIST_MARKS.split(text[line_start:line_end])[-1].strip()
    stop = text.find("\n", following, end)
    first = _LIST_MARKS.split(text[following:stop if stop >= 0 else end])[0].strip()
    return bool(last and first) and not agency_shaped(last) and agency_shaped(last + first)
