"""Several violations in one case, issue 20 point 7.

《中华人民共和国治安管理处罚法》（2012年10月26日修正）第十六条: 有两种以上违反治安管理行为的，分别决定，
合并执行。行政拘留处罚合并执行的，最长不超过二十日. Art. 26 and 49: 情节较重的，处十日以上十五日以下拘留，
可以并处一千元以下罚款.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import discretion

EXAMPLE = Path(__file__).parents[1] / "examples" / "format2" / "several"


@pytest.fixture(scope="module")
def rules() -> discretion.RuleSet:
    return discretion.load(EXAMPLE)


def _case(serious: bool) -> dict[str, object]:
    facts = {"party_type": "individual", "more_serious": serious}
    return {"violations": [{"item": "PSL-26", "facts": facts}, {"item": "PSL-49", "facts": facts}]}


def test_detention_is_summed_and_capped_at_twenty_days(rules: discretion.RuleSet) -> None:
    case = discretion.evaluate_case(rules, _case(True))
    detention = case.penalty("detention")
    # 10–15 + 10–15 = 20–30 days, capped at 20 (Art. 16)
    assert detention is not None
    assert (detention.min, detention.max) == (Decimal(20), Decimal(20))
    assert detention.cap == Decimal(20)
    assert detention.unit == "日"
    fine = case.penalty("fine")
    # ≤ 1000 + ≤ 1000: fines add up (分别决定，合并执行), no cap
    assert fine is not None
    assert (fine.min, fine.max) == (Decimal(0), Decimal(2000))
    # each violation's own recommendation is kept
    assert [r.item for r in case.recommendations] == ["PSL-26", "PSL-49"]
    own = case.recommendations[0].penalty("detention")
    assert own is not None
    assert (own.min, own.max) == (Decimal(10), Decimal(15))
    assert all(s.sources and s.sources[0].key == "PSL/16" for s in case.steps)


def test_below_the_cap_the_sum_stands(rules: discretion.RuleSet) -> None:
    detention = discretion.evaluate_case(rules, _case(False)).penalty("detention")
    # 5–10 + 5–10 = 10–20 days, not above 20
    assert detention is not None
    assert (detention.min, detention.max) == (Decimal(10), Decimal(20))


def test_a_standard_without_a_rule_refuses_to_combine() -> None:
    rules = discretion.load(Path(__file__).parents[1] / "rules" / "food")
    facts = {"party_type": "organisation", "goods_value": 20}
    with pytest.raises(discretion.CaseError, match="未规定数个违法行为的合并处罚规则"):
        discretion.evaluate_case(
            rules, [{"item": "FSL-124", "facts": facts}, {"item": "FSL-122-1", "facts": facts}]
        )


def test_one_violation_is_not_a_case_of_several(rules: discretion.RuleSet) -> None:
    with pytest.raises(discretion.CaseError, match="至少两个"):
        discretion.evaluate_case(rules, {"violations": [{"item": "PSL-26", "facts": {}}]})


def test_check_knows_applies_to_and_the_persons_type() -> None:
    from discretion.verify import verify

    root = Path(__file__).parents[1] / "examples" / "format2"
    for folder in ("several", "parties"):
        report = verify(discretion.load(root / folder))
        # detention on PSL items limited to individuals, and a fine on the responsible persons,
        # are not the "penalty kind that does not fit the party type" defect
        assert not [p for p in report.problems if p.check == "party_kind"]


def test_the_case_note_cites_the_combination(rules: discretion.RuleSet) -> None:
    case = discretion.evaluate_case(rules, _case(True))
    zh = discretion.render_case_text(case)
    assert "违法行为一：PSL-26" in zh
    assert "合并，不超过 20 日：20 日" in zh
    assert "《中华人民共和国治安管理处罚法》第十六条" in zh
    en = discretion.render_case_text(case, "en")
    assert "combined, at most 20 days: 20 days" in en
