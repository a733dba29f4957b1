"""One answer, several paths (issue 12, point 4): the compiled scalar path and the reference agree.

The reference is the pipeline that decides and explains stage by stage (``decide._pipeline``,
reached with ``backend=REFERENCE``); the compiled scalar path (``decide._scalar``: generated
conditions, a decision record, the recommendation and trace built from it) is what ``evaluate``
runs by default. For every item of every standard in ``rules/``, in ``examples/`` and in the
synthetic benchmark standard, on valid facts and on bad ones (an unknown fact, a wrong type, a
value out of bounds, a missing required fact), both paths must give the same thing: the same
recommendation, the same steps and the same JSON, or the same error class, field and message.

Each path is one function ``(ruleset, item, facts, violation_date, decision_date) → outcome`` in
:data:`PATHS`; another path (the columnar one) is added there as one more function.
"""

from __future__ import annotations

import datetime as dt
import importlib
import sys
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import discretion
from discretion.compile._loader import loads_many
from discretion.compile._records import CompiledItem
from discretion.compile._ruleset import RuleSet
from discretion.decide._backend import REFERENCE
from discretion.errors import DiscretionError
from discretion.explain._jsonio import to_json
from discretion.verify.testing import facts_for
from strategies import ROOT, RULESET, load_inline

sys.path.insert(0, str(ROOT / "benchmarks"))
synthetic: Any = importlib.import_module("synthetic")  # benchmarks/ is not a package

EXAMPLES = discretion.load(ROOT / "examples" / "versions")
SYNTHETIC_SPECS = synthetic.item_specs(24)
SYNTHETIC = loads_many(synthetic.standard_sources(SYNTHETIC_SPECS))

Outcome = tuple[Any, ...]
Path_ = Callable[[RuleSet, str, dict[str, Any], dt.date | None, dt.date | None], Outcome]


def _outcome(call: Callable[[], discretion.Recommendation]) -> Outcome:
    """What a path gives: the recommendation with its steps and JSON, or the library's error."""
    try:
        rec = call()
    except DiscretionError as exc:
        return ("error", type(exc).__name__, exc.field, str(exc))
    return ("ok", rec, rec.steps, to_json(rec))


def reference(
    rules: RuleSet, code: str, facts: dict[str, Any], when: dt.date | None, decided: dt.date | None
) -> Outcome:
    """The reference pipeline (decides and explains stage by stage)."""
    return _outcome(
        lambda: discretion.evaluate(
            rules, code, facts, violation_date=when, decision_date=decided, backend=REFERENCE
        )
    )


def compiled(
    rules: RuleSet, code: str, facts: dict[str, Any], when: dt.date | None, decided: dt.date | None
) -> Outcome:
    """The compiled scalar path (``evaluate``'s default)."""
    return _outcome(
        lambda: discretion.evaluate(rules, code, facts, violation_date=when, decision_date=decided)
    )


PATHS: dict[str, Path_] = {"reference": reference, "compiled": compiled}


def assert_same(rules: RuleSet, code: str, facts: dict[str, Any], when: Any, decided: Any) -> None:
    answers = {name: path(rules, code, facts, when, decided) for name, path in PATHS.items()}
    first_name, first = next(iter(answers.items()))
    for name, answer in answers.items():
        assert answer[0] == first[0], f"{name} gives {answer[:4]}, {first_name} {first[:4]}"
        if answer[0] == "error":
            assert answer == first, f"{name}: {answer}; {first_name}: {first}"
        else:
            assert answer[1] == first[1], f"{name} and {first_name} recommend differently"
            assert answer[2] == first[2], f"{name} and {first_name} trace differently"
            assert answer[3] == first[3], f"{name} and {first_name} write different JSON"


def _all(rules: RuleSet, label: str) -> list[Any]:
    return [
        pytest.param(rules, item, id=f"{label}:{item.code}@{item.standard.version}")
        for code in rules.codes
        for item in rules.versions(code)
    ]


# issue 20 points 2 and 4: grid and point items (reference pipeline; the column plan refuses them)
FORMAT2_GRID = discretion.load(ROOT / "examples" / "format2" / "grid")
ITEMS = (
    _all(RULESET, "rules")
    + _all(EXAMPLES, "examples")
    + _all(FORMAT2_GRID, "format2-grid")
    + _all(SYNTHETIC, "synthetic")
)


