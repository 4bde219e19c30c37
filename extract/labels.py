"""Slot labels in source text (``牵头单位：``, ``督办单位 ：``), read by the bracket and
line styles and by coverage.  Labels are looked for where a colon is: the few characters before each
colon are read in compact form, so ``牵头\\n\\n单位：`` broken by a PDF page is a label too."""
from __future__ import annotations

import re
from collections.abc import Iterator

from govgraph.extract.grammar import find_labels
from govgraph.extract.lexicon import lexicon
from govgraph.extract.text import Compact

_COLON = re.compile(r"[:：]")
_WINDOW = 24          # source characters looked at before a colon


def labels_in_source(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(where the label starts, where its colon ends) for every slot label in ``text[start:end]``."""
    ends = lexicon().label_ends
    for colon in _COLON.finditer(text, start, end):
        floor = max(start, colon.start() - _WINDOW)
        last = colon.start() - 1
        while last >= floor and text[last].isspace():
            last -= 1
        if last < floor or text[last] not in ends:
            continue                  # no label ends so (各区人民政府：, 通知如下：)
        window = Compact(text, floor, colon.end())
        labels = find_labels(window.text, 0, len(window.text))
        if not labels or labels[-1].end != len(window.text):
            continue
        label = labels[-1]
        if label.entry is None and label.start == 0 and floor > start:
            continue                  # the window may have cut a longer word: not a label
        yield window.offset(label.start), colon.end()


def label_at(text: str, at: int, end: int) -> bool:
    """A slot label opens the line at ``at`` (whitespace allowed inside it)."""
    stop = text.find("\n", at, end)
    stop = end if stop < 0 else stop
    colon = _COLON.search(text, at, min(stop, at + _WINDOW))
    if colon is None:
        return False
    window = Compact(text, at, colon.end())
    labels = find_labels(window.text, 0, len(window.text))
    return bool(labels) and labels[0].start == 0 and labels[0].end == len(window.text)
