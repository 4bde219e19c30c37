"""Deadline normalisation: the last date a 完成时间 names, as YYYY / YYYY-MM / YYYY-MM-DD."""
from __future__ import annotations

import pytest

from govgraph.extract.deadlines import parse_deadline


@pytest.mark.parametrize("text, expected", [
    # months, as in the sample
    ("2014年12月", "2014-12"),
    ("2015年6月", "2015-06"),
    ("2015 年 6 月", "2015-06"),
    ("2014年12月底前", "2014-12"),
    ("2015年3月前", "2015-03"),
    # year end, halves, quarters
    ("2014年底", "2014-12"),
    ("2016年年底", "2016-12"),
    ("2014年末", "2014-12"),
    ("2015年上半年", "2015-06"),
    ("2015年下半年", "2015-12"),
    ("2015年第三季度", "2015-09"),
    ("2015年二季度", "2015-06"),
    ("2014年第4季度", "2014-12"),
    # days
    ("2014年12月31日", "2014-12-31"),
    ("2015年1月5日前", "2015-01-05"),
    # a bare year
    ("2015年", "2015"),
    # ranges end at their last date
    ("2014年—2015年6月", "2015-06"),
    ("2014年12月至2015年6月", "2015-06"),
    ("2014-2015年", "2015"),
    ("2014年至2015年", "2015"),
    # full-width digits
    ("２０１４年１２月", "2014-12"),
    ("２０１５年上半年", "2015-06"),
    # wording that is not a date
    ("与业务模块应用同步进行", None),
    ("长期坚持", None),
    ("第三季度", None),          # no year: nothing to anchor it to
    ("持续推进", None),
    ("", None),
])
def test_parse_deadline(text, expected):
    assert parse_deadline(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("2014.12", "2014-12"),
    ("2014-12", "2014-12"),
    ("2014/12", "2014-12"),
    ("2014-12-31", "2014-12-31"),
])
def test_numeric_dates(text, expected):
    assert parse_deadline(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("2015年1月—3月", "2015-03"),
    ("2014年1-6月", "2014-06"),
], ids=["jan-mar", "jan-jun"])
def test_month_range_within_a_year(text, expected):
    assert parse_deadline(text) == expected


def test_sample_deadlines_match_the_gold(sample_extraction, gold, doc_ids):
    from conftest import task_by_anchor

    assert len(gold["tasks"]) == 110
    for gt in gold["tasks"]:
        tasks = [t for t in sample_extraction.tasks if t.document == doc_ids[gt["document"]]]
        task = task_by_anchor(tasks, gt["anchor"])
        assert (task.deadline, task.deadline_text) == (gt["deadline"], gt["deadline_text"]), gt["anchor"]
