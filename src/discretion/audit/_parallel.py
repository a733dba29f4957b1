"""Chunks of an archive audited in forked worker processes, the results kept in order.

The rule set, its compiled items and the columnar plans the first chunk built are inherited
by the workers through ``fork`` (nothing is compiled or planned again, nothing of the rule set
is pickled); only the chunks go out and the tables of findings come back, through pipes. At
most two chunks per worker are in flight, so reading the archive stays bounded however large it
is. Where ``fork`` is not available (Windows, macOS by default) the chunks are audited in this
process, one after another: the same results, in the same order.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

_TASK: Callable[[Any], Any] | None = None  # set before the pool forks, inherited by its workers


def _run(item: Any) -> Any:
    assert _TASK is not None
    return _TASK(item)


def ordered(task: Callable[[Any], Any], items: Iterable[Any], workers: int) -> Iterator[Any]:
    """``task(item)`` for every item, in the items' order; the first in this process (it warms
    the caches the workers inherit), the others in ``workers`` forked processes."""
    global _TASK
    it = iter(items)
    if workers <= 1 or "fork" not in mp.get_all_start_methods():
        yield from map(task, it)
        return
    first = next(it, None)
    if first is None:
        return
    yield task(first)
    _TASK = task
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            pending: deque[Any] = deque()
            for item in it:
                pending.append(pool.apply_async(_run, (item,)))
                if len(pending) >= 2 * workers:
                    yield pending.popleft().get()
            while pending:
                yield pending.popleft().get()
    finally:
        _TASK = None
