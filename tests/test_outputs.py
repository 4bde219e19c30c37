"""``-o`` never destroys anything: not an input, not a device, not a FIFO, not a symlink;
devices and stdout are written straight through; a stopped run leaves no temporary file
and no worker behind.

What only a real process shows (its file descriptor 1, a user without root's capabilities,
its system calls, signals) runs the installed command; the rest runs in-process
(``conftest.invoke``)."""
from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE, clean_env, govgraph_exe, invoke, run_cli

GENRE = ROOT / "tests" / "fixtures" / "genre"
PLAN = GENRE / "gz-keji-2012.txt"


def err(proc) -> list[str]:
    return proc.stderr.decode("utf-8").splitlines()


def test_bar_output_that_is_the_input_is_refused(tmp_path):
    source = Path(shutil.copy(PLAN, tmp_path / "a.txt"))
    before = source.read_bytes()
    proc = run_cli("extract", str(source), "-o", str(source))
    assert proc.returncode == 2
    assert err(proc) == [f"Error: {source}: is one of the inputs; write the output to another file"]
    assert source.read_bytes() == before
    assert os.listdir(tmp_path) == ["a.txt"]


def test_output_through_a_symlink_to_the_input_is_refused(tmp_path):
    source = Path(shutil.copy(PLAN, tmp_path / "a.txt"))
    (tmp_path / "out.json").symlink_to(source)
    result = invoke("extract", source, "-o", tmp_path / "out.json")
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert source.read_bytes() == PLAN.read_bytes()


