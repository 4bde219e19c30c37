"""Every lexicon entry cites real text from at least two governments
(tests/fixtures/lexicon/examples.csv): a word only one document writes is a rule fitted to
that document.

Each example is copied verbatim from a repository file (tests/corpus, tests/fixtures/genre,
data/samples) and names that file's issuing government (MANIFEST.csv, the fixture's gold,
the seed gold).  An example must show its entry at work:

* a role word (data/roles.csv) or a recogniser: extracting the example gives an assignment
  whose rule starts with the entry's id (or whose role word is the entry's word);
* a slot (data/slots.csv): the example uses the word as a label (``完成时限：``, ``【发布单位】``,
  a label alone on its line) or as a cell of a table header (two header cells at least);
* a convention (data/conventions.csv): its pattern matches the example.

``KEPT`` lists the entries kept although fewer than two governments in the corpus write
them, because a fixture or a test needs them (removing one lowers a fixture's score or
fails a test); each says who writes it.  An entry that gains a second government must
leave the list.
"""
from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from govgraph.extract.lexicon import lexicon

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
EXAMPLES = Path(__file__).parent / "fixtures" / "lexicon" / "examples.csv"
HEAD = "关于印发工作方案的通知\n一、重点任务\n"   # a tiny document the example is the body of

# recognisers: rules of the styles that no data row names
RECOGNISERS = ("agent-you", "bracket-list", "duty-block", "label-unknown")

KEPT = {
    "resp-shishi": "实施主体 (a table header): 上海市交通委员会 only; shjt-jingxihua-2024 loses "
                   "its responsible column without it",
    "support-zuzhi-peihe": "按职责组织配合: 上海市安全生产委员会 only (sh-ranqi-2023)",
    "deadline-wancheng-shijian": "完成时间：: 深圳市罗湖区 only; the seed gazette's deadlines",
    "leader-fenguan-sheng": "分管省领导：: 广东省人民政府 only (gd-gzbg-2021, tests/test_styles.py)",
    "prose-bumen-fengong": "部门分工：: 广东省人民政府 only; the last prose slot label "
                           "(gd-gzbg-2021 reads its duties through it)",
    "task-gongzuo": "工作 ending a table header (主要工作): 诸暨市 only (zhuji-qingdan-2023, tests/test_tables.py)",
    "support-xiezuo": "主要协作单位：: 灵璧县卫生健康委员会 only (lingbi-weijian-2021 loses its support "
                      "bodies without it); 张家川县's notice names 各协作和配合单位 but assigns nothing",
    "deadline-wancheng-qixian": "完成期限 (a table header): 谯城区 only (qiaocheng-fenjie-2023); the "
                                "common deadline label of task books",
    "resp-zuzhi-shishi": "X组织实施: no example the extractor reads as a role any more (浦东's "
                         "区政府指定区规划资源局组织实施… is two bodies); anshun-chubeiliang-2023 reads "
                         "由承储企业具体组织实施 through it, so no body is made up there",
}


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines(keepends=True)))


ROLES = {r["id"]: r["word"] for r in _rows(DATA / "roles.csv")}
SLOTS = {r["id"]: r["word"] for r in _rows(DATA / "slots.csv")}
CONVENTIONS = {r["id"]: r["pattern"] for r in _rows(DATA / "conventions.csv")}
ROWS = list(csv.DictReader(EXAMPLES.open(encoding="utf-8", newline="")))
BY_ENTRY: dict[str, list[dict[str, str]]] = defaultdict(list)
for _row in ROWS:
    BY_ENTRY[_row["entry"]].append(_row)


def _governments_of_sources() -> dict[str, set[str]]:
    """The issuing government(s) of every file an example may come from."""
    found: dict[str, set[str]] = {}
    for row in _rows(ROOT / "tests" / "corpus" / "MANIFEST.csv"):
        found[f"tests/corpus/{row['file']}"] = {row["government"]}
    for gold in (ROOT / "tests" / "fixtures" / "genre").glob("*.gold.json"):
        data = json.loads(gold.read_text(encoding="utf-8"))
        issuer = data["documents"][0].get("issuer")
        if issuer:
            found[f"tests/fixtures/genre/{data['source']}"] = {issuer}
    seed = json.loads((ROOT / "tests" / "fixtures" / "seed" / "gold.json").read_text(encoding="utf-8"))
    found["data/samples/luohu-gazette-2014-04.txt"] = {d["issuer"] for d in seed["documents"]}
    return found


