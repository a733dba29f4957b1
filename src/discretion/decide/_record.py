"""The decision record: everything one evaluation decides, small and flat.

The compiled scalar path (:mod:`._scalar`) decides a case into a :class:`DecisionRecord` — the
outcomes of the conditions tested, the limitation period, the grounds that hold, the level, the
circumstances, each penalty's range in exact integers of its smallest unit (fen for 元, else whole
days or months), the procedure flags — and :func:`recommendation` builds the public
:class:`~._result.Recommendation` from it. Its trace (``Recommendation.steps``) is built from the
same record when first read (:class:`RecordTrace`): nothing is decided again, no condition is
tested again, no amount measured again; the trace only says, with its sources, what the record
holds.

The steps are the very steps the reference pipeline (:mod:`._pipeline`) records, in the same order;
``tests/test_three_paths.py`` holds the two paths equal on every item.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from ..compile._amounts import Scale, from_minor
from ..compile._records import CompiledItem
from ._result import (
    AppliedCircumstance,
    Deferred,
    Flags,
    Option,
    Outcome,
    Penalty,
    Recommendation,
    Step,
    StepRecord,
    Trace,
    new_recommendation,
)

# A clause at one stage ("penalty" or "option"), as decided:
#   (OFF_LEVEL,) · (NOT_APPLICABLE,) · (DROPPED,) · (MEASURED, chosen, None)  — no amount
#   (MEASURED, chosen, Measure) · (MEASURED, False, Measure, True)  — 减轻 to zero, no fine
OFF_LEVEL, NOT_APPLICABLE, DROPPED, MEASURED = 0, 1, 2, 3

Measure = tuple[Any, ...]
"""How one amount was measured: ``(scale, band, adjust, minor)`` where ``band`` is
``(lo, hi, band_detail)`` for a primary clause or ``None``, ``adjust`` is ``"reduce"``, the
direction of :func:`~discretion.compile._amounts.adjust`, or ``None``, and ``minor`` is
``(min, max, statutory_min, statutory_max)`` in integers of the smallest unit."""


class DecisionRecord:
    """What one evaluation of one item decided. Read by :func:`recommendation` and the trace."""

    __slots__ = (
        "barred",
        "circumstances",
        "clauses",
        "drop",
        "facts",
        "given",
        "imposed",
        "item",
        "level",
        "limitation",
        "made",
        "net",
        "offer",
        "option_made",
        "options",
        "outcome",
        "procedure",
        "several",
        "tests",
        "waivable",
    )

    def __init__(self, item: CompiledItem, facts: dict[str, Any], given: tuple[str, ...]) -> None:
        self.item = item
        self.facts = facts  # the validated facts; nothing changes them afterwards
        self.given = given  # the names given (not None), in the caller's order
        self.several = False
        self.drop: Step | None = None
        self.tests: tuple[bool, ...] = ()  # grounds, levels, circumstances, in the item's order
        self.limitation: tuple[Any, ...] | None = None
        self.barred: tuple[str, ...] = ()
        self.waivable: tuple[str, ...] = ()
        self.level = -1  # index into item.levels; -1 when a ground bars the penalty
        self.circumstances: tuple[int, ...] = ()  # indices of those that hold
        self.net = 0
        self.clauses: tuple[tuple[Any, ...], ...] = ()
        # the measured clauses as (index, entry, kept Penalty or None), in clause order; those
        # imposed; the same for the 减轻 option, with the offer's mandatory flag
        self.made: tuple[tuple[Any, ...], ...] = ()
        self.imposed: tuple[tuple[Any, ...], ...] = ()
        self.options: tuple[tuple[Any, ...], ...] | None = None
        self.option_made: tuple[tuple[Any, ...], ...] = ()
        self.offer = False
        # (summary, hearing, review ground indices held, indices held if a hearing is held,
        #  summary threshold, hearing threshold or None if unset, heavy kinds, fine max,
        #  fine min, threshold unset)
        self.procedure: tuple[Any, ...] | None = None
        self.outcome: Outcome = "penalty"


def penalty_of(item: CompiledItem, index: int, entry: tuple[Any, ...]) -> Penalty:
    """The :class:`Penalty` of a measured clause entry."""
    clause = item.clauses[index]
    chosen, measure = entry[1], entry[2]
    if measure is None:
        return Penalty(
            clause.id, clause.kind, clause.label, clause.label_en, clause.mode, imposed=chosen
        )
    scale: Scale = measure[0]
    lo, hi, slo, shi = measure[3]
    unit = scale.unit
    if len(entry) > 3:
        return Penalty(
            clause.id,
            clause.kind,
            clause.label,
            clause.label_en,
            clause.mode,
            None,
            None,
            unit,
            from_minor(slo, unit),
            from_minor(shi, unit),
            True,
            False,
        )
    return Penalty(
        clause.id,
        clause.kind,
        clause.label,
        clause.label_en,
        clause.mode,
        from_minor(lo, unit),
        from_minor(hi, unit),
        unit,
        from_minor(slo, unit),
        from_minor(shi, unit),
        measure[2] == "reduce",
        chosen,
    )


def recommendation(
    record: DecisionRecord,
    outcome: Outcome,
    applied: tuple[AppliedCircumstance, ...],
    flags: Flags,
    violation_date: dt.date | None,
    decision_date: dt.date | None,
) -> Recommendation:
    """The public recommendation of a record. Its ``facts``, ``steps``, ``penalties``,
    ``optional_penalties`` and ``options`` stay a :class:`RecordTrace` of the record until first
    read (``_result._Lazy``): a caller that reads the level and the flags pays for neither the
    trace nor the Decimal amounts."""
    item = record.item
    lazy = cast("tuple[Any, ...]", RecordTrace(record))
    if record.level < 0:
        return new_recommendation(
            "no_penalty",
            item.code,
            item.name,
            None,
            None,
            (),
            (),
            (),
            flags,
            item.orders,
            lazy,
            lazy,
            item.ref,
            violation_date,
            decision_date,
            (),
            (),
            record.barred,
        )
    level = item.levels[record.level]
    return new_recommendation(
        outcome,
        item.code,
        item.name,
        level.id,
        level.label,
        lazy,
        lazy,
        applied,
        flags,
        item.orders,
        lazy,
        lazy,
        item.ref,
        violation_date,
        decision_date,
        (),
        lazy if record.options is not None else (),
        record.waivable,
    )


def _split(
    item: CompiledItem, made: tuple[tuple[Any, ...], ...]
) -> tuple[tuple[Penalty, ...], tuple[Penalty, ...]]:
    """The imposed and the optional :class:`Penalty` objects of measured entries, in order."""
    imposed: list[Penalty] = []
    optional: list[Penalty] = []
    for index, entry, kept in made:
        (imposed if entry[1] else optional).append(kept or penalty_of(item, index, entry))
    return tuple(imposed), tuple(optional)


class RecordTrace(Deferred):
    """The fields of a decided record's recommendation that are built when first read:
    ``facts``, ``steps``, ``penalties``, ``optional_penalties``, ``options``."""

    __slots__ = ("built", "record")

    def __init__(self, record: DecisionRecord) -> None:
        self.record = record
        self.built: tuple[tuple[Penalty, ...], tuple[Penalty, ...]] | None = None

    def facts(self) -> tuple[tuple[str, Any], ...]:
        """Every declared fact with its validated value, in the item's (sorted) order."""
        facts = self.record.facts
        return tuple([(n, facts[n]) for n in self.record.item.fact_names])

    def steps(self) -> tuple[Step, ...]:
        record = self.record
        return Trace(record.facts, tuple(_records(record))).steps()

    def _penalties(self) -> tuple[tuple[Penalty, ...], tuple[Penalty, ...]]:
        built = self.built
        if built is None:
            built = self.built = _split(self.record.item, self.record.made)
        return built

    def penalties(self) -> tuple[Penalty, ...]:
        return self._penalties()[0]

    def optional_penalties(self) -> tuple[Penalty, ...]:
        return self._penalties()[1]

    def options(self) -> tuple[Option, ...]:
        """从轻或者减轻: the penalties under each choice (a record decided with the offer)."""
        record = self.record
        if record.options is None:
            return ()
        reduced = _split(record.item, record.option_made)[0]
        return (
            Option("mitigate", self.penalties(), record.offer),
            Option("reduce", reduced, record.offer),
        )


