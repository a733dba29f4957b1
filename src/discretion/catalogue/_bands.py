"""Statutory amounts and level bands in words and figures, as a published benchmark table shows them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from discretion.compile._amounts import (
    CaseBand,
    ExplicitBand,
    FactorBand,
    FullBand,
    MultipleAmount,
    OfMaxBand,
    PercentAmount,
    PercentBand,
    PerUnitAmount,
    RangeAmount,
    Scale,
    Shape,
    SwitchAmount,
)
from discretion.compile._amounts2 import EqualsAmount
from discretion.compile._amounts3 import OPEN_HI, AtLeastAmount, OfClauseAmount, ProductBandC
from discretion.compile._conditions import Condition
from discretion.compile._records import CompiledItem
from discretion.format._model import AmountSpec
from discretion.format._vocabulary import MODE_LABELS

from ._text import money, number

# -- amounts and bands ------------------------------------------------------------------------------


def fact_label(item: CompiledItem, name: str) -> str:
    f = item.fields.get(name)
    return f.spec.label if f else name


def shape_text(spec: AmountSpec, item: CompiledItem) -> str:
    """The statutory amount of a clause in the words of a statute."""
    if spec.range is not None:
        r = spec.range
        if r.min == 0:
            return f"{money(r.max, r.unit)}以下"
        return f"{money(r.min, r.unit)}以上{money(r.max, r.unit)}以下"
    if spec.multiple is not None:
        m = spec.multiple
        text = f"{fact_label(item, m.base)}{number(m.min)}倍以上{number(m.max)}倍以下"
        if m.fallback is not None:
            below = (
                f"不足{money(m.fallback_below)}"
                if m.fallback_below is not None
                else "没有或者无法计算"
            )
            fb = AmountSpec(range=m.fallback)
            text += f"；{fact_label(item, m.base)}{below}的，{shape_text(fb, item)}"
        return text
    if spec.per_unit is not None:
        u = spec.per_unit
        return (
            f"按{fact_label(item, u.base)}计，每单位{number(u.min)}以上{number(u.max)}以下"
            f"（{u.rate_unit}）"
        )
    if spec.percent is not None:
        p = spec.percent
        return f"{fact_label(item, p.base)}的百分之{number(p.min)}以上百分之{number(p.max)}以下"
    if spec.equals is not None:
        # an amount equal to a fact (issue 20, point 3): 没收违法所得 X 元
        return f"等于{fact_label(item, spec.equals.base)}（{spec.equals.unit}）"
    if spec.set_by is not None:  # 罚款数额由省、自治区、直辖市人民政府规定 (issue 20, point 3)
        return f"数额由{spec.set_by.by}规定"
    if spec.at_least is not None:  # 处五十万元以上罚款: no upper limit (issue 20, point 3)
        return f"{money(spec.at_least.min, spec.at_least.unit)}以上（未规定上限）"
    if spec.of_clause is not None:
        # 前款规定罚款数额的二倍以上五倍以下 (issue 20, point 3)
        o = spec.of_clause
        return f"{o.label}的{number(o.min)}倍以上{number(o.max)}倍以下"
    assert spec.switch is not None
    return "\n".join(
        f"{case.label or case.when}{_branch_mode(case.mode)}：{shape_text(case.amount, item)}"
        for case in spec.switch
    )


def _branch_mode(mode: str | None) -> str:
    """A branch's own mode in words (format 2): 「（可以并处）」."""
    return f"（{MODE_LABELS[mode][0]}）" if mode else ""


@dataclass(frozen=True)
class Branch:
    """One statutory range of a clause: its switch branch, wording, scale and the conditions of
    the switch that lead to it (none for a clause without a switch)."""

    case: str | None
    label: str
    scale: Scale
    conds: tuple[Condition, ...] = ()


