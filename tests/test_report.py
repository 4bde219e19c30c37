"""The report: the README's first command, one offline file with every answer, rendered from the store."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from conftest import SAMPLE, clean_env, run_cli
from test_views import Page


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """``govgraph report SAMPLE -o report.html`` in a fresh folder, as the README runs it."""
    folder = tmp_path_factory.mktemp("readme")
    env = clean_env()
    env.pop("GOVGRAPH_DB", None)
    proc = run_cli("report", str(SAMPLE), "-o", "report.html", cwd=folder, env=env)
    assert proc.returncode == 0, proc.stderr.decode()
    return folder


@pytest.fixture(scope="module")
def html(built) -> str:
    return (built / "report.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page(html) -> Page:
    return Page(html)


def test_the_readme_command_keeps_the_graph_in_the_default_store(built):
    assert sorted(p.name for p in built.iterdir()) == ["govgraph.db", "report.html"]


def test_rendered_from_the_store_again_is_the_same_file(built, html, tmp_path):
    proc = run_cli("report", "--db", str(built / "govgraph.db"), "-o", str(tmp_path / "again.html"))
    assert proc.returncode == 0, proc.stderr.decode()
    assert (tmp_path / "again.html").read_text(encoding="utf-8") == html


def test_summary(page, sample_json):
    """The counts of the README's "What is counted", from the extraction itself."""
    text = "".join(page.text)
    holders = {a["agency"] for t in sample_json["tasks"] for a in t["assignments"]}
    busy = holders | {d["agency"] for d in sample_json["duties"]}
    assignments = {(t["id"], a["agency"], a["role"]) for t in sample_json["tasks"] for a in t["assignments"]}
    cards = re.findall(r"(\d+)\s*(个文件|项任务|项分工|个机构（承担任务或职责；其中 (\d+) 个承担任务）)", text)
    assert [c[0] for c in cards[:4]] == [str(len(sample_json["documents"])), str(len(sample_json["tasks"])),
                                         str(len(assignments)), str(len(busy))]
    assert cards[3][2] == str(len(holders)) and len(busy) > len(holders)


def test_sections(page):
    ids = [attrs.get("id") for tag, attrs in page.tags if tag == "section"]
    assert ids[:5] == ["summary", "workload", "network", "matrix", "agencies"]


def test_a_section_per_agency_with_its_tasks_deadlines_and_sentences(page, html, sample_json):
    holders = Counter(a for t in sample_json["tasks"] for a in {x["agency"] for x in t["assignments"]})
    holders.update({d["agency"]: 0 for d in sample_json["duties"]})      # a section for duties alone too
    sections = [attrs["id"] for tag, attrs in page.tags if tag == "section" and attrs.get("id", "").startswith("agency-")]
    assert len(sections) == len(holders)
    text = "".join(page.text)
    for task in sample_json["tasks"]:
        held_by = len({a["agency"] for a in task["assignments"]})
        assert text.count(task["text"]) == held_by            # once in each holder's section
        assert task["annotation"] in text
        if task["deadline_text"]:
            assert task["deadline_text"] in text
    links = [attrs["href"] for tag, attrs in page.tags if tag == "a" and attrs.get("href", "").startswith("#agency-")]
    assert set(links) == {f"#{s}" for s in sections}


def test_workload_chart_and_matrix_are_inline(page, sample_json):
    svgs = [attrs for tag, attrs in page.tags if tag == "svg"]
    assert [s.get("class") for s in svgs] == ["chart", None]        # the workload chart, the network
    marks = sum(1 for tag, attrs in page.tags if tag == "td" and len(attrs.get("class", "").split()) == 2
                and attrs["class"].startswith("mark "))
    pairs = {(a["agency"], t["id"]) for t in sample_json["tasks"] for a in t["assignments"]}
    assert marks == 2 * len(pairs)         # in the matrix and in the agencies' sections


def test_the_file_needs_nothing_from_outside(page, html):
    assert not [attrs for tag, attrs in page.tags if "src" in attrs or tag in ("link", "iframe", "img")]
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", html.replace("http://www.w3.org/", ""))
    assert "@import" not in html and "url(" not in html


def test_a_big_corpus_keeps_the_page_small(sample_db, monkeypatch):
    """Past its limits the page holds the top of each list and names the commands for the whole
    tables: here the limits are made small instead of the corpus big."""
    import io

    from govgraph.graph.embedded import EmbeddedStore
    from govgraph.views import report

    for name, value in (("PAGE_DOCUMENTS", 2), ("PAGE_RANKING", 10), ("PAGE_MATRIX_TASKS", 100),
                        ("SECTION_AGENCIES", 5), ("SECTION_TASKS", 3)):
        monkeypatch.setattr(report, name, value)
    with EmbeddedStore(sample_db) as store:
        answer = report.report_of(store)
    out = io.StringIO()
    report.write_report(answer, out)
    page = Page(out.getvalue())
    assert answer.matrix is None and answer.tasks == 110
    sections = [attrs["id"] for tag, attrs in page.tags if tag == "section" and attrs.get("id", "").startswith("agency-")]
    assert sections == [f"agency-{i}" for i in range(1, 6)]
    assert list(answer.sections) == [row.agency for row in answer.workload[:5]]
    assert all(len(tasks) == 3 for tasks in answer.sections.values())
    links = {attrs["href"] for tag, attrs in page.tags if tag == "a" and attrs.get("href", "").startswith("#agency-")}
    assert links == {f"#{s}" for s in sections}          # no link to a section left out
    text = "".join(page.text)
    assert "矩阵太宽" in text and "govgraph matrix -o matrix.xlsx" in text
    assert "仅列前 2 个文件（共 7）" in text and "仅列前 10 个机构（共 64）" in text and "仅列前 3 项任务" in text
    assert not [attrs for tag, attrs in page.tags if tag == "table" and attrs.get("class") == "matrix"]
