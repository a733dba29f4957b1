"""Who signs the record, and the legality reviewer's opinion (法制审核意见).

行政执法全过程记录 and 法制审核 name people by name and certificate number (执法证号 for an
officer; for a reviewer the 法制审核 qualification or law-enforcement certificate). A reviewer's
opinion is 同意 (agree), 不同意 (disagree) or 修改意见 (amendments); the last two state reasons.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import CaseError

OPINIONS: dict[str, tuple[str, str]] = {
    "agree": ("同意", "agree"),
    "disagree": ("不同意", "disagree"),
    "amend": ("修改意见", "amendments proposed"),
}
"""The reviewer's opinions: identifier → (Chinese, English)."""

_ALIASES = {"同意": "agree", "不同意": "disagree", "修改意见": "amend", "修改": "amend"}


class ReviewError(CaseError):
    """A review cannot be recorded as given (unknown opinion, missing reasons or certificate)."""


@dataclass(frozen=True, slots=True)
class Person:
    """Someone named in the record.

    Attributes:
        name: the person's name.
        certificate: the certificate number (执法证号 / 法制审核人员证号), when given.
    """

    name: str
    certificate: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """``{"name": …, "certificate": …}`` as the log stores it."""
        return {"name": self.name, "certificate": self.certificate}


def person(value: str | Person | None, field: str) -> dict[str, Any] | str | None:
    """How the log stores an officer: a bare name as text, with a certificate as a mapping."""
    if value is None or isinstance(value, str):
        return value.strip() or None if isinstance(value, str) else None
    if not value.name.strip():
        raise ReviewError(f"{field}: 姓名不能为空 / the name is empty", field=f"{field}.name")
    return value.to_dict()


def review_fields(reviewer: Person, opinion: str, reasons: str | None) -> dict[str, Any]:
    """The fields of a review entry, checked.

    Raises:
        ReviewError: no name or certificate number, an unknown opinion, or 不同意/修改意见
            without reasons.
    """
    if not reviewer.name.strip():
        raise ReviewError("审核人员姓名不能为空 / the reviewer's name is empty", field="reviewer")
    if not (reviewer.certificate or "").strip():
        raise ReviewError(
            "审核人员须写明证件号 / the reviewer's certificate number is required",
            field="certificate",
            hint="法制审核人员的执法证号或法律职业资格证书编号",
        )
    key = _ALIASES.get(opinion.strip(), opinion.strip())
    if key not in OPINIONS:
        raise ReviewError(
            f"审核意见 {opinion!r} 不明 / unknown opinion {opinion!r}: 同意 (agree), 不同意 "
            "(disagree) or 修改意见 (amend)",
            field="opinion",
        )
    text = (reasons or "").strip() or None
    if key != "agree" and text is None:
        raise ReviewError(
            f"{OPINIONS[key][0]}须写明理由 / an opinion of {OPINIONS[key][1]} needs its reasons",
            field="reasons",
        )
    return {
        "reviewer": {"name": reviewer.name.strip(), "certificate": reviewer.certificate.strip()}
        if reviewer.certificate
        else {"name": reviewer.name.strip()},
        "opinion": key,
        "reasons": text,
    }
