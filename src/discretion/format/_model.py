"""The rule-file format: frozen pydantic models of one standard (裁量基准) as written in YAML.

A file holds one standard: its metadata, the laws it cites, shared facts and parameters, named bands,
and its items (裁量事项). Each item declares the facts it reads, the statutory penalty clauses, the
discretion levels (裁量阶次) and its own circumstances (情节). The models check structure; the
meaning (conditions, bands inside the statute, references between fields) is checked by
:mod:`discretion.compile._loader` after these models validate. ``discretion schema`` exports the JSON Schema of
:class:`StandardFile` so editors can validate rule files as they are typed.

The building blocks live in :mod:`._common` (names, amounts, laws, citations, facts) and the
penalty shapes in :mod:`._shapes`; this module holds levels, circumstances, grounds, the general
part's rules, procedure and the standard itself, and re-exports the rest under its old names.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from ._after import AfterStep
from ._combine import Several
from ._common import (
    Amount,
    Citation,
    Code,
    Date,
    FactSpec,
    FactType,
    Law,
    Name,
    Percent,
    _Model,
)
from ._competence import Body
from ._derived import DerivedFact
from ._grid import Grid
from ._kinds import DeclaredKind
from ._limits import MAX_YEARS
from ._lists import PenaltyList
from ._parties import Keep, Party, PartyType
from ._point import Point
from ._shapes import (
    AmountSpec,
    BandSpec,
    Factor,
    FactorOption,
    Mode,
    MultipleShape,
    PenaltyClause,
    PenaltyKind,
    PercentShape,
    PerUnitShape,
    RangeShape,
    SwitchCase,
)
from ._vocabulary import KIND_LABELS

__all__ = [
    "Adjustment",
    "Amount",
    "AmountSpec",
    "BandSpec",
    "Circumstance",
    "CircumstanceKind",
    "Citation",
    "Code",
    "DerivedFact",
    "FactSpec",
    "FactType",
    "Factor",
    "FactorOption",
    "Grid",
    "Ground",
    "GroundEffect",
    "Item",
    "Keep",
    "Law",
    "Level",
    "Limitation",
    "LimitationPeriod",
    "Mode",
    "MultipleShape",
    "Name",
    "Party",
    "PartyType",
    "PenaltyClause",
    "PenaltyKind",
    "PerUnitShape",
    "Percent",
    "PercentShape",
    "Point",
    "Principle",
    "Procedure",
    "RangeShape",
    "ReviewGround",
    "Several",
    "Standard",
    "StandardFile",
    "SwitchCase",
]


class Level(_Model):
    """A discretion level (裁量阶次): its conditions, the published wording and its band."""

    id: Name
    label: str = Field(description="阶次名称，如 情节较轻")
    label_en: str | None = None
    when: str | None = Field(
        None,
        description="condition over the item's facts; left out in an item with a grid "
        "(裁量格), whose cells give it",
    )
    circumstances: str = Field(description="裁量情形：按公布的基准表原文")
    band: BandSpec | str | None = Field(None, description="inline band or a named band")
    impose: list[Name] = Field(default_factory=list, description="discretionary clauses imposed")
    may_add: list[Name] | None = Field(
        None,
        description="单处或者并处组中本阶次未选、但执法人员仍可并处的条款；缺省为组内其余各项，空列表为"
        "不得再并处 / members of a 单处或者并处 group the officer may still add at this level "
        "(default: every other member; []: none)",
    )
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
    duty: Principle | None = Field(
        None,
        description="what the authority must do when it does not punish on this ground "
        "(Art. 33 ¶3: 应当对当事人进行教育), stated with its citation",
    )
    keeps: Keep | None = Field(
        None,
        description="不予处罚时仍应给予的处罚（如 违法所得依法没收，行政处罚法第二十八条第二款）及其依据 / "
        "what the law still requires when this ground holds, with its citation",
    )


class LimitationPeriod(_Model):
    years: int = Field(ge=1, le=MAX_YEARS)
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

    ``transition``: Art. 37 (从旧兼从轻); ``one_act``: Art. 29 (一事不再罚);
    ``benchmark_transition``: a benchmark's own rule that its lighter figures apply to acts before
    it took effect (without one, a revision of the benchmark alone never changes the version).
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
    derived: list[DerivedFact] = Field(
        default_factory=list, description="推算事实：由本事项的事实计算得出 (derived facts)"
    )
    orders: list[str] = Field(default_factory=list, description="责令改正等非处罚措施")
    penalties: list[PenaltyClause] = Field(min_length=1)
    levels: list[Level] = Field(min_length=1)
    circumstances: list[Circumstance] = Field(default_factory=list)
    grounds: list[Ground] = Field(default_factory=list, description="本事项的不予处罚情形")
    exclude_grounds: list[Name] = Field(
        default_factory=list,
        description="general grounds a law excludes for this item (Art. 33 ¶2: 法律另有规定的除外)",
    )
    grid: Grid | None = Field(
        None, description="裁量格：按两个或三个维度确定阶次 / levels chosen by two or three keys"
    )
    point: Point | None = Field(
        None,
        description="裁量起点与调整：幅度内的起点及按因素的调整 / a point inside the band and its moves",
    )
    after_banding: list[AfterStep] = Field(
        default_factory=list,
        description="裁量后的比例调整：按程序事实对已确定的罚款按比例增减，依所列顺序适用 / "
        "proportional changes of the measured amount on procedural facts, applied in this order",
    )
    refines: Code | None = Field(
        None,
        description="本事项细化的上级基准事项编码（基准须写 refines）/ the code of the item of "
        "the parent standard this item refines",
    )
    notes: str | None = None
    parties: list[Party] = Field(
        default_factory=list,
        description="同一违法行为中单位以外的其他受罚当事人（双罚制：直接负责的主管人员和其他直接责任人员）",
    )
    applies_to: list[PartyType] | None = Field(
        None,
        description="本事项只适用于这些当事人类型（如 只有单位能实施的违法行为：[organisation]）",
    )
    competence: list[Name] | None = Field(
        None,
        min_length=1,
        description="有权决定本事项的机关（基准 bodies 中的标识），缺省为基准声明的全部机关 / "
        "the bodies (ids of the standard's bodies) that may decide this item; none: all of them",
    )


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
        description="情节怎样合并：net 相抵（从重 +1、从轻 −1，按和的符号）；mitigation_prevails 从轻优先"
        "（有从轻情节即从轻，否则有从重情节即从重）/ net: aggravating +1, mitigating -1, the sign "
        "decides; mitigation_prevails: any mitigating circumstance mitigates, else any aggravating "
        "aggravates"
    )


class Procedure(_Model):
    """Procedure thresholds by party type (they differ by province and agency).

    The general part sets what the statute fixes (Art. 51); a standard adds or overrides what is
    local (the Art. 63 hearing threshold). Each field a standard leaves out is taken from its
    general part.
    """

    summary_fine_max: dict[str, Amount] | None = Field(None, description="Art. 51 当场处罚罚款上限")
    hearing_fine_min: dict[str, Amount | Literal["由制定机关设定"]] | None = Field(
        None,
        description="Art. 63 较大数额罚款; 由制定机关设定 (to be set by the issuing agency) where "
        "no applicable figure has been found: `check` warns and the note says it is unset",
    )
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
    effective_from: Date
    effective_to: Date | None = None
    source: str = Field(description="文号或出处")
    general: bool = Field(False, description="true for the general part (总则)")
    uses: str | None = Field(
        None,
        description="the general part (总则) this standard applies: discretion:general/apl-2021 (随包提供), or a path relative to this file",
    )
    refines: str | None = Field(
        None,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*@[^@\s]+$",
        description="本基准细化的上级基准，写作 id@version；check 证明各阶次幅度不超出上级基准 / "
        "the upper-level standard this one refines, as id@version",
    )


class StandardFile(_Model):
    """One rule file: a standard (or the general part) and its items."""

    standard: Standard
    laws: dict[str, Law] = Field(min_length=1)
    facts: list[FactSpec] = Field(default_factory=list, description="facts shared by all items")
    derived: list[DerivedFact] = Field(
        default_factory=list, description="推算事实：各事项共用 (derived facts shared by all items)"
    )
    bands: dict[str, BandSpec] = Field(default_factory=dict, description="named bands")
    adjustment: Adjustment | None = None
    procedure: Procedure | None = None
    circumstances: list[Circumstance] = Field(default_factory=list)
    grounds: list[Ground] = Field(default_factory=list, description="不予处罚情形")
    limitation: Limitation | None = None
    review_grounds: list[ReviewGround] = Field(default_factory=list)
    transition: Principle | None = None
    benchmark_transition: Principle | None = Field(
        None,
        description="the benchmark's own rule for acts before it took effect and decided after "
        "(a benchmark revision is not a change of law under Art. 37)",
    )
    one_act: Principle | None = None
    bodies: list[Body] = Field(
        default_factory=list,
        description="有权作出处罚决定的机关及其职权来源（法定职权、赋权、委托；行政处罚法第十七条至"
        "第二十四条）/ the bodies that may decide the items and how they hold the power",
    )
    lists: list[PenaltyList] = Field(
        default_factory=list,
        description="不予处罚清单、首违不罚清单：各有施行日期、首次违法的定义和所列事项 / no-penalty "
        "lists with their own dates, first-violation rule and entries",
    )
    items: list[Item] = Field(default_factory=list)
    kinds: list[DeclaredKind] = Field(
        default_factory=list,
        description="本基准声明的其他处罚种类（法律、行政法规规定的其他行政处罚，行政处罚法第九条第六项），"
        "如 驱逐出境 / penalty kinds beyond the built-in list, each with its label and citation",
    )
    several: Several | None = Field(
        None,
        description="一案数个违法行为的合并处罚规则（分别裁量、合并处罚等）及其依据 / "
        "how several separate violations in one case are combined, with its citation",
    )

    @field_validator("kinds")
    @classmethod
    def _kinds_are_new(cls, kinds: list[DeclaredKind]) -> list[DeclaredKind]:
        seen: set[str] = set()
        for k in kinds:
            if k.id in KIND_LABELS:
                raise ValueError(
                    f"kinds 中的 {k.id!r} 是内置处罚种类，无需声明 / {k.id!r} is a built-in kind"
                )
            if k.id in seen:
                raise ValueError(f"kinds 中的 {k.id!r} 重复 / kind {k.id!r} is declared twice")
            seen.add(k.id)
        return kinds
