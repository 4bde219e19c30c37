"""Recall without gold: which role words next to an agency did the extractor explain?

A *cue* is an occurrence of the vocabulary of responsibility beside an agency-shaped name:

``label``    a slot label, known or not, with a body after its colon (督办单位：市政府督查室)
``verb``     a role verb with a body right before it (区财政局负责, 市发改委会同, …按职责分工负责)
``header``   a table header naming a role (牵头单位 alone in its cell)

A cue is *explained* when an extracted task covers it (its text or its evidence) or a
prose duty does; a header, when a table row was read after it.  What is left is the to-do
list: grouped by pattern (``label:督办单位``, ``verb:负责``) and counted, each with its
context, so a new role word or shape shows up before anyone writes gold for it.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from govgraph.extract.agencies import AgencyResolver
from govgraph.extract.grammar import trim
from govgraph.extract.lexicon import lexicon
from govgraph.extract.lists import split_items
from govgraph.extract.script import simplified
from govgraph.extract.statements import names_bodies
from govgraph.extract.labels import labels_in_source
from govgraph.extract.text import Compact, squeeze
from govgraph.gazetteer import Gazetteer
from govgraph.model import DocumentResult, Span

CONTEXT = 30                      # characters of context either side of an unexplained cue
_REACH = 40                       # characters looked at beside a cue for its body
_STOP = re.compile(r"[。；;！？!?\n：:，,（(）)]")
# what may open a clause before its subject: an outline marker
_LEAD_IN = re.compile(r"(?:第[一二三四五六七八九十百]+条|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]+[、．.]|"
                      r"\d{1,3}[、．.]|[①-⑳])?")
_CELL = re.compile(r"[^\t\n]+")
_TABLE_REACH = 3000               # a header is explained by a table row this close after it


@dataclass(frozen=True, slots=True)
class Cue:
    span: Span
    pattern: str                  # label:督办单位 / verb:负责 / header:牵头单位
    explained: bool
    context: str


@dataclass(slots=True)
class DocumentCoverage:
    document: str                 # the document id
    source: str
    cues: list[Cue] = field(default_factory=list)

    @property
    def explained(self) -> int:
        return sum(c.explained for c in self.cues)

    @property
    def unexplained(self) -> list[Cue]:
        return [c for c in self.cues if not c.explained]

    @property
    def share(self) -> float:
        return self.explained / len(self.cues) if self.cues else 1.0


@dataclass(slots=True)
class CoverageReport:
    documents: list[DocumentCoverage]

    @property
    def cues(self) -> int:
        return sum(len(d.cues) for d in self.documents)

    @property
    def explained(self) -> int:
        return sum(d.explained for d in self.documents)

    @property
    def share(self) -> float:
        return self.explained / self.cues if self.cues else 1.0

    def patterns(self) -> list[tuple[str, int]]:
        """Unexplained cues per pattern, most frequent first."""
        counts = Counter(c.pattern for d in self.documents for c in d.unexplained)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def to_json(self) -> dict:
        return {"share": round(self.share, 4), "cues": self.cues, "explained": self.explained,
                "patterns": [{"pattern": p, "unexplained": n} for p, n in self.patterns()],
                "documents": [{"document": d.document, "source": d.source, "cues": len(d.cues),
                               "explained": d.explained, "share": round(d.share, 4),
                               "unexplained": [{"span": c.span.to_list(), "context": c.context,
                                                "pattern": c.pattern} for c in d.unexplained]}
                              for d in self.documents]}


def measure(results: Iterable[DocumentResult], resolver: AgencyResolver,
            stdin: bytes | None = None) -> Iterator[DocumentCoverage]:
    """The coverage of each extracted document, its source read again for its text."""
    from govgraph.extract.reader import read_source

    path, text = None, ""
    for result in results:
        source = result.document.source
        if source != path:                      # one source at a time: memory stays bounded
            path = source
            text = simplified(read_source(source, stdin if source == "-" else None).text)
        yield document_coverage(result, text, resolver)


def document_coverage(result: DocumentResult, text: str, resolver: AgencyResolver) -> DocumentCoverage:
    """The cues of one document (``text`` is its source's reading text) and which are explained."""
    document = result.document
    start, end = document.span
    covered = sorted([(min(t.span.start, t.annotation_span.start), max(t.span.end, t.annotation_span.end))
                      for t in result.tasks] + [(d.span.start, d.span.end) for d in result.duties])
    tables = [t.annotation_span.start for t in result.tasks if t.rule == "table"]
    report = DocumentCoverage(document.id, document.source)
    for span, pattern in cues(text, start, end, resolver):
        if pattern.startswith("header:"):
            explained = any(span.end <= at <= span.end + _TABLE_REACH for at in tables)
        else:
            explained = any(a <= span.start < b for a, b in covered)
        context = squeeze(text[max(start, span.start - CONTEXT):min(end, span.end + CONTEXT)])
        report.cues.append(Cue(span, pattern, explained, context))
    return report


def cues(text: str, start: int, end: int, resolver: AgencyResolver) -> Iterator[tuple[Span, str]]:
    """Every cue of ``text[start:end]``: its span and pattern (``verb:负责``)."""
    lex = lexicon()
    for label_start, colon_end in labels_in_source(text, start, end):
        word = Compact(text, label_start, colon_end).text.rstrip(":：")
        entry = lex.label(word)
        if (entry is None or entry.is_role) and _names_after(text, colon_end, end, resolver):
            yield Span(label_start, colon_end), "label:" + word
    nouns = (*lex.grammar.get("noun-after", ()), *lex.grammar.get("label-ending", ()),
             *lex.grammar.get("exempt", ()))
    for verb in _verb_pattern().finditer(text, start, end):
        if not text.startswith(nouns, verb.end()) and _names_before(text, verb.start(), start, resolver):
            yield Span(verb.start(), verb.end()), "verb:" + verb.group("verb")
    for header in _header_pattern().finditer(text, start, end):
        if _names_below(text, header.end(), end, resolver):
            yield Span(header.start("word"), header.end("word")), "header:" + squeeze(header.group("word"))


def _names_below(text: str, at: int, end: int, resolver: AgencyResolver) -> bool:
    """A line (or cell) listing bodies follows a header: a table, not a cut-off heading."""
    for line in _CELL.finditer(text, at, min(end, at + _TABLE_REACH)):
        piece = squeeze(line.group())
        items = split_items(piece, 0, len(piece))
        if items and names_bodies(resolver, None, [i.name for i in items]):
            return True
    return False


def _names_after(text: str, at: int, end: int, resolver: AgencyResolver) -> bool:
    stop = _STOP.search(text, at, min(end, at + _REACH))
    piece = Compact(text, at, stop.start() if stop else min(end, at + _REACH)).text
    a, b = trim(piece, 0, len(piece))
    items = split_items(piece, a, b)
    return bool(items) and names_bodies(resolver, None, [items[0].name])


def _names_before(text: str, at: int, start: int, resolver: AgencyResolver) -> bool:
    floor = max(start, at - _REACH)
    stops = [m.end() for m in _STOP.finditer(text, floor, at)]
    piece = Compact(text, stops[-1] if stops else floor, at).text
    for opener in lexicon().openers:
        cut = piece.rfind(opener)
        if cut >= 0:
            piece = piece[cut + len(opener):]
    lead_in = _LEAD_IN.match(piece)
    assert lead_in is not None               # it matches the empty string
    piece = piece[lead_in.end():]
    items = split_items(piece, 0, len(piece))
    return bool(items) and items[-1].end == len(piece) and names_bodies(resolver, None, [i.name for i in items])


@lru_cache(maxsize=1)
def _verb_pattern() -> re.Pattern:
    lex = lexicon()
    words = {w.word for w in lex.words if w.forms & {"verb", "between", "prose"}}
    qualifiers = lex.grammar.get("qualifier", ())
    alternation = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    qualifier = "|".join(map(re.escape, sorted(qualifiers, key=len, reverse=True)))
    return re.compile(rf"(?:{qualifier})?(?P<verb>{alternation})")


@lru_cache(maxsize=1)
def _header_pattern() -> re.Pattern:
    """A role header alone in its cell: on a line of its own, or between tabs."""
    lex = lexicon()
    words = sorted({w.word for w in lex.words if w.is_role and "header" in w.forms}, key=len, reverse=True)
    return re.compile(rf"(?:^|\t)[ \u3000]*(?P<word>{'|'.join(map(re.escape, words))})[ \u3000]*(?=\t|$)", re.M)


__all__ = ["Cue", "CoverageReport", "DocumentCoverage", "coverage", "document_coverage", "measure"]
