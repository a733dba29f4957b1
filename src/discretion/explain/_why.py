"""Why a recorded condition held or failed, recovered from the step alone.

A :class:`~discretion.decide._result.Step` keeps a condition's text and the values of the facts it read.
That is enough to say *which part* of the condition decided the outcome — the conjunct that failed,
the alternative that held — without the rule set, so a stored recommendation can be explained
years later. The text is re-parsed with :mod:`ast`, accepting only the nodes of the condition
language (see :mod:`discretion.compile._conditions`), and evaluated against the recorded values. Nothing is
passed to ``eval``.

The explanation is a reading aid, never a second decision: when the text cannot be parsed, a fact
is missing from the record, or the recomputed result disagrees with the recorded outcome,
:func:`explain` returns ``None`` and the renderer states only the recorded outcome.
"""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ..compile._conditions import BOOL_NAMES as _BOOL_NAMES
from ..compile._conditions import COMPARE as _COMPARE
from ..compile._conditions import ConditionError, literal_value


class _UnexplainableError(Exception):
    """The text or the recorded values fall outside what can be re-evaluated."""


@dataclass(frozen=True, slots=True)
class Part:
    """One deciding part of a condition.

    Attributes:
        text: the part's source text, e.g. ``caused_harm or not first_violation``.
        holds: whether it held for the recorded facts.
        reads: the facts it reads with their recorded values, in order of appearance.
    """

    text: str
    holds: bool
    reads: tuple[tuple[str, Any], ...]


@dataclass(frozen=True, slots=True)
class Explanation:
    """What decided a condition.

    Attributes:
        holds: the condition's value (always equal to the recorded outcome).
        connective: ``and``, ``or`` or ``None`` (a single test) at the top of the condition.
        parts: the deciding parts. For a condition that holds: every conjunct of an ``and``, the
            alternatives that held of an ``or``. For one that fails: the conjuncts that failed of
            an ``and``, every alternative of an ``or``. A single test is its own part.
    """

    holds: bool
    connective: str | None
    parts: tuple[Part, ...]


def explain(source: str, reads: Mapping[str, Any], outcome: object) -> Explanation | None:
    """Explain a recorded condition outcome from its text and the values it read.

    Args:
        source: the condition text as recorded in the step's ``test``.
        reads: fact name → recorded value (Decimal, int, bool, str, date, or their JSON forms:
            decimal strings and ISO date strings).
        outcome: the recorded outcome; only ``True``/``False`` can be explained.

    Returns:
        The explanation, or ``None`` when it cannot be given faithfully.

    >>> e = explain("not serious and (caused_harm or not first_violation)",
    ...             {"serious": False, "caused_harm": False, "first_violation": True}, False)
    >>> [(p.text, p.holds) for p in e.parts]
    [('caused_harm or not first_violation', False)]
    """
    if not isinstance(outcome, bool):
        return None
    text = source.strip()
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError):
        return None
    evaluator = _Evaluator(text, reads)
    try:
        holds = evaluator.value(tree.body)
        top = tree.body
        if isinstance(top, ast.BoolOp):
            connective = "and" if isinstance(top.op, ast.And) else "or"
            members = _flatten(top)
            values = [evaluator.value(m) for m in members]
            if connective == "and":
                chosen = (
                    members if holds else [m for m, v in zip(members, values, strict=True) if not v]
                )
            else:
                chosen = (
                    [m for m, v in zip(members, values, strict=True) if v] if holds else members
                )
            parts = tuple(evaluator.part(m) for m in chosen)
        else:
            connective = None
            parts = (evaluator.part(top),)
    except _UnexplainableError:
        return None
    if holds is not outcome:
        return None
    return Explanation(holds, connective, parts)


def _flatten(node: ast.BoolOp) -> list[ast.expr]:
    """``a and (b and c)`` → ``[a, b, c]``: the members of one connective, however nested."""
    out: list[ast.expr] = []
    for value in node.values:
        if isinstance(value, ast.BoolOp) and type(value.op) is type(node.op):
            out.extend(_flatten(value))
        else:
            out.append(value)
    return out


class _Evaluator:
    def __init__(self, source: str, reads: Mapping[str, Any]) -> None:
        self.source = source
        self.reads = reads

    def part(self, node: ast.expr) -> Part:
        text = ast.get_source_segment(self.source, node) or ast.unparse(node)
        return Part(text, self.value(node), self.names(node))

    def names(self, node: ast.expr) -> tuple[tuple[str, Any], ...]:
        seen: dict[str, Any] = {}
        # ast.walk is breadth-first; sort by position so facts appear as they are written.
        found = [n for n in ast.walk(node) if isinstance(n, ast.Name) and n.id not in _BOOL_NAMES]
        for n in sorted(found, key=lambda n: (n.lineno, n.col_offset)):
            seen.setdefault(n.id, self.fact(n.id))
        return tuple(seen.items())

    def fact(self, name: str) -> Any:
        if name not in self.reads:
            raise _UnexplainableError(name)
        return self.reads[name]

    def value(self, node: ast.expr) -> bool:
        if isinstance(node, ast.BoolOp):
            values = [self.value(v) for v in node.values]
            return all(values) if isinstance(node.op, ast.And) else any(values)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return not self.value(node.operand)
        if isinstance(node, ast.Name):
            if node.id in _BOOL_NAMES:
                return _BOOL_NAMES[node.id]
            return self.fact(node.id) is True
        if isinstance(node, ast.Compare):
            left = node.left
            for op, right in zip(node.ops, node.comparators, strict=True):
                if not self.compare(left, op, right):
                    return False
                left = right
            return True
        raise _UnexplainableError(ast.dump(node))

    def compare(self, left: ast.expr, op: ast.cmpop, right: ast.expr) -> bool:
        a = self.operand(left)
        if isinstance(op, (ast.In, ast.NotIn)):
            if not isinstance(right, (ast.List, ast.Tuple, ast.Set)):
                raise _UnexplainableError("in")
            if a is None:
                return False
            members = [_align(self.literal(e), a) for e in right.elts]
            inside = any(_align(a, m) == m for m in members)
            return inside if isinstance(op, ast.In) else not inside
        fn = _COMPARE.get(type(op))
        if fn is None:
            raise _UnexplainableError(type(op).__name__)
        b = self.operand(right)
        if a is None or b is None:
            # A fact the case does not give makes the comparison fail (it never holds).
            return False
        try:
            return bool(fn(_align(a, b), _align(b, a)))
        except TypeError:
            raise _UnexplainableError("types") from None

    def operand(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Name) and node.id not in _BOOL_NAMES:
            return self.fact(node.id)
        return self.literal(node)

    def literal(self, node: ast.expr) -> Any:
        try:
            return literal_value(node, self.source)
        except ConditionError as exc:
            raise _UnexplainableError(str(exc)) from None


def _align(value: Any, other: Any) -> Any:
    """Bring ``value`` to the type of ``other`` where the record stored it as text.

    A recommendation read back from JSON holds amounts as decimal strings and dates as ISO
    strings; a live one holds ``Decimal``/``int`` and ``date``. Both must explain alike.
    """
    if isinstance(value, bool) or isinstance(other, bool):
        return value
    if isinstance(other, (Decimal, int)) and isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(other, dt.date) and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value
