"""Grids (裁量格): a level chosen by two or three keys, written as the table legal staff know.

Published benchmark tables often grade an act on two axes at once — the degree of the violation
(违法情节) against its harmful consequences (危害后果), or culpability × harm × the size of the
party — and give the level in each cell. A :class:`Grid` writes that table as it is printed:
each key (``rows``, ``columns`` and, for a third key, ``layers``) lists its values from the
lightest to the gravest, each value with the condition that makes it hold, and ``cells`` maps
row value → column value (→ layer value) → the id of one of the item's levels.

The levels of a grid item carry no ``when`` of their own: the loader derives it from the cells
(:mod:`discretion.compile._grid`), checks that every combination of the keys' values has exactly
one cell, and ``discretion check`` checks that the values of each key are exclusive and exhaustive
and that the bands rise along each key (:mod:`discretion.verify._check._grid`).
"""

from __future__ import annotations

from pydantic import Field

from ._common import Citation, Name, _Model

__all__ = ["Grid", "GridKey", "GridValue"]


class GridValue(_Model):
    """One value of a grid key (one row or column heading of the table)."""

    id: Name
    label: str = Field(description="表头原文，如 情节较轻、危害后果一般")
    label_en: str | None = None
    when: str = Field(description="该取值成立的条件 / the condition under which this value holds")


class GridKey(_Model):
    """One key (axis) of a grid, its values listed from the lightest to the gravest."""

    id: Name
    label: str = Field(description="维度名称，如 违法情节、危害后果、当事人规模")
    label_en: str | None = None
    values: list[GridValue] = Field(
        min_length=2,
        description="取值，由轻到重排列 / the values, from the lightest to the gravest",
    )


GridCells = dict[str, dict[str, Name | dict[str, Name]]]


class Grid(_Model):
    """A table of levels over two or three keys (违法情节 × 危害后果 [× 当事人规模]).

    ``cells[row][column]`` is a level id for a two-key grid; ``cells[row][column][layer]`` for
    a three-key grid. Every combination needs exactly one cell.
    """

    rows: GridKey = Field(description="行：第一个维度，如 违法情节")
    columns: GridKey = Field(description="列：第二个维度，如 危害后果")
    layers: GridKey | None = Field(None, description="层：第三个维度（可选），如 当事人规模")
    cells: GridCells = Field(
        description="单元格：行取值 → 列取值 (→ 层取值) → 阶次 id / row → column (→ layer) → level id"
    )
    citation: list[Citation] = Field(
        default_factory=list, description="裁量格所出自的基准表 / the table the grid is taken from"
    )
