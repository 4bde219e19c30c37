"""The interactive collaboration network: one offline HTML file, or a figure inside the report.

Python lays the network out and writes it as inline SVG, so the picture is there even
where scripts are off, and each node and link carries a ``<title>`` the browser shows on
hover.  A small script adds the rest: clicking a link lists the shared tasks with the
sentences that assign them, clicking a node lists its partners, a search box finds
agencies, colours switch between 协作群组 and kind, the wheel zooms and a drag pans.  Legends
say what colour, node size and link width mean; labels that would collide with another are
drawn only while their node is hovered or found.
The script reads its data from a JSON block and writes only with ``textContent``, so no
text from a document is ever parsed as markup.  The page embeds what it shows: the
agencies, the links, and the first tasks of each link (``SHOWN_TASKS``) with their
sentences — never every task text of the corpus; the full lists are in ``govgraph network
-o network.csv``.
"""
from __future__ import annotations

from govgraph.queries.network import SHOWN_TASKS, Network
from govgraph.views.html import esc, json_script, page
from govgraph.views.layout import (FONT, SIZE_MEANS, WEIGHT_MEANS, frame, labels, link_width, radius, score_radius,
                                   size_steps, text_width, top_score, weight_steps)
from govgraph.views.labels import kind_label
from govgraph.views.style import GROUP, ROLE_NAMES, community_colour, group_name, kind_colour, short_names

WIDTH, HEIGHT = 960, 680


def network_figure(network: Network, anchors: dict[str, str] | None = None) -> str:
    """The network as a ``<figure>``; ``anchors`` maps agencies to the ids of their sections."""
    where = frame(network, WIDTH, HEIGHT)
    names = short_names(a.name for a in network.agencies)
    index = {a.name: i for i, a in enumerate(network.agencies)}
    top = max((link.weight for link in network.links), default=1)
    lines, hits = [], []
    for link in network.links:
        (x1, y1), (x2, y2) = where[link.source], where[link.target]
        ends = f'x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"'
        lines.append(f'<line class="link" {ends} stroke-width="{link_width(link.weight, top)}"/>')
        hits.append(f'<line class="hit" {ends}><title>{esc(link.source)} — {esc(link.target)}\n'
                    f'共同任务 {link.weight} 项（点击查看）</title></line>')
    sizes = [radius(agency, network) for agency in network.agencies]
    places = labels([(names[a.name], *where[a.name], r) for a, r in zip(network.agencies, sizes)],
                    lambda text: text_width(text, FONT), FONT, (WIDTH, HEIGHT))
    nodes = []
    for agency, r, place in zip(network.agencies, sizes, places):
        x, y = where[agency.name]
        counts = " · ".join(f"{ROLE_NAMES[role]} {getattr(agency, role)}" for role in ROLE_NAMES)
        label = (f'<text x="{place.dx}" y="{round(place.dy, 1)}" text-anchor="{place.anchor}">' if place
                 else f'<text class="quiet" x="{round(r + 2, 1)}" y="4">')
        nodes.append(f'<g class="node" transform="translate({x},{y})">'
                     f'<circle r="{r}" fill="{community_colour(agency.community)}"/>'
                     f'{label}{esc(names[agency.name])}</text>'
                     f"<title>{esc(agency.name)}（{kind_label(agency.kind)}，{group_name(agency.community)}）\n"
                     f"{counts}\n任务 {agency.tasks} 项，"
                     f"合作单位 {agency.degree} 个</title></g>")
    used = sorted({t for link in network.links for t in link.tasks[:SHOWN_TASKS]},
                  key=lambda t: network.tasks[t].number)
    task_index = {t: i for i, t in enumerate(used)}
    data = {
        "nodes": [{"name": a.name, "kind": a.kind, "community": a.community, "lead": a.lead,
                   "support": a.support, "responsible": a.responsible, "tasks": a.tasks,
                   "degree": a.degree, "broker": a.broker, "anchor": (anchors or {}).get(a.name)}
                  for a in network.agencies],
        "links": [{"s": index[link.source], "t": index[link.target], "w": link.weight,
                   "tasks": [task_index[t] for t in link.tasks[:SHOWN_TASKS]]} for link in network.links],
        "tasks": [{"document": network.tasks[t].document_label, "path": network.tasks[t].path,
                   "title": network.tasks[t].short_title, "text": network.tasks[t].text,
                   "annotation": network.tasks[t].annotation, "deadline": network.tasks[t].deadline_text}
                  for t in used],
        "colours": {"community": [community_colour(a.community) for a in network.agencies],
                    "kind": [kind_colour(a.kind) for a in network.agencies]},
    }
    summary = (f"{len(network.agencies)} 个机构，{len(network.links)} 条协作关系，"
               f"{len(network.communities)} 个{GROUP}")
    return (f'<figure class="gg-network" data-ready="0">\n<div class="gg-tools">'
            f'<input type="search" class="gg-search" placeholder="搜索机构 / search" aria-label="搜索机构">'
            f'<span class="gg-found muted"></span>'
            f'<label><input type="radio" name="gg-colour" value="community" checked> 按{GROUP}着色</label>'
            f'<label><input type="radio" name="gg-colour" value="kind"> 按类型着色</label>'
            f'<span class="muted">{esc(summary)}；滚轮缩放，拖动平移</span></div>\n{_legends(network)}\n'
            f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{esc(summary)}">'
            f'<g class="links">{"".join(lines)}</g><g class="hits">{"".join(hits)}</g>'
            f'<g class="nodes">{"".join(nodes)}</g></svg>\n'
            f'<aside class="gg-panel"><p class="muted">点击连线查看两单位的共同任务及原文；'
            f'点击机构查看其合作单位。</p></aside>\n{json_script(data, "gg-data")}\n</figure>')


