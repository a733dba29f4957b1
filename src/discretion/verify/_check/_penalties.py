"""Mandatory penalties: no level that is not 减轻 leaves out a penalty the statute imposes.

Enters: a compiled item. Checks ``combined_dropped``: a penalty the item must give (处) or give
together (并处) that a lighter level, not marked ``reduce`` (减轻), leaves out. Leaves: problems.
"""

from __future__ import annotations

from ...compile._records import CompiledItem
from ._context import Checker

_MANDATORY = frozenset({"required", "combined"})
# Penalties a statute imposes on every violation of the item; a graver-only penalty (吊销, 停产停业,
# 关闭 …) may be attached to the gravest levels, these may not be left out of a lighter one.
_BASE_KINDS = frozenset(
    {"warning", "circulated_criticism", "fine", "confiscate_gains", "confiscate_property"}
)


def check_combined(ctx: Checker, item: CompiledItem, base: tuple[int | str, ...]) -> None:
    levels = item.levels
    for ci, clause in enumerate(item.clauses):
        if clause.mode not in _MANDATORY or clause.levels is None:
            continue
        applies = [lv.id in clause.levels for lv in levels]
        for li, level in enumerate(levels):
            if applies[li] or level.reduce:
                continue
            replaced = any(
                c.kind == clause.kind
                and c.mode in _MANDATORY
                and (c.levels is None or level.id in c.levels)
                for c in item.clauses
            )
            if replaced or not (clause.kind in _BASE_KINDS or any(applies[:li])):
                continue
            ctx.report(
                "combined_dropped",
                item,
                (*base, "penalties", ci, "levels"),
                f"阶次「{level.label}」未适用{_mode_zh(clause.mode)}的「{clause.label}」，"
                "而该阶次不是减轻处罚",
                f"level {level.id!r} drops the mandatory ({clause.mode}) penalty "
                f"{clause.id!r} without 减轻 (the level is not marked reduce)",
                hint="mark the level `reduce: true` if the law allows 减轻 here; if the statute "
                "attaches the penalty to a circumstance (情节严重的…), state it as the clause's "
                "`when` condition",
            )


def _mode_zh(mode: str) -> str:
    return "并处" if mode == "combined" else "应当给予"
