"""The grammar of a responsibility statement, wherever it is written.

A statement gives agency lists their roles, with labels or with verbs, and may add a
deadline and the people who answer for it::

    牵头单位：区发改局；配合单位：区财政局、各街道；完成时限：2024年6月底前    labels
    国家发展改革委、财政部牵头，各有关部门按职责分工负责                      verbs after lists
    由市住房城乡建设委会同市规划资源局负责                                  a verb between lists
    督办单位：市政府督查室                                                  a label nobody listed

Brackets, labelled lines, table rows and sentences all hand their text here, in its
compact form (``text.Compact``: no whitespace, offsets mapped back to the source).  The
vocabulary is ``lexicon``'s; this module only knows the shapes.

A label that ends like a slot (…单位：, …部门：) is never an agency, known or not: its
bodies keep the label as their role word and take ``support`` where the statement has a
lead and ``responsible`` where it has none; ``unknown`` lists such labels for coverage.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from govgraph.extract.agencies import agency_shaped
from govgraph.extract.lexicon import Word, lexicon
from govgraph.extract.lists import TRIM, Item, in_brackets as _in_brackets, split_items
from govgraph.extract.text import Compact

UNKNOWN_LABEL = "label-unknown"
_CLAUSE_SEP = re.compile(r"[，,；;。]")
_COLON = re.compile(r"[:：]")
_WORK = re.compile(r"[\u4e00-\u9fff]{2}")          # two characters of work after a verb
_SENTENCE_END = "。"


@dataclass(slots=True)
class Group:
    """Agencies sharing one role in one statement."""

    role: str                 # lead / support / responsible ("" for an unknown label, until settled)
    word: str                 # the role word as written: 牵头单位, 牵头, 会同, 督办单位 …
    rule: str                 # id of the lexicon entry that gave the role
    items: tuple[Item, ...]
    each: bool = False        # 分别牵头: every item leads its own part
    compact: Compact | None = None   # what the items index when not their statement's (a
                                     # body declared once for every task)


@dataclass(slots=True)
class Reading:
    """What one statement says."""

    groups: list[Group] = field(default_factory=list)
    deadline: str | None = None
    leaders: list[str] = field(default_factory=list)
    first_leads: bool = False         # it declares 列第一位者为牵头单位
    onwards: bool = False             # … and 下同: for every later statement too
    unknown: list[str] = field(default_factory=list)   # labels not in the lexicon
    slots: list[str] = field(default_factory=list)     # lexicon ids of the other labels read

    def __bool__(self) -> bool:
        return bool(self.groups or self.leaders or self.deadline)


@dataclass(slots=True)
class _Label:
    start: int
    end: int                  # after the colon
    word: str
    entry: Word | None        # None: a label nobody listed


def read(body: str, start: int, end: int, strict: bool = True) -> Reading | None:
    """The statement ``body[start:end]`` (compact text), or None if it states nothing.

    ``strict``: a statement without labels must consist of role clauses and remarks only
    (used to decide whether a bracket is a statement at all)."""
    labels = find_labels(body, start, end)
    reading = Reading()
    if not labels:
        reading.groups = (commented(body, start, end) if strict else clauses(body, start, end, False)) or []
    else:
        if labels[0].start > start:
            reading.groups += clauses(body, start, labels[0].start, strict=False) or []
        for i, label in enumerate(labels):
            a, b = trim(body, label.end, labels[i + 1].start if i + 1 < len(labels) else end)
            _read_value(body, a, b, label, reading)
    if not reading:
        return None
    _settle_unknown(reading)
    lex = lexicon()
    reading.first_leads = lex.convention(body, "first-leads", start, end) is not None
    reading.onwards = lex.convention(body, "onwards", start, end) is not None
    return reading


# ---------------------------------------------------------------- labels

def find_labels(body: str, start: int, end: int) -> list[_Label]:
    """Slot labels in compact text: a lexicon word, or a short word ending like one
    (督办单位) that opens the text or follows punctuation; a known label written right
    after a name (区发改局协办单位：) is that label, with the modifier it may carry
    (主要协作单位：)."""
    lex = lexicon()
    labels: list[_Label] = []
    for match in _label_matches(body, start, end):
        word = match.group("cue")
        entry = lex.label(word)
        at = match.start()
        if entry is None:
            known = next((k for k in _known_suffixes(word) if lex.label(k)), None)
            if known is not None:
                at, word, entry = match.end() - 1 - len(known), known, lex.label(known)
                modifier = next((m for m in lex.grammar.get("label-modifier", ())
                                 if body.endswith(m, start, at)), "")
                at, word = at - len(modifier), modifier + word     # 主要协作单位: one label
            elif at > start and "\u4e00" <= body[at - 1] <= "\u9fff":
                continue                              # inside a run of words: not a label
        labels.append(_Label(at, match.end(), word, entry))
    return labels


def _label_matches(body: str, start: int, end: int) -> Iterator[re.Match]:
    """What ``label_in_compact.finditer`` finds, looked for only in the few characters
    before each colon (a label ends at one): a scan of every position costs ten times more."""
    pattern, reach = lexicon().label_in_compact, lexicon().label_reach
    floor = start
    for colon in _COLON.finditer(body, start, end):
        match = pattern.search(body, max(floor, colon.start() - reach), colon.end())
        if match is not None:
            floor = match.end()
            yield match


def _known_suffixes(word: str) -> list[str]:
    return [word[i:] for i in range(1, len(word) - 1)]


def _read_value(body: str, a: int, b: int, label: _Label, reading: Reading) -> None:
    entry = label.entry
    kind = entry.kind if entry else ""
    if entry is not None and not entry.is_role:
        reading.slots.append(entry.id)
    if kind == "deadline":
        reading.deadline = body[a:b]
    elif kind == "leader":
        reading.leaders.extend(item.name for item in split_items(body, a, b))
    elif kind == "prose":
        reading.groups += clauses(body, a, b, strict=False) or []
    elif kind in ("number", "task", "other"):
        return
    else:
        if entry is None:
            reading.unknown.append(label.word)
        reading.groups += _role_value(body, a, b, label)


def _role_value(body: str, a: int, b: int, label: _Label) -> list[Group]:
    """A role slot's bodies.  Its list may go on after ，, and a later piece with a verb of
    its own is a clause (牵头单位：A，B配合); a sentence after 。 is a remark."""
    entry = label.entry
    role, rule = (entry.kind, entry.id) if entry else ("", UNKNOWN_LABEL)
    stop = body.find(_SENTENCE_END, a, b)
    b = b if stop < 0 else stop
    if b > a and body[b - 1] in lexicon().verb_endings:
        whole = clauses(body, a, b, strict=True)
        if whole:
            return whole
    groups: list[Group] = []
    items: list[Item] = []
    pos = a
    for stop in _clause_ends(body, a, b):
        if stop > pos:
            found = clause(body, pos, stop)
            if found:
                groups += found
            elif not _remark(body, pos, stop):
                items += split_items(body, pos, stop)
        pos = stop + 1
    if items:
        groups.insert(0, Group(role, label.word, rule, tuple(items)))
    return groups


def _settle_unknown(reading: Reading) -> None:
    """An unknown label supports where the statement has a lead, else it is responsible."""
    if not reading.unknown:
        return
    has_lead = any(g.role == "lead" for g in reading.groups)
    for group in reading.groups:
        if not group.role:
            group.role = "support" if has_lead else "responsible"


def trim(body: str, a: int, b: int) -> tuple[int, int]:
    while a < b and body[a] in TRIM:
        a += 1
    while b > a and body[b - 1] in TRIM:
        b -= 1
    return a, b


# ---------------------------------------------------------------- clauses

def clauses(body: str, start: int, end: int, strict: bool = True) -> list[Group] | None:
    """The role clauses of ``body[start:end]``: ``A、B牵头，C配合`` → two groups.

    ``strict``: every clause must be a role clause or a remark, else None.  Otherwise
    clauses that are neither are skipped."""
    groups: list[Group] = []
    pending: list[Item] = []          # a list whose role the next clause gives (A等部门，B配合)
    pos = start
    for stop in _clause_ends(body, start, end):
        if stop > pos and not _remark(body, pos, stop):
            found = clause(body, pos, stop)
            if found is None and _listing(body, pos, stop):
                pending += split_items(body, pos, stop)
                pos = stop + 1
                continue
            if found is None and strict:
                return None
            if found and pending:
                first = found[0]
                found[0] = Group(first.role, first.word, first.rule, tuple(pending) + first.items,
                                 first.each)
                pending = []
            groups.extend(found or ())
        pos = stop + 1
    if pending and strict:
        return None
    return groups or None


def _listing(body: str, start: int, end: int) -> bool:
    """A clause that is nothing but a list of names (no verb, no label): it waits for the
    role of the clause after it."""
    return end - start >= 2 and lexicon().verb_anywhere.search(body, start, end) is None and \
        not any(mark in body[start:end] for mark in ":：")


def commented(body: str, start: int, end: int) -> list[Group] | None:
    """A statement that may close with comments after a full stop (``A牵头，B负责。以下均需
    C落实，不再单独列出``): what precedes the first full stop is read strictly, the rest
    only for its role clauses and conventions."""
    stop = body.find(_SENTENCE_END, start, end)
    if stop < 0:
        return clauses(body, start, end, strict=True)
    head = clauses(body, start, stop, strict=True)
    return head + (clauses(body, stop + 1, end, strict=False) or []) if head else None


def _clause_ends(body: str, start: int, end: int) -> list[int]:
    """Where clauses end: at ，；。 and at a 、 that follows a role verb."""
    ends = [m.start() for m in _CLAUSE_SEP.finditer(body, start, end)
            if not _in_brackets(body, start, m.start())]
    # a verb phrase before a 、 ends a group (A牵头负责、B组织落实, A分别牵头、B) when it has three
    # characters at least or a qualifier: a name may end like a short verb (区政协办、)
    ends += [m.end() for m in lexicon().verb_before_dun.finditer(body, start, end)
             if len(m.group()) >= 3 or m.group("verb") != m.group("core")]
    return sorted(ends) + [end]


def clause(body: str, start: int, end: int) -> list[Group] | None:
    """One clause: 'A、B牵头' / '由A负责' / 'A会同B负责落实' / 'A配合B做好…'."""
    lex = lexicon()
    for opener in lex.openers:
        if body.startswith(opener, start):
            start += len(opener)
    found = _between(body, start, end)
    if found:
        return found
    verb = lex.verb_at_end.search(body, start, end)
    tailed = verb is None
    if tailed:
        verb = _verb_before_tail(body, start, end)
    if not verb or verb.start() == start:
        return None
    items = split_items(body, start, verb.start())
    if not items or tailed and (not all(agency_shaped(i.name) for i in items) or
                                any(o in body[start:verb.start()] for o in lex.openers)):
        return None             # (履约达产协同管理), (拆除工作由村委会负责监管): no list before the work
    spec = lex.verb(verb.group("core"))
    phrase = body[verb.start("verb"):end]                # with its tail: 牵头督导
    return [Group(spec.kind, phrase, spec.id, tuple(items), each=phrase.startswith("分别"))]


def _verb_before_tail(body: str, start: int, end: int) -> re.Match | None:
    """A role verb two characters of work before the clause end (A、B牵头督导, A牵头抓总,
    B配合推进: 潮州, 上海): the verb holds; a label (牵头单位) or an exempt word
    (负责解释) is no such tail."""
    lex = lexicon()
    verb = lex.verb_at_end.search(body, start, end - 2)
    if verb is None or not _WORK.fullmatch(body, end - 2, end):
        return None
    tail = body[end - 2:end]
    if lex.is_label_ending(tail) or tail.startswith(lex.grammar.get("exempt", ())):
        return None
    return verb


def _between(body: str, start: int, end: int) -> list[Group] | None:
    """``A会同B…``: A takes the word's role and B the other (会同: A leads, B supports;
    配合: A supports, B leads).  B ends where the work begins (a verb or predicate)."""
    lex = lexicon()
    if lex.between is None:
        return None
    for word in lex.between.finditer(body, start, end):
        if word.start() == start:
            continue
        left_end, role = word.start(), lex.between_word(word.group()).kind
        left_verb = lex.verb_at_end.search(body, start, left_end)       # A牵头会同B
        if left_verb and left_verb.start() > start:
            role, left_end = lex.verb(left_verb.group("core")).kind, left_verb.start()
        right_end = _predicate_start(body, word.end(), end)
        if right_end == word.end():
            continue
        left = split_items(body, start, left_end)
        right = split_items(body, word.end(), right_end)
        if left and right:
            other = "lead" if role != "lead" else "support"
            rule = lex.between_word(word.group()).id
            return [Group(role, word.group(), rule, tuple(left)),
                    Group(other, word.group(), rule, tuple(right))]
    return None


@lru_cache(maxsize=1)
def _predicates() -> re.Pattern:
    lex = lexicon()
    words = {*lex.grammar.get("predicate", ()), *(w.word for w in lex.verbs)}
    qualifiers = lex.grammar.get("qualifier", ())
    tails = lex.grammar.get("tail", ())
    alternation = "|".join(map(re.escape, sorted(words | set(qualifiers), key=len, reverse=True)))
    tail = "|".join(map(re.escape, tails))
    return re.compile(rf"(?:(?:{tail})[^，,；;。]{{0,8}}?)?(?:{alternation})")


def _predicate_start(body: str, start: int, end: int) -> int:
    """Where the second list of ``A会同B…`` ends: at its tail and the first predicate."""
    found = _predicates().search(body, start, end)
    return found.start() if found else end


def _remark(body: str, start: int, end: int) -> bool:
    """A convention or remark standing as its own clause, never an agency list (one in a
    bracket after a name is that name's note: 海曙生态环境分局(列第一位者为牵头…))."""
    lex = lexicon()
    # a convention may look past the clause (以下均需X落实，…不再单独列出): searched to the end
    return any((m := c.pattern.search(body, start)) and m.start() < end and
               not _in_brackets(body, start, m.start())
               for c in lex.conventions) or body.startswith(lex.grammar.get("remark-start", ()), start)
