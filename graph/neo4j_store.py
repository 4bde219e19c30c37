"""Neo4j: push the embedded store's graph into a running server, and run Cypher there.

A push is idempotent and resumable: uniqueness constraints on the schema keys, then
batches of ``UNWIND $rows AS row MERGE …``, each its own transaction — nodes on their
key, relations on their endpoints plus their identity (``cypher.identity``).  A push cut
off half-way and run again completes the graph without duplicates.

A push adds and updates; it deletes nothing unless asked (``prune=True``, ``neo4j push
--prune``): the server may hold another graph, or a colleague's documents, under the same
labels.  Pruning deletes the schema's nodes and relations the store does not hold (what a
re-loaded document no longer has), so Neo4j mirrors the store, and says how many first;
labels and types outside the schema are never touched.

Credentials come only from the environment: ``NEO4J_URI``, ``NEO4J_USER`` (default neo4j),
``NEO4J_PASSWORD``; the database from ``NEO4J_DATABASE`` (default: the server's).  A URI is
never shown with the user and password it may carry.
"""
from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from govgraph.errors import QueryError, StoreError, UsageError
from govgraph.graph.cypher import CypherStore, first_line, plain_scalar, quote, read_table
from govgraph.graph.schema import identity, identity_of
from govgraph.graph.schema import NODE, NODES, RELATIONS, NodeType, RelType

DEFAULT_URI = "bolt://localhost:7687"


def constraints() -> list[str]:
    return [f"CREATE CONSTRAINT {quote(f'govgraph_{n.label}_{n.key}')} IF NOT EXISTS "
            f"FOR (n:{quote(n.label)}) REQUIRE n.{quote(n.key)} IS UNIQUE" for n in NODES]


def merge_nodes(node: NodeType) -> str:
    key = quote(node.key)
    sets = ", ".join(f"n.{quote(p)} = row.{quote(p)}" for p in node.prop_names if p != node.key)
    return f"UNWIND $rows AS row MERGE (n:{quote(node.label)} {{{key}: row.{key}}}) SET {sets}"


def merge_relations(rel: RelType) -> str:
    source, target = NODE[rel.source], NODE[rel.target]
    keys = ", ".join(f"{quote(p)}: row.{quote(p)}" for p in identity(rel))
    sets = ", ".join(f"r.{quote(p)} = row.{quote(p)}" for p in rel.prop_names if p not in identity(rel))
    return (f"UNWIND $rows AS row "
            f"MATCH (a:{quote(source.label)} {{{quote(source.key)}: row.`from`}}) "
            f"MATCH (b:{quote(target.label)} {{{quote(target.key)}: row.`to`}}) "
            f"MERGE (a)-[r:{quote(rel.type)}{f' {{{keys}}}' if keys else ''}]->(b)"
            + (f" SET {sets}" if sets else ""))


