"""Duties stated in prose (second tier): ``区财政局负责奖励补助资金的预决算``.

A clause states a duty when an agency is its subject and a duty verb follows
(负责, 牵头, 会同, 要, 将, 对…进行 …), or when it names one after 由 / 请径与 /
接受 / 设在 / 会同, or sets one up (成立…领导小组).  Task texts are skipped (their
agencies come from the annotation), and so are statistical bulletins, which report
rather than assign.  Vague subjects (各部门, 各责任单位) are nobody in particular;
a bare 领导小组 is the group the document set up last.

Every pattern runs once over the whole document (C speed); Python only looks at the
few places they hit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from govgraph.model import Document, Duty, Span
from govgraph.extract.agencies import NAME_ENDS, AgencyRegistry, AgencyResolver
from govgraph.extract.jurisdiction import Jurisdiction
from govgraph.extract.lexicon import lexicon
from govgraph.extract.mentions import Discoverer, MentionFinder
from govgraph.extract.text import squeeze

SKIP_KINDS = ("统计公报", "公报")
_MARKS = "。！？!?；;，,\n"                       # what ends a clause
_BOUNDARY = re.compile(f"[{_MARKS}]")
_UP_TO_MARK = re.compile(f".*[{_MARKS}]", re.S)    # matched from a clause's left: to its last mark


@lru_cache(maxsize=1)
def _duty_verbs() -> tuple[re.Pattern, re.Pattern]:
    """(a duty verb, with the adverbs that may precede it; one right after the last
    character of an agency-shaped word).  The words are data/grammar.csv's duty verbs and
    adverbs, and every prose verb of data/roles.csv (负责, 牵头, 会同, 配合 …)."""
    lex = lexicon()
    adverb = "(?:" + "|".join(map(re.escape, sorted(lex.grammar.get("duty-adverb", ()), key=len,
                                                     reverse=True))) + ")?"
    words = {*lex.grammar.get("duty-verb", ()), *lex.prose_words}
    verb = "(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"
    strong_words = {*lex.grammar.get("duty-verb-strong", ()), *lex.prose_words}
    strong = "(?:" + "|".join(map(re.escape, sorted(strong_words, key=len, reverse=True))) + ")"
    return re.compile(adverb + verb), re.compile(_AGENCY_LAST + adverb + strong)

# what may stand before a clause's subject: an outline marker, a connective
_LEAD_IN = re.compile(r"^[\s　]*(?:第[一二三四五六七八九十百]+条|[（(][一二三四五六七八九十\d]+[)）]|"
                      r"[一二三四五六七八九十]+、|\d{1,2}[.．、]|[①-⑳])?[\s　]*(?:同时|并且|并|另外|此外|"
                      r"其中|由|经|本办法由|本方案由)?[\s　]*$")
_MARKER = re.compile(r"^[ \t　]*(?:第[一二三四五六七八九十百]+条|[（(][一二三四五六七八九十\d]+[)）]|"
                     r"[一二三四五六七八九十]+、|\d{1,2}[.．、]|[①-⑳])", re.M)
# the last character of an agency-shaped word, before a strong duty verb
_AGENCY_LAST = "(?<=[" + re.escape("".join(sorted(NAME_ENDS))) + "])"
# (the word each pattern needs, so it runs only where that word occurs; pattern; cue)
_OBJECT_CUES = (
    ("由", re.compile(r"由(?P<name>[^，。；\n]{2,30}?)(?:负责|牵头|安排|在|统一|统筹|组织|会同)"), "由"),
    ("与", re.compile(r"请(?:径)?与(?P<name>[^，。；\n]{2,30}?)联系"), "联系"),
    ("接受", re.compile(r"接受(?P<name>[^，。；\n]{2,30}?)(?:、[^，。；\n]{2,10}?)*监督"), "监督"),
    ("设在", re.compile(r"设在(?P<name>[^，。；\n]{2,30}?)(?=[，。；\n]|$)"), "设在"),
    ("会同", re.compile(r"会同(?P<name>[^，。；\n]{2,30}?)(?=[，。；\n,]|$|制定|负责|研究|开展)"), "会同"),
)
_FOUNDED = re.compile(r"成立(?:由[^。；]{0,80}?的)?(?P<name>[^，。；、由的\n]{2,30}?"
                      r"(?:领导小组|工作小组|委员会|指挥部))")
_ORGAN = re.compile(r"(?:区|市|省|县)(?:委|政府)$")
_REFERENCE = re.compile(r"(?:根据|按照|依据|依照|结合|为了?|贯彻|落实)$")
_GENERIC_GROUP = "领导小组"
_SHORTEST = 3                     # characters of the shortest duty statement (区委要)
_VAGUE_COLLECTIVE = re.compile(r"^(?:各|有关|相关)(?:有关|相关|责任|成员|主办|协办|职能)?(?:部门|单位|方面)$")
_GENERIC = re.compile(r"^(?:本|该)?(?:领导小组|工作小组|小组)?(?:办公室)?$")


@dataclass(slots=True)
class _Hit:
    at: int            # where the agency is written
    surface: str
    cue: str


class DutyFinder:
    """Finds the prose duties of a document; holds the name matchers across documents."""

    def __init__(self, resolver: AgencyResolver):
        self.resolver = resolver
        self.finder = MentionFinder(resolver.gazetteer)
        self.discoverer = Discoverer(resolver)

    def find(self, text: str, document: Document, place: Jurisdiction | None,
             registry: AgencyRegistry, tasks: list[tuple[int, int]]) -> list[Duty]:
        """The prose duties of one document, outside its tasks (each given as the start of
        its text and the end of its annotation)."""
        if document.kind in SKIP_KINDS:
            return []
        start, end = document.span.start, document.span.end
        hits: list[_Hit] = []
        for a, b in _prose(start, end, tasks):
            hits += self._subjects(text, a, b, place)
            hits += self._objects(text, a, b, place)
            hits += self._founded(text, a, b)
        duties: list[Duty] = []
        seen: set[tuple[str, int]] = set()
        group: str | None = None                     # the leading group set up last
        for hit in sorted(hits, key=lambda h: (h.at, h.cue != "成立")):
            clause_start, clause_end = _clause(text, hit.at, start, end)
            if _is_heading(text, clause_start, clause_end):
                continue
            surface = hit.surface
            if len(surface) < 3:                      # 政府, 部门: nobody in particular
                continue
            if surface == _GENERIC_GROUP and group:
                surface = group
            elif _GENERIC.match(surface):
                continue
            resolved = self.resolver.resolve(surface, place)
            if resolved is None or (resolved.kind == "collective" and
                                    (resolved.discovered or _VAGUE_COLLECTIVE.match(surface))):
                continue
            if hit.cue == "成立":
                group = surface
            if (resolved.name, clause_start) in seen:
                continue
            seen.add((resolved.name, clause_start))
            clause = text[clause_start:clause_end]
            registry.add(resolved, surface, _sentence(text, clause_start, start, end))
            duties.append(Duty(id=f"{document.id}/d{len(duties) + 1}", document=document.id,
                               agency=resolved.name, surface=surface, cue=hit.cue,
                               text=squeeze(_MARKER.sub("", clause)),
                               span=Span(clause_start, clause_end)))
        return duties

    # ------------------------------------------------------------ the three kinds of hit
    def _subjects(self, text: str, start: int, end: int, place: Jurisdiction | None) -> list[_Hit]:
        """Agencies opening a clause and followed by a duty verb: 区直各部门、各街道办事处要…"""
        hits: list[_Hit] = []
        mentions = self.finder.find(text, start, end)
        i = 0
        while i < len(mentions):
            mention = mentions[i]
            clause_start, _ = _clause(text, mention.start, start, end)
            lead_in = text[clause_start:mention.start]
            if not _LEAD_IN.match(lead_in) or _REFERENCE.search(lead_in):
                i += 1
                continue
            run, pos = [mention], mention.end
            while i + 1 < len(mentions) and mentions[i + 1].start in (pos, pos + 1) \
                    and text[pos:mentions[i + 1].start] in ("", "、", "和", "及"):
                i += 1
                run.append(mentions[i])
                pos = mentions[i].end
            verb = _duty_verbs()[0].match(text, pos, end)
            if verb and _real_duty(text, verb, _clause(text, pos, start, end)[1]):
                hits.extend(_Hit(m.start, m.text, verb.group()) for m in run)
            i += 1
        taken = {m.end for m in mentions}
        for verb in _duty_verbs()[1].finditer(text, start, end):
            if verb.start() in taken:
                continue
            clause_start, clause_end = _clause(text, verb.start(), start, end)
            prefix = _MARKER.sub("", text[clause_start:verb.start()]).strip()
            name = self.discoverer.subject(prefix, place) if 2 <= len(prefix) <= 24 else None
            if name and _real_duty(text, verb, clause_end):
                hits.append(_Hit(verb.start() - len(name), name, verb.group()))
        return hits

    def _objects(self, text: str, start: int, end: int, place: Jurisdiction | None) -> list[_Hit]:
        """Agencies named after 由 / 请径与 / 接受 / 设在 / 会同."""
        hits: list[_Hit] = []
        for word, pattern, cue in _OBJECT_CUES:
            if text.find(word, start, end) < 0:
                continue
            for match in pattern.finditer(text, start, end):
                name, at = match.group("name"), match.start("name")
                known = self.finder.find(name)
                if known:
                    hits.extend(_Hit(at + k.start, k.text, cue) for k in known)
                elif (found := self.discoverer.subject(name, place)):
                    hits.append(_Hit(at + len(name) - len(found), found, cue))
        return hits

    @staticmethod
    def _founded(text: str, start: int, end: int) -> list[_Hit]:
        """成立…领导小组: 区委成立全面深化改革领导小组 names 区委全面深化改革领导小组."""
        hits: list[_Hit] = []
        if text.find("成立", start, end) < 0:
            return hits
        for match in _FOUNDED.finditer(text, start, end):
            organ = _ORGAN.search(text, max(start, match.start() - 3), match.start())
            hits.append(_Hit(match.start("name"), (organ.group() if organ else "") + match.group("name"),
                             "成立"))
        return hits


def _real_duty(text: str, verb: re.Match, clause_end: int) -> bool:
    """对 opens a duty only as 对…进行 (区督察室不定期对各部门…进行督察), not 市委对罗湖的定位."""
    return not verb.group().endswith("对") or "进行" in text[verb.end():clause_end]


def _prose(start: int, end: int, tasks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of a document that no task covers, but those too short to state a
    duty (a name of two characters and a verb): mostly the line breaks between tasks."""
    stretches, pos = [], start
    for task_start, annotation_end in sorted(tasks, key=lambda t: t[0]):
        if task_start - pos >= _SHORTEST:
            stretches.append((pos, task_start))
        pos = max(pos, annotation_end)
    if end - pos >= _SHORTEST:
        stretches.append((pos, end))
    return stretches


