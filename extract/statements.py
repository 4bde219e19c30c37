"""What every annotation style (``styles``) shares: the statement it finds, the document
it reads, and the defaults for the task a statement governs."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from govgraph.extract.agencies import NAME_ENDS, AgencyResolver, agency_shaped
from govgraph.gazetteer import normalise_name
from govgraph.extract.grammar import UNKNOWN_LABEL, Group, Reading
from govgraph.extract.jurisdiction import MARKERS, Jurisdiction
from govgraph.extract.labels import labels_in_source
from govgraph.extract.lexicon import lexicon
from govgraph.extract.outline import Outline
from govgraph.extract.text import Compact

_LEAD_IN = re.compile(r"[\s。．.，,；;)）]*")


@dataclass(slots=True)
class Statement:
    """One responsibility statement: where its evidence is, what it says, how it was written."""

    start: int                    # source span of the evidence (the bracket, the slots, the row)
    end: int
    compact: Compact              # its text without whitespace; group items index into it
    reading: Reading
    style: str
    closed: bool = True           # False: the statement was cut off
    task: tuple[int, int] | None = None   # the task's span when the style fixes it
    path: str | None = None               # its place when the style fixes it (table group/row)
    by: Style | None = None               # the style that found it

    @property
    def groups(self) -> list[Group]:
        return self.reading.groups

    @property
    def extent(self) -> tuple[int, int]:
        """Everything the statement covers: its evidence and the task the style fixed."""
        return (min(self.start, self.task[0]) if self.task else self.start), self.end


@dataclass(slots=True)
class Context:
    """One document as the styles read it."""

    text: str                     # the reading text (simplified script), offsets as the source
    start: int                    # the document's body
    end: int
    place: Jurisdiction | None
    outline: Outline
    resolver: AgencyResolver
    kind: str | None              # 行动计划 / 办法 …
    lists_agencies: Callable[[str], bool]     # a table cell or bracket that lists agencies
    source_marked: bool = False   # another document of the source marks its tasks
    _labels: list[tuple[int, int]] | None = None

    def labels(self) -> list[tuple[int, int]]:
        """(start, end after the colon) of every slot label of the body, found once for all
        the styles that read labels."""
        if self._labels is None:
            self._labels = list(labels_in_source(self.text, self.start, self.end))
        return self._labels

    def labels_within(self, start: int, end: int) -> list[tuple[int, int]]:
        """The labels that start in ``[start, end)``."""
        labels = self.labels()
        i = bisect_left(labels, (start, -1))
        j = bisect_left(labels, (end, -1))
        return labels[i:j]

    def checked(self, reading: Reading | None) -> Reading | None:
        """The reading without the lists of labels nobody listed that name no bodies
        (各直属单位：为全面落实… is an addressee line, not a slot), or None if nothing is left."""
        if reading is None or not reading.unknown:
            return reading
        reading.groups = [g for g in reading.groups if g.rule != UNKNOWN_LABEL or
                          names_bodies(self.resolver, self.place, [i.name for i in g.items])]
        return reading if reading else None

    def placed(self, name: str) -> bool:
        """The name opens with its level or a place the gazetteer knows (区贸易粮食局,
        宁波化工区管委会): a body nobody curated, but no phrase either."""
        if name[:1] in _LEVELS:
            return True
        divisions = self.resolver.gazetteer.divisions
        return any(name[:size] in divisions for size in range(2, min(8, len(name))))

    def names_agency(self, name: str, known: bool = False) -> bool:
        """The name resolves to a body (a curated one when ``known``)."""
        found = self.resolver.resolve(name, self.place)
        return found is not None and not (known and found.discovered)


class Style:
    """An annotation style: finds its statements in a document and says which text each
    governs.  Register a subclass in ``styles/__init__.py``; the pipeline never asks
    which style it has."""

    name = "style"
    primary = True                # False: it only fills what primary styles left (prose)
    open_ended = False            # a statement at the end of a file may be cut though closed

    def find(self, ctx: Context, taken: list[Statement]) -> list[Statement]:
        """The statements of ``ctx``'s body; ``taken`` are those earlier styles kept."""
        raise NotImplementedError

    def governs(self, statement: Statement, ctx: Context, previous_end: int) -> tuple[int, int]:
        """The task's span: what the style fixed, else the text between the previous
        statement (or the section's heading) and this one."""
        if statement.task:
            return statement.task
        section = ctx.outline.at(statement.start)
        start = max(previous_end, section.span.start if section else 0, ctx.start)
        lead_in = _LEAD_IN.match(ctx.text, start)
        assert lead_in is not None            # it matches the empty string
        return min(lead_in.end(), statement.start), statement.start


_LEVELS = frozenset("省市区县镇乡州旗")
_FUNCTION = re.compile(r"[由的为在对将把被向从请等《》]")   # never inside a name nobody curated


def names_bodies(resolver: AgencyResolver, place: Jurisdiction | None, names: list[str]) -> bool:
    """Every name is a body: one the resolver knows, or one shaped like an agency that
    nobody curated (镇规建办, 提篮桥街道办事处); ``该中心``, ``部门`` alone or
    ``各单位按以下职能分工`` name nobody in particular."""
    if not names:
        return False
    lex = lexicon()
    generic, bare = lex.grammar.get("generic", ()), lex.grammar.get("bare", ())
    for name in names:
        if len(name) > 30 or len(name) < 2 or name.startswith(generic) or name in bare:
            return False
        if not agency_shaped(name) and not resolver.gazetteer.exact(normalise_name(name)):
            return False              # neither shaped like a body nor curated: spare the resolver
        found = resolver.resolve(name, place)
        if found is None:
            return False
        if found.discovered and (not agency_shaped(name) or _FUNCTION.search(name)
                                 or name.count("“") != name.count("”")
                                 or lex.prose_verb.search(name) or _predicate(name)
                                 or _known_head(resolver, place, name) or _two_names(name)):
            return False
    return True


def _known_head(resolver: AgencyResolver, place: Jurisdiction | None, name: str) -> bool:
    """A name nobody curated that opens with a curated one and goes on with no name of its
    own ran on past it (市经济信息化委发布零碳园区); a branch named after its head is a
    name (农发行安顺分行)."""
    return any(resolver.curated(name[:end], place) and not
               (len(name) - end >= 2 and agency_shaped(name[end:]))
               for end in range(len(name) - 1, 2, -1))


_LEVEL_MARKS = frozenset(m for marks in MARKERS.values() for m in marks if len(m) == 1)


def _two_names(name: str) -> bool:
    """A name, a verb of a character or two, and a name of its own level (区房管局报区政府,
    区政府指定区规划资源局): two bodies, never one.  和 / 与 join a list instead."""
    weak = lexicon().weak_conjunctions
    for cut in range(2, len(name) - 3):
        if name[cut - 1] not in NAME_ENDS or name[cut] in weak or not agency_shaped(name[:cut]):
            continue
        if any(name[cut + verb] in _LEVEL_MARKS and agency_shaped(name[cut + verb:]) for verb in (1, 2)):
            return True
    return False


def _predicate(name: str) -> bool:
    """A verb that never stands in a name (督促所属部门和各街镇, 允许园区平台): no name."""
    return lexicon().name_breaker.search(name) is not None
