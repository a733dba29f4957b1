"""The officer's final decision on a recommendation, and when it departs from it (调整适用).

A decision lists the penalties decided, with their amounts. Checked against the recommendation
it answers (in its JSON form, as the review log stores it):

* a penalty decided outside its recommended range, a recommended penalty left out, or a penalty
  added that the recommendation did not choose is a **departure**; it is accepted only with a
  stated reason and an approval — by the principal head (负责人批准) or by collective discussion
  (集体讨论决定) — naming who approved;
* an amount above the statutory maximum is refused whatever the approval: no departure may
  exceed the statute;
* where the law left a choice to the officer (从轻或者减轻; 可以不予处罚), ``choice`` says which was
  taken, and the decision is measured against that option's ranges.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..errors import CaseError, did_you_mean
from ..explain._wording import UNITS_EN as _UNITS_EN
from ..format._limits import NumberError, read_number
from ..format._vocabulary import KIND_LABELS

APPROVALS: dict[str, tuple[str, str]] = {
    "principal_head": ("负责人批准", "approved by the principal head"),
    "collective_discussion": ("集体讨论决定", "decided by collective discussion"),
}
"""Who may approve a departure from the recommendation."""

CHOICES: dict[str, tuple[str, str]] = {
    "mitigate": ("从轻", "mitigate"),
    "reduce": ("减轻", "reduce"),
    "waive": ("不予处罚", "waive (no penalty)"),
}
"""Choices the law leaves to the officer that a decision can record."""

_ALIASES = {
    "负责人批准": "principal_head",
    "集体讨论": "collective_discussion",
    "集体讨论决定": "collective_discussion",
    "从轻": "mitigate",
    "减轻": "reduce",
    "不予处罚": "waive",
    "可以不予处罚": "waive",
}
_DECISION_KEYS = {
    "penalties", "reason", "approval", "approver", "choice", "officer", "officer_certificate",
}  # fmt: skip

LineOf = Callable[[tuple[str | int, ...]], int | None]


class DecisionError(CaseError):
    """A decision cannot be recorded as given (unknown penalty, missing amount, over the max)."""


class DepartureError(DecisionError):
    """A decision departs from the recommendation without a reason and an approval (调整适用)."""


@dataclass(frozen=True, slots=True)
class DecidedPenalty:
    """One penalty as decided.

    Attributes:
        penalty: the penalty's id or kind as the recommendation names it, e.g. ``fine``.
        amount: the amount decided (yuan, days, …), for penalties that have one.
    """

    penalty: str
    amount: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """The officer's final decision.

    Attributes:
        penalties: the penalties decided (empty: no penalty).
        reason: why the decision departs from the recommendation (调整适用的理由).
        approval: ``principal_head`` (负责人批准) or ``collective_discussion`` (集体讨论决定).
        approver: who approved (the head's name, or the meeting record).
        choice: the option taken where the law left one: ``mitigate``, ``reduce`` or ``waive``
            (从轻 / 减轻 / 不予处罚), or free text for any other choice.
        officer: who decided.
        officer_certificate: the officer's certificate number (执法证号), when given.
    """

    penalties: tuple[DecidedPenalty, ...]
    reason: str | None = None
    approval: str | None = None
    approver: str | None = None
    choice: str | None = None
    officer: str | None = None
    officer_certificate: str | None = None

    @classmethod
    def from_mapping(
        cls, data: Any, *, file: str | None = None, line_of: LineOf | None = None
    ) -> Decision:
        """A decision from JSON/YAML data; errors name the file, line and field.

        Raises:
            DecisionError: an unknown key, a penalty without an id, an amount that is not a
                number.
        """

        def error(message: str, path: tuple[str | int, ...], hint: str | None = None) -> Exception:
            line = line_of(path) if line_of else None
            field = ".".join(str(p) for p in path) or None
            return DecisionError(message, file=file, line=line, field=field, hint=hint)

        if not isinstance(data, Mapping):
            raise error("a decision is a mapping with 'penalties' and optional reason/approval", ())
        for key in data:
            if key not in _DECISION_KEYS:
                raise error(
                    f"unknown key {key!r} in the decision",
                    (str(key),),
                    did_you_mean(str(key), _DECISION_KEYS),
                )
        raw = data.get("penalties")
        if raw is None:
            raw = []
        if not isinstance(raw, Sequence) or isinstance(raw, str):
            raise error("'penalties' must be a list (an empty list: no penalty)", ("penalties",))
        penalties = []
        for index, item in enumerate(raw):
            path: tuple[str | int, ...] = ("penalties", index)
            if isinstance(item, str):
                penalties.append(DecidedPenalty(item))
                continue
            if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
                raise error("each decided penalty needs an 'id' (e.g. id: fine)", path)
            extra = set(item) - {"id", "amount"}
            if extra:
                raise error(f"unknown keys {sorted(extra)}: use id and amount", path)
            amount = item.get("amount")
            try:
                penalties.append(DecidedPenalty(item["id"], _amount(amount)))
            except DecisionError as exc:
                raise error(exc.message, (*path, "amount")) from None
        text: dict[str, str | None] = {}
        for key in (
            "reason", "approval", "approver", "choice", "officer", "officer_certificate",
        ):  # fmt: skip
            value = data.get(key)
            if value is not None and not isinstance(value, str):
                # A number read by YAML loses leading zeros: a certificate number is text.
                raise error(
                    f"{key} 须为文字 / {key} must be text", (key,), f"quote it: {key}: '{value}'"
                )
            text[key] = value.strip() if isinstance(value, str) and value.strip() else None
        return cls(tuple(penalties), **text)


def _amount(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, (bool, float)):
        raise DecisionError(f"amount {value!r}: give a decimal number or a string, never a float")
    # One reader of written amounts for facts and decisions alike: separators only in their
    # places, the magnitude checked before any comparison with a range.
    try:
        amount = read_number(value)
    except NumberError as exc:
        raise DecisionError(f"amount {value!r} is not a valid number: {exc}") from None
    if amount < 0:
        raise DecisionError(f"amount {value!r} must be a finite number, not negative")
    return amount


def _money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _listed_needing_reason(rec: Mapping[str, Any]) -> str | None:
    """The title of a list that makes the case waivable and asks for a reason when it is punished
    (format ``lists``, ``reason_required``), or None."""
    for step in rec.get("steps") or ():
        if step.get("stage") != "list" or step.get("outcome") != "may_waive":
            continue
        detail = step.get("detail") or {}
        if detail.get("reason_required"):
            return str(detail.get("title") or step.get("rule"))
    return None


def _normal(word: str | None) -> str | None:
    return None if word is None else _ALIASES.get(word, word)


def check_decision(rec: Mapping[str, Any], decision: Decision) -> dict[str, Any]:
    """Check a decision against a recommendation (JSON form) and return what the log records.

    Returns:
        ``penalties`` (decided, with labels and amounts as strings), ``departures`` (each with
        what departed), and ``reason``, ``approval``, ``approver``, ``choice``, ``officer``.

    Raises:
        DecisionError: an unknown penalty, a missing amount, an amount above the statutory
            maximum, a penalty named twice, an unknown approval.
        DepartureError: a departure without reason, approval and approver.
    """
    choice = _normal(decision.choice)
    approval = _normal(decision.approval)
    if approval is not None and approval not in APPROVALS:
        raise DecisionError(
            f"approval {decision.approval!r}: use principal_head (负责人批准) or "
            "collective_discussion (集体讨论决定)",
            field="approval",
        )
    options = {o["choice"]: list(o["penalties"]) for o in rec.get("options") or ()}
    outcome = rec.get("outcome")
    if choice == "waive" and decision.penalties:
        raise DecisionError("choice 'waive' (不予处罚) with penalties listed", field="choice")
    if outcome == "no_penalty" or (
        outcome == "may_waive" and (choice == "waive" or not decision.penalties)
    ):
        package: list[Mapping[str, Any]] = []
    elif choice in options:
        package = options[choice]
    else:
        package = list(rec.get("penalties") or ())
    known: dict[str, Mapping[str, Any]] = {}
    for p in [
        *package,
        *(rec.get("penalties") or ()),
        *(rec.get("optional_penalties") or ()),
        *(q for ps in options.values() for q in ps),
    ]:
        known.setdefault(p["id"], p)
        known.setdefault(p["kind"], p)

    decided: list[dict[str, Any]] = []
    departures: list[dict[str, Any]] = []
    matched: set[str] = set()
    for index, d in enumerate(decision.penalties):
        field = f"penalties[{index}]"
        p = next((q for q in package if d.penalty in (q["id"], q["kind"])), None)
        if p is not None and p["id"] in matched:
            raise DecisionError(f"penalty {d.penalty!r} is decided twice", field=field)
        info = p or known.get(d.penalty)
        if info is None and d.penalty not in KIND_LABELS:
            names = sorted(known) + sorted(KIND_LABELS)
            raise DecisionError(
                f"{d.penalty!r} is not a penalty of this recommendation nor a kind of Art. 9",
                field=field,
                hint=did_you_mean(d.penalty, names),
            )
        kind = info["kind"] if info else d.penalty
        label, label_en = (
            (info["label"], info["label_en"]) if info else KIND_LABELS.get(kind, (kind, kind))
        )
        low, high = (_money(info.get("min")), _money(info.get("max"))) if info else (None, None)
        stat_min = _money(info.get("statutory_min")) if info else None
        stat_max = _money(info.get("statutory_max")) if info else None
        unit = info.get("unit") if info else None
        # (an open range, format 2, has a minimum and no maximum: it needs an amount too)
        if d.amount is None and (high is not None or low is not None):
            raise DecisionError(
                f"{label} needs an amount (recommended {_span(low, high, unit)})", field=field
            )
        if d.amount is not None and stat_max is not None and d.amount > stat_max:
            raise DecisionError(
                f"{label} {_fmt(d.amount)} {unit or ''} exceeds the statutory maximum "
                f"{_fmt(stat_max)}: no approval can allow it (超过法定最高额)",
                field=field,
            )
        entry = {
            "id": info["id"] if info else kind,
            "kind": kind,
            "label": label,
            "label_en": label_en,
            "amount": None if d.amount is None else _fmt(d.amount),
            "unit": unit,
        }
        decided.append(entry)
        if p is None:
            departures.append(_departure(entry, "added"))
            continue
        matched.add(p["id"])
        if d.amount is None or low is None or high is None or low <= d.amount <= high:
            continue
        below_min = stat_min is not None and d.amount < stat_min
        departure = _departure(entry, "below_statutory_minimum" if below_min else "outside_range")
        departure["recommended"] = [_fmt(low), _fmt(high)]
        departure["decided"] = _fmt(d.amount)
        departures.append(departure)
    for p in package:
        if p["id"] not in matched:
            departures.append(_departure(p, "dropped"))

    listed = _listed_needing_reason(rec)
    if listed and decision.penalties and choice != "waive" and not decision.reason:
        raise DepartureError(
            f"本案属于《{listed}》所列可以不予处罚的情形，仍给予处罚的，应当说明理由 / the case is "
            f"listed in {listed!r} as one that may go unpunished: a decision that punishes it all "
            "the same must state a reason",
            field="reason",
            hint="add reason: … (why the listed case is punished), or choice: waive",
        )
    if departures and not (decision.reason and approval and decision.approver):
        missing = [
            name
            for name, value in (
                ("reason", decision.reason),
                ("approval", approval),
                ("approver", decision.approver),
            )
            if not value
        ]
        raise DepartureError(
            "the decision departs from the recommendation (调整适用): "
            + "; ".join(describe(d) for d in departures)
            + f" — it needs a stated reason and an approval; missing: {', '.join(missing)}",
            field=missing[0],
            hint="add reason: …, approval: principal_head (负责人批准) or collective_discussion "
            "(集体讨论决定), approver: who approved",
        )
    return {
        "penalties": decided,
        "departures": departures,
        "reason": decision.reason,
        "approval": approval,
        "approver": decision.approver,
        "choice": choice,
        "officer": {"name": decision.officer, "certificate": decision.officer_certificate}
        if decision.officer and decision.officer_certificate
        else decision.officer,
    }


def _departure(penalty: Mapping[str, Any], what: str) -> dict[str, Any]:
    return {
        "penalty": penalty["id"],
        "label": penalty["label"],
        "label_en": penalty.get("label_en") or penalty["label"],
        "unit": penalty.get("unit"),
        "what": what,
    }


def describe(departure: Mapping[str, Any], lang: str = "zh") -> str:
    """One departure in words, e.g. ``罚款 80000 元超出建议幅度 50000–65000 元``."""
    en = lang == "en"
    label = departure.get("label_en" if en else "label") or departure.get("penalty")
    what = departure.get("what")
    unit = departure.get("unit") or ""
    if en:
        unit = _UNITS_EN.get(unit, unit)
    recommended = departure.get("recommended")
    if isinstance(recommended, (list, tuple)) and len(recommended) == 2:
        low, high = recommended
        span = f"{low}–{high}" if low != high else f"{low}"
    else:
        span = str(recommended or "")
    span = f"{span} {unit}".strip()
    decided = f"{departure.get('decided')} {unit}".strip()
    if en:
        if what == "dropped":
            return f"{label}: recommended but not decided"
        if what == "added":
            return f"{label}: decided but not recommended"
        below = " (below the statutory minimum)" if what == "below_statutory_minimum" else ""
        return f"{label} {decided}, outside the recommended {span}{below}"
    if what == "dropped":
        return f"建议的{label}未予决定"
    if what == "added":
        return f"决定的{label}不在建议之列"
    below = "（低于法定最低额，减轻处罚）" if what == "below_statutory_minimum" else ""
    return f"{label} {decided}，超出建议幅度 {span}{below}"


def _fmt(value: Decimal) -> str:
    return format(value, "f")


def _span(low: Decimal | None, high: Decimal | None, unit: str | None) -> str:
    if low is not None and high is None:
        return f"{_fmt(low)} {unit or ''}以上 / or more".strip()
    if low is None or high is None:
        return ""
    text = _fmt(low) if low == high else f"{_fmt(low)}–{_fmt(high)}"
    return f"{text} {unit or ''}".strip()