def _records(r: DecisionRecord) -> list[StepRecord | Step]:
    """The steps the reference pipeline records, from what the record holds (same order)."""
    item = r.item
    out: list[StepRecord | Step] = [
        (
            "facts",
            item.facts_rule,
            "facts validated against the item's schema",
            item.fact_names,
            True,
            item.legal_basis,
            (*item.facts_head, ("given", tuple(sorted(r.given))), item.basis_detail),
        )
    ]
    tests = r.tests
    # -- gate
    held_ground = False
    for i, ground in enumerate(item.grounds):
        if not tests[i]:
            continue
        held_ground = True
        out.append(_ground_step(item, ground))
    if r.limitation is not None:
        out.append(_limitation_step(item, r.limitation))
    if not held_ground and "limitation" not in r.barred and item.grounds:
        out.append(
            (
                "gate",
                "general/grounds",
                "no ground for not imposing a penalty holds",
                (),
                "none",
                item.ground_sources,
                (
                    ("label", "不予处罚情形均不成立"),
                    ("label_en", "no ground for not imposing a penalty holds"),
                    ("tested", item.ground_ids),
                ),
            )
        )
    if r.level < 0:
        return out
    # -- level
    ng = len(item.grounds)
    for j, (level, rule) in enumerate(zip(item.levels, item.level_rules, strict=True)):
        out.append(
            (
                "level",
                rule,
                level.when.source,
                level.when.reads,
                tests[ng + j],
                level.sources,
                level.detail,
            )
        )
    level = item.levels[r.level]
    # -- circumstances
    for i in r.circumstances:
        circ = item.circumstances[i]
        out.append(
            (
                "circumstance",
                f"{item.code}/circumstances/{circ.id}",
                circ.when.source,
                circ.when.reads,
                circ.kind,
                circ.sources,
                (("label", circ.label), ("mandatory", circ.mandatory)),
            )
        )
    # -- penalties, then the 减轻 option's measurement
    _clause_steps(r, level, r.clauses, "penalty", out)
    if r.options is not None:
        _clause_steps(r, level, r.options, "option", out)
    # -- procedure
    proc = r.procedure
    assert proc is not None
    (
        summary,
        hearing,
        review,
        if_review,
        summary_max,
        hearing_min,
        heavy,
        fine_max,
        fine_min,
        unset,
        unit,
    ) = proc
    in_unit = () if unit is None else (("fine_unit", unit),)  # a fine not in 元
    # the kinds other than a warning or a fine, which rule the summary procedure out (Art. 51)
    kinds = {item.clauses[made[0]].kind for made in r.imposed}
    others = tuple(sorted(kinds - {"warning", "fine"}))
    own_labels = tuple(
        (k, item.kinds[k].label, item.kinds[k].label_en) for k in others if k in item.kinds
    )
    out.append(
        (
            "procedure",
            "procedure/summary",
            "warning, or fine ≤ threshold",
            ("party_type",),
            summary,
            item.procedure_sources["summary"],
            (
                ("flag", "summary_procedure"),
                ("threshold", summary_max),
                ("fine_max", fine_max),
                ("fine_min", fine_min),
                ("other_kinds", others),
                ("kind_labels", own_labels),
                *in_unit,
            ),
        )
    )
    out.append(
        (
            "procedure",
            "procedure/hearing",
            "heavy penalty kind, or fine ≥ threshold",
            ("party_type",),
            hearing,
            item.procedure_sources["hearing"],
            (
                ("flag", "hearing"),
                ("threshold", hearing_min),
                ("kinds", heavy),
                ("fine_max", fine_max),
                ("threshold_unset", unset),
                *in_unit,
            ),
        )
    )
    held = [item.review_grounds[i] for i in review]
    if_heard = [item.review_grounds[i] for i in if_review]
    reads = tuple(dict.fromkeys(n for g in held if g.when for n in g.when.reads))
    out.append(
        (
            "procedure",
            "procedure/review",
            "grounds of Art. 58 ¶1",
            reads,
            bool(held),
            tuple(dict.fromkeys(s for g in (*held, *if_heard) for s in g.sources))
            or item.procedure_sources["review"],
            (
                ("flag", "legality_review"),
                ("grounds", tuple((g.id, g.label, g.label_en) for g in held)),
                ("if_hearing", tuple((g.id, g.label, g.label_en) for g in if_heard)),
            ),
        )
    )
    if not any(e[0] == MEASURED and e[1] for e in r.clauses):
        out.append(
            (
                "combine",
                f"{item.code}/outcome",
                "no penalty clause applies",
                (),
                "no_penalty",
                item.penalty_basis,
                (("orders", item.orders),),
            )
        )
    return out


