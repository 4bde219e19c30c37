"""The outline of a document: headings 一、 / （一） / 1. / （1） / ① / 第一条.

Chinese plans nest these markers in a conventional order, but documents skip
levels and the order is not fixed, so nesting is decided by first appearance:
a marker style seen before closes everything below it; a new style opens a level.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from govgraph.model import Section, Span
from govgraph.extract.text import Line, clean_line

_CN = "一二三四五六七八九十百零〇"
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# One pattern for every marker style, tried at each line start; the group that matched
# names the style and holds the number.
_MARKER = re.compile(
    rf"^[ \t\u3000]*(?:第(?P<chapter>[{_CN}]+)章|第(?P<article>[{_CN}]+)条|"
    rf"(?P<cn>[{_CN}]+)[ \t]*[、．.]|[（(][ \t]*(?P<paren_cn>[{_CN}]+)[ \t]*[)）]|"
    r"(?P<num>[0-9０-９]{1,3})[ \t]*(?:[、．]|\.(?![0-9０-９]))(?![%‰])|"
    r"[（(][ \t]*(?P<paren_num>[0-9０-９]{1,3})[ \t]*[)）]|(?P<circled>[①-⑳]))[ \t\u3000]*",
    re.M)
_FORMAT = {"chapter": "第{}章", "article": "第{}条", "cn": "{}", "paren_cn": "（{}）",
           "num": "{}", "paren_num": "（{}）", "circled": "{}"}
_HEADING_END = re.compile(r"[。；;！!？?]|[：:](?=.)")


@dataclass(frozen=True, slots=True)
class Heading:
    style: str
    marker: str      # as it appears in paths: 四, （一）, 2, （1）, ①
    text: str        # the heading's own words (up to the first full stop)
    line: Line


def match_heading(line: Line) -> Heading | None:
    """The heading a line opens with, if any."""
    match = _MARKER.match(line.text)
    if not match or "\t" in line.text:
        return None
    return _heading(match, line.text[match.end():], line)


def _heading(match: re.Match, rest: str, line: Line) -> Heading:
    """``rest`` is the line after the marker."""
    style = match.lastgroup
    number = match.group(style).translate(_DIGITS)
    head = _HEADING_END.split(rest, maxsplit=1)[0].rstrip("：: ")
    return Heading(style, _FORMAT[style].format(number), clean_line(head), line)


class Outline:
    """The headings of one document and a lookup from an offset to its section."""

    def __init__(self, document: str, text: str, start: int, end: int):
        self.sections: list[Section] = []
        stack: list[tuple[str, str, str]] = []          # (style, marker, text)
        for match in _MARKER.finditer(text, start, end):
            line_end = text.find("\n", match.end(), end)
            line_end = end if line_end < 0 else line_end
            if "\t" in text[match.start():line_end]:
                continue                      # a table row (cells joined by tabs), not a heading
            line = Line(match.start(), line_end, text[match.start():line_end])
            heading = _heading(match, text[match.end():line_end], line)
            styles = [s for s, _, _ in stack]
            if heading.style in styles:
                del stack[styles.index(heading.style):]
            stack.append((heading.style, heading.marker, heading.text))
            self.sections.append(Section(
                document=document, path="/".join(m for _, m, _ in stack), marker=heading.marker,
                level=len(stack), text=heading.text, span=Span(line.start, line.end)))
        self._starts = [s.span.start for s in self.sections]

    def at(self, offset: int) -> Section | None:
        """The innermost section whose heading precedes ``offset``."""
        i = bisect_right(self._starts, offset) - 1
        return self.sections[i] if i >= 0 else None
