"""The grammar of a responsibility statement and the lexicon it reads (extract/grammar.py,
extract/lexicon.py, data/*.csv).  Every shape is shown on real text from at least two
governments (the government is named beside each example)."""
from __future__ import annotations

import csv
from importlib import resources

import pytest

from govgraph.extract.grammar import UNKNOWN_LABEL, read
from govgraph.extract.lexicon import lexicon
from govgraph.extract.lists import split_items


def groups(text: str, strict: bool = True) -> list[tuple[str, list[str]]]:
    reading = read(text, 0, len(text), strict)
    assert reading is not None, text
    return [(g.role, [i.name for i in g.items]) for g in reading.groups]


# --------------------------------------------------------------------------- data files


@pytest.mark.parametrize("name", ["roles.csv", "slots.csv", "grammar.csv", "conventions.csv"])
def test_every_data_row_has_exactly_the_columns_of_its_header(name):
    """A comma left unquoted in a note would shift a row: every row has its header's fields."""
    rows = list(csv.reader(resources.files("govgraph.data").joinpath(name).read_text("utf-8-sig")
                           .splitlines()))
    assert len(rows) > 3
    assert all(len(row) == len(rows[0]) for row in rows[1:]), [r for r in rows if len(r) != len(rows[0])]


def test_a_stem_makes_a_label_and_a_header_with_every_label_ending():
    lex = lexicon()
    endings = lex.grammar["label-ending"]
    assert {"单位", "部门", "处室"} <= set(endings)
    for word in ("牵头单位", "牵头部门", "牵头处室", "配合科室", "责任主体", "实施主体", "落实单位"):
        assert lex.label(word) is not None and lex.header(word) is not None, word
    assert lex.label("牵头单位").id == lex.label("牵头处室").id == "lead-qiantou"


def test_a_header_ending_in_a_head_word_names_its_column():
    lex = lexicon()
    assert lex.header("重点工作任务").kind == "task"          # 常熟: 工作任务; 静安: 工作任务
    assert lex.header("目标与任务").kind == "task"            # 芜湖
    assert lex.header("完成时限").kind == "deadline"


# --------------------------------------------------------------------------- labels


def test_labels_with_their_bodies():
    # 鞍山市立山区: 牵头单位 / 责任单位 on lines; 广州市: inline slots parted by ，
    assert groups("牵头单位:区发改局责任单位:立山经济开发区,全区经济运行各专班") == [
        ("lead", ["区发改局"]), ("responsible", ["立山经济开发区", "全区经济运行各专班"])]
    assert groups("（牵头单位：市科技和信息化局，配合单位：市发展改革委、市财政局）"[1:-1]) == [
        ("lead", ["市科技和信息化局"]), ("support", ["市发展改革委", "市财政局"])]


def test_a_label_nobody_listed_is_a_slot_whose_role_the_statement_decides():
    # 上海市静安区: 推进单位 (a table header); 上海市松江区: 支撑单位 beside 牵头单位
    text = "牵头单位：区规划资源局、区建设管理委，支撑单位：区发展改革委"
    reading = read(text, 0, len(text))
    assert reading is not None and reading.unknown == ["支撑单位"]
    assert [(g.role, g.rule) for g in reading.groups] == [("lead", "lead-qiantou"), ("support", UNKNOWN_LABEL)]
    alone = read("督办单位：市政府督查室", 0, len("督办单位：市政府督查室"))
    assert alone is not None and [g.role for g in alone.groups] == ["responsible"]


def test_a_known_label_written_after_a_name_is_that_label():
    assert groups("区发改局协办单位：区财政局") == [("support", ["区财政局"])]


def test_a_modifier_before_a_known_label_is_part_of_the_label():
    # 灵璧县 (安徽): 牵头责任单位 / 主要协作单位 lines, joined as the line style reads them;
    # 谯城区 (安徽) writes the same modifier on a header (主要责任单位)
    text = ("牵头责任单位:县卫健委、县民政局主要协作单位:各乡镇人民政府、经济开发区管委会,"
            "县政府有关部门、有关直属单位")
    assert groups(text, strict=False) == [
        ("lead", ["县卫健委", "县民政局"]),
        ("support", ["各乡镇人民政府", "经济开发区管委会", "县政府有关部门", "有关直属单位"])]
    assert lexicon().label("协作单位").kind == "support"     # 张家川县: 各协作和配合单位
    assert groups("区发改局协办单位：区财政局") == [("support", ["区财政局"])]   # a name stays out


def test_deadline_labels_and_headers():
    lex = lexicon()
    # 谯城区: header 完成期限; 六安市 and 松江区: 完成时限
    for word in ("完成期限", "完成时限"):
        assert lex.label(word).kind == lex.header(word).kind == "deadline", word


def test_a_note_in_a_bracket_after_a_name_belongs_to_the_name():
    # 宁波市海曙区: 责任单位:A、B(列第一位者为牵头或汇总单位,下同); 丽水市: the same wording
    text = "责任单位:区发改局、海曙生态环境分局(列第一位者为牵头或汇总单位,下同)"
    reading = read(text, 0, len(text), strict=False)
    assert reading is not None and reading.first_leads and reading.onwards
    assert [i.name for i in reading.groups[0].items] == ["区发改局", "海曙生态环境分局"]


# --------------------------------------------------------------------------- verbs


