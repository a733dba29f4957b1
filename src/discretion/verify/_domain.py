"""The fact domain of an item: the values that decide its conditions, and what each fact means.

A condition compares a fact with a literal (``goods_value < 10000``), joined by and / or / not, so
its truth can only change at the literals. :func:`boundary_points` lists, for one fact, a value on
each side of and at every such threshold (plus the bounds, and ``None`` for an optional fact);
:func:`space` is the cartesian product of these values over the facts a question reads, with
every other fact held at a :func:`witness` value. Enumerating a space decides the question for
*every* valid case — this is what makes :mod:`discretion.verify._check` a proof rather than a sample —
as long as no condition compares two facts with each other (the space then says so in
``relational``). :mod:`discretion.verify.testing` draws hypothesis examples from the same points.

:func:`fact_roles` reads from the conditions which facts aggravate, which mitigate and which
measure harm, for monotonicity properties.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from ..compile._amounts import CaseBand, FactorBand, SwitchAmount
from ..compile._conditions import NUMERIC_TYPES, Condition
from ..compile._facts import FactField
from ..compile._records import CompiledItem

_INTEGRAL = frozenset({"count", "days"})
# Quantities that cannot be negative whatever the rule file says (as facts.py validates them).
_NON_NEGATIVE = frozenset({"money", "area", "count", "days", "percent"})
_FEN = Decimal("0.01")
LOWERING = frozenset({"mitigate", "reduce", "mitigate_or_reduce"})
"""Circumstance kinds that move the range down (从轻, 减轻, 从轻或者减轻)."""
# A date for date facts that no condition compares with a literal (any valid date would do).
WITNESS_DATE = dt.date(2000, 1, 1)


def conditions_of(item: CompiledItem) -> tuple[Condition, ...]:
    """Every condition an item evaluates: levels, circumstances, grounds, clauses, switches, factors."""
    out: list[Condition] = [lv.when for lv in item.levels]
    out += [c.when for c in item.circumstances]
    out += [g.when for g in item.grounds]
    for clause in item.clauses:
        if clause.when is not None:
            out.append(clause.when)
        out += [cond for _id, cond, _shape in branches(clause.amount)]
    for level in item.levels:
        out += [
            cond for _id, options in factor_options(level.band) for cond, _pct, _label in options
        ]
    return tuple(out)


def branches(shape: Any) -> list[tuple[str, Condition, Any]]:
    """The branches of a switching amount (nested ones too): (id, condition, shape)."""
    if not isinstance(shape, SwitchAmount):
        return []
    out = list(shape.cases)
    for _id, _cond, inner in shape.cases:
        out += branches(inner)
    return out


def factor_options(band: Any) -> list[tuple[str, tuple[tuple[Condition, Decimal, str], ...]]]:
    """The factors of a factor band (also inside a per-case band): (id, options)."""
    if isinstance(band, FactorBand):
        return [(fid, options) for fid, _label, options in band.factors]
    if isinstance(band, CaseBand):
        return [f for sub in band.cases.values() for f in factor_options(sub)]
    return []


def boundary_points(
    fact: FactField, conditions: Iterable[Condition] = (), extra: Iterable[Any] = ()
) -> tuple[Any, ...]:
    """The values of one fact that decide every comparison the conditions make with it.

    Bool: both values; enum: every value; numbers: the bounds, each threshold with the value one
    step below and above it (1 for counts and days, 0.01 otherwise) and a point inside each
    interval; dates: each threshold and the day before and after. ``extra`` adds thresholds
    (those of another fact this one is compared with). ``None`` comes first for an
    optional fact without a default. The values are those :func:`~discretion.evaluate` receives
    after validation (``Decimal``, ``int``, ``bool``, ``str``, ``datetime.date``).

    >>> from discretion.format._model import FactSpec
    >>> from discretion.compile._facts import compile_fact
    >>> from discretion.compile._conditions import compile_condition
    >>> f = compile_fact(FactSpec(name="n", type="count", label="次数"))
    >>> boundary_points(f, [compile_condition("n >= 3", {"n": "count"})])
    (0, 2, 3, 4)
    """
    spec = fact.spec
    thresholds = [c.value for cond in conditions for c in cond.comparisons if c.fact == spec.name]
    thresholds += list(extra)
    if spec.type == "bool":
        points: list[Any] = [False, True]
    elif spec.type == "enum":
        points = list(spec.values or ())
    elif spec.type == "date":
        days = {t + dt.timedelta(days=d) for t in thresholds for d in (-1, 0, 1)}
        points = sorted(days) or [WITNESS_DATE]
    else:
        points = _numeric_points(spec.type, spec.min, spec.max, thresholds)
    if not spec.required and spec.default is None:
        points.insert(0, None)
    return tuple(points)


def _numeric_points(kind: str, low: Any, high: Any, thresholds: Sequence[Any]) -> list[Any]:
    integral = kind in _INTEGRAL
    lo = Decimal(low) if low is not None else (Decimal(0) if kind in _NON_NEGATIVE else None)
    hi = Decimal(high) if high is not None else None
    if integral:
        lo = lo.to_integral_value(ROUND_CEILING) if lo is not None else None
        hi = hi.to_integral_value(ROUND_FLOOR) if hi is not None else None
    ts = sorted({Decimal(t) for t in thresholds if not isinstance(t, bool)})
    step = Decimal(1) if integral else _FEN
    candidates: set[Decimal] = set()
    for t in ts:
        if integral:
            floor = t.to_integral_value(ROUND_FLOOR)
            candidates |= {floor - 1, floor, floor + 1, t.to_integral_value(ROUND_CEILING) + 1}
        else:
            candidates |= {t - step, t, t + step}
    candidates |= {b for b in (lo, hi) if b is not None}
    if not candidates:
        candidates.add(Decimal(0))

    def inside(v: Decimal) -> bool:
        return (lo is None or v >= lo) and (hi is None or v <= hi)

    kept = {c for c in candidates if inside(c)}
    if not integral:
        # Thresholds closer than one step: make sure every open interval still has a point.
        critical = sorted({t for t in ts if inside(t)} | {b for b in (lo, hi) if b is not None})
        for a, b in itertools.pairwise(critical):
            if not any(a < c < b for c in kept):
                kept.add((a + b) / 2)
    ordered = sorted(kept)
    return [int(v) for v in ordered] if integral else ordered


def witness(fact: FactField) -> Any:
    """A fixed valid value for a fact no condition of a question reads (its default if any)."""
    spec = fact.spec
    if spec.default is not None:
        return fact.convert(spec.default)
    if not spec.required:
        return None
    if spec.type == "bool":
        return False
    if spec.type == "enum":
        return (spec.values or [""])[0]
    if spec.type == "date":
        return WITNESS_DATE
    lo = spec.min if spec.min is not None else Decimal(0)
    value = max(Decimal(lo), min(Decimal(100), spec.max if spec.max is not None else Decimal(100)))
    return int(value) if spec.type in _INTEGRAL else value


def _fact_pairs(conditions: Iterable[Condition], names: Mapping[str, FactField]) -> set[str]:
    """Facts compared with another fact (``a < b``): boundary analysis is then no proof."""
    out: set[str] = set()
    for cond in conditions:
        for a, b in _name_pairs(cond.source):
            if a in names and b in names:
                out |= {a, b}
    return out


@functools.lru_cache(maxsize=4096)
def _name_pairs(source: str) -> tuple[tuple[str, str], ...]:
    """The pairs of names a condition compares with each other (a condition's source is shared
    by many items: parsed once)."""
    out = []
    for node in ast.walk(ast.parse(source, mode="eval")):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            for a, b in itertools.pairwise(operands):
                if isinstance(a, ast.Name) and isinstance(b, ast.Name):
                    out.append((a.id, b.id))
    return tuple(out)


@dataclass(frozen=True)
class Space:
    """The cartesian product of the boundary points of some facts, completed by witnesses."""

    names: tuple[str, ...]
    points: tuple[tuple[Any, ...], ...]
    base: Mapping[str, Any]
    relational: frozenset[str] = frozenset()

    @property
    def size(self) -> int:
        """Number of combinations."""
        n = 1
        for p in self.points:
            n *= len(p)
        return n

    def __iter__(self) -> Iterator[dict[str, Any]]:
        base, names = self.base, self.names
        for combo in itertools.product(*self.points):
            facts = dict(base)
            facts.update(zip(names, combo, strict=False))  # product: one value per name
            yield facts

    def shown(self, facts: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
        """The varied facts of one combination, for a counter-example."""
        return tuple((n, facts[n]) for n in self.names)


def space(item: CompiledItem, conditions: Sequence[Condition], names: Iterable[str] = ()) -> Space:
    """The fact space of a question: the facts the conditions read (and ``names``)."""
    wanted = sorted({n for c in conditions for n in c.reads} | set(names))
    known = _known(item)
    every = known.every
    relational = _fact_pairs(conditions, item.fields)
    points = []
    for name in wanted:
        if name not in relational:
            got = known.points.get(name)
            if got is None:
                own = [c for c in every if name in c.reads]
                got = known.points[name] = boundary_points(item.fields[name], own)
            points.append(got)
            continue
        own = [c for c in every if name in c.reads]
        # A fact compared with another fact: the other facts' points serve as its thresholds.
        extra = [
            p
            for other in sorted(relational - {name})
            for p in boundary_points(item.fields[other], every)
            if p is not None and not isinstance(p, bool)
        ]
        points.append(boundary_points(item.fields[name], own, extra))
    return Space(tuple(wanted), tuple(points), known.base, frozenset(relational))


@dataclass
class _Known:
    """What every space of one item shares: its conditions, witnesses and facts' points."""

    item: CompiledItem
    every: tuple[Condition, ...]
    base: Mapping[str, Any]
    points: dict[str, tuple[Any, ...]]


