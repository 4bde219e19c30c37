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
from itertools import islice
from dataclasses import dataclass
from typing import Literal

from govgraph.model import Reference, Span
from govgraph.extract.lexicon import _rows, lexicon
from govgraph.extract.text import _MARKUP, Line, clean_line, split_lines, squeeze

_DATE = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
DATELINE = re.compile(rf"^\s*[（(]\s*{_DATE}\s*[)）]\s*$")
_DATELINE_ANYWHERE = re.compile(rf"^[ \t\u3000]*[（(][ \t]*{_DATE}[ \t]*[)）][ \t\u3000]*$", re.M)
SIGNATURE_DATE = re.compile(rf"^\s*{_DATE}\s*$")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}\s*[〔\[【［(（]\s*\d{4}\s*[〕\]】］)）]\s*第?\s*\d{1,4}\s*[号號]")
DOC_NUMBER_LINE = re.compile(rf"^\s*(?:{DOC_NUMBER.pattern})\s*$")

_VOCABULARY = _rows("documents.csv")
# Genre words a title ends with, longest first; the kind is the word itself.
KINDS = tuple(sorted((r["pattern"] for r in _VOCABULARY if r["type"] == "kind"), key=len, reverse=True))


def _words(kind: str) -> str:
    return "|".join(f"(?:{r['pattern']})" for r in _VOCABULARY if r["type"] == kind)


# an attachment's label (附件 / 附件1 / 附件：1.), alone on its line or before the attachment's title
_ATTACHMENT = re.compile(rf"(?:{_words('attachment')})\s*(?:\d{{1,2}}\s*[.．、]\s*)?")
# the lines of a web page around a document: metadata table, breadcrumbs, editor
_FURNITURE = re.compile(_words("furniture"))
_CONTINUATION = re.compile(_words("continuation"))
# traditional characters of the title words, each with its simplified form: a page in
# traditional script (or half converted: 關于印發) is read with the same title words
_SIMPLIFIED = str.maketrans(dict(pair for r in _VOCABULARY if r["type"] == "traditional"
                                 for pair in r["pattern"].split()))
_CELLS = re.compile(r"[|\t]|\s{2,}")              # a table's row, not a title
_HAN = re.compile(r"[\u4e00-\u9fff]")
# a number printed under or beside a masthead (…人民政府办公室文件 常政办发〔2018〕32号)
_MASTHEAD_NUMBER = re.compile(r"文件\s*(?P<number>" + DOC_NUMBER.pattern + ")")
# a number in brackets ending its line, alone or after the title: (长府办发〔2012〕19号)
_BRACKETED_NUMBER = re.compile(r"[（(]\s*(?P<number>" + DOC_NUMBER.pattern + r")\s*[)）]\s*$")
_KIND_TAIL = re.compile(r"(?:[（(][^（）()]*[)）])+$")          # （2014—2015年）
_TITLE_END = re.compile(r"(?:%s)(?:[（(][^（）()]{0,20}[)）])?[》]?$" % "|".join(KINDS))
_TITLE_ENDINGS = (*KINDS, ")", "）", "》")          # what a line matching _TITLE_END ends with
_LAST_CHARS = {w[-1] for w in _TITLE_ENDINGS}
_TITLE_LAST_CHARS = frozenset(_LAST_CHARS | {chr(c) for c, s in _SIMPLIFIED.items() if s in _LAST_CHARS})
# a header line worth a closer look has a label (：), a number (号), a date (日) or a notice
# (关于, 印发), or it ends like a title (markup and spaces aside)
_HEADER_LINE = re.compile(r"^(?:[^\n]*[:：号號日关關印][^\n]*|[^\n]*[%s](?:[^\S\n]|[*_])*)$"
                          % re.escape("".join(_TITLE_LAST_CHARS)), re.M)
_NOTICE = re.compile(r"^(?P<issuer>.*?)(?:关于)?(?:印发|转发|颁布|发布)\s*《(?P<inner>.+)》\s*的通知$")
_ORG_WORDS = _words("organ")
_ISSUER = re.compile(rf"^(?P<issuer>.+?(?:{_ORG_WORDS}|{_words('issuer-organ')}))\s*(?:关于|印发|转发)")
_LABEL = re.compile(rf"^(?:{_words('title-label')})\s*[:：]\s*")
_NUMBER_LABEL = re.compile(rf"(?:{_words('number-label')})\s*[:：]?\s*(?P<number>{DOC_NUMBER.pattern})")
_DATE_LABEL = re.compile(rf"(?:{_words('date-label')})\s*[:：]\s*(\d{{4}})\s*[-年/.]\s*(\d{{1,2}})"
                         r"\s*[-月/.]\s*(\d{1,2})")
_NOTICE_LINE = re.compile(rf"关于.{{2,120}}?的(?:{_words('notice-kind')})|印发.{{2,120}}的通知")
_TITLE_START = re.compile(r"(?:关于|印发|中共|国务院|\d{4}\s*年|[\u4e00-\u9fff]{1,12}?(?:省|市|区|县|自治区|"
                          r"人民政府|政府|办公厅|办公室|委员会|部|委|局|厅))")
