"""Build hook: the extractor's modules are compiled with mypyc when the machine can.

They are plain, fully typed Python (``mypy extract/`` passes); mypyc turns them into C
extensions that run the very same code faster (see README, "Speed").  Compiling needs a
C compiler and Python's headers; without them, or with ``GOVGRAPH_PURE_PYTHON=1``, the
package installs as pure Python and gives the same results, only slower.

mypyc names a module after its path, and the repository keeps ``extract/`` at the top
level (it is installed as ``govgraph.extract``), so the sources are first laid out as
installed, as links under ``build/mypyc-src``.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
STAGE = ROOT / "build" / "mypyc-src"
# the stages of extraction; the file reading, batching and process glue stays Python
NOT_COMPILED = {"__init__.py", "batches.py", "compiled.py", "reader.py"}
LIBRARY = "govgraph.extract.native"         # one shared library, inside the package


def staged_sources() -> list[str]:
    """Links that lay out govgraph as installed; the extractor modules to compile."""
    package = STAGE / "govgraph"
    package.mkdir(parents=True, exist_ok=True)
    targets = {p.name: p for p in (ROOT / "govgraph").iterdir() if p.name != "__pycache__"}
    targets.update({name: ROOT / name for name in ("extract", "graph", "queries", "data")})
    for name, target in targets.items():
        link = package / name
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(target)
    return [str(package / "extract" / p.name) for p in sorted((ROOT / "extract").glob("*.py"))
            if p.name not in NOT_COMPILED]


def compiled_extensions() -> list:
    if os.environ.get("GOVGRAPH_PURE_PYTHON"):
        return []
    try:
        from mypyc.build import mypycify

        sources = staged_sources()
        return mypycify(["--cache-dir", str(ROOT / "build" / "mypy-cache"), "--ignore-missing-imports",
                         *sources],
                        separate=[(sources, LIBRARY)], target_dir=str(ROOT / "build" / "mypyc"))
    except (Exception, SystemExit) as exc:          # mypy reports type errors by exiting
        print(f"govgraph: not compiling the extractor ({exc}); installing pure Python",
              file=sys.stderr)
        return []


class BuildOrFallBack(build_ext):
    """Builds the extensions, or none of them: a failed compile leaves pure Python, and
    takes away what an earlier build put beside the sources (an editable install)."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:                    # no compiler, no headers …
            package_dir = self.get_finalized_command("build_py").get_package_dir
            for ext in self.extensions:
                package, _, module = ext.name.rpartition(".")
                for built in (self.get_ext_fullpath(ext.name),
                              os.path.join(package_dir(package), self.get_ext_filename(module))):
                    Path(built).unlink(missing_ok=True)
            print(f"govgraph: could not compile the extractor ({exc}); installing pure Python",
                  file=sys.stderr)


setup(ext_modules=compiled_extensions(), cmdclass={"build_ext": BuildOrFallBack})
