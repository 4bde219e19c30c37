"""The ``govgraph`` command.  Each command parses its arguments, calls one library
function and leaves error reporting to ``reported_errors``: one line, non-zero exit."""
from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Optional

import typer

from govgraph.errors import GovGraphError

app = typer.Typer(
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
    show_default=False)]
GazetteerOpt = Annotated[Optional[list[Path]], typer.Option(
    "--gazetteer", "-g", help="Extra gazetteer CSV (name,aliases,kind,level,parent,jurisdiction); "
                              "repeatable. 自定义机构名录.")]


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


def _stdin_bytes(inputs: list[str]) -> bytes | None:
    return sys.stdin.buffer.read() if "-" in inputs else None


@app.command()
def extract(
    inputs: Inputs,
    output: Annotated[str, typer.Option("--output", "-o", help="Output file, or - for stdout.")] = "-",
    fmt: Annotated[str, typer.Option("--format", "-f", help="json (one object) or jsonl (one record "
                                                            "per line, for big corpora).")] = "json",
    gazetteer: GazetteerOpt = None,
    keywords: Annotated[bool, typer.Option(help="Add TF-IDF keywords to each task.")] = True,
) -> None:
    """Extract documents, outline, tasks, responsible agencies and deadlines.

    提取文件中的文件、任务、牵头/配合/责任单位和完成时限。

    Example: govgraph extract data/samples/luohu-gazette-2014-04.txt -o tasks.json
    """
    with reported_errors():
        from govgraph.commands.extracting import run_extract

        code = run_extract(inputs, output, fmt, gazetteer or [], keywords, _stdin_bytes(inputs))
    raise typer.Exit(code)


@app.command()
def agencies(
    inputs: Inputs,
    discovered: Annotated[bool, typer.Option(
        "--discovered", help="Only names not in the gazetteer, for review (待审核的新机构名).")] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    output: Annotated[str, typer.Option("--output", "-o", help="Output file, or - for stdout.")] = "-",
    gazetteer: GazetteerOpt = None,
) -> None:
    """List the agencies the inputs name: canonical name, aliases, kind, parent, mentions.

    列出机构及其别名；--discovered 只列名录中没有的新名称（附出现次数和例句）。

    INPUT may also be a JSON/JSONL file written by `govgraph extract`.
    Example: govgraph agencies 分工方案.docx --discovered
    """
    with reported_errors():
        from govgraph.commands.extracting import run_agencies

        run_agencies(inputs, discovered, fmt, output, gazetteer or [], _stdin_bytes(inputs))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
