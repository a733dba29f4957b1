"""Circumstances: an aggravating one never lowers the recommendation, a mitigating one never raises it.

Enters: a compiled item. Checks ``circumstance_direction`` locally: it varies the facts the
circumstance reads and those of every condition sharing one of them (all level facts if a level
shares one), other facts keeping a fixed witness value, and runs the engine on each pair of
neighbouring cases (without the circumstance, with it). Leaves: problems with the pair, and notes
where the combinations exceed the limit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ...compile._conditions import NUMERIC_TYPES, Condition
from ...compile._records import CompiledItem
from ...decide._engine import evaluate
from ...decide._result import Recommendation
from ...errors import DiscretionError
from .._domain import LOWERING, Space, conditions_of, space
from ._context import Checker
from ._problems import as_json, format_facts


def check_circumstances(ctx: Checker, item: CompiledItem) -> None:
    every = conditions_of(item)
    level_reads = {n for lv in item.levels for n in lv.when.reads}
    bases = _amount_bases(item)
    for circ in item.circumstances:
        own = set(circ.when.reads)
        related = [c for c in every if own & set(c.reads)]
        if len(related) == 1 and not own & bases:
            # Only this circumstance reads its facts, and no amount is measured on them: the
            # facts change nothing but one more circumstance of its kind in the count, and
            # both combination rules move the range monotonically with that count
            # (model.Adjustment). Proven by construction; no enumeration needed.
            continue
        names = own | {n for c in related for n in c.reads}
        if names & level_reads:
            names |= level_reads
        sp = space(item, [circ.when], names)
        if sp.size > ctx.limit:
            ctx.notes.append(
                f"{item.code}: circumstance {circ.id!r}: {sp.size} combinations exceed the "
                f"limit {ctx.limit}; not checked（情节「{circ.label}」组合数超过上限，未检查）"
            )
            continue
        found = _direction(ctx, item, circ.kind not in LOWERING, circ.when, sp, own)
        if found is not None:
            before, after, what_zh, what_en = found
            file, path = ctx.where.circumstance(item, circ.id)
            changed = format_facts((k, v) for k, v in before if dict(after)[k] != v)
            kind_zh = "从重" if circ.kind == "aggravate" else "从轻/减轻"
            ctx.report(
                "circumstance_direction",
                item,
                path,
                f"{kind_zh}情节「{circ.label}」反而使处罚{what_zh}（与 {changed} 相比）",
                f"the {'aggravating' if circ.kind == 'aggravate' else 'mitigating'} "
                f"circumstance {circ.id!r} {what_en} (compared with {changed})",
                after,
                hint="its facts also move the level or another condition the other way",
                file=file,
            )


def _direction(
    ctx: Checker,
    item: CompiledItem,
    raises: bool,
    cond: Condition,
    sp: Space,
    own: set[str],
) -> tuple[Any, Any, str, str] | None:
    """A pair (facts without the circumstance, facts with it) that moves the wrong way."""
    index = {n: i for i, n in enumerate(sp.names)}
    for facts in sp:
        ctx.combinations += 1
        if cond(facts):
            continue
        for name in sorted(own):
            for value in _neighbours(sp.points[index[name]], facts[name], item, name):
                after = {**facts, name: value}
                if not cond(after):
                    continue
                wrong = _compare(_outcome(ctx, item, facts), _outcome(ctx, item, after), raises)
                if wrong is not None:
                    return sp.shown(facts), sp.shown(after), *wrong
    return None


def _outcome(ctx: Checker, item: CompiledItem, facts: Mapping[str, Any]) -> Recommendation | None:
    key = (item.code, item.standard.digest, *sorted(facts.items()))
    if key not in ctx.outcomes:
        try:
            ctx.outcomes[key] = evaluate(
                ctx.ruleset,
                item.code,
                {k: v for k, v in facts.items() if v is not None},
                violation_date=item.standard.effective_from,
            )
        except DiscretionError:
            ctx.outcomes[key] = None  # a gap or overlap: reported by the level check
    return ctx.outcomes[key]


def _amount_bases(item: CompiledItem) -> set[str]:
    """The facts amounts are measured on (multiples, rates per unit, percentages)."""
    out: set[str] = set()

    def walk(shape: Any) -> None:
        base = getattr(shape, "base", None)
        if isinstance(base, str):
            out.add(base)
        for _id, _cond, inner in getattr(shape, "cases", ()):
            walk(inner)

    for clause in item.clauses:
        walk(clause.amount)
    return out


def _neighbours(points: Sequence[Any], value: Any, item: CompiledItem, name: str) -> list[Any]:
    """The values a single step away: any other value of a bool or enum, the adjacent points of a
    number or date (``None``, an absent optional fact, is next to every value)."""
    if item.fields[name].spec.type not in NUMERIC_TYPES | {"date"} or value is None:
        return [p for p in points if p != value]
    values = [p for p in points if p is not None]
    i = values.index(value)
    out = [values[j] for j in (i - 1, i + 1) if 0 <= j < len(values)]
    return out + ([None] if None in points else [])


def _compare(
    before: Recommendation | None, after: Recommendation | None, raises: bool
) -> tuple[str, str] | None:
    """How ``after`` moves against ``before`` in the wrong direction, if it does."""
    if before is None or after is None:
        return None
    if before.outcome == "no_penalty" or after.outcome == "no_penalty":
        if raises and before.outcome != "no_penalty" and after.outcome == "no_penalty":
            return "降为不予处罚", "turns the penalty into no penalty"
        return None  # a no-penalty ground is the statute's own step, not the circumstance's
    was = {p.id: p for p in before.penalties}
    now = {p.id: p for p in after.penalties}
    if raises and set(was) - set(now):
        gone = sorted(set(was) - set(now))
        return f"减少处罚种类 {gone}", f"drops the penalties {gone}"
    if not raises and set(now) - set(was):
        added = sorted(set(now) - set(was))
        return f"增加处罚种类 {added}", f"adds the penalties {added}"
    for pid in sorted(set(was) & set(now)):
        p, q = was[pid], now[pid]
        for bound in ("min", "max"):
            a, b = getattr(p, bound), getattr(q, bound)
            if a is None or b is None:
                continue
            if (raises and b < a) or (not raises and b > a):
                word = ("下限", "minimum") if bound == "min" else ("上限", "maximum")
                return (
                    f"{'降低' if raises else '提高'}「{p.label}」的{word[0]}（{as_json(a)} → {as_json(b)}）",
                    f"{'lowers' if raises else 'raises'} the {word[1]} of {pid!r} "
                    f"({as_json(a)} → {as_json(b)})",
                )
    return None
