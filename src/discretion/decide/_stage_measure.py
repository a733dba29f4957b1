"""Each penalty measured: statutory range, level band, circumstance adjustment, rounding and clamping."""

from __future__ import annotations

from typing import Any

from ..compile._amounts import Scale, adjust, reduce_range, to_amount
from ..compile._records import CompiledClause, CompiledLevel
from ._result import (
    Penalty,
)
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
            if chosen and penalty.imposed:
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
            if scale.base not in reads:
                reads = (*reads, str(scale.base))
            self.steps.append((stage, rule, clause.mode, reads, outcome, sources, tuple(detail)))
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
                False,
                chosen,
            )
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
            return Penalty(
                clause.id,
                clause.kind,
                clause.label,
                clause.label_en,
                clause.mode,
                None,
                None,
                scale.unit,
                smin,
                smax,
                True,
                False,
            )
        if scale.base and scale.base not in reads:
            reads = (*reads, scale.base)
        self.steps.append((stage, rule, clause.mode, reads, outcome, sources, tuple(detail)))
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
