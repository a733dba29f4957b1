"""Which of an item's declared steps can hold where a level applies (shared by the checks of
adjustments after banding and of list entries).

Enters: a compiled item and the conditions of its steps. Leaves: the indices of the conditions
that hold for some facts where a level holds — by the same enumeration as the levels
(:func:`~discretion.verify._domain.space`) — or None, with a note, where the enumeration is no
proof (too many combinations, or facts compared with each other).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from ...compile._conditions import Condition
from ...compile._records import CompiledItem
from .._domain import space
from ._context import Checker


def reachable(
    ctx: Checker, item: CompiledItem, conditions: Sequence[Condition], what: tuple[str, str]
) -> set[int] | None:
    """The indices of ``conditions`` that can hold where a level applies; None: not proved."""
    levels = [lv.when for lv in item.levels]
    sp = space(item, [*levels, *conditions])
    if sp.size > ctx.limit or sp.relational:
        ctx.notes.append(
            f"{item.code}: {what[1]}: the enumeration is no proof here, reachability not checked"
            f"（{what[0]}：枚举不构成证明，未检查是否可能适用）"
        )
        return None
    reached: set[int] = set()
    for facts in itertools.islice(sp, ctx.limit):
        ctx.combinations += 1
        if any(when(facts) for when in levels):
            reached.update(i for i, cond in enumerate(conditions) if cond(facts))
    return reached
