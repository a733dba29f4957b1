"""Compiled amount shapes of the format's second edition (issue 20, point 3).

:class:`EqualsAmount` is an amount equal to a fact (没收违法所得 X 元). Its scale is the single
point 1 with the fact as its factor, so rounding and the unit follow the one policy of
:mod:`._amounts`; the measure stage neither bands it, nor moves it by circumstances, nor reduces
it (减轻 concerns the fine, not what the law says is confiscated: APL Art. 28 ¶2).

The compiled scalar path (``decide._scalar``) does not decide these shapes: an item that uses one
is marked ``needs_reference`` (:func:`uses_reference_shape`) and goes to the reference pipeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..errors import FactError
from ._amounts import ONE, Scale, Shape, SwitchAmount
from ._records import Source

NONE_FOUND = "none_found"
"""The outcome of an ``equals`` clause whose fact is zero: nothing found, nothing imposed."""

NONE_FOUND_SOURCE = Source(
    "APL/28/2",
    "《中华人民共和国行政处罚法》第二十八条第二款",
    "Administrative Penalty Law, Art. 28 ¶2",
)
"""当事人有违法所得，除依法应当退赔的外，应当予以没收 — what is confiscated is what the party
has; with none found there is nothing to confiscate (the general part's law, cited by the step)."""


def none_found(steps: list[Any], rule: str) -> bool:
    """Whether the clause ``rule`` was just measured as an ``equals`` amount of zero (its step,
    the last recorded, says ``none_found``): left out of the recommendation's lists."""
    return bool(steps) and steps[-1][1] == rule and steps[-1][4] == NONE_FOUND


@dataclass(frozen=True, slots=True)
class EqualsAmount:
    """The amount is the value of ``base`` (in ``unit``): e.g. the illegal gains confiscated."""

    base: str
    unit: str = "元"

    def resolve(self, facts: Mapping[str, Any], item: str, case: str | None = None) -> Scale:
        value = facts.get(self.base)
        if value is None:
            raise FactError(
                f"该处罚的金额等于事实 {self.base!r}，请提供该事实 / "
                f"the amount equals the fact {self.base!r}, which is missing",
                item=item,
                field=self.base,
            )
        base = Decimal(value)
        return Scale("equals", case, ONE, ONE, base, self.unit, self.unit, self.base, base)

    def bounds(self) -> list[tuple[str | None, Decimal, Decimal]]:
        return [(None, ONE, ONE)]


def uses_reference_shape(shape: Shape | None) -> bool:
    """Whether ``shape`` (or a branch of it) is one the compiled scalar path leaves to the
    reference pipeline."""
    if shape is None:
        return False
    from ._amounts3 import AtLeastAmount, OfClauseAmount, SetByAmount  # the next module's

    if isinstance(shape, (EqualsAmount, OfClauseAmount, AtLeastAmount, SetByAmount)):
        return True
    if isinstance(shape, SwitchAmount):
        return any(uses_reference_shape(sub) for _c, _w, sub in shape.cases)
    return False
