"""The condition language: a small, safe subset of Python expressions over an item's facts.

A condition such as ``goods_value < 10000 and not corrected_promptly`` or
``party_type in ["organisation"]`` is parsed with :mod:`ast` and only these nodes are accepted:
``and`` / ``or`` / ``not``, comparisons (chains included: ``1 <= n < 5``), ``in`` / ``not in`` with
a list of literals, names of declared facts, and literals (numbers, strings, ``true`` / ``false``).
Nothing is ever passed to ``eval``: the tree is type-checked against the fact schema and turned into
nested closures once, at load time.
"""

from __future__ import annotations

import ast
import datetime as dt
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from ..errors import did_you_mean
from ..format._limits import (
    MAX_CONDITION_CHARS,
    MAX_CONDITION_DEPTH,
    NumberError,
    check_magnitude,
    nesting_depth,
)

Predicate = Callable[[Mapping[str, Any]], bool]

NUMERIC_TYPES = frozenset({"money", "count", "area", "days", "number", "percent"})
_INTEGRAL_TYPES = frozenset({"count", "days"})

COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
"""The comparison operators of the condition language and what they do."""
_COMPARE = COMPARE
_OP_TEXT = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
BOOL_NAMES = {"true": True, "false": False, "True": True, "False": False}
"""Names that are the boolean literals in a condition."""
_BOOL_NAMES = BOOL_NAMES


