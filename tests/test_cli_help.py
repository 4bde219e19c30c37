"""The help of every command reads as help for people: values are named (FILE, NAME=VALUE),
never Python types (``<list[str]>``, ``<int range>``), and ``--version`` says which govgraph."""
from __future__ import annotations

import re
from importlib.metadata import version

import pytest

from conftest import command_paths, invoke

TYPE_NAME = re.compile(r"<(?:list|int|str|path|float|bool|tuple|Path|datetime|choice)\b|\{[a-z_]+\}|"
                       r"\b(?:TEXT|INTEGER|PATH|FLOAT|BOOLEAN)\b")


COMMANDS = command_paths()


def test_the_walk_finds_every_command():
    assert {("extract",), ("query",), ("sparql",), ("export", "rdf"), ("neo4j", "push"), ("report",)} <= set(COMMANDS)


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "govgraph")
def test_help_names_values_never_types(path):
    result = invoke(*path, "--help")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Usage: govgraph")
    assert TYPE_NAME.findall(result.stdout) == []


def test_an_option_that_takes_a_value_names_it():
    text = invoke("query", "--help").stdout
    assert "-p, --param NAME=VALUE" in text and "--db STORE" in text and "-o, --output FILE" in text
    assert "{CYPHER}" in text.splitlines()[0]


def test_version_is_the_installed_package():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"govgraph {version('govgraph')}\n"
