"""A build streams batches into the store and remembers each file by its content: a rebuild
of the same input is a no-op, a changed file replaces its documents, copies and repeated
documents are loaded once with a warning naming both files, a revised 文号 is a new version."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import govgraph as gg
from govgraph.graph.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "luohu-gazette-2014-04.txt"
TEXT = SAMPLE.read_text(encoding="utf-8")


def documents(db: Path) -> list[str]:
    with EmbeddedStore(db) as store:
        return sorted(d for d, in store.run("MATCH (d:Document) WHERE NOT d.external RETURN d.id").rows)


def test_batches_give_the_graph_one_load_gives(tmp_path):
    """Documents sent a few at a time, with only each batch's new mentions, sum to one load."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"p{i}.txt").write_text(TEXT.replace("〔2014〕", f"〔{3000 + i}〕"), encoding="utf-8")
    whole = gg.build([folder], tmp_path / "one.db", batch_documents=1000)
    small = gg.build([folder], tmp_path / "many.db", batch_documents=3)
    assert whole.loaded == small.loaded == 19            # the 统计公报 has no 文号: its copies repeat it
    with EmbeddedStore(tmp_path / "one.db") as one, EmbeddedStore(tmp_path / "many.db") as many:
        assert one.counts() == many.counts() and one.counts()["Task"] == 330
        query = "MATCH (a:Agency) RETURN a.name, a.mentions, a.aliases ORDER BY a.name"
        assert one.run(query).rows == many.run(query).rows
        loads = "MATCH (l:GovgraphLoad) RETURN count(l)"
        assert (one.run(loads).rows, many.run(loads).rows) == ([[1]], [[3]])    # a file's documents go together


def test_a_rebuild_of_unchanged_input_reads_and_writes_nothing(tmp_path):
    db = tmp_path / "g.db"
    first = gg.build([SAMPLE], db)
    size = db.stat().st_size
    again = gg.build([SAMPLE], db)
    assert (first.loaded, again.loaded, again.unchanged) == (7, 0, 1)
    assert db.stat().st_size == size and again.counts == first.counts


def test_copies_are_loaded_once_and_named(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        shutil.copy(SAMPLE, folder / name)
    report = gg.build([folder], tmp_path / "g.db")
    assert report.loaded == 7 and report.counts["Task"] == 110
    assert [n for n in report.notices if "copy" in n] == [f"{folder / 'b.txt'} is a copy of {folder / 'a.txt'}; "
                                                          "loaded once", f"{folder / 'c.txt'} is a copy of "
                                                          f"{folder / 'a.txt'}; loaded once"]


def test_a_document_seen_again_is_loaded_once_and_a_revision_is_a_new_version(tmp_path):
    """A revised copy (one task changed) shares six documents with the original, word for
    word and 文号 for 文号, and revises the seventh."""
    revised = tmp_path / "revised.txt"
    at = TEXT.index("主办单位")
    revised.write_text(TEXT[:at - 5] + "修订" + TEXT[at - 5:], encoding="utf-8")
    db = tmp_path / "g.db"
    gg.build([SAMPLE], db)
    report = gg.build([revised], db)
    assert report.loaded == 1 and report.skipped == 6
    repeats = [n for n in report.notices if "repeats" in n]
    assert len(repeats) == 6 and f"revised:1 ({revised}) repeats luohu-gazette-2014-04:1 ({SAMPLE})" in repeats[0]
    versions = [n for n in report.notices if "new version" in n]
    assert versions == [f"revised:2 ({revised}) is a new version of 罗府〔2014〕10号, luohu-gazette-2014-04:2 "
                        f"({SAMPLE}); both are kept"]
    assert documents(db) == sorted([f"luohu-gazette-2014-04:{i}" for i in range(1, 8)] + ["revised:2"])


def test_a_changed_file_replaces_its_documents(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(TEXT, encoding="utf-8")
    db = tmp_path / "g.db"
    gg.build([plan], db)
    assert len(documents(db)) == 7
    second = TEXT.index("罗府〔2014〕10号")
    plan.write_text(TEXT[:second], encoding="utf-8")            # cut in the 2nd document's header
    report = gg.build([plan], db)
    assert report.unchanged == 0 and documents(db) == ["plan:1", "plan:2"]
    fresh = gg.build([plan], tmp_path / "fresh.db")
    assert report.counts == fresh.counts and report.counts["Task"] < 110
    with EmbeddedStore(db) as store:
        assert store.run("MATCH (f:GovgraphFile) RETURN f.documents").rows == [[["plan:1", "plan:2"]]]


def test_a_file_that_cannot_be_read_costs_only_itself(tmp_path):
    report = gg.build([SAMPLE, tmp_path / "missing.txt"], tmp_path / "g.db")
    assert report.loaded == 7 and len(report.failures) == 1 and "missing.txt" in report.failures[0]


@pytest.mark.parametrize("name", ["sample.json", "sample.jsonl"])
def test_an_extraction_file_builds_what_its_source_builds(tmp_path, name):
    from govgraph.records import write_json, write_jsonl

    x = gg.extract([SAMPLE])
    path = tmp_path / name
    with path.open("wb") as out:
        (write_json if name.endswith(".json") else write_jsonl)(x.results, lambda: x.agencies, out)
    assert gg.load(path).results == x.results and gg.load(path).agencies == x.agencies
    from_file = gg.build([path], tmp_path / "a.db")
    from_text = gg.build([SAMPLE], tmp_path / "b.db")
    assert from_file.counts == from_text.counts and from_file.counts["Task"] == 110
    assert gg.build([path], tmp_path / "a.db").unchanged == 1


def test_a_plan_whose_role_words_gave_no_task_is_marked_unread(tmp_path):
    """Never shown as a plan with no tasks: its document carries the words left unread."""
    plan = tmp_path / "plan.txt"
    plan.write_text("关于做好若干工作的通知\n各单位：\n一、加强管理。区财政局牵头负责的工作要抓紧研究，"
                    "责任单位：区发改局等相关部门认真落实。\n", encoding="utf-8")
    report = gg.build([plan], tmp_path / "g.db")
    assert report.loaded == 1 and any("role words stand beside agencies" in p.message for p in report.problems)
    with gg.open_store(tmp_path / "g.db") as store:
        assert store.query("MATCH (d:Document) RETURN d.task_count AS n, d.unread AS unread") == [
            {"n": 0, "unread": ["牵头负责"]}]
    with gg.open_store(tmp_path / "none.db", writable=True) as store:
        store.load(gg.extract([SAMPLE]))
        assert store.query("MATCH (d:Document) WHERE size(d.unread) > 0 RETURN d.id") == []