_TOP_HEADING = re.compile(r"\s*(?:一\s*[、．.]|第一章)")
_ZONE_LINES = 150                                  # a header is searched for in this many lines
_ZONE = re.compile(r"(?:[^\n]*\n){0,%d}" % _ZONE_LINES)
_ORG_LINE = re.compile(rf"^[\u4e00-\u9fff（）]{{3,40}}(?:{_ORG_WORDS})$")
# one or more issuers alone on a line (国务院办公厅、中央军委办公厅)
_ISSUER_PART = re.compile(rf"[\u4e00-\u9fff（）]{{2,30}}(?:{_ORG_WORDS})")
_ISSUER_SEPARATORS = re.compile(r"[\s、]+")
_SENTENCE_MARKS = "。；;！？!?：:，,"
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
            if not _TITLE_END.search(_simplified(stripped)) or len(stripped) > 160:
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
    listed: list[tuple[int, int, str]] = []           # titles in a notice's list of attachments (附件：1. …)
    named: tuple[int, int, str] | None = None         # a title the page labels (名称：…)
    taken = 0                                         # lines above this end belong to a title taken
    for line in _HEADER_LINE.finditer(text, 0, _header_zone_end(text)):
        cleaned = clean_line(line.group().strip())
        if not cleaned:
            continue
        labelled = ":" in cleaned or "：" in cleaned        # 标题：… / 文号：… / 发文日期：…
        attached = None
        if labelled:
            if label := _LABEL.match(cleaned):
                cleaned = cleaned[label.end():]
            if attached := _ATTACHMENT.match(cleaned):
                cleaned = cleaned[attached.end():]
            if label and named is None and _title_like(cleaned, 6) and not _is_notice_line(cleaned):
                named = (line.start(), line.end(), cleaned)
        if number is None and ("号" in cleaned or "號" in cleaned):
            number = _number_in(cleaned)
        if date is None and ("日" in cleaned or labelled and "时间" in cleaned):
            date = _date_in(cleaned)
        if line.start() >= taken and 6 <= len(cleaned) <= 160 and cleaned[-1] not in _SENTENCE_MARKS \
                and not _FURNITURE.match(cleaned) and (
                _is_notice_line(cleaned) or (_ends_like_title(cleaned)
                                             and not _OUTLINE_START.match(cleaned))):
            taken, title = _continued(text, line.end(), _with_wrapped_lines(text, line.start(), cleaned))
            (listed if attached else titles).append((line.start(), taken, title))
    notice = next((t for t in titles if _is_notice_line(t[2])), None)
    heading = named or _attachment_title(text) or next(
        (t for t in titles if not _is_notice_line(t[2]) and (notice is None or t[0] > notice[0])),
        listed[0] if listed else None)
    chosen = heading or notice
    # the plan's body starts under its heading, unless the notice's text says how to read
    # the plan's lists (责任单位中排序第一单位为牵头单位): then under the notice's title
    opening = notice if notice and heading and lexicon().convention(
        text, "first-leads", notice[1], heading[0]) else chosen
    body_start = opening[1] if opening else 0
    if chosen is None:                     # no title at all: name it by its first line, read it all
        chosen = (0, 0, _first_line(text))
    if date is None:
        date = next((_iso(m.groups()) for ln in _lines_back(text, len(text), 30, len(text) - 2000)
                     if (m := SIGNATURE_DATE.match(ln) or DATELINE.match(ln))), None)
    title_raw = _MARKUP.sub("", notice[2] if notice else chosen[2])
    return Header(start=0, body_start=body_start, title=chosen[2],
                  title_raw=title_raw, doc_number=number, date=date, byline=None,
                  notice=notice[2] if notice and heading else None)


def _page_lines(text: str, limit: int = 2000) -> Iterator[tuple[Line, str]]:
    """The first lines of ``text`` that are not page furniture (``data/documents.csv``:
    metadata tables, breadcrumbs, editors), each with its cleaned text."""
    for line in split_lines(text, 0, min(len(text), limit)):
        cleaned = clean_line(line.stripped)
        if cleaned and not _FURNITURE.match(cleaned):
            yield line, cleaned


def _title_like(line: str, shortest: int = 4) -> bool:
    """Short enough for a title, with no sentence mark at its end nor a label inside."""
    return (shortest <= len(line) <= 80 and line[-1] not in _SENTENCE_MARKS
            and ":" not in line and "：" not in line and not _OUTLINE_START.match(line))


def _attachment_title(text: str) -> tuple[int, int, str] | None:
    """A file that opens with an attachment's label (附件 / 附件1) is that attachment, and the
    line after the label is its title (2024年…任务分工表（基础任务清单）)."""
    page = list(islice(_page_lines(text), 2))
    if len(page) == 2 and _ATTACHMENT.fullmatch(page[0][1]) and _title_like(page[1][1], 6):
        return page[1][0].start, page[1][0].end, page[1][1]
    return None


