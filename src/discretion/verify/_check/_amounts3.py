"""Amounts over another clause's range and product bands (format 2, issue 20 point 3).

Enters: a compiled item. Checks ``of_clause_kind``: an ``of_clause`` amount whose referenced
clause is of another kind (a fine as a multiple of a detention's days is a slip), an error;
``of_clause_unit``: the amount in another unit than the referenced clause's (前款规定罚款数额 in
元 multiplied into 日), an error; ``product_raised``: a product band whose lower end is below the
statutory minimum on every branch, so the raise to the minimum always decides it — a warning
that the share or the adjustment is not what the table says. Leaves: problems.
"""

from __future__ import annotations

from decimal import Decimal

from ...compile._amounts import Scale, SwitchAmount
from ...compile._amounts3 import OfClauseAmount, ProductBandC
from ...compile._records import CompiledItem
from ._context import Checker


def _refs(shape: object) -> list[OfClauseAmount]:
    if isinstance(shape, OfClauseAmount):
        return [shape]
    if isinstance(shape, SwitchAmount):
        return [r for _c, _w, sub in shape.cases for r in _refs(sub)]
    return []


def _units(shape: object) -> set[str]:
    if isinstance(shape, SwitchAmount):
        return {u for _c, _w, sub in shape.cases for u in _units(sub)}
    unit = getattr(shape, "unit", None)
    return {unit} if isinstance(unit, str) else set()


def check_of_clause(ctx: Checker, item: CompiledItem, base: tuple[int | str, ...]) -> None:
    by_id = {c.id: c for c in item.clauses}
    for ci, clause in enumerate(item.clauses):
        for ref in _refs(clause.amount):
            target = by_id.get(ref.clause)
            if target is None:
                continue  # a load error already
            path = (*base, "penalties", ci, "amount")
            if target.kind != clause.kind:
                ctx.report(
                    "of_clause_kind",
                    item,
                    path,
                    f"处罚「{clause.label}」（{clause.kind}）取「{target.label}」（{target.kind}）"
                    "数额的倍数：两者种类不同，请核对条文所引用的条款",
                    f"clause {clause.id!r} ({clause.kind}) is a multiple of clause "
                    f"{target.id!r} ({target.kind}), a different kind: check which clause the "
                    "statute refers to",
                )
            other = _units(ref.target) - {ref.unit}
            if other:
                ctx.report(
                    "of_clause_unit",
                    item,
                    path,
                    f"处罚「{clause.label}」的单位为「{ref.unit}」，而所引用的「{target.label}」"
                    f"单位为「{'、'.join(sorted(other))}」",
                    f"clause {clause.id!r} is in {ref.unit!r}, the clause it multiplies in "
                    f"{sorted(other)}",
                    hint=f"write `unit: {sorted(other)[0]}` on the of_clause amount",
                )


def check_product_bands(ctx: Checker, item: CompiledItem, base: tuple[int | str, ...]) -> None:
    primary = next((c for c in item.clauses if c.primary and c.amount is not None), None)
    if primary is None or primary.amount is None:
        return
    bounds = primary.amount.bounds()
    for li, level in enumerate(item.levels):
        band = level.band
        if not isinstance(band, ProductBandC) or not bounds:
            continue
        raised = []
        for case, lo, hi in bounds:
            scale = Scale("range", case, lo, hi, Decimal(1), "", "")
            raised.append(dict(band.place(scale, {}, item.code)[2])["raised"])
        if all(raised):
            ctx.report(
                "product_raised",
                item,
                (*base, "levels", li, "band"),
                f"阶次「{level.label}」的成对相乘幅度下端在每一法定幅度分支上都低于法定最低额，"
                "总是提高至最低额：请核对百分比与调整比例",
                f"the product band of level {level.id!r} falls below the statutory minimum on "
                "every branch, so the raise always decides it: check the shares",
                severity="warning",
            )
