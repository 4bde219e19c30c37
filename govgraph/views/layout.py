"""Where each agency sits in a picture of the network, and how big it is drawn.

The interactive page and the PNG/SVG files place agencies the same way, so a director
comparing the two finds each bureau where it was.  Heavier links pull harder (spring
layout weighted by shared tasks); the seed makes every run draw the same.
"""
from __future__ import annotations

import math

from govgraph.queries.network import SEED, Network, NetworkAgency


def radius(agency: NetworkAgency, network: Network, smallest: float = 5.0, largest: float = 22.0) -> float:
    """Area grows with the workload score, so a bureau with four times the work looks four times as big."""
    top = max((a.score for a in network.agencies), default=0) or 1.0
    return round(smallest + (largest - smallest) * (agency.score / top) ** 0.5, 1)


def positions(network: Network, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Agency → (x, y) in the unit square, y growing downwards."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(a.name for a in network.agencies)
    graph.add_weighted_edges_from((link.source, link.target, link.weight) for link in network.links)
    if len(graph) < 2:
        return dict.fromkeys(graph, (0.5, 0.5))
    raw = _spread({name: (float(x), float(y)) for name, (x, y) in
                   nx.spring_layout(graph, weight="weight", seed=seed, iterations=100).items()})
    xs, ys = [p[0] for p in raw.values()], [p[1] for p in raw.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {name: (round((x - min(xs)) / span_x, 4), round((max(ys) - y) / span_y, 4))
            for name, (x, y) in raw.items()}


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
