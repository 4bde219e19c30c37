"""Responsibility annotations, one test per style, each on a real snippet of the sample.

Every snippet below is copied from ``data/samples/luohu-gazette-2014-04.txt``
(headings and the annotated paragraph, wording and punctuation unchanged) with the
plan's own title on top, so the bare 区… names belong to 深圳市罗湖区.  Each test
checks the task's outline path, its assignments (canonical agency, role, cue as
written, agency as written), the deadline, and that the spans point back at the
right source text.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import compact, source_of, task_by_anchor


def assignments(task) -> list[tuple[str, str, str, str]]:
    return [(a.agency, a.role, a.role_word, a.surface) for a in task.assignments]


def check_spans(task, source: str, anchor: str, closed: bool = True) -> None:
    """``span`` covers the task text, ``annotation_span`` the bracket, each assignment its surface."""
    assert anchor in compact(source[task.span.start:task.span.end])
    assert task.span.end <= task.annotation_span.start
    annotation = source[task.annotation_span.start:task.annotation_span.end]
    assert annotation[0] in "（(", annotation
    if closed:
        assert annotation[-1] in "）)", annotation
    assert compact(annotation) == compact(task.annotation)
    for a in task.assignments:
        assert task.annotation_span.start < a.span.start < a.span.end <= task.annotation_span.end
        assert compact(source[a.span.start:a.span.end]) == compact(a.surface)


def only_task(extraction):
    assert len(extraction.tasks) == 1, [t.annotation for t in extraction.tasks]
    return extraction.tasks[0]


# --------------------------------------------------------------------------- styles

ZHUBAN_SEMICOLON = """深圳市罗湖区产业转型升级行动计划

四、八项重点工作任务

（一）优化空间载体建设

2. 工作举措：

（3）根据市相关政策，在区属现有物业或改造项目中，整合及建设建筑面积不低于20万平方米的上市和拟上市公司总部集聚区或特色产业综合体，重点解决上市和拟上市公司及优秀中小企业总部研发用房问题。（主办单位：区重建局；协办单位：区经济促进局、区投资推广局、区科技创新局、区文化体育局〈文产办〉、区物业办、各街道办事处）
"""


def test_zhuban_xieban_separated_by_semicolon(extract_text):
    result = extract_text(ZHUBAN_SEMICOLON)
    task = only_task(result)
    assert task.path == "四/（一）/2/（3）"
    assert task.heading == "根据市相关政策，在区属现有物业或改造项目中，整合及建设建筑面积不低于20万平方米的上市和拟上市公司总部集聚区或特色产业综合体，重点解决上市和拟上市公司及优秀中小企业总部研发用房问题"
    assert assignments(task) == [
        ("罗湖区重建局", "lead", "主办单位", "区重建局"),
        ("罗湖区经济促进局", "support", "协办单位", "区经济促进局"),
        ("罗湖区投资推广局", "support", "协办单位", "区投资推广局"),
        ("罗湖区科技创新局", "support", "协办单位", "区科技创新局"),
        ("罗湖区文产办", "support", "协办单位", "区文化体育局〈文产办〉"),
        ("罗湖区物业办", "support", "协办单位", "区物业办"),
        ("罗湖区各街道办事处", "support", "协办单位", "各街道办事处"),
    ]
    assert (task.deadline, task.deadline_text) == (None, None)
    assert task.text.startswith("（3）根据市相关政策")
    assert task.text.endswith("总部研发用房问题。")
    check_spans(task, source_of(result), "重点解决上市和拟上市公司")
    assert result.problems == []


QIANTOU_ZEREN_DEADLINE = """深圳市罗湖区人民政府关于加快信息化发展的若干意见

三、具体任务

（三）强化信息化应用，实现信息惠民

