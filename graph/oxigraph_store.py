"""SPARQL on Oxigraph: a persistent RDF store kept beside the embedded store, rebuilt when that changes.

rdflib answered SPARQL from a graph it built in memory on every call (about 120 MB per MB
of input, and minutes on a few MB).  Oxigraph answers from a store on disk instead:

* the folder ``<db>.oxigraph`` beside the LadybugDB file ``<db>``, marked as govgraph's
  by a file ``govgraph-sparql``, holds one Oxigraph store per state of ``<db>``, named
  by the digest of its stamp: the mapping's version and the device, inode, size, mtime
  and ctime of ``<db>`` and its write-ahead log.  Any write to ``<db>`` changes them
  (ctime cannot be set back), so a store of another state is never read;
* a missing one is bulk-loaded in batches of N-Triples made table by table and row by
  row (``rdf.triples``, the one mapping), so building it holds a batch, never the graph;
  it is built in a temporary folder, its stamp written last, and renamed into place:
  a half-built store is never used.  Two runs building the same state at once both
  succeed (the second rename fails and the first store is used); the stores of older
  states are removed once the new one is in place;
* a ``<db>.oxigraph`` that is a symlink, a file or a folder without the mark is not
  govgraph's and is never touched; a folder that cannot be written gets an in-memory
  store for the run, with a warning; an extraction ``.json``/``.jsonl`` always does.

Parameters are bound as RDF literals in a ``VALUES`` block (``bound``: values, never text
pasted into the query), and answers come back as plain text, integers, floats and booleans.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
from functools import lru_cache
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from govgraph.errors import QueryError, StoreError
from govgraph.graph.namespaces import PREFIX_IRIS

if TYPE_CHECKING:                    # rdflib is loaded only to build a store, not to query one
    from govgraph.graph.rdf import Tables

log = logging.getLogger(__name__)

SUFFIX = ".oxigraph"
MARK = "govgraph-sparql"
STAMP = "govgraph-stamp"
LOAD_BATCH = 20_000                 # triples per bulk load
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {_XSD + name for name in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                      "positiveInteger", "nonPositiveInteger", "negativeInteger",
                                      "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}
_FLOATS = {_XSD + name for name in ("decimal", "double", "float")}


def side_path(db: Path) -> Path:
    """The folder of the SPARQL stores of the embedded store ``db``."""
    return db.with_name(db.name + SUFFIX)


def current_path(db: Path) -> Path:
    """Where the SPARQL store of ``db`` as it is now lives (it may not be built yet)."""
    return _path_of(db, _stamp(db))


def _path_of(db: Path, stamp: str) -> Path:
    return side_path(db) / hashlib.sha256(stamp.encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- opening

def open_store(db: Path):
    """An Oxigraph store holding the graph of ``db`` and the gg: vocabulary: the side store
    of ``db`` as it is now (built first when missing), or an in-memory one for an extraction."""
    if db.suffix in (".json", ".jsonl"):
        from govgraph.graph.rdf import tables_of
        from govgraph.graph.rows import extraction_rows
        from govgraph.records import load

        return memory_store(tables_of(extraction_rows(load(db))))
    side = side_path(db)
    _refuse_foreign(side)
    if _complete(path := current_path(db)):
        return _read_only(path)
    from govgraph.graph.embedded import EmbeddedStore

    with EmbeddedStore(db) as graph:            # refuses what is not a govgraph store, as ever
        stamp = _stamp(db)                      # taken before reading: a write meanwhile makes it stale
        target = _path_of(db, stamp)
        try:
            _build(side, target, graph.table, stamp)
        except OSError as exc:
            log.warning("cannot keep the SPARQL store beside %s (%s); it is built in memory for this run",
                        db, exc.strerror or exc)
            return memory_store(graph.table)
    return _read_only(target)


def _read_only(path: Path):
    import pyoxigraph

    try:
        return pyoxigraph.Store.read_only(str(path))
    except (OSError, RuntimeError) as exc:
        raise StoreError(f"{path}: cannot open the SPARQL store ({_one_line(exc)}); try again") from None


def memory_store(tables: Tables):
    """An in-memory Oxigraph store of the graph read from ``tables``, with the vocabulary."""
    import pyoxigraph

    store = pyoxigraph.Store()
    _load(store, tables)
    return store


def _load(store, tables: Tables) -> None:
    """Bulk-load the graph ``LOAD_BATCH`` triples at a time: Oxigraph's bulk loader holds
    what one call gives it, so memory is bounded by a batch (and smaller batches measured
    faster too)."""
    from pyoxigraph import RdfFormat

    from govgraph.graph.rdf import nt_line, triples

    lines = map(nt_line, triples(tables))
    for batch in iter(lambda: list(islice(lines, LOAD_BATCH)), []):
        store.bulk_load(input="".join(batch).encode("utf-8"), format=RdfFormat.N_TRIPLES, lenient=True)
    store.bulk_load(input=_vocabulary(), format=RdfFormat.TURTLE)


def _vocabulary() -> bytes:
    return resources.files("govgraph.data").joinpath("ontology.ttl").read_bytes()


# --------------------------------------------------------------------------- the side stores

@lru_cache(maxsize=1)
def mapping_version() -> str:
    """A digest of what the store's triples depend on: the mapping and the vocabulary."""
    digest = hashlib.sha256(resources.files("govgraph.graph").joinpath("rdf.py").read_bytes())
    digest.update(_vocabulary())
    return digest.hexdigest()[:16]


