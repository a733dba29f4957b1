"""How one range was measured: statutory range → level band → adjustment → the recommended range.

Read by the penalties section (each clause with a range) and the options section (the 减轻
ranges): the statutory range as the shape words it (a fixed range, a multiple, a percentage or a
rate per unit of a base fact, the switch branch, the fallback when the base is missing), the
level's band (named strategy, shares, factors), the circumstance adjustment (从轻, 从重, 减轻 or
none), and the result, rounded to the fen and never above the statutory maximum.
"""

from __future__ import annotations

from ...compile._amounts import quantum_of
from ...decide._result import Step
from .. import _wording as wording
from ._adjust import adjustment_lines
from ._amounts2 import equals_lines
from ._amounts3 import of_clause_statute, open_lines, product_band, set_by_lines
from ._voice import Voice, fmt, span


def measure(v: Voice, step: Step) -> list[str]:
    """Statutory range → level band → adjustment → the recommended, rounded range."""
    t = v.t
    unit = v.unit(step.get("unit"))
    if step.get("shape") == "equals":
        return equals_lines(v, step, unit)
    if step.get("shape") == "at_least":
        return open_lines(v, step, unit)
    if step.get("shape") == "set_by":
        return set_by_lines(v, step)
    out = [t("法定幅度：", "Statutory range: ") + _statute(v, step, unit)]
    how = step.get("adjust")
    # 减轻 is measured from the statutory minimum: the level band does not apply.
    if how != "reduce":
        out.append(_band(v, step))
    out += adjustment_lines(v, step, how, capped=True)
    if step.get("reduced_to_none"):
        out.append(v.pair(wording.REDUCED_TO_NONE))
        return out
    if step.get("after_banding"):
        out.append(
            t(
                "裁量后的比例调整：按所列顺序适用，计算见「裁量后的比例调整」一节",
                "Adjustments after banding: applied in the order declared, computed in the "
                "section “Adjustments after banding”",
            )
        )
    amin, amax = step.get("range")
    # The rounding follows the unit the amount carries (元 to the fen, days to whole days).
    raw_unit = str(step.get("unit") or "")
    rounding = v.pair(wording.ROUNDING[quantum_of(raw_unit)]).format(u=unit)
    out.append(
        t(
            f"建议幅度：{span(amin, amax, unit)}（{rounding}，不超过法定最高额）",
            f"Recommended: {span(amin, amax, unit)} ({rounding}, never above "
            "the statutory maximum)",
        )
    )
    return out


def _statute(v: Voice, step: Step, unit: str) -> str:
    """The statutory range, after the switch branch or fallback that chose it."""
    t = v.t
    lo, hi = step.get("scale")
    smin, smax = step.get("statutory")
    scale_unit = v.unit(step.get("scale_unit"))
    shape = step.get("shape")
    base = step.get("base")
    base_text = ""
    if base:
        base_text = f"{v.fact_label(base)} {v.fact_value(base, step.get('base_value'))}"
    # The switch branch as the statute words it (货值金额不足一万元), not its id.
    case = (
        (step.get("case_label_en") if v.lang == "en" else None)
        or step.get("case_label")
        or step.get("case")
    )
    prefix = t(f"{case}：", f"{case}: ") if case else ""
    if step.get("fallback"):
        # The statutory wording follows the branch taken: not established, zero, or a positive
        # base below the threshold (fallback_below).
        name = v.fact_label(base) if base else ""
        value, below = step.get("base_value"), step.get("below")
        if value is None:
            prefix += t(f"{name}未查明，适用", f"{name} not established; ")
        elif below is not None and fmt(value) != "0":
            shown = v.fact_value(base, value) if base else fmt(value)
            limit = v.fact_value(base, below) if base else fmt(below)
            prefix += t(f"{name} {shown}，不足 {limit}，适用", f"{name} {shown} is below {limit}; ")
        else:
            prefix += t(f"{name}为零，适用", f"{name} is zero; ")
    if shape == "multiple":
        statute = t(
            f"{base_text}的 {fmt(lo)}–{fmt(hi)} 倍，即 {span(smin, smax, unit)}",
            f"{fmt(lo)}–{fmt(hi)} times {base_text}, that is {span(smin, smax, unit)}",
        )
    elif shape == "percent":
        statute = t(
            f"{base_text}的 {fmt(lo)}%–{fmt(hi)}%，即 {span(smin, smax, unit)}",
            f"{fmt(lo)}%–{fmt(hi)}% of {base_text}, that is {span(smin, smax, unit)}",
        )
    elif shape == "of_clause":
        statute = of_clause_statute(v, step, unit)
    elif shape == "per_unit":
        statute = t(
            f"{span(lo, hi, scale_unit)} × {base_text}，即 {span(smin, smax, unit)}",
            f"{span(lo, hi, scale_unit)} × {base_text}, that is {span(smin, smax, unit)}",
        )
    else:
        statute = span(smin, smax, unit)
    return prefix + statute


def _band(v: Voice, step: Step) -> str:
    """The level's band of the statutory range, or that the clause is not banded by level."""
    t = v.t
    band = step.get("band")
    level = step.get("level")
    if level is None and band in (None, "full"):
        return t(
            "本项不分裁量阶次，取法定幅度全幅", "Not banded by level: the whole statutory range"
        )
    share = step.get("share") or ("", "")
    text = v.pair(wording.BAND_TEXT.get(str(band), (str(band), str(band))))
    text = text.format(a=fmt(share[0]), b=fmt(share[1]))
    if band == "product":
        text = product_band(v, step)
    elif band == "factors":
        chosen = t("，", ", ").join(
            f"{f[0]}「{f[1]}」{fmt(f[2])}%" for f in step.get("factors") or ()
        )
        text += t(
            f"：{chosen}，合计 {fmt(step.get('total'))}%",
            f": {chosen}; total {fmt(step.get('total'))}%",
        )
        product = step.get("product")
        if product is not None:
            # Two steps: the sum times the maximum, then (where it falls short) the minimum.
            scale = step.get("scale") or (None, None)
            u = v.unit(step.get("scale_unit"))
            text += t(
                f"；{fmt(step.get('total'))}% × 法定最高额 {fmt(scale[1])} {u} = "
                f"{fmt(_tidy(product))} {u}",
                f"; {fmt(step.get('total'))}% × the statutory maximum {fmt(scale[1])} {u} = "
                f"{fmt(_tidy(product))} {u}",
            )
            if step.get("raised"):
                text += t(
                    f"，低于法定最低额，提高至法定最低额 {fmt(scale[0])} {u}",
                    f", below the statutory minimum, so raised to the minimum {fmt(scale[0])} {u}",
                )
    band_range = step.get("band_range")
    if band_range is not None:
        text += t("，即 ", ", that is ") + span(
            band_range[0], band_range[1], v.unit(step.get("scale_unit"))
        )
    level_en = v.level_en.get(str(level), str(level))
    return t(f"裁量阶次「{level}」：", f"Level “{level_en}”: ") + text


def _tidy(value: object) -> object:
    """A product of percentages without trailing zeros (12500.00 → 12500)."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return (
            value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
        )
    return value
