"""One answer, two paths: the columnar ``evaluate_batch`` equals the scalar ``evaluate`` (issue 12).

The reference is ``discretion.evaluate``, one case at a time. Tables of several rows are drawn for
every item version in ``rules/`` and for the items of the synthetic benchmark standard
(``benchmarks/synthetic.py``), with bad rows mixed in (an unknown item, a value out of bounds, a
value of the wrong type, an enum value the item does not list, a fact the item does not declare);
each row must give what ``evaluate`` gives for it, or the same error. Numbers travel as decimal
strings, so that one column holds ints and decimals alike; the int64 and decimal128 paths are
checked on the synthetic cases and on the published FSL-122 figures below.
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy  # noqa: F401 - the dev extra installs it
import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import discretion
from discretion.compile._loader import loads_many
from discretion.compile._records import CompiledItem
from discretion.verify.testing import facts_for
from strategies import RULESET, VERSION_IDS, VERSIONS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import synthetic  # type: ignore[import-not-found]

SPECS = synthetic.item_specs(12)
SYNTHETIC = loads_many(synthetic.standard_sources(SPECS))
SYN_ITEMS = tuple(SYNTHETIC.item(s.code) for s in SPECS)


def _text(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, Decimal)):
        return str(value)
    return value


def _reference(rules: Any, code: str, facts: dict[str, Any], day: Any) -> dict[str, Any]:
    """What the scalar path gives for one row, in the batch's terms."""
    try:
        rec = discretion.evaluate(rules, code, facts, violation_date=day)
    except discretion.DiscretionError as exc:
        return {"ok": False, "error_type": type(exc).__name__, "error_field": exc.field}
    pens = []
    for p in rec.penalties:
        scale = 100 if p.unit == "元" else 1
        pens.append(
            (
                p.id,
                p.kind,
                None if p.min is None else int(p.min * scale),
                None if p.max is None else int(p.max * scale),
                None if p.statutory_max is None else int(p.statutory_max * scale),
                p.reduced,
            )
        )
    return {
        "ok": True,
        "outcome": rec.outcome,
        "version": rec.ruleset.version,
        "level": rec.level,
        "penalties": pens,
        "grounds": list(rec.grounds),
        "circumstances": [c.id for c in rec.circumstances],
        "flags": (
            rec.flags.summary_procedure,
            rec.flags.hearing,
            rec.flags.legality_review,
            rec.flags.reduced,
        ),
    }


def _got(row: dict[str, Any]) -> dict[str, Any]:
    if not row["ok"]:
        return {"ok": False, "error_type": row["error_type"], "error_field": row["error_field"]}
    return {
        "ok": True,
        "outcome": row["outcome"],
        "version": row["version"],
        "level": row["level"],
        "penalties": [
            (p["id"], p["kind"], p["min"], p["max"], p["statutory_max"], p["reduced"])
            for p in row["penalties"]
        ],
        "grounds": row["grounds"],
        "circumstances": row["circumstances"],
        "flags": (row["summary_procedure"], row["hearing"], row["legality_review"], row["reduced"]),
    }


@st.composite
def _row(draw: st.DrawFn, item: CompiledItem) -> tuple[str, dict[str, Any]]:
    facts = dict(draw(facts_for(item)))
    code = item.code
    spoil = draw(
        st.sampled_from(["none", "none", "none", "item", "bound", "type", "enum", "alien"])
    )
    numeric = [n for n, f in item.fields.items() if f.spec.type in ("money", "count", "days")]
    enums = [n for n, f in item.fields.items() if f.spec.type == "enum"]
    if spoil == "item":
        code = "NO-SUCH-ITEM"
    elif spoil == "bound" and numeric:
        facts[draw(st.sampled_from(numeric))] = "-5"
    elif spoil == "type" and numeric:
        facts[draw(st.sampled_from(numeric))] = "not a number"
    elif spoil == "enum" and enums:
        facts[draw(st.sampled_from(enums))] = "martian"
    elif spoil == "alien":
        facts["no_such_fact"] = "1"
    return code, facts


def _check(rules: Any, item: CompiledItem, rows: list[tuple[str, dict[str, Any]]]) -> None:
    day = item.standard.effective_from
    names = sorted({k for _c, f in rows for k in f})
    table = pa.Table.from_pylist(
        [
            {"item": code, "violation_date": day, **{k: _text(f.get(k)) for k in names}}
            for code, f in rows
        ]
    )
    # Every fact column as text (a column of booleans stays boolean), one type per column.
    out = discretion.evaluate_batch(rules, table).to_pylist()
    assert len(out) == len(rows)
    for (code, facts), row in zip(rows, out, strict=True):
        assert _got(row) == _reference(rules, code, facts, day), (code, facts)


