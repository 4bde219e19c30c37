"""Statements in running text, with no brackets, slots or tables:

    市财政局负责资金保障；区人社局、区教育局负责职业培训。       X负责 → responsible
    由市发展改革委牵头，市财政局、市商务局配合，制定…          X lead, Y support
    市住房城乡建设委会同市规划资源局研究制定…                  X lead, Y support
    2024年6月底前，市数据局完成平台建设。                      responsible, deadline 2024-06
    镇规建办为主管部门，负责推进…                              the subject carries over
    具体工作由区文化旅游局办理。                                由X… → responsible
    （一）区住房保障局：负责…。 / （二）区建管委、区交通委        a duty block headed by its bodies

A clause states a task when its subject is nothing but an agency list (every item a
body the resolver knows or one shaped like an agency) and a role verb of the lexicon's
``prose`` form follows; the statement is the sentence, which is the task.

Prose is the secondary style.  In a document whose tasks are marked (brackets, slots,
tables) a sentence counts only as a strong statement (由X牵头, X会同Y, X牵头，Y配合) in an
outline item that has no marked statement; the rest is left to the duties tier.  A source
whose other documents are marked states its tasks that way too, so its prose-only
documents (a 办法 in a gazette issue) keep their prose as duties.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from govgraph.extract.agencies import NAME_ENDS, agency_shaped
from govgraph.extract.grammar import Group, Reading
from govgraph.extract.lexicon import lexicon
from govgraph.extract.lists import Item, split_items
from govgraph.extract.statements import Context, Statement, Style, names_bodies
from govgraph.extract.text import Compact

_SENTENCE_MARKS = "。！？；;!?\n"
_CLAUSE_MARKS = "，,：:"
_SENTENCE_END = re.compile(rf"[{re.escape(_SENTENCE_MARKS)}]")
_CLOSING = frozenset("。！？；;!?…”’」』）)】〕")       # what a whole sentence or list ends with
_CLAUSE_END = re.compile(r"[，,；;。：:]")
_MARKER = re.compile(r"[ \t\u3000]*(?:第[一二三四五六七八九十百]+条|[（(][一二三四五六七八九十\d]{1,3}[)）]|"
                     r"[一二三四五六七八九十]+[、．.]|\d{1,3}(?:[、．]|\.(?!\d))|[①-⑳])[ \t\u3000]*")
_DEADLINE = re.compile(r"(?:于|在)?(?P<when>20\d\d年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底|末|上半年|下半年)?)"
                       r"(?:前|以前|之前)")
_REACH = 80                       # longest clause looked back over, in characters
_SHORT_NAME = 8                   # longest name nobody curated that may open a sentence
_AGENT = "由"
_NOT_AGENT = re.compile(r"由(?:于|此|来|衷|表及里)")
_HEAD_END = re.compile(r"[：:。]")


def _verbs() -> re.Pattern:
    """A role verb of prose, with the qualifiers that may precede it (按职责分工负责):
    matched where a phrase starts."""
    return lexicon().prose_verbs


def _verb_in() -> re.Pattern:
    """A role verb of prose alone: searched for in a span."""
    return lexicon().prose_verb


@lru_cache(maxsize=1)
def _vague() -> tuple[str, ...]:
    return lexicon().grammar.get("vague-body", ())


@lru_cache(maxsize=1)
def _openers() -> tuple[str, ...]:
    """Words before a clause's subject that make it the agent: 由X牵头, 经X会同Y批准."""
    lex = lexicon()
    return lex.openers + lex.grammar.get("prose-opener", ())


def _entries() -> dict:
    return lexicon().prose_words


