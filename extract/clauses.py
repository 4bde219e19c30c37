"""Role clauses in prose: ``财政部牵头，国务院相关部门及各地区按职责分工负责``.

A clause is an agency list followed by a role verb (``牵头``, ``参与``, ``组织落实`` …,
from ``data/role_verbs.csv``), which may be qualified (``按职责分工负责``, ``分别牵头``,
``负责落实``); it may open with 由, and ``X会同Y`` makes X lead and Y support.  Clauses
are separated by ，；, or by 、 right after a role verb (``A牵头负责、各区政府组织落实``).
Conventions written among them (``列第一位者为牵头单位``, ``下同``, ``不再做分工``) are
recognised and skipped.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from govgraph.extract.lists import Item, split_items

_CLAUSE_SEP = re.compile(r"[，,；;。]")
_QUALIFIER = r"(?:按职责(?:分工)?|按分工|分别|共同|各自)?"
_AFTER = r"(?:落实|实施|推进)?"
# a convention or remark standing as its own clause, never an agency list
_REMARK = re.compile(r"(?:列|排)(?:在)?(?:第一位|首位)|下同|不再(?:做|作)?分工")
_REMARK_START = re.compile(r"除|其中|具体|注")
_HUITONG = re.compile(r"(?:由)?(?P<lead>.+?)会同(?P<support>.+?)"
                      r"(?:等(?:有关|相关)?(?:部门|单位)?)?(?P<verb>负责|研究|落实|共同|组织|推进|实施|制定|办理|$)")


@dataclass(slots=True)
class Verb:
    id: str
    word: str
    role: str


@dataclass(slots=True)
class Group:
    """Agencies sharing one role in one annotation."""

    role: str
    word: str                 # the role word as written: 牵头单位, 牵头, 会同 …
    rule: str                 # id of the cue or verb that gave the role
    items: tuple[Item, ...]
    each: bool = False        # 分别牵头: every item leads its own part


@lru_cache(maxsize=1)
def verbs() -> tuple[Verb, ...]:
    path = resources.files("govgraph.data").joinpath("role_verbs.csv")
    rows = [Verb(r["id"], r["verb"], r["role"])
            for r in csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines())]
    return tuple(sorted(rows, key=lambda v: -len(v.word)))


@lru_cache(maxsize=1)
def verb_endings() -> frozenset[str]:
    """The last characters a role clause can end with: a quick test before parsing one."""
    return frozenset({v.word[-1] for v in verbs()} | {"实", "施", "进"})


@lru_cache(maxsize=1)
def _verb_patterns() -> tuple[re.Pattern, re.Pattern]:
    """(a role verb phrase ending a clause, one followed by 、 that ends a group)."""
    words = "|".join(re.escape(v.word) for v in verbs())
    phrase = rf"(?P<verb>{_QUALIFIER}(?P<core>{words}){_AFTER})"
    return re.compile(phrase + "$"), re.compile(phrase + "(?=、)")


def _clause_ends(text: str, start: int, end: int) -> list[int]:
    """Where clauses end: at ，；。 and at a 、 that follows a role verb."""
    _, before_comma = _verb_patterns()
    ends = [m.start() for m in _CLAUSE_SEP.finditer(text, start, end)]
    ends += [m.end() for m in before_comma.finditer(text, start, end)]
    return sorted(ends) + [end]


def parse_clauses(text: str, start: int, end: int, strict: bool = True) -> list[Group] | None:
    """The role groups of ``text[start:end]`` (compact text).

    ``strict``: every clause must be a role clause or a remark, else None — used to
    decide whether a bracket is an annotation at all.  Otherwise clauses that are
    neither are skipped.
    """
    groups: list[Group] = []
    pos = start
    for stop in _clause_ends(text, start, end):
        if stop > pos:
            found = parse_clause(text, pos, stop)
            if found is None and not (_REMARK.search(text, pos, stop) or _REMARK_START.match(text, pos, stop)):
                if strict:
                    return None
            groups.extend(found or ())
        pos = stop + 1
    return groups if groups else None


def parse_clause(text: str, start: int, end: int) -> list[Group] | None:
    """One clause: 'A、B牵头' / '由A负责' / 'A会同B负责落实'."""
    if text.startswith("由", start):
        start += 1
    huitong = _HUITONG.match(text, start, end)
    if huitong:
        lead = split_items(text, huitong.start("lead"), huitong.end("lead"))
        support = split_items(text, huitong.start("support"), huitong.end("support"))
        if lead and support:
            return [Group("lead", "会同", "verb-huitong", tuple(lead)),
                    Group("support", "会同", "verb-huitong", tuple(support))]
    at_end, _ = _verb_patterns()
    verb = at_end.search(text, start, end)
    if not verb or verb.start() == start:
        return None
    items = split_items(text, start, verb.start())
    if not items:
        return None
    spec = next(v for v in verbs() if v.word == verb.group("core"))
    return [Group(spec.role, verb.group("verb"), spec.id, tuple(items),
                  each=verb.group("verb").startswith("分别"))]
