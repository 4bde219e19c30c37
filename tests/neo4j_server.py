"""Start a real Neo4j Community server for tests (no mocks, no docker).

The server is the small Java program in ``tests/neo4j`` (Neo4j 5.26 LTS run in-process with
the embedded API).  ``tests/neo4j/prepare.sh`` builds it with Maven and fetches every jar once;
after that everything works offline.

Usage::

    from neo4j_server import start_neo4j, unused_bolt_uri

    with start_neo4j(password="s3cret", timeout=120) as srv:
        driver = neo4j.GraphDatabase.driver(srv.uri, auth=(srv.user, srv.password))
        ...
    # or: srv = start_neo4j(); ...; srv.stop()

    down_uri = unused_bolt_uri()   # bolt://127.0.0.1:<port> with nothing listening

``start_neo4j`` raises ``RuntimeError`` (with the last lines of the server's stderr) when the
build fails or the server is not ready in time.  The Java process is always ended: by
``stop()`` / leaving the ``with`` block (also on exceptions and KeyboardInterrupt), by an
``atexit`` hook, and -- if this Python process dies hard -- by the server itself, which exits
when its stdin pipe closes.

Environment knobs:
  GOVGRAPH_NEO4J_JVM_OPTS   extra JVM flags appended to the defaults (e.g. "-Xmx1g")
  GOVGRAPH_NEO4J_LOG        file to which the server's stderr is copied (debugging)

Only the standard library is used here; the ``neo4j`` driver is needed only by the tests.
"""

from __future__ import annotations

import atexit
import collections
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from pathlib import Path

__all__ = [
    "DEFAULT_JVM_OPTS",
    "Neo4jServer",
    "build_is_ready",
    "free_port",
    "prepare",
    "start_neo4j",
    "unused_bolt_uri",
]

HERE = Path(__file__).resolve().parent
PROJECT_DIR = HERE / "neo4j"
PREPARE_SH = PROJECT_DIR / "prepare.sh"
MAIN_CLASS = "govgraph.testserver.GovgraphNeo4jServer"
NEO4J_USER = "neo4j"
DEFAULT_PASSWORD = "govgraph-test-pw"

# Small heap and page cache: the tests hold tiny graphs, and the machine has 2 cores.
#  - SerialGC: no parallel GC threads competing with the 2 cores.
#  - TieredStopAtLevel=1: C1 only -- ~10% faster start, less compiler CPU; fine for test loads.
#  - the --add-opens / netty flags are the ones Neo4j's own launcher passes; without them the
#    page cache falls back to a slower mode and logs a warning.
DEFAULT_JVM_OPTS: tuple[str, ...] = (
    "-Xms64m",
    "-Xmx512m",
    "-XX:MaxDirectMemorySize=256m",
    "-XX:+UseSerialGC",
    "-XX:TieredStopAtLevel=1",
    "-XX:+ExitOnOutOfMemoryError",
    "-XX:-UsePerfData",
    "-Djava.awt.headless=true",
    "-Dfile.encoding=UTF-8",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)
DEFAULT_PAGECACHE = "32m"

_LIVE: "weakref.WeakSet[Neo4jServer]" = weakref.WeakSet()


# --------------------------------------------------------------------------- helpers


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago (bound and released at once)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def unused_bolt_uri(host: str = "127.0.0.1") -> str:
    """A bolt:// URI with nothing listening: use it to test a DOWN server."""
    return f"bolt://{host}:{free_port(host)}"


def _java_binary() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which("java")
    if not found:
        raise RuntimeError("Neo4j test server: no 'java' on PATH and no usable JAVA_HOME (need Java 17+)")
    return found


