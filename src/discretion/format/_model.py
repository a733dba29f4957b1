"""The rule-file format: frozen pydantic models of one standard (裁量基准) as written in YAML.

A file holds one standard: its metadata, the laws it cites, shared facts and parameters, named bands,
and its items (裁量事项). Each item declares the facts it reads, the statutory penalty clauses, the
discretion levels (裁量阶次) and its own circumstances (情节). The models check structure; the
meaning (conditions, bands inside the statute, references between fields) is checked by
:mod:`discretion.compile._loader` after these models validate. ``discretion schema`` exports the JSON Schema of
:class:`StandardFile` so editors can validate rule files as they are typed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="snake_case English name")]
Code = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")]
Amount = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
Percent = Annotated[Decimal, Field(ge=0, le=100, allow_inf_nan=False)]

FactType = Literal["money", "count", "area", "days", "number", "percent", "bool", "enum", "date"]
"""Fact types. money is yuan (元); area, number and percent are decimals; count and days integers."""

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


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Law(_Model):
    """A law, regulation or published table that citations refer to by a short key."""

    name: str = Field(description="全称，如 中华人民共和国食品安全法")
    name_en: str | None = None
    version: dt.date | None = Field(None, description="施行或修正日期")
    document: str | None = Field(None, description="文号，如 冀环规范〔2023〕1号")


class Citation(_Model):
    """A structured legal citation: law key, article (条), paragraph (款), item (项)."""

    law: str = Field(description="key into the standard's laws")
    article: int | None = Field(None, ge=1, description="条")
    paragraph: int | None = Field(None, ge=1, description="款")
    item: int | None = Field(None, ge=1, description="项")
    text: str | None = Field(None, description="原文摘录")


class FactSpec(_Model):
    """One fact an item reads, with its type, unit, Chinese label and bounds."""

    name: Name
    type: FactType
    label: str = Field(description="中文名称")
    label_en: str | None = None
    unit: str | None = Field(None, description="单位，如 元、平方米、日")
    required: bool = True
    default: bool | int | Decimal | str | dt.date | None = None
    values: list[str] | None = Field(None, description="enum: allowed values")
    value_labels: dict[str, str] | None = Field(None, description="enum: 各取值的中文名称")
    min: Decimal | None = None
    max: Decimal | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _enum_has_values(self) -> FactSpec:
        if self.type == "enum" and not self.values:
            raise ValueError("an enum fact needs 'values'")
        if self.type != "enum" and (self.values or self.value_labels):
            raise ValueError("'values' and 'value_labels' belong to enum facts only")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("'min' is greater than 'max'")
        return self


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


class AmountSpec(_Model):
    """The amount of a clause: exactly one of the shapes."""

    range: RangeShape | None = None
    multiple: MultipleShape | None = None
    per_unit: PerUnitShape | None = None
    percent: PercentShape | None = None
    switch: list[SwitchCase] | None = Field(None, min_length=1)

    @model_validator(mode="after")
    def _exactly_one(self) -> AmountSpec:
        given = [
            k for k in ("range", "multiple", "per_unit", "percent", "switch") if getattr(self, k)
        ]
        if len(given) != 1:
            raise ValueError(
                "an amount needs exactly one of range, multiple, per_unit, percent, switch; "
                f"found {given or 'none'}"
            )
        return self


class PenaltyClause(_Model):
    """One statutory penalty of an item, with its combination mode."""

    id: Name
    kind: PenaltyKind
    mode: Mode
    label: str | None = Field(None, description="中文表述，缺省按种类")
    label_en: str | None = None
    group: Name | None = Field(None, description="alternative / single_or_combined group")
    amount: AmountSpec | None = None
    when: str | None = Field(None, description="statutory condition, e.g. refused_to_correct")
    levels: list[Name] | None = Field(None, description="only at these levels (情节严重的…)")
    primary: bool = Field(False, description="the clause the levels' bands apply to")
    citation: list[Citation] = Field(min_length=1)

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

    @model_validator(mode="after")
    def _exactly_one(self) -> BandSpec:
        explicit = self.min is not None or self.max is not None
        given = [k for k in ("percent", "of_max", "factors", "cases") if getattr(self, k)]
        if explicit:
            given.insert(0, "min/max")
            if self.min is None or self.max is None:
                raise ValueError("an explicit band needs both 'min' and 'max'")
            if self.min > self.max:
                raise ValueError(f"band min {self.min} is greater than max {self.max}")
        if len(given) != 1:
            raise ValueError(
                f"a band needs exactly one of min/max, percent, of_max, factors, cases; found {given}"
            )
        for pair in (self.percent, self.of_max):
            if pair and pair[0] > pair[1]:
                raise ValueError(f"band {pair[0]}%–{pair[1]}% is out of order")
        return self


class Level(_Model):
    """A discretion level (裁量阶次): its conditions, the published wording and its band."""

    id: Name
    label: str = Field(description="阶次名称，如 情节较轻")
    label_en: str | None = None
    when: str = Field(description="condition over the item's facts")
    circumstances: str = Field(description="裁量情形：按公布的基准表原文")
    band: BandSpec | str | None = Field(None, description="inline band or a named band")
    impose: list[Name] = Field(default_factory=list, description="discretionary clauses imposed")
    reduce: bool = Field(False, description="the level itself is 减轻 (below the minimum)")
    citation: list[Citation] = Field(default_factory=list)


CircumstanceKind = Literal["mitigate", "reduce", "mitigate_or_reduce", "aggravate"]


class Circumstance(_Model):
    """A circumstance (情节): 从轻 mitigate, 减轻 reduce, 从轻或者减轻, 从重 aggravate.

    ``mitigate_or_reduce`` (从轻或者减轻: Art. 30, 31, 32) leaves the choice to the deciding
    officer: the recommendation presents both the 从轻 range and the 减轻 range.
    """

    id: Name
    kind: CircumstanceKind
    label: str
    label_en: str | None = None
    when: str
    mandatory: bool = Field(True, description="应当 (true) or 可以 (false)")
    citation: list[Citation] = Field(min_length=1)


GroundEffect = Literal["no_penalty", "may_waive"]


class Ground(_Model):
    """A no-penalty ground (不予处罚 / 可以不予处罚), general or local (首违不罚清单).

    ``no_penalty``: the law says 不予处罚 (mandatory). ``may_waive``: it says 可以不予处罚; the
    recommendation is computed all the same and its outcome says the officer may waive it.
    A comparison with a fact the case does not give never holds.
    """

    id: Name
    label: str = Field(description="条文表述")
    label_en: str | None = None
    when: str
    effect: GroundEffect
    citation: list[Citation] = Field(min_length=1)


class LimitationPeriod(_Model):
    years: int = Field(ge=1)
    when: str | None = Field(None, description="the period applies when this holds")
    label: str
    label_en: str | None = None
    citation: list[Citation] = Field(min_length=1)


class Limitation(_Model):
    """Art. 36: not discovered within the period → no penalty.

    The period runs from ``end`` (a continuing act's end) when given, else from ``start``; the
    first period whose condition holds applies (the last one should have none).
    """

    start: Name = Field(description="date fact: when the act occurred")
    end: Name | None = Field(None, description="date fact: when a continuing act ended")
    discovered: Name = Field(description="date fact: when the act was discovered")
    periods: list[LimitationPeriod] = Field(min_length=1)


class Principle(_Model):
    """A rule of the general part the engine applies itself, with its wording and citation.

    ``transition``: Art. 37 (从旧兼从轻); ``one_act``: Art. 29 (一事不再罚).
    """

    label: str
    label_en: str | None = None
    citation: list[Citation] = Field(min_length=1)


class ReviewGround(_Model):
    """A ground that makes legality review (法制审核, Art. 58) mandatory."""

    id: Name
    label: str
    label_en: str | None = None
    when: str | None = None
    on_hearing: bool = Field(False, description="holds when the case carries a hearing right")
    on_several_items: bool = Field(False, description="holds for one act under several norms")
    citation: list[Citation] = Field(min_length=1)


class Item(_Model):
    """One violation (裁量事项) of a standard."""

    code: Code
    name: str = Field(description="违法行为名称")
    name_en: str | None = None
    legal_basis: list[Citation] = Field(min_length=1, description="违法依据")
    penalty_basis: list[Citation] = Field(min_length=1, description="处罚依据")
    facts: list[FactSpec] = Field(default_factory=list)
    orders: list[str] = Field(default_factory=list, description="责令改正等非处罚措施")
    penalties: list[PenaltyClause] = Field(min_length=1)
    levels: list[Level] = Field(min_length=1)
    circumstances: list[Circumstance] = Field(default_factory=list)
    grounds: list[Ground] = Field(default_factory=list, description="本事项的不予处罚情形")
    exclude_grounds: list[Name] = Field(
        default_factory=list,
        description="general grounds a law excludes for this item (Art. 33 ¶2: 法律另有规定的除外)",
    )
    notes: str | None = None


class Adjustment(_Model):
    """How circumstances move a band (the standard states it; nothing is hard-wired).

    ``mitigate_share``: 从轻 keeps the lowest share of the level's band; ``aggravate_share``: 从重
    keeps the highest share; ``reduce_floor``: 减轻 may go down to this percentage of the statutory
    minimum. ``combine`` states how several circumstances combine; both rules are monotone (adding an
    aggravating circumstance never lowers the range, adding a mitigating one never raises it), and
    neither depends on the order of declaration. A 减轻 ground overrides either rule.
    """

    mitigate_share: Percent
    aggravate_share: Percent
    reduce_floor: Percent
    combine: Literal["net", "mitigation_prevails"] = Field(
        description="net: aggravating +1, mitigating -1, the sign decides; "
        "mitigation_prevails: any mitigating circumstance mitigates, else any aggravating aggravates"
    )


class Procedure(_Model):
    """Procedure thresholds by party type (they differ by province and agency).

    The general part sets what the statute fixes (Art. 51); a standard adds or overrides what is
    local (the Art. 63 hearing threshold). Each field a standard leaves out is taken from its
    general part.
    """

    summary_fine_max: dict[str, Amount] | None = Field(None, description="Art. 51 当场处罚罚款上限")
    hearing_fine_min: dict[str, Amount] | None = Field(None, description="Art. 63 较大数额罚款")
    citation_summary: list[Citation] | None = None
    citation_hearing: list[Citation] | None = None
    citation_review: list[Citation] | None = None


class Standard(_Model):
    """Metadata of a standard (裁量基准)."""

    id: Code
    title: str
    title_en: str | None = None
    authority: str = Field(description="制定机关")
    jurisdiction: str = Field(description="适用地域")
    field: str = Field(description="领域，如 食品安全、大气污染防治")
    version: str
    effective_from: dt.date
    effective_to: dt.date | None = None
    source: str = Field(description="文号或出处")
    general: bool = Field(False, description="true for the general part (总则)")
    uses: str | None = Field(
        None, description="the general part (总则) file this standard applies, relative to it"
    )


class StandardFile(_Model):
    """One rule file: a standard (or the general part) and its items."""

    standard: Standard
    laws: dict[str, Law] = Field(min_length=1)
    facts: list[FactSpec] = Field(default_factory=list, description="facts shared by all items")
    bands: dict[str, BandSpec] = Field(default_factory=dict, description="named bands")
    adjustment: Adjustment | None = None
    procedure: Procedure | None = None
    circumstances: list[Circumstance] = Field(default_factory=list)
    grounds: list[Ground] = Field(default_factory=list, description="不予处罚情形")
    limitation: Limitation | None = None
    review_grounds: list[ReviewGround] = Field(default_factory=list)
    transition: Principle | None = None
    one_act: Principle | None = None
    items: list[Item] = Field(default_factory=list)


SwitchCase.model_rebuild()
BandSpec.model_rebuild()
Factor.model_rebuild()