def _stamp(db: Path) -> str:
    """The mapping's version and the identity and times of ``db`` and its write-ahead log."""
    parts = [mapping_version()]
    for path in (db, Path(f"{db}.wal")):
        try:
            st = os.stat(path)
        except FileNotFoundError:
            parts.append(f"{path.name} -")
            continue
        parts.append(f"{path.name} {st.st_dev} {st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns}")
    return "\n".join(parts) + "\n"


def _refuse_foreign(side: Path) -> None:
    if side.is_symlink() or (side.exists() and not (side.is_dir() and (side / MARK).is_file())):
        raise StoreError(f"{side}: is not govgraph's SPARQL store (the store it keeps beside the graph); "
                         "refusing to touch it: move it away")


def _complete(store: Path) -> bool:
    """Was the store at ``store`` built to its end?  (Its stamp is written last.)"""
    return (store / STAMP).is_file()


def _build(side: Path, target: Path, tables: Tables, stamp: str) -> None:
    """Build the store ``target`` in a temporary folder beside it, complete with its stamp,
    and rename it into place; then remove the stores of other states and dead builds."""
    import pyoxigraph

    side.mkdir(exist_ok=True)
    (side / MARK).write_text("SPARQL stores of the govgraph store beside this folder; "
                             "safe to delete, rebuilt when needed\n", encoding="utf-8")
    temp = side / f".{target.name}.{os.getpid()}.tmp"
    try:
        store = pyoxigraph.Store(str(temp))
        _load(store, tables)
        store.optimize()                              # one compaction of the batches: later queries ~2x faster
        del store                                     # closes the store: its lock goes
        with open(temp / STAMP, "w", encoding="utf-8") as out:
            out.write(stamp)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.rename(temp, target)
        except OSError:
            if not _complete(target):                 # else another run built this very state first
                raise
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    _sweep(side, keep=target)


