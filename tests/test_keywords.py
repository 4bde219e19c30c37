"""Keywords: at most five per task, never a stop word, never an agency name."""
from __future__ import annotations

from importlib import resources

import pytest

from conftest import compact, task_by_anchor
from govgraph.gazetteer import normalise_name


@pytest.fixture(scope="module")
def stopwords() -> set[str]:
    text = resources.files("govgraph.data").joinpath("stopwords.txt").read_text(encoding="utf-8")
    return {w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")}


def test_every_task_has_at_most_five_keywords(sample_extraction):
    tasks = sample_extraction.tasks
    assert all(len(t.keywords) <= 5 for t in tasks)
    assert all(len(set(t.keywords)) == len(t.keywords) for t in tasks)
    # the sample's tasks are long enough that every one gets some
    assert all(t.keywords for t in tasks)


def test_keywords_come_from_the_task_text(sample_extraction):
    assert sum(len(t.keywords) for t in sample_extraction.tasks) >= 500
    for task in sample_extraction.tasks:
        for word in task.keywords:
            assert word in compact(task.text), (task.id, word)


def test_no_stop_words(sample_extraction, stopwords):
    assert stopwords, "data/stopwords.txt is empty"
    offending = {(t.id, w) for t in sample_extraction.tasks for w in t.keywords if w in stopwords}
    assert not offending


def test_no_agency_names(sample_extraction, gazetteer):
    names = set(gazetteer.aliases)
    for agency in sample_extraction.agencies:
        names.add(agency.name)
        names.update(normalise_name(a) for a in agency.aliases)
    offending = {(t.id, w) for t in sample_extraction.tasks for w in t.keywords if w in names}
    assert not offending


def test_keywords_say_what_the_task_is_about(sample_extraction):
    assert "光纤" in task_by_anchor(sample_extraction.tasks, "建成党政机关光纤网络").keywords
    assert "珠宝" in task_by_anchor(sample_extraction.tasks, "加快黄金珠宝产业集聚基地的改造").keywords
    assert "备份" in task_by_anchor(sample_extraction.tasks, "强化信息资源灾备工作").keywords


def test_keywords_can_be_turned_off(extract_text):
    text = ("深圳市罗湖区人民政府关于加快信息化发展的若干意见\n\n"
            "22. 强化信息资源灾备工作。加强重要政务信息资源数据备份工作，提高现有灾备中心的容量和性能。"
            "（责任单位：区科技创新局；完成时间：2015年12月）\n")
    assert extract_text(text, keywords=False).tasks[0].keywords == ()
    assert "备份" in extract_text(text, keywords=True).tasks[0].keywords


@pytest.mark.parametrize("anchor, wrong", [
    ("建成网上办事大厅，升级和拓展行政审批平台", "和服"),
    ("确保项目招商落地", "有方"),
], ids=["hefu", "youfang"])
def test_keywords_are_words_of_the_text(sample_extraction, anchor, wrong):
    assert wrong not in task_by_anchor(sample_extraction.tasks, anchor).keywords


def test_texts_taken_together_get_what_each_gets_alone(sample_extraction, gazetteer):
    """A batch's tasks are scanned as one text: no word may run from one into the next,
    and a text with no word (or no text at all) still gets its own, empty, entry."""
    from govgraph.extract.keywords import Keywords

    keywords = Keywords(gazetteer)
    texts = ["", *(t.text for t in sample_extraction.tasks[:40]), "。", "", "财政", "局推进改革", ""]
    together = keywords.of_many(texts)
    assert together == [keywords.of_many([text])[0] for text in texts]
    assert together[0] == () and together[-1] == ()
    assert sum(map(bool, together)) >= 40
