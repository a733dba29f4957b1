"""How a format-2 amount was measured, continued (issue 20, point 3).

* a multiple of another clause's range — 「前款规定罚款数额（一般事故：300000–1000000 元）的 2–5 倍，即
  600000–5000000 元」 (《中华人民共和国安全生产法》（2021年6月10日修正）第一百一十四条第二款); the step
  cites both clauses (the compiler joined their sources);
* a product band — 「法定最高额 X 元 × 30%–50% × 调整比例 80%–100%（端点成对相乘）= …」, and the raise to
  the minimum where the lower product falls short of it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ...decide._result import Step
from ._adjust import adjustment_lines
from ._voice import Voice, fmt, span


def of_clause_statute(v: Voice, step: Step, unit: str) -> str:
    """The statutory range of an ``of_clause`` amount, with its formula."""
    t = v.t
    lo, hi = step.get("of_range")
    a, b = step.get("of_multiple")
    smin, smax = step.get("statutory")
    ref_unit = v.unit(step.get("of_unit"))
    case = step.get("of_case_en") if v.lang == "en" else step.get("of_case")
    ref = span(_tidy(lo), _tidy(hi), ref_unit)
    inner = t(f"{case}：{ref}", f"{case}: {ref}") if case else ref
    label = t(str(step.get("of_label")), str(step.get("of_label_en")))
    return t(
        f"{label}（{inner}）的 {fmt(a)}–{fmt(b)} 倍：{_tidy(lo)} × {fmt(a)} 至 "
        f"{_tidy(hi)} × {fmt(b)}，即 {span(smin, smax, unit)}",
        f"{fmt(a)}–{fmt(b)} times {label} ({inner}): {_tidy(lo)} × {fmt(a)} to "
        f"{_tidy(hi)} × {fmt(b)}, that is {span(smin, smax, unit)}",
    )


def product_band(v: Voice, step: Step) -> str:
    """A product band's two steps: share × adjustment × maximum, then the raise to the minimum."""
    t = v.t
    (a, b), (c, d) = step.get("share"), step.get("times")
    low, high = step.get("product")
    lo, hi = step.get("scale")
    u = v.unit(step.get("scale_unit"))
    name = t(str(step.get("times_label")), str(step.get("times_label_en")))
    text = t(
        f"法定最高额 {fmt(hi)} {u} × {fmt(a)}%–{fmt(b)}% × {name} {fmt(c)}%–{fmt(d)}%"
        f"（端点成对相乘：{fmt(a)}% × {fmt(c)}%，{fmt(b)}% × {fmt(d)}%）= "
        f"{span(_tidy(low), _tidy(high), u)}",
        f"the statutory maximum {fmt(hi)} {u} × {fmt(a)}%–{fmt(b)}% × {name} "
        f"{fmt(c)}%–{fmt(d)}% (paired endpoints: {fmt(a)}% × {fmt(c)}%, {fmt(b)}% × {fmt(d)}%) "
        f"= {span(_tidy(low), _tidy(high), u)}",
    )
    if step.get("raised"):
        text += t(
            f"，低于法定最低额的部分提高至法定最低额 {fmt(lo)} {u}",
            f"; below the statutory minimum, raised to the minimum {fmt(lo)} {u}",
        )
    return text


def _tidy(value: Any) -> str:
    """An exact product without trailing zeros (2000000.0000 → 2000000)."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return fmt(value.quantize(Decimal(1)))
        return fmt(value.normalize())
    return fmt(value)


def open_span(v: Voice, lo: Any, hi: Any, unit: str) -> str:
    """「50000 元以上」 for a range with no maximum, else the ordinary span."""
    if hi is None:
        return v.t(f"{fmt(lo)} {unit}以上", f"{fmt(lo)} {unit} or more")
    return span(lo, hi, unit)


def open_lines(v: Voice, step: Step, unit: str) -> list[str]:
    """An open range (处五万元以上罚款): the statute's minimum and no maximum, the band, the
    circumstances (no proportional move without a ceiling) and the recommendation."""
    t = v.t
    smin, _none = step.get("statutory")
    case = step.get("case_label_en") if v.lang == "en" else step.get("case_label")
    prefix = t(f"{case}：", f"{case}: ") if case else ""
    if step.get("of_label") is not None:  # a multiple of another clause's open range
        ref_lo, _ref_hi = step.get("of_range")
        a, _b = step.get("of_multiple")
        ref = open_span(v, _tidy(ref_lo), None, v.unit(step.get("of_unit")))
        label = t(str(step.get("of_label")), str(step.get("of_label_en")))
        prefix += t(
            f"{label}（{ref}）的 {fmt(a)} 倍以上：{_tidy(ref_lo)} × {fmt(a)}，即 ",
            f"at least {fmt(a)} times {label} ({ref}): {_tidy(ref_lo)} × {fmt(a)}, that is ",
        )
    out = [
        t(
            f"法定幅度：{prefix}{open_span(v, smin, None, unit)}（法律未规定上限，本库不设上限）",
            f"Statutory range: {prefix}{open_span(v, smin, None, unit)} (the law sets no "
            "maximum, and none is assumed)",
        )
    ]
    level = step.get("level")
    if step.get("band") == "explicit":
        lo, hi = step.get("band_range")
        out.append(
            t(
                f"裁量阶次「{level}」：取基准表规定的子幅度，即 {span(lo, hi, unit)}",
                f"Level “{v.level_en.get(str(level), str(level))}”: the sub-range set by the "
                f"benchmark table, that is {span(lo, hi, unit)}",
            )
        )
    elif level is not None:
        out.append(
            t(
                f"裁量阶次「{level}」：法定最低额以上，无上限",
                f"Level “{v.level_en.get(str(level), str(level))}”: from the statutory minimum, "
                "no maximum",
            )
        )
    how = step.get("adjust")
    if how == "open":
        moved = step.get("net") or 0
        out.append(
            t(
                "情节调整：幅度没有上限，不按比例从轻、从重"
                + ("，从轻、从重情节由执法人员在幅度内酌定" if moved else ""),
                "Circumstances: an unbounded range has no share to move by"
                + ("; the officer weighs them inside the range" if moved else ""),
            )
        )
    else:
        out += adjustment_lines(v, step, how, capped=False)
    amin, amax = step.get("range")
    out.append(
        t(
            f"建议幅度：{open_span(v, amin, amax, unit)}",
            f"Recommended: {open_span(v, amin, amax, unit)}",
        )
    )
    return out


def set_by_lines(v: Voice, step: Step) -> list[str]:
    """「数额：由省、自治区、直辖市人民政府规定（本基准未规定具体数额）」."""
    by = step.get("set_by")
    by_en = step.get("set_by_en") or by
    return [
        v.t(
            f"数额：由{by}规定，本基准未规定具体数额；依照该规定确定，从轻、从重、减轻亦在其规定内适用",
            f"Amount: set by {by_en}; this standard states no figure: it is fixed under those "
            "rules, and mitigation, aggravation and reduction apply within them",
        )
    ]


def set_by_of(v: Voice, penalty_id: str) -> tuple[str, str] | None:
    """(who, in English) when the recommendation's penalty ``penalty_id`` has its amount set by
    another body (its step says ``set_by``)."""
    for step in v.rec.steps:
        if step.stage == "penalty" and step.rule.endswith(f"/penalties/{penalty_id}"):
            by = step.get("set_by")
            if by:
                return str(by), str(step.get("set_by_en") or by)
    return None
