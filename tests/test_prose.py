"""Prose as a style of its own (extract/styles/prose.py): plans that write who does what in
sentences, on real text of several governments (named beside each snippet)."""
from __future__ import annotations


def roles(task) -> list[tuple[str, str, str]]:
    return [(a.surface, a.role, a.role_word) for a in task.assignments]


# 安顺市 (Guizhou), 市级储备粮管理办法: articles that say who is responsible
ANSHUN = """安顺市人民政府关于印发安顺市市级储备粮管理办法的通知
安顺市市级储备粮管理办法
第五条  市发展改革委（市粮食和物资储备局）负责市级储备粮行政管理，对市级储备粮的数量、质量和储存安全实施监督检查。
第六条  市财政局会同市发展改革委（市粮食和物资储备局）负责安排并及时拨付市级储备粮的贷款利息、保管费用和轮换费。
第十六条  承储企业被依法撤销、解散或者宣告破产的，其储存的市级储备粮，由市发展改革委（市粮食和物资储备局）会同市财政局、农发行安顺分行按照本办法第十三条的要求调出另储。
第四十六条  本办法由市发展改革委（市粮食和物资储备局）负责解释。
"""

# 上海市徐汇区 (Shanghai): numbered items X负责…, a list with 按照各自职责
XUHUI = """徐汇区产业用地全生命周期管理实施细则
第二条（职责分工）
2.区规划资源局负责产业用地的规划、土地出让合同签订等工作。
9.区建设管理委负责项目开竣工、施工、装修报建等建设方面监管等工作。
10.区应急局、公安分局等部门按照各自职责，做好项目规划、建设等环节中涉及的有关审批、监管事项。
"""


def test_sentences_whose_subject_is_an_agency_list(extract_text):
    tasks = extract_text(ANSHUN).tasks
    assert [t.rule for t in tasks] == ["prose", "prose", "prose"]       # 负责解释 is no task
    assert roles(tasks[0]) == [("市发展改革委（市粮食和物资储备局）", "responsible", "负责")]
    assert roles(tasks[1]) == [("市财政局", "lead", "会同"), ("市发展改革委（市粮食和物资储备局）", "support", "会同")]
    # 由X会同Y、Z…: the agent leads, the partners support; the sentence is the task
    assert roles(tasks[2]) == [("市发展改革委（市粮食和物资储备局）", "lead", "会同"),
                               ("市财政局", "support", "会同"), ("农发行安顺分行", "support", "会同")]
    assert tasks[2].text.startswith("第十六条") and tasks[2].text.endswith("调出另储。")


def test_numbered_items_and_a_list_with_its_duties(extract_text):
    tasks = extract_text(XUHUI).tasks
    assert [(t.path, roles(t)) for t in tasks] == [
        ("第二条/2", [("区规划资源局", "responsible", "负责")]),
        ("第二条/9", [("区建设管理委", "responsible", "负责")]),
        ("第二条/10", [("区应急局", "responsible", "按照各自职责"),
                      ("公安分局等部门", "responsible", "按照各自职责")])]


# 上海市闵行区吴泾镇 and 上海市虹口区: duty blocks headed by their bodies
WUJING = """关于进一步规范吴泾镇建筑垃圾治理的通知
二、职责分工
（一）城运中心：负责建筑垃圾处理的监督管理，加强与上级行业主管部门的业务对接。
（二）规建办：负责督促工程建设单位积极履行建设工程垃圾处置申报主体责任。
"""
HONGKOU = """虹口区关于加强历史风貌区和优秀历史建筑防灾及风险排查工作的实施意见
四、职能分工
（一）区房管局。负责定期牵头召开全区历史风貌区和优秀历史建筑防灾及风险排查工作会议。
（三）区建交委。负责组织、协调、落实因各类工程建设影响而产生的房屋安全问题的整改。
"""


def test_duty_blocks_headed_by_their_bodies(extract_text):
    for text, bodies in ((WUJING, ["城运中心", "规建办"]), (HONGKOU, ["区房管局", "区建交委"])):
        tasks = extract_text(text).tasks
        assert [(t.rule[:5], [a.surface for a in t.assignments]) for t in tasks] == \
            [("prose", [body]) for body in bodies]
        assert all(t.assignments[0].role == "responsible" for t in tasks)
        assert "负责" in tasks[0].text


def test_a_sentence_with_its_own_deadline(extract_text):
    # 北京市 and 辽宁省 plans write 2024年6月底前，X完成…
    text = ("某市数字政府建设工作方案\n一、重点任务\n1.2024年6月底前，市政务服务局完成一体化平台迁移。\n"
            "2.2025年底前，市经济和信息化局完成数据中心整合。\n")
    tasks = extract_text(text).tasks
    assert [(t.deadline, [a.role for a in t.assignments]) for t in tasks] == [
        ("2024-06", ["responsible"]), ("2025-12", ["responsible"])]


