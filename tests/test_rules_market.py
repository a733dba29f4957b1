"""The bundled market-regulation standards (rules/market, issue 17): who may decide, and the
statutory maxima that no circumstance may pass.

Expected figures are the statutes' own, cited beside each: the 30/40/30 levels of these files are
checked by their example cases (`discretion check`); here the heaviest facts are pushed through
every fining item, with the general part's 从重 (行政处罚法第四十九条) on top, and the fine must stay
inside the statute's range.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import discretion
from discretion import evaluate, render_text
from discretion.errors import CompetenceError

MARKET = Path(__file__).resolve().parent.parent / "rules" / "market"


@pytest.fixture(scope="module")
def rules() -> discretion.RuleSet:
    return discretion.load(MARKET)


# (item, facts, statutory maximum of the fine, source)
HEAVIEST = [
    (
        "MKT-PQL-49",
        {"goods_value": 10000, "serious": True},
        30000,
        "产品质量法第四十九条：货值金额三倍以下",
    ),
    (
        "MKT-PQL-50",
        {"goods_value": 20000, "serious": True},
        60000,
        "产品质量法第五十条：货值金额三倍以下",
    ),
    (
        "MKT-PQL-51",
        {"goods_value": 8000, "serious": True},
        8000,
        "产品质量法第五十一条：货值金额等值以下",
    ),
    (
        "MKT-PQL-52",
        {"goods_value": 5000, "serious": True},
        10000,
        "产品质量法第五十二条：货值金额二倍以下",
    ),
    (
        "MKT-PQL-53",
        {"goods_value": 50000, "serious": True},
        50000,
        "产品质量法第五十三条：货值金额等值以下",
    ),
    (
        "MKT-AL-55-1",
        {"fee_not_computable": True, "three_in_two_years": True, "harm": "significant"},
        2000000,
        "广告法第五十五条第一款：一百万元以上二百万元以下",
    ),
    (
        "MKT-AL-55-3",
        {"ad_fee": 20000, "other_serious": True, "harm": "significant"},
        200000,
        "广告法第五十五条第三款：广告费用五倍以上十倍以下",
    ),
    (
        "MKT-AL-57-1",
        {"role": "advertiser", "serious": True},
        1000000,
        "广告法第五十七条：二十万元以上一百万元以下",
    ),
    (
        "MKT-RMER-43",
        {"serious": True, "harm": "significant"},
        500000,
        "市场主体登记管理条例第四十三条：10万元以上50万元以下",
    ),
    (
        "MKT-RMER-47",
        {"refused_to_correct": True, "harm": "significant"},
        50000,
        "市场主体登记管理条例第四十七条：5万元以下",
    ),
    (
        "MKT-RMER-48",
        {"refused_to_correct": True, "harm": "significant"},
        30000,
        "市场主体登记管理条例第四十八条第一款：3万元以下",
    ),
    (
        "MKT-PL-42",
        {"harm": "significant", "repeated_after_checks": True},
        5000,
        "价格法第四十二条：五千元以下",
    ),
    (
        "MKT-CPL-56-8",
        {"serious": True},
        500000,
        "消费者权益保护法第五十六条第一款：没有违法所得的，五十万元以下",
    ),
    (
        "MKT-SESL-83-1",
        {"overdue_uncorrected": True, "harm": "significant"},
        100000,
        "特种设备安全法第八十三条：一万元以上十万元以下",
    ),
    (
        "MKT-SESL-84-1",
        {"harm": "significant"},
        300000,
        "特种设备安全法第八十四条：三万元以上三十万元以下",
    ),
    ("MKT-ECL-76-1", {"harm": "significant"}, 10000, "电子商务法第七十六条第一款：一万元以下"),
    ("MKT-MLR-43", {"harm": "significant"}, 1000, "计量法实施细则第四十三条：1000元以下"),
    ("MKT-MLR-46", {"harm": "significant"}, 2000, "计量法实施细则第四十六条：2000元以下"),
]


@pytest.mark.parametrize(
    ("code", "facts", "maximum", "source"), HEAVIEST, ids=[h[0] for h in HEAVIEST]
)
def test_aggravation_never_passes_the_statutory_maximum(
    rules: discretion.RuleSet, code: str, facts: dict[str, object], maximum: int, source: str
) -> None:
    rec = evaluate(
        rules, code, {"party_type": "organisation", "emergency_violation": True, **facts}
    )
    fines = [p for p in rec.penalties if p.kind == "fine"]
    assert fines, f"{code}: no fine ({source})"
    assert fines[0].max == Decimal(maximum), f"{code}: {fines[0].max} ≠ {maximum} ({source})"
    assert "emergency" in [c.id for c in rec.circumstances]


def test_every_market_item_is_filed_under_the_field_and_in_hebei(rules: discretion.RuleSet) -> None:
    codes = [c for c in rules.codes if not rules.item(c).standard.general]
    assert len(codes) >= 10
    for code in codes:
        item = rules.item(code)
        assert code.startswith("MKT-")
        assert item.standard.field == "市场监管"
        assert item.standard.jurisdiction == "河北省"
        assert item.competence, f"{code}: no competence"


def test_the_former_industry_and_commerce_department_may_decide_art_46_only(
    rules: discretion.RuleSet,
) -> None:
    # 计量法实施细则第五十五条第二款："本细则第四十六条规定的行政处罚，也可以由工商行政管理部门决定"
    facts = {"party_type": "organisation", "harm": "minor"}
    rec = evaluate(rules, "MKT-MLR-46", facts, decided_by="industry_commerce")
    assert "《中华人民共和国计量法实施细则》第五十五条第二款" in render_text(rec)
    # 第五十五条第一款: the other penalties of the rules are the metrology department's alone
    with pytest.raises(CompetenceError):
        evaluate(rules, "MKT-MLR-43", facts, decided_by="industry_commerce")
    assert evaluate(rules, "MKT-MLR-43", facts, decided_by="metrology_department").penalties


def test_a_natural_person_fined_ten_thousand_yuan_may_ask_for_a_hearing(
    rules: discretion.RuleSet,
) -> None:
    # 市场监督管理行政处罚听证办法第五条第一款第（三）项：对自然人处以一万元以上罚款; 电子商务法第七十六条
    # 第一款 reaches exactly 一万元 at its top.
    top = evaluate(rules, "MKT-ECL-76-1", {"party_type": "individual", "harm": "significant"})
    assert top.penalties[0].max == 10000
    assert top.flags.hearing
    below = evaluate(rules, "MKT-ECL-76-1", {"party_type": "individual"})
    assert below.penalties[0].max == 7000
    assert not below.flags.hearing
