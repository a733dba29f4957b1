"""Each penalty measured: statutory range, level band, circumstance adjustment, rounding and clamping."""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction
from typing import Any

from ..compile._after import CompiledSum, apply_after
from ..compile._amounts import Scale, adjust, reduce_range, to_amount
from ..compile._amounts2 import NONE_FOUND, NONE_FOUND_SOURCE, none_found
from ..compile._modes import not_allowed
from ..compile._records import CompiledClause, CompiledLevel
from ._result import (
    Penalty,
    StepRecord,
)
from ._stage_modes import group_steps, not_allowed_step
from ._stage_open import measure_open, open_penalty
from ._state import State

# Clause modes that a level cannot leave out without 减轻 (并处 and a required single penalty).
_MANDATORY = frozenset({"required", "combined"})


class MeasureStage(State):
    """Each penalty measured: statutory range, level band, circumstance adjustment, rounding and clamping."""

    __slots__ = ()

    def penalties(
        self, level: CompiledLevel, net: int, reduce: bool, stage: str
    ) -> tuple[list[Penalty], list[Penalty]]:
        imposed: list[Penalty] = []
        optional: list[Penalty] = []
        # The other parties' clauses (双罚制) are measured by _stage_parties, each for its party.
        others = {c for p in self.item.parties for c in p.clauses} if self.item.parties else ()
        for clause, rule in zip(self.item.clauses, self.item.clause_rules, strict=True):
            if others and clause.id in others:
                continue
            if clause.levels is not None and level.id not in clause.levels:
                if stage == "penalty":
                    self.steps.append(
                        (
                            "penalty",
                            rule,
                            clause.off_level_test,
                            (),
                            "not_at_level",
                            clause.sources,
                            (*clause.off_level_head, ("level", level.label)),
                        )
                    )
                continue
            if clause.when is not None and not clause.when(self.facts):
                if stage == "penalty":
                    self.steps.append(
                        (
                            "penalty",
                            rule,
                            clause.when.source,
                            clause.when.reads,
                            "not_applicable",
                            clause.sources,
                            clause.labels,
                        )
                    )
                continue
            if self.drop is not None and clause.kind == "fine":
                if stage == "penalty":
                    self.steps.append(self.drop)
                continue
            chosen = clause.mode in _MANDATORY or clause.id in level.impose
            if not chosen and not_allowed(clause, level):
                # 单处或者并处: the level's may_add leaves this member out (format 2)
                if stage == "penalty":
                    self.steps.append(not_allowed_step(rule, clause, level))
                continue
            penalty = self.measure(clause, rule, level, net, reduce, chosen, stage)
            if none_found(self.steps, rule):
                continue  # nothing to confiscate: in neither list, its step says so
            # A branch's own mode (format 2) may make the clause mandatory or optional here, so
            # the measured penalty says whether it is imposed.
            if penalty.imposed:
                imposed.append(penalty)
            else:
                optional.append(penalty)
        if stage == "penalty" and self.item.needs_reference:
            self.steps.extend(group_steps(self.item, level, imposed, optional))
        return imposed, optional

    def measure(
        self,
        clause: CompiledClause,
        rule: str,
        level: CompiledLevel,
        net: int,
        reduce: bool,
        chosen: bool,
        stage: str,
    ) -> Penalty:
        reads = clause.when.reads if clause.when else ()
        outcome = "imposed" if chosen else "optional"
        head = clause.head
        if clause.amount is None:
            if stage == "penalty":
                self.steps.append((stage, rule, clause.mode, reads, outcome, clause.sources, head))
            return Penalty.of(clause, imposed=chosen)
        scale = clause.amount.resolve(self.facts, self.item.code)
        if clause.case_modes and scale.case is not None and scale.case in clause.case_modes:
            # The branch taken gives the clause its own mode (并处 here, 可以并处 there).
            clause = replace(clause, mode=clause.case_modes[scale.case])
            chosen = clause.mode in _MANDATORY or clause.id in level.impose
            outcome = "imposed" if chosen else "optional"
            head = clause.head
        # A switch branch that cites its own provision (format 2): its step cites that.
        sources = clause.case_sources.get(scale.case or "", clause.sources)
        detail: list[tuple[str, Any]] = [*head, *_scale_detail(scale)]
        if scale.case is not None and scale.case in clause.case_labels:
            case_zh, case_en = clause.case_labels[scale.case]
            detail += [("case_label", case_zh), ("case_label_en", case_en)]
        if scale.shape == "equals":
            # An amount equal to a fact (没收违法所得 X 元): no band, no circumstance, no 减轻.
            lo, hi = scale.lo, scale.hi
            detail.append(("band", "equals"))
            amin, amax, smin, smax = to_amount(scale, lo, hi, False)
            detail += [("range", (amin, amax)), ("statutory", (smin, smax))]
            if amax == 0:
                # Nothing found (没有违法所得): not "没收违法所得 0 元" — the clause is not imposed,
                # and the step says why (APL Art. 28 ¶2 confiscates gains the party has).
                return self._none_found(clause, rule, reads, sources, detail, scale, stage)
            step = (stage, rule, clause.mode, reads, outcome, sources, tuple(detail))
            return self._measured(clause, step, scale, (amin, amax, smin, smax), False, chosen)
        if scale.shape == "set_by":
            # 罚款数额由省、自治区、直辖市人民政府规定 (format 2): who sets it, and no figure
            detail.append(("band", "set_by"))
            self.steps.append((stage, rule, clause.mode, reads, outcome, sources, tuple(detail)))
            return Penalty.of(clause, unit=scale.unit, imposed=chosen)
        if scale.shape == "at_least":
            # 处五万元以上罚款 (format 2): no maximum is ever invented
            low, high, stat_lo, reduced_open, detail = measure_open(
                self.item, clause, level, net, reduce, scale, detail
            )
            self.steps.append((stage, rule, clause.mode, reads, outcome, sources, tuple(detail)))
            return open_penalty(clause, scale, (low, high, stat_lo), reduced_open, chosen)
        point = self.item.point if clause.primary else None
        if clause.primary:
            banded = level
            if point is not None:
                banded, moved = point.target(self.item.levels, level, self.facts)
                if stage == "penalty":
                    self.steps.extend(_move_step(rule, m, level, banded) for m in moved)
            lo, hi, band_detail = banded.band.place(scale, self.facts, self.item.code)
            detail += [("level", banded.label), *band_detail, ("band_range", (lo, hi))]
        else:
            lo, hi = scale.lo, scale.hi
            detail.append(("band", "full"))
        reduced = False
        adj = self.item.adjustment
        if reduce:
            lo, hi = reduce_range(scale, adj.reduce_floor)
            reduced = True
            detail += [("adjust", "reduce"), ("reduce_floor", adj.reduce_floor)]
        elif clause.primary:
            lo, hi, how = adjust(lo, hi, net, adj.mitigate_share, adj.aggravate_share)
            share = adj.mitigate_share if how == "mitigate" else adj.aggravate_share
            detail += [("adjust", how), ("adjust_share", share)]
        if point is not None and not reduced:
            lo, hi = self.place_point(point, rule, scale, (banded.id, lo, hi), stage)
            detail += [("point", lo)] if lo == hi else [("point_range", (lo, hi))]
        amin, amax, smin, smax = to_amount(scale, lo, hi, reduced)
        if clause.primary and self.item.after:
            amin, amax = self.after_banding(rule, scale.unit, amin, amax, smin, smax, stage)
            reduced = reduced or amin < smin
            detail.append(("after_banding", True))
        detail += [("range", (amin, amax)), ("statutory", (smin, smax))]
        if reduced and amax == 0:
            # 减轻 below a statutory minimum of zero is no fine at all (a lighter kind or none),
            # never "a fine of 0": the clause is not imposed, and its step says so.
            self.steps.append(
                (
                    stage,
                    rule,
                    clause.mode,
                    reads,
                    "reduced_to_none",
                    sources,
                    (*detail, ("reduced_to_none", True)),
                )
            )
            return _not_imposed(clause, scale.unit, smin, smax, reduced=True)
        step = (stage, rule, clause.mode, reads, outcome, sources, tuple(detail))
        return self._measured(clause, step, scale, (amin, amax, smin, smax), reduced, chosen)

    def _none_found(
        self,
        clause: CompiledClause,
        rule: str,
        reads: tuple[str, ...],
        sources: tuple[Any, ...],
        detail: list[tuple[str, Any]],
        scale: Scale,
        stage: str,
    ) -> Penalty:
        """An amount equal to a fact that is zero: the step ``none_found``, citing Art. 28 ¶2."""
        if scale.base and scale.base not in reads:
            reads = (*reads, str(scale.base))
        cited = (*sources, *(s for s in (NONE_FOUND_SOURCE,) if s not in sources))
        step = (stage, rule, clause.mode, reads, NONE_FOUND, cited, (*detail, (NONE_FOUND, True)))
        self.steps.append(step)
        return _not_imposed(clause, scale.unit, None, None, reduced=False)

    def _measured(
        self,
        clause: Any,
        step: tuple[Any, ...],
        scale: Scale,
        amounts: tuple[Any, Any, Any, Any],
        reduced: bool,
        chosen: bool,
    ) -> Penalty:
        """The clause's step recorded (its base fact among what it reads) and its penalty."""
        stage, rule, mode, reads, outcome, sources, detail = step
        if scale.base and scale.base not in reads:
            reads = (*reads, str(scale.base))
        self.steps.append((stage, rule, mode, reads, outcome, sources, detail))
        amin, amax, smin, smax = amounts
        return Penalty.of(
            clause,
            min=amin,
            max=amax,
            unit=scale.unit,
            statutory_min=smin,
            statutory_max=smax,
            reduced=reduced,
            imposed=chosen,
        )

    def place_point(
        self,
        point: Any,
        rule: str,
        scale: Scale,
        band: tuple[str, Decimal, Decimal],
        stage: str,
    ) -> tuple[Decimal, Decimal]:
        """The point (or start range) inside the band (``compile._point``), its moves and its step
        recorded."""
        level, lo, hi = band
        ranged = point.locate_range(level, lo, hi, self.facts)
        if ranged is not None:
            at_lo, at_hi, share, held = ranged
            used = share
        else:
            at_lo, share, used, held = point.locate(lo, hi, self.facts)
            at_hi = at_lo
        reads: list[str] = []
        for move in held:
            reads += [n for n in move.when.reads if n not in reads]
            if stage == "penalty":
                self.steps.append(
                    (
                        "point",
                        f"{rule}/point/{move.id}",
                        move.when.source,
                        move.when.reads,
                        True,
                        move.sources,
                        (("label", move.label), ("label_en", move.label_en), ("by", move.by)),
                    )
                )
        amount, amount_hi, _smin, _smax = to_amount(scale, at_lo, at_hi, False)
        if stage == "penalty":
            start: Any = point.starts[level] if ranged is not None else point.start
            self.steps.append(
                (
                    "point",
                    f"{rule}/point",
                    "start + moves, clamped to the band",
                    tuple(reads),
                    "placed",
                    point.sources,
                    (
                        ("label", point.label),
                        ("label_en", point.label_en),
                        ("start", start),
                        ("start_range", ranged is not None),
                        ("moves", tuple((m.id, m.label, m.by) for m in held)),
                        ("share", share),
                        ("share_used", used),
                        ("band_range", (lo, hi)),
                        ("unit", scale.unit),
                        ("point", amount),
                        ("point_range", (amount, amount_hi)),
                    ),
                )
            )
        return at_lo, at_hi

    def after_banding(
        self,
        rule: str,
        unit: str,
        lo: Decimal,
        hi: Decimal,
        stat_lo: Decimal,
        stat_hi: Decimal,
        stage: str,
    ) -> tuple[Decimal, Decimal]:
        """The measured range after the item's adjustments (``compile._after``), each recorded."""
        new_lo, new_hi, results = apply_after(self.item.after, self.facts, lo, hi, stat_lo, stat_hi)
        if stage != "penalty":
            return new_lo, new_hi
        applied = {id(r.step): r for r in results}
        for step in self.item.after:
            summed = isinstance(step, CompiledSum)
            head: tuple[tuple[str, Any], ...] = (
                ("label", step.label),
                ("label_en", step.label_en),
                ("rounding", step.rounding),
                ("unit", unit),
            )
            if summed:
                head += (
                    ("combine", "sum"),
                    (
                        "members",
                        tuple((f.id, f.label, f.label_en, f.change, f.shown) for f in step.factors),
                    ),
                )
                test = " or ".join(f"({f.when.source})" for f in step.factors)
                reads = tuple(dict.fromkeys(n for f in step.factors for n in f.when.reads))
            else:
                head += (("change", step.change), ("share", step.shown))
                test, reads = step.when.source, step.when.reads
            r = applied.get(id(step))
            if r is None:
                self.steps.append(
                    (
                        "after",
                        f"{rule}/after/{step.id}",
                        test,
                        reads,
                        "not_applicable",
                        step.sources,
                        head,
                    )
                )
                continue
            sources = step.sources
            extra: tuple[tuple[str, Any], ...] = (("below_minimum", _below(step, r)),)
            if summed and r.net is not None:
                sources = (*sources, *(s for f in r.held for s in f.sources if s not in sources))
                extra = (
                    ("held", tuple(f.id for f in r.held)),
                    ("net", tuple(_signed_text(v) for v in r.net)),
                    *extra,
                )
            self.steps.append(
                (
                    "after",
                    f"{rule}/after/{step.id}",
                    test,
                    reads,
                    "applied",
                    sources,
                    (
                        *head,
                        ("factors", _factors(r)),
                        ("before", r.before),
                        ("exact", tuple(_shown_exact(v) for v in r.exact)),
                        ("rounded", r.rounded),
                        ("after", r.after),
                        ("clamped", r.clamped),
                        ("statutory", (stat_lo, stat_hi)),
                        *extra,
                    ),
                )
            )
        return new_lo, new_hi

    # -- 7 procedure ---------------------------------------------------------------------------