11. 强化政务信息公开。发布《深圳市罗湖区政务信息公开目录体系》（第二版）和《深圳市罗湖区公共服务指引》，强化信息公开，提升行政许可、非行政许可和便民服务事项服务质量。（牵头单位：区政务公开领导小组办公室、区法制办；责任单位：区直各部门、各街道办事处；完成时间：2015年6月）
"""


def test_qiantou_zeren_wancheng_shijian(extract_text):
    result = extract_text(QIANTOU_ZEREN_DEADLINE)
    task = only_task(result)           # （第二版） inside the text is not an annotation
    assert task.path == "三/（三）/11"
    assert task.heading == "强化政务信息公开"
    assert assignments(task) == [
        ("罗湖区政务公开领导小组办公室", "lead", "牵头单位", "区政务公开领导小组办公室"),
        ("罗湖区法制办", "lead", "牵头单位", "区法制办"),
        ("罗湖区直各部门", "responsible", "责任单位", "区直各部门"),
        ("罗湖区各街道办事处", "responsible", "责任单位", "各街道办事处"),
    ]
    assert (task.deadline, task.deadline_text) == ("2015-06", "2015年6月")
    assert "（第二版）" in task.text
    check_spans(task, source_of(result), "强化政务信息公开。发布")


DEADLINE_IN_WORDS = """深圳市罗湖区人民政府关于加快信息化发展的若干意见

三、具体任务

（一）推动信息化条件下政务管理创新

2. 创新管理机制，建立健全信息化条件下的规章制度。各部门要全面修订与信息化条件下创新管理不相适应的规章制度，更新办事指南。基于全区性应用平台开发的业务模块，其建设单位或责任单位要及时编制与业务模块相适应的管理制度，为信息化全面推进提供制度保障。（牵头单位：区法制办；责任单位：区直各部门、各街道办事处；完成时间：与业务模块应用同步进行）
"""


def test_deadline_in_words_keeps_its_text(extract_text):
    task = only_task(extract_text(DEADLINE_IN_WORDS))
    assert task.path == "三/（一）/2"
    assert (task.deadline, task.deadline_text) == (None, "与业务模块应用同步进行")
    # 责任单位 inside the task text is not a cue: only the bracket assigns
    assert [a.agency for a in task.assignments] == ["罗湖区法制办", "罗湖区直各部门", "罗湖区各街道办事处"]


ZHUBAN_COMMA = """深圳市罗湖区促进电子商务发展行动计划（2014—2015年）

二、主要任务及分工

（三）提升电子商务发展支撑能力

9. 支持多元化互联网金融产业发展

鼓励互联网和金融融合发展，进一步拓展金融产业链，创新金融产品和服务模式。主要支持各类机构依法发起设立创新性网络金融机构；支持互联网企业依法设立或参股银行、基金、期货、保险；并鼓励结合辖区产业，创新汽车金融、珠宝金融和供应链金融等新模式。扶持第三方支付企业产品创新，在跨境支付、移动支付、虚拟支付等领域取得突破。（主办单位：区投资推广局，协办单位：区经济促进局、区科技创新局）
"""


def test_zhuban_xieban_separated_by_comma(extract_text):
    result = extract_text(ZHUBAN_COMMA)
    task = only_task(result)
    assert task.path == "二/（三）/9"
    assert task.heading == "支持多元化互联网金融产业发展"
    assert assignments(task) == [
        ("罗湖区投资推广局", "lead", "主办单位", "区投资推广局"),
        ("罗湖区经济促进局", "support", "协办单位", "区经济促进局"),
        ("罗湖区科技创新局", "support", "协办单位", "区科技创新局"),
    ]
    # the heading line is part of the task; its line break is kept as a paragraph break
    assert task.text.startswith("9.支持多元化互联网金融产业发展\n鼓励互联网和金融融合发展")
    check_spans(task, source_of(result), "扶持第三方支付企业产品创新")


ANNOTATION_OWN_PARAGRAPH = """深圳市罗湖区促进电子商务发展行动计划（2014—2015年）

二、主要任务及分工

（四）引导电子商务聚集发展

12. 推进莲塘互联网产业集聚区建设

高质量、高标准推进莲塘互联网产业集聚区发展规划编制工作，整体布局集聚区互联网产业发展，全面提升集聚区产业发展氛围和环境。进一步加大高新技术产业一园区与零星工业园淘汰低端产业、引进电子商务企业力度。一园区产业置换率达到80%以上，打造产业转型升级和电子商务聚集发展示范园区。推动电商企业对老旧楼宇个性化整体包装，提升莲塘片区产业辨识度。

