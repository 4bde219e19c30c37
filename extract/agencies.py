"""From an agency as written to its canonical name.

``AgencyResolver.resolve`` tries, in order, the rules below and says which one won
(``Resolved.rule``), so every canonical name can be traced back:

gazetteer      the surface is a curated name or alias
contraction    it is one after contracting long forms (监督管理 → 监管)
place          it opens with a place name (深圳市财政局 → 市财政局 of 深圳市)
bracket        ``A（B）``: B is a sub-unit of A (区文化体育局<文产办> → 区文产办, parent
               区文化体育局) or a second name of A (区出租屋综管办<租赁局> → 区租赁局)
level-marker   a local name lost its marker (投资推广局 in a district plan → 区投资推广局)
typo           one character off a known name of the same length (区推资推广局)
collective     各街道办 / 区直各部门 / 各有关单位 …
suffix         unknown, but shaped like an agency (…局 …委 …办 …中心): flagged discovered

Canonical names carry their place: 区财政局 in a 罗湖区 plan is 罗湖区财政局, so
bodies of different governments never merge.  Names a document writes with a place
already (罗湖地税局, 翠竹街道办事处) and central bodies keep their curated form.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from govgraph.gazetteer import Entry, Gazetteer, normalise_name
from govgraph.model import Agency, Correction, replaces
from govgraph.extract.jurisdiction import (LOCAL_LEVELS, MARKERS, Jurisdiction,
                                           level_of_marker, strip_marker)

# a suffix right after a digit counts things: 新建中小学10所, 改造5处
AGENCY_SUFFIX = re.compile(
    r"(?<![0-9０-９])(?:局|委|办|部|厅|院|署|中心|委员会|办公室|办事处|街道办|街道|分局|大队|支队|中队|所|站|"
    r"小组|组|处|科|室|馆|会|联|团|行|政府|集团|公司|法院|检察院|海关|队|庭|社|台|专班|部门|"
    r"开发区|经开区|高新区|新区|示范区|保税区|试验区|合作区|机构)$")
COLLECTIVE = re.compile(r"^(?:各|区直各|市直各|省直各)|(?:各|有关|相关)(?:部门|单位|机构)$|"
                        r"^(?:有关|相关)[\u4e00-\u9fff]{0,6}(?:部门|单位)$|部门$|"
                        r"^(?:属地|所在地?|辖区)[\u4e00-\u9fff]{0,6}(?:政府|部门|单位|街镇|乡镇|镇街)$|"
                        r"(?:街镇|乡镇|镇街)$")
_PARTY = re.compile(r"^(?:中共|中国共产党)")
_BRACKET_TAIL = re.compile(r"^(?P<outer>.+?)（(?P<inner>[^（）]+)）$")
_TRAILING_BRACKET = re.compile(r"[（(][^（）()]*[)）]$")


@dataclass(slots=True)
class Resolved:
    """The verdict on one surface form."""

    name: str
    kind: str
    level: str | None
    parent: str | None
    jurisdiction: str | None
    discovered: bool
    rule: str
    correction: Correction | None = None


@dataclass(slots=True)
class _Record:
    resolved: Resolved
    aliases: dict[str, None] = field(default_factory=dict)
    corrections: dict[Correction, None] = field(default_factory=dict)
    mentions: int = 0
    example: str | None = None


# how a collective ends when it is written out: 各区县, 各街道, 各相关部门, 属地街镇
_COLLECTIVE_END = re.compile(r"(?:区|县|市|州|盟|旗|镇|乡|村|街道|街镇|乡镇|镇街|社区|地|地区|部门|单位|机构|"
                             r"企业|学校|园区|政府)$")


# the characters a body's name can end with (the last of every suffix above, and brackets)
NAME_ENDS = frozenset(re.findall(r"[\u4e00-\u9fff](?=[|)])", AGENCY_SUFFIX.pattern + _COLLECTIVE_END.pattern)
                      + ["）", ")"])


def agency_shaped(name: str) -> bool:
    """The name is shaped like a body: a bureau (…局), an office (…办), a collective
    written out (各区县, 各相关部门, 属地街镇) — not merely a phrase opening with 各.  A
    bracket at its end gives another name or a unit: 市发展改革委（市粮食和物资储备局）."""
    if name[-1:] in "）)":
        name = _TRAILING_BRACKET.sub("", name)
    return bool(AGENCY_SUFFIX.search(name) or (COLLECTIVE.search(name) and _COLLECTIVE_END.search(name)))


class AgencyResolver:
    """Resolves surfaces in the context of a jurisdiction; results are cached."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self._cache: dict[tuple[str, Jurisdiction | None], Resolved | None] = {}
        self._typo_pool: dict[tuple[int, str, str], list[tuple[str, Entry]]] | None = None
        self._curated_only: dict[tuple[str, Jurisdiction | None], bool] = {}

    # ------------------------------------------------------------ public
    def resolve(self, surface: str, where: Jurisdiction | None) -> Resolved | None:
        """The canonical body for ``surface``; None when it cannot be an agency at all."""
        key = (surface, where)
        try:
            return self._cache[key]
        except KeyError:
            norm = normalise_name(surface).strip("、，,；;：:。.")
            found = self._cache[key] = self._resolve(norm, where) if norm else None
            return found

    def known(self, surface: str, where: Jurisdiction | None) -> bool:
        """True when the surface resolves to a curated body."""
        found = self.resolve(surface, where)
        return found is not None and not found.discovered

    def curated(self, surface: str, where: Jurisdiction | None) -> bool:
        """True when the surface is a curated body as written, with its place or with the
        issuer's level (no typo, bracket or shape rules): a cheap test for the many
        candidate names that discovery looks at."""
        key = (surface, where)
        found = self._curated_only.get(key)
        if found is None:
            norm = normalise_name(surface)
            found = self._curated_only[key] = bool(norm) and bool(
                self._by_marker(norm, where) or self._curated(norm, where) or self._by_place(norm, where))
        return found

    def resolve_unknown(self, surface: str, where: Jurisdiction | None) -> Resolved:
        """A surface an annotation lists as an agency though it has no agency shape:
        kept, flagged discovered, never dropped."""
        return self._discovered(normalise_name(surface), where, "unknown", "listed")

    # ------------------------------------------------------------ rules
    def _resolve(self, norm: str, where: Jurisdiction | None) -> Resolved | None:
        # the issuer sets the level of a bare name: 发展改革委 in a 广东省 plan is 省发展改革委
        found = self._by_marker(norm, where) or self._curated(norm, where)
        if found:
            return found
        party = _PARTY.match(norm)
        if party and len(norm) > party.end() + 1:      # 中共深圳市委宣传部 → 深圳市委宣传部
            return self.resolve(norm[party.end():], where)
        found = (self._by_place(norm, where)
                 or self._by_bracket(norm, where)
                 or self._by_typo(norm, where))
        if found:
            return found
        if COLLECTIVE.search(norm):
            return self._discovered(norm, where, "collective", "collective")
        if AGENCY_SUFFIX.search(norm) and len(norm) >= 2:
            return self._discovered(norm, where, "unknown", "suffix")
        return None

    def _curated(self, norm: str, where: Jurisdiction | None) -> Resolved | None:
        for rule, entries in (("gazetteer", self.gazetteer.exact(norm, normalised=True)),
                              ("contraction", self.gazetteer.contracted(norm, normalised=True))):
            entry = self._pick(entries, where)
            if entry:
                return self._from_entry(entry, where, rule)
        return None

    def _by_place(self, norm: str, where: Jurisdiction | None) -> Resolved | None:
        """深圳市罗湖区财政局 → 区财政局 of 深圳市罗湖区; 罗湖区委宣传部 → 区委宣传部."""
        levels: dict[str, str] = {}
        rest = norm
        while True:
            division = self._leading_division(rest, levels)
            if division is None:
                break
            levels[division.level] = division.name
            rest = rest[len(division.name):]
        if not levels or not rest:
            return None
        deepest = next(lv for lv in LOCAL_LEVELS if lv in levels)
        place = _complete(where, levels)
        candidate = MARKERS[deepest][0] + rest
        found = self._curated(candidate, place)
        if found:
            return _with_rule(found, "place")
        return None

    def _leading_division(self, text: str, levels: dict[str, str]):
        for size in range(min(8, len(text) - 1), 1, -1):
            parent = levels.get("city") or levels.get("province")
            division = self.gazetteer.division(text[:size], parent)
            if division and division.level in LOCAL_LEVELS and division.level not in levels:
                return division
        return None

    def _by_bracket(self, norm: str, where: Jurisdiction | None) -> Resolved | None:
        """``A（B）``, read by what the gazetteer knows of A and B:

        * B is a curated sub-unit of A: B (区文化体育局<文产办> → 区文产办, parent 区文化体育局);
        * A and B are one body: it (区出租屋综管办<租赁局> → 区租赁局);
        * both known and unrelated, or B a list: A with its other names in brackets
          (区委组织部（区公务员局）, 区委宣传部（区文明办、区政府新闻办）);
        * only one of them known: that one;
        * neither known, both shaped like bodies: A, a body nobody curated written with its
          second name (区房屋土地征收中心(区土地储备中心) in 浦东新区, 区民防办(区人防办)).
        """
        match = _BRACKET_TAIL.match(norm)
        if not match:
            return None
        outer_text, inner_text = match.group("outer"), match.group("inner")
        outer = self.resolve(outer_text, where)
        outer = outer if outer is not None and not outer.discovered else None
        inner = None
        if not re.search(r"[、，,]", inner_text):
            marker, _ = strip_marker(outer_text)
            found = self.resolve(inner_text if strip_marker(inner_text)[0] else marker + inner_text, where)
            inner = found if found is not None and not found.discovered else None
        if inner and outer and inner.parent == outer.name:
            return _with_rule(inner, "bracket-sub-unit")
        if outer:
            return _with_rule(outer, "bracket")
        if inner:
            return _with_rule(inner, "bracket")
        if agency_shaped(outer_text) and agency_shaped(inner_text):
            return self._discovered(outer_text, where, "unknown", "suffix")
        return None

    def _by_marker(self, norm: str, where: Jurisdiction | None) -> Resolved | None:
        """投资推广局 in a district plan is 区投资推广局: the issuer's level first, then upwards;
        统计局 in a State Council plan is 国家统计局."""
        if where is None or level_of_marker(norm) or norm.startswith(("各", "国家")):
            return None
        if where.central:
            return self._curated("国家" + norm, where)
        for level in LOCAL_LEVELS:
            if not where.name_at(level):
                continue
            candidate = MARKERS[level][0] + norm
            found = self._curated(candidate, where)
            if found:
                return _with_rule(found, "level-marker",
                                  Correction(norm, candidate, "level-marker"))
        return None

    def _by_typo(self, norm: str, where: Jurisdiction | None) -> Resolved | None:
        """One wrong character in a long name (区推资推广局 → 区投资推广局), if unambiguous."""
        if len(norm) < 6:
            return None
        hits = {}
        for alias, entry in self._typo_candidates().get((len(norm), norm[0], norm[-1]), ()):
            if sum(a != b for a, b in zip(alias, norm)) == 1 and self._applies(entry, where):
                hits[entry.name] = (alias, entry)
        if len(hits) != 1:
            return None
        alias, entry = next(iter(hits.values()))
        found = self._from_entry(entry, where, "typo")
        return _with_rule(found, "typo", Correction(norm, alias, "typo"))

    # ------------------------------------------------------------ helpers
    def _typo_candidates(self) -> dict[tuple[int, str, str], list[tuple[str, Entry]]]:
        """Every curated name by its length, first and last character (a typo keeps those):
        built once, whichever places the documents name."""
        if self._typo_pool is None:
            pool: dict[tuple[int, str, str], list[tuple[str, Entry]]] = {}
            for entry in self.gazetteer.entries:
                for alias in {normalise_name(a) for a in (entry.name, *entry.aliases)}:
                    if alias:
                        pool.setdefault((len(alias), alias[0], alias[-1]), []).append((alias, entry))
            self._typo_pool = pool
        return self._typo_pool

    def _applies(self, entry: Entry, where: Jurisdiction | None) -> bool:
        if entry.level == "central":
            return True
        if entry.jurisdiction:
            return where is not None and _place_matches(entry.jurisdiction, where)
        if where is None:
            return True
        return not where.central and where.name_at(self._entry_level(entry)) is not None

    @staticmethod
    def _entry_level(entry: Entry) -> str:
        return level_of_marker(entry.name) or entry.level

    def _pick(self, entries: list[Entry], where: Jurisdiction | None) -> Entry | None:
        """Prefer this place's own entry, then a template for its level, then a central body."""
        applicable = [e for e in entries if self._applies(e, where)]
        for test in (lambda e: e.jurisdiction is not None and e.level != "central",
                     lambda e: e.jurisdiction is None and e.level != "central",
                     lambda e: e.level == "central"):
            for entry in applicable:
                if test(entry):
                    return entry
        return None

    def _from_entry(self, entry: Entry, where: Jurisdiction | None, rule: str) -> Resolved:
        place = _entry_place(entry, where)
        parent = None
        if entry.parent:
            found = self.resolve(entry.parent, place)
            parent = found.name if found else entry.parent
        return Resolved(name=qualify(entry.name, place), kind=entry.kind,
                        level=entry.level, parent=parent,
                        jurisdiction=str(place) if place else entry.jurisdiction, discovered=False,
                        rule=rule)

    def _discovered(self, norm: str, where: Jurisdiction | None, kind: str, rule: str) -> Resolved:
        """A body nobody curated.  Its name is the contracted form (市房屋管理局 and 市房管局
        are one body, named 市房管局), so variants agree whatever order they come in."""
        level = level_of_marker(norm)
        if level is None and where is not None:
            level = where.level
        return Resolved(name=qualify(self.gazetteer.key(norm), where), kind=kind, level=level,
                        parent=None, jurisdiction=str(where) if where else None, discovered=True,
                        rule=rule)