def _not_imposed(
    clause: CompiledClause,
    unit: str,
    stat_min: Decimal | None,
    stat_max: Decimal | None,
    *,
    reduced: bool,
) -> Penalty:
    """A clause measured to no amount (减轻 to nothing, or no gains found): not imposed."""
    return Penalty.of(
        clause,
        unit=unit,
        statutory_min=stat_min,
        statutory_max=stat_max,
        reduced=reduced,
        imposed=False,
    )


def _factors(r: Any) -> tuple[str, str]:
    """The factors the lower and the upper end are multiplied by, as exact decimals or fractions."""
    step = r.step
    if r.net is not None:
        pair = (max(Fraction(0), 1 + r.net[0]), max(Fraction(0), 1 + r.net[1]))
    elif step.change == "reduce":
        pair = (1 - step.high, 1 - step.low)
    else:
        pair = (1 + step.low, 1 + step.high)
    return (_fraction_text(pair[0]), _fraction_text(pair[1]))


def _below(step: Any, r: Any) -> bool:
    """Whether the step that applied may go below the statutory minimum (a cited 减轻)."""
    if isinstance(step, CompiledSum):
        return any(f.below_minimum for f in r.held)
    return bool(step.below_minimum)


def _signed_text(value: Fraction) -> str:
    """A signed share as a percentage where it is one (−30%, +40%), else as a fraction."""
    pct = value * 100
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    if pct.denominator == 1:
        return f"{sign}{abs(pct.numerator)}%"
    return f"{sign}{_fraction_text(abs(value))}"


