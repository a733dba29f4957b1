"""Validation errors as sentences legal staff can act on: Chinese first, English second.

Pydantic reports ``Input should be 'required', 'combined', …`` or ``Input should be a valid
integer``; a drafter needs to read what to write instead. :func:`translate` turns one pydantic
error (by its type: ``literal_error``, ``int_parsing``, ``missing``, ``extra_forbidden``, …) into a
Chinese sentence with the English after it, listing the allowed values with their Chinese labels,
and a hint: the identifier whose Chinese label was written, the field name that was probably
meant, the YAML snippet to add for a missing field.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from ._vocabulary import CIRCUMSTANCE_LABELS, FACT_TYPE_LABELS, KIND_LABELS, MODE_LABELS, zh_number

VALUE_LABELS: dict[str, str] = {
    **{k: v[0] for k, v in KIND_LABELS.items()},
    **{k: v[0] for k, v in MODE_LABELS.items()},
    **{k: v[0] for k, v in CIRCUMSTANCE_LABELS.items()},
    "mitigate_or_reduce": "从轻或者减轻",
    **FACT_TYPE_LABELS,
    "no_penalty": "不予处罚",
    "may_waive": "可以不予处罚",
    "net": "相互抵消",
    "mitigation_prevails": "从轻优先",
}
"""The Chinese label of every enumerated identifier of the format (modes, kinds, types, …)."""

_NUMBERED = {"article": ("条", "article"), "paragraph": ("款", "paragraph"), "item": ("项", "item")}
_ZH_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2, "〇": 0}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}


def zh_to_int(text: str) -> int | None:
    """An article number written in Chinese numerals (``六十四``, ``第一百二十四条``), or None.

    >>> zh_to_int("六十四"), zh_to_int("第一百零五条"), zh_to_int("十"), zh_to_int("abc")
    (64, 105, 10, None)
    """
    body = text.strip().removeprefix("第")
    body = re.sub(r"[条款项]$", "", body)
    if not body or any(c not in _ZH_DIGITS and c not in _ZH_UNITS for c in body):
        return None
    total, digit = 0, None
    for char in body:
        if char in _ZH_DIGITS:
            digit = _ZH_DIGITS[char]
        else:
            total += (1 if digit is None else digit) * _ZH_UNITS[char]
            digit = None
    total += digit or 0
    return total or None


def _unwrap(annotation: Any) -> list[Any]:
    """The types an annotation may hold, containers and Optional/Annotated stripped."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    if origin in (list, tuple, set, frozenset):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    if origin in (dict, Mapping):
        args = typing.get_args(annotation)
        return _unwrap(args[1]) if len(args) == 2 else []
    return [annotation]


