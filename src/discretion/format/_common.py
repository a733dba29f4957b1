"""The format's building blocks: names, amounts, dates, laws, citations and declared facts.

Shared by every part of a rule file: the constrained scalar types (a snake_case name, an item
code, a non-negative amount no larger than the format allows, a percentage, a date inside the
format's window), the base model (frozen, no unknown fields), the laws a file cites, a structured
citation, and the fact schema an item reads with its bounds.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ._limits import FIRST_DATE, LAST_DATE, MAX_MAGNITUDE

Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="snake_case English name")]
Code = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")]
_MAX = int(MAX_MAGNITUDE)  # an int, so the JSON Schema shows 1000000000000, not a float

Amount = Annotated[Decimal, Field(ge=0, le=_MAX, allow_inf_nan=False)]
"""A figure of a rule file (yuan, a multiple, a rate): never negative, never beyond the format."""
Percent = Annotated[Decimal, Field(ge=0, le=100, allow_inf_nan=False)]

Bound = Annotated[Decimal, Field(ge=-_MAX, le=_MAX, allow_inf_nan=False)]
Date = Annotated[dt.date, Field(ge=FIRST_DATE, le=LAST_DATE)]
"""A date inside the format's window (:data:`discretion.format._limits.LAST_DATE`)."""
_Article = Annotated[int, Field(ge=1, le=9999)]

NON_NEGATIVE_TYPES = frozenset({"money", "area", "count", "days", "percent"})
"""Fact types that are quantities: a value, and so a bound, is never negative."""

FactType = Literal[
    "money", "count", "area", "days", "number", "percent", "bool", "enum", "date", "dates"
]
"""Fact types. money is yuan (元); area, number and percent are decimals; count and days integers;
``dates`` is a list of dates (e.g. of prior violations), read only by a derived ``count_within``."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Law(_Model):
    """A law, regulation or published table that citations refer to by a short key."""

    name: str = Field(description="全称，如 中华人民共和国食品安全法")
    name_en: str | None = None
    version: Date | None = Field(None, description="施行或修正日期")
    document: str | None = Field(None, description="文号，如 冀环规范〔2023〕1号")


class Citation(_Model):
    """A structured legal citation: law key, article (条), paragraph (款), item (项)."""

    law: str = Field(description="key into the standard's laws")
    article: _Article | None = Field(None, description="条")
    paragraph: _Article | None = Field(None, description="款")
    item: _Article | None = Field(None, description="项")
    article_suffix: _Article | None = Field(
        None, description="条之几：1 即「之一」，如 第一百二十四条之一 / Art. 124-1"
    )
    subitem: _Article | None = Field(None, description="目（项之下）/ sub-item below 项")
    document: str | None = Field(
        None, description="规范性文件文号，如 冀环规范〔2023〕1号 / a normative document's number"
    )
    part: str | None = Field(
        None,
        max_length=40,
        pattern=r"^\S(?:.*\S)?$",
        description="不按条编号的规范性文件中的部分，如 二（二）2 / the part of a document not numbered "
        "by articles, e.g. 二（二）2",
    )
    text: str | None = Field(None, description="原文摘录")

    @model_validator(mode="after")
    def _nested(self) -> Citation:
        # 之一 belongs to an article, 目 to a 项: a dangling part would render as nonsense.
        if self.article_suffix is not None and self.article is None:
            raise ValueError("条之几须写明条 / 'article_suffix' (条之几) needs 'article'")
        if self.subitem is not None and self.item is None:
            raise ValueError("目须写明所属的项 / 'subitem' (目) needs 'item' (项)")
        if self.part is not None and self.article is not None:
            raise ValueError(
                "part 用于不按条编号的文件，不能与条同时写 / 'part' is for a document not numbered "
                "by articles and cannot be given with 'article'"
            )
        return self


class FactSpec(_Model):
    """One fact an item reads, with its type, unit, Chinese label and bounds."""

    name: Name
    type: FactType
    label: str = Field(description="中文名称")
    label_en: str | None = None
    unit: str | None = Field(None, description="单位，如 元、平方米、日")
    required: bool = True
    default: bool | int | Bound | str | Date | None = None
    values: list[str] | None = Field(None, description="enum: allowed values")
    value_labels: dict[str, str] | None = Field(None, description="enum: 各取值的中文名称")
    min: Bound | None = None
    max: Bound | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _enum_has_values(self) -> FactSpec:
        if self.type == "enum" and not self.values:
            raise ValueError("an enum fact needs 'values'")
        if self.type != "enum" and (self.values or self.value_labels):
            raise ValueError("'values' and 'value_labels' belong to enum facts only")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("'min' is greater than 'max'")
        if self.type in NON_NEGATIVE_TYPES and self.min is not None and self.min < 0:
            # A negative area or amount would reach the arithmetic and yield a negative fine.
            raise ValueError(f"a {self.type} fact is never negative: 'min' {self.min} is below 0")
        return self
