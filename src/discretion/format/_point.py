"""A point inside a band (裁量起点与调整): where in the level's band the recommendation starts,
and the stated factors that move it.

Some published methods do not stop at a band: they name a starting point (起点 — the band's
midpoint, or a declared fraction of it) and, for each stated factor, a move within the band (up
or down by a stated fraction of the band) or to the band of the next level up or down. A
:class:`Point` declares them; the engine places the point, applies every move that holds, clamps
it to the band (which never leaves the statutory range) and shows each move with its factor and
source in the justification (:mod:`discretion.compile._point`, :mod:`discretion.explain._note._point`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from ._common import Citation, Name, _Model

__all__ = ["Fraction", "Point", "PointMove", "SignedFraction", "StartRange"]

Fraction = Annotated[Decimal, Field(ge=0, le=1, allow_inf_nan=False)]
"""A share of a band: 0 is its lower end, 1 its upper end, 0.5 its midpoint."""
SignedFraction = Annotated[Decimal, Field(ge=-1, le=1, allow_inf_nan=False)]
"""A move within a band, as a share of the band: positive up, negative down."""


class PointMove(_Model):
    """One stated factor and how it moves the point: ``by`` a share of the band, or ``to`` the
    band of the next level up or down."""

    id: Name
    label: str = Field(description="调整因素，按基准原文 / the factor as the standard words it")
    label_en: str | None = None
    when: str = Field(description="该因素成立的条件 / the condition under which the factor holds")
    by: SignedFraction | None = Field(
        None,
        description="在幅度内上调（正）或下调（负）幅度的几分之几 / "
        "move within the band by this share of it (positive up, negative down)",
    )
    to: Literal["up", "down"] | None = Field(
        None,
        description="移至上一阶次（up）或下一阶次（down）的幅度 / "
        "move to the band of the next level up or down",
    )
    citation: list[Citation] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_move(self) -> PointMove:
        if (self.by is None) == (self.to is None):
            raise ValueError("a move needs exactly one of 'by' (a share of the band) or 'to'")
        return self


class StartRange(_Model):
    """A start range in the amount's own unit (量刑起点幅度: "在三年至五年有期徒刑幅度内确定量刑起点"),
    inside the band of the level it is declared for."""

    min: Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
    max: Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]

    @model_validator(mode="after")
    def _ordered(self) -> StartRange:
        if self.min > self.max:
            raise ValueError(f"start range min {self.min} is greater than max {self.max}")
        return self


class Point(_Model):
    """The starting point inside the level's band and the moves on stated factors."""

    start: Fraction = Field(
        Decimal("0.5"),
        description="起点在幅度中的位置：0 为下限，0.5 为中点，1 为上限 / "
        "where the point starts in the band: 0 its lower end, 0.5 its midpoint, 1 its upper end",
    )
    label: str = Field(
        "以幅度中点为裁量起点", description="起点的表述 / how the standard words the start"
    )
    label_en: str | None = None
    citation: list[Citation] = Field(min_length=1)
    starts: dict[Name, StartRange] = Field(
        default_factory=dict,
        description="按阶次的起点幅度（以数额本身的单位计，须在该阶次幅度内），如“致一人重伤的，在三年至五年"
        "有期徒刑幅度内确定量刑起点”；写明起点幅度的阶次不用 start / a start range per level, in the "
        "amount's own unit and inside that level's band; a level listed here does not use 'start'",
    )
    moves: list[PointMove] = Field(default_factory=list)
