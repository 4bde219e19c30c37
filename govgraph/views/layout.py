"""Where each agency sits in a picture of the network, how big it is drawn, and where its label goes.

The interactive page, the PNG/SVG files and the GEXF/GraphML files place agencies the same
way, so a director comparing them finds each bureau where it was.  Each connected part of
the network is laid out on its own (spring layout weighted by shared tasks; the seed makes
every run draw the same; no scipy, whatever the size) and the parts are packed side by side, biggest first, so parts
that share no task never land in one heap.  Labels are placed busiest agency first beside
their node where they overlap no other label or node; the ones that find no room are left
for hovering (page) or left out (PNG/SVG), never drawn over another.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from govgraph.queries.network import SEED, Network, NetworkAgency, links_both_ways

ASPECT = 1.4            # width / height of the pictures the packing aims at
MARGIN = 30             # pixels around the network in a frame
FONT = 11               # label size in pixels
GAP = 0.35              # room between packed parts, in units of a single agency's radius
BLOCK = 256             # rows of node-by-node forces the spring layout holds at once

SIZE_MEANS = "圆的大小：加权任务量（主办 1、协办 0.5、责任 1）"
WEIGHT_MEANS = "连线粗细：共同任务数"


def radius(agency: NetworkAgency, network: Network) -> float:
    """Area grows with the workload score, so a bureau with four times the work looks four times as big."""
    return score_radius(agency.score, top_score(network))


def top_score(network: Network) -> float:
    return max((a.score for a in network.agencies), default=0) or 1.0


def score_radius(score: float, top: float, smallest: float = 5.0, largest: float = 22.0) -> float:
    return round(smallest + (largest - smallest) * (score / top) ** 0.5, 1)


def link_width(weight: int, top: int) -> float:
    """A link's width in pixels: one shared task is a hairline, the heaviest pair 5.6."""
    return round(0.6 + 5 * weight / (top or 1), 2)


def size_steps(network: Network) -> list[float]:
    """The workload scores a legend of node sizes shows: the highest, a quarter of it (if some
    agency is that small) and the lowest."""
    scores = [a.score for a in network.agencies]
    if not scores:
        return []
    return sorted({s for s in (max(scores), round(max(scores) / 4, 1), min(scores)) if s >= min(scores)}, reverse=True)


