"""Validating one case's facts against an item's fact schema, before anything is evaluated.

Each declared fact is compiled once into a converter; a case's mapping is checked as a whole
(unknown names, missing required facts, wrong types, bounds) and every problem is reported in one
:class:`~discretion.errors.FactError` naming the item and field. Money arrives as ``Decimal``,
``int`` or a decimal string; a binary ``float`` is refused, since it cannot hold yuan and fen exactly.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..errors import FactError, did_you_mean
from ..format._limits import NumberError, check_date, read_number
from ..format._model import FactSpec
from ..format._vocabulary import FACT_TYPE_LABELS

_DECIMAL_TYPES = frozenset({"money", "area", "number", "percent"})
_INT_TYPES = frozenset({"count", "days"})
# Quantities that cannot be negative whatever the rule file says.
_NON_NEGATIVE = frozenset({"money", "area", "count", "days", "percent"})


class _BadValueError(Exception):
    """A value does not fit its fact; collected into one FactError per case."""


def _to_decimal(value: Any) -> Decimal:
    # Every magnitude is checked here, before the bounds and long before any arithmetic: a value
    # such as 1e999999 would otherwise overflow a product or hang in an integer conversion.
    if not isinstance(value, (bool, int, float, str, Decimal)):
        raise _BadValueError(
            f"应为数字，实际为 {type(value).__name__} {_short(value)} / "
            f"expected a number, found {type(value).__name__} {_short(value)}"
        )
    try:
        return read_number(value)
    except NumberError as exc:
        raise _BadValueError(str(exc)) from None


def _short(value: Any) -> str:
    try:
        text = repr(value)
    except Exception:  # a hostile object's repr: the type name is enough
        return "?"
    return text if len(text) <= 60 else text[:57] + "..."


def _to_int(value: Any) -> int:
    number = _to_decimal(value)
    if number != number.to_integral_value():
        raise _BadValueError(
            f"应为整数，实际为 {_short(value)} / expected a whole number, found {_short(value)}"
        )
    return int(number)


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise _BadValueError(
        f"应为 true 或 false（是/否），实际为 {type(value).__name__} {_short(value)} / "
        f"expected true or false, found {type(value).__name__} {_short(value)}"
    )


def _to_date(value: Any) -> dt.date:
    date: dt.date | None = None
    if isinstance(value, dt.datetime):
        date = value.date()
    elif isinstance(value, dt.date):
        date = value
    elif isinstance(value, str) and len(value) <= 40:
        with contextlib.suppress(ValueError):
            date = dt.date.fromisoformat(value.strip())
    if date is None:
        raise _BadValueError(
            f"应为日期 YYYY-MM-DD，实际为 {_short(value)} / "
            f"expected a date YYYY-MM-DD, found {_short(value)}"
        )
    try:
        return check_date(date)
    except NumberError as exc:
        raise _BadValueError(str(exc)) from None


_MAX_DATES = 10_000  # prior violations of one party: far beyond any real record, never unbounded


def _to_dates(value: Any) -> tuple[dt.date, ...]:
    """A list of dates (``dates`` facts: prior violations), kept sorted and immutable."""
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
        raise _BadValueError(
            f"应为日期列表，如 [2024-01-05, 2025-03-01] (expected a list of dates), found "
            f"{type(value).__name__} {_short(value)}"
        )
    if len(value) > _MAX_DATES:
        raise _BadValueError(f"日期列表过长 (more than {_MAX_DATES} dates)")
    out = []
    for i, entry in enumerate(value):
        try:
            out.append(_to_date(entry))
        except _BadValueError as bad:
            raise _BadValueError(f"第 {i + 1} 项 (entry {i + 1}): {bad}") from None
    return tuple(sorted(out))


_UNSET: Any = object()


@dataclass(frozen=True, slots=True)
class FactField:
    """A compiled fact: its spec and the converter that validates one value.

    ``default`` is the spec's default already converted (values are immutable, so one is shared
    by every evaluation), or a private marker when there is none or it does not convert.
    """

    spec: FactSpec
    convert: Callable[[Any], Any]
    default: Any = field(default=_UNSET, repr=False, compare=False)

    @property
    def name(self) -> str:
        return self.spec.name


def _with_default(spec: FactSpec, convert: Callable[[Any], Any]) -> FactField:
    if spec.default is None:
        return FactField(spec, convert)
    try:
        return FactField(spec, convert, convert(spec.default))
    except _BadValueError:  # the loader reports the bad default; validation converts it again
        return FactField(spec, convert)


def compile_fact(spec: FactSpec) -> FactField:
    """Build the converter for one declared fact."""
    kind = spec.type
    low = spec.min
    if low is None and kind in _NON_NEGATIVE:
        low = Decimal(0)
    high = spec.max

    if kind in _DECIMAL_TYPES or kind in _INT_TYPES:
        base = _to_decimal if kind in _DECIMAL_TYPES else _to_int

        def convert(value: Any) -> Any:
            number = base(value)
            if low is not None and number < low:
                raise _BadValueError(
                    f"低于最小值 {low}：实际为 {number} / {number} is below the minimum {low}"
                )
            if high is not None and number > high:
                raise _BadValueError(
                    f"超过最大值 {high}：实际为 {number} / {number} is above the maximum {high}"
                )
            return number

        return _with_default(spec, convert)
    if kind == "bool":
        return _with_default(spec, _to_bool)
    if kind == "date":
        return _with_default(spec, _to_date)
    if kind == "dates":
        return _with_default(spec, _to_dates)
    allowed = tuple(spec.values or ())
    # An officer writes the Chinese label (``party_type: 公民``): it names one value, so it is
    # read as that value; a label two values share is refused rather than guessed.
    labels = spec.value_labels or {}
    by_label = {
        label: value
        for value, label in labels.items()
        if value in allowed and list(labels.values()).count(label) == 1
    }

    def convert_enum(value: Any) -> str:
        if isinstance(value, str) and value in allowed:
            return value
        if isinstance(value, str) and value.strip() in by_label:
            return by_label[value.strip()]
        hint = did_you_mean(value, allowed) if isinstance(value, str) else None
        listing = "、".join(f"{v}（{labels[v]}）" if v in labels else v for v in allowed)
        raise _BadValueError(
            f"应为 {listing} 之一 ({_short(value)} is not one of {list(allowed)})"
            + (f"; {hint}" if hint else "")
        )

    return _with_default(spec, convert_enum)


def validate_facts(
    fields: Mapping[str, FactField], facts: Mapping[str, Any], item: str
) -> dict[str, Any]:
    """Check a case's facts and return them converted, with defaults filled in.

    Every declared fact appears in the result; an optional fact without a default is ``None``.

    Raises:
        FactError: unknown, missing, mistyped or out-of-bounds facts, all listed at once.
    """
    if type(facts) is not dict and not isinstance(facts, Mapping):
        raise FactError(
            f"事实须为“事实名: 值”的映射 / "
            f"facts must be a mapping of fact name to value, found {type(facts).__name__}",
            item=item,
        )
    problems: list[tuple[str, str, str | None]] = []
    for name in facts:
        if not isinstance(name, str):
            problems.append(
                (_short(name), f"a fact name must be text, found {type(name).__name__}", None)
            )
        elif name not in fields:
            problems.append(
                (
                    str(name),
                    f"未声明的事实 {name!r} (unknown fact {name!r})",
                    did_you_mean(str(name), fields),
                )
            )
    result: dict[str, Any] = {}
    given = facts.get
    for name, fact in fields.items():
        value = given(name)
        if value is not None:
            try:
                result[name] = fact.convert(value)
            except _BadValueError as bad:
                label = f"{fact.spec.label}（{FACT_TYPE_LABELS[fact.spec.type]}）"
                problems.append((name, f"{label}: {bad}", None))
        elif fact.default is not _UNSET:
            result[name] = fact.default
        elif fact.spec.default is not None:  # the loader refuses a bad default; never raise raw
            try:
                result[name] = fact.convert(fact.spec.default)
            except _BadValueError as bad:
                problems.append((name, f"the rule file's default: {bad}", None))
        elif fact.spec.required:
            problems.append(
                (
                    name,
                    f"缺少必填事实 {name!r}（{fact.spec.label}）(missing required fact {name!r})",
                    None,
                )
            )
        else:
            result[name] = None
    if problems:
        if len(problems) == 1:
            name, message, hint = problems[0]
            raise FactError(message, item=item, field=name, hint=hint)
        lines = "; ".join(
            f"{name}: {message}" + (f" ({hint})" if hint else "")
            for name, message, hint in problems
        )
        raise FactError(
            f"事实有 {len(problems)} 处问题 ({len(problems)} problems with the facts): {lines}",
            item=item,
            field=problems[0][0],
        )
    return result
