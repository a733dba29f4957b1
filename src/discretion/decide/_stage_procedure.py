"""The procedure flags: summary procedure (Art. 51), hearing (Art. 63), legality review (Art. 58)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..compile._kinds import hearing_kinds
from ..errors import CaseError
from ..format._vocabulary import HEARING_KINDS, UNSET
from ._result import (
    Flags,
    Penalty,
)
from ._state import State

YUAN = "元"
"""The unit of the thresholds of Art. 51 and Art. 63 (人民币元)."""


class ProcedureStage(State):
    """The procedure flags: summary procedure (Art. 51), hearing (Art. 63), legality review (Art. 58)."""

    __slots__ = ()

    def procedure(self, penalties: list[Penalty], reduced: bool) -> Flags:
        item = self.item
        proc = item.procedure
        if proc is None:
            return self.no_procedure(reduced)
        party = self.facts.get("party_type")
        if not isinstance(party, str):
            raise CaseError(
                "procedure flags need the fact 'party_type'; declare it in the general part",
                item=item.code,
                field="party_type",
            )
        fine = next((p for p in penalties if p.kind == "fine"), None)
        kinds = {p.kind for p in penalties}
        # A fine in another currency or unit is never compared with the 元 thresholds.
        unit = other_unit(fine)
        # Nor one whose amount another body sets (format 2: 罚款数额由省级人民政府规定): no figure.
        set_by = fine_set_by(self.steps, fine)
        in_yuan = unit is None and set_by is None

        summary_max = _threshold(proc.summary_fine_max, party, item.code, "summary_fine_max")
        # Art. 51 (and 治安管理处罚法 Art. 100) allow it for a warning or a fine only: any other
        # kind rules it out whatever the fine, and the note says which kind did.
        others = tuple(sorted(kinds - {"warning", "fine"}))
        own_labels = tuple(
            (k, item.kinds[k].label, item.kinds[k].label_en) for k in others if k in item.kinds
        )
        summary = (
            bool(penalties)
            and kinds <= {"warning", "fine"}
            and (fine is None or (in_yuan and fine.max is not None and fine.max <= summary_max))
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
                    ("fine_min", fine.min if fine else None),
                    ("other_kinds", others),
                    ("kind_labels", own_labels),
                    *unit_detail(unit),
                    *((("fine_set_by", set_by),) if set_by else ()),
                ),
            )
        )

        hearing_min = _threshold(proc.hearing_fine_min, party, item.code, "hearing_fine_min")
        declared = item.kinds
        heavy = sorted(kinds & (hearing_kinds(declared) if declared else HEARING_KINDS))
        # A declared heavy kind: the note names it by its label and cites the law setting it.
        own = [declared[k] for k in heavy if k in declared]
        # A threshold no applicable source fixes (由制定机关设定) decides nothing: the large-fine
        # ground is left open and the note says so; the heavy kinds still give the right.
        unset = hearing_min == UNSET
        large_fine = (
            not unset
            and in_yuan
            and fine is not None
            # an open range (处五万元以上罚款, format 2) has no maximum: it reaches any threshold
            and ((fine.max is None and fine.min is not None) or (fine.max or 0) >= hearing_min)
        )
        hearing = bool(heavy) or large_fine
        self.steps.append(
            (
                "procedure",
                "procedure/hearing",
                "heavy penalty kind, or fine ≥ threshold",
                ("party_type",),
                hearing,
                item.procedure_sources["hearing"]
                if not own
                else tuple(dict.fromkeys((*item.procedure_sources["hearing"], *own_sources(own)))),
                (
                    ("flag", "hearing"),
                    ("threshold", None if unset else hearing_min),
                    ("kinds", tuple(heavy)),
                    ("fine_max", fine.max if fine else None),
                    ("threshold_unset", unset),
                    *unit_detail(unit),
                    *((("fine_set_by", set_by),) if set_by else ()),
                    *(
                        (("kind_labels", tuple((k.id, k.label, k.label_en) for k in own)),)
                        if own
                        else ()
                    ),
                ),
            )
        )
        # Art. 58 ¶1 (二) needs a hearing held (经过听证程序的), not the right to one: with a
        # hearing right it is stated as conditional, apart from the grounds that hold now.
        held = [
            g
            for g in item.review_grounds
            if (g.when is not None and g.when(self.facts)) or (g.on_several_items and self.several)
        ]
        if_heard = [g for g in item.review_grounds if g.on_hearing and hearing and g not in held]
        reads = tuple(dict.fromkeys(n for g in held if g.when for n in g.when.reads))
        self.steps.append(
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
        return Flags(summary, hearing, bool(held), reduced)

    def no_procedure(self, reduced: bool) -> Flags:
        """A standard that uses no general part and declares no procedure (issue 20 point 12):
        the flags are unknown (``None``), and one step, citing the item's penalty basis, says
        that the law applied sets its own procedure, not encoded in the standard."""
        item = self.item
        self.steps.append(
            (
                "procedure",
                "procedure/none",
                "the standard declares no procedure",
                (),
                "none",
                item.penalty_basis,
                (("flag", "none"),),
            )
        )
        return Flags(None, None, None, reduced)


def other_unit(fine: Penalty | None) -> str | None:
    """The unit of a fine that is not counted in 元 (美元, 日…), else ``None``.

    The thresholds of Art. 51 (当场处罚: 200 元 / 3000 元) and of Art. 63 (较大数额罚款, set by
    provinces and agencies in 元) are sums of 人民币元. A fine in another currency has to be
    converted at the rate the law prescribes before it can be compared with them, and an amount
    in days or points cannot be compared at all: every path (this stage, ``decide._scalar``, the
    column plan) leaves such a fine out of the comparison and the note says why.
    """
    if fine is None or fine.unit is None or fine.unit == YUAN:
        return None
    return fine.unit


def unit_detail(unit: str | None) -> tuple[tuple[str, str], ...]:
    """The step's ``fine_unit`` pair, only for a fine not in 元 (a fine in 元 adds nothing)."""
    return () if unit is None else (("fine_unit", unit),)


def _threshold(table: Mapping[str, Any] | None, party: str, item: str, name: str) -> Any:
    try:
        return (table or {})[party]
    except KeyError:
        raise CaseError(
            f"procedure parameter {name} has no threshold for party type {party!r}",
            item=item,
            field=name,
        ) from None


def fine_set_by(steps: list[Any], fine: Penalty | None) -> tuple[str, str] | None:
    """(who, who in English) when the fine's amount is set by another body (its step says
    ``set_by``), else ``None``: such a fine is compared with no threshold, and the note says why."""
    if fine is None or fine.min is not None or fine.max is not None:
        return None
    for record in reversed(steps):
        rule, detail = (record[1], record[6]) if isinstance(record, tuple) else (record.rule, ())
        if rule.endswith(f"/penalties/{fine.id}"):
            pairs = dict(detail)
            by = pairs.get("set_by")
            return (str(by), str(pairs.get("set_by_en") or by)) if by else None
    return None


def own_sources(kinds: list[Any]) -> tuple[Any, ...]:
    """The citations of the declared heavy kinds (the law setting each), in order."""
    return tuple(s for k in kinds for s in k.sources)
