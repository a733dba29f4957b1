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

This module orders the stages; each lives in its own module over the shared state (``_state``):
``_stage_gate`` (grounds, limitation), ``_stage_level`` (level, circumstances), ``_stage_measure``
(each penalty's range) and ``_stage_procedure`` (Art. 51, 63, 58 flags).
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from ._result import (
    Flags,
    Option,
    Outcome,
    Recommendation,
    Step,
    Trace,
)
from ._stage_derive import DeriveStage
from ._stage_gate import GateStage
from ._stage_kinds import KindStage
from ._stage_level import LevelStage
from ._stage_parties import PartyStage
from ._stage_procedure import ProcedureStage


class Evaluation(DeriveStage, GateStage, LevelStage, PartyStage, KindStage, ProcedureStage):
    """One evaluation: the stages in their order, and the trace they record.

    The stages live in their own modules (``_stage_gate``, ``_stage_level``, ``_stage_measure``,
    ``_stage_procedure``) over the shared :class:`~._state.State`; this class only orders them.
    """

    __slots__ = ()

    def trace(self) -> tuple[Step, ...]:
        """The recorded steps, for ``Recommendation.steps``, which builds them when first read."""
        return cast("tuple[Step, ...]", Trace(self.facts, tuple(self.steps)))

    def run(self, violation_date: dt.date | None, decision_date: dt.date | None) -> Recommendation:
        item = self.item
        derived = self.derive(item.derived) if item.derived is not None else ()
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
        self.steps.extend(derived)
        ref = item.ref
        if item.applies_to is not None:
            self.check_applies()
        barred, waivable = self.gate(violation_date, decision_date)
        if barred:
            kept = self.kept_penalties(barred, None) if item.needs_reference else ()
            return Recommendation(
                outcome="no_penalty",
                item=item.code,
                item_name=item.name,
                level=None,
                level_label=None,
                penalties=(),
                optional_penalties=(),
                circumstances=(),
                # no procedure declared (issue 20 point 12): the flags are unknown, not false
                flags=Flags() if item.procedure is not None else Flags(None, None, None),
                orders=item.orders,
                facts=found,
                steps=self.trace(),
                ruleset=ref,
                violation_date=violation_date,
                decision_date=decision_date,
                grounds=tuple(barred),
                kept=kept,
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
        parties = self.party_penalties(level) if item.parties else ()
        reduced = any(p.reduced for p in penalties)
        if item.kinds:
            self.kind_steps(penalties, optional)
        flags = self.procedure(penalties, reduced)
        kept = self.kept_penalties(waivable, tuple(penalties)) if item.needs_reference else ()
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
            parties=parties,
            kept=kept,
        )

    # -- 2 gate: no-penalty grounds and limitation ---------------------------------------------
