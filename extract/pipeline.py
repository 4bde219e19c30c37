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
from functools import lru_cache
from dataclasses import dataclass, replace
from collections.abc import Iterator
from itertools import islice, repeat
from pathlib import Path
from typing import cast

from govgraph.gazetteer import Gazetteer, load_gazetteer
from govgraph.model import (Agency, Assignment, Document, DocumentResult, Duty, Problem, Role,
                            Section, Span, Task)
from govgraph.extract.agencies import AgencyRegistry, AgencyResolver, Resolved, agency_shaped
from govgraph.extract.conventions import apply_conventions
from govgraph.extract.coverage import cues
from govgraph.extract.grammar import UNKNOWN_LABEL, Group
from govgraph.extract.lexicon import lexicon
from govgraph.extract.lists import CLOSE, OPEN, split_items
from govgraph.extract.script import simplified, unglossed
from govgraph.extract.statements import names_bodies
from govgraph.extract.styles import PRIMARY, SECONDARY, Context, Statement, Style, find_statements
from govgraph.extract.deadlines import parse_deadline
from govgraph.extract.documents import DocumentMeta, split_documents
from govgraph.extract.duties import DutyFinder
from govgraph.extract.jurisdiction import Jurisdiction, JurisdictionFinder
from govgraph.extract.keywords import Keywords
from govgraph.extract.outline import Outline
from govgraph.extract.reader import SourceText, shown
from govgraph.extract.text import Compact, clean_line, squeeze, tidy

_VISIBLE = re.compile(r"\S")
_KEPT = re.compile(r"[^\s*_#]")            # what cleaning keeps of a line


