"""Document splitting and metadata: the sample gazette, a stand-alone file, a bare file."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import compact

FIELDS = ("doc_number", "title", "notice_title", "issuer", "date", "kind")
GOLD_IDS = ("tjgb", "cyzx", "xxh", "ggjh", "bztb", "jsbz", "dzsw")


def test_sample_splits_into_the_gold_documents(sample_extraction, gold):
    assert [d["id"] for d in gold["documents"]] == list(GOLD_IDS)
    documents = sample_extraction.documents
    assert len(documents) == 7
    assert [d.doc_number for d in documents] == [g["doc_number"] and compact(g["doc_number"])
                                                 for g in gold["documents"]]
    # one after the other, covering the whole file
    assert documents[0].span.start == 0
    for before, after in zip(documents, documents[1:]):
        assert before.span.end == after.span.start
    assert len({d.id for d in documents}) == 7


def _cases():
    for i, gid in enumerate(GOLD_IDS):
        for field in FIELDS:
            yield pytest.param(i, field, id=f"{gid}-{field}")


@pytest.mark.parametrize("index, field", list(_cases()))
def test_sample_document_metadata_matches_the_gold(sample_extraction, gold, index, field):
    want = gold["documents"][index][field]
    document = sample_extraction.documents[index]
    got = getattr(document, field)
    if field == "doc_number" and want:
        want = compact(want)           # the gold copies '罗办发〔2014〕1 号' as printed
    assert got == want


def test_sample_task_counts_match_the_gold(sample_extraction, gold):
    assert [len(r.tasks) for r in sample_extraction.results] == \
        [g["task_count"] for g in gold["documents"]]


def test_issuers_of_a_joint_notice(sample_extraction):
    ggjh = sample_extraction.documents[3]
    assert ggjh.issuers == ("中共深圳市罗湖区委办公室", "深圳市罗湖区人民政府办公室")
    assert ggjh.issuer == "中共深圳市罗湖区委办公室、深圳市罗湖区人民政府办公室"


def test_every_sample_document_is_of_luohu(sample_extraction):
    assert {d.jurisdiction for d in sample_extraction.documents} == {"广东省深圳市罗湖区"}


def test_cited_document(sample_extraction, sample_text):
    cyzx = sample_extraction.documents[1]
    cites = {r.doc_number: r for r in cyzx.references if r.relation == "cites"}
    ref = cites["深府〔2011〕165号"]
    assert ref.title == "深圳市政府关于加快产业转型升级的指导意见"
    quoted = sample_text[ref.span.start:ref.span.end]
    assert quoted.startswith("《深圳市政府关于加快产业转型升级的指导意见》") and "深府〔2011〕165号" in quoted
    assert "深府办〔2011〕97号" in cites
    assert not [r for r in cyzx.references if r.relation == "repeals"]


def test_repealed_document(sample_extraction, sample_text):
    jsbz = sample_extraction.documents[5]
    repealed = [r for r in jsbz.references if r.relation == "repeals"]
    assert [r.doc_number for r in repealed] == ["罗府办〔2007〕64号"]
    assert "长效避孕节育措施奖励暂行办法" in repealed[0].title
    assert "罗府办〔2007〕64号" in sample_text[repealed[0].span.start:repealed[0].span.end]
    # the documents it merely cites are not repealed
    assert {r.relation for r in jsbz.references if r.doc_number != "罗府办〔2007〕64号"} <= {"cites"}


def test_references_stay_inside_their_document(sample_extraction):
    assert sum(len(d.references) for d in sample_extraction.documents) >= 18
    for document in sample_extraction.documents:
        for ref in document.references:
            assert document.span.start <= ref.span.start < ref.span.end <= document.span.end


def test_a_plan_does_not_cite_itself(sample_extraction):
    assert len(sample_extraction.documents) == 7
    for document in sample_extraction.documents:
        assert compact(document.title) not in {compact(r.title or "") for r in document.references}


STANDALONE = """福田府办〔2015〕12号

深圳市福田区人民政府办公室关于印发《福田区2015年重点工作任务分工方案》的通知

各街道办事处，区直各单位：

现将《福田区2015年重点工作任务分工方案》印发给你们，请认真贯彻执行。

福田区2015年重点工作任务分工方案

一、深化行政审批制度改革

（一）清理压减行政审批事项，推行窗口首办负责制。（牵头单位：区编办；责任单位：区直各部门；完成时间：2015年6月）

（二）建立区级公共资源交易平台。（牵头单位：区财政局；配合单位：区发改局、各街道办事处；完成时间：2015年底）

