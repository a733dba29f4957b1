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
from typing import Any

from ..compile._amounts import adjust, reduce_range, to_minor
from ..compile._codegen import compile_one, compile_tuple
from ..compile._facts import _UNSET, validate_facts
from ..compile._records import CompiledItem
from ..errors import CaseError, LevelConflictError, LevelGapError
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
from ._result import Flags, Option, Outcome, Penalty, Recommendation, Step
from ._stage_gate import _add_years
from ._stage_procedure import other_unit

_MANDATORY = frozenset({"required", "combined"})


class Program:
    """An item ready for the compiled path: converters, defaults and generated conditions."""

    __slots__ = (
        "base",
        "clause_when",
        "converters",
        "exact",
        "item",
        "required",
        "review_when",
        "tests",
    )

    def __init__(self, item: CompiledItem) -> None:
        self.item = item
        self.converters: dict[str, Callable[[Any], Any]] = {}
        self.base: dict[str, Any] = {}
        required = []
        exact = True
        for name, fact in item.fields.items():
            self.converters[name] = fact.convert
            if fact.default is not _UNSET:
                self.base[name] = fact.default
            elif fact.spec.default is not None:
                exact = False  # a default that does not convert: the reference reports it
            elif fact.spec.required:
                required.append(name)
            else:
                self.base[name] = None
        self.required = tuple(required)
        self.exact = exact
        code = item.code
        self.tests = compile_tuple(
            [g.when for g in item.grounds]
            + [lv.when for lv in item.levels]
            + [c.when for c in item.circumstances],
            item.fields,
            f"{code}/tests",
        )
        self.clause_when = tuple(
            None if c.when is None else compile_one(c.when, item.fields, f"{code}/{c.id}")
            for c in item.clauses
        )
        self.review_when = tuple(
            None if g.when is None else compile_one(g.when, item.fields, f"{code}/review/{g.id}")
            for g in item.review_grounds
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Generated code does not pickle: a pickled item carries no program and builds it again.
        return (_no_program, ())

    def validate(self, facts: Mapping[str, Any]) -> dict[str, Any]:
        """The facts given, converted, over the converted defaults; any problem: the reference's
        validation, which raises the reference's error."""
        item = self.item
        if not self.exact or type(facts) is not dict:
            return validate_facts(item.fields, facts, item.code)
        out = self.base.copy()
        converters = self.converters
        try:
            for name, value in facts.items():
                convert = converters[name]
                if value is not None:
                    out[name] = convert(value)
        except Exception:
            return validate_facts(item.fields, facts, item.code)
        for name in self.required:
            if name not in out:
                return validate_facts(item.fields, facts, item.code)
        return out


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
    prog = program(item)
    values = prog.validate(facts)
    given = tuple(sorted([k for k in facts if facts[k] is not None]))
    record = DecisionRecord(item, values, given)
    record.several = several
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
    tests = prog.tests(f)
    r.tests = tests
    # -- gate: grounds (Art. 30, 31, 33, 40) and limitation (Art. 36)
    barred: list[str] = []
    waivable: list[str] = []
    grounds = item.grounds
    for i, ground in enumerate(grounds):
        if tests[i]:
            (barred if ground.effect == "no_penalty" else waivable).append(ground.id)
    if item.limitation is not None:
        r.limitation = lim = _limitation(item, f)
        if lim[4]:
            barred.append("limitation")
    r.barred = tuple(barred)
    r.waivable = tuple(waivable)
    if barred:
        return recommendation(r, (), (), (), Flags(), violation_date, decision_date)
    # -- level: exactly one must hold
    ng, nl = len(grounds), len(item.levels)
    held = [j for j in range(nl) if tests[ng + j]]
    if len(held) != 1:
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
    r.level = held[0]
    level = item.levels[held[0]]
    # -- circumstances
    mitigating = aggravating = 0
    reduce = level.reduce
    offer: bool | None = None
    applied = []
    base = ng + nl
    for i, circ in enumerate(item.circumstances):
        if not tests[base + i]:
            continue
        kind = circ.kind
        if kind == "aggravate":
            aggravating += 1
        elif kind == "mitigate":
            mitigating += 1
        elif kind == "mitigate_or_reduce":
            mitigating += 1
            offer = bool(offer) or circ.mandatory
        else:
            reduce = True
        applied.append(i)
    r.circumstances = tuple(applied)
    if item.adjustment.combine == "mitigation_prevails":
        net = -1 if mitigating else (1 if aggravating else 0)
    else:
        net = aggravating - mitigating
    r.net = net
    # -- penalties
    entries, penalties, optional = _penalties(prog, r, level, net, reduce)
    r.clauses = entries
    options: tuple[Option, ...] = ()
    if offer is not None and not reduce:
        option_entries, reduced_penalties, _ = _penalties(prog, r, level, net, True)
        r.options = option_entries
        options = (
            Option("mitigate", penalties, offer),
            Option("reduce", reduced_penalties, offer),
        )
    reduced = any(p.reduced for p in penalties)
    flags = _procedure(prog, r, penalties, reduced)
    outcome: Outcome = "penalty" if penalties else "no_penalty"
    if penalties and waivable:
        outcome = "may_waive"
    r.outcome = outcome
    return recommendation(r, penalties, optional, options, flags, violation_date, decision_date)


def _limitation(item: CompiledItem, f: dict[str, Any]) -> tuple[Any, ...]:
    """Art. 36: (period index, start, deadline, discovered, expired, counted from)."""
    lim = item.limitation
    assert lim is not None
    ended = f.get(lim.end) if lim.end else None
    start = ended or f.get(lim.start)
    counted_from = "end" if ended else "start"
    discovered = f.get(lim.discovered)
    periods = lim.periods
    index = next((i for i, p in enumerate(periods) if p[1] is None or p[1](f)), len(periods) - 1)
    if start is None or discovered is None:
        return (index, start, None, discovered, False, counted_from)
    deadline = _add_years(start, periods[index][0])
    return (index, start, deadline, discovered, bool(discovered > deadline), counted_from)


def _penalties(
    prog: Program, r: DecisionRecord, level: Any, net: int, reduce: bool
) -> tuple[tuple[tuple[Any, ...], ...], tuple[Penalty, ...], tuple[Penalty, ...]]:
    item = prog.item
    f = r.facts
    entries: list[tuple[Any, ...]] = []
    imposed: list[Penalty] = []
    optional: list[Penalty] = []
    adj = item.adjustment
    for index, (clause, when) in enumerate(zip(item.clauses, prog.clause_when, strict=True)):
        if clause.levels is not None and level.id not in clause.levels:
            entries.append((OFF_LEVEL,))
            continue
        if when is not None and not when(f):
            entries.append((NOT_APPLICABLE,))
            continue
        if r.drop is not None and clause.kind == "fine":
            entries.append((DROPPED,))
            continue
        chosen = clause.mode in _MANDATORY or clause.id in level.impose
        if clause.amount is None:
            entry: tuple[Any, ...] = (MEASURED, chosen, None)
        else:
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
            entry = (MEASURED, chosen, (scale, band, how, minor))
            if reduce and minor[1] == 0:
                # 减轻 down to zero: no fine at all, never "a fine of 0" (not imposed).
                entry = (MEASURED, False, (scale, band, how, minor), True)
        entries.append(entry)
        (imposed if entry[1] else optional).append(penalty_of(item, index, entry))
    return tuple(entries), tuple(imposed), tuple(optional)


def _procedure(
    prog: Program, r: DecisionRecord, penalties: tuple[Penalty, ...], reduced: bool
) -> Flags:
    item = prog.item
    f = r.facts
    proc = item.procedure
    party = f.get("party_type")
    if not isinstance(party, str):
        raise CaseError(
            "procedure flags need the fact 'party_type'; declare it in the general part",
            item=item.code,
            field="party_type",
        )
    fine = None
    kinds = set()
    for p in penalties:
        kinds.add(p.kind)
        if fine is None and p.kind == "fine":
            fine = p
    summary_max = _threshold(proc.summary_fine_max, party, item.code, "summary_fine_max")
    fine_max = fine.max if fine else None
    unit = other_unit(fine)  # not in 元: never compared with the 元 thresholds
    cmp_max = fine_max if unit is None else None
    summary = (
        bool(penalties)
        and kinds <= {"warning", "fine"}
        and (fine is None or (cmp_max is not None and cmp_max <= summary_max))
    )
    hearing_min = _threshold(proc.hearing_fine_min, party, item.code, "hearing_fine_min")
    heavy = tuple(sorted(kinds & HEARING_KINDS))
    # 由制定机关设定: the large-fine ground is left open; the heavy kinds still give the right.
    unset = hearing_min == UNSET
    large_fine = not unset and cmp_max is not None and cmp_max >= hearing_min
    hearing = bool(heavy) or large_fine
    several = r.several
    held = tuple(
        i
        for i, (g, when) in enumerate(zip(item.review_grounds, prog.review_when, strict=True))
        if (when is not None and when(f)) or (g.on_several_items and several)
    )
    # Art. 58 ¶1 (二) needs a hearing held: with a hearing right the ground is conditional.
    if_heard = tuple(
        i for i, g in enumerate(item.review_grounds) if g.on_hearing and hearing and i not in held
    )
    fine_min = fine.min if fine else None
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
    return Flags(summary, hearing, bool(held), reduced)


def _threshold(table: Mapping[str, Any] | None, party: str, item: str, name: str) -> Any:
    try:
        return (table or {})[party]
    except KeyError:
        raise CaseError(
            f"procedure parameter {name} has no threshold for party type {party!r}",
            item=item,
            field=name,
        ) from None
