"""Task-division tables in every rendering (extract/tables/, extract/styles/tables.py), on
real text of several governments (named beside each snippet)."""
from __future__ import annotations

from pathlib import Path


def rows(result) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(t.path, [(a.surface, a.role) for a in t.assignments]) for t in result.tasks]


# 常熟市: a header run into the title's line, rows parted by spaces, a 名称 column nobody filled
CHANGSHU = """常熟市人民政府办公室文件
市政府将2018年政府工作分解为11项工作目标和138项工作任务 附件:常熟市2018年政府工作任务分解表 序号 名称 工作任务 牵头责任单位

一、经济社会发展主要预期目标分解(11项)

1 地区生产总值增长7%以上,服务业增加值占GDP比重47.1%. 发改委

7 全社会固定资产投资额550亿元,其中:工业技改投资增长10%. 发改委、经信委、科技局
"""

# 重庆市铜梁区: rows parted by spaces whose unit cell lists one body per line; a progress
# column nobody listed closes the header
TONGLIANG = """2025年区政府工作报告目标任务上半年推进情况汇总表
序号 目标任务 责任单位 上半年推进情况
一、经济社会发展主要预期目标
1 地区生产总值增长6%以上。 区发展改革委 地区生产总值同比增长2.9%。
2 第一产业增加值增长5%。 区农业农村委
区林业局
区供销联社
第一产业增加值同比增长3.4%。
3 规上工业增加值增长3.5%。 区经济信息委 规上工业增加值同比增长0.4%。
"""


def test_rows_parted_by_spaces(extract_text):
    assert rows(extract_text(CHANGSHU)) == [("一/1", [("发改委", "lead")]),
                                            ("一/7", [("发改委", "lead"), ("经信委", "lead"), ("科技局", "lead")])]
    assert rows(extract_text(TONGLIANG)) == [
        ("一/1", [("区发展改革委", "responsible")]),
        ("一/2", [("区农业农村委", "responsible"), ("区林业局", "responsible"), ("区供销联社", "responsible")]),
        ("一/3", [("区经济信息委", "responsible")])]


# 芜湖市: rows parted by pipes, two bodies in one cell parted by a space
WUHU = """芜湖市人民政府关于2025年重点工作及责任分解的通知
序号 | 目标与任务 | 牵头责任单位 | 责任单位 |
一、主要预期目标 | |||
(1) | 地区生产总值增长6%以上。 | 市发展改革委 | 各县市区政府、 开发区管委会 |
(6) | 居民人均可支配收入与经济增长相匹配。 | 市人力资源社会保障局 市农业农村局 | 各县市区政府、 开发区管委会 |
"""


def test_rows_parted_by_pipes(extract_text):
    assert rows(extract_text(WUHU)) == [
        ("一/(1)", [("市发展改革委", "lead"), ("各县市区政府", "responsible"), ("开发区管委会", "responsible")]),
        ("一/(6)", [("市人力资源社会保障局", "lead"), ("市农业农村局", "lead"),
                     ("各县市区政府", "responsible"), ("开发区管委会", "responsible")])]


# 洋县 (traditional script) and 长沙市: one cell a line, marked by pipes, a bare pipe ends a row
# 杭州市上城区 2019 目标任务分解表 (a stored copy of the page, ending inside row 2): header
# cells spaced out to their column's width, a 指标要求 column nobody listed; 长沙市 spaces out
# its | 责 任 单 位 header the same way (tests/fixtures/genre/changsha-fenjie-biao.txt)
SHANGCHENG = """附件1 |
(注:A类指责任目标;B类指激励目标;C类指争先创优目标)
序号 | 任 务 名 称 | 指 标 要 求 | 牵 头 部 门 | 配 合 部 门 | 目 标 类 型 |
1 | 地区生产总值 | 增长5.5%(市下达指标) | 区发改经信局 | 区财政局、区住房和城建局、区商务局、区文化和广电旅游体育局、区统计局、区投促局、区电子机械功能区管委会、各街道办事处 | A类 |
2 | 服务业增加值 | 增长6% | 区发改经信局 | 区财政局、区住房和城建局、区商务局、区文化和广电旅游体育局、区统计局、区
"""


