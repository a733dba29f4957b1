"""Adjustments after banding (裁量后的比例调整, issue 20 point 5): a proportional or fractional change
of the measured fine, chosen by a procedural fact, applied in a declared order with its rounding.

Some rules change the fine after the level, the circumstances and any point have fixed it: a
leniency programme reduces it by a share that depends on the order in which cartel members came
forward (《禁止垄断协议规定》: the first applicant by at least 80 %, the second by 30 %–50 %, the
third by 20 %–30 %, under 反垄断法 Art. 56 ¶3); other rules raise or lower it by a third or a
quarter on a procedural fact. An :class:`AfterBanding` step declares one such change: the condition
(``when``), the direction, the share (a fraction ``"1/3"``, a percentage ``"30%"`` or a decimal, or
a range of them), whether it may take the fine below the statutory minimum (a 减轻 the law must
allow, cited), how the result is rounded, and its source. The steps that hold apply in the order
written, each to the result of the one before; nothing ever exceeds the statutory maximum.

An :class:`AfterSum` step applies several factors at once the way the sentencing guidance
(法发〔2021〕21号 二(二)2) adjusts a base sentence: 同向相加、逆向相减 — the shares of the factors that
hold are added, increases positive and reductions negative, and the net share is applied once.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from ._common import Citation, Name, _Model

__all__ = [
    "AfterBanding",
    "AfterStep",
    "AfterSum",
    "Share",
    "ShareRange",
    "SumFactor",
    "parse_share",
]

_SHARE = re.compile(r"^(?:(\d+)/(\d+)|(\d+(?:\.\d+)?)%|(\d+(?:\.\d+)?))$")

Share = Annotated[
    str | Decimal,
    Field(
        description='比例：分数（"1/3"）、百分数（"30%"）或小数（0.25）/ a share: a fraction '
        '("1/3"), a percentage ("30%") or a decimal (0.25)',
    ),
]


def parse_share(value: str | Decimal) -> Fraction:
    """The share as an exact fraction; ValueError names what is wrong."""
    if isinstance(value, Decimal):
        if not value.is_finite() or value < 0:
            raise ValueError(f"a share must be a non-negative number, found {value}")
        return Fraction(value)
    match = _SHARE.match(value.strip())
    if match is None:
        raise ValueError(
            f'比例 {value!r} 无法识别：请写分数（"1/3"）、百分数（"30%"）或小数 / '
            f'share {value!r} is not a fraction ("1/3"), a percentage ("30%") or a decimal'
        )
    num, den, pct, dec = match.groups()
    if num is not None:
        if int(den) == 0:
            raise ValueError(f"比例 {value!r} 的分母为零 / share {value!r} divides by zero")
        return Fraction(int(num), int(den))
    if pct is not None:
        return Fraction(Decimal(pct)) / 100
    return Fraction(Decimal(dec))


class ShareRange(_Model):
    """A share between two bounds, both included (百分之三十至百分之五十)."""

    min: Share
    max: Share

    @model_validator(mode="after")
    def _ordered(self) -> ShareRange:
        if parse_share(self.min) > parse_share(self.max):
            raise ValueError(f"min {self.min} is greater than max {self.max}")
        return self


_Rounding = Literal["fen", "yuan", "unit"]


class _Change(_Model):
    """A direction, a share or share range, and whether it may go below the statutory minimum."""

    change: Literal["reduce", "increase"] = Field(
        description="减少（reduce）或增加（increase）数额 / lower or raise the amount"
    )
    by: Share | ShareRange = Field(
        description="调整的比例，或比例的范围（如 30%–50%）/ the share of the change, or its range"
    )
    below_minimum: bool = Field(
        False,
        description="可以低于法定最低额（减轻处罚，须有法律依据并引用）；默认不低于法定最低额 / "
        "may go below the statutory minimum (a 减轻 the law allows, cited); by default it may not",
    )

    @model_validator(mode="after")
    def _shares(self) -> _Change:
        shares = [self.by.min, self.by.max] if isinstance(self.by, ShareRange) else [self.by]
        for share in shares:
            value = parse_share(share)
            if self.change == "reduce" and value > 1:
                raise ValueError(
                    f"减少的比例 {share} 超过 100% / a reduction by {share} is more than the whole"
                )
        if self.below_minimum and self.change == "increase":
            raise ValueError(
                "增加数额不会低于法定最低额，below_minimum 只用于 reduce / "
                "below_minimum is for a reduction only"
            )
        return self


class AfterBanding(_Change):
    """One change of the measured amount, applied after banding when its condition holds."""

    id: Name
    label: str = Field(description="调整事由，按规定原文 / the ground as the rule words it")
    label_en: str | None = None
    when: str = Field(
        description="适用条件（通常是程序事实）/ when it applies (usually a procedural fact)"
    )
    rounding: _Rounding = Field(
        "fen",
        description="取整：fen 按分、yuan 按元、unit 按数额单位的整数（如整月、整日）；下限向上、上限向下"
        "取整，不超出计算结果 / rounding to the fen, the yuan or whole units of the amount (months, "
        "days): the lower end up, the upper end down, never outside the result",
    )
    citation: list[Citation] = Field(min_length=1)


class SumFactor(_Change):
    """One factor of a summed step: its ground, condition, direction, share and source."""

    id: Name
    label: str = Field(description="情节，按规定原文 / the factor as the rule words it")
    label_en: str | None = None
    when: str = Field(description="该情节成立的条件 / when the factor holds")
    citation: list[Citation] = Field(min_length=1)


class AfterSum(_Model):
    """Several factors applied at once by adding their shares — increases positive, reductions
    negative (同向相加、逆向相减) — and the net share applied once to the amount before it."""

    id: Name
    label: str = Field(description="调整方法，按规定原文 / the method as the rule words it")
    label_en: str | None = None
    combine: Literal["sum"] = Field(
        description="sum：各情节的比例同向相加、逆向相减后一次适用 / the factors' shares are added "
        "(increases positive, reductions negative) and the net share applied once"
    )
    factors: list[SumFactor] = Field(min_length=1)
    rounding: _Rounding = Field(
        "fen",
        description="取整方式，与单项调整相同 / rounding, as for a single step",
    )
    citation: list[Citation] = Field(min_length=1)


def _after_kind(value: object) -> str:
    # Tags are the model names, so that an error's location names the field, not the tag.
    if isinstance(value, dict):
        return "AfterSum" if "factors" in value or "combine" in value else "AfterBanding"
    return "AfterSum" if isinstance(value, AfterSum) else "AfterBanding"


AfterStep = Annotated[
    Annotated[AfterBanding, Tag("AfterBanding")] | Annotated[AfterSum, Tag("AfterSum")],
    Discriminator(_after_kind),
]
"""One entry of ``after_banding``: a single change, or a summed group of factors."""
