"""The limits of the format: how numbers are written, how large they and dates may be.

Facts, rule files and decisions read numbers the same way, here: digits with an optional sign,
fraction and exponent, and thousands separators only between groups of three digits (``1,000``,
``1,234,567.5``; never ``12345,67`` or ``1,5``, which a reader cannot tell from a decimal comma).
Every number's magnitude is checked before any arithmetic sees it, so a value such as ``1e999999``
is refused at once instead of overflowing a product or hanging in an integer conversion, and every
date lies in a window whose end no limitation period or version boundary can step past.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from decimal import Decimal, InvalidOperation

MAX_MAGNITUDE = Decimal(10) ** 12
"""The largest absolute value of any number a fact, a rule file or a decision may hold (一万亿).

No real amount, area, count or multiple comes near it, and the product of two such numbers
(a rate times an area, a multiple times a value) still fits the 28 digits of Python's default
decimal context with the fen to spare, so the arithmetic stays exact and never overflows.
"""

MAX_DIGITS = 40
"""The most digits (before and after the point) a written number may have."""

FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2999, 12, 31)
"""The window of dates facts and rule files may give: far from the calendar's end (9999-12-31),
so that a date plus the longest limitation period (:data:`MAX_YEARS`) is still a date."""

MAX_YEARS = 100
"""The longest limitation period a rule file may state (the statutes say 2 or 5 years)."""

MAX_CONDITION_CHARS = 2000
"""The longest condition accepted (the bundled standards' longest: under 200 characters)."""
MAX_CONDITION_DEPTH = 32
"""The deepest nesting of and / or / not / comparisons in a condition; deeper would exhaust the
stack of the recursive passes over its tree (type checking, code generation, explanations)."""

_NUMBER = re.compile(
    r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]{1,6})?|[+-]?\.[0-9]+"
)


class NumberError(ValueError):
    """A written number is malformed or too large; callers turn it into their located error.

    Every message reads "中文说明 / the English message" (issue 16): legal staff read the Chinese
    part first, an engineer's log search still finds the English one. The caller adds where the
    number was (file, line, item, field); the message says what was expected and what was found.
    """


_LIMIT_ZH = "一万亿（1,000,000,000,000）"


def check_magnitude(value: Decimal) -> Decimal:
    """``value`` itself if finite and no larger than :data:`MAX_MAGNITUDE`.

    Raises:
        NumberError: infinite, not a number, or too large.

    >>> check_magnitude(Decimal("5000"))
    Decimal('5000')
    """
    if not value.is_finite():
        raise NumberError(
            f"应为有限的数字，实际为 {value} / expected a finite number, found {value}"
        )
    # adjusted() is the exponent of the leading digit: cheap even for 1e999999.
    if value and (value.adjusted() > 12 or abs(value) > MAX_MAGNITUDE):
        raise NumberError(
            f"数值 {value} 超出允许范围，绝对值不得超过{_LIMIT_ZH} / "
            f"{value} is larger than the format allows ({MAX_MAGNITUDE:,})"
        )
    return value


def parse_number(text: str) -> Decimal:
    """Read a written number exactly, thousands separators only where they belong.

    Raises:
        NumberError: the text is not such a number, or it is too large (:func:`check_magnitude`).

    >>> parse_number("1,234,567.5"), parse_number(" 2e3 ")
    (Decimal('1234567.5'), Decimal('2E+3'))
    >>> parse_number("12345,67")
    Traceback (most recent call last):
    ...
    discretion.format._limits.NumberError: 应为数字，如 1234.5 或 1,234.5（千位分隔符只能三位一组），实际为 '12345,67' / expected a number such as 1234.5 or 1,234.5, found '12345,67'
    """
    clean = text.strip()
    if not _NUMBER.fullmatch(clean):
        raise NumberError(
            f"应为数字，如 1234.5 或 1,234.5（千位分隔符只能三位一组），实际为 {text!r} / "
            f"expected a number such as 1234.5 or 1,234.5, found {text!r}"
        )
    digits = sum(c.isdigit() for c in clean)
    if digits > MAX_DIGITS:
        raise NumberError(
            f"数字位数过多：{digits} 位，最多 {MAX_DIGITS} 位 / "
            f"a number of {digits} digits is larger than the format allows "
            f"(at most {MAX_DIGITS} digits)"
        )
    try:
        value = Decimal(clean.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only what Decimal reads
        raise NumberError(
            f"应为数字，实际为 {text!r} / expected a number, found {text!r}"
        ) from None
    return check_magnitude(value)


def read_number(value: object) -> Decimal:
    """An amount as a fact, a decision or an archive gives it: a ``Decimal``, an ``int`` or a
    written number (:func:`parse_number`), its magnitude checked before anything computes on it.

    Raises:
        NumberError: a bool, a binary float (it cannot hold yuan and fen exactly), another type,
            or a malformed or too large number.

    >>> read_number("1,234.50"), read_number(7)
    (Decimal('1234.50'), Decimal('7'))
    """
    if isinstance(value, bool):
        raise NumberError(
            "应为数字，实际为是/否（true/false） / expected a number, found true/false"
        )
    if isinstance(value, Decimal):
        return check_magnitude(value)
    if isinstance(value, int):
        return Decimal(check_int(value))
    if isinstance(value, float):
        raise NumberError(
            f"收到二进制浮点数 {value!r}，不能精确表示元和分：金额请以 Decimal、整数或者字符串传入 / "
            f"found the binary float {value!r}: pass amounts as Decimal, int or a string "
            "(json.loads(..., parse_float=Decimal))"
        )
    if isinstance(value, str):
        return parse_number(value)
    kind = type(value).__name__
    raise NumberError(f"应为数字，实际为 {kind} 类型的值 / expected a number, found {kind}")


def check_int(value: int) -> int:
    """``value`` itself if its magnitude is allowed (checked on its bits, before any conversion)."""
    if value.bit_length() > 40 or abs(value) > MAX_MAGNITUDE:
        small = value.bit_length() < 200  # printing a huge int is itself slow
        raise NumberError(
            f"数值{f' {value} ' if small else ''}超出允许范围，绝对值不得超过{_LIMIT_ZH} / "
            f"{value if small else 'a number'} is larger than the format allows ({MAX_MAGNITUDE:,})"
        )
    return value


def check_date(value: dt.date) -> dt.date:
    """``value`` itself if it lies between :data:`FIRST_DATE` and :data:`LAST_DATE`."""
    if not FIRST_DATE <= value <= LAST_DATE:
        raise NumberError(
            f"日期 {value.isoformat()} 超出允许范围（{FIRST_DATE} 至 {LAST_DATE}） / "
            f"date {value.isoformat()} is outside {FIRST_DATE} to {LAST_DATE}"
        )
    return value


def nesting_depth(root: ast.AST, limit: int) -> int:
    """How deep ``root``'s tree goes, counted without recursion and stopping past ``limit``."""
    deepest = 0
    stack: list[tuple[ast.AST, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > limit:
            break
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest
