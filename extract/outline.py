"""The outline of a document: headings 一、 / （一） / 1. / （1） / ① / 第一条.

Chinese plans nest these markers in a conventional order, but documents skip
levels and the order is not fixed, so nesting is decided by first appearance:
a marker style seen before closes everything below it; a new style opens a level.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from govgraph.model import Section, Span
from govgraph.extract.text import clean_line

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
# how each style's number is written in paths (the others as they are: 四, ①; numbers in
# ASCII digits: ２ → 2)
_FORMAT = {"chapter": "第{}章", "article": "第{}条", "paren_cn": "（{}）", "num": "{}",
           "paren_num": "（{}）"}
_HEADING_END = re.compile(r"[。；;！!？?]|[：:](?=.)")


def _heading_text(rest: str) -> str:
    """A heading's own words: the line after its marker, up to the first full stop."""
    stop = _HEADING_END.search(rest)
    return clean_line((rest[:stop.start()] if stop else rest).rstrip("：: "))


class Outline:
    """The headings of one document and a lookup from an offset to its section."""

    def __init__(self, document: str, text: str, start: int, end: int):
        self.sections: list[Section] = []
        styles: list[str] = []                  # the open levels, outermost first
        markers: list[str] = []
        for match in _MARKER.finditer(text, start, end):
            line_end = text.find("\n", match.end(), end)
            line_end = end if line_end < 0 else line_end
            if text.find("\t", match.start(), line_end) >= 0:
                continue                      # a table row (cells joined by tabs), not a heading
            style = match.lastgroup
            assert style is not None          # every marker is a named group
            number = match.group(style)
            marker = _FORMAT[style].format(number.translate(_DIGITS)) if style in _FORMAT else number
            if style in styles:
                level = styles.index(style)
                del styles[level:], markers[level:]
            styles.append(style)
            markers.append(marker)
            self.sections.append(Section(document, "/".join(markers), marker, len(styles),
                                         _heading_text(text[match.end():line_end]),
                                         Span(match.start(), line_end)))
        self._starts = [s.span.start for s in self.sections]

    def at(self, offset: int) -> Section | None:
        """The innermost section whose heading precedes ``offset``."""
        i = bisect_right(self._starts, offset) - 1
        return self.sections[i] if i >= 0 else None
