"""The envelope of an incomplete case (issue 15): sound and tight over every item in rules/.

Soundness: the full evaluation of any completion lies inside the envelope — its outcome is one of
those listed, every range it presents lies between the envelope's lowest minimum and highest
maximum, and every flag the envelope calls certain holds for it. Tightness: each finite bound is
reached by the completion the envelope names for it. The completions come from
:mod:`discretion.verify.testing` (facts drawn around every threshold, and elsewhere); a few facts
of each drawn case are then forgotten. The fixed cases below take their figures from the statute.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import discretion
from discretion.assist import envelope, presented
from discretion.errors import UnknownItemError
from discretion.verify import conditions_of
from discretion.verify.testing import cases, fact_values

RULES = discretion.load("rules/")


def _inside(env: discretion.Envelope, rec: discretion.Recommendation) -> list[str]:
    problems = []
    if rec.outcome not in env.outcomes:
        problems.append(f"outcome {rec.outcome} not in {env.outcomes}")
    for p, _imposed in presented(rec):
        bound = env.penalty(p.id)
        if bound is None:
            problems.append(f"{p.id} missing from the envelope")
            continue
        if p.min is not None and (bound.min is None or p.min < bound.min):
            problems.append(f"{p.id} min {p.min} below {bound.min}")
        if p.max is not None and not bound.unbounded and (bound.max is None or p.max > bound.max):
            problems.append(f"{p.id} max {p.max} above {bound.max}")
    for flag in env.flags:
        if not getattr(rec.flags, flag):
            problems.append(f"flag {flag} said certain but false")
    return problems


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(case=cases(RULES), data=st.data())
def test_every_completion_lies_inside_and_every_bound_is_reached(case: Any, data: Any) -> None:
    full = discretion.evaluate(RULES, case.item, case.facts)
    # Every fact as the evaluation read it (defaults filled in); a few are then forgotten, and so
    # is every optional fact the case leaves out (absence is one of its completions).
    every = {k: v for k, v in full.facts if v is not None}
    forget = data.draw(
        st.lists(st.sampled_from(sorted(every)), max_size=4, unique=True), label="forget"
    )
    known = {k: v for k, v in every.items() if k not in forget}
    env = envelope(RULES, case.item, known)
    assert _inside(env, full) == [], (forget, known)
    # A second completion: the unknown facts drawn afresh, anywhere in their domain.
    item = RULES.item(case.item)
    conditions = conditions_of(item)
    other = {
        name: data.draw(fact_values(item.fields[name], conditions), label=name)
        for name in env.unknown
    }
    try:
        again = discretion.evaluate(
            RULES, case.item, {**known, **{k: v for k, v in other.items() if v is not None}}
        )
    except UnknownItemError:
        pass  # a drawn date outside the standard's time in force: no case of this standard
    else:
        assert _inside(env, again) == [], (known, other)
    for bound in env.penalties:
        for value, witness, side in (
            (bound.min, bound.lowest, "min"),
            (bound.max, bound.highest, "max"),
        ):
            if value is None:
                continue
            rec = discretion.evaluate(
                RULES, case.item, {**known, **{k: v for k, v in witness if v is not None}}
            )
            reached = [getattr(p, side) for p, _i in presented(rec) if p.id == bound.id]
            assert value in reached, (bound.id, side, value, reached)


def test_goods_value_unknown_fsl_124_organisation() -> None:
    # 食品安全法 Art. 124: goods value < 1万 → 5万–10万; ≥ 1万 → 10–20 × goods value, so until the
    # goods value is known the fine has no upper bound; the 一般 level of the 30/40/30 convention
    # (LAW.md §4) keeps the middle 40 % of [5万, 10万]: its lowest point is 6.5万.
    env = envelope(RULES, "FSL-124", {"party_type": "organisation"}, assume_defaults=True)
    fine = env.penalty("fine")
    assert fine is not None
    assert fine.min == Decimal("65000")
    assert fine.unbounded
    assert fine.max is None
    assert env.next[0].name == "goods_value"
    # Knowing it closes the envelope: 9 999 元 of goods → the 一般 band [6.5万, 8.5万].
    known = {
        "party_type": "organisation",
        "goods_value": "9999",
        "discovery_date": "2021-01-01",
        "act_date": "2020-06-01",
    }
    env = envelope(RULES, "FSL-124", known, assume_defaults=True)
    fine = env.penalty("fine")
    assert fine is not None
    assert (fine.min, fine.max, fine.unbounded) == (Decimal("65000"), Decimal("85000"), False)
    assert env.outcomes == ("penalty",)
    # Art. 63 with the market-regulation threshold (《市场监督管理行政处罚听证办法》第五条第一款第（三）项:
    # organisation ≥ 十万元): 8.5万 stays below it, so no hearing right on the fine.
    assert "hearing" not in env.flags


def test_individual_burning_levels_span_the_township_table() -> None:
    # 大气法 Art. 119 ¶1 and the Hebei township table (LAW.md §3): 较轻 500–1 000, 较重
    # 1 000–1 500, 严重 1 500–2 000. Area and attitude unknown, every other fact at its default:
    # every level is open and the envelope is the whole table, 500–2 000.
    item = RULES.item("APL-119-1")
    open_ = {"large_area", "uncooperative", "refused_to_correct"}
    known: dict[str, Any] = {
        n: f.spec.default for n, f in item.fields.items() if f.spec.default is not None
    }
    known = {k: v for k, v in known.items() if k not in open_}
    known |= {"party_type": "individual", "age": 30, "act_date": "2020-02-01"}
    known |= {"act_end_date": "2020-02-01", "discovery_date": "2020-03-01"}
    env = envelope(RULES, "APL-119-1", known)
    assert set(env.unknown) == open_
    fine = env.penalty("fine")
    assert fine is not None
    assert (fine.min, fine.max) == (Decimal("500"), Decimal("2000"))
    assert set(env.levels) == {"lighter", "heavier", "serious"}
    assert env.outcomes == ("penalty",)
    # The area decides 严重 alone, so it is the fact to establish first.
    assert env.next[0].name == "large_area"
    # Area small and the party cooperates, the refusal to correct still open: 较轻 or 较重, 500–1 500.
    small = envelope(RULES, "APL-119-1", known | {"large_area": False, "uncooperative": False})
    fine = small.penalty("fine")
    assert fine is not None
    assert (fine.min, fine.max) == (Decimal("500"), Decimal("1500"))


def test_unknown_fact_is_refused_with_its_name() -> None:
    with pytest.raises(discretion.FactError, match="goods_valu") as info:
        envelope(RULES, "FSL-124", {"goods_valu": 1})
    assert info.value.field == "goods_valu"
    assert "goods_value" in (info.value.hint or "")
