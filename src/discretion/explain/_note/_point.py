"""The section 裁量起点 (point inside the band): the start, each move with its factor, the point.

Rendered from the point steps the reference pipeline records (``decide._stage_measure``): a move
to the next level's band, each move within the band that holds (its factor, its share and its
source), then the computation — start + moves, clamped to [0, 1], applied to the band — and the
point, rounded down to the fen.
"""

from __future__ import annotations

from ...decide._result import Step
from ._voice import ByStage, Voice, fmt


def render_point(v: Voice, by_stage: ByStage) -> list[str]:
    """One line per point step."""
    return [_point(v, step) for step in by_stage.get("point", [])]


def _point(v: Voice, step: Step) -> str:
    label = str(step.get("label_en") if v.lang == "en" else step.get("label"))
    if step.get("to") is not None:
        line = v.t(
            f"  调整因素「{label}」成立，由「{step.get('from_level')}」移至「{step.get('to_level')}」的幅度。",
            f"  Factor “{label}” holds: the band of “{step.get('to_level')}” is used instead of "
            f"“{step.get('from_level')}”.",
        )
    elif step.get("by") is not None:
        by = step.get("by")
        line = v.t(
            f"  调整因素「{label}」成立：在幅度内{'上调' if by > 0 else '下调'}幅度的 {fmt(abs(by))}。",
            f"  Factor “{label}” holds: {'up' if by > 0 else 'down'} {fmt(abs(by))} of the band.",
        )
    elif step.get("start_range"):
        lo, hi = step.get("band_range")
        unit = v.unit(step.get("unit"))
        s_lo, s_hi = step.get("start")
        p_lo, p_hi = step.get("point_range")
        share = step.get("share")
        moved = (
            v.t(
                f"，各项调整合计移动幅度的 {fmt(share)}",
                f"; the moves shift it by {fmt(share)} of the band",
            )
            if share
            else ""
        )
        line = v.t(
            f"  裁量起点：{label}；在本阶次幅度 {fmt(lo)}–{fmt(hi)} {unit} 内，起点幅度为 "
            f"{fmt(s_lo)}–{fmt(s_hi)} {unit}{moved}，取 {fmt(p_lo)}–{fmt(p_hi)} {unit}（不超出幅度）。",
            f"  Point: {label}; inside this level's band {fmt(lo)}–{fmt(hi)} {unit} the start range "
            f"is {fmt(s_lo)}–{fmt(s_hi)} {unit}{moved}: {fmt(p_lo)}–{fmt(p_hi)} {unit} (inside the "
            "band).",
        )
    else:
        lo, hi = step.get("band_range")
        unit = v.unit(step.get("unit"))
        share, used = step.get("share"), step.get("share_used")
        clamp = (
            ""
            if share == used
            else v.t(
                f"（{fmt(share)} 超出幅度，取 {fmt(used)}）",
                f" ({fmt(share)} is outside the band: {fmt(used)} used)",
            )
        )
        line = v.t(
            f"  裁量起点：{label}；起点 {fmt(step.get('start'))} 加各项调整得 {fmt(share)}{clamp}，"
            f"在 {fmt(lo)}–{fmt(hi)} 中取点：{fmt(lo)} + ({fmt(hi)} − {fmt(lo)}) × {fmt(used)}，"
            f"建议 {fmt(step.get('point'))} {unit}（按分向下取整，不超出幅度）。",
            f"  Point: {label}; start {fmt(step.get('start'))} plus the moves gives {fmt(share)}{clamp}; "
            f"in {fmt(lo)}–{fmt(hi)}: {fmt(lo)} + ({fmt(hi)} − {fmt(lo)}) × {fmt(used)} = "
            f"{fmt(step.get('point'))} {unit} (rounded down to the fen, inside the band).",
        )
    return line + v.cite_tail(step)
