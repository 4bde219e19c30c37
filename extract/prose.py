"""Assignments written into running text, with no brackets and no slots:

    由发展改革委会同中央农办、农业部等部门研究提出落实意见     (X lead, Y support)
    由市发展改革委牵头，市财政局、市商务局配合               (X lead, Y support)
    市住房城乡建设委牵头，各区政府配合

Only strong statements count: 由 X 牵头 / 负责 / 会同, and X 牵头，Y 配合.  A plain
``X负责…`` in a sentence is a duty (``duties.py``), not a task assignment.  The
pipeline keeps a statement only in an outline item that has no annotation of its own.
"""
from __future__ import annotations

import re

from govgraph.extract.annotations import Annotation
from govgraph.extract.clauses import parse_clauses
from govgraph.extract.text import Compact

_NAMES = r"[\u4e00-\u9fff、（）()]"
_STATEMENT = re.compile(
    rf"由(?:{_NAMES}{{2,60}}?会同{_NAMES}{{2,160}}?(?:等(?:有关|相关)?(?:部门|单位))?"
    rf"(?=负责|研究|落实|共同|组织|推进|实施|制定|办理)|{_NAMES}{{2,60}}?(?:牵头负责|牵头|负责(?=[，,。；;]|落实)))"
    rf"(?:[，,]{_NAMES}{{2,120}}?(?:配合|参与|协助))?")
_PAIR = re.compile(rf"(?:^|(?<=[，,。；;：:\n）)]))[ \t\u3000]*[\u4e00-\u9fff]{_NAMES}{{1,59}}?牵头[，,]"
                   rf"{_NAMES}{{2,120}}?(?:配合|参与|协助)", re.M)


def find_statements(text: str, start: int, end: int) -> list[Annotation]:
    """Candidate prose assignments in ``text[start:end]``, in order."""
    found: list[Annotation] = []
    taken = -1
    # _PAIR is slow to scan (it tries every clause start): only where 牵头， occurs at all
    paired = text.find("牵头，", start, end) >= 0 or text.find("牵头,", start, end) >= 0
    for match in sorted([*_STATEMENT.finditer(text, start, end),
                         *(_PAIR.finditer(text, start, end) if paired else ())],
                        key=lambda m: m.start()):
        if match.start() < taken:
            continue
        compact = Compact(text, match.start(), match.end())
        groups = parse_clauses(compact.text, 0, len(compact.text), strict=False)
        if groups:
            found.append(Annotation(match.start(), match.end(), compact, tuple(groups), None, (),
                                    True, "prose"))
            taken = match.end()
    return found
