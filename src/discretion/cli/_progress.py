"""A progress bar on a terminal (rich, from the ``progress`` extra), nothing otherwise.

Nothing is drawn when standard error is not a terminal (a pipe, CI, a log file) or when rich is not
installed: the command's output is the same either way.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def progress_bar(label: str, total: int) -> Iterator[Callable[[int, int], None] | None]:
    """A ``progress(done, total)`` callback drawing a bar on standard error, or ``None``."""
    if not sys.stderr.isatty():
        yield None
        return
    try:
        from rich.progress import Progress
    except ImportError:
        yield None
        return
    with Progress(transient=True) as bar:
        task = bar.add_task(label, total=total)

        def advance(done: int, all_: int) -> None:
            bar.update(task, completed=done, total=all_)

        yield advance
