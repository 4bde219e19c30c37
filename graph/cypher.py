"""What every Cypher store shares: statements generated from the schema, and the base class.

LadybugDB and Neo4j run the same text.  Names are back-quoted because the schema uses
Cypher keywords (the relationship type ``IN``, the property ``end``); the four ``IN``
tables of the schema are one relationship type on both engines, told apart by the labels
of their endpoints, so reading a table is one ``MATCH`` with both labels.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from govgraph.graph.rows import GraphRows
from govgraph.graph.schema import NODE, NODES, RELATION, RELATIONS, RelType

TABLES: tuple[str, ...] = (*(n.label for n in NODES), *(r.name for r in RELATIONS))


def quote(name: str) -> str:
    """A Cypher identifier in back-quotes: safe for keywords such as ``IN`` and ``end``."""
    return "`" + name.replace("`", "``") + "`"


def first_line(exc: BaseException | str) -> str:
    """An engine's message cut to its first line, for a one-line ``Error: …``."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def plain_scalar(value):
    """A value as JSON can hold it: dates and times as ISO text, other engine types as text."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def read_table(name: str, where: str = "", also: str = "") -> str:
    """``MATCH`` … ``RETURN`` the rows of a node label (``n``) or relation table (``a-[r]->b``),
    shaped like ``GraphRows``; ``also`` puts more columns first."""
    if name in NODE:
        columns = [f"n.{quote(p)} AS {quote(p)}" for p in NODE[name].prop_names]
        match = f"MATCH (n:{quote(name)})"
    else:
        rel = RELATION[name]
        columns = [f"a.{quote(NODE[rel.source].key)} AS `from`", f"b.{quote(NODE[rel.target].key)} AS `to`",
                   *(f"r.{quote(p)} AS {quote(p)}" for p in rel.prop_names)]
        match = _pattern(rel)
    return f"{match} {where} RETURN {', '.join(filter(None, [also, *columns]))}"


def count_table(name: str) -> str:
    if name in NODE:
        return f"MATCH (n:{quote(name)}) RETURN count(n)"
    return f"{_pattern(RELATION[name])} RETURN count(r)"


def _pattern(rel: RelType) -> str:
    return f"MATCH (a:{quote(rel.source)})-[r:{quote(rel.type)}]->(b:{quote(rel.target)})"


@dataclass(frozen=True, slots=True)
class Result:
    """The answer to a query: column names and rows of plain Python values."""

    columns: list[str]
    rows: list[list]

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]


class CypherStore:
    """A graph store that runs Cypher.  A subclass supplies ``stream`` and ``close``;
    reading the whole graph back and counting it is the same generated Cypher everywhere."""

    def stream(self, text: str, params: dict | None = None) -> tuple[list[str], Iterator[list]]:
        """Column names and an iterator over rows, so big answers need not be held at once."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def run(self, text: str, params: dict | None = None) -> Result:
        columns, rows = self.stream(text, params)
        return Result(columns, list(rows))

    def query(self, text: str, **params) -> list[dict]:
        """The rows, as dicts, of Cypher ``text`` or of a named query (``govgraph queries``)
        with its ``params``: ``store.query("tasks-of-agency", agency="罗湖区财政局")``."""
        from govgraph.queries import query_text

        return self.run(query_text(text, "cypher", params), params).records()

    def table(self, name: str) -> Iterator[dict]:
        """The rows of one node label or relation table of the schema."""
        columns, rows = self.stream(read_table(name))
        return (dict(zip(columns, row)) for row in rows)

    def rows(self) -> GraphRows:
        """The whole graph, as ``extraction_rows`` would have produced it."""
        return GraphRows(nodes={n.label: list(self.table(n.label)) for n in NODES},
                         relations={r.name: list(self.table(r.name)) for r in RELATIONS})

    def counts(self) -> dict[str, int]:
        """Nodes per label and relations per table, keyed like ``GraphRows.counts()``."""
        return {name: self.run(count_table(name)).rows[0][0] for name in TABLES}

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
