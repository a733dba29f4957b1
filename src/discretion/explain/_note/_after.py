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
    "unit": ("按整数单位取整", "rounded to whole units"),
}
_CHANGE = {"reduce": ("减少", "reduced by"), "increase": ("增加", "increased by")}


def render_after(v: Voice, by_stage: ByStage) -> list[str]:
    """One line per declared step."""
    return [_after(v, step) for step in by_stage.get("after", [])]


def _after(v: Voice, step: Step) -> str:
    if step.get("combine") == "sum":
        return _summed(v, step)
    label = str(step.get("label_en") if v.lang == "en" else step.get("label"))
    change_zh, change_en = _CHANGE[str(step.get("change"))]
    share = step.get("share")
    if step.outcome != "applied":
        return v.t(
            f"  不适用「{label}」（{change_zh} {share}）：条件「{v.words(step.test)}」不成立。",
            f"  “{label}” ({change_en} {share}) does not apply: “{v.words(step.test)}” does not "
            "hold.",
        ) + v.cite_tail(step)
    zh, en = _computation(v, step)
    return v.t(
        f"  适用「{label}」：数额{change_zh} {share}，{zh}。",
        f"  “{label}” applies: the amount is {change_en} {share}; {en}.",
    ) + v.cite_tail(step)


def _computation(v: Voice, step: Step) -> tuple[str, str]:
    """The products, the rounding and any clamp of a step that applied, in both languages."""
    unit = v.unit(step.get("unit"))
    lo, hi = step.get("before")
    f_lo, f_hi = step.get("factors")
    x_lo, x_hi = step.get("exact")
    a_lo, a_hi = step.get("rounded") or step.get("after")
    r_zh, r_en = _ROUNDING[str(step.get("rounding"))]
    tail = _tail(v, step, unit)
    return (
        f"{fmt(lo)}–{fmt(hi)} {unit} 的下限乘以 {f_lo}、上限乘以 {f_hi}，得 {x_lo}–{x_hi} {unit}，"
        f"{r_zh}（下限向上、上限向下）为 {fmt(a_lo)}–{fmt(a_hi)} {unit}{tail}",
        f"the lower end of {fmt(lo)}–{fmt(hi)} {unit} times {f_lo} and the upper end times "
        f"{f_hi} give {x_lo}–{x_hi} {unit}, {r_en} (lower end up, upper end down): "
        f"{fmt(a_lo)}–{fmt(a_hi)} {unit}{tail}",
    )


def _tail(v: Voice, step: Step, unit: str) -> str:
    """Any clamp to the statutory range, or the rule's leave to go below the minimum."""
    a_lo, a_hi = step.get("after")
    s_lo, s_hi = step.get("statutory")
    clamp = step.get("clamped")
    if clamp == "maximum":
        return v.t(
            f"；上限不超过法定最高额 {fmt(s_hi)} {unit}，取 {fmt(a_lo)}–{fmt(a_hi)} {unit}",
            f"; capped at the statutory maximum {fmt(s_hi)}: {fmt(a_lo)}–{fmt(a_hi)} {unit}",
        )
    if clamp == "minimum" and a_lo < s_lo:
        return v.t(
            f"；本项不得使下限再降低，下限取前项结果 {fmt(a_lo)} {unit}，"
            f"为 {fmt(a_lo)}–{fmt(a_hi)} {unit}",
            f"; this step may not lower the lower end further: {fmt(a_lo)}–{fmt(a_hi)} {unit}",
        )
    if clamp == "minimum":
        return v.t(
            f"；本项不得低于法定最低额，下限取 {fmt(s_lo)} {unit}，为 {fmt(a_lo)}–{fmt(a_hi)} {unit}",
            f"; this step may not go below the statutory minimum: {fmt(a_lo)}–{fmt(a_hi)} {unit}",
        )
    if step.get("below_minimum") and a_lo < s_lo:
        return v.t(
            f"；依本项规定可以低于法定最低额 {fmt(s_lo)} {unit}（减轻处罚）",
            f"; the rule allows going below the statutory minimum {fmt(s_lo)} (a reduced penalty)",
        )
    return ""


def _summed(v: Voice, step: Step) -> str:
    """A summed step (同向相加、逆向相减): each factor that holds, the net share, the computation."""
    label = str(step.get("label_en") if v.lang == "en" else step.get("label"))
    members = step.get("members") or ()
    if step.outcome != "applied":
        names_zh = "、".join(str(m[1]) for m in members)
        names_en = ", ".join(f"“{m[2]}”" for m in members)
        return v.t(
            f"  不适用「{label}」：所列情节（{names_zh}）均不成立。",
            f"  “{label}” does not apply: none of its factors ({names_en}) holds.",
        ) + v.cite_tail(step)
    held = set(step.get("held") or ())
    parts_zh, parts_en = [], []
    for mid, m_label, m_label_en, change, shown in members:
        if mid not in held:
            continue
        change_zh, change_en = _CHANGE[str(change)]
        parts_zh.append(f"「{m_label}」{change_zh} {shown}")
        parts_en.append(f"“{m_label_en}” {change_en} {shown}")
    n_lo, n_hi = step.get("net")
    zh, en = _computation(v, step)
    return v.t(
        f"  适用「{label}」：{'、'.join(parts_zh)}，同向相加、逆向相减，调节比例为 {n_lo} 至 {n_hi}；"
        f"{zh}。",
        f"  “{label}” applies: {'; '.join(parts_en)}; added with their signs, the net share is "
        f"{n_lo} to {n_hi}; {en}.",
    ) + v.cite_tail(step)