def _first_line(text: str) -> str:
    """A name for a document without a title: its first line that may be one (furniture,
    labels, rows of a table and sentences passed over), else its first line; at most 60
    characters."""
    first = None
    for _, cleaned in _page_lines(text):
        first = first or cleaned
        if (len(cleaned) <= 80 and cleaned[-1] not in _SENTENCE_MARKS and not _CELLS.search(cleaned)
                and len(_HAN.findall(cleaned)) >= 4):
            return cleaned[:60]
    if first is None:
        first = next((clean_line(ln.stripped) for ln in split_lines(text, 0, min(len(text), 400))
                      if ln.stripped), "")
    return first[:60]


def _simplified(line: str) -> str:
    """The line with the traditional characters of title words simplified (same length, so
    a match's offsets hold in the line as printed)."""
    return line.translate(_SIMPLIFIED)


def _is_notice_line(line: str) -> bool:
    line = _simplified(line)
    return ("关于" in line or "印发" in line) and _NOTICE_LINE.search(line) is not None


def _ends_like_title(line: str) -> bool:
    """The line ends in a genre word (意见, 行动计划（2014—2015年）, …》)."""
    line = _simplified(line)
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
    lines above it.  A title opening with 关于 takes in its issuer's name printed alone on
    the line above (a red header: ``国务院办公厅`` / ``关于…的函``), the name being part of it."""
    parts, top = [cleaned], at
    if not _TITLE_START.match(_simplified(cleaned)):
        for line in _lines_back(text, at - 1, 4):
            top -= len(line) + 1
            piece = clean_line(line.strip())
            if not piece:
                continue
            if len(piece) > 40 or _SENTENCE_END.search(piece) or _OUTLINE_START.match(piece) or \
                    _TITLE_END.search(piece) or DOC_NUMBER.search(piece) or SIGNATURE_DATE.match(piece) \
                    or re.fullmatch(r"[（(].*[)）]", piece):
                return cleaned
            parts.insert(0, piece)
            if _TITLE_START.match(_simplified(piece)):
                break
        else:
            return cleaned
    title = "".join(parts)
    if _simplified(title).startswith("关于"):
        above = next((clean_line(ln.strip()) for ln in _lines_back(text, top - 1, 2) if ln.strip()), "")
        if _issuer_line(_simplified(above)):
            return above + title
    return title


def _issuer_line(line: str) -> bool:
    """A line of issuers only (``国务院办公厅、中央军委办公厅``): each part between 、 or spaces a
    body's name; checked part by part, so a long line costs linear time."""
    parts = [part for part in _ISSUER_SEPARATORS.split(line) if part]
    return len(line) <= 80 and bool(parts) and all(_ISSUER_PART.fullmatch(part) for part in parts)


def _continued(text: str, end: int, title: str) -> tuple[int, str]:
    """A title wrapped before its end (``…《政府工作报告》任务分解`` / ``和责任分工方案``) takes in
    the short lines below while it leaves a 《 open, the next opens with a conjunction
    (``data/documents.csv``) or a notice is left unfinished (``国务院关于落实《政府工作报告》`` /
    ``重点工作部门分工的意见``: its first line ends like a title only by the name it cites);
    returns where it ends, and the title."""
    for _ in range(3):
        below = split_lines(text, min(len(text), end + 1), min(len(text), end + 200))
        line = next((ln for ln in below[:2] if ln.stripped), None)
        piece = clean_line(line.stripped) if line else ""
        unclosed = title.count("《") > title.count("》") or title.count("〈") > title.count("〉")
        unfinished = ("关于" in _simplified(title) and not _is_notice_line(title)
                      and _is_notice_line(title + piece))
        if not piece or len(piece) > 40 or piece[-1] in _SENTENCE_MARKS or _OUTLINE_START.match(piece) \
                or DOC_NUMBER.search(piece) or SIGNATURE_DATE.match(piece) \
                or not (unclosed or unfinished or _CONTINUATION.match(piece)) \
                or not _ends_like_title(title + piece):      # 和平区… or 及时… opening a line of its own
            break
        end, title = line.end, title + piece
    return end, title


def _number_in(line: str) -> str | None:
    """The 文号 of a header line: after a label (文号：/ 编号), beside a masthead (…文件),
    in brackets at the line's end or alone on its line."""
    labelled = (_NUMBER_LABEL.search(line) or _MASTHEAD_NUMBER.search(line)
                or _BRACKETED_NUMBER.search(line))
    if labelled:
        return _clean_number(labelled.group("number"))
    return _clean_number(line) if DOC_NUMBER_LINE.match(line) else None


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
    notice = _NOTICE.match(_simplified(header.title))
    if notice and not notice_title:
        notice_title = header.title
        inner = header.title[notice.start("inner"):notice.end("inner")]
        title = _own_heading(text, header.body_start, end, inner) or clean_line(inner)
    issuer = _ISSUER.match(_simplified(header.title_raw))
    if issuer:
        issuers = _split_issuers(header.title_raw[:issuer.end("issuer")])
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
    bare = _KIND_TAIL.sub("", _simplified(squeeze(title))).rstrip("》")
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