@lru_cache(maxsize=1)
def _name_parts() -> re.Pattern:
    """The parts of an item that 和 / 与 join (data/grammar.csv, weak conjunctions)."""
    return re.compile(f"[^{''.join(lexicon().weak_conjunctions)}]+")


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
        reading = unglossed(simplified(source.text))   # patterns read this; outputs cut the original
        metas = split_documents(source.text)
        ids = [f"{stem}:{number}" for number in range(1, len(metas) + 1)]
        contexts = [self._context(source, reading, meta, doc_id) for meta, doc_id in zip(metas, ids)]
        # the primary styles first, in every document: whether the source marks its tasks
        # decides where prose may add
        marked = [find_statements(ctx, PRIMARY) for ctx in contexts]
        source_marked = any(marked)
        drafts = []
        for meta, ctx, kept, doc_id in zip(metas, contexts, marked, ids):
            ctx.source_marked = source_marked
            statements = find_statements(ctx, SECONDARY, kept)
            drafts.append(self._document(source, ctx, statements, doc_id, meta))
        if not any(draft.tasks for draft in drafts):
            problem, words = self._no_tasks(source, contexts)
            drafts[0].problems += (problem,)
            drafts[0].document = replace(drafts[0].document, unread=words)
        return drafts

    def _no_tasks(self, source: SourceText, contexts: list[Context]) -> tuple[Problem, tuple[str, ...]]:
        """Why a source gave no task: it has no role word beside an agency, or it has some
        the styles could not read (which words, on which lines): never silently empty.  The
        words go with the problem, for the views to tell such a plan from one with no tasks."""
        path = shown(source.path)
        found = [(span, pattern.split(":", 1)[1]) for ctx in contexts
                 for span, pattern in cues(ctx.text, ctx.start, ctx.end, self.resolver)]
        if not found:
            return Problem(source.path, f"{path}: no tasks found (no 牵头单位/责任单位/主办单位… annotations)"), ()
        lines: dict[str, list[int]] = {}
        for span, word in sorted(found, key=lambda f: f[0].start):
            lines.setdefault(word, []).append(source.text.count("\n", 0, span.start) + 1)
        words = "; ".join(f"{word} (line{'s' if len(at) > 1 else ''} {', '.join(map(str, at[:5]))}"
                          f"{', …' if len(at) > 5 else ''})" for word, at in lines.items())
        return Problem(source.path, f"{path}: no tasks found, though role words stand beside "
                                    f"agencies: {words}; `govgraph coverage` shows them in context",
                       min((span for span, _ in found), key=lambda s: s.start)), tuple(lines)

    def _context(self, source: SourceText, reading: str, meta: DocumentMeta, doc_id: str) -> Context:
        # the issuer and titles name the place; read them as the text is read
        names = (*meta.issuers, meta.title, meta.notice_title)
        place = self.places.find(*(names if reading is source.text else
                                   (simplified(x) if x else x for x in names)))
        outline = Outline(doc_id, source.text, meta.body_start, meta.span.end)
        return Context(reading, meta.body_start, meta.span.end, place, outline, self.resolver,
                       meta.kind, lambda cell: self._lists_agencies(cell, place))

    def _document(self, source: SourceText, ctx: Context, statements: list[Statement],
                  doc_id: str, meta: DocumentMeta) -> _Draft:
        text, reading, place = source.text, ctx.text, ctx.place
        document = Document(
            id=doc_id, source=source.path, span=meta.span, title=meta.title,
            notice_title=meta.notice_title, doc_number=meta.doc_number, issuers=meta.issuers,
            issued_by=self._issuers(meta.issuers, place),
            date=meta.date, kind=meta.kind, jurisdiction=str(place) if place else None,
            references=meta.references)
        body_start, end = meta.body_start, meta.span.end
        statements = apply_conventions(statements, reading, body_start, end)
        problems: list[Problem] = []
        drafts: list[dict] = []                 # each task's fields but its keywords
        previous_end = body_start
        for statement in statements:
            draft, problem = self._task(source, document, ctx, statement, previous_end,
                                        len(drafts) + 1)
            previous_end = statement.end
            if problem:
                problems.append(problem)
            if draft:
                drafts.append(draft)
        passages = [d["text"] if reading is text else reading[d["span"].start:d["span"].end]
                    for d in drafts]
        duties = self.duties.find(reading, document, place, self.registry,
                                  [(d["span"].start, d["annotation_span"].end) for d in drafts])
        return _Draft(document, tuple(ctx.outline.sections), drafts, passages, tuple(duties),
                      tuple(problems))

    def _task(self, source: SourceText, document: Document, ctx: Context, statement: Statement,
              previous_end: int, seq: int) -> tuple[dict | None, Problem | None]:
        """The fields of the task a statement makes (all but its keywords), or a problem."""
        text, place, outline = source.text, ctx.place, ctx.outline
        section = outline.at(statement.start)
        style = statement.by
        assert style is not None              # every statement was found by a style
        start, stop = style.governs(statement, ctx, previous_end)
        evidence = clean_line(text[statement.start:statement.end])
        where = Span(statement.start, statement.end)
        groups = statement.groups
        said = statement.reading
        if self._truncated(text, document, statement, style, place):
            return None, Problem(source.path, f"{_where(document)}: the text ends inside the annotation "
                                 f"'{evidence[:40]}'; the file looks truncated, so its last task was "
                                 f"left out", where)
        problem = None
        if not statement.closed:
            problem = Problem(source.path, f"{_where(document)}: annotation cut off: '{evidence[:40]}' "
                              f"is not closed; parsed as far as it goes", where)
            groups = self._without_cut_item(groups, place)
        assignments = self._assignments(text, statement.compact, groups, place, evidence)
        if not assignments and not said.leaders and said.deadline is None:
            return None, problem or Problem(source.path, f"{_where(document)}: annotation "
                                            f"'{evidence[:40]}' names no agency", where)
        deadline = said.deadline
        task = dict(
            id=f"{document.id}/t{seq}", document=document.id,
            path=statement.path or (section.path if section else ""),
            heading=section.text if section else "", text=_passage(text, section, start, stop),
            span=Span(start, stop), annotation=evidence, annotation_span=where,
            assignments=tuple(assignments), deadline=parse_deadline(deadline) if deadline else None,
            deadline_text=deadline, leaders=tuple(said.leaders), rule=statement.style)
        return task, problem

    def _truncated(self, text: str, document: Document, statement: Statement, style: Style,
                   place: Jurisdiction | None) -> bool:
        """A file that ends inside its last statement was cut: a bracket left open, or a
        slot or table row whose last name is no name at all (责任单位：市) or is cut inside
        a bracket (各镇乡(街)."""
        after = max(statement.end, statement.task[1]) if statement.task else statement.end
        if _VISIBLE.search(text, after, document.span.end) is not None:
            return False
        if not statement.closed:
            return True
        groups = statement.groups
        last = groups[-1].items[-1].text if groups and groups[-1].items else None
        return style.open_ended and (last is None or self.resolver.resolve(last, place) is None
                                     or sum(map(last.count, OPEN)) > sum(map(last.count, CLOSE)))

    def _assignments(self, text: str, compact: Compact, groups: list[Group],
                     place: Jurisdiction | None, evidence: str) -> list[Assignment]:
        """Each body each group names, with the surface and span it is written with."""
        assignments: list[Assignment] = []
        registry = self.registry
        for group in groups:
            for item in group.items:
                bodies = self._agencies(item.name, place, strict=group.rule == UNKNOWN_LABEL)
                written = group.compact or compact
                for resolved, a, b in bodies:
                    if len(bodies) == 1:      # one body: the item as written, tail and all
                        a, b = 0, len(item.text)
                    span = written.span(item.start + a, item.start + b)
                    surface = text[span.start:span.end]
                    if not written.gapless:
                        surface = squeeze(surface)
                    # the body's alias is its name as written, without an open tail (…等部门)
                    alias = None
                    if len(bodies) == 1 and len(item.name) < len(item.text):
                        name = written.span(item.start, item.start + len(item.name))
                        alias = squeeze(text[name.start:name.end])
                    registry.add(resolved, surface, evidence, alias=alias)
                    if resolved.parent and resolved.parent not in registry:
                        self._add_parent(resolved.parent, place)
                    # roles come from the role columns of data/roles.csv and role_verbs.csv
                    # (tests/test_annotations.py checks each is a Role)
                    role, rule = (("lead", f"{group.rule}+lead-mark") if item.marked
                                  else (group.role, group.rule))
                    assignments.append(Assignment(resolved.name, cast(Role, role), group.word,
                                                  surface, span, f"{rule}+{resolved.rule}"))
        return assignments

    def _lists_agencies(self, cell: str, place: Jurisdiction | None) -> bool:
        """A table cell or bracket listing agencies: every item names a body, or most do
        and one of them is curated (a name nobody curated may be cut by a wrap)."""
        key = (cell, place)
        if key not in self._cells:
            items = split_items(cell, 0, len(cell))
            named = [names_bodies(self.resolver, place, [i.name]) for i in items]
            known = any(self.resolver.known(i.name, place) for i in items)
            self._cells[key] = bool(items) and all(len(i.name) <= 25 for i in items) and (
                all(named) or known and sum(named) * 5 >= len(items) * 3)
        return self._cells[key]

    def _without_cut_item(self, groups: list[Group], place: Jurisdiction | None) -> list[Group]:
        """The last name of a cut-off statement ran into the cut unless it is a known body."""
        if not groups or not groups[-1].items:
            return groups
        last = groups[-1]
        if self.resolver.known(last.items[-1].name, place):
            return groups
        kept = last.items[:-1]
        return groups[:-1] + ([replace(last, items=kept)] if kept else [])

    def _agencies(self, surface: str, place: Jurisdiction | None, strict: bool = False
                  ) -> list[tuple[Resolved, int, int]]:
        """The bodies a list item names, each with its offsets in the item: usually one;
        two when 和 / 与 joins two known names (和 also occurs inside names).  A name no rule
        resolves is kept as listed, unless ``strict`` (a label nobody listed: it must name
        bodies)."""
        whole = self.resolver.resolve(surface, place)
        if (whole is None or whole.discovered) and not lexicon().weak_conjunctions.isdisjoint(surface):
            parts = [(m.start(), m.end()) for m in _name_parts().finditer(surface)]
            if len(parts) > 1 and all(b - a >= 2 for a, b in parts):
                named = [self.resolver.resolve(surface[a:b], place) for a, b in parts]
                # 和 also occurs inside names: split only when every part names a body and
                # the first is a known one, or every part is whole name (统计局和市直相关单位
                # where no place is known; 住房和城乡建设局 and 各相关部门和单位 stay one)
                first = named[0]
                if first is not None and None not in named and (not first.discovered or all(
                        agency_shaped(surface[a:b]) for a, b in parts)):
                    return [(r, a, b) for r, (a, b) in zip(named, parts) if r is not None]
        if whole is None:
            if strict:
                return []
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
