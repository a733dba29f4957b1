"""Derived facts (推算事实): a divisor that some case may give as 0, and what check cannot prove.

The loader refuses what is wrong in every case (unknown operands, cycles, types, rounding). This
family warns about what is wrong only in some cases: a ``ratio`` whose divisor a case may give as
0 (a declared fact without a ``min`` above 0, or a derived fact), which such a case turns into an
error naming the divisor; and, once per item, that the level analysis treats each derived fact as
a free value, unrelated to the facts it is computed from (docs/guide/derived.md).
"""

from __future__ import annotations

from ...compile._records import CompiledItem
from ._context import Checker


def check_derived(ctx: Checker, item: CompiledItem, base: tuple[int | str, ...]) -> None:
    """Warn about each ratio whose divisor may be 0 in a case."""
    derived = item.derived
    if derived is None:
        return
    names = derived.names()
    for index, spec in enumerate(item.model.derived):
        if spec.op != "ratio" or len(spec.of) != 2:
            continue
        divisor = spec.of[1]
        field = item.fields.get(divisor)
        low = None if field is None else field.spec.min
        if divisor in names or low is None or low <= 0:
            ctx.report(
                "derived",
                item,
                (*base, "derived", index, "of"),
                f"推算事实「{spec.label}」的除数 {divisor!r} 可能为 0：请为其写大于 0 的 min，"
                "否则除数为 0 的案件将报错",
                f"the divisor {divisor!r} of derived fact {spec.name!r} may be 0 in a case "
                "(give it a min above 0); such a case is refused with an error",
                severity="warning",
            )
