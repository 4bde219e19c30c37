"""The RDF mapping: complete against the schema, valid against the shapes, exact in every format.

Real rdflib and pyshacl throughout.  The sample's graph must conform; graphs broken on
purpose must not; every serialisation must parse back to the same graph.
"""
from __future__ import annotations

import io
import re

import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS

from conftest import rows_of
from govgraph.graph import rdf
from govgraph.graph.rdf import GG, iri, keys_of, to_rdf, violations
from govgraph.graph.schema import NODES, RELATIONS

# rdflib's own JSON-LD parser still builds a ConjunctiveGraph; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

PARSERS = {"turtle": "turtle", "json-ld": "json-ld", "nt": "nt"}
EVIDENCE_PROPS = {name for names in rdf.EVIDENCE.values() for name in names}
TRICKY = 'He said "hi" <script>alert(\'x\')</script> \\ ends with a backslash\\\n第二行 """ }{ @zh # %41'


def tiny_rows(title: str = "罗湖区测试计划", agency: str = "罗湖区财政局", text: str = "（一）完成测试。"):
    """One document, one task led by one agency: a graph small enough to break on purpose."""
    source = "plans/测试 plan.txt"
    document = {"id": "t:1", "title": title, "doc_number": "罗府〔2014〕1号", "source": source,
                "date": "2014-04-02", "span": [0, 100], "issued_by": [agency], "task_count": 1,
                "references": [{"relation": "cites", "title": "上位文件", "doc_number": None, "span": [5, 9]}],
                "sections": [{"path": "一", "text": "总体要求", "span": [10, 14]}]}
    task = {"id": "t:1/t1", "document": "t:1", "source": source, "path": "一", "heading": "测试",
            "text": text, "deadline": "2014-12", "keywords": ["测试"], "span": [20, 40],
            "annotation": "（牵头单位：区财政局）", "annotation_span": [40, 51],
            "assignments": [{"agency": agency, "role": "lead", "role_word": "牵头单位", "surface": "区财政局",
                             "span": [46, 50], "rule": "lead-qiantou"}]}
    return rows_of({"documents": [document], "tasks": [task],
                    "agencies": [{"name": agency, "aliases": ["区财政局"], "mentions": 2}]})


@pytest.fixture(scope="module")
def sample_graph(sample_rows) -> Graph:
    return to_rdf(sample_rows)


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    return rdf.ontology()


# --------------------------------------------------------------------------- the mapping


@pytest.mark.parametrize("node", NODES, ids=lambda n: n.label)
def test_every_node_property_is_mapped(node):
    mapped = set(rdf.NODE_PROPS[node.label]) | {node.key} | EVIDENCE_PROPS
    assert node.label in rdf.NODE_CLASSES
    assert set(node.prop_names) - mapped == set()
    assert set(rdf.NODE_PROPS[node.label]) - set(node.prop_names) == set(), "mapping names a prop the schema lacks"


@pytest.mark.parametrize("relation", RELATIONS, ids=lambda r: r.name)
def test_every_relation_is_mapped(relation):
    assert relation.name in rdf.RELATION_PREDICATES
    props = rdf.RELATION_PROPS.get(relation.name)
    if relation.props:
        assert props is not None, f"{relation.name} has properties but no node to carry them"
        assert set(relation.prop_names) - set(props) - EVIDENCE_PROPS == set()
    assert rdf.RELATION_PREDICATES[relation.name] is not None or props is not None


def test_every_gg_term_used_is_defined_with_zh_and_en_labels(sample_graph, vocabulary):
    used = {term for triple in sample_graph for term in triple if str(term).startswith(str(GG))}
    defined = set(vocabulary.subjects(RDFS.label, None))
    assert used - defined == set()
    for term in defined:
        languages = {label.language for label in vocabulary.objects(term, RDFS.label)}
        assert {"zh", "en"} <= languages, term
        assert {c.language for c in vocabulary.objects(term, RDFS.comment)} >= {"zh", "en"}, term


def test_vocabulary_builds_on_standard_terms(vocabulary):
    assert (GG.Task, RDFS.subClassOf, PROV.Activity) in vocabulary
    assert (GG.Assignment, RDFS.subClassOf, PROV.Association) in vocabulary
    assert (GG.lead, RDF.type, PROV.Role) in vocabulary
    assert (GG.repeals, RDFS.subPropertyOf, DCTERMS.relation) in vocabulary
    assert (GG[""], RDF.type, OWL.Ontology) in vocabulary


@pytest.mark.parametrize("keys", [("罗湖区财政局",), ("luohu-gazette-2014-04:1#七/1",), ('a"b}c{ <x> %20 #?',),
                                  ("t:1/t1", "lead", "区委<政府>办"), ("空 格", "😀")])
