"""The collaboration network: links counted from the extraction, repeatable communities, Gephi files."""
from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter
from itertools import combinations

import networkx as nx
import pytest

from conftest import run_cli
from govgraph.graph.embedded import EmbeddedStore
from govgraph.queries.network import collaboration_network


@pytest.fixture(scope="module")
def store(sample_db):
    """The sample's embedded store, which the analyses ask."""
    with EmbeddedStore(sample_db) as opened:
        yield opened


@pytest.fixture(scope="module")
def network(store):
    return collaboration_network(store)


def shared_tasks(tasks: list[dict]) -> Counter:
    """Pairs of agencies → tasks they both hold a role on, counted straight from the records."""
    pairs = Counter()
    for task in tasks:
        pairs.update(combinations(sorted({a["agency"] for a in task["assignments"]}), 2))
    return pairs


def test_agencies_are_those_with_tasks(network, sample_json):
    assert {a.name for a in network.agencies} == {a["agency"] for t in sample_json["tasks"] for a in t["assignments"]}


def test_link_weights_are_shared_tasks(network, sample_json):
    assert {(link.source, link.target): link.weight for link in network.links} == shared_tasks(sample_json["tasks"])
    link = network.links[0]
    assert link.weight == len(link.tasks) == max(shared_tasks(sample_json["tasks"]).values())
    holders = {t["id"]: {a["agency"] for a in t["assignments"]} for t in sample_json["tasks"]}
    assert all({link.source, link.target} <= holders[task] for task in link.tasks)


def test_directed_links_go_from_lead_to_support(network, sample_json):
    expected = Counter()
    for task in sample_json["tasks"]:
        leads = {a["agency"] for a in task["assignments"] if a["role"] == "lead"}
        supports = {a["agency"] for a in task["assignments"] if a["role"] == "support"}
        expected.update((lead, support) for lead in leads for support in supports if lead != support)
    assert {(link.source, link.target): link.weight for link in network.directed} == expected


def test_measures(network):
    undirected = nx.Graph()
    undirected.add_weighted_edges_from((link.source, link.target, link.weight) for link in network.links)
    for agency in network.agencies:
        assert agency.degree == undirected.degree(agency.name)
        assert agency.weighted_degree == undirected.degree(agency.name, weight="weight")
        assert 0 <= agency.betweenness <= 1 and 0 <= agency.eigenvector <= 1
    hub = max(network.agencies, key=lambda a: a.eigenvector)
    assert hub.name in ("罗湖区经济促进局", "罗湖区科技创新局", "罗湖区投资推广局")


def test_communities_cover_every_agency_once_and_are_repeatable(store, network):
    members = [m for c in network.communities for m in c]
    assert sorted(members) == sorted(a.name for a in network.agencies)
    assert len(network.communities) > 1
    assert collaboration_network(store) == network


def test_brokers_reach_other_communities(network):
    brokers = network.brokers
    assert brokers, "the sample's network has brokers"
    average = sum(a.betweenness for a in network.agencies) / len(network.agencies)
    for broker in brokers:
        assert broker.bridges and broker.community not in broker.bridges and broker.betweenness > average
    assert [b.betweenness for b in brokers] == sorted((b.betweenness for b in brokers), reverse=True)


def test_groups_are_numbered_from_1(network):
    assert [a.name for a in network.agencies if a.community == 0] == []
    for number, members in enumerate(network.communities, 1):
        assert members and {a.community for a in network.agencies if a.name in members} == {number}
    assert all(1 <= b <= len(network.communities) for a in network.agencies for b in a.bridges)


def test_collectives_can_be_excluded(store, network):
    collectives = {a.name for a in network.agencies if a.kind == "collective"}
    assert "罗湖区各街道办事处" in collectives
    without = collaboration_network(store, exclude_collectives=True)
    assert {a.name for a in without.agencies} == {a.name for a in network.agencies} - collectives
    assert not any({link.source, link.target} & collectives for link in without.links)

# ---------------------------------------------------------------- the command


