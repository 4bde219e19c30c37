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

Every call takes an ``Extraction`` (what ``extract`` returns), the path of an extraction
file written by ``govgraph extract`` (``.json``/``.jsonl``) or of an embedded store
(``govgraph build``); heavy libraries load on the first call, not on ``import govgraph``.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from govgraph.model import Extraction

if TYPE_CHECKING:
    import networkx as nx

    from govgraph.gazetteer import Gazetteer
    from govgraph.graph.cypher import CypherStore
    from govgraph.graph.rows import GraphRows
    from govgraph.queries.matrix import Matrix
    from govgraph.queries.network import Network
    from govgraph.queries.workload import AgencyWorkload

Source = Union[Extraction, str, Path]


def extract(paths: str | Path | Sequence[str | Path], gazetteer: Gazetteer | None = None,
            keywords: bool = True) -> Extraction:
    """Documents, tasks, agencies, duties and problems of ``paths`` (files or folders; .txt,
    .docx, .pdf, .html).  A file that cannot be read is a problem of the result, never an
    exception."""
    from govgraph.extract import extract as run

    inputs = [paths] if isinstance(paths, (str, Path)) else list(paths)
    return run([str(p) for p in inputs], gazetteer, keywords)


def rows(source: Source) -> GraphRows:
    """The nodes and relations of the graph every store holds (one schema for all)."""
    if not isinstance(source, Extraction):
        from govgraph.commands.sources import rows_of

        return rows_of(Path(source))
    from govgraph.graph.embedded import merge_agency_records
    from govgraph.graph.rows import graph_rows
    from govgraph.records import agency_record, document_record, duty_record, task_record

    documents = [document_record(r) for r in source.results]
    tasks = [task_record(t, r.document.source) for r in source.results for t in r.tasks]
    duties = [duty_record(d, r.document.source) for r in source.results for d in r.duties]
    agencies = merge_agency_records([agency_record(a) for a in source.agencies])
    return graph_rows(documents, tasks, agencies.values(), duties)


def to_networkx(source: Source) -> nx.MultiDiGraph:
    """A networkx multigraph of documents, sections, tasks and agencies."""
    from govgraph.graph.networkx_graph import to_networkx as build

    return build(rows(source))


def workload(source: Source, by: str | None = None, rollup: bool = False) -> list[AgencyWorkload]:
    """Each body's tasks per role, busiest first; ``by`` groups them (``document``, ``year``),
    ``rollup`` counts a sub-unit's tasks for its parent too."""
    from govgraph.queries.workload import workload as count

    with _store(source) as store:
        return count(store, by, rollup=rollup)


def network(source: Source, exclude_collectives: bool = False) -> Network:
    """The collaboration network: bodies that share tasks, with centralities and communities."""
    from govgraph.queries.network import collaboration_network

    with _store(source) as store:
        return collaboration_network(store, exclude_collectives)


def matrix(source: Source) -> Matrix:
    """The responsibility matrix: tasks by bodies, each cell the role."""
    from govgraph.queries.matrix import responsibility_matrix

    with _store(source) as store:
        return responsibility_matrix(store)


@contextlib.contextmanager
def _store(source: Source) -> Iterator[CypherStore]:
    """An open store the analyses ask: the embedded store at a path, else a temporary one
    loaded with the extraction (or the extraction file) and removed afterwards."""
    from govgraph.commands.sources import GraphSource, _temporary_store

    if isinstance(source, Extraction):
        with _temporary_store(rows(source)) as store:
            yield store
    else:
        with GraphSource([], Path(source)).store() as store:
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


def assignments_frame(source: Source) -> Any:
    """``assignments`` as a pandas DataFrame (pandas is optional: ``pip install pandas``)."""
    try:
        import pandas
    except ImportError:
        raise ImportError("assignments_frame needs pandas: pip install pandas") from None
    return pandas.DataFrame(assignments(source))
