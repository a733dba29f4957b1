"""Across decisions: like-case groups (同案同罚) and per unit and officer statistics.

Like cases are grouped by the structural decision — item, version, level, the circumstances that
held and the grounds — never by amounts, so two cases in one group are the same legal situation.
Inside a group the fine decided is placed in the recommended range as a position from 0 % (the
bottom) to 100 % (the top); the spread of positions is what shows like cases treated unalike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# A decision more than this many points from its group's median position is an outlier; with
# bands of 30–40 % of the statutory range (LAW.md §4), 40 points is more than a whole band.
OUTLIER_POINTS = 40.0
# Top / bottom of the range: the last or first 5 % of it.
EDGE = 5.0
# "Always at the maximum / minimum" needs at least this many decisions to be a pattern.
PATTERN_MIN = 5


# Every cross-case table is computed from a partial: a small table of counts keyed by structure
# (group key and position in tenths of a per cent; actor, level and year), never by row. A
# partial of a chunk merges with the partial of the next by adding counts (``merge``), so an
# archive streamed chunk by chunk gives the same tables as the archive whole, in memory bounded
# by the number of groups, units, officers and years, not by the number of decisions.

GROUP_KEYS = ["group_key", "item", "version", "level", "tenths"]


def group_partial(decisions: pa.Table) -> pa.Table:
    """Cases per (group key, position in tenths of a per cent)."""
    t = decisions.select(["group_key", "item", "version", "level", "position"])
    t = t.filter(pc.and_(pc.is_valid(t.column("group_key")), pc.is_valid(t.column("position"))))
    tenths = pc.cast(pc.round(pc.multiply(t.column("position"), 10.0)), pa.int64())
    t = t.drop_columns(["position"]).append_column("tenths", tenths)
    t = t.append_column("cases", pa.array(np.ones(t.num_rows, np.int64)))
    return (
        t.group_by(GROUP_KEYS, use_threads=False)
        .aggregate([("cases", "sum")])
        .rename_columns([*GROUP_KEYS, "cases"])
    )


def merge(parts: list[pa.Table], keys: list[str]) -> pa.Table:
    """Partials added up: the counts of equal keys summed."""
    t = pa.concat_tables(parts)
    sums = [c for c in t.column_names if c not in keys]
    return (
        t.group_by(keys, use_threads=False)
        .aggregate([(c, "sum") for c in sums])
        .rename_columns([*keys, *sums])
    )


def groups_from(partial: pa.Table) -> pa.Table:
    """The like-case groups from a group partial: cases, min, median, max, spread, outliers."""
    t = partial.take(
        pc.sort_indices(partial, [("group_key", "ascending"), ("tenths", "ascending")])
    )
    starts, ends = _bounds(t, ["group_key"])
    tenths = t.column("tenths").to_numpy()
    cases = t.column("cases").to_numpy()
    cum = np.cumsum(cases)
    before = np.concatenate([[0], cum[:-1]]) if len(cum) else cum
    total = (cum[ends - 1] - before[starts]) if len(starts) else np.zeros(0, np.int64)
    base = before[starts] if len(starts) else np.zeros(0, np.int64)
    # The k-th smallest position of a group: the first entry whose running count exceeds k.
    lo_k = base + (total - 1) // 2
    hi_k = base + total // 2
    lo_pos = tenths[np.searchsorted(cum, lo_k, side="right")] / 10
    hi_pos = tenths[np.searchsorted(cum, hi_k, side="right")] / 10
    median = (lo_pos + hi_pos) / 2
    odd = np.abs(tenths / 10 - np.repeat(median, ends - starts)) > OUTLIER_POINTS
    odd_cases = np.add.reduceat(np.where(odd, cases, 0), starts) if len(starts) else cases[:0]
    first = pa.array(starts, pa.int64())
    return pa.table(
        {
            "group_key": t.column("group_key").take(first),
            "item": t.column("item").take(first),
            "version": t.column("version").take(first),
            "level": t.column("level").take(first),
            "cases": pa.array(total, pa.int64()),
            "position_min": pa.array(tenths[starts] / 10, pa.float64()),
            "position_median": pa.array(median, pa.float64()),
            "position_max": pa.array(tenths[ends - 1] / 10, pa.float64()),
            "spread": pa.array((tenths[ends - 1] - tenths[starts]) / 10, pa.float64()),
            "outliers": pa.array(odd_cases, pa.int64()),
        },
        schema=_GROUP_SCHEMA,
    )


def outliers_in(decisions: pa.Table, groups: pa.Table) -> pa.Table:
    """The decisions (of a whole archive or a chunk of it) far from their group's median."""
    medians = groups.select(["group_key", "position_median"])
    t = decisions.select(["case_id", "group_key", "position"])
    t = t.filter(pc.and_(pc.is_valid(t.column("group_key")), pc.is_valid(t.column("position"))))
    j = t.join(medians, "group_key", join_type="inner", use_threads=False)
    far = pc.greater(
        pc.abs(pc.subtract(j.column("position"), j.column("position_median"))), OUTLIER_POINTS
    )
    j = j.filter(far)
    return pa.table(
        {
            "case_id": j.column("case_id"),
            "group_key": j.column("group_key"),
            "position": j.column("position"),
            "group_median": j.column("position_median"),
        },
        schema=_OUTLIER_SCHEMA,
    )


