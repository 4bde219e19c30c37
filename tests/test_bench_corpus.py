"""The benchmark corpus (bench/corpus.py): copies are distinct documents that read as
their originals, so a benchmark at scale measures real work, not merged duplicates; and
bench/bench_scale.py measures a stage, or says it failed or timed out."""
from __future__ import annotations

import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import pytest

import govgraph as gg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))          # as when run: python bench/bench_scale.py
import bench_scale  # noqa: E402
import corpus  # noqa: E402

COPIES = 2


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    sources = corpus.originals()
    paths = corpus.generate(folder, copies=COPIES, sources=sources, duplicates=3)
    return sources, paths


@pytest.fixture(scope="module")
def copies_read(generated):
    _, paths = generated
    return gg.extract([p for p in paths if "-dup" not in p.name], keywords=False)


def _by_file(extraction) -> dict[str, list]:
    found: dict[str, list] = {}
    for result in extraction.results:
        found.setdefault(Path(result.document.source).name, []).append(result)
    return found


def _tasks(results) -> list[tuple]:
    """Each document's tasks, ids aside: place in the outline, and who does what."""
    return [[(t.path, t.deadline, Counter((a.agency, a.role) for a in t.assignments))
             for t in r.tasks] for r in results]


def test_nearly_every_original_is_kept(generated):
    sources, _ = generated
    names = [o.path.name for o in sources]
    assert corpus.SAMPLE.name in names
    assert len(names) >= 70                   # of 80: the sample and 79 genre fixtures


def test_copies_have_distinct_numbers_and_titles(copies_read):
    """Every copy of an original is titled apart (two governments may still give two
    documents one title: 沈河 and 辽中 both issue a 2024年政府工作报告主要工作任务分解表)."""
    documents = [r.document for r in copies_read.results]
    assert len(documents) > 100
    titles = Counter((Path(d.source).stem.rsplit("-c", 1)[0], d.title) for d in documents)
    assert max(titles.values()) == 1, [t for t, n in titles.items() if n > 1]
    numbers = [d.doc_number for d in documents if d.doc_number]
    assert len(numbers) >= 2 * COPIES * 6      # the sample alone has six per copy
    assert len(set(numbers)) == len(numbers), [t for t, n in Counter(numbers).items() if n > 1]


def test_a_copy_reads_as_its_original(generated, copies_read):
    sources, _ = generated
    originals = _by_file(gg.extract([o.path for o in sources], keywords=False))
    copies = _by_file(copies_read)
    assert len(copies) == COPIES * len(sources)
    for original in sources:
        for copy in range(1, COPIES + 1):
            mine = originals[original.path.name]
            theirs = copies[f"{original.path.stem}-c{copy:04d}.txt"]
            assert _tasks(theirs) == _tasks(mine), original.path.name
            assert [r.document.jurisdiction for r in theirs] == [r.document.jurisdiction for r in mine]
    sample = copies[f"{corpus.SAMPLE.stem}-c0001.txt"]
    assert (len(sample), sum(len(r.tasks) for r in sample)) == (7, 110)
    assert sum(len(t.assignments) for r in sample for t in r.tasks) == 393


def test_duplicates_are_exact_copies_under_new_names(generated):
    _, paths = generated
    twins = [p for p in paths if "-dup" in p.name]
    assert len(twins) == 3
    for twin, first in zip(twins, paths):
        assert twin.name != first.name and twin.read_bytes() == first.read_bytes()


def test_sizes_are_reached_and_the_command_writes_them(tmp_path, capsys):
    sample = corpus.originals([corpus.SAMPLE])
    paths = corpus.generate(tmp_path / "s", size=300_000, sources=sample)
    assert sum(p.stat().st_size for p in paths) >= 300_000 and len(paths) == 3
    corpus.main([str(tmp_path / "c"), "--copies", "1", "--duplicates", "1"])
    written = sorted((tmp_path / "c").iterdir())
    assert len(written) >= 70
    assert "files," in capsys.readouterr().err


def test_a_stage_is_measured_and_one_that_fails_or_outlives_its_timeout_is_reported(tmp_path):
    sample = str(corpus.SAMPLE)
    done = bench_scale.run_stage("extract", ["extract", sample, "-o", "x.json"], tmp_path, 300)
    assert done.status == "ok" and (tmp_path / "x.json").stat().st_size > 0
    assert done.wall > 0 and done.cpu > 0 and done.peak_mb > 30
    failed = bench_scale.run_stage("query", ["query", "workload-by-role", "--db", "none.db"], tmp_path, 300)
    assert failed.status.startswith("failed (exit 1): Error: none.db")
    slow = bench_scale.run_stage("extract", ["extract", sample, "-o", "y.json"], tmp_path, 0.05)
    assert slow.status == "timed out after 0.05 s" and not (tmp_path / "y.json").exists()
    table = bench_scale.markdown({"size": "T", "files": 1, "mb": 0.1, "extracted": "7 documents",
                                  "stages": [asdict(s) for s in (done, failed, slow)]})
    assert "| extract | ok |" in table and "| query | failed (exit 1)" in table
