"""The public surface: a sorted, complete ``__all__`` and the documented quick-start."""

from __future__ import annotations

from decimal import Decimal

import discretion


def test_all_is_sorted_and_complete() -> None:
    assert list(discretion.__all__) == sorted(discretion.__all__)
    for name in discretion.__all__:
        assert hasattr(discretion, name), name


def test_errors_share_one_root_and_are_value_errors() -> None:
    assert issubclass(discretion.RuleSetError, discretion.DiscretionError)
    assert issubclass(discretion.CaseError, discretion.DiscretionError)
    assert issubclass(discretion.DiscretionError, ValueError)


def test_fsl_124_small_goods_value(rules: discretion.RuleSet) -> None:
    # 食品安全法第一百二十四条第一款: 货值金额不足一万元的，并处五万元以上十万元以下罚款；没收违法所得。
    rec = discretion.evaluate(rules, "FSL-124", {"goods_value": "20", "party_type": "organisation"})
    assert rec.outcome == "penalty"
    fine = rec.penalty("fine")
    assert fine is not None
    assert fine.mode == "combined"
    assert (fine.statutory_min, fine.statutory_max) == (Decimal(50000), Decimal(100000))
    assert fine.min is not None
    assert fine.max is not None
    assert Decimal(50000) <= fine.min <= fine.max <= Decimal(100000)
    assert rec.penalty("confiscate_gains") is not None


def test_fsl_124_goods_value_at_threshold(rules: discretion.RuleSet) -> None:
    # 货值金额一万元以上的，并处货值金额十倍以上二十倍以下罚款: 10 000 × [10, 20] = [100 000, 200 000].
    rec = discretion.evaluate(
        rules, "FSL-124", {"goods_value": 10000, "party_type": "organisation"}
    )
    fine = rec.penalty("fine")
    assert fine is not None
    assert (fine.statutory_min, fine.statutory_max) == (Decimal(100000), Decimal(200000))
    assert fine.min is not None
    assert fine.max is not None
    assert Decimal(100000) <= fine.min <= fine.max <= Decimal(200000)


def test_justification_is_chinese_and_cites(rules: discretion.RuleSet) -> None:
    rec = discretion.evaluate(rules, "FSL-124", {"goods_value": 20, "party_type": "individual"})
    text = discretion.render_text(rec)
    assert "《中华人民共和国食品安全法》第一百二十四条第一款" in text
    assert rec.ruleset.digest in text
    assert all(step.sources for step in rec.steps)