def branches(
    shape: Shape,
    labels: Mapping[str, str],
    label: str = "",
    case: str | None = None,
    conds: tuple[Condition, ...] = (),
) -> list[Branch]:
    """Each statutory range a level's band may sit in, on the shape's own scale.

    ``labels`` maps a switch branch's id to its wording (货值金额不足一万元); the branch of a
    nested switch keeps the outer branch's id, as evaluation does (``SwitchAmount.resolve``).
    """
    if isinstance(shape, SwitchAmount):
        out: list[Branch] = []
        for case_id, cond, sub in shape.cases:
            here = case if case is not None else case_id
            wording = labels.get(case_id, cond.source)
            out += branches(sub, labels, wording, here, (*conds, cond))
        return out
    one = Decimal(1)
    if isinstance(shape, RangeAmount):
        scale = Scale("range", case, shape.lo, shape.hi, one, shape.unit, shape.unit)
        return [Branch(case, label, scale, conds)]
    if isinstance(shape, MultipleAmount):
        base = shape.base
        scale = Scale("multiple", case, shape.lo, shape.hi, one, shape.unit, "倍", base)
        out = [Branch(case, label, scale, conds)]
        if shape.fallback is not None:
            fb = shape.fallback
            below = shape.below
            scale = Scale(
                "range", case, fb.lo, fb.hi, one, fb.unit, fb.unit, base, None, True, below
            )
            out.append(Branch(case, label, scale, conds))
        return out
    if isinstance(shape, PerUnitAmount):
        scale = Scale(
            "per_unit", case, shape.lo, shape.hi, one, shape.unit, shape.rate_unit, shape.base
        )
        return [Branch(case, label, scale, conds)]
    if isinstance(shape, PercentAmount):
        scale = Scale("percent", case, shape.lo, shape.hi, one, shape.unit, "%", shape.base)
        return [Branch(case, label, scale, conds)]
    if isinstance(shape, AtLeastAmount):
        # no upper limit: the format's own bound (never shown) lets an explicit band be placed
        scale = Scale("at_least", case, shape.lo, OPEN_HI, one, shape.unit, shape.unit)
        return [Branch(case, label, scale, conds)]
    if isinstance(shape, OfClauseAmount):
        # each range of the referenced clause, times the multiples (前款规定罚款数额的…倍)
        out = []
        ref_words = {k: zh for k, (zh, _en) in shape.ref_labels.items()}
        for ref in branches(shape.target, ref_words, label, case, conds):
            sc = ref.scale
            if sc.shape == "at_least":  # over an open range: open too (前款 五十万元以上)
                low = sc.lo * shape.lo
                opened = Scale("at_least", ref.case, low, OPEN_HI, one, shape.unit, shape.unit)
                out.append(Branch(ref.case, ref.label, opened, ref.conds))
                continue
            if sc.shape != "range":  # over a multiple of a fact: its bounds depend on the case
                continue
            scaled = Scale(
                "range", ref.case, sc.lo * shape.lo, sc.hi * shape.hi, one, shape.unit, shape.unit
            )
            out.append(Branch(ref.case, ref.label, scaled, ref.conds))
        return out
    if isinstance(shape, EqualsAmount):  # 没收违法所得 X 元: the amount is the fact itself
        scale = Scale("equals", case, one, one, one, shape.unit, shape.unit, shape.base)
        return [Branch(case, label, scale, conds)]
    return [
        Branch(c, label, Scale("range", c, lo, hi, one, "", ""), conds)
        for c, lo, hi in shape.bounds()
    ]


def band_text(band: Any) -> str:
    """How a band is placed, in words (the strategy, not yet the figures)."""
    if isinstance(band, FullBand):
        return "法定幅度全幅"
    if isinstance(band, ExplicitBand):
        return "基准表规定的子幅度"
    if isinstance(band, PercentBand):
        return f"法定幅度自最低额起 {number(band.lo)}%–{number(band.hi)}%"
    if isinstance(band, OfMaxBand):
        return f"法定最高额的 {number(band.lo)}%–{number(band.hi)}%（不低于法定最低额）"
    if isinstance(band, FactorBand):
        return "裁量因子百分比之和 × 法定最高额（不低于法定最低额）"
    if isinstance(band, CaseBand):
        return "按法定幅度分支分别规定"
    if isinstance(band, ProductBandC):
        (a, b), (c, d) = band.of_max, band.times
        return (
            f"法定最高额的 {number(a)}%–{number(b)}% × {band.label} {number(c)}%–{number(d)}%"
            "（端点成对相乘，不低于法定最低额）"
        )
    return type(band).__name__


def fine_units(item: CompiledItem) -> list[str]:
    """The units of the item's fines that are not 元 (美元, 日…), each once, in clause order."""
    units: dict[str, None] = {}
    for clause in item.clauses:
        if clause.kind != "fine" or clause.amount is None:
            continue
        for branch in branches(clause.amount, {}):
            if branch.scale.unit not in ("元", ""):
                units[branch.scale.unit] = None
    return list(units)
