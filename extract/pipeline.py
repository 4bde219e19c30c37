"""Source texts in, one ``DocumentResult`` per document out.

The stages, each in its own module: ``documents`` (split + metadata) →
``jurisdiction`` → ``outline`` → ``annotations`` (tasks and roles) → ``agencies``
(canonical names) → ``deadlines`` → ``duties`` (prose) → ``keywords``.  Each document
is read up to its keywords (a ``_Draft``); keywords are then taken for a whole batch of
sources at once.  An ``Extractor`` keeps what must outlive one document: the gazetteer,
caches and the registry of agencies named so far.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from collections.abc import Iterator
from itertools import islice, repeat
from pathlib import Path
from typing import cast

from govgraph.gazetteer import Gazetteer, load_gazetteer
from govgraph.model import (Agency, Assignment, Document, DocumentResult, Duty, Problem, Role,
                            Section, Span, Task)
from govgraph.extract.agencies import AgencyRegistry, AgencyResolver, Resolved
from govgraph.extract.annotations import Annotation, find_annotations
from govgraph.extract.clauses import Group
from govgraph.extract.conventions import apply_conventions
from govgraph.extract.lists import split_items
from govgraph.extract.prose import find_statements
from govgraph.extract.script import simplified
from govgraph.extract.tables import find_tables
from govgraph.extract.deadlines import parse_deadline
from govgraph.extract.documents import DocumentMeta, split_documents
from govgraph.extract.duties import DutyFinder
from govgraph.extract.jurisdiction import Jurisdiction, JurisdictionFinder
from govgraph.extract.keywords import Keywords
from govgraph.extract.outline import Outline
from govgraph.extract.reader import SourceText
from govgraph.extract.text import Compact, clean_line, squeeze, tidy

_LEAD_IN = re.compile(r"[\s。．.，,；;)）]*")
_NAME_PART = re.compile(r"[^和与]+")
_VISIBLE = re.compile(r"\S")
_SENTENCE_END = re.compile(r"[。！？；]|\n")
_KEPT = re.compile(r"[^\s*_#]")            # what cleaning keeps of a line


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
        self._cells: dict[tuple[str, Jurisdiction | None], bool] = {}

    # ------------------------------------------------------------ public
    def extract_batch(self, sources: list[tuple[SourceText, str | None]]
                      ) -> list[list[DocumentResult]]:
        """The documents of each source, in order (a source's ``stem``, or its file name,
        prefixes their ids).  Keywords are taken for the whole batch at the end: their
        automaton is big, and one pass keeps it in the CPU cache."""
        drafts = [self._drafts(source, stem) for source, stem in sources]
        passages = [p for per_source in drafts for draft in per_source for p in draft.passages]
        keywords = iter(self.keywords.of_many(passages)) if self.keywords else repeat(())
        return [[draft.result(keywords) for draft in per_source] for per_source in drafts]

    def agencies(self) -> list[Agency]:
        return self.registry.agencies()

    # ------------------------------------------------------------ stages
    def _drafts(self, source: SourceText, stem: str | None) -> list[_Draft]:
        stem = stem or self.stem(source.path)
        reading = simplified(source.text)          # patterns read this; outputs cut the original
        return [self._document(source, reading, f"{stem}:{number}", meta)
                for number, meta in enumerate(split_documents(source.text), start=1)]

    def _document(self, source: SourceText, reading: str, doc_id: str, meta: DocumentMeta
                  ) -> _Draft:
        text = source.text
        # the issuer and titles name the place; read them as the text is read
        names = (*meta.issuers, meta.title, meta.notice_title)
        place = self.places.find(*(names if reading is text else
                                   (simplified(x) if x else x for x in names)))
        document = Document(
            id=doc_id, source=source.path, span=meta.span, title=meta.title,
            notice_title=meta.notice_title, doc_number=meta.doc_number, issuers=meta.issuers,
            issued_by=self._issuers(meta.issuers, place),
            date=meta.date, kind=meta.kind, jurisdiction=str(place) if place else None,
            references=meta.references)
        body_start, end = meta.body_start, meta.span.end
        outline = Outline(doc_id, text, body_start, end)
        annotations = apply_conventions(self._annotations(reading, body_start, end, place, outline),
                                        reading, body_start, end)
        problems: list[Problem] = []
        drafts: list[dict] = []                 # each task's fields but its keywords
        previous_end = body_start
        for annotation in annotations:
            draft, problem = self._task(source, document, place, outline, annotation,
                                        previous_end, len(drafts) + 1)
            previous_end = annotation.end
            if problem:
                problems.append(problem)
            if draft:
                drafts.append(draft)
        passages = [d["text"] if reading is text else reading[d["span"].start:d["span"].end]
                    for d in drafts]
        duties = self.duties.find(reading, document, place, self.registry,
                                  [(d["span"].start, d["annotation_span"].end) for d in drafts])
        return _Draft(document, tuple(outline.sections), drafts, passages, tuple(duties),
                      tuple(problems))

    def _task(self, source: SourceText, document: Document, place: Jurisdiction | None,
              outline: Outline, annotation: Annotation, previous_end: int,
              seq: int) -> tuple[dict | None, Problem | None]:
        """The fields of the task an annotation makes (all but its keywords), or a problem."""
        text = source.text
        section = outline.at(annotation.start)
        start, stop = _task_span(text, document, section, annotation, previous_end)
        evidence = clean_line(text[annotation.start:annotation.end])
        where = Span(annotation.start, annotation.end)
        groups = annotation.groups
        if self._truncated(text, document, annotation, place):
            return None, Problem(source.path, f"{_where(document)}: the text ends inside the annotation "
                                 f"'{evidence[:40]}'; the file looks truncated, so its last task was "
                                 f"left out", where)
        problem = None
        if not annotation.closed:
            problem = Problem(source.path, f"{_where(document)}: annotation cut off: '{evidence[:40]}' "
                              f"is not closed; parsed as far as it goes", where)
            groups = self._without_cut_item(groups, place)
        assignments = self._assignments(text, annotation.compact, groups, place, evidence)
        if not assignments and not annotation.leaders and annotation.deadline is None:
            return None, problem or Problem(source.path, f"{_where(document)}: annotation "
                                            f"'{evidence[:40]}' names no agency", where)
        deadline = annotation.deadline
        task = dict(
            id=f"{document.id}/t{seq}", document=document.id,
            path=annotation.path or (section.path if section else ""),
            heading=section.text if section else "", text=_passage(text, section, start, stop),
            span=Span(start, stop), annotation=evidence, annotation_span=where,
            assignments=tuple(assignments), deadline=parse_deadline(deadline) if deadline else None,
            deadline_text=deadline, leaders=annotation.leaders, rule=annotation.style)
        return task, problem

    def _truncated(self, text: str, document: Document, annotation: Annotation,
                   place: Jurisdiction | None) -> bool:
        """A file that ends inside its last annotation was cut: a bracket left open, or a
        slot or table row whose last name is no name at all (责任单位：市)."""
        if _VISIBLE.search(text, annotation.end, document.span.end) is not None:
            return False
        if not annotation.closed:
            return True
        groups = annotation.groups
        last = groups[-1].items[-1].name if groups and groups[-1].items else None
        return annotation.style in ("line-slots", "table") and \
            (last is None or self.resolver.resolve(last, place) is None)

    def _assignments(self, text: str, compact: Compact, groups: tuple[Group, ...],
                     place: Jurisdiction | None, evidence: str) -> list[Assignment]:
        """Each body each group names, with the surface and span it is written with."""
        assignments: list[Assignment] = []
        registry = self.registry
        for group in groups:
            for item in group.items:
                bodies = self._agencies(item.name, place)
                for resolved, a, b in bodies:
                    if len(bodies) == 1:      # one body: the item as written, tail and all
                        a, b = 0, len(item.text)
                    span = compact.span(item.start + a, item.start + b)
                    surface = text[span.start:span.end]
                    if not compact.gapless:
                        surface = squeeze(surface)
                    registry.add(resolved, surface, evidence)
                    if resolved.parent and resolved.parent not in registry:
                        self._add_parent(resolved.parent, place)
                    # roles come from the role columns of data/roles.csv and role_verbs.csv
                    # (tests/test_annotations.py checks each is a Role)
                    assignments.append(Assignment(resolved.name, cast(Role, group.role), group.word,
                                                  surface, span, f"{group.rule}+{resolved.rule}"))
        return assignments

    def _annotations(self, text: str, start: int, end: int, place: Jurisdiction | None,
                     outline: Outline) -> list[Annotation]:
        """Annotations of every shape, in order: a table row wins over what it contains, and
        a prose statement counts only in an outline item with no other annotation."""
        rows = find_tables(text, start, end, lambda cell: self._lists_agencies(cell, place))
        taken = [(r.task[0] if r.task else r.start, r.end) for r in rows]
        found = rows + [a for a in find_annotations(text, start, end)
                        if not any(x < a.end and a.start < y for x, y in taken)]
        annotated = {id(outline.at(a.start)) for a in found}
        for statement in find_statements(text, start, end):
            lead = statement.groups[0].items[0].name        # 由政府牵头: nobody in particular
            if id(outline.at(statement.start)) not in annotated and len(lead) >= 3 and \
                    self.resolver.known(lead, place):
                found.append(statement)
        return sorted(found, key=lambda a: a.start)

    def _lists_agencies(self, cell: str, place: Jurisdiction | None) -> bool:
        """A table cell listing agencies: a known one, and mostly agency-shaped names."""
        key = (cell, place)
        if key not in self._cells:
            items = split_items(cell, 0, len(cell))
            found = [self.resolver.resolve(i.name, place) for i in items
                     if len(i.name) <= 25] if items else []
            shaped = sum(r is not None for r in found)
            known = any(r is not None and not r.discovered for r in found)
            self._cells[key] = bool(items) and len(found) == len(items) and (
                shaped == len(items) or (known or shaped >= 2) and shaped * 5 >= len(items) * 3)
        return self._cells[key]

    def _without_cut_item(self, groups: tuple[Group, ...], place: Jurisdiction | None
                          ) -> tuple[Group, ...]:
        """The last name of a cut-off annotation ran into the cut unless it is a known body."""
        if not groups or not groups[-1].items:
            return groups
        last = groups[-1]
        if self.resolver.known(last.items[-1].name, place):
            return groups
        kept = last.items[:-1]
        return groups[:-1] + ((replace(last, items=kept),) if kept else ())

    def _agencies(self, surface: str, place: Jurisdiction | None
                  ) -> list[tuple[Resolved, int, int]]:
        """The bodies a list item names, each with its offsets in the item: usually one;
        two when 和 / 与 joins two known names (和 also occurs inside names)."""
        whole = self.resolver.resolve(surface, place)
        if (whole is None or whole.discovered) and ("和" in surface or "与" in surface):
            parts = [(m.start(), m.end()) for m in _NAME_PART.finditer(surface)]
            if len(parts) > 1 and all(b - a >= 2 for a, b in parts):
                named = [self.resolver.resolve(surface[a:b], place) for a, b in parts]
                # 和 also occurs inside names: split only when the first part is a known body
                if named[0] is not None and not named[0].discovered:
                    return [(r or self.resolver.resolve_unknown(surface[a:b], place), a, b)
                            for r, (a, b) in zip(named, parts)]
        if whole is None:
            whole = self.resolver.resolve_unknown(surface, place)
        return [(whole, 0, len(surface))]

    def _issuers(self, issuers: tuple[str, ...], place: Jurisdiction | None) -> tuple[str, ...]:
        """Canonical names of the issuing bodies (recorded as agencies, without a mention)."""
        names = []
        for issuer in issuers:
            resolved = self.resolver.resolve(issuer, place)
            if resolved is not None:
                self.registry.reference(resolved, issuer)
                names.append(resolved.name)
        return tuple(names)

    def _add_parent(self, name: str, place: Jurisdiction | None) -> None:
        """Record the parent unit of a body named for the first time."""
        parent = self.resolver.resolve(name, place)
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


@dataclass(slots=True)
class _Draft:
    """A document read but for the keywords of its tasks, which are taken per batch."""

    document: Document
    sections: tuple[Section, ...]
    tasks: list[dict]                 # each task's fields but its keywords
    passages: list[str]               # the text each task's keywords come from
    duties: tuple[Duty, ...]
    problems: tuple[Problem, ...]

    def result(self, keywords: Iterator[tuple[str, ...]]) -> DocumentResult:
        """The finished document; ``keywords`` yields its tasks' keywords in order."""
        tasks = tuple(Task(**fields, keywords=next(keywords)) for fields in self.tasks)
        return DocumentResult(self.document, self.sections, tasks, self.duties, self.problems)


