"""A point inside a band (issue 20, point 4): every declared move can move the point.

Enters: a compiled item with a ``point`` (:mod:`discretion.compile._point`). The loader has already
checked the moves' conditions, their ids and that a move to the next level has a level to go to;
what it cannot see needs the facts, and is checked here by the same enumeration as the levels
(:func:`~discretion.verify._domain.space`):

- ``point_move_inert`` (error): a ``by`` move that pushes the point past the end where it starts
  (up from a start of 1, down from a start of 0) — it never changes the recommendation;
- ``point_move_unreachable``: a move whose condition holds for no facts where a level applies;
- ``point_move_edge`` (warning): a move to the next level up that can hold on the gravest level,
  or down on the lightest — there it moves nothing, and the reviewer should know the factor is
  spent (the standard may mean a 从重 beyond the band, which the moves cannot express);
- ``point_move_conflict`` (warning): a move up and a move down to the next level that can hold
  together — they cancel, and a standard usually says which prevails.

Each finding names the move and shows facts where it happens. Leaves: problems.
"""

from __future__ import annotations

import itertools
from typing import Any

from ...compile._records import CompiledItem
from .._domain import space
from ._context import Checker

_LIMIT_NOTE = (
    "{code}: point moves: {total} combinations exceed the limit {limit}; only the first {limit} "
    "were checked（裁量起点调整因素：组合数超过上限，未完全检查）"
)


def check_point(ctx: Checker, item: CompiledItem, base: tuple[int | str, ...]) -> None:
    point = item.point
    if point is None:
        return
    path = (*base, "point")
    for mi, move in enumerate(point.moves):
        if move.by is None:
            continue
        if (move.by > 0 and point.start >= 1) or (move.by < 0 and point.start <= 0):
            end, way = ("上限", "上调") if move.by > 0 else ("下限", "下调")
            ctx.report(
                "point_move_inert",
                item,
                (*path, "moves", mi, "by"),
                f"调整因素「{move.label}」{way}裁量点，但起点已在幅度{end}（start: {point.start}），"
                "该因素永远不会改变裁量建议",
                f"move {move.id!r} goes {'up' if move.by > 0 else 'down'}, but the point starts at "
                f"the band's {'upper' if move.by > 0 else 'lower'} end (start: {point.start}): it "
                "never changes the recommendation",
                hint="change the start, or the sign of by",
            )
    chain = [lv for lv in item.levels if not lv.reduce]
    if not point.moves or not chain:
        return
    conditions = [lv.when for lv in chain] + [m.when for m in point.moves]
    sp = space(item, conditions)
    if sp.size > ctx.limit:
        ctx.notes.append(_LIMIT_NOTE.format(code=item.code, total=sp.size, limit=ctx.limit))
    held_somewhere: set[int] = set()
    edge: dict[int, dict[str, Any]] = {}
    conflict: tuple[int, int, dict[str, Any]] | None = None
    lightest, gravest = chain[0], chain[-1]
    for facts in itertools.islice(sp, ctx.limit):
        ctx.combinations += 1
        level = next((lv for lv in chain if lv.when(facts)), None)
        if level is None:
            continue  # a gap the level check reports
        held = [i for i, m in enumerate(point.moves) if m.when(facts)]
        held_somewhere.update(held)
        for i in held:
            move = point.moves[i]
            if len(chain) > 1 and (
                (move.to == "up" and level is gravest) or (move.to == "down" and level is lightest)
            ):
                edge.setdefault(i, facts)
        ups = [i for i in held if point.moves[i].to == "up"]
        downs = [i for i in held if point.moves[i].to == "down"]
        if ups and downs and conflict is None:
            conflict = (ups[0], downs[0], facts)
    complete = sp.size <= ctx.limit and not sp.relational
    for i, move in enumerate(point.moves):
        mpath = (*path, "moves", i)
        if complete and i not in held_somewhere:
            ctx.report(
                "point_move_unreachable",
                item,
                (*mpath, "when"),
                f"调整因素「{move.label}」永远不会适用：条件 {move.when.source} 在任何适用阶次的"
                "事实下都不成立",
                f"move {move.id!r} never applies: {move.when.source} holds for no facts where a "
                "level applies",
            )
        if i in edge:
            zh, en = (
                ("最重阶次「{}」之上已无阶次", "there is no level above the gravest, {!r}")
                if move.to == "up"
                else ("最轻阶次「{}」之下已无阶次", "there is no level below the lightest, {!r}")
            )
            level = gravest if move.to == "up" else lightest
            ctx.report(
                "point_move_edge",
                item,
                (*mpath, "to"),
                f"调整因素「{move.label}」要求移至{'上' if move.to == 'up' else '下'}一阶次，"
                f"但在以下事实下{zh.format(level.label)}，该因素不起作用",
                f"move {move.id!r} goes to the next level {move.to}, but for these facts "
                f"{en.format(level.id)}: the move does nothing",
                sp.shown(edge[i]),
                hint="say in the standard what the factor does at the end of the scale",
                severity="warning",
            )
    if conflict is not None:
        up, down, facts = conflict
        ctx.report(
            "point_move_conflict",
            item,
            (*path, "moves", down),
            f"调整因素「{point.moves[up].label}」（上移一阶次）与「{point.moves[down].label}」"
            "（下移一阶次）可以同时成立，二者相互抵消：基准宜写明何者优先",
            f"moves {point.moves[up].id!r} (up a level) and {point.moves[down].id!r} (down a "
            "level) can hold together and cancel out: the standard should say which prevails",
            sp.shown(facts),
            severity="warning",
        )
