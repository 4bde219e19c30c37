"""Annotation styles of the genre beyond the seed gazette, each on a real-shaped snippet:
State Council blocks, provincial line slots, role conventions, tables in three layouts,
prose, people in slots, naming across levels, traditional script and .docx tables."""
from __future__ import annotations

import pytest

CENTRAL = """国务院办公厅关于印发《2024年政府工作报告重点工作分工方案》的通知
国办发〔2024〕9号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
现将《方案》印发给你们，请认真贯彻执行。（列第一位者为牵头单位，下同）
一、着力扩大国内需求
（一）促进消费稳定增长。培育壮大新型消费。（国家发展改革委、商务部、财政部按职责分工负责）
（二）积极扩大有效投资。（国家发展改革委、财政部牵头，各有关部门按职责分工负责）
（三）加快发展新质生产力。（工业和信息化部负责）
（四）强化科技支撑。（科技部牵头，教育部、工业和信息化部参与；财政部牵头，税务总局参与）
二、深化改革
（一）推进要素市场化改革。
责任领导：张三
牵头单位：国家发展改革委 配合单位：自然资源部、人力资源社会保障部 完成时限：2024年12月底前
（二）由人民银行牵头，金融监管总局、中国证监会配合，完善金融监管。
"""


def roles(task) -> list[tuple[str, str]]:
    return [(a.agency, a.role) for a in task.assignments]


@pytest.fixture
def central(extract_text):
    return {t.path: t for t in extract_text(CENTRAL).tasks}


def test_state_council_blocks_under_the_first_listed_convention(central):
    # 列第一位者为牵头单位，下同: the first of a 按职责分工负责 list leads, the rest support
    assert roles(central["一/（一）"]) == [("国家发展改革委", "lead"), ("商务部", "support"),
                                        ("财政部", "support")]
    # explicit leads are kept; the convention does not touch a block that names them
    assert roles(central["一/（二）"]) == [("国家发展改革委", "lead"), ("财政部", "lead"),
                                        ("各有关部门", "responsible")]
    assert roles(central["一/（三）"]) == [("工业和信息化部", "lead")]


def test_several_lead_groups_in_one_block(central):
    assert roles(central["一/（四）"]) == [
        ("科技部", "lead"), ("教育部", "support"), ("工业和信息化部", "support"),
        ("财政部", "lead"), ("税务总局", "support")]


def test_line_slots_after_the_task_with_a_person_and_a_deadline(central):
    task = central["二/（一）"]
    assert roles(task) == [("国家发展改革委", "lead"), ("自然资源部", "support"),
                           ("人力资源社会保障部", "support")]
    assert task.leaders == ("张三",)                     # a person: a leader, never an agency
    assert (task.deadline, task.deadline_text) == ("2024-12", "2024年12月底前")


# 灵璧县卫健委, 2021 任务分解 (tests/fixtures/genre/lingbi-weijian-2021.txt), rows 1-2 as
# published, with one 完成期限 line added under row 2 (谯城区 heads its deadline column so)
LINGBI = """县卫健委2021年政府工作报告任务分解

1.落实积极应对人口老龄化国家战略,加快发展健康、养老、育幼、家政等服务业,加强公益性、基础性服务业供给,推动生活性服务业向高品质和多样化升级。

牵头责任单位:县卫健委、县民政局

主要协作单位:各乡镇人民政府、经济开发区管委会,县政府有关部门、有关直属单位

2.加强重大公共卫生安全风险源头防控,切实保障人民群众生命安全

牵头责任单位:县卫健委

主要协作单位:各乡镇人民政府、经济开发区管委会,县政府有关部门、有关直属单位

完成期限:2021年12月底
"""


def test_line_slots_with_a_modified_label_and_a_deadline_line(extract_text):
    tasks = extract_text(LINGBI).tasks
    assert [t.path for t in tasks] == ["1", "2"]         # 主要 opens no task of its own
    support = [("各乡镇政府", "support"), ("经济开发区管委会", "support"),
               ("县政府有关部门", "support"), ("有关直属单位", "support")]
    assert roles(tasks[0]) == [("县卫健委", "lead"), ("县民政局", "lead")] + support
    assert roles(tasks[1]) == [("县卫健委", "lead")] + support
    assert (tasks[0].deadline, tasks[1].deadline) == (None, "2021-12")