def _ground_step(item: CompiledItem, ground: Any) -> StepRecord:
    """A ground that holds; the law's (general part) and a standard's or item's own told apart,
    with the duty that goes with not punishing (Art. 33 ¶3)."""
    detail: tuple[tuple[str, Any], ...] = (
        ("label", ground.label),
        ("label_en", ground.label_en),
        ("origin", ground.origin),
    )
    if ground.duty is not None:
        zh, en, sources = ground.duty
        detail += (
            ("duty", zh),
            ("duty_en", en),
            ("duty_cite", "；".join(s.zh for s in sources)),
            ("duty_cite_en", "; ".join(s.en for s in sources)),
        )
    rule = (
        f"general/grounds/{ground.id}"
        if ground.origin == "general"
        else f"{item.code}/grounds/{ground.id}"
    )
    return (
        "gate",
        rule,
        ground.when.source,
        ground.when.reads,
        ground.effect,
        ground.sources,
        detail,
    )


def _limitation_step(item: CompiledItem, lim_record: tuple[Any, ...]) -> StepRecord:
    lim = item.limitation
    assert lim is not None
    period, start, deadline, discovered, expired, counted_from = lim_record
    years, cond, label, sources = lim.periods[period]
    if deadline is None:
        return (
            "gate",
            "general/limitation",
            "limitation period (dates not given)",
            lim.reads,
            "not_checked",
            sources,
            (("label", label[0]), ("label_en", label[1]), ("years", years)),
        )
    return (
        "gate",
        "general/limitation",
        f"{lim.discovered} > {lim.end or lim.start} + {years} years",
        lim.reads + (cond.reads if cond else ()),
        "no_penalty" if expired else "within_period",
        sources,
        (
            ("label", label[0]),
            ("label_en", label[1]),
            ("years", years),
            ("counted_from", counted_from),
            ("start", start),
            ("deadline", deadline),
            ("discovered", discovered),
        ),
    )


