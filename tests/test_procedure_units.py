"""A fine not in 元 is never compared with a threshold in 元 (issue 13, 金额 and procedure points).

《中华人民共和国行政处罚法》第五十一条: 当场处罚 for "对公民处以二百元以下、对法人或者其他组织处以
三千元以下罚款或者警告"; 第六十三条: a hearing right for "较大数额罚款", a sum the provinces and
agencies set in 元 (the inline standard of tests/broken/gap.yaml sets individual 5000, organisation
50000, the Henan figures of LAW.md §4). Both are sums of 人民币元: a fine in 美元 must first be
converted at the rate the law prescribes, and a fine counted in days cannot be compared at all.
On every path — the reference pipeline, the compiled scalar path, the columnar batch — the flag is
left unset by such a fine and the justification says why; the catalogue says it once per item.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import pytest

import discretion
from discretion import render_text
from discretion.compile._ruleset import RuleSet
from discretion.decide._backend import REFERENCE
from strategies import fine_item, load_inline
from test_three_paths import assert_same


def _rules(lo: int, hi: int, unit: str) -> RuleSet:
    return load_inline("items:\n" + fine_item("T-UNIT", lo, hi, unit))


def _procedure(rec: discretion.Recommendation, lang: Literal["zh", "en"] = "zh") -> str:
    text = render_text(rec, lang)
    head = "、程序" if lang == "zh" else ". Procedure"  # 七、程序 / 7. Procedure
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.endswith(head))
    return "\n".join(lines[at:])


def _both(rules: RuleSet, facts: dict[str, Any]) -> list[discretion.Recommendation]:
    """The compiled scalar path and the reference pipeline, which must agree (test_three_paths)."""
    assert_same(rules, "T-UNIT", facts, None, None)
    return [
        discretion.evaluate(rules, "T-UNIT", facts),
        discretion.evaluate(rules, "T-UNIT", facts, backend=REFERENCE),
    ]


def test_a_fine_in_dollars_below_200_is_not_taken_for_a_summary_fine() -> None:
    # 50–150 美元 for an individual: the figures are below 200, but 200 is 元 (Art. 51). Compared
    # as if they were 元, the summary procedure would be open; it must not be.
    rules = _rules(50, 150, "美元")
    for rec in _both(rules, {"party_type": "individual"}):
        fine = rec.penalty("fine")
        assert fine is not None
        assert (fine.min, fine.max, fine.unit) == (Decimal(50), Decimal(150), "美元")
        assert rec.flags.summary_procedure is False
        text = _procedure(rec)
        assert (
            "简易程序（当场处罚）：不能直接判断：当场处罚限额 200 元以人民币元计，建议罚款以美元计，"
            "应当按照法律规定的汇率折算为人民币元后判断；折算后不超过 200 元的，可以适用" in text
        )
        assert "可以适用：警告或者罚款不超过" not in text
        en = _procedure(rec, "en")
        assert "convert it at the rate the law prescribes" in en
        assert "《中华人民共和国行政处罚法》第五十一条" in text


def test_a_fine_in_dollars_above_the_hearing_figure_is_not_taken_for_a_large_fine() -> None:
    # 6000–8000 美元 for an individual; the hearing threshold is 5000 元 (tests/broken/gap.yaml).
    rules = _rules(6000, 8000, "美元")
    for rec in _both(rules, {"party_type": "individual"}):
        assert rec.flags.hearing is False
        text = _procedure(rec)
        assert (
            "听证：不能直接判断：较大数额罚款标准 5000 元以人民币元计，建议罚款以美元计，"
            "应当按照法律规定的汇率折算为人民币元后判断；折算后达到 5000 元的，"
            "应当告知当事人有权要求听证" in text
        )
        assert "达到较大数额罚款标准" not in text
        assert "不属于听证范围" not in text
        # Nor is it called above the summary limit: it is not compared at all.
        assert "超过当场处罚限额" not in text


def test_a_fine_counted_in_days_is_not_compared_with_yuan() -> None:
    rules = _rules(1, 10, "日")
    for rec in _both(rules, {"party_type": "organisation"}):
        assert (rec.flags.summary_procedure, rec.flags.hearing) == (False, False)
        text = _procedure(rec)
        assert "建议罚款以「日」计，不是以人民币元计的金额，不能与当场处罚限额 3000 元比较" in text
        assert "不能与较大数额罚款标准 50000 元比较" in text


def test_a_fine_in_yuan_is_still_compared() -> None:
    # The same item in 元: 50–150 元 ≤ 200 元 for an individual (Art. 51) — available.
    rules = _rules(50, 150, "元")
    for rec in _both(rules, {"party_type": "individual"}):
        assert rec.flags.summary_procedure is True
        assert "可以适用：警告或者罚款不超过 200 元" in _procedure(rec)
        assert not any(s.get("fine_unit") for s in rec.steps)


@pytest.mark.parametrize(
    ("lo", "hi", "unit"), [(50, 150, "美元"), (6000, 8000, "美元"), (1, 10, "日")]
)
def test_the_columnar_batch_gives_the_same_flags(lo: int, hi: int, unit: str) -> None:
    import pyarrow as pa

    rules = _rules(lo, hi, unit)
    parties = ["individual", "organisation"]
    table = pa.table({"item": ["T-UNIT"] * 2, "party_type": parties})
    rows = discretion.evaluate_batch(rules, table).to_pylist()
    for row, party in zip(rows, parties, strict=True):
        rec = discretion.evaluate(rules, "T-UNIT", {"party_type": party})
        assert row["ok"] is True
        assert (row["summary_procedure"], row["hearing"]) == (False, False)
        assert (row["summary_procedure"], row["hearing"]) == (
            rec.flags.summary_procedure,
            rec.flags.hearing,
        )


def test_the_catalogue_says_the_thresholds_are_in_yuan(tmp_path: Path) -> None:
    from discretion.catalogue import build_catalogue

    (tmp_path / "rules").mkdir()
    head = (Path(__file__).parent / "broken" / "gap.yaml").read_text(encoding="utf-8")
    head = head[: head.index("items:")]
    (tmp_path / "rules" / "t.yaml").write_text(
        head + "items:\n" + fine_item("T-UNIT", 50, 150, "美元"), encoding="utf-8"
    )
    pages = build_catalogue(tmp_path).pages
    page = next(p for path, p in pages.items() if path.endswith("T-UNIT.md")).markdown
    assert "本事项罚款以美元计；上述限额以人民币元计，应当按照法律规定的汇率折算后比较" in page


def test_the_english_text_names_the_currency_in_english() -> None:
    # The English note words a 美元 fine as US dollars, never the untranslated Chinese unit.
    rules = _rules(50, 150, "美元")
    rec = discretion.evaluate(rules, "T-UNIT", {"party_type": "individual"})
    text = discretion.render_text(rec, "en")
    assert "US dollars" in text
    assert "美元" not in text


def test_the_reference_backend_is_named_by_string() -> None:
    rules = _rules(50, 150, "美元")
    by_name = discretion.evaluate(
        rules, "T-UNIT", {"party_type": "individual"}, backend="reference"
    )
    by_object = discretion.evaluate(
        rules, "T-UNIT", {"party_type": "individual"}, backend=REFERENCE
    )
    assert discretion.to_json(by_name) == discretion.to_json(by_object)