def bad_facts(item: CompiledItem) -> st.SearchStrategy[dict[str, Any]]:
    """Valid facts spoiled in one way: an unknown fact, a wrong type, out of bounds, or missing."""
    names = sorted(item.fields)
    required = [n for n in names if item.fields[n].spec.required]

    def spoil(args: tuple[dict[str, Any], str, str]) -> dict[str, Any]:
        facts, how, name = args
        facts = dict(facts)
        spec = item.fields[name].spec
        if how == "unknown":
            facts[name + "_x"] = True
        elif how == "missing" and required:
            facts.pop(required[hash(name) % len(required)], None)
        elif how == "type":
            facts[name] = {
                "bool": "yes",
                "enum": "no-such-value",
                "date": "2021-13-40",
            }.get(spec.type, 1.5 if spec.type == "money" else "abc")
        elif how == "bounds":
            if spec.max is not None:
                facts[name] = spec.max + 1
            elif spec.type in ("money", "count", "days", "area", "percent"):
                facts[name] = -1
            else:
                facts[name] = Decimal("1e999999")
        return facts

    return st.tuples(
        facts_for(item),
        st.sampled_from(["unknown", "missing", "type", "bounds"]),
        st.sampled_from(names),
    ).map(spoil)


def _dates(item: CompiledItem) -> st.SearchStrategy[tuple[dt.date, dt.date | None]]:
    """The item's first day in force, and no decision date or one a few years later (Art. 37)."""
    start = item.standard.effective_from
    later = st.integers(0, 4 * 366).map(lambda d: start + dt.timedelta(days=d))
    return st.tuples(st.just(start), st.one_of(st.none(), later))


@pytest.mark.parametrize(("rules", "item"), ITEMS)
@given(data=st.data())
def test_paths_agree_on_valid_facts(rules: RuleSet, item: CompiledItem, data: Any) -> None:
    facts = data.draw(facts_for(item), label="facts")
    when, decided = data.draw(_dates(item), label="dates")
    assert_same(rules, item.code, facts, when, decided)


@pytest.mark.parametrize(("rules", "item"), ITEMS)
@given(data=st.data())
def test_paths_agree_on_bad_facts(rules: RuleSet, item: CompiledItem, data: Any) -> None:
    facts = data.draw(bad_facts(item), label="facts")
    when, decided = data.draw(_dates(item), label="dates")
    assert_same(rules, item.code, facts, when, decided)


def test_paths_agree_on_the_benchmark_cases() -> None:
    """The cases the benchmarks time (benchmarks/synthetic.py), every one of them."""
    for code, facts in synthetic.generate_cases(SYNTHETIC_SPECS, 600):
        assert_same(SYNTHETIC, code, facts, None, None)


def test_a_bad_fact_is_reported_the_same_way() -> None:
    """The property can fail: a wrong type gives a FactError naming the field, on both paths."""
    item = RULESET.item("FSL-124")
    facts = {"goods_value": "not a number", "party_type": "individual"}
    for path in PATHS.values():
        answer = path(RULESET, item.code, facts, None, None)
        assert answer[:3] == ("error", "FactError", "goods_value")


_INLINE = """
items:
  - code: T-MIRROR
    name: 测试
    legal_basis: [{{law: FSL, article: 125}}]
    penalty_basis: [{{law: FSL, article: 125}}]
    facts:
      - {{name: gains, type: money, label: 违法所得, unit: 元, required: false}}
    penalties:
      - id: fine
        kind: fine
        mode: required
        amount: {amount}
        citation: [{{law: FSL, article: 125}}]
    levels:
      - id: all
        label: 一般
        when: "true"
        circumstances: 一般
"""


@pytest.mark.parametrize(
    ("amount", "facts", "marker"),
    [
        # 减轻 below a statutory minimum of 0 (Art. 30, aged 15): no fine, on both paths.
        ("{range: {min: 0, max: 2000}}", {"age": 15}, "reduced_to_none"),
        # a multiple falling back to a fixed range below a threshold carries 'below'
        (
            "{multiple: {base: gains, min: 1, max: 10, fallback: {min: 0, max: 500000}, "
            "fallback_below: 10000}}",
            {"gains": 5000},
            "below",
        ),
        # another currency is rounded to its hundredth, as the reference does
        ("{range: {min: 0.5, max: 10.25, unit: 美元}}", {}, "statutory"),
    ],
)
def test_paths_agree_on_the_issue_13_amounts(amount: str, facts: Any, marker: str) -> None:
    rules = load_inline(_INLINE.format(amount=amount))
    case = {"party_type": "individual", **facts}
    assert_same(rules, "T-MIRROR", case, None, None)
    steps = reference(rules, "T-MIRROR", case, None, None)[2]
    assert any(s.outcome == marker or marker in dict(s.detail) for s in steps)
