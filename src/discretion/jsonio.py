"""Recommendations as JSON: the form case-handling systems exchange.

Amounts are decimal strings (never floats), dates ISO strings; the structure mirrors
:class:`~discretion.result.Recommendation`.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from .result import Penalty, Recommendation


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def _penalty_dict(p: Penalty) -> dict[str, Any]:
    return {
        "id": p.id,
        "kind": p.kind,
        "label": p.label,
        "label_en": p.label_en,
        "mode": p.mode,
        "min": _plain(p.min),
        "max": _plain(p.max),
        "unit": p.unit,
        "statutory_min": _plain(p.statutory_min),
        "statutory_max": _plain(p.statutory_max),
        "reduced": p.reduced,
    }


def to_dict(rec: Recommendation) -> dict[str, Any]:
    """The recommendation as JSON-ready data; amounts are decimal strings."""
    return {
        "outcome": rec.outcome,
        "item": rec.item,
        "item_name": rec.item_name,
        "level": rec.level,
        "level_label": rec.level_label,
        "penalties": [_penalty_dict(p) for p in rec.penalties],
        "optional_penalties": [_penalty_dict(p) for p in rec.optional_penalties],
        "flags": {
            "summary_procedure": rec.flags.summary_procedure,
            "hearing": rec.flags.hearing,
            "legality_review": rec.flags.legality_review,
            "reduced": rec.flags.reduced,
        },
        "circumstances": [
            {
                "id": c.id,
                "kind": c.kind,
                "label": c.label,
                "label_en": c.label_en,
                "mandatory": c.mandatory,
            }
            for c in rec.circumstances
        ],
        "orders": list(rec.orders),
        "facts": {k: _plain(v) for k, v in rec.facts},
        "steps": [
            {
                "stage": s.stage,
                "rule": s.rule,
                "test": s.test,
                "reads": {k: _plain(v) for k, v in s.reads},
                "outcome": s.outcome,
                "sources": [{"key": c.key, "zh": c.zh, "en": c.en} for c in s.sources],
                "detail": {k: _plain(v) for k, v in s.detail},
            }
            for s in rec.steps
        ],
        "ruleset": {
            "id": rec.ruleset.id,
            "version": rec.ruleset.version,
            "digest": rec.ruleset.digest,
            "title": rec.ruleset.title,
        },
        "violation_date": _plain(rec.violation_date),
        "decision_date": _plain(rec.decision_date),
    }


def to_json(rec: Recommendation, indent: int | None = 2) -> str:
    """The recommendation as a JSON string (UTF-8 Chinese kept readable)."""
    return json.dumps(to_dict(rec), ensure_ascii=False, indent=indent)
