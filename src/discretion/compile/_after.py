"""Compiling adjustments after banding (裁量后的比例调整, issue 20 point 5), and applying them.

Enters: an item's ``after_banding`` steps (:class:`discretion.format._after.AfterBanding`). The loader
checks each condition against the item's facts, the ids for duplicates, and that the item has a
primary clause with an amount for the steps to change. Leaves: :class:`CompiledAfter` steps, which
the reference pipeline applies to the primary clause's measured range (``decide._stage_measure``),
after the level, the circumstances and any point:

1. the steps whose condition holds apply in the order written, each to the result of the one
   before: a reduction by the share range [a, b] takes [lo, hi] to [lo × (1 − b), hi × (1 − a)],
   an increase to [lo × (1 + a), hi × (1 + b)] — computed exactly, as fractions;
2. each result is rounded as the step says (to the fen or the yuan), the lower end up and the
   upper end down, so it never leaves the exact result;
3. the upper end never exceeds the statutory maximum, and the lower end stays at or above the
   statutory minimum unless the step may go below it (a 减轻 the law allows, cited in the step) —
   or, once an earlier step has lawfully gone below it, at or above where that step left it.

A summed step (:class:`CompiledSum`, 同向相加、逆向相减) adds the shares of its factors that hold —
increases positive, reductions negative, ranges end to end — and applies the net share once:
[lo, hi] becomes [lo × (1 + net_low), hi × (1 + net_high)], never below zero, rounded and clamped
as above; it may go below the minimum only when a factor that holds says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from fractions import Fraction
from typing import Any

from ..format._after import AfterStep, AfterSum, ShareRange, parse_share
from ._amounts import SwitchAmount
from ._amounts3 import AtLeastAmount, SetByAmount
from ._conditions import Condition
from ._items_scope import ItemScope
from ._records import CompiledClause, Source

__all__ = [
    "AfterResult",
    "CompiledAfter",
    "CompiledFactor",
    "CompiledSum",
    "apply_after",
    "compile_after",
]

_QUANTUM = {"fen": Decimal("0.01"), "yuan": Decimal(1), "unit": Decimal(1)}


@dataclass(frozen=True, slots=True)
class CompiledAfter:
    """One change after banding: its ground, condition, direction, shares, rounding and sources."""

    id: str
    label: str
    label_en: str
    when: Condition
    change: str  # reduce | increase
    low: Fraction  # the share range [low, high]; a single share has low == high
    high: Fraction
    shown: str  # the share as the rule wrote it: "1/3", "30%–50%"
    below_minimum: bool
    rounding: str  # fen | yuan | unit
    sources: tuple[Source, ...]

    def holds(self, facts: Mapping[str, Any]) -> bool:
        return bool(self.when(facts))

    def conditions(self) -> tuple[Condition, ...]:
        return (self.when,)


@dataclass(frozen=True, slots=True)
class CompiledFactor:
    """One factor of a summed step: its ground, condition, signed share range and sources."""

    id: str
    label: str
    label_en: str
    when: Condition
    change: str  # reduce | increase
    low: Fraction
    high: Fraction
    shown: str
    below_minimum: bool
    sources: tuple[Source, ...]

    @property
    def signed(self) -> tuple[Fraction, Fraction]:
        """The share range with its sign: a reduction by [a, b] is [−b, −a]."""
        return (-self.high, -self.low) if self.change == "reduce" else (self.low, self.high)


@dataclass(frozen=True, slots=True)
class CompiledSum:
    """Factors whose shares are added (同向相加、逆向相减) and applied once."""

    id: str
    label: str
    label_en: str
    factors: tuple[CompiledFactor, ...]
    rounding: str
    sources: tuple[Source, ...]

    def holds(self, facts: Mapping[str, Any]) -> bool:
        return any(f.when(facts) for f in self.factors)

    def conditions(self) -> tuple[Condition, ...]:
        return tuple(f.when for f in self.factors)


@dataclass(frozen=True, slots=True)
class AfterResult:
    """One step applied: the range before and after, exact and rounded, and any clamp."""

    step: CompiledAfter | CompiledSum
    before: tuple[Decimal, Decimal]
    exact: tuple[Fraction, Fraction]
    after: tuple[Decimal, Decimal]
    clamped: str | None  # None, "maximum" or "minimum"
    held: tuple[CompiledFactor, ...] = ()  # a summed step's factors that hold
    net: tuple[Fraction, Fraction] | None = None  # a summed step's net signed share range
    rounded: tuple[Decimal, Decimal] | None = None  # the rounded range, before any clamp


def compile_after(
    scope: ItemScope, steps: list[AfterStep], primary: CompiledClause | None
) -> tuple[CompiledAfter | CompiledSum, ...]:
    """The compiled steps; problems are reported through ``scope``."""
    base = (*scope.base, "after_banding")
    if primary is None or primary.amount is None:
        scope.fail(
            "写了裁量后的比例调整（after_banding），但该事项没有带数额的主处罚条款：请删除 "
            "after_banding 或添加带数额的条款 / the item has 'after_banding' but no primary clause "
            "with an amount to change",
            base,
        )
    elif _unbounded(primary.amount):
        scope.fail(
            "裁量后的比例调整（after_banding）只能用于有上下限的罚款：主处罚条款的数额没有上限（以上）"
            "或由其他机关规定 / 'after_banding' needs a fine with both bounds; the primary clause's "
            "amount has no maximum or is set by another body",
            base,
        )
    seen: set[str] = set()
    out: list[CompiledAfter | CompiledSum] = []
    for index, step in enumerate(steps):
        path = (*base, index)
        _claim(scope, seen, step.id, path)
        if isinstance(step, AfterSum):
            out.append(_compile_sum(scope, step, path, seen))
            continue
        low, high, shown = _shares(step.by)
        out.append(
            CompiledAfter(
                step.id,
                step.label,
                step.label_en or step.id,
                scope.cond(step.when, (*path, "when")),
                step.change,
                low,
                high,
                shown,
                step.below_minimum,
                step.rounding,
                scope.sources(step.citation, scope.laws, (*path, "citation")),
            )
        )
    return tuple(out)


def _claim(scope: ItemScope, seen: set[str], ident: str, path: tuple[int | str, ...]) -> None:
    """Record a step's or a factor's id; one used twice is reported at its ``id``."""
    if ident in seen:
        scope.fail(
            f"比例调整 id {ident!r} 重复，请改用另一个 id / after_banding id {ident!r} is used twice",
            (*path, "id"),
        )
    seen.add(ident)


def _compile_sum(
    scope: ItemScope, step: AfterSum, path: tuple[int | str, ...], seen: set[str]
) -> CompiledSum:
    factors = []
    for fi, factor in enumerate(step.factors):
        fpath = (*path, "factors", fi)
        _claim(scope, seen, factor.id, fpath)
        low, high, shown = _shares(factor.by)
        factors.append(
            CompiledFactor(
                factor.id,
                factor.label,
                factor.label_en or factor.id,
                scope.cond(factor.when, (*fpath, "when")),
                factor.change,
                low,
                high,
                shown,
                factor.below_minimum,
                scope.sources(factor.citation, scope.laws, (*fpath, "citation")),
            )
        )
    return CompiledSum(
        step.id,
        step.label,
        step.label_en or step.id,
        tuple(factors),
        step.rounding,
        scope.sources(step.citation, scope.laws, (*path, "citation")),
    )


def _shares(by: Any) -> tuple[Fraction, Fraction, str]:
    if isinstance(by, ShareRange):
        return parse_share(by.min), parse_share(by.max), f"{_written(by.min)}–{_written(by.max)}"
    share = parse_share(by)
    return share, share, _written(by)


def _unbounded(shape: Any) -> bool:
    """An amount with no maximum (以上) or no figure (set by another body), in any branch."""
    if isinstance(shape, (AtLeastAmount, SetByAmount)):
        return True
    if isinstance(shape, SwitchAmount):
        return any(_unbounded(inner) for _id, _cond, inner in shape.cases)
    return False


def _written(share: str | Decimal) -> str:
    return str(share).strip()


def apply_after(
    steps: tuple[CompiledAfter | CompiledSum, ...],
    facts: Mapping[str, Any],
    lo: Decimal,
    hi: Decimal,
    stat_lo: Decimal,
    stat_hi: Decimal,
) -> tuple[Decimal, Decimal, list[AfterResult]]:
    """The range after every step that holds, and what each step did."""
    results = []
    for step in steps:
        held: tuple[CompiledFactor, ...] = ()
        net = None
        if isinstance(step, CompiledSum):
            held = tuple(f for f in step.factors if f.when(facts))
            if not held:
                continue
            net = (
                sum((f.signed[0] for f in held), Fraction(0)),
                sum((f.signed[1] for f in held), Fraction(0)),
            )
            exact = (
                Fraction(lo) * max(Fraction(0), 1 + net[0]),
                Fraction(hi) * max(Fraction(0), 1 + net[1]),
            )
            below = any(f.below_minimum for f in held)
        else:
            if not step.when(facts):
                continue
            if step.change == "reduce":
                exact = (Fraction(lo) * (1 - step.high), Fraction(hi) * (1 - step.low))
            else:
                exact = (Fraction(lo) * (1 + step.low), Fraction(hi) * (1 + step.high))
            below = step.below_minimum
        quantum = _QUANTUM[step.rounding]
        new_lo = _round(exact[0], quantum, ROUND_CEILING)
        new_hi = _round(exact[1], quantum, ROUND_FLOOR)
        rounded = (new_lo, new_hi)
        clamped = None
        if new_hi > stat_hi:
            new_hi, clamped = stat_hi, "maximum"
        if new_lo > new_hi:
            new_lo = new_hi
        # A step that may not go below the minimum keeps the lower end there — or where an earlier
        # step that could (a cited 减轻) already took it: it never raises it back.
        floor = min(stat_lo, lo)
        if not below and new_lo < floor:
            new_lo, new_hi, clamped = floor, max(new_hi, floor), "minimum"
        results.append(
            AfterResult(step, (lo, hi), exact, (new_lo, new_hi), clamped, held, net, rounded)
        )
        lo, hi = new_lo, new_hi
    return lo, hi, results


def _round(value: Fraction, quantum: Decimal, rounding: str) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    # Decimal division is exact to 28 digits; the quantize below decides the direction at the
    # quantum, so a fraction such as 1/3 rounds as the rule says, never by the context.
    q = exact.quantize(quantum, rounding=rounding)
    if Fraction(q) < value and rounding == ROUND_CEILING:
        q += quantum
    if Fraction(q) > value and rounding == ROUND_FLOOR:
        q -= quantum
    return _tidy(q)


def _tidy(value: Decimal) -> Decimal:
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()
