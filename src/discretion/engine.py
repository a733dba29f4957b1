"""Evaluating one violation's facts into a recommendation, recording every step.

The pipeline follows DESIGN.md §2: validate the facts, classify the level (exactly one must hold),
collect circumstances, measure each penalty (statutory range → level band → circumstance adjustment
→ rounding and clamping), decide single/combined penalties, and set the procedure flags. Each stage
appends :class:`~discretion.result.Step` records that cite their legal source; the justification is
rendered from those steps, never recomputed. Evaluation reads only immutable compiled data, so it is
thread-safe and re-entrant.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any, Protocol

from .amounts import ZERO, Scale, adjust, reduce_range, to_amount
from .compiled import CompiledClause, CompiledItem, CompiledLevel, CompiledLimitation
from .errors import CaseError, FactError, LevelConflictError, LevelGapError, did_you_mean
from .facts import validate_facts
from .result import (
    ActRecommendation,
    AppliedCircumstance,
    Flags,
    Option,
    Outcome,
    Penalty,
    Recommendation,
    RulesetRef,
    Step,
)
from .ruleset import RuleSet
from .vocabulary import HEARING_KINDS

_MANDATORY = frozenset({"required", "combined"})


class Backend(Protocol):
    """What decides which conditions hold: the level and circumstance tests of one item.

    The pure-Python backend is the source of truth; ``backend="durable"`` runs the same decisions
    on durable_rules (extra ``discretion[durable]``). The amount arithmetic is shared.
    """

    def levels(self, item: CompiledItem, facts: Mapping[str, Any]) -> tuple[bool, ...]:
        """For each of ``item.levels``, in order: does its condition hold?"""
        ...

    def circumstances(self, item: CompiledItem, facts: Mapping[str, Any]) -> tuple[bool, ...]:
        """For each of ``item.circumstances``, in order: does its condition hold?"""
        ...


class PythonBackend:
    """Evaluates the compiled conditions directly."""

    def levels(self, item: CompiledItem, facts: Mapping[str, Any]) -> tuple[bool, ...]:
        return tuple([level.when(facts) for level in item.levels])

    def circumstances(self, item: CompiledItem, facts: Mapping[str, Any]) -> tuple[bool, ...]:
        return tuple([circ.when(facts) for circ in item.circumstances])


_PYTHON = PythonBackend()


def get_backend(backend: str | Backend) -> Backend:
    """The backend named ``"python"`` or ``"durable"``, or the object given."""
    if not isinstance(backend, str):
        return backend
    if backend == "python":
        return _PYTHON
    if backend == "durable":
        module = importlib.import_module("discretion.durable")
        found: Backend = module.get_backend()
        return found
    raise CaseError(f"unknown backend {backend!r}: use 'python' or 'durable'", field="backend")


def evaluate(
    ruleset: RuleSet,
    item: str,
    facts: Mapping[str, Any],
    *,
    violation_date: dt.date | None = None,
    decision_date: dt.date | None = None,
    backend: str | Backend = "python",
) -> Recommendation:
    """Recommend a penalty for one violation.

    Args:
        ruleset: the loaded standards (:func:`discretion.load`).
        item: the item code (裁量事项编码), e.g. ``"FSL-124"``.
        facts: fact name → value, as the item declares them (``discretion list --item``).
        violation_date: when the act occurred (or ended, for a continuing act); defaults to the
            facts ``act_end_date`` or ``act_date`` when given. Picks the version in force.
        decision_date: when the penalty is decided; where a later version in force then is
            lighter, it applies (Art. 37).
        backend: ``"python"`` (default, the source of truth) or ``"durable"``.

    Returns:
        The frozen :class:`~discretion.result.Recommendation`.

    Raises:
        UnknownItemError: no item has this code, or none is in force at the violation date.
        FactError: a fact is unknown, missing, of the wrong type or out of bounds.
        LevelGapError / LevelConflictError: the standard has no level, or several, for the facts.
    """
    return _evaluate(
        ruleset, item, facts, violation_date, decision_date, get_backend(backend), False
    )


def evaluate_act(
    ruleset: RuleSet,
    items: Sequence[str],
    facts: Mapping[str, Any],
    *,
    violation_date: dt.date | None = None,
    decision_date: dt.date | None = None,
    backend: str | Backend = "python",
) -> ActRecommendation:
    """Recommend penalties for one act that violates several norms (Art. 29, 一事不再罚).

    Each item is evaluated on the facts it declares (a fact no item declares is an error). At
    most one fine is kept: the one under the item whose statutory fine is higher; the other
    items' fines are removed, and their traces say so. Legality review is required (Art. 58 (3):
    several legal relationships) where the general part says so.

    Raises:
        the same errors as :func:`evaluate`; FactError for a fact no item declares.
    """
    if len(set(items)) != len(items) or not items:
        raise CaseError("evaluate_act needs distinct item codes, at least one", field="items")
    engine = get_backend(backend)
    declared = {code: set(ruleset.item(code).fields) for code in items}
    everything = set().union(*declared.values())
    unknown = sorted(set(facts) - everything)
    if unknown:
        raise FactError(
            f"facts {unknown} are declared by none of the items {list(items)}",
            field=unknown[0],
            hint=did_you_mean(unknown[0], everything),
        )
    several = len(items) > 1
    recs = [
        _evaluate(
            ruleset,
            code,
            {k: v for k, v in facts.items() if k in declared[code]},
            violation_date,
            decision_date,
            engine,
            several,
        )
        for code in items
    ]
    fined = [r for r in recs if r.penalty("fine") is not None]
    if len(fined) < 2:
        return ActRecommendation(tuple(recs), fined[0].item if fined else None)
    keep = max(fined, key=_fine_weight)
    out = []
    for rec in recs:
        if rec is keep or rec.penalty("fine") is None:
            out.append(rec)
            continue
        # Evaluate again without the fine, so that everything that depends on it (the outcome,
        # the procedure flags) is computed on what is actually recommended.
        item = ruleset.item(rec.item)
        label, label_en, sources = item.principles.get("one_act", ("", "", item.penalty_basis))
        step = Step(
            "combine",
            "general/one_act",
            f"fine of {rec.item} against fine of {keep.item}",
            (),
            "fine_removed",
            sources,
            (("label", label), ("label_en", label_en), ("kept", keep.item), ("removed", rec.item)),
        )
        out.append(
            _evaluate(
                ruleset,
                rec.item,
                {k: v for k, v in facts.items() if k in declared[rec.item]},
                violation_date,
                decision_date,
                engine,
                several,
                step,
            )
        )
    return ActRecommendation(tuple(out), keep.item)


def _fine_weight(rec: Recommendation) -> tuple[Decimal, Decimal]:
    fine = rec.penalty("fine")
    assert fine is not None
    return (fine.statutory_max or ZERO, fine.statutory_min or ZERO)


def _evaluate(
    ruleset: RuleSet,
    code: str,
    facts: Mapping[str, Any],
    violation_date: dt.date | None,
    decision_date: dt.date | None,
    backend: Backend,
    several: bool,
    drop: Step | None = None,
) -> Recommendation:
    latest = ruleset.item(code)
    when = violation_date or _date_from_facts(latest, facts)
    versions = ruleset.versions(code)
    if when is None:
        if len(versions) > 1:
            raise CaseError(
                f"item {code} has {len(versions)} versions: give the violation date "
                "(violation_date, or the fact act_date) so the version in force can be chosen",
                item=code,
                field="violation_date",
            )
        old = latest
    else:
        old = ruleset.item(code, on=when)
    rec = _run(old, facts, backend, when, decision_date, several, drop)
    if decision_date is None or when is None or decision_date <= when:
        return rec
    info = ruleset.in_force(code, decision_date)
    if info is None or info.digest == old.standard.digest:
        return rec
    new = ruleset.version_on(code, decision_date)
    return _transition(
        old, new, info.version, rec, facts, backend, when, decision_date, several, drop
    )


def _run(
    item: CompiledItem,
    facts: Mapping[str, Any],
    backend: Backend,
    violation_date: dt.date | None,
    decision_date: dt.date | None,
    several: bool,
    drop: Step | None = None,
) -> Recommendation:
    values = validate_facts(item.fields, facts, item.code)
    given = tuple(sorted(k for k in facts if facts[k] is not None))
    evaluation = _Evaluation(item, values, backend, several, given, drop)
    return evaluation.run(violation_date, decision_date)


def _transition(
    old: CompiledItem,
    new: CompiledItem | None,
    new_version: str,
    old_rec: Recommendation,
    facts: Mapping[str, Any],
    backend: Backend,
    violation_date: dt.date,
    decision_date: dt.date,
    several: bool,
    drop: Step | None = None,
) -> Recommendation:
    """Art. 37: keep the old version's recommendation unless the new version is lighter."""
    label, label_en, sources = old.principles.get("transition", ("", "", old.penalty_basis))
    detail: list[tuple[str, Any]] = [
        ("label", label),
        ("label_en", label_en),
        ("old_version", old.standard.version),
        ("new_version", new_version),
    ]
    if new is None:
        step = Step(
            "version",
            "general/transition",
            "the new version no longer lists the item",
            (),
            "no_longer_punished",
            sources,
            (*detail, ("applied", new_version)),
        )
        return replace(
            old_rec,
            outcome="no_penalty",
            penalties=(),
            optional_penalties=(),
            options=(),
            flags=Flags(),
            steps=(old_rec.steps[0], step, *old_rec.steps[1:]),
            notes=(*old_rec.notes, "no_longer_punished"),
        )
    known = set(new.fields)
    new_rec = _run(
        new,
        {k: v for k, v in facts.items() if k in known},
        backend,
        violation_date,
        decision_date,
        several,
        drop,
    )
    lighter = _lighter(new_rec, old_rec)
    chosen = new_rec if lighter else old_rec
    step = Step(
        "version",
        "general/transition",
        "is the version in force at the decision lighter?",
        (),
        "new_lighter" if lighter else "old_applies",
        sources,
        (*detail, ("applied", chosen.ruleset.version)),
    )
    return replace(chosen, steps=(chosen.steps[0], step, *chosen.steps[1:]))


