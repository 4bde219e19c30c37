"""Real documents of the genre from many governments, with hand-checked gold
(tests/fixtures/genre): the extractor must generalise, not fit the seed gazette.

Every fixture is one document; two are excerpts whose title the text does not carry,
so the per-fixture scores pin the document match and ``test_documents_match`` checks
document matching separately for the complete ones.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from govgraph.extract import extract
from govgraph.records import agency_record, document_record, task_record

GENRE = Path(__file__).parent / "fixtures" / "genre"
FIXTURES = sorted(p.name.removesuffix(".gold.json") for p in GENRE.glob("*.gold.json"))
EXCERPTS = {"baoshan-laji-2019", "qingpu-jianzhu-2025"}     # their title is outside the excerpt


def _scorer():
    spec = importlib.util.spec_from_file_location("score", Path(__file__).parent / "fixtures/seed/score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCORE = _scorer()


@pytest.fixture(scope="module")
def systems(gazetteer) -> dict[str, dict]:
    """Each fixture extracted once, in the output contract."""
    out = {}
    for name in FIXTURES:
        result = extract([str(GENRE / f"{name}.txt")], gazetteer)
        out[name] = {
            "documents": [document_record(r) for r in result.results],
            "tasks": [task_record(t, r.document.source) for r in result.results for t in r.tasks],
            "agencies": [agency_record(a) for a in result.agencies]}
    return out


def _gold(name: str) -> dict:
    return json.loads((GENRE / f"{name}.gold.json").read_text(encoding="utf-8"))


def _pinned(system: dict, gold: dict) -> dict:
    documents = [{**d, "doc_number": gold["documents"][0]["doc_number"],
                  "title": gold["documents"][0]["title"]} for d in system["documents"]]
    return {**system, "documents": documents}


def _totals(systems: dict[str, dict], coarse: bool) -> dict[str, float]:
    SCORE.COARSE = coarse
    try:
        sums = dict.fromkeys(("tp", "fp", "fn", "atp", "afp", "afn"), 0)
        for name in FIXTURES:
            gold = _gold(name)
            result = SCORE.score(gold, _pinned(systems[name], gold))
            for key in ("tp", "fp", "fn"):
                sums[key] += result["relation"][key]
                sums["a" + key] += result["agency"][key]
    finally:
        SCORE.COARSE = False
    f1 = 2 * sums["tp"] / (2 * sums["tp"] + sums["fp"] + sums["fn"])
    agency_f1 = 2 * sums["atp"] / (2 * sums["atp"] + sums["afp"] + sums["afn"])
    return {"relation_f1": f1, "agency_f1": agency_f1}


def test_there_are_fixtures_from_at_least_six_governments():
    issuers = {_gold(name)["documents"][0]["issuer"] for name in FIXTURES}
    assert len(FIXTURES) >= 6 and len(issuers) >= 6, issuers


def test_relations_over_all_fixtures(systems):
    assert _totals(systems, coarse=False)["relation_f1"] >= 0.95


def test_coarse_relations_and_agencies_over_all_fixtures(systems):
    totals = _totals(systems, coarse=True)
    assert totals["relation_f1"] >= 0.95 and totals["agency_f1"] >= 0.95, totals


@pytest.mark.parametrize("name", FIXTURES)
def test_each_fixture(systems, name):
    gold = _gold(name)
    result = SCORE.score(gold, _pinned(systems[name], gold))
    assert result["relation_f1"] >= 0.9, (name, result["worst_errors"][:5])
    assert result["naming_score"] >= 0.9, (name, result["naming"]["fragmented"])


@pytest.mark.parametrize("name", [n for n in FIXTURES if n not in EXCERPTS])
def test_documents_match(systems, name):
    result = SCORE.score(_gold(name), systems[name])
    assert all(m["gold_id"] for m in result["document_matches"]), result["document_matches"]
