"""The bundled cultural-market standards (rules/culture, issue 17): who may decide each item.

The example cases cannot name the deciding body, so competence is checked here. Expected bodies
come from the statutes: 《互联网上网服务营业场所管理条例》（2022年3月29日修订） Art. 31 (由文化行政部门
给予警告) and Art. 33 (由文化行政部门、公安机关依据各自职权给予警告), Art. 4 (公安机关负责…信息网络安全、
治安及消防安全的监督管理); 《中华人民共和国旅游法》（2018年10月26日修正） Art. 95 ¶1 (由旅游主管部门或者
市场监督管理部门责令改正) and Art. 96 (由旅游主管部门责令改正).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import discretion
from discretion import evaluate, render_text
from discretion.errors import CompetenceError

RULES = Path(__file__).resolve().parent.parent / "rules"


@pytest.fixture(scope="module")
def rules() -> discretion.RuleSet:
    return discretion.load(RULES)


def test_every_culture_item_is_in_the_cultural_market_field_of_hebei(
    rules: discretion.RuleSet,
) -> None:
    codes = [code for code in rules.codes if code.startswith("CUL-")]
    assert len(codes) >= 10
    for code in codes:
        standard = rules.item(code).standard
        assert standard.field == "文化市场", code
        assert standard.jurisdiction == "河北省", code


def test_the_police_may_decide_an_art_33_item_by_their_own_powers(
    rules: discretion.RuleSet,
) -> None:
    rec = evaluate(
        rules, "CUL-NET-33-3", {"party_type": "organisation"}, decided_by="public_security"
    )
    text = render_text(rec)
    assert "由「公安机关」在法定职权范围内以自己的名义作出" in text
    assert "《互联网上网服务营业场所管理条例》第四条" in text


def test_the_police_may_not_decide_admitting_minors_under_art_31(
    rules: discretion.RuleSet,
) -> None:
    with pytest.raises(CompetenceError) as caught:
        evaluate(
            rules, "CUL-NET-31-2", {"party_type": "organisation"}, decided_by="public_security"
        )
    assert caught.value.item == "CUL-NET-31-2"
    assert "county_culture" in str(caught.value)


def test_market_regulation_may_decide_unlicensed_travel_business_only(
    rules: discretion.RuleSet,
) -> None:
    rec = evaluate(
        rules, "CUL-TOUR-95-1", {"party_type": "organisation"}, decided_by="market_regulator"
    )
    assert "由「市场监督管理部门」在法定职权范围内以自己的名义作出" in render_text(rec)
    with pytest.raises(CompetenceError):
        evaluate(
            rules, "CUL-TOUR-96-1", {"party_type": "organisation"}, decided_by="market_regulator"
        )
