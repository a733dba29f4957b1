"""The section 裁量格 (grid): the value of each key that holds and the cell's level.

Rendered from the grid step the reference pipeline records (``decide._stage_level``): for each key
of the grid (违法情节, 危害后果 …) the value that holds, then the cell they meet in and the level it
gives, with the table the grid is taken from.
"""

from __future__ import annotations

from ...decide._result import Step
from ._voice import ByStage, Voice


def render_grid(v: Voice, by_stage: ByStage) -> list[str]:
    """One line per grid step (one per evaluation)."""
    return [_grid(v, step) for step in by_stage.get("grid", [])]


def _grid(v: Voice, step: Step) -> str:
    keys = step.get("keys") or ()
    parts = [
        v.t(f"{label}「{value}」", f"{label_en}: {value_en}")
        for _kid, label, label_en, _vid, value, value_en in keys
    ]
    cell = v.t("×", " × ").join(parts)
    level = str(step.get("label") or step.get("level"))
    line = v.t(
        f"  按裁量格：{cell}，对应阶次「{level}」。",
        f"  By the grid: {cell}; the cell gives level “{step.get('level')}”.",
    )
    return line + v.cite_tail(step)
