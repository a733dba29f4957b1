"""A progress bar on a terminal (rich, from the ``progress`` extra), nothing otherwise.

Nothing is drawn when standard error is not a terminal (a pipe, CI, a log file), when the
environment says it is CI (``CI`` set, as CI services set it, even where they give the job a
terminal) or a terminal that cannot redraw (``TERM=dumb``), or when rich is not installed: the
command's output is the same either way. The bar is drawn on standard error only, so standard
output (a report, ``--format json``) stays exactly what the command prints.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator


def wanted() -> bool:
    """Whether a bar may be drawn: standard error is a terminal, and not CI's or a dumb one."""
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stderr.isatty()


@contextlib.contextmanager
def progress_bar(label: str, total: int) -> Iterator[Callable[[int, int], None] | None]:
    """A ``progress(done, total)`` callback drawing a bar on standard error, or ``None``."""
    if not wanted():
        yield None
        return
    try:
        from rich.console import Console
        from rich.progress import Progress
    except ImportError:
        yield None
        return
    # rich's default console is standard output: the bar would land in the report (a stray
    # line before `--format json`, seen with stdout redirected to a file on a terminal).
    with Progress(console=Console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task(label, total=total)

        def advance(done: int, all_: int) -> None:
            bar.update(task, completed=done, total=all_)

        yield advance