def qualify(name: str, where: Jurisdiction | None) -> str:
    """区财政局 in 深圳市罗湖区 → 罗湖区财政局; 各街道办事处 → 罗湖区各街道办事处."""
    if where is None or where.central:
        return name
    marker, rest = strip_marker(name)
    if marker:
        place = where.name_at(level_of_marker(name))
        return place + rest if place else name
    if name.startswith("各") and (place := where.name_at(where.level)):
        return place + name
    return name


def _with_rule(found: Resolved, rule: str, correction: Correction | None = None) -> Resolved:
    return Resolved(found.name, found.kind, found.level, found.parent, found.jurisdiction,
                    found.discovered, rule, correction or found.correction)


def _place_matches(entry_place: str, where: Jurisdiction) -> bool:
    """An entry for 深圳市罗湖区 applies to a document of 广东省深圳市罗湖区."""
    return str(where).endswith(entry_place) and not where.central


def _entry_place(entry: Entry, where: Jurisdiction | None) -> Jurisdiction | None:
    """Central bodies have no place; a collective (各部门) belongs to whoever addresses it."""
    if entry.level == "central" and entry.kind != "collective":
        return None
    return where


def _complete(where: Jurisdiction | None, levels: dict[str, str]) -> Jurisdiction:
    base = {lv: where.name_at(lv) for lv in LOCAL_LEVELS} if where and not where.central else {}
    # a place written out replaces the document's own place from that level down
    for level in reversed(LOCAL_LEVELS):            # province, city, district
        if level in levels:
            base[level] = levels[level]
            for deeper in LOCAL_LEVELS[:LOCAL_LEVELS.index(level)]:
                if deeper not in levels:
                    base[deeper] = None
    return Jurisdiction(province=base.get("province"), city=base.get("city"),
                        district=base.get("district"))


