"""Lists of agencies as annotations write them: ``区经济促进局、区投资推广局、各街道办事处``.

Items are split at the separators of ``data/grammar.csv`` (、，；/) outside brackets, and
then mended the way a reader would:

* a conjunction (及, 以及) joins two agencies: ``国务院相关部门及各地区`` → both, unless
  the second is vague: ``莲塘街道办及相关街道办`` → 莲塘街道办;
* an open tail is not an agency: ``区司法局等有关部门`` → 区司法局, ``Y、Z等`` → Z, and a
  tail followed by a conjunction ends a list that goes on: ``A、B等和C`` → A, B, C;
* a distributive collective stays whole: ``各区、县级市`` is one collective, not 各区 + 县级市,
  and so does ``相关委、办、局`` (a single character names no body);
* a trailing note is not part of a name: ``市卫生健康委(列第一位为牵头单位,下同)``.

Offsets index the compact text of the annotation (``text.Compact``), so every kept
item maps back to its span in the source.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from govgraph.extract.agencies import NAME_ENDS, agency_shaped
from govgraph.extract.lexicon import lexicon

OPEN, CLOSE = "（(〈<＜【[〔", "）)〉>＞】]〕"
TRIM = "、，,；;：:。.\u3000 "
SEPARATORS_AND_TRIM = TRIM + "／/"
_O, _C = re.escape(OPEN), re.escape(CLOSE)
# a bracket at the end of an item that is a note, not part of the name
_NOTE = re.compile(rf"[{_O}](?=[^{_C}]*(?:[，,：:“”\"]|牵头|下同|分工))[^{_C}]*[{_C}]?$")
_OPENERS = frozenset(OPEN)


@dataclass(slots=True, frozen=True)
class Item:
    """One agency as written: compact offsets ``[start, end)`` of the surface, the
    surface itself, and the name it gives once tails and notes are set aside
    (``区司法局等有关部门`` names 区司法局)."""

    start: int
    end: int
    text: str
    name: str
    marked: bool = False      # written after a lead mark (▲发改局): it leads


@lru_cache(maxsize=1)
def _item_pattern() -> re.Pattern:
    """One item: characters that are not separators, or a bracketed part (区财政局<集资办>)."""
    stop = re.escape(lexicon().separators + TRIM)
    return re.compile(rf"(?:[^{stop}{_O}]+|[{_O}][^{_C}]*[{_C}]?)+")


@lru_cache(maxsize=1)
def _junction() -> re.Pattern:
    """A conjunction between two bodies, or an open tail followed by one (等和, 等及)."""
    lex = lexicon()
    words = sorted({*lex.grammar.get("conjunction", ()), *lex.weak_conjunctions}, key=len, reverse=True)
    tails = "|".join(map(re.escape, lex.grammar.get("tail", ())))
    heads = "|".join(map(re.escape, lex.grammar.get("collective-head", ())))
    # the tail may name what it stands for before the conjunction: 等省直有关部门和各市
    return re.compile(rf"(?P<tail>(?:{tails})(?:[^{tails}、，,；;]{{0,14}}?(?:{heads}))?)"
                      rf"(?:{'|'.join(map(re.escape, words))})|{lex.conjunctions.pattern}")


def split_items(text: str, start: int, end: int, breaks: Sequence[int] = ()) -> list[Item]:
    """The agencies of the list ``text[start:end]`` (compact text).  ``breaks`` are where
    whitespace was removed: one after a name's last character and before the next name
    parts two names (a table cell listing ``市人社局 市农业农村局`` one per line); one inside
    a name (``区科技创新 局``, a PDF break) parts nothing.

    The styles try the same list more than once (a subject, then its sentence): the last
    lists split are remembered."""
    return list(_split(text, start, end, tuple(breaks)))


@lru_cache(maxsize=1024)
def _split(text: str, start: int, end: int, breaks: tuple[int, ...]) -> tuple[Item, ...]:
    return tuple(_split_items(text, start, end, breaks))


def _split_items(text: str, start: int, end: int, breaks: Sequence[int]) -> list[Item]:
    if breaks:
        cuts, last = [], start
        for b in breaks:            # a cut where a whole name ends, never inside one (市 / 监察局)
            if start < b < end and text[b - 1] in NAME_ENDS and b - last >= 3 and \
                    agency_shaped(text[last:b].lstrip(SEPARATORS_AND_TRIM)):
                cuts.append(b)
                last = b
        if cuts:
            bounds = [start, *cuts, end]
            return [item for a, b in zip(bounds, bounds[1:]) for item in _split_items(text, a, b, ())]
    lex = lexicon()
    marks = lex.grammar.get("lead-mark", ())
    items: list[Item] = []
    for match in _item_pattern().finditer(text, start, end):
        first, last = match.span()
        whole = match.group()
        marked = whole.startswith(marks)
        if marked:                            # ▲发改局: the mark is no part of the name
            first += 1
            whole = whole[1:]
            if not whole:
                continue
        parts = _conjuncts(text, first, last) if _may_join(whole) else ((first, last, last),)
        for a, b, surface_end in parts:
            name_end = b
            piece = whole if (a, b) == (first, last) else text[a:b]
            note = _NOTE.search(text, a, b) if not _OPENERS.isdisjoint(piece) else None
            if note and note.start() > a:
                b = name_end = note.start()
            verb = next((w for w in lex.name_breakers if text.endswith(w, a, name_end)), None)
            if verb and agency_shaped(text[a:name_end - len(verb)]):
                b = name_end = surface_end = name_end - len(verb)   # 生态环境部指导: a verb no name holds ends it
            tail = lex.tail.search(text, a, name_end) if "等" in piece else None
            if tail and tail.start() == a and items:
                continue                      # A、B、等有关部门: a tail after a stray 、 (谯城区)
            if tail and tail.start() > a:
                name_end = tail.start()
            if name_end <= a:
                continue
            name = piece if name_end - a == len(piece) else text[a:name_end]
            if items and (len(name) == 1 or items[-1].name.startswith("各") and lex.distributed.match(name)):
                a = items.pop().start          # 各区、县级市 / 相关委、办、局: one collective
                name = text[a:name_end]
            end_of_surface = max(b, surface_end)
            surface = name if end_of_surface == name_end else text[a:end_of_surface]
            items.append(Item(a, end_of_surface, surface, name, marked and a == first))
    return items


def _may_join(piece: str) -> bool:
    return "及" in piece or "等" in piece


def _conjuncts(text: str, a: int, b: int) -> list[tuple[int, int, int]]:
    """``A及B`` → A, B; ``A等和B`` → A, B; a vague B (及相关街道办) stays in A's surface
    but names nothing.  Brackets are never split.  Gives (start, end, end of surface)."""
    lex = lexicon()
    parts, begin = [], a
    for joint in _junction().finditer(text, a, b):
        weak = joint.group() in lex.weak_conjunctions
        if not weak and joint.start() - begin >= 2 and not in_brackets(text, a, joint.start()):
            tail_end = joint.end("tail") if joint.group("tail") else joint.start()
            parts.append([begin, joint.start(), tail_end])
            begin = joint.end()
    parts.append([begin, b, b])
    kept: list[list[int]] = []
    heads = lex.grammar.get("collective-head", ())
    for part in parts:
        if kept and (lex.vague.match(text, part[0], part[1]) or text[part[0]:part[1]] in heads):
            kept[-1][2] = part[2]
        else:
            kept.append(part)
    return [(p[0], p[1], p[2]) for p in kept]


def in_brackets(text: str, a: int, at: int) -> bool:
    """``text[at]`` lies inside a bracket opened after ``a``."""
    depth = 0
    for char in text[a:at]:
        depth += char in OPEN
        depth -= char in CLOSE
    return depth > 0
