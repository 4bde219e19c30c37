"""Chinese labels for the codes the data keeps: kinds, roles, yes/no flags, document states.

JSON, CSV for programs and RDF keep the codes (``bureau``, ``lead``, ``true``); the tables
people read show these labels (局委, 主办/牵头, 是).  The vocabulary is data: it is read once
from ``data/labels.csv`` (``vocabulary,code,label,note``), so a label is changed there,
not in code.
"""
from __future__ import annotations

import csv
from functools import cache
from importlib import resources

UNKNOWN_KIND = "unknown"


@cache
def _labels() -> dict[tuple[str, str], str]:
    text = resources.files("govgraph.data").joinpath("labels.csv").read_text(encoding="utf-8")
    return {(row["vocabulary"], row["code"]): row["label"] for row in csv.DictReader(text.splitlines())}


def label(vocabulary: str, code: str) -> str:
    """The Chinese label of ``code``; a code the file does not list is shown as it is."""
    return _labels().get((vocabulary, code), code)


def kind_label(kind: str | None) -> str:
    """局委, 泛指单位 …; a kind not in the file is 其他, as an unknown one."""
    labels = _labels()
    return labels.get(("kind", kind or UNKNOWN_KIND), labels[("kind", UNKNOWN_KIND)])


def flag_label(value: bool | None) -> str:
    return label("flag", "true" if value else "false")


def role_label(role: str) -> str:
    return label("role", role)


def unread_label(words) -> str:
    """A document whose role words gave no task: 未能解析（牵头单位、责任单位）."""
    return f"{label('status', 'unread')}（{'、'.join(words)}）"