def test_output_a_folder_input_would_read_is_refused_and_others_are_not(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(PLAN, folder / "a.txt")
    report = folder / "report.html"             # .html: read when the folder is read
    report.write_text("<p>old</p>", encoding="utf-8")
    result = invoke("matrix", folder, "-o", report)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {report}: is one of the inputs; write the output to another file\n"
    assert report.read_text(encoding="utf-8") == "<p>old</p>"
    result = invoke("extract", folder, "-o", folder / "tasks.json")     # .json is never read
    assert result.exit_code == 0, result.stderr


def test_export_rdf_over_its_store_is_refused(sample_db, tmp_path):
    store = Path(shutil.copy(sample_db, tmp_path / "g.db"))
    before = store.read_bytes()
    result = invoke("export", "rdf", store, "--db", store, "-f", "nt")
    assert result.exit_code == 2 and "is one of the inputs" in result.stderr.splitlines()[0]
    assert store.read_bytes() == before


@pytest.mark.parametrize("unprivileged", [False, True], ids=["root", "unprivileged"])
@pytest.mark.parametrize("output", ["-", "/dev/stdout", "/dev/fd/1"])
def test_bar_stdout_by_any_name_prints_json(output, unprivileged):
    proc = run_cli("extract", str(PLAN), "-o", output, unprivileged=unprivileged)
    assert proc.returncode == 0, err(proc)
    assert json.loads(proc.stdout)["tasks"]


def test_stdout_appended_to_a_file_keeps_what_was_there(tmp_path):
    """``-o /dev/stdout >> log``: written through stdout, so the log is not replaced."""
    log = tmp_path / "log"
    log.write_bytes(b"earlier line\n")
    with open(log, "ab") as sink:
        proc = subprocess.run([govgraph_exe(), "extract", str(PLAN), "-o", "/dev/stdout"], stdout=sink,
                              stderr=subprocess.PIPE, env=clean_env(), timeout=120)
    assert proc.returncode == 0
    head, body = log.read_bytes().split(b"\n", 1)
    assert head == b"earlier line" and json.loads(body)["tasks"]


@pytest.mark.parametrize("unprivileged", [False, True], ids=["root", "unprivileged"])
def test_bar_a_character_device_stays_one(unprivileged):
    """As root it was replaced by a regular file; unprivileged, it was a PermissionError."""
    before = os.stat("/dev/null")
    proc = run_cli("extract", str(PLAN), "-o", "/dev/null", unprivileged=unprivileged)
    assert proc.returncode == 0, err(proc)
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino


def test_bar_a_fifo_stays_one_and_its_reader_gets_the_json(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = invoke("extract", PLAN, "-o", fifo)
    reader.join(30)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert json.loads(got[0])["tasks"]
    assert os.listdir(tmp_path) == ["pipe"]


def test_bar_a_symlink_stays_one_and_its_target_gets_the_output(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "tasks.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "tasks.json"
    link.symlink_to(target)
    dangling = tmp_path / "new.json"
    dangling.symlink_to(tmp_path / "real" / "new.json")
    for output in (link, dangling):
        result = invoke("extract", PLAN, "-o", output)
        assert result.exit_code == 0, result.stderr
        assert output.is_symlink()
        assert json.loads(output.resolve().read_text(encoding="utf-8"))["tasks"]
    assert sorted(os.listdir(tmp_path / "real")) == ["new.json", "tasks.json"]


def test_the_rename_is_synced_to_disk_with_its_folder(tmp_path):
    """What the process asks of the kernel (strace): the file synced, renamed into place,
    then its folder opened and synced, so the rename itself survives a power cut."""
    strace = shutil.which("strace")
    assert strace, "strace is needed (tests/setup.sh installs it)"
    trace = tmp_path / "trace"
    out = tmp_path / "out" / "tasks.json"
    out.parent.mkdir()
    proc = subprocess.run([strace, "-f", "-e", "trace=openat,rename,renameat,renameat2,fsync", "-o", str(trace),
                           govgraph_exe(), "extract", str(PLAN), "-o", str(out)], capture_output=True, env=clean_env(),
                          timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    calls = [line.split(None, 1)[1] for line in trace.read_text().splitlines() if line.split(None, 1)[1:]]
    renamed = next(i for i, call in enumerate(calls) if call.startswith("rename") and f'"{out}"' in call)
    opened = next(i for i, call in enumerate(calls[renamed:], renamed)
                  if call.startswith(f'openat(AT_FDCWD, "{out.parent}", ') and "O_DIRECTORY" in call)
    folder = calls[opened].rsplit("= ", 1)[1]
    assert f"fsync({folder})" in [call.split(" =")[0].strip() for call in calls[opened:]]
    assert any(call.startswith("fsync(") for call in calls[:renamed])       # the file first


def test_a_folder_that_is_not_writable_is_one_line(tmp_path):
    folder = tmp_path / "readonly"
    folder.mkdir()
    folder.chmod(0o555)
    tmp_path.chmod(0o755)
    proc = run_cli("extract", str(PLAN), "-o", str(folder / "out.json"), unprivileged=True)
    assert proc.returncode == 2
    assert err(proc) == [f"Error: {folder}/out.json: cannot write in folder {folder} (Permission denied); "
                         "choose another folder for the output"]
    assert os.listdir(folder) == []


# --------------------------------------------------------------------------- signals


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Enough text that two worker processes take some seconds over it."""
    folder = tmp_path_factory.mktemp("corpus")
    text = SAMPLE.read_text(encoding="utf-8")
    for i in range(60):
        (folder / f"plan{i:02}.txt").write_text(text, encoding="utf-8")
    return folder


def children(pid: int) -> list[int]:
    """The live processes whose parent is ``pid``."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def start_extract(corpus: Path, out: Path) -> tuple[subprocess.Popen, list[int]]:
    """A two-process extraction of ``corpus``, once its workers run and its output is begun."""
    proc = subprocess.Popen([govgraph_exe(), "extract", str(corpus), "--workers", "2", "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=clean_env())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers = children(proc.pid)
        if len(workers) == 2 and [p for p in os.listdir(out.parent) if p.endswith(".tmp")]:
            return proc, workers
        assert proc.poll() is None, proc.stderr.read().decode()
        time.sleep(0.05)
    proc.kill()
    pytest.fail("the extraction did not start two workers within a minute")


def wait_until_gone(pids: list[int], seconds: float = 10) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := [p for p in pids if alive(p)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_extraction_leaves_no_temporary_file_and_no_worker(corpus, tmp_path, sig):
    out = tmp_path / "out.json"
    proc, workers = start_extract(corpus, out)
    proc.send_signal(sig)
    assert proc.wait(30) == 130
    assert proc.stderr.read().decode().splitlines()[-1] == "Interrupted; nothing was written."
    assert os.listdir(tmp_path) == []
    assert wait_until_gone(workers) == []


def test_workers_die_with_a_killed_parent(corpus, tmp_path):
    proc, workers = start_extract(corpus, tmp_path / "out.json")
    proc.kill()
    proc.wait(30)
    assert wait_until_gone(workers) == []