class ConditionError(Exception):
    """Raised inside this module; the loader turns it into a located RuleSetError."""

    def __init__(self, message: str, hint: str | None = None, name: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.name = name  # the unknown fact's name, when that is the problem


@dataclass(frozen=True)
class Comparison:
    """One atomic test ``fact OP literal`` found in a condition (for analysis and test data)."""

    fact: str
    op: str
    value: Any


@dataclass(frozen=True)
class Condition:
    """A compiled condition: its source text, the facts it reads, and the predicate."""

    source: str
    reads: tuple[str, ...]
    predicate: Predicate = field(compare=False, repr=False)
    comparisons: tuple[Comparison, ...] = field(default=(), compare=False, repr=False)

    if TYPE_CHECKING:

        def __call__(self, facts: Mapping[str, Any]) -> bool: ...

    else:
        # Calling a condition calls its predicate with no Python frame in between: a property
        # whose getter is C code hands the predicate itself to the call. Conditions are tested
        # some 25 times per evaluation (levels, circumstances, grounds), so the frame counted.
        __call__ = property(operator.attrgetter("predicate"))


def literal_value(node: ast.expr, source: str) -> Any:
    """The value of a literal node of a condition: a ``Decimal`` (read from its source text, never
    through a float), a string, or ``True``/``False`` (``true``/``false`` also accepted).

    Raises:
        ConditionError: the node is not a literal.
    """
    if isinstance(node, ast.Name) and node.id in _BOOL_NAMES:
        return _BOOL_NAMES[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = literal_value(node.operand, source)
        if isinstance(value, Decimal):
            return -value
        raise ConditionError(
            f"只能对数字取负，不能对 {ast.unparse(node.operand)!r} 取负 / "
            f"cannot negate {ast.unparse(node.operand)!r}"
        )
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, (bool, str)):
            return value
        if isinstance(value, (int, float)):
            text = ast.get_source_segment(source, node) or repr(value)
            try:
                return check_magnitude(Decimal(text.replace("_", "")))
            except InvalidOperation:
                raise ConditionError(
                    f"不是有效的数字，请写成 1000 或 0.5 这样的数字 / not a number: {text[:40]!r}"
                ) from None
            except NumberError as exc:
                raise ConditionError(f"条件中的数字超出允许范围 / {exc}") from None
    raise ConditionError(
        f"此处应为数字、字符串或 true/false / "
        f"expected a literal (number, string, true/false), found {ast.unparse(node)!r}"
    )


class _Compiler:
    def __init__(self, source: str, types: Mapping[str, str], values: Mapping[str, list[str]]):
        self.source = source
        self.types = types
        self.values = values
        self.reads: list[str] = []
        self.comparisons: list[Comparison] = []

    # -- typing helpers -------------------------------------------------------------------------
    def _fact(self, node: ast.Name) -> str:
        name = node.id
        if name not in self.types:
            raise ConditionError(
                f"条件中的事实 {name!r} 未声明 (unknown fact {name!r} in condition "
                f"{self.source!r})",
                did_you_mean(name, self.types),
                name=name,
            )
        if name not in self.reads:
            self.reads.append(name)
        return name

    def _literal(self, node: ast.expr) -> Any:
        return literal_value(node, self.source)

    def _coerce(self, fact: str, value: Any, op: str) -> Any:
        """Check a literal against a fact's type and convert it to the fact's runtime type."""
        kind = self.types[fact]
        if kind in NUMERIC_TYPES:
            if not isinstance(value, Decimal):
                raise ConditionError(
                    f"事实 {fact!r}（{kind}）只能与数字比较，请写数字 / "
                    f"fact {fact!r} is {kind}, compared with {value!r}: expected a number"
                )
            return int(value) if kind in _INTEGRAL_TYPES and value == value.to_integral() else value
        if kind == "bool":
            if not isinstance(value, bool):
                raise ConditionError(
                    f"是/否事实 {fact!r} 只能与 true 或 false 比较 / "
                    f"fact {fact!r} is bool, compared with {value!r}"
                )
            if op not in ("==", "!="):
                raise ConditionError(
                    f"是/否事实 {fact!r} 只能用 == 或 != 判断，或直接写事实名 / "
                    f"bool fact {fact!r} can only be tested with == or !="
                )
            return value
        if kind == "enum":
            allowed = self.values[fact]
            if not isinstance(value, str) or value not in allowed:
                raise ConditionError(
                    f"事实 {fact!r} 没有可选值 {value!r}，请改为 {allowed} 之一 / "
                    f"{value!r} is not a value of enum fact {fact!r} (allowed: {allowed})",
                    did_you_mean(str(value), allowed),
                )
            if op not in ("==", "!=", "in", "not in"):
                raise ConditionError(
                    f"选项事实 {fact!r} 只能用 ==、!= 或 in 判断 / "
                    f"enum fact {fact!r} can only be tested with ==, != or in"
                )
            return value
        if kind == "date":
            if not isinstance(value, str):
                raise ConditionError(
                    f'日期事实 {fact!r} 须与 "YYYY-MM-DD" 格式的日期字符串比较 / '
                    f"date fact {fact!r} is compared with an ISO date string"
                )
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise ConditionError(
                    f"日期 {value!r} 无效，请写成 YYYY-MM-DD / "
                    f"{value!r} is not an ISO date (YYYY-MM-DD)"
                ) from None
        raise ConditionError(
            f"事实 {fact!r}（{kind} 类型）不能比较 / fact {fact!r} of type {kind} cannot be compared"
        )

    # -- node compilers -------------------------------------------------------------------------
    def compile(self, node: ast.expr) -> Predicate:
        if isinstance(node, ast.BoolOp):
            parts = [self.compile(v) for v in node.values]
            if isinstance(node.op, ast.And):
                return _all_of(parts)
            return _any_of(parts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            inner = self.compile(node.operand)
            operand = node.operand
            if isinstance(operand, ast.Name) and operand.id not in _BOOL_NAMES:
                name = operand.id  # a bool fact: compile() has checked it and recorded the read
                return lambda f: f[name] is not True
            return lambda f: not inner(f)
        if isinstance(node, ast.Name):
            if node.id in _BOOL_NAMES:
                constant = _BOOL_NAMES[node.id]
                return lambda f: constant
            name = self._fact(node)
            if self.types[name] != "bool":
                raise ConditionError(
                    f"事实 {name!r} 不是是/否事实，请写成比较，如 {name} >= 某值 / "
                    f"fact {name!r} is {self.types[name]}, not bool: compare it with a value"
                )
            self.comparisons.append(Comparison(name, "==", True))
            return lambda f: f[name] is True
        if isinstance(node, ast.Compare):
            return self._compare(node)
        raise ConditionError(
            f"条件中不允许使用 {ast.unparse(node)!r}，请只用比较、and/or/not、in、事实名和常量 / "
            f"not allowed in a condition: {ast.unparse(node)!r} "
            "(use comparisons, and/or/not, in, fact names and literals)"
        )

    def _compare(self, node: ast.Compare) -> Predicate:
        tests: list[Predicate] = []
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            tests.append(self._one_compare(left, op, right))
            left = right
        if len(tests) == 1:
            return tests[0]
        return _all_of(tests)

    def _one_compare(self, left: ast.expr, op: ast.cmpop, right: ast.expr) -> Predicate:
        if isinstance(op, (ast.In, ast.NotIn)):
            if not isinstance(left, ast.Name) or left.id in _BOOL_NAMES:
                raise ConditionError(
                    "条件中 in 的左边须为事实名 / the left of 'in' must be a fact name"
                )
            name = self._fact(left)
            if not isinstance(right, (ast.List, ast.Tuple, ast.Set)):
                raise ConditionError(
                    f'条件中 in 的右边须为取值列表，如 {name} in ["a", "b"] / '
                    f'\'in\' needs a list of values, e.g. {name} in ["a", "b"]'
                )
            text = "in" if isinstance(op, ast.In) else "not in"
            members = frozenset(self._coerce(name, self._literal(e), text) for e in right.elts)
            for member in members:
                self.comparisons.append(Comparison(name, "==", member))
            if isinstance(op, ast.In):
                return lambda f: f[name] in members
            return lambda f: f[name] not in members
        fn = _COMPARE.get(type(op))
        if fn is None:
            raise ConditionError(
                f"条件中不允许使用该运算符 / operator not allowed: {type(op).__name__}"
            )
        text = _OP_TEXT[type(op)]
        left_fact = isinstance(left, ast.Name) and left.id not in _BOOL_NAMES
        right_fact = isinstance(right, ast.Name) and right.id not in _BOOL_NAMES
        if left_fact and right_fact:
            assert isinstance(left, ast.Name)
            assert isinstance(right, ast.Name)
            a, b = self._fact(left), self._fact(right)
            if self._family(a) != self._family(b):
                raise ConditionError(
                    f"事实 {a!r} 与 {b!r} 类型不同，不能比较 / "
                    f"cannot compare {a!r} ({self.types[a]}) with {b!r} ({self.types[b]})"
                )
            return lambda f: fn(f[a], f[b])
        if left_fact:
            assert isinstance(left, ast.Name)
            name = self._fact(left)
            value = self._coerce(name, self._literal(right), text)
            self.comparisons.append(Comparison(name, text, value))
            return _fact_op_value(text, name, value)
        if right_fact:
            assert isinstance(right, ast.Name)
            name = self._fact(right)
            value = self._coerce(name, self._literal(left), text)
            self.comparisons.append(Comparison(name, _MIRROR[text], value))
            return _value_op_fact(text, value, name)
        raise ConditionError(
            f"比较中须有一个事实名 / comparison without a fact: {ast.unparse(left)} {text} ..."
        )

    def _family(self, name: str) -> str:
        kind = self.types[name]
        return "number" if kind in NUMERIC_TYPES else kind


# -- predicate builders ---------------------------------------------------------------------------
# One closure per operator and per arity rather than ``all(p(f) for p in parts)`` or
# ``operator.lt(f[name], value)``: each test then costs one Python frame and no generator, and the
# conditions are the engine's hottest code.


def _all_of(parts: list[Predicate]) -> Predicate:
    if len(parts) == 2:
        a, b = parts
        return lambda f: a(f) and b(f)
    if len(parts) == 3:
        a, b, c = parts
        return lambda f: a(f) and b(f) and c(f)
    if len(parts) == 4:
        a, b, c, d = parts
        return lambda f: a(f) and b(f) and c(f) and d(f)
    every = tuple(parts)

    def all_of(f: Mapping[str, Any]) -> bool:
        for p in every:  # noqa: SIM110 - a loop, not all(genexpr): no generator per test
            if not p(f):
                return False
        return True

    return all_of


def _any_of(parts: list[Predicate]) -> Predicate:
    if len(parts) == 2:
        a, b = parts
        return lambda f: a(f) or b(f)
    if len(parts) == 3:
        a, b, c = parts
        return lambda f: a(f) or b(f) or c(f)
    every = tuple(parts)

    def any_of(f: Mapping[str, Any]) -> bool:
        for p in every:  # noqa: SIM110 - a loop, not any(genexpr): no generator per test
            if p(f):
                return True
        return False

    return any_of


def _fact_op_value(op: str, name: str, value: Any) -> Predicate:
    if op == "<":
        return lambda f: f[name] < value
    if op == "<=":
        return lambda f: f[name] <= value
    if op == ">":
        return lambda f: f[name] > value
    if op == ">=":
        return lambda f: f[name] >= value
    if op == "==":
        return lambda f: f[name] == value
    assert op == "!="
    return lambda f: f[name] != value


def _value_op_fact(op: str, value: Any, name: str) -> Predicate:
    if op == "<":
        return lambda f: value < f[name]
    if op == "<=":
        return lambda f: value <= f[name]
    if op == ">":
        return lambda f: value > f[name]
    if op == ">=":
        return lambda f: value >= f[name]
    if op == "==":
        return lambda f: value == f[name]
    assert op == "!="
    return lambda f: value != f[name]


# Every node the condition language may contain; anything else (a call, an attribute, arithmetic,
# a subscript, a lambda) is refused before compiling, whatever the position.
_ALLOWED_NODES = (
    ast.Expression,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.UnaryOp,
    ast.Not,
    ast.USub,
    ast.Compare,
    ast.Eq,
    ast.NotEq,
    ast.Lt,
    ast.LtE,
    ast.Gt,
    ast.GtE,
    ast.In,
    ast.NotIn,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.List,
    ast.Tuple,
    ast.Set,
)
_NODE_WORDS: dict[type[ast.AST], str] = {
    ast.Call: "a function call",
    ast.Attribute: "an attribute",
    ast.Subscript: "a subscript",
    ast.BinOp: "arithmetic",
    ast.Lambda: "a lambda",
    ast.IfExp: "a conditional expression",
}

_TOO_DEEP = (
    f"条件嵌套过深，请写得扁平一些 / "
    f"a condition nested deeper than {MAX_CONDITION_DEPTH} levels (条件嵌套过深): write it flatter"
)
_MIRROR = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


def compile_condition(
    source: str,
    types: Mapping[str, str],
    values: Mapping[str, list[str]] | None = None,
) -> Condition:
    """Parse, type-check and compile a condition.

    Args:
        source: the condition text from the rule file.
        types: fact name → fact type, for the facts the item declares.
        values: enum fact name → its allowed values.

    Raises:
        ConditionError: bad syntax, a node outside the language, an unknown fact, a type
            mismatch. The loader adds file, line and item.

    >>> c = compile_condition("goods_value < 10000", {"goods_value": "money"})
    >>> c({"goods_value": Decimal("20")}), c.reads
    (True, ('goods_value',))
    """
    text = source.strip()
    if not text:
        raise ConditionError("条件为空，请写出条件 / empty condition")
    if len(text) > MAX_CONDITION_CHARS:
        raise ConditionError(
            f"条件过长，请拆分到多个裁量阶次 / "
            f"a condition of {len(text)} characters is longer than {MAX_CONDITION_CHARS} "
            "(条件过长): split it between levels, or name the facts it combines"
        )
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ConditionError(
            f"条件语法错误，请检查括号、引号和比较符号 / "
            f"syntax error in condition {text[:80]!r} at column {exc.offset}: {exc.msg} "
            "(条件语法错误)"
        ) from None
    except (RecursionError, MemoryError):  # Python's own parser gives up on very deep nesting
        raise ConditionError(_TOO_DEEP) from None
    if nesting_depth(tree.body, MAX_CONDITION_DEPTH) > MAX_CONDITION_DEPTH:
        raise ConditionError(_TOO_DEEP)
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise ConditionError(
                f"条件中不允许使用此写法，请只用比较、and/or/not、in、事实名和常量 / "
                f"not allowed in a condition: {_NODE_WORDS.get(type(node), type(node).__name__)} "
                f"{ast.unparse(node)!r} (条件中不允许使用) — use comparisons, and/or/not, in, "
                "fact names and literals"
            )
    compiler = _Compiler(text, types, values or {})
    predicate = compiler.compile(tree.body)
    return Condition(text, tuple(compiler.reads), predicate, tuple(compiler.comparisons))