（主办单位：区科技创新局，协办单位：莲塘街道办及相关街道办、区人力资源局、区城管局、罗湖消防监管大队、区卫生人口计生局、区环保水务局、罗湖地税局、市市场监管局罗湖分局）
"""


def test_annotation_in_its_own_paragraph_governs_the_paragraph_above(extract_text):
    result = extract_text(ANNOTATION_OWN_PARAGRAPH)
    task = only_task(result)
    assert task.path == "二/（四）/12"
    assert "提升莲塘片区产业辨识度" in task.text
    assert assignments(task)[:2] == [
        ("罗湖区科技创新局", "lead", "主办单位", "区科技创新局"),
        # 及相关街道办 is vague: the named street office is the one assigned
        ("莲塘街道办事处", "support", "协办单位", "莲塘街道办及相关街道办"),
    ]
    assert [a.agency for a in task.assignments][2:] == [
        "罗湖区人力资源局", "罗湖区城市管理和综合执法局", "罗湖消防监督管理大队",
        "罗湖区卫生人口计生局", "罗湖区环保水务局", "罗湖地税局", "深圳市市场监管局罗湖分局"]
    check_spans(task, source_of(result), "提升莲塘片区产业辨识度")


HALF_WIDTH = """深圳市罗湖区人民政府关于加快信息化发展的若干意见

三、具体任务

（三）强化信息化应用，实现信息惠民

14. 推进智慧医疗。推进罗湖区区域卫生信息化平台建设,建立现代医院运营管理体系,强化监督与绩效管理,提升医疗与服务质量。开展网上挂号、在线咨询、双向转诊、远程医疗、居民健康小屋等服务。加快居民电子健康档案、电子病历和数字影像等建设,逐步实现辖区医院检验检测数据的查阅与共享使用,为患者看病提供方便。(责任单位:区卫生人口计生局;完成时间:2015年12月)
"""


def test_half_width_brackets_colons_and_semicolons(extract_text):
    result = extract_text(HALF_WIDTH)
    task = only_task(result)
    assert task.path == "三/（三）/14"
    assert task.heading == "推进智慧医疗"
    assert assignments(task) == [("罗湖区卫生人口计生局", "responsible", "责任单位", "区卫生人口计生局")]
    assert (task.deadline, task.deadline_text) == ("2015-12", "2015年12月")
    check_spans(task, source_of(result), "为患者看病提供方便")
    assert source_of(result)[task.annotation_span.start] == "("


HALF_WIDTH_SPACED = """深圳市罗湖区产业转型升级行动计划

四、八项重点工作任务

（七）淘汰低端企业

2. 工作举措：

(3) 对淘汰低端企业后腾出的空间, 要加强产业引导和政策保障, 重点发展战略性新兴产业、生产性服务业和高端制造业。(主办单位: 区经济促进局、区发改局、区投资推广局、区科技创新局、区文化体育局<文产办>)
"""


def test_half_width_with_spaces_after_punctuation(extract_text):
    result = extract_text(HALF_WIDTH_SPACED)
    task = only_task(result)
    assert task.path == "四/（七）/2/（3）"          # (3) is written （3） in paths
    assert assignments(task) == [
        ("罗湖区经济促进局", "lead", "主办单位", "区经济促进局"),
        ("罗湖区发展改革局", "lead", "主办单位", "区发改局"),
        ("罗湖区投资推广局", "lead", "主办单位", "区投资推广局"),
        ("罗湖区科技创新局", "lead", "主办单位", "区科技创新局"),
        ("罗湖区文产办", "lead", "主办单位", "区文化体育局<文产办>"),
    ]
    check_spans(task, source_of(result), "重点发展战略性新兴产业")


# full-width （ opens, half-width ) closes, and 区科技创新局 is broken over a blank line
MIXED_AND_BROKEN = """深圳市罗湖区产业转型升级行动计划

四、八项重点工作任务

（七）淘汰低端企业

2. 工作举措：

（2）根据淘汰低端企业范围，对辖区企业现状进行调查摸底。开展全面的低端企业清理排查工作，加大执法力度，依法清理淘汰各类低端企业。组织专项清理行动，综合运用环境保护、节约能源、清洁生产、安全生产、产品质量、知识产权、最低工资、社会保障、职业健康等方面的法律、法规和技术标准，对低端企业进行全面排查和清理淘汰。（主办单位：区安监局、区人力资源局、罗湖公安分局、市市场监管局罗湖分局、罗湖消防监管大队、各街道办事处；协办单位：区经济促进局、区统计局、区投资推广局、区科技创新