class Prose(Style):
    name = "prose"
    primary = False

    def find(self, ctx: Context, taken: list[Statement]) -> list[Statement]:
        marked = bool(taken) or ctx.source_marked
        annotated = {id(ctx.outline.at(s.start)) for s in taken}
        found: list[Statement] = []
        lex = lexicon()
        for statement, strong in self._sentences(ctx, marked, annotated):
            if marked and (not strong or id(ctx.outline.at(statement.start)) in annotated):
                continue
            assert statement.task is not None
            if lex.convention(ctx.text, "every-task", *statement.task) is not None:
                continue                 # 以下各项工作均需各单位负责，不再单独列出: a convention
            found.append(statement)
        if not marked:
            found += self._blocks(ctx, [s.extent for s in found])
        return sorted(found, key=lambda s: s.start)

    def governs(self, statement: Statement, ctx: Context, previous_end: int) -> tuple[int, int]:
        assert statement.task is not None       # a prose statement always knows its sentence
        return statement.task

    # ------------------------------------------------------------ sentences
    def _sentences(self, ctx: Context, marked: bool, annotated: set[int]
                   ) -> list[tuple[Statement, bool]]:
        """Every sentence holding a role clause, as one statement, and whether it is strong;
        none in an outline item that has a marked statement (``annotated``: their ids)."""
        text = ctx.text
        hits: dict[tuple[int, int], list[int]] = {}
        anchored: set[tuple[int, int]] = set()        # sentences with a strong word or an agent
        lex = lexicon()
        stops: list[int] = []             # where sentences end, found at the first need

        def sentence(at: int) -> tuple[int, int]:
            if not stops:
                stops.extend(m.start() for m in _SENTENCE_END.finditer(text, ctx.start, ctx.end))
                stops.append(ctx.end)
            return _sentence(stops, at, ctx.start)

        for verb in lex.prose_verb.finditer(text, ctx.start, ctx.end):
            at = lex.phrase_start(text, verb.start(), ctx.start)
            # a body's name, a clause start or an opener before it; else no subject can be there
            before = _last_visible(text, at, ctx.start)
            if not (before in NAME_ENDS or before in _CLAUSE_MARKS or before in _SENTENCE_MARKS):
                continue
            # among marked tasks only a strong statement counts, in an item nothing marks: a
            # strong word, or an agent (由X牵头，Y配合: Y's 配合 is strong too); a weak word
            # joins a sentence that has one (X牵头，Y配合)
            if marked:
                if id(ctx.outline.at(at)) in annotated:
                    continue
                if "strong" in _entries()[verb.group()].forms and text[at:verb.start()] not in lex.modals or \
                        _agent_before(text, at, max(sentence(at)[0], at - _REACH)):
                    anchored.add(sentence(at))
            hits.setdefault(sentence(at), []).append(at)
        if marked:
            hits = {span: places for span, places in hits.items() if span in anchored}
        if not marked:                    # 由X办理: an agent without a role verb
            pos = ctx.start
            while (at := text.find(_AGENT, pos, ctx.end)) >= 0:
                pos = at + 1
                if not _NOT_AGENT.match(text, at):
                    hits.setdefault(sentence(at), []).append(at)
        found = []
        for (start, end), places in hits.items():
            made = self._statement(ctx, start, end, sorted(set(places)))
            if made is not None:
                found.append(made)
        return found

    def _statement(self, ctx: Context, start: int, end: int, places: list[int]
                   ) -> tuple[Statement, bool] | None:
        compact = Compact(ctx.text, start, end)
        body = compact.text
        groups: list[Group] = []
        evidence: list[int] = []
        strong = False
        subject: tuple[int, int] | None = None          # the sentence's own subject, once found
        for place in places:
            at = compact.index(place)
            found = self._clause(ctx, body, at)
            if found is None and _clause_begin(body, at) == at and body[at] != _AGENT:
                subject = subject or self._leading(ctx, body, _skip_marker(body, 0), copula=True)
                found = self._carried(body, at, subject)
            if found:
                clause_groups, clause_strong, a, b = found
                groups += [g for g in clause_groups if not _same(g, groups)]
                strong = strong or clause_strong
                evidence += [a, b]
        if not groups:
            return None
        reading = Reading(groups)
        when = _DEADLINE.search(body)
        if when:
            reading.deadline = when.group("when")
        strong = strong or (len({g.role for g in groups}) > 1 and any(
            "strong" in _entries()[g.word].forms for g in groups if g.word in _entries()))
        ev_start, ev_end = compact.span(min(evidence), max(evidence))
        task = (_skip_blanks(ctx.text, start, end), end + (1 if end < ctx.end else 0))
        # a sentence that runs into the end of the text without its full stop was cut there
        cut = not ctx.text[end:ctx.end].strip() and _last_visible(ctx.text, end, ctx.start) not in _CLOSING
        return Statement(ev_start, min(ev_end, end), compact, reading, "prose", closed=not cut,
                         task=task), strong

    def _clause(self, ctx: Context, body: str, at: int
                ) -> tuple[list[Group], bool, int, int] | None:
        """The groups of the clause whose role verb (or 由) is at ``at``, whether the clause
        is strong, and the compact range of its evidence."""
        lex = lexicon()
        begin = _clause_begin(body, at)
        if body.startswith(_AGENT, at):                    # 由X办理
            if _verb_in().search(body, at, _clause_stop(body, at)):
                return None                                 # 由X牵头: the verb's own clause
            subject = self._leading(ctx, body, at + 1)
            if subject is None:
                return None
            items = split_items(body, *subject)
            if _exempt(body, subject[1]) or _ends_exempt(body, subject[1]) \
                    or body.startswith(lex.grammar.get("not-agent", ()), subject[1]):
                return None
            return [Group("responsible", _AGENT, "agent-you", tuple(items))], False, at, subject[1]
        verb = _verbs().match(body, at)
        if verb is None or _exempt(body, verb.end()):
            return None
        entry = _entries()[verb.group("verb")]
        clause_end = _clause_stop(body, verb.end())
        if _verb_in().search(body, begin, at) and not body.startswith(_openers(), begin):
            return None                                     # an earlier verb's clause
        for a, agent in self._subjects(ctx, body, begin, at):
            items = split_items(body, a, at)
            if "between" in entry.forms:
                # A配合B做好…, never A配合做好… (the work begins: no second list)
                right = None if body.startswith(lex.grammar.get("predicate", ()), verb.end()) \
                    else self._leading(ctx, body, verb.end())
                if right is not None:
                    other = "lead" if entry.kind != "lead" else "support"
                    partners = [i for i in split_items(body, *right) if i.name not in _vague()]
                    groups = [Group(entry.kind, entry.word, entry.id, tuple(items))]
                    if partners:
                        groups.append(Group(other, entry.word, entry.id, tuple(partners)))
                    return groups, "strong" in entry.forms and verb.group("qual") not in lex.modals, a, right[1]
                if "verb" not in entry.forms:
                    return None
            phrase = (verb.group("qual") or "") + verb.group("verb")
            strong = agent and verb.end() == clause_end
            group = Group(entry.kind, phrase, entry.id, tuple(items), each=phrase.startswith("分别"))
            return [group], strong, a, verb.end()
        return None

    def _subjects(self, ctx: Context, body: str, begin: int, at: int) -> list[tuple[int, bool]]:
        """The subjects a verb at ``at`` may have (where each starts, whether an opener made
        it the agent), best first: one of curated bodies before one nobody curated (市经济
        信息化委 before the 济信息化委 that 经 would cut), then the longest."""
        valid = [(a, agent) for a, agent in _subject_starts(body, begin, at)
                 if not _verb_in().search(body, a, at) and self._named(ctx, split_items(body, a, at))]
        return sorted(valid, key=lambda s: (not all(ctx.names_agency(i.name, known=True)
                                                   for i in split_items(body, s[0], at)), s[0]))

    @staticmethod
    def _carried(body: str, at: int, subject: tuple[int, int] | None
                 ) -> tuple[list[Group], bool, int, int] | None:
        """镇规建办为主管部门，负责推进…: a verb opening a clause has the sentence's subject."""
        verb = _verbs().match(body, at)
        if subject is None or verb is None or _exempt(body, verb.end()):
            return None
        entry = _entries()[verb.group("verb")]
        if "verb" not in entry.forms:
            return None
        items = split_items(body, *subject)
        phrase = (verb.group("qual") or "") + verb.group("verb")
        return [Group(entry.kind, phrase, entry.id, tuple(items))], False, subject[0], verb.end()

    def _leading(self, ctx: Context, body: str, start: int, copula: bool = False
                 ) -> tuple[int, int] | None:
        """The longest agency list ``body`` opens with from ``start``, within its clause, whose
        names are curated, or short or placed if nobody curated them (镇规建办, 区国资委):
        a long name nobody curated is a phrase that happens to end like one (…储备局）委托).
        ``copula``: a sentence's own subject, which a copula or a mark follows (镇规建办为…,
        城运中心：…, 市规划资源局履行…)."""
        start = _skip_lead_in(body, start, len(body))
        stop = _clause_stop(body, start)
        followers = lexicon().grammar.get("copula", ())
        for end in range(min(stop + (1 if copula else 0), start + 60), start + 1, -1):
            if not agency_shaped(body[start:end]) or copula and not body.startswith(followers, end):
                continue
            items = split_items(body, start, end)
            if self._named(ctx, items) and all(
                    ctx.names_agency(i.name, known=True) or len(i.name) <= _SHORT_NAME or ctx.placed(i.name)
                    for i in items):
                return start, end
        return None

    @staticmethod
    def _named(ctx: Context, items: tuple[Item, ...] | list[Item]) -> bool:
        return names_bodies(ctx.resolver, ctx.place, [i.name for i in items])

    # ------------------------------------------------------------ duty blocks
    def _blocks(self, ctx: Context, taken: list[tuple[int, int]]) -> list[Statement]:
        """Outline items headed by nothing but an agency list: （一）区住房保障局：负责… /
        （二）区建管委、区交通委等建设主管部门 (the duties below)."""
        text, found = ctx.text, []
        sections = ctx.outline.sections
        for i, section in enumerate(sections):
            start, line_end = section.span
            marker = _MARKER.match(text, start, line_end)
            head_start = marker.end() if marker else start
            stop_at = _HEAD_END.search(text, head_start, line_end)
            head_end = stop_at.start() if stop_at else line_end
            while head_end > head_start and text[head_end - 1].isspace():
                head_end -= 1
            if head_end - head_start < 2 or any(a <= head_start < b for a, b in taken):
                continue
            compact = Compact(text, head_start, head_end)
            items = split_items(compact.text, 0, len(compact.text))
            if not self._named(ctx, items):
                continue
            stop = sections[i + 1].span.start if i + 1 < len(sections) else ctx.end
            reading = Reading([Group("responsible", "", "duty-block", tuple(items))])
            found.append(Statement(head_start, head_end, compact, reading, "prose-block",
                                   task=(start, _trimmed_end(text, start, stop))))
        return found


