"""Our names for the gold's agencies and tasks, matched as the vendored scorer matches them.

The gold (tests/fixtures/seed/gold.json) writes agencies as the plans do (区财政局) and
finds tasks by an anchor text; our graph has canonical names (罗湖区财政局) and task ids.
An agency maps through the gold's names and aliases, else through our own aliases when
they hit exactly one gold agency (score.py's rule); a task is the one whose text holds
the anchor.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

_BRACKETS = str.maketrans({"<": "（", ">": "）", "〈": "（", "〉": "）", "＜": "（", "＞": "）", "(": "（", ")": "）"})


def _norm(name: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).translate(_BRACKETS)


def compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def gold_agency_of(gold: dict, agencies: list[dict]) -> dict[str, str]:
    """Our canonical agency name → the gold agency it is."""
    alias = {_norm(x): a["name"] for a in gold["agencies"] for x in [a["name"], *a["aliases"]]}
    mapping = {}
    for agency in agencies:
        if _norm(agency["name"]) in alias:
            mapping[agency["name"]] = alias[_norm(agency["name"])]
            continue
        hits = {alias[_norm(x)] for x in agency["aliases"] if _norm(x) in alias}
        if len(hits) == 1:
            mapping[agency["name"]] = hits.pop()
    return mapping


def gold_roles(gold: dict) -> dict[tuple[str, int], dict[str, set[str]]]:
    """(document, seq) of each gold task → gold agency → its roles there."""
    roles: dict[tuple[str, int], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for task in gold["tasks"]:
        for assignment in task["assignments"]:
            roles[task["document"], task["seq"]][assignment["agency"]].add(assignment["role"])
    return roles


def gold_task_of(gold: dict, texts: dict[str, str]) -> dict[tuple[str, int], str]:
    """(document, seq) of each gold task → the key in ``texts`` whose text holds its anchor."""
    found = {}
    for task in gold["tasks"]:
        anchor = compact(task["anchor"])
        hits = [key for key, text in texts.items() if anchor in compact(text)]
        assert len(hits) == 1, f"{len(hits)} tasks hold the anchor {task['anchor']!r}"
        found[task["document"], task["seq"]] = hits[0]
    return found
