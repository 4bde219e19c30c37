"""Annotation styles: the ways a plan writes who does each task.

The registry is ordered; each style finds its statements in a document, and one
overlap policy settles them: a statement is kept unless it overlaps one an earlier
style kept (a table row wins over a bracket inside its cells, a bracket over the
prose around it).  Secondary styles (prose) see what the primary ones kept and
decide where they may add.  Adding a style is one module here and one line below,
with a fixture of its own in the tests.
"""
from __future__ import annotations

from govgraph.extract.statements import Context, Statement, Style
from govgraph.extract.styles.brackets import Brackets
from govgraph.extract.styles.lines import Lines
from govgraph.extract.styles.prose import Prose
from govgraph.extract.styles.tables import Tables

STYLES: tuple[Style, ...] = (Tables(), Brackets(), Lines(), Prose())
PRIMARY = tuple(s for s in STYLES if s.primary)
SECONDARY = tuple(s for s in STYLES if not s.primary)

__all__ = ["PRIMARY", "SECONDARY", "STYLES", "Context", "Statement", "Style", "find_statements"]


def find_statements(ctx: Context, styles: tuple[Style, ...] = STYLES,
                    kept: list[Statement] | None = None) -> list[Statement]:
    """The statements ``styles`` find in the document besides those ``kept`` already, in
    order of position."""
    kept = list(kept or ())
    for style in styles:
        found = style.find(ctx, kept)
        for statement in found:
            statement.by = style
        kept = settle(kept, found)
    return sorted(kept, key=lambda s: s.start)


def settle(kept: list[Statement], found: list[Statement]) -> list[Statement]:
    """The overlap policy: what a later style found counts where no earlier one has a statement."""
    spans = sorted(s.extent for s in kept)
    return kept + [s for s in found if not _overlaps(s.extent, spans)]


def _overlaps(extent: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    a, b = extent
    return any(x < b and a < y for x, y in spans)