def test_iris_are_safe_and_round_trip_exactly(keys):
    node = iri("agency", *keys)
    assert re.fullmatch(r"[A-Za-z0-9:/._~%-]+", node), node
    assert keys_of(node) == ("agency", keys)


def test_assignment_is_a_qualified_association_with_its_evidence(sample_rows, sample_graph):
    row = sample_rows.relations["LEADS"][0]
    task, agency = iri("task", row["to"]), iri("agency", row["from"])
    (assignment,) = [a for a in sample_graph.objects(task, PROV.qualifiedAssociation)
                     if (a, PROV.agent, agency) in sample_graph]
    assert (agency, GG.leads, task) in sample_graph
    assert sample_graph.value(assignment, PROV.hadRole) == GG.lead
    span = sample_graph.value(assignment, GG.evidence)
    assert str(span).endswith(f"#char={row['start']},{row['end']}")
    assert sample_graph.value(span, GG.start).toPython() == row["start"]
    assert sample_graph.value(span, GG.end).toPython() == row["end"]
    assert keys_of(sample_graph.value(span, PROV.wasQuotedFrom)) == ("source", (row["source"],))


def test_counts_equal_the_extraction(sample_rows, sample_graph):
    counts = sample_rows.counts()
    for label, cls in rdf.NODE_CLASSES.items():
        assert len(set(sample_graph.subjects(RDF.type, cls))) == counts[label], label
    for relation in RELATIONS:
        source, target = rdf.NODE_CLASSES[relation.source], rdf.NODE_CLASSES[relation.target]
        predicate = rdf.RELATION_PREDICATES[relation.name]
        if predicate is None:       # HAS_DUTY: one gg:Duty per relation row
            found = {(a, d) for a, d in sample_graph.subject_objects(GG.hasDuty)}
        else:
            found = {(a, b) for a, b in sample_graph.subject_objects(predicate)
                     if (a, RDF.type, source) in sample_graph and (b, RDF.type, target) in sample_graph}
        assert len(found) == counts[relation.name], relation.name
    for role, relation in (("lead", "LEADS"), ("support", "SUPPORTS"), ("responsible", "RESPONSIBLE_FOR")):
        assert len(set(sample_graph.subjects(PROV.hadRole, GG[role]))) == counts[relation]


# --------------------------------------------------------------------------- SHACL


def test_the_sample_conforms_to_the_shapes(sample_graph):
    assert violations(sample_graph) == []


def _drop_document(graph):
    graph.remove((iri("task", "t:1/t1"), DCTERMS.isPartOf, None))


def _unknown_role(graph):
    graph.set((graph.value(iri("task", "t:1/t1"), PROV.qualifiedAssociation), PROV.hadRole, GG.boss))


def _span_backwards(graph):
    span = graph.value(iri("task", "t:1/t1"), GG.evidence)
    graph.set((span, GG.start, Literal(99)))


def _not_a_deadline(graph):
    graph.set((iri("task", "t:1/t1"), GG.deadline, Literal("明年")))


def _undeclared_property(graph):
    graph.add((iri("agency", "罗湖区财政局"), GG.colour, Literal("red")))


def _two_agents(graph):
    graph.add((graph.value(iri("task", "t:1/t1"), PROV.qualifiedAssociation), PROV.agent, iri("agency", "nobody")))


@pytest.mark.parametrize("breaks, expected", [
    (_drop_document, "task t:1/t1 dcterms:isPartOf: Less than 1 values"),
    (_unknown_role, "assignment t:1/t1 lead 罗湖区财政局 46 prov:hadRole: Value gg:boss not in list"),
    (_span_backwards, "gg:start:"),
    (_not_a_deadline, "task t:1/t1 gg:deadline:"),
    (_undeclared_property, "agency 罗湖区财政局 gg:colour: Node agency 罗湖区财政局 is closed"),
    (_two_agents, "prov:agent: More than 1 values"),
], ids=lambda v: getattr(v, "__name__", "")[1:])
def test_broken_graphs_fail_the_shapes(breaks, expected):
    graph = to_rdf(tiny_rows())
    assert violations(graph) == []
    breaks(graph)
    found = violations(graph)
    assert any(expected in line for line in found), found
    assert all("\n" not in line for line in found)


# --------------------------------------------------------------------------- serialisation


def _round_trip(graph: Graph, fmt: str) -> Graph:
    out = io.BytesIO()
    rdf.serialize(graph, fmt, out)
    return Graph().parse(data=out.getvalue(), format=PARSERS[fmt])


