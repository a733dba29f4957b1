# ruff: noqa: B023 - the closures over loop variables are called within their own iteration
"""Deciding the rows of items with one signature as array operations (issue 12).

The rows of a group of items that share a plan signature (``_columnar_plan``) are decided with
NumPy: conditions are boolean masks over the fact columns, the level is the one mask that holds
(a count per row), the amounts are exact integer arithmetic of the fen over scale points computed
by the scalar path's own functions. Whatever a row needs that this module does not express (a
missing required fact, a value out of bounds, no or several levels, a limitation period with both
dates given, a product beyond the 28 digits of the decimal context) marks the row *bad*: it is
then decided by the scalar path, which gives it its answer or its error. Nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

import numpy as np
import pyarrow as pa

from ..compile._facts import _UNSET
from ..format._limits import FIRST_DATE, LAST_DATE, NumberError, read_number
from ..format._vocabulary import HEARING_KINDS, UNSET
from ._columnar_plan import ADJ_KEYS, MANDATORY, Cond, ItemPlan, Leaf

_BIG = 1 << 62
_EPOCH = dt.date(1970, 1, 1).toordinal()
_MAXMAG = 10**12
_FIRST = FIRST_DATE.toordinal() - _EPOCH
_LAST = LAST_DATE.toordinal() - _EPOCH
_NUMERIC = frozenset({"money", "count", "area", "days", "number", "percent"})
_INTEGRAL = frozenset({"count", "days"})
_NON_NEGATIVE = frozenset({"money", "area", "count", "days", "percent"})
_MAX_SCALE = 6
_POW10 = np.array([10**k for k in range(19)], dtype=np.int64)


class Col:
    """A fact column: values (int64 at ``scale`` for numbers, days for dates, codes for enums)."""

    __slots__ = ("kind", "present", "scale", "values")

    def __init__(self, kind: str, values: Any, present: Any, scale: int = 0) -> None:
        self.kind, self.values, self.present, self.scale = kind, values, present, scale


def _limit(c: Decimal, op: str) -> int:
    """An integer threshold t such that ``x OP c`` equals ``x OP' t`` for every integer x."""
    if op in ("<", ">="):
        t = int(c.to_integral_value(ROUND_CEILING))
    elif op in ("<=", ">"):
        t = int(c.to_integral_value(ROUND_FLOOR))
    else:
        t = int(c) if c == c.to_integral_value() else _BIG + 1
    return max(-_BIG, min(_BIG + 1, t))


def _cmp(x: Any, op: str, t: Any) -> Any:
    if op == "<":
        return x < t
    if op == "<=":
        return x <= t
    if op == ">":
        return x > t
    if op == ">=":
        return x >= t
    if op == "==":
        return x == t
    return x != t


class Group:
    """The items of one signature and the per-item parameter arrays, built once and kept."""

    def __init__(self, plans: list[ItemPlan]) -> None:
        self.plans = plans
        self.rep = plans[0]
        self.cache: dict[Any, Any] = {}

    def add(self, plan: ItemPlan) -> int:
        self.plans.append(plan)
        self.cache.clear()
        return len(self.plans) - 1

    def per_item(self, key: Any, fn: Any, dtype: Any = np.int64) -> Any:
        got = self.cache.get(key)
        if got is None:
            got = np.array([fn(p) for p in self.plans], dtype=dtype)
            self.cache[key] = got
        return got


def _cond_of(plan: ItemPlan, key: tuple[Any, ...]) -> Cond:
    kind = key[0]
    c: Cond | None
    if kind == "g":
        c = plan.grounds[key[1]]
    elif kind == "lim":
        c = plan.limitation[key[1]]
    elif kind == "lv":
        c = plan.levels[key[1]]
    elif kind == "c":
        c = plan.circumstances[key[1]]
    elif kind == "cw":
        c = plan.clauses[key[1]].when
    elif kind == "sw":
        c = next(e[2] for e in plan.clauses[key[1]].conds if e[0] == "switch" and e[1] == key[2])
    else:
        c = plan.review[key[1]]
    assert c is not None
    return c


