"""The graph as RDF on standard vocabularies: the mapping, its SHACL check and its serialisations.

Agencies are W3C ORG organisations (``org:subOrganizationOf`` for PART_OF), documents
are described with DCTERMS (title, 文号 as ``dcterms:identifier``, ``dcterms:issued``,
``dcterms:publisher``, ``dcterms:references``), and each role on a task is a PROV
qualified association: ``task prov:qualifiedAssociation a``, where ``a`` is a
``gg:Assignment`` with ``prov:agent org``, ``prov:hadRole gg:lead`` and ``gg:evidence
span``, beside the shortcut ``org gg:leads task``.  What those vocabularies lack is
``data/ontology.ttl`` (``gg:``); the contract the output keeps is ``data/shapes.ttl``.

Every node has a stable IRI, never a blank node: ``https://govgraph.example/id/
<kind>/<key>`` with the key percent-encoded by ``quote(key, safe="")`` (Chinese,
``/``, ``#``, ``:`` all encoded, so ``unquote`` gives the key back exactly), and a
span of evidence is its source file's IRI with an RFC 5147 fragment
``#char=start,end``.  Two exports of one graph are therefore equal triple for
triple.  The mapping below is written per schema label and relation table; a test
checks nothing in ``graph/schema.py`` is left out.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from itertools import islice
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from typing import IO
from urllib.parse import quote, unquote

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS, NamespaceManager
from rdflib.term import Node

from govgraph.errors import UsageError, require
from govgraph.graph.namespaces import BASE, PREFIX_IRIS
from govgraph.graph.rows import GraphRows
from govgraph.graph.schema import NODE, RELATION, ROLE_OF

GG = Namespace(PREFIX_IRIS["gg"])
PREFIXES = {prefix: Namespace(namespace) for prefix, namespace in PREFIX_IRIS.items()}
FORMATS = ("turtle", "json-ld", "nt")


@lru_cache(maxsize=4096)            # agencies, documents and source files recur on every row that names them
def iri(kind: str, *keys: str) -> URIRef:
    """``iri("agency", "罗湖区财政局")`` → ``…/id/agency/%E7%BD%97…``; keys never collide."""
    return URIRef(BASE + kind + "/" + "/".join(quote(key, safe="") for key in keys))


def keys_of(node: str) -> tuple[str, tuple[str, ...]]:
    """The inverse of ``iri``: ``(kind, keys)``; an evidence fragment is dropped."""
    kind, _, rest = node.removeprefix(BASE).partition("#")[0].partition("/")
    return kind, tuple(unquote(part) for part in rest.split("/"))


# --------------------------------------------------------------------------- the mapping

def _zh(value) -> Literal:
    return Literal(value, lang="zh")


def _str(value) -> Literal:
    return Literal(str(value))


def _int(value) -> Literal:
    return Literal(int(value))


def _bool(value) -> Literal:
    return Literal(bool(value))


def _date(value) -> Literal:
    return Literal(value, datatype=XSD.date)


_DEADLINE_TYPES = ((re.compile(r"\d{4}-\d{2}-\d{2}"), XSD.date), (re.compile(r"\d{4}-\d{2}"), XSD.gYearMonth),
                   (re.compile(r"\d{4}"), XSD.gYear))


def _deadline(value) -> Literal:
    """2014-12 → xsd:gYearMonth, 2014 → xsd:gYear, 2014-12-31 → xsd:date; else a string the shapes reject."""
    for pattern, datatype in _DEADLINE_TYPES:
        if pattern.fullmatch(value):
            return Literal(value, datatype=datatype)
    return Literal(value)


def _document(key) -> URIRef:
    return iri("document", key)


Value = Callable[[object], Node]

NODE_CLASSES: dict[str, URIRef] = {"Document": GG.Document, "Section": GG.Section, "Task": GG.Task,
                                   "Agency": ORG.Organization}

# Schema property → (predicate, how a value is written), per node label.  The key
# property also becomes gg:key; list values give one triple per item.
NODE_PROPS: dict[str, dict[str, tuple[URIRef, Value]]] = {
    "Document": {"title": (DCTERMS.title, _zh), "notice_title": (GG.noticeTitle, _zh),
                 "doc_number": (DCTERMS.identifier, _str), "issuer": (GG.issuer, _zh),
                 "date": (DCTERMS.issued, _date), "kind": (GG.genre, _zh),
                 "jurisdiction": (GG.jurisdiction, _zh), "task_count": (GG.taskCount, _int),
                 "external": (GG.external, _bool), "unread": (GG.unreadRoleWord, _zh)},
    "Section": {"document": (DCTERMS.isPartOf, _document), "path": (GG.path, _str),
                "text": (DCTERMS.title, _zh), "level": (GG.depth, _int)},
    "Task": {"document": (DCTERMS.isPartOf, _document), "path": (GG.path, _str),
             "heading": (GG.heading, _zh), "text": (DCTERMS.description, _zh),
             "deadline": (GG.deadline, _deadline), "deadline_text": (GG.deadlineText, _zh),
             "keywords": (GG.keyword, _zh), "annotation": (GG.annotation, _zh),
             "leaders": (GG.leader, _zh)},
    "Agency": {"name": (SKOS.prefLabel, _zh), "aliases": (SKOS.altLabel, _zh), "kind": (GG.kind, _str),
               "level": (GG.adminLevel, _str), "parent": (GG.parentName, _zh),
               "jurisdiction": (GG.jurisdiction, _zh), "discovered": (GG.discovered, _bool),
               "mentions": (GG.mentions, _int)},
}

# A span of evidence: predicate → its (source, start, end) properties, on nodes and relations.
EVIDENCE: dict[URIRef, tuple[str, str, str]] = {
    GG.evidence: ("source", "start", "end"),
    GG.annotationEvidence: ("source", "annotation_start", "annotation_end"),
}

# Relation table → the triple between its endpoints (None: only the qualified node below).
RELATION_PREDICATES: dict[str, URIRef | None] = {
    "LEADS": GG.leads, "SUPPORTS": GG.supports, "RESPONSIBLE_FOR": GG.responsibleFor,
    "TASK_IN_SECTION": GG["in"], "TASK_IN_DOCUMENT": GG["in"],
    "SECTION_IN_SECTION": GG["in"], "SECTION_IN_DOCUMENT": GG["in"],
    "PART_OF": ORG.subOrganizationOf, "ISSUED_BY": DCTERMS.publisher,
    "CITES": DCTERMS.references, "REPEALS": GG.repeals, "HAS_DUTY": None,
}

_ROLE_PROPS = {"role_word": (GG.roleWord, _zh), "surface": (GG.surface, _zh), "rule": (GG.rule, _str)}
# Relations with properties also become a node that carries them (PROV's qualification pattern).
RELATION_PROPS: dict[str, dict[str, tuple[URIRef, Value]]] = {
    "LEADS": _ROLE_PROPS, "SUPPORTS": _ROLE_PROPS, "RESPONSIBLE_FOR": _ROLE_PROPS,
    "CITES": {}, "REPEALS": {},
    "HAS_DUTY": {"id": (GG.key, _str), "cue": (GG.cue, _zh), "text": (DCTERMS.description, _zh),
                 "surface": (GG.surface, _zh)},
}


def _passage(row: dict) -> tuple[str, ...]:
    """What tells two mentions of one relation apart (``schema.identity``: the start of
    their evidence), so a role named twice is two assignments in every store."""
    return () if row.get("start") is None else (str(row["start"]),)


def _assignment(name: str, row: dict, agency: URIRef, task: URIRef) -> tuple[URIRef, tuple]:
    role = ROLE_OF[name]
    node = iri("assignment", row["to"], role, row["from"], *_passage(row))
    return node, ((task, PROV.qualifiedAssociation, node), (node, RDF.type, GG.Assignment),
                  (node, PROV.agent, agency), (node, PROV.hadRole, GG[role]))


def _reference(name: str, row: dict, document: URIRef, target: URIRef) -> tuple[URIRef, tuple]:
    node = iri("reference", row["from"], name.lower(), row["to"], *_passage(row))
    cls = GG.Citation if name == "CITES" else GG.Repeal
    return node, ((document, GG.qualifiedReference, node), (node, RDF.type, cls), (node, GG.target, target))


def _duty(name: str, row: dict, agency: URIRef, document: URIRef) -> tuple[URIRef, tuple]:
    node = iri("duty", row["id"])
    return node, ((agency, GG.hasDuty, node), (node, RDF.type, GG.Duty), (node, DCTERMS.isPartOf, document))


_QUALIFIED = {"LEADS": _assignment, "SUPPORTS": _assignment, "RESPONSIBLE_FOR": _assignment,
              "CITES": _reference, "REPEALS": _reference, "HAS_DUTY": _duty}


# --------------------------------------------------------------------------- building

class _Names(NamespaceManager):
    """Prefixes for the vocabularies only.  Our instance IRIs are written in full: rdflib
    would otherwise try a prefix for each (the percent-encoded keys split anywhere) and
    file every candidate in a trie, which makes Turtle output quadratic in the graph."""

    def compute_qname(self, uri: str, generate: bool = True) -> tuple[str, URIRef, str]:
        if uri.startswith(BASE):
            raise KeyError(uri)
        return super().compute_qname(uri, generate)


Tables = Callable[[str], Iterable[dict]]
"""The rows of one node label or relation table by name: ``CypherStore.table``, or ``tables_of``."""

TABLES: tuple[str, ...] = (*NODE, *RELATION)


def tables_of(rows: GraphRows) -> Tables:
    """``GraphRows`` held in memory, read table by table as a store is."""
    return lambda name: rows.nodes[name] if name in rows.nodes else rows.relations[name]


def to_rdf(rows: GraphRows, vocabulary: bool = False) -> Graph:
    """The RDF graph of ``rows`` in memory (small graphs, SHACL, JSON-LD); with
    ``vocabulary`` also the gg: ontology (for SPARQL that reads role notations or labels)."""
    graph = Graph()
    graph.namespace_manager = _Names(graph, bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.addN((s, p, o, graph) for s, p, o in triples(tables_of(rows)))
    if vocabulary:
        graph += ontology()
    return graph


def triples(tables: Tables) -> Iterator[tuple]:
    """Every triple of the graph, table by table and row by row: what ``to_rdf`` holds and
    what the streaming writers and the SPARQL store write, so the mapping is written once.
    Memory is bounded by one row, plus the set of source file names seen."""
    sources: set[str] = set()
    for name in TABLES:
        rows = tables(name)
        yield from (node_triples if name in NODE else relation_triples)(name, rows, sources)


def node_triples(label: str, rows: Iterable[dict], sources: set[str]) -> Iterator[tuple]:
    """The triples of ``rows`` of one node label; ``sources``: the files already described."""
    key, cls, props = NODE[label].key, NODE_CLASSES[label], NODE_PROPS[label]
    kind = label.lower()
    for row in rows:
        node = iri(kind, row[key])
        yield node, RDF.type, cls
        yield node, GG.key, Literal(row[key])
        yield from _values(node, row, props, sources)


def relation_triples(name: str, rows: Iterable[dict], sources: set[str]) -> Iterator[tuple]:
    """The triples of ``rows`` of one relation table: the shortcut between its endpoints
    and, for relations with properties, the node that qualifies it."""
    relation = RELATION[name]
    predicate, qualified, props = RELATION_PREDICATES[name], _QUALIFIED.get(name), RELATION_PROPS.get(name)
    source_kind, target_kind = relation.source.lower(), relation.target.lower()
    for row in rows:
        head, tail = iri(source_kind, row["from"]), iri(target_kind, row["to"])
        if predicate is not None:
            yield head, predicate, tail
        if qualified is not None:
            node, qualifying = qualified(name, row, head, tail)
            yield from qualifying
            yield from _values(node, row, props, sources)


def _values(node: URIRef, row: dict, props: dict[str, tuple[URIRef, Value]], sources: set[str]) -> Iterator[tuple]:
    for name, (predicate, value) in props.items():
        found = row.get(name)
        if found is not None:
            for item in found if isinstance(found, list) else (found,):
                yield node, predicate, value(item)
    for predicate, (source, start, end) in EVIDENCE.items():
        if row.get(source) is not None and row.get(start) is not None and row.get(end) is not None:
            yield from _evidence(node, predicate, row[source], row[start], row[end], sources)


def _evidence(node: URIRef, predicate: URIRef, source: str, start: int, end: int,
              sources: set[str]) -> Iterator[tuple]:
    file = iri("source", source)
    span = URIRef(f"{file}#char={start},{end}")
    yield node, predicate, span
    yield span, RDF.type, GG.Evidence
    yield span, PROV.wasQuotedFrom, file
    yield span, GG.start, Literal(int(start))
    yield span, GG.end, Literal(int(end))
    if source not in sources:
        sources.add(source)
        yield file, RDF.type, GG.SourceFile
        yield file, GG.key, Literal(source)


# --------------------------------------------------------------------------- vocabulary, shapes

def _data_graph(name: str) -> Graph:
    text = resources.files("govgraph.data").joinpath(name).read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def ontology() -> Graph:
    """``data/ontology.ttl``: the gg: classes, properties and role concepts."""
    return _data_graph("ontology.ttl")


def shapes() -> Graph:
    """``data/shapes.ttl``: the SHACL contract of an export."""
    return _data_graph("shapes.ttl")


def violations(graph: Graph) -> list[str]:
    """The SHACL violations of ``graph``, one sorted line each: ``focus path: message``
    (pyshacl is the ``shacl`` extra)."""
    pyshacl = require("pyshacl", "shacl", "a SHACL check")

    sh = Namespace("http://www.w3.org/ns/shacl#")
    conforms, report, _ = pyshacl.validate(graph, shacl_graph=shapes(), inference="none")
    if conforms:
        return []
    names = graph.namespace_manager
    lines = []
    for result in report.subjects(RDF.type, sh.ValidationResult):
        path = report.value(result, sh.resultPath)
        inverse = report.value(path, sh.inversePath) if path is not None else None
        shown = (path.n3(names) if isinstance(path, URIRef) else
                 "^" + inverse.n3(names) if inverse is not None else "")
        message = _IRI.sub(lambda m: _show(m[1]), str(report.value(result, sh.resultMessage) or ""))
        lines.append(f"{_show(report.value(result, sh.focusNode))} {shown}".rstrip()
                     + ": " + " ".join(message.split()))
    return sorted(lines)


_IRI = re.compile("<(" + re.escape(BASE) + "[^>]*)>")


def _show(node) -> str:
    """``task luohu-gazette-2014-04:2/t1`` for an IRI of ours, N3 for anything else."""
    if not str(node).startswith(BASE):
        return node.n3() if isinstance(node, Node) else str(node)
    kind, keys = keys_of(node)
    fragment = str(node).partition("#")[2]
    return " ".join((kind, *keys)) + (f" #{fragment}" if fragment else "")


# --------------------------------------------------------------------------- output

SUFFIXES = {".ttl": "turtle", ".jsonld": "json-ld", ".json": "json-ld", ".nt": "nt"}


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise UsageError(f"unknown RDF format '{fmt}'; available: {', '.join(FORMATS)}")


def format_of(output: str, fmt: str | None) -> str:
    """The format asked for, else the one the output's suffix names; Turtle on stdout."""
    if fmt is not None:
        check_format(fmt)
        return fmt
    if output == "-":
        return "turtle"
    suffix = os.path.splitext(output)[1].lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"cannot tell the RDF format of '{output}'; end it with "
                         f"{', '.join(SUFFIXES)}, or give -f ({', '.join(FORMATS)})")
    return SUFFIXES[suffix]


