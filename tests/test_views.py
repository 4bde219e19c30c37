"""The renderers: registry, escaping of document text, pictures with Chinese labels,
atomic output, one-line errors, progress only on a terminal, and a light start-up."""
from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import clean_env, govgraph_exe, run_cli
from govgraph.errors import UsageError
from govgraph.views import WRITERS, format_of, writer
from hostile import EVIL_AGENCY, HOSTILE, QUOTED_AGENCY, QUOTES, SCRIPT, write_hostile
from govgraph.views.network_page import SCRIPT as OUR_SCRIPT


class Page(HTMLParser):
    """What a browser's parser sees: the elements, their attributes and the text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def check_escaped(html: str) -> Page:
    """Document text shows as text; the only scripts are govgraph's own; no handler attributes."""
    assert SCRIPT not in html and "<img" not in html
    page = Page(html)
    scripts = [attrs for tag, attrs in page.tags if tag == "script"]
    assert all(attrs in ({"type": "application/json", "class": "gg-data"}, {}) for attrs in scripts)
    assert all(s.strip() == OUR_SCRIPT.strip() or json.loads(s) for s in page.scripts)
    assert not [a for _, attrs in page.tags for a in attrs if a.startswith("on")]
    assert any(HOSTILE in text for text in page.text) or any(SCRIPT in text for text in page.text)
    return page


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return write_hostile(tmp_path_factory.mktemp("hostile"))


# ---------------------------------------------------------------- registry


@pytest.mark.parametrize("view, fmt", [(v, f) for v, formats in WRITERS.items() for f in formats])
def test_every_registered_writer_exists(view, fmt):
    assert callable(writer(view, fmt))


@pytest.mark.parametrize("view, output, fmt, expected", [
    ("workload", "-", None, "table"), ("workload", "w.XLSX", None, "xlsx"), ("workload", "-", "json", "json"),
    ("matrix", "m.markdown", None, "md"), ("viz", "n.htm", None, "html"), ("network", "n.graphml", None, "graphml"),
])
def test_format_of(view, output, fmt, expected):
    assert format_of(view, output, fmt) == expected


@pytest.mark.parametrize("view, output, fmt, message", [
    ("viz", "-", None, "viz writes a file; give -o with one of: .html, .png, .svg"),
    ("report", "r.pdf", None, "cannot tell the format of 'r.pdf' for report; end it with one of: .html"),
    ("network", "n", None, "cannot tell the format of 'n' for network; end it with one of: "
                           ".csv, .json, .gexf, .graphml"),
    ("matrix", "m.table", None, "cannot tell the format of 'm.table' for matrix; end it with one of: "
                                ".csv, .md, .html, .xlsx"),
    ("workload", "-", "yaml", "unknown format 'yaml' for workload; available: table, csv, json, xlsx, png, svg"),
])
def test_unknown_formats_list_the_choices(view, output, fmt, message):
    with pytest.raises(UsageError) as caught:
        format_of(view, output, fmt)
    assert str(caught.value) == message

# ---------------------------------------------------------------- escaping


@pytest.mark.parametrize("args", [["viz", "-o", "network.html"], ["matrix", "-o", "matrix.html"],
                                  ["report", "-o", "report.html", "--db", "g.db"]])
