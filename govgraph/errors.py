"""Typed errors.  The library raises them; ``govgraph.cli`` turns each into one line
``Error: …`` and a non-zero exit, in one place.  A message says what went wrong,
where, and what to do about it."""
from __future__ import annotations


class GovGraphError(Exception):
    """Base of every error govgraph reports to a user."""

    exit_code = 1


class InputError(GovGraphError):
    """An input file is missing, unreadable, empty, binary or in an unknown encoding."""


class NoTasksError(GovGraphError):
    """Nothing useful came out of the inputs."""


class GazetteerError(GovGraphError):
    """A gazetteer file is malformed."""


class UsageError(GovGraphError):
    """Bad option values: an unknown format, a bad weight string …"""

    exit_code = 2


class OutputError(UsageError):
    """An output that cannot be written where asked: one of the inputs, a folder, a
    folder that is not writable."""


class StoreError(GovGraphError):
    """A graph store cannot be opened, is not a govgraph store, or refused a query."""


class QueryError(GovGraphError):
    """A query is malformed or unknown; the message carries the engine's own words."""


class ValidationError(GovGraphError):
    """The graph breaks the SHACL shapes (data/shapes.ttl) an export promises to keep."""


class MissingDependencyError(GovGraphError):
    """Something this output needs is not installed: an optional package (see ``require``),
    a CJK font for pictures …"""


def require(module: str, extra: str, purpose: str):
    """``module``, imported.  When it is not installed: a ``MissingDependencyError`` naming the
    extra of govgraph that installs it, so a user who skipped an extra learns in one line
    which one (``pip install 'govgraph[charts]'``).  The extras are listed in pyproject.toml;
    ``tests/test_extras.py`` checks every call names one that installs ``module``."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        if exc.name and not (module == exc.name or module.startswith(exc.name + ".")):
            raise                                   # installed, but broken: not a missing extra
        raise MissingDependencyError(f"{purpose} needs {module.split('.')[0]}, which is optional: "
                                     f"pip install 'govgraph[{extra}]'") from None


def installed(module: str) -> bool:
    """Can ``module`` be imported?  Found, not imported (only the parents of a dotted name
    are): cheap enough for a default."""
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False