class Neo4jStore(CypherStore):
    """A connection to a Neo4j server; fails at once, in one line, when it is down or
    refuses the login."""

    def __init__(self, uri: str, user: str = "neo4j", password: str | None = None, database: str | None = None):
        """``database``: the one to work in; None: the server's default (``neo4j``)."""
        import neo4j

        # The driver logs what it then raises; the raised error is the one worth a line.
        logging.getLogger("neo4j").setLevel(logging.CRITICAL)
        self.uri, self.user, self.database = shown_uri(uri), user, database
        if self.uri != uri:
            raise StoreError(f"NEO4J_URI holds a user and password; give the address alone ({self.uri}) "
                             "and set NEO4J_USER and NEO4J_PASSWORD")
        try:
            self._driver = neo4j.GraphDatabase.driver(
                uri, auth=(user, password) if password else None,
                connection_timeout=10, notifications_min_severity="OFF")
        except (ValueError, ImportError, neo4j.exceptions.DriverError):
            raise StoreError(f"NEO4J_URI '{self.uri}' is not a Neo4j address; "
                             "write it like bolt://localhost:7687") from None
        with self._errors():
            self._driver.verify_connectivity()

    @classmethod
    def from_env(cls, database: str | None = None) -> Neo4jStore:
        """The server the environment names; ``database`` wins over ``NEO4J_DATABASE``."""
        return cls(os.environ.get("NEO4J_URI") or DEFAULT_URI, os.environ.get("NEO4J_USER") or "neo4j",
                   os.environ.get("NEO4J_PASSWORD"), database or os.environ.get("NEO4J_DATABASE") or None)

    @property
    def where(self) -> str:
        """The server, and the database when one was chosen, for messages."""
        return f"{self.uri} (database '{self.database}')" if self.database else self.uri

    def close(self) -> None:
        self._driver.close()

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """Driver errors as govgraph's: what failed, where, and the fix."""
        from neo4j.exceptions import AuthError, ClientError, DriverError, Neo4jError, ServiceUnavailable

        try:
            yield
        except AuthError:
            raise StoreError(f"Neo4j at {self.where} refused the login of user '{self.user}'; "
                             "set NEO4J_USER and NEO4J_PASSWORD") from None
        except ServiceUnavailable:
            raise StoreError(f"cannot reach Neo4j at {self.uri}; start the server or set NEO4J_URI") from None
        except ClientError as exc:
            raise QueryError(f"Neo4j at {self.where}: {first_line(exc.message or exc)}") from None
        except Neo4jError as exc:
            raise StoreError(f"Neo4j at {self.where}: {first_line(exc.message or exc)}") from None
        except DriverError as exc:
            raise StoreError(f"Neo4j at {self.where}: {first_line(exc)}") from None

    def stream(self, text: str, params: dict | None = None) -> tuple[list[str], Iterator[list]]:
        with self._errors():
            session = self._driver.session(database=self.database)
            try:
                result = session.run(text, params or {})
                columns = list(result.keys())
            except BaseException:
                session.close()
                raise
        return columns, self._records(session, result)

    def _records(self, session, result) -> Iterator[list]:
        with session, self._errors():
            for record in result:
                yield [_plain(v) for v in record.values()]

    def _write(self, text: str, **params) -> None:
        with self._errors(), self._driver.session(database=self.database) as session:
            session.execute_write(lambda tx: tx.run(text, params).consume())

    def push(self, source: CypherStore, batch_size: int = 5000,
             on_batch: Callable[[str, int], None] | None = None, prune: bool = False,
             on_prune: Callable[[int, int], None] | None = None) -> dict[str, int]:
        """Add and update ``source``'s graph here; returns the counts.  ``prune``: then delete
        what ``source`` does not hold, after ``on_prune(nodes, relations)`` was told how many.

        ``on_batch(table, rows_done)`` is called after each committed batch.
        """
        if batch_size < 1:
            raise UsageError(f"--batch-size must be at least 1, not {batch_size}")
        for statement in constraints():
            self._write(statement)
        for name, statement in [*((n.label, merge_nodes(n)) for n in NODES),
                                *((r.name, merge_relations(r)) for r in RELATIONS)]:
            done = 0
            for batch in _batches(source.table(name), batch_size):
                self._write(statement, rows=batch)
                done += len(batch)
                if on_batch:
                    on_batch(name, done)
        if prune:
            nodes, relations = self._stale(source)
            if on_prune:
                on_prune(sum(len(keys) for keys in nodes.values()), len(relations))
            self._delete("MATCH ()-[r]->() WHERE elementId(r) = item DELETE r", sorted(relations))
            for label, keys in nodes.items():
                node = NODE[label]
                self._delete(f"MATCH (n:{quote(label)} {{{quote(node.key)}: item}}) DETACH DELETE n", keys)
        return self.counts()

    def _stale(self, source: CypherStore) -> tuple[dict[str, list], set[str]]:
        """What pruning deletes: per label the keys of nodes the store does not hold, and
        the element ids of the relations of the schema it does not hold (repeats too) or that
        touch those nodes.  After the merges every row of the store is here once, so a table
        with no more rows than the store's has nothing extra."""
        wanted, have = source.counts(), self.counts()
        nodes: dict[str, list] = {}
        relations: set[str] = set()
        for node in (n for n in NODES if have[n.label] > wanted[n.label]):
            keep = {row[node.key] for row in source.table(node.label)}
            _, found = self.stream(f"MATCH (n:{quote(node.label)}) RETURN n.{quote(node.key)}")
            nodes[node.label] = [key for key, in found if key not in keep]
            _, touching = self.stream(f"UNWIND $keys AS key MATCH (n:{quote(node.label)} {{{quote(node.key)}: key}})"
                                      f"-[r]-() RETURN DISTINCT elementId(r)", {"keys": nodes[node.label]})
            relations.update(element for element, in touching)
        for rel in (r for r in RELATIONS if have[r.name] > wanted[r.name]):
            keep = {identity_of(rel, row) for row in source.table(rel.name)}
            columns, found = self.stream(read_table(rel.name, also="elementId(r) AS element"))
            seen = set()
            for element, *values in found:
                key = identity_of(rel, dict(zip(columns[1:], values)))
                if key not in keep or key in seen:
                    relations.add(element)
                seen.add(key)
        return nodes, relations

    def _delete(self, statement: str, items: list) -> None:
        for batch in _batches(items, 5000):
            self._write(f"UNWIND $items AS item {statement}", items=batch)


def shown_uri(uri: str) -> str:
    """``uri`` as it may be shown: without the user and password it may carry
    (``bolt://u:secret@host:7687`` → ``bolt://host:7687``)."""
    scheme, sep, rest = uri.partition("://")
    if not sep:
        scheme, rest = "", uri
    return f"{scheme}{sep}{rest.rpartition('@')[2]}"


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _plain(value):
    """Driver values as plain data, shaped like the embedded store's (``_label``/``_type``)."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"_label": ":".join(sorted(value.labels)), **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"_type": value.type, **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return {"_nodes": [_plain(n) for n in value.nodes], "_rels": [_plain(r) for r in value.relationships]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return plain_scalar(value)