class Rows:
    """The rows of one group in one chunk: the item of each row, the fact columns, the bad rows."""

    def __init__(self, group: Group, idx: Any, cols: dict[str, Col], bad: Any) -> None:
        self.group, self.idx, self.cols, self.bad = group, idx, cols, bad
        self.n = len(idx)

    # -- conditions ----------------------------------------------------------------------------
    def cond(self, key: tuple[Any, ...], tree: Any, reach: Any = None) -> Any:
        """The mask of a condition; an ordering test on a missing fact, where Python's
        short-circuit evaluation reaches it (``reach``), marks the row bad. As the compiler
        builds them, a condition reading an optional fact that is not given does not hold."""
        given = np.ones(self.n, bool) if reach is None else reach.copy()
        for name in _reads(tree):
            given &= self.cols[name].present
        return given & self._ev(key, tree, given)

    def _ev(self, key: tuple[Any, ...], node: Any, reach: Any) -> Any:
        tag = node[0]
        if tag == "const":
            return np.full(self.n, node[1], dtype=bool)
        if tag == "fact":
            col = self.cols[node[1]]
            return col.values.astype(bool) & col.present
        if tag == "not":
            return ~self._ev(key, node[1], reach)
        if tag in ("and", "or"):
            out = None
            for child in node[1]:
                if out is None:
                    out = self._ev(key, child, reach)
                elif tag == "and":
                    out = out & self._ev(key, child, reach & out)
                else:
                    out = out | self._ev(key, child, reach & ~out)
            return out
        g = self.group
        if tag == "in":
            _t, name, negate, j = node
            col = self.cols[name]
            values = list(g.rep.item.fields[name].spec.values or ())

            def table(p: ItemPlan) -> Any:
                mask = np.zeros(len(values) + 1, dtype=bool)
                for v in _cond_of(p, key).literals[j]:
                    mask[values.index(v)] = True
                return mask

            tbl = g.per_item((key, j, "in"), table, dtype=object)
            tbl = np.stack(list(tbl)) if len(tbl) else np.zeros((0, len(values) + 1), bool)
            held = tbl[self.idx, col.values] & col.present
            return ~held if negate else held
        if tag == "cmpff":
            _t, a, op, b = node
            ca, cb = self.cols[a], self.cols[b]
            both = ca.present & cb.present
            xa, xb = ca.values, cb.values
            if ca.kind == "num":
                scale = max(ca.scale, cb.scale)
                xa = xa * 10 ** (scale - ca.scale)
                xb = xb * 10 ** (scale - cb.scale)
            if op in ("==", "!="):
                eq = (both & (xa == xb)) | (~ca.present & ~cb.present)
                return eq if op == "==" else ~eq
            self.bad |= reach & ~both
            return both & _cmp(xa, op, xb)
        _t, name, op, j = node
        col = self.cols[name]
        if col.kind in ("num", "date"):
            scale = col.scale

            def threshold(p: ItemPlan) -> int:
                value = _cond_of(p, key).literals[j]
                if col.kind == "date":
                    return int(value.toordinal() - _EPOCH)
                return _limit(Decimal(value).scaleb(scale), op)

            t = g.per_item((key, j, op, col.kind, scale), threshold)[self.idx]
            if op in ("==", "!="):
                eq = col.present & (col.values == t)
                return eq if op == "==" else ~eq
            self.bad |= reach & ~col.present
            return col.present & _cmp(col.values, op, t)
        if col.kind == "bool":
            lit = g.per_item((key, j, "b"), lambda p: _cond_of(p, key).literals[j], bool)[self.idx]
            eq = col.present & (col.values == lit)
        else:
            values = list(g.rep.item.fields[name].spec.values or ())
            code = g.per_item((key, j, "e"), lambda p: values.index(_cond_of(p, key).literals[j]))[
                self.idx
            ]
            eq = col.present & (col.values == code)
        return eq if op == "==" else ~eq


def _reads(node: Any) -> set[str]:
    tag = node[0]
    if tag == "fact":
        return {node[1]}
    if tag == "not":
        return _reads(node[1])
    if tag in ("and", "or"):
        return set().union(*(_reads(c) for c in node[1]))
    if tag == "cmpff":
        return {node[1], node[3]}
    if tag in ("cmp", "in"):
        return {node[1]}
    return set()


# -- fact columns ------------------------------------------------------------------------------


def _ints_of_decimal(arr: Any) -> tuple[Any, Any]:
    """The unscaled integers of a decimal128 array, and where they fit an int64."""
    n = len(arr)
    words = np.frombuffer(arr.buffers()[1], dtype="<i8")[2 * arr.offset : 2 * (arr.offset + n)]
    words = words.reshape(n, 2)
    low, high = words[:, 0], words[:, 1]
    fits = high == (low >> 63)
    return low.copy(), fits


