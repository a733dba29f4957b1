"""A case of several violations as JSON (:func:`discretion.evaluate_case`), for the command line
(``discretion evaluate RULES --case FILE --format json``) and the service (``POST
/api/v1/case/evaluate``).

Each violation's recommendation is the very JSON of :func:`discretion.to_dict`; the combination
adds the rule, one entry per combined kind (amounts as decimal strings, as everywhere) and the
combination steps in the steps' own JSON form, each citing the standard's source. The shape is
:class:`CaseRecommendationJson`, from which ``discretion schema --kind case-recommendation`` is
generated.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal, cast

from pydantic import Field
from typing_extensions import TypedDict

from ._jsonio import _step_dict, to_dict
from ._jsontypes import Amount, RecommendationJson, StepJson

if TYPE_CHECKING:
    from ..decide._case import CaseRecommendation


class CombinedPartJson(TypedDict):
    """合并前一个违法行为的幅度 / one violation's range that went into the combination."""

    item: Annotated[str, Field(description="裁量事项编码 / item code")]
    min: Amount
    max: Amount


class CombinedPenaltyJson(TypedDict):
    """合并后的一种处罚 / one penalty kind combined over the violations."""

    kind: Annotated[str, Field(description="处罚种类，如 fine、detention / the penalty kind")]
    label: Annotated[str, Field(description="中文名称 / Chinese label")]
    label_en: Annotated[str, Field(description="English label")]
    min: Amount
    max: Amount
    unit: Annotated[str | None, Field(description="单位（元、日）/ the unit")]
    cap: Annotated[
        str | None,
        Field(description="相加的上限（sum_capped），无上限为 null / the cap, or null"),
    ]
    parts: Annotated[
        list[CombinedPartJson], Field(description="各违法行为的幅度，按案件顺序 / in case order")
    ]


class CaseRecommendationJson(TypedDict):
    """一案数个违法行为的裁量建议 / the recommendation for a case of several violations."""

    rule: Annotated[
        Literal["sum", "sum_capped", "absorb"],
        Field(description="基准规定的合并规则 / the standard's combination rule"),
    ]
    recommendations: Annotated[
        list[RecommendationJson],
        Field(description="各违法行为各自的裁量建议，按顺序 / each violation's recommendation"),
    ]
    combined: Annotated[
        list[CombinedPenaltyJson], Field(description="合并后的幅度 / the combined ranges")
    ]
    steps: Annotated[
        list[StepJson], Field(description="合并步骤，每步引用依据 / the combination steps")
    ]


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def case_to_dict(case: CaseRecommendation) -> dict[str, Any]:
    """The case as JSON-ready data: each violation's :func:`discretion.to_dict`, then the
    combination."""
    doc: CaseRecommendationJson = {
        "rule": cast(Any, case.rule),
        "recommendations": [cast(RecommendationJson, to_dict(r)) for r in case.recommendations],
        "combined": [
            {
                "kind": c.kind,
                "label": c.label,
                "label_en": c.label_en,
                "min": _amount(c.min),
                "max": _amount(c.max),
                "unit": c.unit,
                "cap": _amount(c.cap),
                "parts": [
                    {"item": item, "min": _amount(lo), "max": _amount(hi)}
                    for item, lo, hi in c.parts
                ],
            }
            for c in case.combined
        ],
        "steps": [_step_dict(s) for s in case.steps],
    }
    return cast(dict[str, Any], doc)


def case_to_json(case: CaseRecommendation, indent: int | None = 2) -> str:
    """The case as a JSON string (UTF-8 Chinese kept readable): what ``discretion evaluate
    RULES --case FILE --format json`` prints and ``POST /api/v1/case/evaluate`` answers, valid
    against the ``case-recommendation`` schema (``discretion schema --kind case-recommendation``)."""
    return json.dumps(case_to_dict(case), ensure_ascii=False, indent=indent)