def test_verbs_after_lists_and_between_them():
    # 国务院办公厅: A牵头，B按职责分工负责; 上海市安委会: A牵头负责、B组织落实
    assert groups("国家发展改革委、财政部牵头，各有关部门按职责分工负责") == [
        ("lead", ["国家发展改革委", "财政部"]), ("responsible", ["各有关部门"])]
    assert groups("市住房城乡建设管理委牵头负责、各区政府组织落实") == [
        ("lead", ["市住房城乡建设管理委"]), ("responsible", ["各区政府"])]
    # 国务院办公厅 (国办函〔2014〕31号): 由X会同Y; 上海市发改委: X会同Y
    assert groups("由国土资源部会同农业部等部门负责落实") == [("lead", ["国土资源部"]), ("support", ["农业部"])]


def test_a_list_waits_for_the_role_of_the_clause_after_it():
    # 昆明市官渡区: (区发改局牵头,区财政局…等部门,区国投公司、各街道办事处配合)
    assert groups("区发改局牵头,区财政局、区交运局、区水务局等部门,区国投公司、各街道办事处配合") == [
        ("lead", ["区发改局"]), ("support", ["区财政局", "区交运局", "区水务局", "区国投公司", "各街道办事处"])]


def test_a_short_verb_before_a_dun_is_part_of_a_name():
    # 罗湖区: 区政协办、 ends like the verb 协办; 宁波市海曙区: 分别牵头、 ends a group
    assert groups("牵头单位:区委〈政府〉办、区人大办、区政协办、区发展研究中心") == [
        ("lead", ["区委〈政府〉办", "区人大办", "区政协办", "区发展研究中心"])]
    text = "责任单位:经济投资局和航空口岸局分别牵头、区发改局"
    reading = read(text, 0, len(text), strict=False)
    assert reading is not None
    assert [(g.role, g.each) for g in reading.groups] == [("responsible", False), ("lead", True)]


def test_a_comment_after_a_full_stop_is_read_for_conventions_only():
    # 上海市市场监管局: (A牵头，B按职责分工负责。以下均需区市场监管局落实，…不再单独列出)
    text = ("市局特种设备安全监察处牵头，执法稽查处、信用监督管理处按职责分工负责。以下均需区市场监管局落实，"
            "市局执法总队负责上海化学工业区内的特种设备相关监管工作，不再单独列出")
    assert groups(text) == [("lead", ["市局特种设备安全监察处"]),
                            ("responsible", ["执法稽查处", "信用监督管理处"])]


# --------------------------------------------------------------------------- lists


def names(text: str) -> list[str]:
    return [i.name for i in split_items(text, 0, len(text))]


def test_list_junctions():
    assert names("国务院相关部门及各地区") == ["国务院相关部门", "各地区"]        # 国务院办公厅
    assert names("市发展改革委、市财政局等和各区政府") == ["市发展改革委", "市财政局", "各区政府"]
    assert names("区司法局等有关部门") == ["区司法局"]                              # 罗湖区
    assert names("各区、县级市") == ["各区、县级市"]                                # 广州市
    assert names("相关委、办、局") == ["相关委、办、局"]                            # 上海市杨浦区
    assert names("各街镇、开发区") == ["各街镇", "开发区"]                          # 上海市奉贤区
    # a tail naming what it stands for, then a conjunction: the list goes on
    assert names("省农业厅等省直有关部门和各市人民政府") == ["省农业厅", "各市人民政府"]  # 山西省
    assert names("银保监会等国务院相关部门及各地区") == ["银保监会", "各地区"]        # 国务院办公厅
    assert names("属地街镇等部门和单位") == ["属地街镇"]                            # 上海市浦东新区


def test_a_lead_mark_makes_its_body_lead():
    # 诸暨市: ▲发改局,各部门; 苏州市吴江区 marks its leads with ★
    for text in ("▲发改局,各部门,各镇乡(街道)", "★区发改委、区财政局"):
        items = split_items(text, 0, len(text))
        assert items[0].marked and not items[1].marked
        assert items[0].name in ("发改局", "区发改委")


def test_whitespace_parts_whole_names_but_not_a_name_broken_by_a_page():
    from govgraph.extract.text import Compact

    def cut(source: str) -> list[str]:
        compact = Compact(source)
        return [i.name for i in split_items(compact.text, 0, len(compact.text), compact.gaps(0, len(compact.text)))]

    assert cut("市人力资源社会保障局 市农业农村局") == ["市人力资源社会保障局", "市农业农村局"]   # 芜湖市
    assert cut("区农业农村委\n区林业局\n区供销联社") == ["区农业农村委", "区林业局", "区供销联社"]   # 铜梁区
    assert cut("区科技创新\n\n局") == ["区科技创新局"]                                            # 罗湖区 (PDF)
    assert cut("市\n监\n察\n局") == ["市监察局"]                                                  # 长沙市


# --------------------------------------------------------------------------- conventions


@pytest.mark.parametrize("wording", [
    "列第一位者为牵头单位",              # 国务院办公厅 2024
    "列第一位为牵头或汇总单位",          # 丽水市
    "排在首位的为牵头单位",              # 江门市
    "责任单位中排序第一单位为牵头单位",  # 宁波市镇海区
    "列第一位的责任单位为牵头单位",      # 杭州市
])
def test_first_listed_leads_in_its_wordings(wording):
    assert lexicon().convention(wording, "first-leads") is not None
