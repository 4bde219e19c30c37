"""Names from documents that begin like a spreadsheet formula stay text: stored as text in
XLSX, given a leading ``'`` in CSV (OWASP, CSV injection)."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import run_cli
from hostile import EVIL_AGENCY, QUOTED_AGENCY, hostile_records

HYPERLINK = '=HYPERLINK("http://x")办'
PLUS, MINUS, AT = "+1+1办", "-1+1办", "@SUM(A1)办"
FORMULAS = (HYPERLINK, PLUS, MINUS, AT)


def renamed(value, names: dict[str, str]):
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, list):
        return [renamed(v, names) for v in value]
    if isinstance(value, dict):
        return {k: renamed(v, names) for k, v in value.items()}
    return value


@pytest.fixture(scope="module")
def formulas(tmp_path_factory) -> Path:
    """An extraction whose agencies are named like formulas (the hostile one, renamed)."""
    records = renamed(hostile_records(), {EVIL_AGENCY: HYPERLINK, QUOTED_AGENCY: PLUS, "罗湖区财政局": MINUS})
    records["tasks"][1]["assignments"].append({**records["tasks"][1]["assignments"][0], "agency": AT,
                                               "surface": AT, "role": "support"})
    records["agencies"].append({**records["agencies"][0], "name": AT, "aliases": [AT]})
    path = tmp_path_factory.mktemp("formulas") / "formulas.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def text_cells(path: Path) -> dict[str, str]:
    """Every cell of every sheet holding one of the names: its type ('s' text, 'f' formula)."""
    book = openpyxl.load_workbook(path)
    return {cell.value: cell.data_type for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
            if cell.value in FORMULAS}


@pytest.mark.parametrize("view", ["matrix", "workload"])
def test_bar_names_like_formulas_are_text_cells_in_xlsx(formulas, tmp_path, view):
    out = tmp_path / f"{view}.xlsx"
    proc = run_cli(view, str(formulas), "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    assert text_cells(out) == {name: "s" for name in FORMULAS}
    with zipfile.ZipFile(out) as book:
        sheets = [book.read(n).decode() for n in book.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in sheet for sheet in sheets)


def csv_names(text: str) -> set[str]:
    return {cell for row in csv.reader(io.StringIO(text)) for cell in row if cell.lstrip("'") in FORMULAS}


@pytest.mark.parametrize("args", [["workload", "-f", "csv"], ["matrix", "-o", "{out}.csv"],
                                  ["network", "-o", "{out}.csv"], ["agencies", "-f", "csv"]])
def test_names_like_formulas_are_neutralised_in_csv(formulas, tmp_path, args):
    out = tmp_path / "out"
    proc = run_cli(args[0], str(formulas), *[a.format(out=out) for a in args[1:]])
    assert proc.returncode == 0, proc.stderr.decode()
    text = Path(f"{out}.csv").read_text(encoding="utf-8") if "-o" in args else proc.stdout.decode()
    assert csv_names(text) == {f"'{name}" for name in FORMULAS}


def test_query_csv_neutralises_formulas_and_leaves_numbers(formulas, tmp_path):
    db = tmp_path / "g.db"
    assert run_cli("build", str(formulas), "--db", str(db)).returncode == 0
    proc = run_cli("query", "MATCH (a:Agency) RETURN a.name AS name, -1 AS n ORDER BY name", "--db", str(db),
                   "-f", "csv")
    assert proc.returncode == 0, proc.stderr.decode()
    rows = list(csv.reader(io.StringIO(proc.stdout.decode())))
    assert rows[0] == ["name", "n"]
    assert {name for name, _ in rows[1:]} == {f"'{name}" for name in FORMULAS}
    assert {n for _, n in rows[1:]} == {"-1"}          # a number is no formula
