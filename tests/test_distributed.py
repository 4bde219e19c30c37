"""Extraction on Dask (govgraph/distributed.py): shards written by workers of a real
``distributed.LocalCluster`` build the same graph as the files themselves, and each shard
is what ``govgraph extract --format jsonl`` writes."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE, run_cli
from govgraph.distributed import Shard, dask_extract, extract_shard
from govgraph.errors import OutputError, UsageError
from govgraph.graph.embedded import EmbeddedStore

FIXTURES = sorted((ROOT / "tests" / "fixtures" / "genre").glob("*.txt"))[:11]
FILES = [str(SAMPLE), *map(str, FIXTURES)]


def test_a_shard_is_what_govgraph_extract_writes(tmp_path):
    shard = extract_shard(FILES[:3], tmp_path / "shard.jsonl")
    done = run_cli("extract", *FILES[:3], "--format", "jsonl", "-o", str(tmp_path / "cli.jsonl"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "shard.jsonl").read_bytes() == (tmp_path / "cli.jsonl").read_bytes()
    assert shard.documents >= 9 and shard.tasks >= 110 and shard.agencies > 0 and not shard.failures


@pytest.fixture(scope="module")
def shards(tmp_path_factory) -> tuple[Path, list[Shard]]:
    distributed = pytest.importorskip("distributed")
    folder = tmp_path_factory.mktemp("shards")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        return folder, dask_extract(FILES, folder, client=client, partitions=3)


def _counts(db: Path) -> dict[str, int]:
    with EmbeddedStore(db) as store:
        return store.counts()


def test_dask_shards_build_the_graph_the_files_build(shards, tmp_path):
    folder, written = shards
    assert len(written) == 3 and all(s.tasks for s in written)
    paths = sorted(str(p) for p in folder.glob("shard-*.jsonl"))
    assert paths == sorted(s.path for s in written)
    for db, inputs in (("shards.db", paths), ("files.db", FILES)):
        done = run_cli("build", *inputs, "--db", str(tmp_path / db))
        assert done.returncode == 0, done.stderr
    from_shards, from_files = _counts(tmp_path / "shards.db"), _counts(tmp_path / "files.db")
    assert from_files["Document"] >= 7 + len(FIXTURES) and from_files["Task"] > 110
    assert from_files["Agency"] > 60 and from_files["LEADS"] > 0
    assert from_shards == from_files
    assert sum(s.tasks for s in written) == from_files["Task"]
    assert _graph(tmp_path / "shards.db") == _graph(tmp_path / "files.db")    # every property too


def _graph(db: Path) -> dict[str, list[str]]:
    """Every node and relation of the store, each as text, in a stable order."""
    import govgraph as gg

    graph = gg.rows(db)
    return {name: sorted(map(repr, items)) for name, items in {**graph.nodes, **graph.relations}.items()}


def test_every_shard_carries_the_agencies_it_names(shards):
    from govgraph.records import load_records

    _, written = shards
    for shard in written:
        records = load_records(shard.path)
        named = {a["agency"] for t in records["tasks"] for a in t["assignments"]}
        assert named and named <= {a["name"] for a in records["agencies"]}


def test_the_shards_import_into_neo4j_files(shards, tmp_path):
    folder, _ = shards
    db = tmp_path / "g.db"
    assert run_cli("build", *map(str, folder.glob("shard-*.jsonl")), "--db", str(db)).returncode == 0
    done = run_cli("export", "neo4j-csv", str(tmp_path / "import"), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert b"neo4j-admin database import full" in done.stderr
    with open(tmp_path / "import" / "Task.csv", encoding="utf-8", newline="") as rows:
        tasks = list(csv.reader(rows))          # a task's text may hold line breaks
    assert len(tasks) - 1 == _counts(db)["Task"]


def test_what_shards_cannot_do_is_refused(tmp_path, shards):
    folder, _ = shards
    twin = tmp_path / "other" / SAMPLE.name
    twin.parent.mkdir()
    twin.write_bytes(SAMPLE.read_bytes())
    with pytest.raises(UsageError, match="one id"):
        dask_extract([str(SAMPLE), str(twin)], tmp_path / "out")
    with pytest.raises(UsageError, match="holds shards already"):
        dask_extract([str(SAMPLE)], folder)
    with pytest.raises(OutputError, match="one of the inputs"):
        extract_shard([str(twin)], twin)
    assert twin.read_bytes() == SAMPLE.read_bytes()


def test_a_file_that_cannot_be_read_is_a_failure_of_its_shard(tmp_path):
    shard = extract_shard([str(SAMPLE), str(tmp_path / "gone.txt")], tmp_path / "shard.jsonl")
    assert (shard.documents, shard.tasks) == (7, 110)
    assert len(shard.failures) == 1 and "gone.txt" in shard.failures[0]
