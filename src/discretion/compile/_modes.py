"""Compiling combination modes per branch and a level's ``may_add`` (format 2, issue 20 point 8).

:func:`branch_modes` reads the modes the branches of a clause's switching amount give it
(《中华人民共和国电影产业促进法》（2016）第四十七条: 并处 on 违法所得五万元以上的, 可以并处 on 不足五万元的);
:func:`check_may_add` checks a level's ``may_add`` against the 单处或者并处 groups it can apply to.
Both report problems at the file and line of the entry. An item with either, or with a
单处或者并处 group, is decided by the reference pipeline (``needs_reference``), which records the
group's choice as a step of its own.
"""

from __future__ import annotations

from typing import Protocol

from ..errors import did_you_mean
from ..format._model import Item, Level, PenaltyClause
from ._items_scope import Path_
from ._records import CompiledClause, CompiledLevel

GROUPED = frozenset({"alternative", "single_or_combined"})


class _Parts(Protocol):
    item: Item

    def fail(self, message: str, path: Path_, hint: str | None = None) -> None: ...


def branch_modes(parts: _Parts, clause: PenaltyClause, path: Path_) -> dict[str, str]:
    """Branch id → its own mode, for the branches of the outer switch that give one."""
    out: dict[str, str] = {}
    spec = clause.amount
    for i, case in enumerate((spec.switch or []) if spec else []):
        here = (*path, "switch", i)
        if case.mode is not None:
            if clause.mode in GROUPED:
                parts.fail(
                    f"处罚条款 {clause.id!r} 属于{'选择处罚组' if clause.mode == 'alternative' else '单处或者并处组'}"
                    f"（{clause.mode}），分支不能另写并处方式：请删除分支的 mode / clause "
                    f"{clause.id!r} is {clause.mode}: a branch cannot give it a mode of its own",
                    (*here, "mode"),
                )
            else:
                out[case.id] = case.mode
        for j, inner in enumerate(case.amount.switch or []):
            if inner.mode is not None:
                parts.fail(
                    "并处方式只能写在外层分支上（内层分支沿用外层分支的方式）：请把 mode 移到外层分支 / "
                    "a mode belongs on a branch of the outer switch, not a nested one",
                    (*here, "amount", "switch", j, "mode"),
                )
    return out


def check_may_add(parts: _Parts, level: Level, path: Path_) -> None:
    """``may_add`` names members of 单处或者并处 groups available at the level, none imposed."""
    if level.may_add is None:
        return
    groups = {
        c.id: c
        for c in parts.item.penalties
        if c.mode == "single_or_combined" and (c.levels is None or level.id in c.levels)
    }
    for name in level.may_add:
        if name not in groups:
            parts.fail(
                f"may_add 中的 {name!r} 不是本阶次可适用的单处或者并处组条款，请改为组内条款的 id / "
                f"{name!r} in may_add is no member of a 单处或者并处 group at level {level.id!r}",
                (*path, "may_add"),
                did_you_mean(name, groups) or f"members are {sorted(groups)}",
            )
        elif name in level.impose:
            parts.fail(
                f"{name!r} 已在 impose 中（本阶次已选择给予），不能再写入 may_add / "
                f"{name!r} is imposed by the level already: it cannot also be in may_add",
                (*path, "may_add"),
            )


def optional_branch(clause: PenaltyClause) -> bool:
    """Whether a branch of the clause makes it optional (可以处 / 可以并处): a level may impose it."""
    cases = (clause.amount.switch or []) if clause.amount else []
    return any(c.mode in ("optional", "optional_combined") for c in cases)


def not_allowed(clause: CompiledClause, level: CompiledLevel) -> bool:
    """A 单处或者并处 member the level neither imposes nor lets the officer add (``may_add``)."""
    return (
        clause.mode == "single_or_combined"
        and level.may_add is not None
        and clause.id not in level.may_add
        and clause.id not in level.impose
    )
