"""Measuring amounts: statutory shapes, level bands, circumstance adjustment, rounding and clamping.

Every amount shape has a *scale* — yuan for a fixed range, the multiple for 违法所得一倍以上五倍以下,
the rate for 每平方米十元以上五十元以下, the percentage for 工程造价百分之五以上百分之十以下 — and a *factor*
that turns a point of the scale into yuan (1, the base fact, the quantity, base/100). Levels place
their band on the scale, circumstances move within the band, and only the last step multiplies by
the factor and rounds. This is why "multiples split between the lowest and highest multiple" and
"percentage of the range" are one mechanism.

Rounding policy (one for the whole library): amounts in yuan are kept to the fen (0.01 元), other
units (days, months) to whole units; a lower bound rounds up and an upper bound rounds down, so a
recommended range never leaves the exact range it was computed from, and never exceeds the
statutory maximum.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any, Protocol

from ..errors import FactError, LevelConflictError, LevelGapError
from ._conditions import Condition

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
_FEN = Decimal("0.01")
_WHOLE = Decimal(1)


@dataclass(frozen=True, slots=True)
class Scale:
    """The statutory range for one case, on the shape's own scale."""

    shape: str
    case: str | None
    lo: Decimal
    hi: Decimal
    factor: Decimal
    unit: str
    scale_unit: str
    base: str | None = None
    base_value: Decimal | None = None
    fallback: bool = False
    below: Decimal | None = None
    """The threshold under which a multiple falls back to its fixed range (``fallback_below``)."""
    extra: tuple[tuple[str, Any], ...] = ()
    """What a format-2 shape adds to its step (``_amounts3``: the referenced clause's range)."""


class Shape(Protocol):
    """A compiled amount shape."""

    def resolve(self, facts: Mapping[str, Any], item: str, case: str | None = None) -> Scale:
        """The scale for these facts; ``case`` names the switch branch that chose this shape."""
        ...

    def bounds(self) -> list[tuple[str | None, Decimal, Decimal]]:
        """The scale bounds of each branch, for load-time checks of bands."""
        ...


@dataclass(frozen=True, slots=True)
class RangeAmount:
    lo: Decimal
    hi: Decimal
    unit: str

    def resolve(self, facts: Mapping[str, Any], item: str, case: str | None = None) -> Scale:
        return Scale("range", case, self.lo, self.hi, ONE, self.unit, self.unit)

    def bounds(self) -> list[tuple[str | None, Decimal, Decimal]]:
        return [(None, self.lo, self.hi)]


@dataclass(frozen=True, slots=True)
class MultipleAmount:
    base: str
    lo: Decimal
    hi: Decimal
    fallback: RangeAmount | None
    below: Decimal | None
    unit: str = "元"

    def resolve(self, facts: Mapping[str, Any], item: str, case: str | None = None) -> Scale:
        value = facts.get(self.base)
        use_fallback = value is None or (
            value < self.below if self.below is not None else value == 0
        )
        if use_fallback:
            if self.fallback is None:
                raise FactError(
                    f"罚款按 {self.base!r} 的倍数计算，但该事实缺失或为零，且基准未规定备用幅度 / "
                    f"the fine is a multiple of {self.base!r}, which is missing or zero, and the "
                    "standard gives no fallback range",
                    item=item,
                    field=self.base,
                )
            fb = self.fallback
            return Scale(
                "range",
                case,
                fb.lo,
                fb.hi,
                ONE,
                fb.unit,
                fb.unit,
                self.base,
                value,
                True,
                self.below,
            )
        assert value is not None
        base = Decimal(value)
        return Scale("multiple", case, self.lo, self.hi, base, self.unit, "倍", self.base, base)

    def bounds(self) -> list[tuple[str | None, Decimal, Decimal]]:
        return [(None, self.lo, self.hi)]


