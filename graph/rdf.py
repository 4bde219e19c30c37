"""The graph as RDF on standard vocabularies, its SHACL check, serialisation and SPARQL.

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
from collections.abc import Callable, Iterator
from importlib import resources
from typing import IO
from urllib.parse import quote, unquote

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDFS, SKOS, NamespaceManager
from rdflib.term import Node

from govgraph.errors import QueryError, UsageError
from govgraph.graph.rows import GraphRows
from govgraph.graph.schema import NODE, RELATION, ROLE_OF

BASE = "https://govgraph.example/id/"
GG = Namespace("https://govgraph.example/ns#")
PREFIXES = {"gg": GG, "org": ORG, "dcterms": DCTERMS, "prov": PROV, "skos": SKOS,
            "rdf": RDF, "rdfs": RDFS, "xsd": XSD}
FORMATS = ("turtle", "json-ld", "nt")


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
                 "external": (GG.external, _bool)},
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


def to_rdf(rows: GraphRows, vocabulary: bool = False) -> Graph:
    """The RDF graph of ``rows``; with ``vocabulary`` also the gg: ontology (for SPARQL
    that reads role notations or labels)."""
    graph = Graph()
    graph.namespace_manager = _Names(graph, bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.addN((s, p, o, graph) for s, p, o in _triples(rows))
    if vocabulary:
        graph += ontology()
    return graph


def _triples(rows: GraphRows) -> Iterator[tuple]:
    sources: set[str] = set()
    for label, node_rows in rows.nodes.items():
        key, cls, props = NODE[label].key, NODE_CLASSES[label], NODE_PROPS[label]
        kind = label.lower()
        for row in node_rows:
            node = iri(kind, row[key])
            yield node, RDF.type, cls
            yield node, GG.key, Literal(row[key])
            yield from _values(node, row, props, sources)
    for name, relation_rows in rows.relations.items():
        relation = RELATION[name]
        predicate, qualified, props = RELATION_PREDICATES[name], _QUALIFIED.get(name), RELATION_PROPS.get(name)
        source_kind, target_kind = relation.source.lower(), relation.target.lower()
        for row in relation_rows:
            head, tail = iri(source_kind, row["from"]), iri(target_kind, row["to"])
            if predicate is not None:
                yield head, predicate, tail
            if qualified is not None:
                node, triples = qualified(name, row, head, tail)
                yield from triples
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
    """The SHACL violations of ``graph``, one sorted line each: ``focus path: message``."""
    import pyshacl

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
        context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        out.write(graph.serialize(format="json-ld", context=context, indent=1).encode("utf-8"))
    elif fmt == "nt":                       # sorted, so two exports of one graph diff cleanly
        lines = graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
        out.writelines(sorted(line for line in lines if line.strip()))
    else:
        graph.serialize(out, format="turtle", encoding="utf-8")


# --------------------------------------------------------------------------- SPARQL

def prepare(text: str):
    """Parse a SPARQL query (the prefixes above are predeclared); bad text → ``QueryError``."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        return prepareQuery(text, initNs=PREFIXES)
    except Exception as exc:             # rdflib raises pyparsing, ValueError, KeyError … for bad text
        raise QueryError(f"bad SPARQL: {_one_line(exc)}") from None


def select(graph: Graph, query, params: dict[str, object]) -> tuple[list[str], list[tuple]]:
    """Run a prepared query with ``params`` bound to its variables (``initBindings``, never
    pasted into the text); columns and rows of plain Python values."""
    bindings = {name: value if isinstance(value, Node) else Literal(value) for name, value in params.items()}
    try:
        result = graph.query(query, initBindings=bindings)
        if result.type == "ASK":
            return ["ask"], [(bool(result.askAnswer),)]
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return ["subject", "predicate", "object"], [tuple(map(_plain, t)) for t in result.graph]
        columns = [str(v) for v in result.vars]
        return columns, [tuple(_plain(value) for value in row) for row in result]
    except Exception as exc:             # evaluation errors surface from deep inside rdflib
        raise QueryError(f"SPARQL query failed: {_one_line(exc)}") from None


_NATIVE = {XSD.integer, XSD.int, XSD.long, XSD.decimal, XSD.double, XSD.float, XSD.boolean}


def _plain(term) -> object:
    """Numbers and booleans as Python values; other literals and IRIs as their text."""
    if isinstance(term, Literal) and term.datatype in _NATIVE:
        return term.toPython()
    return None if term is None else str(term)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
