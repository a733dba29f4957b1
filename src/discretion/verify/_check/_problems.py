"""What the static check reports: :class:`Problem` (one defect) and :class:`Report` (all of them).

Enters: the findings of the check families. Leaves: text for the terminal (``str(problem)``)
and JSON-ready data (``to_dict``), Chinese first, then English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ...errors import format_location


@dataclass(frozen=True)
class Problem:
    """One defect found by :func:`verify`.

    Attributes:
        check: what was checked: ``gap``, ``overlap``, ``unreachable``, ``band_order``, … (the
            package docstring lists them).
        message_zh: the problem in Chinese, for the legal staff who maintain the standard.
        message_en: the same in English.
        file: the rule file (or cases file) concerned.
        line: the line of the offending entry in it.
        item: the item code.
        field: the dotted path of the entry, e.g. ``items[0].levels[1]``.
        example: the counter-example: the facts (name, value) for which the defect shows.
        hint: what to do about it, when there is more to say.
        severity: ``error`` (the check fails) or ``warning`` (reported; the check passes). Only
            gaps in the source material, not in the rules' logic, are warnings.
    """

    check: str
    message_zh: str
    message_en: str
    file: str | None = None
    line: int | None = None
    item: str | None = None
    field: str | None = None
    example: tuple[tuple[str, Any], ...] | None = None
    hint: str | None = None
    severity: str = "error"

    @property
    def message(self) -> str:
        """Chinese, then English."""
        return f"{self.message_zh} / {self.message_en}"

    @property
    def location(self) -> str:
        """``file:line, item X, field Y``."""
        return format_location(self.file, self.line, self.item, self.field)

    def __str__(self) -> str:
        text = f"{self.location}: [{self.check}] {self.message}"
        if self.example is not None:
            text += f"; 反例 counter-example: {format_facts(self.example)}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: values of the counter-example as JSON (decimals as strings)."""
        return {
            "check": self.check,
            "message": self.message,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "file": self.file,
            "line": self.line,
            "item": self.item,
            "field": self.field,
            "example": None if self.example is None else {k: as_json(v) for k, v in self.example},
            "hint": self.hint,
            "severity": self.severity,
        }


@dataclass(frozen=True)
class Report:
    """What :func:`verify` found: problems, notes on what could not be proven, and counts."""

    problems: tuple[Problem, ...]
    notes: tuple[str, ...] = ()
    items: int = 0
    cases: int = 0
    combinations: int = 0

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that fail the check."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems reported without failing the check."""
        return tuple(p for p in self.problems if p.severity != "error")

    @property
    def ok(self) -> bool:
        """No error found (warnings allowed)."""
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "ok": self.ok,
            "items": self.items,
            "cases": self.cases,
            "combinations": self.combinations,
            "errors": [p.to_dict() for p in self.errors],
            "warnings": [p.to_dict() for p in self.warnings],
            "notes": list(self.notes),
        }


def format_facts(facts: Iterable[tuple[str, Any]]) -> str:
    """``name=value, …`` for messages (decimals without exponent, dates ISO)."""
    return ", ".join(f"{k}={as_json(v)}" for k, v in facts)


def as_json(value: Any) -> Any:
    """A fact value as JSON shows it: decimals without exponent, dates ISO, the rest as is."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