局、区环保水务局、区文化体育局<文产办>、罗湖国税分局、罗湖地税分局)

(3) 对淘汰低端企业后腾出的空间, 要加强产业引导和政策保障, 重点发展战略性新兴产业、生产性服务业和高端制造业。(主办单位: 区经济促进局)
"""


def test_full_width_open_half_width_close_and_name_broken_over_blank_line(extract_text):
    result = extract_text(MIXED_AND_BROKEN)
    source = source_of(result)
    assert len(result.tasks) == 2
    task = task_by_anchor(result.tasks, "对低端企业进行全面排查和清理淘汰")
    assert task.path == "四/（七）/2/（2）"
    assert assignments(task) == [
        ("罗湖区安全监管局", "lead", "主办单位", "区安监局"),
        ("罗湖区人力资源局", "lead", "主办单位", "区人力资源局"),
        ("罗湖公安分局", "lead", "主办单位", "罗湖公安分局"),
        ("深圳市市场监管局罗湖分局", "lead", "主办单位", "市市场监管局罗湖分局"),
        ("罗湖消防监督管理大队", "lead", "主办单位", "罗湖消防监管大队"),
        ("罗湖区各街道办事处", "lead", "主办单位", "各街道办事处"),
        ("罗湖区经济促进局", "support", "协办单位", "区经济促进局"),
        ("罗湖区统计局", "support", "协办单位", "区统计局"),
        ("罗湖区投资推广局", "support", "协办单位", "区投资推广局"),
        ("罗湖区科技创新局", "support", "协办单位", "区科技创新局"),
        ("罗湖区环保水务局", "support", "协办单位", "区环保水务局"),
        ("罗湖区文产办", "support", "协办单位", "区文化体育局<文产办>"),
        ("罗湖国税局", "support", "协办单位", "罗湖国税分局"),
        ("罗湖地税局", "support", "协办单位", "罗湖地税分局"),
    ]
    check_spans(task, source, "对低端企业进行全面排查和清理淘汰")
    annotation = source[task.annotation_span.start:task.annotation_span.end]
    assert annotation.startswith("（主办单位") and annotation.endswith("罗湖地税分局)")
    broken = next(a for a in task.assignments if a.agency == "罗湖区科技创新局")
    assert source[broken.span.start:broken.span.end] == "区科技创新\n\n局"
    # the closing ) ends the block: the next item is a task of its own
    following = task_by_anchor(result.tasks, "重点发展战略性新兴产业")
    assert following.path == "四/（七）/2/（3）"
    assert [a.agency for a in following.assignments] == ["罗湖区经济促进局"]
    assert result.problems == []


CUE_BROKEN = """深圳市罗湖区人民政府关于加快信息化发展的若干意见

三、具体任务

（一）推动信息化条件下政务管理创新

1. 创新管理与服务模式，优化与再造业务流程。根据全业务、全流程网上办理基本要求，各部门要依据职能认真梳理本单位业务现状，基于信息化手段创新工作机制，优化再造业务流程，编制本部门的业务流程规范，汇总形成《罗湖区业务流程信息化规范》，为信息化平台建设和业务模块开发提供需求支撑。（牵头