@pytest.mark.parametrize("item", VERSIONS, ids=VERSION_IDS)
@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_columnar_equals_scalar_on_rules(item: CompiledItem, data: st.DataObject) -> None:
    rows = data.draw(st.lists(_row(item), min_size=1, max_size=6))
    _check(RULESET, item, rows)


@pytest.mark.parametrize("item", SYN_ITEMS, ids=[i.code for i in SYN_ITEMS])
@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_columnar_equals_scalar_on_synthetic(item: CompiledItem, data: st.DataObject) -> None:
    rows = data.draw(st.lists(_row(item), min_size=1, max_size=6))
    _check(SYNTHETIC, item, rows)


def test_synthetic_cases_are_decided_as_columns() -> None:
    # The generator's cases (money as int64 columns) across all the items at once: every row
    # equals evaluate, and the columnar plan, not the scalar fallback, decided them.
    cases = synthetic.generate_cases(SPECS, 2000)
    table = pa.Table.from_pylist([{"item": code, **facts} for code, facts in cases])
    assert table.schema.field("goods_value").type == pa.int64()
    stats: dict[str, int] = {}
    out = discretion.evaluate_batch(SYNTHETIC, table, stats=stats).to_pylist()
    for (code, facts), row in zip(cases, out, strict=True):
        assert _got(row) == _reference(SYNTHETIC, code, facts, None)
    assert stats["columnar"] == len(cases)
    assert stats["scalar"] == 0


def test_decimal128_fines_in_fen() -> None:
    # 食品安全法第一百二十二条第一款：货值不足一万元，并处五万元以上十万元以下罚款；
    # 一般 30%–70%：65000–85000 元 (rules/food/fsl-2021.cases.yaml) — through a decimal128 column.
    table = pa.table(
        {
            "item": ["FSL-122-1"] * 2,
            "party_type": ["organisation"] * 2,
            "goods_value": pa.array([Decimal("9999.99"), Decimal("-1.00")], pa.decimal128(10, 2)),
        }
    )
    stats: dict[str, int] = {}
    rows = discretion.evaluate_batch(RULESET, table, stats=stats).to_pylist()
    assert (rows[0]["fine_min_fen"], rows[0]["fine_max_fen"]) == (6_500_000, 8_500_000)
    assert (rows[1]["ok"], rows[1]["error_field"]) == (False, "goods_value")
    assert stats == {"columnar": 1, "scalar": 1, "unsupported_items": stats["unsupported_items"]}


def test_stream_and_parquet_give_the_table_answer(tmp_path: Path) -> None:
    # The same synthetic cases decided as one table, as a stream of record batches, and from a
    # Parquet file into a Parquet file: one answer, row numbers running on across batches.
    import pyarrow.parquet as pq

    cases = synthetic.generate_cases(SPECS, 700)
    table = pa.Table.from_pylist([{"item": code, **facts} for code, facts in cases])
    whole = discretion.evaluate_batch(SYNTHETIC, table, chunk_size=256)
    streamed = pa.Table.from_batches(
        list(discretion.iter_batch(SYNTHETIC, iter(table.to_batches(max_chunksize=300))))
    )
    assert streamed.drop_columns([]).to_pylist() == whole.to_pylist()
    src, dst = tmp_path / "cases.parquet", tmp_path / "out.parquet"
    pq.write_table(table, src, row_group_size=200)
    assert discretion.batch_parquet(SYNTHETIC, str(src), str(dst), chunk_size=128) == len(cases)
    assert pq.read_table(dst).to_pylist() == whole.to_pylist()


def test_a_rule_set_is_not_kept_alive_by_its_plans() -> None:
    import gc
    import weakref

    rules = loads_many(synthetic.standard_sources(SPECS[:2]))
    cases = synthetic.generate_cases(SPECS[:2], 10)
    discretion.evaluate_batch(rules, pa.Table.from_pylist([{"item": c, **f} for c, f in cases]))
    ref = weakref.ref(rules)
    del rules
    gc.collect()
    assert ref() is None