def _sweep(side: Path, keep: Path) -> None:
    """Remove the stores of other states and the temporary folders of builds whose
    process is gone (killed outright: anything gentler removes its own)."""
    for entry in side.iterdir():
        if entry == keep or not entry.is_dir() or entry.is_symlink():
            continue
        pid = entry.name.rsplit(".", 2)[-2] if entry.name.endswith(".tmp") else None
        if pid is None or (pid.isdigit() and not _running(int(pid))):
            shutil.rmtree(entry, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --------------------------------------------------------------------------- queries

def check_query(text: str) -> None:
    """Refuse bad SPARQL before any work (the prefixes of ``PREFIX_IRIS`` are declared)."""
    try:
        _parses(text, strict=True)
    except SyntaxError as exc:
        raise QueryError(f"bad SPARQL: {_syntax_message(text, exc)}") from None


def _parses(text: str, strict: bool = False) -> bool:
    """Does Oxigraph parse ``text``?  Run on an empty store: evaluation errors are not
    parse errors (``select`` reports them); ``strict`` raises the ``SyntaxError``."""
    import pyoxigraph

    try:
        pyoxigraph.Store().query(text, prefixes=PREFIX_IRIS)
    except SyntaxError:
        if strict:
            raise
        return False
    except (OSError, RuntimeError, ValueError):
        pass
    return True


def select(store, text: str, params: dict[str, object]) -> tuple[list[str], list[tuple]]:
    """Run ``text`` on ``store`` with ``params`` bound to its variables; columns and rows of
    plain Python values (``ask`` for ASK, subject/predicate/object for CONSTRUCT)."""
    import pyoxigraph

    try:
        result = store.query(bound(text, params), prefixes=PREFIX_IRIS)
        if isinstance(result, pyoxigraph.QueryBoolean):
            return ["ask"], [(bool(result),)]
        if isinstance(result, pyoxigraph.QueryTriples):
            return ["subject", "predicate", "object"], [(plain(t.subject), plain(t.predicate), plain(t.object))
                                                        for t in result]
        columns = [v.value for v in result.variables]
        return columns, [tuple(plain(value) for value in row) for row in result]
    except SyntaxError as exc:
        if params and _parses(text):
            raise QueryError("the parameters cannot be bound in this query: they go in a VALUES block at the "
                             "start of its WHERE group, which CONSTRUCT WHERE { … } does not take; write "
                             "CONSTRUCT { … } WHERE { … }") from None
        raise QueryError(f"bad SPARQL: {_syntax_message(text, exc)}") from None
    except (OSError, RuntimeError, ValueError) as exc:      # evaluation: a SERVICE, an unknown function …
        raise QueryError(f"SPARQL query failed: {_one_line(exc)}") from None


# Comments, long and short strings, IRIs (no spaces inside, so `<` as "less than" is no IRI),
# and the brackets that matter; anything else is not matched.
_TOKENS = re.compile(r"""#[^\n]*|'''(?:[^\\]|\\.)*?'''|\"\"\"(?:[^\\]|\\.)*?\"\"\"|'(?:[^'\\\n]|\\.)*'"""
                     r'''|"(?:[^"\\\n]|\\.)*"|<[^<>"{}|^`\\\s]*>|[{}()]''')
_FORM = re.compile(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b\s*(\{)?", re.IGNORECASE)


def bound(text: str, params: dict[str, object]) -> str:
    """``text`` with each parameter bound by ``VALUES ?name { value }`` at the start of its
    WHERE group, so it binds the variable throughout, as rdflib's ``initBindings`` did
    (Oxigraph's substitutions need the variable projected, and a trailing VALUES comes
    after aggregation).  The value is written by Oxigraph as an RDF literal, quotes and
    backslashes escaped: data, never query text."""
    if not params:
        return text
    import pyoxigraph

    groups, depth = [], 0                     # where each top-level { ends
    for match in _TOKENS.finditer(text):
        token = match[0]
        if token == "{" and depth == 0:
            groups.append(match.end())
        depth += {"{": 1, "(": 1, "}": -1, ")": -1}.get(token, 0)
    form = _FORM.search(_TOKENS.sub(lambda m: m[0] if len(m[0]) == 1 else " ", text))
    where = 1 if form and form[1].upper() == "CONSTRUCT" and form[2] else 0   # after a CONSTRUCT template
    if len(groups) <= where:
        raise QueryError("bad SPARQL: no WHERE group to bind the parameters in")
    values = " ".join(f"VALUES ?{name} {{ {pyoxigraph.Literal(value)} }}" for name, value in params.items())
    return f"{text[:groups[where]]} {values} {text[groups[where]:]}"


def plain(term) -> object:
    """Numbers and booleans as Python values; other literals and IRIs as their text."""
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGERS:
                return int(term.value)
            if datatype in _FLOATS:
                return float(term.value)
        except ValueError:
            return term.value                         # an ill-typed literal stays its text
        if datatype == _XSD + "boolean":
            return term.value in ("true", "1")
    return term.value if hasattr(term, "value") else str(term)


def _syntax_message(text: str, exc: Exception) -> str:
    """rdflib's words for a syntax error where it has some (``Unknown namespace prefix``),
    which say more than Oxigraph's list of expected tokens; else Oxigraph's first line."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepareQuery(text, initNs=PREFIX_IRIS)
    except Exception as rdflib_exc:                  # pyparsing, ValueError, KeyError … for bad text
        return _one_line(rdflib_exc)
    return _one_line(str(exc).splitlines()[0] if str(exc) else exc)


def _one_line(exc) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