单位：区编办、区发展研究中心、区法制办；责任单位：区直各部门、各街道办事处；完成时间：2014年12月）
"""


def test_cue_word_broken_over_blank_line(extract_text):
    result = extract_text(CUE_BROKEN)
    task = only_task(result)
    source = source_of(result)
    assert task.path == "三/（一）/1"
    assert task.heading == "创新管理与服务模式，优化与再造业务流程"
    assert assignments(task) == [
        ("罗湖区委编办", "lead", "牵头单位", "区编办"),
        ("罗湖区发展研究中心", "lead", "牵头单位", "区发展研究中心"),
        ("罗湖区法制办", "lead", "牵头单位", "区法制办"),
        ("罗湖区直各部门", "responsible", "责任单位", "区直各部门"),
        ("罗湖区各街道办事处", "responsible", "责任单位", "各街道办事处"),
    ]
    assert (task.deadline, task.deadline_text) == ("2014-12", "2014年12月")
    assert source[task.annotation_span.start:].startswith("（牵头\n\n单位：区编办")
    check_spans(task, source, "为信息化平台建设和业务模块开发提供需求支撑")


def test_annotation_on_two_lines_in_the_sample(sample_extraction, sample_text):
    """②构建电子商务服务中心… （主办单位：区科技创新局；⏎协办单位：…）."""
    task = task_by_anchor(sample_extraction.tasks, "构建电子商务服务中心")
    assert task.path == "四/（三）/2/（2）/②"
    assert assignments(task) == [
        ("罗湖区科技创新局", "lead", "主办单位", "区科技创新局"),
        ("罗湖区经济促进局", "support", "协办单位", "区经济促进局"),
        ("罗湖区投资推广局", "support", "协办单位", "区投资推广局"),
        ("莲塘街道办事处", "support", "协办单位", "莲塘街道办事处"),
    ]
    assert "\n" in sample_text[task.annotation_span.start:task.annotation_span.end]
    check_spans(task, sample_text, "构建电子商务服务中心")


# --------------------------------------------------------------------------- one item, several tasks


def test_several_annotated_paragraphs_under_one_item(sample_extraction, sample_text, doc_ids):
    """产业转型 四（二）2（4）: four paragraphs, each with its own 主办单位, one path."""
    tasks = [t for t in sample_extraction.tasks
             if t.document == doc_ids["cyzx"] and t.path == "四/（二）/2/（4）"]
    assert len(tasks) == 4
    assert {t.heading for t in tasks} == {"推动优势产业自主创新，增强核心竞争力"}
    assert [assignments(t) for t in tasks] == [
        [("罗湖区经济促进局", "lead", "主办单位", "区经济促进局")],
        [("罗湖区投资推广局", "lead", "主办单位", "区投资推广局")],
        [("罗湖区科技创新局", "lead", "主办单位", "区科技创新局")],
        [("罗湖区经济促进局", "lead", "主办单位", "区经济促进局")],
    ]
    starts = ["(4)推动优势产业自主创新", "设立金融贡献奖", "设立科技企业创新项目研发奖", "支持黄金珠宝产业设计创新"]
    for task, start in zip(tasks, starts):
        assert compact(task.text).startswith(start)
        # no task swallows its neighbour's annotation
        assert "主办单位" not in task.text
        check_spans(task, sample_text, start[-6:])
    # the spans follow each other without overlapping
    for before, after in zip(tasks, tasks[1:]):
        assert before.annotation_span.end <= after.span.start


# --------------------------------------------------------------------------- cut-off annotations

CUT_MIDWAY = """深圳市罗湖区促进电子商务发展行动计划（2014—2015年）

二、主要任务及分工

（三）提升电子商务发展支撑能力

9. 支持多元化互联网金融产业发展

扶持第三方支付企业产品创新，在跨境支付、移动支付、虚拟支付等领域取得突破。（主办单位：区投资推广局，协办单位：区经济促进局

10. 优化电商运营通信服务环境

区政府与电信运营商签订支持电子商务发展框架协议，支持电信运营商加强电信基础设施建设，为电子商务用户接入、托管及其他解决方案提供优质服务。（主办单位：区科技创新局）
"""


def test_annotation_cut_off_midway_is_parsed_and_reported(extract_text):
    result = extract_text(CUT_MIDWAY)
    cut = task_by_anchor(result.tasks, "扶持第三方支付企业产品创新")
    assert cut.path == "二/（三）/9"
    assert assignments(cut)[0] == ("罗湖区投资推广局", "lead", "主办单位", "区投资推广局")
    assert [p.message for p in result.problems if "cut off" in p.message], result.problems
    problem = next(p for p in result.problems if "cut off" in p.message)
    assert "is not closed; parsed as far as it goes" in problem.message
    assert problem.span is not None and problem.span.start == cut.annotation_span.start
    # the next item still gets its own task
    following = [t for t in result.tasks if t.path == "二/（三）/10"]
    assert [assignments(t) for t in following] == [[("罗湖区科技创新局", "lead", "主办单位", "区科技创新局")]]


def test_annotation_cut_off_midway_stops_at_the_next_item(extract_text):
    result = extract_text(CUT_MIDWAY)
    cut = task_by_anchor(result.tasks, "扶持第三方支付企业产品创新")
    assert assignments(cut) == [
        ("罗湖区投资推广局", "lead", "主办单位", "区投资推广局"),
        ("罗湖区经济促进局", "support", "协办单位", "区经济促进局"),
    ]
    assert not [a.name for a in result.agencies if a.discovered]
    following = next(t for t in result.tasks if t.path == "二/（三）/10")
    assert "区政府与电信运营商签订支持电子商务发展框架协议" in following.text


CUT_AT_END = """深圳市罗湖区促进电子商务发展行动计划（2014—2015年）

