"""No-penalty lists (issue 20, point 10): each entry that names an item can apply to it.

Enters: a compiled item with list entries (:mod:`discretion.compile._lists`). The loader has checked
the list ids, the items named, the entries' conditions and the first-violation fact. Checks
``list_unreachable``: an entry whose conditions hold for no facts where a level applies — the list
would never spare a case of this item — by the same enumeration as the levels
(:func:`~discretion.verify._domain.space`). Leaves: problems.
"""

from __future__ import annotations

from ...compile._records import CompiledItem
from ._context import Checker
from ._reach import reachable


def check_lists(ctx: Checker, item: CompiledItem, base: tuple[int | str, ...]) -> None:
    if not item.lists:
        return
    what = ("不予处罚清单", "lists")
    reached = reachable(ctx, item, [e.when for e in item.lists], what)
    if reached is None:
        return
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