深圳市福田区人民政府办公室
2015年3月2日
"""


def test_standalone_document_with_a_notice(extract_text):
    result = extract_text(STANDALONE, "futian-fengong.txt")
    assert len(result.documents) == 1
    doc = result.documents[0]
    assert (doc.doc_number, doc.title, doc.notice_title, doc.issuers, doc.date, doc.kind,
            doc.jurisdiction) == (
        "福田府办〔2015〕12号", "福田区2015年重点工作任务分工方案",
        "深圳市福田区人民政府办公室关于印发《福田区2015年重点工作任务分工方案》的通知",
        ("深圳市福田区人民政府办公室",), "2015-03-02", "分工方案", "广东省深圳市福田区")
    assert [(t.path, t.deadline) for t in result.tasks] == [("一/（一）", "2015-06"), ("一/（二）", "2015-12")]
    assert [(a.agency, a.role, a.role_word) for a in result.tasks[1].assignments] == [
        ("福田区财政局", "lead", "牵头单位"),
        ("福田区发展改革局", "support", "配合单位"),
        ("福田区各街道办事处", "support", "配合单位")]


SIGNED = """罗府办〔2014〕21号

罗湖区2014年政务公开工作要点

一、推进行政权力公开透明运行。全面公开行政审批事项目录。（牵头单位：区法制办；责任单位：区直各部门；完成时间：2014年12月）

二、推进财政预决算公开。（牵头单位：区财政局；完成时间：2014年底）