def weight_steps(network: Network) -> list[int]:
    """The link weights a legend shows: the heaviest, a middle one and 1."""
    top = max((link.weight for link in network.links), default=0)
    return sorted({top, max(1, top // 2), 1}, reverse=True) if top else []


def positions(network: Network, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Agency → (x, y) in the unit square, y growing downwards."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(a.name for a in network.agencies)
    graph.add_weighted_edges_from((link.source, link.target, link.weight) for link in network.links)
    if len(graph) < 2:
        return dict.fromkeys(graph, (0.5, 0.5))
    parts = sorted((sorted(part) for part in nx.connected_components(graph)), key=lambda p: (-len(p), p[0]))
    raw = _pack([_part(_ordered(graph, part), seed) for part in parts])
    xs, ys = [p[0] for p in raw.values()], [p[1] for p in raw.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {name: (round((x - min(xs)) / span_x, 4), round((y - min(ys)) / span_y, 4))
            for name, (x, y) in raw.items()}


def frame(network: Network, width: float, height: float) -> dict[str, tuple[float, float]]:
    """``positions`` in a picture ``width`` by ``height`` pixels, inside a margin."""
    return {name: (round(MARGIN + x * (width - 2 * MARGIN), 1), round(MARGIN + y * (height - 2 * MARGIN), 1))
            for name, (x, y) in positions(network).items()}


def _ordered(graph, part: list[str]):
    """The part as a graph of its own, nodes in name order and edges as the network lists them
    (a subgraph view iterates a set, whose order changes from run to run, and so would the layout)."""
    import networkx as nx

    sub = nx.Graph()
    sub.add_nodes_from(part)
    sub.add_edges_from((a, b, data) for a in part for b, data in graph[a].items() if a < b)
    return sub


def _part(graph, seed: int) -> dict[str, tuple[float, float]]:
    """One connected part in a disc whose area grows with its agencies, centred on 0."""
    names = sorted(graph)
    if len(names) == 1:
        return {names[0]: (0.0, 0.0)}
    if len(names) == 2:
        return {names[0]: (-0.7, 0.0), names[1]: (0.7, 0.0)}
    disc = math.sqrt(len(names))
    return {name: (x * disc, y * disc) for name, (x, y) in _spread(spring(graph, seed)).items()}


def spring(graph, seed: int, iterations: int = 100, block: int = BLOCK) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold with links weighted by shared tasks: networkx's ``spring_layout``
    as it computes a part under 500 nodes, from the same seeded start, but ``block`` rows of
    the node-by-node forces at a time.  So a part of any size costs memory in proportion to
    its nodes, not their square, and needs no scipy (networkx switches to scipy's sparse
    solver at 500 nodes); the pictures of small networks are those networkx draws."""
    import numpy as np

    names = list(graph)
    count = len(names)
    if not count:
        return {}
    heads, tails, weights = links_both_ways(graph)
    blocks = [(lo, min(count, lo + block)) for lo in range(0, count, block)]
    mine = [(heads >= lo) & (heads < hi) for lo, hi in blocks]
    pos = np.random.RandomState(seed).rand(count, 2)
    k = math.sqrt(1.0 / count)
    t = max(np.ptp(pos[:, 0]), np.ptp(pos[:, 1])) * 0.1
    cooling = t / (iterations + 1)
    for _ in range(iterations):
        step = np.empty_like(pos)
        for (lo, hi), rows in zip(blocks, mine):
            delta = pos[lo:hi, None, :] - pos[None, :, :]
            distance = np.linalg.norm(delta, axis=-1)
            np.clip(distance, 0.01, None, out=distance)
            weight = np.zeros((hi - lo, count))
            weight[heads[rows] - lo, tails[rows]] = weights[rows]
            push = np.einsum("ijk,ij->ik", delta, k * k / distance ** 2 - weight * distance / k)
            length = np.linalg.norm(push, axis=-1)
            step[lo:hi] = push * (t / np.clip(length, 0.01, None))[:, None]
        pos += step
        t -= cooling
        if np.linalg.norm(step) / count < 1e-4:
            break
    return {name: (float(x), float(y)) for name, (x, y) in zip(names, pos)}


def _pack(parts: list[dict[str, tuple[float, float]]]) -> dict[str, tuple[float, float]]:
    """Parts (biggest first) in rows of a frame about ``ASPECT`` times as wide as it is high."""
    sides = [2 * max([1.0, *(math.hypot(x, y) for x, y in part.values())]) + 2 * GAP for part in parts]
    width = max(max(sides), math.sqrt(sum(s * s for s in sides) * ASPECT))
    placed, x, y, row = {}, 0.0, 0.0, 0.0
    for part, side in zip(parts, sides):
        if x and x + side > width:
            x, y, row = 0.0, y + row, 0.0
        for name, (px, py) in part.items():
            placed[name] = (x + side / 2 + px, y + side / 2 + py)
        x, row = x + side, max(row, side)
    return placed


def _spread(points: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """A spring layout packs the busy core tight and flings loosely tied agencies far out.
    Moving each agency along its ray from the centre, so that distances are spread evenly
    over a disc by rank, keeps every direction and the core-to-edge order and gives the core
    room for its labels."""
    cx = sum(x for x, _ in points.values()) / len(points)
    cy = sum(y for _, y in points.values()) / len(points)
    ranked = sorted(points, key=lambda name: (math.hypot(points[name][0] - cx, points[name][1] - cy), name))
    spread = {}
    for rank, name in enumerate(ranked):
        dx, dy = points[name][0] - cx, points[name][1] - cy
        length = math.hypot(dx, dy) or 1.0
        scale = math.sqrt((rank + 0.5) / len(ranked)) / length
        spread[name] = (dx * scale, dy * scale)
    return spread


def text_width(text: str, size: float) -> float:
    """About how wide ``text`` is in a sans-serif font of ``size``: a Chinese character is a
    square, a Latin letter or digit about 0.6 of one."""
    return sum(size if ord(c) >= 0x2E80 else size * 0.6 for c in text)


@dataclass(frozen=True, slots=True)
class Label:
    """Where a label's text starts relative to its node's centre, and how it is anchored."""
    dx: float
    dy: float           # of the text's baseline
    anchor: str         # "start", "middle" or "end", as in SVG


def labels(nodes: list[tuple[str, float, float, float]], text_width: Callable[[str], float],
           height: float, bounds: tuple[float, float]) -> list[Label | None]:
    """Label places for ``nodes`` — (label, x, y, radius) in drawing units, most important
    first — inside ``bounds`` (width, height) and over no other node or placed label;
    ``None`` where none is free.

    Greedy, trying right, left, above and below in turn; boxes are kept in a grid of cells
    four label heights wide, so each test looks only at the boxes near it.
    """
    grid: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}
    cell = max(height, 1.0) * 4

    def cells(box):
        return [(i, j) for i in range(int(box[0] // cell), int(box[2] // cell) + 1)
                for j in range(int(box[1] // cell), int(box[3] // cell) + 1)]

    def free(box) -> bool:
        if box[0] < 0 or box[1] < 0 or box[2] > bounds[0] or box[3] > bounds[1]:
            return False
        return not any(box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3]
                       for c in cells(box) for o in grid.get(c, ()))

    def take(box) -> None:
        for c in cells(box):
            grid.setdefault(c, []).append(box)

    for _, x, y, r in nodes:
        take((x - r, y - r, x + r, y + r))
    placed: list[Label | None] = []
    for text, x, y, r in nodes:
        width = text_width(text)
        placed.append(None)
        for label, box in (
                (Label(r + 2, height * 0.35, "start"), (x + r + 2, y - height / 2, x + r + 2 + width, y + height / 2)),
                (Label(-r - 2, height * 0.35, "end"), (x - r - 2 - width, y - height / 2, x - r - 2, y + height / 2)),
                (Label(0, -r - 3, "middle"), (x - width / 2, y - r - 3 - height, x + width / 2, y - r - 3)),
                (Label(0, r + 2 + height * 0.8, "middle"), (x - width / 2, y + r + 2, x + width / 2, y + r + 2 + height))):
            if free(box):
                take(box)
                placed[-1] = label
                break
    return placed
