"""The columnar plan of an item: its structure, as a signature, and its figures, as parameters.

A plan is built from the compiled item the scalar path evaluates (``compile._records``): the
conditions are read again from the source text the loader already checked (``ast.parse``, never
``eval``) into a small tree whose literals are taken out as parameters, the amount shapes and the
bands become a table of exact scale points (computed by the very functions the scalar path calls,
``compile._amounts``), and everything that steers control flow (fact types, ids, kinds, modes,
which level imposes what, the shape of every condition) goes into a hashable signature. Items
with the same signature — the items of one standard usually differ only in their figures — are
then decided together, each row reading its own item's parameters (``decide._columnar``).

An item the plan cannot express raises :class:`Unsupported`; its rows go to the scalar path.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..compile._amounts import (
    CaseBand,
    ExplicitBand,
    FullBand,
    MultipleAmount,
    OfMaxBand,
    PercentAmount,
    PercentBand,
    PerUnitAmount,
    RangeAmount,
    Scale,
    SwitchAmount,
    adjust,
    quantum_of,
    reduce_range,
)
from ..compile._conditions import BOOL_NAMES, Condition, ConditionError, _Compiler, literal_value
from ..compile._facts import _UNSET
from ..compile._records import CompiledItem

ONE = Decimal(1)
_MIRROR = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_OPS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
MANDATORY = frozenset({"required", "combined"})
ADJ_KEYS = ("reduce", "mitigate", "none", "aggravate")
"""The four ways a measured range is moved: 减轻, net 从轻, unchanged, net 从重."""


class Unsupported(Exception):  # noqa: N818 - an internal signal, never raised to a caller
    """The plan cannot express this item; its rows are decided by the scalar path."""


@dataclass
class Cond:
    """A condition as a tree of tuples (the signature) and its literals (the parameters)."""

    tree: tuple[Any, ...]
    literals: list[Any]


_SCHEMAS: dict[int, tuple[CompiledItem, dict[str, Any], dict[str, list[str]]]] = {}


def _schema(item: CompiledItem) -> tuple[dict[str, Any], dict[str, list[str]]]:
    got = _SCHEMAS.get(id(item))
    if got is None or got[0] is not item:
        types: dict[str, Any] = {name: f.spec.type for name, f in item.fields.items()}
        values = {name: list(f.spec.values or ()) for name, f in item.fields.items()}
        _SCHEMAS.clear()  # one item is planned at a time
        got = _SCHEMAS[id(item)] = (item, types, values)
    return got[1], got[2]


def read_condition(cond: Condition, item: CompiledItem) -> Cond:
    """The tree of an already checked condition, with its literals taken out."""
    types, values = _schema(item)
    compiler = _Compiler(cond.source, types, values)
    lits: list[Any] = []
    try:
        tree = _node(ast.parse(cond.source, mode="eval").body, compiler, types, lits)
    except (
        ConditionError,
        SyntaxError,
        RecursionError,
    ) as exc:  # pragma: no cover - loader checked
        raise Unsupported(str(exc)) from None
    return Cond(tree, lits)


def _node(node: ast.expr, comp: _Compiler, types: Mapping[str, str], lits: list[Any]) -> Any:
    if isinstance(node, ast.BoolOp):
        kind = "and" if isinstance(node.op, ast.And) else "or"
        return (kind, tuple(_node(v, comp, types, lits) for v in node.values))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return ("not", _node(node.operand, comp, types, lits))
    if isinstance(node, ast.Name):
        if node.id in BOOL_NAMES:
            return ("const", BOOL_NAMES[node.id])
        return ("fact", node.id)
    if isinstance(node, ast.Compare):
        parts = []
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            parts.append(_compare(left, op, right, comp, types, lits))
            left = right
        return parts[0] if len(parts) == 1 else ("and", tuple(parts))
    raise Unsupported(f"node {type(node).__name__}")


def _is_fact(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id not in BOOL_NAMES


def _compare(
    left: ast.expr,
    op: ast.cmpop,
    right: ast.expr,
    comp: _Compiler,
    types: Mapping[str, str],
    lits: list[Any],
) -> Any:
    if isinstance(op, (ast.In, ast.NotIn)):
        assert isinstance(left, ast.Name)
        name = left.id
        text = "in" if isinstance(op, ast.In) else "not in"
        if types[name] != "enum":
            raise Unsupported("'in' over a non-enum fact")
        assert isinstance(right, (ast.List, ast.Tuple, ast.Set))
        members = frozenset(
            comp._coerce(name, literal_value(e, comp.source), text) for e in right.elts
        )
        lits.append(members)
        return ("in", name, text == "not in", len(lits) - 1)
    text = _OPS[type(op)]
    if _is_fact(left) and _is_fact(right):
        assert isinstance(left, ast.Name)
        assert isinstance(right, ast.Name)
        if types[left.id] == "enum":
            raise Unsupported("an enum fact compared with another fact")
        return ("cmpff", left.id, text, right.id)
    if _is_fact(left):
        assert isinstance(left, ast.Name)
        name, lit_node, op_text = left.id, right, text
    else:
        assert isinstance(right, ast.Name)
        name, lit_node, op_text = right.id, left, _MIRROR[text]
    lits.append(comp._coerce(name, literal_value(lit_node, comp.source), text))
    return ("cmp", name, op_text, len(lits) - 1)


# -- amounts -----------------------------------------------------------------------------------


@dataclass
class Leaf:
    """One branch of an amount: its shape, and its scale points for every (fallback, level, way)."""

    shape: str  # range / multiple / per_unit / percent
    case: str | None
    unit: str  # the unit of the range when not falling back
    base: str | None
    below: Decimal | None
    fallback_unit: str | None  # None: no fallback range
    # (fallback 0/1) -> (scale lo, scale hi); then (fallback, level index, way) -> (lo, hi) points
    scale: dict[int, tuple[Decimal, Decimal]] = field(default_factory=dict)
    points: dict[tuple[int, int, str], tuple[Decimal, Decimal]] = field(default_factory=dict)


def _leaves(
    shape: Any, case: str | None, path: tuple[int, ...], item: CompiledItem, out: list[Any]
) -> Any:
    """The switch tree's signature; the leaves (with their conditions) are appended to ``out``."""
    if isinstance(shape, SwitchAmount):
        branches = []
        for k, (case_id, cond, sub) in enumerate(shape.cases):
            cond_plan = read_condition(cond, item)
            out.append(("switch", (*path, k), cond_plan))
            sub_sig = _leaves(sub, case if case is not None else case_id, (*path, k), item, out)
            branches.append((cond_plan.tree, sub_sig))
        return ("switch", tuple(branches))
    if getattr(shape, "unit", "元") != "元" and not isinstance(shape, RangeAmount):
        # a multiple, percentage or rate in another unit (issue 20, point 3): per row
        raise Unsupported(f"amount shape {type(shape).__name__} in {shape.unit}")
    if isinstance(shape, RangeAmount):
        leaf = Leaf("range", case, shape.unit, None, None, None)
        leaf.scale[0] = (shape.lo, shape.hi)
    elif isinstance(shape, MultipleAmount):
        fb = shape.fallback
        leaf = Leaf("multiple", case, "元", shape.base, shape.below, fb.unit if fb else None)
        leaf.scale[0] = (shape.lo, shape.hi)
        if fb is not None:
            leaf.scale[1] = (fb.lo, fb.hi)
    elif isinstance(shape, PerUnitAmount):
        leaf = Leaf("per_unit", case, "元", shape.base, None, None)
        leaf.scale[0] = (shape.lo, shape.hi)
    elif isinstance(shape, PercentAmount):
        leaf = Leaf("percent", case, "元", shape.base, None, None)
        leaf.scale[0] = (shape.lo, shape.hi)
    else:
        raise Unsupported(f"amount shape {type(shape).__name__}")
    out.append(("leaf", path, leaf))
    return (
        "leaf",
        leaf.shape,
        case,
        leaf.unit,
        leaf.base,
        leaf.below is not None,
        leaf.fallback_unit,
    )


