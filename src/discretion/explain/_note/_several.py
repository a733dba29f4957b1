"""The justification of a case of several violations: each violation's note, then the combination.

Each violation keeps its own note (:func:`discretion.render_text`), numbered 违法行为一、二…; the
last section, 数个违法行为的合并处罚, gives each combined kind: the rule as the law words it, each
violation's range that went in, the cap where one applies, the combined range, and the citation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...format._vocabulary import zh_number
from ._voice import Lang, fmt, span

if TYPE_CHECKING:
    from ...decide._case import CaseRecommendation

_UNITS_EN = {"元": "yuan", "日": "days"}


def render_combined(case: CaseRecommendation, lang: Lang = "zh") -> list[str]:
    """The section 数个违法行为的合并处罚: one cited line per combined kind."""
    zh = lang == "zh"
    out = ["数个违法行为的合并处罚" if zh else "Several violations combined"]
    for step in case.steps:
        unit = str(step.get("unit") or "")
        shown = unit if zh else _UNITS_EN.get(unit, unit)
        label = step.get("label" if zh else "label_en")
        kind = step.get("kind_label" if zh else "kind_label_en")
        parts = ("；" if zh else "; ").join(
            f"{item} {span(lo, hi, shown)}" for item, lo, hi in step.get("parts") or ()
        )
        lo, hi = step.get("range")
        cap = step.get("cap")
        capped = ""
        if cap is not None:
            capped = f"，不超过 {fmt(cap)} {shown}" if zh else f", at most {fmt(cap)} {shown}"
        cite = ("；" if zh else "; ").join(s.zh if zh else s.en for s in step.sources)
        out.append(
            f"  {kind}：{label}。各违法行为：{parts}；合并{capped}：{span(lo, hi, shown)}。依据：{cite}。"
            if zh
            else f"  {kind}: {label}. Each violation: {parts}; combined{capped}: "
            f"{span(lo, hi, shown)}. Basis: {cite}."
        )
    return out


def violation_head(n: int, item: str, lang: Lang) -> str:
    """「违法行为一：PSL-26」, the head of each violation's own note."""
    return f"违法行为{zh_number(n)}：{item}" if lang == "zh" else f"Violation {n}: {item}"
