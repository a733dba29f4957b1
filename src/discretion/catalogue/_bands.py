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
from discretion.compile._records import CompiledClause, CompiledItem, CompiledLevel
from discretion.format._model import AmountSpec
from discretion.format._vocabulary import MODE_LABELS

from ._text import MANDATORY, code, money, number, span

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
    assert spec.switch is not None
    return "\n".join(
        f"{case.label or case.when}：{shape_text(case.amount, item)}" for case in spec.switch
    )


@dataclass(frozen=True)
class _Branch:
    case: str | None
    label: str
    scale: Scale


def _branches(
    shape: Shape, labels: Mapping[str, str], label: str = "", case: str | None = None
) -> list[_Branch]:
    """Each statutory range a level's band may sit in, on the shape's own scale.

    ``labels`` maps a switch branch's id to its wording (货值金额不足一万元).
    """
    if isinstance(shape, SwitchAmount):
        out: list[_Branch] = []
        for case_id, cond, sub in shape.cases:
            out += _branches(sub, labels, labels.get(case_id, cond.source), case_id)
        return out
    one = Decimal(1)
    if isinstance(shape, RangeAmount):
        return [
            _Branch(
                case, label, Scale("range", case, shape.lo, shape.hi, one, shape.unit, shape.unit)
            )
        ]
    if isinstance(shape, MultipleAmount):
        out = [_Branch(case, label, Scale("multiple", case, shape.lo, shape.hi, one, "元", "倍"))]
        if shape.fallback is not None:
            fb = shape.fallback
            scale = Scale(
                "range", case, fb.lo, fb.hi, one, fb.unit, fb.unit, shape.base, None, True
            )
            out.append(_Branch(case, (label + "；" if label else "") + "适用兜底幅度", scale))
        return out
    if isinstance(shape, PerUnitAmount):
        return [
            _Branch(
                case, label, Scale("per_unit", case, shape.lo, shape.hi, one, "元", shape.rate_unit)
            )
        ]
    if isinstance(shape, PercentAmount):
        return [_Branch(case, label, Scale("percent", case, shape.lo, shape.hi, one, "元", "%"))]
    return [
        _Branch(c, label, Scale("range", c, lo, hi, one, "", "")) for c, lo, hi in shape.bounds()
    ]


def band_text(band: Any) -> str:
    """How a band is placed, in words (the strategy, not yet the figures)."""
    if isinstance(band, FullBand):
        return "法定幅度全幅"
    if isinstance(band, ExplicitBand):
        return "基准表规定的子幅度"
    if isinstance(band, PercentBand):
        return f"法定幅度自下而上的 {number(band.lo)}%–{number(band.hi)}%"
    if isinstance(band, OfMaxBand):
        return f"法定最高额的 {number(band.lo)}%–{number(band.hi)}%（不低于法定最低额）"
    if isinstance(band, FactorBand):
        return "裁量因子百分比之和 × 法定最高额（不低于法定最低额）"
    if isinstance(band, CaseBand):
        return "按法定幅度分支分别规定"
    return type(band).__name__


def _factor_text(band: FactorBand) -> str:
    lines = []
    for _fid, label, options in band.factors:
        opts = "；".join(
            f"{text} {number(pct)}%（{code(cond.source)}）" for cond, pct, text in options
        )
        lines.append(f"{label}：{opts}")
    return "\n".join(lines)


def level_band_text(
    level: CompiledLevel, primary: CompiledClause | None, item: CompiledItem
) -> str:
    """The band of a level with its figures on each statutory branch of the primary clause."""
    if primary is None or primary.amount is None:
        return "—（无罚款幅度）"
    band = level.band
    lines: list[str] = []
    how: list[str] = []
    spec = next((c.amount for c in item.model.penalties if c.id == primary.id), None)
    labels = {c.id: c.label or c.when for c in (spec.switch or [])} if spec else {}
    for branch in _branches(primary.amount, labels):
        sub = band.cases.get(branch.case or "") if isinstance(band, CaseBand) else band
        if sub is None:
            sub = FullBand()
        where = f"{branch.label}：" if branch.label else ""
        if isinstance(sub, FactorBand):
            lines.append(f"{where}{_factor_text(sub)}")
            how.append(band_text(sub))
            continue
        lo, hi, _detail = sub.place(branch.scale, {}, item.code)
        scale = branch.scale
        if scale.shape == "multiple":
            figures = f"{fact_label(item, _base_of(primary.amount, branch.case))}的 {number(lo)}–{number(hi)} 倍"
        elif scale.shape == "percent":
            figures = f"{number(lo)}%–{number(hi)}%"
        else:
            figures = span(lo, hi, scale.scale_unit)
        lines.append(f"{where}**{figures}**")
        how.append(band_text(sub))
    named = _named_band(item, level.id)
    # How the band is placed, once when every branch places it the same way.
    notes = list(dict.fromkeys(how))
    if named:
        notes.append(f"命名幅度 {code(named)}")
    lines.append("（" + "；".join(notes) + "）")
    return "\n".join(lines)


def _base_of(shape: Shape, case: str | None) -> str:
    if isinstance(shape, SwitchAmount):
        for case_id, _cond, sub in shape.cases:
            if case_id == case:
                return _base_of(sub, None)
    return getattr(shape, "base", "") or ""


def _named_band(item: CompiledItem, level_id: str) -> str | None:
    for level in item.model.levels:
        if level.id == level_id and isinstance(level.band, str):
            return level.band
    return None


def primary_clause(item: CompiledItem) -> CompiledClause | None:
    return next((c for c in item.clauses if c.primary), None)


def clause_label(clause: CompiledClause) -> str:
    """A clause's label with its mode: 罚款（并处）."""
    mode = MODE_LABELS.get(clause.mode, (clause.mode, clause.mode))[0]
    return f"{clause.label}（{mode}）"


def level_penalties(item: CompiledItem, level: CompiledLevel) -> str:
    """The penalty kinds a level imposes, in the order of the statute."""
    out = []
    for clause in item.clauses:
        if clause.levels is not None and level.id not in clause.levels:
            continue
        if clause.mode not in MANDATORY and clause.id not in level.impose:
            continue  # a discretionary clause this level does not choose (法定处罚 lists it)
        text = clause.label
        if clause.when is not None:
            text += f"（满足 {code(clause.when.source)} 时）"
        out.append(text)
    if level.reduce:
        out.append("（本阶次为减轻处罚）")
    return "\n".join(out)
