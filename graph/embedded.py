"""The embedded graph store: LadybugDB in one file, the default store of ``govgraph build``.

Tables are generated from graph/schema.py.  The four ``IN`` tables of the schema form one
LadybugDB relation table group ``IN`` (a ``FROM … TO …`` pair each), and a ``type(r)``
macro stands in for Neo4j's function (LadybugDB calls it ``label``), so the same Cypher
runs here and on Neo4j.

A store is marked by a ``GovgraphStore`` table holding a fingerprint of its DDL; a path
without one is refused, never written to.  A new store is made beside its path and
linked into place, so a half-made store is never left behind.

Loading replaces whole documents, in one transaction:

* the documents being loaded go, with their sections and tasks (and so their ``IN``, role,
  duty and citation relations); citations from other documents into them are kept, and
  citations of a stand-in (``ref:…``) whose 文号 is now loaded move to the real document;
  stand-ins nothing cites any more go too;
* agencies are shared, so they are merged, not replaced: each load is kept as the list of
  its documents (``GovgraphLoad``) and its agency records (``GovgraphAgencyRecord``), and an
  ``Agency`` node is the merge of the records of the loads still present, by the one policy
  of ``govgraph.model.merge_agency``.  Re-loading a document takes it out of
  earlier loads, and a load left without documents takes its records with it;
* the rest goes in by ``COPY … FROM`` CSV files (the bulk path), and ``PART_OF`` is drawn
  again from the agencies' ``parent``.

So building the same input twice leaves the same graph, and a new document adds only itself.
"""
from __future__ import annotations

import contextlib
import glob
import hashlib
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from govgraph.errors import QueryError, StoreError
from govgraph.graph.csvfiles import write_csv
from govgraph.graph.cypher import CypherStore, first_line, plain_scalar, quote, read_table
from govgraph.graph.schema import identity_of
from govgraph.graph.rows import GraphRows, agency_row, extraction_rows
from govgraph.model import Agency, Extraction, merge_agencies
from govgraph.records import decode
from govgraph.graph.schema import NODE, NODES, RELATION, RELATIONS, STRING, STRINGS, RelType

log = logging.getLogger(__name__)

META = "GovgraphStore"
LOADS = "GovgraphLoad"
RECORDS = "GovgraphAgencyRecord"
FILES = "GovgraphFile"           # each file loaded: its content hash and its documents
TEXTS = "GovgraphText"           # each document's signature (govgraph.builder.signature)
# LadybugDB's page cache, otherwise most of the machine's memory: a build's batch or a view's
# aggregation needs far less, and a store bigger than it is read from disk, not refused
READ_POOL, WRITE_POOL = 256 << 20, 64 << 20
_MAGIC = b"LBUG"            # the first bytes of every LadybugDB file
_RECOVERY_PENDING = "checkpoint recovery is pending"     # LadybugDB's words for a crashed checkpoint
_LIST_SEPARATOR = "\x1f"    # ASCII unit separator: never part of a name or a keyword
_CSV = "HEADER=true, PARALLEL=false, ESCAPE='\"'"   # task texts hold line breaks and backslashes
_AGENCY = NODE["Agency"].prop_names


def _columns(props) -> str:
    return ", ".join(f"{quote(p.name)} {p.type}" for p in props)


def ddl() -> list[str]:
    """The statements that make an empty store."""
    statements = [f"CREATE NODE TABLE {quote(n.label)}({_columns(n.props)}, PRIMARY KEY({quote(n.key)}))"
                  for n in NODES]
    groups: dict[str, list[RelType]] = {}
    for rel in RELATIONS:
        groups.setdefault(rel.type, []).append(rel)
    for name, rels in groups.items():
        if any(r.props != rels[0].props for r in rels):
            raise ValueError(f"the tables of relation type {name} must have the same properties")
        pairs = ", ".join(f"FROM {quote(r.source)} TO {quote(r.target)}" for r in rels)
        props = f", {_columns(rels[0].props)}" if rels[0].props else ""
        statements.append(f"CREATE REL TABLE {quote(name)}({pairs}{props})")
    return statements + [
        f"CREATE NODE TABLE {META}(fingerprint STRING, PRIMARY KEY(fingerprint))",
        f"CREATE NODE TABLE {LOADS}(seq INT64, documents STRING[], PRIMARY KEY(seq))",
        f"CREATE NODE TABLE {RECORDS}(id STRING, seq INT64, {_columns(NODE['Agency'].props)}, PRIMARY KEY(id))",
        f"CREATE NODE TABLE {FILES}(path STRING, sha STRING, documents STRING[], PRIMARY KEY(path))",
        f"CREATE NODE TABLE {TEXTS}(signature STRING, document STRING, source STRING, PRIMARY KEY(signature))",
        "CREATE MACRO type(r) AS label(r)",
    ]