def _numeric(arr: Any, kind: str) -> tuple[Any, Any, Any, int]:
    """(values, present, bad, scale) of a numeric fact column; bad rows go to the scalar path."""
    n = len(arr)
    t = arr.type
    present = np.asarray(arr.is_valid(), dtype=bool) if arr.null_count else np.ones(n, bool)
    bad = np.zeros(n, dtype=bool)
    scale = 0
    if pa.types.is_null(t):
        return np.zeros(n, np.int64), np.zeros(n, bool), bad, 0
    if pa.types.is_integer(t):
        raw = arr.fill_null(0).to_numpy()
        if raw.dtype == np.uint64:
            bad |= raw > _MAXMAG
            raw = np.where(bad, 0, raw)
        x = raw.astype(np.int64)
    elif pa.types.is_decimal(t) and t.bit_width == 128 and 0 <= t.scale <= _MAX_SCALE:
        x, fits = _ints_of_decimal(arr)
        bad |= present & ~fits
        x = np.where(fits & present, x, 0)
        scale = t.scale
    elif pa.types.is_string(t) or pa.types.is_large_string(t):
        enc = arr.dictionary_encode()
        uniques = enc.dictionary.to_pylist()
        numbers: list[Decimal | None] = []
        for text in uniques:
            try:
                d = read_number(text)
            except NumberError:
                numbers.append(None)
                continue
            numbers.append(d if -d.as_tuple().exponent <= _MAX_SCALE else None)  # type: ignore[operator]
        scale = max([max(0, -d.as_tuple().exponent) for d in numbers if d is not None] or [0])  # type: ignore[operator]
        ok = np.array([d is not None for d in numbers] + [False], dtype=bool)
        ints = np.array([int(d.scaleb(scale)) if d is not None else 0 for d in numbers] + [0])
        codes = enc.indices.fill_null(len(uniques)).to_numpy()
        x = ints[codes].astype(np.int64)
        bad |= present & ~ok[codes]
    else:  # a float, a bool, anything else: the scalar path says what is wrong
        return np.zeros(n, np.int64), present, present.copy(), 0
    bad |= present & (np.abs(x) > _MAXMAG * 10**scale)
    if kind in _INTEGRAL and scale:
        unit = 10**scale
        bad |= present & (x % unit != 0)
        x = x // unit
        scale = 0
    return x, present, bad, scale


def _strings(arr: Any) -> tuple[list[Any], Any]:
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return [], None
    enc = arr.dictionary_encode()
    return enc.dictionary.to_pylist(), enc.indices.fill_null(-1).to_numpy()


def _convert(arr: Any, spec: Any, n: int) -> tuple[Col, Any]:
    """One fact column of a chunk as a :class:`Col`, and the rows whose value is refused."""
    kind = spec.type
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if kind in _NUMERIC:
        x, present, wrong, scale = _numeric(arr, kind)
        return Col("num", x, present, scale), wrong
    present = np.asarray(arr.is_valid(), dtype=bool)
    if kind == "bool":
        if pa.types.is_boolean(arr.type):
            values = arr.fill_null(False).to_numpy(zero_copy_only=False)
            return Col("bool", values, present), np.zeros(n, bool)
        return Col("bool", np.zeros(n, bool), present), present.copy()
    if kind == "enum":
        allowed = list(spec.values or ())
        uniques, codes = _strings(arr)
        if codes is None:
            return Col("enum", np.zeros(n, np.int64), present), present.copy()
        lookup = np.array([allowed.index(u) if u in allowed else -1 for u in uniques] + [-1])
        values = lookup[codes]
        wrong = present & (values < 0)
        return Col("enum", np.where(values < 0, len(allowed), values), present), wrong
    if pa.types.is_date32(arr.type):  # a date
        days = arr.fill_null(0).to_numpy(zero_copy_only=False).astype("datetime64[D]")
        values = days.astype(np.int64)
        return Col("date", values, present), present & ((values < _FIRST) | (values > _LAST))
    return Col("date", np.zeros(n, np.int64), present), present.copy()


