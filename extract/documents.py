"""Split a source text into documents and read each one's metadata.

A gazette issue strings documents together, each opening with a header: the
title (one to four lines, often broken by PDF extraction), a parenthesised
dateline ``（2014年4月2日）`` and the document number ``罗府〔2014〕10号``; a
statistical bulletin has a byline (the issuing bureau) instead of a number.
A stand-alone file usually has the number above the title and the issuer and date
(落款) at the end.  Both shapes are handled; a file without any header is one
document titled by its first line.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from govgraph.model import Reference, Span
from govgraph.extract.text import _MARKUP, Line, clean_line, split_lines, squeeze

_DATE = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
DATELINE = re.compile(rf"^\s*[（(]\s*{_DATE}\s*[)）]\s*$")
_DATELINE_ANYWHERE = re.compile(rf"^[ \t\u3000]*[（(][ \t]*{_DATE}[ \t]*[)）][ \t\u3000]*$", re.M)
SIGNATURE_DATE = re.compile(rf"^\s*{_DATE}\s*$")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}\s*[〔\[【［(（]\s*\d{4}\s*[〕\]】］)）]\s*第?\s*\d{1,4}\s*[号號]")
DOC_NUMBER_LINE = re.compile(rf"^\s*(?:{DOC_NUMBER.pattern})\s*$")

# Genre words a title ends with, longest first; the kind is the word itself.
KINDS = ("统计公报", "行动计划", "改革计划", "工作计划", "实施方案", "工作方案", "分工方案",
         "行动方案", "实施细则", "任务分解表", "责任分解", "责任清单", "任务清单", "任务分工", "任务分解",
         "分解表", "意见", "办法",
         "通报", "决定", "规定", "细则", "纲要", "规划", "要点", "措施", "方案", "计划", "公报",
         "报告", "批复", "条例", "清单", "通知", "函")
_KIND_TAIL = re.compile(r"(?:[（(][^（）()]*[)）])+$")          # （2014—2015年）
_TITLE_END = re.compile(r"(?:%s)(?:[（(][^（）()]{0,20}[)）])?[》]?$" % "|".join(KINDS))
_TITLE_ENDINGS = (*KINDS, ")", "）", "》")          # what a line matching _TITLE_END ends with
_TITLE_LAST_CHARS = frozenset(w[-1] for w in _TITLE_ENDINGS)
# a header line worth a closer look has a label (：), a number (号), a date (日) or a notice
# (关于, 印发), or it ends like a title (markup and spaces aside)
_HEADER_LINE = re.compile(r"^(?:[^\n]*[:：号號日关關印][^\n]*|[^\n]*[%s](?:[^\S\n]|[*_])*)$"
                          % re.escape("".join(_TITLE_LAST_CHARS)), re.M)
_NOTICE = re.compile(r"^(?P<issuer>.*?)(?:关于)?(?:印发|转发|颁布|发布)\s*《(?P<inner>.+)》\s*的通知$")
_ISSUER = re.compile(r"^(?P<issuer>.+?(?:人民政府|政府|办公厅|办公室|委员会|委|局|厅|部|署|院|中心|"
                     r"办|分局|集团))\s*(?:关于|印发|转发)")
_LABEL = re.compile(r"^(?:标\s*题|標\s*題|名\s*称|名\s*稱)\s*[:：]\s*")
# 附件：1. 2022年…任务分解表: an attachment's own title, the plan a notice issues
_ATTACHMENT = re.compile(r"^附\s*件\s*\d*\s*[:：]\s*(?:\d{1,2}\s*[.．、]\s*)?")
_NUMBER_LABEL = re.compile(r"(?:文\s*号|字\s*号|文\s*號|字\s*號)\s*[:：]\s*(?P<number>" + DOC_NUMBER.pattern + ")")
_DATE_LABEL = re.compile(r"(?:成文|发文|發文|印发|发布|發佈)(?:日期|时间)\s*[:：]\s*(\d{4})\s*[-年/.]\s*(\d{1,2})"
                         r"\s*[-月/.]\s*(\d{1,2})")
_NOTICE_LINE = re.compile(r"关于.{2,120}?的(?:通知|意见|决定|批复|函|报告|通报|实施意见)|印发.{2,120}的通知|"
                          r"關於.{2,120}?的(?:通知|意見|決定)")
_TITLE_START = re.compile(r"(?:关于|關於|印发|中共|国务院|\d{4}\s*年|[\u4e00-\u9fff]{1,12}?(?:省|市|区|县|自治区|"
                          r"人民政府|政府|办公厅|办公室|委员会|部|委|局|厅))")
_TOP_HEADING = re.compile(r"\s*(?:一\s*[、．.]|第一章)")
_ZONE_LINES = 150                                  # a header is searched for in this many lines
_ZONE = re.compile(r"(?:[^\n]*\n){0,%d}" % _ZONE_LINES)
_ORG_LINE = re.compile(r"^[\u4e00-\u9fff（）]{3,40}(?:人民政府|政府|办公厅|办公室|委员会|委|局|厅|部|"
                       r"署|院|中心|办)$")
_SENTENCE_MARKS = "。；;！？!?：:，,"
_TITLE_JOINERS = ("和", "及", "暨", "与")        # what the second line of a broken title opens with
_SENTENCE_END = re.compile(rf"[{_SENTENCE_MARKS}]$")
_OUTLINE_START = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[)）]|"
                            r"\d{1,3}\s*[.．、]|[①-⑳]|第[一二三四五六七八九十百]+[章条节])")
_CITE = re.compile(r"《(?P<title>[^《》]{2,80})》\s*(?:[（(]\s*(?P<number>" + DOC_NUMBER.pattern +
                   r")\s*[)）])?")
_CITABLE = re.compile(r"(?:%s|法|条例|规则|标准|决议|准则|指引|纲要)$" % "|".join(KINDS))
_CITE_CUE = re.compile(r"(?:根据|按照|依据|依照|贯彻|落实|结合|参照|对照|遵照|执行|严格按照|精神|要求)")


@dataclass(slots=True)
class Header:
    """What a document header says, before the body is read."""

    start: int                  # where the document begins in the source text
    body_start: int             # first offset after the header
    title: str
    title_raw: str              # the title lines joined, PDF gaps kept (they separate issuers)
    doc_number: str | None
    date: str | None
    byline: str | None          # issuer printed under the title (statistical bulletins)
    notice: str | None = None   # the notice's title when the plan's own heading is the title


@dataclass(slots=True)
class DocumentMeta:
    span: Span
    title: str
    notice_title: str | None
    doc_number: str | None
    issuers: tuple[str, ...]
    date: str | None
    kind: str | None
    references: tuple[Reference, ...]
    body_start: int


def split_documents(text: str) -> list[DocumentMeta]:
    """Every document of ``text`` with its metadata, in order."""
    headers = _gazette_headers(text) or [_standalone_header(text)]
    metas = []
    for i, header in enumerate(headers):
        end = headers[i + 1].start if i + 1 < len(headers) else len(text)
        start = 0 if i == 0 else header.start
        metas.append(_meta(text, header, start, end))
    return metas


# ---------------------------------------------------------------- headers

def _gazette_headers(text: str) -> list[Header]:
    """Headers anchored on a parenthesised dateline, with the title above it."""
    headers: list[Header] = []
    for anchor in _DATELINE_ANYWHERE.finditer(text):
        # the lines around the dateline: enough for a four-line title and the number below
        window_start = max(0, text.rfind("\n", 0, max(0, anchor.start() - 600)) + 1)
        window_end = text.find("\n", min(len(text), anchor.end() + 300))
        lines = split_lines(text, window_start, len(text) if window_end < 0 else window_end)
        i = next(k for k, ln in enumerate(lines) if ln.start == anchor.start())
        line = lines[i]
        date = DATELINE.match(line.text)
        if date is None:                          # the anchor ran over lines: (2014\n年2月8日)
            continue
        title_lines = _title_above(lines, i, floor=headers[-1].body_start if headers else 0)
        if not title_lines:
            continue
        number: str | None = None
        byline: str | None = None
        body_at = i + 1
        for j in range(i + 1, min(i + 6, len(lines))):
            stripped = lines[j].stripped
            if not stripped:
                continue
            if DOC_NUMBER_LINE.match(stripped):
                number, body_at = stripped, j + 1
            elif _ORG_LINE.match(clean_line(stripped)) and number is None and byline is None:
                byline, body_at = clean_line(stripped), j + 1
            else:
                break
        headers.append(Header(
            start=title_lines[0].start, body_start=lines[body_at - 1].end if body_at > i else line.end,
            title=_join_title(title_lines), title_raw=_raw_title(title_lines),
            doc_number=_clean_number(number), date=_iso(date.groups()), byline=byline))
    return headers


def _title_above(lines: list[Line], at: int, floor: int) -> list[Line]:
    """The title lines just above a dateline: the last ends in a genre word."""
    found: list[Line] = []
    for j in range(at - 1, -1, -1):
        line = lines[j]
        if line.start < floor:
            break
        stripped = clean_line(line.stripped)
        if not stripped:
            continue
        if not found:
            if not _TITLE_END.search(stripped) or len(stripped) > 160:
                return []
        elif (_SENTENCE_END.search(stripped) or len(stripped) > 60 or "\t" in line.text
              or _OUTLINE_START.match(stripped) or len(found) >= 4):
            break
        found.append(line)
    return found[::-1]


def _standalone_header(text: str) -> Header:
    """A file holding one document, often a web page: masthead or breadcrumbs, the notice
    title, its number, the salutation and notice text, the 落款, then the plan's own
    heading.  The header zone (``_header_zone_end``) is searched, and only its lines that
    may hold a label, number, date, notice or title (``_HEADER_LINE``) are read."""
    number: str | None = None
    date: str | None = None
    titles: list[tuple[int, int, str]] = []           # (line start, line end, title)
    for line in _HEADER_LINE.finditer(text, 0, _header_zone_end(text)):
        cleaned = clean_line(line.group().strip())
        if not cleaned:
            continue
        labelled = ":" in cleaned or "：" in cleaned        # 标题：… / 文号：… / 发文日期：…
        if labelled:
            cleaned = _ATTACHMENT.sub("", _LABEL.sub("", cleaned))
        if number is None and ("号" in cleaned or "號" in cleaned):
            number = _number_in(cleaned)
        if date is None and ("日" in cleaned or labelled and "时间" in cleaned):
            date = _date_in(cleaned)
        if 6 <= len(cleaned) <= 160 and cleaned[-1] not in _SENTENCE_MARKS and (
                _is_notice_line(cleaned) or (_ends_like_title(cleaned)
                                             and not _OUTLINE_START.match(cleaned))):
            cleaned = _with_wrapped_lines(text, line.start(), cleaned) + _continued(text, line.end())
            if not _unbalanced(cleaned):
                titles.append((line.start(), line.end(), cleaned))
    notice = next((t for t in titles if _is_notice_line(t[2])), None)
    heading = next((t for t in titles if not _is_notice_line(t[2])
                    and (notice is None or t[0] > notice[0])), None)
    chosen = heading or notice
    body_start = chosen[1] if chosen else 0
    if chosen is None:                     # no title at all: name it by its first line, read it all
        first = next((ln for ln in split_lines(text, 0, min(len(text), 400)) if ln.stripped), None)
        chosen = (0, 0, clean_line(first.stripped)[:60] if first else "")
    if date is None:
        date = next((_iso(m.groups()) for ln in _lines_back(text, len(text), 30, len(text) - 2000)
                     if (m := SIGNATURE_DATE.match(ln) or DATELINE.match(ln))), None)
    title_raw = _MARKUP.sub("", notice[2] if notice else chosen[2])
    return Header(start=0, body_start=body_start, title=chosen[2],
                  title_raw=title_raw, doc_number=number, date=date, byline=None,
                  notice=notice[2] if notice and heading else None)


def _is_notice_line(line: str) -> bool:
    return ("关于" in line or "印发" in line or "關於" in line) and _NOTICE_LINE.search(line) is not None


def _ends_like_title(line: str) -> bool:
    """The line ends in a genre word (意见, 行动计划（2014—2015年）, …》)."""
    if line[-1] in ")）":
        line = _KIND_TAIL.sub("", line)
    return line.endswith(_TITLE_ENDINGS) and _TITLE_END.search(line) is not None


def _lines_back(text: str, end: int, count: int, floor: int = 0) -> Iterator[str]:
    """Up to ``count`` lines of ``text``, the one ending at ``end`` first, then those above
    it, none starting before ``floor`` (rounded back to a line start)."""
    floor = text.rfind("\n", 0, max(0, floor)) + 1
    for _ in range(count):
        if end < floor:
            return
        start = text.rfind("\n", floor, end) + 1 or floor
        yield text[start:end]
        end = start - 1


def _header_zone_end(text: str) -> int:
    """Where the header zone ends: after the first ``_ZONE_LINES`` lines (a notice's own
    一、二、三 come before the plan it issues, so they do not end it), or at once when the
    text opens with a top-level heading.  A last line without a line break is cut short."""
    first = text.find("\n")
    if first >= 0 and _TOP_HEADING.match(text, 0, first):
        return 0
    zone = _ZONE.match(text)                      # the first _ZONE_LINES whole lines
    assert zone is not None                       # it matches even an empty text
    lines = zone.end()
    end = len(text) if text.count("\n", 0, lines) < _ZONE_LINES else lines
    return max(0, end - 1)


def _with_wrapped_lines(text: str, at: int, cleaned: str) -> str:
    """A title broken over lines (``立山区政府2023年重点工作`` / ``任务分解和责任分工方案``):
    a title line (starting at ``at``) that does not open like a title takes in the short
    lines above it."""
    if _TITLE_START.match(cleaned):
        return cleaned
    parts = [cleaned]
    for line in _lines_back(text, at - 1, 4):
        piece = clean_line(line.strip())
        if not piece:
            continue
        if len(piece) > 40 or _SENTENCE_END.search(piece) or _OUTLINE_START.match(piece) or \
                _TITLE_END.search(piece) or DOC_NUMBER.search(piece) or SIGNATURE_DATE.match(piece) \
                or re.fullmatch(r"[（(].*[)）]", piece):
            break
        parts.insert(0, piece)
        if _TITLE_START.match(piece):
            return "".join(parts)
    return cleaned


def _unbalanced(title: str) -> bool:
    """A 《title》 opened or closed on another line: the title is a piece of a notice title
    broken over lines (``关于印发《2023年县政府工作报告任务分解`` / ``一览表》的通知``)."""
    return title.count("《") != title.count("》") or title.count("〈") != title.count("〉")


def _continued(text: str, end: int) -> str:
    """The short line that completes a title broken before a conjunction
    (``2025年市《政府工作报告》任务分解`` / ``和责任分工方案``), or nothing."""
    stop = text.find("\n", end + 1)
    piece = clean_line(text[end:len(text) if stop < 0 else stop].strip())
    if piece[:1] in _TITLE_JOINERS and len(piece) <= 20 and _ends_like_title(piece):
        return piece
    return ""


def _number_in(line: str) -> str | None:
    if DOC_NUMBER_LINE.match(line):
        return _clean_number(line)
    labelled = _NUMBER_LABEL.search(line)
    return _clean_number(labelled.group("number")) if labelled else None


def _date_in(line: str) -> str | None:
    match = SIGNATURE_DATE.match(line)
    if match:
        return _iso(match.groups())
    labelled = _DATE_LABEL.search(line)
    return _iso(labelled.groups()) if labelled else None


def _join_title(lines: list[Line]) -> str:
    return clean_line("".join(clean_line(ln.text) for ln in lines))


def _raw_title(lines: list[Line]) -> str:
    return "".join(_MARKUP.sub("", ln.text).strip() for ln in lines)


def _clean_number(number: str | None) -> str | None:
    return squeeze(number) if number else None


def _iso(groups) -> str:
    year, month, day = groups
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


# ---------------------------------------------------------------- metadata

def _meta(text: str, header: Header, start: int, end: int) -> DocumentMeta:
    notice_title, title = header.notice, header.title
    issuers: tuple[str, ...] = ()
    notice = _NOTICE.match(header.title)
    if notice and not notice_title:
        notice_title = header.title
        title = _own_heading(text, header.body_start, end, notice.group("inner")) or \
            clean_line(notice.group("inner"))
    issuer = _ISSUER.match(header.title_raw)
    if issuer:
        issuers = _split_issuers(issuer.group("issuer"))
    joined = "".join(issuers)
    if len(issuers) > 1 and notice_title and notice_title.startswith(joined):
        # the space between two issuing offices is the only thing that tells them apart
        notice_title = " ".join(issuers) + notice_title[len(joined):]
    if not issuers and header.byline:
        issuers = (header.byline,)
    if not issuers:
        issuers = _signature(text, start, end)
    return DocumentMeta(
        span=Span(start, end), title=title, notice_title=notice_title,
        doc_number=header.doc_number, issuers=issuers, date=header.date,
        kind=document_kind(title), references=tuple(find_references(text, header.body_start, end, title)),
        body_start=header.body_start)


def _split_issuers(raw: str) -> tuple[str, ...]:
    """'中共深圳市罗湖区委办公室 深圳市罗湖区人民政府办公室' → both offices."""
    parts = re.split(r"[\s、，,]+", raw.replace("**", "").strip())
    joined: list[str] = []
    for part in parts:
        if not part:
            continue
        # a PDF line break inside one name leaves a fragment that is not a whole organisation
        if joined and not _ORG_LINE.match(joined[-1]):
            joined[-1] += part
        else:
            joined.append(part)
    return tuple(p for p in joined if p)


def _own_heading(text: str, start: int, end: int, inner: str) -> str | None:
    """The plan's own heading under a 印发 notice (it may drop the place name)."""
    want = squeeze(inner)
    for line in split_lines(text, start, min(end, start + 3000))[:40]:
        heading = clean_line(line.stripped)
        if len(heading) >= 6 and not _SENTENCE_END.search(heading) and \
                (heading == want or (heading in want and want.endswith(heading[-4:]))):
            return heading
    return None


