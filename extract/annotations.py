"""Responsibility annotations: the words that give a task its agencies.

Three shapes are found here (tables are in ``tables.py``):

bracket-slots   ``（主办单位：区重建局；协办单位：区经济促进局、各街道办事处）``
line-slots      ``牵头单位：区发改局`` / ``责任单位：…`` / ``完成时限：…`` on lines of their own,
                or after the task on the same line
bracket-prose   ``（财政部牵头，国务院相关部门及各地区按职责分工负责）``, ``（工业和信息化部负责）``

Cue words (``data/roles.csv``) are found in the source text by patterns that allow
whitespace between any two characters (PDF extraction breaks ``（牵头\\n\\n单位：``);
each annotation is then read in its compact form (``text.Compact``), so
``区科技创新\\n\\n局`` is one name while every span still points into the source.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from govgraph.extract.clauses import Group, parse_clauses, verb_endings
from govgraph.extract.lists import CLOSE, OPEN, TRIM, split_items
from govgraph.extract.text import Compact

# 列第一位者为牵头单位 / 排在第一位的部门为牵头部门: the first listed body leads
FIRST_LEADS = re.compile(r"(?:列|排)\s*(?:在)?\s*(?:第一位|首位)\s*(?:的|者)?\s*(?:单位|部门)?\s*(?:为|是)\s*"
                         r"(?:牵头|主办|主责|牵头或汇总)")
ONWARDS = re.compile(r"下\s*同")
LIMIT = 1200                     # longest annotation read, in source characters


@dataclass(slots=True)
class Cue:
    id: str
    word: str
    slot: str        # agency / deadline / leader / prose
    role: str        # lead / support / responsible for agency slots


@dataclass(slots=True)
class Annotation:
    """One annotation: where it is, what it assigns, and how it was written."""

    start: int                    # source span of the annotation (the evidence)
    end: int
    compact: Compact              # its text without whitespace; group items index into it
    groups: tuple[Group, ...]
    deadline: str | None
    leaders: tuple[str, ...]
    closed: bool                  # False: the annotation was cut off
    style: str
    first_leads: bool = False     # it declares 列第一位者为牵头单位
    onwards: bool = False         # … and 下同: for every later annotation too
    task: tuple[int, int] | None = None   # the task's span when the shape fixes it (tables)
    path: str | None = None               # its place in a table (group/row number)

    def with_groups(self, groups: tuple[Group, ...]) -> Annotation:
        """The same annotation giving other roles (``dataclasses.replace``, ten times faster)."""
        return Annotation(self.start, self.end, self.compact, groups, self.deadline, self.leaders,
                          self.closed, self.style, self.first_leads, self.onwards, self.task, self.path)


@lru_cache(maxsize=1)
def cues() -> dict[str, Cue]:
    path = resources.files("govgraph.data").joinpath("roles.csv")
    rows = csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines())
    return {row["cue"]: Cue(row["id"], row["cue"], row["slot"], row["role"]) for row in rows}


def _spaced(word: str) -> str:
    return r"\s*".join(map(re.escape, word))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    """(a cue in the source text, a cue in compact text)."""
    ordered = sorted(cues(), key=len, reverse=True)
    spaced = re.compile(rf"(?P<cue>{'|'.join(map(_spaced, ordered))})\s*[:：]")
    compact = re.compile(rf"(?P<cue>{'|'.join(map(re.escape, ordered))})[:：]")
    return spaced, compact


_O, _C = re.escape(OPEN), re.escape(CLOSE)
# an annotation's body: anything but brackets, a bracketed name inside it, a full stop that
# does not end a line, or a line break that does not open a numbered item; a full stop at a
# line end or a new item means the bracket was never closed
_NEW_ITEM = r"[ \t\u3000\n]*(?:\d{1,3}\s*[.．、]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]+、|[①-⑳]|第[一二三四五六七八九十百]+[章条])"
_BODY = re.compile(rf"(?:[^{_O}{_C}。\n]+|[{_O}][^{_O}{_C}。]*[{_C}]|。(?![ \t\u3000]*\n)|\n(?!{_NEW_ITEM}))*")
_PROSE_END = re.compile(r"(?:牵头|负责|参与|配合|协助|协办|协同|落实|实施|下\s*同|单位|部门)\s*[)）〕]")


def find_annotations(text: str, start: int, end: int) -> list[Annotation]:
    """Every slot or bracketed-prose annotation in ``text[start:end]``, in order."""
    found = _slot_annotations(text, start, end)
    found += _prose_annotations(text, start, end, [(a.start, a.end) for a in found])
    return sorted(found, key=lambda a: a.start)


# ---------------------------------------------------------------- slots

def _slot_annotations(text: str, start: int, end: int) -> list[Annotation]:
    spaced, _ = _patterns()
    found: list[Annotation] = []
    pos = start
    while (cue := spaced.search(text, pos, end)) is not None:
        opener = _opening_bracket(text, cue.start(), start)
        if opener is not None:
            stop, closed = _close(text, opener + 1, min(end, opener + 1 + LIMIT))
            annotation = _read_slots(text, opener, stop, closed, "bracket-slots")
        else:
            stop = _line_slots_end(text, cue.start(), end)
            annotation = _read_slots(text, cue.start(), stop, True, "line-slots")
        if annotation is not None:
            found.append(annotation)
        pos = max(stop, cue.end())
    return found


def _opening_bracket(text: str, at: int, floor: int) -> int | None:
    """The bracket just before a cue (whitespace between allowed), if there is one."""
    i = at - 1
    while i >= floor and text[i].isspace():
        i -= 1
    return i if i >= floor and text[i] in OPEN else None


def _close(text: str, pos: int, stop: int) -> tuple[int, bool]:
    """(end offset, closed by a bracket).  An unclosed block stops at a full stop, at the
    next annotation or at ``stop``: it was cut off."""
    spaced, _ = _patterns()
    body = _BODY.match(text, pos, stop)
    assert body is not None               # it matches the empty string
    end = body.end()
    nested = [at for m in spaced.finditer(text, pos, end)
              if (at := _opening_bracket(text, m.start(), pos)) is not None]
    if nested:                            # the next annotation began: this one was cut off
        return nested[0], False
    if end < stop and text[end] in CLOSE:
        return end + 1, True
    return end, False


def _line_slots_end(text: str, at: int, end: int) -> int:
    """Where slots written on lines end: the end of the line, or of the following lines
    while they open with a cue or continue a list (the line before ends with 、，)."""
    spaced, _ = _patterns()
    while (line_end := text.find("\n", at, end)) >= 0:
        stripped = line_end
        while stripped > at and text[stripped - 1] in " \t\u3000\r":
            stripped -= 1
        following = line_end
        while following < end and text[following] in " \t\u3000\r\n":
            following += 1
        if text[stripped - 1] not in "、，," and not spaced.match(text, following, end):
            return stripped
        at = following
    return end


def _read_slots(text: str, begin: int, stop: int, closed: bool, style: str) -> Annotation | None:
    compact = Compact(text, begin, stop)
    body = compact.text
    inner_end = len(body) - (1 if style == "bracket-slots" and closed else 0)
    _, slot_pattern = _patterns()
    table = cues()
    matches = list(slot_pattern.finditer(body, 0, inner_end))
    groups: list[Group] = []
    deadline: str | None = None
    leaders: list[str] = []
    for i, match in enumerate(matches):
        a, b = _trim(body, match.end(), matches[i + 1].start() if i + 1 < len(matches) else inner_end)
        cue = table[match.group("cue")]
        if cue.slot == "deadline":
            deadline = body[a:b]
        elif cue.slot == "leader":
            leaders.extend(item.name for item in split_items(body, a, b))
        elif cue.slot == "prose":
            groups.extend(parse_clauses(body, a, b, strict=False) or ())
        else:
            groups.extend(_slot_value(body, a, b, cue))
    if not (groups or leaders or deadline):
        return None
    return Annotation(begin, stop, compact, tuple(groups), deadline, tuple(leaders), closed, style,
                      bool(FIRST_LEADS.search(body)), bool(ONWARDS.search(body)))


def _slot_value(body: str, a: int, b: int, cue: Cue) -> list[Group]:
    """A slot's agencies; a value that ends in a role verb (A、B分别牵头) is a clause."""
    if b > a and body[b - 1] in verb_endings():
        clause = parse_clauses(body, a, b, strict=True)
        if clause:
            return clause
    items = split_items(body, a, b)
    return [Group(cue.role, cue.word, cue.id, tuple(items))] if items else []