二、主要任务及分工

（五）优化电子商务发展环境

19. 加强电子商务统计

强化辖区电子商务数据统计分析工作，根据电子商务的特征建立电子商务产业统计报表制度和企业名录库，加强对电子商务企业的数据采集和分析。（主办单位：区科技创新局，协办单位：区统计局、区经济促进局"""


def test_annotation_cut_off_at_end_of_file(extract_text):
    """A file that ends inside an annotation is truncated: its last task is incomplete,
    so it is left out, and the problem says so."""
    result = extract_text(CUT_AT_END)
    assert result.tasks == []
    messages = [p.message for p in result.problems]
    assert any("the text ends inside the annotation '（主办单位：区科技创新局，协办单位：区统计局、区经济促进局'"
               in m and "looks truncated" in m for m in messages), messages


def test_deadline_cut_off_at_end_of_file(extract_text):
    result = extract_text(HALF_WIDTH.rstrip().removesuffix("12月)"))
    assert result.tasks == []
    assert any("looks truncated" in p.message for p in result.problems), result.problems


# --------------------------------------------------------------------------- the whole sample


def test_every_sample_task_has_consistent_spans(sample_extraction, sample_text):
    assert len(sample_extraction.tasks) == 110
    for task in sample_extraction.tasks:
        annotation = sample_text[task.annotation_span.start:task.annotation_span.end]
        assert annotation[0] in "（(" and annotation[-1] in "）)", (task.id, annotation)
        assert compact(annotation) == compact(task.annotation)
        assert compact(sample_text[task.span.start:task.span.end]) == compact(task.text), task.id
        for a in task.assignments:
            assert compact(sample_text[a.span.start:a.span.end]) == compact(a.surface), task.id
            assert a.role in ("lead", "support", "responsible")


def test_every_gold_task_is_one_system_task_with_the_gold_assignments(sample_extraction, gold, doc_ids):
    """Each gold anchor is in exactly one task, whose (agency, role, surface) set matches the
    gold once the gold's 区… names are qualified with the place (区重建局 → 罗湖区重建局)."""
    names = {a.name: set(a.aliases) for a in sample_extraction.agencies}

    def same_agency(system: str, gold_name: str) -> bool:
        return system == gold_name or compact(gold_name) in names.get(system, ()) or \
            system == "罗湖" + gold_name

    assert len(gold["tasks"]) == 110
    for gt in gold["tasks"]:
        tasks = [t for t in sample_extraction.tasks if t.document == doc_ids[gt["document"]]]
        task = task_by_anchor(tasks, gt["anchor"])
        assert task.path == gt["path"], gt["anchor"]
        got = sorted((a.role, compact(a.surface)) for a in task.assignments)
        want = sorted((g["role"], compact(g["surface"])) for g in gt["assignments"])
        assert got == want, gt["anchor"]
        for a in task.assignments:
            match = [g for g in gt["assignments"] if compact(g["surface"]) == compact(a.surface)]
            assert any(same_agency(a.agency, g["agency"]) for g in match), (a.agency, match)


def test_every_role_in_the_data_files_is_a_role():
    """Roles are read from data/roles.csv as they are written; every word has a form."""
    from typing import get_args

    from govgraph.extract.lexicon import lexicon
    from govgraph.model import Role

    words = lexicon().words
    assert words
    assert {w.kind for w in words if w.is_role} == set(get_args(Role))
    forms = {"stem", "label", "header", "head", "verb", "between", "prose", "strong"}
    assert all(w.forms and w.forms <= forms for w in words), [w for w in words if not w.forms <= forms]


