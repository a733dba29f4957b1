"""Grids (裁量格) and a point inside a band (裁量起点), issue 20 points 2 and 4.

The bands are the Hebei township table's rows for 大气法第一百一十九条第一款 (LAW.md §3: 较轻
500–1000, 较重 1000–1500, 严重 1500–2000 元, statute 500–2000 元); the example's point rule
(midpoint start, +1/4 for a repeat) is its own, marked 示例自拟 in the rule file.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import discretion
from discretion.errors import RuleSetError
from discretion.verify._check import verify
from discretion.verify._examples import read_cases, run_case

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "format2" / "grid" / "burning-grid.yaml"


@pytest.fixture(scope="module")
def rules() -> discretion.RuleSet:
    return discretion.load(EXAMPLE)


def _fine(
    rules: discretion.RuleSet, code: str, **facts: object
) -> tuple[str | None, Decimal | None, Decimal | None]:
    rec = discretion.evaluate(rules, code, {"party_type": "individual", **facts})
    fine = next(p for p in rec.penalties if p.id == "fine")
    return rec.level, fine.min, fine.max


@pytest.mark.parametrize(
    ("facts", "level", "lo", "hi"),
    [
        ({}, "lighter", 500, 1000),  # 乡镇基准表 情节较轻：面积较小、配合 → 500–1000元
        ({"uncooperative": True}, "heavier", 1000, 1500),  # 情节较重：拒不配合 → 1000–1500元
        ({"refused_to_correct": True}, "heavier", 1000, 1500),  # 情节较重：拒不改正
        ({"large_area": True}, "serious", 1500, 2000),  # 情节严重：面积较大 → 1500–2000元
        ({"large_area": True, "refused_to_correct": True}, "serious", 1500, 2000),
    ],
)
def test_grid_cell_gives_the_tables_band(
    rules: discretion.RuleSet, facts: dict[str, object], level: str, lo: int, hi: int
) -> None:
    assert _fine(rules, "GRID-119-1", **facts) == (level, Decimal(lo), Decimal(hi))


def test_grid_step_names_each_key_and_the_cell(rules: discretion.RuleSet) -> None:
    rec = discretion.evaluate(
        rules, "GRID-119-1", {"party_type": "individual", "uncooperative": True}
    )
    step = next(s for s in rec.steps if s.stage == "grid")
    assert step.outcome == "heavier"
    assert [k[3] for k in step.get("keys")] == ["small", "refuses"]
    text = discretion.render_text(rec)
    assert (
        "焚烧面积「面积较小」×当事人态度「拒不配合调查或者拒不改正」，对应阶次「情节较重」" in text
    )
    assert "河北省乡镇大气污染防治行政处罚裁量基准表" in text.split("四、裁量格")[1]
    assert "By the grid" in discretion.render_text(rec, "en")


@pytest.mark.parametrize(
    ("facts", "point"),
    [
        ({}, 750),  # 500 + (1000 − 500) × 0.5
        ({"repeat_in_year": True}, 875),  # 500 + 500 × (0.5 + 0.25)
        ({"uncooperative": True, "repeat_in_year": True}, 1375),  # 1000 + 500 × 0.75
        ({"large_area": True, "repeat_in_year": True}, 1875),  # 1500 + 500 × 0.75
    ],
)
def test_point_inside_the_band(
    rules: discretion.RuleSet, facts: dict[str, object], point: int
) -> None:
    assert _fine(rules, "POINT-119-1", **facts)[1:] == (Decimal(point), Decimal(point))


def test_point_steps_show_the_move_and_the_computation(rules: discretion.RuleSet) -> None:
    rec = discretion.evaluate(
        rules, "POINT-119-1", {"party_type": "individual", "repeat_in_year": True}
    )
    text = discretion.render_text(rec)
    assert (
        "调整因素「一年内再次违法的，上调幅度的四分之一（示例自拟）」成立：在幅度内上调幅度的 0.25"
        in text
    )
    assert "500 + (1000 − 500) × 0.75，建议 875 元" in text


def test_example_cases_pass(rules: discretion.RuleSet) -> None:
    cases = read_cases(EXAMPLE.with_name("burning-grid.cases.yaml"))
    assert len(cases) == 5
    for case in cases:
        assert not run_case(rules, case)[1], case.name


def test_check_passes_and_a_valid_grid_is_no_band_order_error(rules: discretion.RuleSet) -> None:
    report = verify(rules)
    assert report.ok
    assert not [p for p in report.problems if p.check in ("band_order", "grid_order")]


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8").replace(old, new, 1)
    path = tmp_path / "variant.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_incomplete_grid_is_a_load_error_with_its_line(tmp_path: Path) -> None:
    path = _variant(
        tmp_path, "large: {cooperates: serious, refuses: serious}", "large: {cooperates: serious}"
    )
    with pytest.raises(RuleSetError) as err:
        discretion.load(path)
    assert "裁量格不完整" in str(err.value)
    assert "large × refuses" in str(err.value)
    assert "variant.yaml:" in str(err.value)
    assert "GRID-119-1" in str(err.value)


def test_unknown_level_and_value_in_a_cell(tmp_path: Path) -> None:
    path = _variant(tmp_path, "small: {cooperates: lighter,", "small: {cooperates: lightr,")
    with pytest.raises(RuleSetError) as err:
        discretion.load(path)
    assert "未定义的阶次 'lightr'" in str(err.value)
    assert "did you mean 'lighter'" in str(err.value)
    path = _variant(tmp_path, "small: {cooperates: lighter,", "smal: {cooperates: lighter,")
    with pytest.raises(RuleSetError) as err:
        discretion.load(path)
    assert "不存在的取值 'smal'" in str(err.value)


def test_level_with_own_when_in_a_grid_is_refused(tmp_path: Path) -> None:
    path = _variant(
        tmp_path,
        "{id: lighter, label: 情节较轻,",
        "{id: lighter, when: large_area, label: 情节较轻,",
    )
    with pytest.raises(RuleSetError) as err:
        discretion.load(path)
    assert "不应写 when" in str(err.value)


def test_grid_not_monotone_along_a_key_is_reported(tmp_path: Path) -> None:
    # the graver column of the first row names the lighter band: 500–1000 after 1000–1500
    path = _variant(
        tmp_path,
        "small: {cooperates: lighter, refuses: heavier}",
        "small: {cooperates: heavier, refuses: lighter}",
    )
    report = verify(discretion.load(path))
    found = [p for p in report.problems if p.check == "grid_order" and p.item == "GRID-119-1"]
    assert found
    assert "当事人态度" in found[0].message_zh
    assert not [p for p in report.problems if p.check == "band_order"]


def test_grid_values_that_overlap_are_reported(tmp_path: Path) -> None:
    path = _variant(
        tmp_path,
        "{id: large, label: 面积较大, when: large_area}",
        "{id: large, label: 面积较大, when: large_area or uncooperative}",
    )
    report = verify(discretion.load(path))
    assert [p for p in report.problems if p.check == "grid_overlap" and p.item == "GRID-119-1"]


def test_grid_and_point_items_go_to_the_reference_pipeline(rules: discretion.RuleSet) -> None:
    assert rules.item("GRID-119-1").needs_reference
    assert rules.item("POINT-119-1").needs_reference


def test_exports_refuse_a_point_item_and_take_a_grid(rules: discretion.RuleSet) -> None:
    from discretion.backends._durable_export import export_rulesets
    from discretion.export._jsonlogic import export_item

    with pytest.raises(RuleSetError) as err:
        export_item(rules.item("POINT-119-1"))
    assert "POINT-119-1" in str(err.value)
    assert "point" in str(err.value)
    with pytest.raises(RuleSetError):
        export_rulesets(rules)
    # a grid's levels are ordinary conditions: the export states them
    levels = export_item(rules.item("GRID-119-1"))["levels"]
    assert [lv["id"] for lv in levels] == ["lighter", "heavier", "serious"]


def test_column_plan_refuses_grid_and_point(rules: discretion.RuleSet) -> None:
    from discretion.decide._columnar_plan import Unsupported, plan_item

    for code in ("GRID-119-1", "POINT-119-1"):
        with pytest.raises(Unsupported):
            plan_item(rules.item(code))


_THREE_KEYS = """
      layers:
        id: party
        label: 当事人类型
        values:
          - {id: person, label: 个人, when: party_type == "individual"}
          - {id: unit, label: 单位, when: party_type == "organisation"}
      cells:
        small: {cooperates: {person: lighter, unit: lighter}, refuses: {person: heavier, unit: heavier}}
        large: {cooperates: {person: serious, unit: serious}, refuses: {person: serious, unit: serious}}
"""


def test_three_key_grid(tmp_path: Path) -> None:
    """A third key (layers) in the same table: every cell given, the same bands (乡镇基准表)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    two = """      cells:
        small: {cooperates: lighter, refuses: heavier}
        large: {cooperates: serious, refuses: serious}
"""
    path = tmp_path / "three.yaml"
    path.write_text(text.replace(two, _THREE_KEYS, 1), encoding="utf-8")
    rules = discretion.load(path)
    assert _fine(rules, "GRID-119-1", refused_to_correct=True) == (
        "heavier",
        Decimal(1000),
        Decimal(1500),
    )
    rec = discretion.evaluate(rules, "GRID-119-1", {"party_type": "organisation"})
    step = next(s for s in rec.steps if s.stage == "grid")
    assert [k[3] for k in step.get("keys")] == ["small", "cooperates", "unit"]
    assert verify(rules).ok
    # a missing third-key cell is named
    path.write_text(
        text.replace(two, _THREE_KEYS.replace(", unit: heavier}", "}"), 1), encoding="utf-8"
    )
    with pytest.raises(RuleSetError) as err:
        discretion.load(path)
    assert "small × refuses × unit" in str(err.value)
