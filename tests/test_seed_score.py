"""The seed gold, scored by the vendored scorer on the output of ``govgraph extract``.

``tests/fixtures/seed/{gold.json,score.py}`` are copies of ``../shared/eval`` so a
fresh clone can run this; when ``../shared/eval`` is there the copies must match it.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GOLD, ROOT, SCORER

SHARED = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="module")
def scores(sample_json_path) -> dict:
    proc = subprocess.run([sys.executable, str(SCORER), str(GOLD), str(sample_json_path), "--json"],
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout.decode("utf-8"))


def test_relation_f1(scores):
    assert scores["relation_f1"] >= 0.99, scores["worst_errors"]


def test_task_exact(scores):
    assert scores["task_exact"] >= 0.97, scores["missed_tasks"]


def test_naming(scores):
    assert scores["naming_score"] >= 0.98, scores["naming"]["fragmented"]


def test_every_document_is_matched(scores):
    matched = {m["gold_id"] for m in scores["document_matches"]}
    assert matched == {"tjgb", "cyzx", "xxh", "ggjh", "bztb", "jsbz", "dzsw"}
    assert scores["unmatched_system_documents"] == []
    assert [(d["gold_id"], d["system_tasks"]) for d in scores["documents"]] == \
        [(d["gold_id"], d["gold_tasks"]) for d in scores["documents"]]


def test_deadlines(scores):
    assert scores["deadline"]["accuracy"] == 1.0
    assert scores["deadline"]["system_deadline_where_gold_has_none"] == 0


def test_scorer_is_stable_on_a_copy_of_the_gold(tmp_path):
    """The scorer itself: a system file built from the gold scores 1.0 (the copy is usable)."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    system = {"documents": [{"id": d["id"], "doc_number": d["doc_number"], "title": d["title"]}
                            for d in gold["documents"]],
              "tasks": [{"id": f"t{i}", "document": t["document"], "text": t["anchor"],
                         "deadline": t["deadline"], "assignments": t["assignments"]}
                        for i, t in enumerate(gold["tasks"])],
              "agencies": [{"name": a["name"], "aliases": a["aliases"]} for a in gold["agencies"]]}
    path = tmp_path / "system.json"
    path.write_text(json.dumps(system, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(SCORER), str(GOLD), str(path)], capture_output=True,
                          timeout=120)
    assert proc.returncode == 0
    assert proc.stdout.decode().splitlines()[-1] == "relation_f1=1.000 task_exact=1.000 naming=1.000"


@pytest.mark.parametrize("name", ["seed/gold.json", "score.py"])
def test_vendored_copies_match_shared(name):
    shared = SHARED / name
    if not shared.exists():
        pytest.skip(f"{shared} is not present (fresh clone)")
    local = SCORER.parent / Path(name).name
    assert local.read_bytes() == shared.read_bytes(), f"{local} differs from {shared}: copy it again"
