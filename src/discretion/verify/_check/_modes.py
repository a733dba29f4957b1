"""A level's ``impose`` against the combination modes (format 2, issue 20 point 8).

Enters: a compiled item. Checks ``group_empty``: a level of an item with an alternative (A 或者 B)
or 单处或者并处 group whose imposed members can all lapse for some facts the level holds on — each
member's own condition fails, or it is an amount equal to a fact that can be zero (没收违法所得 with
no gains found) — so that the level imposes none of the group, which the mode does not allow; an
error, with the facts as the counter-example. ``branch_mode_same``: a branch whose own mode is the
clause's (a warning: the branch's ``mode`` changes nothing). Leaves: problems.

(That an alternative's level imposes exactly one, and a 单处或者并处 level at least one, are
load-time errors: ``compile._items_penalties``.)
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from ...compile._amounts2 import EqualsAmount
from ...compile._records import CompiledClause, CompiledItem
from .._domain import space
from ._context import Checker

_GROUPED = ("alternative", "single_or_combined")


def _lapses(clause: CompiledClause, facts: Mapping[str, Any]) -> bool:
    if clause.when is not None and not clause.when(facts):
        return True
    amount = clause.amount
    return isinstance(amount, EqualsAmount) and not facts.get(amount.base)


def check_modes(ctx: Checker, item: CompiledItem, base: tuple[int | str, ...]) -> None:
    gates = [g.when for g in item.grounds if g.effect == "no_penalty"]
    for li, level in enumerate(item.levels):
        if level.reduce:
            continue
        groups: dict[str, list[CompiledClause]] = {}
        for c in item.clauses:
            if c.mode in _GROUPED and c.group and (c.levels is None or level.id in c.levels):
                groups.setdefault(c.group, []).append(c)
        for group, members in groups.items():
            chosen = [c for c in members if c.id in level.impose]
            if not chosen:
                continue  # a load error already
            conds = [level.when, *(c.when for c in chosen if c.when is not None)]
            bases = [c.amount.base for c in chosen if isinstance(c.amount, EqualsAmount)]
            region = space(item, [*conds, *gates], bases)
            for facts in itertools.islice(region, ctx.limit):
                ctx.combinations += 1
                if not level.when(facts) or any(g(facts) for g in gates):
                    continue
                if all(_lapses(c, facts) for c in chosen):
                    names = "、".join(c.label for c in chosen)
                    ctx.report(
                        "group_empty",
                        item,
                        (*base, "levels", li, "impose"),
                        f"阶次「{level.label}」在处罚组 {group!r} 中选择的「{names}」在某些事实下均不适用"
                        "（条件不成立，或等于某一事实而该事实为零），该阶次将不给予组内任何一项",
                        f"level {level.id!r} imposes {[c.id for c in chosen]} of group {group!r}, "
                        "and for some facts none of them applies (its condition fails, or it "
                        "equals a fact that is zero): the level would impose none of the group",
                        example=region.shown(facts),
                        hint="impose a member that always applies at this level (e.g. 警告 or the fine)",
                    )
                    break


def check_branch_modes(ctx: Checker, item: CompiledItem, base: tuple[int | str, ...]) -> None:
    for ci, clause in enumerate(item.clauses):
        for case, mode in clause.case_modes.items():
            if mode == clause.mode:
                ctx.report(
                    "branch_mode_same",
                    item,
                    (*base, "penalties", ci, "amount"),
                    f"处罚「{clause.label}」的分支 {case!r} 写明的并处方式与条款相同（{mode}），可以删除",
                    f"branch {case!r} of clause {clause.id!r} gives the clause's own mode "
                    f"({mode}): the branch's mode changes nothing",
                    severity="warning",
                )