def test_document_text_is_escaped_in_html(hostile, tmp_path, args):
    proc = run_cli(args[0], str(hostile), *args[1:], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    html = (tmp_path / args[2]).read_text(encoding="utf-8")
    page = check_escaped(html)
    texts = "".join(page.text)
    assert EVIL_AGENCY in texts
    if args[0] != "matrix":
        titles = [attrs.get("aria-label", "") for _, attrs in page.tags]
        assert any("个机构" in t for t in titles)
        data = json.loads(next(s for s in page.scripts if s.lstrip().startswith("{")))
        assert {n["name"] for n in data["nodes"]} == {EVIL_AGENCY, QUOTED_AGENCY, "罗湖区财政局"}


def test_quotes_stay_inside_attributes(hostile, tmp_path):
    assert run_cli("matrix", str(hostile), "-o", str(tmp_path / "m.html")).returncode == 0
    page = Page((tmp_path / "m.html").read_text(encoding="utf-8"))
    titles = [attrs["title"] for tag, attrs in page.tags if tag == "th" and "title" in attrs]
    assert any(t.endswith(f"二 {QUOTES}") for t in titles)      # quotes and all, inside one attribute
    assert any(SCRIPT[:10] in t for t in titles)


def test_document_text_is_escaped_in_markdown(hostile, tmp_path):
    assert run_cli("matrix", str(hostile), "-o", str(tmp_path / "m.md")).returncode == 0
    text = (tmp_path / "m.md").read_text(encoding="utf-8")
    assert SCRIPT not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text

# ---------------------------------------------------------------- pictures


def test_pictures_have_chinese_labels(sample_db, tmp_path):
    """Rendering with a glyph missing warns; here every warning is an error."""
    from govgraph.graph.embedded import EmbeddedStore
    from govgraph.queries.network import collaboration_network
    from govgraph.queries.workload import workload
    from govgraph.views import charts

    with EmbeddedStore(sample_db) as store:
        network, rows = collaboration_network(store), workload(store)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with open(tmp_path / "n.png", "wb") as out:
            charts.network_png(network, out)
        with open(tmp_path / "w.svg", "w", encoding="utf-8") as out:
            charts.workload_svg(rows, out)
    assert (tmp_path / "n.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in (tmp_path / "w.svg").read_text(encoding="utf-8")[:500]
    assert charts.cjk_font()


def test_network_svg_keeps_its_text_and_legends(sample_db):
    """SVG labels are ``<text>`` naming the CJK family (searchable, not outlined paths), and
    the PNG/SVG figure has legends for group colour, node size and link width."""
    import io
    import re

    from govgraph.graph.embedded import EmbeddedStore
    from govgraph.queries.network import collaboration_network
    from govgraph.views import charts

    with EmbeddedStore(sample_db) as store:
        network = collaboration_network(store)
    out = io.StringIO()
    charts.network_svg(network, out)
    svg = out.getvalue()
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert len(texts) > 40 and "科技创新局" in texts and "协作群组 1" in texts
    assert "部门协作网络：55 个机构" in svg and "社区" not in svg
    assert charts.cjk_font() in re.search(r"font-family: ([^;\"]+)", svg).group(1)
    titles = [legend.get_title().get_text() for legend in charts.network_figure(network).legends]
    assert titles == ["颜色：协作群组", "圆的大小\n加权任务量（主办 1、协办 0.5、责任 1）", "连线粗细\n共同任务数"]


@pytest.mark.parametrize("args, name", [(["viz"], "n.png"), (["viz"], "n.svg"), (["workload"], "w.png")])
def test_picture_commands(sample_json_path, tmp_path, args, name):
    proc = run_cli(*args, str(sample_json_path), "-o", str(tmp_path / name))
    assert proc.returncode == 0, proc.stderr.decode()
    assert (tmp_path / name).stat().st_size > 10_000


def test_a_missing_font_is_a_one_line_error_and_the_old_file_stays(sample_json_path, tmp_path):
    old = tmp_path / "n.png"
    old.write_bytes(b"old picture")
    proc = run_cli("viz", str(sample_json_path), "-o", str(old),
                   env=clean_env(GOVGRAPH_CJK_FONT=str(tmp_path / "none.ttf")))
    assert proc.returncode == 1
    assert proc.stderr.decode().strip() == f"Error: GOVGRAPH_CJK_FONT={tmp_path / 'none.ttf'}: no such font file"
    assert old.read_bytes() == b"old picture" and sorted(p.name for p in tmp_path.iterdir()) == ["n.png"]

# ---------------------------------------------------------------- errors, progress, start-up


@pytest.mark.parametrize("args, message", [
    (["report", "-o", "r.html", "--db", "missing.db"], "Error: missing.db: no graph store here; build one first: "
                                                       "govgraph build INPUT --db missing.db"),
    (["viz", "missing.txt", "-o", "n.html"], "Error: missing.txt: no such file or directory"),
    (["network", "--db", "empty.json"], "Error: no tasks in empty.json; nothing to show "
                                        "(is it a plan with 主办/牵头/协办 annotations?)"),
])
def test_bad_input_is_a_one_line_error(tmp_path, args, message):
    (tmp_path / "empty.json").write_text('{"documents": [], "tasks": [], "agencies": []}', encoding="utf-8")
    proc = run_cli(*args, cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.decode().strip().splitlines()[-1] == message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.json"]


def test_no_progress_bar_when_stderr_is_not_a_terminal(sample_json_path, tmp_path):
    proc = run_cli("viz", str(sample_json_path), "-o", str(tmp_path / "n.html"))
    assert proc.stderr.decode().splitlines() == [f"viz written to {tmp_path / 'n.html'}"]


def test_progress_bar_on_a_terminal(sample_json_path, tmp_path):
    primary, secondary = pty.openpty()
    proc = subprocess.Popen([govgraph_exe(), "report", str(sample_json_path), "--db", str(tmp_path / "g.db"),
                             "-o", str(tmp_path / "r.html")], stdout=subprocess.DEVNULL, stderr=secondary,
                            env=clean_env(TERM="xterm", COLUMNS="100"))
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait(timeout=120) == 0
    os.close(primary)
    assert b"\x1b[" in seen and b"report" in seen     # rich drew (and cleared) its bar


def test_start_up_imports_no_heavy_library():
    code = ("import sys, govgraph.cli, govgraph.commands.views, govgraph.views, govgraph.views.report, "
            "govgraph.views.xlsx, govgraph.views.charts, govgraph.views.graphfiles, govgraph.queries.matrix; "
            "print([m for m in ('networkx', 'matplotlib', 'openpyxl', 'numpy', 'scipy') if m in sys.modules])")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "[]", proc.stderr


@pytest.mark.parametrize("command", ["workload", "network", "matrix", "viz", "report"])
def test_every_command_has_help(command):
    proc = run_cli(command, "--help")
    assert proc.returncode == 0 and b"Example: govgraph " + command.encode() in proc.stdout