def _fraction_text(value: Fraction) -> str:
    """A fraction as a finite decimal where it has one (0.7), else as n/d (2/3)."""
    den = value.denominator
    while den % 2 == 0:
        den //= 2
    while den % 5 == 0:
        den //= 5
    if den == 1:
        return str(Decimal(value.numerator) / Decimal(value.denominator))
    return f"{value.numerator}/{value.denominator}"


def _shown_exact(value: Fraction) -> str:
    """An exact product: its finite decimal, or four decimals and an ellipsis (1666.6666…)."""
    text = _fraction_text(value)
    if "/" not in text:
        exact = Decimal(text)
        integral = exact == exact.to_integral_value()
        return str(exact.quantize(Decimal(1)) if integral else exact.normalize())
    quotient = Decimal(value.numerator) / Decimal(value.denominator)
    approx = quotient.quantize(Decimal("0.0001"), rounding=ROUND_DOWN)  # truncated, then "…"
    return f"{approx}…"


def _scale_detail(scale: Scale) -> tuple[tuple[str, Any], ...]:
    return (
        ("shape", scale.shape),
        ("case", scale.case),
        ("scale", (scale.lo, scale.hi)),
        ("scale_unit", scale.scale_unit),
        ("unit", scale.unit),
        ("base", scale.base),
        ("base_value", scale.base_value),
        ("fallback", scale.fallback),
        ("below", scale.below),
        *scale.extra,
    )


def _move_step(rule: str, move: Any, level: CompiledLevel, banded: CompiledLevel) -> StepRecord:
    """A move to the next level's band, with its factor and source."""
    return (
        "point",
        f"{rule}/point/{move.id}",
        move.when.source,
        move.when.reads,
        True,
        move.sources,
        (
            ("label", move.label),
            ("label_en", move.label_en),
            ("to", move.to),
            ("from_level", level.label),
            ("to_level", banded.label),
        ),
    )
