"""The benchmark corpus (bench/corpus.py): copies are distinct documents that read as
their originals, so a benchmark at scale measures real work, not merged duplicates."""
from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

import govgraph as gg

ROOT = Path(__file__).resolve().parent.parent
COPIES = 2


def _corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module             # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


corpus = _corpus_module()


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
    documents = [r.document for r in copies_read.results]
    assert len(documents) > 100
    titles = [d.title for d in documents]
    assert len(set(titles)) == len(titles), [t for t, n in Counter(titles).items() if n > 1]
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