@pytest.mark.parametrize("suffix, reader", [("gexf", nx.read_gexf), ("graphml", nx.read_graphml)])
def test_gephi_files(sample_json_path, network, tmp_path, suffix, reader):
    out = tmp_path / f"network.{suffix}"
    proc = run_cli("network", str(sample_json_path), "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    read = reader(out)
    assert not read.is_directed()
    assert read.number_of_nodes() == len(network.agencies) and read.number_of_edges() == len(network.links)
    first = network.agencies[0]
    attributes = read.nodes[first.name]
    assert (attributes["community"], attributes["tasks"], attributes["kind"]) == (first.community, first.tasks, first.kind)
    link = network.links[0]
    assert read.edges[link.source, link.target]["weight"] == link.weight
    assert read.edges[link.source, link.target]["tasks"].split("|") == list(link.tasks)


def test_directed_graphml(sample_json_path, network, tmp_path):
    out = tmp_path / "directed.graphml"
    assert run_cli("network", str(sample_json_path), "--directed", "-o", str(out)).returncode == 0
    read = nx.read_graphml(out)
    assert read.is_directed() and read.number_of_edges() == len(network.directed)


def test_csv_and_json(sample_json_path, network, tmp_path):
    assert run_cli("network", str(sample_json_path), "-o", str(tmp_path / "n.csv")).returncode == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "n.csv").read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["Source", "Target", "Type", "Weight", "Tasks"]
    assert [(r["Source"], r["Target"], int(r["Weight"])) for r in rows] == \
        [(link.source, link.target, link.weight) for link in network.links]
    assert run_cli("network", str(sample_json_path), "-o", str(tmp_path / "n.json")).returncode == 0
    data = json.loads((tmp_path / "n.json").read_text(encoding="utf-8"))
    assert data["brokers"] == [b.name for b in network.brokers]
    assert len(data["agencies"]) == len(network.agencies) and data["directed"] is False


def test_tables_on_screen(sample_db):
    proc = run_cli("network", "--db", str(sample_db), "--directed")
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode()
    assert "中介中心度" in out and "牵头" in out and "协作群组" in out


def test_the_same_cypher_answers_on_neo4j(neo4j_store, store):
    """Every view's aggregation queries run unchanged on Neo4j and give the same answers."""
    from govgraph.queries.matrix import responsibility_matrix
    from govgraph.queries.workload import workload

    neo4j_store.push(store)
    for by, rollup in ((None, False), ("document", True), ("keyword", False), ("quarter", True)):
        expected = workload(store, by, rollup=rollup)
        assert expected and workload(neo4j_store, by, rollup=rollup) == expected
    for exclude in (False, True):
        expected = collaboration_network(store, exclude)
        assert expected.links and collaboration_network(neo4j_store, exclude) == expected
    expected = responsibility_matrix(store)
    assert expected.roles and responsibility_matrix(neo4j_store) == expected


def test_the_page_embeds_the_first_tasks_of_each_link_only(network):
    """The network page carries what it shows, not every task text of the corpus."""
    import re

    from govgraph.queries.network import SHOWN_TASKS
    from govgraph.views.network_page import network_figure

    found = re.search(r'<script type="application/json" class="gg-data">(.*?)</script>', network_figure(network))
    data = json.loads(found.group(1))
    assert data["links"] and data["links"][0]["w"] == 37 > len(data["links"][0]["tasks"]) == SHOWN_TASKS
    assert all(len(link["tasks"]) == min(link["w"], SHOWN_TASKS) for link in data["links"])
    shown = {t for link in network.links for t in link.tasks[:SHOWN_TASKS]}
    assert len(data["tasks"]) == len(shown) < 110


