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
from ._columnar import ChunkFacts, Group, decide, fill_defaults
from ._columnar_out import Output
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
        self._bounds: Any = None

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

    def _buckets(self) -> Any:
        """The days on which some standard's version starts or ends: between two of them, every
        item's version in force (Art. 37) is the same, so a row's date counts by its bucket."""
        if self._bounds is None:
            days: set[int] = set()
            for info in self.ruleset.standards:
                if info.effective_from is not None:
                    days.add((info.effective_from - _EPOCH).days)
                if info.effective_to is not None:
                    days.add((info.effective_to - _EPOCH).days + 1)
            self._bounds = np.array(sorted(days), dtype=np.int64)
        return self._bounds

    def route(self, chunk: Any) -> tuple[Any, Any, list[Group], dict[str, Any]]:
        """(group of each row or -1 for the scalar path, its position in the group, the groups,
        and the rows whose Art. 36 start date is the violation date, per fact name)."""
        n = chunk.num_rows
        names = chunk.schema.names
        none = np.full(n, -1, np.int64)
        item_col = chunk.column("item")
        if pa.types.is_dictionary(item_col.type):
            item_col = item_col.dictionary_decode()
        if not (pa.types.is_string(item_col.type) or pa.types.is_large_string(item_col.type)):
            return none, np.zeros(n, np.int64), [], {}
        dates = []
        for name in ("violation_date", "decision_date"):
            days = _days(chunk, name, n)
            if days is None:
                return none, np.zeros(n, np.int64), [], {}
            dates.append(days)
        violation, decided = dates
        enc = item_col.dictionary_encode()
        if isinstance(enc, pa.ChunkedArray):
            enc = enc.combine_chunks()
        codes = enc.indices.fill_null(-1).to_numpy().astype(np.int64)
        uniques = enc.dictionary.to_pylist()
        rs = self.ruleset
        known = [u in rs for u in uniques]
        lims = [rs.item(u).limitation if k else None for u, k in zip(uniques, known, strict=True)]
        # The date of the act (Art. 36, 37): the violation date when given, else the date facts
        # of the limitation period (its end for a continuing act, Art. 36 ¶2), as evaluate reads
        # them (_engine._date_from_facts); a date fact contradicting the violation date, or one
        # not given as a date, is the scalar path's to refuse or convert.
        when = violation.copy()
        scalar = np.zeros(n, bool)
        inject: dict[str, Any] = {}
        pairs: dict[tuple[str, str | None, bool], list[int]] = {}
        for c, lim in enumerate(lims):
            if lim is not None:
                declared = lim.start in rs.item(uniques[c]).fields
                pairs.setdefault((lim.start, lim.end, declared), []).append(c)
        for (start, end, declared), members in pairs.items():
            lut = np.zeros(len(uniques) + 1, bool)
            lut[members] = True
            rows = lut[codes]
            stated = np.full(n, -1, np.int64)
            for fact in (start, end):  # the end overrides the start
                if fact is None or fact not in names:
                    continue
                days = _days(chunk, fact, n)
                if days is None:  # text or another type: evaluate converts it or says why not
                    scalar |= rows & np.asarray(chunk.column(fact).is_valid(), bool)
                    continue
                stated = np.where(days >= 0, days, stated)
            scalar |= rows & (violation >= 0) & (stated >= 0) & (stated != violation)
            when = np.where(rows & (violation < 0), stated, when)
            injected = rows & (violation >= 0) & (stated < 0)
            if declared and injected.any():
                inject[start] = inject.get(start, np.zeros(n, bool)) | injected
        bounds = self._buckets()
        nb = len(bounds) + 2
        later = (decided >= 0) & (when >= 0) & (decided > when)
        bw = np.where(when >= 0, np.searchsorted(bounds, when, side="right"), -1) + 1
        bd = np.where(later, np.searchsorted(bounds, decided, side="right"), -1) + 1
        key = (((codes + 1) * nb + bw) * nb + bd) * 2 + later
        span = (len(uniques) + 1) * nb * nb * 2
        if span <= 4 * n + 1024:  # a dense table: one pass, no sort
            seen = np.zeros(span, bool)
            seen[key] = True
            distinct = np.flatnonzero(seen)
            lut_k = np.zeros(span, np.int64)
            lut_k[distinct] = np.arange(len(distinct))
            inverse = lut_k[key]
        else:
            distinct, inverse = np.unique(key, return_inverse=True)
            inverse = inverse.reshape(-1)
        first = np.zeros(len(distinct), np.int64)
        first[inverse] = np.arange(n)  # any row of each key: they all have the same version
        gid = np.full(len(distinct), -1, np.int64)
        pid = np.zeros(len(distinct), np.int64)
        groups: list[Group] = []
        gindex: dict[int, int] = {}
        for k in range(len(distinct)):
            r = int(first[k])
            c = int(codes[r])
            if c < 0 or not known[c]:
                continue
            item = self._version(uniques[c], int(when[r]), int(decided[r]))
            found = None if item is None else self.locate(item)
            if found is None:
                continue
            group = found[0]
            if id(group) not in gindex:
                gindex[id(group)] = len(groups)
                groups.append(group)
            gid[k] = gindex[id(group)]
            pid[k] = found[1]
        group_of, pos_of = gid[inverse], pid[inverse]
        group_of[scalar] = -1
        for fact, rows in inject.items():
            # The violation date enters as the start fact (_engine._with_act_date); a group
            # whose items do not declare that fact leaves those rows to the scalar path.
            for gi, group in enumerate(groups):
                if fact not in group.rep.item.fields:
                    group_of[rows & (group_of == gi)] = -1
        return group_of, pos_of, groups, {k: (v, violation) for k, v in inject.items()}

    def decide(self, chunk: Any, offset: int, schema: Any, scalar: Callable[..., Any]) -> Any:
        """The result batch of one chunk: its rows grouped once (a stable argsort of the group
        of each row), each group decided as arrays into the chunk's preallocated columns, and
        the rows the plan cannot decide passed to ``scalar`` (``_batch._decide_chunk``)."""
        n = chunk.num_rows
        group_of, pos_of, groups, inject = self.route(chunk)
        facts = ChunkFacts(chunk, inject)
        out = Output(n)
        order = np.argsort(group_of, kind="stable")
        bounds = np.searchsorted(group_of[order], np.arange(-1, len(groups) + 1))
        scalar_rows = [order[bounds[0] : bounds[1]]]
        for gi, group in enumerate(groups):
            start, end = int(bounds[gi + 1]), int(bounds[gi + 2])
            if start == end:
                continue
            sel = order[start:end]
            try:
                rows = facts.rows(group, sel, pos_of[sel], RESERVED)
                fill_defaults(rows)
                res = decide(rows)
                keep = ~rows.bad
                if keep.any():
                    out.add(sel, rows, res, keep)
            except Exception:  # anything unforeseen: the scalar path decides the group's rows
                out.done[sel] = False
                scalar_rows.append(sel)
                continue
            scalar_rows.append(sel[~keep])
        decided = int(out.done.sum())
        self.stats["columnar"] += decided
        batch = out.batch(chunk, offset, schema)
        if decided == n:
            return batch
        rest = np.sort(np.concatenate(scalar_rows)).astype(np.int64)
        self.stats["scalar"] += len(rest)
        fallback = scalar(self.ruleset, chunk.take(pa.array(rest)), offset + rest, schema)
        if decided == 0:
            return fallback
        done = np.flatnonzero(out.done)
        table = pa.Table.from_batches([batch.filter(pa.array(out.done)), fallback], schema=schema)
        where = np.empty(n, np.int64)
        where[np.concatenate([done, rest])] = np.arange(n)
        merged = table.take(pa.array(where)).combine_chunks().to_batches()
        return merged[0] if merged else pa.RecordBatch.from_pylist([], schema=schema)


def _days(chunk: Any, name: str, n: int) -> Any:
    """A date column as days since 1970 (-1 where not given); None when it is not of dates."""
    if name not in chunk.schema.names:
        return np.full(n, -1, np.int64)
    col = chunk.column(name)
    if col.null_count == n:
        return np.full(n, -1, np.int64)
    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks()
    if not pa.types.is_date32(col.type):
        return None
    days = col.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
    return np.where(np.asarray(col.is_valid(), bool), days, -1)
