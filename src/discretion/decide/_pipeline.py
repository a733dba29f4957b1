"""The evaluation pipeline for one item and one case, recording every step.

The stages follow DESIGN.md §2: the facts found, the gate (no-penalty grounds, Art. 30, 31, 33, 40,
and the limitation period, Art. 36), the level (exactly one must hold), the circumstances, each
penalty measured (statutory range → level band → circumstance adjustment → rounding and clamping),
and the procedure flags (Art. 51, 63, 58). Each stage records its steps, each citing its legal
source, as it decides; the justification is rendered from those steps, never recomputed. The
records become :class:`~discretion.decide._result.Step` objects when ``Recommendation.steps`` is first read
(:class:`~discretion.decide._result.Trace`): a record holds the outcome and the detail, and the names of
the facts read, whose values the validated facts keep. An evaluation reads only immutable compiled
data and keeps its own state, so evaluations are thread-safe and re-entrant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from ..compile._amounts import Scale, adjust, reduce_range, to_amount
from ..compile._records import CompiledClause, CompiledItem, CompiledLevel, CompiledLimitation
from ..errors import CaseError, LevelConflictError, LevelGapError
from ..format._vocabulary import HEARING_KINDS
from ._result import (
    AppliedCircumstance,
    Flags,
    Option,
    Outcome,
    Penalty,
    Recommendation,
    Step,
    StepRecord,
    Trace,
)

if TYPE_CHECKING:
    from ._backend import Backend

_MANDATORY = frozenset({"required", "combined"})


class Evaluation:
    """The state of one evaluation; never shared between calls."""

    __slots__ = ("backend", "drop", "facts", "given", "item", "several", "steps")

    def __init__(
        self,
        item: CompiledItem,
        facts: dict[str, Any],
        backend: Backend,
        several: bool = False,
        given: tuple[str, ...] = (),
        drop: Step | None = None,
    ) -> None:
        self.item = item
        self.drop = drop  # Art. 29: the fine goes to another item; this step says so
        self.facts = facts
        self.backend = backend
        self.several = several
        self.given = given
        # The trace as recorded; Recommendation.steps builds the Step objects when first read.
        self.steps: list[StepRecord | Step] = []

    def read(self, names: tuple[str, ...]) -> tuple[tuple[str, Any], ...]:
        facts = self.facts
        return tuple([(n, facts[n]) for n in names])

    def trace(self) -> tuple[Step, ...]:
        """The recorded steps, for ``Recommendation.steps``, which builds them when first read."""
        return cast("tuple[Step, ...]", Trace(self.facts, tuple(self.steps)))

    def run(self, violation_date: dt.date | None, decision_date: dt.date | None) -> Recommendation:
        item = self.item
        found = self.read(item.fact_names)  # validated facts hold every declared fact
        self.steps.append(
            (
                "facts",
                item.facts_rule,
                "facts validated against the item's schema",
                item.fact_names,
                True,
                item.legal_basis,
                (*item.facts_head, ("given", self.given), item.basis_detail),
            )
        )
        ref = item.ref
        barred, waivable = self.gate()
        if barred:
            return Recommendation(
                outcome="no_penalty",
                item=item.code,
                item_name=item.name,
                level=None,
                level_label=None,
                penalties=(),
                optional_penalties=(),
                circumstances=(),
                flags=Flags(),
                orders=item.orders,
                facts=found,
                steps=self.trace(),
                ruleset=ref,
                violation_date=violation_date,
                decision_date=decision_date,
                grounds=tuple(barred),
            )
        level = self.classify()
        net, reduce, applied, offer = self.circumstances(level)
        penalties, optional = self.penalties(level, net, reduce, "penalty")
        options: tuple[Option, ...] = ()
        if offer is not None and not reduce:
            reduced_penalties, _ = self.penalties(level, net, True, "option")
            options = (
                Option("mitigate", tuple(penalties), offer),
                Option("reduce", tuple(reduced_penalties), offer),
            )
        reduced = any(p.reduced for p in penalties)
        flags = self.procedure(penalties, reduced)
        outcome: Outcome = "penalty" if penalties else "no_penalty"
        if penalties and waivable:
            outcome = "may_waive"
        if not penalties:
            self.steps.append(
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
        return Recommendation(
            outcome=outcome,
            item=item.code,
            item_name=item.name,
            level=level.id,
            level_label=level.label,
            penalties=tuple(penalties),
            optional_penalties=tuple(optional),
            circumstances=tuple(applied),
            flags=flags,
            orders=item.orders,
            facts=found,
            steps=self.trace(),
            ruleset=ref,
            violation_date=violation_date,
            decision_date=decision_date,
            options=options,
            grounds=tuple(waivable),
        )

    # -- 2 gate: no-penalty grounds and limitation ---------------------------------------------
    def gate(self) -> tuple[list[str], list[str]]:
        """Record the grounds that hold; return (mandatory no-penalty ids, may-waive ids)."""
        item = self.item
        barred: list[str] = []
        waivable: list[str] = []
        for ground in item.grounds:
            if not ground.when(self.facts):
                continue
            (barred if ground.effect == "no_penalty" else waivable).append(ground.id)
            self.steps.append(
                (
                    "gate",
                    f"general/grounds/{ground.id}",
                    ground.when.source,
                    ground.when.reads,
                    ground.effect,
                    ground.sources,
                    (("label", ground.label), ("label_en", ground.label_en)),
                )
            )
        if item.limitation is not None and self.limitation(item.limitation):
            barred.append("limitation")
        if not barred and not waivable and item.grounds:
            self.steps.append(
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
        return barred, waivable

    def limitation(self, lim: CompiledLimitation) -> bool:
        """Art. 36: has the period run out before discovery? Records the step either way."""
        ended = self.facts.get(lim.end) if lim.end else None
        start = ended or self.facts.get(lim.start)
        counted_from = "end" if ended else "start"
        discovered = self.facts.get(lim.discovered)
        reads = lim.reads
        years, cond, label, sources = next(
            (p for p in lim.periods if p[1] is None or p[1](self.facts)), lim.periods[-1]
        )
        if start is None or discovered is None:
            self.steps.append(
                (
                    "gate",
                    "general/limitation",
                    "limitation period (dates not given)",
                    reads,
                    "not_checked",
                    sources,
                    (("label", label[0]), ("label_en", label[1]), ("years", years)),
                )
            )
            return False
        deadline = _add_years(start, years)
        expired = bool(discovered > deadline)
        self.steps.append(
            (
                "gate",
                "general/limitation",
                f"{lim.discovered} > {lim.end or lim.start} + {years} years",
                reads + (cond.reads if cond else ()),
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
        )
        return expired

    # -- 3 classify ----------------------------------------------------------------------------
    def classify(self) -> CompiledLevel:
        item = self.item
        held: list[CompiledLevel] = []
        tested: list[StepRecord] = []
        for level, rule, ok in zip(
            item.levels, item.level_rules, self.backend.levels(item, self.facts), strict=True
        ):
            if ok:
                held.append(level)
            tested.append(
                (
                    "level",
                    rule,
                    level.when.source,
                    level.when.reads,
                    ok,
                    level.sources,
                    level.detail,
                )
            )
        if len(held) != 1:
            facts = ", ".join(f"{k}={v}" for k, v in sorted(self.facts.items()))
            if not held:
                raise LevelGapError(
                    f"no discretion level holds for these facts (没有适用的裁量阶次): {facts}",
                    item=self.item.code,
                    field="levels",
                )
            raise LevelConflictError(
                f"levels {[lv.id for lv in held]} all hold for these facts (裁量阶次重叠): {facts}",
                item=self.item.code,
                field="levels",
            )
        self.steps.extend(tested)
        return held[0]

    # -- 4 circumstances ---------------------------------------------------------------------
    def circumstances(
        self, level: CompiledLevel
    ) -> tuple[int, bool, list[AppliedCircumstance], bool | None]:
        """Returns the net direction, whether 减轻 applies, the circumstances that held, and
        whether a 从轻或者减轻 choice is offered (``True`` mandatory, ``False`` optional)."""
        mitigating = aggravating = 0
        reduce = level.reduce
        offer: bool | None = None
        applied: list[AppliedCircumstance] = []
        item = self.item
        for circ, ok in zip(
            item.circumstances, self.backend.circumstances(item, self.facts), strict=True
        ):
            if not ok:
                continue
            if circ.kind == "aggravate":
                aggravating += 1
            elif circ.kind == "mitigate":
                mitigating += 1
            elif circ.kind == "mitigate_or_reduce":
                mitigating += 1
                offer = bool(offer) or circ.mandatory
            else:
                reduce = True
            applied.append(
                AppliedCircumstance(circ.id, circ.kind, circ.label, circ.label_en, circ.mandatory)
            )
            self.steps.append(
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
        if item.adjustment.combine == "mitigation_prevails":
            net = -1 if mitigating else (1 if aggravating else 0)
        else:
            net = aggravating - mitigating
        return net, reduce, applied, offer

    # -- 5 & 6 measure and combine -----------------------------------------------------------
    def penalties(
        self, level: CompiledLevel, net: int, reduce: bool, stage: str
    ) -> tuple[list[Penalty], list[Penalty]]:
        imposed: list[Penalty] = []
        optional: list[Penalty] = []
        for clause, rule in zip(self.item.clauses, self.item.clause_rules, strict=True):
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
            penalty = self.measure(clause, rule, level, net, reduce, chosen, stage)
            if chosen:
                imposed.append(penalty)
            else:
                optional.append(penalty)
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
            return Penalty(
                clause.id, clause.kind, clause.label, clause.label_en, clause.mode, imposed=chosen
            )
        scale = clause.amount.resolve(self.facts, self.item.code)
        detail: list[tuple[str, Any]] = [*head, *_scale_detail(scale)]
        if scale.case is not None and scale.case in clause.case_labels:
            case_zh, case_en = clause.case_labels[scale.case]
            detail += [("case_label", case_zh), ("case_label_en", case_en)]
        if clause.primary:
            lo, hi, band_detail = level.band.place(scale, self.facts, self.item.code)
            detail += [("level", level.label), *band_detail, ("band_range", (lo, hi))]
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
        amin, amax, smin, smax = to_amount(scale, lo, hi, reduced)
        detail += [("range", (amin, amax)), ("statutory", (smin, smax))]
        if scale.base and scale.base not in reads:
            reads = (*reads, scale.base)
        self.steps.append((stage, rule, clause.mode, reads, outcome, clause.sources, tuple(detail)))
        return Penalty(
            clause.id,
            clause.kind,
            clause.label,
            clause.label_en,
            clause.mode,
            amin,
            amax,
            scale.unit,
            smin,
            smax,
            reduced,
            chosen,
        )

    # -- 7 procedure ---------------------------------------------------------------------------
    def procedure(self, penalties: list[Penalty], reduced: bool) -> Flags:
        item = self.item
        proc = item.procedure
        party = self.facts.get("party_type")
        if not isinstance(party, str):
            raise CaseError(
                "procedure flags need the fact 'party_type'; declare it in the general part",
                item=item.code,
                field="party_type",
            )
        fine = next((p for p in penalties if p.kind == "fine"), None)
        kinds = {p.kind for p in penalties}

        summary_max = _threshold(proc.summary_fine_max, party, item.code, "summary_fine_max")
        summary = (
            bool(penalties)
            and kinds <= {"warning", "fine"}
            and (fine is None or (fine.max is not None and fine.max <= summary_max))
        )
        self.steps.append(
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
                    ("fine_max", fine.max if fine else None),
                ),
            )
        )

        hearing_min = _threshold(proc.hearing_fine_min, party, item.code, "hearing_fine_min")
        heavy = sorted(kinds & HEARING_KINDS)
        large_fine = fine is not None and fine.max is not None and fine.max >= hearing_min
        hearing = bool(heavy) or large_fine
        self.steps.append(
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
                    ("kinds", tuple(heavy)),
                    ("fine_max", fine.max if fine else None),
                ),
            )
        )
        held = [
            g
            for g in item.review_grounds
            if (g.when is not None and g.when(self.facts))
            or (g.on_hearing and hearing)
            or (g.on_several_items and self.several)
        ]
        reads = tuple(dict.fromkeys(n for g in held if g.when for n in g.when.reads))
        self.steps.append(
            (
                "procedure",
                "procedure/review",
                "grounds of Art. 58 ¶1",
                reads,
                bool(held),
                tuple(dict.fromkeys(s for g in held for s in g.sources))
                or item.procedure_sources["review"],
                (
                    ("flag", "legality_review"),
                    ("grounds", tuple((g.id, g.label, g.label_en) for g in held)),
                ),
            )
        )
        return Flags(summary, hearing, bool(held), reduced)


def _add_years(start: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (29 February → 28 February)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def _threshold(table: Mapping[str, Decimal] | None, party: str, item: str, name: str) -> Decimal:
    try:
        return (table or {})[party]
    except KeyError:
        raise CaseError(
            f"procedure parameter {name} has no threshold for party type {party!r}",
            item=item,
            field=name,
        ) from None


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
    )
