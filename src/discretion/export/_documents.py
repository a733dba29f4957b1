"""Models of the documents other than rule files: example cases, facts, decisions.

The readers of these files are hand-written where they are used (``verify._examples``,
``cli._io``, ``review._decision``), because their errors must name the line and say what to write
instead. These models describe the same documents for editors and other runtimes: the JSON
Schemas are generated from them, and ``tests/test_schemas.py`` validates every bundled file
against them, so a model that drifts from what the readers accept fails a test. The vocabularies
(approvals, choices, the keys of a case) are imported from the readers, never repeated.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

from ..review._decision import _ALIASES, APPROVALS, CHOICES

FactValue = Annotated[
    str | int | float | bool | dt.date | list[Any] | None,
    Field(
        description='事实的取值：金额与数量写数字或十进制字符串（"9999.99"），是否写 true/false，'
        "选项写取值标识，日期写 YYYY-MM-DD / a fact's value: a number or decimal string, "
        "true/false, an enum value, or a date"
    ),
]
Number = Annotated[
    str | int | float,
    Field(description="数额：数字或十进制字符串，元为单位 / an amount: a number or decimal string"),
]


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FactsFile(RootModel[dict[str, FactValue]]):
    """事实文件：事实名称 → 取值（discretion evaluate --facts）/ a facts file: fact name → value.

    各事项读取哪些事实、取值范围，见 ``discretion list RULES --item CODE``。
    """


class ExpectedPenalty(_Doc):
    """预期的一项处罚：只写要核对的键 / an expected penalty: only the keys to compare."""

    min: Number | None = Field(None, description="预期幅度下限 / expected lower bound")
    max: Number | None = Field(None, description="预期幅度上限 / expected upper bound")
    mode: str | None = Field(None, description="预期并处方式 / expected combination mode")
    reduced: bool | None = Field(None, description="预期是否减轻 / expected 减轻")
    unit: str | None = Field(None, description="预期单位 / expected unit")
    start: Number | None = Field(None, description="预期裁量起点 / expected starting point")


class ExpectedFlags(_Doc):
    """预期的程序提示 / expected procedure flags."""

    summary_procedure: bool | None = Field(None, description="可以适用简易程序（第五十一条）")
    hearing: bool | None = Field(None, description="告知听证权利（第六十三条）")
    legality_review: bool | None = Field(None, description="须经法制审核（第五十八条）")
    reduced: bool | None = Field(None, description="减轻处罚")


class Expectation(_Doc):
    """预期结果：数字必须来自法律或公布的基准表 / the expected recommendation."""

    outcome: Literal["penalty", "no_penalty", "may_waive"] | None = Field(
        None,
        description="penalty 给予处罚；no_penalty 不予处罚；may_waive 可以不予处罚",
    )
    level: str | None = Field(None, description="预期裁量阶次标识 / expected level id")
    penalties: dict[str, ExpectedPenalty | None] | None = Field(
        None, description="处罚标识 → 预期幅度；{} 表示不处罚 / penalty id → expected range"
    )
    flags: ExpectedFlags | None = None
    error: str | None = Field(
        None, description="预期拒绝计算时的错误类型，如 LevelGapError / expected error class"
    )
    circumstances: list[str] | dict[str, dict[str, bool] | None] | None = Field(
        None, description="预期成立的情节标识；或 {标识: {mandatory: true}} 并核对是否应当适用"
    )
    options: dict[str, dict[str, ExpectedPenalty | None] | None] | None = Field(
        None, description="从轻（mitigate）、减轻（reduce）两种幅度 / the officer's options"
    )
    grounds: list[str] | None = Field(None, description="预期成立的不予处罚情形标识")
    version: str | None = Field(None, description="预期适用的基准版本（第三十七条）")
    parties: dict[str, dict[str, ExpectedPenalty | None] | None] | None = Field(
        None, description="预期对其他当事人的处罚（双罚制）/ expected penalties on other parties"
    )
    kept: list[str] | None = Field(
        None, description="不予处罚时依法仍应给予的处罚标识 / expected kept penalties"
    )
    optional_penalties: list[str] | None = Field(
        None, description="预期可以给予而未选择的处罚标识 / expected optional penalties"
    )
    citations: list[str] | None = Field(
        None, description="说理必须引用的依据，如 SPL/97 / sources the note must cite"
    )
    rule: str | None = Field(None, description="数个违法行为：预期合并规则 / expected rule")
    violations: list[Expectation | None] | None = Field(
        None, description="数个违法行为：按顺序各自的预期 / each violation's expectation"
    )
    combined: dict[str, ExpectedPenalty | None] | None = Field(
        None, description="数个违法行为：预期合并后的幅度 / expected combined ranges"
    )


class Violation(_Doc):
    """一案中的一个违法行为 / one violation of a case of several."""

    item: str = Field(description="裁量事项编码 / item code")
    facts: dict[str, FactValue] | None = Field(None, description="事实 / the facts")
    violation_date: dt.date | None = Field(None, description="违法行为发生日期")


class CaseFile(_Doc):
    """一案数个违法行为的案件文件（discretion evaluate RULES --case FILE，POST
    /api/v1/case/evaluate）/ a case of several violations: each decided on its own, then
    combined as the standards declare (several)."""

    violations: list[Violation] = Field(
        description="违法行为列表，至少两个，按顺序 / the violations, at least two, in order"
    )
    decision_date: dt.date | None = Field(None, description="作出处罚决定日期 / decision date")


class ExampleCase(_Doc):
    """一个示例案例 / one example case."""

    name: str = Field(description="案例名称 / case name")
    item: str | None = Field(None, description="裁量事项编码 / item code")
    facts: dict[str, FactValue] | None = Field(None, description="事实 / the facts")
    violations: list[Violation] | None = Field(
        None,
        description="一案数个违法行为：代替 item 与 facts / several violations in one case",
    )
    expect: Expectation
    source: str = Field(description="预期结果的出处：法律条文或公布的基准表，以及手算过程")
    violation_date: dt.date | None = Field(None, description="违法行为发生日期")
    decision_date: dt.date | None = Field(None, description="作出处罚决定日期")


class CasesFile(_Doc):
    """示例案例文件（*.cases.yaml）/ an example-case file beside a standard."""

    rules: str | None = Field(
        None, description="要加载的规则文件夹，相对本文件（缺省为本文件所在文件夹）"
    )
    cases: list[ExampleCase] = Field(description="示例案例 / the cases")


_APPROVAL_WORDS = [*APPROVALS, *(k for k, v in _ALIASES.items() if v in APPROVALS)]
_CHOICE_WORDS = [*CHOICES, *(k for k, v in _ALIASES.items() if v in CHOICES)]


class DecidedPenalty(_Doc):
    """决定给予的一项处罚 / one penalty decided."""

    id: str = Field(description="处罚标识，与裁量建议中的一致，如 fine / the penalty's id")
    amount: Number | None = Field(None, description="决定的数额（元、日等）/ the amount decided")


class DecisionFile(_Doc):
    """执法人员的最终决定（discretion log decide --decision）/ the officer's final decision.

    幅度之外、缺少或增加处罚为调整适用，须写明理由并经负责人批准或集体讨论决定。
    """

    penalties: list[DecidedPenalty | str] | None = Field(
        None, description="决定给予的处罚；空列表为不予处罚 / penalties decided"
    )
    reason: str | None = Field(None, description="调整适用的理由 / why the decision departs")
    approval: Literal[tuple(_APPROVAL_WORDS)] | None = Field(  # type: ignore[valid-type]
        None,
        description="principal_head 负责人批准；collective_discussion 集体讨论决定（也可写中文）",
    )
    approver: str | None = Field(None, description="批准人或会议记录 / who approved")
    choice: str | None = Field(
        None,
        description="法律留有选择时所作的选择：mitigate 从轻、reduce 减轻、waive 不予处罚，"
        "或其他文字 / the option taken",
        examples=_CHOICE_WORDS,
    )
    officer: str | None = Field(None, description="作出决定的执法人员 / who decided")
    officer_certificate: str | None = Field(
        None, description="执法证号（写成文字，保留开头的 0）/ certificate number, as text"
    )
