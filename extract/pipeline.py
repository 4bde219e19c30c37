"""One source text in, one ``DocumentResult`` per document out.

The stages, each in its own module: ``documents`` (split + metadata) →
``jurisdiction`` → ``outline`` → ``annotations`` (tasks and roles) → ``agencies``
(canonical names) → ``deadlines`` → ``duties`` (prose) → ``keywords``.  An
``Extractor`` keeps what must outlive one document: the gazetteer, caches and the
registry of agencies named so far.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from collections.abc import Iterator
from pathlib import Path

from govgraph.gazetteer import Gazetteer, load_gazetteer
from govgraph.model import (Agency, Assignment, Document, DocumentResult, Problem, Span, Task)
from govgraph.extract.agencies import AgencyRegistry, AgencyResolver, Resolved
from govgraph.extract.annotations import Block, find_blocks, split_list
from govgraph.extract.deadlines import parse_deadline
from govgraph.extract.documents import DocumentMeta, split_documents
from govgraph.extract.duties import DutyFinder
from govgraph.extract.jurisdiction import Jurisdiction, JurisdictionFinder
from govgraph.extract.keywords import Keywords
from govgraph.extract.outline import Outline
from govgraph.extract.reader import SourceText
from govgraph.extract.text import clean_line, tidy

_LEAD_IN = re.compile(r"[\s。．.，,；;)）]*")
_AND = re.compile(r"(?:及|和|与|以及)")
_VAGUE = re.compile(r"^(?:相关|有关|其他|其它)")


class Extractor:
    """Extracts documents, tasks and duties; remembers every agency it has named."""

    def __init__(self, gazetteer: Gazetteer | None = None, keywords: bool = True):
        self.gazetteer = gazetteer or load_gazetteer()
        self.resolver = AgencyResolver(self.gazetteer)
        self.registry = AgencyRegistry()
        self.places = JurisdictionFinder(self.gazetteer)
        self.duties = DutyFinder(self.resolver)
        self.keywords = Keywords(self.gazetteer) if keywords else None
        self._ids: dict[str, str] = {}

    # ------------------------------------------------------------ public
    def extract(self, source: SourceText, stem: str | None = None) -> Iterator[DocumentResult]:
        """The documents of one source, in order; ``stem`` prefixes their ids."""
        stem = stem or self.stem(source.path)
        for number, meta in enumerate(split_documents(source.text), start=1):
            yield self._document(source, f"{stem}:{number}", meta)

    def agencies(self) -> list[Agency]:
        return self.registry.agencies()

    # ------------------------------------------------------------ stages
    def _document(self, source: SourceText, doc_id: str, meta: DocumentMeta) -> DocumentResult:
        text = source.text
        place = self.places.find(*meta.issuers, meta.title, meta.notice_title)
        document = Document(
            id=doc_id, source=source.path, span=meta.span, title=meta.title,
            notice_title=meta.notice_title, doc_number=meta.doc_number, issuers=meta.issuers,
            date=meta.date, kind=meta.kind, jurisdiction=str(place) if place else None,
            references=meta.references)
        body_start, end = meta.body_start, meta.span.end
        outline = Outline(doc_id, text, body_start, end)
        problems: list[Problem] = []
        tasks: list[Task] = []
        previous_end = body_start
        for block in find_blocks(text, body_start, end):
            task, problem = self._task(source, document, place, outline, block, previous_end,
                                       len(tasks) + 1)
            previous_end = block.end
            if problem:
                problems.append(problem)
            if task:
                tasks.append(task)
        if self.keywords:
            # one pass over all passages keeps the keyword automaton hot in the CPU cache
            tasks = [replace(t, keywords=k) for t, k in
                     zip(tasks, self.keywords.of_many([t.text for t in tasks]))]
        duties = self.duties.find(text, document, place, self.registry, tasks)
        return DocumentResult(document, tuple(outline.sections), tuple(tasks), tuple(duties),
                              tuple(problems))

    def _task(self, source: SourceText, document: Document, place: Jurisdiction | None,
              outline: Outline, block: Block, previous_end: int,
              seq: int) -> tuple[Task | None, Problem | None]:
        text = source.text
        compact = block.compact
        block_start, block_end = block.start, block.end
        section = outline.at(block_start)
        start = max(previous_end, section.span.start if section else 0, document.span.start)
        start = _LEAD_IN.match(text, start).end()
        start = min(start, block_start)
        headline = clean_line(text[section.span.start:section.span.end]) if section else ""
        pure = section is not None and headline.endswith(section.text) and \
            len(headline) - len(section.text) <= len(section.marker) + 1
        passage = tidy(text[start:block_start], (headline,) if pure else ())
        annotation = clean_line(text[block_start:block_end])
        problem = None
        if not block.closed:
            problem = Problem(source.path, f"{_where(document)}: annotation cut off: "
                              f"'{annotation[:40]}' has no closing bracket; parsed as far as it goes",
                              Span(block_start, block_end))
        assignments: list[Assignment] = []
        leaders: list[str] = []
        deadline = deadline_text = None
        for slot in block.slots:
            if slot.cue.slot == "deadline":
                deadline_text = slot.value
                deadline = parse_deadline(slot.value)
            elif slot.cue.slot == "leader":
                leaders.extend(compact.text[a:b] for a, b in split_list(compact.text, slot.start, slot.end))
            else:
                for a, b in split_list(compact.text, slot.start, slot.end):
                    surface = compact.text[a:b]
                    for resolved, used in self._agencies(surface, place):
                        self.registry.add(resolved, used, annotation)
                        self._add_parent(resolved, place)
                        assignments.append(Assignment(
                            agency=resolved.name, role=slot.cue.role, role_word=slot.word,
                            surface=surface, span=Span(compact.offset(a), compact.end_offset(b)),
                            rule=f"{slot.cue.id}+{resolved.rule}"))
        if not assignments and not leaders and deadline_text is None:
            return None, problem or Problem(source.path, f"{_where(document)}: annotation "
                                            f"'{annotation[:40]}' names no agency", Span(block_start, block_end))
        path = section.path if section else ""
        task = Task(
            id=f"{document.id}/t{seq}", document=document.id, path=path,
            heading=section.text if section else "", text=passage, span=Span(start, block_start),
            annotation=annotation, annotation_span=Span(block_start, block_end),
            assignments=tuple(assignments), deadline=deadline, deadline_text=deadline_text,
            leaders=tuple(leaders), rule="bracketed-annotation")
        return task, problem

    def _agencies(self, surface: str, place: Jurisdiction | None) -> list[tuple[Resolved, str]]:
        """One surface may name one body, or two joined by 及/和 (the vague half is dropped)."""
        whole = self.resolver.resolve(surface, place)
        if whole is not None and not whole.discovered:
            return [(whole, surface)]
        parts = [p for p in _AND.split(surface) if p]
        if len(parts) > 1:
            named = [(self.resolver.resolve(p, place), p) for p in parts if not _VAGUE.match(p)]
            if named and all(r is not None and not r.discovered for r, _ in named):
                return [(r, surface) for r, _ in named]
        if whole is None:
            whole = self.resolver.resolve_unknown(surface, place)
        return [(whole, surface)]

    def _add_parent(self, resolved: Resolved, place: Jurisdiction | None) -> None:
        if resolved.parent and resolved.parent not in self.registry:
            parent = self.resolver.resolve(resolved.parent, place)
            if parent:
                self.registry.reference(parent)

    def stem(self, path: str) -> str:
        """A readable id prefix for a file, unique within this extractor's run."""
        stem = Path(path).stem if path != "-" else "stdin"
        owner = self._ids.setdefault(stem, path)
        if owner != path:
            stem = f"{stem}~{hashlib.sha1(path.encode()).hexdigest()[:6]}"
            self._ids.setdefault(stem, path)
        return stem


def _where(document: Document) -> str:
    return document.doc_number or document.title[:30]
