"""Across decisions: like-case groups (同案同罚) and per unit and officer statistics.

Like cases are grouped by the structural decision — item, version, level, the circumstances that
held and the grounds — never by amounts, so two cases in one group are the same legal situation.
Inside a group the fine decided is placed in the recommended range as a position from 0 % (the
bottom) to 100 % (the top); the spread of positions is what shows like cases treated unalike.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

# A decision more than this many points from its group's median position is an outlier; with
# bands of 30–40 % of the statutory range (LAW.md §4), 40 points is more than a whole band.
OUTLIER_POINTS = 40.0
# Top / bottom of the range: the last or first 5 % of it.
EDGE = 5.0
# "Always at the maximum / minimum" needs at least this many decisions to be a pattern.
PATTERN_MIN = 5


def like_case_groups(decisions: pa.Table) -> tuple[pa.Table, pa.Table]:
    """``(groups, outliers)``: one row per like-case group with the spread of positions, and the
    decisions whose position lies more than :data:`OUTLIER_POINTS` from their group's median."""
    rows = decisions.select(
        ["case_id", "group_key", "item", "version", "level", "position"]
    ).to_pylist()
    by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if r["group_key"] is not None and r["position"] is not None:
            by_key[r["group_key"]].append(r)
    groups: list[dict[str, Any]] = []
    outliers: list[dict[str, Any]] = []
    for key in sorted(by_key):
        members = by_key[key]
        pos = [m["position"] for m in members]
        median = statistics.median(pos)
        odd = [m for m in members if abs(m["position"] - median) > OUTLIER_POINTS]
        groups.append(
            {
                "group_key": key,
                "item": members[0]["item"],
                "version": members[0]["version"],
                "level": members[0]["level"],
                "cases": len(members),
                "position_min": min(pos),
                "position_median": median,
                "position_max": max(pos),
                "spread": max(pos) - min(pos),
                "outliers": len(odd),
            }
        )
        outliers += [
            {
                "case_id": m["case_id"],
                "group_key": key,
                "position": m["position"],
                "group_median": median,
            }
            for m in sorted(odd, key=lambda m: m["case_id"])
        ]
    return _table(groups, _GROUP_SCHEMA), _table(outliers, _OUTLIER_SCHEMA)


def actor_statistics(decisions: pa.Table, by: str) -> pa.Table:
    """Per unit (``by="unit"``) or per officer: level mix, share at the top and the bottom of the
    range, departure rate, the always-at-the-maximum/minimum pattern, and cases per year."""
    rows = decisions.select([by, "level", "position", "departure", "year"]).to_pylist()
    acc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if r[by] is not None:
            acc[r[by]].append(r)
    out: list[dict[str, Any]] = []
    for name in sorted(acc):
        rs = acc[name]
        pos = [r["position"] for r in rs if r["position"] is not None]
        levels: dict[str, int] = defaultdict(int)
        years: dict[int, int] = defaultdict(int)
        for r in rs:
            levels[r["level"] or "—"] += 1
            if r["year"] is not None:
                years[r["year"]] += 1
        top = sum(p >= 100 - EDGE for p in pos)
        bottom = sum(p <= EDGE for p in pos)
        out.append(
            {
                by: name,
                "cases": len(rs),
                "level_mix": ", ".join(f"{k}:{v}" for k, v in sorted(levels.items())),
                "share_top": _share(top, len(pos)),
                "share_bottom": _share(bottom, len(pos)),
                "departure_rate": _share(sum(bool(r["departure"]) for r in rs), len(rs)),
                "always_max": len(pos) >= PATTERN_MIN and top == len(pos),
                "always_min": len(pos) >= PATTERN_MIN and bottom == len(pos),
                "per_year": ", ".join(f"{y}:{n}" for y, n in sorted(years.items())),
                "mean_position": round(statistics.fmean(pos), 1) if pos else None,
            }
        )
    schema = pa.schema([(by, pa.string()), *_ACTOR_FIELDS])
    return _table(out, schema)


def year_on_year(decisions: pa.Table, by: str) -> pa.Table:
    """Per unit (or officer) and year: cases, mean position and departure rate, and the change
    of the mean position from the year before (同比)."""
    rows = decisions.select([by, "year", "position", "departure"]).to_pylist()
    acc: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if r[by] is not None and r["year"] is not None:
            acc[(r[by], r["year"])].append(r)
    out: list[dict[str, Any]] = []
    last: dict[str, float | None] = {}
    for name, year in sorted(acc):
        rs = acc[(name, year)]
        pos = [r["position"] for r in rs if r["position"] is not None]
        mean = round(statistics.fmean(pos), 1) if pos else None
        before = last.get(name)
        out.append(
            {
                by: name,
                "year": year,
                "cases": len(rs),
                "mean_position": mean,
                "departure_rate": _share(sum(bool(r["departure"]) for r in rs), len(rs)),
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