class ChunkFacts:
    """The fact columns of one chunk, each converted once for all the groups that read it.

    ``inject`` names the rows whose limitation start fact (Art. 36) is the violation date given
    as a column (``_engine._with_act_date``): fact name → (rows, violation days).
    """

    def __init__(self, batch: Any, inject: dict[str, Any] | None = None) -> None:
        self.batch = batch
        self.n = batch.num_rows
        self.names = set(batch.schema.names)
        self.inject = inject or {}
        self._cols: dict[Any, tuple[Col, Any]] = {}
        self._valid: dict[str, Any] = {}

    def column(self, name: str, spec: Any) -> tuple[Col, Any]:
        key = (name, spec.type, tuple(spec.values or ()))
        got = self._cols.get(key)
        if got is None:
            n = self.n
            arr = self.batch.column(name) if name in self.names else pa.nulls(n)
            col, wrong = _convert(arr, spec, n)
            if name in self.inject and col.kind == "date":
                rows, days = self.inject[name]
                col.values = np.where(rows, days, col.values)
                col.present = col.present | rows
            got = self._cols[key] = (col, wrong)
        return got

    def valid(self, name: str) -> Any:
        got = self._valid.get(name)
        if got is None:
            got = self._valid[name] = np.asarray(self.batch.column(name).is_valid(), bool)
        return got

    def rows(self, group: Group, sel: Any, idx: Any, reserved: tuple[str, ...]) -> Rows:
        """The rows ``sel`` of the chunk, of items ``idx`` of ``group``, as columns."""
        declared = group.rep.item.fields
        bad = np.zeros(len(sel), bool)
        for name in self.names:
            if name not in reserved and name not in declared:
                bad |= self.valid(name)[sel]  # a fact the item does not declare
        cols: dict[str, Col] = {}
        m = len(sel)
        for name, f in declared.items():
            if name not in self.names and name not in self.inject:
                # Not a column of the chunk: not given in any row (defaults come next).
                kind = f.spec.type
                tag = "num" if kind in _NUMERIC else kind
                zeros = np.zeros(m, bool if kind == "bool" else np.int64)
                cols[name] = Col(tag, zeros, np.zeros(m, bool))
                continue
            col, wrong = self.column(name, f.spec)
            cols[name] = Col(col.kind, col.values[sel], col.present[sel], col.scale)
            bad |= wrong[sel]
        return Rows(group, idx, cols, bad)


def fill_defaults(rows: Rows) -> None:
    """Defaults where a fact is not given; a missing required fact, a bad bound: a bad row."""
    g = rows.group
    idx = rows.idx
    for name, f in g.rep.item.fields.items():
        col = rows.cols[name]
        spec = f.spec
        given = col.present.copy()
        missing = ~given
        has_default = f.default is not _UNSET
        if not has_default and spec.default is not None:
            rows.bad |= missing  # the rule file's default does not convert: the scalar path says so
        elif not has_default and spec.required:
            rows.bad |= missing
        if col.kind == "num":

            def bound(p: ItemPlan, which: str, name: str = name) -> int:
                s = p.item.fields[name].spec
                value = s.min if which == "min" else s.max
                if value is None and which == "min" and s.type in _NON_NEGATIVE:
                    value = Decimal(0)
                if value is None:
                    return -_BIG if which == "min" else _BIG
                return _limit(Decimal(value).scaleb(col.scale), "<" if which == "min" else ">")

            lo = g.per_item(("min", name, col.scale), lambda p: bound(p, "min"))[idx]
            hi = g.per_item(("max", name, col.scale), lambda p: bound(p, "max"))[idx]
            rows.bad |= given & ((col.values < lo) | (col.values > hi))
        if has_default and missing.any():

            def default(p: ItemPlan, name: str = name, col: Col = col) -> Any:
                d = p.item.fields[name].default
                if col.kind == "num":
                    scaled = Decimal(d).scaleb(col.scale)
                    return int(scaled) if scaled == scaled.to_integral_value() else _BIG + 1
                if col.kind == "enum":
                    return list(p.item.fields[name].spec.values or ()).index(d)
                if col.kind == "date":
                    return d.toordinal() - _EPOCH
                return int(bool(d))

            values = g.per_item(("default", name, col.scale), default)[idx]
            if col.kind == "num":
                rows.bad |= missing & (values == _BIG + 1)
            if col.kind == "bool":
                col.values = np.where(missing, values.astype(bool), col.values)
            else:
                col.values = np.where(missing, values, col.values)
            col.present = np.ones(rows.n, dtype=bool)


