"""Writing output files so that nothing already there is lost, replaced or left half-written.

``atomic_output`` decides by what the path is, never by its name alone:

* ``-``, or a path that is this process's stdout (``/dev/stdout``, ``/dev/fd/1``): stdout;
* a device, a FIFO or a socket (``/dev/null``, a named pipe): written straight through,
  so it stays what it was;
* a symlink: followed, so the file it points to gets the output and the link stays a link;
* a regular file, or a new one: written to a temporary file beside it, flushed to disk,
  renamed into place, and the folder synced, so a crash leaves the old file or the new one.

``refuse_inputs``, called by a command before any work, refuses an output that is one
of its inputs.
"""
from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from govgraph.errors import OutputError

PathLike = str | os.PathLike


@contextlib.contextmanager
def atomic_output(path: PathLike, mode: str = "w") -> Iterator[IO]:
    """An open file (text, or binary when ``mode`` has ``b``) that becomes ``path`` on
    success; on any error an existing ``path`` is untouched and no temporary file is left."""
    if str(path) == "-" or _is_stdout(path):
        out = sys.stdout.buffer if "b" in mode else sys.stdout
        yield out
        out.flush()
        return
    target = Path(os.path.realpath(path))
    if target.exists() and not target.is_dir() and not stat.S_ISREG(target.stat().st_mode):
        with _opened(target, mode, path) as out:
            yield out
        return
    with _replacing(target, mode, path) as out:
        yield out


def refuse_inputs(output: PathLike, inputs: Iterable[PathLike]) -> None:
    """Refuse an output that is one of ``inputs``, or a file an input folder would read."""
    if str(output) == "-" or not os.path.isfile(output):
        return
    from govgraph.extract.reader import read_from

    for item in inputs:
        if str(item) == "-" or not os.path.exists(item):
            continue
        if read_from(item, output) if os.path.isdir(item) else os.path.samefile(item, output):
            raise OutputError(f"{output}: is one of the inputs; write the output to another file")


def _is_stdout(path: PathLike) -> bool:
    """Is ``path`` the very file this process's stdout is (``/dev/stdout``, ``/dev/fd/1``)?"""
    try:
        return os.path.samestat(os.stat(path), os.fstat(1))
    except OSError:
        return False


@contextlib.contextmanager
def _opened(target: Path, mode: str, where: PathLike) -> Iterator[IO]:
    """A device or FIFO opened as it is: nothing replaced, nothing truncated."""
    try:
        handle = os.open(target, os.O_WRONLY | os.O_CLOEXEC)
    except OSError as exc:
        raise OutputError(f"{where}: cannot write to it ({exc.strerror})") from None
    with _file(handle, mode) as out:
        yield out


def _file(handle: int, mode: str) -> IO:
    if "b" in mode:
        return os.fdopen(handle, mode)
    return os.fdopen(handle, mode, encoding="utf-8", newline="\n")


@contextlib.contextmanager
def _replacing(target: Path, mode: str, where: PathLike) -> Iterator[IO]:
    """A temporary file beside ``target``, renamed over it once written and on disk;
    messages name the output as it was given (``where``)."""
    folder, given = target.parent, Path(where).parent
    if target.is_dir():
        raise OutputError(f"{where}: is a directory; give a file name for the output")
    if not folder.is_dir():
        raise OutputError(f"{where}: folder {given} does not exist; create it first")
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{where}: cannot write in folder {given} ({exc.strerror}); "
                          "choose another folder for the output") from None
    try:
        with _file(handle, mode) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Put the rename itself on disk; a file system that cannot sync a folder is left be."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
