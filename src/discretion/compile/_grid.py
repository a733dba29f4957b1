"""Compiling a grid (裁量格): each key's values, the cells, and each level's derived condition.

Enters: an item whose ``grid`` is set (:class:`discretion.format._grid.Grid`). The loader checks
what the model cannot: every key value's condition against the item's facts; the cells cell by
cell — an unknown row, column or layer value, a missing combination, a cell naming no level of
the item, a level no cell names, a level that also writes its own ``when`` — each reported with
the file, line and field of the entry. Leaves: a :class:`CompiledGrid` (for the grid step of the
justification and for ``check``) and, per level, the condition the cells give it: the
disjunction over its cells of the conjunction of the cell's key values. The level choice itself
then stays the engine's ordinary one (exactly one level holds), so every backend and export that
reads level conditions reads the grid's correctly.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import did_you_mean
from ..format._grid import Grid, GridKey
from ._conditions import Comparison, Condition
from ._items_scope import ItemScope, Path_
from ._records import Source

__all__ = ["CompiledGrid", "GridAxis", "compile_grid"]


@dataclass(frozen=True, slots=True)
class GridAxis:
    """One key of a compiled grid: its id, labels and values (id, label, label_en, condition),
    from the lightest to the gravest."""

    id: str
    label: str
    label_en: str
    values: tuple[tuple[str, str, str, Condition], ...]

    def holding(self, facts: Mapping[str, Any]) -> int | None:
        """The index of the value that holds for ``facts`` (the first, should several hold)."""
        for index, (_id, _label, _en, when) in enumerate(self.values):
            if when(facts):
                return index
        return None


@dataclass(frozen=True, slots=True)
class CompiledGrid:
    """A grid: its keys (2 or 3) and the level of every combination of their values."""

    axes: tuple[GridAxis, ...]
    cells: Mapping[tuple[str, ...], str]
    """(row value id, column value id[, layer value id]) → level id; complete when compiled."""
    sources: tuple[Source, ...]

    def locate(self, facts: Mapping[str, Any]) -> tuple[int | None, ...]:
        """Per key, the index of the value that holds."""
        return tuple(axis.holding(facts) for axis in self.axes)


def _conjoin(parts: Sequence[Condition]) -> Condition:
    reads = tuple(dict.fromkeys(n for c in parts for n in c.reads))
    source = " and ".join(f"({c.source})" for c in parts)
    comparisons: tuple[Comparison, ...] = tuple(x for c in parts for x in c.comparisons)
    return Condition(source, reads, lambda f: all(c(f) for c in parts), comparisons)


def _disjoin(parts: Sequence[Condition]) -> Condition:
    if len(parts) == 1:
        return parts[0]
    reads = tuple(dict.fromkeys(n for c in parts for n in c.reads))
    source = " or ".join(f"({c.source})" for c in parts)
    comparisons = tuple(x for c in parts for x in c.comparisons)
    return Condition(source, reads, lambda f: any(c(f) for c in parts), comparisons)


def _axis(scope: ItemScope, key: GridKey, path: Path_) -> GridAxis:
    seen: set[str] = set()
    values = []
    for vi, value in enumerate(key.values):
        vpath = (*path, "values", vi)
        if value.id in seen:
            scope.fail(
                f"裁量格维度「{key.label}」的取值 id {value.id!r} 重复，请改用另一个 id / "
                f"value id {value.id!r} of grid key {key.id!r} is used twice",
                (*vpath, "id"),
            )
        seen.add(value.id)
        when = scope.cond(value.when, (*vpath, "when"))
        values.append((value.id, value.label, value.label_en or value.id, when))
    return GridAxis(key.id, key.label, key.label_en or key.id, tuple(values))


def compile_grid(
    scope: ItemScope, grid: Grid, levels: Sequence[tuple[str, str | None]]
) -> tuple[CompiledGrid, dict[str, Condition]]:
    """The compiled grid and each level's condition; problems are reported through ``scope``.

    ``levels`` are the item's levels as (id, its own ``when`` or None), in order.
    """
    base: Path_ = (*scope.base, "grid")
    keys = [("rows", grid.rows), ("columns", grid.columns)]
    if grid.layers is not None:
        keys.append(("layers", grid.layers))
    ids = [k.id for _n, k in keys]
    for (name, _key), kid in zip(keys, ids, strict=True):
        if ids.count(kid) > 1:
            scope.fail(
                f"裁量格的维度 id {kid!r} 重复，请改用另一个 id / grid key id {kid!r} is used twice",
                (*base, name, "id"),
            )
    axes = tuple(_axis(scope, key, (*base, name)) for name, key in keys)
    level_ids = [lid for lid, _when in levels]
    cells: dict[tuple[str, ...], str] = {}
    _read_cells(scope, axes, grid.cells, (), (*base, "cells"), level_ids, cells)
    # Completeness: every combination of the keys' values has its cell.
    missing = [
        combo
        for combo in itertools.product(*[[v[0] for v in a.values] for a in axes])
        if combo not in cells
    ]
    if missing:
        shown = "、".join(" × ".join(c) for c in missing[:5])
        more = f" 等 {len(missing)} 格" if len(missing) > 5 else ""
        scope.fail(
            f"裁量格不完整：以下组合没有单元格 {shown}{more}，请补齐 / "
            f"the grid is incomplete: no cell for {', '.join('×'.join(c) for c in missing[:5])}"
            + (f" and {len(missing) - 5} more" if len(missing) > 5 else ""),
            (*base, "cells"),
            hint="每个维度取值的每一种组合都须恰有一个单元格 / every combination of the keys' values needs exactly one cell",
        )
    by_level: dict[str, list[Condition]] = {}
    index = [{v[0]: v[3] for v in a.values} for a in axes]
    for combo, lid in cells.items():
        by_level.setdefault(lid, []).append(
            _conjoin([index[k][value] for k, value in enumerate(combo)])
        )
    derived: dict[str, Condition] = {}
    for li, (lid, own) in enumerate(levels):
        path = (*scope.base, "levels", li)
        if own is not None:
            scope.fail(
                f"裁量格事项的阶次 {lid!r} 不应写 when：其条件由裁量格的单元格确定，请删除 when / "
                f"level {lid!r} of an item with a grid must not write 'when': the grid's cells give it",
                (*path, "when"),
            )
        if lid in by_level:
            derived[lid] = _disjoin(by_level[lid])
        else:
            scope.fail(
                f"阶次 {lid!r} 不在裁量格的任何单元格中，永远不会适用：请在 cells 中使用或删除该阶次 / "
                f"level {lid!r} is named by no cell of the grid and can never apply",
                (*path, "id"),
            )
    sources = scope.sources(grid.citation, scope.laws, (*base, "citation"))
    return CompiledGrid(axes, cells, sources), derived


def _read_cells(
    scope: ItemScope,
    axes: tuple[GridAxis, ...],
    table: Any,
    prefix: tuple[str, ...],
    path: Path_,
    level_ids: list[str],
    out: dict[tuple[str, ...], str],
) -> None:
    """Walk ``cells`` one key at a time; report unknown values and cells of the wrong depth."""
    depth = len(prefix)
    axis = axes[depth]
    known = [v[0] for v in axis.values]
    last = depth == len(axes) - 1
    for value, inner in table.items():
        here = (*path, value)
        if value not in known:
            scope.fail(
                f"裁量格单元格引用了维度「{axis.label}」中不存在的取值 {value!r}，请改为 {known} 之一 / "
                f"grid cell names unknown value {value!r} of key {axis.id!r}",
                here,
                did_you_mean(value, known),
            )
            continue
        if last:
            if not isinstance(inner, str):
                scope.fail(
                    f"裁量格单元格应为阶次 id，实为 {type(inner).__name__}（维度个数与单元格层数不符）/ "
                    f"a grid cell must be a level id here: the grid has {len(axes)} keys",
                    here,
                )
                continue
            if inner not in level_ids:
                scope.fail(
                    f"裁量格单元格引用了未定义的阶次 {inner!r}，请改为本事项的阶次 id / "
                    f"grid cell names unknown level {inner!r}",
                    here,
                    did_you_mean(inner, level_ids),
                )
                continue
            out[(*prefix, value)] = inner
        elif isinstance(inner, dict):
            _read_cells(scope, axes, inner, (*prefix, value), here, level_ids, out)
        else:
            scope.fail(
                f"裁量格有 {len(axes)} 个维度：此处应为按维度「{axes[depth + 1].label}」取值的映射 / "
                f"the grid has {len(axes)} keys: expected a mapping by key {axes[depth + 1].id!r} here",
                here,
            )