def _lighter(new: Recommendation, old: Recommendation) -> bool:
    """Is ``new`` clearly lighter than ``old``: fewer or equal kinds and no higher amount, and
    lighter in at least one way? A mixed change (lighter in one way, heavier in another) is not."""
    if old.outcome == "no_penalty":
        return False
    if new.outcome == "no_penalty":
        return True
    old_kinds = {p.kind for p in old.penalties}
    new_kinds = {p.kind for p in new.penalties}
    if not new_kinds <= old_kinds:
        return False
    strictly = new_kinds < old_kinds
    old_by = {p.kind: p for p in old.penalties}
    for p in new.penalties:
        q = old_by[p.kind]
        for a, b in ((p.min, q.min), (p.max, q.max)):
            if a is None or b is None:
                continue
            if a > b:
                return False
            strictly = strictly or a < b
    return strictly


def _date_from_facts(item: CompiledItem, facts: Mapping[str, Any]) -> dt.date | None:
    limitation = item.limitation
    if limitation is None or not isinstance(facts, Mapping):
        return None  # the fact validation that follows reports a non-mapping
    names = (limitation.end, limitation.start)
    for name in names:
        if name and facts.get(name) is not None and name in item.fields:
            try:
                value = item.fields[name].convert(facts[name])
            except Exception:  # the fact validation that follows reports it
                return None
            return value if isinstance(value, dt.date) else None
    return None


