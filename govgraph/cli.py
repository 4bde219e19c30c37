"""The ``govgraph`` command.  Each command parses its arguments, calls one library
function and leaves error reporting to ``reported_errors``: one line, non-zero exit."""
from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperArgument, TyperGroup

from govgraph.errors import GovGraphError


class _ArgumentByName(TyperArgument):
    """An argument shown by its metavar alone: typer prints its Python type (``<list[str]>``)
    beside even a metavar, and a user reads a name such as INPUT better."""

    def display_type_rich(self, ctx) -> None:
        return None


class _Group(TyperGroup):
    """A command group whose commands' help names values (FILE, NAME=VALUE), never Python
    types: a value without a ``metavar`` of its own is named after its option (``--by BY``)
    or argument (``OUTPUT``), and an argument is shown by that name alone."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            for param in command.params:
                if isinstance(param, TyperArgument):
                    param.metavar = param.metavar or param.name.upper()
                    param.__class__ = _ArgumentByName
                elif param.metavar is None and not param.is_flag:
                    names = [o for o in param.opts if o.startswith("--")] or param.opts
                    param.metavar = names[0].lstrip("-").upper()


app = typer.Typer(
    cls=_Group,
    name="govgraph",
    help="Turn Chinese government policy documents (行动计划、分工方案、意见、公报) into a knowledge "
         "graph of agencies, tasks and policies, and answer questions about who does what.\n\n"
         "Example / 示例:  govgraph extract 罗湖区政府公报.txt -o tasks.json",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

Inputs = Annotated[list[str], typer.Argument(
    help="Files (.txt .docx .pdf .html), folders (searched recursively) or - for stdin.",
    show_default=False, metavar="INPUT")]
ExcelOpt = Annotated[bool, typer.Option(
    "--excel", help="CSV for Excel: UTF-8 with a byte-order mark, so the Chinese opens right.")]
GazetteerOpt = Annotated[Optional[list[Path]], typer.Option(
    "--gazetteer", "-g", metavar="CSV",
    help="Extra gazetteer CSV (name,aliases,kind,level,parent,jurisdiction); repeatable. 自定义机构名录.")]
OutputOpt = Annotated[str, typer.Option("--output", "-o", metavar="FILE", help="Output file, or - for stdout.")]


def _print_version(wanted: bool) -> None:
    if wanted:
        import govgraph

        typer.echo(f"govgraph {govgraph.__version__}")
        raise typer.Exit()


@app.callback()
def _options(version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True,
        help="Print the version (from the installed package) and exit.")] = False) -> None:
    """Options before any command (``govgraph --version``); the app's help is its own."""


@contextlib.contextmanager
def reported_errors() -> Iterator[None]:
    """The one place library errors become ``Error: …`` and an exit code."""
    try:
        yield
    except GovGraphError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        typer.echo("Interrupted; nothing was written.", err=True)
        raise typer.Exit(130) from None
    except BrokenPipeError:
        raise typer.Exit(0) from None
    except Exception as exc:
        if os.environ.get("GOVGRAPH_DEBUG"):
            raise
        from govgraph.extract.reader import exc_text

        typer.echo(f"Error: internal error ({exc_text(exc)}); please report it "
                   "(GOVGRAPH_DEBUG=1 shows where)", err=True)
        raise typer.Exit(70) from None


def _stdin_bytes(inputs: list[str]) -> bytes | None:
    """Standard input when ``-`` is an input; a closed stdin is left for the reader to report."""
    return sys.stdin.buffer.read() if "-" in inputs and sys.stdin is not None else None


@app.command()
def extract(
    inputs: Inputs,
    output: OutputOpt = "-",
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", help="json (one object) or jsonl (one record "
                   "per line, for big corpora); default: as the output's suffix says, else json.",
                   show_default=False)] = None,
    gazetteer: GazetteerOpt = None,
    keywords: Annotated[bool, typer.Option(help="Add TF-IDF keywords to each task.")] = True,
    workers: Annotated[int, typer.Option(help="Processes for a big corpus (0: as many as pay off).",
                                         min=0, metavar="N")] = 0,
) -> None:
    """Extract documents, outline, tasks, responsible agencies and deadlines.

    提取文件中的文件、任务、牵头/配合/责任单位和完成时限。

    Example: govgraph extract data/samples/luohu-gazette-2014-04.txt -o tasks.json
    """
    with reported_errors():
        from govgraph.commands.extracting import run_extract

        code = run_extract(inputs, output, fmt, gazetteer or [], keywords, _stdin_bytes(inputs), workers)
    raise typer.Exit(code)


