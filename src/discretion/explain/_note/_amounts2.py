"""How an amount equal to a fact was measured (issue 20, point 3): 没收违法所得 X 元.

The amount is the whole of the fact, in its unit: no band, no circumstance and no 减轻 apply to
it (APL Art. 28 ¶2: 当事人有违法所得，除依法应当退赔的外，应当予以没收), so the note says the fact,
its value, and the amount it gives, rounded by the one policy of ``compile._amounts``.
"""

from __future__ import annotations

from ...decide._result import Step
from ._voice import Voice, fmt, span


def equals_lines(v: Voice, step: Step, unit: str) -> list[str]:
    """「数额：等于违法所得 12.5 元，即 12.5 元（不分阶次，不作情节调整）」."""
    t = v.t
    base = step.get("base")
    amin, amax = step.get("range")
    name = v.fact_label(base) if base else ""
    value = v.fact_value(base, step.get("base_value")) if base else fmt(step.get("base_value"))
    return [
        t(
            f"数额：等于{name} {value}，即 {span(amin, amax, unit)}（不分裁量阶次，不作情节调整）",
            f"Amount: equal to {name} {value}, that is {span(amin, amax, unit)} "
            "(not banded by level, not adjusted by circumstances)",
        )
    ]
