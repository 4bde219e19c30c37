"""Which code runs: the extractor's modules as compiled by mypyc (``setup.py``), or their sources.

An editable install compiles ``extract/*.py`` in place, next to the sources, and Python
prefers a compiled module to its source.  After an edit that would run stale code; so
then, and whenever ``GOVGRAPH_PURE_PYTHON`` is set, the sources are imported instead.
"""
from __future__ import annotations

import os
import sys
from importlib.machinery import EXTENSION_SUFFIXES, SOURCE_SUFFIXES, FileFinder, ModuleSpec, SourceFileLoader

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = __name__.rpartition(".")[0]
SLACK = 2.0        # seconds: an installer writes a module and its source moments apart


def stale_modules(folder: str = HERE) -> list[str]:
    """The compiled modules in ``folder`` that are older than their source."""
    stale = []
    for entry in os.scandir(folder):
        stem, dot, suffix = entry.name.partition(".")
        source = os.path.join(folder, stem + ".py")
        if dot and "." + suffix in EXTENSION_SUFFIXES and os.path.exists(source) and \
                os.path.getmtime(source) > entry.stat().st_mtime + SLACK:
            stale.append(stem)
    return sorted(stale)


class _Sources:
    """A finder for this package's modules that sees only their ``.py`` sources."""

    finder = FileFinder(HERE, (SourceFileLoader, SOURCE_SUFFIXES))

    @classmethod
    def find_spec(cls, name: str, path: object = None, target: object = None) -> ModuleSpec | None:
        return cls.finder.find_spec(name) if name.rpartition(".")[0] == PACKAGE else None


def choose() -> None:
    """Import the sources instead of the compiled modules when asked to, or when these are stale."""
    if not os.environ.get("GOVGRAPH_PURE_PYTHON"):
        stale = stale_modules()
        if not stale:
            return
        print(f"govgraph: extract/{stale[0]}.py changed since it was compiled; running the extractor "
              f"as plain Python (slower) until `pip install -e .` compiles it again", file=sys.stderr)
    if _Sources not in sys.meta_path:
        sys.meta_path.insert(0, _Sources)