@app.command()
def agencies(
    inputs: Inputs,
    discovered: Annotated[bool, typer.Option(
        "--discovered", help="Only names not in the gazetteer, for review (待审核的新机构名).")] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    output: OutputOpt = "-",
    gazetteer: GazetteerOpt = None,
    excel: ExcelOpt = False,
) -> None:
    """List the agencies the inputs name: canonical name, aliases, kind, parent, mentions.

    列出机构及其别名；--discovered 只列名录中没有的新名称（附出现次数和例句）。

    INPUT may also be a JSON/JSONL file written by `govgraph extract`.
    Example: govgraph agencies 分工方案.docx --discovered
    """
    with reported_errors():
        from govgraph.commands.extracting import run_agencies

        run_agencies(inputs, discovered, fmt, output, gazetteer or [], _stdin_bytes(inputs), excel)


@app.command()
def coverage(
    inputs: Inputs,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    output: OutputOpt = "-",
    gazetteer: GazetteerOpt = None,
) -> None:
    """Recall without gold: every role word beside an agency name, and whether a task or a
    duty explains it.

    角色词覆盖率：列出每个文件中“牵头/负责/责任单位…”等角色词及其旁边的机构名，是否已被抽取的
    任务解释；未解释的按模式分组计数，附上下文——这就是待办清单。

    Example: govgraph coverage tests/corpus --format json
    """
    with reported_errors():
        from govgraph.commands.extracting import run_coverage

        code = run_coverage(inputs, fmt, output, gazetteer or [], _stdin_bytes(inputs))
    raise typer.Exit(code)


DbOpt = Annotated[Optional[Path], typer.Option(
    "--db", metavar="STORE", help="The embedded graph store (default: $GOVGRAPH_DB or ./govgraph.db).",
    show_default=False)]
