"""The core install and its extras (pyproject.toml): the core runs the README's main job
alone, and whatever needs an extra names it in one line when it is missing.

"Missing" is made real in a child process: ``sys.modules[name] = None`` makes every import
of ``name`` fail as it does when the package is not installed, while the rest of the
environment (the test venv, which has every extra) stays as it is.
"""
from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE, clean_env

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
EXTRAS = PROJECT["optional-dependencies"]
PACKAGE_DIRS = ("govgraph", "extract", "graph", "queries")
# every package an extra installs, and scipy, which nothing needs any more
OPTIONAL = ("matplotlib", "scipy", "pyshacl", "pdfplumber", "pypdfium2", "pandas", "pyarrow", "dask", "distributed")


def _name(requirement: str) -> str:
    """``"dask[bag]>=2024.1"`` → ``dask``."""
    return re.match(r"[A-Za-z0-9_.-]+", requirement)[0].lower()


def _extra_calls() -> list[tuple[str, str, str]]:
    """Every ``require("module", "extra", …)`` and ``installed("module")`` in the package:
    (file, function, module[, extra])."""
    found = []
    for folder in PACKAGE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("require", "installed"):
                    args = [a.value for a in node.args if isinstance(a, ast.Constant)]
                    found.append((path.name, node.func.id, *args))
    return found


def without(modules, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``govgraph ARGS`` in a process where ``modules`` cannot be imported."""
    code = (f"import sys\nfor m in {list(modules)!r}: sys.modules[m] = None\n"
            f"sys.argv = ['govgraph', *{list(args)!r}]\nfrom govgraph.cli import main\nmain()\n")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd,
                          env=clean_env(), timeout=300)


def one_error_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, done.stderr
    return errors[0]


def test_every_extra_the_code_names_installs_the_module():
    calls = _extra_calls()
    assert {c[1] for c in calls} == {"require", "installed"}
    listed = {name: {_name(r) for r in reqs} for name, reqs in EXTRAS.items()}
    for where, function, module, *extra in calls:
        top = module.split(".")[0]
        if function == "require":
            assert extra[0] in EXTRAS, f"{where}: require({module!r}) names no extra {extra[0]!r}"
            assert top in listed[extra[0]], f"{where}: extra {extra[0]!r} does not install {top}"
        else:
            assert any(top in names for names in listed.values()), f"{where}: {top} is in no extra"


def test_the_core_leaves_every_extra_out_and_all_and_dev_take_them_in():
    core = {_name(r) for r in PROJECT["dependencies"]}
    assert core and not core & set(OPTIONAL)
    features = set(EXTRAS) - {"all", "dev"}
    [everyone] = EXTRAS["all"]
    assert features and set(re.fullmatch(r"govgraph\[(.*)\]", everyone)[1].split(",")) == features
    assert "govgraph[all]" in EXTRAS["dev"]
    everything = {_name(r) for name in features for r in EXTRAS[name]}
    assert everything == set(OPTIONAL) - {"scipy"}


def test_the_main_job_runs_on_the_core_alone(tmp_path):
    """The README's first command installs the core only, then writes the report."""
    out = tmp_path / "report.html"
    done = without(OPTIONAL, "report", str(SAMPLE), "-o", str(out), "--db", str(tmp_path / "g.db"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert "<svg" in page and "协作网络" in page and "罗湖区经济促进局" in page


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("extras")
    done = without(OPTIONAL, "build", str(SAMPLE), "--db", str(folder / "g.db"), cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder / "g.db"


@pytest.mark.parametrize("picture", ["network.png", "network.svg"])
def test_pictures_without_matplotlib_name_the_charts_extra(db, tmp_path, picture):
    done = without(["matplotlib"], "viz", "-o", str(tmp_path / picture), "--db", str(db), cwd=tmp_path)
    assert "pip install 'govgraph[charts]'" in one_error_line(done)
    assert not list(tmp_path.iterdir())


def test_the_html_network_needs_no_extra(db, tmp_path):
    done = without(OPTIONAL, "viz", "-o", str(tmp_path / "network.html"), "--db", str(db), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "<svg" in (tmp_path / "network.html").read_text(encoding="utf-8")


def test_export_rdf_without_pyshacl_skips_the_check_it_was_not_asked_for(db, tmp_path):
    done = without(["pyshacl"], "export", "rdf", str(tmp_path / "g.nt"), "--db", str(db), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "SHACL shapes not checked" in done.stderr and "govgraph[shacl]" in done.stderr
    assert (tmp_path / "g.nt").stat().st_size > 0
    done = without(["pyshacl"], "export", "rdf", str(tmp_path / "h.nt"), "--db", str(db),
                   "--validate", "full", cwd=tmp_path)
    assert "pip install 'govgraph[shacl]'" in one_error_line(done)
    assert not (tmp_path / "h.nt").exists()


def test_a_pdf_without_the_pdf_extra_is_one_bad_file(tmp_path):
    from test_reader import _plan_pdf

    (tmp_path / "plan.pdf").write_bytes(_plan_pdf())
    (tmp_path / "plan.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    done = without(["pypdfium2", "pdfplumber"], "extract", str(tmp_path), "-o", str(tmp_path / "x.json"),
                   cwd=tmp_path)
    line = one_error_line(done)
    assert line.startswith(f"Error: {tmp_path / 'plan.pdf'}: reading .pdf needs pypdfium2")
    assert line.endswith("pip install 'govgraph[pdf]'")
    assert "110 tasks" in done.stderr                      # the good file is still extracted


def test_ruled_tables_without_pdfplumber_are_read_as_text_and_say_so(tmp_path):
    from test_reader import _plan_pdf

    (tmp_path / "plan.pdf").write_bytes(_plan_pdf())
    done = without(["pdfplumber"], "extract", str(tmp_path / "plan.pdf"), "-o", str(tmp_path / "x.json"),
                   cwd=tmp_path)
    assert "Traceback" not in done.stderr
    assert "ruled tables read as plain text" in done.stderr and "govgraph[pdf]" in done.stderr
    assert (tmp_path / "x.json").exists() and "区编办" in (tmp_path / "x.json").read_text(encoding="utf-8")


def test_a_frame_and_parquet_with_the_pandas_extra(tmp_path, sample_db):
    import pandas  # the dev install has every extra

    import govgraph as gg
    from conftest import invoke

    x = gg.extract([SAMPLE])
    frame = gg.assignments_frame(x)
    assert isinstance(frame, pandas.DataFrame) and len(frame) == 393
    assert {"task", "document", "agency", "role", "role_word", "deadline", "start", "end"} <= set(frame.columns)
    assert len(gg.tasks_frame(x)) == 110
    result = invoke("export", "table", tmp_path / "t.parquet", "--db", sample_db)
    assert result.exit_code == 0, result.stderr
    written = pandas.read_parquet(tmp_path / "t.parquet")
    assert list(written.columns) == list(frame.columns)
    assert sorted(zip(written.task, written.agency, written.role)) == sorted(zip(frame.task, frame.agency, frame.role))


def test_a_frame_without_pandas_names_the_extra(tmp_path):
    code = ("import sys; sys.modules['pandas'] = None\nimport govgraph as gg\n"
            "from govgraph.errors import MissingDependencyError\n"
            f"try:\n    gg.assignments_frame(gg.extract([{str(SAMPLE)!r}]))\n"
            "except MissingDependencyError as e:\n    print(e)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                          env=clean_env(), timeout=120)
    assert done.stdout.strip() == "a DataFrame needs pandas, which is optional: pip install 'govgraph[pandas]'"