_KNOWN: dict[int, _Known] = {}
_KNOWN_MAX = 256  # items kept: a run of the static check asks about each item many times


def _known(item: CompiledItem) -> _Known:
    got = _KNOWN.get(id(item))
    if got is None or got.item is not item:
        if len(_KNOWN) >= _KNOWN_MAX:
            _KNOWN.clear()
        base = {n: witness(f) for n, f in item.fields.items()}
        got = _KNOWN[id(item)] = _Known(item, conditions_of(item), base, {})
    return got


# -- the direction of facts ----------------------------------------------------------------------


def fact_roles(item: CompiledItem) -> dict[str, str]:
    """Which facts of an item aggravate, which mitigate, and which measure harm or amount.

    Read from the conditions, never from names: a bool fact is ``"aggravating"`` when every
    condition that reads it points the same way — it holds (is true) in an aggravating circumstance
    or a clause's condition (a penalty it brings), is negated in a mitigating or reducing
    circumstance or a no-penalty ground, or, among the levels (listed from the lightest to the
    gravest), it is true only in graver levels than those where it is negated. ``"mitigating"`` is
    the mirror image. A fact whose conditions disagree gets no role. A number is ``"harm"`` when it
    is money or an area, or the base of an amount (货值金额, 违法所得, 面积), unless a mitigating
    condition tests it with ``>``/``>=`` or an aggravating one with ``<``/``<=``.

    The property tests use these roles: setting an aggravating fact, or raising a harm fact, never
    lowers the recommended range; setting a mitigating fact never raises it.
    """
    votes: dict[str, set[str]] = {}
    types = {n: f.spec.type for n, f in item.fields.items()}

    def vote(cond: Condition, up: bool) -> None:
        for name, positive in _polarity(cond.source, types).items():
            for sign in positive:
                votes.setdefault(name, set()).add("aggravating" if sign == up else "mitigating")

    for circ in item.circumstances:
        vote(circ.when, circ.kind == "aggravate")
    for ground in item.grounds:
        vote(ground.when, False)
    for clause in item.clauses:
        if clause.when is not None:
            vote(clause.when, True)
    signs: dict[str, dict[bool, set[int]]] = {}
    for index, level in enumerate(item.levels):
        for name, positive in _polarity(level.when.source, types).items():
            for sign in positive:
                signs.setdefault(name, {True: set(), False: set()})[sign].add(index)
    count = len(item.levels)
    for name, by_sign in signs.items():
        pos, neg = by_sign[True], by_sign[False]
        rest = set(range(count)) - pos - neg
        lower = neg or rest  # where the fact is negated, else where it is not mentioned
        if pos and lower and min(pos) > max(lower):
            votes.setdefault(name, set()).add("aggravating")
        elif pos and lower and max(pos) < min(lower):
            votes.setdefault(name, set()).add("mitigating")
        elif pos or neg:
            votes.setdefault(name, set()).add("ambiguous")
    roles = {n: v.pop() for n, v in votes.items() if len(v) == 1 and "ambiguous" not in v}
    bases = {
        getattr(shape, "base", None)
        for clause in item.clauses
        for shape in [clause.amount, *(b[2] for b in branches(clause.amount))]
    }
    for name, kind in types.items():
        harm = kind in ("money", "area") or (kind in NUMERIC_TYPES and name in bases)
        if harm and not _shrinks_with_harm(item, name):
            roles[name] = "harm"
    return roles