def sort_outliers(outliers: pa.Table) -> pa.Table:
    return outliers.take(
        pc.sort_indices(outliers, [("group_key", "ascending"), ("case_id", "ascending")])
    )


def like_case_groups(decisions: pa.Table) -> tuple[pa.Table, pa.Table]:
    """``(groups, outliers)``: one row per like-case group with the spread of positions, and the
    decisions whose position lies more than :data:`OUTLIER_POINTS` from their group's median."""
    groups = groups_from(group_partial(decisions))
    return groups, sort_outliers(outliers_in(decisions, groups))


ACTOR_KEYS = ["actor", "level_", "year"]


def actor_partial(decisions: pa.Table, by: str) -> pa.Table:
    """Per (unit or officer, level, year): cases, cases with a position, the sum of positions in
    tenths, cases at the top and the bottom of the range, departures."""
    t = decisions.select([by, "level", "position", "departure", "year"])
    t = t.filter(pc.is_valid(t.column(by)))
    pos = t.column("position")
    tenths = pc.cast(pc.round(pc.multiply(pos, 10.0)), pa.int64())

    def as_int(x: Any) -> Any:
        return pc.cast(pc.fill_null(x, False), pa.int64())

    cols = pa.table(
        {
            "actor": t.column(by),
            "level_": pc.fill_null(t.column("level"), "—"),
            "year": t.column("year"),
            "cases": pa.array(np.ones(t.num_rows, np.int64)),
            "n_pos": as_int(pc.is_valid(pos)),
            "sum_tenths": pc.fill_null(tenths, 0),
            "top": as_int(pc.greater_equal(pos, 100 - EDGE)),
            "bottom": as_int(pc.less_equal(pos, EDGE)),
            "dep": as_int(t.column("departure")),
        }
    )
    return merge([cols], ACTOR_KEYS)


def actor_statistics(decisions: pa.Table, by: str) -> pa.Table:
    """Per unit (``by="unit"``) or per officer: level mix, share at the top and the bottom of the
    range, departure rate, the always-at-the-maximum/minimum pattern, and cases per year."""
    return actor_statistics_from(actor_partial(decisions, by), by)


def year_on_year(decisions: pa.Table, by: str) -> pa.Table:
    """Per unit (or officer) and year: cases, mean position and departure rate, and the change
    of the mean position from the year before (同比)."""
    return year_on_year_from(actor_partial(decisions, by), by)


def actor_statistics_from(partial: pa.Table, by: str) -> pa.Table:
    """The per actor table from an actor partial; the loop is over units or officers."""
    sums = ["cases", "n_pos", "sum_tenths", "top", "bottom", "dep"]
    main = _by(partial, ["actor"], [(c, "sum") for c in sums])
    levels = _by(partial, ["actor", "level_"], [("cases", "sum")])
    years = _by(
        partial.filter(pc.is_valid(partial.column("year"))), ["actor", "year"], [("cases", "sum")]
    )
    level_mix = _joined(levels, "level_")
    per_year = _joined(years, "year")
    out: list[dict[str, Any]] = []
    for name, cases, n_pos, total, top, bottom, dep in zip(
        *(main.column(c).to_pylist() for c in ["actor", *(f"{c}_sum" for c in sums)]),
        strict=True,
    ):
        out.append(
            {
                by: name,
                "cases": cases,
                "level_mix": level_mix.get(name, ""),
                "share_top": _share(top, n_pos),
                "share_bottom": _share(bottom, n_pos),
                "departure_rate": _share(dep, cases),
                "always_max": n_pos >= PATTERN_MIN and top == n_pos,
                "always_min": n_pos >= PATTERN_MIN and bottom == n_pos,
                "per_year": per_year.get(name, ""),
                "mean_position": _mean(total, n_pos),
            }
        )
    schema = pa.schema([(by, pa.string()), *_ACTOR_FIELDS])
    return _table(out, schema)


