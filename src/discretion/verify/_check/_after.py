"""Adjustments after banding (issue 20, point 5): each declared step can apply.

Enters: a compiled item with ``after_banding`` steps (:mod:`discretion.compile._after`). The loader
has checked their conditions, ids, shares and that the item has a primary clause with an amount.
Checks ``after_unreachable``: a step whose condition holds for no facts where a level applies, so
the rule it encodes is never applied — by the same enumeration as the levels
(:func:`~discretion.verify._domain.space`). Leaves: problems.
"""

from __future__ import annotations

from typing import Any

from ...compile._after import CompiledSum
from ...compile._records import CompiledItem
from ._context import Checker
from ._reach import reachable


def check_after(ctx: Checker, item: CompiledItem, base: tuple[int | str, ...]) -> None:
    if not item.after:
        return
    what = ("裁量后的比例调整", "after_banding")
    # every condition, with the step (and, in a summed step, the factor) it belongs to
    conds: list[tuple[Any, tuple[int | str, ...], str, str]] = []
    for i, step in enumerate(item.after):
        if isinstance(step, CompiledSum):
            for j, factor in enumerate(step.factors):
                path = (*base, "after_banding", i, "factors", j, "when")
                conds.append((factor.when, path, f"{step.label}：{factor.label}", factor.id))
        else:
            conds.append((step.when, (*base, "after_banding", i, "when"), step.label, step.id))
    reached = reachable(ctx, item, [c[0] for c in conds], what)
    if reached is None:
        return
    for k, (when, path, label, ident) in enumerate(conds):
        if k not in reached:
            ctx.report(
                "after_unreachable",
                item,
                path,
                f"裁量后的比例调整「{label}」永远不会适用：条件 {when.source} 在任何适用"
                "阶次的事实下都不成立",
                f"adjustment {ident!r} never applies: {when.source} holds for no facts "
                "where a level applies",
            )
