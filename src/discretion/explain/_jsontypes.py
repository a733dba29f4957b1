"""The shape of a recommendation's JSON form, as typed dictionaries :func:`to_dict` builds.

These are the models the JSON is produced from: :mod:`._jsonio` annotates what it builds with
them, so mypy refuses a key added to the JSON and not here, and the JSON Schema of the
recommendation (``discretion schema --kind recommendation``) is generated from them by pydantic,
descriptions included. A Java or TypeScript team generates its types from that schema.

Typed dictionaries cost nothing at run time: the JSON is still built as plain dicts.
"""

from __future__ import annotations

from typing import (
    Annotated,
    Any,
    Literal,
    NotRequired,  # pydantic reads its annotations on Python < 3.12
)

from pydantic import Field
from typing_extensions import (
    TypedDict,
)

Amount = Annotated[
    str | None,
    Field(
        description='金额或数量：十进制字符串，元为单位（如 "50000"、"12.5"），从不用浮点数；'
        "无数额的处罚为 null / a decimal string in yuan (never a float); null for a penalty "
        "without an amount",
        pattern=r"^-?[0-9]+(\.[0-9]+)?$",
    ),
]
DateText = Annotated[
    str | None,
    Field(
        description="日期 YYYY-MM-DD，未给出为 null / ISO date, or null",
        json_schema_extra={"format": "date"},
    ),
]
JsonValue = Any
"""A fact's value as JSON carries it (string, number, boolean, array or null)."""
TypeSignature = Any
"""``"decimal"``, ``"date"``, or an array of signatures (``null`` for a plain entry)."""


class PenaltyJson(TypedDict):
    """一项建议的处罚及其幅度 / one recommended penalty and its range."""

    id: Annotated[str, Field(description="处罚条款标识，如 fine / the clause's id")]
    kind: Annotated[
        str,
        Field(
            description="处罚种类：warning 警告、fine 罚款、confiscate_gains 没收违法所得、"
            "revoke_licence 吊销许可证件 等 / the penalty kind (rule-file vocabulary)"
        ),
    ]
    label: Annotated[str, Field(description="中文名称 / Chinese label")]
    label_en: Annotated[str, Field(description="English label")]
    mode: Annotated[
        str,
        Field(
            description="并处方式：required 处、combined 并处、optional 可以处、optional_combined "
            "可以并处、alternative 或者（择一）、single_or_combined 单处或者并处 / combination mode"
        ),
    ]
    min: Annotated[Amount, Field(description="建议幅度下限 / lower bound of the recommended range")]
    max: Annotated[Amount, Field(description="建议幅度上限 / upper bound of the recommended range")]
    unit: Annotated[str | None, Field(description="单位，如 元、日 / unit")]
    statutory_min: Annotated[Amount, Field(description="法定幅度下限 / statutory minimum")]
    statutory_max: Annotated[Amount, Field(description="法定幅度上限 / statutory maximum")]
    reduced: Annotated[
        bool, Field(description="减轻：低于法定最低限 / below the statutory minimum")
    ]
    imposed: Annotated[bool, Field(description="是否建议给予 / whether the penalty is recommended")]


class OptionJson(TypedDict):
    """法律留给执法人员选择的一种处理（从轻或者减轻）/ a choice the law leaves to the officer."""

    choice: Annotated[str, Field(description="mitigate 从轻 / reduce 减轻")]
    mandatory: Annotated[bool, Field(description="应当 (true) 或 可以 (false)")]
    penalties: list[PenaltyJson]


class FlagsJson(TypedDict):
    """程序提示 / procedure flags."""

    summary_procedure: Annotated[
        bool | None,
        Field(
            description="可以适用简易程序（第五十一条）；基准未规定程序的为 null / null: no procedure"
        ),
    ]
    hearing: Annotated[
        bool | None,
        Field(
            description="告知听证权利（第六十三条）；基准未规定程序的为 null / null: no procedure"
        ),
    ]
    legality_review: Annotated[
        bool | None,
        Field(
            description="须经法制审核（第五十八条）；基准未规定程序的为 null / null: no procedure"
        ),
    ]
    reduced: Annotated[bool, Field(description="减轻处罚 / the recommendation is reduced (减轻)")]


class CircumstanceJson(TypedDict):
    """成立的情节 / a circumstance that held."""

    id: str
    kind: Annotated[
        str,
        Field(
            description="mitigate 从轻、reduce 减轻、mitigate_or_reduce 从轻或者减轻、"
            "aggravate 从重 / circumstance kind"
        ),
    ]
    label: str
    label_en: str
    mandatory: Annotated[bool, Field(description="应当 (true) 或 可以 (false)")]


