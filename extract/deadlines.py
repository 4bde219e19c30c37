"""Deadlines: ``2014年12月`` → ``2014-12``; wording that is not a date keeps its text only."""
from __future__ import annotations

import re

from govgraph.extract.text import squeeze

_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
           "十一": 11, "十二": 12}
_YEAR = r"((?:19|20)\d{2})\s*年?"
_DATE = re.compile(_YEAR + r"(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?")
_ISO = re.compile(r"((?:19|20)\d{2})\s*[-/.]\s*(\d{1,2})(?:\s*[-/.]\s*(\d{1,2}))?")
_QUARTER = re.compile(_YEAR + r"\s*(?:第)?([一二三四1-4])\s*季度")
_HALF = re.compile(_YEAR + r"\s*(上|下)半年")
_YEAR_END = re.compile(_YEAR + r"\s*(?:年底|底|年末|末)")
_MONTH_RANGE = re.compile(_YEAR + r"\s*\d{1,2}\s*月?\s*[—–\-~～至到]\s*(\d{1,2})\s*月")


def parse_deadline(text: str) -> str | None:
    """The last date a deadline names, as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    A range (``2014年—2015年6月``) ends at its last date; ``年底`` is month 12, a quarter its
    last month, ``上半年`` June.  Text without a year (``与业务模块应用同步进行``) gives None.
    """
    text = squeeze(text.translate(_DIGITS))
    candidates: list[tuple[int, str]] = []
    for match in _QUARTER.finditer(text):
        quarter = _CN_NUM.get(match.group(2)) or int(match.group(2))
        candidates.append((match.start(), f"{match.group(1)}-{quarter * 3:02d}"))
    for match in _HALF.finditer(text):
        candidates.append((match.start(), f"{match.group(1)}-{6 if match.group(2) == '上' else 12:02d}"))
    for match in _YEAR_END.finditer(text):
        candidates.append((match.start(), f"{match.group(1)}-12"))
    for match in _MONTH_RANGE.finditer(text):
        if 1 <= int(match.group(2)) <= 12:
            candidates.append((match.start(), f"{match.group(1)}-{int(match.group(2)):02d}"))
    for pattern in (_ISO, _DATE):
        for match in pattern.finditer(text):
            year, month, day = match.groups()
            if any(start == match.start() for start, _ in candidates):
                continue
            if month and not 1 <= int(month) <= 12:
                continue
            value = year if not month else f"{year}-{int(month):02d}"
            if month and day:
                value += f"-{int(day):02d}"
            candidates.append((match.start(), value))
    if not candidates:
        return None
    return max(candidates)[1]
