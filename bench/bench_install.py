"""Install time: ``pip install -e .`` (the core) in a fresh venv, next to the same install with
every extra (``.[all]``) in the same run.

    python bench/bench_install.py [--rounds 2]

Each round makes a new venv (its creation is not counted) and times the install alone,
best of ``--rounds``.  pip's cache is warm after the first round, as on a developer's
machine; a first-ever install also downloads.  Bar: the core under 30 s.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def install(target: str) -> tuple[float, int]:
    """Seconds for ``pip install -e target`` in a new venv, and the packages it then holds."""
    with tempfile.TemporaryDirectory() as folder:
        venv = Path(folder) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip"]
        start = time.perf_counter()
        subprocess.run([*pip, "install", "-q", "-e", target], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        listed = subprocess.run([*pip, "list", "--format", "freeze"], check=True, capture_output=True, text=True)
        return seconds, len(listed.stdout.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    rounds = parser.parse_args().rounds
    for label, target in (("core  .", "."), ("every extra  .[all]", ".[all]")):
        runs = [install(target) for _ in range(rounds)]
        best = min(seconds for seconds, _ in runs)
        print(f"{label:22} {best:6.1f} s  ({runs[0][1]} packages; rounds: "
              f"{', '.join(f'{s:.1f}' for s, _ in runs)})")


if __name__ == "__main__":
    main()