def _clause(text: str, at: int, start: int, end: int) -> tuple[int, int]:
    """The clause around ``at``: between the punctuation marks or line breaks either side
    (the last mark before it is looked for nearby first)."""
    near = max(start, at - 64)
    last = _UP_TO_MARK.match(text, near, at) or (near > start and _UP_TO_MARK.match(text, start, at))
    right = _BOUNDARY.search(text, at, end)
    return (last.end() if last else start), (right.start() if right else end)


def _sentence(text: str, at: int, start: int, end: int) -> str:
    """The sentence around ``at``, for the agency's example."""
    left = max(text.rfind("。", start, at), text.rfind("\n\n", start, at))
    right = text.find("。", at, end)
    return squeeze(text[left + 1: right + 1 if right >= 0 else end])


def _is_heading(text: str, clause_start: int, clause_end: int) -> bool:
    """（二）社区工作站初审。社区工作站对… opens with a heading that the rest spells out;
    a marked line without a full stop is one too.  (三)区财政局负责…。 is a duty."""
    if not _MARKER.match(text, clause_start, clause_end):
        return False
    line_end = text.find("\n", clause_end)
    line_end = len(text) if line_end < 0 else line_end
    after = text[clause_end:line_end]
    if not re.search(r"[。！？]", text[clause_start:line_end]):
        return True
    return after[:1] in "。！？" and bool(after[1:].strip())
