"""Statements in brackets after the task they assign:

bracket-slots  ``（主办单位：区重建局；协办单位：区经济促进局、各街道办事处）``
bracket-prose  ``（国家发展改革委、财政部牵头，各有关部门按职责分工负责）``, ``（工业和信息化部负责）``
bracket-list   ``（市发展改革委、市财政局）`` closing a task with nothing but agencies: they are
               responsible (a first-listed-leads convention then makes the first lead)

A bracket is read in its compact form, so ``（牵头\\n\\n单位：区科技创新\\n\\n局）`` broken by
PDF page breaks is one statement whose spans still point into the source.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from govgraph.extract.agencies import agency_shaped
from govgraph.extract.grammar import Group, Reading, read
from govgraph.extract.lexicon import lexicon
from govgraph.extract.lists import CLOSE, OPEN, split_items
from govgraph.extract.statements import Context, Statement, Style
from govgraph.extract.text import Compact

LIMIT = 1200                     # longest bracket read, in source characters
_O, _C = re.escape(OPEN), re.escape(CLOSE)
# a bracket's body: anything but brackets, a bracketed name inside it, a full stop that
# does not end a line, or a line break that does not open a numbered item; a full stop at a
# line end or a new item means the bracket was never closed
_NEW_ITEM = r"[ \t\u3000\n]*(?:\d{1,3}\s*[.．、]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]+、|[①-⑳]|第[一二三四五六七八九十百]+[章条])"
_BODY = re.compile(rf"(?:[^{_O}{_C}。\n]+|[{_O}][^{_O}{_C}。]*[{_C}]|。(?![ \t\u3000]*\n)|\n(?!{_NEW_ITEM}))*")
# a bracket closing a sentence or a line: the candidates for a bare list of agencies
_LIST_CLOSE = re.compile(rf"[{_C}](?=[ \t\u3000]*(?:[。；;]|\n|$))")
_LIST_LIMIT = 120
_CLOSE_MARK = re.compile(rf"[{_C}]")
_MARKS = re.compile(rf"[{_O}{_C}]")
_WORD_BEFORE = re.compile(r"[\u4e00-\u9fff]{2,12}$")


class Brackets(Style):
    name = "brackets"

    def find(self, ctx: Context, taken: list[Statement]) -> list[Statement]:
        found = self._slots(ctx)
        marks = [m.start() for m in _MARKS.finditer(ctx.text, ctx.start, ctx.end)]
        found += self._prose(ctx, marks, _union(found))
        found += self._lists(ctx, marks, _union(found))
        return sorted(found, key=lambda s: s.start)

    # ------------------------------------------------------------ slots
    def _slots(self, ctx: Context) -> list[Statement]:
        text, found, pos = ctx.text, [], ctx.start
        for label_start, _ in ctx.labels():
            if label_start < pos:
                continue
            opener = _opening_bracket(text, label_start, ctx.start)
            if opener is None:
                continue
            stop, closed = _close(ctx, opener + 1, min(ctx.end, opener + 1 + LIMIT))
            compact = Compact(text, opener, stop)
            inner_end = len(compact.text) - (1 if closed else 0)
            reading = ctx.checked(read(compact.text, 1, inner_end, strict=False))
            if reading:
                found.append(Statement(opener, stop, compact, reading, "bracket-slots", closed))
            pos = stop
        return found

    # ------------------------------------------------------------ prose
    def _prose(self, ctx: Context, marks: list[int], taken: list[tuple[int, int]]) -> list[Statement]:
        text, found = ctx.text, []
        verbs = lexicon().verb_anywhere
        for match in _CLOSE_MARK.finditer(text, ctx.start, ctx.end):
            close = match.start()
            opener = _matching_open(text, marks, close, max(ctx.start, close - 400), within_line=True)
            if opener is None or _overlaps(opener, close + 1, taken):
                continue
            # the verb is looked for in the compact form: a mirror's pinyin gloss, blanked for
            # reading, may stand inside it (负(fù)责(zé) reads 负    责)
            compact = Compact(text, opener, close + 1)
            if verbs.search(compact.text) is None:
                continue
            reading = read(compact.text, 1, len(compact.text) - 1, strict=True)
            if reading:
                found.append(Statement(opener, close + 1, compact, reading, "bracket-prose"))
        return found

    # ------------------------------------------------------------ bare lists
    def _lists(self, ctx: Context, marks: list[int], taken: list[tuple[int, int]]) -> list[Statement]:
        text, found = ctx.text, []
        for match in _LIST_CLOSE.finditer(text, ctx.start, ctx.end):
            close = match.start()
            opener = _matching_open(text, marks, close, max(ctx.start, close - _LIST_LIMIT))
            if opener is None or _overlaps(opener, close + 1, taken):
                continue
            compact = Compact(text, opener, close + 1)
            body = compact.text
            items = split_items(body, 1, len(body) - 1)
            if not items or lexicon().verb_anywhere.search(body) or not ctx.lists_agencies(body[1:-1]):
                continue              # a role word inside: a statement the grammar did not read
            if _after_name(text, opener, ctx.start):
                continue              # 市发展和改革局（市发改局）, 属地街镇（镇政府、街道办事处）
            if not any(ctx.names_agency(i.name, known=True) or ctx.placed(i.name) for i in items):
                continue              # one body at least must be curated or carry its place
            reading = Reading([Group("responsible", "", "bracket-list", tuple(items))])
            found.append(Statement(opener, close + 1, compact, reading, "bracket-list"))
        return found


def _after_name(text: str, opener: int, floor: int) -> bool:
    """The bracket follows a name: it gives that body's other names or members."""
    word = _WORD_BEFORE.search(text, max(floor, opener - 12), opener)
    return word is not None and any(agency_shaped(word.group()[i:]) for i in range(len(word.group()) - 1))