SOURCES = _governments_of_sources()


def government(name: str) -> str:
    """One name per government: a government's office (办公厅/办公室) is the government."""
    return re.sub(r"(?:办公厅|办公室)$", "", name.strip())


def governments(entry: str) -> set[str]:
    return {government(r["government"]) for r in BY_ENTRY.get(entry, ())}


# --------------------------------------------------------------------------- the file


def test_examples_are_tidy():
    header = EXAMPLES.read_text(encoding="utf-8").splitlines()[0]
    assert header == "entry,government,text,source"
    assert len(ROWS) >= 100
    assert all(r["entry"] and r["government"] and r["text"].strip() == r["text"] and r["text"] and r["source"]
               for r in ROWS)
    assert len({(r["entry"], r["source"], r["text"]) for r in ROWS}) == len(ROWS), "an example is listed twice"


def test_every_example_names_an_entry_of_the_data_files_or_a_recogniser():
    known = set(ROLES) | set(SLOTS) | set(CONVENTIONS) | set(RECOGNISERS)
    assert {r["entry"] for r in ROWS} <= known, sorted({r["entry"] for r in ROWS} - known)


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['entry']}:{r['source'].rsplit('/', 1)[-1]}")
def test_every_example_is_copied_from_its_source_and_names_its_government(row):
    assert row["source"] in SOURCES, f"{row['source']}: not a corpus file, genre fixture or sample"
    text = (ROOT / row["source"]).read_text(encoding="utf-8")
    assert row["text"] in text, "not copied verbatim"
    assert row["government"] in SOURCES[row["source"]], SOURCES[row["source"]]


# --------------------------------------------------------------------------- coverage


def test_every_entry_cites_two_governments():
    entries = set(ROLES) | set(SLOTS) | set(CONVENTIONS)
    assert len(ROLES) > 20 and len(SLOTS) > 20 and len(CONVENTIONS) >= 3
    cited = {e for e in entries if len(governments(e)) >= 2}
    assert cited | set(KEPT) >= entries, sorted(entries - cited - set(KEPT))
    assert {e for e in RECOGNISERS if len(governments(e)) >= 2} == set(RECOGNISERS)


def test_the_entries_kept_without_two_governments_are_few():
    """None has found a second government (then it leaves the list)."""
    assert set(KEPT) <= set(ROLES) | set(SLOTS) | set(CONVENTIONS)
    assert len(KEPT) <= 9
    assert {e for e in KEPT if len(governments(e)) >= 2} == set()


def test_two_governments_are_two_documents():
    """An example of one government is not text of another's source (one document stored
    twice, as a fixture and in the corpus, is one government)."""
    texts = {row["source"]: (ROOT / row["source"]).read_text(encoding="utf-8") for row in ROWS}
    assert len(BY_ENTRY) >= 50
    for entry, rows in BY_ENTRY.items():
        for a in rows:
            for b in rows:
                if government(a["government"]) != government(b["government"]) and len(a["text"]) >= 20:
                    assert a["text"] not in texts[b["source"]], (entry, a["source"], b["source"])


# --------------------------------------------------------------------------- each entry at work


def _examples(entry: str) -> list[dict[str, str]]:
    rows = BY_ENTRY.get(entry, [])
    if not rows and entry in KEPT:
        pytest.skip(f"{entry}: {KEPT[entry]}")
    assert rows, f"{entry}: no example"
    return rows


