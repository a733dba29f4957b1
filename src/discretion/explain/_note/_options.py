"""The section 从轻或者减轻（由行政机关选择）: the choices the law leaves to the officer.

When the law requires or allows 从轻或者减轻 (Art. 30–32) the recommendation presents both: each
option with its penalties, then how each 减轻 range was measured (:mod:`._measure`).
"""

from __future__ import annotations

from ...format._vocabulary import zh_number
from .. import _wording as wording
from ._measure import measure
from ._penalties import penalty_label, penalty_text
from ._voice import ByStage, Voice


def render_options(v: Voice, by_stage: ByStage) -> list[str]:
    """The options, numbered, and the measure of every option step with a range."""
    t = v.t
    lines: list[str] = []
    options = v.rec.options
    if options:
        must = any(o.mandatory for o in options)
        lines.append(
            t(
                "  依法"
                + ("应当" if must else "可以")
                + "从轻或者减轻处罚，由行政机关在下列处理中选择：",
                "  The law "
                + ("requires" if must else "allows")
                + " mitigation or reduction; the authority chooses one of:",
            )
        )
        for number, option in enumerate(options, start=1):
            name = v.pair(wording.CHOICES.get(option.choice, (option.choice, option.choice)))
            what = t("，", "; ").join(penalty_text(v, p) for p in option.penalties)
            lines.append(
                t(f"  （{zh_number(number)}）{name}：", f"  ({number}) {name}: ")
                + (what or v.pair(wording.NOTHING_LEFT))
                + t("。", ".")
            )
    for step in by_stage.get("option", []):
        if step.get("range") is None:
            continue
        how = v.pair(wording.CHOICES.get(str(step.get("adjust")), ("", "")))
        label = penalty_label(v, step)
        lines.append(
            t(f"  {how}时{label}的计算：", f"  {label} when reduced:")
            if how
            else f"  {label}{t('：', ':')}"
        )
        lines.extend("     " + line for line in measure(v, step))
    return lines