class AgencyRegistry:
    """Collects every agency a run names, with the aliases it was written as."""

    def __init__(self) -> None:
        self._records: dict[str, _Record] = {}

    def __contains__(self, name: str) -> bool:
        return name in self._records

    def merge(self, other: AgencyRegistry) -> None:
        """Add what another registry (a worker's, for one file) has collected."""
        for name, theirs in other._records.items():
            mine = self._records.get(name)
            if mine is None:
                self._records[name] = theirs
                continue
            if replaces(mine.resolved, theirs.resolved):
                mine.resolved = theirs.resolved
            mine.aliases.update(theirs.aliases)
            mine.corrections.update(theirs.corrections)
            mine.mentions += theirs.mentions
            mine.example = mine.example or theirs.example

    def reference(self, resolved: Resolved, surface: str | None = None) -> None:
        """Record a body that is only referred to (a parent unit, an issuer), without a mention."""
        record = self._records.setdefault(resolved.name, _Record(resolved))
        if surface:
            record.aliases.setdefault(normalise_name(surface), None)

    def add(self, resolved: Resolved, surface: str, sentence: str | None = None,
            alias: str | None = None) -> None:
        """A mention: ``surface`` as written; ``alias`` the name it gives, when the
        surface carries more (an open tail: 区司法局等有关部门 names 区司法局)."""
        record = self._records.get(resolved.name)
        if record is None:
            record = self._records[resolved.name] = _Record(resolved)
        elif replaces(record.resolved, resolved):
            record.resolved = resolved
        alias = alias or surface
        if alias not in record.aliases:
            record.aliases[normalise_name(alias)] = None
            record.aliases[alias] = None
        if resolved.correction:
            record.corrections[resolved.correction] = None
        record.mentions += 1
        if record.example is None and sentence:
            record.example = sentence

    def agencies(self) -> list[Agency]:
        return [Agency(name=name, aliases=tuple(sorted(r.aliases)), kind=r.resolved.kind,
                       level=r.resolved.level, parent=r.resolved.parent,
                       jurisdiction=r.resolved.jurisdiction, discovered=r.resolved.discovered,
                       corrections=tuple(r.corrections), mentions=r.mentions, example=r.example)
                for name, r in sorted(self._records.items())]
