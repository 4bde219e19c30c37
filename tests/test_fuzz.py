"""A bounded fuzz test: real documents (tests/fixtures/genre, data/samples), mutated at
random with fixed seeds, go through the reader, the extractor and the JSON encoder.

Whatever comes in, nothing raises but an ``InputError`` from the reader, every record is
valid JSON, and every span points into the source text.  A few hundred cases, seconds.
"""
from __future__ import annotations

import codecs
import json
import random
import re
from functools import cache

import pytest

from conftest import ROOT, compact, run_cli
from govgraph.errors import InputError
from govgraph.extract.pipeline import Extractor
from govgraph.extract.reader import read_source
from govgraph.records import encode

CASES = 600
SOURCES = sorted((ROOT / "tests" / "fixtures" / "genre").glob("*.txt")) + [ROOT / "data" / "samples" /
                                                                          "luohu-gazette-2014-04.txt"]
WINDOW = 8000           # characters of a document a case starts from

# what plans are made of, and what breaks them: brackets, slots, markers, dates, numbers
PIECES = ("（", "）", "(", ")", "：", ":", "；", "，", "、", "。", "\n", "\n\n", "\r\n", "\t", "\u3000", " ",
          "牵头单位", "责任单位", "主办单位", "协办单位", "配合单位", "完成时间", "牵头", "负责", "区财政局", "市", "和",
          "一、", "（一）", "1.", "（1）", "①", "第一条", "第一章", "年", "月", "日", "2014", "（2014\n年2月8日）",
          "〔", "〕", "号", "《", "》", "关于印发", "的通知", "实施方案", "同时废止", "*", "**", "#", "_", "…",
          "\ufeff", "\x00", "\ufffd", "𠀀", "<", ">", "&")


@cache
def documents() -> list[str]:
    return [read_source(str(path)).text for path in SOURCES]


def mutated_text(rng: random.Random) -> str:
    base = rng.choice(documents())
    start = rng.randrange(max(1, len(base) - WINDOW))
    text = base[start:start + rng.randint(200, WINDOW)]
    for _ in range(rng.randint(1, 10)):
        at, op = rng.randrange(len(text) + 1), rng.random()
        span = rng.randint(1, 300)
        if op < 0.2:
            text = text[:at] + rng.choice(PIECES) + text[at:]
        elif op < 0.35:
            text = text[:at] + f"\n{rng.choice(PIECES)}\n" + text[at:]       # on a line of its own
        elif op < 0.5:
            text = text[:at] + text[at + span:]                             # cut
        elif op < 0.65:
            other = rng.randrange(len(text) + 1)
            text = text[:other] + text[at:at + span] + text[other:]         # repeat elsewhere
        elif op < 0.75:
            text = text[:at] + text[at:at + span][::-1] + text[at + span:]  # reversed
        elif op < 0.85:
            text = text.replace("\n", rng.choice(("", " ", "\n\n", "\r")), rng.randint(1, 60))
        else:
            text = text[:at]                                                # truncated
    return text


def mutated_bytes(rng: random.Random) -> bytes:
    """The text encoded as documents come: UTF-8, GB18030, UTF-16, a BOM, damaged bytes."""
    text = mutated_text(rng)
    encoding = rng.choice(("utf-8", "utf-8", "gb18030", "utf-16", "utf-8-sig"))
    data = text.encode(encoding, "replace")
    if rng.random() < 0.2:
        at = rng.randrange(len(data) + 1)
        data = data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 4))) + data[at:]
    if rng.random() < 0.05:
        data = codecs.BOM_UTF8 + data
    return data


@pytest.fixture(scope="module")
def extractor(gazetteer) -> Extractor:
    return Extractor(gazetteer)


def spans_of(record: dict, kind: str):
    """(name, [start, end]) of every span a record carries."""
    yield f"{kind} span", record.get("span")
    if kind == "task":
        yield "annotation_span", record["annotation_span"]
        for assignment in record["assignments"]:
            yield "assignment span", assignment["span"]
    if kind == "document":
        for item in record["sections"] + record["references"]:
            yield "section/reference span", item["span"]


_MARKUP = re.compile(r"[*_#]")


def check(text: str, data) -> int:
    """Every record of one encoded document: valid JSON, spans inside ``text``, surfaces
    and task texts as the spans cut them; the number of spans checked."""
    document = json.loads(data.document)
    records = [(document, "document"), *((json.loads(t), "task") for t in data.tasks),
               *((json.loads(d), "duty") for d in data.duties)]
    checked = 0
    for record, kind in records:
        for name, span in spans_of(record, kind):
            if span is None:
                continue
            start, end = span
            assert 0 <= start <= end <= len(text), (name, span, len(text))
            checked += 1
        if kind == "task":
            for assignment in record["assignments"]:
                start, end = assignment["span"]
                assert compact(text[start:end]) == compact(assignment["surface"]), assignment
            start, end = record["span"]
            if not _MARKUP.search(text, start, end):             # cleaning takes markup out
                assert compact(text[start:end]) == compact(record["text"])
    return checked


def test_mutated_documents_never_break_the_extractor(extractor):
    read = refused = spans = 0
    for seed in range(CASES):
        rng = random.Random(seed)
        try:
            source = read_source(f"fuzz{seed}.txt", mutated_bytes(rng))
        except InputError:
            refused += 1
            continue
        read += 1
        for result in extractor.extract_batch([(source, f"fuzz{seed}")])[0]:
            spans += check(source.text, encode(result))
    assert read > CASES * 0.9 and spans > CASES * 5, (read, refused, spans)


def test_mutated_documents_through_the_command(tmp_path):
    """A folder of mutated files: valid JSON out, no traceback, each failure one line."""
    for seed in range(CASES, CASES + 40):
        (tmp_path / f"m{seed}.txt").write_bytes(mutated_bytes(random.Random(seed)))
    out = tmp_path / "out.json"
    proc = run_cli("extract", str(tmp_path), "-o", str(out))
    stderr = proc.stderr.decode("utf-8")
    assert proc.returncode in (0, 1) and "Traceback" not in stderr
    assert all(line.startswith(("Error: ", "Warning: ", f"{tmp_path}/m")) or " documents, " in line
               for line in stderr.splitlines()), stderr         # the reader's own: "x.txt: … replaced"
    assert json.loads(out.read_text(encoding="utf-8"))["tasks"]
