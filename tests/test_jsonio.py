"""The JSON form: amounts as decimal strings, typed values stated, read back without loss."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

import discretion
from discretion.errors import CaseError
from discretion.explain._jsonio import from_dict, from_json, to_dict, to_json
from strategies import RULESET


def _rec() -> discretion.Recommendation:
    # FSL Art. 124 ¶1: goods value 20 元 (< 1万) → 5万–10万; an individual aged 15 (Art. 30) gets
    # the 从轻或者减轻 options.
    facts = {"party_type": "individual", "goods_value": "20", "age": 15}
    return discretion.evaluate(RULESET, "FSL-124", facts)


def test_amounts_are_decimal_strings_with_their_types_stated() -> None:
    data = to_dict(_rec())
    fine = next(p for p in data["penalties"] if p["id"] == "fine")
    assert (fine["statutory_min"], fine["statutory_max"]) == ("50000", "100000")
    assert data["facts"]["goods_value"] == "20"
    assert data["fact_types"]["goods_value"] == "decimal"
    assert data["facts"]["party_type"] == "individual"
    assert "party_type" not in data["fact_types"]
    assert data["facts"]["age"] == 15
    assert fine["imposed"] is True
    assert [o["choice"] for o in data["options"]] == ["mitigate", "reduce"]
    json.loads(json.dumps(data), parse_float=_no_float)  # never a binary float


def _no_float(text: str) -> None:
    raise AssertionError(f"a float in the JSON: {text}")


def test_round_trip_keeps_decimal_text_and_dates() -> None:
    rec = _rec()
    back = from_json(to_json(rec))
    assert back == rec
    fine = back.penalty("fine")
    assert fine is not None
    assert isinstance(fine.statutory_max, Decimal)
    assert str(fine.statutory_max) == "100000"
    facts = dict(back.facts)
    assert facts["goods_value"] == Decimal(20)
    assert isinstance(facts["goods_value"], Decimal)


def test_not_json() -> None:
    with pytest.raises(CaseError, match="not valid JSON"):
        from_json("{")


def test_missing_key_names_the_place() -> None:
    data = to_dict(_rec())
    del data["steps"][2]["rule"]
    with pytest.raises(CaseError) as info:
        from_dict(data)
    assert info.value.field == "steps[2].rule"


def test_bad_amount_names_the_place() -> None:
    data = to_dict(_rec())
    data["penalties"][0]["min"] = "fifty"
    data["penalties"][0]["id"] = "x"
    with pytest.raises(CaseError, match="not a decimal") as info:
        from_dict(data)
    assert info.value.field == "penalties[0].min"


@pytest.mark.parametrize(
    "text",
    [
        "普通文本",
        'quote " and \\ backslash',
        "controls \x00\x01\x1f\t\n\r\x7f",
        "\u2028\u2029 é 😀",
    ],
)
def test_to_json_writes_what_the_standard_library_writes(text: str) -> None:
    """orjson writes the default form; it must be byte for byte json.dumps(ensure_ascii=False,
    indent=2), escapes of control characters and characters outside the BMP included."""
    from dataclasses import replace

    rec = replace(_rec(), item_name=text, notes=(text, ""), orders=())
    assert to_json(rec) == json.dumps(to_dict(rec), ensure_ascii=False, indent=2)
    assert to_json(rec, indent=None) == json.dumps(to_dict(rec), ensure_ascii=False)
    assert from_json(to_json(rec)) == rec


def test_to_json_of_every_item_matches_the_standard_library() -> None:
    from hypothesis import given, settings

    from discretion.verify.testing import cases

    @settings(max_examples=60)
    @given(cases(RULESET))
    def check(case: Any) -> None:
        rec = discretion.evaluate(
            RULESET,
            case.item,
            case.facts,
            violation_date=case.violation_date,
        )
        assert to_json(rec) == json.dumps(to_dict(rec), ensure_ascii=False, indent=2)

    check()
