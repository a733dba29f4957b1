"""The driver: every check family on every version of every item, then the example cases.

Items are checked in runs of :data:`CHUNK` consecutive items. Before a run is checked, the
circumstance check's cases of all its items are decided as columns (:mod:`._columns`); the
families then run item by item, in order. Runs are checked one after another, or in ``jobs``
worker processes (``concurrent.futures``): each worker receives the rule set once — a forked
worker inherits it as loaded, a spawned one gets its compiled form
(:mod:`discretion.compile._compiled`: data, compiled item by item on first use) —, checks runs and returns their findings, which are joined in item order, so that the report is
the serial run's. Ctrl-C (``KeyboardInterrupt``) cancels the runs not started, tells the workers
to stop after the item at hand (a shared event), waits for them to end and is raised again to
the caller; the workers themselves ignore the signal.

Enters: a loaded rule set and example-case files. Leaves: the :class:`~._problems.Report`.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

from ...compile._compiled import dumps_compiled, loads_compiled
from ...compile._ruleset import RuleSet
from ._after import check_after
from ._amounts2 import check_equals
from ._amounts3 import check_of_clause, check_product_bands
from ._bands import check_bands
from ._cases import check_cases
from ._circumstances import check_circumstances
from ._citations import check_citations
from ._columns import prepare
from ._context import DEFAULT_LIMIT, Checker
from ._derived import check_derived
from ._grid import check_grid
from ._keeps import check_keeps
from ._kinds import check_kinds
from ._levels import check_levels
from ._lists import check_lists
from ._modes import check_branch_modes, check_modes
from ._parties import check_party_kinds, check_thresholds
from ._penalties import check_combined
from ._point import check_point
from ._problems import Problem, Report
from ._refines import check_refines

Progress = Callable[[int, int], None]
"""Called with (items checked, items in all) as the check goes on."""

CHUNK = 64
"""Items checked per run (a worker's task): enough cases to decide as columns at once, small
enough for a steady progress bar and even shares."""


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity where the system tells, else all)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


class _Stopped(Exception):  # noqa: N818 - a signal between the parent and its workers
    """The parent asked the workers to stop (Ctrl-C)."""


def _check_items(
    checker: Checker, codes: Iterable[str], stop: Callable[[], bool] | None = None
) -> int:
    """Every family on every version of the items ``codes``; the number of versions checked."""
    ruleset = checker.ruleset
    # Versions: each version of an item is a standard of its own, checked on its own.
    versions = [item for code in codes for item in ruleset.versions(code)]
    if checker.columns:
        prepare(checker, versions)  # the circumstance check's cases of the run, as columns
    for item in versions:
        if stop is not None and stop():
            raise _Stopped
        base = checker.where.item_path(item)
        check_levels(checker, item, base)
        check_bands(checker, item, base)
        check_combined(checker, item, base)
        check_citations(checker, item, base)
        check_party_kinds(checker, item, base)
        check_thresholds(checker, item, base)
        check_circumstances(checker, item)
        check_equals(checker, item, base)
        check_of_clause(checker, item, base)
        check_product_bands(checker, item, base)
        check_modes(checker, item, base)
        check_branch_modes(checker, item, base)
        check_keeps(checker, item, base)
        check_kinds(checker, item, base)
        check_grid(checker, item, base)
        check_refines(checker, item, base)
        check_derived(checker, item, base)
        check_point(checker, item, base)
        check_after(checker, item, base)
        check_lists(checker, item, base)
    checker.prepared.clear()
    checker.decided.clear()
    return len(versions)


def verify(
    ruleset: RuleSet,
    *,
    cases: Iterable[str | Path] = (),
    limit: int = DEFAULT_LIMIT,
    jobs: int = 1,
    progress: Progress | None = None,
    columns: bool = True,
) -> Report:
    """Check every item (every version) of a rule set, and run the example cases given.

    Args:
        ruleset: the loaded standards; the loader's own checks have passed.
        cases: example-case files (``*.cases.yaml``) to run against ``ruleset``.
        limit: combinations enumerated per question; above it the check says so in ``notes``.
        jobs: worker processes checking items (1: in this process; 0: one per usable CPU).
        progress: told how many items are checked so far.
        columns: decide the circumstance check's cases as columns first (the default); with
            ``False`` every case goes through ``evaluate``, the way the columns are tested
            against. The report is the same either way.

    Returns:
        The :class:`Report`; ``report.ok`` when nothing was found, the same for any ``jobs``.

    Raises:
        KeyboardInterrupt: interrupted; the worker processes have stopped.
    """
    checker = Checker(ruleset, limit, columns)
    codes = ruleset.codes
    jobs = jobs or usable_cpus()
    chunks = [codes[k : k + CHUNK] for k in range(0, len(codes), CHUNK)]
    items = 0
    if jobs == 1 or len(chunks) < 2:
        for done, chunk in enumerate(chunks, 1):
            items += _check_items(checker, chunk)
            if progress is not None:
                progress(min(done * CHUNK, len(codes)), len(codes))
    else:
        results = _in_workers(ruleset, limit, columns, chunks, min(jobs, len(chunks)), progress)
        problems: dict[Problem, None] = {}
        for count, found, notes, combinations in results:
            items += count
            problems.update(dict.fromkeys(found))  # in item order, once, as serially
            checker.notes.extend(notes)
            checker.combinations += combinations
        checker.problems.extend(problems)
    count = check_cases(checker, cases)
    return Report(tuple(checker.problems), tuple(checker.notes), items, count, checker.combinations)


Found = tuple[int, list[Problem], list[str], int]


def _in_workers(
    ruleset: RuleSet,
    limit: int,
    columns: bool,
    chunks: Sequence[Sequence[str]],
    jobs: int,
    progress: Progress | None,
) -> list[Found]:
    """The findings of every run, in the order of ``chunks``, checked in ``jobs`` processes."""
    total = sum(len(c) for c in chunks)
    context = multiprocessing.get_context()
    stop = context.Event()
    if columns and context.get_start_method() == "fork":
        with contextlib.suppress(ImportError):  # numpy and pyarrow: imported once, inherited
            from ...decide import _columnar  # noqa: F401
    # Forked workers inherit the rule set as it is, its items already compiled; a spawned one
    # receives its compiled form once (data, compiled item by item there on first use).
    shipped: RuleSet | bytes = (
        ruleset if context.get_start_method() == "fork" else dumps_compiled(ruleset)
    )
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_start_worker,
        initargs=(shipped, limit, columns, stop),
    )
    try:
        futures: dict[Future[Found], int] = {
            pool.submit(_check_chunk, chunk): k for k, chunk in enumerate(chunks)
        }
        results: list[Found | None] = [None] * len(chunks)
        pending = set(futures)
        done = 0
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                k = futures[future]
                results[k] = future.result()
                done += len(chunks[k])
            if progress is not None:
                progress(done, total)
    except BaseException:
        # Ctrl-C or a worker's failure: no new run starts, the workers stop after the item at
        # hand, and the pool ends before the interrupt goes on.
        stop.set()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return [r for r in results if r is not None]


# -- in a worker process -------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _start_worker(shipped: RuleSet | bytes, limit: int, columns: bool, stop: Any) -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER["stop"] = stop
    ruleset = loads_compiled(shipped, "<check>") if isinstance(shipped, bytes) else shipped
    _WORKER["checker"] = Checker(ruleset, limit, columns)


def _check_chunk(codes: Sequence[str]) -> Found:
    checker: Checker = _WORKER["checker"]
    checker.problems, checker.notes, checker.combinations = [], [], 0
    try:
        count = _check_items(checker, codes, _WORKER["stop"].is_set)
    except _Stopped:  # the parent is interrupted: it reads no result any more
        checker.prepared.clear()
        checker.decided.clear()
        return 0, [], [], 0
    return count, checker.problems, checker.notes, checker.combinations
