"""Agency names as users write them, resolved to the canonical names a graph stores.

A named query's ``agency`` parameter is compared with canonical names (``罗湖区财政局``),
but people write ``区财政局``, ``区财政``, ``深圳市罗湖区财政局``.  ``resolve_params`` puts
the canonical name in its place, trying in order and keeping the first kind that matches:

1. the canonical name itself;
2. an alias the extraction recorded (Agency ``aliases``: ``区发改局`` → 罗湖区发展改革局);
3. a place form: the text and the stored name (or an alias) differ by a place in front that
   is part of the agency's jurisdiction: ``区财政局`` or ``财政局`` → 罗湖区财政局 (of
   广东省深圳市罗湖区), ``深圳市罗湖区财政局`` → 罗湖区财政局, ``发改局`` → 罗湖区发展改革局 (alias
   ``区发改局``); ``局`` alone matches nothing.

Several agencies of the same kind is an error listing them (``区财政局 matches 罗湖区财政局,
福田区财政局``); none is an error too, where the query would have answered 0 rows.  The
candidates come from one query on the store, streamed, so memory holds only the few names
kept, never the graph.  An extraction file (``.json``/``.jsonl``) has no store to ask: its
agency records are read instead.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from govgraph.errors import QueryError

AGENCY_PARAMS = frozenset({"agency"})      # parameters of named queries that name an agency
SHOWN = 10                                 # candidates an ambiguity error lists

Candidate = tuple[str, Sequence[str] | None, str | None]      # name, aliases, jurisdiction

CANDIDATES = """WITH $name AS text
MATCH (a:Agency)
WHERE a.name ENDS WITH text OR text ENDS WITH a.name
   OR any(alias IN a.aliases WHERE alias ENDS WITH text OR text ENDS WITH alias)
RETURN a.name AS name, a.aliases AS aliases, a.jurisdiction AS jurisdiction
ORDER BY name"""


def resolve_params(text: str, language: str, params: dict[str, object], db: Path,
                   neo4j: bool = False, database: str | None = None) -> dict[str, object]:
    """``params`` with each agency parameter of the named query ``text`` (Cypher or SPARQL)
    replaced by the one canonical name it stands for in the graph at ``db`` (or on Neo4j);
    anything else is returned as it is.  Raises ``QueryError`` for a name that matches no
    agency or several."""
    from govgraph.queries import all_queries

    query = next((q for q in all_queries() if q.name == text.strip() and q.language == language), None)
    if query is None:             # query text, or an unknown name the command reports
        return params
    wanted = [p.name for p in query.params if p.name in AGENCY_PARAMS and isinstance(params.get(p.name), str)]
    if not wanted:
        return params
    resolved = dict(params)
    if neo4j or db.suffix not in (".json", ".jsonl"):
        with _store(db, neo4j, database) as store:
            where = store.where if neo4j else str(db)
            for key in wanted:
                resolved[key] = resolve(params[key], store_candidates(store, params[key]), where)
    else:
        for key in wanted:
            resolved[key] = resolve(params[key], record_candidates(db), str(db))
    return resolved


def resolve(name: str, candidates: Iterable[Candidate], where: str) -> str:
    """The one canonical name ``name`` stands for among ``candidates`` (see the module)."""
    kinds: list[list[str]] = [[], [], []]      # exact, alias, place form
    for stored, aliases, jurisdiction in candidates:
        kind = _kind(name, stored, aliases or (), jurisdiction or "")
        if kind is not None and len(kinds[kind]) <= SHOWN:
            kinds[kind].append(stored)
    found = next((names for names in kinds if names), [])
    if len(found) == 1:
        return found[0]
    if not found:
        raise QueryError(f"{name} matches no agency in {where} (by name, alias or place form); "
                         f"`govgraph query workload-by-role` lists the agencies with tasks")
    more = "" if len(found) <= SHOWN else " and more"
    raise QueryError(f"{name} matches {', '.join(found[:SHOWN])}{more}; "
                     f"give one of them, e.g. -p agency={found[0]}")


def _kind(name: str, stored: str, aliases: Sequence[str], jurisdiction: str) -> int | None:
    if stored == name:
        return 0
    if name in aliases:
        return 1
    if any(_place_form(name, written, jurisdiction) for written in (stored, *aliases)):
        return 2
    return None


def _place_form(name: str, written: str, jurisdiction: str) -> bool:
    """Do ``name`` and ``written`` differ by a place in front that is part of the jurisdiction?"""
    longer, shorter = (written, name) if len(written) > len(name) else (name, written)
    place = longer[:len(longer) - len(shorter)]
    return longer.endswith(shorter) and bool(place) and place in jurisdiction


def store_candidates(store, name: str) -> Iterator[Candidate]:
    """The agencies of a store (embedded or Neo4j) that ``name`` might stand for."""
    _, rows = store.stream(CANDIDATES, {"name": name})
    return (tuple(row) for row in rows)


def record_candidates(path: Path) -> Iterator[Candidate]:
    """Every agency of an extraction file, as a candidate."""
    from govgraph.records import load_records

    for agency in load_records(path)["agencies"]:
        yield agency["name"], agency.get("aliases"), agency.get("jurisdiction")


def _store(db: Path, neo4j: bool, database: str | None):
    if neo4j:
        from govgraph.graph.neo4j_store import Neo4jStore

        return Neo4jStore.from_env(database)
    from govgraph.graph.embedded import EmbeddedStore

    return EmbeddedStore(db)