def test_a_pipe_table_whose_header_cells_are_spaced_out(extract_text):
    found = rows(extract_text(SHANGCHENG))
    assert found[0] == ("1", [("区发改经信局", "lead")] + [(name, "support") for name in (
        "区财政局", "区住房和城建局", "区商务局", "区文化和广电旅游体育局", "区统计局", "区投促局",
        "区电子机械功能区管委会", "各街道办事处")])
    assert [path for path, _ in found] == ["1"]          # row 2 stops inside its unit cell


YANGXIAN = """洋縣2024年重點項目實施計劃
序號 |
項目名稱 |
建設地點 |
責任單位 |
|
1 |
洋縣中小學幼兒園基礎設施提升改造項目 |
相關鎮 (街道) |
教體局 |
|
2 |
城北小學門前道路建設項目 |
紙坊街道 |
住建局 |
|
"""
CHANGSHA = """牵头单位
| 目 标 任 务
| 责 任 单 位
|
市
发
改
委
| 地区生产总值增长13%
| 统计局和市直相关单位、各区县市、各园区
|
固定资产投资增长20%
|
"""


def test_one_cell_a_line_marked_by_pipes(extract_text):
    # where every cell is marked, the cells are where the pipes put them: 纸坊街道 is a place
    assert rows(extract_text(YANGXIAN)) == [("1", [("教體局", "responsible")]), ("2", [("住建局", "responsible")])]
    result = extract_text(CHANGSHA)
    assert [[a.surface for a in t.assignments] for t in result.tasks][:1] == [
        ["市发改委", "统计局", "市直相关单位", "各区县市", "各园区"]]
    # a row with a task alone shares the merged cells of the row above
    assert len(result.tasks) == 2 and result.tasks[1].assignments == result.tasks[0].assignments


# 诸暨市: one cell a paragraph, ▲ marks the lead; 上海市静安区: a unit cell merged over rows
ZHUJI = """2023年《政府工作报告》主要目标任务分解清单

序号

主要工作

责任单位

1

生产总值增长7.5%左右

▲发改局,各部门,各镇乡(街道)

2

一般公共预算收入增长7.5%

▲税务局,财政局,各镇乡(街道)
"""
JINGAN = """静安区城市更新行动重点任务清单

序号

工作任务

推进单位

4

全面完成中心城区零星二级旧里以下房屋改造

区“两旧”专班、区房管局、各相关街镇

5

推进小梁薄板等老旧住房成套改造。

6

加快推进各类旧住房更新改造。

7

完成既有多层住宅加装电梯700台
"""


def test_one_cell_a_paragraph(extract_text):
    assert rows(extract_text(ZHUJI)) == [
        ("1", [("发改局", "lead"), ("各部门", "responsible"), ("各镇乡(街道)", "responsible")]),
        ("2", [("税务局", "lead"), ("财政局", "responsible"), ("各镇乡(街道)", "responsible")])]
    # 推进单位 is a header nobody listed: responsible; rows 5 and 6 share row 4's merged unit cell,
    # and the last row, which may have been cut, shares nothing
    result = rows(extract_text(JINGAN))
    assert [path for path, _ in result] == ["4", "5", "6"]
    assert result[1][1] == result[2][1] == result[0][1] == [
        ("区“两旧”专班", "responsible"), ("区房管局", "responsible"), ("各相关街镇", "responsible")]


# 上海市奉贤区: a table whose header was lost, rows that open with a bare number
FENGXIAN = """2026年上海市城市体检基本指标体系(区级)

品质宜居

*1

千人社区养老服务设施面积

全区每千名常住人口拥有的社区养老服务设施面积

㎡/千人

区民政局

请提供各类社区养老设施点位清单

*2

千人3岁以下婴幼儿托位数

全区每千名常住人口拥有3岁以下婴幼儿托位数

个/千人

区教育局

请提供各类托幼设施点位清单

3

人均体育场地面积

全区建成区内常住人口人均拥有的体育场地面积

㎡/人

区体育局

请提供各体育健身场地点位清单

4

城市二级及以上医院覆盖率

建成区内城市二级及以上医院4公里（公交15分钟可达）服务半径覆盖的建设用地面积，占建成区面积的百分比

%

区卫生健康委
"""


