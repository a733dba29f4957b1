"""No-penalty lists (issue 20, point 10): each entry that names an item can apply to it.

Enters: a compiled item with list entries (:mod:`discretion.compile._lists`). The loader has checked
the list ids, the items named, the entries' conditions and the first-violation fact. Checks
``list_unreachable``: an entry whose conditions hold for no facts where a level applies — the list
would never spare a case of this item — by the same enumeration as the levels
(:func:`~discretion.verify._domain.space`). Leaves: problems.
"""

from __future__ import annotations

import itertools

from ...compile._records import CompiledItem
from .._domain import space
from ._context import Checker


def check_lists(ctx: Checker, item: CompiledItem, base: tuple[int | str, ...]) -> None:
    if not item.lists:
        return
    levels = [lv.when for lv in item.levels]
    sp = space(item, levels + [e.when for e in item.lists])
    if sp.size > ctx.limit or sp.relational:
        ctx.notes.append(
            f"{item.code}: lists: the enumeration is no proof here, reachability of each entry "
            "not checked（不予处罚清单：枚举不构成证明，未检查各条目是否可能适用）"
        )
        return
    reached: set[int] = set()
    for facts in itertools.islice(sp, ctx.limit):
        ctx.combinations += 1
        if any(when(facts) for when in levels):
            reached.update(i for i, e in enumerate(item.lists) if e.when(facts))
    model = ctx.ruleset.file_model(item.file)
    for i, entry in enumerate(item.lists):
        if i in reached:
            continue
        li = next(k for k, plist in enumerate(model.lists) if plist.id == entry.list.id)
        ei = next((k for k, e in enumerate(model.lists[li].entries) if item.code in e.items), 0)
        ctx.report(
            "list_unreachable",
            item,
            ("lists", li, "entries", ei, "when"),
            f"《{entry.list.title}》的条目「{entry.label}」永远不会适用于事项 {item.code}：条件 "
            f"{entry.when.source} 在任何适用阶次的事实下都不成立",
            f"the entry of list {entry.list.id!r} never applies to {item.code}: "
            f"{entry.when.source} holds for no facts where a level applies",
        )
