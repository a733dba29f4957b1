"""Adjustments after banding (issue 20, point 5): each declared step can apply.

Enters: a compiled item with ``after_banding`` steps (:mod:`discretion.compile._after`). The loader
has checked their conditions, ids, shares and that the item has a primary clause with an amount.
Checks ``after_unreachable``: a step whose condition holds for no facts where a level applies, so
the rule it encodes is never applied — by the same enumeration as the levels
(:func:`~discretion.verify._domain.space`). Leaves: problems.
"""

from __future__ import annotations

from ...compile._records import CompiledItem
from ._context import Checker
from ._reach import reachable


def check_after(ctx: Checker, item: CompiledItem, base: tuple[int | str, ...]) -> None:
    if not item.after:
        return
    what = ("裁量后的比例调整", "after_banding")
    reached = reachable(ctx, item, [s.when for s in item.after], what)
    if reached is None:
        return
    for i, step in enumerate(item.after):
        if i not in reached:
            ctx.report(
                "after_unreachable",
                item,
                (*base, "after_banding", i, "when"),
                f"裁量后的比例调整「{step.label}」永远不会适用：条件 {step.when.source} 在任何适用"
                "阶次的事实下都不成立",
                f"adjustment {step.id!r} never applies: {step.when.source} holds for no facts "
                "where a level applies",
            )
