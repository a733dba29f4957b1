"""Static verification: each deliberately broken standard in tests/broken/ makes its check fire.

Every test asserts the check's key, the keywords of its Chinese and English message, the line of
the offending entry (found in the fixture's own text) and, where there is one, that the
counter-example really shows the defect when evaluated.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import discretion
from discretion.cli._main import main
from discretion.compile._bundled import bundled
from discretion.compile._loader import loads_many
from discretion.errors import LevelConflictError, LevelGapError
from discretion.verify._check import Problem, Report, verify
from discretion.verify._examples import case_files
from strategies import BROKEN, RULES, SOURCES, load_inline

GENERAL = bundled("general/apl-2021")


def check(name: str, **kwargs: Any) -> Report:
    return verify(discretion.load(BROKEN / name), **kwargs)


def only(report: Report, key: str) -> Problem:
    found = [p for p in report.problems if p.check == key]
    assert len(found) == 1, report.problems
    return found[0]


def line_of(name: str, marker: str) -> int:
    """The line of the first occurrence of ``marker`` in a fixture: where the defect is written."""
    lines = (BROKEN / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, text in enumerate(lines, 1) if marker in text)


def run(rules: Path | str, facts: dict[str, Any], item: str) -> discretion.Recommendation:
    return discretion.evaluate(
        discretion.load(rules), item, {"party_type": "organisation", **facts}
    )


def test_gap_names_the_missing_boundary_value() -> None:
    report = check("gap.yaml")
    problem = only(report, "gap")
    assert "缺口" in problem.message_zh
    assert "不周延" in problem.message_zh
    assert "not exhaustive" in problem.message_en
    assert problem.item == "BROKEN-GAP"
    assert problem.line == line_of("gap.yaml", "levels:")
    # `< 10000` and `> 10000` leave exactly 10000 元 out: the boundary analysis finds that point.
    assert problem.example == (("goods_value", Decimal("10000")),)
    with pytest.raises(LevelGapError):
        run(BROKEN / "gap.yaml", {"goods_value": "10000"}, "BROKEN-GAP")
    assert not report.notes


def test_overlap_shows_facts_where_two_levels_hold() -> None:
    problem = only(check("overlap.yaml"), "overlap")
    assert "重叠" in problem.message_zh
    assert "both hold" in problem.message_en
    assert "'ordinary'" in problem.message_en
    assert "'serious'" in problem.message_en
    assert problem.line == line_of("overlap.yaml", "- id: serious")
    assert problem.example == (("repeat", True), ("serious", False))
    with pytest.raises(LevelConflictError):
        run(BROKEN / "overlap.yaml", {"repeat": True}, "BROKEN-OVERLAP")


def test_unreachable_level_between_two_whole_numbers() -> None:
    problem = only(check("unreachable.yaml"), "unreachable")
    assert "永远不会适用" in problem.message_zh
    assert "can never hold" in problem.message_en
    assert "times > 2 and times < 3" in problem.message_en
    assert problem.line == line_of("unreachable.yaml", "- id: between")
    assert not [p for p in check("unreachable.yaml").problems if p.check in ("gap", "overlap")]


def test_level_every_case_of_which_a_ground_bars() -> None:
    text = (BROKEN / "unreachable.yaml").read_text(encoding="utf-8")
    items = text[text.index("items:") :].replace("times > 2 and times < 3", "times == 2")
    items = items.replace("when: times <= 2", "when: times < 2")
    items += (
        "    grounds:\n"
        "      - id: second_time\n"
        "        label: 第二次违法的，不予处罚（故意与阶次冲突）\n"
        "        when: times == 2\n"
        "        effect: no_penalty\n"
        "        citation: [{law: APL, article: 33}]\n"
    )
    problem = only(verify(load_inline(items)), "unreachable")
    assert "成立时总有不予处罚事由" in problem.message_zh
    assert "a no-penalty ground bars the case" in problem.message_en
    assert problem.example == (("times", 2),)


def test_bands_out_of_order() -> None:
    problem = only(check("band-order.yaml"), "band_order")
    assert "较重阶次「严重」" in problem.message_zh
    assert "低于较轻阶次「一般」" in problem.message_zh
    assert "out of order" in problem.message_en
    # 5万–10万, lowest 30 % = 50000–65000 against highest 30 % = 85000–100000 (FSL Art. 124).
    assert "[50000, 65000]" in problem.message_en
    assert "[85000, 100000]" in problem.message_en
    assert problem.line == line_of("band-order.yaml", "band: lower_30")


def test_the_monotonicity_law_catches_the_inverted_bands_too() -> None:
    from discretion.verify._domain import fact_roles
    from strategies import lowered

    rules = discretion.load(BROKEN / "band-order.yaml")
    item = rules.item("BROKEN-BAND-ORDER")
    assert fact_roles(item)["serious"] == "aggravating"
    facts = {"party_type": "organisation"}
    before = discretion.evaluate(rules, item.code, {**facts, "serious": False})
    after = discretion.evaluate(rules, item.code, {**facts, "serious": True})
    assert lowered(before, after) == ["fine.min: 85000 → 50000", "fine.max: 100000 → 65000"]


def test_band_outside_the_statutory_range_fails_check(capsys: pytest.CaptureFixture[str]) -> None:
    path = BROKEN / "band-range.yaml"
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "[load]" in err
    assert "outside the statutory range [50000, 100000]" in err
    assert "裁量幅度超出法定幅度" in err
    assert f":{line_of('band-range.yaml', 'band: {min: 40000')}, item BROKEN-BAND-RANGE" in err


def test_factor_percentages_above_one_hundred() -> None:
    problem = only(check("factor-sum.yaml"), "band_range")
    assert "120%" in problem.message_zh
    assert "above 100 %" in problem.message_en
    assert problem.example == (("large", True), ("long", True))
    assert problem.line == line_of("factor-sum.yaml", "band:")


def test_aggravating_circumstance_that_lowers_the_range() -> None:
    problem = only(check("circumstance.yaml"), "circumstance_direction")
    assert "从重情节「拒不配合调查」反而使处罚降低" in problem.message_zh
    assert "aggravating circumstance 'obstructs' lowers" in problem.message_en
    assert problem.example == (("uncooperative", False),)
    assert problem.line == line_of("circumstance.yaml", "- id: obstructs")
    # The counter-example, evaluated: with the circumstance the fine is lower than without it.
    with_it = run(BROKEN / "circumstance.yaml", {"uncooperative": False}, "BROKEN-CIRCUMSTANCE")
    without = run(BROKEN / "circumstance.yaml", {"uncooperative": True}, "BROKEN-CIRCUMSTANCE")
    assert [c.id for c in with_it.circumstances] == ["obstructs"]
    fine_with, fine_without = with_it.penalty("fine"), without.penalty("fine")
    assert fine_with is not None
    assert fine_without is not None
    assert fine_with.min is not None
    assert fine_without.min is not None
    assert fine_with.min < fine_without.min


def test_mandatory_combined_penalty_dropped_without_reduction() -> None:
    problem = only(check("combined-dropped.yaml"), "combined_dropped")
    assert "阶次「轻微」未适用并处的「罚款」" in problem.message_zh
    assert "不是减轻" in problem.message_zh
    assert "drops the mandatory (combined) penalty 'fine'" in problem.message_en
    assert problem.line == line_of("combined-dropped.yaml", "levels: [ordinary, serious]")
    rec = run(BROKEN / "combined-dropped.yaml", {"minor": True}, "BROKEN-COMBINED")
    assert rec.penalty("fine") is None
    assert not rec.flags.reduced


def test_switch_branches_with_a_gap() -> None:
    problem = only(check("switch-gap.yaml"), "branch_gap")
    assert "罚款幅度分支" in problem.message_zh
    assert "not exhaustive" in problem.message_en
    assert problem.example == (("goods_value", Decimal("10000")),)
    assert problem.line == line_of("switch-gap.yaml", "switch:")
    with pytest.raises(LevelGapError):
        run(BROKEN / "switch-gap.yaml", {"goods_value": "10000"}, "BROKEN-SWITCH")


def test_citations_without_an_article() -> None:
    found = [p for p in check("citation.yaml").problems if p.check == "citation"]
    assert [p.field for p in found] == [
        "items[0].legal_basis",
        "items[0].penalty_basis",
        "items[0].penalties[0].citation",
    ]
    assert "违法依据未引用具体法律条款" in found[0].message_zh
    assert "cites no article" in found[2].message_en
    # A gap in the source material: reported on every run, without failing the check.
    assert all(p.severity == "warning" for p in found)


def test_a_failing_example_case(tmp_path: Path) -> None:
    cases = tmp_path / "wrong.cases.yaml"
    # Not a first violation, no harm, not serious: FSL-124's level 一般 (general); the expectation
    # below is wrong on purpose.
    cases.write_text(
        f"rules: {RULES}\n"
        "cases:\n"
        "  - name: 期望有误的案例\n"
        "    item: FSL-124\n"
        "    facts: {party_type: organisation, goods_value: 20}\n"
        "    expect: {level: light}\n"
        "    source: 食品安全法第一百二十四条第一款\n",
        encoding="utf-8",
    )
    report = verify(discretion.load(BROKEN / "gap.yaml"), cases=[cases])
    problem = only(report, "example")
    assert "示例案例「期望有误的案例」未通过" in problem.message_zh
    assert "level: expected 'light', got 'general'" in problem.message_en
    assert problem.line == 3
    assert report.cases == 1


def test_limit_is_reported_never_silent() -> None:
    report = check("unreachable.yaml", limit=3)
    assert any("exceed the limit 3" in n and "not proven" in n for n in report.notes)
    # Past the limit nothing is claimed unreachable: that would need the whole domain.
    assert not [p for p in report.problems if p.check == "unreachable"]


def test_comparing_two_facts_is_noted_as_no_proof() -> None:
    text = (BROKEN / "gap.yaml").read_text(encoding="utf-8")
    text = text.replace("goods_value < 10000", "goods_value < illegal_gains")
    text = text.replace("goods_value > 10000", "goods_value >= illegal_gains")
    text = text.replace(
        "      - {name: goods_value, type: money, label: 货值金额, unit: 元}",
        "      - {name: goods_value, type: money, label: 货值金额, unit: 元}\n"
        "      - {name: illegal_gains, type: money, label: 违法所得, unit: 元}",
    )
    general = GENERAL.read_text(encoding="utf-8")
    rules = loads_many(((str(BROKEN / "relational.yaml"), text), (str(GENERAL), general)))
    report = verify(rules)
    assert any("with each other" in n and "not a proof" in n for n in report.notes)
    assert report.ok


def test_check_command_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(BROKEN / "gap.yaml"), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    (error,) = data["errors"]
    assert error["check"] == "gap"
    assert error["item"] == "BROKEN-GAP"
    assert error["example"] == {"goods_value": "10000"}
    assert error["line"] == line_of("gap.yaml", "levels:")
    assert "缺口" in error["message"]
    assert "not exhaustive" in error["message"]


def test_check_command_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(BROKEN / "overlap.yaml")]) == 1
    captured = capsys.readouterr()
    assert "[overlap]" in captured.err
    assert "反例 counter-example: repeat=True, serious=False" in captured.err
    assert captured.out.startswith("1 problem(s): 2 standard(s), 1 item(s)")


def test_bundled_standards_pass() -> None:
    # The bar: `discretion check rules/` passes. A failure lists each defect precisely.
    report = verify(loads_many(SOURCES), cases=case_files(RULES))
    assert [str(p) for p in report.errors] == []
    # The only warnings name real gaps in the sources: items whose statute article LAW.md does
    # not give (tables cited alone), and hearing thresholds no applicable rule fixes (由制定机关设定).
    gaps = {(p.check, p.item) for p in report.warnings}
    assert {i for c, i in gaps if c == "citation"} <= {"CITY-FENCE-PILE", "HV-SERIOUS-DAMAGE"}
    assert {c for c, _ in gaps} <= {"citation", "threshold_unset"}
    assert report.cases > 0


def test_check_in_worker_processes_finds_what_the_serial_run_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``--jobs``: the same problems, notes and counts, in the same order, as one process."""
    from discretion.verify._check import _driver, verify

    rules = discretion.load("rules/")
    serial = verify(rules, limit=5_000)
    monkeypatch.setattr(_driver, "CHUNK", 1)  # one task per item: every item in a worker
    parallel = verify(rules, limit=5_000, jobs=2)
    assert serial.problems  # the bundled standards' citation warnings: there is something to match
    assert parallel == serial
    seen: list[tuple[int, int]] = []
    assert verify(rules, limit=5_000, jobs=2, progress=lambda d, t: seen.append((d, t))) == serial
    assert seen[-1] == (len(rules), len(rules))
