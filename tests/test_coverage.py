"""Recall without gold (extract/coverage.py, ``govgraph coverage``): every role word beside
an agency, and whether a task or a duty explains it."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from govgraph.extract import measure_coverage

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
GENRE = ROOT / "tests" / "fixtures" / "genre"


def test_every_cue_of_a_well_read_plan_is_explained():
    """广州市 and 鞍山市立山区 mark every task: all their cues are explained."""
    report, run = measure_coverage([str(GENRE / "gz-keji-2012.txt"), str(GENRE / "lishan-2023.txt")])
    assert not run.failures
    assert [d.source.rsplit("/", 1)[-1] for d in report.documents] == ["gz-keji-2012.txt", "lishan-2023.txt"]
    assert all(len(d.cues) >= 5 for d in report.documents)
    assert report.share == 1.0 and report.explained == report.cues


def test_a_statement_cut_by_the_end_of_a_page_is_unexplained(tmp_path):
    """慈溪市: the stored page ends inside 牵头单位:…,配合单位:市经信局、市 — the cut task is
    left out, and coverage says which words no task explains, with their context."""
    report, _ = measure_coverage([str(CORPUS / "cixi-2021-zfgzbg.txt")])
    [document] = report.documents
    patterns = {c.pattern for c in document.unexplained}
    assert "label:牵头单位" in patterns
    cue = next(c for c in document.unexplained if c.pattern == "label:牵头单位")
    assert "市发改局" in cue.context
    assert report.share < 1.0
    assert dict(report.patterns())["label:牵头单位"] >= 1


def test_the_command_writes_json_per_document(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in ("cixi-2021-zfgzbg.txt", "ningbo-haishu-2023-zfgzbg.txt"):
        shutil.copy(CORPUS / name, folder / name)
    govgraph = Path(shutil.which("govgraph") or ROOT / ".venv" / "bin" / "govgraph")
    proc = subprocess.run([str(govgraph), "coverage", str(folder), "--format", "json"],
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    data = json.loads(proc.stdout.decode("utf-8"))
    assert set(data) >= {"share", "cues", "explained", "patterns", "documents"}
    assert len(data["documents"]) == 2 and 0 < data["share"] <= 1
    for document in data["documents"]:
        assert set(document) >= {"document", "source", "cues", "explained", "unexplained", "share"}
        for cue in document["unexplained"]:
            assert set(cue) == {"span", "context", "pattern"} and cue["pattern"].split(":")[0] in (
                "label", "verb", "header")
    assert "\\u" not in proc.stdout.decode("utf-8")


def test_the_development_corpus_is_covered():
    """The bar of the grammar: 95% of the role words beside an agency in 200 real plans."""
    report, run = measure_coverage([str(CORPUS)])
    assert not run.failures
    assert len(report.documents) >= 200
    assert report.share >= 0.95, report.patterns()[:10]


def test_the_corpus_manifest_names_a_source_for_every_file():
    import csv

    rows = list(csv.DictReader((CORPUS / "MANIFEST.csv").open(encoding="utf-8")))
    files = {p.name for p in CORPUS.glob("*.txt")}
    assert len(rows) >= 200 and {r["file"] for r in rows} == files
    assert all(r["source"] and r["government"] and r["level"] for r in rows)
    assert len({r["government"] for r in rows}) >= 40
    assert len({r["province"] for r in rows if r["province"]}) >= 10
    assert {"central", "province", "city", "district", "county"} <= {r["level"] for r in rows}