def build_is_ready() -> bool:
    """True when tests/neo4j is built and matches its sources (prepare.sh --check)."""
    try:
        r = subprocess.run(
            ["bash", str(PREPARE_SH), "--check"],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return r.returncode == 0


def prepare(timeout: float = 1800.0) -> None:
    """Build tests/neo4j (no-op when up to date).  Raises RuntimeError with prepare.sh's error line."""
    try:
        r = subprocess.run(
            ["bash", str(PREPARE_SH)],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout,
        )
    except subprocess.TimeoutExpired as e:
        raise RuntimeError(f"Neo4j test server: {PREPARE_SH} did not finish within {timeout:.0f} s") from e
    except OSError as e:
        raise RuntimeError(f"Neo4j test server: cannot run {PREPARE_SH}: {e}") from e
    if r.returncode != 0:
        lines = [l for l in (r.stderr + r.stdout).splitlines() if l.strip()]
        errors = [l for l in lines if "ERROR" in l] or lines[-5:]
        raise RuntimeError(
            f"Neo4j test server: {PREPARE_SH} failed (exit {r.returncode}): " + " | ".join(errors)
        )


def _classpath() -> str:
    return os.pathsep.join([str(PROJECT_DIR / "target" / "classes"), str(PROJECT_DIR / "target" / "lib" / "*")])


def _pump(stream, sink: "collections.deque[str]", on_line=None, copy_to=None) -> None:
    """Read a pipe line by line until EOF (runs in a daemon thread)."""
    try:
        for raw in iter(stream.readline, ""):
            line = raw.rstrip("\r\n")
            if on_line is not None and on_line(line):
                continue
            sink.append(line)
            if copy_to is not None:
                try:
                    copy_to.write(line + "\n")
                    copy_to.flush()
                except (OSError, ValueError):
                    pass
    except (OSError, ValueError):
        pass
    finally:
        try:
            stream.close()
        except OSError:
            pass


# --------------------------------------------------------------------------- the server


class Neo4jServer:
    """A running test server.  Use as a context manager or call ``stop()``."""

    user: str = NEO4J_USER

    def __init__(self, process: subprocess.Popen, password: str, data_dir: Path, cmd: list[str],
                 log_file=None, keep_data: bool = False) -> None:
        self.process = process
        self.password = password
        self.data_dir = data_dir
        self.keep_data = keep_data
        self.cmd = cmd
        self.uri: str | None = None
        self.port: int | None = None
        self.startup_seconds: float | None = None
        self._lines: collections.deque[str] = collections.deque(maxlen=400)
        self._ready = threading.Event()
        self._lock = threading.Lock()
        self._stopped = False
        self._log_file = log_file
        self._threads = [
            threading.Thread(target=_pump, args=(process.stdout, self._lines, self._on_stdout_line),
                             name="neo4j-stdout", daemon=True),
            threading.Thread(target=_pump, args=(process.stderr, self._lines, None, log_file),
                             name="neo4j-stderr", daemon=True),
        ]
        for t in self._threads:
            t.start()

    # -- protocol -------------------------------------------------------------------------
    def _on_stdout_line(self, line: str) -> bool:
        if not self._ready.is_set() and line.startswith("READY "):
            uri = line.split(None, 1)[1].strip()
            self.uri = uri
            self.port = int(uri.rsplit(":", 1)[1])
            self._ready.set()
            return True
        return False  # anything else on stdout is kept with the stderr lines

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)

    @property
    def pid(self) -> int:
        return self.process.pid

    def is_alive(self) -> bool:
        return self.process.poll() is None

    def stderr_tail(self, n: int = 40) -> str:
        lines = list(self._lines)[-n:]
        return "\n".join(lines) if lines else "(no output)"

    def rss_mb(self) -> float | None:
        """Resident memory of the Java process in MiB (Linux only)."""
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
        except OSError:
            return None
        return None

    def driver(self, **kwargs):
        """A ``neo4j`` driver for this server (needs the neo4j package)."""
        import neo4j  # noqa: PLC0415 - optional dependency

        return neo4j.GraphDatabase.driver(self.uri, auth=self.auth, **kwargs)

    def _wait_ready(self, timeout: float) -> None:
        t0 = time.monotonic()
        deadline = t0 + timeout
        while True:
            if self._ready.wait(0.1):
                break
            code = self.process.poll()
            if code is not None:
                # Give the pumps a moment to collect the last words.
                for t in self._threads:
                    t.join(timeout=2)
                raise RuntimeError(
                    f"Neo4j test server exited with code {code} before it was ready.\n"
                    f"command: {shlex.join(self.cmd)}\nlast output:\n{self.stderr_tail()}"
                )
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"Neo4j test server was not ready within {timeout:.0f} s.\n"
                    f"command: {shlex.join(self.cmd)}\nlast output:\n{self.stderr_tail()}"
                )
        self.startup_seconds = time.monotonic() - t0
        # The server checked this itself before printing READY; double-check from outside.
        with socket.create_connection(("127.0.0.1", self.port), timeout=5):
            pass

    # -- teardown -------------------------------------------------------------------------
    def stop(self, timeout: float = 30.0) -> int | None:
        """Stop the server (idempotent) and delete its data (unless kept).  Returns the exit code."""
        with self._lock:
            if self._stopped:
                return self.process.returncode
            self._stopped = True
        p = self.process
        try:
            # 1. polite: close stdin -> the server shuts Neo4j down and exits 0.
            if p.poll() is None:
                try:
                    if p.stdin is not None:
                        p.stdin.close()
                except OSError:
                    pass
                try:
                    p.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    pass
            # 2. SIGTERM (runs the same shutdown hook), 3. SIGKILL.
            if p.poll() is None:
                try:
                    p.send_signal(signal.SIGTERM)
                    p.wait(timeout=10)
                except (subprocess.TimeoutExpired, OSError):
                    pass
            if p.poll() is None:
                p.kill()
                p.wait(timeout=10)
        finally:
            if p.poll() is None:  # only reachable if an exception interrupted the above
                try:
                    p.kill()
                    p.wait(timeout=10)
                except Exception:  # noqa: BLE001 - last resort, never mask the original error
                    pass
            self._release()
        return p.returncode

    def kill(self) -> int | None:
        """Crash the server: SIGKILL, nothing shut down.  Its data folder is kept when the
        caller gave it (``start_neo4j(data_dir=…)``), to start a server on it again."""
        with self._lock:
            if self._stopped:
                return self.process.returncode
            self._stopped = True
        try:
            self.process.kill()
            self.process.wait(timeout=30)
        finally:
            self._release()
        return self.process.returncode

    def _release(self) -> None:
        """What a stopped server leaves to clean: its pipes, and its data unless kept."""
        try:
            if self.process.stdin is not None:
                self.process.stdin.close()
        except OSError:
            pass
        for t in self._threads:
            t.join(timeout=2)
        if not self.keep_data:
            shutil.rmtree(self.data_dir, ignore_errors=True)
        if self._log_file is not None:
            try:
                self._log_file.close()
            except OSError:
                pass
        _LIVE.discard(self)

    def __enter__(self) -> "Neo4jServer":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.is_alive() else f"exited({self.process.returncode})"
        return f"<Neo4jServer {self.uri} pid={self.process.pid} {state}>"


