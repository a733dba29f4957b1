"""The section 依法仍应给予 (what the law still requires): what a no-penalty ground keeps.

A ground that does not punish may keep what the law still requires — 违法所得 is confiscated
(《中华人民共和国行政处罚法》第二十八条第二款), or the food that breaches the standard
(《中华人民共和国食品安全法》第一百三十六条). Each such step names the ground, what it keeps (or
that the item has nothing of that kind to keep), and cites the law that keeps it and the clause.
"""

from __future__ import annotations

from ._voice import ByStage, Voice


def render_keep(v: Voice, by_stage: ByStage) -> list[str]:
    """One line per ground that keeps something."""
    lines = []
    sep = v.t("、", ", ")
    for step in by_stage.get("keep", []):
        ground = step.get("ground_label") if v.lang == "zh" else step.get("ground_label_en")
        label = step.get("label") if v.lang == "zh" else step.get("label_en")
        kept = step.get("kept" if v.lang == "zh" else "kept_en") or ()
        if kept:
            what = v.t(f"仍应给予：{sep.join(kept)}", f"still imposed: {sep.join(kept)}")
        else:
            what = v.t("本事项无可保留的处罚", "the item has nothing of that kind to keep")
        lines.append(
            "  "
            + v.sentence(f"{label}{v.t('（', ' (')}{ground}{v.t('）', ')')}{v.t('：', ': ')}{what}")
            + v.cite_tail(step)
        )
    return lines


def kept_conclusion(v: Voice) -> str:
    """「但依法仍应给予没收违法所得」, or nothing."""
    if not v.rec.kept:
        return ""
    sep = v.t("、", ", ")
    names = sep.join(p.label if v.lang == "zh" else p.label_en for p in v.rec.kept)
    return v.t(f"，但依法仍应给予{names}", f", but {names} is still imposed as the law requires")
