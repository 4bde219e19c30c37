"""The collaboration network for Gephi and other graph tools: GEXF and GraphML.

Both carry every agency's numbers and 协作群组 (numbered from 1, as in every output) as node
attributes and each link's weight and shared task ids as edge attributes
(``queries.network.to_graph``), so Gephi can size, colour and filter without recomputing
anything.  They also carry what the pictures show — each agency's position, its group's
colour and its size — so the file opens laid out as on the page: GEXF in its ``viz``
elements, GraphML (which has none) as the ``x``, ``y``, ``r``, ``g``, ``b`` and ``size``
attributes Gephi's importer reads.  Positions are the page's pixels with y growing
upwards, as Gephi draws.
"""
from __future__ import annotations

from govgraph.queries.network import Network, to_graph
from govgraph.views.layout import frame, radius
from govgraph.views.style import community_colour

WIDTH, HEIGHT = 960, 680


def _drawn(network: Network) -> dict[str, dict]:
    """Agency → position (x, y up), colour (r, g, b) and size, as the pictures draw it."""
    where = frame(network, WIDTH, HEIGHT)
    drawn = {}
    for agency in network.agencies:
        colour = community_colour(agency.community)
        x, y = where[agency.name]
        drawn[agency.name] = {"x": x, "y": round(HEIGHT - y, 1), "size": radius(agency, network),
                              **{c: int(colour[i:i + 2], 16) for c, i in (("r", 1), ("g", 3), ("b", 5))}}
    return drawn


def write_gexf(network: Network, out, directed: bool = False) -> None:
    import networkx as nx

    graph = to_graph(network, directed)
    for name, d in _drawn(network).items():
        graph.nodes[name]["viz"] = {"position": {"x": d["x"], "y": d["y"], "z": 0.0},
                                    "color": {"r": d["r"], "g": d["g"], "b": d["b"], "a": 1.0},
                                    "size": d["size"]}
    nx.write_gexf(graph, out)


def write_graphml(network: Network, out, directed: bool = False) -> None:
    import networkx as nx

    graph = to_graph(network, directed)
    for name, d in _drawn(network).items():
        graph.nodes[name].update(d)
    nx.write_graphml(graph, out)