@pytest.mark.parametrize("fmt", rdf.FORMATS)
def test_every_format_parses_back_to_an_isomorphic_graph(sample_graph, fmt):
    back = _round_trip(sample_graph, fmt)
    assert len(back) == len(sample_graph)
    assert isomorphic(back, sample_graph)


@pytest.mark.parametrize("fmt", rdf.FORMATS)
def test_hostile_text_survives_every_format_exactly(fmt):
    graph = to_rdf(tiny_rows(title=TRICKY, agency='罗湖区"}财政局', text=TRICKY))
    back = _round_trip(graph, fmt)
    assert str(back.value(iri("document", "t:1"), DCTERMS.title)) == TRICKY
    assert str(back.value(iri("task", "t:1/t1"), DCTERMS.description)) == TRICKY
    assert str(back.value(iri("agency", '罗湖区"}财政局'), GG.key)) == '罗湖区"}财政局'
    assert isomorphic(back, graph)


def test_exports_are_deterministic():
    first, second = io.BytesIO(), io.BytesIO()
    rdf.serialize(to_rdf(tiny_rows()), "nt", first)
    rdf.serialize(to_rdf(tiny_rows()), "nt", second)
    assert first.getvalue() == second.getvalue()
    assert first.getvalue().decode("utf-8").count("\n") == len(to_rdf(tiny_rows()))


def test_unknown_format_names_the_choices():
    with pytest.raises(Exception, match="unknown RDF format 'xml'; available: turtle, json-ld, nt"):
        rdf.serialize(to_rdf(tiny_rows()), "xml", io.BytesIO())


# --------------------------------------------------------------------------- streaming


@pytest.mark.parametrize("fmt", rdf.STREAMED)
def test_streams_parse_back_to_the_graph_in_memory(sample_rows, sample_graph, fmt, monkeypatch):
    monkeypatch.setattr(rdf, "BATCH", 1000)                 # several batches on the sample

    class Out(io.BytesIO):
        """Counts the writes: one per batch, so memory holds a batch, not the graph."""
        writes = 0

        def write(self, data):
            Out.writes += 1
            return super().write(data)

    out = Out()
    written = rdf.write_stream(rdf.tables_of(sample_rows), fmt, out)
    back = Graph().parse(data=out.getvalue(), format=PARSERS[fmt])
    assert len(sample_graph) > 3 * 1000 and written >= len(sample_graph)
    assert Out.writes == -(-written // 1000) + (fmt == "turtle")          # the batches, and Turtle's prefixes
    assert isomorphic(back, sample_graph)


@pytest.mark.parametrize("fmt", rdf.STREAMED)
def test_streams_keep_hostile_text_and_chinese_as_written(fmt):
    rows = tiny_rows(title=TRICKY, agency='罗湖区"}财政局', text=TRICKY)
    out = io.BytesIO()
    rdf.write_stream(rdf.tables_of(rows), fmt, out)
    text = out.getvalue().decode("utf-8")
    assert "罗湖区测试计划" not in text and "完成测试" not in text      # TRICKY replaced them
    assert "第二行" in text and "\\u" not in text
    back = Graph().parse(data=out.getvalue(), format=PARSERS[fmt])
    assert str(back.value(iri("task", "t:1/t1"), DCTERMS.description)) == TRICKY
    assert isomorphic(back, to_rdf(rows))


def test_only_line_formats_stream():
    with pytest.raises(Exception, match="only turtle and nt are written as a stream, not json-ld"):
        rdf.write_stream(rdf.tables_of(tiny_rows()), "json-ld", io.BytesIO())


def test_a_sample_is_a_graph_the_shapes_can_judge(sample_rows):
    from govgraph.graph.rdf_sample import sample_rows as sample

    documents = [d for d in sample_rows.nodes["Document"] if d["task_count"]]
    rows = sample(rdf.tables_of(sample_rows), 100)
    picked = [d for d in rows.nodes["Document"] if not d["external"]]
    assert 1 < len(picked) < len(documents) and len(rows.nodes["Task"]) <= 100
    assert rows.nodes["Task"] and {t["document"] for t in rows.nodes["Task"]} <= {d["id"] for d in picked}
    assert rows.relations["LEADS"] and rows.nodes["Agency"]
    assert len(rows.nodes["Task"]) < len(sample_rows.nodes["Task"])
    assert violations(to_rdf(rows)) == []


def test_a_sample_finds_what_breaks_the_shapes():
    from govgraph.graph.rdf_sample import sample_rows as sample

    rows = tiny_rows()
    rows.nodes["Task"][0]["deadline"] = "明年"
    found = violations(to_rdf(sample(rdf.tables_of(rows), 1)))
    assert len(found) == 1 and "task t:1/t1 gg:deadline:" in found[0]
