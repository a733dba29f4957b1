"""evaluate_batch: the columnar answer equals the scalar one, row by row (docs/guide/batch.md).

Expected figures in the fixed cases come from the statute, cited beside them; the property
checks, for every item version in rules/, that a table of drawn cases gives, row by row, what
``evaluate`` gives (money as exact fen), and that bad rows get their own errors.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import discretion
from discretion.compile._records import CompiledItem
from discretion.verify.testing import facts_for
from strategies import RULESET, VERSION_IDS, VERSIONS, evaluate, one_date


def _fen(value: Decimal | None) -> int | None:
    return None if value is None else int(value * 100)


def _same(rec: discretion.Recommendation, row: dict[str, Any]) -> None:
    assert row["ok"] is True
    assert row["outcome"] == rec.outcome
    assert row["level"] == rec.level
    assert row["version"] == rec.ruleset.version
    fine = rec.penalty("fine")
    assert row["fine_min_fen"] == (_fen(fine.min) if fine else None)
    assert row["fine_max_fen"] == (_fen(fine.max) if fine else None)
    assert [p["id"] for p in row["penalties"]] == [p.id for p in rec.penalties]
    for got, p in zip(row["penalties"], rec.penalties, strict=True):
        scale = 100 if p.unit == "元" else 1
        assert got["min"] == (None if p.min is None else int(p.min * scale))
        assert got["max"] == (None if p.max is None else int(p.max * scale))
    assert row["circumstances"] == [c.id for c in rec.circumstances]
    assert row["grounds"] == list(rec.grounds)
    flags = rec.flags
    assert (row["summary_procedure"], row["hearing"], row["legality_review"], row["reduced"]) == (
        flags.summary_procedure,
        flags.hearing,
        flags.legality_review,
        flags.reduced,
    )


@pytest.mark.parametrize("item", VERSIONS, ids=VERSION_IDS)
@given(data=st.data())
def test_batch_equals_scalar(item: CompiledItem, data: st.DataObject) -> None:
    # The date of the act agrees with the violation date (a contradiction is refused).
    cases = [
        one_date(item, f) for f in data.draw(st.lists(facts_for(item), min_size=1, max_size=4))
    ]
    day = item.standard.effective_from
    rows = []
    for facts in cases:
        # One single-row table per case: fact values of several types (int, Decimal) in one
        # column would be an inference question for Arrow, not for the library.
        rows.append(pa.Table.from_pylist([{"item": item.code, "violation_date": day, **facts}]))
    for facts, table in zip(cases, rows, strict=True):
        out = discretion.evaluate_batch(RULESET, table).to_pylist()
        assert len(out) == 1
        _same(evaluate(item, facts), out[0])


def test_published_fines_in_fen() -> None:
    # 食品安全法第一百二十二条第一款：货值不足一万元，并处五万元以上十万元以下罚款；
    # 从轻取最低 30%：50000 + 30% × 50000 = 65000 元 (rules/food/fsl-2021.cases.yaml).
    # 一般取 30%–70%：65000–85000 元.
    table = pa.table(
        {
            "case_id": ["a", "b"],
            "item": ["FSL-122-1", "FSL-122-1"],
            "party_type": ["organisation", "organisation"],
            "goods_value": pa.array([Decimal("20"), Decimal("9999.99")], pa.decimal128(10, 2)),
            "first_violation": [True, None],
        }
    )
    out = discretion.evaluate_batch(RULESET, table)
    rows = out.to_pylist()
    assert [r["case_id"] for r in rows] == ["a", "b"]
    assert [(r["level"], r["fine_min_fen"], r["fine_max_fen"]) for r in rows] == [
        ("light", 5_000_000, 6_500_000),
        ("general", 6_500_000, 8_500_000),
    ]
    assert out.schema.field("fine_min_fen").type == pa.int64()
    assert out.schema.metadata[b"discretion.ruleset_digest"]


def test_bad_rows_get_their_own_errors() -> None:
    table = pa.table(
        {
            "item": ["FSL-122-1", "NO-SUCH-ITEM", "FSL-122-1", "FSL-122-1"],
            "party_type": ["organisation", "organisation", "organisation", "martian"],
            "goods_value": ["20", "20", "-5", "20"],
        }
    )
    rows = discretion.evaluate_batch(RULESET, table).to_pylist()
    assert [r["ok"] for r in rows] == [True, False, False, False]
    # 一般：50000 + 30% × 50000 = 65000 元 (第一百二十二条第一款, as in test_published_fines_in_fen)
    assert rows[0]["fine_min_fen"] == 6_500_000
    assert rows[1]["error_type"] == "UnknownItemError"
    assert (rows[2]["error_type"], rows[2]["error_field"], rows[2]["error_value"]) == (
        "FactError",
        "goods_value",
        "-5",
    )
    assert rows[3]["error_field"] == "party_type"
    assert rows[3]["error_value"] == "martian"
    for r in rows[1:]:
        assert r["level"] is None
        assert r["fine_min_fen"] is None
        assert r["error_message"]


def test_chunks_keep_row_order() -> None:
    n = 10
    table = pa.table(
        {
            "item": ["FSL-122-1"] * n,
            "party_type": ["organisation"] * n,
            "goods_value": [str(20 + i) for i in range(n)],
        }
    )
    out = discretion.evaluate_batch(RULESET, table, chunk_size=3)
    assert out.column("row").to_pylist() == list(range(n))
    # 一般 for every row: 65000 元 (第一百二十二条第一款, 30%–70%)
    assert set(out.column("fine_min_fen").to_pylist()) == {6_500_000}


def test_table_without_item_column_is_refused() -> None:
    with pytest.raises(discretion.CaseError, match="item"):
        discretion.evaluate_batch(RULESET, pa.table({"goods_value": ["1"]}))
