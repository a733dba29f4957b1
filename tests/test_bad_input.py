"""Bad input: one small bad file or input per failure mode, each giving one clear, located error.

Each bad rule file under tests/bad/ is tests/bad/_base.yaml with one mistake; the tests assert
the keywords of the message (what, where: file:line, item, field, and a hint where one helps).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import discretion
from discretion.errors import (
    CaseError,
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


def test_cli_reports_bad_facts_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from discretion.cli._main import main

    facts = tmp_path / "facts.json"
    facts.write_text('{"party_type": "individual", "goods_value": "lots"}', "utf-8")
    status = main(["evaluate", str(BAD / "_base.yaml"), "--item", "T-1", "--facts", str(facts)])
    assert status == 2  # bad input (docs/guide/cli.md: 0 ok, 1 findings, 2 usage or bad input)
    err = capsys.readouterr().err
    assert "item T-1, field goods_value" in err
    assert "expected a number" in err


# -- issue 19: what fuzzing found, one test per finding ------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "item", "field", "words"),
    [
        # A negative area gave a per-m² fine of −25 000 元: amounts are never negative (§5).
        ("negative_min", 22, "T-1", "items[0].facts[0]", ["never negative", "取值无效"]),
        ("python_tag", 19, None, None, ["unsupported YAML tag", "python/object/apply", "不支持的"]),
        ("huge_range", 27, "T-1", "items[0].penalties[0].amount.range.max", ["超出允许范围"]),
        ("late_date", 9, None, "standard.effective_from", ["2999-12-31", "超出允许范围"]),
        ("long_limitation", 20, None, "limitation.periods[0].years", ["100", "超出允许范围"]),
        ("deep_condition", 32, "T-1", "items[0].levels[0].when", ["deeper than 32", "嵌套过深"]),
        ("alias_bomb", 20, None, None, ["more than 100 uses of YAML aliases", "别名过多"]),
    ],
)
def test_fuzzed_rule_file_is_refused_at_load(
    name: str, line: int, item: str | None, field: str | None, words: list[str]
) -> None:
    path = BAD / f"{name}.yaml"
    with pytest.raises(RuleSetError) as caught:
        discretion.load(path)
    error = caught.value
    text = str(error)
    assert not isinstance(error, RuleSetErrors), text  # one mistake, one error
    assert error.file is not None
    assert error.file.endswith(f"{name}.yaml"), text
    assert (error.line, error.item, error.field) == (line, item, field), text
    for word in words:
        assert word in text, text


def _variant(tmp_path: Path, old: str, new: str, name: str = "variant.yaml") -> Path:
    text = (BAD / "_base.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(
        text.replace(old, new).replace("../../rules", str(BAD.parent.parent / "rules")), "utf-8"
    )
    return path


def test_a_number_fact_used_as_a_base_must_not_be_negative(tmp_path: Path) -> None:
    # 每平方米十元以上五十元以下 over a base that may be negative would give a negative range.
    path = _variant(
        tmp_path,
        "{range: {min: 1000, max: 5000}}",
        "{per_unit: {base: size, min: 10, max: 50, rate_unit: 元/平方米}}",
    )
    text = (
        path.read_text("utf-8")
        .replace(
            "      - {name: goods_value,",
            "      - {name: size, type: number, label: 面积}\n      - {name: goods_value,",
        )
        .replace("band: {min: 1000, max: 2000}", "band: {percent: [0, 30]}")
        .replace("band: {min: 2000, max: 5000}", "band: {percent: [30, 100]}")
    )
    path.write_text(text, "utf-8")
    with pytest.raises(RuleSetError, match="base fact 'size' may be negative"):
        discretion.load(path)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (
            "12345,67",
            ["expected a number such as 1234.5 or 1,234.5", "'12345,67'"],
        ),  # was 1 234 567
        ("1,5", ["'1,5'"]),  # was read as 15
        ("10,00", ["'10,00'"]),
        ("1e30", ["larger than the format allows"]),  # InvalidOperation in the multiple
        ("1e999999", ["larger than the format allows"]),
        ("5_000", ["expected a number"]),
        ("１２", ["expected a number"]),  # full-width digits: not what a case system sends
    ],
)
def test_money_in_a_malformed_or_huge_form_is_refused(
    base: discretion.RuleSet, value: str, words: list[str]
) -> None:
    with pytest.raises(FactError) as caught:
        discretion.evaluate(base, "T-1", {"party_type": "individual", "goods_value": value})
    assert caught.value.field == "goods_value"
    for word in words:
        assert word in str(caught.value), str(caught.value)


def test_thousands_separators_in_their_places_are_read_exactly(base: discretion.RuleSet) -> None:
    # 较轻 goods_value < 1000, 较重 >= 1000 (tests/bad/_base.yaml): 999.99 and 1,000 straddle it.
    for value, level in (("999.99", "light"), ("1,000", "heavy"), ("1,000,000.5", "heavy")):
        rec = discretion.evaluate(base, "T-1", {"party_type": "individual", "goods_value": value})
        assert rec.level == level, value


@pytest.mark.parametrize(
    "value",
    ["1e999999", "1e9999", 10**5000, Decimal("1e400")],
    ids=["1e999999", "1e9999", "10**5000", "Decimal 1e400"],
)
def test_a_huge_count_is_refused_before_its_bounds_are_tested(
    base: discretion.RuleSet, value: object
) -> None:
    # age (count, max 150 in the general part): 1e999999 hung in int(), 1e9999 raised ValueError.
    facts = {"party_type": "individual", "goods_value": 5, "age": value}
    with pytest.raises(FactError, match="larger than the format allows") as caught:
        discretion.evaluate(base, "T-1", facts)
    assert caught.value.field == "age"


def test_a_date_near_the_calendars_end_is_refused(base: discretion.RuleSet) -> None:
    # act_date + the 5-year limitation (Art. 36) overflowed past 9999-12-31.
    facts = {"party_type": "individual", "goods_value": 5, "act_date": "9999-12-31"}
    with pytest.raises(FactError, match="outside 1900-01-01 to 2999-12-31") as caught:
        discretion.evaluate(base, "T-1", facts)
    assert caught.value.field == "act_date"


def test_an_iso_string_violation_date_is_accepted_or_refused_clearly(
    base: discretion.RuleSet,
) -> None:
    facts = {"party_type": "individual", "goods_value": 5}
    as_date = discretion.evaluate(base, "T-1", facts, violation_date=dt.date(2024, 1, 1))
    as_text = discretion.evaluate(base, "T-1", facts, violation_date="2024-01-01")  # type: ignore[arg-type]
    assert discretion.to_json(as_text) == discretion.to_json(as_date)
    with pytest.raises(CaseError, match="YYYY-MM-DD") as caught:
        discretion.evaluate(base, "T-1", facts, violation_date="2024-13-01")  # type: ignore[arg-type]
    assert caught.value.field == "violation_date"
    with pytest.raises(CaseError, match="must be a date"):
        discretion.evaluate(base, "T-1", facts, decision_date=20240101)  # type: ignore[arg-type]


@pytest.mark.parametrize("facts", [[("goods_value", 5)], "goods_value=5", {1: 2}, {None: 5}])
def test_evaluate_act_refuses_facts_that_are_not_a_mapping_of_names(
    base: discretion.RuleSet, facts: object
) -> None:
    with pytest.raises(FactError, match=r"(mapping|must be text)"):
        discretion.evaluate_act(base, ["T-1"], facts)  # type: ignore[arg-type]
    with pytest.raises(FactError, match=r"(mapping|must be text)"):
        discretion.evaluate(base, "T-1", facts)  # type: ignore[arg-type]


def test_evaluate_act_refuses_a_single_string_of_items(base: discretion.RuleSet) -> None:
    with pytest.raises(CaseError, match="list of item codes"):
        discretion.evaluate_act(base, "T-1", {"party_type": "individual", "goods_value": 5})


@pytest.mark.parametrize(
    "condition",
    ["not " * 5000 + "goods_value < 1000", "(" * 3000 + "goods_value < 1000" + ")" * 3000],
)
def test_a_condition_nested_thousands_deep_is_a_located_error(
    tmp_path: Path, condition: str
) -> None:
    path = _variant(tmp_path, "when: goods_value < 1000", f"when: '{condition}'")
    with pytest.raises(RuleSetError, match="条件过长") as caught:  # RecursionError before
        discretion.load(path)
    assert caught.value.field == "items[0].levels[0].when"
    assert caught.value.item == "T-1"


def test_a_recursive_alias_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("standard: &s {id: x, again: *s}\n", "utf-8")
    with pytest.raises(RuleSetError, match="递归别名"):
        discretion.load(path)


def test_a_number_of_thousands_of_digits_in_a_rule_file_is_refused(tmp_path: Path) -> None:
    path = _variant(tmp_path, "{min: 1000, max: 5000}}", "{min: 1000, max: " + "9" * 5000 + "}}")
    with pytest.raises(RuleSetError, match="5000 digits") as caught:  # int() ValueError before
        discretion.load(path)
    assert caught.value.line == 27


# -- issue 19: file-system errors ----------------------------------------------------------------


def test_an_empty_rules_folder_is_an_error_not_zero_standards(tmp_path: Path) -> None:
    with pytest.raises(RuleSetError, match="目录中没有规则文件"):
        discretion.load(tmp_path)


def test_an_unreadable_subfolder_is_an_error_not_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root here, where chmod 000 does not stop reading: make listing it fail instead.
    (tmp_path / "a").mkdir()
    _variant(tmp_path / "a", "测试事项", "测试事项", "a.yaml")
    hidden = tmp_path / "locked"
    hidden.mkdir()
    real = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path) == hidden:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(RuleSetError, match="无法读取目录") as caught:
        discretion.load(tmp_path)
    assert caught.value.file == str(hidden)


def test_an_unreadable_rule_file_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _variant(tmp_path, "测试事项", "测试事项")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == path.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with pytest.raises(RuleSetError, match="无法读取"):
        discretion.load(path)


@pytest.mark.parametrize("target", ["{folder}", "/dev/zero", "a" * 5000, "missing.yaml"])
def test_uses_naming_no_rule_file_is_a_located_error(tmp_path: Path, target: str) -> None:
    path = _variant(
        tmp_path,
        "uses: discretion:general/apl-2021",
        f"uses: {target.format(folder=tmp_path)}",
    )
    with pytest.raises(RuleSetError, match="not a rule file") as caught:
        discretion.load(path)
    assert caught.value.line == 11
    assert caught.value.field == "standard.uses"


@pytest.mark.parametrize("kind", ["folder", "not_utf8", "device", "huge_int_json", "deep_json"])
def test_cli_file_errors_are_json_under_format_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    from discretion.cli._main import main

    facts = {
        "folder": tmp_path,
        "not_utf8": tmp_path / "facts.yaml",
        "device": Path("/dev/zero"),
        "huge_int_json": tmp_path / "facts.json",
        "deep_json": tmp_path / "deep.json",
    }[kind]
    (tmp_path / "facts.yaml").write_bytes(b"goods_value: \xff\n")
    (tmp_path / "facts.json").write_text('{"goods_value": ' + "9" * 5000 + "}", "utf-8")
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    argv = ["evaluate", str(BAD / "_base.yaml"), "--item", "T-1", "--facts", str(facts)]
    status = main([*argv, "--format", "json"])
    out = capsys.readouterr()
    assert status == 2
    payload = json.loads(out.out)
    assert payload["ok"] is False
    assert payload["errors"][0]["error"] == "FactError"
    assert payload["errors"][0]["file"] == str(facts)
    assert "Traceback" not in out.err


def test_cli_diff_on_folders_is_an_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from discretion.cli._main import main

    assert main(["diff", str(tmp_path), str(BAD / "_base.yaml"), "--format", "json"]) == 2
    payload = json.loads(capsys.readouterr().out)
    assert "a folder" in payload["errors"][0]["message"]


def test_cli_usage_errors_are_json_under_format_json(capsys: pytest.CaptureFixture[str]) -> None:
    from discretion.cli._main import main

    with pytest.raises(SystemExit) as stop:
        main(["evaluate", "rules/", "--format", "json", "--violation-date", "2024-99-01"])
    assert stop.value.code == 2
    payload = json.loads(capsys.readouterr().out)
    assert payload["errors"][0]["error"] == "UsageError"