def serialize(graph: Graph, fmt: str, out: IO[bytes]) -> None:
    """Write ``graph`` as turtle, json-ld (compacted with the prefixes) or nt (sorted lines)."""
    check_format(fmt)
    if fmt == "json-ld":
        context = dict(PREFIX_IRIS)
        out.write(graph.serialize(format="json-ld", context=context, indent=1).encode("utf-8"))
    elif fmt == "nt":                       # sorted, so two exports of one graph diff cleanly
        lines = graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
        out.writelines(sorted(line for line in lines if line.strip()))
    else:
        graph.serialize(out, format="turtle", encoding="utf-8")


# --------------------------------------------------------------------------- streaming output

STREAMED = ("turtle", "nt")
BATCH = 5000                      # triples joined and written at a time
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt_term(term: Node) -> str:
    """A term as N-Triples writes it: ``<iri>``, ``"text"@zh``, ``"5"^^<…#integer>``.
    (``type() is``, not ``isinstance``: rdflib's terms are ABCs, whose checks are slow.)"""
    if type(term) is not Literal:
        return f"<{term}>"
    text = _quoted(term)
    if term.language:
        return f"{text}@{term.language}"
    return text if term.datatype in (None, XSD.string) else f"{text}^^<{term.datatype}>"


def _quoted(text: str) -> str:
    return '"' + str.translate(text, _ESCAPES) + '"'


