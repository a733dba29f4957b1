"""Errors legal staff can act on (issue 16): every load-time message is Chinese first.

Each message reads "中文说明（并说明应当怎样写） / the English message": the Chinese part comes
first, then " / ", then the English text, kept as it was. The inline snippets below are
tests/bad/_base.yaml with one mistake each; the last tests walk the bad fixtures.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

import discretion
from discretion.errors import RuleSetError, RuleSetErrors

HERE = Path(__file__).parent
BAD = HERE / "bad"
BROKEN = HERE / "broken"
BASE = (BAD / "_base.yaml").read_text(encoding="utf-8")


def is_cjk(char: str) -> bool:
    """A Chinese character (CJK ideograph), as a message in Chinese begins with."""
    return unicodedata.name(char, "").startswith("CJK UNIFIED IDEOGRAPH")


def messages(path: Path) -> list[str]:
    """The message of every problem found loading ``path`` (none if it loads)."""
    try:
        discretion.load(path)
    except RuleSetError as exc:
        errors = exc.errors if isinstance(exc, RuleSetErrors) else [exc]
        return [e.message for e in errors]
    return []


def broken(tmp_path: Path, *edits: tuple[str, str]) -> list[str]:
    """The messages of the base file with each ``(old, new)`` edit made once."""
    text = BASE
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return messages(path)


_SECOND_CLAUSE = (
    "    levels:\n",
    "      - id: fine\n"
    "        kind: warning\n"
    "        mode: required\n"
    "        citation: [{law: L, article: 2}]\n"
    "    levels:\n",
)
_BOOL_FACT = (
    "      - {name: goods_value, type: money, label: 货值金额, unit: 元}\n",
    "      - {name: goods_value, type: money, label: 货值金额, unit: 元}\n"
    "      - {name: repeat, type: bool, label: 再次违法, default: false}\n",
)

CASES = {
    "clause id used twice": ((_SECOND_CLAUSE,), "每个条款的 id 只能用一次", "is used twice"),
    "unknown level in a clause": (
        (("        mode: required\n", "        mode: required\n        levels: [hevy]\n"),),
        "未定义的裁量阶次",
        "clause names unknown level 'hevy'",
    ),
    "level imposes an unknown clause": (
        (
            (
                "        circumstances: 货值较小\n",
                "        circumstances: 货值较小\n        impose: [fines]\n",
            ),
        ),
        "未定义的处罚条款",
        "level imposes unknown clause 'fines'",
    ),
    "not on an amount": (
        (("when: goods_value < 1000", "when: not goods_value"),),
        "不是是/否事实",
        "not bool: compare it with a value",
    ),
    "negating a string": (
        (("when: goods_value < 1000", 'when: goods_value < -"a"'),),
        "只能对数字取负",
        "cannot negate",
    ),
    "bool fact compared with <": (
        (_BOOL_FACT, ("when: goods_value < 1000", "when: goods_value < 1000 and repeat < true")),
        "只能用 == 或 != 判断",
        "bool fact 'repeat' can only be tested with == or !=",
    ),
    "band outside the statutory range": (
        (("band: {min: 2000, max: 5000}", "band: {min: 2000, max: 6000}"),),
        "超出法定幅度",
        "is outside the statutory range [1000, 5000]",
    ),
    "enum value not allowed": (
        (
            (
                "      - {name: goods_value, type: money, label: 货值金额, unit: 元}\n",
                "      - {name: goods_value, type: money, label: 货值金额, unit: 元}\n"
                "      - {name: scale, type: enum, label: 规模, values: [small, large], "
                "default: small}\n",
            ),
            ("when: goods_value < 1000", 'when: goods_value < 1000 and scale == "huge"'),
        ),
        "事实 'scale' 没有可选值 'huge'",
        "'huge' is not a value of enum fact 'scale'",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_message_is_chinese_first_and_keeps_the_english(tmp_path: Path, name: str) -> None:
    edits, chinese, english = CASES[name]
    found = broken(tmp_path, *edits)
    assert found, f"{name}: the file loaded"
    message = next((m for m in found if english in m), None)
    assert message is not None, found
    assert is_cjk(message[0]), message
    assert chinese in message, message
    assert " / " in message, message
    assert message.index(chinese) < message.index(" / ") < message.index(english), message


FIXTURES = sorted(
    p for p in (*BAD.glob("*.yaml"), *BROKEN.glob("*.yaml")) if p.name != "_base.yaml"
)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_fixture_message_starts_in_chinese(path: Path) -> None:
    for message in messages(path):
        assert is_cjk(message[0]), f"{path.name}: {message}"


def test_the_bad_fixtures_do_fail_to_load() -> None:
    # The walk above proves something only if the bad files are refused.
    for path in BAD.glob("*.yaml"):
        if path.name != "_base.yaml":
            assert messages(path), path.name