def model_at(root: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model that holds the last part of a pydantic error location, when one can be told."""
    current: list[Any] = [root]
    for part in loc[:-1]:
        models = [t for t in current if isinstance(t, type) and issubclass(t, BaseModel)]
        if isinstance(part, str) and part[:1].isupper():  # a union member: pydantic names it
            current = [t for t in current if getattr(t, "__name__", None) == part] or current
            continue
        field_owner = next((m for m in models if part in m.model_fields), None)
        if field_owner is not None and isinstance(part, str):
            current = _unwrap(field_owner.model_fields[part].annotation)
        # an index or a mapping key: the element types are already in ``current``
    models = [t for t in current if isinstance(t, type) and issubclass(t, BaseModel)]
    return models[0] if len(models) == 1 else None


def _labelled(value: str) -> str:
    label = VALUE_LABELS.get(value)
    return f"`{value}`（{label}）" if label else f"`{value}`"


def _expected(ctx: Mapping[str, Any] | None) -> list[str]:
    return re.findall(r"'([^']*)'", str((ctx or {}).get("expected", "")))


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def translate(
    err: Mapping[str, Any], root: type[BaseModel]
) -> tuple[str, str | None, tuple[int | str, ...] | None]:
    """One pydantic error as (message, hint, extra path to point at), Chinese first.

    The extra path is the missing key to add under the error's location (``missing``), else None.
    """
    kind = err["type"]
    loc: tuple[int | str, ...] = tuple(err["loc"])
    key = loc[-1] if loc else ""
    given = err.get("input")
    msg = str(err.get("msg", "")).removeprefix("Value error, ")
    if kind == "literal_error":
        allowed = _expected(err.get("ctx"))
        listing = "、".join(_labelled(v) for v in allowed)
        hint = None
        by_label = [v for v in allowed if isinstance(given, str) and VALUE_LABELS.get(v) == given]
        if by_label:
            hint = f"您是否要写 `{by_label[0]}`（{given}）？did you mean {by_label[0]!r}?"
        elif isinstance(given, str):
            close = difflib.get_close_matches(given, allowed, n=1, cutoff=0.6)
            if close:
                hint = f"您是否要写 {_labelled(close[0])}？did you mean {close[0]!r}?"
        return (
            f"取值无效：{key} 应为 {listing} 之一，而不是 {_short(given)!r} "
            f"(invalid value: {key} must be one of {', '.join(allowed)})",
            hint,
            None,
        )
    if kind in ("int_parsing", "int_type", "int_from_float"):
        if key in _NUMBERED:
            zh, en = _NUMBERED[key]
            number = zh_to_int(given) if isinstance(given, str) else None
            example = number if number is not None else 64
            return (
                f"{zh}号应写阿拉伯数字，如 {example}（第{zh_number(example)}{zh}），"
                f"而不是 {_short(given)!r} ({en} numbers are written in Arabic digits, "
                f"e.g. {key}: {example})",
                f"请写 {key}: {example} / write {key}: {example}" if number is not None else None,
                None,
            )
        return (
            f"应为整数（阿拉伯数字），而不是 {_short(given)!r} (expected a whole number)",
            None,
            None,
        )
    if kind == "missing":
        model = model_at(root, loc)
        field = model.model_fields.get(str(key)) if model else None
        about = f"  # {field.description}" if field and field.description else ""
        return (
            f"缺少必填字段 {key!r}：请添加 `{key}: …`{about.replace('  # ', '，')} "
            f"(missing field {key!r}: add it)",
            f"{key}: …{about}",
            (key,),
        )
    if kind == "extra_forbidden":
        model = model_at(root, loc)
        hint = None
        if model is not None and isinstance(key, str):
            close = difflib.get_close_matches(key, list(model.model_fields), n=1, cutoff=0.6)
            if close:
                hint = f"您是否要写 `{close[0]}`？did you mean {close[0]!r}?"
            else:
                hint = "允许的字段 (allowed fields): " + ", ".join(model.model_fields)
        return (f"未知字段 {key!r} (unknown field {key!r}): 请删除或改正", hint, None)
    if kind in ("string_type", "string_too_short"):
        what = "文字" if kind == "string_type" else "非空文字"
        quoted = f'{key}: "{given}"' if isinstance(given, (bool, int, float)) else None
        return (
            f"应为{what}，而不是 {_short(given)!r} (expected text)",
            f"加引号写成 {quoted} / quote it" if quoted else None,
            None,
        )
    if kind in ("bool_type", "bool_parsing"):
        return (
            f"应为 true 或 false，而不是 {_short(given)!r} (expected true or false)",
            None,
            None,
        )
    if kind in ("decimal_parsing", "decimal_type", "float_parsing", "float_type", "finite_number"):
        return (f"应为数字（阿拉伯数字），而不是 {_short(given)!r} (expected a number)", None, None)
    if kind in ("date_parsing", "date_type", "date_from_datetime_parsing"):
        return (
            f"应为日期 YYYY-MM-DD，如 2024-01-01，而不是 {_short(given)!r} (expected a date)",
            None,
            None,
        )
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return (f"应为映射（键: 值），而不是 {_short(given)!r} (expected a mapping)", None, None)
    if kind in ("list_type", "tuple_type"):
        return (
            f"应为列表（- 开头的各行或 [a, b]），而不是 {_short(given)!r} (expected a list)",
            None,
            None,
        )
    if kind == "too_short":
        return (f"至少需要一项 (at least one entry is needed): {msg}", None, None)
    if kind == "string_pattern_mismatch":
        return (
            f"格式不符：{_short(given)!r} 应为英文小写字母、数字和下划线组成的标识符 "
            f"(expected a snake_case identifier: {msg})",
            None,
            None,
        )
    if kind in ("less_than_equal", "greater_than_equal", "less_than", "greater_than"):
        return (f"超出允许范围 (out of range): {msg}", None, None)
    if kind == "value_error":
        return (f"取值无效 (invalid value): {msg}", None, None)
    return (f"取值无效 (invalid value): {msg}", None, None)