def year_on_year_from(partial: pa.Table, by: str) -> pa.Table:
    """The per actor and year table from an actor partial."""
    t = partial.filter(pc.is_valid(partial.column("year")))
    main = _by(
        t,
        ["actor", "year"],
        [("cases", "sum"), ("n_pos", "sum"), ("sum_tenths", "sum"), ("dep", "sum")],
    )
    out: list[dict[str, Any]] = []
    last: dict[str, float | None] = {}
    for name, year, cases, n_pos, total, dep in zip(
        *(
            main.column(c).to_pylist()
            for c in ("actor", "year", "cases_sum", "n_pos_sum", "sum_tenths_sum", "dep_sum")
        ),
        strict=True,
    ):
        mean = _mean(total, n_pos)
        before = last.get(name)
        out.append(
            {
                by: name,
                "year": year,
                "cases": cases,
                "mean_position": mean,
                "departure_rate": _share(dep, cases),
                "change": None if mean is None or before is None else round(mean - before, 1),
            }
        )
        last[name] = mean
    schema = pa.schema(
        [
            (by, pa.string()),
            ("year", pa.int32()),
            ("cases", pa.int64()),
            ("mean_position", pa.float64()),
            ("departure_rate", pa.float64()),
            ("change", pa.float64()),
        ]
    )
    return _table(out, schema)


def _mean(total_tenths: int, n: int) -> float | None:
    """The mean position, from the exact sum of tenths (so no order of summing changes it)."""
    return round(total_tenths / (10 * n), 1) if n else None


def _bounds(sorted_table: pa.Table, keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of the runs of equal keys in a table sorted by them."""
    n = sorted_table.num_rows
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    change = np.zeros(n - 1, bool)
    for k in keys:
        col = sorted_table.column(k).combine_chunks()
        change |= np.asarray(
            pc.fill_null(pc.not_equal(col.slice(1), col.slice(0, n - 1)), True).to_numpy(
                zero_copy_only=False
            ),
            bool,
        )
    starts = np.concatenate([[0], np.flatnonzero(change) + 1]).astype(np.int64)
    ends = np.concatenate([starts[1:], [n]]).astype(np.int64)
    return starts, ends


def _by(t: pa.Table, keys: list[str], aggs: list[tuple[str, str]]) -> pa.Table:
    """``group_by`` sorted by its keys (the tables list units, officers and years in order)."""
    g = t.group_by(keys, use_threads=False).aggregate(aggs)
    return g.take(pc.sort_indices(g, [(k, "ascending") for k in keys]))


def _joined(counts: pa.Table, what: str) -> dict[str, str]:
    """``"k:v, k:v"`` per actor from a sorted ``(actor, what, cases_sum)`` table."""
    out: dict[str, list[str]] = defaultdict(list)
    for name, k, v in zip(
        *(counts.column(c).to_pylist() for c in ("actor", what, "cases_sum")), strict=True
    ):
        out[name].append(f"{k}:{v}")
    return {name: ", ".join(parts) for name, parts in out.items()}


def _share(n: int, total: int) -> float | None:
    return round(100 * n / total, 1) if total else None


def _table(rows: Sequence[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist(list(rows), schema=schema)


_GROUP_SCHEMA = pa.schema(
    [
        ("group_key", pa.string()),
        ("item", pa.string()),
        ("version", pa.string()),
        ("level", pa.string()),
        ("cases", pa.int64()),
        ("position_min", pa.float64()),
        ("position_median", pa.float64()),
        ("position_max", pa.float64()),
        ("spread", pa.float64()),
        ("outliers", pa.int64()),
    ]
)
_OUTLIER_SCHEMA = pa.schema(
    [
        ("case_id", pa.string()),
        ("group_key", pa.string()),
        ("position", pa.float64()),
        ("group_median", pa.float64()),
    ]
)
_ACTOR_FIELDS = [
    ("cases", pa.int64()),
    ("level_mix", pa.string()),
    ("share_top", pa.float64()),
    ("share_bottom", pa.float64()),
    ("departure_rate", pa.float64()),
    ("always_max", pa.bool_()),
    ("always_min", pa.bool_()),
    ("per_year", pa.string()),
    ("mean_position", pa.float64()),
]
