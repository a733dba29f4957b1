"""The wording of the errors legal staff meet (issue 16): Chinese first, what to write, and where.

Each test writes tests/bad/_base.yaml with one mistake a drafter makes when writing from the docs
(a Chinese word where the format wants an identifier, a Chinese article number, YAML 1.1 habits)
and asserts the words of the message: the field, the line, the allowed values with their Chinese
labels, the identifier or snippet to write instead. The expected labels are the format's published
vocabulary (docs/guide/write.md: 处 required, 并处 combined, 可以处 optional, 可以并处
optional_combined, 单处或者并处 single_or_combined), not read back from the code.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import discretion
from discretion.cli import main
from discretion.errors import FactError, RuleSetError, RuleSetErrors
from discretion.format._yaml import loads

BAD = Path(__file__).parent / "bad"
BASE = (BAD / "_base.yaml").read_text(encoding="utf-8")
GENERAL = (BAD.parent.parent / "rules" / "general" / "apl-2021.yaml").resolve()


def _write(tmp_path: Path, old: str, new: str, name: str = "std.yaml") -> Path:
    assert old in BASE, old
    text = BASE.replace(old, new, 1).replace("../../rules/general/apl-2021.yaml", str(GENERAL))
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _line(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, text in enumerate(lines, 1) if needle in text)


def _only_error(path: Path) -> RuleSetError:
    with pytest.raises(RuleSetError) as caught:
        discretion.load(path)
    errors = caught.value.errors if isinstance(caught.value, RuleSetErrors) else [caught.value]
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def _chinese_first(text: str) -> None:
    first = re.search(r"[A-Za-z\u4e00-\u9fff]", text)
    assert first is not None, text
    assert "\u4e00" <= first.group() <= "\u9fff", text


# -- validation errors in Chinese ------------------------------------------------------------------


def test_a_combination_mode_written_in_chinese_suggests_its_identifier(tmp_path: Path) -> None:
    path = _write(tmp_path, "mode: required", "mode: 可以并处")
    error = _only_error(path)
    assert error.line == _line(path, "mode: 可以并处")
    assert error.item == "T-1"
    assert error.field == "items[0].penalties[0].mode"
    _chinese_first(error.message)
    for allowed in (
        "`required`（处）",
        "`combined`（并处）",
        "`optional`（可以处）",
        "`optional_combined`（可以并处）",
        "`single_or_combined`（单处或者并处）",
    ):
        assert allowed in error.message, error.message
    assert "Input should be" not in str(error)
    assert error.hint is not None
    assert error.hint.startswith("您是否要写 `optional_combined`（可以并处）")


def test_a_penalty_kind_written_in_chinese_suggests_its_identifier(tmp_path: Path) -> None:
    # 罚款 is the fine of Art. 9 (二) of the Administrative Penalty Law.
    error = _only_error(_write(tmp_path, "kind: fine", "kind: 罚款"))
    assert error.field == "items[0].penalties[0].kind"
    assert error.hint is not None
    assert "`fine`（罚款）" in error.hint


def test_a_misspelt_mode_gets_the_closest_identifier(tmp_path: Path) -> None:
    error = _only_error(_write(tmp_path, "mode: required", "mode: requird"))
    assert error.hint is not None
    assert "`required`（处）" in error.hint


@pytest.mark.parametrize(
    ("written", "number", "zh"),
    [("六十四", 64, "第六十四条"), ("第一百二十四条", 124, "第一百二十四条"), ("十", 10, "第十条")],
)
def test_an_article_in_chinese_numerals_asks_for_arabic_digits(
    tmp_path: Path, written: str, number: int, zh: str
) -> None:
    path = _write(
        tmp_path,
        "legal_basis: [{law: L, article: 1}]",
        f"legal_basis: [{{law: L, article: {written}}}]",
    )
    error = _only_error(path)
    assert error.field == "items[0].legal_basis[0].article"
    assert error.line == _line(path, "legal_basis")
    assert f"条号应写阿拉伯数字，如 {number}（{zh}）" in error.message
    assert error.hint is not None
    assert f"article: {number}" in error.hint
    assert "valid integer" not in str(error)


def test_an_article_in_words_that_are_not_numerals_still_says_how(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "legal_basis: [{law: L, article: 1}]", "legal_basis: [{law: L, article: 某条}]"
    )
    assert "条号应写阿拉伯数字，如 64（第六十四条）" in _only_error(path).message


def test_an_unknown_field_names_the_field_meant(tmp_path: Path) -> None:
    path = _write(tmp_path, "    penalty_basis:", "    penalty_bases:")
    with pytest.raises(RuleSetErrors) as caught:
        discretion.load(path)
    unknown = next(e for e in caught.value.errors if e.field == "items[0].penalty_bases")
    assert unknown.message.startswith("未知字段 'penalty_bases'")
    assert unknown.hint is not None
    assert "`penalty_basis`" in unknown.hint
    missing = next(e for e in caught.value.errors if e.field == "items[0].penalty_basis")
    assert missing.message.startswith("缺少必填字段 'penalty_basis'")


def test_a_missing_field_shows_the_line_to_add(tmp_path: Path) -> None:
    path = _write(tmp_path, "    name: 测试事项\n", "")
    error = _only_error(path)
    assert error.field == "items[0].name"
    assert error.line == _line(path, "- code: T-1")
    assert "缺少必填字段 'name'" in error.message
    assert "违法行为名称" in error.message  # the field's description in the format
    assert error.hint is not None
    assert error.hint.startswith("name: …")


def test_a_number_where_text_is_wanted_says_to_quote_it(tmp_path: Path) -> None:
    error = _only_error(_write(tmp_path, "circumstances: 货值较小", "circumstances: 100"))
    assert error.message.startswith("应为文字")
    assert error.hint is not None
    assert 'circumstances: "100"' in error.hint


def test_a_missing_hearing_threshold_shows_the_snippet_to_add(tmp_path: Path) -> None:
    # Art. 63 leaves 较大数额 to each province and agency: the general part has no figure, so a
    # standard that sets none cannot decide the hearing right.
    path = _write(
        tmp_path,
        "procedure:\n  hearing_fine_min: {individual: 5000, organisation: 50000}\n",
        "",
    )
    error = _only_error(path)
    _chinese_first(error.message)
    assert "缺少程序参数 hearing_fine_min" in error.message
    assert error.hint is not None
    assert "procedure: {hearing_fine_min: {individual: …, organisation: …}}" in error.hint
    assert "第六十三条" in error.hint
    snippet = error.hint.split("add:", 1)[1]
    assert not re.search(r"\d{3,}", snippet), "no province's figure is offered as a default"
    assert loads(error.hint.split("add: ", 1)[1].split("（", 1)[0]).data == {
        "procedure": {"hearing_fine_min": {"individual": "…", "organisation": "…"}}
    }


# -- Chinese labels where names are wanted ---------------------------------------------------------


def test_a_condition_naming_a_fact_by_its_label_gets_the_condition_to_write(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "      - {name: goods_value, type: money, label: 货值金额, unit: 元}\n",
        "      - {name: goods_value, type: money, label: 货值金额, unit: 元}\n"
        "      - {name: minor, type: bool, label: 情节较轻}\n",
    )
    path.write_text(path.read_text("utf-8").replace("when: goods_value < 1000", "when: 情节较轻"))
    error = _only_error(path)
    assert error.field == "items[0].levels[0].when"
    assert error.message.startswith("条件中的事实 '情节较轻' 未声明")
    assert error.hint is not None
    assert "`minor == true`" in error.hint


def test_a_condition_naming_an_enum_value_by_its_label_gets_the_comparison(tmp_path: Path) -> None:
    # party_type is the general part's fact, its values labelled 公民 / 法人或者其他组织.
    path = _write(tmp_path, "when: goods_value < 1000", "when: 公民 and goods_value < 1000")
    error = _only_error(path)
    assert error.hint is not None
    assert '`party_type == "individual"`' in error.hint


@pytest.fixture(scope="module")
def base() -> discretion.RuleSet:
    return discretion.load(BAD / "_base.yaml")


def test_an_enum_fact_given_by_its_chinese_label_is_read_as_the_value(
    base: discretion.RuleSet,
) -> None:
    by_label = discretion.evaluate(base, "T-1", {"party_type": "公民", "goods_value": 500})
    by_name = discretion.evaluate(base, "T-1", {"party_type": "individual", "goods_value": 500})
    assert discretion.to_dict(by_label) == discretion.to_dict(by_name)


def test_an_enum_fact_outside_its_values_lists_them_with_labels(base: discretion.RuleSet) -> None:
    with pytest.raises(FactError) as caught:
        discretion.evaluate(base, "T-1", {"party_type": "个人", "goods_value": 500})
    assert "应为 individual（公民）、organisation（法人或者其他组织） 之一" in caught.value.message


# -- YAML 1.2 ---------------------------------------------------------------------------------------


def test_yaml_is_read_as_1_2() -> None:
    data = loads(
        "words: [yes, no, on, off, Yes, NO, y, n]\n"
        "truth: [true, false, True, FALSE]\n"
        "twelve: 012\neight: 0o10\ntime: 1:30\nbinary: 0b11\nthousand: 1e3\nquoted: '1e3'\n"
        "on: key\n"
    ).data
    assert data["words"] == ["yes", "no", "on", "off", "Yes", "NO", "y", "n"]
    assert data["truth"] == [True, False, True, False]
    assert data["twelve"] == 12
    assert data["eight"] == 8
    assert data["time"] == "1:30"
    assert data["binary"] == "0b11"
    assert data["thousand"] == 1000
    assert data["quoted"] == "1e3"
    assert data["on"] == "key"


def test_enum_values_yes_and_no_load_as_text(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "      - {name: goods_value, type: money, label: 货值金额, unit: 元}\n",
        "      - {name: goods_value, type: money, label: 货值金额, unit: 元}\n"
        "      - {name: repeat, type: enum, label: 是否再犯, values: [yes, no], required: false,"
        " default: no}\n",
    )
    rules = discretion.load(path)
    assert rules.item("T-1").fields["repeat"].spec.values == ["yes", "no"]


def test_on_in_a_facts_file_never_becomes_true(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(
        tmp_path,
        "      - {name: goods_value, type: money, label: 货值金额, unit: 元}\n",
        "      - {name: goods_value, type: money, label: 货值金额, unit: 元}\n"
        "      - {name: first, type: bool, label: 首次违法, required: false, default: false}\n",
    )
    facts = tmp_path / "facts.yaml"
    facts.write_text("party_type: individual\ngoods_value: 500\nfirst: on\n", "utf-8")
    status = main(
        ["evaluate", str(path), "--item", "T-1", "--facts", str(facts), "--format", "json"]
    )
    assert status == 2
    error = json.loads(capsys.readouterr().out)["errors"][0]
    assert error["field"] == "first"
    assert "应为 true 或 false" in error["message"]


# -- check after a load error ------------------------------------------------------------------------


def test_check_after_a_load_error_says_nothing_was_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "mode: required", "mode: 可以并处")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr()
    assert "0 standard(s)" not in out.out
    assert out.out.startswith("未校验：规则文件加载失败（1 个问题，见上）")
    assert "nothing was checked" in out.out
    assert "optional_combined" in out.err
    assert main(["check", str(path), "--format", "json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["loaded"] is False
    assert payload["ok"] is False


def test_the_yaml_benchmark_runs_on_a_tiny_standard() -> None:
    # benchmarks/yaml12.py asserts the 1.1 and 1.2 readings give the same data, then times them;
    # here on three items so it cannot rot (no timing asserted).
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[1] / "benchmarks" / "yaml12.py"
    done = subprocess.run(
        [sys.executable, str(script), "--items", "3", "--repeat", "1", "--no-write"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "| `loads`, YAML 1.2 (now) |" in done.stdout
