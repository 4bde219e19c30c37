"""The graph model, written down once; every store is generated from it.

Nodes                                   Relations
  Document  (policies and notices)        (Agency)-[:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(Task)
  Section   (outline headings)            (Task)-[:IN]->(Section | Document)
  Task      (one annotated task)          (Section)-[:IN]->(Section | Document)
  Agency    (bodies and collectives)      (Agency)-[:PART_OF]->(Agency)
                                          (Document)-[:ISSUED_BY]->(Agency)
                                          (Document)-[:CITES | REPEALS]->(Document)
                                          (Agency)-[:HAS_DUTY]->(Document)   prose duties

Tasks, role relations and duties keep their provenance: the source file and the
character span of their evidence.  ``IN`` is split by its endpoints into
``TASK_IN_SECTION``, ``TASK_IN_DOCUMENT``, ``SECTION_IN_SECTION`` and
``SECTION_IN_DOCUMENT`` for stores whose relation tables are typed by endpoints
(LadybugDB); Neo4j and RDF see them all as ``IN``.
"""
from __future__ import annotations

from dataclasses import dataclass

STRING, INT, BOOL, STRINGS = "STRING", "INT64", "BOOLEAN", "STRING[]"


@dataclass(frozen=True, slots=True)
class Prop:
    name: str
    type: str = STRING
    label_zh: str = ""


@dataclass(frozen=True, slots=True)
class NodeType:
    label: str
    key: str                       # the property that identifies a node
    props: tuple[Prop, ...]
    label_zh: str

    @property
    def prop_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.props)


@dataclass(frozen=True, slots=True)
class RelType:
    name: str                      # the table name (unique per pair of endpoints)
    type: str                      # the relationship type users query: LEADS, IN …
    source: str
    target: str
    props: tuple[Prop, ...]
    label_zh: str

    @property
    def prop_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.props)


_SPAN = (Prop("source", label_zh="来源文件"), Prop("start", INT, "起始位置"), Prop("end", INT, "结束位置"))

NODES: tuple[NodeType, ...] = (
    NodeType("Document", "id", (
        Prop("id", label_zh="编号"), Prop("title", label_zh="标题"), Prop("notice_title", label_zh="通知标题"),
        Prop("doc_number", label_zh="文号"), Prop("issuer", label_zh="发文机关"), Prop("date", label_zh="日期"),
        Prop("kind", label_zh="文种"), Prop("jurisdiction", label_zh="行政区"),
        Prop("task_count", INT, "任务数"), Prop("external", BOOL, "库外文件"),
        Prop("unread", STRINGS, "未解析的分工用语"), *_SPAN), "文件"),
    NodeType("Section", "id", (
        Prop("id", label_zh="编号"), Prop("document", label_zh="所属文件"), Prop("path", label_zh="目录路径"),
        Prop("text", label_zh="标题文字"), Prop("level", INT, "层级"), *_SPAN), "章节"),
    NodeType("Task", "id", (
        Prop("id", label_zh="编号"), Prop("document", label_zh="所属文件"), Prop("path", label_zh="目录路径"),
        Prop("heading", label_zh="所属标题"), Prop("text", label_zh="任务内容"),
        Prop("deadline", label_zh="完成时限"), Prop("deadline_text", label_zh="时限原文"),
        Prop("keywords", STRINGS, "关键词"), Prop("annotation", label_zh="分工原文"),
        Prop("annotation_start", INT, "分工起始"), Prop("annotation_end", INT, "分工结束"),
        Prop("leaders", STRINGS, "责任领导"), *_SPAN), "任务"),
    NodeType("Agency", "name", (
        Prop("name", label_zh="名称"), Prop("aliases", STRINGS, "别名"), Prop("kind", label_zh="类型"),
        Prop("level", label_zh="层级"), Prop("parent", label_zh="上级单位"),
        Prop("jurisdiction", label_zh="行政区"), Prop("discovered", BOOL, "新发现"),
        Prop("mentions", INT, "出现次数")), "机构"),
)

_ROLE_PROPS = (Prop("role_word", label_zh="角色原文"), Prop("surface", label_zh="名称原文"),
               Prop("rule", label_zh="规则"), *_SPAN)
_NONE: tuple[Prop, ...] = ()

RELATIONS: tuple[RelType, ...] = (
    RelType("LEADS", "LEADS", "Agency", "Task", _ROLE_PROPS, "牵头"),
    RelType("SUPPORTS", "SUPPORTS", "Agency", "Task", _ROLE_PROPS, "配合"),
    RelType("RESPONSIBLE_FOR", "RESPONSIBLE_FOR", "Agency", "Task", _ROLE_PROPS, "负责"),
    RelType("TASK_IN_SECTION", "IN", "Task", "Section", _NONE, "属于"),
    RelType("TASK_IN_DOCUMENT", "IN", "Task", "Document", _NONE, "属于"),
    RelType("SECTION_IN_SECTION", "IN", "Section", "Section", _NONE, "属于"),
    RelType("SECTION_IN_DOCUMENT", "IN", "Section", "Document", _NONE, "属于"),
    RelType("PART_OF", "PART_OF", "Agency", "Agency", _NONE, "隶属"),
    RelType("ISSUED_BY", "ISSUED_BY", "Document", "Agency", _NONE, "发文"),
    RelType("CITES", "CITES", "Document", "Document", (Prop("source"), Prop("start", INT), Prop("end", INT)), "引用"),
    RelType("REPEALS", "REPEALS", "Document", "Document", (Prop("source"), Prop("start", INT), Prop("end", INT)), "废止"),
    RelType("HAS_DUTY", "HAS_DUTY", "Agency", "Document", (
        Prop("id", label_zh="编号"), Prop("cue", label_zh="提示词"), Prop("text", label_zh="原文"),
        Prop("surface", label_zh="名称原文"), *_SPAN), "职责"),
)

ROLE_RELATIONS = {"lead": "LEADS", "support": "SUPPORTS", "responsible": "RESPONSIBLE_FOR"}
ROLE_OF = {relation: role for role, relation in ROLE_RELATIONS.items()}

NODE = {n.label: n for n in NODES}
RELATION = {r.name: r for r in RELATIONS}


def identity(rel: RelType) -> tuple[str, ...]:
    """The properties that tell two relations of one table between the same nodes apart.

    A duty has an id; a role, citation or repeal is one passage of text, so the start of
    its evidence; ``IN``, ``PART_OF`` and ``ISSUED_BY`` hold at most once per pair.
    Together with the endpoint keys this is what every store keeps relations apart by:
    Neo4j ``MERGE``s on it, the embedded store de-duplicates by it, RDF names by it.
    """
    names = rel.prop_names
    return ("id",) if "id" in names else ("start",) if "start" in names else ()


def identity_of(rel: RelType, row: dict) -> tuple:
    return (row["from"], row["to"], *(row[p] for p in identity(rel)))
