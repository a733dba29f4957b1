"""``POST /api/v1/case/evaluate``: a case of several violations (一案数个违法行为).

The body is the case file of ``discretion evaluate RULES --case FILE`` (``violations: [{item,
facts, violation_date}, …]`` and the case's ``decision_date``); the answer is
:func:`~discretion.explain._jsoncase.case_to_dict`: each violation's recommendation, the
combination the standards declare and its cited steps. Bad input is a problem document naming the
violation (``violations[1]``), its item and field: an unknown item 404, a wrong fact, an empty or
one-violation list, or violations under standards whose combination rules differ 422.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Protocol

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field

from ..compile._ruleset import RuleSet
from ..decide._case import evaluate_case
from ..explain._jsoncase import case_to_dict
from ._models import FactValue


class _Serving(Protocol):
    """What the routes read of the app's service: the rule set in service now."""

    rules: RuleSet


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ViolationIn(_Body):
    """一案中的一个违法行为 / one violation of the case."""

    item: str = Field(description="裁量事项编码 / item code")
    facts: dict[str, FactValue] = Field(
        default_factory=dict, description="fact name → value (事实名称 → 取值)"
    )
    violation_date: dt.date | None = Field(None, description="违法行为发生日期 / date of the act")


class CaseRequest(_Body):
    """一案数个违法行为：分别裁量，按基准规定的规则合并 / several violations of one party."""

    violations: list[ViolationIn] = Field(
        description="违法行为列表，至少两个；同一事项可出现两次（两个行为）/ the violations, at "
        "least two, in order; an item may appear twice (two acts)"
    )
    decision_date: dt.date | None = Field(None, description="作出处罚决定日期 / decision date")


def _exact(raw: Mapping[str, Any], body: CaseRequest) -> list[dict[str, Any]]:
    """The violations with each one's facts from the exact parse of the body (0.1 stays 0.1)."""
    given = raw.get("violations")
    out = []
    for i, v in enumerate(body.violations):
        entry = given[i] if isinstance(given, list) and i < len(given) else {}
        facts = entry.get("facts") if isinstance(entry, Mapping) else None
        out.append(
            {
                "item": v.item,
                "facts": dict(facts) if isinstance(facts, Mapping) else dict(v.facts),
                "violation_date": v.violation_date,
            }
        )
    return out


def add_case_routes(app: FastAPI, service: _Serving, api: str, exact: Any) -> None:
    """Register ``POST {api}/case/evaluate`` on the app; ``exact`` is the app's dependency giving
    the body parsed exactly (:func:`~discretion.server._app.exact_body`)."""

    @app.post(f"{api}/case/evaluate", tags=["decide"])
    def evaluate_several(body: CaseRequest, raw: dict[str, Any] = exact) -> dict[str, Any]:
        """Several violations in one case: each decided on its own, then combined as the
        standards declare (several: sum, sum capped, the gravest absorbs the rest), cited."""
        case = evaluate_case(service.rules, _exact(raw, body), decision_date=body.decision_date)
        return case_to_dict(case)
