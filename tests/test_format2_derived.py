"""Derived facts (推算事实, issue 20 point 1): load-time checks, computation, paths that refuse them.

Expected figures come from the statutes the example encodes (examples/format2/derived):
大气污染防治法第九十九条 (10万–100万) and 环境保护主管部门实施按日连续处罚办法（环境保护部令第28号）
第十七条 (days counted from the day after the order is served to the re-inspection day) and 第十九条
第二款 (the original fine × the days counted). Case-level figures are in the example's cases file.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import discretion
from discretion.compile._derived import find_cycle
from discretion.decide._columnar_plan import Unsupported, plan_item
from discretion.errors import FactError, RuleSetError
from discretion.export._jsonlogic import export_item
from strategies import ROOT, load_inline

EXAMPLE = ROOT / "examples" / "format2" / "derived"

_ITEM = """items:
  - code: D-1
    name: 推算事实测试
    legal_basis: [{{law: FSL, article: 34}}]
    penalty_basis: [{{law: FSL, article: 124, paragraph: 1}}]
    facts:
      - {{name: measured, type: number, label: 实测值}}
      - {{name: limit, type: number, label: 限值}}
      - {{name: acted, type: date, label: 行为日}}
{priors}    derived:
{derived}
    penalties:
      - id: fine
        kind: fine
        mode: required
        amount: {{range: {{min: 50000, max: 100000}}}}
        citation: [{{law: FSL, article: 124, paragraph: 1}}]
    levels:
      - id: only
        label: 一般
        when: {when}
        circumstances: 一般
        citation: [{{law: FSL, article: 124}}]
