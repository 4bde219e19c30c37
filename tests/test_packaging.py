"""pyproject.toml installs every package folder and the data files read at runtime."""
from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
PACKAGES = SETUPTOOLS["packages"]
PACKAGE_DIR = SETUPTOOLS["package-dir"]
PACKAGE_DATA = SETUPTOOLS.get("package-data", {})

# top-level folders and the package each one is installed as
TOP = {"govgraph": "govgraph", "extract": "govgraph.extract", "graph": "govgraph.graph",
       "queries": "govgraph.queries", "data": "govgraph.data"}


def package_folders() -> list[tuple[str, Path]]:
    """(dotted package name, folder) for every folder with an __init__.py."""
    found = []
    for top, dotted in TOP.items():
        for init in sorted((ROOT / top).rglob("__init__.py")):
            folder = init.parent
            rel = folder.relative_to(ROOT / top).parts
            if any(part.startswith(".") or part == "__pycache__" for part in rel):
                continue
            found.append((".".join((dotted, *rel)), folder))
    return found


def _params():
    for dotted, folder in package_folders():
        yield pytest.param(dotted, folder, id=dotted)


def test_top_level_folders_are_packages():
    for top in TOP:
        assert (ROOT / top / "__init__.py").exists(), top


@pytest.mark.parametrize("dotted, folder", list(_params()))
def test_package_is_listed_and_mapped(dotted, folder):
    assert dotted in PACKAGES
    # the folder it is built from: its own package-dir entry, or its parent's plus the rest
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        base = ".".join(parts[:i])
        if base in PACKAGE_DIR:
            mapped = ROOT / PACKAGE_DIR[base] / Path(*parts[i:])
            break
    else:
        mapped = ROOT / Path(*parts)
    assert mapped.resolve() == folder.resolve()


def test_every_listed_package_exists():
    folders = {dotted for dotted, _ in package_folders()}
    assert set(PACKAGES) <= folders


@pytest.mark.parametrize("pattern", ["*.csv", "gazetteer/*.csv", "stopwords.txt"])
def test_runtime_data_is_package_data(pattern):
    data = ROOT / "data"
    files = sorted(data.glob(pattern))
    assert files, f"no data/{pattern}"
    globs = PACKAGE_DATA.get("govgraph.data", [])
    for path in files:
        rel = path.relative_to(data).as_posix()
        assert any(fnmatch.fnmatch(rel, g) and rel.count("/") == g.count("/") for g in globs), rel


def test_runtime_data_is_reachable_through_the_package():
    from importlib import resources

    root = resources.files("govgraph.data")
    for name in ("roles.csv", "divisions.csv", "abbreviations.csv", "stopwords.txt"):
        assert root.joinpath(name).is_file(), name
    assert any(p.name.endswith(".csv") for p in root.joinpath("gazetteer").iterdir())


def test_console_script():
    assert PYPROJECT["project"]["scripts"]["govgraph"] == "govgraph.cli:main"