def _agent_before(text: str, at: int, begin: int) -> bool:
    """An opener (由) in ``text[begin:at]``."""
    return any(text.find(opener, begin, at) >= 0 for opener in _openers())


def _last_visible(text: str, at: int, floor: int) -> str:
    """The last character before ``at`` that is not whitespace ("" at the start)."""
    i = at - 1
    while i >= floor and text[i].isspace():
        i -= 1
    return text[i] if i >= floor else "\n"


def _same(group: Group, groups: list[Group]) -> bool:
    return any(g.role == group.role and [i.name for i in g.items] == [i.name for i in group.items]
               for g in groups)


def _exempt(body: str, at: int) -> bool:
    """本方案由市发展改革委负责解释, 由A、B等组成: no task.  An open tail may come first."""
    lex = lexicon()
    tail = next((t for t in lex.grammar.get("tail", ()) if body.startswith(t, at)), "")
    return body.startswith(lex.grammar.get("exempt", ()), at + len(tail))


def _ends_exempt(body: str, at: int) -> bool:
    """由A、B…和K等组成，协调…: a clause that an exempt word ends is no task though its list
    runs past the longest subject read (黄浦区 names twelve members before 等组成)."""
    return body[at:_clause_stop(body, at)].endswith(lexicon().grammar.get("exempt", ()))


