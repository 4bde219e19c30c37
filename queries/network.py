"""The collaboration network: agencies linked by the tasks they share (部门协作网络).

Two agencies are linked when both hold a role on one task; the link's weight is the
number of such tasks.  The directed view links each lead to each support of a task
(牵头 → 配合).  Per agency: degree, weighted degree, betweenness (shortest paths with
length 1/weight, so close partners are near), eigenvector centrality, and a community
(Louvain, seeded, so a run is repeatable).  A broker has partners in another community and
more betweenness than the average agency: the shortest ways between communities run
through it.
Collectives (罗湖区各街道办事处) take part unless excluded, since they stand for many bodies
and can dwarf everyone else.

The links are aggregation queries the store runs (``SHARED``, ``LED``: pairs of agencies
and the tasks they share); networkx sees only the aggregated agency graph — hundreds of
nodes — for centralities, communities and layout, never the task graph.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from govgraph.graph.schema import ROLE_RELATIONS
from govgraph.queries.workload import COLLECTIVE, TaskInfo, documents, task_infos, task_numbers, workload

if TYPE_CHECKING:
    import networkx as nx

    from govgraph.graph.cypher import CypherStore

SEED = 42
SHOWN_TASKS = 10            # tasks of a link whose text the network carries, for its page
ROLES_ANY = "|".join(ROLE_RELATIONS.values())
NO_COLLECTIVES = f" AND coalesce(a.kind, '') <> '{COLLECTIVE}' AND coalesce(b.kind, '') <> '{COLLECTIVE}'"
SHARED = (f"MATCH (a:Agency)-[:{ROLES_ANY}]->(t:Task)<-[:{ROLES_ANY}]-(b:Agency) WHERE a.name < b.name{{keep}} "
          "RETURN a.name AS source, b.name AS target, collect(DISTINCT t.id) AS tasks")
LED = ("MATCH (a:Agency)-[:LEADS]->(t:Task)<-[:SUPPORTS]-(b:Agency) WHERE a.name <> b.name{keep} "
       "RETURN a.name AS source, b.name AS target, collect(DISTINCT t.id) AS tasks")


@dataclass(frozen=True, slots=True)
class NetworkAgency:
    name: str
    kind: str
    community: int              # its 协作群组, numbered from 1 (the largest) in every output:
                                # network.communities[community - 1]
    tasks: int                  # tasks with any role
    lead: int
    support: int
    responsible: int
    score: float                # the default-weighted workload: the node's size
    degree: int                 # partners
    weighted_degree: int        # shared tasks summed over partners
    betweenness: float
    eigenvector: float
    bridges: tuple[int, ...]    # the other communities (numbers) it has partners in
    broker: bool


@dataclass(frozen=True, slots=True)
class Link:
    source: str                 # undirected links: source < target
    target: str
    weight: int                 # shared tasks
    tasks: tuple[str, ...]      # their ids, in document order


@dataclass(frozen=True, slots=True)
class Network:
    agencies: tuple[NetworkAgency, ...]     # by workload, highest first
    links: tuple[Link, ...]                 # heaviest first
    directed: tuple[Link, ...]              # lead → support, heaviest first
    communities: tuple[tuple[str, ...], ...]
    tasks: dict[str, TaskInfo]              # the first SHOWN_TASKS of each link, by id

    @property
    def brokers(self) -> list[NetworkAgency]:
        """The brokers, most between first."""
        return sorted((a for a in self.agencies if a.broker), key=lambda a: (-a.betweenness, a.name))


def collaboration_network(store: CypherStore, exclude_collectives: bool = False,
                          seed: int = SEED) -> Network:
    """The network of the agencies that hold tasks in ``store``."""
    import networkx as nx

    loads = {w.agency: w for w in workload(store, exclude_collectives=exclude_collectives)}
    docs = documents(store)
    numbers = task_numbers(store, docs)
    keep = NO_COLLECTIVES if exclude_collectives else ""
    shared, led = _pairs(store, SHARED.format(keep=keep), numbers), _pairs(store, LED.format(keep=keep), numbers)
    shown = {t for ts in shared.values() for t in ts[:SHOWN_TASKS]}
    tasks = task_infos(store, numbers, docs, sorted(shown))

    undirected = nx.Graph()
    undirected.add_nodes_from(sorted(loads))
    undirected.add_weighted_edges_from((a, b, len(ts)) for (a, b), ts in shared.items())
    for _, _, data in undirected.edges(data=True):
        data["distance"] = 1 / data["weight"]
    communities = _communities(undirected, seed)
    community = {name: i for i, members in enumerate(communities, 1) for name in members}
    betweenness = nx.betweenness_centrality(undirected, weight="distance")
    eigenvector = _eigenvector(undirected)
    average = sum(betweenness.values()) / len(betweenness) if betweenness else 0.0
    bridges = {name: tuple(sorted({community[p] for p in undirected[name]} - {community[name]}))
               for name in undirected}
    agencies = tuple(NetworkAgency(
        name=name, kind=load.kind, community=community[name], tasks=load.tasks, lead=load.lead,
        support=load.support, responsible=load.responsible, score=load.score,
        degree=undirected.degree(name), weighted_degree=undirected.degree(name, weight="weight"),
        betweenness=round(betweenness[name], 6), eigenvector=round(eigenvector[name], 6),
        bridges=bridges[name], broker=bool(bridges[name]) and betweenness[name] > average)
        for name, load in loads.items())
    return Network(agencies, _links(shared), _links(led), communities, tasks)


def _pairs(store: CypherStore, query: str, numbers: dict[str, int]) -> dict[tuple[str, str], list[str]]:
    """(agency, agency) → the tasks they share, in document order; pairs in the order their
    first shared task comes (Louvain's result depends on the order edges are added)."""
    _, rows = store.stream(query)
    pairs = [(a, b, sorted(ts, key=numbers.__getitem__)) for a, b, ts in rows]
    pairs.sort(key=lambda p: (numbers[p[2][0]], p[0], p[1]))
    return {(a, b): ts for a, b, ts in pairs}


def _eigenvector(graph: nx.Graph) -> dict[str, float]:
    """Eigenvector centrality by networkx's power iteration; should that not settle in its
    1,000 rounds (it can when two parts of the network have nearly the same leading
    eigenvalue), by ``_settled``."""
    import networkx as nx

    if not graph.number_of_edges():
        return dict.fromkeys(graph, 0.0)
    try:
        return nx.eigenvector_centrality(graph, weight="weight", max_iter=1000, tol=1e-9)
    except nx.PowerIterationFailedConvergence:
        return _settled(graph)


def links_both_ways(graph: nx.Graph):
    """The weighted links of ``graph`` as numpy arrays (heads, tails, weights), each link in
    both directions, nodes numbered in the graph's order: the sparse form the power iteration
    and the spring layout compute on."""
    import numpy as np

    index = {name: i for i, name in enumerate(graph)}
    pairs = [(index[a], index[b], float(data.get("weight", 1))) for a, b, data in graph.edges(data=True)]
    heads = np.array([i for i, _, _ in pairs] + [j for _, j, _ in pairs], dtype=np.int64)
    tails = np.array([j for _, j, _ in pairs] + [i for i, _, _ in pairs], dtype=np.int64)
    return heads, tails, np.array([w for *_, w in pairs] * 2, dtype=float)


def _settled(graph: nx.Graph, rounds: int = 200_000, tol: float = 1e-9) -> dict[str, float]:
    """The same power iteration on A + I, with numpy on the list of links (memory in
    proportion to the links, no scipy), for up to ``rounds`` rounds: the slow convergence
    of a small eigenvalue gap costs rounds, each a few vector operations.  Normalised like
    networkx's (unit Euclidean length)."""
    import numpy as np

    names = list(graph)
    if not names:
        return {}
    heads, tails, weights = links_both_ways(graph)
    vector = np.full(len(names), 1 / len(names))
    for _ in range(rounds):
        last = vector
        vector = last + np.bincount(heads, weights=weights * last[tails], minlength=len(names))
        vector /= np.linalg.norm(vector)
        if np.abs(vector - last).sum() < len(names) * tol:
            break
    return {name: float(value) for name, value in zip(names, vector)}


def _communities(graph: nx.Graph, seed: int) -> tuple[tuple[str, ...], ...]:
    """Louvain communities, largest first, each sorted; ties broken by their first name."""
    import networkx as nx

    found = nx.community.louvain_communities(graph, weight="weight", seed=seed) if len(graph) else []
    return tuple(sorted((tuple(sorted(c)) for c in found), key=lambda c: (-len(c), c[0])))


def _links(pairs: dict[tuple[str, str], list[str]]) -> tuple[Link, ...]:
    return tuple(sorted((Link(a, b, len(ts), tuple(ts)) for (a, b), ts in pairs.items()),
                        key=lambda link: (-link.weight, link.source, link.target)))


def to_graph(network: Network, directed: bool = False) -> nx.Graph:
    """The network as a networkx graph with every attribute, for GEXF and GraphML (Gephi).

    Node attributes are the agency's numbers (``community`` numbered from 1, as on screen);
    an edge has ``weight`` and ``tasks`` (the shared task ids joined by ``|``, since GEXF
    and GraphML hold no lists).
    """
    import networkx as nx

    graph = nx.DiGraph() if directed else nx.Graph()
    for agency in network.agencies:
        graph.add_node(agency.name, label=agency.name, kind=agency.kind, community=agency.community,
                       tasks=agency.tasks, lead=agency.lead, support=agency.support,
                       responsible=agency.responsible, score=agency.score, degree=agency.degree,
                       weighted_degree=agency.weighted_degree, betweenness=agency.betweenness,
                       eigenvector=agency.eigenvector, broker=agency.broker)
    for link in network.directed if directed else network.links:
        graph.add_edge(link.source, link.target, weight=link.weight, tasks="|".join(link.tasks))
    return graph
