"""The README tells the truth: every command is documented and has help, the CI runs
the README's test command, and the README's first command is the report on the sample."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import command_paths
from govgraph.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = ["extract", "agencies", "coverage", "build", "query", "sparql", "queries", "workload", "network",
            "matrix", "viz", "report", "export neo4j-csv", "export table", "export rdf", "neo4j push"]


def _bash_blocks() -> list[str]:
    return re.findall(r"```bash\n(.+?)\n```", README, flags=re.S)


def test_readme_opens_with_the_main_job_and_the_tests():
    main_job, tests = _bash_blocks()[:2]
    assert "govgraph report data/samples/luohu-gazette-2014-04.txt" in main_job
    assert "pip install" in main_job
    assert "pytest" in tests


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _bash_blocks()[1].strip() in ci


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(command):
    result = CliRunner().invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
    assert f"govgraph {command}" in README, f"the README never shows `govgraph {command}`"


def test_the_command_list_is_complete():
    """Every command the app has, sub-commands included, is in the list above."""
    paths = command_paths()
    leaves = {" ".join(p) for p in paths if p and not any(q[:len(p)] == p and q != p for q in paths)}
    assert leaves == set(COMMANDS)
