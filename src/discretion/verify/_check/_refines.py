"""Refinement (细化): a lower-level standard's recommendation stays inside its parent's.

国办发〔2022〕27号（《国务院办公厅关于进一步规范行政裁量权基准制定和管理工作的意见》）lets a lower
authority refine the benchmark the level above has set, within that benchmark's levels and ranges
(下级行政机关在上级行政机关的裁量基准的阶次、幅度内细化量化); LAW.md §5 records the same rule in a
provincial market-regulation standard (a lower level may refine but not exceed the levels and ranges
above). The exact wording of the 27号 passage could not be checked with the search tool available
(December 2026): cite it from the published text before relying on the quotation.

Enters: an item whose standard declares ``refines: id@version`` and which names the parent's item
(``refines: CODE``). Checks ``refines_missing`` (the parent standard, version or item is not among
the files checked) and ``refines_range``: for every combination of the boundary points of the
facts the child reads (:func:`~discretion.verify._domain.space`) where no circumstance applies to
either, each penalty the child recommends must be one the parent recommends for the same facts,
its range (the level's band) inside the parent's; a counter-example gives the facts and both
ranges. Leaves: problems.
"""

from __future__ import annotations

import itertools
from typing import Any

from ...compile._records import CompiledItem
from ...decide._engine import evaluate
from ...decide._result import Recommendation
from ...errors import DiscretionError
from .._domain import conditions_of, space
from ._context import Checker
from ._problems import as_json


def _parent(ctx: Checker, item: CompiledItem) -> CompiledItem | str:
    ref = ctx.ruleset.file_model(item.file).standard.refines or ""
    std_id, _, version = ref.partition("@")
    code = item.model.refines or ""
    try:
        versions = ctx.ruleset.versions(code)
    except DiscretionError:
        return f"上级基准 {ref} 的事项 {code!r} 未载入 / item {code!r} of {ref} is not loaded"
    for parent in versions:
        if parent.standard.id == std_id and parent.standard.version == version:
            return parent
    return f"上级基准 {ref} 未载入或版本不符 / parent standard {ref} is not loaded (or not that version)"


def _run(ctx: Checker, item: CompiledItem, facts: dict[str, Any]) -> Recommendation | None:
    given = {k: v for k, v in facts.items() if v is not None and k in item.fields}
    try:
        return evaluate(ctx.ruleset, item.code, given, violation_date=item.standard.effective_from)
    except DiscretionError:
        return None


def check_refines(ctx: Checker, item: CompiledItem, base: tuple[int | str, ...]) -> None:
    if item.model.refines is None:
        return
    path = (*base, "refines")
    parent = _parent(ctx, item)
    if isinstance(parent, str):
        zh, _, en = parent.partition(" / ")
        # A warning: nothing is proven either way until the parent's file is checked with it.
        ctx.report(
            "refines_missing",
            item,
            path,
            zh,
            en,
            hint="与上级基准的规则文件一并检查 / check together with the parent's file",
            severity="warning",
        )
        return
    sp = space(item, [*conditions_of(item)])
    for facts in itertools.islice(sp, ctx.limit):
        ctx.combinations += 1
        mine, theirs = _run(ctx, item, facts), _run(ctx, parent, facts)
        if mine is None or theirs is None or mine.circumstances or theirs.circumstances:
            # Compared where no circumstance moves either range: the bands of the levels. A
            # circumstance (从轻, 从重, 减轻) then moves each inside its own band by the rule of the
            # general part; comparing after it would forbid every sub-band but the lowest.
            continue
        upper = {p.kind: p for p in theirs.penalties}
        for p in mine.penalties:
            q = upper.get(p.kind)
            outside = q is None or (
                p.min is not None
                and q.min is not None
                and (
                    p.min < q.min
                    # a range with no maximum (format 2: 五十万元以上) under a bounded parent
                    or (q.max is not None and (p.max is None or p.max > q.max))
                )
            )
            if not outside:
                continue
            have = f"[{as_json(p.min)}, {as_json(p.max)}]"
            limit = "无" if q is None else f"[{as_json(q.min)}, {as_json(q.max)}]"
            ctx.report(
                "refines_range",
                item,
                path,
                f"细化超出上级基准：「{p.label}」建议幅度 {have} 不在上级基准 {parent.code} 的幅度 {limit} 内"
                f"（本级阶次「{mine.level_label}」，上级阶次「{theirs.level_label}」）",
                f"the refinement leaves its parent: {p.id!r} {have} is not inside "
                f"{parent.code}'s {limit if q else 'none'} (level {mine.level!r}, parent's {theirs.level!r})",
                sp.shown(facts),
                hint="下级基准只能在上级基准的阶次和幅度内细化（国办发〔2022〕27号）",
            )
            return
