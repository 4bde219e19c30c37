"""Statements in task-division tables: each row that names an agency (see ``tables``)."""
from __future__ import annotations

import re
from functools import lru_cache

from govgraph.extract.lexicon import lexicon
from govgraph.extract.statements import Context, Statement, Style
from govgraph.extract.tables import cells, rows


@lru_cache(maxsize=1)
def _hint() -> re.Pattern:
    """Where an agency column's header may be: a header role word, or a word ending like
    a slot label, closing a cell (a tab, a space or the line end follows); its characters
    may stand a space apart, as a header cell spaced out to its column's width does
    (``| 牵 头 部 门 |``, ``| 责 任 单 位``)."""
    lex = lexicon()
    words = {w.word for w in lex.words if w.is_role and "header" in w.forms}
    words |= set(lex.grammar.get("label-ending", ()))
    alternation = "|".join("[ \u3000]?".join(map(re.escape, word))
                           for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:{alternation})(?=[ \t]*(?:\n|$)|[\t ])")


class Tables(Style):
    name = "tables"
    open_ended = True

    def find(self, ctx: Context, taken: list[Statement]) -> list[Statement]:
        text, end = ctx.text, ctx.end
        found: list[Statement] = []
        pos = ctx.start
        hint = _hint()
        while (match := hint.search(text, pos, end)) is not None:
            line_start = text.rfind("\n", ctx.start, match.start()) + 1
            line_end = text.find("\n", match.end(), end)
            line_end = end if line_end < 0 else line_end
            header = rows.header(text, line_start, line_end)
            if header is not None:
                layout, columns = header
                statements, stop = rows.read(text, line_end, end, columns, layout, ctx.lists_agencies)
            elif (stream := cells.header(text, match.start(), ctx.start, end)) is not None:
                layout, columns, header_end = stream
                statements, stop = cells.read(text, header_end, end, columns, layout,
                                              ctx.lists_agencies)
            else:
                pos = match.end()
                continue
            found += statements
            pos = max(stop, match.end())
        if not found:                 # no header anywhere: a table whose header was lost
            found = cells.headerless(text, ctx.start, end, ctx.lists_agencies)
        return found
