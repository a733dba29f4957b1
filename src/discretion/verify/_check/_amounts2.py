"""Amounts equal to a fact (format 2, issue 20 point 3): the unit and the kind they belong to.

Enters: a compiled item. Checks ``equals_unit``: an ``equals`` amount in a unit other than the
unit its fact is declared in (违法所得 in 元 confiscated "in 日" is a slip, never a conversion),
an error; ``equals_kind``: an ``equals`` amount on a fine, a warning — statutes set fines as ranges
or multiples, while what equals a fact is what is confiscated (APL Art. 28 ¶2). Leaves: problems.
"""

from __future__ import annotations

from ...compile._amounts import SwitchAmount
from ...compile._amounts2 import EqualsAmount
from ...compile._records import CompiledItem
from ._context import Checker


def _equals(shape: object) -> list[EqualsAmount]:
    if isinstance(shape, EqualsAmount):
        return [shape]
    if isinstance(shape, SwitchAmount):
        return [e for _c, _w, sub in shape.cases for e in _equals(sub)]
    return []


def check_equals(ctx: Checker, item: CompiledItem, base: tuple[int | str, ...]) -> None:
    for ci, clause in enumerate(item.clauses):
        for shape in _equals(clause.amount):
            field = item.fields.get(shape.base)
            declared = field.spec.unit if field is not None else None
            if declared is not None and declared != shape.unit:
                ctx.report(
                    "equals_unit",
                    item,
                    (*base, "penalties", ci, "amount"),
                    f"处罚「{clause.label}」的数额等于事实「{shape.base}」，但单位为「{shape.unit}」，"
                    f"而该事实的单位为「{declared}」",
                    f"clause {clause.id!r} equals fact {shape.base!r} in {shape.unit!r}, but the "
                    f"fact is declared in {declared!r}",
                    hint=f"write `unit: {declared}` on the equals amount",
                )
            if clause.kind == "fine":
                ctx.report(
                    "equals_kind",
                    item,
                    (*base, "penalties", ci, "amount"),
                    f"罚款「{clause.label}」的数额等于事实「{shape.base}」：法律通常规定罚款的幅度或倍数，"
                    "请核对条文",
                    f"the fine {clause.id!r} equals fact {shape.base!r}: statutes set fines as "
                    "ranges or multiples; check the statute",
                    severity="warning",
                )