ParamsOpt = Annotated[Optional[list[str]], typer.Option(
    "--param", "-p", metavar="NAME=VALUE", help="A query parameter name=value; repeatable. 查询参数.")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")]
DatabaseOpt = Annotated[Optional[str], typer.Option(
    "--database", metavar="NAME",
    help="The Neo4j database (default: $NEO4J_DATABASE, else the server's default).", show_default=False)]


@app.command()
def build(
    inputs: Inputs,
    db: DbOpt = None,
    gazetteer: GazetteerOpt = None,
) -> None:
    """Extract the inputs and load them into the embedded graph store (LadybugDB).

    抽取文件并写入内嵌图数据库。Re-building the same input leaves the same graph; a new
    document adds only itself.  INPUT may also be a JSON/JSONL file from `govgraph extract`.

    Example: govgraph build data/samples/luohu-gazette-2014-04.txt --db govgraph.db
    """
    with reported_errors():
        from govgraph.commands.params import default_db
        from govgraph.commands.stores import run_build

        run_build(inputs, db or default_db(), gazetteer or [], _stdin_bytes(inputs))


@app.command()
def query(
    cypher: Annotated[str, typer.Argument(help="Cypher text, or the name of a query in "
                                               "`govgraph queries`.", show_default=False)],
    params: ParamsOpt = None,
    db: DbOpt = None,
    neo4j: Annotated[bool, typer.Option("--neo4j", help="Run on the Neo4j server named by "
                                                        "NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD.")] = False,
    database: DatabaseOpt = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = "-",
    excel: ExcelOpt = False,
) -> None:
    """Run a Cypher query (or a named one) on the graph and print the rows.

    执行 Cypher 查询。Values go in as parameters, never pasted into the text.

    Example: govgraph query tasks-of-agency -p agency=罗湖区财政局
    """
    with reported_errors():
        from govgraph.commands.params import default_db, parse_params
        from govgraph.commands.stores import run_query
        from govgraph.queries.names import resolve_params

        db = db or default_db()
        values = resolve_params(cypher, "cypher", parse_params(params or []), db, neo4j, database)
        run_query(cypher, values, db, neo4j, fmt, output, database, excel)


@app.command()
def sparql(
    text: Annotated[str, typer.Argument(help="SPARQL text, or the name of a query in "
                                             "`govgraph queries`.", show_default=False,
                                       metavar="SPARQL")],
    params: ParamsOpt = None,
    db: DbOpt = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = "-",
    excel: ExcelOpt = False,
) -> None:
    """Run a SPARQL query (or a named one) on the graph as RDF.

    执行 SPARQL 查询（W3C ORG / DCTERMS / PROV 词表）。

    Example: govgraph sparql agencies-of-task -p task=luohu-gazette-2014-04:2/t1
    """
    with reported_errors():
        from govgraph.commands.params import default_db, parse_params
        from govgraph.commands.rdf import run_sparql
        from govgraph.queries.names import resolve_params

        db = db or default_db()
        run_sparql(text, resolve_params(text, "sparql", parse_params(params or []), db), db, fmt, output, excel)


@app.command("queries")
def list_queries() -> None:
    """List the named Cypher and SPARQL queries, what each answers and its parameters.

    列出内置的命名查询。
    """
    from govgraph.queries import all_queries

    for q in all_queries():
        params = ", ".join(p.name for p in q.params) or "-"
        typer.echo(f"{q.language:7s} {q.name:28s} {params:20s} {q.answers}")


export_app = typer.Typer(cls=_Group, help="Write the graph in other formats. 导出图数据.", no_args_is_help=True)
app.add_typer(export_app, name="export")


@export_app.command("neo4j-csv")
def export_neo4j_csv(
    directory: Annotated[Path, typer.Argument(help="Folder for the CSV files.", show_default=False,
                                                  metavar="FOLDER")],
    db: DbOpt = None,
) -> None:
    """CSV files and the command line for `neo4j-admin database import full`.

    Example: govgraph export neo4j-csv import/
    """
    with reported_errors():
        from govgraph.commands.params import default_db
        from govgraph.commands.stores import run_export_neo4j_csv

        run_export_neo4j_csv(directory, db or default_db())


@export_app.command("table")
def export_table(
    output: Annotated[str, typer.Argument(help="Output file: .csv (UTF-8 for Excel) or .parquet.",
                                          show_default=False, metavar="FILE")],
    db: DbOpt = None,
) -> None:
    """One row per task, agency and role: task, document, source, path, agency, role, role
    word, surface, span and deadline.  每个任务—机构—角色一行的表格。

    Example: govgraph export table assignments.csv
    """
    with reported_errors():
        from govgraph.commands.params import default_db
        from govgraph.commands.stores import run_export_table

        run_export_table(output, db or default_db())


@export_app.command("rdf")
def export_rdf(
    output: Annotated[str, typer.Argument(help="Output file, or - for stdout.", show_default=False)],
    fmt: Annotated[Optional[str], typer.Option(
        "--format", "-f", help="turtle, json-ld or nt (default: from the output's suffix, .ttl .jsonld .nt; "
                               "turtle on stdout).", show_default=False)] = None,
    db: DbOpt = None,
    validate: Annotated[str, typer.Option(
        "--validate", metavar="[auto|full|sample]",
        help="Check the graph against the SHACL shapes first: the whole graph (full), the graph of a "
             "sample of its documents (sample), or auto: the whole of a small graph (10,000 rows, about "
             "1 MB of text), a sample of a bigger one.")] = "auto",
    no_validate: Annotated[bool, typer.Option("--no-validate", help="Write without the SHACL check.")] = False,
) -> None:
    """The graph as RDF (W3C ORG, DCTERMS, PROV and the govgraph vocabulary).

    Example: govgraph export rdf graph.ttl
    """
    with reported_errors():
        from govgraph.commands.params import default_db
        from govgraph.commands.rdf import run_export_rdf

        run_export_rdf(output, fmt, db or default_db(), "none" if no_validate else validate)


neo4j_app = typer.Typer(cls=_Group, help="Work with a Neo4j server (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD).",
                        no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")


@neo4j_app.command("push")
def neo4j_push(
    db: DbOpt = None,
    batch_size: Annotated[int, typer.Option(help="Rows per UNWIND batch.", metavar="ROWS")] = 5000,
    prune: Annotated[bool, typer.Option(
        "--prune", help="Then delete govgraph's nodes and relations that the store does not hold "
                        "(says how many first).")] = False,
    database: DatabaseOpt = None,
) -> None:
    """Add and update the embedded store's graph in Neo4j: idempotent, batched UNWIND … MERGE.

    推送到 Neo4j。Nothing is deleted unless --prune.  Credentials come from NEO4J_URI /
    NEO4J_USER / NEO4J_PASSWORD.

    Example: NEO4J_URI=bolt://localhost:7687 govgraph neo4j push --database neo4j
    """
    with reported_errors():
        from govgraph.commands.params import default_db
        from govgraph.commands.stores import run_neo4j_push

        run_neo4j_push(db or default_db(), batch_size, prune, database)


ViewInputs = Annotated[Optional[list[str]], typer.Argument(
    help="Files or folders to extract, or JSON/JSONL from `govgraph extract`; none: the graph at --db.  "
         "A file that gives no task is a warning naming it; the command fails (exit 1) only when no input "
         "gives a task, so a single such file is an error.",
    show_default=False)]
FileOutput = Annotated[str, typer.Option("--output", "-o", help="The file to write.", show_default=False)]
CollectivesOpt = Annotated[bool, typer.Option(
    "--exclude-collectives", help="Leave out collectives such as 各街道办事处.")]


ByOpt = Annotated[Optional[str], typer.Option(
    help="Group by document, year (the document's year, from its date), deadline-year (the year of "
         "each task's deadline), quarter (of the deadline) or keyword.")]
WeightsOpt = Annotated[Optional[str], typer.Option(
    help="Role weights of the score, e.g. lead=1,support=0.5,responsible=1.")]
RollupOpt = Annotated[bool, typer.Option("--rollup", help="Count sub-units' tasks for their parent.")]


def _graph_source(inputs: list[str] | None, db: Path | None, gazetteer: list[Path] | None):
    from govgraph.commands.sources import GraphSource

    return GraphSource(inputs or [], db, gazetteer or [], _stdin_bytes(inputs or []))


@app.command()
def workload(
    inputs: ViewInputs = None,
    db: DbOpt = None,
    by: ByOpt = None,
    weights: WeightsOpt = None,
    rollup: RollupOpt = False,
    duties: Annotated[bool, typer.Option(
        "--duties", help="Add each agency's prose duties (职责数), and agencies with duties but no task.")] = False,
    exclude_collectives: CollectivesOpt = False,
    fmt: Annotated[Optional[str], typer.Option(
        "--format", "-f", help="table, csv, json, xlsx, or a chart: png, svg (default: from -o).")] = None,
    output: OutputOpt = "-",
    gazetteer: GazetteerOpt = None,
) -> None:
    """Tasks each agency leads, supports and is responsible for, and a weighted score.

    各单位任务量：牵头、配合、责任任务数，加权得分，涉及的文件和时限。任务数 counts distinct
    tasks; 分工数 counts task–role pairs (lead + support + responsible), as `query workload-by-role`'s total.

    Example: govgraph workload data/samples/luohu-gazette-2014-04.txt -o workload.xlsx
    """
    with reported_errors():
        from govgraph.commands.views import run_workload

        run_workload(_graph_source(inputs, db, gazetteer), by, weights, rollup, fmt, output, duties,
                     exclude_collectives)


@app.command()
def network(
    inputs: ViewInputs = None,
    db: DbOpt = None,
    exclude_collectives: CollectivesOpt = False,
    directed: Annotated[bool, typer.Option("--directed", help="Links from lead to support (牵头 → 配合).")] = False,
    output: Annotated[str, typer.Option("--output", "-o", help=".gexf, .graphml (Gephi), .csv (links) "
                                                               "or .json; none: tables on screen.")] = "-",
    gazetteer: GazetteerOpt = None,
) -> None:
    """The collaboration network: agencies linked by shared tasks, centralities, communities, brokers.

    部门协作网络：共同任务、中心度、协作群组与中间人。

    Example: govgraph network data/samples/luohu-gazette-2014-04.txt -o network.gexf
    """
    with reported_errors():
        from govgraph.commands.views import run_network

        run_network(_graph_source(inputs, db, gazetteer), exclude_collectives, directed, output)


@app.command()
def matrix(
    inputs: ViewInputs = None,
    db: DbOpt = None,
    output: Annotated[str, typer.Option("--output", "-o", help=".xlsx, .csv, .md or .html; none: "
                                                               "counts per document on screen.")] = "-",
    gazetteer: GazetteerOpt = None,
) -> None:
    """Responsibility matrix: agency × task with 主/协/责 marks, and agency × document counts.

    责任矩阵：主 = 主办/牵头，协 = 协办/配合，责 = 责任。

    Example: govgraph matrix data/samples/luohu-gazette-2014-04.txt -o matrix.xlsx
    """
    with reported_errors():
        from govgraph.commands.views import run_matrix

        run_matrix(_graph_source(inputs, db, gazetteer), output)


@app.command()
def viz(
    inputs: ViewInputs = None,
    db: DbOpt = None,
    exclude_collectives: CollectivesOpt = False,
    output: FileOutput = ...,
    gazetteer: GazetteerOpt = None,
) -> None:
    """Draw the collaboration network: interactive offline .html, or a .png / .svg picture.

    协作网络图：可交互的离线网页，或 PNG/SVG 图片。

    Example: govgraph viz data/samples/luohu-gazette-2014-04.txt -o network.html
    """
    with reported_errors():
        from govgraph.commands.views import run_viz

        run_viz(_graph_source(inputs, db, gazetteer), exclude_collectives, output)


@app.command()
def report(
    inputs: ViewInputs = None,
    db: DbOpt = None,
    output: FileOutput = ...,
    weights: WeightsOpt = None,
    exclude_collectives: CollectivesOpt = False,
    rollup: RollupOpt = False,
    gazetteer: GazetteerOpt = None,
) -> None:
    """One offline HTML report: summary, workload, network, matrix and a section per agency.

    分析报告（单个离线 HTML 文件）。INPUTs are first built into the store at --db.

    Example: govgraph report data/samples/luohu-gazette-2014-04.txt -o report.html
    """
    with reported_errors():
        from govgraph.commands.views import run_report

        run_report(_graph_source(inputs, db, gazetteer), output, weights, exclude_collectives, rollup)


def main() -> None:
    # SIGTERM stops a run as Ctrl-C does: temporary files removed, workers ended, stores rolled back
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    app()


if __name__ == "__main__":
    main()