FINGERPRINT = hashlib.sha256("\n".join(ddl()).encode()).hexdigest()[:16]


class EmbeddedStore(CypherStore):
    """A govgraph graph in one LadybugDB file; ``writable=True`` creates it when missing."""

    def __init__(self, path: str | os.PathLike, writable: bool = False):
        self.path = Path(path)
        self._db = self._conn = None
        if self.path.exists():
            self._refuse_foreign()
        elif writable:
            self._create()
        else:
            raise StoreError(f"{self.path}: no graph store here; build one first: "
                             f"govgraph build INPUT --db {self.path}")
        if writable or self._conn is None:
            self.close()
            self._connect(self.path, read_only=not writable)

    # ------------------------------------------------------------------ opening

    def _refuse_foreign(self) -> None:
        """Open read-only and check the mark: nothing else is ever written to (a store is
        recovered only after a copy of it showed the mark)."""
        refuse = f"{self.path}: not a govgraph store"
        if self.path.is_dir():
            raise StoreError(f"{refuse} (a folder); give --db a file name, e.g. {self.path / 'govgraph.db'}")
        if not self.path.is_file():         # a FIFO would block the read below for ever
            raise StoreError(f"{refuse} (not a regular file); refusing to touch it, give --db a file name")
        with open(self.path, "rb") as handle:
            if handle.read(len(_MAGIC)) != _MAGIC:
                raise StoreError(f"{refuse} (not a LadybugDB file); refusing to touch it, give --db a new file name")
        self._connect_recovering()
        self._check_mark()
        if self._torn():
            self.close()
            self._connect(self.path, read_only=False)
            try:
                self._repair()
            finally:
                self.close()

    def _check_mark(self) -> None:
        """Refuse, and close, a store without govgraph's mark or with another schema's."""
        try:
            tables = {row[0] for row in self._rows("CALL show_tables() RETURN name")}
            fingerprint = self._rows(f"MATCH (m:{META}) RETURN m.fingerprint")[0][0] if META in tables else None
        except BaseException:
            self.close()
            raise
        if fingerprint != FINGERPRINT:
            self.close()
            if fingerprint is None:
                raise StoreError(f"{self.path}: not a govgraph store (a LadybugDB database without govgraph's "
                                 "mark); refusing to touch it, give --db a new file name")
            raise StoreError(f"{self.path}: made for another version of govgraph's graph schema; "
                             "build the inputs again into a new --db file")

    def _connect_recovering(self) -> None:
        """Open read-only; a store a crashed writer left with its checkpoint half done is
        first recovered, as SQLite recovers a hot journal."""
        try:
            self._connect(self.path, read_only=True)
        except StoreError as exc:
            if _RECOVERY_PENDING not in str(exc):
                raise
            self._recover()
            self._connect(self.path, read_only=True)

    def _recover(self) -> None:
        """Complete a pending checkpoint: only a read-write open does, and it writes, so a
        copy of the store is recovered first and must show govgraph's mark."""
        try:
            with tempfile.TemporaryDirectory(prefix=f".{self.path.name}.recover.", dir=self.path.parent) as folder:
                for part in (self.path, *self.path.parent.glob(f"{glob.escape(self.path.name)}.*")):
                    shutil.copy2(part, Path(folder, part.name))
                self._connect(Path(folder, self.path.name), read_only=False)
                self._check_mark()
                self.close()
        except OSError as exc:
            raise StoreError(f"{self.path}: a write was cut off and the store needs recovering, which "
                             f"cannot be done here ({exc.strerror}); make its folder writable") from None
        self._connect(self.path, read_only=False)
        self.close()

    def _create(self) -> None:
        folder = self.path.parent
        if not folder.is_dir():
            raise StoreError(f"{self.path}: folder {folder} does not exist; create it first")
        temp = folder / f".{self.path.name}.{os.getpid()}.tmp"
        try:
            self._connect(temp, read_only=False)
            for statement in ddl():
                self._rows(statement)
            self._rows(f"CREATE (:{META} {{fingerprint: $fingerprint}})", fingerprint=FINGERPRINT)
            self.close()
            os.link(temp, self.path)       # unlike a rename, never replaces a file made meanwhile
        except FileExistsError:
            raise StoreError(f"{self.path}: appeared while the store was being made; try again") from None
        finally:
            self.close()
            for leftover in (temp, Path(f"{temp}.wal")):
                leftover.unlink(missing_ok=True)

    def _connect(self, path: Path, read_only: bool) -> None:
        import ladybug

        try:
            self._db = ladybug.Database(str(path), read_only=read_only,
                                        buffer_pool_size=READ_POOL if read_only else WRITE_POOL)
            self._conn = ladybug.Connection(self._db)
        except RuntimeError as exc:
            self.close()
            raise StoreError(f"{path}: cannot open the graph store: {first_line(exc)}") from None

    def close(self) -> None:
        for handle in (self._conn, self._db):
            if handle is not None:
                handle.close()
        self._db = self._conn = None

    # ------------------------------------------------------------------ queries

    def stream(self, text: str, params: dict | None = None) -> tuple[list[str], Iterator[list]]:
        result = self._execute(text, params, QueryError)
        return result.get_column_names(), _iterate(result)

    def _execute(self, text: str, params: dict | None, error: type[StoreError | QueryError]):
        try:
            result = self._conn.execute(text, params or {})
        except RuntimeError as exc:
            message = first_line(exc)
            if message.startswith("Parser exception") and re.search(r"[:|]\s*IN\b", text):
                message += "; IN is a keyword here: write the relationship type as `IN`"
            raise error(f"{self.path}: {message}") from None
        return result[-1] if isinstance(result, list) else result

    def _rows(self, text: str, **params) -> list[list]:
        """Run one of govgraph's own statements; a failure is the store's, not the user's."""
        return list(_iterate(self._execute(text, params, StoreError)))

    # ------------------------------------------------------------------ loading

    def files(self) -> dict[str, str]:
        """The content hash of every file loaded, by its path."""
        return dict(self._rows(f"MATCH (f:{FILES}) RETURN f.path, f.sha"))

    def texts(self, signatures: list[str]) -> dict[str, tuple[str, str]]:
        """The document, and its file, of each of ``signatures`` the store holds."""
        return {sig: (doc, source) for sig, doc, source in self._rows(
            f"MATCH (t:{TEXTS}) WHERE t.signature IN $sigs RETURN t.signature, t.document, t.source",
            sigs=signatures)}

    def numbered(self, numbers: list[str]) -> dict[str, tuple[str, str]]:
        """The document, and its file, holding each of the 文号 ``numbers`` the store holds."""
        return {number: (doc, source) for number, doc, source in self._rows(
            "MATCH (d:Document) WHERE NOT d.external AND d.doc_number IN $numbers "
            "RETURN d.doc_number, d.id, d.source", numbers=numbers)}

    def load(self, rows: GraphRows | Extraction, files: list[tuple[str, str, list[str]]] = (),
             texts: list[tuple[str, str, str]] = ()) -> None:
        """Put the documents of ``rows`` (or of an extraction) in the store, replacing any
        earlier load of them and the documents ``files`` (path, content hash, its documents)
        held before and hold no more; ``texts`` (signature, document, file) are remembered."""
        if isinstance(rows, Extraction):
            rows = extraction_rows(rows)
        documents = [d for d in rows.nodes["Document"] if not d["external"]]
        ids = [d["id"] for d in documents]
        with self._transaction():
            stale = [doc for _, old in self._rows(f"MATCH (f:{FILES}) WHERE f.path IN $paths RETURN f.path, "
                                                   "f.documents", paths=[f[0] for f in files])
                     for doc in old if doc not in set(ids)]
            if documents or stale:
                kept = self._remove_documents(ids + stale, {d["doc_number"]: d["id"] for d in documents
                                                            if d["doc_number"]})
                touched = self._release_agency_records(ids + stale)
                batch = self._batch(rows, kept)
                self._merge_agencies(rows.nodes["Agency"], ids, touched)
                self._copy(batch)
                self._draw_part_of()
            if files:
                self._rows(f"UNWIND $rows AS row MERGE (f:{FILES} {{path: row.path}}) SET f.sha = row.sha, "
                           "f.documents = CAST(row.documents AS STRING[])",
                           rows=[{"path": p, "sha": sha, "documents": docs} for p, sha, docs in files])
            if texts:
                self._rows(f"UNWIND $rows AS row MERGE (t:{TEXTS} {{signature: row.sig}}) "
                           "SET t.document = row.doc, t.source = row.source",
                           rows=[{"sig": sig, "doc": doc, "source": source} for sig, doc, source in texts])

    def _draw_part_of(self) -> None:
        self._rows("MATCH (:Agency)-[r:PART_OF]->(:Agency) DELETE r")
        self._rows("MATCH (a:Agency), (p:Agency) WHERE a.parent = p.name CREATE (a)-[:PART_OF]->(p)")

    def _torn(self) -> bool:
        """Do the loads list other documents than the store holds?  Each document is in one
        load's list, unless a crash cut a load off (``_repair``)."""
        listed = self._rows(f"MATCH (l:{LOADS}) UNWIND l.documents AS d RETURN count(d)")[0][0]
        return listed != self._rows("MATCH (d:Document) WHERE NOT d.external RETURN count(d)")[0][0]

    def _repair(self) -> None:
        """LadybugDB reopens a store whose writer was killed in its commit's checkpoint
        without what ``COPY`` wrote but with the statements around it.  The loads that name
        documents the store does not hold are taken back, as a re-load takes back earlier
        ones, and the agencies are merged again from the records left; the files and texts
        remembered with them are forgotten, so the next build loads them again."""
        present = {key for key, in self._rows("MATCH (d:Document) RETURN d.id")}
        listed = {key for _, docs in self._rows(f"MATCH (l:{LOADS}) RETURN l.seq, l.documents") for key in docs}
        if not (lost := sorted(listed - present)):
            return
        with self._transaction():
            self._remerge(self._release_agency_records(lost))
            self._draw_part_of()
            self._rows(f"MATCH (f:{FILES}) WHERE list_has_any(f.documents, $lost) DELETE f", lost=lost)
            self._rows(f"MATCH (t:{TEXTS}) WHERE t.document IN $lost DELETE t", lost=lost)
        log.warning("%s: a build was cut off by a crash; the store was recovered without its %d document(s) "
                    "(%s…): build them again", self.path, len(lost), lost[0])

    def _remove_documents(self, ids: list[str], numbers: dict[str, str]) -> dict[str, list[dict]]:
        """Delete the documents being loaded and all that hangs off them, and the stand-ins
        for them or for nothing; returns the citations from other documents to keep."""
        moved = {stand_in: numbers[number] for stand_in, number in self._rows(
            "MATCH (d:Document) WHERE d.external AND d.doc_number IN $numbers RETURN d.id, d.doc_number",
            numbers=list(numbers))}
        kept = {name: [{**r, "to": moved.get(r["to"], r["to"])} for r in self._table(
                    read_table(name, "WHERE NOT a.id IN $ids AND b.id IN $targets"), ids=ids, targets=ids + list(moved))]
                for name in ("CITES", "REPEALS")}
        ids = [i for i, in self._rows("MATCH (d:Document) WHERE d.id IN $ids RETURN d.id", ids=ids)]
        for label, key, keys in (("Task", "document", ids), ("Section", "document", ids),
                                 ("Document", "id", ids + list(moved)), (TEXTS, "document", ids)):
            if keys:        # a new document has nothing to delete: no join over the whole table
                self._rows(f"UNWIND $keys AS key MATCH (n:{label} {{{key}: key}}) DETACH DELETE n", keys=keys)
        self._rows("MATCH (d:Document) WHERE d.external AND NOT EXISTS { MATCH (d)<-[]-() } DETACH DELETE d")
        return kept

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self._rows("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            with contextlib.suppress(StoreError):     # the engine may have ended it already: say why it failed
                self._rows("ROLLBACK")
            raise
        self._rows("COMMIT")

    def _table(self, text: str, **params) -> list[dict]:
        result = self._execute(text, params, StoreError)
        return [dict(zip(result.get_column_names(), row)) for row in _iterate(result)]

    def _batch(self, rows: GraphRows, kept: dict[str, list[dict]]) -> GraphRows:
        """What to ``COPY``: the new rows, with stand-ins resolved against the store."""
        external = [d for d in rows.nodes["Document"] if d["external"]]
        known = dict(self._rows(
            "MATCH (d:Document) WHERE NOT d.external AND d.doc_number IN $numbers RETURN d.doc_number, d.id",
            numbers=[d["doc_number"] for d in external if d["doc_number"]]))
        real = {d["id"]: known[d["doc_number"]] for d in external if d["doc_number"] in known}
        skip = real.keys() | {row[0] for row in self._rows("MATCH (d:Document) WHERE d.id IN $ids RETURN d.id",
                                                           ids=[d["id"] for d in external])}
        nodes = {**rows.nodes, "Agency": [], "Document": [d for d in rows.nodes["Document"] if d["id"] not in skip]}
        relations = {**rows.relations, "PART_OF": []}
        for name, old in kept.items():
            relations[name] = [{**r, "to": real.get(r["to"], r["to"])} for r in rows.relations[name]] + old
        return GraphRows(nodes, {name: _unique(RELATION[name], rs) for name, rs in relations.items()})

    def _release_agency_records(self, ids: list[str]) -> set[str]:
        """Take the loaded documents out of earlier loads; the names whose records went."""
        loaded = set(ids)
        left = [{"seq": seq, "documents": [d for d in docs if d not in loaded]} for seq, docs in self._rows(
            f"MATCH (l:{LOADS}) WHERE list_has_any(l.documents, $ids) RETURN l.seq, l.documents", ids=ids)]
        if kept := [row for row in left if row["documents"]]:
            self._rows(f"UNWIND $rows AS row MATCH (l:{LOADS} {{seq: row.seq}}) SET l.documents = row.documents",
                       rows=kept)
        if not (gone := [row["seq"] for row in left if not row["documents"]]):
            return set()
        names = {name for name, in self._rows(f"MATCH (r:{RECORDS}) WHERE r.seq IN $gone RETURN r.name", gone=gone)}
        self._rows(f"MATCH (r:{RECORDS}) WHERE r.seq IN $gone DELETE r", gone=gone)
        self._rows(f"MATCH (l:{LOADS}) WHERE l.seq IN $gone DELETE l", gone=gone)
        return names

    def _merge_agencies(self, agencies: list[dict], ids: list[str], touched: set[str]) -> None:
        seq = (self._rows(f"MATCH (l:{LOADS}) RETURN max(l.seq)")[0][0] or 0) + 1
        self._rows(f"CREATE (:{LOADS} {{seq: $seq, documents: $ids}})", seq=seq, ids=ids)
        if agencies:
            props = ", ".join(f"{quote(p)}: row.{quote(p)}" for p in _AGENCY)
            self._rows(f"UNWIND $rows AS row CREATE (:{RECORDS} {{id: row.id, seq: $seq, {props}}})",
                       rows=[{**a, "id": f"{seq}:{a['name']}"} for a in agencies], seq=seq)
        self._remerge(touched | {a["name"] for a in agencies})

    def _remerge(self, names: set[str]) -> None:
        """Each named ``Agency`` node again from the records left of it; gone when none are."""
        columns = ", ".join(f"r.{quote(p)} AS {quote(p)}" for p in _AGENCY)
        merged = merge_agencies(decode(Agency, r) for r in self._table(
            f"MATCH (r:{RECORDS}) WHERE r.name IN $names RETURN {columns} ORDER BY r.seq", names=list(names)))
        if merged:
            sets = ", ".join(f"a.{quote(p)} = row.{quote(p)}" for p in _AGENCY if p != "name")
            self._rows(f"UNWIND $rows AS row MERGE (a:Agency {{name: row.name}}) SET {sets}",
                       rows=[agency_row(a) for a in merged.values()])
        if gone := names - merged.keys():
            self._rows("MATCH (a:Agency) WHERE a.name IN $gone DETACH DELETE a", gone=list(gone))

    def _copy(self, batch: GraphRows) -> None:
        with tempfile.TemporaryDirectory(prefix="govgraph-load-") as folder:
            for node in NODES:
                if rows := batch.nodes[node.label]:
                    path = _write(folder, node.label, node.prop_names, rows)
                    self._rows(f"COPY {quote(node.label)} FROM {_source(path, node.props)}")
            for rel in RELATIONS:
                if rows := batch.relations[rel.name]:
                    path = _write(folder, rel.name, ("from", "to", *rel.prop_names), rows)
                    self._rows(f"COPY {quote(rel.type)} FROM {_literal(path)} "
                               f"({_CSV}, from={_literal(rel.source)}, to={_literal(rel.target)})")


@contextlib.contextmanager
def temporary_store(graph: GraphRows | Extraction) -> Iterator[EmbeddedStore]:
    """A read-only store holding ``graph`` in a temporary folder, removed afterwards: for
    analyses of an extraction that was never built."""
    with tempfile.TemporaryDirectory(prefix="govgraph-") as folder:
        with EmbeddedStore(Path(folder) / "graph.db", writable=True) as store:
            store.load(graph)
        with EmbeddedStore(Path(folder) / "graph.db") as store:
            yield store


def _unique(rel: RelType, rows: list[dict]) -> list[dict]:
    """The rows without repeats of one relation (see ``cypher.identity``)."""
    seen: dict[tuple, dict] = {}
    for row in rows:
        seen.setdefault(identity_of(rel, row), row)
    return list(seen.values())


def _write(folder: str, name: str, columns: tuple[str, ...], rows: list[dict]) -> Path:
    path = Path(folder) / f"{name}.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        write_csv(out, columns, ([row[c] for c in columns] for row in rows), _LIST_SEPARATOR)
    return path


def _source(path: Path, props) -> str:
    """The ``FROM`` of a node ``COPY``: the file, or a ``LOAD`` that splits joined lists."""
    if all(p.type != STRINGS for p in props):
        return f"{_literal(path)} ({_CSV})"
    typed = ", ".join(f"{quote(p.name)} {STRING if p.type == STRINGS else p.type}" for p in props)
    values = ", ".join(f"CASE WHEN {quote(p.name)} IS NULL THEN CAST([] AS STRING[]) "
                       f"ELSE string_split({quote(p.name)}, {_literal(_LIST_SEPARATOR)}) END"
                       if p.type == STRINGS else quote(p.name) for p in props)
    return f"(LOAD WITH HEADERS ({typed}) FROM {_literal(path)} ({_CSV}) RETURN {values})"


def _literal(text) -> str:
    return "'" + str(text).replace("\\", "\\\\").replace("'", "\\'") + "'"


def _iterate(result) -> Iterator[list]:
    while result.has_next():
        yield [_plain(v) for v in result.get_next()]


def _plain(value):
    """Engine values as plain data: a node or relation becomes a dict of its properties
    with ``_label`` (nodes) or ``_type`` (relations), as Neo4j results are shown."""
    if isinstance(value, dict):
        if "_ID" in value and "_LABEL" in value:
            kind = "_type" if "_SRC" in value else "_label"
            return {kind: value["_LABEL"], **{k: _plain(v) for k, v in value.items() if not k.startswith("_")}}
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return plain_scalar(value)
