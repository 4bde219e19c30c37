"""govgraph as a library: from files to answers in a few calls, the same the commands make.

>>> import govgraph as gg
>>> x = gg.extract(["data/samples/luohu-gazette-2014-04.txt"])
>>> len(x.tasks), sum(len(t.assignments) for t in x.tasks)
(110, 393)
>>> G = gg.to_networkx(x)
>>> G.number_of_nodes() > 0
True
>>> top = gg.workload(x)[0]
>>> top.agency, top.lead, top.support, top.responsible
('罗湖区科技创新局', 22, 25, 9)
>>> row = gg.assignments(x)[0]
>>> row["task"], row["agency"], row["role"], row["role_word"]
('luohu-gazette-2014-04:2/t1', '罗湖区重建局', 'lead', '主办单位')
>>> import tempfile, pathlib
>>> db = pathlib.Path(tempfile.mkdtemp()) / "g.db"
>>> gg.build(["data/samples/luohu-gazette-2014-04.txt"], db).loaded
7
>>> gg.build(["data/samples/luohu-gazette-2014-04.txt"], db).unchanged     # not read again
1
>>> with gg.open_store(db) as store:
...     len(store.query("tasks-of-agency", agency="罗湖区财政局"))
3

Every call takes an ``Extraction`` (what ``extract`` returns, or ``load`` reads back from a
file written by ``govgraph extract``), the path of such a file (``.json``/``.jsonl``) or of
an embedded store (``govgraph build``); heavy libraries load on the first call, not on
``import govgraph``.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from govgraph.builder import build
from govgraph.errors import require
from govgraph.extract import extract
from govgraph.model import Extraction

if TYPE_CHECKING:
    import networkx as nx

    from govgraph.gazetteer import Gazetteer
    from govgraph.graph.embedded import EmbeddedStore
    from govgraph.graph.rows import GraphRows
    from govgraph.queries.matrix import Matrix
    from govgraph.queries.network import Network
    from govgraph.queries.workload import AgencyWorkload

Source = Union[Extraction, str, Path]


def load(path: str | Path) -> Extraction:
    """The extraction a file written by ``govgraph extract`` holds (``.json`` or ``.jsonl``)."""
    from govgraph.records import load as decode

    return decode(path)


def rows(source: Source) -> GraphRows:
    """The nodes and relations of the graph every store holds (one schema for all)."""
    from govgraph.graph.rows import extraction_rows

    if isinstance(source, Extraction):
        return extraction_rows(source)
    if Path(source).suffix in (".json", ".jsonl"):
        return extraction_rows(load(source))
    with open_store(source) as store:
        return store.rows()


def open_store(db: str | Path, writable: bool = False) -> EmbeddedStore:
    """The embedded store at ``db`` (``writable``: made when missing), to use in a ``with``:
    ``store.query(text_or_name, **params)`` gives rows as dicts, ``store.load(x)`` puts an
    ``Extraction``'s documents in it (replacing earlier loads of them)."""
    from govgraph.graph.embedded import EmbeddedStore

    return EmbeddedStore(db, writable)


def sparql(db: str | Path, text: str, **params: Any) -> list[dict[str, Any]]:
    """The rows, as dicts, of SPARQL ``text`` or of a named query (``queries/*.rq``) over the
    graph at ``db`` as RDF, with ``params`` bound as literals; answered by the Oxigraph store
    kept beside ``db`` (built on the first call after a change; ``graph/oxigraph_store.py``)."""
    from govgraph.graph.oxigraph_store import check_query, open_store as open_rdf, select
    from govgraph.queries import query_text

    text = query_text(text, "sparql", params)
    check_query(text)
    columns, found = select(open_rdf(Path(db)), text, params)
    return [dict(zip(columns, row)) for row in found]


def to_networkx(source: Source) -> nx.MultiDiGraph:
    """A networkx multigraph of documents, sections, tasks and agencies."""
    from govgraph.graph.networkx_graph import to_networkx as build

    return build(rows(source))


