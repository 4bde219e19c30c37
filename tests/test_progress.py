"""Progress bars: on a terminal, done/total, rate and time left when the total is known; on a
pipe, nothing at all.  The terminal is a real pseudo-terminal (``pty``)."""
from __future__ import annotations

import contextlib
import os
import pty
import re
import subprocess
import sys
import threading
import time

from conftest import SAMPLE, TESTS, clean_env, govgraph_exe
from govgraph.progress import progress

PLAN = TESTS / "fixtures" / "genre" / "gz-keji-2012.txt"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@contextlib.contextmanager
def terminal():
    """A pseudo-terminal: yields (the end a program writes to, the text read from it so far)."""
    master, slave = pty.openpty()
    chunks: list[bytes] = []

    def read() -> None:
        with contextlib.suppress(OSError):          # EIO once the writing end is closed
            while data := os.read(master, 65536):
                chunks.append(data)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    seen: list[str] = []
    try:
        yield slave, seen
    finally:
        os.close(slave)
        reader.join(10)
        os.close(master)
        seen.append(ANSI.sub("", b"".join(chunks).decode("utf-8", "replace")))


def steps(monkeypatch, total, count: int = 3) -> str:
    """What ``progress`` draws on a terminal for ``count`` steps a little apart."""
    with terminal() as (slave, seen):
        monkeypatch.setattr(sys, "stderr", os.fdopen(os.dup(slave), "w"))
        with progress("extracting", total=total) as step:
            for i in range(count):
                time.sleep(0.15)
                step(f"plan{i}.txt")
        sys.stderr.close()
    return seen[0]


def test_a_known_total_shows_done_of_total_rate_and_time_left(monkeypatch):
    drawn = steps(monkeypatch, total=3)
    assert "extracting plan2.txt" in drawn
    assert "3/3" in drawn and "/?" not in drawn
    assert re.search(r"\d+\.\d/s", drawn), drawn
    assert re.search(r"\b0:00:0\d\b", drawn), drawn


def test_a_total_given_as_a_function_is_counted_only_on_a_terminal(monkeypatch, capsys):
    asked: list[int] = []

    def total() -> int:
        asked.append(1)
        return 3

    with progress("extracting", total=total) as step:       # stderr captured: not a terminal
        step("plan.txt")
    assert asked == [] and capsys.readouterr().err == ""
    assert "3/3" in steps(monkeypatch, total=total)
    assert asked == [1]


def test_an_unknown_total_shows_the_count(monkeypatch):
    drawn = steps(monkeypatch, total=None, count=2)
    assert "2/?" in drawn


def test_silent_when_stderr_is_not_a_terminal(capsys):
    with progress("extracting", total=2) as step:
        step("a.txt")
        step("b.txt")
    assert capsys.readouterr().err == ""


def test_extract_counts_the_files_it_will_read():
    """The installed command on a terminal: the bar's total is the number of files."""
    with terminal() as (slave, seen):
        proc = subprocess.run([govgraph_exe(), "extract", str(SAMPLE), str(PLAN), "-o", "/dev/null"],
                              stderr=slave, stdout=subprocess.DEVNULL, env=clean_env(COLUMNS="160"), timeout=120)
    assert proc.returncode == 0, seen
    assert "2/2" in seen[0] and "/?" not in seen[0]
    assert seen[0].rstrip().splitlines()[-1].endswith("from 2 file(s)")