def _not_yuan(kind: str, leaf: Leaf) -> None:
    """A fine not in 元, or an amount in another currency, goes to the scalar path: its cents and
    its procedure lines (never compared with the 元 thresholds of Art. 51 / 63) are decided there."""
    for unit in (leaf.unit, leaf.fallback_unit):
        if unit is not None and unit != "元" and (kind == "fine" or quantum_of(unit) == "cent"):
            raise Unsupported(f"an amount in {unit}, not in 元")


def _band_sig(band: Any) -> Any:
    if isinstance(band, CaseBand):
        return ("case", tuple(sorted((k, _band_sig(v)) for k, v in band.cases.items())))
    if isinstance(band, (FullBand, ExplicitBand, PercentBand, OfMaxBand)):
        return type(band).__name__
    # FactorBand (因子百分比): its point is a sum over fact options, so it depends on each row's
    # facts and cannot be a table of scale points computed once per item.
    raise Unsupported(f"band {type(band).__name__}: placed from each row's facts")


def _scale_of(leaf: Leaf, fallback: int) -> Scale:
    lo, hi = leaf.scale[fallback]
    if fallback:
        assert leaf.fallback_unit is not None
        unit = leaf.fallback_unit
        return Scale("range", leaf.case, lo, hi, ONE, unit, unit, leaf.base, None, True)
    scale_unit = {"multiple": "倍", "per_unit": "", "percent": "%"}.get(leaf.shape, leaf.unit)
    return Scale(leaf.shape, leaf.case, lo, hi, ONE, leaf.unit, scale_unit, leaf.base)


