"""A point inside a band as a published method states it (issue 20, point 4): the start range and
the adjustment ratios of the sentencing guidance 法发〔2021〕21号 for 刑法 Art. 234 ¶2
(examples/format2/point). Expected figures are worked from the guidance's text, cited beside each:
四（二）1（2）量刑起点 三年至五年; 二（二）2 从犯 first, the others 同向相加、逆向相减; 三（五）从犯
20%–50%, 三（六）自首 40% 以下, 三（七）1 坦白 20% 以下, 三（十五）累犯 10%–40%; 二（三）2 with only
从轻 factors not below the statutory minimum; 二（三）3 never above the maximum."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import discretion
from discretion.errors import RuleSetError
from discretion.explain._jsonio import from_json
from discretion.verify._check import verify
from discretion.verify._examples import read_cases, run_case

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "examples" / "format2" / "point"
EXAMPLE = FOLDER / "sentencing-start.yaml"
ITEM = "CL-234-2"


@pytest.fixture(scope="module")
def rules() -> discretion.RuleSet:
    return discretion.load(EXAMPLE)


def _months(rec: discretion.Recommendation) -> tuple[Decimal | None, Decimal | None]:
    prison = next(p for p in rec.penalties if p.id == "prison")
    assert prison.unit == "月"
    return prison.min, prison.max


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "variant.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_example_cases_pass(rules: discretion.RuleSet) -> None:
    cases = read_cases(FOLDER / "sentencing-start.cases.yaml")
    assert len(cases) == 7
    for case in cases:
        assert not run_case(rules, case)[1], case.name


def test_the_start_range_is_the_recommendation_without_factors(rules: discretion.RuleSet) -> None:
    # 四（二）1（2）：故意伤害致一人重伤的，在三年至五年有期徒刑幅度内确定量刑起点 → 36–60 months,
    # inside 刑法第二百三十四条第二款's 三年以上十年以下 (36–120).
    rec = discretion.evaluate(rules, ITEM, {})
    assert _months(rec) == (Decimal(36), Decimal(60))
    prison = next(p for p in rec.penalties if p.id == "prison")
    assert (prison.statutory_min, prison.statutory_max) == (Decimal(36), Decimal(120))
    text = discretion.render_text(rec)
    assert "在本阶次幅度 36–120 月 内，起点幅度为 36–60 月" in text
    assert "（法发〔2021〕21号）二（一）1" in text


def test_factors_are_added_with_their_signs(rules: discretion.RuleSet) -> None:
    # 自首 −40%–0 and 累犯 +10%–+40% add to −30%–+40% (二（二）2): 36 × 0.7 = 25.2 → 26 (自首 may
    # reduce below the minimum, 刑法第六十七条第一款), 60 × 1.4 = 84.
    rec = discretion.evaluate(rules, ITEM, {"surrendered": True, "recidivist": True})
    assert _months(rec) == (Decimal(26), Decimal(84))
    prison = next(p for p in rec.penalties if p.id == "prison")
    assert prison.reduced
    text = discretion.render_text(rec)
    assert "同向相加、逆向相减，调节比例为 −30% 至 +40%" in text
    assert "下限乘以 0.7、上限乘以 1.4，得 25.2–84 月" in text
    assert "（法发〔2021〕21号）三（六）" in text
    assert "（法发〔2021〕21号）三（十五）" in text
    english = discretion.render_text(rec, "en")
    assert "the net share is −30% to +40%" in english


def test_only_lenient_factors_stop_at_the_statutory_minimum(rules: discretion.RuleSet) -> None:
    # 坦白 alone (三（七）1, 20% 以下): 36 × 0.8 = 28.8, below three years; 二（三）2 只有从轻处罚情节的，
    # 可以依法确定法定最低刑为宣告刑 → 36.
    rec = discretion.evaluate(rules, ITEM, {"confessed": True})
    assert _months(rec) == (Decimal(36), Decimal(60))
    assert (
        "为 29–60 月；本项不得低于法定最低额，下限取 36 月，为 36–60 月"
        in discretion.render_text(rec)
    )


def test_the_accessory_applies_first_and_a_later_step_keeps_its_reduction(
    rules: discretion.RuleSet,
) -> None:
    # 从犯 first (二（二）2, 三（五）20%–50%; 刑法第二十七条第二款 减轻): 36 × 0.5 = 18, 60 × 0.8 = 48;
    # then 累犯 +10%–+40%: 18 × 1.1 = 19.8 → 20, 48 × 1.4 = 67.2 → 67 — not raised back to 36.
    rec = discretion.evaluate(rules, ITEM, {"accessory": True, "recidivist": True})
    assert _months(rec) == (Decimal(20), Decimal(67))
    text = discretion.render_text(rec)
    first, then = text.index("从犯，先单独调节基准刑"), text.index("「累犯」增加 10%–40%")
    assert first < then


def test_the_guidance_part_is_cited_and_survives_json(rules: discretion.RuleSet) -> None:
    rec = discretion.evaluate(rules, ITEM, {"accessory": True, "surrendered": True})
    assert _months(rec) == (Decimal(11), Decimal(48))  # 18 × 0.6 = 10.8 → 11; 48 × 1 = 48
    data = json.loads(discretion.to_json(rec))
    cited = json.dumps(data, ensure_ascii=False)
    assert "（法发〔2021〕21号）三（五）" in cited
    stored = from_json(discretion.to_json(rec))
    assert discretion.render_text(stored) == discretion.render_text(rec)
    assert discretion.render_text(stored, "en") == discretion.render_text(rec, "en")


def test_a_standard_outside_the_apl_does_not_speak_of_it(rules: discretion.RuleSet) -> None:
    text = discretion.render_text(discretion.evaluate(rules, ITEM, {}))
    assert text.startswith("裁量建议（供审核）")
    assert "有期徒刑：本基准声明的处罚种类" in text
    assert "行政处罚法》第九条第六项" not in text


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        # a start range outside the level's band (36–120)
        ("serious: {min: 36, max: 60}", "serious: {min: 30, max: 60}", "超出该阶次的幅度"),
        # a start range for a level the item does not have
        ("serious: {min: 36, max: 60}", "slight: {min: 6, max: 24}", "slight"),
        ("serious: {min: 36, max: 60}", "serious: {min: 60, max: 36}", "greater than max"),
        # a part of the guidance together with an article
        ("part: 二（一）1,", "part: 二（一）1, article: 2,", "part"),
        # a summed factor's id used twice
        ("id: recidivism", "id: surrender", "重复"),
        ("when: recidivist\n", "when: repeat_offender\n", "repeat_offender"),
        # an unknown way of combining: the field is named, not the union's tag
        ("    combine: sum\n", "    combine: product\n", "items[0].after_banding[1].combine"),
    ],
)
def test_bad_points_and_sums_are_load_errors_with_file_line_and_item(
    tmp_path: Path, old: str, new: str, words: str
) -> None:
    path = _variant(tmp_path, old, new)
    with pytest.raises(RuleSetError) as err:
        discretion.load(path)
    message = str(err.value)
    assert words in message
    assert "variant.yaml:" in message


def test_check_reports_a_summed_factor_that_never_holds(tmp_path: Path) -> None:
    path = _variant(tmp_path, "when: recidivist\n", "when: recidivist and not recidivist\n")
    found = [p for p in verify(discretion.load(path)).problems if p.check == "after_unreachable"]
    assert len(found) == 1
    assert found[0].field is not None
    assert found[0].field.endswith("after_banding[1].factors[2].when")


def test_the_example_checks_clean(rules: discretion.RuleSet) -> None:
    report = verify(rules)
    assert report.ok, [p.message_zh for p in report.problems]


def test_the_schema_describes_start_ranges_and_sums() -> None:
    schema = json.loads((ROOT / "src" / "discretion" / "schemas" / "rules.schema.json").read_text())
    text = json.dumps(schema, ensure_ascii=False)
    assert "StartRange" in text
    assert "AfterSum" in text
    assert "同向相加" in text
