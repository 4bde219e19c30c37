"""Progress on stderr for long work: a rich bar when stderr is a terminal, silence otherwise
(piped or redirected, stderr carries only the lines a script may read: warnings, errors, the
summary)."""
from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def progress(label: str, total: int | Callable[[], int] | None = None) -> Iterator[Callable[[str], None]]:
    """Yields ``step(description)``; call it once per unit of work.  With a known ``total``
    the bar shows done/total, the rate and the time left; without one, a spinner, the count,
    the rate and the time so far.  ``total`` may be a function, called only when there is a
    bar to show (counting can cost a walk of the input folders)."""
    if not sys.stderr.isatty():
        yield lambda _description: None
        return
    if callable(total):
        total = total()
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               _rate(), TimeRemainingColumn() if total else TimeElapsedColumn()]
    with Progress(*columns, transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task(label, total=total)

        def step(description: str) -> None:
            bar.update(task, advance=1, description=f"{label} {description}")

        yield step


def _rate():
    """A column of units per second (rich's own speed column counts bytes)."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task) -> Text:
            # no speed until rich has measured two steps
            return Text(f"{task.speed:.1f}/s" if task.speed else "", style="progress.data.speed")

    return Rate()