def _fill_points(leaf: Leaf, item: CompiledItem, primary: bool) -> None:
    """Every scale point the scalar path can reach, computed by its own functions."""
    adj = item.adjustment
    for fallback in leaf.scale:
        scale = _scale_of(leaf, fallback)
        for li, level in enumerate(item.levels):
            if primary:
                lo, hi, _detail = level.band.place(scale, {}, item.code)
            else:
                lo, hi = scale.lo, scale.hi
            leaf.points[(fallback, li, "reduce")] = reduce_range(scale, adj.reduce_floor)
            for way, net in (("mitigate", -1), ("none", 0), ("aggravate", 1)):
                if primary:
                    a, b, _how = adjust(lo, hi, net, adj.mitigate_share, adj.aggravate_share)
                    leaf.points[(fallback, li, way)] = (a, b)
                else:
                    leaf.points[(fallback, li, way)] = (lo, hi)


# -- the plan ----------------------------------------------------------------------------------


@dataclass
class ClausePlan:
    conds: list[Any]  # ("switch", path, Cond) and ("leaf", path, Leaf) in tree order
    when: Cond | None


@dataclass
class ItemPlan:
    """An item's signature (its structure) and parameters (its figures and literals)."""

    item: CompiledItem
    signature: tuple[Any, ...]
    grounds: list[Cond]
    limitation: list[Cond | None]
    levels: list[Cond]
    circumstances: list[Cond]
    clauses: list[ClausePlan]
    review: list[Cond | None]


def _fact_sig(item: CompiledItem) -> tuple[Any, ...]:
    out = []
    for name in item.fact_names:
        f = item.fields[name]
        spec = f.spec
        has_default = f.default is not _UNSET or spec.default is not None
        out.append((name, spec.type, bool(spec.required), has_default, tuple(spec.values or ())))
    return tuple(out)


