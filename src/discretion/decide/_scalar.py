"""The compiled scalar path: one case of one item, decided by the item's generated code.

Each item gets a :class:`Program` the first time it is evaluated (kept on the compiled item): the
converter of each declared fact chosen once, the defaults converted once, and its conditions
generated as Python code objects from the checked condition trees (:mod:`discretion.compile._codegen`):
one function tests the no-penalty grounds, the levels and the circumstances in a single frame. A
case is validated on the facts it gives (the defaults are copied in), decided into a
:class:`~._record.DecisionRecord`, and the recommendation is built from that record.

The reference pipeline (:mod:`._pipeline`) stays the reference: it decides and explains as it goes,
stage by stage. This path must give the same recommendation, steps included, for every item and
every case, errors too (``tests/test_three_paths.py``). Wherever a case is not the plain one — a
fact that does not convert, an unknown or missing fact — the reference validation runs, so the
error raised is the reference's own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from ..compile._amounts import (
    CaseBand,
    ExplicitBand,
    FullBand,
    OfMaxBand,
    PercentBand,
    RangeAmount,
    adjust,
    from_minor,
    reduce_range,
    to_minor,
)
from ..compile._codegen import compile_tuple
from ..compile._facts import _DECIMAL_TYPES, _INT_TYPES, _NON_NEGATIVE, _UNSET, validate_facts
from ..compile._records import CompiledItem
from ..errors import CaseError, LevelConflictError, LevelGapError
from ..format._limits import MAX_MAGNITUDE
from ..format._vocabulary import HEARING_KINDS, UNSET
from ._record import (
    DROPPED,
    MEASURED,
    NOT_APPLICABLE,
    OFF_LEVEL,
    DecisionRecord,
    penalty_of,
    recommendation,
)
from ._result import AppliedCircumstance, Flags, Outcome, Recommendation, Step
from ._result import flags_of as _flags_of
from ._stage_gate import _add_years
from ._stage_procedure import YUAN

_MANDATORY = frozenset({"required", "combined"})
_SUMMARY_KINDS = frozenset({"warning", "fine"})
# The clause entries that carry nothing of the case: one shared tuple each.
_OFF = (OFF_LEVEL,)
_NA = (NOT_APPLICABLE,)
_DROP = (DROPPED,)
# What a clause is at one level (the plan of :meth:`Program.plan`).
_P_OFF, _P_PLAIN, _P_STATIC, _P_MEASURE = 0, 1, 2, 3
# Bands whose place on a fixed range reads no fact: their measurement is the same for every case
# of a level with the same direction of adjustment, and is kept once made (Program.plan).
_STATIC_BANDS = (FullBand, ExplicitBand, PercentBand, OfMaxBand)
# Circumstance kinds as small integers for the loop of ``decide``.
_KINDS = {"aggravate": 0, "mitigate": 1, "mitigate_or_reduce": 2}
_MAGNITUDE = int(MAX_MAGNITUDE)


class Program:
    """An item ready for the compiled path: converters, defaults, generated conditions, and what
    each level does with each clause — everything about the item that no case changes, worked out
    once (on the item's first evaluation)."""

    __slots__ = (
        "applied",
        "base",
        "bools",
        "circ_kinds",
        "clause_slots",
        "converters",
        "decimals",
        "enums",
        "exact",
        "ground_bars",
        "hearing_min",
        "integers",
        "item",
        "nc",
        "ng",
        "nl",
        "on_hearing",
        "period_slots",
        "plans",
        "prevails",
        "required",
        "review",
        "summary_max",
        "tests",
    )

    def __init__(self, item: CompiledItem) -> None:
        self.item = item
        self.converters: dict[str, Callable[[Any], Any]] = {}
        self.base: dict[str, Any] = {}
        # The plain case of each declared type, checked here without the converter's call: a
        # bool for a bool fact, one of the values for an enum, an int within the fact's bounds
        # for a number (the converter gives Decimal(value), or the int itself for count/days).
        bools: set[str] = set()
        enums: dict[str, frozenset[str]] = {}
        decimals: dict[str, tuple[int, int]] = {}
        integers: dict[str, tuple[int, int]] = {}
        required = []
        exact = True
        for name, fact in item.fields.items():
            self.converters[name] = fact.convert
            spec = fact.spec
            if fact.default is not _UNSET:
                self.base[name] = fact.default
            elif spec.default is not None:
                exact = False  # a default that does not convert: the reference reports it
            elif spec.required:
                required.append(name)
            else:
                self.base[name] = None
            kind = spec.type
            if kind == "bool":
                bools.add(name)
            elif kind in _DECIMAL_TYPES or kind in _INT_TYPES:
                (decimals if kind in _DECIMAL_TYPES else integers)[name] = _int_bounds(
                    spec.min, spec.max, kind in _NON_NEGATIVE
                )
            elif kind not in ("date",) and spec.values:
                enums[name] = frozenset(spec.values)
        self.bools = frozenset(bools)
        self.enums = enums
        self.decimals = decimals
        self.integers = integers
        self.required = tuple(required)
        self.exact = exact
        code = item.code
        # Every condition of the item in one generated function, tested at once on every case
        # (a condition is pure and never fails on validated facts: an optional fact without a
        # default is tested for presence first): the no-penalty grounds, the levels, the
        # circumstances, then the clauses' own conditions, the Art. 58 grounds and the
        # limitation periods' conditions, each at the slot noted here.
        conditions = (
            [g.when for g in item.grounds]
            + [lv.when for lv in item.levels]
            + [c.when for c in item.circumstances]
        )

        def slot(condition: Any) -> int:
            if condition is None:
                return -1
            conditions.append(condition)
            return len(conditions) - 1

        self.clause_slots = tuple(slot(c.when) for c in item.clauses)
        self.review = tuple(
            (i, slot(g.when), g.on_several_items)
            for i, g in enumerate(item.review_grounds)
            if g.when is not None or g.on_several_items
        )
        lim = item.limitation
        self.period_slots = tuple(slot(p[1]) for p in lim.periods) if lim is not None else ()
        self.tests = compile_tuple(conditions, item.fields, f"{code}/tests")
        self.ng = len(item.grounds)
        self.nl = len(item.levels)
        self.nc = len(item.circumstances)
        self.ground_bars = tuple(g.effect == "no_penalty" for g in item.grounds)
        self.circ_kinds = tuple(_KINDS.get(c.kind, 3) for c in item.circumstances)
        self.applied = tuple(
            AppliedCircumstance(c.id, c.kind, c.label, c.label_en, c.mandatory)
            for c in item.circumstances
        )
        self.prevails = item.adjustment.combine == "mitigation_prevails"
        self.plans = tuple(self.plan(level) for level in item.levels)
        proc = item.procedure
        assert proc is not None  # an item without one is needs_reference: never compiled here
        self.summary_max = proc.summary_fine_max or {}
        self.hearing_min = proc.hearing_fine_min or {}
        self.on_hearing = tuple(i for i, g in enumerate(item.review_grounds) if g.on_hearing)

    def plan(self, level: Any) -> tuple[tuple[Any, ...], ...]:
        """What a level does with each clause: ``(what, index, clause, when, chosen, kept)``,
        ``when`` the slot of the clause's condition in the tests (-1: none).

        ``what`` is off the level, no amount (``kept`` its entry and :class:`Penalty`, the same
        for every case), a fixed range whose band reads no fact (``kept`` a dict of the measured
        entry and penalty per direction of adjustment, filled on first use), or measured per case.
        """
        out: list[tuple[Any, ...]] = []
        for index, (clause, when) in enumerate(
            zip(self.item.clauses, self.clause_slots, strict=True)
        ):
            if clause.levels is not None and level.id not in clause.levels:
                out.append((_P_OFF, index, clause, -1, False, None))
                continue
            chosen = clause.mode in _MANDATORY or clause.id in level.impose
            if clause.amount is None:
                entry = (MEASURED, chosen, None)
                kept: Any = (entry, penalty_of(self.item, index, entry))
                out.append((_P_PLAIN, index, clause, when, chosen, kept))
            elif type(clause.amount) is RangeAmount and (
                not clause.primary or _static_band(level.band)
            ):
                out.append((_P_STATIC, index, clause, when, chosen, {}))
            else:
                out.append((_P_MEASURE, index, clause, when, chosen, None))
        return tuple(out)

    def __reduce__(self) -> tuple[Any, ...]:
        # Generated code does not pickle: a pickled item carries no program and builds it again.
        return (_no_program, ())

    def validate(self, facts: Mapping[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
        """The facts given, converted, over the converted defaults, and the names given (not
        ``None``, unsorted); any problem: the reference's validation, which raises its error."""
        item = self.item
        if not self.exact or type(facts) is not dict:
            return validate_facts(item.fields, facts, item.code), _given(facts)
        out = self.base.copy()
        converters = self.converters
        bools, enums, decimals, integers = self.bools, self.enums, self.decimals, self.integers
        blank = False
        try:
            for name, value in facts.items():
                t = type(value)
                if t is bool:
                    if name in bools:
                        out[name] = value
                        continue
                elif t is str:
                    allowed = enums.get(name)
                    if allowed is not None and value in allowed:
                        out[name] = value
                        continue
                elif t is int:
                    bounds = decimals.get(name)
                    if bounds is not None and bounds[0] <= value <= bounds[1]:
                        out[name] = Decimal(value)
                        continue
                    bounds = integers.get(name)
                    if bounds is not None and bounds[0] <= value <= bounds[1]:
                        out[name] = value
                        continue
                elif value is None:
                    converters[name]
                    blank = True
                    continue
                out[name] = converters[name](value)
        except Exception:
            return validate_facts(item.fields, facts, item.code), _given(facts)
        for name in self.required:
            if name not in out:
                return validate_facts(item.fields, facts, item.code), _given(facts)
        return out, (_given(facts) if blank else tuple(facts))


def _given(facts: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple([k for k in facts if facts[k] is not None])


def _int_bounds(low: Any, high: Any, non_negative: bool) -> tuple[int, int]:
    """The ints a number fact accepts as they are: within its bounds and the format's magnitude
    (:func:`~discretion.format._limits.check_int`: ≤ 10¹², which also bounds the bit length)."""
    lo, hi = -_MAGNITUDE, _MAGNITUDE
    if low is None and non_negative:
        low = 0
    if low is not None:
        lo = max(lo, int(Decimal(low).to_integral_value(ROUND_CEILING)))
    if high is not None:
        hi = min(hi, int(Decimal(high).to_integral_value(ROUND_FLOOR)))
    return lo, hi


def _static_band(band: Any) -> bool:
    if type(band) is CaseBand:
        return all(type(b) in _STATIC_BANDS for b in band.cases.values())
    return type(band) in _STATIC_BANDS


def _no_program() -> None:
    return None


def program(item: CompiledItem) -> Program:
    """The item's program, built on first use and kept on the (immutable) compiled item."""
    found: Program | None = item.program
    if found is None:
        found = Program(item)
        object.__setattr__(item, "program", found)  # a cache: derived from the item alone
    return found


def run(
    item: CompiledItem,
    facts: Mapping[str, Any],
    violation_date: dt.date | None,
    decision_date: dt.date | None,
    several: bool,
    drop: Step | None = None,
) -> Recommendation:
    """Validate, decide and build the recommendation of one case (the compiled counterpart of
    ``_engine._run`` over the reference pipeline)."""
    prog = item.program or program(item)
    values, given = prog.validate(facts)
    record = DecisionRecord(item, values, given)
    if several:
        record.several = several
    if drop is not None:
        record.drop = drop
    return decide(prog, record, violation_date, decision_date)


def decide(
    prog: Program,
    r: DecisionRecord,
    violation_date: dt.date | None,
    decision_date: dt.date | None,
) -> Recommendation:
    item = prog.item
    f = r.facts
    r.tests = tests = prog.tests(f)
    ng, nl = prog.ng, prog.nl
    # -- gate: grounds (Art. 30, 31, 33, 40) and limitation (Art. 36)
    barred: list[str] = []
    waivable: list[str] = []
    if ng and True in tests[:ng]:
        grounds = item.grounds
        for i, bars in enumerate(prog.ground_bars):
            if tests[i]:
                (barred if bars else waivable).append(grounds[i].id)
        r.waivable = tuple(waivable)
    if item.limitation is not None:
        r.limitation = lim = _limitation(item, f, tests, prog.period_slots)
        if lim[4]:
            barred.append("limitation")
    if barred:
        r.barred = tuple(barred)
        return recommendation(r, "no_penalty", (), Flags(), violation_date, decision_date)
    # -- level: exactly one must hold
    levels = tests[ng : ng + nl]
    if levels.count(True) != 1:
        _level_error(item, f, [j for j in range(nl) if levels[j]])
    r.level = j = levels.index(True)
    level = item.levels[j]
    # -- circumstances
    reduce = level.reduce
    offer: bool | None = None
    net = 0
    applied: tuple[AppliedCircumstance, ...] = ()
    base = ng + nl
    circs = tests[base : base + prog.nc]
    if True in circs:
        mitigating = aggravating = 0
        held = []
        kinds = prog.circ_kinds
        for i, holds in enumerate(circs):
            if not holds:
                continue
            kind = kinds[i]
            if kind == 0:
                aggravating += 1
            elif kind == 1:
                mitigating += 1
            elif kind == 2:
                mitigating += 1
                offer = bool(offer) or item.circumstances[i].mandatory
            else:
                reduce = True
            held.append(i)
        r.circumstances = tuple(held)
        applied = tuple([prog.applied[i] for i in held])
        if prog.prevails:
            net = -1 if mitigating else (1 if aggravating else 0)
        else:
            net = aggravating - mitigating
        r.net = net
    # -- penalties: decided into the record's entries; the Penalty objects (Decimal amounts)
    # are made when the recommendation's penalties are first read (_record.RecordTrace)
    plan = prog.plans[j]
    r.clauses, r.made = _penalties(plan, r, level, net, reduce)
    if offer is not None and not reduce:
        r.options, r.option_made = _penalties(plan, r, level, net, True)
        r.offer = offer
    flags = _procedure(prog, r)
    outcome: Outcome = ("may_waive" if waivable else "penalty") if r.imposed else "no_penalty"
    r.outcome = outcome
    return recommendation(r, outcome, applied, flags, violation_date, decision_date)


def _level_error(item: CompiledItem, f: Mapping[str, Any], held: list[int]) -> None:
    shown = ", ".join(f"{k}={v}" for k, v in sorted(f.items()))
    if not held:
        raise LevelGapError(
            f"no discretion level holds for these facts (没有适用的裁量阶次): {shown}",
            item=item.code,
            field="levels",
        )
    raise LevelConflictError(
        f"levels {[item.levels[j].id for j in held]} all hold for these facts "
        f"(裁量阶次重叠): {shown}",
        item=item.code,
        field="levels",
    )


def _limitation(
    item: CompiledItem, f: dict[str, Any], tests: tuple[bool, ...], slots: tuple[int, ...]
) -> tuple[Any, ...]:
    """Art. 36: (period index, start, deadline, discovered, expired, counted from)."""
    lim = item.limitation
    assert lim is not None
    ended = f.get(lim.end) if lim.end else None
    start = ended or f.get(lim.start)
    counted_from = "end" if ended else "start"
    discovered = f.get(lim.discovered)
    periods = lim.periods
    index = len(periods) - 1
    for i, at in enumerate(slots):
        if at < 0 or tests[at]:
            index = i
            break
    if start is None or discovered is None:
        return (index, start, None, discovered, False, counted_from)
    deadline = _add_years(start, periods[index][0])
    return (index, start, deadline, discovered, bool(discovered > deadline), counted_from)


def _penalties(
    plan: tuple[tuple[Any, ...], ...], r: DecisionRecord, level: Any, net: int, reduce: bool
) -> tuple[tuple[tuple[Any, ...], ...], tuple[tuple[Any, ...], ...]]:
    """Each clause's entry at this level, and the measured ones as ``(index, entry, penalty)``
    (``penalty`` the kept :class:`Penalty` of a plain or fixed clause, else ``None``)."""
    item = r.item
    f = r.facts
    tests = r.tests
    drop = r.drop
    entries: list[tuple[Any, ...]] = []
    made: list[tuple[Any, ...]] = []
    # The direction of adjustment a fixed range's measurement depends on (see Program.plan).
    key = 2 if reduce else (net > 0) - (net < 0)
    for what, index, clause, when, chosen, kept in plan:
        if what == _P_OFF:
            entries.append(_OFF)
            continue
        if when >= 0 and not tests[when]:
            entries.append(_NA)
            continue
        if drop is not None and clause.kind == "fine":
            entries.append(_DROP)
            continue
        if what == _P_PLAIN:
            entries.append(kept[0])
            made.append((index, *kept))
            continue
        if what == _P_STATIC:
            found = kept.get(key)
            if found is None:
                entry = _measure(item, clause, level, f, chosen, net, reduce)
                found = kept[key] = (index, entry, penalty_of(item, index, entry))
            entries.append(found[1])
            made.append(found)
            continue
        entry = _measure(item, clause, level, f, chosen, net, reduce)
        entries.append(entry)
        made.append((index, entry, None))
    return tuple(entries), tuple(made)


def _measure(
    item: CompiledItem,
    clause: Any,
    level: Any,
    f: Mapping[str, Any],
    chosen: bool,
    net: int,
    reduce: bool,
) -> tuple[Any, ...]:
    """One clause's amount for the case: the scale, the level's band on it, the adjustment, and
    the range in integers of the smallest unit (:func:`~discretion.compile._amounts.to_minor`)."""
    adj = item.adjustment
    scale = clause.amount.resolve(f, item.code)
    if clause.primary:
        lo, hi, band_detail = level.band.place(scale, f, item.code)
        band: tuple[Any, ...] | None = (lo, hi, band_detail)
    else:
        lo, hi = scale.lo, scale.hi
        band = None
    how: str | None = None
    if reduce:
        lo, hi = reduce_range(scale, adj.reduce_floor)
        how = "reduce"
    elif clause.primary:
        lo, hi, how = adjust(lo, hi, net, adj.mitigate_share, adj.aggravate_share)
    minor = to_minor(scale, lo, hi, reduce)
    if reduce and minor[1] == 0:
        # 减轻 down to zero: no fine at all, never "a fine of 0" (not imposed).
        return (MEASURED, False, (scale, band, how, minor), True)
    return (MEASURED, chosen, (scale, band, how, minor))


def _procedure(prog: Program, r: DecisionRecord) -> Flags:
    """Art. 51, 63, 58 from the record's entries (the fine's range in integers of its unit)."""
    item = prog.item
    f = r.facts
    party = f.get("party_type")
    if not isinstance(party, str):
        raise CaseError(
            "procedure flags need the fact 'party_type'; declare it in the general part",
            item=item.code,
            field="party_type",
        )
    clauses = item.clauses
    fine: tuple[Any, ...] | None = None
    kinds = set()
    imposed = []
    reduced = False
    for made in r.made:
        entry = made[1]
        if not entry[1]:
            continue
        imposed.append(made)
        kind = clauses[made[0]].kind
        kinds.add(kind)
        measure = entry[2]
        if measure is not None and measure[2] == "reduce":
            reduced = True
        if fine is None and kind == "fine":
            fine = measure
    r.imposed = tuple(imposed)
    fine_max = fine_min = None
    unit = None  # a fine not in 元: never compared with the 元 thresholds (Art. 51, Art. 63)
    if fine is not None:
        fine_unit = fine[0].unit
        fine_min, fine_max = from_minor(fine[3][0], fine_unit), from_minor(fine[3][1], fine_unit)
        if fine_unit is not None and fine_unit != YUAN:
            unit = fine_unit
    cmp_max = fine_max if unit is None else None
    summary_max = prog.summary_max.get(party, _UNSET)
    if summary_max is _UNSET:
        _no_threshold(party, item.code, "summary_fine_max")
    summary = (
        bool(imposed)
        and kinds <= _SUMMARY_KINDS
        and ("fine" not in kinds or (cmp_max is not None and cmp_max <= summary_max))
    )
    hearing_min = prog.hearing_min.get(party, _UNSET)
    if hearing_min is _UNSET:
        _no_threshold(party, item.code, "hearing_fine_min")
    heavy = tuple(sorted(kinds & HEARING_KINDS)) if kinds else ()
    # 由制定机关设定: the large-fine ground is left open; the heavy kinds still give the right.
    unset = hearing_min == UNSET
    large_fine = not unset and cmp_max is not None and cmp_max >= hearing_min
    hearing = bool(heavy) or large_fine
    several = r.several
    tests = r.tests
    held = tuple(
        [
            i
            for i, at, on_several in prog.review
            if (on_several and several) or (at >= 0 and tests[at])
        ]
    )
    # Art. 58 ¶1 (二) needs a hearing held: with a hearing right the ground is conditional.
    if_heard = tuple([i for i in prog.on_hearing if i not in held]) if hearing else ()
    r.procedure = (
        summary,
        hearing,
        held,
        if_heard,
        summary_max,
        None if unset else hearing_min,
        heavy,
        fine_max,
        fine_min,
        unset,
        unit,
    )
    return _flags_of(summary, hearing, bool(held), reduced)


def _no_threshold(party: str, item: str, name: str) -> None:
    raise CaseError(
        f"procedure parameter {name} has no threshold for party type {party!r}",
        item=item,
        field=name,
    )