@dataclass(frozen=True, slots=True)
class PerUnitAmount:
    base: str
    lo: Decimal
    hi: Decimal
    rate_unit: str
    unit: str = "元"

    def resolve(self, facts: Mapping[str, Any], item: str, case: str | None = None) -> Scale:
        value = facts.get(self.base)
        if value is None:
            raise FactError(
                f"罚款按 {self.base!r} 的单位数计算，请提供该事实 / "
                f"the fine is per unit of {self.base!r}, which is missing",
                item=item,
                field=self.base,
            )
        return Scale(
            "per_unit",
            case,
            self.lo,
            self.hi,
            Decimal(value),
            self.unit,
            self.rate_unit,
            self.base,
            Decimal(value),
        )

    def bounds(self) -> list[tuple[str | None, Decimal, Decimal]]:
        return [(None, self.lo, self.hi)]


@dataclass(frozen=True, slots=True)
class PercentAmount:
    base: str
    lo: Decimal
    hi: Decimal
    unit: str = "元"

    def resolve(self, facts: Mapping[str, Any], item: str, case: str | None = None) -> Scale:
        value = facts.get(self.base)
        if value is None:
            raise FactError(
                f"罚款按 {self.base!r} 的比例计算，请提供该事实 / "
                f"the fine is a percentage of {self.base!r}, which is missing",
                item=item,
                field=self.base,
            )
        return Scale(
            "percent",
            case,
            self.lo,
            self.hi,
            Decimal(value) / HUNDRED,
            self.unit,
            "%",
            self.base,
            Decimal(value),
        )

    def bounds(self) -> list[tuple[str | None, Decimal, Decimal]]:
        return [(None, self.lo, self.hi)]


@dataclass(frozen=True, slots=True)
class SwitchAmount:
    cases: tuple[tuple[str, Condition, Shape], ...]

    def resolve(self, facts: Mapping[str, Any], item: str, case: str | None = None) -> Scale:
        held = [(case_id, shape) for case_id, cond, shape in self.cases if cond(facts)]
        if len(held) != 1:
            names = [c for c, _ in held]
            if not held:
                raise LevelGapError(
                    "罚款幅度分支缺失：没有分支适用于这些事实 / "
                    "no branch of the amount switch holds for these facts (罚款幅度分支缺失)",
                    item=item,
                )
            raise LevelConflictError(
                f"罚款幅度分支重叠：{names} 同时适用 / "
                f"branches {names} of the amount switch all hold (罚款幅度分支重叠)",
                item=item,
            )
        case_id, shape = held[0]
        # The branch's shape builds the scale with the branch id (an enclosing switch's, when
        # this switch is itself a branch), so that no second Scale is built to relabel it.
        return shape.resolve(facts, item, case if case is not None else case_id)

    def bounds(self) -> list[tuple[str | None, Decimal, Decimal]]:
        out: list[tuple[str | None, Decimal, Decimal]] = []
        for case_id, _cond, shape in self.cases:
            out.extend((case_id, lo, hi) for _c, lo, hi in shape.bounds())
        return out


# -- bands --------------------------------------------------------------------------------------


class Band(Protocol):
    def place(
        self, scale: Scale, facts: Mapping[str, Any], item: str
    ) -> tuple[Decimal, Decimal, tuple[tuple[str, Any], ...]]: ...


@dataclass(frozen=True, slots=True)
class FullBand:
    """No band: the whole statutory range."""

    def place(
        self, scale: Scale, facts: Mapping[str, Any], item: str
    ) -> tuple[Decimal, Decimal, tuple[tuple[str, Any], ...]]:
        return scale.lo, scale.hi, (("band", "full"),)


