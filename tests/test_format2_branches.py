"""Format 2, per branch (issue 20, point 8, citation part): a switch branch cites its own provision.

The branches of 《中华人民共和国食品安全法》第一百二十四条第一款 are two clauses of one sentence
("货值金额不足一万元的，并处五万元以上十万元以下罚款；货值金额一万元以上的，并处货值金额十倍以上二十倍
以下罚款"). The test gives one branch a citation of its own (an item number, to tell it apart —
a mechanism test, not a claim about the statute's structure): the step of that branch cites it,
the other branch keeps the clause's citation.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import discretion
from discretion.decide._backend import REFERENCE

ROOT = Path(__file__).resolve().parent.parent
RULE = ROOT / "examples" / "format2" / "amounts" / "fsl-124-gains.yaml"


def _rules(tmp_path: Path) -> discretion.RuleSet:
    text = RULE.read_text(encoding="utf-8")
    # only the 一万元以上 branch cites its own provision
    text = text.replace(
        "              amount: {multiple: {base: goods_value, min: 10, max: 20}}",
        "              amount: {multiple: {base: goods_value, min: 10, max: 20}}\n"
        "              citation: [{law: FSL, article: 124, paragraph: 1, item: 2}]",
    )
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    return discretion.load(tmp_path)


def _fine_step(rec: discretion.Recommendation) -> discretion.Step:
    return next(s for s in rec.steps if s.rule.endswith("/penalties/fine"))


def test_the_branch_taken_cites_its_own_provision(tmp_path: Path) -> None:
    rules = _rules(tmp_path)
    assert rules.item("F2-FSL-124").needs_reference
    high = discretion.evaluate(
        rules, "F2-FSL-124", {"party_type": "organisation", "goods_value": Decimal(20000)}
    )
    keys = [s.key for s in _fine_step(high).sources]
    assert keys == ["FSL/124/1/(2)"]
    assert "第一百二十四条第一款第（二）项" in discretion.render_text(high)
    # 10–20 times 20000 (Art. 124 ¶1), 一般 13–17 times: the figures are unchanged by the citation
    fine = next(p for p in high.penalties if p.id == "fine")
    assert (fine.min, fine.max) == (Decimal(260000), Decimal(340000))


def test_a_branch_without_its_own_citation_keeps_the_clause(tmp_path: Path) -> None:
    rules = _rules(tmp_path)
    low = discretion.evaluate(
        rules, "F2-FSL-124", {"party_type": "organisation", "goods_value": Decimal(20)}
    )
    keys = [s.key for s in _fine_step(low).sources]
    assert keys == ["FSL/124/1"]
    same = discretion.evaluate(
        rules,
        "F2-FSL-124",
        {"party_type": "organisation", "goods_value": Decimal(20)},
        backend=REFERENCE,
    )
    assert discretion.to_json(same) == discretion.to_json(low)
