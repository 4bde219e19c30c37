"""The records that flow between stages: extraction → graph → queries.

Every record is a frozen dataclass (spans: a named tuple) of plain values, so a
stage can hand it on, serialise it or compare it without surprises.  Character spans
are offsets into the decoded text of the source file (half-open ``[start, end)``),
so a reader can always go back to the sentence a number came from.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal, NamedTuple

Role = Literal["lead", "support", "responsible"]
LEAD: Role = "lead"                # 主办 / 牵头
SUPPORT: Role = "support"          # 协办 / 配合 / 参与 / 协助
RESPONSIBLE: Role = "responsible"  # 责任
ROLES: tuple[Role, ...] = (LEAD, SUPPORT, RESPONSIBLE)


class Span(NamedTuple):
    """Half-open character range ``[start, end)`` in the decoded source text.  A named
    tuple rather than a dataclass: one is made for every mention, and tuples are cheap."""

    start: int
    end: int

    def to_list(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True, slots=True)
class Reference:
    """A document cited by another (``《…》（深府〔2011〕165号）``) or repealed by it (``…同时废止``)."""

    relation: Literal["cites", "repeals"]
    title: str | None
    doc_number: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class Document:
    """One document of a source file (a gazette issue holds several)."""

    id: str
    source: str
    span: Span
    title: str
    notice_title: str | None = None
    doc_number: str | None = None
    issuers: tuple[str, ...] = ()
    issued_by: tuple[str, ...] = ()  # the issuers' canonical agency names
    date: str | None = None          # ISO date, YYYY-MM-DD
    kind: str | None = None          # 行动计划 / 意见 / 改革计划 / 通报 / 办法 / 统计公报 …
    jurisdiction: str | None = None  # e.g. 广东省深圳市罗湖区, from the issuer
    references: tuple[Reference, ...] = ()
    unread: tuple[str, ...] = ()     # role words beside agencies in a file that gave no task

    @property
    def issuer(self) -> str | None:
        return "、".join(self.issuers) or None


@dataclass(frozen=True, slots=True)
class Section:
    """An outline heading (一、 / （一） / 1. / （1） / ①) of a document."""

    document: str
    path: str        # markers joined by "/": 四/（一）/2/（1）
    marker: str
    level: int       # depth in this document's outline, 1 = top
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Assignment:
    """One agency given one role on one task, with the words that said so."""

    agency: str      # canonical agency name
    role: Role
    role_word: str   # the cue as written: 主办单位, 牵头, 配合 …
    surface: str     # the agency as written
    span: Span       # the surface in the source text
    rule: str        # id of the pattern that produced it


@dataclass(frozen=True, slots=True)
class Task:
    """The text governed by one responsibility annotation."""

    id: str
    document: str
    path: str
    heading: str
    text: str
    span: Span
    annotation: str
    annotation_span: Span
    assignments: tuple[Assignment, ...]
    deadline: str | None = None       # YYYY-MM or YYYY-MM-DD or YYYY
    deadline_text: str | None = None
    leaders: tuple[str, ...] = ()     # people named in 责任领导 slots; never agencies
    keywords: tuple[str, ...] = ()
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Duty:
    """A responsibility stated in prose: ``区财政局负责奖励补助资金的预决算``."""

    id: str
    document: str
    agency: str
    surface: str
    cue: str
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Correction:
    """A surface form that was mended on the way to its canonical name."""

    surface: str
    corrected: str
    rule: str


@dataclass(frozen=True, slots=True)
class Agency:
    """A government body, a sub-unit of one, or a collective (各街道办事处)."""

    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "unknown"
    level: str | None = None          # central / province / city / district / street
    parent: str | None = None
    jurisdiction: str | None = None
    discovered: bool = False          # not in the gazetteer: found by the discovery rules
    corrections: tuple[Correction, ...] = ()
    mentions: int = 0
    example: str | None = None        # a sentence it occurs in, for review


def replaces(old, new) -> bool:
    """Does the newer of two records of one body describe it (kind, level, parent …)?  Only a
    curated one (from the gazetteer) over one the discovery rules found; else the first record
    stays, so the answer does not depend on which file came last.  The one policy of the
    extractor's registry (mentions, workers' registries) and of every store."""
    return bool(old.discovered) and not new.discovered


def merge_agency(old: Agency, new: Agency) -> Agency:
    """Two records of one body as one: described as ``replaces`` says, aliases united (sorted, as
    the registry lists them, so the order of loads does not show), corrections united in order,
    mentions summed, the first example kept."""
    base = new if replaces(old, new) else old
    return replace(base, aliases=tuple(sorted(set(old.aliases) | set(new.aliases))),
                   corrections=_united(old.corrections, new.corrections),
                   mentions=old.mentions + new.mentions, example=old.example or new.example)


def merge_agencies(agencies: Iterable[Agency]) -> dict[str, Agency]:
    """One record per name, oldest first (``merge_agency``)."""
    merged: dict[str, Agency] = {}
    for agency in agencies:
        old = merged.get(agency.name)
        merged[agency.name] = agency if old is None else merge_agency(old, agency)
    return merged


def _united(old: tuple, new: tuple) -> tuple:
    return tuple(dict.fromkeys(old + new))


@dataclass(frozen=True, slots=True)
class Problem:
    """Something the reader should know about an input: a cut-off annotation, no tasks …"""

    source: str
    message: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """Everything extracted from one document: the unit that streams between stages."""

    document: Document
    sections: tuple[Section, ...] = ()
    tasks: tuple[Task, ...] = ()
    duties: tuple[Duty, ...] = ()
    problems: tuple[Problem, ...] = ()


@dataclass(slots=True)
class Extraction:
    """A whole run: documents in order plus the agencies they name."""

    results: list[DocumentResult] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def documents(self) -> list[Document]:
        return [r.document for r in self.results]

    @property
    def tasks(self) -> list[Task]:
        return [t for r in self.results for t in r.tasks]

    @property
    def duties(self) -> list[Duty]:
        return [d for r in self.results for d in r.duties]

