"""Progress on stderr for long work: a rich spinner/bar when stderr is a terminal, silence otherwise."""
from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def progress(label: str, total: int | None = None) -> Iterator[Callable[[str], None]]:
    """Yields ``step(description)``; call it once per unit of work."""
    if not sys.stderr.isatty():
        yield lambda _description: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn()]
    with Progress(*columns, transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task(label, total=total)

        def step(description: str) -> None:
            bar.update(task, advance=1, description=f"{label} {description}")

        yield step