def _signature(text: str, start: int, end: int) -> tuple[str, ...]:
    """The issuer in the 落款: the organisation lines just above the closing date."""
    lines = [ln for ln in split_lines(text, max(start, end - 600), end) if ln.stripped]
    for i in range(len(lines) - 1, 0, -1):
        if SIGNATURE_DATE.match(lines[i].text):
            names = []
            for line in reversed(lines[max(0, i - 3):i]):
                name = clean_line(line.stripped)
                if not _ORG_LINE.match(name):
                    break
                names.append(name)
            return tuple(reversed(names))
    return ()


def document_kind(title: str) -> str | None:
    """行动计划 for '…行动计划（2014—2015年）', 意见 for '…若干意见'."""
    bare = _KIND_TAIL.sub("", squeeze(title)).rstrip("》")
    for kind in KINDS:
        if bare.endswith(kind):
            return kind
    return None


def find_references(text: str, start: int, end: int, own_title: str) -> list[Reference]:
    """Cited documents (《…》（文号） or after 根据/按照…) and repealed ones (…同时废止)."""
    own = squeeze(own_title)
    found: list[Reference] = []
    seen: set[tuple[str, str]] = set()
    for cite in _CITE.finditer(text, start, end):
        sentence_start = max(text.rfind(mark, start, cite.start()) for mark in "。！？") + 1
        sentence_end = min((i for i in (text.find(mark, cite.end(), end) for mark in "。！？")
                            if i >= 0), default=end)
        title = clean_line(cite.group("title"))
        number = _clean_number(cite.group("number"))
        compact = squeeze(title)
        if compact == own or (own.endswith(compact) and len(compact) >= 8):
            continue
        repeals = "废止" in text[sentence_start:sentence_end]
        cued = repeals or _CITE_CUE.search(text, max(start, sentence_start), cite.start())
        if not (number or (cued and _CITABLE.search(_KIND_TAIL.sub("", compact)))):
            continue
        relation: Literal["cites", "repeals"] = "repeals" if repeals else "cites"
        if (title, relation) not in seen:
            seen.add((title, relation))
            found.append(Reference(relation, title, number, Span(cite.start(), cite.end())))
    return found
