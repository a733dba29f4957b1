"""The section 裁量情节 (circumstances): each that holds, its kind, strength, condition and article.

A circumstance is 从轻, 减轻, 从重 (or 从轻或者减轻), mandatory (应当) or optional (可以); the line
says which, names it, words the condition that made it hold, and cites it. When a level was
chosen and no circumstance holds, the section says so.
"""

from __future__ import annotations

from ...format._vocabulary import CIRCUMSTANCE_LABELS
from .. import _wording as wording
from ._voice import ByStage, Voice, capital


def render_circumstances(v: Voice, by_stage: ByStage) -> list[str]:
    """One line per circumstance step, or the line that none holds."""
    steps = by_stage.get("circumstance", [])
    if not steps:
        return [
            v.t(
                "  无从轻、减轻或者从重情节。",
                "  No mitigating, reducing or aggravating circumstance holds.",
            )
        ]
    lines = []
    by_id = {c.id: c for c in v.rec.circumstances}
    for step in steps:
        kind = str(step.outcome)
        words = CIRCUMSTANCE_LABELS.get(kind) or wording.EXTRA_CIRCUMSTANCES.get(kind, (kind, kind))
        must = step.get("mandatory")
        applied = by_id.get(step.rule.rsplit("/", 1)[-1])
        label = v.label(step)
        if v.lang == "en" and applied is not None and not step.get("label_en"):
            label = applied.label_en or label
        strength = v.t("应当" if must else "可以", "mandatory" if must else "optional")
        lines.append(
            f"  {capital(v.pair(words))}"
            f"{v.t(f'（{strength}）：', f' ({strength}): ')}{label}"
            f"{v.t('。', '. ')}{capital(v.sentence(v.condition(v.as_held(step))))}"
            f"{v.cite_tail(step)}"
        )
    return lines
