"""Workload: the numbers on the sample equal those derived by hand from the gold."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict

import pytest

from conftest import run_cli
from gold_names import gold_agency_of, gold_roles
from govgraph.errors import UsageError
from govgraph.graph.embedded import EmbeddedStore
from govgraph.queries.workload import NO_DEADLINE, parse_weights, workload


@pytest.fixture(scope="module")
def store(sample_db):
    """The sample's embedded store, which the analyses ask."""
    with EmbeddedStore(sample_db) as opened:
        yield opened


@pytest.fixture(scope="module")
def names(gold, sample_json) -> dict[str, str]:
    return gold_agency_of(gold, sample_json["agencies"])


def gold_counts(gold, parent: dict[str, str] | None = None) -> dict[str, tuple[int, int, int]]:
    """(lead, support, responsible) tasks per gold agency, counted from the gold by hand;
    with ``parent``, each agency's tasks count for its topmost parent."""
    def top(name: str) -> str:
        while parent and parent.get(name):
            name = parent[name]
        return name

    tasks: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for task, agencies in gold_roles(gold).items():
        for agency, roles in agencies.items():
            for role in roles:
                tasks[top(agency)][role].add(task)
    return {a: (len(r["lead"]), len(r["support"]), len(r["responsible"])) for a, r in tasks.items()}


def ours(rows, names) -> dict[str, tuple[int, int, int]]:
    return {names[r.agency]: (r.lead, r.support, r.responsible) for r in rows}


def test_every_agency_with_a_task_maps_to_one_gold_agency(store, names):
    rows = workload(store)
    assert all(r.agency in names for r in rows)
    assert len({names[r.agency] for r in rows}) == len(rows)


def test_counts_equal_the_gold(store, gold, names):
    assert ours(workload(store), names) == gold_counts(gold)


def test_rolled_up_counts_equal_the_gold_rolled_up(store, gold, names, sample_json):
    """The gold's agencies rolled up by our PART_OF (the gold leaves 区国库支付中心 without its
    parent 区财政局; the gazetteer knows it)."""
    parent = {names[a["name"]]: names[a["parent"]] for a in sample_json["agencies"]
              if a["parent"] and a["name"] in names and a["parent"] in names}
    assert parent == {"区文产办": "区文化体育局", "区集资办": "区财政局", "区国库支付中心": "区财政局"}
    rows = workload(store, rollup=True)
    assert ours(rows, names) == gold_counts(gold, parent)
    culture = next(r for r in rows if names[r.agency] == "区文化体育局")
    assert [names[m] for m in culture.members] == ["区文产办"]


def test_score_and_totals(store):
    weights = parse_weights("support=0.25, responsible=2")
    rows = workload(store, weights=weights)
    assert len(rows) == 55, "the sample's agencies with tasks"
    for row in rows:
        assert row.score == pytest.approx(row.lead + 0.25 * row.support + 2 * row.responsible)
        assert max(row.lead, row.support, row.responsible) <= row.tasks <= row.lead + row.support + row.responsible
        assert len(row.task_ids) == row.tasks
    scores = [r.score for r in workload(store)]
    assert scores == sorted(scores, reverse=True)


def test_documents_and_deadlines_involved(store, sample_json):
    row = workload(store)[0]
    tasks = {t["id"]: t for t in sample_json["tasks"]}
    numbers = {d["id"]: d["doc_number"] for d in sample_json["documents"]}
    assert set(row.documents) == {numbers[tasks[t]["document"]] for t in row.task_ids}
    assert set(row.deadlines) == {tasks[t]["deadline"] for t in row.task_ids} - {None}


@pytest.mark.parametrize("by", ["document", "year", "deadline-year", "quarter", "keyword"])
def test_groups_add_up(store, by):
    total = {r.agency: r.tasks for r in workload(store)}
    grouped = Counter()
    for row in workload(store, by=by):
        assert row.group is not None
        grouped[row.agency] += row.tasks
    if by == "keyword":         # a task counts once per keyword
        assert all(grouped[a] >= n for a, n in total.items())
    else:
        assert grouped == total


