"""Compiling a point inside a band (裁量起点): the start, the moves, and how they are applied.

Enters: an item whose ``point`` is set (:class:`discretion.format._point.Point`). The loader
checks each move's condition against the item's facts, move ids for duplicates, that the item has
a primary clause with an amount to place the point in, and that a move to the next level has a
level to move to. Leaves: a :class:`CompiledPoint`, which the reference pipeline applies to the
primary clause (``decide._stage_measure``):

1. the moves ``to`` the next level up or down that hold are netted (up +1, down −1) and the band
   of the level that many places away in the item's order is used (never past the lightest or the
   gravest level; a 减轻 level is not a category to move to);
2. the band is placed and the circumstances adjust it as for any level;
3. the point starts at ``start`` (a share of that range: 0.5 is its midpoint), each ``by`` move
   that holds adds its share of the range, and the share is clamped to [0, 1] — so the point stays
   inside the band, which never leaves the statutory range;
4. the point is rounded down to the amount's quantum (元 to the fen), never above the maximum.

A level listed in ``starts`` has a start *range* in the amount's own unit instead (量刑起点幅度:
"在三年至五年有期徒刑幅度内确定量刑起点"): the recommendation is that range, moved by the ``by``
moves that hold (each a share of the band, both ends alike) and kept inside the band — a range
the later steps (``after_banding``) adjust, not a single figure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..format._point import Point
from ._amounts import ExplicitBand, FullBand, PercentBand, RangeAmount
from ._conditions import Condition
from ._items_scope import ItemScope
from ._records import CompiledClause, CompiledLevel, Source

__all__ = ["CompiledMove", "CompiledPoint", "compile_point"]

_ZERO, _ONE = Decimal(0), Decimal(1)


@dataclass(frozen=True, slots=True)
class CompiledMove:
    """One factor that moves the point: ``by`` a share of the band, or ``to`` ``up``/``down``."""

    id: str
    label: str
    label_en: str
    when: Condition
    by: Decimal | None
    to: str | None
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class CompiledPoint:
    """The start of the point (a share of the band), its wording, sources and moves."""

    start: Decimal
    label: str
    label_en: str
    sources: tuple[Source, ...]
    moves: tuple[CompiledMove, ...]
    starts: Mapping[str, tuple[Decimal, Decimal]]
    """A start range per level id, in the amount's unit (empty: every level uses ``start``)."""

    def target(
        self, levels: Sequence[CompiledLevel], level: CompiledLevel, facts: Mapping[str, Any]
    ) -> tuple[CompiledLevel, list[CompiledMove]]:
        """The level whose band is used after the moves to the next level, and those moves."""
        held = [m for m in self.moves if m.to is not None and m.when(facts)]
        if not held or level.reduce:
            return level, held if not level.reduce else []
        chain = [lv for lv in levels if not lv.reduce]
        shift = sum(1 if m.to == "up" else -1 for m in held)
        at = chain.index(level) + shift
        return chain[max(0, min(len(chain) - 1, at))], held

    def locate(
        self, lo: Decimal, hi: Decimal, facts: Mapping[str, Any]
    ) -> tuple[Decimal, Decimal, Decimal, list[CompiledMove]]:
        """(point, the share before clamping, the share used, the ``by`` moves that held)."""
        held = [m for m in self.moves if m.by is not None and m.when(facts)]
        share = self.start + sum((m.by for m in held if m.by is not None), _ZERO)
        used = max(_ZERO, min(_ONE, share))
        return lo + (hi - lo) * used, share, used, held

    def locate_range(
        self, level: str, lo: Decimal, hi: Decimal, facts: Mapping[str, Any]
    ) -> tuple[Decimal, Decimal, Decimal, list[CompiledMove]] | None:
        """(lower end, upper end, the share moved, the ``by`` moves that held) for a level with a
        start range; None for a level that uses ``start``."""
        if level not in self.starts:
            return None
        s_lo, s_hi = self.starts[level]
        held = [m for m in self.moves if m.by is not None and m.when(facts)]
        share = sum((m.by for m in held if m.by is not None), _ZERO)
        shift = (hi - lo) * share
        a = max(lo, min(hi, s_lo + shift))
        b = max(lo, min(hi, s_hi + shift))
        return a, b, share, held