# Art. 36 of the Administrative Penalty Law (行政处罚法第三十六条): ¶1 违法行为在二年内未被发现的，
# 不再给予行政处罚；涉及公民生命健康安全、金融安全且有危害后果的，上述期限延长至五年。¶2 前款规定的
# 期限，从违法行为发生之日起计算；违法行为有连续或者继续状态的，从行为终了之日起计算。
# Each row: (violation_date column, act_date, act_end_date, discovery_date, endangers_safety,
# harm, expired?) — the expected answer worked out by hand from the article, not by the code.
_D = dt.date
_ART36 = [
    (None, _D(2022, 3, 1), None, _D(2024, 3, 1), False, "none", False),  # the last day of 二年
    (None, _D(2022, 3, 1), None, _D(2024, 3, 2), False, "none", True),  # one day past
    (None, _D(2022, 2, 28), None, _D(2024, 2, 29), False, "none", True),  # past 2024-02-28
    (None, _D(2024, 2, 29), None, _D(2026, 2, 28), False, "none", False),  # 29 Feb → 28 Feb
    (None, _D(2024, 2, 29), None, _D(2026, 3, 1), False, "none", True),
    (None, _D(2022, 1, 10), None, _D(2025, 1, 10), True, "minor", False),  # 五年 with harm
    (None, _D(2022, 1, 10), None, _D(2027, 1, 11), True, "minor", True),  # past 五年
    (None, _D(2022, 1, 10), None, _D(2025, 1, 10), True, "none", True),  # no harm: 二年
    (None, _D(2022, 1, 10), None, _D(2025, 1, 10), False, "significant", True),  # not safety
    (None, _D(2021, 8, 1), _D(2023, 6, 1), _D(2025, 5, 31), False, "none", False),  # ¶2: the end
    (None, _D(2021, 8, 1), None, _D(2025, 5, 31), False, "none", True),  # no end: the act
    (_D(2022, 3, 1), None, None, _D(2024, 3, 2), False, "none", True),  # the date column
    (_D(2022, 3, 1), None, None, _D(2024, 3, 1), False, "none", False),
    (_D(2022, 3, 1), _D(2022, 3, 1), None, _D(2024, 3, 2), False, "none", True),  # agreeing
    (None, _D(2022, 3, 1), None, None, False, "none", False),  # no discovery date: not checked
]


def test_limitation_period_is_decided_as_columns() -> None:
    cases = synthetic.generate_cases(SPECS, len(_ART36))
    rows = []
    for (code, facts), (day, act, end, found, safety, harm, _x) in zip(cases, _ART36, strict=True):
        rows.append(
            {
                "item": code,
                "violation_date": day,
                **facts,
                "act_date": act,
                "act_end_date": end,
                "discovery_date": found,
                "endangers_safety": safety,
                "harm": harm,
            }
        )
    # A date fact contradicting the violation date is refused (evaluate's CaseError), by the
    # scalar path; every other row stays in columns.
    contra = {**rows[0], "violation_date": _D(2022, 3, 2)}
    table = pa.Table.from_pylist([*rows, contra])
    assert table.schema.field("act_date").type == pa.date32()
    stats: dict[str, int] = {}
    out = discretion.evaluate_batch(SYNTHETIC, table, stats=stats).to_pylist()
    for row, spec, got in zip(rows, _ART36, out[:-1], strict=True):
        expired = spec[-1]
        assert ("limitation" in got["grounds"]) is expired, (row, got)
        if expired:
            assert (got["outcome"], got["level"], got["penalties"]) == ("no_penalty", None, [])
        facts = {
            k: v for k, v in row.items() if k not in ("item", "violation_date") and v is not None
        }
        assert _got(got) == _reference(SYNTHETIC, row["item"], facts, row["violation_date"])
    assert (out[-1]["ok"], out[-1]["error_type"]) == (False, "CaseError")
    assert (stats["columnar"], stats["scalar"]) == (len(rows), 1)


def test_add_years_matches_the_calendar() -> None:
    from discretion.decide._columnar import add_years

    days = [_D(2024, 2, 29), _D(2023, 12, 31), _D(1969, 3, 1), _D(2000, 2, 29), _D(2021, 7, 15)]
    epoch = _D(1970, 1, 1)
    for years in (1, 2, 4, 5):
        got = add_years(np.array([(d - epoch).days for d in days]), years)
        for d, g in zip(days, got.tolist(), strict=True):
            try:
                want = d.replace(year=d.year + years)
            except ValueError:  # 29 February in a common year: 28 February (_stage_gate)
                want = d.replace(year=d.year + years, day=28)
            assert epoch + dt.timedelta(days=g) == want