def test_a_table_whose_header_was_lost(extract_text):
    # (its first rows sit above a cell the header finder takes for the title: 请提供…清单)
    assert [[(a.surface, a.role) for a in t.assignments] for t in extract_text(FENGXIAN).tasks][-3:] == [
        [("区教育局", "responsible")], [("区体育局", "responsible")], [("区卫生健康委", "responsible")]]


def test_lines_of_a_list_are_no_table_without_numbered_rows(extract_text):
    """Two bare numbers and a signature are not a table (罗湖区 notices end with the issuer)."""
    text = "关于印发某方案的通知\n\n1\n\n请认真贯彻执行。\n\n深圳市罗湖区人民政府办公室\n\n2014年4月1日\n"
    assert extract_text(text).tasks == []


# 招远市: a page saved as text; columns nobody listed (分管市领导, 1-9月份工作完成情况) stand
# between and after the known ones, and a row leaves out the 类别 cell merged from above
ZHAOYUAN = """类别 | 民生事项名称 | 2022年度任务目标 | 责任单位 | 分管市领导 | 1-9月份工作完成情况 | 监督电话 |
四、教育文化 | 14.改扩建泉山学校 | 完成泉山学校一期2座教学楼建设。 | 教育体育局 | 刘福利 | 完成主体建筑结构施工。 | 监督电话0535-8246306 |
15.推进学校塑胶运动场地建设 | 完成罗峰学校塑胶运动场地建成。 | 教育体育局 | 刘福利 | 9月份开始施工。 | 监督电话0535-8246306 | |
"""

# 十堰市郧阳区 (序号 目标任务 牵头单位 责任单位 责任人) and 招远市 (分管市领导): a people
# column nobody listed between the units and the date; the date under a header nobody
# listed is the deadline
TABBED_PEOPLE = "2023年目标任务责任分解表\n\n" \
    "序号\t目标任务\t牵头单位\t责任单位\t责任人\t完成期限\n" \
    "1\t地区生产总值增长15%\t区发改局\t区统计局、各乡镇\t张明\t2023年12月底\n"


def test_columns_nobody_listed_stand_anywhere_in_a_header(extract_text):
    result = extract_text(ZHAOYUAN)
    assert [[(a.surface, a.role) for a in t.assignments] for t in result.tasks] == [[("教育体育局", "responsible")]] * 2
    assert result.tasks[1].text.startswith("15.推进学校塑胶运动场地建设")
    result = extract_text(TABBED_PEOPLE)
    assert rows(result) == [("1", [("区发改局", "lead"), ("区统计局", "responsible"), ("各乡镇", "responsible")])]
    assert result.tasks[0].deadline == "2023-12"


def test_one_cell_a_line_after_a_blank_line(extract_text):
    # blank lines part only the title and the rows, not the cells (青浦区, 上海市交通委):
    # the cells are lines; a column nobody listed closes the header before the first number
    text = TABBED_PEOPLE.replace("\t", "\n")
    result = extract_text(text)
    assert rows(result) == [("1", [("区发改局", "lead"), ("区统计局", "responsible"), ("各乡镇", "responsible")])]
    assert result.tasks[0].deadline == "2023-12"


# 南京市's tab table (tests/test_styles.py) as a Markdown converter and a grid renderer
# write it; a count (改扩建中小学10所) is no body, though 所 ends names of bodies
MARKDOWN = """南京市人民政府关于2023年重点工作任务分工的通知

| 序号 | 工作任务 | 牵头单位 | 责任单位 | 完成时限 |
| --- | :--- | --- | --- | ---: |
| 1 | 推进城市更新，完成老旧小区改造100个 | 市住房城乡建设局 | 各区政府 | 2023年12月 |
| 2 | 新建改扩建中小学10所 | 市教育局 | 市发展改革委、各区政府 | 2023年6月底 |
"""

