"""Duties stated in prose (the second tier): ``区财政局负责奖励补助资金的预决算``."""
from __future__ import annotations

import json

import pytest

from conftest import GOLD, compact


def duties_of(extraction, document_id):
    return [d for d in extraction.duties if d.document == document_id]


def sentence_around(text: str, span) -> str:
    start = max(text.rfind("。", 0, span.start), text.rfind("\n\n", 0, span.start)) + 1
    end = text.find("。", span.end)
    return compact(text[start:end + 1 if end >= 0 else len(text)])


# --------------------------------------------------------------------------- positives


@pytest.mark.parametrize("gold_doc, agency, cue, clause", [
    ("jsbz", "罗湖区财政局", "负责", "区财政局负责奖励补助资金的预决算"),
    ("jsbz", "罗湖区卫生人口计生局", "负责", "区卫生人口计生局负责核实确认奖励对象"),
    ("jsbz", "罗湖区卫生人口计生局", "联系", "请径与区卫生人口计生局联系"),
    ("xxh", "罗湖区信息化领导小组", "负责", "罗湖区信息化领导小组负责统一领导"),
    ("cyzx", "罗湖区经济促进局", "设在", "领导小组办公室设在区经济促进局"),
    ("cyzx", "罗湖区督查室", "不定期对", "区督察室不定期对各街道各部门"),
    ("dzsw", "罗湖区督查室", "将", "区督查室将行动计划纳入督查范围"),
])
def test_sample_duty(sample_extraction, sample_text, doc_ids, gold_doc, agency, cue, clause):
    found = [d for d in duties_of(sample_extraction, doc_ids[gold_doc])
             if d.agency == agency and compact(clause) in compact(d.text)]
    assert len(found) == 1, [(d.agency, d.text) for d in duties_of(sample_extraction, doc_ids[gold_doc])]
    duty = found[0]
    assert duty.cue == cue
    assert compact(duty.surface) in compact(sample_text[duty.span.start:duty.span.end])
    assert compact(clause) in compact(sample_text[duty.span.start:duty.span.end])


def test_one_duty_per_body_named_together(sample_extraction, doc_ids):
    """区直各部门、各街道办事处要将信息化工作纳入… gives a duty to each."""
    found = {d.agency for d in duties_of(sample_extraction, doc_ids["xxh"])
             if "将信息化工作纳入年度重点工作计划" in d.text}
    assert found == {"罗湖区直各部门", "罗湖区各街道办事处"}


BENEFIT_RULES = ("深圳市罗湖区实行计划生育的已婚育龄夫妻落实长效节育措施奖励补助办法\n\n"
                 "第七条 奖励补助专项资金的管理\n\n"
                 "（三）区财政局负责奖励补助资金的预决算、及时足额拨付资金并加强监督管理。\n")
MARKED_PLAN = ("深圳市罗湖区促进电子商务发展行动计划\n\n一、主要任务\n\n"
               "1.推进电子商务示范。（主办单位：区经济促进局；协办单位：区科技创新局）\n\n")


def test_duty_in_a_document_beside_marked_plans(extract_text):
    """In a source whose plans mark their tasks (a gazette issue), a 办法's prose states duties."""
    result = extract_text(MARKED_PLAN + BENEFIT_RULES)
    assert [(d.agency, d.surface, d.cue) for d in result.duties] == [("罗湖区财政局", "区财政局", "负责")]
    assert result.duties[0].text.startswith("区财政局负责奖励补助资金的预决算")
    assert "罗湖区财政局" in {a.name for a in result.agencies}
    assert [t.rule for t in result.tasks] == ["bracket-slots"]


def test_prose_of_a_document_on_its_own_states_tasks(extract_text):
    """The same 办法 alone assigns its work in prose: X负责… is a task, not a duty."""
    result = extract_text(BENEFIT_RULES)
    assert result.duties == []
    [task] = result.tasks
    assert (task.rule, [(a.agency, a.role, a.role_word) for a in task.assignments]) == \
        ("prose", [("罗湖区财政局", "responsible", "负责")])


# --------------------------------------------------------------------------- negatives


def test_a_reference_clause_is_not_a_duty(sample_extraction, sample_text, doc_ids):
    """根据市委、市政府对罗湖建设…的战略定位: 市委/市政府 are not given a duty."""
    at = sample_text.index("根据市委、市政府对罗湖建设")
    end = sample_text.index("。", at)
    assert not [d for d in duties_of(sample_extraction, doc_ids["cyzx"]) if at <= d.span.start < end]


def test_negative_snippet_has_no_duties(extract_text):
    result = extract_text("深圳市罗湖区产业转型升级行动计划\n\n"
                          "根据市委、市政府对罗湖建设“一个中心两个基地”的战略定位，结合我区实际，提出本计划。\n\n"
                          "各部门要加强协调配合，推进各项任务实施。\n\n"
                          "各责任单位实行一把手负责制。\n")
    assert result.duties == []


def test_task_text_is_not_scanned_for_duties(sample_extraction, sample_text):
    """③推动莲塘互联网产业集聚区… 配合区重建局等部门 is inside a task: no duty of 区重建局."""
    at = sample_text.index("配合区重建局等部门")
    assert not [d for d in sample_extraction.duties if d.span.start <= at < d.span.end]
    for task in sample_extraction.tasks:
        for duty in sample_extraction.duties:
            if duty.document == task.document:
                assert not (task.span.start <= duty.span.start < task.annotation_span.end), (duty, task.id)


def test_statistical_bulletin_has_no_duties(sample_extraction, doc_ids):
    assert duties_of(sample_extraction, doc_ids["tjgb"]) == []


def test_vague_subjects_are_nobodys_duty(sample_extraction):
    assert not [d for d in sample_extraction.duties
                if d.surface in ("各部门", "各责任单位", "有关部门", "各主办、协办单位", "区信息化主管部门")]


# --------------------------------------------------------------------------- against the gold

_GOLD = json.loads(GOLD.read_text(encoding="utf-8"))
def _gold_duties():
    for i, duty in enumerate(_GOLD["duties"], start=1):
        yield pytest.param(duty, id=f"{duty['document']}-{i}")


@pytest.mark.parametrize("gold_duty", list(_gold_duties()))
def test_gold_duty_is_found(sample_extraction, sample_text, doc_ids, gold, gold_duty):
    gold_names = {a["name"]: {compact(x) for x in (a["name"], *a["aliases"])} for a in gold["agencies"]}
    system_names = {a.name: {compact(x) for x in (a.name, *a.aliases)} for a in sample_extraction.agencies}
    want = gold_names[gold_duty["agency"]]
    found = [d for d in duties_of(sample_extraction, doc_ids[gold_duty["document"]])
             if compact(gold_duty["anchor"]) in sentence_around(sample_text, d.span)
             and (system_names.get(d.agency, set()) & want or d.agency == "罗湖" + gold_duty["agency"])]
    assert found, gold_duty
