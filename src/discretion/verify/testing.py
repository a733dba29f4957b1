"""Hypothesis strategies for property-testing standards (行政处罚裁量基准的性质测试).

An enforcement system can check its own standards — not only the bundled ones — with the same
strategies the project's property suite uses. They draw *valid* facts for any item of any loaded
standard: the declared type (``Decimal`` yuan for money, ``int`` for counts and days, ``bool``,
enum strings, dates), unit and bounds, every required fact and some of the optional ones; and they
concentrate on the thresholds the item's conditions mention (the value at, just below and just
above each), where a standard's mistakes hide. Requires hypothesis (``pip install
discretion[dev]``); importing :mod:`discretion` itself does not.

Five lines test that no recommendation ever exceeds the statutory maximum::

    import discretion
    from discretion.verify.testing import cases
    from hypothesis import given

    rules = discretion.load("rules/")

    @given(cases(rules))
    def test_never_above_the_statutory_maximum(case):
        rec = discretion.evaluate(rules, case.item, case.facts, violation_date=case.violation_date)
        assert all(p.max <= p.statutory_max for p in rec.penalties if p.max is not None)

:func:`~discretion.verify._domain.fact_roles` says which facts aggravate and which mitigate, for
monotonicity properties.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from ..compile._amounts import MultipleAmount, PercentAmount, PerUnitAmount
from ..compile._conditions import Condition
from ..compile._facts import FactField
from ..compile._records import CompiledItem
from ..compile._ruleset import RuleSet
from ._domain import boundary_points, branches, conditions_of

# Upper end of draws for a quantity without a declared maximum: well above any threshold.
_UNBOUNDED = Decimal(10) ** 7
# How far past its effective date a standard without an end date is tested.
_OPEN_END = dt.timedelta(days=3 * 366)


@dataclass(frozen=True)
class Case:
    """One drawn case: the item code, its facts and a violation date in the version's force.

    Pass them on as ``evaluate(rules, case.item, case.facts, violation_date=case.violation_date)``.
    """

    item: str
    facts: dict[str, Any]
    violation_date: dt.date


def fact_values(
    fact: FactField,
    conditions: Iterable[Condition] = (),
    *,
    window: tuple[dt.date, dt.date] | None = None,
) -> st.SearchStrategy[Any]:
    """Valid values of one fact, half of them at the thresholds the conditions mention.

    Args:
        fact: a compiled fact (``item.fields[name]``).
        conditions: the conditions whose thresholds to concentrate on.
        window: the dates to draw a date fact from (default: a year around the thresholds).

    >>> from discretion.compile._facts import compile_fact
    >>> from discretion.format._model import FactSpec
    >>> strategy = fact_values(compile_fact(FactSpec(name="n", type="count", label="次数", max=9)))
    >>> 0 <= strategy.example() <= 9  # doctest: +SKIP
    True
    """
    spec = fact.spec
    points = [p for p in boundary_points(fact, conditions) if p is not None]
    if spec.type == "bool":
        return st.booleans()
    if spec.type == "enum":
        return st.sampled_from(list(spec.values or ()))
    if spec.type == "date":
        lo, hi = window or (
            min(points) - dt.timedelta(days=366),
            max(points) + dt.timedelta(days=366),
        )
        inside = [p for p in points if lo <= p <= hi]
        dates = st.dates(min_value=lo, max_value=hi)
        return st.one_of(st.sampled_from(inside), dates) if inside else dates
    numbers = [Decimal(p) for p in points]
    high = spec.max if spec.max is not None else max([_UNBOUNDED, *(abs(n) * 10 for n in numbers)])
    # A plain number may be negative; quantities may not (as facts.py validates them).
    floor = -high if spec.type == "number" else Decimal(0)
    low = spec.min if spec.min is not None else floor
    general: st.SearchStrategy[Any]
    if spec.type in ("count", "days"):
        general = st.integers(min_value=int(low), max_value=int(high))
    else:
        general = st.decimals(
            min_value=low, max_value=high, places=2, allow_nan=False, allow_infinity=False
        )
    return st.one_of(st.sampled_from(points), general) if points else general


def facts_for(item: CompiledItem) -> st.SearchStrategy[dict[str, Any]]:
    """Valid facts for one item: every required fact, and any of the optional ones or those with
    a default, drawn with :func:`fact_values` around the item's own thresholds.

    >>> import discretion
    >>> rules = discretion.load("rules/")  # doctest: +SKIP
    >>> facts = facts_for(rules.item("FSL-124")).example()  # doctest: +SKIP
    >>> discretion.evaluate(rules, "FSL-124", facts).item  # doctest: +SKIP
    'FSL-124'
    """
    conditions = conditions_of(item)
    window = _window(item)
    bases = base_facts(item)
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    # A case gives the declared facts only: the pipeline computes the derived ones itself.
    fields = item.derived.inputs if item.derived is not None else item.fields
    for name, fact in fields.items():
        own = [c for c in conditions if name in c.reads]
        values = fact_values(fact, own, window=window)
        if name == "party_type" and item.applies_to is not None:
            # An item limited to some party types (format applies_to) refuses the others.
            values = st.sampled_from(sorted(item.applies_to))
        if name in bases:
            # The base of an amount the item always measures must be given; a multiple without
            # a fallback range also needs it above zero (the engine refuses a zero base there).
            if bases[name]:
                values = values.filter(lambda v: v is not None and v > 0)
            required[name] = values
        elif fact.spec.required and fact.spec.default is None:
            required[name] = values
        else:
            optional[name] = values
    return st.fixed_dictionaries(required, optional=optional)


def base_facts(item: CompiledItem) -> dict[str, bool]:
    """The base facts of the item's amounts, in every switch branch: name → must be above zero.

    Given always (a branch that reads a base which is missing is refused), and above zero for a
    multiple without a fallback range; a zero base under a switch that would have sent it to a
    fixed range is the one case this leaves out."""
    out: dict[str, bool] = {}
    for clause in item.clauses:
        shapes = [clause.amount] if clause.amount is not None else []
        shapes += [inner for _id, _cond, inner in branches(clause.amount)]
        for shape in shapes:
            if isinstance(shape, MultipleAmount):
                out[shape.base] = out.get(shape.base, False) or shape.fallback is None
            elif isinstance(shape, (PerUnitAmount, PercentAmount)):
                out.setdefault(shape.base, False)
    return out


def cases(ruleset: RuleSet, items: Iterable[str] | None = None) -> st.SearchStrategy[Case]:
    """Cases across a rule set: an item (every version of it), its facts and a violation date.

    Args:
        ruleset: the loaded standards.
        items: item codes to draw from (default: all of them).

    The violation date lies in the drawn version's period of force, so
    :func:`~discretion.evaluate` applies that version.
    """
    versions = [v for code in items or ruleset.codes for v in ruleset.versions(code)]
    if not versions:
        raise ValueError("the rule set has no items to draw cases from")

    def one(item: CompiledItem) -> st.SearchStrategy[Case]:
        lo, hi = _window(item)
        return st.builds(
            _one_date, st.just(item), facts_for(item), st.dates(min_value=lo, max_value=hi)
        )

    return st.sampled_from(versions).flatmap(one)


def _one_date(item: CompiledItem, facts: dict[str, Any], when: dt.date) -> Case:
    """A case whose date facts agree with its violation date: ``evaluate`` refuses a date of the
    act that contradicts the violation date, so a drawn date of the act (or of its end, for a
    continuing act) is replaced by the violation date."""
    lim = item.limitation
    if lim is not None:
        name = lim.end if lim.end and facts.get(lim.end) is not None else lim.start
        if facts.get(name) is not None:
            facts = {**facts, name: when}
    return Case(item.code, facts, when)


def _window(item: CompiledItem) -> tuple[dt.date, dt.date]:
    start: dt.date = item.standard.effective_from
    end: dt.date | None = item.standard.effective_to
    return start, end if end is not None else start + _OPEN_END
