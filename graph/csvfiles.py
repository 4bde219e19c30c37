"""CSV as the bulk loaders read it: LadybugDB ``COPY … FROM`` and ``neo4j-admin database import``.

Both readers tell NULL from the empty string only by quoting, which Python's ``csv``
module cannot be told to do (3.11), so cells are written here: a string is always quoted
(``""`` inside), NULL is an empty bare cell, booleans are ``true``/``false``, and a list
is one string joined by the reader's array separator (an empty list is NULL).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import IO


def cell(value, list_separator: str) -> str:
    if type(value) is str:                 # the common case first: this runs once per value
        return '"' + value.replace('"', '""') + '"'
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        if not value:
            return ""
        value = list_separator.join(map(str, value))
    return '"' + str(value).replace('"', '""') + '"'


def write_csv(out: IO[str], header: Sequence[str], rows: Iterable[Sequence], list_separator: str) -> int:
    """Write a header line and the rows; returns the number of rows."""
    out.write(",".join(header) + "\n")
    count = 0
    for row in rows:
        out.write(",".join(cell(v, list_separator) for v in row) + "\n")
        count += 1
    return count
