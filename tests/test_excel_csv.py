"""CSV for Excel: with ``excel`` (``--excel``) a CSV starts with the UTF-8 byte-order mark
Excel needs to read Chinese, and its cells stay inert; without it, programs get plain UTF-8."""
from __future__ import annotations

import csv
import io

from conftest import SAMPLE, invoke
from govgraph.views.tables import write_rows

BOM = "\ufeff"


def written(excel: bool) -> str:
    out = io.StringIO()
    write_rows(["机构", "n"], [["=HYPERLINK(\"x\")", -1], ["罗湖区财政局", 3]], "csv", out, excel=excel)
    return out.getvalue()


def test_excel_csv_has_a_bom_and_inert_cells():
    text = written(excel=True)
    assert text.startswith(BOM) and text.count(BOM) == 1
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM))))
    assert rows == [["机构", "n"], ["'=HYPERLINK(\"x\")", "-1"], ["罗湖区财政局", "3"]]


def test_plain_csv_has_no_bom():
    assert written(excel=False) == written(excel=True).removeprefix(BOM)


def test_agencies_excel_csv_file(tmp_path):
    out = tmp_path / "agencies.csv"
    result = invoke("agencies", SAMPLE, "-f", "csv", "--excel", "-o", out)
    assert result.exit_code == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(BOM.encode("utf-8"))
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows and list(rows[0])[0] == "name"
    assert "罗湖区财政局" in {r["name"] for r in rows}
    plain = invoke("agencies", SAMPLE, "-f", "csv")
    assert plain.stdout_bytes == raw.removeprefix(BOM.encode("utf-8"))


def test_excel_is_for_csv_only():
    result = invoke("agencies", SAMPLE, "--excel")
    assert result.exit_code == 2
    assert result.stderr == "Error: --excel writes CSV; add -f csv\n"


def test_query_excel_csv(sample_db, tmp_path):
    out = tmp_path / "w.csv"
    result = invoke("query", "workload-by-role", "--db", sample_db, "-f", "csv", "--excel", "-o", out)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert out.read_bytes().startswith(BOM.encode("utf-8")) and rows[0]["agency"] == "罗湖区科技创新局"
