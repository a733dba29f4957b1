"""Levels, amount branches and factor options: exhaustive, exclusive, each one reachable.

Enters: a compiled item. Checks ``gap`` / ``overlap`` / ``unreachable`` for its levels (裁量阶次),
``branch_gap`` / ``branch_overlap`` for the branches of a switching amount and ``factor_gap`` /
``factor_overlap`` for the options of a factor band, by enumerating the boundary points of the
facts their conditions read (:func:`~discretion.verify._domain.space`): a proof, not a sample.
Leaves: problems with a counter-example, and notes where the enumeration is no proof.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from typing import Any

from ...compile._amounts import SwitchAmount
from ...compile._conditions import Condition
from ...compile._records import CompiledItem
from .._domain import factor_options, space
from ._context import Checker


def check_levels(ctx: Checker, item: CompiledItem, base: tuple[int | str, ...]) -> None:
    """The item's levels, then each switch of each penalty's amount, then each factor band."""
    _exclusive(
        ctx,
        item,
        [(lv.id, lv.label, lv.when, (*base, "levels", i)) for i, lv in enumerate(item.levels)],
        [],
        ("gap", "overlap", "unreachable"),
        ("裁量阶次", "levels", (*base, "levels")),
    )
    for ci, clause in enumerate(item.clauses):
        guard = [clause.when] if clause.when is not None else []
        if clause.levels is not None:
            guard.append(_any_level(item, clause.levels))
        path = (*base, "penalties", ci, "amount", "switch")
        for cases, inner_guard in _switches(clause.amount, guard):
            _exclusive(
                ctx,
                item,
                [(bid, bid, cond, path) for bid, cond, _shape in cases],
                inner_guard,
                ("branch_gap", "branch_overlap", "unreachable"),
                (f"罚款幅度分支（{clause.id}）", f"amount branches of {clause.id!r}", path),
            )
    for li, level in enumerate(item.levels):
        for fid, options in factor_options(level.band):
            path = (*base, "levels", li, "band")
            _exclusive(
                ctx,
                item,
                [(o[2], o[2], o[0], path) for o in options],
                [level.when],
                ("factor_gap", "factor_overlap", "unreachable"),
                (f"裁量因子「{fid}」的选项", f"options of factor {fid!r}", path),
            )


def _exclusive(
    ctx: Checker,
    item: CompiledItem,
    options: list[tuple[str, str, Condition, tuple[int | str, ...]]],
    guard: list[Condition],
    checks: tuple[str, str, str],
    what: tuple[str, str, tuple[int | str, ...]],
) -> None:
    """Exactly one option must hold wherever the guard holds and no ground bars the case."""
    conditions = [o[2] for o in options] + guard
    reads = {n for c in conditions for n in c.reads}
    # A no-penalty ground that reads the same facts can make a combination moot: vary it too.
    gates = [g.when for g in item.grounds if g.effect == "no_penalty"]
    sharing = [g for g in gates if reads & set(g.reads)]
    sp = space(item, conditions + sharing)
    total = sp.size
    complete = total <= ctx.limit
    if not complete:
        ctx.notes.append(
            f"{item.code}: {what[1]}: {total} combinations exceed the limit {ctx.limit}; "
            f"only the first {ctx.limit} were checked, exhaustiveness is not proven "
            f"（{what[0]}：组合数超过上限，未完全证明）"
        )
    if sp.relational:
        ctx.notes.append(
            f"{item.code}: {what[1]} compare facts {sorted(sp.relational)} with each other; "
            "boundary analysis is not a proof there（事实之间相互比较，边界分析不构成证明）"
        )
    gap: dict[str, Any] | None = None
    overlaps: dict[tuple[int, int], dict[str, Any]] = {}
    reached: set[int] = set()
    barred: dict[int, dict[str, Any]] = {}  # holds, but only where a ground bars the case
    for facts in itertools.islice(sp, ctx.limit):
        ctx.combinations += 1
        if any(not g(facts) for g in guard):
            continue
        held = [i for i, o in enumerate(options) if o[2](facts)]
        if any(g(facts) for g in gates):
            for i in held:
                barred.setdefault(i, facts)
            continue
        reached.update(held)
        if not held and gap is None:
            gap = facts
        for a, b in itertools.combinations(held, 2):
            overlaps.setdefault((a, b), facts)
    zh_what, en_what, path = what
    if gap is not None:
        ctx.report(
            checks[0],
            item,
            path,
            f"{zh_what}存在缺口（不周延）：以下事实没有任何一项适用",
            f"gap: the {en_what} are not exhaustive, none holds for these facts",
            sp.shown(gap),
        )
    for (a, b), facts in overlaps.items():
        ctx.report(
            checks[1],
            item,
            options[b][3],
            f"{zh_what}重叠（不互斥）：「{options[a][1]}」与「{options[b][1]}」同时适用",
            f"overlap: the {en_what} {options[a][0]!r} and {options[b][0]!r} both hold",
            sp.shown(facts),
        )
    if complete and not sp.relational:
        for i, (oid, label, cond, opath) in enumerate(options):
            if i in reached:
                continue
            if i in barred:
                ctx.report(
                    checks[2],
                    item,
                    opath,
                    f"「{label}」永远不会适用：条件 {cond.source} 成立时总有不予处罚事由",
                    f"{oid!r} can never apply: wherever {cond.source} holds, a no-penalty "
                    "ground bars the case",
                    sp.shown(barred[i]),
                    hint="remove the level, or narrow the ground",
                )
            else:
                ctx.report(
                    checks[2],
                    item,
                    opath,
                    f"「{label}」永远不会适用：条件 {cond.source} 在任何事实下都不成立",
                    f"{oid!r} can never hold: no facts satisfy {cond.source}",
                )


def _switches(
    shape: Any, guard: list[Condition]
) -> list[tuple[tuple[tuple[str, Condition, Any], ...], list[Condition]]]:
    """Each switch of an amount (nested ones under their branch's condition) with its guard."""
    if not isinstance(shape, SwitchAmount):
        return []
    out = [(shape.cases, guard)]
    for _id, cond, inner in shape.cases:
        out += _switches(inner, [*guard, cond])
    return out


def _any_level(item: CompiledItem, ids: frozenset[str]) -> Condition:
    chosen = [lv.when for lv in item.levels if lv.id in ids]
    reads = tuple(dict.fromkeys(n for c in chosen for n in c.reads))
    predicate: Callable[[Mapping[str, Any]], bool] = lambda f: any(c(f) for c in chosen)  # noqa: E731
    return Condition(" or ".join(f"({c.source})" for c in chosen), reads, predicate)
