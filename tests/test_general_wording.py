"""The general part's wording as the statute states it (issue 13, 总则 points).

Expected wording is the statute's: 《行政处罚法》第三十三条第三款 "对当事人的违法行为依法不予行政处罚的，
行政机关应当对当事人进行教育"; 第三十六条第二款 "违法行为有连续或者继续状态的，从行为终了之日起计算";
第二十九条 "按照罚款数额高的规定处罚".
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import discretion
from discretion import render_text
from strategies import load_inline

ROOT = Path(__file__).resolve().parent.parent
RULES = discretion.load(ROOT / "rules")


def _gate(rec: discretion.Recommendation) -> str:
    text = render_text(rec)
    return text[text.index("不予处罚事由") : text.index("结论")]


def test_no_penalty_under_art_33_states_the_duty_to_educate() -> None:
    rec = discretion.evaluate(
        RULES,
        "FSL-124",
        {
            "party_type": "organisation",
            "goods_value": 20,
            "minor_violation": True,
            "corrected_promptly": True,
        },
    )
    assert rec.outcome == "no_penalty"
    gate = _gate(rec)
    assert (
        "对当事人的违法行为依法不予行政处罚的，行政机关应当对当事人进行教育。"
        "依据：《中华人民共和国行政处罚法》第三十三条第三款。"
    ) in gate
    # Art. 30 (under 14) is not an Art. 33 ground: no such line.
    young = discretion.evaluate(
        RULES, "FSL-124", {"party_type": "individual", "age": 13, "goods_value": 20}
    )
    assert "进行教育" not in _gate(young)


def test_a_continuing_act_counts_from_its_end_under_art_36_para_2() -> None:
    rec = discretion.evaluate(
        RULES,
        "FSL-124",
        {
            "party_type": "organisation",
            "goods_value": 20,
            "act_date": "2021-08-01",
            "act_end_date": "2021-09-01",
            "discovery_date": "2023-09-02",
        },
    )
    step = next(s for s in rec.steps if s.rule == "general/limitation")
    assert step.get("counted_from") == "end"
    assert "《中华人民共和国行政处罚法》第三十六条第二款" in {s.zh for s in step.sources}
    assert rec.outcome == "no_penalty"  # 2021-09-01 + 2 years = 2023-09-01 < 2023-09-02


ITEM_GROUND = """
items:
  - code: T-GROUND
    name: 本事项规定不予处罚情形
    legal_basis: [{law: FSL, article: 34}]
    penalty_basis: [{law: FSL, article: 136}]
    facts:
      - {name: inspected, type: bool, label: 履行了进货查验等义务, default: false}
    grounds:
      - id: art_136
        label: 履行了进货查验等义务，有充分证据证明其不知道所采购的食品不符合食品安全标准，并能如实说明其进货来源的，可以免予处罚
        when: inspected
        effect: no_penalty
        citation: [{law: FSL, article: 136}]
    penalties:
      - id: fine
        kind: fine
        mode: required
        amount: {range: {min: 50000, max: 100000}}
        citation: [{law: FSL, article: 124, paragraph: 1}]
    levels:
      - {id: all, label: 一般, when: "true", circumstances: 一般}
"""


def test_an_items_own_ground_is_told_apart_from_the_laws() -> None:
    rules = load_inline(ITEM_GROUND)
    rec = discretion.evaluate(
        rules,
        "T-GROUND",
        {
            "party_type": "organisation",
            "inspected": True,
            "minor_violation": True,
            "corrected_promptly": True,
        },
    )
    gate = _gate(rec)
    assert "本事项规定的不予处罚情形：履行了进货查验等义务" in gate
    assert "法律规定的不予处罚情形：违法行为轻微并及时改正" in gate
    rules_of = {s.rule for s in rec.steps if s.stage == "gate"}
    assert "T-GROUND/grounds/art_136" in rules_of
    assert "general/grounds/minor_corrected" in rules_of


def test_one_act_step_cites_the_prevailing_item_and_both_maxima() -> None:
    # Art. 29: FSL-124 (goods value < 1万: 5万–10万) against FSL-125-1 (5千–5万): the higher
    # statutory maximum, 100 000 元 against 50 000 元, prevails.
    act = discretion.evaluate_act(
        RULES, ["FSL-125-1", "FSL-124"], {"party_type": "organisation", "goods_value": 20}
    )
    removed = act.recommendation("FSL-125-1")
    step = next(s for s in removed.steps if s.rule == "general/one_act")
    assert (step.get("kept_max"), step.get("removed_max")) == (Decimal(100000), Decimal(50000))
    text = render_text(removed)
    assert "FSL-124 的法定最高罚款 100000 元高于本事项 FSL-125-1 的 50000 元" in text