def test_year_is_the_documents_and_deadline_year_the_deadlines(store):
    """``--by year`` is the year of the document's date (every sample plan is of 2014);
    ``--by deadline-year`` and ``quarter`` are of each task's deadline."""
    assert {r.group for r in workload(store, by="year")} == {"2014"}
    years = {r.group for r in workload(store, by="deadline-year")}
    assert years == {"2014", "2015", NO_DEADLINE}
    quarters = {r.group for r in workload(store, by="quarter")}
    assert quarters == {"2014-Q4", "2015-Q2", "2015-Q4", NO_DEADLINE}
    assert [r.group for r in workload(store, by="deadline-year")][-1] == NO_DEADLINE


@pytest.mark.parametrize("text, message", [
    ("lead=x", "bad --weights item 'lead=x'; write role=number with roles lead, support, responsible"),
    ("boss=1", "bad --weights item 'boss=1'"),
    ("lead", "bad --weights item 'lead'"),
    ("support=-1", "bad --weights item 'support=-1'"),
    ("support=nan", "bad --weights item 'support=nan'"),
])
def test_bad_weights(text, message):
    with pytest.raises(UsageError) as caught:
        parse_weights(text)
    assert str(caught.value).startswith(message)


def test_bad_grouping(store):
    with pytest.raises(UsageError, match=r"^unknown --by 'month'; available: document, year, deadline-year, quarter, "
                                         r"keyword$"):
        workload(store, by="month")

# ---------------------------------------------------------------- the command


def test_csv_and_json_equal_the_library(store, sample_json_path):
    proc = run_cli("workload", str(sample_json_path), "--format", "csv")
    assert proc.returncode == 0, proc.stderr.decode()
    table = list(csv.DictReader(io.StringIO(proc.stdout.decode())))
    expected = workload(store)
    assert [(r["agency"], int(r["lead"]), int(r["support"]), int(r["responsible"]), float(r["score"]))
            for r in table] == [(w.agency, w.lead, w.support, w.responsible, w.score) for w in expected]
    proc = run_cli("workload", str(sample_json_path), "-f", "json", "--by", "document", "--rollup")
    rows = json.loads(proc.stdout)
    assert rows[0]["group"] == "罗府〔2014〕10号" and {"documents", "deadlines", "task_ids", "members"} <= set(rows[0])


def test_table_on_screen_from_the_store(sample_db):
    proc = run_cli("workload", "--db", str(sample_db))
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode()
    assert "罗湖区科技创新局" in out and "加权得分" in out


def test_xlsx(store, sample_json_path, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "workload.xlsx"
    proc = run_cli("workload", str(sample_json_path), "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    assert header[:8] == ["机构", "类型", "主办/牵头", "协办/配合", "责任", "任务数", "分工数", "加权得分"]
    assert header[-1] == "任务编号"
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref
    expected = workload(store)
    assert expected and [(r[0].value, r[2].value) for r in sheet.iter_rows(min_row=2)] == [(w.agency, w.lead)
                                                                                           for w in expected]
    kinds = {r[1].value for r in sheet.iter_rows(min_row=2)}
    assert {"局委", "泛指单位"} <= kinds and not kinds & {"bureau", "collective", "unknown"}     # Chinese, not codes
    ids = [r[-1].value for r in sheet.iter_rows(min_row=2)]
    assert ids[0].split(", ") == list(expected[0].task_ids)


@pytest.mark.parametrize("args, message", [
    (["--by", "month"], "Error: unknown --by 'month'; available: document, year, deadline-year, quarter, keyword"),
    (["--by", "quarter", "--duties"], "Error: a duty has no quarter; with --duties group by document or year, "
                                      "or not at all"),
    (["--weights", "lead=high"], "Error: bad --weights item 'lead=high'; write role=number with roles lead, "
                                 "support, responsible, e.g. lead=1,support=0.5,responsible=1"),
    (["--format", "pdf"], "Error: unknown format 'pdf' for workload; available: table, csv, json, xlsx, png, svg"),
    (["-o", "w.txt"], "Error: cannot tell the format of 'w.txt' for workload; end it with one of: "
                      ".csv, .json, .xlsx, .png, .svg"),
    (["--by", "year", "-o", "w.png"], "Error: a chart shows the whole workload; drop --by, or write a table "
                                      "(csv, json, xlsx)"),
])
def test_bad_options_are_one_line_errors(sample_json_path, tmp_path, args, message):
    proc = run_cli("workload", str(sample_json_path), *args, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.decode().strip() == message
    assert list(tmp_path.iterdir()) == []
