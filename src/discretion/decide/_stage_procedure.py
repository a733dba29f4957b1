"""The procedure flags: summary procedure (Art. 51), hearing (Art. 63), legality review (Art. 58)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from ..errors import CaseError
from ..format._vocabulary import HEARING_KINDS
from ._result import (
    Flags,
    Penalty,
)
from ._state import State


class ProcedureStage(State):
    """The procedure flags: summary procedure (Art. 51), hearing (Art. 63), legality review (Art. 58)."""

    __slots__ = ()

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


def _threshold(table: Mapping[str, Decimal] | None, party: str, item: str, name: str) -> Decimal:
    try:
        return (table or {})[party]
    except KeyError:
        raise CaseError(
            f"procedure parameter {name} has no threshold for party type {party!r}",
            item=item,
            field=name,
        ) from None