def nt_line(triple: tuple) -> str:
    """One N-Triples statement, ending in a line break."""
    s, p, o = triple
    return f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n"


_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


@lru_cache(maxsize=None)
def _vocabulary_name(term: str) -> str:
    """``gg:leads`` for a term of a vocabulary in ``PREFIXES``, else ``<iri>``."""
    for prefix, namespace in PREFIX_IRIS.items():
        local = term[len(namespace):] if term.startswith(namespace) else None
        if local is not None and _LOCAL.fullmatch(local):
            return f"{prefix}:{local}"
    return f"<{term}>"


def turtle_term(term: Node) -> str:
    """A term as Turtle writes it: vocabulary terms prefixed, our instance IRIs in full
    (their percent-encoded keys make no prefixed names), literals as in N-Triples."""
    if type(term) is Literal:
        if term.language or term.datatype in (None, XSD.string):
            return nt_term(term)
        return _quoted(term) + "^^" + _vocabulary_name(term.datatype)
    return f"<{term}>" if term.startswith(BASE) else _vocabulary_name(term)


def turtle_line(triple: tuple) -> str:
    """One Turtle statement: N-Triples with prefixed vocabulary names and ``a``."""
    s, p, o = triple
    return f"{turtle_term(s)} {'a' if p == RDF.type else turtle_term(p)} {turtle_term(o)} .\n"


def turtle_prefixes() -> str:
    return "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in PREFIX_IRIS.items()) + "\n"


def write_stream(tables: Tables, fmt: str, out: IO[bytes]) -> int:
    """Write the graph read from ``tables`` as N-Triples or Turtle, ``BATCH`` statements
    at a time, so memory is bounded by a batch, not by the graph; returns the statements
    written (a triple two rows state, such as one span of evidence, is written twice)."""
    if fmt not in STREAMED:
        raise UsageError(f"only {' and '.join(STREAMED)} are written as a stream, not {fmt}")
    if fmt == "turtle":
        out.write(turtle_prefixes().encode("utf-8"))
    lines = map(nt_line if fmt == "nt" else turtle_line, triples(tables))
    written = 0
    for batch in iter(lambda: list(islice(lines, BATCH)), []):
        out.write("".join(batch).encode("utf-8"))
        written += len(batch)
    return written