def test_every_output_numbers_the_groups_alike(sample_json_path, network, tmp_path):
    """JSON, GEXF, GraphML and the page (its data, hover titles and group list) give each
    agency the same 协作群组 number, counted from 1; no output calls them 社区."""
    import re

    from govgraph.views.style import short_names

    expected = {a.name: a.community for a in network.agencies}
    assert min(expected.values()) == 1 and max(expected.values()) == len(network.communities) > 1
    files = {suffix: tmp_path / f"n.{suffix}" for suffix in ("json", "gexf", "graphml", "html")}
    for suffix, out in files.items():
        proc = run_cli("viz" if suffix == "html" else "network", str(sample_json_path), "-o", str(out))
        assert proc.returncode == 0, proc.stderr.decode()
    data = json.loads(files["json"].read_text(encoding="utf-8"))
    assert {a["name"]: a["community"] for a in data["agencies"]} == expected
    for suffix, reader in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        read = reader(files[suffix])
        assert {name: attributes["community"] for name, attributes in read.nodes(data=True)} == expected
    page = files["html"].read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" class="gg-data">(.*?)</script>', page)
    assert {n["name"]: n["community"] for n in json.loads(found.group(1))["nodes"]} == expected
    titles = re.findall(r"<title>([^<]+)（[^，（）]+，协作群组 (\d+)）\n", page)
    assert len(titles) == len(expected) and {name: int(n) for name, n in titles} == expected
    listed = re.findall(r"协作群组 (\d+)（\d+ 个）：([^<]+)</li>", page)
    assert {name: int(n) for n, names in listed for name in names.split("、")} == expected
    shown = re.sub(r"<script.*?</script>", "", page, flags=re.S)       # the tasks' own text aside
    assert "协作群组" in shown
    for name in sorted({*expected, *short_names(expected).values()}, key=len, reverse=True):
        shown = shown.replace(name, "")     # 社区工作站 is an agency
    assert "社区" not in shown


@pytest.mark.parametrize("suffix", ["gexf", "graphml"])
def test_gephi_files_open_laid_out(sample_json_path, network, tmp_path, suffix):
    """Each agency carries the page's position (y up, as Gephi draws), its group's colour and
    its drawn size: in GEXF's viz elements, in GraphML as x, y, r, g, b and size."""
    from govgraph.views.layout import frame, radius
    from govgraph.views.style import community_colour

    out = tmp_path / f"n.{suffix}"
    assert run_cli("network", str(sample_json_path), "-o", str(out)).returncode == 0
    read = (nx.read_gexf if suffix == "gexf" else nx.read_graphml)(out)
    where = frame(network, 960, 680)
    assert len(network.agencies) > 10
    spots = set()
    for agency in network.agencies:
        attributes = read.nodes[agency.name]
        if suffix == "gexf":
            viz = attributes["viz"]
            x, y, size = viz["position"]["x"], viz["position"]["y"], viz["size"]
            colour = (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"])
        else:
            x, y, size = attributes["x"], attributes["y"], attributes["size"]
            colour = (attributes["r"], attributes["g"], attributes["b"])
        assert (x, 680 - y) == pytest.approx(where[agency.name], abs=0.06)
        assert size == radius(agency, network)
        assert "#%02x%02x%02x" % colour == community_colour(agency.community)
        spots.add((round(x), round(y)))
    assert len(spots) == len(network.agencies)


def test_parts_that_share_no_task_are_laid_out_apart():
    """A big part, many pairs and lone agencies (a laid-out whole heaps the small ones round
    its rim): agencies of different parts keep apart, each part's box clear of the others'."""
    from govgraph.queries.network import Link, Network, NetworkAgency
    from govgraph.views.layout import frame, positions

    parts = [[f"甲{i}局" for i in range(30)], [f"乙{i}局" for i in range(5)],
             *([f"丙{i}局", f"丁{i}局"] for i in range(30)), *([f"戊{i}局"] for i in range(40))]

    def agency(name: str, community: int) -> NetworkAgency:
        return NetworkAgency(name, "bureau", community, 3, 1, 1, 1, 2.5, 1, 1, 0.0, 0.0, (), False)

    pairs = {pair for part in parts for pair in [*zip(part, part[1:]), *combinations(part[::4], 2)]}
    links = tuple(Link(a, b, 1 + i % 3, ()) for i, (a, b) in enumerate(sorted(pairs)))
    network = Network(tuple(agency(name, n) for n, part in enumerate(parts, 1) for name in part), links, (),
                      tuple(tuple(part) for part in parts), {})
    where = positions(network)
    assert len(where) == 135 and all(0 <= x <= 1 and 0 <= y <= 1 for x, y in where.values())
    drawn = frame(network, 960, 680)
    part = {name: i for i, names in enumerate(parts) for name in names}
    gaps = [math.dist(drawn[a], drawn[b]) for a, b in combinations(drawn, 2) if part[a] != part[b]]
    assert len(gaps) > 1000 and min(gaps) >= 30       # on the page: room for two nodes and more
    boxes = [(min(where[n][0] for n in names), min(where[n][1] for n in names),
              max(where[n][0] for n in names), max(where[n][1] for n in names)) for names in parts]
    for (one, a), (other, b) in combinations(enumerate(boxes), 2):
        apart = a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]
        assert apart, f"parts {one} and {other} overlap: {a} {b}"
    assert positions(network) == where


