"""单处或者并处 decided per level, and recorded as a step of its own (format 2, issue 20 point 8).

《中华人民共和国消费者权益保护法》（2013）第五十六条: "可以根据情节单处或者并处警告、没收违法所得、处以
违法所得一倍以上十倍以下的罚款". The level imposes one or several members of the group (its
``impose``); the officer may still add the members its ``may_add`` names (all the others when it
names none). One ``combine`` step per group says which were chosen — 单处 (one) or 并处 (several)
— which the officer may add, which the level does not allow and which do not apply, and cites
the members' provisions, so the justification can say that the statute allows 单处或者并处.
Recorded only by the reference pipeline (such items are ``needs_reference``).
"""

from __future__ import annotations

from typing import Any

from ..compile._modes import not_allowed
from ..compile._records import CompiledClause, CompiledItem, CompiledLevel
from ._result import Penalty, StepRecord


def not_allowed_step(rule: str, clause: CompiledClause, level: CompiledLevel) -> StepRecord:
    """The step of a member the level leaves out of the group (``may_add`` does not name it)."""
    return (
        "penalty",
        rule,
        clause.mode,
        (),
        "not_allowed",
        clause.sources,
        (*clause.head, ("level", level.label)),
    )


def group_steps(
    item: CompiledItem,
    level: CompiledLevel,
    imposed: list[Penalty],
    optional: list[Penalty],
) -> list[StepRecord]:
    """One step per 单处或者并处 group that can apply at ``level``."""
    groups: dict[str, list[CompiledClause]] = {}
    for clause in item.clauses:
        here = clause.levels is None or level.id in clause.levels
        if clause.mode == "single_or_combined" and clause.group is not None and here:
            groups.setdefault(clause.group, []).append(clause)
    chosen_ids = {p.id for p in imposed}
    open_ids = {p.id for p in optional}
    out: list[StepRecord] = []
    for group, members in groups.items():
        chosen = tuple(c.id for c in members if c.id in chosen_ids)
        may_add = tuple(c.id for c in members if c.id in open_ids)
        left = tuple(c.id for c in members if not_allowed(c, level))
        # what neither list holds nor the level leaves out: its condition failed, or nothing
        # was found to confiscate (an amount equal to a fact of zero)
        absent = tuple(
            c.id for c in members if c.id not in chosen_ids | open_ids and c.id not in left
        )
        sources = tuple(dict.fromkeys(s for c in members for s in c.sources))
        detail: tuple[tuple[str, Any], ...] = (
            ("single_or_combined", group),
            ("members", tuple((c.id, c.label, c.label_en) for c in members)),
            ("chosen", chosen),
            ("may_add", may_add),
            ("not_allowed", left),
            ("not_applicable", absent),
            ("level", level.label),
        )
        outcome = "none" if not chosen else ("single" if len(chosen) == 1 else "combined")
        out.append(
            (
                "combine",
                f"{item.code}/groups/{group}",
                "single_or_combined",
                (),
                outcome,
                sources,
                detail,
            )
        )
    return out
