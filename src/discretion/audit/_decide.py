"""Re-deciding the archive's rows: the one place the audit asks the decision core.

The audit reads a recommendation per row (level, circumstances, grounds, ranges, flags and the
procedure thresholds of its trace). :func:`decide_rows` is the seam to the columnar decision core
(``discretion.evaluate_batch``, DESIGN.md §2, issue 12): when the core exports it, the rows are
decided in columns through it; until then each row is decided by :func:`discretion.evaluate`
with the same inputs, so the classification, the like-case groups and the report do not change
when the core lands. A row the core refuses (unknown item, invalid facts, a gap in the standard)
comes back as its :class:`~discretion.CaseError`, which the classifier turns into a finding.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from ..compile._ruleset import RuleSet
from ..decide import Recommendation, evaluate
from ..errors import CaseError


def parse_facts(text: str | None) -> dict[str, Any] | CaseError:
    """The facts column of one row as a dict, or the error that says why it is not one."""
    if text is None:
        return CaseError("案件事实为空 / the facts are empty", field="facts")
    try:
        # Decimal, never float: a fact like 9999.99 must stay exact (money, DESIGN.md §5).
        value = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        return CaseError(f"案件事实不是 JSON / the facts are not JSON: {exc.msg}", field="facts")
    if not isinstance(value, dict):
        return CaseError("案件事实应为 JSON 对象 / the facts must be a JSON object", field="facts")
    return value


def decide_rows(
    rules: RuleSet,
    items: Sequence[str],
    facts: Sequence[dict[str, Any] | CaseError],
    violation_dates: Sequence[dt.date | None],
    decision_dates: Sequence[dt.date | None],
) -> Iterator[Recommendation | CaseError]:
    """One recommendation (or the error refusing it) per row, in row order."""
    for item, f, vd, dd in zip(items, facts, violation_dates, decision_dates, strict=True):
        if isinstance(f, CaseError):
            yield f
            continue
        try:
            yield evaluate(rules, item, f, violation_date=vd, decision_date=dd)
        except CaseError as exc:
            yield exc
