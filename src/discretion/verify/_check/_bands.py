"""Bands: in the order of the levels and inside the statutory range.

Enters: a compiled item. Checks ``band_order`` (levels are listed from the lightest to the
gravest, so a graver level's band may not lie below a lighter one's) and ``band_range`` (no band,
and no sum of factor percentages, may leave the statutory range), on each branch of the primary
penalty's amount and only where the penalty can apply at that level. Leaves: problems.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from ...compile._amounts import Scale, SwitchAmount
from ...compile._conditions import Condition
from ...compile._modes import not_allowed
from ...compile._records import CompiledItem, CompiledLevel
from ...errors import DiscretionError
from .._domain import factor_options, space
from ._context import Checker
from ._problems import as_json


def check_bands(ctx: Checker, item: CompiledItem, base: tuple[int | str, ...]) -> None:
    primary = next((c for c in item.clauses if c.primary and c.amount is not None), None)
    if primary is None or primary.amount is None:
        return
    top = primary.amount.cases if isinstance(primary.amount, SwitchAmount) else ()
    branch = {case_id: cond for case_id, cond, _shape in top}
    for case, lo, hi in primary.amount.bounds():
        scale = Scale("range", case, lo, hi, Decimal(1), "", "")
        lighter: tuple[CompiledLevel, Decimal, Decimal] | None = None
        for li, level in enumerate(item.levels):
            if level.reduce or (primary.levels is not None and level.id not in primary.levels):
                continue
            if not_allowed(primary, level):
                continue  # 单处或者并处: the level leaves the primary out (may_add), no band used
            # Only where the clause can apply at this level, on this branch, is the band used.
            needed = [level.when]
            needed += [primary.when] if primary.when is not None else []
            needed += [branch[case]] if case in branch else []
            if not _satisfiable(ctx, item, needed):
                continue
            span = _band_span(ctx, item, level, scale)
            if span is None:
                continue
            a, b = span
            path = (*base, "levels", li, "band")
            on = f"（分支 {case}）" if case else ""
            on_en = f" (branch {case})" if case else ""
            if a < lo or b > hi:
                ctx.report(
                    "band_range",
                    item,
                    path,
                    f"阶次「{level.label}」的幅度 [{as_json(a)}, {as_json(b)}] 超出法定幅度 "
                    f"[{as_json(lo)}, {as_json(hi)}]{on}",
                    f"the band of level {level.id!r} [{as_json(a)}, {as_json(b)}] leaves the "
                    f"statutory range [{as_json(lo)}, {as_json(hi)}]{on_en}",
                )
            # A grid's levels are no chain: their order is checked along each key (_grid).
            if item.grid is None and lighter is not None and (a < lighter[1] or b < lighter[2]):
                prev = lighter[0]
                ctx.report(
                    "band_order",
                    item,
                    path,
                    f"阶次顺序与幅度不符：较重阶次「{level.label}」的幅度 [{as_json(a)}, {as_json(b)}] "
                    f"低于较轻阶次「{prev.label}」的幅度 [{as_json(lighter[1])}, "
                    f"{as_json(lighter[2])}]{on}",
                    f"bands out of order: level {level.id!r} [{as_json(a)}, {as_json(b)}], listed "
                    f"after {prev.id!r}, lies below its band [{as_json(lighter[1])}, "
                    f"{as_json(lighter[2])}]{on_en}",
                    hint="levels are listed from the lightest to the gravest (阶次由轻到重排列)",
                )
            lighter = (level, a, b)


def _satisfiable(ctx: Checker, item: CompiledItem, conditions: list[Condition]) -> bool:
    """Do some facts, not barred by a no-penalty ground, make all the conditions hold?
    (Assumed so beyond the limit.)"""
    reads = {n for c in conditions for n in c.reads}
    gates = [g.when for g in item.grounds if g.effect == "no_penalty"]
    sp = space(item, conditions + [g for g in gates if reads & set(g.reads)])
    for facts in itertools.islice(sp, ctx.limit):
        ctx.combinations += 1
        if all(c(facts) for c in conditions) and not any(g(facts) for g in gates):
            return True
    return sp.size > ctx.limit


def _band_span(
    ctx: Checker, item: CompiledItem, level: CompiledLevel, scale: Scale
) -> tuple[Decimal, Decimal] | None:
    """Lowest and highest point the level's band can take on this scale."""
    factors = factor_options(level.band)
    if not factors:
        lo, hi, _detail = level.band.place(scale, {}, item.code)
        return lo, hi
    options = [o[0] for _f, opts in factors for o in opts]
    points: list[Decimal] = []
    worst: tuple[Decimal, dict[str, Any]] | None = None
    sp = space(item, [level.when, *options])
    for facts in itertools.islice(sp, ctx.limit):
        if not level.when(facts):
            continue
        try:
            lo, hi, detail = level.band.place(scale, facts, item.code)
        except DiscretionError:  # a factor gap: reported by the factor check
            continue
        points += [lo, hi]
        total = dict(detail).get("total")
        if isinstance(total, Decimal) and (worst is None or total > worst[0]):
            worst = (total, facts)
    if worst is not None and worst[0] > 100:
        # The engine clamps the point to the maximum; a sum over 100 % is a drafting error.
        ctx.report(
            "band_range",
            item,
            (*ctx.where.item_path(item), "levels", item.levels.index(level), "band"),
            f"阶次「{level.label}」的裁量因子百分比之和可达 {as_json(worst[0])}%，超过法定最高额",
            f"the factor percentages of level {level.id!r} add up to {as_json(worst[0])}% of "
            "the statutory maximum, above 100 %",
            sp.shown(worst[1]),
        )
    return (min(points), max(points)) if points else None
