"""Procedure flags and party types as the statute states them (issue 13, 法制审核 points).

Expected thresholds come from the rules the bundled standards cite: Art. 51 APL (当场处罚: 公民
二百元、法人或者其他组织三千元以下), Art. 63 ¶1 APL with 《市场监督管理行政处罚听证办法》第五条第一款
第（三）项 (market regulation: 自然人一万元以上、法人或者其他组织十万元以上), Art. 58 ¶1 (二) APL
("经过听证程序的").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import discretion
from discretion import render_text
from discretion.verify import verify

ROOT = Path(__file__).resolve().parent.parent
RULES = discretion.load(ROOT / "rules")


def _procedure(rec: discretion.Recommendation) -> str:
    text = render_text(rec)
    return text[text.index("程序\n") :]


def test_market_regulation_hearing_threshold_is_the_national_one() -> None:
    # FSL-124, organisation, goods value 10 000: 一般 13–17 × 10 000 = 130 000–170 000 元
    # (食品安全法第一百二十四条第一款), at or above 十万元 → hearing right.
    rec = discretion.evaluate(
        RULES, "FSL-124", {"party_type": "organisation", "goods_value": 10000}
    )
    assert rec.flags.hearing
    step = next(s for s in rec.steps if s.rule == "procedure/hearing")
    assert step.get("threshold") == 100000
    assert "《市场监督管理行政处罚听证办法》第五条第一款第（三）项" in {s.zh for s in step.sources}
    # 65 000 元 for an organisation is below 十万元: no hearing right on the fine.
    light = discretion.evaluate(
        RULES, "FSL-124", {"party_type": "organisation", "goods_value": 20, "first_violation": True}
    )
    assert not light.flags.hearing


def test_no_other_provinces_threshold_is_presented_as_applicable() -> None:
    for path in (ROOT / "rules").rglob("*.yaml"):
        assert "河南" not in path.read_text(encoding="utf-8"), path
    # Hebei township standard: no Hebei figure found → 由制定机关设定, and the note says so.
    rec = discretion.evaluate(
        RULES, "APL-119-2", {"party_type": "organisation", "uncooperative": True}
    )
    assert "较大数额罚款标准由制定机关设定，本基准尚未设定" in _procedure(rec)
    report = verify(RULES)
    unset = {p.item for p in report.warnings if p.check == "threshold_unset"}
    assert {"APL-119-2", "HB-CAE-15-2", "HV-SERIOUS-DAMAGE", "CITY-FENCE-PILE"} <= unset
    assert report.ok


def test_a_hearing_right_makes_legality_review_conditional() -> None:
    rec = discretion.evaluate(
        RULES, "FSL-124", {"party_type": "organisation", "goods_value": 10000}
    )
    # Art. 58 ¶1 (二) requires a hearing held (经过听证程序的), not the right to one.
    assert not rec.flags.legality_review
    text = _procedure(rec)
    assert "如经过听证程序，作出决定前应当进行法制审核" in text
    assert "目前不属于《行政处罚法》第五十八条规定的必经法制审核情形" in text
    # A ground that holds now stays a ground, apart from the conditional one.
    now = discretion.evaluate(
        RULES,
        "FSL-124",
        {"party_type": "organisation", "goods_value": 10000, "major_public_interest": True},
    )
    assert now.flags.legality_review
    text = _procedure(now)
    assert "作出决定前应当进行法制审核，情形：涉及重大公共利益的" in text
    assert "如经过听证程序" in text


def test_summary_procedure_when_the_range_straddles_the_limit() -> None:
    # Demo standard 2021, 较轻 10–20 元/㎡ × 15 ㎡ = 150–300 元; Art. 51: 公民二百元以下.
    demo = discretion.load(ROOT / "examples" / "versions")
    rec = discretion.evaluate(
        demo, "DEMO-1", {"party_type": "individual", "area": 15}, violation_date=dt.date(2023, 6, 1)
    )
    fine = rec.penalty("fine")
    assert fine is not None
    assert (fine.min, fine.max) == (Decimal(150), Decimal(300))
    assert not rec.flags.summary_procedure
    assert "决定的罚款不超过 200 元的，可以适用" in _procedure(rec)


def test_flags_of_a_waivable_outcome_are_conditional() -> None:
    # Art. 33 ¶1: first violation, minor harm, promptly corrected → 可以不予处罚; goods value 10 000 →
    # 从轻 10–13 × = 100 000–130 000 元 ≥ 十万元: a hearing right only if a penalty is imposed.
    rec = discretion.evaluate(
        RULES,
        "FSL-124",
        {
            "party_type": "organisation",
            "goods_value": 10000,
            "first_violation": True,
            "harm": "minor",
            "corrected_promptly": True,
        },
    )
    assert rec.outcome == "may_waive"
    assert "听证：如决定给予处罚，应当告知当事人有权要求听证" in _procedure(rec)


def test_detention_for_an_organisation_is_a_check_error() -> None:
    report = verify(discretion.load(ROOT / "tests" / "broken" / "party-kind.yaml"))
    found = [p for p in report.problems if p.check == "party_kind"]
    assert [p.field for p in found] == ["items[0].penalties[1]"]
    assert "行政拘留是限制人身自由的行政处罚" in found[0].message_zh
    assert dict(found[0].example or ())["party_type"] == "organisation"
    assert not report.ok


def test_closure_that_can_reach_a_citizen_warns_unless_the_standard_says_the_law_does(
    tmp_path: Path,
) -> None:
    # 生猪屠宰管理条例（2021）第二条第二款：任何单位和个人未经定点不得从事生猪屠宰活动；第三十一条第一款
    # 责令关闭 whoever does: AGR-PIG-31-1 says so with `to_individuals: true`, so no warning.
    path = ROOT / "rules" / "agriculture" / "pig-slaughter-2021.yaml"
    text = path.read_text(encoding="utf-8")
    assert "        to_individuals: true\n" in text
    bundled = verify(discretion.load(path))
    assert not [p for p in bundled.problems if p.check == "party_kind"]
    variant = tmp_path / "pig.yaml"
    variant.write_text(text.replace("        to_individuals: true\n", "", 1), encoding="utf-8")
    found = [p for p in verify(discretion.load(variant)).problems if p.check == "party_kind"]
    assert [p.item for p in found] == ["AGR-PIG-31-1"]
    assert found[0].severity == "warning"