def _legends(network: Network) -> str:
    """What the colours mean, one line per colouring (the script shows the one in use), then
    what a node's size and a link's width mean, drawn at the sizes the picture uses."""
    def line(mode: str, entries: dict[str, str], hidden: bool) -> str:
        items = " ".join(f'<span style="color:{colour}">●</span> {esc(label)}' for label, colour in entries.items())
        return f'<p class="gg-legend muted" data-mode="{mode}"{" hidden" if hidden else ""}>{items}</p>'

    communities = {group_name(n): community_colour(n) for n in range(1, len(network.communities) + 1)}
    kinds = {kind_label(k): kind_colour(k) for k in sorted({a.kind for a in network.agencies})}
    return line("community", communities, False) + line("kind", kinds, True) + _scale(network)


def _scale(network: Network) -> str:
    """Sample circles (highest, quarter and lowest score) and links (heaviest, middle, 1 task),
    drawn with CSS at the picture's sizes."""
    top, heaviest = top_score(network), max((link.weight for link in network.links), default=1)
    dots = "".join(f'<span class="gg-dot" style="width:{2 * score_radius(score, top)}px;'
                   f'height:{2 * score_radius(score, top)}px"></span>{score:g}' for score in size_steps(network))
    bars = "".join(f'<span class="gg-bar" style="height:{link_width(weight, heaviest)}px"></span>{weight} 项'
                   for weight in weight_steps(network))
    return f'<p class="gg-scale muted">{esc(SIZE_MEANS)} {dots}；{esc(WEIGHT_MEANS)} {bars}</p>'


def communities_list(network: Network) -> str:
    """Each 协作群组 with its colour and members, busiest first."""
    by_name = {a.name: a for a in network.agencies}
    items = []
    for number, members in enumerate(network.communities, 1):
        ranked = sorted(members, key=lambda m: (-by_name[m].score, m))
        items.append(f'<li><span style="color:{community_colour(number)}">●</span> {group_name(number)}'
                     f'（{len(members)} 个）：{esc("、".join(ranked))}</li>')
    return f"<ul>{''.join(items)}</ul>"


def brokers_list(network: Network) -> str:
    """The agencies that join groups, with the groups they reach."""
    rows = "".join(f'<tr><td>{esc(a.name)}</td><td class="num">{a.community}</td>'
                   f'<td>{"、".join(map(str, a.bridges))}</td>'
                   f'<td class="num">{a.betweenness:.3f}</td><td class="num">{a.degree}</td></tr>'
                   for a in network.brokers)
    return (f"<table><thead><tr><th>机构</th><th>所在{GROUP}</th><th>连接{GROUP}</th><th>中介中心度</th>"
            f"<th>合作单位</th></tr></thead><tbody>{rows}</tbody></table>" if rows
            else f'<p class="muted">没有连接不同{GROUP}的中间人。</p>')


def write_network_page(network: Network, out) -> None:
    """A standalone page: the figure, its groups and its brokers."""
    body = (f"<h1>部门协作网络</h1>\n{network_figure(network)}\n"
            f"<h2>{GROUP}</h2>\n{communities_list(network)}\n<h2>中间人</h2>\n{brokers_list(network)}")
    out.write(page("部门协作网络 · govgraph", body, SCRIPT))