深圳市罗湖区人民政府办公室
2014年6月10日
"""


def test_standalone_document_signed_at_the_end(extract_text):
    """Number above the title, issuer and date in the 落款."""
    result = extract_text(SIGNED)
    doc = result.documents[0]
    assert (doc.doc_number, doc.title, doc.notice_title, doc.issuers, doc.date, doc.kind) == (
        "罗府办〔2014〕21号", "罗湖区2014年政务公开工作要点", None,
        ("深圳市罗湖区人民政府办公室",), "2014-06-10", "要点")
    assert doc.jurisdiction == "广东省深圳市罗湖区"
    assert [(t.path, t.heading) for t in result.tasks] == [
        ("一", "推进行政权力公开透明运行"), ("二", "推进财政预决算公开")]
    assert [a.agency for t in result.tasks for a in t.assignments] == [
        "罗湖区法制办", "罗湖区直各部门", "罗湖区财政局"]


def test_file_without_a_header_is_one_document_titled_by_its_first_line(extract_text):
    text = ("各部门要加强协调配合，推进各项任务实施\n\n"
            "1. 推进区级数据中心建设。整合各类电子政务平台数据资源。（责任单位：区科技创新局；完成时间：2015年12月）\n")
    result = extract_text(text)
    assert len(result.documents) == 1
    doc = result.documents[0]
    assert (doc.title, doc.doc_number, doc.notice_title, doc.date, doc.issuers) == (
        "各部门要加强协调配合，推进各项任务实施", None, None, None, ())
    assert [(t.path, t.deadline) for t in result.tasks] == [("1", "2015-12")]


def test_file_that_starts_with_its_first_task(extract_text):
    text = ("一、推进区级数据中心建设。整合各类电子政务平台数据资源。（责任单位：区科技创新局；完成时间：2015年12月）\n"
            "二、推进智慧医疗。（责任单位：区卫生人口计生局；完成时间：2015年12月）\n")
    result = extract_text(text)
    assert len(result.documents) == 1
    assert result.documents[0].title == text.split("\n")[0]
    assert [t.path for t in result.tasks] == ["一", "二"]


def test_document_ids_are_file_stem_and_number(sample_extraction):
    assert [d.id for d in sample_extraction.documents] == [
        f"luohu-gazette-2014-04:{i}" for i in range(1, 8)]
    for result in sample_extraction.results:
        for task in result.tasks:
            assert task.document == result.document.id
            assert task.id.startswith(result.document.id + "/t")
            assert result.document.span.start <= task.span.start <= task.annotation_span.end <= \
                result.document.span.end


def test_body_starts_at_the_end_of_the_title_line():
    """Blank lines and markup after a title are body, not title (the header is read from
    candidate lines, and a candidate never runs into the next line)."""
    from govgraph.extract.documents import split_documents

    text = "**罗湖区2014年政务公开工作要点** \n\n\n一、推进政务公开。（牵头单位：区法制办）\n"
    meta = split_documents(text)[0]
    assert meta.title == "罗湖区2014年政务公开工作要点"
    assert meta.body_start == text.index("\n")


def _opening(path: str, lines: int) -> str:
    return "".join((Path(__file__).parent / path).read_text(encoding="utf-8").splitlines(keepends=True)[:lines])


@pytest.mark.parametrize("path, lines, title, kind", [
    # a 任务分解 page under page furniture: 灵璧县 (• 政府信息公开), 谯城区 (the bureau's name)
    ("fixtures/genre/lingbi-weijian-2021.txt", 12, "县卫健委2021年政府工作报告任务分解", "任务分解"),
    ("fixtures/genre/qiaocheng-fenjie-2023.txt", 22, "2023年本部门年度重点工作任务的任务分解", "任务分解"),
    # a heading broken before 和: 辽宁省 (its notice title broken over three lines too), 锦州市
    ("corpus/liaoning-2023-gzbg-zerenfengong.txt", 16, "2023年省《政府工作报告》任务分解和责任分工方案", "分工方案"),
    ("corpus/jinzhou-2025-gzbg-zerenfengong.txt", 14, "2025年市《政府工作报告》任务分解和责任分工方案", "分工方案"),
    # the attachment's own title, 附件: dropped: 张家川县, 大洼区
    ("corpus/zhangjiachuan-2016-gzbg-renwu-fenjie.txt", 5, "2016年县政府重点工作任务分解表", "任务分解表"),
    ("corpus/dawa-2021-gzbg-renwufenjie.txt", 8, "《政府工作报告》任务分解表", "任务分解表"),
])
def test_titles_of_task_division_tables(path, lines, title, kind):
    from govgraph.extract.documents import split_documents

    meta = split_documents(_opening(path, lines))[0]
    assert (meta.title, meta.kind) == (title, kind)
    if path.startswith("corpus/liaoning"):     # the notice title is whole, not a piece of it
        assert meta.notice_title == "辽宁省人民政府关于印发《2023年省〈政府工作报告〉任务分解和责任分工方案》的通知"


@pytest.mark.parametrize("line, cleaned", [
    ("2014年 12 月", "2014年12月"),
    ("一、 总体 要求", "一、总体要求"),
    ("罗湖区 \u3000 财政局", "罗湖区财政局"),
    ("PDF  text 中 文", "PDF  text中文"),          # only gaps beside CJK go
    ("a \u3000b", "a\u3000b"),                      # a full-width space is itself non-ASCII
    ("a\xa0 b", "a\xa0b"),
    ("**二、保障措施**", "二、保障措施"),
])
def test_clean_line_removes_only_gaps_beside_cjk(line, cleaned):
    from govgraph.extract.text import clean_line

    assert clean_line(line) == cleaned


GENRE = Path(__file__).parent / "fixtures" / "genre"
CORPUS = GENRE.parent.parent / "corpus"


@pytest.mark.parametrize("file, title", [
    # a government site's metadata table above the title (北仑, 宁波) or with it labelled (谯城, 亳州)
    (GENRE / "beilun-renwu-2024.txt", "2024年区政府工作主要任务分解(部分)"),
    (GENRE / "qiaocheng-fenjie-2023.txt", "2023年本部门年度重点工作任务的任务分解"),
    # breadcrumbs, a title in 《》 and the site's 时间/来源 line (铜梁, 重庆)
    (GENRE / "tongliang-jinzhan-2025.txt", "《2025年区政府工作报告目标任务上半年推进情况汇总表》"),
    # a breadcrumb that ends in a title word (首页 > 纲要规划) is furniture still (广东省妇儿工委)
    (GENRE / "gd-funv-fenjie-2014.txt", "《广东省妇女发展规划(2011—2020年)》目标责任分解书"),
    # a file that opens with an attachment's label: the next line is the title (静安, 奉贤)
    (GENRE / "jingan-yingshang-2024.txt", "2024年静安区营商环境建设任务分工表（基础任务清单）"),
    (GENRE / "fengxian-tijian-2026.txt", "2026年上海市城市体检基本指标体系(区级)"),
])
def test_page_furniture_is_not_the_title(file, title):
    from govgraph.extract.documents import split_documents

    assert split_documents(file.read_text(encoding="utf-8"))[0].title == title


@pytest.mark.parametrize("file, number", [
    (GENRE / "changshu-renwu-2018.txt", "常政办发〔2018〕32号"),      # …办公室文件 常政办发〔2018〕32号 on one line
    (CORPUS / "yixing-2020-zhongdian.txt", "宜政发〔2020〕160号"),    # 编号 宜政发…, and …文件宜政发… in a run-on line
])
def test_a_number_beside_a_masthead_or_a_label(file, number):
    from govgraph.extract.documents import split_documents

    assert split_documents(file.read_text(encoding="utf-8"))[0].doc_number == number


@pytest.mark.parametrize("file, title, notice_title, number", [
    # traditional script, 關于 half converted (湖北; 湘西 工作計劃 under its notice)
    (CORPUS / "hubei-2018-yingshang.txt", "省人民政府關于進一步優化營商環境的若干意見", None, "鄂政發〔2018〕26號"),
    (CORPUS / "xiangxi-2020-fangguanfu-big5.txt",
     "湘西自治州2020年深化“放管服”改革優(yōu)化營商環(huán)境工作計劃", None, None),
    # a title wrapped after the name it cites (国务院, 鄂温克旗 with its issuer on the line above)
    (CORPUS / "guowuyuan-2020-gzbg-fengong.txt", "国务院关于落实《政府工作报告》重点工作部门分工的意见", None, "国发〔2020〕6号"),
    (CORPUS / "ewenke-2022-gzbg-zhongdian-renwu.txt",
     "鄂温克族自治旗人民政府办公室关于印发2022年《政府工作报告》重点任务责任落实分工的通知", None, None),
    # the issuers alone on the line above 关于… (国务院办公厅 and 中央军委办公厅; 芜湖)
    (CORPUS / "guoban-1996-yiqi-huaxuewuqi.txt",
     "国务院办公厅、中央军委办公厅关于加强对侵华日军遗弃化学武器调查和管理工作的通知", None, "国办发〔1996〕25号"),
    (CORPUS / "wuhu-2025-zhongdian-gongzuo-fenjie.txt", "芜湖市人民政府关于2025年重点工作及责任分解的通知", None, None),
    # a 文号 in brackets under the title (长春, 山西) or ending it (韶关)
    (CORPUS / "changchun-2012-shierwu-gangyao-fengong.txt",
     "长春市人民政府办公厅关于落实长春市国民经济和社会发展第十二个五年规划纲要主要目标和任务工作分工的通知", None,
     "长府办发〔2012〕19号"),
    (CORPUS / "shanxi-2008-gongzuo-mubiao-zerenfenjie.txt",
     "山西省人民政府关于印发2008年省人民政府工作目标责任分解的通知", None, "晋政发[2008]8号"),
])
def test_headers_of_red_header_and_traditional_pages(file, title, notice_title, number):
    from govgraph.extract.documents import split_documents

    meta = split_documents(file.read_text(encoding="utf-8"))[0]
    assert (meta.title, meta.notice_title, meta.doc_number) == (title, notice_title, number)


def test_a_notice_stating_the_first_leads_convention_is_read_with_its_plan():
    """镇海: 责任单位中排序第一单位为牵头单位 is said in the notice, above the plan's heading."""
    from govgraph.extract.documents import split_documents

    text = (CORPUS / "ningbo-zhenhai-2011-zfgzbg.txt").read_text(encoding="utf-8")
    meta = split_documents(text)[0]
    assert meta.title == "2011年政府工作报告任务分解"
    assert meta.notice_title == "关于印发区政府二〇一一年政府工作报告任务分解的通知"
    assert meta.body_start < text.index("排序第一单位为牵头单位")


