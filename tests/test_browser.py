"""The report and the network page in a real browser: headless Chromium over the DevTools protocol.

Chromium (Debian's ``chromium``, installed by tests/setup.sh) starts with
``--remote-debugging-port=0`` and writes the port it chose to ``DevToolsActivePort`` in
its profile folder; the test speaks the protocol over a websocket (websocket-client):
it records console errors, uncaught exceptions and dialogs (an ``alert`` would be one),
loads each page, asks the page how many network nodes its script wired up, clicks a link
and searches as a reader would, and keeps a screenshot in tests/artifacts/.

Under CI a missing Chromium fails the tests; on a developer machine without it they skip.
"""
from __future__ import annotations

import base64
import itertools
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest

from conftest import TESTS, _in_ci, run_cli
from hostile import EVIL_AGENCY, SCRIPT, write_hostile

ARTIFACTS = TESTS / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-port=0", "--window-size=1280,1000"]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        if found := shutil.which(name):
            return found
    if _in_ci():
        pytest.fail("Chromium is not installed (tests/setup.sh installs Debian's chromium)", pytrace=False)
    pytest.skip("Chromium is not installed (CI fails here; run tests/setup.sh)")


class Browser:
    """One headless Chromium and a DevTools session on its first page."""

    def __init__(self, executable: str):
        import websocket

        self.profile = tempfile.mkdtemp(prefix="govgraph-chromium-")
        self.process = subprocess.Popen([executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port = self._port()
        pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        url = next(p["webSocketDebuggerUrl"] for p in pages if p["type"] == "page")
        self.socket = websocket.create_connection(url, timeout=30, suppress_origin=True)
        self.ids = itertools.count(1)
        self.events: list[dict] = []
        for domain in ("Runtime", "Log", "Page"):
            self.call(f"{domain}.enable")

    def _port(self) -> int:
        marker = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if marker.exists() and (lines := marker.read_text().split()):
                return int(lines[0])
            if self.process.poll() is not None:
                raise RuntimeError(f"Chromium exited with {self.process.returncode}")
            time.sleep(0.05)
        raise RuntimeError("Chromium did not open its DevTools port in 30 s")

    def call(self, method: str, **params) -> dict:
        ident = next(self.ids)
        self.socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self._event(message)

    def _event(self, message: dict) -> None:
        self.events.append(message)
        if message.get("method") == "Page.javascriptDialogOpening":     # never leave a page blocked
            self.socket.send(json.dumps({"id": next(self.ids), "method": "Page.handleJavaScriptDialog",
                                         "params": {"accept": False}}))

    def open(self, path: Path) -> None:
        self.events.clear()
        self.call("Page.navigate", url=path.resolve().as_uri())
        deadline = time.monotonic() + 30
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            assert time.monotonic() < deadline, f"{path} did not load in 30 s"
            self._event(json.loads(self.socket.recv()))

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions and dialogs since the page was opened."""
        self.evaluate("0")          # let pending events arrive
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                found.append(f"console.{params['type']}: {[a.get('value') for a in params.get('args', [])]}")
            elif method == "Runtime.exceptionThrown":
                found.append(f"exception: {params['exceptionDetails'].get('text')}")
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append(f"log: {params['entry']['text']}")
            elif method == "Page.javascriptDialogOpening":
                found.append(f"dialog: {params.get('message')}")
        return found

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=False)["data"]
        path = ARTIFACTS / name
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        self.socket.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    session = Browser(chromium_path())
    try:
        yield session
    finally:
        session.close()


@pytest.fixture(scope="module")
def pages(sample_json_path, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    made = {"report": folder / "report.html", "network": folder / "network.html", "hostile": folder / "hostile.html",
            "matrix": folder / "matrix.html"}
    for args in (["report", str(sample_json_path), "--db", str(folder / "g.db"), "-o", str(made["report"])],
                 ["viz", str(sample_json_path), "-o", str(made["network"])],
                 ["matrix", str(sample_json_path), "-o", str(made["matrix"])],
                 ["report", str(write_hostile(folder)), "--db", str(folder / "h.db"), "-o", str(made["hostile"])]):
        proc = run_cli(*args)
        assert proc.returncode == 0, proc.stderr.decode()
    return made


def agencies_with_tasks(sample_json) -> int:
    return len({a["agency"] for t in sample_json["tasks"] for a in t["assignments"]})


@pytest.mark.parametrize("name", ["report", "network"])
def test_page_loads_without_errors_and_shows_every_agency(browser, pages, sample_json, name):
    browser.open(pages[name])
    wired = browser.evaluate("document.querySelector('figure.gg-network').dataset.ready")
    drawn = browser.evaluate("document.querySelectorAll('figure.gg-network g.node').length")
    assert int(wired) == drawn == agencies_with_tasks(sample_json)
    assert browser.evaluate("document.querySelectorAll('figure.gg-network line.link').length") > 100
    browser.screenshot(f"{name}.png")
    assert browser.problems() == []


def test_clicking_a_link_lists_the_shared_tasks(browser, pages, sample_json):
    """The first link drawn is the heaviest pair; its panel lists their tasks and annotations."""
    pairs = Counter()
    for task in sample_json["tasks"]:
        pairs.update(combinations(sorted({a["agency"] for a in task["assignments"]}), 2))
    (one, other), weight = min(pairs.items(), key=lambda item: (-item[1], item[0]))
    first = next(t for t in sample_json["tasks"] if {one, other} <= {a["agency"] for a in t["assignments"]})
    browser.open(pages["network"])
    text = browser.evaluate("""(() => {
        document.querySelector('line.hit').dispatchEvent(new MouseEvent('click', {bubbles: true}));
        return document.querySelector('.gg-panel').innerText; })()""")
    assert f"{one} — {other}" in text and f"共同任务 {weight} 项" in text
    assert first["text"] in text and first["annotation"] in text
    browser.screenshot("network-link.png")
    assert browser.problems() == []


def test_search_finds_agencies(browser, pages):
    browser.open(pages["report"])
    found = browser.evaluate("""(() => {
        const box = document.querySelector('.gg-search');
        box.value = '街道';
        box.dispatchEvent(new Event('input'));
        return [document.querySelectorAll('g.node.found').length, document.querySelector('.gg-found').textContent]; })()""")
    assert found[0] >= 4 and found[1] == f"{found[0]} 个匹配"
    assert browser.problems() == []


def test_colours_switch_between_community_and_kind(browser, pages):
    browser.open(pages["network"])
    state = """[[...document.querySelectorAll('g.node circle')].map(c => c.getAttribute('fill')).join(),
                [...document.querySelectorAll('.gg-legend')].filter(p => !p.hidden).map(p => p.dataset.mode)]"""
    before = browser.evaluate(state)
    browser.evaluate("""(() => { const r = document.querySelector('input[value=kind]');
                                 r.checked = true; r.dispatchEvent(new Event('change')); })()""")
    after = browser.evaluate(state)
    assert before[1] == ["community"] and after[1] == ["kind"] and before[0] != after[0]
    assert browser.problems() == []


def test_labels_do_not_collide_and_legends_say_what_size_and_width_mean(browser, pages):
    """Every label drawn overlaps no other label and no other agency's circle; the rest show
    on hover; the legends name the groups and what a node's size and a link's width mean."""
    browser.open(pages["network"])
    seen = browser.evaluate("""(() => {
        const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
        const nodes = [...document.querySelectorAll('g.node')];
        const shown = nodes.map(n => n.querySelector('text')).filter(t => getComputedStyle(t).visibility === 'visible');
        return {labels: shown.map(t => [nodes.indexOf(t.parentNode), ...box(t)]),
                circles: nodes.map(n => box(n.querySelector('circle'))),
                legend: [...document.querySelectorAll('.gg-legend, .gg-scale')].filter(p => !p.hidden)
                        .map(p => p.textContent).join(' ')}; })()""")
    labels, circles = seen["labels"], seen["circles"]
    assert len(labels) >= len(circles) * 0.6 > 20

    def overlap(a, b) -> bool:
        return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5

    clashes = [(i, j) for (i, *a), (j, *b) in combinations(labels, 2) if overlap(a, b)]
    clashes += [(i, k) for i, *a in labels for k, c in enumerate(circles) if k != i and overlap(a, c)]
    assert clashes == []
    assert all(f"协作群组 {n}" in seen["legend"] for n in (1, 2, 3))
    assert "圆的大小" in seen["legend"] and "连线粗细" in seen["legend"] and "社区" not in seen["legend"]
    assert browser.problems() == []


# what a reader sees first of the matrix: its header cells, the first row's cells, and the
# element on top at the middle of each first-row cell (a header running over it would be)
MATRIX_GEOMETRY = """(() => {
    const table = document.querySelector('table.matrix');
    const row = table.querySelector('tbody tr');
    const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const frame = table.closest('.scroll'), edge = frame.getBoundingClientRect().left + frame.clientWidth;
    const shown = c => c.getBoundingClientRect().right < Math.min(edge, innerWidth);
    const covered = [...row.cells].filter(shown).filter(c => {
        const r = c.getBoundingClientRect(), x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
        const top = document.elementFromPoint(x, y);
        return !(top === c || c.contains(top)); }).map(c => c.textContent);
    return {heads: [...table.querySelectorAll('thead th')].map(box), row: [...row.cells].map(box),
            marks: row.querySelectorAll('td.mark.lead, td.mark.support, td.mark.responsible').length,
            checked: [...row.cells].filter(shown).length, covered}; })()"""


@pytest.mark.parametrize("name", ["matrix", "report"])
def test_the_matrix_header_never_covers_the_first_row(browser, pages, name):
    """The rotated task titles end inside their header cells, above the first bureau's row,
    so the busiest bureaus' marks show (the header box and what is on top both checked)."""
    browser.open(pages[name])
    browser.evaluate("document.querySelector('table.matrix').scrollIntoView()")
    seen = browser.evaluate(MATRIX_GEOMETRY)
    assert len(seen["heads"]) > 30 and seen["marks"] > 5 and seen["checked"] > 10
    first_row_top = min(top for _, top, _, _ in seen["row"])
    assert max(bottom for _, _, _, bottom in seen["heads"]) <= first_row_top + 0.5
    assert seen["covered"] == []
    browser.screenshot(f"{name}-matrix.png")
    assert browser.problems() == []


def test_hostile_text_stays_text(browser, pages):
    browser.open(pages["hostile"])
    assert browser.evaluate("document.body.innerText").count(SCRIPT) >= 3
    assert browser.evaluate("document.querySelectorAll('img').length") == 0
    names = browser.evaluate("[...document.querySelectorAll('g.node text')].map(t => t.textContent)")
    assert EVIL_AGENCY in names
    browser.evaluate("document.querySelector('line.hit').dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    assert SCRIPT in browser.evaluate("document.querySelector('.gg-panel').innerText")
    browser.screenshot("hostile.png")
    assert browser.problems() == []


def test_the_harness_sees_errors_and_dialogs(browser, tmp_path):
    """So that finding none above means something."""
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><script>console.error('broken'); alert(1); undefinedFunction();</script>",
                    encoding="utf-8")
    browser.open(page)
    found = browser.problems()
    assert any(p.startswith("console.error") for p in found)
    assert "dialog: 1" in found
    assert any(p.startswith("exception") for p in found)
