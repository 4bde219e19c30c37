"""Static pictures with matplotlib: the network and the workload ranking as PNG or SVG.

matplotlib's own fonts have no Chinese, and its font cache only knows the fonts that were
there when it was built, so a CJK font is looked for by name and then among the system's
font files, and registered; with none, the error says what to install.  Figures are made
with ``matplotlib.figure.Figure`` (no pyplot, no GUI backend).  matplotlib is the ``charts``
extra: without it these pictures say so in one line (the HTML views draw their own SVG).  SVG text stays text
(``<text>`` naming the CJK family, then generic sans-serif), so it can be searched,
copied and translated; a viewer without that font uses its own Chinese font.
"""
from __future__ import annotations

import math
import os
from functools import lru_cache
from pathlib import Path

from govgraph.errors import MissingDependencyError, require
from govgraph.queries.network import Network
from govgraph.queries.workload import AgencyWorkload
from govgraph.views.layout import (FONT, SIZE_MEANS, WEIGHT_MEANS, frame, labels, link_width, radius, score_radius,
                                   size_steps, text_width, top_score, weight_steps)
from govgraph.views.style import GROUP, ROLE_COLOURS, ROLE_NAMES, community_colour, group_name, short_names

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
                "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei", "PingFang SC", "Hiragino Sans GB",
                "Heiti SC", "Noto Sans CJK JP", "Droid Sans Fallback", "Arial Unicode MS")
CJK_FILES = ("notosanscjk", "notoserifcjk", "notosanssc", "sourcehansans", "wqy", "msyh", "simhei",
             "simsun", "droidsansfallback", "ukai", "uming")
CHART_AGENCIES = 30          # bars in the workload chart: the busiest agencies
DPI = 150
LEGEND_ROWS = 18             # rows of a legend column beside the network
ALIGN = {"start": "left", "middle": "center", "end": "right"}      # SVG's text-anchor in matplotlib


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """The family name of an installed CJK font, registered with matplotlib's font manager.

    ``$GOVGRAPH_CJK_FONT`` may name a font file to use instead.
    """
    from matplotlib import font_manager

    if chosen := os.environ.get("GOVGRAPH_CJK_FONT"):
        if not Path(chosen).is_file():
            raise MissingDependencyError(f"GOVGRAPH_CJK_FONT={chosen}: no such font file")
        return _register(font_manager, chosen)
    known = {font.name for font in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in known:
            return family
    for path in sorted(font_manager.findSystemFonts()):
        if any(pattern in Path(path).name.lower().replace("-", "").replace("_", "") for pattern in CJK_FILES):
            return _register(font_manager, path)
    raise MissingDependencyError(
        "no CJK font found for Chinese labels in pictures; install one (Debian/Ubuntu: "
        "apt-get install fonts-noto-cjk) or set GOVGRAPH_CJK_FONT=/path/to/font.ttc")


def _register(font_manager, path: str) -> str:
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def _figure(width: float, height: float, layout: str | None = "constrained"):
    matplotlib = require("matplotlib", "charts", "PNG and SVG pictures")
    from matplotlib.figure import Figure

    matplotlib.rcParams.update({"font.family": "sans-serif",
                                "font.sans-serif": [cjk_font(), "DejaVu Sans"],
                                "axes.unicode_minus": False, "svg.fonttype": "none", "svg.hashsalt": "govgraph"})
    return Figure(figsize=(width, height), dpi=DPI, layout=layout)


def _save(figure, out, fmt: str) -> None:
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}   # the same file every run
    figure.savefig(out, format=fmt, metadata=metadata)


