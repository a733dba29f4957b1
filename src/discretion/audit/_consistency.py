"""Across decisions: like-case groups (同案同罚) and per unit and officer statistics.

Like cases are grouped by the structural decision — item, version, level, the circumstances that
held and the grounds — never by amounts, so two cases in one group are the same legal situation.
Inside a group the fine decided is placed in the recommended range as a position from 0 % (the
bottom) to 100 % (the top); the spread of positions is what shows like cases treated unalike.
"""

from __future__ import annotations

import math
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


def like_case_groups(decisions: pa.Table) -> tuple[pa.Table, pa.Table]:
    """``(groups, outliers)``: one row per like-case group with the spread of positions, and the
    decisions whose position lies more than :data:`OUTLIER_POINTS` from their group's median.

    In columns: the decisions with a key and a position are sorted by (key, position), the
    group boundaries found by comparing neighbours, and min, median and max read at the
    boundaries; the only loop is over groups, to write their rows."""
    t = decisions.select(["case_id", "group_key", "item", "version", "level", "position"])
    t = t.filter(pc.and_(pc.is_valid(t.column("group_key")), pc.is_valid(t.column("position"))))
    t = t.take(pc.sort_indices(t, [("group_key", "ascending"), ("position", "ascending")]))
    starts, ends = _bounds(t, ["group_key"])
    pos = t.column("position").to_numpy()
    counts = ends - starts
    lo_mid = starts + (counts - 1) // 2
    hi_mid = starts + counts // 2
    median = (pos[lo_mid] + pos[hi_mid]) / 2 if len(starts) else np.zeros(0)
    member_median = np.repeat(median, counts)
    odd = np.abs(pos - member_median) > OUTLIER_POINTS
    odd_per_group = np.add.reduceat(odd.astype(np.int64), starts) if len(starts) else odd[:0]
    first = pa.array(starts, pa.int64())
    groups = pa.table(
        {
            "group_key": t.column("group_key").take(first),
            "item": t.column("item").take(first),
            "version": t.column("version").take(first),
            "level": t.column("level").take(first),
            "cases": pa.array(counts, pa.int64()),
            "position_min": pa.array(pos[starts], pa.float64()),
            "position_median": pa.array(median, pa.float64()),
            "position_max": pa.array(pos[ends - 1], pa.float64()),
            "spread": pa.array(pos[ends - 1] - pos[starts], pa.float64()),
            "outliers": pa.array(odd_per_group, pa.int64()),
        },
        schema=_GROUP_SCHEMA,
    )
    at = pa.array(np.flatnonzero(odd), pa.int64())
    outliers = pa.table(
        {
            "case_id": t.column("case_id").take(at),
            "group_key": t.column("group_key").take(at),
            "position": t.column("position").take(at),
            "group_median": pa.array(member_median[odd], pa.float64()),
        },
        schema=_OUTLIER_SCHEMA,
    )
    outliers = outliers.take(
        pc.sort_indices(outliers, [("group_key", "ascending"), ("case_id", "ascending")])
    )
    return groups, outliers


def actor_statistics(decisions: pa.Table, by: str) -> pa.Table:
    """Per unit (``by="unit"``) or per officer: level mix, share at the top and the bottom of the
    range, departure rate, the always-at-the-maximum/minimum pattern, and cases per year.

    The counts come from ``group_by`` over whole columns; the loop is over units or officers."""
    t = decisions.select([by, "level", "position", "departure", "year"])
    t = t.filter(pc.is_valid(t.column(by)))
    pos = t.column("position")
    valid = pc.is_valid(pos)
    t = t.append_column("level_", pc.fill_null(t.column("level"), "—"))
    t = t.append_column("has_pos", pc.cast(valid, pa.int64()))
    t = t.append_column(
        "top", pc.cast(pc.fill_null(pc.greater_equal(pos, 100 - EDGE), False), pa.int64())
    )
    t = t.append_column(
        "bottom", pc.cast(pc.fill_null(pc.less_equal(pos, EDGE), False), pa.int64())
    )
    t = t.append_column("dep", pc.cast(pc.fill_null(t.column("departure"), False), pa.int64()))
    main = _by(
        t,
        [by],
        [("has_pos", "sum"), ("top", "sum"), ("bottom", "sum"), ("dep", "sum"), ("dep", "count")],
    )
    levels = _by(t, [by, "level_"], [("dep", "count")])
    years = _by(t.filter(pc.is_valid(t.column("year"))), [by, "year"], [("dep", "count")])
    means = _fmeans(t, [by])
    level_mix = _joined(levels, by, "level_")
    per_year = _joined(years, by, "year")
    out: list[dict[str, Any]] = []
    for name, n_pos, top, bottom, dep, cases in zip(
        *(
            main.column(c).to_pylist()
            for c in (by, "has_pos_sum", "top_sum", "bottom_sum", "dep_sum", "dep_count")
        ),
        strict=True,
    ):
        mean = means.get((name,))
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
                "mean_position": None if mean is None else round(mean, 1),
            }
        )
    schema = pa.schema([(by, pa.string()), *_ACTOR_FIELDS])
    return _table(out, schema)


def year_on_year(decisions: pa.Table, by: str) -> pa.Table:
    """Per unit (or officer) and year: cases, mean position and departure rate, and the change
    of the mean position from the year before (同比)."""
    t = decisions.select([by, "year", "position", "departure"])
    t = t.filter(pc.and_(pc.is_valid(t.column(by)), pc.is_valid(t.column("year"))))
    t = t.append_column("dep", pc.cast(pc.fill_null(t.column("departure"), False), pa.int64()))
    main = _by(t, [by, "year"], [("dep", "sum"), ("dep", "count")])
    means = _fmeans(t, [by, "year"])
    out: list[dict[str, Any]] = []
    last: dict[str, float | None] = {}
    for name, year, dep, cases in zip(
        *(main.column(c).to_pylist() for c in (by, "year", "dep_sum", "dep_count")), strict=True
    ):
        m = means.get((name, year))
        mean = None if m is None else round(m, 1)
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


def _fmeans(t: pa.Table, keys: list[str]) -> dict[tuple[Any, ...], float]:
    """Per key, ``statistics.fmean`` of the positions (``math.fsum``: a correctly rounded sum,
    so the mean does not depend on the order the rows came in)."""
    v = t.filter(pc.is_valid(t.column("position")))
    v = v.take(pc.sort_indices(v, [(k, "ascending") for k in keys]))
    starts, ends = _bounds(v, keys)
    pos = v.column("position").to_numpy()
    firsts = [v.column(k).take(pa.array(starts, pa.int64())).to_pylist() for k in keys]
    return {
        key: math.fsum(pos[s:e].tolist()) / (e - s)
        for key, s, e in zip(zip(*firsts, strict=True), starts, ends, strict=True)
    }


def _joined(counts: pa.Table, by: str, what: str) -> dict[str, str]:
    """``"k:v, k:v"`` per actor from a sorted ``(actor, what, count)`` table."""
    out: dict[str, list[str]] = defaultdict(list)
    for name, k, v in zip(
        *(counts.column(c).to_pylist() for c in (by, what, "dep_count")), strict=True
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
