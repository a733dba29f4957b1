"""An item banded by factor percentages goes through evaluate per row in a batch (issue 12).

The columnar plan computes every scale point once per item, with no facts; a factor band's point
is a sum over the options each row's facts select, so the plan refuses it (``Unsupported``) and
its rows are decided by ``evaluate`` — with the same answer, and a bad row in error on its own.
It used to raise ``KeyError`` (a factor option read a missing fact) out of ``evaluate_batch``.

The item is BAND-FACTORS of docs/examples/banding.yaml: 中华人民共和国大气污染防治法（2018-10-26）
第九十九条 “并处十万元以上一百万元以下的罚款”; its factor percentages are the example's own
(illustrative, stated so in the file, not a published table).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest

import discretion
from discretion.decide._columnar_plan import Unsupported, plan_item

BANDING = Path(__file__).resolve().parent.parent / "docs" / "examples" / "banding.yaml"


@pytest.fixture(scope="module")
def rules() -> discretion.RuleSet:
    return discretion.load(BANDING)


def _fen(value: Decimal | None) -> int | None:
    return None if value is None else int(value * 100)


def test_the_plan_refuses_a_factor_band_by_name(rules: discretion.RuleSet) -> None:
    with pytest.raises(Unsupported, match="FactorBand"):
        plan_item(rules.item("BAND-FACTORS"))


def test_batch_equals_evaluate_with_a_bad_row(rules: discretion.RuleSet) -> None:
    # (pollution, repeat, expected fine in fen); 故意 is not given (its default: 过失 5%) except
    # in the bad row. Σ percentages × 1 000 000 元, the maximum of 第九十九条:
    cases = [
        ("low", None, 15_000_000),  # 轻微 10% + 过失 5% + 初次 0% = 15% → 150 000 元 (≥ 十万元)
        ("high", True, 45_000_000),  # 严重 30% + 过失 5% + 再次 10% = 45% → 450 000 元
        ("medium", False, None),  # the bad row: 故意 given as the string "yes", not a bool
        ("medium", True, 35_000_000),  # 较重 20% + 过失 5% + 再次 10% = 35% → 350 000 元
    ]
    bad_at = 2
    table = pa.table(
        {
            "item": ["BAND-FACTORS"] * len(cases),
            "party_type": ["organisation"] * len(cases),
            "pollution": [c[0] for c in cases],
            "repeat": [c[1] for c in cases],
            # one Arrow column holds one type: the bad row's string sits in a string column
            # whose other rows are null (not given: the fact's default, false)
            "intentional": pa.array(
                ["yes" if i == bad_at else None for i in range(4)], pa.string()
            ),
        }
    )
    stats: dict[str, int] = {}
    rows = discretion.evaluate_batch(rules, table, stats=stats).to_pylist()
    # the item went per row through evaluate, not through the columnar plan
    assert (stats["unsupported_items"], stats["columnar"]) == (1, 0)
    assert [r["ok"] for r in rows] == [True, True, False, True]

    for i, (row, (pollution, repeat, fen)) in enumerate(zip(rows, cases, strict=True)):
        if i == bad_at:
            continue
        facts: dict[str, object] = {"party_type": "organisation", "pollution": pollution}
        if repeat is not None:
            facts["repeat"] = repeat
        rec = discretion.evaluate(rules, "BAND-FACTORS", facts)
        fine = rec.penalty("fine")
        assert fine is not None
        assert (row["outcome"], row["level"]) == (rec.outcome, rec.level)
        assert (row["fine_min_fen"], row["fine_max_fen"]) == (_fen(fine.min), _fen(fine.max))
        # a single point, from the statute's maximum and the file's percentages
        assert row["fine_min_fen"] == row["fine_max_fen"] == fen

    bad = rows[bad_at]
    assert (bad["error_type"], bad["error_field"], bad["error_value"]) == (
        "FactError",
        "intentional",
        "yes",
    )
    assert bad["level"] is None
    assert bad["fine_min_fen"] is None
    # evaluate refuses the same case with the same message (file item and field named)
    with pytest.raises(discretion.FactError) as refused:
        discretion.evaluate(
            rules,
            "BAND-FACTORS",
            {
                "party_type": "organisation",
                "pollution": "medium",
                "repeat": False,
                "intentional": "yes",
            },
        )
    assert str(refused.value) == bad["error_message"]
    assert "BAND-FACTORS" in bad["error_message"]
