"""Outline levels: 一、 / （一） / 1. / （1） / ① (half- and full-width forms) and 第一条.

Paths join the markers with "/" and always write bracketed numbers with full-width
brackets, so ``(3)`` and ``（３）`` are both ``（3）``.
"""
from __future__ import annotations

import pytest

from conftest import task_by_anchor

OUTLINE = """深圳市罗湖区产业转型升级行动计划

一、八项重点工作任务

（一）优化空间载体建设

1. 工作目标：到2016年，产业空间比2011年增加300万平方米。

2. 工作举措：

（1）加大实施已列入更新计划项目的推进力度。指导并督促项目开发单位编制项目实施和开工建设时间表。（主办单位：区重建局）

① 加快黄金珠宝产业集聚基地的改造。加快推进珠宝基地二期的环境改造工程。（主办单位：区重建局；协办单位：翠竹街道办事处、东晓街道办事处）

②积极推进黄金珠宝基地城市更新项目。（主办单位：区重建局）

(2) 建立产业用地及物业信息库，实现信息共享。（主办单位：区租赁局）

（３）全角数字的项目。（主办单位：区物业办）

3.7%的企业完成技术改造，较上年提高。（主办单位：区经济促进局）

12.5亿元用于支持企业技术改造。

2．全角句点的第二项。（主办单位：区科技创新局）

3、顿号的第三项。（主办单位：区投资推广局）

（二）改造提升优势传统产业

(三) 半角括号的中文序号

二、保障措施
"""

EXPECTED_SECTIONS = [
    ("一", "一", 1, "八项重点工作任务"),
    ("一/（一）", "（一）", 2, "优化空间载体建设"),
    ("一/（一）/1", "1", 3, "工作目标"),
    ("一/（一）/2", "2", 3, "工作举措"),
    ("一/（一）/2/（1）", "（1）", 4, "加大实施已列入更新计划项目的推进力度"),
    ("一/（一）/2/（1）/①", "①", 5, "加快黄金珠宝产业集聚基地的改造"),
    ("一/（一）/2/（1）/②", "②", 5, "积极推进黄金珠宝基地城市更新项目"),
    ("一/（一）/2/（2）", "（2）", 4, "建立产业用地及物业信息库，实现信息共享"),
    ("一/（一）/2/（3）", "（3）", 4, "全角数字的项目"),
    ("一/（一）/2", "2", 3, "全角句点的第二项"),
    ("一/（一）/3", "3", 3, "顿号的第三项"),
    ("一/（二）", "（二）", 2, "改造提升优势传统产业"),
    ("一/（三）", "（三）", 2, "半角括号的中文序号"),
    ("二", "二", 1, "保障措施"),
]


@pytest.fixture
def outline(extract_text):
    result = extract_text(OUTLINE)
    assert len(result.results) == 1
    return result.results[0]


def test_every_level_and_form(outline):
    # a trailing colon is tolerated here; test_heading_text_drops_a_trailing_colon wants it gone
    got = [(s.path, s.marker, s.level, s.text.rstrip("：:")) for s in outline.sections]
    assert got == EXPECTED_SECTIONS


def test_section_spans_are_the_heading_lines(outline, extract_text):
    from conftest import source_of

    source = source_of(extract_text(OUTLINE))
    assert len(outline.sections) == len(EXPECTED_SECTIONS)
    for section in outline.sections:
        line = source[section.span.start:section.span.end]
        assert "\n" not in line
        assert section.text.replace(" ", "")[:4] in line.replace(" ", "")


@pytest.mark.parametrize("anchor, path, heading", [
    ("指导并督促项目开发单位", "一/（一）/2/（1）", "加大实施已列入更新计划项目的推进力度"),
    ("加快推进珠宝基地二期", "一/（一）/2/（1）/①", "加快黄金珠宝产业集聚基地的改造"),
    ("积极推进黄金珠宝基地城市更新项目", "一/（一）/2/（1）/②", "积极推进黄金珠宝基地城市更新项目"),
    ("建立产业用地及物业信息库", "一/（一）/2/（2）", "建立产业用地及物业信息库，实现信息共享"),
    ("全角数字的项目", "一/（一）/2/（3）", "全角数字的项目"),
    # 3.7% opens a sentence, not an item: the task stays under （３）
    ("3.7%的企业完成技术改造", "一/（一）/2/（3）", "全角数字的项目"),
    ("全角句点的第二项", "一/（一）/2", "全角句点的第二项"),
    ("顿号的第三项", "一/（一）/3", "顿号的第三项"),
])
def test_task_path_and_heading(outline, anchor, path, heading):
    task = task_by_anchor(outline.tasks, anchor)
    assert (task.path, task.heading) == (path, heading)


