"""The section 裁量后的比例调整 (adjustments after banding): each step, its ground and computation.

Rendered from the ``after`` steps the reference pipeline records (``decide._stage_measure``): for
each declared step, in order, whether its condition holds; for one that holds, the range before,
the factors its ends are multiplied by, the exact products, the rounding and any clamp to the
statutory range, and the range after — each with its source.
"""

from __future__ import annotations

from ...decide._result import Step
from ._voice import ByStage, Voice, fmt

_ROUNDING = {
    "fen": ("按分取整", "rounded to the fen"),
    "yuan": ("按元取整", "rounded to the yuan"),
}
_CHANGE = {"reduce": ("减少", "reduced by"), "increase": ("增加", "increased by")}


def render_after(v: Voice, by_stage: ByStage) -> list[str]:
    """One line per declared step."""
    return [_after(v, step) for step in by_stage.get("after", [])]


def _after(v: Voice, step: Step) -> str:
    label = str(step.get("label_en") if v.lang == "en" else step.get("label"))
    change_zh, change_en = _CHANGE[str(step.get("change"))]
    share = step.get("share")
    if step.outcome != "applied":
        return v.t(
            f"  不适用「{label}」（{change_zh} {share}）：条件「{v.words(step.test)}」不成立。",
            f"  “{label}” ({change_en} {share}) does not apply: “{v.words(step.test)}” does not "
            "hold.",
        ) + v.cite_tail(step)
    unit = v.unit(step.get("unit"))
    lo, hi = step.get("before")
    f_lo, f_hi = step.get("factors")
    x_lo, x_hi = step.get("exact")
    a_lo, a_hi = step.get("after")
    s_lo, s_hi = step.get("statutory")
    r_zh, r_en = _ROUNDING[str(step.get("rounding"))]
    clamp = step.get("clamped")
    if clamp == "maximum":
        tail = v.t(
            f"；上限不超过法定最高额 {fmt(s_hi)} {unit}",
            f"; capped at the statutory maximum {fmt(s_hi)}",
        )
    elif clamp == "minimum":
        tail = v.t(
            f"；本项不得低于法定最低额，取 {fmt(s_lo)} {unit}",
            f"; this step may not go below the statutory minimum, {fmt(s_lo)} used",
        )
    elif step.get("below_minimum") and a_lo < s_lo:
        tail = v.t(
            f"；依本项规定可以低于法定最低额 {fmt(s_lo)} {unit}（减轻处罚）",
            f"; the rule allows going below the statutory minimum {fmt(s_lo)} (a reduced penalty)",
        )
    else:
        tail = ""
    return v.t(
        f"  适用「{label}」：罚款数额{change_zh} {share}，{fmt(lo)}–{fmt(hi)} {unit} 的下限乘以 {f_lo}、"
        f"上限乘以 {f_hi}，得 {x_lo}–{x_hi} {unit}，{r_zh}（下限向上、上限向下）为 "
        f"{fmt(a_lo)}–{fmt(a_hi)} {unit}{tail}。",
        f"  “{label}” applies: the fine is {change_en} {share}; the lower end of "
        f"{fmt(lo)}–{fmt(hi)} {unit} times {f_lo} and the upper end times {f_hi} give "
        f"{x_lo}–{x_hi} {unit}, {r_en} (lower end up, upper end down): {fmt(a_lo)}–{fmt(a_hi)} "
        f"{unit}{tail}.",
    ) + v.cite_tail(step)
