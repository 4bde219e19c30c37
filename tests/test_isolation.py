"""One bad input costs only itself: each failure is one ``Error:`` line naming it, the other
inputs are extracted and built, and the exit code says that something failed."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, clean_env, govgraph_exe, run_cli
from govgraph.extract import ExtractionRun
from govgraph.graph.embedded import EmbeddedStore
from govgraph.records import Encoded, document_record

GENRE = ROOT / "tests" / "fixtures" / "genre"
GOOD = ("gz-keji-2012.txt", "baoshan-laji-2019.txt")

# A gazette entry whose dateline is broken over two lines, as PDF text often is.
SPLIT_DATELINE = """深圳市罗湖区人民政府办公室关于印发罗湖区政务服务改革实施方案的通知
(2014
年2月8日)
一、主要任务
（一）推进网上办事。建成网上办事大厅。（牵头单位：区政务服务管理办公室；责任单位：区财政局）
"""


def err(proc) -> list[str]:
    return proc.stderr.decode("utf-8").splitlines()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two good plans."""
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in GOOD:
        shutil.copy(GENRE / name, folder / name)
    return folder


def built_sources(store: EmbeddedStore) -> set[str]:
    return {Path(d["source"]).name for d in store.table("Document") if not d["external"]}


def sources(path: Path) -> set[str]:
    return {Path(d["source"]).name for d in json.loads(path.read_text(encoding="utf-8"))["documents"]}


def test_a_dateline_over_two_lines_is_read_with_the_good_files(folder, tmp_path):
    """The file that once stopped the batch (AssertionError in _gazette_headers) is now read too."""
    (folder / "split.txt").write_text(SPLIT_DATELINE, encoding="utf-8")
    out, store = tmp_path / "out.json", tmp_path / "g.db"
    proc = run_cli("extract", str(folder), "-o", str(out))
    assert proc.returncode == 0, err(proc)
    assert sources(out) == {*GOOD, "split.txt"}
    assert not [line for line in err(proc) if line.startswith("Error")]
    proc = run_cli("build", str(folder), "--db", str(store))
    assert proc.returncode == 0, err(proc)
    with EmbeddedStore(store) as built:
        assert built_sources(built) == {*GOOD, "split.txt"}


def test_bar_two_good_files_and_a_bad_one_extracted_and_built(folder, tmp_path):
    """Bar: both good files extracted and built, one ``Error:`` line, non-zero exit."""
    (folder / "broken.docx").write_bytes(b"PK\x03\x04word/document.xml" + b"\x00garbage" * 40)
    out, store = tmp_path / "out.json", tmp_path / "g.db"
    for proc in (run_cli("extract", str(folder), "-o", str(out)), run_cli("build", str(folder), "--db", str(store))):
        assert proc.returncode == 1
        errors = [line for line in err(proc) if line.startswith("Error")]
        assert len(errors) == 1 and "broken.docx" in errors[0], err(proc)
        assert "Traceback" not in "\n".join(err(proc))
    assert sources(out) == set(GOOD)
    with EmbeddedStore(store) as built:
        assert built_sources(built) == set(GOOD)


def test_a_file_name_that_is_not_utf8_is_extracted_with_the_others(folder, tmp_path):
    name = os.fsencode(folder) + b"/bad\xff.txt"
    shutil.copy(GENRE / "dg-jiuye-2021.txt", name)
    out = tmp_path / "out.json"
    proc = run_cli("extract", str(folder), "-o", str(out))
    assert proc.returncode == 0, err(proc)
    assert sources(out) == {*GOOD, "bad\\xff.txt"}       # the byte written as ls -b does
    ids = {d["id"] for d in json.loads(out.read_text(encoding="utf-8"))["documents"]}
    assert "bad\\xff:1" in ids


def test_closed_stdin_is_one_error_and_the_files_are_still_read(folder, tmp_path):
    out = tmp_path / "out.json"
    proc = subprocess.run([govgraph_exe(), "extract", "-", str(folder / GOOD[0]), "-o", str(out)],
                          capture_output=True, env=clean_env(), timeout=120, preexec_fn=lambda: os.close(0))
    assert proc.returncode == 1
    assert [line for line in err(proc) if line.startswith("Error")] == [
        "Error: -: standard input is closed; pipe a file in, or name the file"]
    assert sources(out) == {GOOD[0]}


def test_an_unreadable_subfolder_is_reported_and_the_rest_read(folder, tmp_path):
    locked = folder / "locked"
    locked.mkdir()
    shutil.copy(GENRE / "dg-jiuye-2021.txt", locked / "hidden-from-us.txt")
    locked.chmod(0)
    tmp_path.chmod(0o755)               # the unprivileged run must reach the output's folder
    out = tmp_path / "out.json"
    try:
        proc = run_cli("extract", str(folder), "-o", str(out), unprivileged=True)
    finally:
        locked.chmod(0o755)
    assert proc.returncode == 1
    assert [line for line in err(proc) if line.startswith("Error")] == [
        f"Error: {locked}: cannot read the folder (Permission denied); its files were left out"]
    assert sources(out) == set(GOOD)


def test_a_file_that_fails_after_reading_costs_only_itself(folder):
    """A defect met by one file (here a caller's ``encode`` that cannot write a character
    in GB2312) fails that file alone, and the agencies it named are not kept."""
    odd = Path(shutil.copy(GENRE / "dg-jiuye-2021.txt", folder / "odd𠀀.txt"))     # 𠀀: not in GB2312

    def gb2312(result) -> Encoded:
        record = json.dumps(document_record(result), ensure_ascii=False).encode("gb2312")
        return Encoded(record, [b""] * len(result.tasks), [], result.problems)

    run = ExtractionRun([str(folder)], keywords=False, encode=gb2312)
    assert len(list(run)) == 2
    assert [f.path for f in run.failures] == [str(odd)]
    assert run.failures[0].message.startswith(f"{odd}: cannot be extracted (UnicodeEncodeError")
    good, alone = (ExtractionRun(paths, keywords=False) for paths in ([str(folder / n) for n in GOOD], [str(odd)]))
    for finished in (good, alone):
        assert list(finished)
    assert {a.name for a in alone.agencies()} - {a.name for a in good.agencies()}, "the odd file names its own"
    assert [(a.name, a.mentions) for a in run.agencies()] == [(a.name, a.mentions) for a in good.agencies()]