def workload_figure(rows: list[AgencyWorkload]):
    """The busiest agencies as bars of tasks per role, stacked, busiest on top."""
    top = sorted(rows, key=lambda r: (-r.score, r.agency))[:CHART_AGENCIES][::-1]
    names = short_names(r.agency for r in top)
    figure = _figure(8, 1.2 + 0.28 * len(top))
    axes = figure.add_subplot()
    left = [0] * len(top)
    for role in ROLE_NAMES:
        counts = [getattr(r, role) for r in top]
        axes.barh([names[r.agency] for r in top], counts, left=left, color=ROLE_COLOURS[role],
                  label=ROLE_NAMES[role], height=0.7)
        left = [a + b for a, b in zip(left, counts)]
    axes.set_xlabel("任务数")
    axes.set_title(f"各单位任务量（前 {len(top)} 名，按加权得分排序）")
    axes.legend(loc="lower right", frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return figure


def network_figure(network: Network):
    """The collaboration network as on the page — layout, sizes, group colours, labels that
    do not collide (the rest left out) — with legends for colour, size and link width."""
    figure = _figure(13, 8.5, layout=None)         # axes and legends placed by hand
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    width, height = 960, 680                       # the page's frame, in pixels
    where = frame(network, width, height)
    names = short_names(a.name for a in network.agencies)
    axes = figure.add_axes((0.01, 0.02, 0.76, 0.9))
    axes.set_axis_off()
    axes.set_xlim(0, width)
    axes.set_ylim(height, 0)                       # y grows downwards, as on the page
    axes.set_aspect("equal")
    point = min(0.76 * 13 / width, 0.9 * 8.5 / height) * 72     # points per pixel
    heaviest = max((link.weight for link in network.links), default=1)
    axes.add_collection(LineCollection(
        [(where[link.source], where[link.target]) for link in network.links], colors="#85929e", alpha=0.45,
        linewidths=[link_width(link.weight, heaviest) * point for link in network.links], zorder=1))
    sizes = [radius(agency, network) for agency in network.agencies]
    axes.scatter([where[a.name][0] for a in network.agencies], [where[a.name][1] for a in network.agencies],
                 s=[(2 * r * point) ** 2 for r in sizes], c=[community_colour(a.community) for a in network.agencies],
                 edgecolors="white", linewidths=0.8, zorder=2)
    places = labels([(names[a.name], *where[a.name], r) for a, r in zip(network.agencies, sizes)],
                    lambda text: text_width(text, FONT), FONT, (width, height))
    for agency, place in zip(network.agencies, places):
        if place:
            axes.annotate(names[agency.name], where[agency.name], xytext=(place.dx * point, -place.dy * point),
                          textcoords="offset points", ha=ALIGN[place.anchor], va="baseline",
                          fontsize=FONT * point, zorder=3)
    figure.suptitle(f"部门协作网络：{len(network.agencies)} 个机构，{len(network.links)} 条协作关系，"
                    f"{len(network.communities)} 个{GROUP}", x=0.4)
    top = top_score(network)
    count = len(network.communities)            # past a column of them, groups go by number alone
    groups = [Line2D([], [], ls="", marker="o", ms=8, mfc=community_colour(n), mec="white",
                     label=group_name(n) if count <= LEGEND_ROWS else str(n)) for n in range(1, count + 1)]
    circles = [Line2D([], [], ls="", marker="o", ms=2 * score_radius(score, top) * point, mfc="#bfc9ca",
                      mec="white", label=f"{score:g}") for score in size_steps(network)]
    widths = [Line2D([], [], color="#85929e", lw=link_width(w, heaviest) * point, label=f"{w} 项")
              for w in weight_steps(network)]
    for title, handles, y, spacing in ((f"颜色：{GROUP}" + ("编号" if count > LEGEND_ROWS else ""), groups, 0.95, 0.4),
                                       (SIZE_MEANS.replace("：", "\n", 1), circles, 0.42, 2.6),
                                       (WEIGHT_MEANS.replace("：", "\n", 1), widths, 0.17, 0.6)):
        if handles:
            figure.legend(handles=handles, title=title, loc="upper left", bbox_to_anchor=(0.78, y), frameon=False,
                          fontsize=7, title_fontsize=8, labelspacing=spacing, borderpad=1.2, handletextpad=1.5,
                          ncols=math.ceil(len(handles) / LEGEND_ROWS), alignment="left",
                          columnspacing=1.0)
    return figure


def workload_png(rows: list[AgencyWorkload], out) -> None:
    _save(workload_figure(rows), out, "png")


def workload_svg(rows: list[AgencyWorkload], out) -> None:
    _save(workload_figure(rows), out, "svg")


def network_png(network: Network, out) -> None:
    _save(network_figure(network), out, "png")


def network_svg(network: Network, out) -> None:
    _save(network_figure(network), out, "svg")
