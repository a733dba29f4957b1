"""Static checks of a point inside a band (issue 20, point 4): ``discretion check`` finds the moves
that can never change a recommendation, the ones spent at the end of the scale, and moves that
cancel each other — on the example of examples/format2/grid (大气法 Art. 119 ¶1 with the Hebei
township table's levels; the start and moves there are the example's own, marked 示例自拟)."""

from __future__ import annotations

from pathlib import Path

import discretion
from discretion.verify._check import verify

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "format2" / "grid" / "burning-grid.yaml"
MOVE = """        - id: repeat
          label: 一年内再次违法的，上调幅度的四分之一（示例自拟）
          label_en: repeat within a year, up a quarter of the band (the example's own)
          when: repeat_in_year
          by: 0.25
          citation: [{law: EXAMPLE}]
"""


def _variant(tmp_path: Path, old: str, new: str) -> discretion.RuleSet:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "variant.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return discretion.load(path)


def _point_problems(rules: discretion.RuleSet) -> list[object]:
    return [p for p in verify(rules).problems if p.check.startswith("point_")]


def test_the_example_point_passes() -> None:
    assert _point_problems(discretion.load(EXAMPLE)) == []


def test_a_move_up_from_the_top_of_the_band_is_an_error_with_its_line(tmp_path: Path) -> None:
    rules = _variant(tmp_path, "      start: 0.5\n", "      start: 1\n")
    report = verify(rules)
    found = [p for p in report.problems if p.check == "point_move_inert"]
    assert len(found) == 1
    problem = found[0]
    assert problem.severity == "error"
    assert not report.ok
    assert problem.item == "POINT-119-1"
    assert problem.field is not None
    assert problem.field.endswith("point.moves[0].by")
    assert problem.line is not None
    assert str(problem.file).endswith("variant.yaml")
    assert "起点已在幅度上限" in problem.message_zh


def test_a_move_to_the_next_level_up_is_spent_on_the_gravest_level(tmp_path: Path) -> None:
    # 面积较大 is 情节严重, the gravest level of the table: there is nothing above it.
    rules = _variant(tmp_path, "          by: 0.25\n", "          to: up\n")
    found = [p for p in verify(rules).problems if p.check == "point_move_edge"]
    assert len(found) == 1
    problem = found[0]
    assert problem.severity == "warning"
    assert "情节严重" in problem.message_zh
    shown = dict(problem.example or ())
    assert shown.get("large_area") is True
    assert shown.get("repeat_in_year") is True


def test_moves_up_and_down_that_can_hold_together_are_reported(tmp_path: Path) -> None:
    down = MOVE.replace("id: repeat", "id: corrected").replace("by: 0.25", "to: down")
    down = down.replace("when: repeat_in_year", "when: not uncooperative")
    up = MOVE.replace("by: 0.25", "to: up")
    rules = _variant(tmp_path, MOVE, up + down)
    found = [p for p in verify(rules).problems if p.check == "point_move_conflict"]
    assert len(found) == 1
    assert "相互抵消" in found[0].message_zh
    shown = dict(found[0].example or ())
    assert shown.get("repeat_in_year") is True
    assert shown.get("uncooperative") is False


def test_a_move_that_never_holds_is_reported(tmp_path: Path) -> None:
    rules = _variant(
        tmp_path,
        "          when: repeat_in_year\n",
        "          when: repeat_in_year and not repeat_in_year\n",
    )
    found = [p for p in verify(rules).problems if p.check == "point_move_unreachable"]
    assert len(found) == 1
    assert found[0].field is not None
    assert found[0].field.endswith("point.moves[0].when")