class SourceJson(TypedDict):
    """一步所依据的法律条文 / a legal citation a step rests on."""

    key: Annotated[str, Field(description="引用键，如 FSL#124 / citation key")]
    zh: Annotated[str, Field(description="中文引文，如《中华人民共和国食品安全法》第一百二十四条")]
    en: Annotated[str, Field(description="English citation")]


class StepTypesJson(TypedDict):
    """``reads`` 与 ``detail`` 中不能由 JSON 表示的类型 / types JSON cannot carry."""

    reads: dict[str, TypeSignature]
    detail: dict[str, TypeSignature]


class StepJson(TypedDict):
    """裁量过程的一步（可复核的说理依据）/ one step of the trace."""

    stage: Annotated[
        str,
        Field(
            description="阶段：facts 事实、gate 不予处罚与时效、level 阶次、circumstance 情节、"
            "penalty 处罚、combine 并处、procedure 程序 / the stage"
        ),
    ]
    rule: Annotated[str, Field(description="规则标识，如 FSL-124/levels/serious")]
    test: Annotated[str, Field(description="检验的条件或检查 / what was tested")]
    reads: Annotated[dict[str, JsonValue], Field(description="读取的事实 / facts read")]
    outcome: Annotated[bool | str, Field(description="检验结果 / what the test gave")]
    sources: Annotated[list[SourceJson], Field(description="依据，从不为空 / never empty")]
    detail: Annotated[dict[str, JsonValue], Field(description="说理所用数字 / figures")]
    types: StepTypesJson


class RulesetJson(TypedDict):
    """所依据的裁量基准及其内容摘要（可据此复核）/ the standard and its content digest."""

    id: str
    version: str
    digest: Annotated[str, Field(description="规则集内容摘要 sha256 / content digest")]
    title: str


class PartyPenaltiesJson(TypedDict):
    """对同一违法行为中其他当事人的处罚（双罚制）/ the penalties on another party of the act."""

    id: Annotated[str, Field(description="当事人标识 / party id, e.g. responsible")]
    label: Annotated[str, Field(description="当事人称谓，如 直接负责的主管人员和其他直接责任人员")]
    label_en: str
    party_type: Annotated[
        Literal["individual", "organisation"],
        Field(description="当事人类型：individual 公民 / organisation 法人或者其他组织"),
    ]
    penalties: Annotated[list[PenaltyJson], Field(description="建议的处罚 / penalties")]
    optional_penalties: Annotated[
        list[PenaltyJson], Field(description="可以并处而未建议的处罚 / optional, not chosen")
    ]


class RecommendationJson(TypedDict):
    """裁量建议（discretion 的 JSON 输出）/ a recommended penalty, as ``discretion evaluate
    --format json`` and ``discretion.to_json`` write it."""

    outcome: Annotated[
        Literal["penalty", "no_penalty", "may_waive"],
        Field(
            description="penalty 给予处罚；no_penalty 不予处罚；may_waive 可以不予处罚 / outcome"
        ),
    ]
    item: Annotated[str, Field(description="裁量事项编码 / item code")]
    item_name: Annotated[str, Field(description="违法行为名称 / item name")]
    level: Annotated[str | None, Field(description="裁量阶次标识 / level id")]
    level_label: Annotated[str | None, Field(description="裁量阶次名称 / level label")]
    penalties: Annotated[list[PenaltyJson], Field(description="建议的处罚 / penalties")]
    optional_penalties: Annotated[
        list[PenaltyJson], Field(description="可以并处而未建议的处罚 / optional, not chosen")
    ]
    options: Annotated[list[OptionJson], Field(description="从轻或者减轻的两种幅度 / options")]
    grounds: Annotated[list[str], Field(description="成立的不予处罚情形 / grounds that held")]
    flags: FlagsJson
    circumstances: list[CircumstanceJson]
    orders: Annotated[list[str], Field(description="责令改正等非处罚措施 / orders")]
    facts: Annotated[dict[str, JsonValue], Field(description="认定的事实 / the facts")]
    fact_types: Annotated[
        dict[str, TypeSignature],
        Field(description="事实中十进制数与日期的类型 / decimal and date facts' types"),
    ]
    steps: list[StepJson]
    ruleset: RulesetJson
    violation_date: Annotated[DateText, Field(description="违法行为发生日期")]
    decision_date: Annotated[DateText, Field(description="作出处罚决定日期")]
    notes: Annotated[list[str], Field(description="说明 / notes")]
    parties: NotRequired[
        Annotated[
            list[PartyPenaltiesJson],
            Field(description="其他当事人的处罚（双罚制），无则省略 / other parties' penalties"),
        ]
    ]
    kept: NotRequired[
        Annotated[
            list[PenaltyJson],
            Field(
                description="不予处罚情形成立时依法仍应给予的处罚（如 没收违法所得），无则省略 / "
                "what a no-penalty ground keeps"
            ),
        ]
    ]
