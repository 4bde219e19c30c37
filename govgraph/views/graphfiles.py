"""The collaboration network for Gephi and other graph tools: GEXF and GraphML.

Both carry every agency's numbers and community as node attributes and each link's
weight and shared task ids as edge attributes (``queries.network.to_graph``), so Gephi
can size, colour and filter without recomputing anything.
"""
from __future__ import annotations

from govgraph.queries.network import Network, to_graph


def write_gexf(network: Network, out, directed: bool = False) -> None:
    import networkx as nx

    nx.write_gexf(to_graph(network, directed), out)


def write_graphml(network: Network, out, directed: bool = False) -> None:
    import networkx as nx

    nx.write_graphml(to_graph(network, directed), out)
