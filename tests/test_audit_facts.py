"""The archive's facts column read as columns by Arrow's JSON reader (audit/_decide.py).

Money must stay exact (DESIGN.md §5): a JSON decimal is never a float on its way to the
decision core; whatever the columns cannot carry leaves the chunk to the row-by-row parser.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest

from discretion.audit._decide import facts_columns


def _read(texts: Sequence[str | None]) -> tuple[Any, list[bool]] | None:
    got = facts_columns(pa.array(texts, pa.string()))
    return None if got is None else (got[0], got[1].tolist())


def test_types_are_the_json_types_and_money_stays_exact() -> None:
    got = _read(
        [
            '{"goods_value": 9999.99, "count": 3, "serious": true, "party_type": "individual"}',
            '{"goods_value": 12, "count": 4, "serious": false}',
            None,
        ]
    )
    assert got is not None
    table, given = got
    assert given == [True, True, False]
    assert table.schema.field("goods_value").type == pa.decimal128(38, 6)
    assert table.column("goods_value").to_pylist() == [Decimal("9999.99"), Decimal(12), None]
    assert table.schema.field("count").type == pa.int64()
    assert table.column("serious").to_pylist() == [True, False, None]
    assert table.column("party_type").to_pylist() == ["individual", None, None]


@pytest.mark.parametrize(
    "texts",
    [
        ['{"a": 0.1234567}'],  # seven places: not carried by decimal128(38, 6)
        ['{"a": [1, 2]}'],  # a list
        ['{"a": {"b": 1}}'],  # an object
        ['{"a": true}', '{"a": 1}'],  # true/false beside a number
        ["[1, 2]"],  # not an object
        ["not json"],
        ['{"a": "x\\ny"}', '{"a": "z"}'],  # a line break inside a value (escaped: read fine)
    ],
)
def test_what_the_columns_cannot_carry_is_left_to_the_rows(texts: list[str]) -> None:
    got = _read(texts)
    if texts[0].startswith('{"a": "x'):
        assert got is not None
        assert got[0].column("a").to_pylist() == ["x\ny", "z"]
    else:
        assert got is None


def test_a_raw_line_break_leaves_the_chunk_to_the_rows() -> None:
    assert _read(['{"a":\n 1}']) is None


def test_a_timestamp_looking_text_stays_text() -> None:
    got = _read(['{"act_date": "2024-01-02"}'])
    assert got is not None
    assert got[0].column("act_date").to_pylist() == ["2024-01-02"]
