"""The pieces of govgraph's HTML: one offline page, escaped text, data for scripts.

Everything a document says — titles, task texts, agency names — reaches a page through
``esc`` (as markup) or ``json_script`` (as data), never pasted raw: a plan that quotes
``<script>`` shows it as text.  Pages load nothing from outside, so they open offline and
can be mailed as one file.
"""
from __future__ import annotations

import html
import json

from govgraph.views.style import ROLE_COLOURS

FONTS = ('"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", '
         '"PingFang SC", "Hiragino Sans GB", sans-serif')

CSS = """
:root { --lead: %(lead)s; --support: %(support)s; --responsible: %(responsible)s; --line: #d5d8dc; }
body { font-family: %(fonts)s; margin: 0 auto; max-width: 1200px; padding: 0 1.2rem 3rem; color: #1c2833; }
h1 { font-size: 1.6rem; margin: 1.2rem 0 .4rem; } h2 { margin-top: 2.4rem; border-bottom: 2px solid #1c2833; }
h3 { margin: 1.6rem 0 .4rem; } nav a { margin-right: 1rem; } .muted { color: #707b7c; }
table { border-collapse: collapse; font-size: .85rem; margin: .6rem 0; }
th, td { border: 1px solid var(--line); padding: .25rem .45rem; vertical-align: top; text-align: left; }
th { background: #f2f3f4; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.scroll { overflow: auto; max-height: 75vh; border: 1px solid var(--line); }
.scroll table { margin: 0; } .scroll thead th { position: sticky; top: 0; z-index: 1; }
.matrix td.mark { text-align: center; font-weight: bold; min-width: 1.4em; }
.matrix th.agency, .matrix td.agency { position: sticky; left: 0; background: #fff; white-space: nowrap; }
.matrix thead th.task { writing-mode: vertical-rl; font-weight: normal; white-space: nowrap; height: 14em;
  max-height: 14em; overflow: hidden; text-overflow: ellipsis; }
.lead { color: #fff; background: var(--lead); } .support { color: #fff; background: var(--support); }
.responsible { color: #fff; background: var(--responsible); }
.cards { display: flex; gap: 1rem; flex-wrap: wrap; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .6rem 1.2rem; }
.card b { display: block; font-size: 1.8rem; }
.source { color: #515a5a; font-size: .8rem; }
.gg-network { margin: 0; display: grid; grid-template-columns: minmax(0, 1fr) 20rem; gap: .8rem; }
.gg-tools { grid-column: 1 / -1; display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
.gg-legend, .gg-scale { grid-column: 1 / -1; margin: 0; }
.gg-network svg { width: 100%%; height: auto; border: 1px solid var(--line); background: #fdfefe; cursor: grab; }
.gg-panel { border: 1px solid var(--line); padding: .6rem; font-size: .85rem; overflow: auto; max-height: 44rem; }
.gg-panel li { margin-bottom: .5rem; }
.gg-network .link { stroke: #85929e; stroke-opacity: .45; }
.gg-network .hit { stroke: transparent; stroke-width: 9; cursor: pointer; }
.gg-network .node { cursor: pointer; } .gg-network .node circle { stroke: #fff; stroke-width: 1.2; }
.gg-network .node text { font-size: 11px; fill: #1c2833; pointer-events: none; paint-order: stroke;
  stroke: #fff; stroke-width: 3px; }
.gg-network text.quiet { visibility: hidden; }
.gg-network .node:hover text.quiet, .gg-network .found text.quiet { visibility: visible; }
.gg-dot, .gg-bar { display: inline-block; vertical-align: middle; margin: 0 .3rem 0 .8rem; background: #bfc9ca; }
.gg-dot { border-radius: 50%%; } .gg-bar { width: 2.5rem; background: #85929e; }
.gg-network .dim { opacity: .12; } .gg-network .on { stroke: #1c2833; stroke-opacity: .9; }
.gg-network .found circle { stroke: #1c2833; stroke-width: 3; }
""" % dict(ROLE_COLOURS, fonts=FONTS)


def esc(text) -> str:
    """Text as HTML: ``<``, ``>``, ``&`` and both quotes escaped, so it is safe in attributes too."""
    return html.escape("" if text is None else str(text), quote=True)


def json_script(data, css_class: str) -> str:
    """``data`` as a ``<script type="application/json">`` that no text inside can end early:
    ``<``, ``>`` and ``&`` are written as JSON escapes, so ``</script>`` cannot occur."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return f'<script type="application/json" class="{esc(css_class)}">{text}</script>'


def page(title: str, body: str, script: str = "") -> str:
    """A whole HTML page; ``script`` is govgraph's own code (never document text)."""
    head, tail = page_around(title, script)
    return f"{head}{body}\n{tail}"


def page_around(title: str, script: str = "") -> tuple[str, str]:
    """What comes before a page's body and after it, for a body written a piece at a time."""
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
            (f"<script>{script}</script>\n" if script else "") + "</body>\n</html>\n")