def workload(source: Source, by: str | None = None, rollup: bool = False, duties: bool = False,
             exclude_collectives: bool = False) -> list[AgencyWorkload]:
    """Each body's tasks per role, busiest first; ``by`` groups them (``document``, ``year``
    of the document, ``deadline-year`` …), ``rollup`` counts a sub-unit's tasks for its parent
    too, ``duties`` adds the prose duties, ``exclude_collectives`` leaves out 各街道办事处 and the like."""
    from govgraph.queries.workload import workload as count

    with open_graph(source) as store:
        return count(store, by, rollup=rollup, duties=duties, exclude_collectives=exclude_collectives)


def network(source: Source, exclude_collectives: bool = False) -> Network:
    """The collaboration network: bodies that share tasks, with centralities and communities."""
    from govgraph.queries.network import collaboration_network

    with open_graph(source) as store:
        return collaboration_network(store, exclude_collectives)


def matrix(source: Source) -> Matrix:
    """The responsibility matrix: tasks by bodies, each cell the role."""
    from govgraph.queries.matrix import responsibility_matrix

    with open_graph(source) as store:
        return responsibility_matrix(store)


@contextlib.contextmanager
def open_graph(source: Source) -> Iterator[EmbeddedStore]:
    """An open, read-only store holding ``source``: the embedded store at a path as it is, or
    a temporary one loaded with an extraction (or an extraction file), removed afterwards."""
    from govgraph.graph.embedded import temporary_store

    if isinstance(source, Extraction) or Path(source).suffix in (".json", ".jsonl"):
        with temporary_store(source if isinstance(source, Extraction) else load(source)) as store:
            yield store
    else:
        with open_store(source) as store:
            yield store


def assignments(source: Source) -> list[dict[str, Any]]:
    """A tidy table, one row per task, body and role, in task order: the task, its document,
    source file and place, the body, the role and the word that gave it, the surface as
    written, its span in the source, the deadline.  Read from the graph's rows, so an
    extraction, its file and a store give the same table."""
    from govgraph.graph.schema import ROLE_OF

    graph = rows(source)
    tasks = {t["id"]: (i, t) for i, t in enumerate(graph.nodes["Task"])}
    found = []
    for table, role in ROLE_OF.items():
        for edge in graph.relations[table]:
            order, task = tasks[edge["to"]]
            found.append(((order, edge["start"] if edge["start"] is not None else -1), {
                "task": task["id"], "document": task["document"], "source": edge["source"],
                "path": task["path"], "agency": edge["from"], "role": role,
                "role_word": edge["role_word"], "surface": edge["surface"], "start": edge["start"],
                "end": edge["end"], "deadline": task["deadline"]}))
    found.sort(key=lambda pair: pair[0])
    return [row for _, row in found]


def tasks(source: Source) -> list[dict[str, Any]]:
    """A tidy table, one row per task: its document, source file and place, heading, text,
    deadline, its span, and the bodies of each role joined by 、 (``assignments`` has one row
    per body)."""
    from govgraph.graph.schema import ROLE_OF

    graph = rows(source)
    roles: dict[str, dict[str, list[str]]] = {}
    for table, role in ROLE_OF.items():
        for edge in graph.relations[table]:
            roles.setdefault(edge["to"], {}).setdefault(role, []).append(edge["from"])
    return [{"task": t["id"], "document": t["document"], "source": t["source"], "path": t["path"],
             "heading": t["heading"], "text": t["text"], "deadline": t["deadline"],
             **{role: "、".join(roles.get(t["id"], {}).get(role, ())) for role in ROLE_OF.values()},
             "start": t["start"], "end": t["end"]} for t in graph.nodes["Task"]]


def assignments_frame(source: Source) -> Any:
    """``assignments`` as a pandas DataFrame (pandas is the ``pandas`` extra)."""
    return _frame(assignments(source))


def tasks_frame(source: Source) -> Any:
    """``tasks`` as a pandas DataFrame (pandas is the ``pandas`` extra)."""
    return _frame(tasks(source))


def _frame(table: list[dict[str, Any]]) -> Any:
    return require("pandas", "pandas", "a DataFrame").DataFrame(table)
