"""Grounds that keep a penalty (issue 20, point 9): what they keep must exist in the item.

Enters: a compiled item. Checks ``keep_nothing``: a ground of the standard or the item that
``keeps`` a kind (没收违法所得, 没收非法财物) while the item has no clause of that kind that can be
kept — one of the party's own, without an amount and not tied to levels — so the recommendation
would say nothing is kept where the drafter meant something to be (a warning: a general ground
may rightly keep nothing in some items). Leaves: problems.
"""

from __future__ import annotations

from ...compile._records import CompiledItem
from ...format._vocabulary import KIND_LABELS
from ._context import Checker


def check_keeps(ctx: Checker, item: CompiledItem, base: tuple[int | str, ...]) -> None:
    others = {c for p in item.parties for c in p.clauses}
    keepable = {
        c.kind for c in item.clauses if c.id not in others and c.amount is None and c.levels is None
    }
    own = [g for g in item.grounds if g.keeps and g.origin != "general"]
    for ground in own:
        missing = [k for k in ground.keeps if k not in keepable]
        if not missing:
            continue
        names = "、".join(KIND_LABELS.get(k, (k, k))[0] for k in missing)
        ctx.report(
            "keep_nothing",
            item,
            (*base, "grounds"),
            f"不予处罚情形「{ground.id}」写明仍应给予{names}，但本事项没有可保留的该种类处罚条款"
            "（须为当事人本身的、无数额、不限阶次的条款），裁量建议将不保留任何处罚",
            f"ground {ground.id!r} keeps {missing}, but the item has no clause of that kind that "
            "can be kept (the party's own, without an amount, not tied to levels)",
            hint="add the clause to penalties, or drop the kind from keeps",
            severity="warning",
        )
