"""Penalty shapes: the amount of a clause, the clause itself, and the bands of the levels.

An amount is exactly one shape (a range, a multiple of a base fact, a rate per unit, a
percentage, or a switch between amounts on a fact); a penalty clause has a kind, a combination
mode and, for money, an amount; a band places a level inside the statutory range of the primary
clause. All figures are non-negative and bounded (:mod:`discretion.format._limits`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from ._amounts2 import EqualsShape
from ._amounts3 import AtLeastShape, OfClauseShape, ProductBand, SetByShape
from ._common import Amount, Citation, Name, Percent, _Model
from ._kinds import KindName
from ._modes import BranchMode

PenaltyKind = Literal[
    "warning",  # 警告
    "circulated_criticism",  # 通报批评
    "fine",  # 罚款
    "confiscate_gains",  # 没收违法所得
    "confiscate_property",  # 没收非法财物
    "suspend_licence",  # 暂扣许可证件
    "downgrade_qualification",  # 降低资质等级
    "revoke_licence",  # 吊销许可证件
    "restrict_business",  # 限制开展生产经营活动
    "suspend_business",  # 责令停产停业
    "close_down",  # 责令关闭
    "restrict_employment",  # 限制从业
    "detention",  # 行政拘留
    "other",  # 法律、行政法规规定的其他行政处罚
]

Mode = Literal[
    "required",  # 处…: the principal penalty of the clause
    "combined",  # 并处: mandatory together with the principal penalty
    "optional",  # 可以处: the level decides whether to impose it
    "optional_combined",  # 可以并处
    "alternative",  # A 或者 B: exactly one clause of the group
    "single_or_combined",  # 单处或者并处: one or more clauses of the group
]


class RangeShape(_Model):
    """A fixed range ``[min, max]`` (以上 / 以下 include the bound); ``max`` alone means 以下."""

    min: Amount = Decimal(0)
    max: Amount
    unit: str = "元"

    @model_validator(mode="after")
    def _ordered(self) -> RangeShape:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is greater than max {self.max}")
        return self


class MultipleShape(_Model):
    """``min``–``max`` times a base fact (违法所得一倍以上五倍以下), with a fallback range.

    The fallback applies when the base fact is absent, or below ``fallback_below`` (default: zero,
    i.e. 没有违法所得的).
    """

    base: Name
    min: Amount
    max: Amount
    fallback: RangeShape | None = None
    fallback_below: Amount | None = None
    unit: str = Field("元", description="金额的单位：元、其他货币、日、月、分 / unit of the amount")

    @model_validator(mode="after")
    def _ordered(self) -> MultipleShape:
        if self.min > self.max:
            raise ValueError(f"min multiple {self.min} is greater than max {self.max}")
        return self


class PerUnitShape(_Model):
    """A rate per unit of a base fact (每平方米十元以上五十元以下, 按日连续处罚)."""

    base: Name
    min: Amount
    max: Amount
    rate_unit: str = Field(description="如 元/平方米、元/日")
    unit: str = Field("元", description="金额的单位：元、其他货币、日、月、分 / unit of the amount")

    @model_validator(mode="after")
    def _ordered(self) -> PerUnitShape:
        if self.min > self.max:
            raise ValueError(f"min rate {self.min} is greater than max {self.max}")
        return self


class PercentShape(_Model):
    """A percentage of a base fact (工程造价百分之五以上百分之十以下)."""

    base: Name
    min: Percent
    max: Percent
    unit: str = Field("元", description="金额的单位：元、其他货币、日、月、分 / unit of the amount")

    @model_validator(mode="after")
    def _ordered(self) -> PercentShape:
        if self.min > self.max:
            raise ValueError(f"min percent {self.min} is greater than max {self.max}")
        return self


class SwitchCase(_Model):
    """One branch of a range that switches on facts (货值金额不足一万元的 / 一万元以上的)."""

    id: Name
    when: str
    label: str | None = None
    label_en: str | None = None
    amount: AmountSpec
    citation: list[Citation] | None = Field(
        None,
        description="本分支自己的依据（缺省用条款的依据）/ the branch's own citation "
        "(default: the clause's)",
    )
    mode: BranchMode | None = Field(
        None,
        description="本分支自己的并处方式（如 一万元以上的并处、不足的可以并处；缺省用条款的）/ the "
        "branch's own combination mode (default: the clause's)",
    )


class AmountSpec(_Model):
    """The amount of a clause: exactly one of the shapes."""

    range: RangeShape | None = None
    multiple: MultipleShape | None = None
    per_unit: PerUnitShape | None = None
    percent: PercentShape | None = None
    switch: list[SwitchCase] | None = Field(None, min_length=1)
    equals: EqualsShape | None = Field(
        None, description="金额等于某一事实（没收违法所得）/ an amount equal to a fact"
    )
    of_clause: OfClauseShape | None = Field(
        None,
        description="另一条款幅度的倍数（前款规定罚款数额的二倍以上五倍以下）/ a multiple range "
        "over another clause's range",
    )
    at_least: AtLeastShape | None = Field(
        None, description="只有下限、没有上限（五万元以上）/ an open range: a minimum, no maximum"
    )
    set_by: SetByShape | None = Field(
        None,
        description="数额由其他机关规定（如 由省、自治区、直辖市人民政府规定）/ an amount another "
        "body's rules fix",
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> AmountSpec:
        given = [
            k
            for k in (
                *("range", "multiple", "per_unit", "percent", "switch", "equals", "of_clause"),
                *("at_least", "set_by"),
            )
            if getattr(self, k)
        ]
        if len(given) != 1:
            raise ValueError(
                "an amount needs exactly one of range, multiple, per_unit, percent, switch, "
                "equals, of_clause, at_least, set_by; "
                f"found {given or 'none'}"
            )
        return self


class PenaltyClause(_Model):
    """One statutory penalty of an item, with its combination mode."""

    id: Name
    kind: KindName = Field(
        description="处罚种类：内置种类，或本基准 kinds 中声明的其他行政处罚（行政处罚法第九条第六项）"
        " / a built-in kind, or one the standard declares in kinds"
    )
    mode: Mode
    label: str | None = Field(None, description="中文表述，缺省按种类")
    label_en: str | None = None
    group: Name | None = Field(None, description="alternative / single_or_combined group")
    amount: AmountSpec | None = None
    when: str | None = Field(None, description="statutory condition, e.g. refused_to_correct")
    levels: list[Name] | None = Field(None, description="only at these levels (情节严重的…)")
    primary: bool = Field(False, description="the clause the levels' bands apply to")
    citation: list[Citation] = Field(min_length=1)
    party: Name | None = Field(
        None,
        description="受罚的其他当事人（本事项 parties 中的 id，双罚制）；缺省为当事人本身 / "
        "the other party (an id of the item's parties) this clause falls on; none: the party itself",
    )
    to_individuals: bool = Field(
        False,
        description="法律规定本处罚也适用于公民（如 责令关闭个人私设的屠宰场所），引用的条文须写明；"
        "discretion check 不再对此提示 / the law imposes this kind on natural persons too (e.g. "
        "closing an individual's illegal site), as the cited clause says; check then does not warn",
    )

    @model_validator(mode="after")
    def _group(self) -> PenaltyClause:
        grouped = self.mode in ("alternative", "single_or_combined")
        if grouped and not self.group:
            raise ValueError(f"mode {self.mode} needs a 'group'")
        if not grouped and self.group:
            raise ValueError("'group' belongs to alternative or single_or_combined clauses")
        return self


class Factor(_Model):
    """A factor of the factor-percentage model: exactly one option holds."""

    id: Name
    label: str
    options: list[FactorOption] = Field(min_length=1)


class FactorOption(_Model):
    when: str
    percent: Percent
    label: str


class BandSpec(_Model):
    """Where a level sits inside the statutory range of the primary clause.

    Exactly one of: ``min``/``max`` (explicit sub-range, in the clause's scale: yuan for a range,
    the multiple for a multiple, the rate for per-unit, the percentage for a percent shape);
    ``percent`` (share of [min, max]); ``of_max`` (share of the maximum: the maximum-only rule);
    ``factors`` (factor-percentage sum × maximum, raised to the minimum); ``cases`` (one band per
    branch of a switching range, e.g. organisation / individual).
    """

    min: Amount | None = None
    max: Amount | None = None
    percent: tuple[Percent, Percent] | None = None
    of_max: tuple[Percent, Percent] | None = None
    factors: list[Factor] | None = Field(None, min_length=1)
    cases: dict[str, BandSpec | str] | None = None
    product: ProductBand | None = Field(
        None,
        description="法定最高额的百分比 × 调整比例，端点成对相乘 / a share of the maximum × an "
        "adjustment, paired endpoints",
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> BandSpec:
        explicit = self.min is not None or self.max is not None
        given = [
            k for k in ("percent", "of_max", "factors", "cases", "product") if getattr(self, k)
        ]
        if explicit:
            given.insert(0, "min/max")
            if self.min is None or self.max is None:
                raise ValueError("an explicit band needs both 'min' and 'max'")
            if self.min > self.max:
                raise ValueError(f"band min {self.min} is greater than max {self.max}")
        if len(given) != 1:
            raise ValueError(
                "a band needs exactly one of min/max, percent, of_max, factors, cases, product; "
                f"found {given}"
            )
        for pair in (self.percent, self.of_max):
            if pair and pair[0] > pair[1]:
                raise ValueError(f"band {pair[0]}%–{pair[1]}% is out of order")
        return self


SwitchCase.model_rebuild()
BandSpec.model_rebuild()
Factor.model_rebuild()
