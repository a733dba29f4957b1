"""Format 2, amount shapes (issue 20, point 3): an amount equal to a fact, a unit on every shape.

Expected figures come from 《中华人民共和国食品安全法》（2021年4月29日修正）第一百二十四条第一款:
"没收违法所得……货值金额不足一万元的，并处五万元以上十万元以下罚款；货值金额一万元以上的，并处货值金额
十倍以上二十倍以下罚款", and the standard's 30/40/30 banding (lower_30 = 0–30 % of the range).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import discretion
from discretion.decide._backend import REFERENCE

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "format2" / "amounts"
RULE = EXAMPLE / "fsl-124-gains.yaml"
GAINS = {
    "party_type": "organisation",
    "goods_value": Decimal(20),
    "illegal_gains": Decimal("12.5"),
    "first_violation": True,
}


def _penalty(rec: discretion.Recommendation, pid: str) -> discretion.Penalty:
    return next(p for p in rec.penalties if p.id == pid)


def test_gains_confiscated_equal_the_fact() -> None:
    rec = discretion.evaluate(discretion.load(EXAMPLE), "F2-FSL-124", GAINS)
    gains = _penalty(rec, "confiscate_gains")
    # 第一百二十四条第一款 "没收违法所得": the whole 12.5 元 found, no band, no circumstance
    assert (gains.min, gains.max, gains.unit) == (Decimal("12.5"), Decimal("12.5"), "元")
    fine = _penalty(rec, "fine")
    # 不足一万元 → [50000, 100000]; 从轻 lowest 30 %: 50000–65000 (the fine stays the primary clause)
    assert (fine.min, fine.max) == (Decimal(50000), Decimal(65000))
    zh = discretion.render_text(rec)
    assert "没收违法所得 12.5 元" in zh
    assert "数额：等于违法所得 12.5 元" in zh
    assert "倍" not in zh.split("1. 没收违法所得")[1].split("2.")[0]
    en = discretion.render_text(rec, lang="en")
    assert "Amount: equal to illegal gains 12.5 yuan" in en


def test_reference_pipeline_decides_the_item() -> None:
    rules = discretion.load(EXAMPLE)
    assert rules.item("F2-FSL-124").needs_reference
    ref = discretion.evaluate(rules, "F2-FSL-124", GAINS, backend=REFERENCE)
    default = discretion.evaluate(rules, "F2-FSL-124", GAINS)
    assert discretion.to_json(ref) == discretion.to_json(default)


def test_no_band_on_an_equals_primary(tmp_path: Path) -> None:
    text = RULE.read_text(encoding="utf-8").replace(
        "        amount: {equals: {base: illegal_gains}}",
        "        amount: {equals: {base: illegal_gains}}\n        primary: true",
    )
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(discretion.RuleSetError) as err:
        discretion.load(tmp_path)
    message = str(err.value)
    assert "不能再划分裁量幅度" in message
    assert "cannot be banded" in message
    assert "r.yaml:" in message
    assert "band" in message


def test_equals_names_an_unknown_fact(tmp_path: Path) -> None:
    text = RULE.read_text(encoding="utf-8").replace(
        "        amount: {equals: {base: illegal_gains}}",
        "        amount: {equals: {base: illegal_gain}}",
    )
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(discretion.RuleSetError) as err:
        discretion.load(tmp_path)
    message = str(err.value)
    assert "未声明的计罚基数事实" in message
    assert "illegal_gains" in message


def test_a_multiple_carries_its_unit(tmp_path: Path) -> None:
    # The same 10–20 times goods value (Art. 124 ¶1), written in another currency: the unit is
    # carried through the range and the text, never printed as 元.
    text = RULE.read_text(encoding="utf-8").replace(
        "{multiple: {base: goods_value, min: 10, max: 20}}",
        "{multiple: {base: goods_value, min: 10, max: 20, unit: 港元}}",
    )
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    rules = discretion.load(tmp_path)
    facts = {"party_type": "organisation", "goods_value": Decimal(20000)}
    rec = discretion.evaluate(rules, "F2-FSL-124", facts)
    fine = _penalty(rec, "fine")
    # 一般 (middle 40 %): 13–17 times × 20000 = 260000–340000
    assert (fine.min, fine.max, fine.unit) == (Decimal(260000), Decimal(340000), "港元")
    zh = discretion.render_text(rec)
    assert "260000–340000 港元" in zh
    ref = discretion.evaluate(rules, "F2-FSL-124", facts, backend=REFERENCE)
    assert discretion.to_json(ref) == discretion.to_json(rec)


def _check(tmp_path: Path, old: str, new: str) -> list[tuple[str, str]]:
    from discretion.verify._check import verify

    text = RULE.read_text(encoding="utf-8").replace(old, new)
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    report = verify(discretion.load(tmp_path))
    return [(p.check, p.severity) for p in report.problems if p.check.startswith("equals")]


def test_check_an_equals_in_another_unit(tmp_path: Path) -> None:
    found = _check(
        tmp_path,
        "        amount: {equals: {base: illegal_gains}}",
        "        amount: {equals: {base: illegal_gains, unit: 日}}",
    )
    assert found == [("equals_unit", "error")]


def test_check_a_fine_equal_to_a_fact(tmp_path: Path) -> None:
    found = _check(
        tmp_path,
        "        kind: confiscate_gains\n        mode: combined\n        amount:",
        "        kind: fine\n        mode: combined\n        amount:",
    )
    assert found == [("equals_kind", "warning")]


def test_check_passes_the_example() -> None:
    from discretion.verify._check import verify

    report = verify(discretion.load(EXAMPLE))
    assert [p for p in report.problems if p.check.startswith("equals")] == []