def _band_bounds(
    level: CompiledLevel, primary: CompiledClause | None
) -> tuple[Decimal, Decimal] | None:
    """The level's band where it does not depend on the facts: an explicit range, or a share of
    (or the whole of) a plain statutory range; None where the band is placed per case."""
    band = level.band
    if isinstance(band, ExplicitBand):
        return band.lo, band.hi
    amount = primary.amount if primary is not None else None
    if not isinstance(amount, RangeAmount):
        return None
    if isinstance(band, FullBand):
        return amount.lo, amount.hi
    if isinstance(band, PercentBand):
        width = amount.hi - amount.lo
        return amount.lo + width * band.lo / 100, amount.lo + width * band.hi / 100
    return None


def compile_point(
    scope: ItemScope,
    point: Point,
    primary: CompiledClause | None,
    levels: Sequence[CompiledLevel],
) -> CompiledPoint:
    """The compiled point; problems are reported through ``scope``."""
    base = (*scope.base, "point")
    if primary is None or primary.amount is None:
        scope.fail(
            "写了裁量起点（point），但该事项没有带数额的主处罚条款：请删除 point 或添加带数额的条款 / "
            "the item has a 'point' but no primary clause with an amount to place it in",
            base,
        )
    seen: set[str] = set()
    moves = []
    for mi, move in enumerate(point.moves):
        path = (*base, "moves", mi)
        if move.id in seen:
            scope.fail(
                f"调整因素 id {move.id!r} 重复，请改用另一个 id / move id {move.id!r} is used twice",
                (*path, "id"),
            )
        seen.add(move.id)
        if move.to is not None and sum(1 for lv in levels if not lv.reduce) < 2:
            scope.fail(
                "调整因素要求移至相邻阶次，但该事项只有一个（非减轻）阶次 / "
                f"move {move.id!r} goes to the next level {move.to}, but the item has one level",
                (*path, "to"),
            )
        moves.append(
            CompiledMove(
                move.id,
                move.label,
                move.label_en or move.id,
                scope.cond(move.when, (*path, "when")),
                move.by,
                move.to,
                scope.sources(move.citation, scope.laws, (*path, "citation")),
            )
        )
    starts = {}
    by_id = {lv.id: lv for lv in levels}
    for level_id, rng in point.starts.items():
        path = (*base, "starts", level_id)
        level = by_id.get(level_id)
        if level is None or level.reduce:
            known = ", ".join(lv.id for lv in levels if not lv.reduce)
            scope.fail(
                f"起点幅度写给了阶次 {level_id!r}，但该事项没有这个（非减轻）阶次；可用：{known} / "
                f"a start range is given for level {level_id!r}, which the item does not have "
                f"(levels: {known})",
                path,
            )
            continue
        bounds = _band_bounds(level, primary)
        if bounds is not None and (rng.min < bounds[0] or rng.max > bounds[1]):
            lo, hi = (format(b.normalize(), "f") for b in bounds)
            scope.fail(
                f"阶次 {level_id!r} 的起点幅度 {rng.min}–{rng.max} 超出该阶次的幅度 {lo}–{hi} / "
                f"the start range {rng.min}–{rng.max} of level {level_id!r} is outside its band "
                f"{lo}–{hi}",
                path,
            )
        starts[level_id] = (rng.min, rng.max)
    return CompiledPoint(
        point.start,
        point.label,
        point.label_en or "the point starts in the band",
        scope.sources(point.citation, scope.laws, (*base, "citation")),
        tuple(moves),
        starts,
    )
