"""Amounts as the statute states them (issue 13, 金额 points).

Each fixture is a small item written here, beside the statutory figure it encodes; the expected
wording follows the branch the law takes. The general part's laws are the inline standard's
(tests/broken/gap.yaml head: APL, FSL).
"""

from __future__ import annotations

from decimal import Decimal

import discretion
from discretion import render_text
from strategies import load_inline

_ITEM = """
items:
  - code: T-AMOUNT
    name: 测试金额
    legal_basis: [{{law: FSL, article: {article}}}]
    penalty_basis: [{{law: FSL, article: {article}}}]
    facts:
{facts}
    penalties:
      - id: {pid}
        kind: {kind}
        mode: required
        amount: {amount}
        citation: [{{law: FSL, article: {article}}}]
    levels:
      - id: all
        label: 一般
        when: "true"
        circumstances: 一般
{band}
"""


def _rules(amount: str, facts: str = "      []", kind: str = "fine", band: str = "", **kw: str):  # type: ignore[no-untyped-def]
    text = _ITEM.format(
        article=kw.get("article", "125"),
        facts=facts
        if facts.strip() != "[]"
        else "      - {name: noop, type: bool, label: 无, default: false}",
        pid=kw.get("pid", "fine"),
        kind=kind,
        amount=amount,
        band=band,
    )
    return load_inline(text)


def _penalties(rec: discretion.Recommendation) -> str:
    text = render_text(rec)
    return text[text.index("处罚种类和幅度") : text.index("结论")]


def test_reduction_below_a_minimum_of_zero_is_no_fine() -> None:
    # 食品安全法第一百二十五条第二款：拒不改正的，处二千元以下罚款 — the minimum is 0. Aged 15:
    # 行政处罚法第三十条 应当从轻或者减轻. 减轻 cannot go below 0: it is no fine (or a lighter kind).
    rules = _rules("{range: {min: 0, max: 2000}}")
    rec = discretion.evaluate(rules, "T-AMOUNT", {"party_type": "individual", "age": 15})
    reduce = next(o for o in rec.options if o.choice == "reduce")
    assert reduce.penalties == ()
    text = render_text(rec)
    assert "（二）减轻：不处罚款，适用较轻的处罚种类或者不予罚款。" in text
    assert "不建议“罚款 0 元”" in text
    assert "罚款 0 元。" not in text
    assert "罚款 0–0 元" not in text


def test_fallback_wording_follows_the_branch_taken() -> None:
    # A multiple of illegal gains (消费者权益保护法第五十六条 pattern: 一倍以上十倍以下) that falls
    # back to a fixed range (≤ 50万) below a threshold of 10 000 元 of gains.
    rules = _rules(
        "{multiple: {base: gains, min: 1, max: 10, fallback: {min: 0, max: 500000}, "
        "fallback_below: 10000}}",
        facts="      - {name: gains, type: money, label: 违法所得, unit: 元, required: false}",
    )
    positive = discretion.evaluate(rules, "T-AMOUNT", {"party_type": "organisation", "gains": 5000})
    text = _penalties(positive)
    assert "违法所得 5000 元，不足 10000 元，适用" in text
    assert "为零或者未查明" not in text
    missing = discretion.evaluate(rules, "T-AMOUNT", {"party_type": "organisation"})
    assert "违法所得未查明，适用" in _penalties(missing)
    zero = discretion.evaluate(rules, "T-AMOUNT", {"party_type": "organisation", "gains": 0})
    assert "违法所得为零，适用" in _penalties(zero)


def test_a_unit_other_than_yuan_keeps_its_own_rounding_words() -> None:
    # A range in days (e.g. 责令停产停业 五日以上十日以下): rounded to whole days, never "按分取整".
    rules = _rules("{range: {min: 5, max: 10, unit: 日}}", kind="suspend_business", pid="suspend")
    rec = discretion.evaluate(rules, "T-AMOUNT", {"party_type": "organisation"})
    text = _penalties(rec)
    assert "建议幅度：5–10 日（按整日取整，不超过法定最高额）" in text
    assert "按分取整" not in text
    assert "元" not in text.split("建议幅度")[1].split("\n")[0]


def test_a_factor_sum_below_the_minimum_shows_both_steps() -> None:
    # 河北 environment percentage model (LAW.md §4): fine = Σ factors × maximum, raised to the
    # minimum. 大气污染防治法第九十九条：十万元以上一百万元以下. 5 % × 1 000 000 = 50 000 < 100 000.
    band = (
        "        band:\n"
        "          factors:\n"
        "            - id: pollution\n"
        "              label: 污染程度\n"
        "              options:\n"
        '                - {when: "true", percent: 5, label: 轻微}\n'
    )
    rules = _rules("{range: {min: 100000, max: 1000000}}", band=band)
    rec = discretion.evaluate(rules, "T-AMOUNT", {"party_type": "organisation"})
    fine = rec.penalty("fine")
    assert fine is not None
    assert (fine.min, fine.max) == (Decimal(100000), Decimal(100000))
    text = _penalties(rec)
    assert (
        "5% × 法定最高额 1000000 元 = 50000 元，低于法定最低额，提高至法定最低额 100000 元" in text
    )
