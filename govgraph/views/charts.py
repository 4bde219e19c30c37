"""Static pictures with matplotlib: the network and the workload ranking as PNG or SVG.

matplotlib's own fonts have no Chinese, and its font cache only knows the fonts that were
there when it was built, so a CJK font is looked for by name and then among the system's
font files, and registered; with none, the error says what to install.  Figures are made
with ``matplotlib.figure.Figure`` (no pyplot, no GUI backend), and SVG text is drawn as
paths so the file looks the same on a machine without the font.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from govgraph.errors import MissingDependencyError
from govgraph.queries.network import Network
from govgraph.queries.workload import AgencyWorkload
from govgraph.views.layout import positions, radius
from govgraph.views.style import ROLE_COLOURS, ROLE_NAMES, community_colour, short_names

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
                "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei", "PingFang SC", "Hiragino Sans GB",
                "Heiti SC", "Noto Sans CJK JP", "Droid Sans Fallback", "Arial Unicode MS")
CJK_FILES = ("notosanscjk", "notoserifcjk", "notosanssc", "sourcehansans", "wqy", "msyh", "simhei",
             "simsun", "droidsansfallback", "ukai", "uming")
CHART_AGENCIES = 30          # bars in the workload chart: the busiest agencies
DPI = 150


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


def _figure(width: float, height: float):
    import matplotlib

    from matplotlib.figure import Figure

    matplotlib.rcParams.update({"font.family": "sans-serif",
                                "font.sans-serif": [cjk_font(), "DejaVu Sans"],
                                "axes.unicode_minus": False, "svg.fonttype": "path", "svg.hashsalt": "govgraph"})
    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


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
    """The collaboration network: the page's layout, sizes and community colours."""
    where = positions(network)
    names = short_names(a.name for a in network.agencies)
    figure = _figure(12, 8.5)
    axes = figure.add_subplot()
    axes.set_axis_off()
    from matplotlib.collections import LineCollection

    top = max((link.weight for link in network.links), default=1)
    axes.add_collection(LineCollection(
        [(where[link.source], where[link.target]) for link in network.links], colors="#85929e", alpha=0.4,
        linewidths=[0.3 + 3 * link.weight / top for link in network.links], zorder=1))
    sizes = [radius(agency, network) * 0.8 for agency in network.agencies]     # radius in points
    axes.scatter([where[a.name][0] for a in network.agencies], [where[a.name][1] for a in network.agencies],
                 s=[(2 * size) ** 2 for size in sizes], c=[community_colour(a.community) for a in network.agencies],
                 edgecolors="white", linewidths=0.8, zorder=2)
    for agency, size in zip(network.agencies, sizes):
        axes.annotate(names[agency.name], where[agency.name], xytext=(size + 2, -3), textcoords="offset points",
                      fontsize=7, zorder=3)
    axes.set_xlim(-0.03, 1.12)
    axes.set_ylim(1.03, -0.03)          # the layout's y grows downwards, as on the page
    axes.set_title(f"部门协作网络：{len(network.agencies)} 个机构，{len(network.links)} 条协作关系，"
                   f"{len(network.communities)} 个社区")
    return figure


def workload_png(rows: list[AgencyWorkload], out) -> None:
    _save(workload_figure(rows), out, "png")


def workload_svg(rows: list[AgencyWorkload], out) -> None:
    _save(workload_figure(rows), out, "svg")


def network_png(network: Network, out) -> None:
    _save(network_figure(network), out, "png")


def network_svg(network: Network, out) -> None:
    _save(network_figure(network), out, "svg")
