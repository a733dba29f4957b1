"""The section 裁量阶次 (discretion level): each level tested, the one that applies and why.

A level that applies is quoted with the circumstances as the published table words them and its
citation; a level that does not apply says which part of its condition failed.
"""

from __future__ import annotations

from ...decide._result import Step
from ._voice import ByStage, Voice


def render_levels(v: Voice, by_stage: ByStage) -> list[str]:
    """One line per level step."""
    return [_level(v, step) for step in by_stage["level"]]


def _level(v: Voice, step: Step) -> str:
    label = step.get("label_en") if v.lang == "en" else None
    label = str(label or (step.get("level") if v.lang == "en" else None) or v.label(step))
    held = step.outcome is True
    quoted = v.t(f"「{label}」", f"“{label}”")
    head = v.t("适用", "Applies: level ") if held else v.t("不适用", "Does not apply: level ")
    # The circumstances of the level as the published table words them.
    table = step.get("circumstances")
    if held and table:
        quoted += v.t(f"（{table}）", f" (as the table words it: {table})")
    line = f"  {head}{quoted}{v.t('：', ': ')}{v.condition(step)}{v.t('。', '.')}"
    return line + v.cite_tail(step) if held else line
