"""The request and response bodies of the HTTP API, as pydantic models for the OpenAPI document.

Fact values travel as JSON strings, integers, booleans or dates (``YYYY-MM-DD``); money is best
sent as a decimal string (``"20000.50"``). A JSON number with a fraction is read exactly as a
decimal, never as a binary float. Recommendations are the library's JSON form
(:func:`discretion.to_dict`), amounts as decimal strings.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

FactValue = str | int | float | bool | None
"""One fact's value as JSON carries it (a decimal number arrives as text, see the module)."""


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EvaluateRequest(_Body):
    """Facts of one case (事实) and, optionally, the dates that choose the version (Art. 37)."""

    facts: dict[str, FactValue] = Field(description="fact name → value (事实名称 → 取值)")
    violation_date: dt.date | None = Field(None, description="违法行为发生日期")
    decision_date: dt.date | None = Field(None, description="作出处罚决定日期")


class SingleRequest(EvaluateRequest):
    """One case, and optionally the body deciding it (APL Art. 17–24)."""

    decided_by: str | None = Field(
        None,
        description="作出决定的机关标识（基准 bodies 中声明），无权决定时拒绝 / the deciding "
        "body's id: refused unless it may decide the item",
    )


class ActRequest(EvaluateRequest):
    """One act under several items (Art. 29: one fine, under the heavier norm)."""

    items: list[str] = Field(min_length=1, description="item codes (裁量事项编码)")


class EnvelopeRequest(_Body):
    """Facts established so far; every declared fact not given is unknown (未查明)."""

    facts: dict[str, FactValue] = Field(default_factory=dict)
    assume_defaults: bool = Field(
        False, description="take a fact's declared default instead of treating it as unknown"
    )
    violation_date: dt.date | None = None
    decision_date: dt.date | None = None


class RecordRequest(EvaluateRequest):
    """Evaluate a case and append the recommendation to the review log (法制审核记录)."""

    item: str


class DecideRequest(_Body):
    """The officer's final decision on a recorded recommendation."""

    seq: int = Field(ge=1, description="the recommendation's entry number in the log")
    decision: dict[str, Any] = Field(
        description="penalties decided, and reason/approval/approver for a departure (调整适用)"
    )


class FactSchema(BaseModel):
    """One fact an item reads (事实要素)."""

    name: str
    type: str
    label: str
    label_en: str | None
    unit: str | None
    required: bool
    default: str | int | bool | None
    values: list[str] | None
    value_labels: dict[str, str] | None
    min: str | None
    max: str | None


class ItemSummary(BaseModel):
    """An item (裁量事项) of a loaded standard."""

    code: str
    name: str
    name_en: str
    standard: str
    version: str


class ItemDetail(ItemSummary):
    """An item with the facts it reads."""

    facts: list[FactSchema]


class PenaltyRange(BaseModel):
    """A penalty over every completion of the unknown facts."""

    id: str
    kind: str
    label: str
    label_en: str
    unit: str | None
    min: str | None = Field(description="lowest minimum (decimal string)")
    max: str | None = Field(description="highest maximum; null when unbounded or no amount")
    unbounded: bool
    always: bool = Field(description="recommended in every completion")
    lowest: dict[str, FactValue] = Field(description="unknown facts' values reaching min")
    highest: dict[str, FactValue] = Field(description="unknown facts' values reaching max")


class NextFactOut(BaseModel):
    """An unknown fact, and how much knowing it narrows the envelope (0 = nothing)."""

    name: str
    label: str
    average: float
    guaranteed: float


class EnvelopeResponse(BaseModel):
    """What is already certain about the recommendation."""

    item: str
    item_name: str
    outcomes: list[str]
    levels: list[str]
    penalties: list[PenaltyRange]
    flags: list[str]
    flags_if_penalty: list[str]
    possible_flags: list[str]
    unknown: list[str]
    next: list[NextFactOut]
    classes: int
    combinations: int


class Sequence(BaseModel):
    """The entry number a review-log append was given."""

    seq: int


class Health(BaseModel):
    status: str


class StandardVersion(BaseModel):
    id: str
    version: str
    digest: str


class VersionInfo(BaseModel):
    """The library's version and the standards loaded (with their content digests)."""

    version: str
    rules: str
    standards: list[StandardVersion]


class Problem(BaseModel):
    """An error (RFC 9457 ``application/problem+json``) with the fields of ``DiscretionError``."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="urn:discretion:problem:<kind>")
    title: str
    status: int
    detail: str
    instance: str | None = None
    error: str | None = Field(None, description="the library's error class, e.g. FactError")
    file: str | None = None
    line: int | None = None
    item: str | None = None
    field: str | None = None
    hint: str | None = None
    message_zh: str
    message_en: str