def test_every_row_of_the_header_vocabulary_has_its_three_fields():
    """A pattern with a comma ({0,20}) must be quoted, or csv cuts it short without a word."""
    import csv
    from importlib import resources

    text = resources.files("govgraph.data").joinpath("documents.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert len(rows) > 40 and all(set(row) == {"type", "pattern", "note"} and row["pattern"] for row in rows)
    pairs = [pair for row in rows if row["type"] == "traditional" for pair in row["pattern"].split()]
    assert pairs and all(len(pair) == 2 and pair[0] != pair[1] for pair in pairs)   # traditional, simplified


@pytest.mark.parametrize("text, title, number", [
    # a line under a title that opens with 和 or 及 but is a 文号 or a sentence is no part of it
    ("关于印发和平区2021年重点工作任务分解方案的通知\n和政办发〔2021〕5号\n一、任务\n",
     "关于印发和平区2021年重点工作任务分解方案的通知", "和政办发〔2021〕5号"),
    ("关于印发重点工作实施方案的通知\n及时公开\n", "关于印发重点工作实施方案的通知", None),
    # an attachment's label ends at its colon: 附件下载 is no attachment
    ("附件下载：重点工作.doc\n关于印发重点工作实施方案的通知\n", "关于印发重点工作实施方案的通知", None),
])
def test_what_is_not_part_of_a_title(text, title, number):
    from govgraph.extract.documents import split_documents

    meta = split_documents(text)[0]
    assert (meta.title, meta.doc_number) == (title, number)


def test_an_issuer_line_is_read_in_linear_time():
    """A line of many bodies above 关于… is checked part by part (a nested repetition in one
    pattern took seconds at 60 characters and doubled with each body)."""
    import time

    from govgraph.extract.documents import split_documents

    started = time.perf_counter()
    meta = split_documents("市教委" * 400 + "负责\n关于印发重点工作实施方案的通知\n")[0]
    assert meta.title == "关于印发重点工作实施方案的通知"
    assert time.perf_counter() - started < 5
