"""The driver: every check family on every version of every item, then the example cases.

Enters: a loaded rule set and example-case files. Leaves: the :class:`~._problems.Report`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ...compile._ruleset import RuleSet
from ._bands import check_bands
from ._cases import check_cases
from ._circumstances import check_circumstances
from ._citations import check_citations
from ._context import DEFAULT_LIMIT, Checker
from ._levels import check_levels
from ._parties import check_party_kinds, check_thresholds
from ._penalties import check_combined
from ._problems import Report


def verify(
    ruleset: RuleSet, *, cases: Iterable[str | Path] = (), limit: int = DEFAULT_LIMIT
) -> Report:
    """Check every item (every version) of a rule set, and run the example cases given.

    Args:
        ruleset: the loaded standards; the loader's own checks have passed.
        cases: example-case files (``*.cases.yaml``) to run against ``ruleset``.
        limit: combinations enumerated per question; above it the check says so in ``notes``.

    Returns:
        The :class:`Report`; ``report.ok`` when nothing was found.
    """
    checker = Checker(ruleset, limit)
    items = 0
    # Versions: each version of an item is a standard of its own, checked on its own.
    for code in ruleset.codes:
        for item in ruleset.versions(code):
            items += 1
            base = checker.where.item_path(item)
            check_levels(checker, item, base)
            check_bands(checker, item, base)
            check_combined(checker, item, base)
            check_citations(checker, item, base)
            check_party_kinds(checker, item, base)
            check_thresholds(checker, item, base)
            check_circumstances(checker, item)
    count = check_cases(checker, cases)
    return Report(tuple(checker.problems), tuple(checker.notes), items, count, checker.combinations)
