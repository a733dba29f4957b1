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
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Protocol

from .amounts import Scale, adjust, reduce_range, to_amount
from .errors import CaseError, LevelConflictError, LevelGapError
from .facts import validate_facts
from .loader import CompiledClause, CompiledItem, CompiledLevel, RuleSet
from .result import (
    AppliedCircumstance,
    Flags,
    Outcome,
    Penalty,
    Recommendation,
    RulesetRef,
    Step,
)
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
        return tuple(level.when(facts) for level in item.levels)

    def circumstances(self, item: CompiledItem, facts: Mapping[str, Any]) -> tuple[bool, ...]:
        return tuple(circ.when(facts) for circ in item.circumstances)


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
        violation_date: when the act occurred (or ended, for a continuing act).
        decision_date: when the penalty is decided.
        backend: ``"python"`` (default, the source of truth) or ``"durable"``.

    Returns:
        The frozen :class:`~discretion.result.Recommendation`.

    Raises:
        UnknownItemError: no item has this code.
        FactError: a fact is unknown, missing, of the wrong type or out of bounds.
        LevelGapError / LevelConflictError: the standard has no level, or several, for the facts.
    """
    engine = get_backend(backend)
    compiled = ruleset.item(item)
    values = validate_facts(compiled.fields, facts, compiled.code)
    return _Evaluation(compiled, values, engine).run(violation_date, decision_date)


class _Evaluation:
    """The state of one evaluation; never shared between calls."""

    __slots__ = ("backend", "facts", "item", "steps")

    def __init__(self, item: CompiledItem, facts: dict[str, Any], backend: Backend) -> None:
        self.item = item
        self.facts = facts
        self.backend = backend
        self.steps: list[Step] = []

    def read(self, names: tuple[str, ...]) -> tuple[tuple[str, Any], ...]:
        return tuple((n, self.facts[n]) for n in names)

    def run(self, violation_date: dt.date | None, decision_date: dt.date | None) -> Recommendation:
        item = self.item
        self.steps.append(
            Step(
                "facts",
                f"{item.code}/facts",
                "facts validated against the item's schema",
                tuple(sorted(self.facts.items())),
                True,
                item.legal_basis,
                (("item", item.code), ("labels", item.labels)),
            )
        )
        level = self.classify()
        net, reduce, applied = self.circumstances(level)
        penalties, optional = self.penalties(level, net, reduce)
        reduced = any(p.reduced for p in penalties)
        flags = self.procedure(penalties, reduced)
        outcome: Outcome = "penalty" if penalties else "no_penalty"
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
        std = item.standard
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
            facts=tuple(sorted(self.facts.items())),
            steps=tuple(self.steps),
            ruleset=RulesetRef(std.id, std.version, std.digest, std.title),
            violation_date=violation_date,
            decision_date=decision_date,
        )

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
    def circumstances(self, level: CompiledLevel) -> tuple[int, bool, list[AppliedCircumstance]]:
        net = 0
        reduce = level.reduce
        applied: list[AppliedCircumstance] = []
        for circ, ok in zip(
            self.item.circumstances,
            self.backend.circumstances(self.item, self.facts),
            strict=True,
        ):
            if not ok:
                continue
            if circ.kind == "aggravate":
                net += 1
            elif circ.kind == "mitigate":
                net -= 1
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
        return net, reduce, applied

    # -- 5 & 6 measure and combine -----------------------------------------------------------
    def penalties(
        self, level: CompiledLevel, net: int, reduce: bool
    ) -> tuple[list[Penalty], list[Penalty]]:
        imposed: list[Penalty] = []
        optional: list[Penalty] = []
        for clause in self.item.clauses:
            rule = f"{self.item.code}/penalties/{clause.id}"
            if clause.levels is not None and level.id not in clause.levels:
                continue
            if clause.when is not None and not clause.when(self.facts):
                self.steps.append(
                    Step(
                        "penalty",
                        rule,
                        clause.when.source,
                        self.read(clause.when.reads),
                        "not_applicable",
                        clause.sources,
                        (("label", clause.label),),
                    )
                )
                continue
            chosen = clause.mode in _MANDATORY or clause.id in level.impose
            penalty = self.measure(clause, level, net, reduce, chosen)
            if chosen:
                imposed.append(penalty)
            else:
                optional.append(penalty)
        return imposed, optional

    def measure(
        self, clause: CompiledClause, level: CompiledLevel, net: int, reduce: bool, chosen: bool
    ) -> Penalty:
        rule = f"{self.item.code}/penalties/{clause.id}"
        reads = clause.when.reads if clause.when else ()
        outcome = "imposed" if chosen else "optional"
        if clause.amount is None:
            self.steps.append(
                Step(
                    "penalty",
                    rule,
                    clause.mode,
                    self.read(reads),
                    outcome,
                    clause.sources,
                    (("label", clause.label), ("mode", clause.mode), ("kind", clause.kind)),
                )
            )
            return Penalty(
                clause.id, clause.kind, clause.label, clause.label_en, clause.mode, imposed=chosen
            )
        scale = clause.amount.resolve(self.facts, self.item.code)
        detail: list[tuple[str, Any]] = [
            ("label", clause.label),
            ("mode", clause.mode),
            ("kind", clause.kind),
            *_scale_detail(scale),
        ]
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
        reads = tuple(dict.fromkeys(reads + ((scale.base,) if scale.base else ())))
        self.steps.append(
            Step(
                "penalty",
                rule,
                clause.mode,
                self.read(reads),
                outcome,
                clause.sources,
                tuple(detail),
            )
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
        # Art. 58 (2): a case that concerns the party's major rights and went through a hearing.
        review = hearing
        self.steps.append(
            Step(
                "procedure",
                "procedure/review",
                "hearing right (Art. 58 (2))",
                (),
                review,
                item.procedure_sources["review"],
                (("flag", "legality_review"),),
            )
        )
        return Flags(summary, hearing, review, reduced)


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
