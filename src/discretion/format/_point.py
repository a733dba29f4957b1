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

__all__ = ["Fraction", "Point", "PointMove", "SignedFraction"]

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
    moves: list[PointMove] = Field(default_factory=list)
