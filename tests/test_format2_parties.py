"""Several parties of one act (双罚制), issue 20 point 6.

Figures: 《中华人民共和国安全生产法》（2021年6月10日修正）第九十七条 (LAW.md §2): the unit 十万元以上
二十万元以下 after the deadline, 责令停产停业整顿, and the persons directly responsible 二万元以上
五万元以下. The unit's band in the example is its own half split; the persons' range is never banded.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import discretion
from discretion.explain._jsonio import from_json

EXAMPLE = Path(__file__).parents[1] / "examples" / "format2" / "parties"


@pytest.fixture(scope="module")
def rules() -> discretion.RuleSet:
    return discretion.load(EXAMPLE)


def test_the_persons_responsible_get_their_own_statutory_range(rules: discretion.RuleSet) -> None:
    rec = discretion.evaluate(
        rules, "SPL-97", {"party_type": "organisation", "overdue": True, "serious": True}
    )
    # the unit: upper half of 100000–200000 (Art. 97 逾期未改正的 …并处十万元以上二十万元以下)
    fine = rec.penalty("fine")
    assert fine is not None
    assert (fine.min, fine.max) == (Decimal(150000), Decimal(200000))
    (party,) = rec.parties
    assert party.id == "responsible"
    assert party.party_type == "individual"
    (p,) = party.penalties
    # Art. 97: 对其直接负责的主管人员和其他直接责任人员处二万元以上五万元以下的罚款
    assert (p.min, p.max) == (Decimal(20000), Decimal(50000))
    assert all(q.id != "responsible_fine" for q in rec.penalties)


def test_no_penalty_on_the_persons_before_the_deadline(rules: discretion.RuleSet) -> None:
    rec = discretion.evaluate(rules, "SPL-97", {"party_type": "organisation"})
    fine = rec.penalty("fine")
    # Art. 97: 处十万元以下的罚款 → [0, 100000], lower half
    assert fine is not None
    assert (fine.min, fine.max) == (Decimal(0), Decimal(50000))
    assert rec.parties[0].penalties == ()


def test_text_and_json_name_each_party(rules: discretion.RuleSet) -> None:
    rec = discretion.evaluate(rules, "SPL-97", {"party_type": "organisation", "overdue": True})
    zh = discretion.render_text(rec)
    assert "其他当事人的处罚（双罚制）" in zh
    assert "对直接负责的主管人员和其他直接责任人员，建议给予罚款 20000–50000 元" in zh
    en = discretion.render_text(rec, "en")
    assert "Penalties on the other parties of the act" in en
    doc = discretion.to_dict(rec)
    assert doc["parties"][0]["penalties"][0]["min"] == "20000"
    assert from_json(discretion.to_json(rec)) == rec


def test_json_of_a_single_party_item_has_no_parties_key() -> None:
    rules = discretion.load(Path(__file__).parents[1] / "rules" / "food")
    rec = discretion.evaluate(rules, "FSL-124", {"party_type": "organisation", "goods_value": 20})
    assert "parties" not in discretion.to_dict(rec)
    assert "kept" not in discretion.to_dict(rec)


def test_applies_to_refuses_another_party_type(rules: discretion.RuleSet) -> None:
    with pytest.raises(discretion.CaseError, match="只适用于当事人类型") as info:
        discretion.evaluate(rules, "SPL-97", {"party_type": "individual"})
    assert info.value.field == "party_type"


def _load_with(tmp_path: Path, old: str, new: str) -> None:
    text = (EXAMPLE / "spl-97.yaml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "spl-97.yaml").write_text(text.replace(old, new), encoding="utf-8")
    discretion.load(tmp_path)


def test_a_clause_naming_an_undeclared_party_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(discretion.RuleSetError, match="未在本事项 parties 中声明") as info:
        _load_with(tmp_path, "party: responsible", "party: responsibel")
    assert "responsible" in str(info.value)  # did you mean
    assert info.value.line is not None


def test_a_party_clause_cannot_be_primary(tmp_path: Path) -> None:
    with pytest.raises(discretion.RuleSetError, match="不能标为 primary"):
        _load_with(
            tmp_path,
            "        party: responsible\n",
            "        party: responsible\n        primary: true\n",
        )


def test_jsonlogic_export_refuses_the_shape(rules: discretion.RuleSet) -> None:
    from discretion.export._jsonlogic import export_item

    with pytest.raises(discretion.RuleSetError, match="JSONLogic") as info:
        export_item(rules.item("SPL-97"))
    assert info.value.item == "SPL-97"