GRID = """南京市人民政府关于2023年重点工作任务分工的通知

+------+------------------------+------------------+--------------+
| 序号 | 工作任务               | 牵头单位         | 责任单位     |
+======+========================+==================+==============+
| 1    | 推进城市更新，完成老旧 | 市住房城乡建设局 | 各区政府     |
|      | 小区改造100个          |                  |              |
+------+------------------------+------------------+--------------+
| 2    | 新建改扩建中小学10所   | 市教育局         | 市发展改革委 |
|      |                        |                  | 、各区政府   |
+------+------------------------+------------------+--------------+
"""


def test_markdown_and_grid_tables(extract_text):
    expected = [("1", [("市住房城乡建设局", "lead"), ("各区政府", "responsible")]),
                ("2", [("市教育局", "lead"), ("市发展改革委", "responsible"), ("各区政府", "responsible")])]
    result = extract_text(MARKDOWN)
    assert rows(result) == expected
    assert [t.deadline for t in result.tasks] == ["2023-12", "2023-06"]
    assert rows(extract_text(GRID)) == expected


# a page whose table merges the 序号, 责任领导 and 牵头单位 cells over two rows (rowspan): the
# reader repeats a merged cell in each row it spans, so the second task keeps its lead
ROWSPAN = """<html><head><meta charset="utf-8"></head><body>
<p>2024年重点工作任务分解表</p>
<table border="1">
<tr><td>序号</td><td>重点任务</td><td>责任领导</td><td>牵头单位</td><td>配合单位</td><td>完成时限</td></tr>
<tr><td rowspan="2">一</td><td>新建改扩建中小学10所</td><td rowspan="2">张三</td><td rowspan="2">县教育局</td>
<td>县财政局、县自然资源局</td><td>2024年12月底</td></tr>
<tr><td>新增学位2000个</td><td>县住建局</td><td>2024年9月</td></tr>
<tr><td>二</td><td colspan="2">新增养老床位200张</td><td>县民政局</td><td>县卫健局</td><td>2024年10月</td></tr>
</table></body></html>
"""


def test_merged_cells_of_a_page(extract_text):
    result = extract_text(ROWSPAN, "plan.html")
    assert rows(result) == [
        ("一", [("县教育局", "lead"), ("县财政局", "support"), ("县自然资源局", "support")]),
        ("一", [("县教育局", "lead"), ("县住建局", "support")]),
        ("二", [("县民政局", "lead"), ("县卫健局", "support")])]
    assert [t.deadline for t in result.tasks] == ["2024-12", "2024-09", "2024-10"]


# a header of two rows: 责任单位 merged over its two parts, 牵头 and 配合, written alone
TWO_LEVELS = """<html><head><meta charset="utf-8"></head><body>
<p>2024年重点工作任务分解表</p>
<table border="1">
<tr><td rowspan="2">序号</td><td rowspan="2">重点任务</td><td colspan="2">责任单位</td><td rowspan="2">完成时限</td></tr>
<tr><td>牵头</td><td>配合</td></tr>
<tr><td>1</td><td>新建改扩建中小学10所</td><td>县教育局</td><td>县财政局、县自然资源局</td><td>2024年12月底</td></tr>
<tr><td>2</td><td>新增养老床位200张</td><td>县民政局</td><td>县卫健局</td><td>2024年10月</td></tr>
</table></body></html>
"""


