"""Bad input: one small bad file or input per failure mode, each giving one clear, located error.

Each bad rule file under tests/bad/ is tests/bad/_base.yaml with one mistake; the tests assert
the keywords of the message (what, where: file:line, item, field, and a hint where one helps).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import discretion
from discretion.errors import (
    FactError,
    LevelGapError,
    RuleSetError,
    RuleSetErrors,
    UnknownItemError,
)

BAD = Path(__file__).parent / "bad"


def test_the_base_file_is_valid() -> None:
    rules = discretion.load(BAD / "_base.yaml")
    assert rules.codes == ("T-1",)


@pytest.mark.parametrize(
    ("name", "line", "field", "words"),
    [
        ("malformed", 18, None, ["not valid YAML", "YAML 格式错误"]),
        ("duplicate_key", 19, "items[0].name", ["duplicate key 'name'", "重复的键"]),
        (
            "unknown_fact",
            32,
            "items[0].levels[0].when",
            ["unknown fact 'goods_valu'", "did you mean 'goods_value'"],
        ),
        (
            "band_outside",
            39,
            "items[0].levels[1].band",
            ["[2000, 6000]", "[1000, 5000]", "超出法定幅度"],
        ),
        ("bad_syntax", 37, "items[0].levels[1].when", ["syntax error", "条件语法错误"]),
        ("type_mismatch", 37, "items[0].levels[1].when", ["'goods_value' is money", "'large'"]),
        ("unknown_field", 20, "items[0].penalty_bases", ["unknown field 'penalty_bases'"]),
        ("undeclared_law", 19, "items[0].legal_basis[0].law", ["undeclared law 'FSL'"]),
        ("eval_in_condition", 32, "items[0].levels[0].when", ["not allowed", "function call"]),
    ],
)
def test_bad_rule_file(name: str, line: int, field: str | None, words: list[str]) -> None:
    path = BAD / f"{name}.yaml"
    with pytest.raises(RuleSetError) as caught:
        discretion.load(path)
    errors = caught.value.errors if isinstance(caught.value, RuleSetErrors) else [caught.value]
    error = next((e for e in errors if e.line == line), errors[0])
    text = str(error)
    assert error.file is not None
    assert error.file.endswith(f"{name}.yaml")
    assert error.line == line, text
    if field is not None:
        assert error.field == field, text
    if field is not None and name != "duplicate_key":  # found while parsing: no item known yet
        assert error.item == "T-1", text
    for word in words:
        assert word in text, text


def test_bad_file_errors_name_file_and_line_in_the_message() -> None:
    with pytest.raises(RuleSetError) as caught:
        discretion.load(BAD / "band_outside.yaml")
    assert "band_outside.yaml:39, item T-1, field items[0].levels[1].band" in str(caught.value)


def test_all_problems_of_a_file_are_reported_together(tmp_path: Path) -> None:
    text = (BAD / "_base.yaml").read_text(encoding="utf-8")
    text = text.replace("goods_value < 1000", "goods_valu < 1000").replace(
        "{min: 2000, max: 5000}", "{min: 2000, max: 6000}"
    )
    path = tmp_path / "two.yaml"
    path.write_text(text.replace("../../rules", str(BAD.parent.parent / "rules")), "utf-8")
    with pytest.raises(RuleSetErrors) as caught:
        discretion.load(path)
    assert len(caught.value.errors) == 2


# -- facts ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base() -> discretion.RuleSet:
    return discretion.load(BAD / "_base.yaml")


@pytest.mark.parametrize(
    ("facts", "field", "words"),
    [
        (
            {"party_type": "individual", "goods_valu": 5},
            "goods_valu",
            ["unknown fact 'goods_valu'", "did you mean 'goods_value'"],
        ),
        (
            {"party_type": "individual", "goods_value": "abc"},
            "goods_value",
            ["货值金额", "expected a number"],
        ),
        ({"party_type": "individual", "goods_value": -1}, "goods_value", ["below the minimum 0"]),
        (
            {"party_type": "individual", "goods_value": 12.5},
            "goods_value",
            ["binary float", "Decimal"],
        ),
        ({"party_type": "individual", "goods_value": True}, "goods_value", ["true/false"]),
        ({"party_type": "person", "goods_value": 5}, "party_type", ["'person' is not one of"]),
        ({"goods_value": 5}, "party_type", ["missing required fact 'party_type'"]),
        (
            {"party_type": "individual", "goods_value": 5, "age": 200},
            "age",
            ["above the maximum 150"],
        ),
        (
            {"party_type": "individual", "goods_value": 5, "act_date": "2021-13-01"},
            "act_date",
            ["expected a date"],
        ),
    ],
)
def test_bad_fact(
    base: discretion.RuleSet, facts: dict[str, Any], field: str, words: list[str]
) -> None:
    with pytest.raises(FactError) as caught:
        discretion.evaluate(base, "T-1", facts)
    error = caught.value
    assert error.item == "T-1"
    assert error.field == field
    for word in words:
        assert word in str(error), str(error)


def test_several_bad_facts_are_listed_at_once(base: discretion.RuleSet) -> None:
    with pytest.raises(FactError) as caught:
        discretion.evaluate(base, "T-1", {"goods_value": "x", "colour": "red"})
    text = str(caught.value)
    assert "3 problems" in text
    for name in ("goods_value", "colour", "party_type"):
        assert name in text


def test_facts_must_be_a_mapping(base: discretion.RuleSet) -> None:
    with pytest.raises(FactError, match="mapping"):
        discretion.evaluate(base, "T-1", [("goods_value", 5)])  # type: ignore[arg-type]


def test_unknown_item_suggests_the_closest_code(base: discretion.RuleSet) -> None:
    with pytest.raises(UnknownItemError) as caught:
        discretion.evaluate(base, "T1", {"party_type": "individual", "goods_value": 5})
    assert "did you mean 'T-1'" in str(caught.value)


def test_money_in_every_accepted_form_is_exact(base: discretion.RuleSet) -> None:
    # 较重 band [2000, 5000] (tests/bad/_base.yaml); the inputs differ only in form.
    for value in (1000, "1000", "1,000", Decimal("1000.00")):
        rec = discretion.evaluate(base, "T-1", {"party_type": "individual", "goods_value": value})
        assert rec.level == "heavy"


def test_a_gap_in_the_levels_is_refused_not_guessed(tmp_path: Path) -> None:
    text = (
        (BAD / "_base.yaml")
        .read_text(encoding="utf-8")
        .replace("goods_value >= 1000", "goods_value > 1000")
        .replace("../../rules", str(BAD.parent.parent / "rules"))
    )
    path = tmp_path / "gap.yaml"
    path.write_text(text, "utf-8")
    rules = discretion.load(path)
    with pytest.raises(LevelGapError) as caught:
        discretion.evaluate(rules, "T-1", {"party_type": "individual", "goods_value": 1000})
    assert "没有适用的裁量阶次" in str(caught.value)
    assert "goods_value=1000" in str(caught.value)


def test_cli_reports_bad_facts_with_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from discretion.cli._main import main

    facts = tmp_path / "facts.json"
    facts.write_text('{"party_type": "individual", "goods_value": "lots"}', "utf-8")
    status = main(["evaluate", str(BAD / "_base.yaml"), "--item", "T-1", "--facts", str(facts)])
    assert status == 1
    err = capsys.readouterr().err
    assert "item T-1, field goods_value" in err
    assert "expected a number" in err