# -- the stages --------------------------------------------------------------------------------


def _digits(value: int) -> int:
    return len(str(abs(value)))


def _point_parts(d: Decimal) -> tuple[int, int]:
    sign, digits, exp = d.as_tuple()
    n = int("".join(map(str, digits)) or "0") * (-1 if sign else 1)
    assert isinstance(exp, int)
    return (n * 10**exp, 0) if exp >= 0 else (n, -exp)


def _limitation(rows: Rows) -> Any:
    """Art. 36 as arrays: where the period ran out before discovery (``_scalar._limitation``).

    The period is counted from the end of a continuing act when its end is given (Art. 36 ¶2),
    else from the act; its length is that of the first period whose condition holds (五年 where
    life, health or safety is involved with harmful consequences, else 二年: ¶1), else the last.
    Without both a start and a discovery date nothing is checked, as on the scalar path.
    """
    lim = rows.group.rep.item.limitation
    assert lim is not None
    n = rows.n
    start_col = rows.cols[lim.start]
    start, has_start = start_col.values, start_col.present
    if lim.end:
        end_col = rows.cols[lim.end]
        start = np.where(end_col.present, end_col.values, start)
        has_start = has_start | end_col.present
    found = rows.cols[lim.discovered]
    # The years are part of the plan's signature: the same for every item of the group.
    periods = lim.periods
    years = np.full(n, periods[-1][0], np.int64)
    open_ = np.ones(n, bool)
    for k, cond in enumerate(rows.group.rep.limitation):
        holds = open_.copy() if cond is None else rows.cond(("lim", k), cond.tree, open_)
        years = np.where(holds, periods[k][0], years)
        open_ &= ~holds
    deadline = add_years(start, years)
    return has_start & found.present & (found.values > deadline)


def add_years(days: Any, years: Any) -> Any:
    """Days since 1970 moved by whole years to the same calendar day (29 February → 28),
    as ``_stage_gate._add_years`` does for one date."""
    d = np.asarray(days, np.int64).astype("datetime64[D]")
    month_start = d.astype("datetime64[M]")
    year = d.astype("datetime64[Y]")
    month = (month_start - year.astype("datetime64[M]")).astype(np.int64)
    day = (d - month_start.astype("datetime64[D]")).astype(np.int64)
    target = (year.astype(np.int64) + years).astype("datetime64[Y]").astype("datetime64[M]")
    target = target + month
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(
        np.int64
    )
    out = target.astype("datetime64[D]") + np.minimum(day, length - 1)
    return out.astype(np.int64)


