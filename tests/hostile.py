"""An extraction whose texts try to break out of HTML: in a title, a task, a heading and agency names.

Written as the JSON contract of ``govgraph extract``, so every view command can read it as
its INPUT.  A page that shows it must show these strings as text and run none of them.
"""
from __future__ import annotations

import json
from pathlib import Path

SCRIPT = "<script>alert(1)</script>"
QUOTES = '"quotes"'
HOSTILE = f"{SCRIPT} {QUOTES} & 'apostrophes' </textarea><img src=x onerror=alert(2)>"
EVIL_AGENCY = f"区{SCRIPT}局"
QUOTED_AGENCY = '区"引号"局'


def hostile_records() -> dict:
    source = "evil.txt"
    document = {"id": "evil:1", "source": source, "title": f"标题{HOSTILE}", "notice_title": None,
                "doc_number": "恶〔2020〕1号", "issuer": HOSTILE, "date": "2020-01-01", "kind": "方案",
                "jurisdiction": None, "task_count": 2, "span": [0, 500], "issuers": [HOSTILE], "issued_by": [],
                "references": [], "sections": [{"path": "一", "text": HOSTILE, "span": [0, 40]}]}
    assignment = {"role_word": "牵头单位", "span": [0, 1], "rule": "test"}
    tasks = [
        {"id": "evil:1/t1", "document": "evil:1", "source": source, "path": "一", "heading": HOSTILE,
         "text": f"任务{HOSTILE}", "deadline": "2020-12", "deadline_text": f"2020年12月{SCRIPT}",
         "keywords": [SCRIPT], "span": [50, 120], "annotation": f"（牵头单位：{EVIL_AGENCY}）",
         "annotation_span": [120, 140], "leaders": [], "rule": "test",
         "assignments": [{**assignment, "agency": EVIL_AGENCY, "role": "lead", "surface": EVIL_AGENCY},
                         {**assignment, "agency": QUOTED_AGENCY, "role": "support", "surface": QUOTED_AGENCY}]},
        {"id": "evil:1/t2", "document": "evil:1", "source": source, "path": "二", "heading": QUOTES,
         "text": f"第二项{QUOTES}", "deadline": None, "deadline_text": None, "keywords": [],
         "span": [200, 260], "annotation": HOSTILE, "annotation_span": [260, 280], "leaders": [], "rule": "test",
         "assignments": [{**assignment, "agency": QUOTED_AGENCY, "role": "lead", "surface": QUOTED_AGENCY},
                         {**assignment, "agency": "罗湖区财政局", "role": "responsible", "surface": "区财政局"}]},
    ]
    agencies = [{"name": name, "aliases": [name], "kind": kind, "level": "district", "parent": None,
                 "jurisdiction": None, "discovered": True, "corrections": [], "mentions": 1, "example": HOSTILE}
                for name, kind in ((EVIL_AGENCY, "bureau"), (QUOTED_AGENCY, "collective"), ("罗湖区财政局", "bureau"))]
    return {"documents": [document], "tasks": tasks, "agencies": agencies, "duties": []}


def write_hostile(folder: Path) -> Path:
    path = folder / "hostile.json"
    path.write_text(json.dumps(hostile_records(), ensure_ascii=False), encoding="utf-8")
    return path
