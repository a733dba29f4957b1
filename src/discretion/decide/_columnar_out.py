"""The result columns of one chunk (schema: docs/guide/batch.md), filled group by group.

Every column is allocated once for the whole chunk and each group of rows decided as arrays
(``_columnar.decide``) writes its rows by index; the list columns (penalties, grounds,
circumstances) keep each group's flattened entries and are laid out once, when the chunk's
table is built. Money stays in integers of its smallest unit (the fen for yuan), never floats.
Strings are codes into one pool per chunk, decoded by Arrow at the end.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from ._columnar import Rows

_OUTCOMES = ("penalty", "no_penalty", "may_waive")


class Output:
    """The decided rows of one chunk of ``n`` rows, as preallocated columns."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.done = np.zeros(n, bool)
        self.outcome = np.zeros(n, np.int32)
        self.version = np.zeros(n, np.int32)
        self.level = np.zeros(n, np.int32)
        self.level_valid = np.zeros(n, bool)
        self.fine_min = np.zeros(n, np.int64)
        self.fine_max = np.zeros(n, np.int64)
        self.fine_valid = np.zeros(n, bool)
        self.flags = {
            name: np.zeros(n, bool)
            for name in ("summary_procedure", "hearing", "legality_review", "reduced")
        }
        self.pool: dict[str, int] = {}
        self.penalties: list[tuple[Any, Any, dict[str, Any]]] = []
        self.grounds: list[tuple[Any, Any, Any]] = []
        self.circumstances: list[tuple[Any, Any, Any]] = []

    def codes(self, names: list[Any]) -> Any:
        """The pool codes of ``names`` (one code per name, in order)."""
        pool = self.pool
        return np.array(
            [pool.setdefault("" if v is None else str(v), len(pool)) for v in names], np.int32
        )

    def add(self, sel: Any, rows: Rows, res: dict[str, Any], keep: Any) -> None:
        """Write the rows ``sel[keep]`` of the chunk, decided as ``res``."""
        g = rows.group
        item = g.rep.item
        at = sel[keep]
        idx = rows.idx[keep]
        barred = res["barred"][keep]
        m = len(at)
        self.done[at] = True
        self.outcome[at] = res["outcome"][keep]
        self.version[at] = self.codes([p.item.standard.version for p in g.plans])[idx]
        self.level[at] = self.codes([lv.id for lv in item.levels])[res["level"][keep]]
        self.level_valid[at] = ~barred
        for name, key in (
            ("summary_procedure", "summary"),
            ("hearing", "hearing"),
            ("legality_review", "review"),
            ("reduced", "reduced"),
        ):
            self.flags[name][at] = res[key][keep]
        pens = res["pens"]
        imposed = (
            np.stack([p["imposed"][keep] for p in pens], axis=1) if pens else np.zeros((m, 0), bool)
        )
        fine_min = np.zeros(m, np.int64)
        fine_max = np.zeros(m, np.int64)
        fine_valid = np.zeros(m, bool)
        found = np.zeros(m, bool)
        for p in pens:
            clause = p["clause"]
            if clause.id != "fine" and clause.kind != "fine":
                continue
            first = p["imposed"][keep] & ~found
            if "max" in p:
                fine_min = np.where(first, p["min"][keep], fine_min)
                fine_max = np.where(first, p["max"][keep], fine_max)
                fine_valid |= first
            found |= first
        self.fine_min[at], self.fine_max[at], self.fine_valid[at] = fine_min, fine_max, fine_valid
        # -- penalties: one entry per imposed clause, row-major (rows in order, clauses in order)
        r, c = np.nonzero(imposed)
        k = len(r)
        clauses = [p["clause"] for p in pens]
        ids = self.codes([cl.id for cl in clauses])
        kinds = self.codes([cl.kind for cl in clauses])
        modes = self.codes([cl.mode for cl in clauses])
        entry: dict[str, Any] = {
            "id": ids[c] if k else np.zeros(0, np.int32),
            "kind": kinds[c] if k else np.zeros(0, np.int32),
            "mode": modes[c] if k else np.zeros(0, np.int32),
        }
        # Each clause's entries and the group rows they come from, found once.
        kept = np.flatnonzero(keep)
        where = []
        for j, p in enumerate(pens):
            on = np.flatnonzero(c == j)
            where.append((on, kept[r[on]], p))
        for name in ("min", "max", "smin", "smax"):
            vals = np.zeros(k, np.int64)
            valid = np.zeros(k, bool)
            for on, src, p in where:
                if name in p:
                    vals[on] = p[name][src]
                    valid[on] = True
            entry[name] = (vals, valid)
        unit = np.zeros(k, np.int32)
        unit_valid = np.zeros(k, bool)
        reduced = np.zeros(k, bool)
        for on, src, p in where:
            if "max" in p:
                unit[on] = self.codes(p["units"])[p["unit"][src]]
                unit_valid[on] = True
                reduced[on] = p["reduced"][src]
        entry["unit"] = (unit, unit_valid)
        entry["reduced"] = reduced
        self.penalties.append((at, imposed.sum(axis=1), entry))
        # -- grounds: the no-penalty grounds where barred (then the limitation period, Art. 36),
        # the others where not, in the item's order (as _record builds them)
        cols = [
            np.where(barred, h[keep], False)
            if e == "no_penalty"
            else np.where(barred, False, h[keep])
            for h, e in zip(res["grounds"], res["effects"], strict=True)
        ]
        cols.append(res["limitation"][keep])
        names = [gr.id for gr in item.grounds] + ["limitation"]
        self._list(self.grounds, at, np.stack(cols, axis=1), names)
        circs = [h[keep] for h in res["circumstances"]]
        cm = np.stack(circs, axis=1) if circs else np.zeros((m, 0), bool)
        self._list(self.circumstances, at, cm, [ci.id for ci in item.circumstances])

    def _list(self, parts: list[Any], at: Any, mask: Any, names: list[str]) -> None:
        _r, c = np.nonzero(mask)
        codes = self.codes(names)[c] if len(c) else np.zeros(0, np.int32)
        parts.append((at, mask.sum(axis=1), codes))

    # -- the table ------------------------------------------------------------------------------
    def _dictionary(self) -> Any:
        return pa.array(list(self.pool) or [""], pa.string())

    def _strings(self, codes: Any, valid: Any = None) -> Any:
        indices = pa.array(codes, pa.int32(), mask=None if valid is None else ~valid)
        return pa.DictionaryArray.from_arrays(indices, self._dictionary()).cast(pa.string())

    def _layout(self, parts: list[Any]) -> tuple[Any, Any]:
        """The offsets of a list column over the chunk, and where each part's entries go."""
        counts = np.zeros(self.n, np.int64)
        for at, cnt, _e in parts:
            counts[at] = cnt
        offsets = np.zeros(self.n + 1, np.int64)
        np.cumsum(counts, out=offsets[1:])
        places = []
        for at, cnt, _e in parts:
            total = int(cnt.sum())
            local = np.repeat(np.arange(len(at)), cnt)
            starts = np.cumsum(cnt) - cnt
            within = np.arange(total) - np.repeat(starts, cnt)
            places.append(offsets[at][local] + within)
        return offsets, places

    def _names_list(self, parts: list[Any]) -> Any:
        offsets, places = self._layout(parts)
        codes = np.zeros(int(offsets[-1]), np.int32)
        for (_at, _cnt, part), place in zip(parts, places, strict=True):
            codes[place] = part
        return pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), self._strings(codes))

    def _penalties(self, penalty_type: Any) -> Any:
        offsets, places = self._layout(self.penalties)
        total = int(offsets[-1])
        strings = {name: np.zeros(total, np.int32) for name in ("id", "kind", "mode", "unit")}
        unit_valid = np.zeros(total, bool)
        ints = {name: np.zeros(total, np.int64) for name in ("min", "max", "smin", "smax")}
        valid = {name: np.zeros(total, bool) for name in ints}
        reduced = np.zeros(total, bool)
        for (_at, _cnt, entry), place in zip(self.penalties, places, strict=True):
            for name in ("id", "kind", "mode"):
                strings[name][place] = entry[name]
            strings["unit"][place], unit_valid[place] = entry["unit"]
            for name in ints:
                ints[name][place], valid[name][place] = entry[name]
            reduced[place] = entry["reduced"]

        def money(name: str) -> Any:
            return pa.array(ints[name], pa.int64(), mask=~valid[name])

        struct = pa.StructArray.from_arrays(
            [
                self._strings(strings["id"]),
                self._strings(strings["kind"]),
                self._strings(strings["mode"]),
                money("min"),
                money("max"),
                self._strings(strings["unit"], unit_valid),
                money("smin"),
                money("smax"),
                pa.array(reduced),
            ],
            fields=list(penalty_type),
        )
        return pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), struct)

    def batch(self, chunk: Any, offset: int, schema: Any) -> Any:
        """The chunk's result as one record batch; rows not decided here are placeholders."""
        n = self.n
        columns: dict[str, Any] = {"row": pa.array(np.arange(offset, offset + n), pa.int64())}
        if "case_id" in schema.names:
            columns["case_id"] = chunk.column("case_id")
        columns["item"] = chunk.column("item").cast(pa.string())
        columns["ok"] = pa.array(self.done)
        outcome = np.array([self.pool.setdefault(o, len(self.pool)) for o in _OUTCOMES])
        columns["outcome"] = self._strings(outcome[self.outcome])
        columns["version"] = self._strings(self.version)
        columns["level"] = self._strings(self.level, self.level_valid)
        columns["fine_min_fen"] = pa.array(self.fine_min, mask=~self.fine_valid)
        columns["fine_max_fen"] = pa.array(self.fine_max, mask=~self.fine_valid)
        columns["penalties"] = self._penalties(schema.field("penalties").type.value_type)
        columns["grounds"] = self._names_list(self.grounds)
        columns["circumstances"] = self._names_list(self.circumstances)
        for name, values in self.flags.items():
            columns[name] = pa.array(values)
        arrays = []
        for f in schema:
            col = columns.get(f.name)
            if col is None:
                col = pa.nulls(n, f.type)
            elif isinstance(col, pa.ChunkedArray):
                col = col.combine_chunks()
            arrays.append(col if col.type == f.type else col.cast(f.type))
        return pa.RecordBatch.from_arrays(arrays, schema=schema)
