"""Lists with their own dates (不予处罚清单、首违不罚清单, issue 20 point 10).

Agencies publish lists of cases not punished, or punished more lightly — 轻微违法行为不予处罚清单 (APL Art. 33 ¶1: 违法行为
轻微并及时改正，没有造成危害后果的，不予行政处罚) and 首违不罚清单 (初次违法且危害后果轻微并及时改正的，
可以不予行政处罚) — each a document of its own, in force from its own date, often defining "first
violation" itself (no violation of the same kind within N years); 从轻、减轻处罚清单 list cases
to be punished more lightly (``mitigate``) or below the minimum (``reduce``). A :class:`PenaltyList` declares
one inside a standard: its title and document, its effective dates and which date they are read
against, its definition of a first violation, and its entries (the items it lists, each with the
conditions the list states). A listed case that the officer punishes all the same must say why
(``reason_required``): the review log refuses such a decision without a reason.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from ._common import Citation, Code, Date, Name, _Model
from ._limits import MAX_YEARS

__all__ = ["FirstViolation", "ListEntry", "PenaltyList"]


class FirstViolation(_Model):
    """ "初次违法" as the list defines it: no earlier violation of the same kind within ``years``."""

    prior: Name = Field(
        description="日期列表类事实（type: dates）：此前同类违法行为受处罚的日期 / a fact of type "
        "dates: when earlier violations of the same kind were punished"
    )
    years: int | None = Field(
        None,
        ge=1,
        le=MAX_YEARS,
        description="回溯年数；不写则此前任何一次同类违法都不属于初次 / the window in years; none: any "
        "earlier violation of the same kind counts",
    )
    label: str = Field(description="清单的表述，如 二年内首次违法 / the list's wording")
    label_en: str | None = None


class ListEntry(_Model):
    """One entry of the list: the items it covers and the conditions the list states."""

    items: list[Code] = Field(min_length=1, description="清单所列的事项编码 / the items listed")
    when: str = Field(
        "true",
        description="清单规定的适用条件（如 及时改正、没有造成危害后果）/ the list's conditions",
    )
    label: str = Field(description="清单原文（违法行为及适用条件）/ the entry as the list words it")
    label_en: str | None = None
    citation: list[Citation] = Field(
        default_factory=list,
        description="本条目自己的依据（如 清单序号）/ the entry's own citation",
    )


class PenaltyList(_Model):
    """A no-penalty list with its own dates, its definition of a first violation and entries."""

    id: Name
    kind: Literal["no_penalty", "may_waive", "mitigate", "reduce"] = Field(
        description="no_penalty 不予处罚（如 轻微违法行为不予处罚清单）；may_waive 可以不予处罚（如 "
        "首违不罚清单）；mitigate 从轻处罚、reduce 减轻处罚（从轻、减轻处罚清单）/ 不予处罚 "
        "(mandatory), 可以不予处罚 (the officer may waive), 从轻 or 减轻 (lighter-penalty lists)"
    )
    title: str = Field(description="清单名称 / the list's title")
    title_en: str | None = None
    effective_from: Date = Field(description="清单施行之日 / the list takes effect")
    effective_to: Date | None = Field(
        None, description="清单废止之日（含当日以前有效）/ last day in force"
    )
    applies_on: Literal["decision", "violation"] = Field(
        "decision",
        description="施行期间按哪一日期判断：decision 作出处罚决定之日（缺省），violation 违法行为发生"
        "之日 / which date the effective dates are read against",
    )
    first_violation: FirstViolation | None = None
    reason_required: bool = Field(
        True,
        description="清单所列情形仍给予处罚的，须说明理由（审核记录拒绝没有理由的决定）/ a decision "
        "that punishes a listed case must state why",
    )
    citation: list[Citation] = Field(min_length=1)
    entries: list[ListEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def _dates(self) -> PenaltyList:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError(
                f"effective_to {self.effective_to} is before effective_from {self.effective_from}"
            )
        return self
