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


def none_found_text(v: Voice, step: Step) -> str:
    """「未查明违法所得（违法所得 0 元），不予没收违法所得」: an equals clause whose fact is zero."""
    base = step.get("base")
    name = v.fact_label(base) if base else ""
    value = v.fact_value(base, step.get("base_value")) if base else fmt(step.get("base_value"))
    label = str(step.get("label_en") if v.lang == "en" else step.get("label"))
    return v.t(
        f"未查明{name}（{name} {value}），不予{label}",
        f"no {name} found ({name} {value}): no {label}",
    )


def none_found_conclusion(v: Voice) -> str:
    """The conclusion's clause for each equals clause of zero, citing APL Art. 28 ¶2."""
    found = [s for s in v.rec.steps if s.stage == "penalty" and s.outcome == "none_found"]
    if not found:
        return ""
    texts = v.t("；", "; ").join(none_found_text(v, s) for s in found)
    cite = v.t(
        "《中华人民共和国行政处罚法》第二十八条第二款", "Administrative Penalty Law, Art. 28 ¶2"
    )
    return v.t(f"；{texts}（{cite}）", f"; {texts} ({cite})")