@pytest.mark.parametrize("entry", sorted(ROLES) + list(RECOGNISERS))
def test_a_role_example_extracts_with_its_entry(entry, extract_text):
    word = ROLES.get(entry)
    for row in _examples(entry):
        result = extract_text(HEAD + row["text"] + "\n")
        used = [(a.rule, a.role_word) for r in result.results for t in r.tasks for a in t.assignments]
        assert any(rule.split("+")[0] == entry or (word and role_word == word) for rule, role_word in used), \
            (row["government"], row["text"][:80], used[:6])


_COLON = re.compile(r"([\u4e00-\u9fff][\u4e00-\u9fff \t\u3000]{0,15})[:：]|【([^】]{1,16})】")
_CELLS = re.compile(r"\s*[|｜\t]\s*|\s+")
_CELL = re.compile(r"[\u4e00-\u9fff0-9A-Za-z（）()/]{2,12}")
_MARKER = re.compile(r"^(?:[一二三四五六七八九十]+|[0-9]+(?![0-9年])|[（(][一二三四五六七八九十0-9]+[）)]|第[一二三四五六七八九十百0-9]+[条章节款])")


def slot_entries(text: str) -> set[str]:
    """The ids of the lexicon words ``text`` uses in their own form: a label word as a
    label (``word：``, ``【word】``, alone on its line), a header word as a cell of a table
    header."""
    lex = lexicon()
    labels = {w.word: w for w in lex.words if "label" in w.forms}
    found = set()
    for m in _COLON.finditer(text):
        run = re.sub(r"\s+", "", m.group(1) or m.group(2))
        for i in range(len(run)):              # the longest label the run ends with
            if run[i:] in labels:
                found.add(labels[run[i:]].id)
                break
    # a table header: consecutive lines (blank and bare-pipe lines aside, and up to two short
    # cells nobody lists between two) that each hold a header cell, two cells at least and
    # one of them a header word as it is listed
    run: dict[str, tuple[str, bool]] = {}
    gap = 0
    for line in text.splitlines() + ["。"]:
        whole = re.sub(r"\s+", "", line)
        if whole in labels:
            found.add(labels[whole].id)
        if not whole.strip("|｜"):
            continue
        parts = [c for c in _CELLS.split(line.strip()) if c]
        cells = {}
        for cell in parts if len(parts) > 1 else [whole.strip("|｜")]:
            if _CELL.fullmatch(cell) and not _MARKER.match(cell) and (w := lex.header(cell)) is not None:
                cells[cell] = (w.id, w.word == cell)
        if cells:
            run.update(cells)
            gap = 0
            continue
        if run and gap < 2 and len(whole) <= 12 and not re.search(r"[。，；：:,;]", whole):
            gap += 1
            continue
        if len(run) >= 2 and any(exact for _, exact in run.values()):
            found.update(entry for entry, _ in run.values())
        run, gap = {}, 0
    return found


def test_slot_entries_reads_labels_and_headers_only():
    assert "deadline-wancheng-shixian" in slot_entries("完成时限:2021年12月31日")
    assert "deadline-wancheng-shixian" not in slot_entries("要根据各项工作任务完成时限要求,适时开展督查")
    assert {"number-xuhao", "task-renwu", "lead-qiantou"} <= slot_entries("序号 | 目标任务 | 牵头单位 |")
    assert "other-mubiao" not in slot_entries("二、工作目标")           # a heading, not a header
    assert not slot_entries("主题分类 其他 体裁分类 通知")             # page furniture, no header word
    assert "deadline-shijian" not in slot_entries("时间:2025-09-19 来源:政府办")   # 时间 is a column


@pytest.mark.parametrize("entry", sorted(SLOTS))
def test_a_slot_example_uses_its_word_as_a_label_or_a_header(entry):
    for row in _examples(entry):
        assert entry in slot_entries(row["text"]), (row["government"], row["text"][:80])


@pytest.mark.parametrize("entry", sorted(CONVENTIONS))
def test_a_convention_example_states_it(entry):
    from govgraph.extract.script import simplified

    pattern = re.compile(CONVENTIONS[entry])
    for row in _examples(entry):
        assert pattern.search(simplified(row["text"])), (row["government"], row["text"][:80])