def test_a_header_of_two_rows(extract_text):
    expected = [("1", [("县教育局", "lead"), ("县财政局", "support"), ("县自然资源局", "support")]),
                ("2", [("县民政局", "lead"), ("县卫健局", "support")])]
    assert rows(extract_text(TWO_LEVELS, "plan.html")) == expected
    # the same table saved one cell a line: the parts follow the first row of the header
    flat = "2024年重点工作任务分解表\n序号\n重点任务\n责任单位\n完成时限\n牵头\n配合\n" \
        "1\n新建改扩建中小学10所\n县教育局\n县财政局、县自然资源局\n2024年12月底\n" \
        "2\n新增养老床位200张\n县民政局\n县卫健局\n2024年10月\n"
    result = extract_text(flat)
    assert rows(result) == expected and [t.deadline for t in result.tasks] == ["2024-12", "2024-10"]


GENRE = Path(__file__).parent / "fixtures" / "genre"


def test_round_six_tables(extract_text):
    # 霍山县: one cell a line, each closed by a pipe; 谯城区: rows parted by single spaces
    # under 主要责任单位 / 协同配合单位 (a word before a known header; 主要 makes it lead), a unit cell wrapped over
    # lines and the next cells on the last one (…、等区政府有关部门,区农投公司。 2023年12月底);
    # 苍南县: 当前进度 before 牵头单位 is a column of its own, not a header wrapped into it
    huoshan = extract_text((GENRE / "huoshan-kaifaqu-qingdan-2025.txt").read_text(encoding="utf-8"))
    assert [[a.surface for a in t.assignments] for t in huoshan.tasks] == [
        ["招商工作部", "安商工作部"], ["改革办"], ["规划建设局"]]
    qiaocheng = extract_text((GENRE / "qiaocheng-fenjie-2023.txt").read_text(encoding="utf-8"))
    assert [(t.path, t.deadline) for t in qiaocheng.tasks] == [("33", "2023-12"), ("34", "2023-12"), ("35", "2023-12")]
    assert [(a.surface, a.role, a.role_word) for a in qiaocheng.tasks[1].assignments] == [
        ("区科技局", "lead", "主要责任单位"), ("区商务局(区药发中心)", "lead", "主要责任单位"),
        ("谯城经开区管委会", "lead", "主要责任单位"), ("区药投公司", "lead", "主要责任单位"),
        ("区发改委", "support", "协同配合单位"), ("区经信局", "support", "协同配合单位"),
        ("区农业农村局", "support", "协同配合单位"), ("区农投公司", "support", "协同配合单位")]
    cangnan = extract_text((GENRE / "cangnan-minsheng-jindu-2022.txt").read_text(encoding="utf-8"))
    assert {(a.role, a.role_word) for t in cangnan.tasks for a in t.assignments} == {("lead", "牵头单位")}


def test_round_ten_target_tables(extract_text):
    # 广东省妇儿工委: 主要目标 | 主要责任单位 | 责任单位 one cell a paragraph and no row numbers:
    # ——targets are further paragraphs of the task cell (blank ones taken for empty cells),
    # the bodies stand one a paragraph with no boundary between the two unit cells, and the
    # principal (主要) column leads
    guangdong = extract_text((GENRE / "gd-funv-fenjie-2014.txt").read_text(encoding="utf-8"))
    first = guangdong.tasks[0]
    assert "——建立妇女健康档案" in first.text and first.text.startswith("1.妇女在整个生命周期")
    assert [(a.surface, a.role) for a in first.assignments][:3] == [
        ("省卫生厅", "lead"), ("省发改委", "responsible"), ("省财政厅", "responsible")]
    assert [(a.surface, a.role) for a in guangdong.tasks[-1].assignments] == [
        ("省教育厅", "lead"), ("省人社厅", "responsible"), ("省妇联", "responsible")]
    # 重庆市沙坪坝区: a year before the target header (2022年预期目标) is the plan's
    shapingba = "附件1\n\n2022年区政府工作报告经济社会发展预期目标任务分解表\n\n序号\n\n2022年预期目标\n\n" \
        "责任单位\n\n1\n\n地区生产总值增长5.5%左右\n\n区发展改革委\n\n2\n\n固定资产投资增长6%左右\n\n区发展改革委\n"
    assert [(t.path, t.text.strip()) for t in extract_text(shapingba).tasks][:1] == [
        ("1", "地区生产总值增长5.5%左右")]
