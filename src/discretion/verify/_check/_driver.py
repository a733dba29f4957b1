"""The driver: every check family on every version of every item, then the example cases.

Items are checked one after another, or in ``jobs`` worker processes (``concurrent.futures``):
each worker receives the rule set once, in its compiled form (:mod:`discretion.compile._compiled`:
data, compiled item by item on first use), checks runs of consecutive items and returns their
findings, which are joined in item order, so that the report is the serial run's.

Enters: a loaded rule set and example-case files. Leaves: the :class:`~._problems.Report`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ...compile._compiled import dumps_compiled, loads_compiled
from ...compile._ruleset import RuleSet
from ._amounts2 import check_equals
from ._bands import check_bands
from ._cases import check_cases
from ._circumstances import check_circumstances
from ._citations import check_citations
from ._context import DEFAULT_LIMIT, Checker
from ._levels import check_levels
from ._parties import check_party_kinds, check_thresholds
from ._penalties import check_combined
from ._problems import Problem, Report

Progress = Callable[[int, int], None]
"""Called with (items checked, items in all) as the check goes on."""

CHUNK = 64
"""Items a worker checks per task: small enough for a steady progress bar and even shares."""


def _check_items(checker: Checker, codes: Iterable[str]) -> int:
    """Every family on every version of the items ``codes``; the number of versions checked."""
    ruleset = checker.ruleset
    items = 0
    # Versions: each version of an item is a standard of its own, checked on its own.
    for code in codes:
        for item in ruleset.versions(code):
            items += 1
            base = checker.where.item_path(item)
            check_levels(checker, item, base)
            check_bands(checker, item, base)
            check_combined(checker, item, base)
            check_citations(checker, item, base)
            check_equals(checker, item, base)
            check_party_kinds(checker, item, base)
            check_thresholds(checker, item, base)
            check_circumstances(checker, item)
    return items


def verify(
    ruleset: RuleSet,
    *,
    cases: Iterable[str | Path] = (),
    limit: int = DEFAULT_LIMIT,
    jobs: int = 1,
    progress: Progress | None = None,
) -> Report:
    """Check every item (every version) of a rule set, and run the example cases given.

    Args:
        ruleset: the loaded standards; the loader's own checks have passed.
        cases: example-case files (``*.cases.yaml``) to run against ``ruleset``.
        limit: combinations enumerated per question; above it the check says so in ``notes``.
        jobs: worker processes checking items (1: in this process; 0: one per core).
        progress: told how many items are checked so far.

    Returns:
        The :class:`Report`; ``report.ok`` when nothing was found, the same for any ``jobs``.
    """
    checker = Checker(ruleset, limit)
    codes = ruleset.codes
    jobs = jobs or os.cpu_count() or 1
    chunks = [codes[k : k + CHUNK] for k in range(0, len(codes), CHUNK)]
    items = 0
    if jobs == 1 or len(chunks) < 2:
        for done, chunk in enumerate(chunks, 1):
            items += _check_items(checker, chunk)
            if progress is not None:
                progress(min(done * CHUNK, len(codes)), len(codes))
    else:
        problems: dict[Problem, None] = {}
        with ProcessPoolExecutor(
            max_workers=min(jobs, len(chunks)),
            initializer=_start_worker,
            initargs=(dumps_compiled(ruleset), limit),
        ) as pool:
            for done, (count, found, notes, combinations) in enumerate(
                pool.map(_check_chunk, chunks), 1
            ):
                items += count
                problems.update(dict.fromkeys(found))  # in item order, once, as serially
                checker.notes.extend(notes)
                checker.combinations += combinations
                if progress is not None:
                    progress(min(done * CHUNK, len(codes)), len(codes))
        checker.problems.extend(problems)
    count = check_cases(checker, cases)
    return Report(tuple(checker.problems), tuple(checker.notes), items, count, checker.combinations)


# -- in a worker process -------------------------------------------------------------------------

_WORKER: dict[str, Checker] = {}


def _start_worker(compiled: bytes, limit: int) -> None:
    _WORKER["checker"] = Checker(loads_compiled(compiled, "<check>"), limit)


def _check_chunk(codes: Sequence[str]) -> tuple[int, list[Problem], list[str], int]:
    checker = _WORKER["checker"]
    checker.problems, checker.notes, checker.combinations = [], [], 0
    count = _check_items(checker, codes)
    return count, checker.problems, checker.notes, checker.combinations
