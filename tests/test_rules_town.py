"""The bundled town and street items (rules/town, issue 17): who may decide them, and that no
recommendation leaves the statute's range.

Expected figures are the statutes' own maxima, quoted next to each row:
烟花爆竹安全管理条例（2016年2月6日修订）第四十二条第二款, 噪声污染防治法（2021年12月24日）第八十二条,
大气污染防治法（2018年10月26日修正）第一百一十八条, 固体废物污染环境防治法（2020年4月29日修订）第一百一十一条第二款,
城乡规划法（2019年4月23日修正）第六十六条, 城市道路管理条例第四十二条 (2万元以下); the town's standing from 行政处罚法（2021）第二十四条第一款.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import discretion
from discretion import evaluate, render_text
from discretion.errors import CompetenceError

RULES = Path(__file__).resolve().parent.parent / "rules"
FIELD = "乡镇和街道综合行政执法"


@pytest.fixture(scope="module")
def rules() -> discretion.RuleSet:
    return discretion.load(RULES)


def town_codes(rules: discretion.RuleSet) -> list[str]:
    return [code for code in rules.codes if code.startswith("TWN-")]


def test_every_town_item_is_in_the_field_and_decidable_by_town_and_street(
    rules: discretion.RuleSet,
) -> None:
    codes = town_codes(rules)
    assert len(codes) >= 10
    for code in codes:
        item = rules.item(code)
        assert item.standard.field == FIELD, code
        bases = {body.id: body.basis for body in item.competence}
        # APL Art. 24 ¶1: the town and street decide a conferred power in their own name
        assert bases.get("town") == "conferred", code
        assert bases.get("street") == "conferred", code
        # and the department the statute names keeps its own statutory power (APL Art. 17)
        assert "statutory" in bases.values(), code


def test_the_street_decides_in_its_own_name(rules: discretion.RuleSet) -> None:
    facts = {"party_type": "individual"}
    rec = evaluate(rules, "TWN-FW-42-2-1", facts, decided_by="street")
    text = render_text(rec)
    assert (
        "由「街道办事处」依省、自治区、直辖市交由其行使行政处罚权的决定（赋权）以自己的名义作出"
        in text
    )
    assert "《河北省乡镇和街道综合行政执法条例》" in text
    # the body does not change the figures: 第四十二条第二款 100–500元, 一般 30 %–70 % → 220–380元
    plain = evaluate(rules, "TWN-FW-42-2-1", facts)
    assert [(p.min, p.max) for p in rec.penalties] == [(p.min, p.max) for p in plain.penalties]
    assert (rec.penalties[0].min, rec.penalties[0].max) == (Decimal(220), Decimal(380))


def test_a_department_the_statute_does_not_name_is_refused(rules: discretion.RuleSet) -> None:
    # 烟花爆竹安全管理条例第四十二条第二款 names 公安部门, not the planning department of 城乡规划法 Art. 66
    with pytest.raises(CompetenceError) as caught:
        evaluate(rules, "TWN-FW-42-2-1", {"party_type": "individual"}, decided_by="county_planning")
    assert caught.value.item == "TWN-FW-42-2-1"
    assert "public_security" in str(caught.value)


# (code, facts, statutory maximum of the fine, where it is written)
MAXIMA = [
    ("TWN-FW-42-2-1", {"party_type": "organisation"}, 500, "烟花爆竹安全管理条例第四十二条第二款"),
    ("TWN-FW-42-2-2", {"party_type": "individual"}, 500, "烟花爆竹安全管理条例第四十二条第二款"),
    (
        "TWN-NPL-82-1",
        {"party_type": "individual", "refused_to_correct": True},
        1000,
        "噪声法第八十二条 个人",
    ),
    (
        "TWN-NPL-82-2",
        {"party_type": "organisation", "refused_to_correct": True},
        20000,
        "噪声法第八十二条 单位",
    ),
    (
        "TWN-NPL-82-3",
        {"party_type": "organisation", "refused_to_correct": True},
        20000,
        "噪声法第八十二条 单位",
    ),
    ("TWN-URR-42-27-1", {"party_type": "individual"}, 20000, "城市道路管理条例第四十二条"),
    ("TWN-URR-42-6", {"party_type": "organisation"}, 20000, "城市道路管理条例第四十二条"),
    ("TWN-AIR-118-1", {"party_type": "organisation"}, 50000, "大气法第一百一十八条第一款"),
    ("TWN-AIR-118-3-1", {"party_type": "individual"}, 20000, "大气法第一百一十八条第三款"),
    ("TWN-AIR-118-3-2", {"party_type": "organisation"}, 20000, "大气法第一百一十八条第三款"),
    ("TWN-SWL-111-1", {"party_type": "organisation"}, 500000, "固废法第一百一十一条第二款 单位"),
    ("TWN-SWL-111-7", {"party_type": "individual"}, 500, "固废法第一百一十一条第二款 个人"),
    (
        "TWN-CRP-66-1",
        {"party_type": "organisation", "temp_cost": 120000},
        120000,
        "城乡规划法第六十六条 造价一倍",
    ),
    (
        "TWN-CRP-66-3",
        {"party_type": "individual", "temp_cost": 3000},
        3000,
        "城乡规划法第六十六条 造价一倍",
    ),
]


@pytest.mark.parametrize(("code", "facts", "maximum", "source"), MAXIMA)
def test_the_heaviest_case_reaches_but_never_passes_the_statutory_maximum(
    rules: discretion.RuleSet, code: str, facts: dict[str, object], maximum: int, source: str
) -> None:
    # 情节较重 and an emergency violation (APL Art. 49, 从重) together: the top of the range
    rec = evaluate(rules, code, {**facts, "heavier": True, "emergency_violation": True})
    fine = next(p for p in rec.penalties if p.id == "fine")
    assert fine.max == Decimal(maximum), source
    assert fine.min is not None
    assert fine.min <= fine.max


def test_social_noise_is_not_punished_before_a_refusal_to_correct(
    rules: discretion.RuleSet,
) -> None:
    # 噪声法第八十二条: 说服教育，责令改正；拒不改正的，给予警告……
    for code in ("TWN-NPL-82-1", "TWN-NPL-82-2", "TWN-NPL-82-3"):
        rec = evaluate(rules, code, {"party_type": "individual", "heavier": True})
        assert rec.outcome == "no_penalty", code
        assert rec.penalties == () or list(rec.penalties) == [], code
