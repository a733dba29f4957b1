"""An open range measured (format 2, issue 20 point 3 c): 处五万元以上罚款, no upper limit.

The engine never invents a maximum. The statutory range is the minimum and nothing above it; a
level's explicit band (the standard's own figures, cited) may set a ceiling, and then 从轻/从重
move inside it as for any band; without one the recommendation is 「50000 元以上」, the
circumstances move nothing proportionally (a share of an unbounded range does not exist) and
the step says so. 减轻 works as everywhere: below the minimum, from ``reduce_floor``% of it.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from ..compile._amounts import (
    CaseBand,
    ExplicitBand,
    Scale,
    _tidy,
    adjust,
    quantum_of,
    reduce_range,
)
from ..compile._records import CompiledClause, CompiledItem, CompiledLevel
from ._result import Penalty


def measure_open(
    item: CompiledItem,
    clause: CompiledClause,
    level: CompiledLevel,
    net: int,
    reduce: bool,
    scale: Scale,
    detail: list[tuple[str, Any]],
) -> tuple[Decimal, Decimal | None, Decimal, bool, list[tuple[str, Any]]]:
    """(min, max or None, statutory min, reduced, the step's detail) of an open range."""
    lo: Decimal = scale.lo
    hi: Decimal | None = None
    if clause.primary:
        band: Any = level.band
        if isinstance(band, CaseBand):
            band = band.cases.get(scale.case or "")
        if isinstance(band, ExplicitBand):
            lo, hi = band.lo, band.hi  # the standard's own ceiling, cited by the level
            detail += [("level", level.label), ("band", "explicit"), ("band_range", (lo, hi))]
        else:
            detail += [("level", level.label), ("band", "open")]
    else:
        detail.append(("band", "open"))
    reduced = False
    adj = item.adjustment
    if reduce:
        lo, hi = reduce_range(scale, adj.reduce_floor)
        reduced = True
        detail += [("adjust", "reduce"), ("reduce_floor", adj.reduce_floor)]
    elif clause.primary and hi is not None:
        lo, hi, how = adjust(lo, hi, net, adj.mitigate_share, adj.aggravate_share)
        share = adj.mitigate_share if how == "mitigate" else adj.aggravate_share
        detail += [("adjust", how), ("adjust_share", share)]
    elif clause.primary:
        detail += [("adjust", "open"), ("net", net)]
    quantum = Decimal(1) if quantum_of(scale.unit) == "whole" else Decimal("0.01")
    stat_lo = _tidy(scale.lo.quantize(quantum, rounding=ROUND_CEILING))
    low = _tidy(lo.quantize(quantum, rounding=ROUND_CEILING))
    if not reduced:
        low = max(low, stat_lo)
    high = None if hi is None else _tidy(hi.quantize(quantum, rounding=ROUND_FLOOR))
    if high is not None and low > high:
        low = high
    detail += [("range", (low, high)), ("statutory", (stat_lo, None)), ("open", True)]
    return low, high, stat_lo, reduced, detail


def open_penalty(
    clause: CompiledClause,
    scale: Scale,
    amounts: tuple[Decimal, Decimal | None, Decimal],
    reduced: bool,
    chosen: bool,
) -> Penalty:
    """The penalty of an open range: no statutory maximum, and none recommended without a band."""
    low, high, stat_lo = amounts
    return Penalty.of(
        clause,
        min=low,
        max=high,
        unit=scale.unit,
        statutory_min=stat_lo,
        reduced=reduced,
        imposed=chosen,
    )
