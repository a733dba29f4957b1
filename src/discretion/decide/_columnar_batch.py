"""One chunk of a batch: rows grouped by item version and plan signature, decided as columns.

The version of each row (Art. 37) is chosen with the rule set's own functions, once per distinct
(item, violation date, decision date); a row whose later version is in force at the decision (a
transition, where the lighter version must be found), an unknown item, a table column the item
does not declare, a bad value or anything the plan cannot express goes to the scalar path
(``evaluate``), row by row, and is counted in :attr:`Planner.stats`.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa

from ..compile._records import CompiledItem
from ..compile._ruleset import RuleSet
from ..errors import DiscretionError
from ._columnar import Group, Rows, decide, fact_columns, fill_defaults, output
from ._columnar_plan import Unsupported, plan_item

RESERVED = ("item", "case_id", "violation_date", "decision_date")
_EPOCH = dt.date(1970, 1, 1)


_PLANNERS: weakref.WeakKeyDictionary[RuleSet, Planner] = weakref.WeakKeyDictionary()


def planner_for(ruleset: RuleSet) -> Planner:
    """The planner of a rule set, kept while the rule set lives: items are planned once."""
    planner = _PLANNERS.get(ruleset)
    if planner is None:
        planner = _PLANNERS[ruleset] = Planner(ruleset)
    return planner


class Planner:
    """Plans and groups of one rule set, built as its items are first met in a batch."""

    def __init__(self, ruleset: RuleSet) -> None:
        # A weak reference: the planner is the value of a weak-keyed cache of its rule set.
        self._ruleset = weakref.ref(ruleset)
        self.groups: dict[Any, Group] = {}
        self.where: dict[int, tuple[Group, int] | None] = {}
        self.keep: list[CompiledItem] = []  # the items whose id() keys ``where``
        self.stats = {"columnar": 0, "scalar": 0, "unsupported_items": 0}
        self.lock = threading.Lock()  # the caches grow as chunks are decided

    @property
    def ruleset(self) -> RuleSet:
        ruleset = self._ruleset()
        assert ruleset is not None  # a batch holds its rule set while it is decided
        return ruleset

    def locate(self, item: CompiledItem) -> tuple[Group, int] | None:
        key = id(item)
        if key in self.where:
            return self.where[key]
        self.keep.append(item)
        try:
            plan = plan_item(item)
        except Unsupported:
            self.where[key] = None
            self.stats["unsupported_items"] += 1
            return None
        group = self.groups.get(plan.signature)
        if group is None:
            group = self.groups[plan.signature] = Group([plan])
            found = (group, 0)
        else:
            found = (group, group.add(plan))
        self.where[key] = found
        return found

    def _version(self, code: str, when: int, decided: int) -> CompiledItem | None:
        """The item version a row is decided under, or None: the scalar path decides it."""
        rs = self.ruleset
        try:
            if when < 0:
                if len(rs.versions(code)) > 1:
                    return None
                return rs.item(code)
            day = _EPOCH + dt.timedelta(days=when)
            old = rs.item(code, on=day)
        except DiscretionError:
            return None
        if decided >= 0 and decided > when >= 0:
            info = rs.in_force(code, _EPOCH + dt.timedelta(days=decided))
            if info is not None and info.digest != old.standard.digest:
                return None  # Art. 37 transition: the scalar path compares both versions
        return old

    def decide(self, chunk: Any, offset: int, schema: Any, scalar: Callable[..., Any]) -> Any:
        n = chunk.num_rows
        names = chunk.schema.names
        group_of = np.full(n, -1, np.int64)
        pos_of = np.zeros(n, np.int64)
        groups: list[Group] = []
        gindex: dict[int, int] = {}
        item_col = chunk.column("item")
        if pa.types.is_dictionary(item_col.type):
            item_col = item_col.dictionary_decode()
        ok_types = pa.types.is_string(item_col.type) or pa.types.is_large_string(item_col.type)
        dates = []
        for name in ("violation_date", "decision_date"):
            if name not in names or chunk.column(name).null_count == n:
                dates.append(np.full(n, -1, np.int64))
            elif pa.types.is_date32(chunk.column(name).type):
                col = chunk.column(name)
                days = col.fill_null(0).to_numpy(zero_copy_only=False).astype("datetime64[D]")
                days = days.astype(np.int64)
                dates.append(np.where(np.asarray(col.is_valid(), bool), days, -1))
            else:
                ok_types = False
                dates.append(np.full(n, -1, np.int64))
        if ok_types:
            enc = item_col.dictionary_encode()
            codes = enc.indices.fill_null(-1).to_numpy()
            uniques = enc.dictionary.to_pylist()
            when, decided = dates
            if (when < 0).all() and (decided < 0).all():
                # No dates: one version per item code, the codes themselves are the groups.
                inverse = np.where(codes < 0, len(uniques), codes)
                distinct_keys = [(c, -1, -1) for c in range(len(uniques))] + [(-1, -1, -1)]
            else:
                shift = 1 << 20
                key = ((codes.astype(np.int64) + 1) * shift + (when + 1)) * shift + (decided + 1)
                distinct, inverse = np.unique(key, return_inverse=True)
                inverse = inverse.reshape(-1)
                distinct_keys = [
                    (k // shift // shift - 1, k // shift % shift - 1, k % shift - 1)
                    for k in distinct.tolist()
                ]
            located = []
            for c, w, d in distinct_keys:
                found = None
                if c >= 0 and uniques[c] in self.ruleset:
                    code = uniques[c]
                    lim = self.ruleset.item(code).limitation
                    item = self._version(code, w, d)
                    if item is not None:
                        found = self.locate(item)
                        if found is not None and lim is not None:
                            found = (found[0], found[1], lim)  # type: ignore[assignment]
                located.append(found)
            gid = np.full(len(distinct_keys), -1, np.int64)
            pid = np.zeros(len(distinct_keys), np.int64)
            for k, found in enumerate(located):
                if found is None:
                    continue
                group = found[0]
                if id(group) not in gindex:
                    gindex[id(group)] = len(groups)
                    groups.append(group)
                gid[k] = gindex[id(group)]
                pid[k] = found[1]
            group_of, pos_of = gid[inverse], pid[inverse]
            # The limitation period (Art. 36) counts from one date: the violation date when given
            # (a date-of-act fact contradicting it is refused), else the limitation facts. Either
            # way the scalar path decides the row; without any date there is nothing to count.
            for k, found in enumerate(located):
                if found is not None and len(found) == 3:
                    lim = found[2]
                    rows_k = inverse == k
                    if distinct_keys[k][1] >= 0:
                        group_of = np.where(rows_k, -1, group_of)
                        continue
                    for fact in (lim.end, lim.start):
                        if fact and fact in names:
                            given = np.asarray(chunk.column(fact).is_valid(), bool)
                            group_of = np.where(rows_k & given, -1, group_of)
        parts = []
        numbers_out = []
        order = np.argsort(group_of, kind="stable")
        ordered = chunk.take(pa.array(order))
        bounds = np.searchsorted(group_of[order], np.arange(-1, len(groups) + 1))
        scalar_rows = [order[bounds[0] : bounds[1]]]
        penalty_type = schema.field("penalties").type.value_type
        for gi, group in enumerate(groups):
            start, end = int(bounds[gi + 1]), int(bounds[gi + 2])
            if start == end:
                continue
            sel = order[start:end]
            sub = ordered.slice(start, end - start)
            try:
                part, bad = self._group(group, sub, pos_of[sel], schema, penalty_type)
            except Exception:  # anything unforeseen: the scalar path decides the group's rows
                scalar_rows.append(sel)
                continue
            if part is not None:
                keep = ~bad
                kept = pa.array(keep)
                numbers = offset + sel[keep]
                columns = {"row": pa.array(numbers, pa.int64())}
                if "case_id" in names:
                    columns["case_id"] = sub.column("case_id").filter(kept)
                columns["item"] = sub.column("item").filter(kept).cast(pa.string())
                columns.update(part)
                m = int(keep.sum())
                for name in schema.names:
                    if name not in columns:
                        columns[name] = pa.nulls(m, schema.field(name).type)
                parts.append(
                    pa.RecordBatch.from_arrays(
                        [columns[f.name].cast(f.type) for f in schema], schema=schema
                    )
                )
                numbers_out.append(numbers)
                self.stats["columnar"] += m
            scalar_rows.append(sel[bad])
        rest = np.sort(np.concatenate(scalar_rows)).astype(np.int64)
        if len(rest):
            self.stats["scalar"] += len(rest)
            parts.append(scalar(self.ruleset, chunk.take(pa.array(rest)), offset + rest, schema))
            numbers_out.append(offset + rest)
        if len(parts) == 1:
            return parts[0]
        table = pa.Table.from_batches(parts, schema=schema)
        where = np.empty(n, np.int64)
        where[np.concatenate(numbers_out) - offset] = np.arange(n)
        table = table.take(pa.array(where)).combine_chunks()
        batches = table.to_batches()
        return batches[0] if batches else pa.RecordBatch.from_pylist([], schema=schema)

    def _group(self, group: Group, sub: Any, idx: Any, schema: Any, penalty_type: Any) -> Any:
        n = sub.num_rows
        bad = np.zeros(n, bool)
        declared = group.rep.item.fields
        for name in sub.schema.names:
            if name not in RESERVED and name not in declared:
                bad |= np.asarray(sub.column(name).is_valid(), bool)
        cols = fact_columns(group, sub, bad)
        rows = Rows(group, idx, cols, bad)
        fill_defaults(rows)
        res = decide(rows)
        keep = ~rows.bad
        if not keep.any():
            return None, rows.bad
        return output(rows, res, keep, penalty_type), rows.bad