# 北京市石景山区 (a PDF copy): lines wrapped at the page width, one inside a body's name
SHIJINGSHAN = """1.完善街道党工委对地区治理重大工作的领导体制机制,优
化决策程序,涉及基层治理的重大事项、重点工作、重要问题由
街道党工委讨论决定。
牵头单位:区委组织部
协办单位:区委编办、区民政局(区委社会工委)、园区党工
委、各街道党工委
— — — 3 —
2.以区域化党建为重点,构建市、区、街道、社区党组织四
"""


def test_line_slots_wrapped_inside_a_name(extract_text):
    tasks = extract_text(SHIJINGSHAN).tasks
    assert [t.path for t in tasks] == ["1"]
    assert [s for s, _ in roles(tasks[0])] == ["区委组织部", "区委编办", "区民政局", "园区党工委", "各街道党工委"]
    assert {r for _, r in roles(tasks[0])[1:]} == {"support"}


def test_prose_assignment_in_an_item_without_annotation(central):
    task = central["二/（二）"]
    assert roles(task) == [("人民银行", "lead"), ("金融监管总局", "support"), ("中国证监会", "support")]
    assert "完善金融监管" in task.text


def test_people_are_never_agencies(extract_text):
    result = extract_text(CENTRAL)
    assert "张三" not in {a.name for a in result.agencies}


PROVINCIAL = """广东省人民政府关于印发2021年省《政府工作报告》重点任务分工方案的通知
粤府〔2021〕22号
一、2021年经济社会发展主要预期目标
1.地区生产总值增长6%以上。
分管省领导:林克庆
部门分工:省发展改革委牵头,各地、各部门配合。
2.地方一般公共预算收入增长5%左右。
分管省领导:林克庆
部门分工:财政厅牵头,各地、各部门配合。
"""


def test_provincial_slots_and_bare_names_take_the_issuers_level(extract_text):
    tasks = extract_text(PROVINCIAL).tasks
    assert [roles(t) for t in tasks] == [
        [("广东省发展改革委", "lead"), ("广东省各地", "support"), ("广东省各部门", "support")],
        [("广东省财政厅", "lead"), ("广东省各地", "support"), ("广东省各部门", "support")]]
    assert tasks[1].assignments[0].surface == "财政厅"
    assert {t.leaders for t in tasks} == {("林克庆",)}


LISHUI = """丽水市人民政府办公室关于印发市政府工作报告重点工作责任分解的通知
3.研发投入强度达到2.3%。

责任单位:市科技局

4.固定资产投资增长10%。

责任单位:市发改委、市经信局、市财政局(除标注“分别牵头”外,列第一位为牵头或汇总单位,下同)

5.城乡居民收入增速保持全省领先。

责任单位:市人力社保局、市农业农村局分别牵头

6.一般公共预算收入与经济增长基本同步。

责任单位:市财政局
"""


def test_first_listed_convention_applies_from_where_it_is_declared(extract_text):
    tasks = extract_text(LISHUI).tasks
    assert [[role for _, role in roles(t)] for t in tasks] == [
        ["responsible"],                          # before the declaration
        ["lead", "support", "support"],           # where it is declared
        ["lead", "lead"],                         # 分别牵头: each leads
        ["lead"]]                                 # 下同: every later block
    assert tasks[1].assignments[-1].surface.startswith("市财政局")


TAB_TABLE = ("南京市人民政府关于2023年重点工作任务分工的通知\n"
             "序号\t工作任务\t牵头单位\t责任单位\t完成时限\n"
             "1\t推进城市更新，完成老旧小区改造100个\t市住房城乡建设局\t各区政府\t2023年12月\n"
             "2\t建设便民生活圈\t市商务局\t市发展改革委、各区政府\t2023年6月底\n")

SPACE_TABLE = """国务院办公厅关于印发2016年《政府工作报告》量化指标任务分工的通知
国办函[2016]38号
2016年《政府工作报告》量化指标任务分工
序号 工 作 任 务 牵头负责部门
1 居民消费价格涨幅3%左右 发展改革委
2 城镇新增就业1000万人以上 人力资源社会保障部
3 安排财政赤字2.18万亿元,赤字率提高到3% 财政部
"""

BLOCK_TABLE = """六安市人民政府关于印发2022年重点工作及责任清单的通知

序号

重点工作

牵头责任单位

协同责任单位

任务来源

一、潘东旭市长负责事项(共9项)

1

全面延伸“双招双引”，继续坚持“顶格倾听、顶格协调、顶格推进”。

市政府办

市政府各部门、各直属机构

皖政〔2022〕9号文件

2

坚决贯彻新发展理念，加快建设现代化产业体系。

市发展改革委

市经信局、市科技局

皖政〔2022〕9号文件
"""