def decide(rows: Rows) -> dict[str, Any]:
    """Decide every row of the group; rows found bad are marked in ``rows.bad``."""
    g = rows.group
    rep = g.rep
    item = rep.item
    n, idx = rows.n, rows.idx
    # -- gate
    held_grounds = [rows.cond(("g", i), c.tree) for i, c in enumerate(rep.grounds)]
    effects = [gr.effect for gr in item.grounds]
    barred = np.zeros(n, dtype=bool)
    for mask, effect in zip(held_grounds, effects, strict=True):
        if effect == "no_penalty":
            barred |= mask
    expired = _limitation(rows) if item.limitation is not None else np.zeros(n, bool)
    barred |= expired
    live = ~barred
    # -- level
    level_masks = np.stack([rows.cond(("lv", i), c.tree) for i, c in enumerate(rep.levels)])
    count = level_masks.sum(axis=0)
    rows.bad |= live & (count != 1)
    level = np.argmax(level_masks, axis=0)
    # -- circumstances
    circ_masks = [rows.cond(("c", i), c.tree) & live for i, c in enumerate(rep.circumstances)]
    mitigating = np.zeros(n, np.int64)
    aggravating = np.zeros(n, np.int64)
    reduce = np.array([lv.reduce for lv in item.levels], dtype=bool)[level]
    for circ, mask in zip(item.circumstances, circ_masks, strict=True):
        if circ.kind == "aggravate":
            aggravating += mask
        elif circ.kind in ("mitigate", "mitigate_or_reduce"):
            mitigating += mask
        else:
            reduce = reduce | mask
    if item.adjustment.combine == "mitigation_prevails":
        net = np.where(mitigating > 0, -1, np.where(aggravating > 0, 1, 0))
    else:
        net = aggravating - mitigating
    way = np.where(reduce, 0, np.where(net < 0, 1, np.where(net > 0, 3, 2)))
    # -- penalties
    pens = []
    for j, (clause, cplan) in enumerate(zip(item.clauses, rep.clauses, strict=True)):
        applies = live.copy()
        if clause.levels is not None:
            at = np.array([lv.id in clause.levels for lv in item.levels], dtype=bool)
            applies &= at[level]
        if cplan.when is not None:
            applies &= rows.cond(("cw", j), cplan.when.tree)
        chosen_at = np.array(
            [clause.mode in MANDATORY or clause.id in lv.impose for lv in item.levels], bool
        )
        imposed = applies & chosen_at[level]
        pen: dict[str, Any] = {"imposed": imposed, "clause": clause}
        if clause.amount is not None:
            pen.update(_measure(rows, j, applies, level, way, reduce))
            if "max" in pen:
                # 减轻 down to nothing (a maximum of 0) is no fine at all, never "a fine of 0":
                # the clause is not imposed (decide/_stage_measure.py, APL Art. 32).
                to_none = np.asarray(pen["reduced"], bool) & np.asarray(pen["max"] == 0, bool)
                pen["imposed"] = imposed & ~to_none
        pens.append(pen)
    # -- procedure
    if "party_type" not in rows.cols or rows.cols["party_type"].kind != "enum":
        rows.bad |= live
        party = np.zeros(n, np.int64)
    else:
        party = rows.cols["party_type"].values
        rows.bad |= live & ~rows.cols["party_type"].present
    fine_max = np.zeros(n, np.int64)
    fine_has_max = np.zeros(n, bool)
    fine_mult = np.ones(n, np.int64)
    has_fine = np.zeros(n, bool)
    only_wf = np.ones(n, bool)
    heavy = np.zeros(n, bool)
    has_pen = np.zeros(n, bool)
    reduced = np.zeros(n, bool)
    for pen in pens:
        clause, imposed = pen["clause"], pen["imposed"]
        has_pen |= imposed
        if clause.kind not in ("warning", "fine"):
            only_wf &= ~imposed
        if clause.kind in HEARING_KINDS:
            heavy |= imposed
        if "max" in pen:
            reduced |= imposed & pen["reduced"]
        if clause.kind == "fine":
            first = imposed & ~has_fine
            if "max" in pen:
                fine_max = np.where(first, pen["max"], fine_max)
                fine_has_max |= first
                fine_mult = np.where(first, pen["mult"], fine_mult)
            has_fine |= imposed
    values = (
        list(item.fields["party_type"].spec.values or ()) if "party_type" in item.fields else []
    )

    def thresholds(which: str, mult: int, op: str) -> Any:
        def table(p: ItemPlan) -> Any:
            proc = p.item.procedure
            assert proc is not None  # plan_item refuses an item without one
            tbl = (proc.summary_fine_max if which == "s" else proc.hearing_fine_min) or {}
            # _BIG + 2: no threshold for the party (the row is bad); _BIG + 1: the threshold is
            # 由制定机关设定 (unset), which decides nothing — no fine reaches it, as in the reference.
            return np.array(
                [
                    (_BIG + 1 if tbl[v] == UNSET else _limit(Decimal(tbl[v]) * mult, op))
                    if v in tbl
                    else _BIG + 2
                    for v in [*values, ""]
                ],
                dtype=np.int64,
            )

        tbl = g.per_item(("thr", which, mult, op), table, dtype=object)
        tbl = np.stack(list(tbl))
        return tbl[idx, party]

    s100, s1 = thresholds("s", 100, "<="), thresholds("s", 1, "<=")
    h100, h1 = thresholds("h", 100, ">="), thresholds("h", 1, ">=")
    rows.bad |= live & ((s100 == _BIG + 2) | (h100 == _BIG + 2))
    s_thr = np.where(fine_mult == 100, s100, s1)
    h_thr = np.where(fine_mult == 100, h100, h1)
    summary = live & has_pen & only_wf & (~has_fine | (fine_has_max & (fine_max <= s_thr)))
    hearing = live & (heavy | (has_fine & fine_has_max & (fine_max >= h_thr)))
    review = np.zeros(n, bool)
    for i, c in enumerate(rep.review):
        # Art. 58 ¶1 (二) needs a hearing held, not the right to one: a hearing right alone is
        # stated as conditional in the note and sets no flag (decide/_stage_procedure.py).
        if c is not None:
            review |= rows.cond(("rv", i), c.tree)
    review &= live
    waivable = np.zeros(n, bool)
    for mask, effect in zip(held_grounds, effects, strict=True):
        if effect != "no_penalty":
            waivable |= mask
    outcome = np.where(~has_pen, 1, np.where(waivable, 2, 0))
    return {
        "barred": barred,
        "limitation": expired,
        "level": level,
        "grounds": held_grounds,
        "effects": effects,
        "circumstances": circ_masks,
        "pens": pens,
        "summary": summary,
        "hearing": hearing,
        "review": review,
        "reduced": reduced & live,
        "outcome": np.where(barred, 1, outcome),
    }


