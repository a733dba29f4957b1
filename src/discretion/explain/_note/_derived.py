"""The section 推算的事实 (derived facts): each computed fact with its formula and the case's numbers.

A ``derive`` step (:mod:`discretion.decide._stage_derive`) holds the operands read, the exact
value, the rounding stated by the rule file and the value used; this section writes the formula
with the case's figures, e.g. ``超标倍数 = 超标量 ÷ 排放限值 = 50 ÷ 100 = 0.5，保留2位小数（四舍五入）
= 0.50 倍``, and cites the method's source.
"""

from __future__ import annotations

from ...decide._result import Step
from ._voice import ByStage, Voice, fmt

TITLE = ("推算的事实", "Derived facts")
_SIGNS = {"sum": " + ", "difference": " − ", "product": " × ", "ratio": " ÷ "}
_MODES = {
    "half_up": ("四舍五入", "rounded half up"),
    "down": ("舍去", "rounded down"),
    "up": ("进一", "rounded up"),
    "half_even": ("四舍六入五成双", "rounded half to even"),
}


def render_derived(v: Voice, by_stage: ByStage) -> list[str]:
    """The lines of every derive step."""
    return [_line(v, step) for step in by_stage.get("derive", [])]


def _line(v: Voice, step: Step) -> str:
    label = v.label(step)
    unit = step.get("unit") or ""
    value = step.get("value")
    names = [v.fact_label(n) for n, _x in step.reads]
    figures = [fmt(x) for _n, x in step.reads]
    op = str(step.get("op"))
    if value is None:
        missing = v.t("、", ", ").join(v.fact_label(n) for n in step.get("missing") or ())
        text = v.t(
            f"{label}：未计算（未认定：{missing}）",
            f"{label}: not computed ({missing} not established)",
        )
        return "  " + v.sentence(text) + v.cite_tail(step)
    if op in _SIGNS:
        formula = _SIGNS[op].join(names)
        numbers = _SIGNS[op].join(figures)
    elif op == "days_between":
        formula = v.t(f"自{names[0]}次日至{names[1]}的日数", f"days from {names[0]} to {names[1]}")
        numbers = f"{figures[1]} − {figures[0]}"
    else:
        start, end = fmt(step.get("window_from")), fmt(step.get("window_to"))
        counted = step.get("counted") or ()
        formula = v.t(
            f"{names[0]}中 {start} 至 {end}（不含）之间的次数",
            f"entries of {names[0]} from {start} to before {end}",
        )
        numbers = v.t("、", ", ").join(fmt(d) for d in counted) or v.t("无", "none")
    rounding = step.get("round")
    exact = fmt(step.get("exact"))
    tail = ""
    if rounding:
        places, mode = rounding
        words = _MODES.get(str(mode), (str(mode), str(mode)))
        tail = v.t(
            f" = {exact}，保留{places}位小数（{words[0]}）",
            f" = {exact}, to {places} places ({words[1]})",
        )
    shown = f"{fmt(value)}{' ' + unit if unit else ''}"
    text = f"{label} = {formula} = {numbers}{tail} = {shown}"
    return "  " + v.sentence(text) + v.cite_tail(step)