def _shrinks_with_harm(item: CompiledItem, name: str) -> bool:
    lowering = [c.when for c in item.circumstances if c.kind in LOWERING]
    lowering += [g.when for g in item.grounds]
    raising = [c.when for c in item.circumstances if c.kind == "aggravate"]
    for conds, ops in ((lowering, {">", ">="}), (raising, {"<", "<="})):
        if any(c.fact == name and c.op in ops for cond in conds for c in cond.comparisons):
            return True
    return False


def _polarity(source: str, types: Mapping[str, str]) -> dict[str, set[bool]]:
    """For each bool fact in a condition: does it appear true (True), negated (False), or both?"""
    out: dict[str, set[bool]] = {}

    def walk(node: ast.AST, positive: bool) -> None:
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            walk(node.operand, not positive)
        elif isinstance(node, ast.BoolOp):
            for value in node.values:
                walk(value, positive)
        elif isinstance(node, ast.Name) and types.get(node.id) == "bool":
            out.setdefault(node.id, set()).add(positive)
        elif isinstance(node, ast.Compare) and len(node.ops) == 1:
            left, right = node.left, node.comparators[0]
            if isinstance(right, ast.Name) and not isinstance(left, ast.Name):
                left, right = right, left
            literal = right.value if isinstance(right, ast.Constant) else None
            if isinstance(right, ast.Name) and right.id in ("true", "false", "True", "False"):
                literal = right.id.lower() == "true"
            if (
                isinstance(left, ast.Name)
                and types.get(left.id) == "bool"
                and isinstance(literal, bool)
            ):
                equal = isinstance(node.ops[0], ast.Eq)
                out.setdefault(left.id, set()).add(positive == (equal == literal))

    walk(ast.parse(source, mode="eval").body, True)
    return out
