"""discretion.verify.testing: valid facts for any item, concentrated on the thresholds."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from typing import Any

from hypothesis import find, given
from hypothesis import strategies as st

import discretion
from discretion.compile._facts import validate_facts
from discretion.verify._domain import conditions_of
from discretion.verify.testing import Case, cases, fact_values, facts_for
from strategies import RULESET, VERSIONS


def test_importing_discretion_does_not_need_hypothesis() -> None:
    code = "import sys, discretion; sys.exit('hypothesis' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@given(data=st.data())
def test_facts_are_valid_for_every_item(data: st.DataObject) -> None:
    item = data.draw(st.sampled_from(VERSIONS))
    facts = data.draw(facts_for(item))
    validated = validate_facts(item.fields, facts, item.code)  # raises FactError if not valid
    required = {n for n, f in item.fields.items() if f.spec.required and f.spec.default is None}
    assert required <= set(facts)
    assert set(validated) == set(item.fields)


def _goods_value() -> st.SearchStrategy[Any]:
    item = RULESET.item("FSL-124")
    own = [c for c in conditions_of(item) if "goods_value" in c.reads]
    return fact_values(item.fields["goods_value"], own)


def test_draws_reach_the_threshold_and_both_sides() -> None:
    # FSL Art. 124: 货值金额不足一万元 / 一万元以上 — the switch is at exactly 10000 元.
    for wanted in (Decimal("9999.99"), Decimal(10000), Decimal("10000.01")):
        assert find(_goods_value(), wanted.__eq__) == wanted


@given(_goods_value())
def test_money_is_decimal_and_never_negative(value: Any) -> None:
    assert isinstance(value, Decimal)
    assert value >= 0


@given(facts_for(RULESET.item("FSL-124")))
def test_declared_bounds_hold(facts: dict[str, Any]) -> None:
    # The general part declares age with max 150 (years); counts are whole numbers.
    if "age" in facts:
        assert isinstance(facts["age"], int)
        assert 0 <= facts["age"] <= 150


def test_optional_facts_are_sometimes_left_out() -> None:
    strategy = facts_for(RULESET.item("FSL-124"))
    assert "age" not in find(strategy, lambda f: "age" not in f)
    assert "age" in find(strategy, lambda f: "age" in f)


@given(cases(RULESET))
def test_cases_fall_in_the_version_in_force(case: Case) -> None:
    assert case.item in RULESET
    item = RULESET.item(case.item, on=case.violation_date)
    assert item.standard.effective_from <= case.violation_date
    assert item.standard.effective_to is None or case.violation_date <= item.standard.effective_to


# The five-line example of the module docstring and the README, as users write it.
rules = RULESET


@given(cases(rules))
def test_never_above_the_statutory_maximum(case: Case) -> None:
    rec = discretion.evaluate(rules, case.item, case.facts, violation_date=case.violation_date)
    assert all(p.max <= p.statutory_max for p in rec.penalties if p.max is not None)  # type: ignore[operator]