def _clause_steps(
    r: DecisionRecord,
    level: Any,
    entries: tuple[tuple[Any, ...], ...],
    stage: str,
    out: list[StepRecord | Step],
) -> None:
    item = r.item
    adj = item.adjustment
    for clause, rule, entry in zip(item.clauses, item.clause_rules, entries, strict=True):
        status = entry[0]
        if status == OFF_LEVEL:
            if stage == "penalty":
                out.append(
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
        if status == NOT_APPLICABLE:
            if stage == "penalty":
                assert clause.when is not None
                out.append(
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
        if status == DROPPED:
            if stage == "penalty":
                assert r.drop is not None
                out.append(r.drop)
            continue
        chosen, measure = entry[1], entry[2]
        reads = clause.when.reads if clause.when else ()
        outcome = "imposed" if chosen else "optional"
        head = clause.head
        if measure is None:
            if stage == "penalty":
                out.append((stage, rule, clause.mode, reads, outcome, clause.sources, head))
            continue
        scale, band, how, minor = measure
        unit = scale.unit
        detail: list[tuple[str, Any]] = [*head, *_scale_detail(scale)]
        if scale.case is not None and scale.case in clause.case_labels:
            case_zh, case_en = clause.case_labels[scale.case]
            detail += [("case_label", case_zh), ("case_label_en", case_en)]
        if band is not None:
            lo, hi, band_detail = band
            detail += [("level", level.label), *band_detail, ("band_range", (lo, hi))]
        else:
            detail.append(("band", "full"))
        if how == "reduce":
            detail += [("adjust", "reduce"), ("reduce_floor", adj.reduce_floor)]
        elif how is not None:
            share = adj.mitigate_share if how == "mitigate" else adj.aggravate_share
            detail += [("adjust", how), ("adjust_share", share)]
        amin, amax, smin, smax = (from_minor(v, unit) for v in minor)
        detail += [("range", (amin, amax)), ("statutory", (smin, smax))]
        if len(entry) > 3:
            out.append(
                (
                    stage,
                    rule,
                    clause.mode,
                    reads,
                    "reduced_to_none",
                    clause.sources,
                    (*detail, ("reduced_to_none", True)),
                )
            )
            continue
        if scale.base and scale.base not in reads:
            reads = (*reads, scale.base)
        out.append((stage, rule, clause.mode, reads, outcome, clause.sources, tuple(detail)))


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
    )