def _measure(rows: Rows, j: int, applies: Any, level: Any, way: Any, reduce: Any) -> dict[str, Any]:
    g = rows.group
    rep = g.rep
    idx, n = rows.idx, rows.n
    cplan = rep.clauses[j]
    reach: dict[tuple[int, ...], Any] = {(): applies}
    switch_masks: dict[tuple[int, ...], Any] = {}
    for entry in cplan.conds:
        if entry[0] == "switch":
            switch_masks[entry[1]] = rows.cond(("sw", j, entry[1]), entry[2].tree)
    parents = sorted({p[:-1] for p in switch_masks}, key=len)
    for parent in parents:
        kids = [p for p in switch_masks if p[:-1] == parent]
        count = sum(switch_masks[k].astype(np.int64) for k in kids)
        rows.bad |= reach[parent] & (count != 1)
        for k in kids:
            reach[k] = reach[parent] & switch_masks[k] & (count == 1)
    out_min = np.zeros(n, np.int64)
    out_max = np.zeros(n, np.int64)
    out_smin = np.zeros(n, np.int64)
    out_smax = np.zeros(n, np.int64)
    out_mult = np.ones(n, np.int64)
    out_unit = np.zeros(n, np.int64)  # 0: the leaf's unit, 1: its fallback's
    leaf_no = np.zeros(n, np.int64)
    leaves = [e for e in cplan.conds if e[0] == "leaf"]
    for li, (_tag, path, leaf) in enumerate(leaves):
        here = reach[path]
        if not here.any():
            continue
        fb = np.zeros(n, bool)
        factor = np.ones(n, np.int64)
        fscale = 0
        if leaf.base is not None:
            col = rows.cols[leaf.base]
            if leaf.shape == "multiple":
                if leaf.below is not None:
                    t = g.per_item(
                        ("below", j, li, col.scale),
                        lambda p, li=li: _limit(
                            _leaf(p, j, li).below.scaleb(col.scale),  # type: ignore[union-attr]
                            "<",
                        ),
                    )[idx]
                    fb = ~col.present | (col.values < t)
                else:
                    fb = ~col.present | (col.values == 0)
                if leaf.fallback_unit is None:
                    rows.bad |= here & fb
            else:
                rows.bad |= here & ~col.present
            factor = np.where(fb, 1, col.values)
            fscale = col.scale + (2 if leaf.shape == "percent" else 0)
        mult0 = 100 if leaf.unit == "元" else 1
        mult1 = 100 if leaf.fallback_unit == "元" else 1
        mult = np.where(fb, mult1, mult0)
        fsc = np.where(fb, 0, fscale)
        nlevels = len(rep.item.levels)
        combo = (fb.astype(np.int64) * nlevels + level) * 4 + way

        def table(p: ItemPlan, li: int = li) -> Any:
            lf = _leaf(p, j, li)
            lo_n: list[int] = []
            lo_e: list[int] = []
            hi_n: list[int] = []
            hi_e: list[int] = []
            s: list[Any] = []
            for f in (0, 1):
                for lvl in range(nlevels):
                    for w in ADJ_KEYS:
                        pt = lf.points.get((f, lvl, w))
                        sc = lf.scale.get(f)
                        a, b = pt if pt else (Decimal(0), Decimal(0))
                        c, d = sc if sc else (Decimal(0), Decimal(0))
                        for value, nums, exps in ((a, lo_n, lo_e), (b, hi_n, hi_e)):
                            num, e = _point_parts(value)
                            nums.append(num)
                            exps.append(e)
                        s.append((_point_parts(c), _point_parts(d)))
            return lo_n, lo_e, hi_n, hi_e, s

        key = ("tables", j, li)
        tabs = g.cache.get(key)
        if tabs is None:
            tables = g.per_item(("points", j, li), table, dtype=object)
            obj = [np.array([list(t[k]) for t in tables], dtype=object) for k in range(4)]
            for side in (0, 1):
                obj.append(np.array([[x[side][0] for x in t[4]] for t in tables], dtype=object))
                obj.append(np.array([[x[side][1] for x in t[4]] for t in tables], dtype=object))
            fits = all(abs(v) < _BIG for arr in obj for v in arr.ravel().tolist())
            ints = [arr.astype(np.int64) for arr in obj] if fits else None
            big = max((abs(v) for arr in obj[0::2] for v in arr.ravel().tolist()), default=0)
            tabs = g.cache[key] = (obj, ints, big)
        obj, ints, big = tabs
        parts = [obj[0], obj[1], obj[2], obj[3]]
        slo, sloe, shi, shie = obj[4], obj[5], obj[6], obj[7]
        sel = here
        ri, rc = idx[sel], combo[sel]
        fs = fsc[sel]
        xi = factor[sel]
        mi = mult[sel]
        xmax = int(np.abs(xi).max()) if len(xi) else 0
        exps = (
            max(int(ints[1].max()), int(ints[3].max()), int(ints[5].max()), int(ints[7].max()))
            if ints
            else 99
        )
        fast = (
            ints is not None
            and big * max(xmax, 1) * 100 < _BIG
            and exps + int(fs.max(initial=0)) <= 18
        )
        xf = xi if fast else xi.astype(object)
        m = mi if fast else mi.astype(object)

        def amount(k: int, ceil: bool) -> Any:
            if fast:
                assert ints is not None
                pn, pe = ints[k][ri, rc], ints[k + 1][ri, rc]
                num = pn * xf * m
                den = _POW10[pe + fs]
                q = -((-num) // den) if ceil else num // den
                return q, np.zeros(len(q), bool)
            pn = obj[k][ri, rc]
            pe = obj[k + 1][ri, rc].astype(np.int64)
            digits = np.array([_digits(v) for v in pn.tolist()], dtype=np.int64) if len(pn) else pe
            fdig = np.array([_digits(v) for v in xf.tolist()], dtype=np.int64) if len(xf) else pe
            too_long = (digits + fdig) > 28
            num = pn * xf * m
            den = np.array([10 ** int(e) for e in (pe + fs).tolist()], dtype=object)
            q = -((-num) // den) if ceil else num // den
            return q, too_long

        del parts, slo, sloe, shi, shie
        lo, t1 = amount(0, True)
        hi, t2 = amount(2, False)
        st_lo, t3 = amount(4, True)
        st_hi, t4 = amount(6, False)
        hi = np.minimum(hi, st_hi)
        red = reduce[sel]
        lo = np.where(red, lo, np.maximum(lo, st_lo))
        lo = np.minimum(lo, hi)
        overflow = np.zeros(len(lo), bool)
        if not fast:
            for arr in (lo, hi, st_lo, st_hi):
                overflow |= np.array([abs(v) >= _BIG for v in arr.tolist()], dtype=bool)
        too = t1 | t2 | t3 | t4 | overflow
        bad_rows = np.zeros(n, bool)
        bad_rows[sel] = too
        rows.bad |= bad_rows

        def safe(a: Any) -> Any:
            return np.where(too, 0, a).astype(np.int64)

        out_min[sel], out_max[sel] = safe(lo), safe(hi)
        out_smin[sel], out_smax[sel] = safe(st_lo), safe(st_hi)
        out_mult[sel] = mult[sel]
        out_unit[sel] = fb[sel]
        leaf_no[sel] = li
    units = []
    for _tag, _path, leaf in leaves:
        units.append("分" if leaf.unit == "元" else leaf.unit)
        units.append("分" if leaf.fallback_unit == "元" else (leaf.fallback_unit or leaf.unit))
    return {
        "min": out_min,
        "max": out_max,
        "smin": out_smin,
        "smax": out_smax,
        "mult": out_mult,
        "unit": leaf_no * 2 + out_unit,
        "units": units,
        "reduced": reduce.copy(),
    }


def _leaf(plan: ItemPlan, j: int, li: int) -> Leaf:
    leaves = [e for e in plan.clauses[j].conds if e[0] == "leaf"]
    leaf = leaves[li][2]
    assert isinstance(leaf, Leaf)
    return leaf