def plan_item(item: CompiledItem) -> ItemPlan:
    """The plan of one compiled item.

    Raises:
        Unsupported: a shape, band or condition the columnar path does not express.
    """
    if item.procedure is None:
        # issue 20 point 12: no procedure declared, flags None: the reference pipeline's
        raise Unsupported("no procedure block (the standard uses no general part)")
    if item.kinds:
        # issue 20 point 12: a declared kind's hearing right and step are the reference pipeline's
        raise Unsupported("a penalty kind the standard declares (kinds, 行政处罚法第九条第六项)")
    if item.derived is not None:
        raise Unsupported("derived facts (推算事实): computed per row by the reference pipeline")
    if item.after:
        # issue 20 point 5: the adjustments after banding are recorded by the reference pipeline
        raise Unsupported("adjustments after banding")
    if item.lists:
        # issue 20 point 10: a list's dates and first-violation count are read per case
        raise Unsupported("no-penalty lists")
    if item.grid is not None or item.point is not None:
        # issue 20: a grid's key step and a point's moves are recorded by the reference pipeline
        raise Unsupported("grid" if item.grid is not None else "point inside a band")
    if item.parties or item.applies_to is not None or any(g.keeps for g in item.grounds):
        raise Unsupported("other parties (双罚制), applies_to or a ground that keeps a penalty")
    grounds = [read_condition(g.when, item) for g in item.grounds]
    lim = item.limitation
    limitation: list[Cond | None] = []
    lim_sig: Any = None
    if lim is not None:
        limitation = [
            None if c is None else read_condition(c, item) for _y, c, _l, _s in lim.periods
        ]
        lim_sig = (
            lim.start,
            lim.end,
            lim.discovered,
            tuple(
                (years, None if c is None else c.tree)
                for (years, _c, _l, _s), c in zip(lim.periods, limitation, strict=True)
            ),
        )
    levels = [read_condition(lv.when, item) for lv in item.levels]
    # Before any scale point is computed: _fill_points places every band with no facts, which only
    # a band independent of the facts allows (a factor band would read a missing fact).
    bands = [_band_sig(lv.band) for lv in item.levels]
    circs = [read_condition(c.when, item) for c in item.circumstances]
    clauses = []
    clause_sig = []
    for clause in item.clauses:
        if clause.case_sources:
            raise Unsupported(f"clause {clause.id}: switch branches with their own citations")
        if clause.case_modes or clause.mode == "single_or_combined":
            # issue 20 point 8: the branch's mode and the group's step are the reference's
            raise Unsupported(f"clause {clause.id}: a branch's own mode or 单处或者并处")
        conds: list[Any] = []
        amount_sig = None
        if clause.amount is not None:
            amount_sig = _leaves(clause.amount, None, (), item, conds)
            for entry in conds:
                if entry[0] == "leaf":
                    _not_yuan(clause.kind, entry[2])
                    _fill_points(entry[2], item, clause.primary)
        when = None if clause.when is None else read_condition(clause.when, item)
        clauses.append(ClausePlan(conds, when))
        clause_sig.append(
            (
                clause.id,
                clause.kind,
                clause.mode,
                None if clause.levels is None else tuple(sorted(clause.levels)),
                clause.primary,
                None if when is None else when.tree,
                amount_sig,
            )
        )
    review = [None if g.when is None else read_condition(g.when, item) for g in item.review_grounds]
    proc = item.procedure
    signature = (
        _fact_sig(item),
        tuple((g.id, g.effect, c.tree) for g, c in zip(item.grounds, grounds, strict=True)),
        lim_sig,
        tuple(
            (lv.id, c.tree, band, tuple(sorted(lv.impose)), lv.reduce)
            for lv, c, band in zip(item.levels, levels, bands, strict=True)
        ),
        tuple((ci.id, ci.kind, c.tree) for ci, c in zip(item.circumstances, circs, strict=True)),
        item.adjustment.combine,
        tuple(clause_sig),
        tuple(
            (g.id, None if c is None else c.tree, g.on_hearing, g.on_several_items)
            for g, c in zip(item.review_grounds, review, strict=True)
        ),
        proc.summary_fine_max is None,
        proc.hearing_fine_min is None,
    )
    return ItemPlan(item, signature, grounds, limitation, levels, circs, clauses, review)