def test_numbers_that_open_a_sentence_are_not_headings(outline):
    markers = [s.marker for s in outline.sections]
    assert "12" not in markers
    assert not [s for s in outline.sections if s.text.startswith(("7%", "%", "5亿"))]


def test_heading_text_drops_a_trailing_colon(outline):
    assert outline.sections[3].text == "工作举措"


ARTICLES = """深圳市罗湖区政府投资信息工程项目管理办法

第一条 为规范政府投资信息工程项目管理，制定本办法。

第二条 项目管理按下列程序进行。

（一）项目申报。各部门提出项目需求。（责任单位：区直各部门；完成时间：2014年6月）

（二）项目审核。区科技创新局对项目进行技术审核。（责任单位：区科技创新局）

第三条 本办法自印发之日起实施。
"""


def test_articles(extract_text):
    result = extract_text(ARTICLES).results[0]
    assert [(s.path, s.level, s.text) for s in result.sections] == [
        ("第一条", 1, "为规范政府投资信息工程项目管理，制定本办法"),
        ("第二条", 1, "项目管理按下列程序进行"),
        ("第二条/（一）", 2, "项目申报"),
        ("第二条/（二）", 2, "项目审核"),
        ("第三条", 1, "本办法自印发之日起实施"),
    ]
    assert [(t.path, t.heading) for t in result.tasks] == [
        ("第二条/（一）", "项目申报"), ("第二条/（二）", "项目审核")]


def test_articles_in_the_sample(sample_extraction, doc_ids):
    """罗府办〔2014〕8号 is a 办法 written in 第X条 with （一） and 1. below."""
    result = next(r for r in sample_extraction.results if r.document.id == doc_ids["jsbz"])
    paths = [s.path for s in result.sections]
    assert paths[:3] == ["第一条", "第二条", "第三条"]
    assert "第三条/（二）/1" in paths
    assert paths[-1] == "第十条"
    assert all(s.level == s.path.count("/") + 1 for s in result.sections)


def test_sample_task_paths_match_the_gold(sample_extraction, gold, doc_ids):
    """Golden check: all 110 gold tasks sit at the gold's outline path."""
    assert len(gold["tasks"]) == 110
    for gt in gold["tasks"]:
        tasks = [t for t in sample_extraction.tasks if t.document == doc_ids[gt["document"]]]
        assert task_by_anchor(tasks, gt["anchor"]).path == gt["path"], gt["anchor"]


@pytest.mark.parametrize("anchor, heading", [
    ("指导并督促项目开发单位编制", "加大实施已列入更新计划项目的推进力度"),
    ("构建多维度工作考核", "加快协同办公平台建设"),
    ("清理压减行政审批事项", "深化行政审批制度改革"),
    ("鼓励互联网和金融融合发展", "支持多元化互联网金融产业发展"),
    ("设立金融贡献奖", "推动优势产业自主创新，增强核心竞争力"),
])
def test_sample_task_headings(sample_extraction, anchor, heading):
    assert task_by_anchor(sample_extraction.tasks, anchor).heading == heading


def test_sample_section_levels_follow_paths(sample_extraction):
    assert sum(len(r.sections) for r in sample_extraction.results) >= 270
    for result in sample_extraction.results:
        for section in result.sections:
            assert section.level == section.path.count("/") + 1
            assert section.path.split("/")[-1] == section.marker
            assert "(" not in section.path and ")" not in section.path


def test_table_rows_are_not_headings(sample_extraction, sample_text):
    assert sum(len(r.sections) for r in sample_extraction.results) >= 270
    for result in sample_extraction.results:
        for section in result.sections:
            assert "\t" not in sample_text[section.span.start:section.span.end], section
