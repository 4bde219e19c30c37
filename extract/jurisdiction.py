"""Which government a document speaks for: 国务院, 广东省, 深圳市, 深圳市罗湖区 …

A bare ``区财政局`` means the finance bureau of the issuing district, so the issuer
sets the level and place of every name written without one.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from govgraph.gazetteer import Gazetteer
from govgraph.extract.text import squeeze

# Level markers that open a local name: 省财政厅, 市财政局, 区财政局 / 县财政局.
MARKERS = {"province": ("省", "自治区"), "city": ("市", "州", "盟"), "district": ("区", "县", "旗")}
LOCAL_LEVELS = ("district", "city", "province")          # deepest first

_CENTRAL_ISSUER = re.compile(r"^(?:中共中央|国务院|全国人大|全国人民代表大会|中央|最高人民|"
                             r"中华人民共和国|国家[\u4e00-\u9fff]{1,12}(?:委员会|委|局|署|院)|"
                             r"[\u4e00-\u9fff]{1,8}部(?:办公厅)?$)")
_DIVISION_GUESS = re.compile(r"([\u4e00-\u9fff]{1,6}?(?:省|自治区))?([\u4e00-\u9fff]{1,6}?市)?"
                             r"([\u4e00-\u9fff]{1,5}?[区县旗])?")


class Jurisdiction(NamedTuple):
    """A place in the hierarchy; ``central`` for the State Council and ministries.
    A tuple, because every agency lookup is keyed by it and hashes it."""

    central: bool = False
    province: str | None = None
    city: str | None = None
    district: str | None = None

    @property
    def level(self) -> str | None:
        if self.central:
            return "central"
        for level in LOCAL_LEVELS:
            if getattr(self, level):
                return level
        return None

    def name_at(self, level: str | None) -> str | None:
        return getattr(self, level, None) if level in LOCAL_LEVELS else None

    def within(self, other: Jurisdiction) -> bool:
        """True when every level ``other`` names is the same here (罗湖区 is within 深圳市)."""
        if other.central:
            return self.central
        return all(getattr(other, lv) in (None, getattr(self, lv)) for lv in LOCAL_LEVELS) \
            and any(getattr(other, lv) for lv in LOCAL_LEVELS)

    def __str__(self) -> str:
        if self.central:
            return "中华人民共和国"
        return "".join(dict.fromkeys(x for x in (self.province, self.city, self.district) if x))


CENTRAL = Jurisdiction(central=True)


def level_of_marker(name: str) -> str | None:
    """The level a name's opening marker names: 市财政局 → city.  市场监管局 has none."""
    if name.startswith("市场") and not name.startswith("市市场"):
        return None
    for level in LOCAL_LEVELS:
        for marker in MARKERS[level]:
            if name.startswith(marker):
                return level
    return None


def strip_marker(name: str) -> tuple[str, str]:
    """Split 市财政局 into ('市', '财政局'); names without a marker give ('', name)."""
    level = level_of_marker(name)
    if level:
        for marker in MARKERS[level]:
            if name.startswith(marker):
                return marker, name[len(marker):]
    return "", name


class JurisdictionFinder:
    """Reads a jurisdiction off issuer names and titles, using the divisions table."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self._longest = max(map(len, gazetteer.divisions), default=0)

    def find(self, *texts: str | None) -> Jurisdiction | None:
        """The first text that names a government decides; central issuers give CENTRAL."""
        for text in texts:
            if not text:
                continue
            name = squeeze(text)
            if name.startswith("中共"):
                name = name[2:]
            found = self._from_divisions(name)
            if found:
                return found
            if _CENTRAL_ISSUER.match(name):
                return CENTRAL
        return None

    def _from_divisions(self, text: str) -> Jurisdiction | None:
        if not self._longest:
            return self._guess(text)
        levels: dict[str, str] = {}
        pos = 0
        # only a run of division names at the start counts: 深圳市罗湖区人民政府
        while (name := self._division_at(text, pos)) is not None:
            parent = levels.get("city") or levels.get("province")
            division = self.gazetteer.division(name, parent)
            assert division is not None               # _division_at found the name
            levels.setdefault(division.level, division.name)
            pos += len(name)
        if not levels:
            return None
        return self._complete(levels)

    def _division_at(self, text: str, pos: int) -> str | None:
        """The longest division name starting at ``pos``."""
        for size in range(min(self._longest, len(text) - pos), 1, -1):
            if text[pos:pos + size] in self.gazetteer.divisions:
                return text[pos:pos + size]
        return None

    def _complete(self, levels: dict[str, str]) -> Jurisdiction:
        """Fill in the parents the text left out (罗湖区 → 深圳市 → 广东省)."""
        for child, parent_level in (("district", "city"), ("city", "province")):
            name = levels.get(child)
            division = self.gazetteer.division(name) if name else None
            if division and division.parent and parent_level not in levels:
                parent = self.gazetteer.division(division.parent)
                # a district of a municipality (北京市东城区) has the province as parent
                levels[parent.level if parent else parent_level] = division.parent
        if "province" in levels and "city" not in levels and levels["province"].endswith("市"):
            levels["city"] = levels["province"]     # 直辖市: both province and city
        return Jurisdiction(province=levels.get("province"), city=levels.get("city"),
                            district=levels.get("district"))

    @staticmethod
    def _guess(text: str) -> Jurisdiction | None:
        match = _DIVISION_GUESS.match(text)
        if not match or not any(match.groups()):
            return None
        province, city, district = match.groups()
        return Jurisdiction(province=province, city=city, district=district)
