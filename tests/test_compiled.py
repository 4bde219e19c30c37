"""The extractor compiled by mypyc (setup.py) is the extractor in its sources, only faster."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import time
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

from govgraph.extract.compiled import stale_modules

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "luohu-gazette-2014-04.txt"
GOVGRAPH = Path(sys.executable).with_name("govgraph")


@pytest.mark.skipif(bool(os.environ.get("GOVGRAPH_PURE_PYTHON")) or not shutil.which("cc")
                    or not Path(sysconfig.get_paths()["include"], "Python.h").exists(),
                    reason="pure Python asked for, or no C compiler / Python headers to build with")
def test_the_extractor_runs_compiled_where_it_can_be_built():
    import govgraph.extract.pipeline as pipeline

    assert pipeline.__file__.endswith(tuple(EXTENSION_SUFFIXES)), \
        f"{pipeline.__file__}: run `pip install -e .` to compile the extractor"


def test_compiled_and_pure_python_give_the_same_output(tmp_path):
    outputs = []
    for pure in ("", "1"):
        out = tmp_path / f"out{pure}.jsonl"
        subprocess.run([str(GOVGRAPH), "extract", str(SAMPLE), "--format", "jsonl", "-o", str(out)],
                       check=True, capture_output=True,
                       env={**os.environ, "GOVGRAPH_PURE_PYTHON": pure})
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b'"type":"task"') == 110


def test_a_source_newer_than_its_compiled_module_is_stale(tmp_path):
    suffix = EXTENSION_SUFFIXES[0]
    for stem in ("edited", "untouched"):
        (tmp_path / f"{stem}{suffix}").write_bytes(b"")
        (tmp_path / f"{stem}.py").write_text("")
    (tmp_path / f"lib__mypyc{suffix}").write_bytes(b"")            # a library has no source
    later = time.time() + 60
    os.utime(tmp_path / "edited.py", (later, later))
    assert stale_modules(str(tmp_path)) == ["edited"]