def _union(statements: list[Statement]) -> list[tuple[int, int]]:
    """The spans the statements cover, sorted and merged where they overlap."""
    spans: list[tuple[int, int]] = []
    for a, b in sorted((s.start, s.end) for s in statements):
        if spans and a < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(b, spans[-1][1]))
        else:
            spans.append((a, b))
    return spans


def _overlaps(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    """``[a, b)`` overlaps one of ``spans`` (sorted, none overlapping another)."""
    i = bisect_left(spans, (b,))
    return i > 0 and spans[i - 1][1] > a


def _opening_bracket(text: str, at: int, floor: int) -> int | None:
    """The bracket just before a label (whitespace between allowed), if there is one."""
    i = at - 1
    while i >= floor and text[i].isspace():
        i -= 1
    return i if i >= floor and text[i] in OPEN else None


def _close(ctx: Context, pos: int, stop: int) -> tuple[int, bool]:
    """(end offset, closed by a bracket).  An unclosed block stops at a full stop, at the
    next bracketed statement or at ``stop``: it was cut off."""
    text = ctx.text
    body = _BODY.match(text, pos, stop)
    assert body is not None               # it matches the empty string
    end = body.end()
    nested = [at for label, _ in ctx.labels_within(pos, end)
              if (at := _opening_bracket(text, label, pos)) is not None]
    if nested:                            # the next statement began: this one was cut off
        return nested[0], False
    if end < stop and text[end] in CLOSE:
        return end + 1, True
    return end, False


def _matching_open(text: str, marks: list[int], close: int, floor: int,
                   within_line: bool = False) -> int | None:
    """The bracket a closing one closes.  A full stop before it means there is none, unless
    ``within_line``: a statement on one line may close with a comment after its full stop,
    and a line break means there is none.  ``marks`` are the offsets of every bracket, in
    order: only they, and the stops between them, are looked at."""
    stop = "\n" if within_line else "。"
    depth, after = 0, close
    for k in range(bisect_left(marks, close) - 1, -1, -1):
        i = marks[k]
        if i < floor or depth == 0 and text.find(stop, i + 1, after) >= 0:
            return None
        if text[i] in CLOSE:
            depth += 1
        elif depth == 0:
            return i
        else:
            depth -= 1
        after = i
    return None
