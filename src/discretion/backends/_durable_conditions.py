"""Conditions compiled to durable_rules JSON expressions (the durable backend's first part).

Enters: a condition's source and the facts it reads. Leaves: a :class:`RuleTest` — the
durable_rules test, negations pushed down to the comparisons, numbers encoded as exact integers
(:func:`encode_number`) — or ``None`` for a condition that never holds. How conditions and facts
are encoded: :mod:`discretion.backends.durable`.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import itertools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from ..compile._conditions import NUMERIC_TYPES

MARKER_KEY = "_discretion"
MARKER = "case"
NONE_PREFIX = "_none_"

_BOOL_NAMES = {"true": True, "false": False, "True": True, "False": False}
_INVERSE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
_MIRROR = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_OPS = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
}
_DURABLE_OP = {"!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}

Expr = dict[str, Any] | bool
"""A durable_rules expression, or a constant the translation has already decided."""


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _and(parts: list[Expr]) -> Expr:
    out: list[dict[str, Any]] = []
    for p in parts:
        if p is False:
            return False
        if p is True:
            continue
        assert isinstance(p, dict)
        for q in p["$and"] if set(p) == {"$and"} else [p]:
            if q not in out:
                out.append(q)
    if not out:
        return True
    return out[0] if len(out) == 1 else {"$and": out}


def _or(parts: list[Expr]) -> Expr:
    out: list[dict[str, Any]] = []
    for p in parts:
        if p is True:
            return True
        if p is False:
            continue
        assert isinstance(p, dict)
        for q in p["$or"] if set(p) == {"$or"} else [p]:
            if q not in out:
                out.append(q)
    if not out:
        return False
    return out[0] if len(out) == 1 else {"$or": out}


def _test(op: str, key: str, value: Any) -> dict[str, Any]:
    if op == "==":
        return {key: value}
    return {_DURABLE_OP[op]: {key: value}}


@dataclass(frozen=True, slots=True)
class Fact:
    """How one fact travels in the message."""

    name: str
    key: str
    kind: str
    nullable: bool


class TranslationError(Exception):
    """A condition durable_rules cannot express; :func:`compile_item` adds the item."""


def _is_fact(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id not in _BOOL_NAMES


def _number(source: str, node: ast.Constant) -> Decimal:
    """The number as written (``1234.50`` keeps its places), as conditions.py reads it."""
    if "\n" in source:
        text = ast.get_source_segment(source, node) or repr(node.value)
    else:  # offsets count UTF-8 bytes, and a condition may hold Chinese strings
        text = source.encode()[node.col_offset : node.end_col_offset].decode()
    return Decimal(text.replace("_", ""))


@functools.lru_cache(maxsize=4096)
def condition_shape(source: str) -> tuple[ast.Expression, int, frozenset[tuple[str, str]]]:
    """A condition's tree, the most decimal places of its numbers, and the facts it compares with
    another fact. Cached: the general part's conditions recur in every item."""
    tree = ast.parse(source, mode="eval")
    places = 0
    paired: set[tuple[str, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            places = max(places, _places(_number(source, node)))
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            for a, b in itertools.pairwise(sides):
                if _is_fact(a) and _is_fact(b):
                    assert isinstance(a, ast.Name)
                    assert isinstance(b, ast.Name)
                    paired.add((a.id, b.id))
    return tree, places, frozenset(paired)


@dataclass(frozen=True, slots=True)
class RuleTest:
    """One condition as durable_rules tests it: the test (marker included), the message keys it
    reads, how many comparisons it makes, and its canonical JSON (for the ruleset digest)."""

    test: Mapping[str, Any]
    keys: frozenset[str]
    count: int
    text: str


@functools.lru_cache(maxsize=16384)
def translate(source: str, places: int, facts: tuple[Fact, ...]) -> RuleTest | None:
    """One condition for durable (``None``: it never holds); ``facts`` are those it reads.

    Cached, since the general part's conditions recur in every item: never modify the result.
    """
    tree = condition_shape(source)[0]
    expr = _Translator(source, places, {f.name: f for f in facts}).expr(tree.body, True)
    # The loader makes a condition that reads an optional fact without a default false whenever
    # that fact is absent; the condition itself then only sees given values.
    guard: list[Expr] = [{f"{NONE_PREFIX}{f.name}": False} for f in facts if f.nullable]
    expr = _and([*guard, expr])
    if expr is False:
        return None
    test = _and([{MARKER_KEY: MARKER}, expr])
    assert isinstance(test, dict)
    text = json.dumps(test, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return RuleTest(test, frozenset(keys_of(expr, set())), count_tests(test), text)


class _Translator:
    """Turns a condition into a durable expression, negations pushed down to the tests."""

    def __init__(self, source: str, places: int, facts: Mapping[str, Fact]) -> None:
        self.source = source
        self.places = places
        self.facts = facts

    def literal(self, node: ast.expr, fact: str) -> Any:
        """A literal of the condition, encoded like values of ``fact``."""
        if isinstance(node, ast.Name) and node.id in _BOOL_NAMES:
            return _BOOL_NAMES[node.id]
        negate = False
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            negate, node = True, node.operand
        if not isinstance(node, ast.Constant):
            raise TranslationError(f"expected a literal, found {ast.unparse(node)!r}")
        kind = self.facts[fact].kind
        if kind in NUMERIC_TYPES:
            number = _number(self.source, node)
            return encode_number(-number if negate else number, self.places)
        if kind == "date":
            return dt.date.fromisoformat(str(node.value)).toordinal()
        return node.value

    def expr(self, node: ast.expr, positive: bool) -> Expr:
        """An expression true exactly when ``node`` evaluates to ``positive`` in Python."""
        if isinstance(node, ast.BoolOp):
            parts = [self.expr(v, positive) for v in node.values]
            conj = isinstance(node.op, ast.And) == positive
            return _and(parts) if conj else _or(parts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return self.expr(node.operand, not positive)
        if isinstance(node, ast.Name):
            if node.id in _BOOL_NAMES:
                return _BOOL_NAMES[node.id] == positive
            # A bool fact alone holds when it is True (``f[name] is True`` in Python).
            return self.equals(node.id, True, positive)
        if isinstance(node, ast.Compare):
            left = node.left
            tests = []
            for op, right in zip(node.ops, node.comparators, strict=True):
                tests.append(self.compare(left, op, right, positive))
                left = right
            return _and(tests) if positive else _or(tests)
        raise TranslationError(f"not part of the condition language: {ast.unparse(node)!r}")

    def equals(self, name: str, value: Any, positive: bool) -> Expr:
        fact = self.facts[name]
        if fact.kind == "bool" and not positive:
            # A bool is true or false: test the other value rather than inequality.
            return _test("==", fact.key, not value)
        return _test("==" if positive else "!=", fact.key, value)

    def compare(self, left: ast.expr, op: ast.cmpop, right: ast.expr, positive: bool) -> Expr:
        if isinstance(op, (ast.In, ast.NotIn)):
            if not isinstance(left, ast.Name) or not isinstance(
                right, (ast.List, ast.Tuple, ast.Set)
            ):
                raise TranslationError("'in' needs a fact on the left and a list on the right")
            name = left.id
            members = sorted(
                {self.literal(e, name) for e in right.elts}, key=lambda v: (str(type(v)), v)
            )
            key = self.facts[name].key
            if isinstance(op, ast.In) == positive:
                return _or([_test("==", key, m) for m in members])
            return _and([_test("!=", key, m) for m in members])
        text = _OPS.get(type(op))
        if text is None:
            raise TranslationError(f"operator not allowed: {type(op).__name__}")
        if _is_fact(left) and _is_fact(right):
            assert isinstance(left, ast.Name)
            assert isinstance(right, ast.Name)
            return self.pair(left.id, text, right.id, positive)
        if _is_fact(right):
            left, right, text = right, left, _MIRROR[text]
        if not isinstance(left, ast.Name) or not _is_fact(left):
            raise TranslationError("a comparison without a fact")
        name = left.id
        value = self.literal(right, name)
        if text in ("==", "!="):
            return self.equals(name, value, (text == "==") == positive)
        return _test(text if positive else _INVERSE[text], self.facts[name].key, value)

    def pair(self, a: str, op: str, b: str, positive: bool) -> Expr:
        """``a op b`` for two facts."""
        ka, kb = self.facts[a].key, self.facts[b].key
        return _test(op if positive else _INVERSE[op], ka, {"$m": kb})


def encode_number(value: Decimal | int, places: int) -> int:
    """A quantity as the integer durable compares: ``2 * floor(v * 10**places)``, plus 1 if not
    whole at that scale (see :mod:`discretion.backends.durable`).

    >>> encode_number(Decimal("9999.99"), 0), encode_number(Decimal("10000"), 0)
    (19999, 20000)
    """
    scaled = Decimal(value).scaleb(places)
    floor = scaled.to_integral_value(rounding=ROUND_FLOOR)
    return 2 * int(floor) + (0 if floor == scaled else 1)


def count_tests(expr: Any) -> int:
    if isinstance(expr, dict):
        if set(expr) & {"$and", "$or"}:
            return sum(count_tests(e) for k in ("$and", "$or") for e in expr.get(k, ()))
        return 1
    return 0


def keys_of(expr: Any, out: set[str]) -> set[str]:
    if isinstance(expr, dict):
        for k, v in expr.items():
            if k in ("$and", "$or"):
                for e in v:
                    keys_of(e, out)
            elif k.startswith("$"):
                keys_of(v, out)
            else:
                out.add(k)
                if isinstance(v, dict) and "$m" in v:
                    out.add(v["$m"])
    return out