def test_table_with_tab_separated_rows(extract_text):
    tasks = extract_text(TAB_TABLE).tasks
    assert [(t.path, t.text, roles(t), t.deadline) for t in tasks] == [
        ("1", "推进城市更新，完成老旧小区改造100个",
         [("南京市住房城乡建设局", "lead"), ("南京市各区政府", "responsible")], "2023-12"),
        ("2", "建设便民生活圈",
         [("南京市商务局", "lead"), ("南京市发展改革委", "responsible"),
          ("南京市各区政府", "responsible")], "2023-06")]


def test_table_with_space_separated_rows_and_a_spaced_out_header(extract_text):
    tasks = extract_text(SPACE_TABLE).tasks
    assert [(t.path, t.text, roles(t)) for t in tasks] == [
        ("1", "居民消费价格涨幅3%左右", [("国家发展改革委", "lead")]),
        ("2", "城镇新增就业1000万人以上", [("人力资源社会保障部", "lead")]),
        ("3", "安排财政赤字2.18万亿元,赤字率提高到3%", [("财政部", "lead")])]


def test_table_with_one_cell_per_paragraph_and_a_group_row(extract_text):
    tasks = extract_text(BLOCK_TABLE).tasks
    assert [t.path for t in tasks] == ["一/1", "一/2"]
    assert roles(tasks[0]) == [("六安市政府办公室", "lead"), ("六安市直各部门", "support"),
                               ("六安市各直属机构", "support")]
    assert tasks[1].text == "坚决贯彻新发展理念，加快建设现代化产业体系。"
    # the 任务来源 column names a document, not an agency
    assert all("皖政" not in a.surface for t in tasks for a in t.assignments)


def test_traditional_script_is_read_and_kept_as_written(extract_text):
    text = ("國務院辦公廳關於落實有關政策措施分工的通知\n國辦函〔2014〕31號\n一、工作分工\n"
            "（一）關於“嚴守耕地保護紅線”的問題,由國土資源部會同農業部等部門負責落實。\n")
    result = extract_text(text)
    document = result.documents[0]
    assert document.doc_number == "國辦函〔2014〕31號"
    [task] = result.tasks
    # the surface is the list item as written, open tail and all; the alias is the name
    assert [(a.agency, a.role, a.surface) for a in task.assignments] == [
        ("国土资源部", "lead", "國土資源部"), ("农业部", "support", "農業部等部門")]
    assert "農業部" in next(a for a in result.agencies if a.name == "农业部").aliases
    assert "嚴守耕地保護紅線" in task.text


def test_docx_table_end_to_end(tmp_path, gazetteer):
    docx = pytest.importorskip("docx")
    from govgraph.extract import extract

    document = docx.Document()
    document.add_paragraph("南京市人民政府关于2023年重点工作任务分工的通知")
    table = document.add_table(rows=3, cols=4)
    for row, cells in zip(table.rows, [("序号", "工作任务", "牵头单位", "完成时限"),
                                       ("1", "推进城市更新", "市住房城乡建设局", "2023年12月"),
                                       ("2", "建设便民生活圈", "市商务局", "2023年6月")]):
        for cell, value in zip(row.cells, cells):
            cell.text = value
    path = tmp_path / "plan.docx"
    document.save(path)
    tasks = extract([str(path)], gazetteer).tasks
    assert [(t.text, roles(t), t.deadline) for t in tasks] == [
        ("推进城市更新", [("南京市住房城乡建设局", "lead")], "2023-12"),
        ("建设便民生活圈", [("南京市商务局", "lead")], "2023-06")]


@pytest.mark.parametrize("listed, bodies", [
    # 长沙市 分解表, no place read from the excerpt: two whole names
    ("统计局和市直相关单位、各区县市", ["统计局", "市直有关部门", "各区县市"]),
    # 宁波市海曙区 责任分解
    ("经济投资局和航空口岸局", ["经济投资局", "航空口岸局"]),
    # 山西省 责任分解
    ("省直各部门和各市人民政府", ["省直各部门", "各地级以上市人民政府"]),
    # 和 inside a name joins nothing
    ("住房和城乡建设局、教育和体育局", ["住建局", "教育和体育局"]),
])
def test_he_joins_two_whole_names_even_where_no_place_is_known(extract_text, listed, bodies):
    result = extract_text(f"工作任务分解表\n一、重点任务\n（一）做好统计工作。（责任单位：{listed}）\n")
    names = [a.agency for t in result.tasks for a in t.assignments]
    assert names == bodies
