"""The extraction commands behind ``govgraph extract`` and ``govgraph agencies``."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from govgraph.errors import NoTasksError, UsageError
from govgraph.extract import ExtractionRun
from govgraph.extract.reader import count_files
from govgraph.files import atomic_output, refuse_inputs
from govgraph.gazetteer import load_gazetteer
from govgraph.progress import progress
from govgraph.records import FORMATS, agency_record, encode, load_records, write_json, write_jsonl


def run_extract(inputs: list[str], output: str, fmt: str | None, gazetteer: list[Path], keywords: bool,
                stdin: bytes | None, workers: int = 0) -> int:
    """Extract ``inputs`` into ``output`` in ``fmt`` (``None``: as its suffix says); the exit code
    says whether every input was read.  Documents are serialised where they are extracted, on
    ``workers`` cores (0: decide)."""
    fmt = fmt or ("jsonl" if output.endswith(".jsonl") else "json")
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}'; available: {', '.join(FORMATS)}")
    writer = write_json if fmt == "json" else write_jsonl
    refuse_inputs(output, inputs)
    with progress("extracting", total=lambda: count_files(inputs)) as step:
        run = ExtractionRun(inputs, load_gazetteer(gazetteer), keywords, stdin, on_source=step,
                            workers=workers, encode=encode)
        results = list(run) if output == "-" else run
        if output == "-":
            _require_tasks(run)
        with atomic_output(output, "wb") as out:
            writer(results, run.agencies, out)
            _require_tasks(run)
    _report(run)
    return 1 if run.failures else 0


def _require_tasks(run: ExtractionRun) -> None:
    """Nothing useful came out: say why, and leave any existing output alone."""
    if run.task_count:
        return
    reasons = [f.message for f in run.failures] + [p.message for p in run.problems]
    if len(reasons) == 1:
        raise NoTasksError(reasons[0])
    raise NoTasksError(f"no tasks found in {len(run.inputs)} input(s)"
                       + (f"; {'; '.join(reasons[:5])}" if reasons else ""))


def _report(run: ExtractionRun) -> None:
    for problem in run.problems:
        print(f"Warning: {problem.message}", file=sys.stderr)
    for failure in run.failures:
        print(f"Error: {failure.message}", file=sys.stderr)
    print(f"{run.document_count} documents, {run.task_count} tasks, {len(run.agencies())} agencies "
          f"from {run.sources_read} file(s)"
          + (f"; {len(run.failures)} input(s) failed" if run.failures else ""), file=sys.stderr)


def run_agencies(inputs: list[str], discovered: bool, fmt: str, output: str, gazetteer: list[Path],
                 stdin: bytes | None, excel: bool = False) -> None:
    """List the agencies the inputs name; ``excel``: CSV that Excel opens (see ``write_rows``)."""
    if fmt not in ("table", "csv", "json"):
        raise UsageError(f"unknown format '{fmt}'; available: table, csv, json")
    if excel and fmt != "csv":
        raise UsageError("--excel writes CSV; add -f csv")
    refuse_inputs(output, inputs)
    rows = _agency_rows(inputs, gazetteer, stdin)
    if discovered:
        rows = [r for r in rows if r.get("discovered")]
    rows.sort(key=lambda r: (-(r.get("mentions") or 0), r["name"]))
    with atomic_output(output) as out:
        if fmt == "json":
            json.dump(rows, out, ensure_ascii=False, indent=1)
            out.write("\n")
        elif fmt == "csv":
            _write_csv(rows, out, excel)
        else:
            _write_table(rows, out)


def _agency_rows(inputs: list[str], gazetteer: list[Path], stdin: bytes | None) -> list[dict]:
    if all(i.endswith((".json", ".jsonl")) for i in inputs):
        return [a for i in inputs for a in load_records(i)["agencies"]]
    run = ExtractionRun(inputs, load_gazetteer(gazetteer), keywords=False, stdin=stdin)
    for _ in run:
        pass
    if not run.sources_read:
        raise NoTasksError("; ".join(f.message for f in run.failures) or "no inputs")
    return [agency_record(a) for a in run.agencies()]


_COLUMNS = ("name", "kind", "level", "parent", "discovered", "mentions", "aliases", "example")


def _write_csv(rows: list[dict], out, excel: bool) -> None:
    from govgraph.views.tables import write_rows

    write_rows(_COLUMNS, ([_cell(row.get(c)) for c in _COLUMNS] for row in rows), "csv", out, excel)


def _cell(value) -> str:
    if isinstance(value, list):
        return "|".join(map(str, value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _write_table(rows: list[dict], out) -> None:
    """The screen table, in Chinese: headers from the schema, kinds and flags from data/labels.csv."""
    from rich.console import Console
    from rich.table import Table

    from govgraph.graph.schema import NODE
    from govgraph.views.labels import flag_label, kind_label

    shown = {"kind": kind_label, "discovered": flag_label, "aliases": lambda names: "、".join(names or ()),
             "example": lambda text: (text or "")[:60]}
    headers = {p.name: p.label_zh for p in NODE["Agency"].props} | {"example": "例句"}
    columns = ("name", "kind", "parent", "discovered", "mentions", "aliases", "example")
    table = Table(show_lines=False)
    for column in columns:
        table.add_column(headers[column], overflow="fold")
    for row in rows:
        table.add_row(*[shown.get(c, _cell)(row.get(c)) for c in columns])
    # piped or written to a file, the table is as wide as it needs: names are never folded
    console = Console(file=out, width=None if out.isatty() else 240)
    console.print(table)
    console.print(f"{len(rows)} 个机构")


def run_coverage(inputs: list[str], fmt: str, output: str, gazetteer: list[Path],
                 stdin: bytes | None) -> int:
    """Measure and write the coverage of role words; the exit code says whether every input
    was read."""
    from govgraph.extract import measure_coverage

    if fmt not in ("table", "json"):
        raise UsageError(f"unknown format '{fmt}'; available: table, json")
    report, run = measure_coverage(inputs, load_gazetteer(gazetteer), stdin)
    if not report.documents and run.failures:
        raise NoTasksError("; ".join(f.message for f in run.failures[:5]))
    with atomic_output(output, "w") as out:
        if fmt == "json":
            json.dump(report.to_json(), out, ensure_ascii=False, indent=1)
            out.write("\n")
        else:
            _coverage_table(report, out)
    for failure in run.failures:
        print(f"Error: {failure.message}", file=sys.stderr)
    return 1 if run.failures else 0


def _coverage_table(report, out) -> None:
    out.write(f"{report.explained} of {report.cues} role words beside an agency are explained "
              f"(share {report.share:.3f}) in {len(report.documents)} documents\n")
    examples = {}
    for document in report.documents:
        for cue in document.unexplained:
            examples.setdefault(cue.pattern, (document.source, cue.context))
    if examples:
        out.write("\nunexplained, by pattern (count, pattern, an example):\n")
    for pattern, count in report.patterns():
        source, context = examples[pattern]
        out.write(f"{count:6d}  {pattern}  {Path(source).name}: …{context}…\n")