def _task_span(text: str, document: Document, section: Section | None, annotation: Annotation,
               previous_end: int) -> tuple[int, int]:
    """What a task's text is: what its shape fixes (a table row's cells), else what lies
    between the previous annotation (or its heading) and this one; a prose statement
    keeps the rest of its sentence too."""
    if annotation.task:
        return annotation.task
    start = max(previous_end, section.span.start if section else 0, document.span.start)
    lead_in = _LEAD_IN.match(text, start)
    assert lead_in is not None            # it matches the empty string
    start = min(lead_in.end(), annotation.start)
    stop = annotation.start
    if annotation.style == "prose":
        found = _SENTENCE_END.search(text, annotation.end, document.span.end)
        stop = found.end() if found else document.span.end
    return start, stop


def _passage(text: str, section: Section | None, start: int, stop: int) -> str:
    """The task's text as a reader wants it: a line holding only its heading keeps its break."""
    headline = _heading_line(text, section) if section else None
    return tidy(text[start:stop], (headline,) if headline is not None else ())


def _heading_line(text: str, section: Section) -> str | None:
    """The section's line, cleaned, if it holds nothing but the heading and its marker."""
    start, end = section.span.start, section.span.end
    room = len(section.text) + len(section.marker) + 1
    # cleaning removes only whitespace and markup: a line with more other characters is no
    # bare heading.  Counted only up to one too many: a section's line is read once per
    # task, and a document on one line would be read whole each time.
    if end - start > room and next(islice(_KEPT.finditer(text, start, end), room, None), None):
        return None
    line = text[start:end]
    headline = clean_line(line)
    return headline if headline.endswith(section.text) and len(headline) <= room else None


def _where(document: Document) -> str:
    return document.doc_number or document.title[:30]