class _Evaluation:
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
        self.steps: list[Step] = []

    def read(self, names: tuple[str, ...]) -> tuple[tuple[str, Any], ...]:
        facts = self.facts
        return tuple([(n, facts[n]) for n in names])

    def run(self, violation_date: dt.date | None, decision_date: dt.date | None) -> Recommendation:
        item = self.item
        found = tuple(sorted(self.facts.items()))
        self.steps.append(
            Step(
                "facts",
                f"{item.code}/facts",
                "facts validated against the item's schema",
                found,
                True,
                item.legal_basis,
                (
                    ("item", item.code),
                    ("item_name_en", item.name_en),
                    ("title_en", item.standard.title_en or item.standard.title),
                    ("labels", item.labels),
                    ("labels_en", item.labels_en),
                    ("given", self.given),
                    ("penalty_basis", tuple((s.key, s.zh, s.en) for s in item.penalty_basis)),
                ),
            )
        )
        std = item.standard
        ref = RulesetRef(std.id, std.version, std.digest, std.title)
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
                steps=tuple(self.steps),
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
                Step(
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
            steps=tuple(self.steps),
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
                Step(
                    "gate",
                    f"general/grounds/{ground.id}",
                    ground.when.source,
                    self.read(ground.when.reads),
                    ground.effect,
                    ground.sources,
                    (("label", ground.label), ("label_en", ground.label_en)),
                )
            )
        if item.limitation is not None and self.limitation(item.limitation):
            barred.append("limitation")
        if not barred and not waivable and item.grounds:
            self.steps.append(
                Step(
                    "gate",
                    "general/grounds",
                    "no ground for not imposing a penalty holds",
                    (),
                    "none",
                    item.ground_sources,
                    (
                        ("label", "不予处罚情形均不成立"),
                        ("label_en", "no ground for not imposing a penalty holds"),
                        ("tested", tuple(g.id for g in item.grounds)),
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
        reads = tuple(n for n in (lim.start, lim.end, lim.discovered) if n)
        years, cond, label, sources = next(
            (p for p in lim.periods if p[1] is None or p[1](self.facts)), lim.periods[-1]
        )
        if start is None or discovered is None:
            self.steps.append(
                Step(
                    "gate",
                    "general/limitation",
                    "limitation period (dates not given)",
                    self.read(reads),
                    "not_checked",
                    sources,
                    (("label", label[0]), ("label_en", label[1]), ("years", years)),
                )
            )
            return False
        deadline = _add_years(start, years)
        expired = bool(discovered > deadline)
        self.steps.append(
            Step(
                "gate",
                "general/limitation",
                f"{lim.discovered} > {lim.end or lim.start} + {years} years",
                self.read(reads + (cond.reads if cond else ())),
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
        held: list[CompiledLevel] = []
        tested: list[Step] = []
        for level, ok in zip(
            self.item.levels, self.backend.levels(self.item, self.facts), strict=True
        ):
            if ok:
                held.append(level)
            tested.append(
                Step(
                    "level",
                    f"{self.item.code}/levels/{level.id}",
                    level.when.source,
                    self.read(level.when.reads),
                    ok,
                    level.sources,
                    (
                        ("level", level.id),
                        ("label", level.label),
                        ("label_en", level.label_en),
                        ("circumstances", level.circumstances),
                    ),
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
        for circ, ok in zip(
            self.item.circumstances,
            self.backend.circumstances(self.item, self.facts),
            strict=True,
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
                Step(
                    "circumstance",
                    f"{self.item.code}/circumstances/{circ.id}",
                    circ.when.source,
                    self.read(circ.when.reads),
                    circ.kind,
                    circ.sources,
                    (("label", circ.label), ("mandatory", circ.mandatory)),
                )
            )
        if self.item.adjustment.combine == "mitigation_prevails":
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
        for clause in self.item.clauses:
            rule = f"{self.item.code}/penalties/{clause.id}"
            if clause.levels is not None and level.id not in clause.levels:
                if stage == "penalty":
                    self.steps.append(
                        Step(
                            "penalty",
                            rule,
                            "levels: " + ", ".join(sorted(clause.levels)),
                            (),
                            "not_at_level",
                            clause.sources,
                            (
                                ("label", clause.label),
                                ("label_en", clause.label_en),
                                ("levels", tuple(sorted(clause.levels))),
                                ("level", level.label),
                            ),
                        )
                    )
                continue
            if clause.when is not None and not clause.when(self.facts):
                if stage == "penalty":
                    self.steps.append(
                        Step(
                            "penalty",
                            rule,
                            clause.when.source,
                            self.read(clause.when.reads),
                            "not_applicable",
                            clause.sources,
                            (("label", clause.label), ("label_en", clause.label_en)),
                        )
                    )
                continue
            if self.drop is not None and clause.kind == "fine":
                if stage == "penalty":
                    self.steps.append(self.drop)
                continue
            chosen = clause.mode in _MANDATORY or clause.id in level.impose
            penalty = self.measure(clause, level, net, reduce, chosen, stage)
            if chosen:
                imposed.append(penalty)
            else:
                optional.append(penalty)
        return imposed, optional

    def measure(
        self,
        clause: CompiledClause,
        level: CompiledLevel,
        net: int,
        reduce: bool,
        chosen: bool,
        stage: str,
    ) -> Penalty:
        rule = f"{self.item.code}/penalties/{clause.id}"
        reads = clause.when.reads if clause.when else ()
        outcome = "imposed" if chosen else "optional"
        head: tuple[tuple[str, Any], ...] = (
            ("label", clause.label),
            ("label_en", clause.label_en),
            ("mode", clause.mode),
            ("kind", clause.kind),
            ("group", clause.group),
        )
        if clause.amount is None:
            if stage == "penalty":
                self.steps.append(
                    Step(stage, rule, clause.mode, self.read(reads), outcome, clause.sources, head)
                )
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
        self.steps.append(
            Step(stage, rule, clause.mode, self.read(reads), outcome, clause.sources, tuple(detail))
        )
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
            Step(
                "procedure",
                "procedure/summary",
                "warning, or fine ≤ threshold",
                (("party_type", party),),
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
            Step(
                "procedure",
                "procedure/hearing",
                "heavy penalty kind, or fine ≥ threshold",
                (("party_type", party),),
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
            Step(
                "procedure",
                "procedure/review",
                "grounds of Art. 58 ¶1",
                self.read(reads),
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