@dataclass(frozen=True, slots=True)
class ExplicitBand:
    """An explicit sub-range on the scale the band was written for (``ref_lo``–``ref_hi``)."""

    lo: Decimal
    hi: Decimal
    ref_lo: Decimal
    ref_hi: Decimal

    def place(
        self, scale: Scale, facts: Mapping[str, Any], item: str
    ) -> tuple[Decimal, Decimal, tuple[tuple[str, Any], ...]]:
        if not scale.fallback:
            return self.lo, self.hi, (("band", "explicit"),)
        # The case fell back to another range (e.g. 没有违法所得): keep the band's share of it.
        span = self.ref_hi - self.ref_lo
        a = (self.lo - self.ref_lo) / span if span else ZERO
        b = (self.hi - self.ref_lo) / span if span else ONE
        width = scale.hi - scale.lo
        return (
            scale.lo + width * a,
            scale.lo + width * b,
            (("band", "explicit_share"), ("share", (a * HUNDRED, b * HUNDRED))),
        )


@dataclass(frozen=True, slots=True)
class PercentBand:
    """A share of [min, max]: ``lo``% to ``hi``% of the way from the minimum to the maximum."""

    lo: Decimal
    hi: Decimal

    def place(
        self, scale: Scale, facts: Mapping[str, Any], item: str
    ) -> tuple[Decimal, Decimal, tuple[tuple[str, Any], ...]]:
        width = scale.hi - scale.lo
        return (
            scale.lo + width * self.lo / HUNDRED,
            scale.lo + width * self.hi / HUNDRED,
            (("band", "percent"), ("share", (self.lo, self.hi))),
        )


@dataclass(frozen=True, slots=True)
class OfMaxBand:
    """The maximum-only rule: ``lo``% to ``hi``% of the statutory maximum, never below the minimum."""

    lo: Decimal
    hi: Decimal

    def place(
        self, scale: Scale, facts: Mapping[str, Any], item: str
    ) -> tuple[Decimal, Decimal, tuple[tuple[str, Any], ...]]:
        lo = max(scale.lo, scale.hi * self.lo / HUNDRED)
        hi = max(scale.lo, scale.hi * self.hi / HUNDRED)
        return lo, hi, (("band", "of_max"), ("share", (self.lo, self.hi)))


@dataclass(frozen=True, slots=True)
class FactorBand:
    """Factor-percentage sum: Σ(percent of the option that holds) × maximum, raised to the minimum."""

    factors: tuple[tuple[str, str, tuple[tuple[Condition, Decimal, str], ...]], ...]

    def place(
        self, scale: Scale, facts: Mapping[str, Any], item: str
    ) -> tuple[Decimal, Decimal, tuple[tuple[str, Any], ...]]:
        total = ZERO
        chosen: list[tuple[str, str, Decimal]] = []
        for factor_id, label, options in self.factors:
            held = [(pct, text) for cond, pct, text in options if cond(facts)]
            if len(held) != 1:
                error = LevelGapError if not held else LevelConflictError
                raise error(
                    f"factor {factor_id!r} ({label}): {len(held)} options hold, expected exactly one",
                    item=item,
                )
            total += held[0][0]
            chosen.append((label, held[0][1], held[0][0]))
        product = scale.hi * total / HUNDRED
        point = min(scale.hi, max(scale.lo, product))
        # Both steps are kept: the sum times the maximum, then the raise to the minimum.
        return (
            point,
            point,
            (
                ("band", "factors"),
                ("factors", tuple(chosen)),
                ("total", total),
                ("product", product),
                ("raised", product < scale.lo),
            ),
        )


@dataclass(frozen=True, slots=True)
class CaseBand:
    """One band per branch of a switching range (单位 / 个人; 货值 < 1万 / ≥ 1万)."""

    cases: Mapping[str, Band]

    def place(
        self, scale: Scale, facts: Mapping[str, Any], item: str
    ) -> tuple[Decimal, Decimal, tuple[tuple[str, Any], ...]]:
        band = self.cases.get(scale.case or "")
        if band is None:
            return FullBand().place(scale, facts, item)
        return band.place(scale, facts, item)


# -- adjustment and rounding -------------------------------------------------------------------


