"""Adjustments after banding (issue 20, point 5), on 反垄断法 (2022) Art. 56 ¶1 and ¶3 with the
shares of 《禁止垄断协议规定》 (examples/format2/after): the steps apply in the declared order after
the level and circumstances, exactly, with their rounding, never above the statutory maximum, below
the minimum only where the step allows it; each step is shown with its ground and computation."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import discretion
from discretion.errors import RuleSetError
from discretion.explain._jsonio import from_json
from discretion.verify._check import verify
from discretion.verify._examples import read_cases, run_case

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "examples" / "format2" / "after"
EXAMPLE = FOLDER / "aml-56-leniency.yaml"


@pytest.fixture(scope="module")
def rules() -> discretion.RuleSet:
    return discretion.load(EXAMPLE)


def _fine(rec: discretion.Recommendation) -> tuple[Decimal | None, Decimal | None]:
    fine = next(p for p in rec.penalties if p.id == "fine")
    return fine.min, fine.max


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "variant.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_example_cases_pass(rules: discretion.RuleSet) -> None:
    cases = read_cases(FOLDER / "aml-56-leniency.cases.yaml")
    assert len(cases) == 5
    for case in cases:
        assert not run_case(rules, case)[1], case.name


def test_second_applicant_is_reduced_below_the_minimum_as_art_56_3_allows(
    rules: discretion.RuleSet,
) -> None:
    # 10 000 000 × 1% = 100 000, × 10% = 1 000 000; the second applicant 30 %–50 % off:
    # 100 000 × 0.5 = 50 000, 1 000 000 × 0.7 = 700 000 (反垄断法第五十六条第三款).
    facts = {"party_type": "organisation", "sales_last_year": 10000000, "leniency_order": "second"}
    rec = discretion.evaluate(rules, "AML-56-1", facts)
    assert _fine(rec) == (Decimal(50000), Decimal(700000))
    fine = next(p for p in rec.penalties if p.id == "fine")
    assert fine.reduced  # below the statutory minimum: a 减轻, which the reviewer must see
    text = discretion.render_text(rec)
    assert "下限乘以 0.5、上限乘以 0.7" in text
    assert "《中华人民共和国反垄断法》第五十六条第三款" in text
    assert "（减轻处罚）" in text


def test_rounding_boundary_and_the_step_survive_json(rules: discretion.RuleSet) -> None:
    # 3 333 333 × 1% = 33 333.33; × 0.7 = 23 333.331 → 23 333.34 (the lower end rounds up).
    facts = {"party_type": "organisation", "sales_last_year": 3333333, "leniency_order": "third"}
    rec = discretion.evaluate(rules, "AML-56-1", facts)
    assert _fine(rec) == (Decimal("23333.34"), Decimal("266666.64"))
    text = discretion.render_text(rec)
    assert "得 23333.331–266666.64 元" in text
    stored = from_json(discretion.to_json(rec))
    assert discretion.render_text(stored) == text
    assert discretion.render_text(stored, "en") == discretion.render_text(rec, "en")


def test_steps_apply_in_order_each_to_the_result_before(tmp_path: Path) -> None:
    # Two steps that both hold: a third off, then a quarter off, on 100 000–1 000 000:
    # × 2/3 → 66 666.67–666 666.66 (lower end up, upper end down), then × 3/4 →
    # 50 000.0025 → 50 000.01 and 499 999.995 → 499 999.99.
    def step(sid: str, share: str) -> str:
        return (
            f'      - id: {sid}\n        label: {sid}\n        when: leniency_order == "second"\n'
            f'        change: reduce\n        by: "{share}"\n        below_minimum: true\n'
            "        citation: [{law: AML, article: 56, paragraph: 3}]\n"
        )

    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index("    after_banding:\n")
    path = tmp_path / "variant.yaml"
    body = "    after_banding:\n" + step("a_third", "1/3") + step("a_quarter", "1/4")
    path.write_text(text[:start] + body, encoding="utf-8")
    rules = discretion.load(path)
    facts = {"party_type": "organisation", "sales_last_year": 10000000, "leniency_order": "second"}
    rec = discretion.evaluate(rules, "AML-56-1", facts)
    assert _fine(rec) == (Decimal("50000.01"), Decimal("499999.99"))
    note = discretion.render_text(rec)
    third, quarter = (
        note.index("下限乘以 2/3、上限乘以 2/3"),
        note.index("下限乘以 0.75、上限乘以 0.75"),
    )
    assert third < quarter  # shown in the order applied
    assert "得 66666.6666…–666666.6666… 元" in note
    assert "为 66666.67–666666.66 元" in note


def test_without_below_minimum_the_step_stops_at_the_statutory_minimum(tmp_path: Path) -> None:
    path = _variant(
        tmp_path,
        'by: {min: "30%", max: "50%"}\n        below_minimum: true',
        'by: {min: "30%", max: "50%"}\n        below_minimum: false',
    )
    rules = discretion.load(path)
    facts = {"party_type": "organisation", "sales_last_year": 10000000, "leniency_order": "second"}
    rec = discretion.evaluate(rules, "AML-56-1", facts)
    # the lower end may not fall below 1 % of the sales, 100 000; the upper end is 700 000
    assert _fine(rec) == (Decimal(100000), Decimal(700000))
    assert (
        "本项不得低于法定最低额，下限取 100000 元，为 100000–700000 元"
        in discretion.render_text(rec)
    )


def test_an_increase_never_exceeds_the_statutory_maximum(tmp_path: Path) -> None:
    path = _variant(
        tmp_path,
        'change: reduce\n        by: {min: "30%", max: "50%"}\n        below_minimum: true',
        'change: increase\n        by: "1/2"',
    )
    rules = discretion.load(path)
    facts = {"party_type": "organisation", "sales_last_year": 10000000, "leniency_order": "second"}
    rec = discretion.evaluate(rules, "AML-56-1", facts)
    # 100 000 × 1.5 = 150 000; 1 000 000 × 1.5 = 1 500 000 > 10 % of the sales: capped there
    assert _fine(rec) == (Decimal(150000), Decimal(1000000))
    assert "上限不超过法定最高额 1000000 元" in discretion.render_text(rec)


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('by: {min: "80%", max: "100%"}', 'by: "eighty"', "无法识别"),
        ('by: {min: "80%", max: "100%"}', 'by: "120%"', "超过 100%"),
        ('by: {min: "80%", max: "100%"}', 'by: {min: "90%", max: "80%"}', "greater than max"),
        ('when: leniency_order == "first"', 'when: leniency_rank == "first"', "leniency_rank"),
        ("id: second_applicant", "id: first_applicant", "重复"),
    ],
)
def test_bad_steps_are_load_errors_with_file_line_and_item(
    tmp_path: Path, old: str, new: str, words: str
) -> None:
    path = _variant(tmp_path, old, new)
    with pytest.raises(RuleSetError) as err:
        discretion.load(path)
    message = str(err.value)
    assert words in message
    assert "variant.yaml:" in message
    assert "AML-56-1" in message


def test_check_reports_a_step_that_never_applies(tmp_path: Path) -> None:
    path = _variant(
        tmp_path,
        'when: leniency_order == "third"',
        'when: leniency_order == "third" and leniency_order == "first"',
    )
    found = [p for p in verify(discretion.load(path)).problems if p.check == "after_unreachable"]
    assert len(found) == 1
    assert found[0].field is not None
    assert found[0].field.endswith("after_banding[2].when")


def test_the_example_checks_clean(rules: discretion.RuleSet) -> None:
    report = verify(rules)
    assert report.ok
    assert not [p for p in report.problems if p.check == "after_unreachable"]


def test_other_paths_refuse_or_route(rules: discretion.RuleSet) -> None:
    from discretion.backends._durable_export import export_rulesets
    from discretion.decide._columnar_plan import Unsupported, plan_item
    from discretion.export._jsonlogic import export_item

    item = rules.item("AML-56-1")
    assert item.needs_reference
    with pytest.raises(Unsupported):
        plan_item(item)
    with pytest.raises(RuleSetError, match="after_banding"):
        export_item(item)
    with pytest.raises(RuleSetError, match="after_banding"):
        export_rulesets(rules)