def start_neo4j(
    password: str = DEFAULT_PASSWORD,
    timeout: float = 180.0,
    *,
    port: int = 0,
    pagecache: str = DEFAULT_PAGECACHE,
    jvm_opts: list[str] | tuple[str, ...] | None = None,
    build: bool = True,
    prepare_timeout: float = 1800.0,
    data_dir: Path | None = None,
) -> Neo4jServer:
    """Start a Neo4j Community server on 127.0.0.1 and wait until Bolt accepts logins.

    password: password of user ``neo4j`` (auth is enabled).
    timeout:  seconds to wait for READY after the JVM is launched (the build is not counted).
    port:     Bolt port; 0 picks a free one (read it from ``.uri`` / ``.port``).
    jvm_opts: replaces DEFAULT_JVM_OPTS; $GOVGRAPH_NEO4J_JVM_OPTS is appended in any case.
    build:    run tests/neo4j/prepare.sh first (a no-op when the build is up to date).
    data_dir: the DBMS home, kept when the server stops and started on again if it holds one
              (a server restarted after a crash); default: a new folder, deleted on stop.

    Returns a Neo4jServer (a context manager) with uri, user, password, port and stop().
    Raises RuntimeError when the build fails or the server does not come up.
    """
    if not password:
        raise ValueError("password must not be empty")
    if build:
        prepare(timeout=prepare_timeout)
    elif not (PROJECT_DIR / "target" / "classes").is_dir():
        raise RuntimeError(f"Neo4j test server is not built: run bash {PREPARE_SH}")

    opts = list(DEFAULT_JVM_OPTS if jvm_opts is None else jvm_opts)
    opts += shlex.split(os.environ.get("GOVGRAPH_NEO4J_JVM_OPTS", ""))
    keep_data = data_dir is not None
    data_dir = Path(data_dir) if keep_data else Path(tempfile.mkdtemp(prefix="govgraph-neo4j-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    cmd = [
        _java_binary(), *opts, "-cp", _classpath(), MAIN_CLASS,
        "--port", str(port), "--data-dir", str(data_dir), "--pagecache", pagecache,
        *(["--keep-data"] if keep_data else []),
    ]
    env = dict(os.environ)
    env["NEO4J_PASSWORD"] = password  # not on the command line, so not visible in ps
    log_path = os.environ.get("GOVGRAPH_NEO4J_LOG")
    log_file = open(log_path, "a", encoding="utf-8") if log_path else None  # noqa: SIM115

    try:
        process = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=str(data_dir),
            env=env,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
            start_new_session=True,  # Ctrl-C reaches Python only; Python then stops the server
        )
    except OSError as e:
        if not keep_data:
            shutil.rmtree(data_dir, ignore_errors=True)
        if log_file is not None:
            log_file.close()
        raise RuntimeError(f"Neo4j test server: cannot launch {cmd[0]}: {e}") from e

    server = Neo4jServer(process, password, data_dir, cmd, log_file, keep_data)
    _LIVE.add(server)
    try:
        server._wait_ready(timeout)
    except BaseException:  # includes KeyboardInterrupt: never leave a JVM behind
        server.stop(timeout=10)
        raise
    return server


@atexit.register
def _stop_all() -> None:
    for server in list(_LIVE):
        try:
            server.stop(timeout=10)
        except Exception as e:  # noqa: BLE001
            print(f"neo4j_server: could not stop {server!r}: {e}", file=sys.stderr)


if __name__ == "__main__":  # manual check: python tests/neo4j_server.py
    t = time.monotonic()
    with start_neo4j() as s:
        print(f"{s.uri} ready in {s.startup_seconds:.2f} s (JVM launch to READY), "
              f"{time.monotonic() - t:.2f} s incl. build check; RSS {s.rss_mb():.0f} MiB")
    print("stopped")
