"""Format 2 (issue 20, point 3 d): an amount equal to a fact of zero is not "没收违法所得 0 元".

《中华人民共和国行政处罚法》（2021）第二十八条第二款: "当事人有违法所得，除依法应当退赔的外，应当予以
没收" — what is confiscated is the gains the party has; with none found there is nothing to
confiscate. The clause is in neither list of the recommendation, its step (outcome
``none_found``) cites Art. 28 ¶2, and the conclusion says so — in the text, the JSON and over HTTP.
The other figures: 《中华人民共和国食品安全法》（2021年4月29日修正）第一百二十四条第一款, 货值金额不足一万元
→ 五万元以上十万元以下, 一般 30 %–70 % → 65000–85000 (the example's banding).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

import discretion
from discretion.decide._backend import REFERENCE
from discretion.explain._jsonio import from_json
from server_fixture import running

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "format2" / "amounts"
ITEM = "F2-FSL-124"
NONE = {"party_type": "organisation", "goods_value": Decimal(20), "illegal_gains": Decimal(0)}


@pytest.fixture(scope="module")
def rec() -> discretion.Recommendation:
    return discretion.evaluate(discretion.load(EXAMPLE), ITEM, NONE)


def test_the_clause_is_in_neither_list(rec: discretion.Recommendation) -> None:
    ids = [p.id for p in (*rec.penalties, *rec.optional_penalties)]
    assert "confiscate_gains" not in ids
    fine = next(p for p in rec.penalties if p.id == "fine")
    assert (fine.min, fine.max) == (Decimal(65000), Decimal(85000))  # Art. 124 ¶1, 一般


def test_the_step_says_none_found_citing_art_28(rec: discretion.Recommendation) -> None:
    step = next(s for s in rec.steps if s.rule.endswith("/penalties/confiscate_gains"))
    assert step.outcome == "none_found"
    assert [s.key for s in step.sources] == ["FSL/124/1", "APL/28/2"]


def test_the_text_never_confiscates_zero(rec: discretion.Recommendation) -> None:
    zh = discretion.render_text(rec)
    assert "没收违法所得 0 元" not in zh
    assert "未查明违法所得（违法所得 0 元），不予没收违法所得" in zh
    conclusion = zh.split("结论：")[1]
    assert "不予没收违法所得（《中华人民共和国行政处罚法》第二十八条第二款）" in conclusion
    en = discretion.render_text(rec, lang="en")
    assert "no illegal gains found (illegal gains 0 yuan): no confiscation of illegal gains" in en
    assert "(Administrative Penalty Law, Art. 28 ¶2)" in en.split("Conclusion")[1]


def test_gains_found_are_still_confiscated() -> None:
    facts = {**NONE, "illegal_gains": Decimal("0.01")}
    rec = discretion.evaluate(discretion.load(EXAMPLE), ITEM, facts)
    gains = next(p for p in rec.penalties if p.id == "confiscate_gains")
    assert (gains.min, gains.max) == (Decimal("0.01"), Decimal("0.01"))  # the fen found
    assert "未查明" not in discretion.render_text(rec)


def test_the_json_round_trips(rec: discretion.Recommendation) -> None:
    doc = json.loads(discretion.to_json(rec))
    assert "confiscate_gains" not in [p["id"] for p in doc["penalties"]]
    step = next(s for s in doc["steps"] if s["rule"].endswith("/confiscate_gains"))
    assert step["outcome"] == "none_found"
    back = from_json(discretion.to_json(rec))
    assert discretion.render_text(back) == discretion.render_text(rec)
    ref = discretion.evaluate(discretion.load(EXAMPLE), ITEM, NONE, backend=REFERENCE)
    assert discretion.to_json(ref) == discretion.to_json(rec)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from running(tmp_path_factory.mktemp("log") / "review.jsonl", EXAMPLE)


def test_over_http(base: str, rec: discretion.Recommendation) -> None:
    facts = {"party_type": "organisation", "goods_value": "20", "illegal_gains": "0"}
    with httpx.Client(base_url=base, timeout=30) as client:
        got = client.post(f"/api/v1/items/{ITEM}/evaluate", json={"facts": facts})
    assert got.status_code == 200
    assert got.json() == json.loads(discretion.to_json(rec))
    assert "confiscate_gains" not in [p["id"] for p in got.json()["penalties"]]
