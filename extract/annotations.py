"""Responsibility annotations: ``（主办单位：区重建局；协办单位：区经济促进局、各街道办事处）``.

Annotations are found in the source text by patterns that allow whitespace between
any two characters of a cue (PDF extraction breaks ``（牵头\n\n单位：``), then each
block is read in its compact form (``text.Compact``: whitespace removed), so
``区科技创新\n\n局`` reads as one name while spans still point into the source.  The
cue words and the roles they give live in ``data/roles.csv``; each has an id that
travels with every assignment it produces.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from govgraph.extract.text import Compact

OPEN, CLOSE = "（(〈<＜【[", "）)〉>＞】]"
_SEPARATORS = "、，,；;／/"
_TRIM = "、，,；;：:。.\u3000 "


@dataclass(frozen=True, slots=True)
class Cue:
    id: str
    word: str
    slot: str        # agency / deadline / leader
    role: str        # lead / support / responsible for agency slots


@dataclass(frozen=True, slots=True)
class Slot:
    cue: Cue
    word: str        # the cue as written
    value: str
    start: int       # compact offsets of the value
    end: int


@dataclass(frozen=True, slots=True)
class Block:
    start: int       # source offset of the opening bracket
    end: int         # source offset after the closing bracket (or where it was cut off)
    slots: tuple[Slot, ...]
    closed: bool
    compact: Compact  # the block without whitespace; slot offsets index into it


@lru_cache(maxsize=1)
def cues() -> dict[str, Cue]:
    path = resources.files("govgraph.data").joinpath("roles.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["cue"]: Cue(row["id"], row["cue"], row["slot"], row["role"])
                for row in csv.DictReader(handle)}


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    """(opener in source text, slot cue in compact text)."""
    ordered = sorted(cues(), key=len, reverse=True)
    compact_words = "|".join(map(re.escape, ordered))
    spaced_words = "|".join(r"\s*".join(map(re.escape, word)) for word in ordered)
    slot = re.compile(rf"(?P<cue>{compact_words})[:：]")
    opener = re.compile(rf"[（(](?=\s*(?:{spaced_words})\s*[:：])")
    return opener, slot


def find_blocks(text: str, start: int = 0, end: int | None = None) -> list[Block]:
    """Every bracketed annotation in ``text[start:end]``, in order."""
    opener, _ = _patterns()
    end = len(text) if end is None else end
    blocks: list[Block] = []
    pos = start
    while (match := opener.search(text, pos, end)) is not None:
        begin = match.start()
        stop, closed = _close(text, begin + 1, min(end, begin + 1 + 1200), opener)
        compact = Compact(text, begin, stop)
        slots = parse_slots(compact.text, 1, len(compact.text) - closed)
        blocks.append(Block(begin, stop, tuple(slots), bool(closed), compact))
        pos = max(stop, begin + 1)
    return blocks


_O, _C = re.escape(OPEN), re.escape(CLOSE)
# an annotation's body: anything but brackets and full stops, or a bracketed name inside it
_BODY = re.compile(rf"(?:[^{_O}{_C}。]|[{_O}][^{_O}{_C}。]*[{_C}])*")


def _close(text: str, pos: int, stop: int, opener: re.Pattern) -> tuple[int, int]:
    """(end offset, 1 if closed by a bracket else 0).  An unclosed block stops at a full
    stop, at the next annotation or at ``stop``: it was cut off."""
    end = _BODY.match(text, pos, stop).end()
    inner = opener.search(text, pos, end)
    if inner:                                   # the next annotation began: this one was cut off
        return inner.start(), 0
    if end < stop and text[end] in CLOSE:
        return end + 1, 1
    return end, 0


def parse_slots(text: str, start: int, end: int) -> list[Slot]:
    """The ``cue：value`` slots between ``start`` and ``end``."""
    _, slot = _patterns()
    table = cues()
    found = list(slot.finditer(text, start, end))
    slots = []
    for i, match in enumerate(found):
        value_end = found[i + 1].start() if i + 1 < len(found) else end
        value_start = match.end()
        while value_start < value_end and text[value_start] in _TRIM:
            value_start += 1
        while value_end > value_start and text[value_end - 1] in _TRIM:
            value_end -= 1
        word = match.group("cue")
        slots.append(Slot(table[word], word, text[value_start:value_end], value_start, value_end))
    return slots


_S = re.escape(_SEPARATORS + _TRIM)
# one item of a list: characters that are not separators, or a bracketed part (区财政局<集资办>)
_ITEM = re.compile(rf"(?:[^{_S}{_O}]|[{_O}][^{_C}]*[{_C}]?)+")


def split_list(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of the items of an agency list, split at 、，；/ outside brackets."""
    return [m.span() for m in _ITEM.finditer(text, start, end)]
