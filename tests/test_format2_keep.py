"""Grounds that keep something, issue 20 point 9.

《中华人民共和国食品安全法》第一百三十六条: 可以免予处罚，但应当依法没收其不符合食品安全标准的食品;
《中华人民共和国行政处罚法》第二十八条第二款: 当事人有违法所得，除依法应当退赔的外，应当予以没收.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import discretion
from discretion.explain._jsonio import from_json

EXAMPLE = Path(__file__).parents[1] / "examples" / "format2" / "keep"


@pytest.fixture(scope="module")
def rules() -> discretion.RuleSet:
    return discretion.load(EXAMPLE)


def test_no_penalty_keeps_the_confiscation_of_gains(rules: discretion.RuleSet) -> None:
    facts = {
        "party_type": "organisation",
        "goods_value": 2000,
        "minor_violation": True,
        "corrected_promptly": True,
    }
    rec = discretion.evaluate(rules, "FSL-124-KEEP", facts)
    assert rec.outcome == "no_penalty"
    assert rec.penalties == ()
    assert [p.kind for p in rec.kept] == ["confiscate_gains"]
    keep = [s for s in rec.steps if s.stage == "keep"]
    assert keep
    assert any(s.key == "APL/28/2" for s in keep[0].sources)
    text = discretion.render_text(rec)
    assert "结论：建议不予行政处罚，但依法仍应给予没收违法所得" in text
    assert from_json(discretion.to_json(rec)) == rec


def test_art_136_waiver_keeps_the_food(rules: discretion.RuleSet) -> None:
    facts = {"party_type": "organisation", "goods_value": 2000, "inspected_and_traced": True}
    rec = discretion.evaluate(rules, "FSL-124-KEEP", facts)
    assert rec.outcome == "may_waive"
    assert [p.id for p in rec.kept] == ["confiscate_food"]
    assert "依法仍应给予" in discretion.render_text(rec)
    assert discretion.to_dict(rec)["kept"][0]["id"] == "confiscate_food"


def test_no_ground_holding_keeps_nothing(rules: discretion.RuleSet) -> None:
    rec = discretion.evaluate(
        rules, "FSL-124-KEEP", {"party_type": "organisation", "goods_value": 2000}
    )
    assert rec.outcome == "penalty"
    assert rec.kept == ()


def test_check_warns_when_a_ground_keeps_what_the_item_lacks(tmp_path: Path) -> None:
    from discretion.verify import verify

    text = (EXAMPLE / "fsl-136.yaml").read_text(encoding="utf-8")
    old = "          kinds: [confiscate_property]\n"
    assert old in text
    (tmp_path / "x.yaml").write_text(
        text.replace(old, "          kinds: [confiscate_property, confiscate_gains]\n").replace(
            "      - id: confiscate_gains\n        kind: confiscate_gains\n        mode: combined\n"
            "        citation: [{law: FSL, article: 124, paragraph: 1}]\n",
            "",
        ),
        encoding="utf-8",
    )
    report = verify(discretion.load(tmp_path))
    assert [p.check for p in report.problems if p.check == "keep_nothing"] == ["keep_nothing"] * 2
    assert not [p for p in verify(discretion.load(EXAMPLE)).problems if p.check == "keep_nothing"]
