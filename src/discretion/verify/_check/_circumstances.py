"""Circumstances: an aggravating one never lowers the recommendation, a mitigating one never raises it.

Enters: a compiled item. Checks ``circumstance_direction`` locally: it varies the facts the
circumstance reads and those of every condition sharing one of them (all level facts if a level
shares one), other facts keeping a fixed witness value, and compares the engine's answers on
each pair of neighbouring cases (without the circumstance, with it). :func:`questions` lists the
pairs; their cases are decided as columns where the columnar plan can (``_columns``, a run of
items at a time), else by ``evaluate``; the pair reported is always confirmed, and worded, by
``evaluate``. Leaves: problems with the pair, and notes where the combinations exceed the limit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...compile._conditions import NUMERIC_TYPES, Condition
from ...compile._records import CompiledCircumstance, CompiledItem
from ...decide._engine import evaluate
from ...decide._result import Recommendation
from ...errors import DiscretionError
from .._domain import LOWERING, Space, conditions_of, space
from ._context import Checker, Decided, Key
from ._problems import as_json, format_facts


@dataclass
class Question:
    """One circumstance's question: its space and the pairs of neighbouring cases to compare.

    ``pairs`` holds, in the order the space enumerates them, (position of the case without the
    circumstance in the space, facts without it, facts with it, and the outcome keys of both);
    ``too_large``: the space exceeds the limit, nothing is compared (a note says so)."""

    circ: CompiledCircumstance
    sp: Space
    too_large: bool = False
    pairs: list[tuple[int, dict[str, Any], dict[str, Any], Key, Key]] = field(default_factory=list)


def questions(ctx: Checker, item: CompiledItem) -> list[Question]:
    """The questions of an item's circumstances, without deciding any case yet."""
    every = conditions_of(item)
    level_reads = {n for lv in item.levels for n in lv.when.reads}
    bases = _amount_bases(item)
    out: list[Question] = []
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
            out.append(Question(circ, sp, too_large=True))
            continue
        out.append(Question(circ, sp, pairs=_pairs(item, circ.when, sp, own)))
    return out


def check_circumstances(ctx: Checker, item: CompiledItem) -> None:
    """Report each circumstance that moves the recommendation the wrong way (see the module)."""
    asked = ctx.prepared.pop(id(item), None)
    decided = ctx.decided.pop(id(item), {})
    for q in questions(ctx, item) if asked is None else asked:
        circ, sp = q.circ, q.sp
        if q.too_large:
            ctx.notes.append(
                f"{item.code}: circumstance {circ.id!r}: {sp.size} combinations exceed the "
                f"limit {ctx.limit}; not checked（情节「{circ.label}」组合数超过上限，未检查）"
            )
            continue
        found = _direction(ctx, item, circ.kind not in LOWERING, q, decided)
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
    # The answers are the item's own: no other item asks for them again.
    ctx.outcomes.clear()


def _pairs(
    item: CompiledItem, cond: Condition, sp: Space, own: set[str]
) -> list[tuple[int, dict[str, Any], dict[str, Any], Key, Key]]:
    """Every (facts without the circumstance, facts with it, one fact a step away), in order."""
    index = {n: i for i, n in enumerate(sp.names)}
    # The values a step away from each value of each fact the circumstance reads.
    steps = {
        name: {
            v: _neighbours(sp.points[index[name]], v, item, name) for v in sp.points[index[name]]
        }
        for name in sorted(own)
    }
    out = []
    for position, facts in enumerate(sp):
        if cond(facts):
            continue
        key = outcome_key(sp, facts)
        for name, step in steps.items():
            for value in step[facts[name]]:
                after = {**facts, name: value}
                if not cond(after):
                    continue
                out.append((position, facts, after, key, outcome_key(sp, after)))
    return out


def _direction(
    ctx: Checker, item: CompiledItem, raises: bool, q: Question, decided: Mapping[Key, Decided]
) -> tuple[Any, Any, str, str] | None:
    """The first pair (facts without the circumstance, facts with it) that moves the wrong way.

    Outcomes decided as columns (:mod:`._columns`) find the pair; the engine's own answers for
    that pair (``evaluate``) confirm it and give the wording, so that the report is the one
    ``evaluate`` alone would give."""
    for position, facts, after, kb, ka in q.pairs:
        before_out: Recommendation | Decided | None = decided.get(kb)
        after_out: Recommendation | Decided | None = decided.get(ka)
        quick = before_out is not None or after_out is not None
        if before_out is None:
            before_out = _outcome(ctx, item, facts, kb)
        if after_out is None:
            after_out = _outcome(ctx, item, after, ka)
        wrong = _compare(before_out, after_out, raises)
        if wrong is not None and quick:
            wrong = _compare(_outcome(ctx, item, facts, kb), _outcome(ctx, item, after, ka), raises)
        if wrong is not None:
            ctx.combinations += position + 1  # the cases enumerated up to this one
            return q.sp.shown(facts), q.sp.shown(after), *wrong
    ctx.combinations += q.sp.size
    return None


def outcome_key(sp: Space, facts: Mapping[str, Any]) -> Key:
    """The key of one case of a space: the facts it varies (the others keep their witness
    value, the same in every space of the item; the answers are kept per item)."""
    return (sp.names, *[facts[n] for n in sp.names])


def _outcome(
    ctx: Checker, item: CompiledItem, facts: Mapping[str, Any], key: Key
) -> Recommendation | None:
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
    before: Recommendation | Decided | None, after: Recommendation | Decided | None, raises: bool
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
