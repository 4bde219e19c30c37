"""The vocabulary of responsibility, read from ``data/`` and compiled once.

Every word that says who does a task lives in a CSV a user can edit:

``roles.csv``        role words (牵头, 配合, 会同 …), each with its role and the forms it
                     takes: ``stem`` (with every label ending of grammar.csv it makes a label
                     and a header: 牵头 → 牵头单位, 牵头部门, 牵头处室 …), ``label``
                     (``牵头：A``), ``header`` (a table column),
                     ``verb`` (after a list: ``A牵头``), ``between`` (between two lists:
                     ``A会同B`` — the first takes the word's role, the second the other one),
                     ``prose`` (the predicate of a sentence: ``A负责…``) and ``strong`` (a
                     prose word that assigns a task even among marked ones: 由A牵头);
``slots.csv``        the other labels and headers: deadlines, leaders (people), prose slots
                     (``部门分工：``), and the number, task and other columns of a table;
                     ``head`` marks a word that may end a longer header (重点工作**任务**);
``grammar.csv``      list separators, conjunctions, open tails, qualifiers (按职责分工) and modals (要),
                     complements (负责**落实**), label endings (an unknown ``督办单位：`` is a
                     label, never an agency) and the parts of distributive collectives;
``conventions.csv``  sentences that change roles after the fact (列第一位者为牵头单位, 下同).

Styles never spell a role word themselves: they use the patterns built here, so a word
added to a CSV works in a bracket, on a labelled line, as a table header and in prose.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

ROLES = ("lead", "support", "responsible")
SLOTS = ("deadline", "leader", "prose", "number", "task", "other")

_YEAR = re.compile(r"^\d{4}年度?(?=\D)")      # the year a header cell may open with


@dataclass(frozen=True, slots=True)
class Word:
    """One entry of roles.csv or slots.csv."""

    id: str
    word: str
    kind: str                 # a role (lead / support / responsible) or a slot (deadline …)
    forms: frozenset[str]     # label / header / head / verb / between

    @property
    def is_role(self) -> bool:
        return self.kind in ROLES


@dataclass(frozen=True, slots=True)
class Convention:
    id: str
    pattern: re.Pattern
    effect: str               # first-leads / onwards / remark


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("govgraph.data").joinpath(name).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(text.splitlines()))


def _spaced(word: str) -> str:
    """A word as a pattern that allows whitespace between its characters (PDF text)."""
    return r"\s*".join(map(re.escape, word))


def _alternation(words) -> str:
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


def _forms(written: str) -> frozenset[str]:
    """The forms a role word takes; a stem that is a label alone (牵头：) is a header alone
    too, as under a header cell merged over its columns (责任单位 / 牵头 | 配合)."""
    forms = frozenset(written.split("|"))
    return forms | {"header"} if {"stem", "label"} <= forms else forms


class Lexicon:
    """The role vocabulary and the patterns every style uses."""

    def __init__(self, roles: list[dict[str, str]], slots: list[dict[str, str]],
                 grammar: list[dict[str, str]], conventions: list[dict[str, str]]):
        endings = [row["word"] for row in grammar if row["kind"] == "label-ending"]
        words = [Word(r["id"], r["word"], r["role"], _forms(r["forms"])) for r in roles]
        # a stem makes a label and a header with every label ending: 牵头 → 牵头单位, 牵头部门 …
        words += [Word(w.id, w.word + ending, w.kind, frozenset({"label", "header"}))
                  for w in words if "stem" in w.forms for ending in endings]
        words += [Word(r["id"], r["word"], r["slot"], frozenset(r["forms"].split("|"))) for r in slots]
        self.words = tuple(words)
        bad = [w.id for w in self.words if w.kind not in ROLES + SLOTS]
        if bad:
            raise ValueError(f"data: unknown role or slot in {', '.join(bad)}")
        self.grammar: dict[str, tuple[str, ...]] = {}
        for row in grammar:
            self.grammar.setdefault(row["kind"], ())
            self.grammar[row["kind"]] += (row["word"],)
        # a modal (要, 应当) stands where a qualifier does, but weakens the statement: in a plan
        # whose tasks are marked, 区委改革办要会同… is an exhortation, not a task
        self.modals = frozenset(self.grammar.get("modal", ()))
        self.grammar["qualifier"] = self.grammar.get("qualifier", ()) + tuple(self.modals)
        self.conventions = tuple(Convention(r["id"], re.compile(r["pattern"]), r["effect"])
                                 for r in conventions)
        self._labels = {w.word: w for w in self.words if "label" in w.forms}
        self._headers = {w.word: w for w in self.words if "header" in w.forms}
        self._heads = tuple(sorted((w for w in self.words if "head" in w.forms),
                                   key=lambda w: -len(w.word)))
        self.verbs = tuple(sorted((w for w in self.words if "verb" in w.forms),
                                  key=lambda w: -len(w.word)))
        self.betweens = tuple(w for w in self.words if "between" in w.forms)
        self._verb_by_word = {w.word: w for w in self.verbs}
        self._between_by_word = {w.word: w for w in self.betweens}
        self._compile()

    # ------------------------------------------------------------ patterns
    def _compile(self) -> None:
        g = self.grammar
        endings = _alternation(g.get("label-ending", ()))
        known = sorted(self._labels, key=len, reverse=True)
        # a label in source text: a known word, or a short run ending like a slot (督办单位：)
        self.label_in_source = re.compile(
            rf"(?P<cue>{'|'.join(map(_spaced, known))}|"
            rf"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{{1,6}}?(?:{'|'.join(map(_spaced, g.get('label-ending', ())))}))"
            r"\s*[:：]")
        self.label_in_compact = re.compile(
            rf"(?P<cue>{_alternation(known)}|[\u4e00-\u9fff]{{1,6}}?(?:{endings}))[:：]")
        # the last character of every label: a colon after any other opens no slot
        self.label_ends = frozenset(word[-1] for word in (*known, *g.get("label-ending", ())))
        self.label_reach = max(max(map(len, known), default=0),
                               6 + max(map(len, g.get("label-ending", ())), default=0))
        self.known_label_in_source = re.compile(rf"(?P<cue>{'|'.join(map(_spaced, known))})\s*[:：]")
        qualifier = rf"(?:{_alternation(g.get('qualifier', ()))})?"
        complement = rf"(?:{_alternation(g.get('complement', ()))})?"
        verbs = _alternation(w.word for w in self.verbs)
        phrase = rf"(?P<verb>{qualifier}(?P<core>{verbs}){complement})"
        self.verb_at_end = re.compile(phrase + "$")
        self.verb_before_dun = re.compile(phrase + "(?=、)")
        self.between = re.compile(_alternation(w.word for w in self.betweens)) if self.betweens else None
        self.verb_endings = frozenset(w.word[-1] for w in self.verbs) | \
            frozenset(c[-1] for c in g.get("complement", ()))
        self.separators = "".join(g.get("separator", ()))
        self.conjunctions = re.compile(rf"(?:{_alternation(g.get('conjunction', ()))})(?!其)")
        self.weak_conjunctions = frozenset(g.get("weak-conjunction", ()))
        heads = _alternation(g.get("collective-head", ()))
        tails = _alternation(g.get("tail", ()))
        self.tail = re.compile(rf"(?:{tails})(?:[^{tails}]{{0,14}}?(?:{heads}))?$")
        self.vague = re.compile(_alternation(g.get("vague", ())))
        parts = _alternation(g.get("distributive", ()))
        suffixes = _alternation(g.get("distributive-suffix", ()))
        # 各县、区人民政府(管委会): a bracket may close it
        self.distributed = re.compile(rf"^(?:{parts})(?:{suffixes})?(?:[（(][^（）()]*[)）])?$")
        self.openers = tuple(g.get("opener", ()))
        # a verb that never stands in a name (督促所属部门, 生态环境部指导): longest first
        self.name_breakers = tuple(sorted(set(g.get("name-breaker", ())), key=len, reverse=True))
        self.name_breaker = re.compile(_alternation(self.name_breakers))
        # a verb that makes a sentence a statement (市财政局负责…), with its qualifier
        prose = {w.word for w in self.words if "prose" in w.forms}
        self.prose_verbs = re.compile(rf"(?P<qual>{_alternation(g.get('qualifier', ()))})?"
                                      rf"(?P<verb>{_alternation(prose)})")
        # the verb alone, to scan with: an optional group in front costs a scan ten times
        # more; the qualifier is looked for behind each verb found (prose_phrase_start)
        self.prose_verb = re.compile(_alternation(prose))
        self.qualifiers = tuple(sorted(g.get("qualifier", ()), key=len, reverse=True))
        self._qualifier_ends = frozenset(q[-1] for q in self.qualifiers)
        self.prose_words = {w.word: w for w in self.words if "prose" in w.forms}
        # a role verb anywhere (a whitespace-free look for brackets worth reading)
        self.verb_anywhere = re.compile(_alternation({w.word for w in self.verbs} | {w.word for w in self.betweens}))

    # ------------------------------------------------------------ look-ups
    def phrase_start(self, text: str, at: int, floor: int) -> int:
        """Where the role phrase of a verb at ``at`` starts: before its qualifier
        (按职责分工负责, 分别牵头), if one ends at ``at``."""
        if at == floor or text[at - 1] not in self._qualifier_ends:
            return at
        for qualifier in self.qualifiers:
            if text.endswith(qualifier, floor, at):
                return at - len(qualifier)
        return at

    def label(self, word: str) -> Word | None:
        """The entry a slot label names; an unknown label that ends like one is an
        agency slot whose role the statement decides (``None`` role word entry)."""
        return self._labels.get(word)

    def header(self, cell: str) -> Word | None:
        """The column a header cell names: its own word, or a short header ending in a
        head word (重点工作任务 → task); a year before it is the plan's (2022年预期目标)."""
        cell = _YEAR.sub("", cell)
        found = self._headers.get(cell)
        if found is not None:
            return found
        if len(cell) <= 8:
            for head in self._heads:
                if cell.endswith(head.word):
                    return head
        return None

    def is_label_ending(self, word: str) -> bool:
        return word.endswith(self.grammar.get("label-ending", ()))

    def verb(self, core: str) -> Word:
        return self._verb_by_word[core]

    def between_word(self, word: str) -> Word:
        return self._between_by_word[word]

    def convention(self, text: str, effect: str, start: int = 0, end: int | None = None
                   ) -> re.Match | None:
        """The first sentence of ``text[start:end]`` stating a convention with this effect."""
        end = len(text) if end is None else end
        found = [m for c in self.conventions if c.effect == effect
                 if (m := c.pattern.search(text, start, end)) is not None]
        return min(found, key=lambda m: m.start()) if found else None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped lexicon (data/*.csv), loaded once."""
    return Lexicon(_rows("roles.csv"), _rows("slots.csv"), _rows("grammar.csv"),
                   _rows("conventions.csv"))