SCRIPT = r"""
(function () {
  "use strict";
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function wire(figure) {
    var data = JSON.parse(figure.querySelector("script.gg-data").textContent);
    var svg = figure.querySelector("svg"), panel = figure.querySelector(".gg-panel");
    var nodes = Array.prototype.slice.call(figure.querySelectorAll("g.node"));
    var links = Array.prototype.slice.call(figure.querySelectorAll("line.link"));
    var partners = data.nodes.map(function () { return []; });
    data.links.forEach(function (l, i) { partners[l.s].push(i); partners[l.t].push(i); });

    function show(items) {
      panel.textContent = "";
      items.forEach(function (item) { panel.appendChild(item); });
    }
    function highlight(i) {
      var near = {};
      near[i] = true;
      partners[i].forEach(function (k) { near[data.links[k].s] = near[data.links[k].t] = true; });
      nodes.forEach(function (n, j) { n.classList.toggle("dim", !near[j]); });
      links.forEach(function (l, k) {
        var on = data.links[k].s === i || data.links[k].t === i;
        l.classList.toggle("dim", !on); l.classList.toggle("on", on);
      });
    }
    function clear() {
      nodes.concat(links).forEach(function (e) { e.classList.remove("dim", "on"); });
    }
    function showLink(k) {
      var l = data.links[k], list = el("ol");
      l.tasks.forEach(function (t) {
        var task = data.tasks[t], li = el("li");
        li.appendChild(el("b", task.document + " " + task.path + " " + task.title));
        if (task.deadline) li.appendChild(el("span", "（完成时限：" + task.deadline + "）"));
        li.appendChild(el("div", task.text));
        li.appendChild(el("div", task.annotation, "source"));
        list.appendChild(li);
      });
      var items = [el("h3", data.nodes[l.s].name + " — " + data.nodes[l.t].name),
                   el("p", "共同任务 " + l.w + " 项"), list];
      if (l.tasks.length < l.w) {
        items.push(el("p", "仅列前 " + l.tasks.length + " 项；全部共同任务：govgraph network -o network.csv", "muted"));
      }
      show(items);
    }
    function showNode(i) {
      var n = data.nodes[i], list = el("ul");
      partners[i].slice().sort(function (a, b) { return data.links[b].w - data.links[a].w; })
        .forEach(function (k) {
          var l = data.links[k], li = el("li");
          var a = el("a", data.nodes[l.s === i ? l.t : l.s].name + "（" + l.w + " 项）");
          a.href = "#"; a.addEventListener("click", function (ev) { ev.preventDefault(); showLink(k); });
          li.appendChild(a); list.appendChild(li);
        });
      var items = [el("h3", n.name), el("p", "主办/牵头 " + n.lead + " · 协办/配合 " + n.support +
                   " · 责任 " + n.responsible + " · 任务 " + n.tasks + " 项" + (n.broker ? " · 中间人" : ""))];
      if (n.anchor && document.getElementById(n.anchor)) {
        var p = el("p"), go = el("a", "本单位任务清单 →");
        go.href = "#" + n.anchor; p.appendChild(go); items.push(p);
      }
      items.push(el("p", "合作单位 " + n.degree + " 个："), list);
      show(items);
    }
    nodes.forEach(function (n, i) {
      n.addEventListener("mouseenter", function () { highlight(i); });
      n.addEventListener("mouseleave", clear);
      n.addEventListener("click", function () { showNode(i); });
    });
    Array.prototype.forEach.call(figure.querySelectorAll("line.hit"), function (h, k) {
      h.addEventListener("click", function () { showLink(k); });
      h.addEventListener("mouseenter", function () { links[k].classList.add("on"); });
      h.addEventListener("mouseleave", function () { links[k].classList.remove("on"); });
    });

    var search = figure.querySelector(".gg-search"), found = figure.querySelector(".gg-found");
    search.addEventListener("input", function () {
      var q = search.value.trim(), hits = [];
      nodes.forEach(function (n, i) {
        var hit = q !== "" && data.nodes[i].name.indexOf(q) >= 0;
        if (hit) hits.push(i);
        n.classList.toggle("found", hit); n.classList.toggle("dim", q !== "" && !hit);
      });
      found.textContent = q ? hits.length + " 个匹配" : "";
      if (hits.length === 1) showNode(hits[0]);
    });
    Array.prototype.forEach.call(figure.querySelectorAll("input[name=gg-colour]"), function (radio) {
      radio.addEventListener("change", function () {
        nodes.forEach(function (n, i) {
          n.querySelector("circle").setAttribute("fill", data.colours[radio.value][i]);
        });
        Array.prototype.forEach.call(figure.querySelectorAll(".gg-legend"), function (p) {
          p.hidden = p.dataset.mode !== radio.value;
        });
      });
    });

    var box = svg.viewBox.baseVal, drag = null;
    svg.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var r = svg.getBoundingClientRect(), f = ev.deltaY > 0 ? 1.15 : 1 / 1.15;
      var x = box.x + (ev.clientX - r.left) / r.width * box.width;
      var y = box.y + (ev.clientY - r.top) / r.height * box.height;
      box.x = x - (x - box.x) * f; box.y = y - (y - box.y) * f; box.width *= f; box.height *= f;
    }, {passive: false});
    svg.addEventListener("pointerdown", function (ev) {
      if (ev.target === svg) drag = {x: ev.clientX, y: ev.clientY, bx: box.x, by: box.y};
    });
    window.addEventListener("pointermove", function (ev) {
      if (!drag) return;
      var r = svg.getBoundingClientRect();
      box.x = drag.bx - (ev.clientX - drag.x) / r.width * box.width;
      box.y = drag.by - (ev.clientY - drag.y) / r.height * box.height;
    });
    window.addEventListener("pointerup", function () { drag = null; });
    figure.dataset.ready = String(nodes.length);
  }
  Array.prototype.forEach.call(document.querySelectorAll("figure.gg-network"), wire);
})();
"""