def _random_part(count: int, links: int, seed: int = 7):
    import random

    rng = random.Random(seed)
    graph = nx.Graph()
    graph.add_nodes_from(f"{i}局" for i in range(count))
    for i in range(1, count):                                   # a tree keeps it one part
        graph.add_edge(f"{i}局", f"{rng.randrange(i)}局", weight=rng.randint(1, 4))
    while graph.number_of_edges() < links:
        a, b = rng.sample(range(count), 2)
        graph.add_edge(f"{a}局", f"{b}局", weight=rng.randint(1, 4))
    return graph


def test_the_spring_layout_is_networkx_s_below_500_agencies():
    """``layout.spring`` replaces ``nx.spring_layout`` (which needs scipy at 500 nodes): below
    that it computes the very same positions from the same seed."""
    from govgraph.views.layout import spring

    graph = _random_part(120, 300)
    ours = spring(graph, 42)
    theirs = nx.spring_layout(graph, weight="weight", seed=42, iterations=100, center=None)
    centre = [sum(p[i] for p in ours.values()) / len(ours) for i in (0, 1)]
    scale = max(abs(c - centre[i]) for p in ours.values() for i, c in enumerate(p))
    assert len(ours) == 120
    assert max(abs((ours[n][i] - centre[i]) / scale - theirs[n][i]) for n in graph for i in (0, 1)) < 1e-9


def test_a_part_of_600_agencies_is_laid_out_in_blocks_without_scipy():
    """The forces are computed a block of rows at a time: the block size changes nothing, and
    the layout spreads the agencies (no two on one spot) with scipy unimportable."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys; sys.modules['scipy'] = None\n"
            "from test_network import _random_part\nfrom govgraph.views.layout import spring\n"
            "g = _random_part(600, 1500)\na, b = spring(g, 42, iterations=30), spring(g, 42, iterations=30, block=37)\n"
            "print(len(a), a == b, len({(round(x, 6), round(y, 6)) for x, y in a.values()}))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).parent)
    assert done.stdout.split() == ["600", "True", "600"], done.stderr


def test_eigenvector_centrality_settles_where_networkx_gives_up():
    """Two parts with nearly the same leading eigenvalue (stars of 40 and 41 leaves) make
    networkx's 1,000 rounds fail; ``_settled`` runs the same iteration on to the answer."""
    from govgraph.queries.network import _eigenvector

    graph = nx.Graph()
    graph.add_weighted_edges_from([("甲", f"甲{i}", 1) for i in range(40)] + [("乙", f"乙{i}", 1) for i in range(41)])
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.eigenvector_centrality(graph, weight="weight", max_iter=1000, tol=1e-9)
    found = _eigenvector(graph)
    slow = nx.eigenvector_centrality(graph, weight="weight", max_iter=100_000, tol=1e-9)
    assert len(found) == 83 and max(abs(found[n] - slow[n]) for n in graph) < 1e-9
    assert found["乙"] > 0.7 > 1e-3 > found["甲"]
