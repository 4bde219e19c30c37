"""The look every view shares: role names and colours, group and kind colours, short names.

One table of colours means 主 is the same red in the spreadsheet, the chart and the report.
"""
from __future__ import annotations

import colorsys
import re
from collections import Counter
from collections.abc import Iterable

from govgraph.model import ROLES
from govgraph.views.labels import role_label

ROLE_NAMES = {role: role_label(role) for role in ROLES}        # from data/labels.csv
ROLE_COLOURS = {"lead": "#c0392b", "support": "#2471a3", "responsible": "#d68910"}

# A community is a 协作群组 (社区 would read as a neighbourhood, and 社区工作站 is an agency)
GROUP = "协作群组"
# Tableau 10, told apart by most colour-blind readers, then ten more of Tableau 20 that differ
# from them; past twenty, hues a golden angle apart, so no two groups share a colour
COMMUNITY_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
                     "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
                     "#a0cbe8", "#ffbe7d", "#8cd17d", "#b6992d", "#499894",
                     "#d37295", "#79706e", "#d4a6c8", "#f1ce63", "#d7b5a6")
OTHER = "#d0d3d4"
KIND_COLOURS = {"bureau": "#4e79a7", "office": "#76b7b2", "center": "#59a14f", "branch": "#9c755f",
                "party": "#e15759", "government": "#b07aa1", "street": "#edc948", "collective": "#f28e2b",
                "legislature": "#ff9da7", "cppcc": "#ff9da7", "court": "#bab0ac", "procuratorate": "#bab0ac"}

_PLACE = re.compile(r"^.{1,6}?[省市区县州旗盟]")


def community_colour(community: int) -> str:
    """The colour of 协作群组 ``community`` (numbered from 1)."""
    if community <= len(COMMUNITY_COLOURS):
        return COMMUNITY_COLOURS[community - 1]
    red, green, blue = colorsys.hls_to_rgb((community * 0.381966) % 1.0, 0.55, 0.5)
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"


def group_name(community: int) -> str:
    return f"{GROUP} {community}"


def kind_colour(kind: str) -> str:
    return KIND_COLOURS.get(kind, OTHER)


def short_names(names: Iterable[str]) -> dict[str, str]:
    """Names without the place most of them start with: 罗湖区科技创新局 → 科技创新局.

    For labels in pictures, where room is short; hovering or a table still gives the whole
    name.  A place only some of the names share is kept.
    """
    names = list(names)
    places = Counter(m.group(0) for name in names if (m := _PLACE.match(name)))
    place, count = places.most_common(1)[0] if places else ("", 0)
    if count * 2 < len(names):
        place = ""
    return {name: name[len(place):] if place and name.startswith(place) and len(name) - len(place) >= 2
            else name for name in names}
