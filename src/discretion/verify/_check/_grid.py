"""Grids (裁量格): each key's values exclusive and exhaustive, the bands rising along each key.

Enters: a compiled item with a grid (the loader has already checked the cells for completeness).
Checks ``grid_gap`` / ``grid_overlap`` / ``unreachable`` for the values of each key (exactly one
value of each key holds for any facts, by the same enumeration as the levels), and
``grid_order``: the values of a key are listed from the lightest to the gravest, so moving one
step along a key, the other keys held, the cell's band may not lie below the band of the cell
before it (the band's lower and upper ends never fall). A grid's levels are not one chain, so
``band_order`` (:mod:`._bands`) leaves them to this check. Leaves: problems.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from ...compile._amounts import Scale, SwitchAmount
from ...compile._records import CompiledItem, CompiledLevel
from ...errors import DiscretionError
from ._bands import _band_span
from ._context import Checker
from ._levels import _exclusive
from ._problems import as_json

_KEYS = ("rows", "columns", "layers")


def check_grid(ctx: Checker, item: CompiledItem, base: tuple[int | str, ...]) -> None:
    grid = item.grid
    if grid is None:
        return
    for name, axis in zip(_KEYS, grid.axes, strict=False):
        path = (*base, "grid", name)
        _exclusive(
            ctx,
            item,
            [
                (vid, label, when, (*path, "values", i))
                for i, (vid, label, _en, when) in enumerate(axis.values)
            ],
            [],
            ("grid_gap", "grid_overlap", "unreachable"),
            (f"裁量格维度「{axis.label}」的取值", f"values of grid key {axis.id!r}", path),
        )
    _order(ctx, item, base)


def _order(ctx: Checker, item: CompiledItem, base: tuple[int | str, ...]) -> None:
    grid = item.grid
    primary = next((c for c in item.clauses if c.primary and c.amount is not None), None)
    if primary is None or primary.amount is None:
        return
    levels = {lv.id: lv for lv in item.levels}
    ids = [[v[0] for v in axis.values] for axis in grid.axes]
    labels = [{v[0]: v[1] for v in axis.values} for axis in grid.axes]
    top = primary.amount.cases if isinstance(primary.amount, SwitchAmount) else ()
    for case, lo, hi in primary.amount.bounds():
        scale = Scale("range", case, lo, hi, Decimal(1), "", "")
        spans: dict[str, tuple[Decimal, Decimal] | None] = {}

        on = f"（分支 {case}）" if case and top else ""
        for k, axis in enumerate(grid.axes):
            others = [ids[j] for j in range(len(ids)) if j != k]
            for rest in itertools.product(*others):
                for a, b in itertools.pairwise(ids[k]):
                    lighter = (*rest[:k], a, *rest[k:])
                    graver = (*rest[:k], b, *rest[k:])
                    la, lb = levels[grid.cells[lighter]], levels[grid.cells[graver]]
                    sa, sb = _span(ctx, item, la, scale, spans), _span(ctx, item, lb, scale, spans)
                    if sa is None or sb is None or (sb[0] >= sa[0] and sb[1] >= sa[1]):
                        continue
                    fixed = "、".join(labels[j][v] for j, v in enumerate(graver) if j != k)
                    ctx.report(
                        "grid_order",
                        item,
                        (*base, "grid", "cells", *graver),
                        f"裁量格沿维度「{axis.label}」不单调：{fixed}时，较重的「{labels[k][b]}」"
                        f"（{lb.label} [{as_json(sb[0])}, {as_json(sb[1])}]）低于较轻的「{labels[k][a]}」"
                        f"（{la.label} [{as_json(sa[0])}, {as_json(sa[1])}]）{on}",
                        f"the grid is not monotone along key {axis.id!r}: cell {'×'.join(graver)} "
                        f"({lb.id} [{as_json(sb[0])}, {as_json(sb[1])}]) lies below cell "
                        f"{'×'.join(lighter)} ({la.id} [{as_json(sa[0])}, {as_json(sa[1])}])",
                        hint="each key's values are listed from the lightest to the gravest (各维度取值由轻到重排列)",
                    )


def _span(
    ctx: Checker,
    item: CompiledItem,
    level: CompiledLevel,
    scale: Scale,
    spans: dict[str, tuple[Decimal, Decimal] | None],
) -> tuple[Decimal, Decimal] | None:
    """The level's band on this branch, once per level (None: no band for the branch)."""
    if level.id not in spans:
        try:
            spans[level.id] = _band_span(ctx, item, level, scale)
        except DiscretionError:  # a per-case band with no entry for this branch
            spans[level.id] = None
    return spans[level.id]