def adjust(
    lo: Decimal,
    hi: Decimal,
    net: int,
    mitigate_share: Decimal,
    aggravate_share: Decimal,
) -> tuple[Decimal, Decimal, str]:
    """Move a band by the net of circumstances: negative 从轻, positive 从重, zero unchanged."""
    width = hi - lo
    if net < 0:
        return lo, lo + width * mitigate_share / HUNDRED, "mitigate"
    if net > 0:
        return hi - width * aggravate_share / HUNDRED, hi, "aggravate"
    return lo, hi, "none"


def reduce_range(scale: Scale, reduce_floor: Decimal) -> tuple[Decimal, Decimal]:
    """The 减轻 range on the scale: from ``reduce_floor``% of the minimum up to the minimum."""
    return scale.lo * reduce_floor / HUNDRED, scale.lo


def quantum_of(unit: str) -> str:
    """How an amount in ``unit`` is rounded: ``fen`` (元), ``cent`` (another currency: its
    hundredth) or ``whole`` (days, months, pieces). The one rounding policy, named for the note."""
    if unit == "元":
        return "fen"
    if unit.endswith("元") or unit in _CURRENCIES:
        return "cent"
    return "whole"


_CURRENCIES = frozenset({"美元", "欧元", "日元", "港元", "英镑", "澳门元", "新台币"})


def to_amount(
    scale: Scale, lo: Decimal, hi: Decimal, reduced: bool
) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """Scale points to rounded amounts, clamped to the statute: (min, max, stat_min, stat_max)."""
    quantum = _WHOLE if quantum_of(scale.unit) == "whole" else _FEN
    stat_lo = (scale.lo * scale.factor).quantize(quantum, rounding=ROUND_CEILING)
    stat_hi = (scale.hi * scale.factor).quantize(quantum, rounding=ROUND_FLOOR)
    low = (lo * scale.factor).quantize(quantum, rounding=ROUND_CEILING)
    high = (hi * scale.factor).quantize(quantum, rounding=ROUND_FLOOR)
    high = min(high, stat_hi)  # nothing ever exceeds the statutory maximum
    if not reduced:
        low = max(low, stat_lo)
    if low > high:
        low = high
    return _tidy(low), _tidy(high), _tidy(stat_lo), _tidy(stat_hi)


def _tidy(value: Decimal) -> Decimal:
    """Drop trailing zero fen: 50000.00 → 50000, 12.50 → 12.5."""
    if value == value.to_integral_value():
        return value.quantize(_WHOLE)
    return value.normalize()


def to_minor(scale: Scale, lo: Decimal, hi: Decimal, reduced: bool) -> tuple[int, int, int, int]:
    """:func:`to_amount` in exact integers of the smallest unit (:func:`quantum_of` the unit).

    The same rounding (lower bounds up, upper bounds down) and the same clamping; the compiled
    path keeps its ranges in these integers and :func:`from_minor` gives back the very Decimal
    :func:`to_amount` returns.
    """
    places = 0 if quantum_of(scale.unit) == "whole" else 2
    factor = scale.factor
    stat_lo = int((scale.lo * factor).scaleb(places).to_integral_value(ROUND_CEILING))
    stat_hi = int((scale.hi * factor).scaleb(places).to_integral_value(ROUND_FLOOR))
    low = int((lo * factor).scaleb(places).to_integral_value(ROUND_CEILING))
    high = int((hi * factor).scaleb(places).to_integral_value(ROUND_FLOOR))
    high = min(high, stat_hi)  # nothing ever exceeds the statutory maximum
    if not reduced:
        low = max(low, stat_lo)
    if low > high:
        low = high
    return low, high, stat_lo, stat_hi


def from_minor(value: int, unit: str) -> Decimal:
    """An amount in the smallest unit as :func:`to_amount` writes it: 5000000 fen → 50000,
    1250 fen → 12.5 (an exact division keeps the smallest exponent that represents it)."""
    if quantum_of(unit) != "whole":
        return Decimal(value) / HUNDRED
    return Decimal(value)