def test_prose_among_marked_tasks_is_left_to_the_duties(extract_text):
    """罗湖区 and 东莞市 mark their tasks in brackets: a 负责 sentence in 保障措施 is a duty."""
    text = ("深圳市罗湖区促进电子商务发展行动计划\n一、主要任务\n"
            "1.推进电子商务示范。（主办单位：区经济促进局；协办单位：区科技创新局）\n"
            "二、保障措施\n（一）区督查室负责将行动计划纳入督查范围，强化督查督办。\n")
    result = extract_text(text)
    assert [t.rule for t in result.tasks] == ["bracket-slots"]
    assert [d.surface for d in result.duties] == ["区督查室"]


def test_a_phrase_that_ends_like_a_name_is_no_subject(extract_text):
    """允许园区平台等专业企业参与 (上海市徐汇区), 督促所属部门和各街镇落实 (上海市长宁区): no body."""
    text = ("某区工作方案\n1.允许园区平台等专业企业参与运营。\n2.督促所属部门和各街镇落实消防安全责任制。\n"
            "3.市经济信息化委和市生态环境局联合推进无废园区建设。\n")
    tasks = extract_text(text).tasks
    assert [[a.surface for a in t.assignments] for t in tasks] == [["市经济信息化委", "市生态环境局"]]


# 国务院 (部际联席会议制度) and 上海市黄浦区 (历史风貌保护实施办法): who a body is made of, and
# who fills its posts, are no tasks: 由X、Y…组成, 由X的工作人员组成 / 担任
MEMBERS = """关于建立部际联席会议制度的通知
一、联席会议组成
联席会议由发展改革委、教育部、科技部、财政部等部门组成，发展改革委为牵头单位。
联络员由联席会议成员单位有关司局的负责同志担任。
二、历保委职责
区历保委下设办公室，由区房管局、区规划资源局、区文化旅游局（区文物局）的相关工作人员组成，负责日常工作。
三、保护要求
对确需列为优秀历史建筑或不可移动文物的，由区房管局、区文化旅游局（区文物局）按照相关规定报批。
"""


def test_who_a_body_is_made_of_is_no_task(extract_text):
    tasks = extract_text(MEMBERS).tasks
    # the office's own duty stays; its staff and the members name no body
    assert [roles(t) for t in tasks] == [[("区历保委下设办公室", "responsible", "负责")],
                                         [("区房管局", "responsible", "由"),
                                          ("区文化旅游局（区文物局）", "responsible", "由")]]


# 国务院 (部际联席会议) and 上海市黄浦区 (区历保委): a membership list longer than any subject
# read still ends in 组成, so it names no task
LONG_MEMBERS = """关于建立部际联席会议制度的通知
一、联席会议组成
联席会议由发展改革委、教育部、科技部、财政部、国土资源部、建设部、铁道部、交通部、水利部、农业部、商务部、人民银行、国资委、海关总署、税务总局、环保总局、民航总局、林业局等18个部门和单位组成。
二、机构设置
黄浦区成立历史风貌区和优秀历史建筑保护委员会（以下简称“区历保委”），由区房管局、区规划资源局、区文化旅游局（区文物局）、区财政局、区建管委、区市场监管局、区国资委、区应急局、区绿化市容局、区城管执法局、区城运中心和街道办事处等组成，协调解决辖区内历史风貌区、优秀历史建筑和不可移动文物保护工作中的重大问题。
"""


def test_a_long_membership_list_is_no_task(extract_text):
    assert extract_text(LONG_MEMBERS).tasks == []


# 上海市黄浦区 and 上海市: 依法 after a body is an adverb, never the middle of a name
# (街道办事处依法处理 once read as a body 街道办事处依法处)
BY_LAW = """上海市黄浦区加强历史风貌区保护实施办法
第二十八条　有下列情形之一的，由街道办事处依法处理：
（一）擅自设置户外招牌的。
第二十九条　对违法违规情节严重的运输单位，由市城管执法局依法吊销其建设工程垃圾运输许可证。
"""


def test_by_law_ends_a_name(extract_text):
    tasks = extract_text(BY_LAW).tasks
    assert tasks
    assert [roles(t) for t in tasks] == [[("街道办事处", "responsible", "由")],
                                         [("市城管执法局", "responsible", "由")]]


# 上海市奉贤区 and 上海市浦东新区: a body nobody curated, written with its second name in
# brackets, is the subject of its duty (neither name known once read as no body at all)
SECOND_NAME = """上海市奉贤区消防安全责任制实施办法
第十五条 区有关部门消防安全职责：
(十五)区建设管理委(区交通委)负责建筑施工、建筑安装、勘察设计、建设监理等房建和市政建设工程竣工验收前的消防安全监督管理工作。
2.完善统筹协调机制。区房屋土地征收中心(区土地储备中心)负责部门间沟通协调、司法协调及特殊情况处理工作。
"""


def test_a_second_name_in_brackets_keeps_the_body(extract_text):
    tasks = extract_text(SECOND_NAME).tasks
    assert tasks
    assert [roles(t) for t in tasks] == [[("区建设管理委(区交通委)", "responsible", "负责")],
                                         [("区房屋土地征收中心(区土地储备中心)", "responsible", "负责")]]
    assert tasks[-1].assignments[0].agency.endswith("区房屋土地征收中心")   # the first name is the body


