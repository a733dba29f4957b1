"""The bundled food standard's Art. 136 exemption keeps the confiscation of the food (issue 20, point 9).

《中华人民共和国食品安全法》（2021年4月29日修正）第一百三十六条："食品经营者履行了本法规定的进货查验等义务，
有充分证据证明其不知道所采购的食品不符合食品安全标准，并能如实说明其进货来源的，可以免予处罚，但应当依法
没收其不符合食品安全标准的食品". Rules: rules/food/fsl-2021.yaml, item FSL-124, ground ``art_136``.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import discretion
from discretion.explain._jsonio import from_json

ROOT = Path(__file__).resolve().parent.parent

# The three conditions of Art. 136, all of which must hold ("……的，可以免予处罚").
ART_136 = {"incoming_inspection_done": True, "proves_ignorance": True, "source_stated": True}
# Art. 124 ¶1: 货值金额不足一万元 → 并处五万元以上十万元以下罚款.
BASE = {"party_type": "organisation", "goods_value": 2000}


@pytest.fixture(scope="module")
def rules() -> discretion.RuleSet:
    return discretion.load(ROOT / "rules")


def test_art_136_may_waive_but_keeps_the_food(rules: discretion.RuleSet) -> None:
    rec = discretion.evaluate(rules, "FSL-124", {**BASE, **ART_136})
    # Art. 136: 可以免予处罚 — a discretionary waiver, not a bar.
    assert rec.outcome == "may_waive"
    assert rec.grounds == ("art_136",)
    # Art. 136: 但应当依法没收其不符合食品安全标准的食品 — the food's confiscation (Art. 124 ¶1's
    # 没收违法生产经营的食品), not the gains and not the tools (Art. 124 ¶1 "并可以没收…工具").
    assert [(p.id, p.kind) for p in rec.kept] == [("confiscate_food", "confiscate_property")]
    keep = [s for s in rec.steps if s.stage == "keep"]
    assert len(keep) == 1
    assert {s.key for s in keep[0].sources} >= {"FSL/136", "FSL/124/1"}
    # If the authority punishes, Art. 124 ¶1's penalties stand: [50000, 100000], 一般 30 %–70 %
    # (the standard's convention) → 65000–85000.
    fine = {p.id: p for p in rec.penalties}["fine"]
    assert (fine.min, fine.max) == (Decimal(65000), Decimal(85000))
    assert from_json(discretion.to_json(rec)) == rec


def test_the_text_shows_what_is_kept_with_art_136(rules: discretion.RuleSet) -> None:
    rec = discretion.evaluate(rules, "FSL-124", {**BASE, **ART_136})
    zh = discretion.render_text(rec, "zh")
    assert "三、依法仍应给予" in zh
    kept_line = next(line for line in zh.splitlines() if "仍应给予：" in line)
    assert "免予处罚的，应当依法没收其不符合食品安全标准的食品" in kept_line
    assert "仍应给予：没收违法生产经营的食品、食品添加剂" in kept_line
    assert "依据：《中华人民共和国食品安全法》第一百三十六条" in kept_line
    conclusion = zh.rstrip().splitlines()[-1]
    assert conclusion.startswith("结论：符合可以不予处罚的情形")
    assert "但依法仍应给予没收违法生产经营的食品、食品添加剂" in conclusion
    en = discretion.render_text(rec, "en")
    assert "Food Safety Law, Art. 136" in en
    assert (
        "but confiscation of the food and food additives is still imposed as the law requires" in en
    )


@pytest.mark.parametrize("missing", sorted(ART_136))
def test_art_136_needs_all_three_conditions(rules: discretion.RuleSet, missing: str) -> None:
    rec = discretion.evaluate(rules, "FSL-124", {**BASE, **ART_136, missing: False})
    assert rec.outcome == "penalty"
    assert rec.grounds == ()
    assert rec.kept == ()
    assert "依法仍应给予" not in discretion.render_text(rec, "zh")
