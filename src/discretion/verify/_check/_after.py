"""Adjustments after banding (issue 20, point 5): each declared step can apply.

Enters: a compiled item with ``after_banding`` steps (:mod:`discretion.compile._after`). The loader
has checked their conditions, ids, shares and that the item has a primary clause with an amount.
Checks ``after_unreachable``: a step whose condition holds for no facts where a level applies, so
the rule it encodes is never applied — by the same enumeration as the levels
(:func:`~discretion.verify._domain.space`). Leaves: problems.
"""

from __future__ import annotations

import itertools

from ...compile._records import CompiledItem
from .._domain import space
from ._context import Checker


def check_after(ctx: Checker, item: CompiledItem, base: tuple[int | str, ...]) -> None:
    if not item.after:
        return
    levels = [lv.when for lv in item.levels]
    sp = space(item, levels + [s.when for s in item.after])
    if sp.size > ctx.limit or sp.relational:
        ctx.notes.append(
            f"{item.code}: after_banding: the enumeration is no proof here, reachability of each "
            "step not checked（裁量后的比例调整：枚举不构成证明，未检查各项是否可能适用）"
        )
        return
    reached: set[int] = set()
    for facts in itertools.islice(sp, ctx.limit):
        ctx.combinations += 1
        if not any(when(facts) for when in levels):
            continue
        reached.update(i for i, s in enumerate(item.after) if s.when(facts))
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