# a verb that opens a task is never part of a name nobody curated: 浦东新区, 嘉定区, 宝山区, 金山区
VERBS_FIRST = """关于加强消防工作的实施意见
一、总体要求
深化新区土地储备和房屋土地征收管理体制机制，加强职能整合与部门协同，加大土地储备清盘力度。
二、建立完善消防工作机构
（一）加强通报督办
根据火灾事故“四不放过”原则，建立亡人火灾和较大以上火灾事故区政府牵头调查机制。
"""


def test_a_task_opening_with_a_verb_names_no_body(extract_text):
    names = {a.surface for t in extract_text(VERBS_FIRST).tasks for a in t.assignments}
    assert not any(name.startswith(("加强", "建立")) for name in names), names


# 虹口区, 闵行区 and 上海市: A配合做好… is A supporting, not A and the work (配合 between two
# lists needs a second list); 虹口区 and 浦东新区: a verb between two curated names parts them
PARTNERS = """上海市虹口区人民政府关于危险房屋应急处置的实施办法
第五条  区人武部、区退役军人事务局配合做好军队危险房屋应急处置。
第十条  区交通委配合做好道路红线范围内市政消火栓的管理工作。
第十一条  经评估通过后，由区房管局报区政府同意后实施。
第十二条  区政府指定区规划资源局组织实施本区征收集体土地房屋补偿工作。
"""


def test_a_partner_verb_before_the_work_and_a_verb_between_two_names(extract_text):
    tasks = extract_text(PARTNERS).tasks
    assert [roles(t) for t in tasks[:2]] == [
        [("区人武部", "support", "配合"), ("区退役军人事务局", "support", "配合")],
        [("区交通委", "support", "配合")]]
    names = {a.surface for t in tasks for a in t.assignments}
    assert not {"做好军队", "区房管局报区政府", "区政府指定区规划资源局"} & names, names


# the bracketed statement of 昆明市官渡区 and 安徽省 ((区政务服务局牵头,区发改局…配合)) written
# as a sentence of its own, in a plan whose other tasks have labelled lines
MARKED_PLAN = """某市重点工作任务分工方案
一、扩大有效投资
3.加强要素保障。牵头单位：市自然资源局
4.深化招商引资。市商务局牵头，市发展改革委、市工业和信息化局配合。
5.统筹推进。各单位按职责分工负责，以下各项工作均需要各单位负责，不再单独列出。
"""


def test_a_weak_verb_joins_a_strong_one_in_a_marked_plan(extract_text):
    tasks = extract_text(MARKED_PLAN).tasks
    assert [roles(t) for t in tasks] == [
        [("市自然资源局", "lead", "牵头单位")],
        [("市商务局", "lead", "牵头"), ("市发展改革委", "support", "配合"), ("市工业和信息化局", "support", "配合")]]


# a modal before the verb (要, 应, 应当): 普陀区, 虹口区, 崇明区 (上海) and 会昌县 (江西) write it
MODAL = """区应急避难场所管理办法
第二十三条 区应急局应当会同有关部门，组织指导应急避难场所服务范围内的机关、团体、企业事业单位、学校、村（居）民委员会开展应急疏散演练。
第五条 区国资委、区卫健委、区商务委等部门应当按照各自职责，督促落实行业管理范围内的房屋使用安全责任人配合做好危险房屋应急处置工作。
第六条 区交通委要会同有关部门加强跟踪督查，建立评估、反馈机制，及时发现并协调解决问题，稳步推进改革。
"""


def test_a_modal_before_the_verb(extract_text):
    tasks = extract_text(MODAL).tasks
    assert [[(a.surface, a.role) for a in t.assignments] for t in tasks] == [
        [("区应急局", "lead")],                   # 有关部门 names nobody in particular
        [("区国资委", "responsible"), ("区卫健委", "responsible"), ("区商务委等部门", "responsible")],
        [("区交通委", "lead")]]


def test_a_modal_is_an_exhortation_in_a_marked_plan(extract_text):
    # 罗湖区 (the seed) and 崇明区: where tasks are marked, X要会同Y… under 保障措施 is no task
    plan = MARKED_PLAN + "（四）强化督查考核。区委改革办要会同区委（政府）办，制定完善年度改革项目绩效考核和督查督办工作办法。\n"
    assert len(extract_text(plan).tasks) == 2


def test_a_sentence_the_text_ends_inside_is_left_out(extract_text):
    # 兰州市 (a stored page cut mid-sentence) and 国务院 (联席会议由…组成, cut inside its list)
    lanzhou = """兰州市对接国家部委事项
4、兰州新区建设事宜
由吴继德副市长负责,市建设局牵头,市发改委配合,按照要求进一步修改完善项目建设方案。
5、国家新材料基地建设事宜
由姚国庆副市长负责,市工信委牵头,相关部门配合,尽快理清我市新材料产业发展的基础,争
"""
    result = extract_text(lanzhou)
    assert [[a.surface for a in t.assignments] for t in result.tasks] == [["市建设局", "市发改委"]]
    assert any("looks truncated" in p.message for p in result.problems)
