"""Errors about a case, Chinese first (issue 16, the leftovers of format/_limits.py and the item lookup).

Each message reads "中文说明 / the English message", as tests/test_zh_first_errors.py requires of
load-time messages: the Chinese part first, then " / ", then the English text. The error names
where the value was — file and line (the command), item and field — so an officer can find it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import discretion
from discretion.errors import FactError, UnknownItemError
from strategies import ROOT, RULESET
from test_zh_first_errors import is_cjk


def _zh_first(message: str) -> tuple[str, str]:
    """The Chinese and the English halves of a message; the Chinese one comes first."""
    assert " / " in message, message
    zh, en = message.split(" / ", 1)
    assert any(is_cjk(c) for c in zh), message
    assert not any(is_cjk(c) for c in en), message
    return zh, en


_GOODS = "货值金额（金额）: "  # the fact's label and type, as FactError writes them


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        # The format's limit (MAX_MAGNITUDE, 一万亿) and the digits limit (MAX_DIGITS, 40).
        ("1e999999", "超出允许范围，绝对值不得超过一万亿", "is larger than the format allows"),
        (10**15, "超出允许范围，绝对值不得超过一万亿", "is larger than the format allows"),
        ("1" * 41, "数字位数过多：41 位，最多 40 位", "41 digits is larger than the format allows"),
        # A thousands separator a reader cannot tell from a decimal comma.
        ("12345,67", "千位分隔符只能三位一组", "expected a number such as 1234.5 or 1,234.5"),
        (True, "应为数字，实际为是/否", "expected a number, found true/false"),
        (1.5, "收到二进制浮点数 1.5，不能精确表示元和分", "found the binary float 1.5"),
        (["5000"], "应为数字", "expected a number"),
        # 货值金额 is declared with min 0 (rules/food/fsl-2021.yaml; an amount cannot be negative).
        (-5, "低于最小值 0：实际为 -5", "-5 is below the minimum 0"),
    ],
)
def test_a_bad_number_in_the_facts_is_explained_in_chinese_first(
    value: object, zh: str, en: str
) -> None:
    with pytest.raises(FactError) as caught:
        discretion.evaluate(
            RULESET, "FSL-124", {"party_type": "organisation", "goods_value": value}
        )
    err = caught.value
    assert (err.item, err.field) == ("FSL-124", "goods_value")
    assert err.message.startswith(_GOODS), err.message
    first, second = _zh_first(err.message.removeprefix(_GOODS))
    assert zh in first
    assert en in second


def test_the_command_names_the_file_and_line_of_a_bad_number(tmp_path: Path) -> None:
    facts = tmp_path / "case.yaml"
    facts.write_text("party_type: organisation\ngoods_value: 1e999999\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "discretion",
            "evaluate",
            str(ROOT / "rules"),
            "--item",
            "FSL-124",
            "--facts",
            str(facts),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""},
        check=False,
    )
    assert done.returncode == 2
    err = done.stderr.strip()
    assert err.startswith(f"error: {facts}:2, item FSL-124, field goods_value: 货值金额"), err
    zh, en = _zh_first(err.split(_GOODS, 1)[1])
    assert "超出允许范围" in zh
    assert "larger than the format allows" in en


def test_an_unknown_item_says_which_one_was_probably_meant_in_both_languages() -> None:
    with pytest.raises(UnknownItemError) as caught:
        discretion.evaluate(RULESET, "FSL-12", {"party_type": "organisation"})
    err = caught.value
    assert err.item == "FSL-12"
    zh, en = _zh_first(err.message)
    assert zh == "未找到裁量事项 'FSL-12'，是否指 'FSL-126'？"
    assert en == "unknown item 'FSL-12'"
    assert err.hint == "did you mean 'FSL-126'?"
    assert str(err).endswith("/ unknown item 'FSL-12' (did you mean 'FSL-126'?)")


def test_an_unknown_item_without_a_close_code_says_where_to_look() -> None:
    with pytest.raises(UnknownItemError) as caught:
        RULESET.item("NO-SUCH-THING")
    zh, en = _zh_first(caught.value.message)
    assert "请核对事项编码" in zh
    assert en == "unknown item 'NO-SUCH-THING'"
    assert caught.value.hint is None


def test_no_version_in_force_names_the_date_in_chinese_first() -> None:
    # The food-safety standard's version takes effect on 2021-07-15 (rules/food/fsl-2021.yaml).
    import datetime as dt

    with pytest.raises(UnknownItemError) as caught:
        RULESET.item("FSL-124", dt.date(1990, 1, 1))
    zh, en = _zh_first(caught.value.message)
    assert "1990-01-01 没有施行中的" in zh
    assert "is in force on 1990-01-01" in en
    assert caught.value.field == "violation_date"