def _trim(body: str, a: int, b: int) -> tuple[int, int]:
    while a < b and body[a] in TRIM:
        a += 1
    while b > a and body[b - 1] in TRIM:
        b -= 1
    return a, b


# ---------------------------------------------------------------- bracketed prose

def _prose_annotations(text: str, start: int, end: int, taken: list[tuple[int, int]]
                       ) -> list[Annotation]:
    """Bracketed prose annotations that overlap none of the ``taken`` spans."""
    found = []
    for match in _PROSE_END.finditer(text, start, end):
        close = match.end() - 1
        opener = _matching_open(text, close, max(start, close - 400))
        if opener is None or any(a <= close and opener < b for a, b in taken):
            continue
        compact = Compact(text, opener, close + 1)
        body = compact.text
        groups = parse_clauses(body, 1, len(body) - 1, strict=True)
        if groups:
            found.append(Annotation(opener, close + 1, compact, tuple(groups), None, (), True,
                                    "bracket-prose", bool(FIRST_LEADS.search(body)),
                                    bool(ONWARDS.search(body))))
    return found


def _matching_open(text: str, close: int, floor: int) -> int | None:
    depth = 0
    for i in range(close - 1, floor - 1, -1):
        char = text[i]
        if char in CLOSE:
            depth += 1
        elif char in OPEN:
            if depth == 0:
                return i
            depth -= 1
        elif char == "。" and depth == 0:
            return None
    return None