# 潮州市 (tests/corpus/chaozhou-2019-lantian.txt; the last bracket is closed where the stored
# page is cut): bodies declared for every later task, a distributive collective closed by a
# bracket, and two characters of work after the role verb (牵头督导)
CHAOZHOU = (Path(__file__).parent / "corpus" / "chaozhou-2019-lantian.txt").read_text(encoding="utf-8") \
    .rstrip("、\n") + "配合)\n"


def test_declared_bodies_and_work_after_the_verb(extract_text):
    tasks = extract_text(CHAOZHOU).tasks
    assert [[(a.surface, a.role, a.role_word) for a in t.assignments] for t in tasks] == [
        [("市生态环境局", "lead", "牵头"), ("市发展和改革局", "support", "参与"),
         ("工业和信息化局", "support", "参与"), ("各县、区人民政府(管委会)", "responsible", "负责落实")],
        [("市生态环境局", "lead", "牵头"), ("市场监管局", "lead", "牵头"), ("市发展和改革局", "support", "参与"),
         ("工业和信息化局", "support", "参与"), ("各县、区人民政府(管委会)", "responsible", "落实")],
        [("市生态环境局", "lead", "牵头督导"), ("发展和改革局", "lead", "牵头督导"),
         ("工业和信息化局", "lead", "牵头督导"), ("市公安局", "support", "配合"), ("自然资源局", "support", "配合"),
         ("住房和城乡建设局", "support", "配合"), ("水务局", "support", "配合"), ("农业农村局", "support", "配合"),
         ("应急管理局", "support", "配合"), ("各县、区人民政府(管委会)", "responsible", "落实")]]


def test_pinyin_glosses_of_a_mirror_site(extract_text):
    # 赵县 (tests/corpus) and 黔东南州 (tests/fixtures/genre): 責(zé)任單位 is 责任单位, 州水務(wù)局 a body
    text = ("趙縣2023年民生工程實施方案\n"
            "(一)棚戶區(qū)改造工程。東晏頭棚戶區(qū)城中村改造項(xiàng)目開工400套,建成400套。"
            "(責(zé)任單位:縣住房和城鄉(xiāng)建設(shè)局)\n"
            "(二)水利工程。完成農村供水工程。(責(zé)任單位:州水務(wù)局)\n")
    tasks = extract_text(text).tasks
    assert [[(a.role, a.role_word, a.surface) for a in t.assignments] for t in tasks] == [
        [("responsible", "责任单位", "縣住房和城鄉(xiāng)建設(shè)局")],
        [("responsible", "责任单位", "州水務(wù)局")]]


def test_a_glossed_role_verb_in_a_bracket(extract_text):
    # 山西省 (shanxi-nongye-2018-fanti, round 11): the mirror glosses 負(fù)責(zé) itself, so the
    # verb reads 负    责 and the bracket is found by its compact form
    text = ("(一)支持龍頭企業(yè)發(fā)展。做大做強(qiáng)龍頭企業(yè),淘汰落後產(chǎn)能。(省農(nóng)業(yè)廳負(fù)責(zé))\n"
            "(二)加快有機(jī)旱作農(nóng)業(yè)發(fā)展。安排資金1.55億元。(省農(nóng)業(yè)廳、省農(nóng)機(jī)局負(fù)責(zé))\n")
    tasks = extract_text(text).tasks
    assert [[(a.role, a.role_word, a.surface) for a in t.assignments] for t in tasks] == [
        [("responsible", "负责", "省農(nóng)業(yè)廳")],
        [("responsible", "负责", "省農(nóng)業(yè)廳"), ("responsible", "负责", "省農(nóng)機(jī)局")]]


def test_a_verb_no_name_holds_ends_the_last_name(extract_text):
    # 国务院办公厅 (guoban-wufei-2018): （…农业农村部、商务部指导）; 指导 is a name-breaker
    text = ("“无废城市”建设试点工作方案\n"
            "1.建立工业固体废物管理台账。（国家发展改革委、工业和信息化部、农业农村部、商务部指导）\n")
    tasks = extract_text(text).tasks
    assert [a.surface for a in tasks[0].assignments] == ["国家发展改革委", "工业和信息化部", "农业农村部", "商务部"]