"""


_PRIORS = "      - {name: priors, type: dates, label: 以往违法日期}\n"


def _load(
    derived: str, when: str = "measured >= 0 or measured < 0", priors: str = ""
) -> discretion.RuleSet:
    return load_inline(_ITEM.format(derived=derived, when=when, priors=priors))


def _error(derived: str) -> str:
    with pytest.raises(RuleSetError) as info:
        _load(derived)
    return str(info.value)


_CITE = "citation: [{law: FSL, article: 124}]"


def test_unknown_operand_is_a_load_error_with_a_suggestion() -> None:
    message = _error(
        f"      - {{name: r, label: 比, op: difference, of: [measured, limt], {_CITE}}}"
    )
    assert "limt" in message
    assert "未声明" in message
    assert "limit" in message


def test_cycle_is_a_load_error_naming_its_path() -> None:
    message = _error(
        f"      - {{name: a, label: 甲, op: sum, of: [b, measured], {_CITE}}}\n"
        f"      - {{name: b, label: 乙, op: sum, of: [a, measured], {_CITE}}}"
    )
    assert "循环" in message
    assert "a → b → a" in message


def test_a_date_minus_a_number_is_a_type_error() -> None:
    message = _error(
        f"      - {{name: d, label: 差, op: difference, of: [acted, measured], {_CITE}}}"
    )
    assert "acted" in message
    assert "date" in message


def test_a_ratio_must_state_its_rounding() -> None:
    message = _error(f"      - {{name: q, label: 比, op: ratio, of: [measured, limit], {_CITE}}}")
    assert "round" in message
    assert "舍入" in message


def test_a_window_belongs_to_count_within() -> None:
    message = _error(
        f"      - {{name: s, label: 和, op: sum, of: [measured, limit], window: {{years: 2}}, {_CITE}}}"
    )
    assert "window" in message


def test_division_by_a_zero_fact_is_a_clear_case_error() -> None:
    rules = _load(
        f"      - {{name: q, label: 比, op: ratio, of: [measured, limit], round: {{places: 2}}, {_CITE}}}",
        "q >= 0 or q < 0",
    )
    with pytest.raises(FactError) as info:
        discretion.evaluate(
            rules,
            "D-1",
            {"party_type": "organisation", "measured": 5, "limit": 0, "acted": "2026-01-01"},
        )
    assert info.value.field == "limit"
    assert "0" in str(info.value)


def test_count_within_counts_prior_dates_in_the_window_only() -> None:
    # Two years before 2026-06-01 starts on 2024-06-01 (inclusive); the act's own day is not prior.
    rules = _load(
        f"      - {{name: n, label: 两年内同类违法次数, op: count_within, of: [priors, acted], "
        f"window: {{years: 2}}, {_CITE}}}",
        "n >= 0",
        _PRIORS,
    )
    facts = {
        "party_type": "organisation",
        "measured": 1,
        "limit": 1,
        "acted": "2026-06-01",
        "priors": ["2024-05-31", "2024-06-01", "2025-12-31", "2026-06-01"],
    }
    rec = discretion.evaluate(rules, "D-1", facts)
    assert dict(rec.facts)["n"] == 2
    step = next(s for s in rec.steps if s.stage == "derive")
    assert step.get("counted") == (dt.date(2024, 6, 1), dt.date(2025, 12, 31))
    assert "两年内同类违法次数" in discretion.render_text(rec)


def test_facts_can_be_compared_with_each_other() -> None:
    rules = _load(
        f"      - {{name: s, label: 和, op: sum, of: [measured, limit], {_CITE}}}",
        "measured > limit or measured <= limit",
    )
    rec = discretion.evaluate(
        rules,
        "D-1",
        {"party_type": "organisation", "measured": 2, "limit": 1, "acted": "2026-01-01"},
    )
    assert rec.level == "only"


def test_exceedance_multiple_is_shown_with_its_formula() -> None:
    rules = discretion.load(EXAMPLE)
    rec = discretion.evaluate(
        rules, "AIR-99-2", {"party_type": "organisation", "measured": "150", "limit": "100"}
    )
    # 大气法第九十九条 10万–100万; (150 − 100) ÷ 100 = 0.50 → this example's 0.5–1 band.
    assert dict(rec.facts)["multiple"] == Decimal("0.50")
    text = discretion.render_text(rec)
    assert (
        "超标倍数 = 超标量 ÷ 排放限值 = 50 ÷ 100 = 0.5，保留2位小数（四舍五入） = 0.50 倍" in text
    )
    assert "Exceedance multiple" in discretion.render_text(
        rec, "en"
    ) or "exceedance multiple" in discretion.render_text(rec, "en")


def test_daily_penalty_is_the_original_fine_times_the_days() -> None:
    rules = discretion.load(EXAMPLE)
    facts = {
        "party_type": "organisation",
        "original_fine": 200000,
        "order_served": "2026-03-01",
        "recheck_found": "2026-03-11",
    }
    rec = discretion.evaluate(rules, "AIR-123", facts)
    # 按日连续处罚办法第十七条: 2026-03-02 … 2026-03-11 = 10 days; 第十九条第二款: 20万 × 10.
    assert dict(rec.facts)["days_counted"] == 10
    assert rec.penalties[0].min == rec.penalties[0].max == Decimal(2_000_000)


def test_export_paths_refuse_items_with_derived_facts() -> None:
    item = discretion.load(EXAMPLE).item("AIR-99-2")
    assert item.needs_reference
    with pytest.raises(RuleSetError, match="AIR-99-2"):
        export_item(item)
    with pytest.raises(Unsupported):
        plan_item(item)


def test_find_cycle() -> None:
    assert find_cycle({"a": ("b",), "b": ()}) is None
    assert find_cycle({"a": ("b",), "b": ("a",)}) == ["a", "b", "a"]


def test_check_warns_about_a_divisor_that_may_be_zero() -> None:
    from discretion.verify import verify

    rules = _load(
        f"      - {{name: q, label: 比, op: ratio, of: [measured, limit], round: {{places: 2}}, {_CITE}}}",
        "q >= 0 or q < 0",
    )
    report = verify(rules)
    found = [p for p in report.problems if p.check == "derived"]
    assert found
    assert "limit" in found[0].message_zh
    # The example gives its limit a min above 0: no warning there.
    example = verify(discretion.load(EXAMPLE))
    assert not [p for p in example.problems if p.check == "derived"]


def test_batch_rows_of_a_derived_item_get_the_reference_answer() -> None:
    import pyarrow as pa

    rules = discretion.load(EXAMPLE)
    table = pa.table(
        {
            "item": ["AIR-99-2", "AIR-99-2"],
            "party_type": ["organisation", "organisation"],
            "measured": ["150", "300"],
            "limit": ["100", "100"],
        }
    )
    rows = discretion.evaluate_batch(rules, table).to_pylist()
    # (150 − 100) ÷ 100 = 0.50 → 30万–50万; (300 − 100) ÷ 100 = 2.00 → 80万–100万 (the example's bands
    # inside 大气法第九十九条 10万–100万), in fen.
    assert [(r["level"], r["fine_min_fen"], r["fine_max_fen"]) for r in rows] == [
        ("moderate", 30_000_000, 50_000_000),
        ("severe", 80_000_000, 100_000_000),
    ]