def _sentence(stops: list[int], at: int, floor: int) -> tuple[int, int]:
    """The sentence around ``at``, given where every sentence ends (``stops``, in order,
    the last one the end of the text)."""
    i = bisect_left(stops, at)
    return (stops[i - 1] + 1 if i else floor), stops[i]


def _subject_starts(body: str, begin: int, at: int) -> list[tuple[int, bool]]:
    """Where the subject before a verb at ``at`` may start, nearest first: after an opener
    (由X牵头, 具体工作由X负责, 必要时经X会同Y), or at the clause's start; and whether an
    opener made it the agent.  经 also opens names (经开区): every start is tried."""
    starts = [(i + len(opener), True) for opener in _openers()
              for i in _occurrences(body, opener, begin, at)]
    starts.sort(reverse=True)
    return starts + [(_skip_lead_in(body, _skip_marker(body, begin), at), False)]


def _occurrences(body: str, word: str, start: int, end: int) -> list[int]:
    found, i = [], body.find(word, start, end)
    while i >= 0:
        found.append(i)
        i = body.find(word, i + 1, end)
    return found


def _clause_begin(body: str, at: int) -> int:
    i = at - 1
    stop = max(0, at - _REACH)
    while i >= stop and body[i] not in _CLAUSE_MARKS + _SENTENCE_MARKS:
        i -= 1
    return i + 1


def _clause_stop(body: str, start: int) -> int:
    found = _CLAUSE_END.search(body, start)
    return found.start() if found else len(body)


def _skip_marker(body: str, start: int) -> int:
    marker = _MARKER.match(body, start)
    return marker.end() if marker else start


def _skip_lead_in(body: str, a: int, b: int) -> int:
    words = lexicon().grammar.get("lead-in", ())
    moved = True
    while moved and a < b:
        moved = False
        for word in words:
            if body.startswith(word, a):
                a += len(word)
                moved = True
    return a


def _skip_blanks(text: str, start: int, end: int) -> int:
    while start < end and text[start] in " \t\u3000":
        start += 1
    return start


def _trimmed_end(text: str, start: int, stop: int) -> int:
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    return stop
