"""The circumstance check's cases decided as columns, a run of items at a time (issue 12).

The circumstance check (``_circumstances``) compares the engine's answers on pairs of
neighbouring cases, about 160 distinct cases per item. :func:`prepare` enumerates the questions
of a run of items first, then decides every case they ask about through the columnar plan
(``decide._columnar_plan`` / ``decide._columnar``): the cases of all the items that share a plan
signature become one set of fact columns, decided as array operations. Each case the plan
decides is kept as a :class:`~._context.Decided` (outcome, penalties and their exact ranges);
the check then finds the first pair that moves the wrong way among them, and confirms that pair
(and takes the wording of its problem) with ``evaluate`` itself.

Everything the columns do not decide goes to ``evaluate``, case by case, as before: an item the
plan cannot express (``Unsupported``), an item the reference pipeline decides
(``needs_reference``), a version that the violation date would not choose, an item whose
conditions read a date (``evaluate`` enters the version's first day as the date of the act, the
columns do not), a case with a date fact, and every row the columnar path marks bad (a gap, an
overlap, a value beyond its scale …). Without numpy and pyarrow (the ``batch`` extra) every case
goes to ``evaluate``.

Enters: a :class:`~._context.Checker` and the items of a run. Leaves: the questions in
``ctx.prepared`` and the answers in ``ctx.decided``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ...compile._records import CompiledItem
from ...errors import DiscretionError
from .._domain import conditions_of
from ._circumstances import questions
from ._context import Checker, Decided, DecidedPenalty, Key

_OUTCOMES = ("penalty", "no_penalty", "may_waive")  # the codes of decide._columnar.decide


def prepare(ctx: Checker, items: Sequence[CompiledItem]) -> None:
    """Enumerate the circumstance questions of ``items``; decide their cases as columns."""
    try:
        from ...decide._columnar import Group
        from ...decide._columnar_plan import plan_item
    except ImportError:  # pragma: no cover - numpy / pyarrow missing: evaluate decides
        return
    # The run's own groups of items by plan signature: a group's per-item tables are built for
    # the items in it, so it holds this run's items only.
    groups: dict[Any, tuple[Any, list[int], list[tuple[Any, ...]], list[tuple[int, Key]]]] = {}
    for item in items:
        asked = ctx.prepared[id(item)] = questions(ctx, item)
        if not asked or not _in_columns(ctx, item):
            continue
        try:
            plan = plan_item(item)
        except Exception:  # Unsupported, or a plan that fails: evaluate decides the item
            continue
        if plan.signature in groups:
            group = groups[plan.signature][0]
            position = group.add(plan)
        else:
            group, position = Group([plan]), 0
            groups[plan.signature] = (group, [], [], [])
        if tuple(item.fields) != tuple(group.rep.item.fields):  # pragma: no cover - one signature
            continue
        _group, where, rows, keys = groups[plan.signature]
        dates = [n for n, f in item.fields.items() if f.spec.type == "date"]
        seen: set[Key] = set()
        for q in asked:
            for _pos, before, after, kb, ka in q.pairs:
                for facts, key in ((before, kb), (after, ka)):
                    if key in seen or any(facts[n] is not None for n in dates):
                        continue
                    seen.add(key)
                    where.append(position)
                    rows.append(tuple(facts.values()))  # in the order of item.fields
                    keys.append((id(item), key))
    for group, where, rows, keys in groups.values():
        try:
            _decide(ctx, group, where, rows, keys)
        except Exception:  # anything unforeseen: evaluate decides these cases
            continue


def _in_columns(ctx: Checker, item: CompiledItem) -> bool:
    """Does ``evaluate`` at the version's first day decide this item as its columns do?"""
    if item.needs_reference:
        return False
    try:
        chosen = ctx.ruleset.item(item.code, on=item.standard.effective_from)
    except DiscretionError:
        return False
    if chosen is not item:
        return False
    dates = {n for n, f in item.fields.items() if f.spec.type == "date"}
    return not any(dates & set(c.reads) for c in conditions_of(item))


def _decide(
    ctx: Checker,
    group: Any,
    where: list[int],
    rows: list[tuple[Any, ...]],
    keys: list[tuple[int, Key]],
) -> None:
    import numpy as np
    import pyarrow as pa

    from ...decide._columnar import ChunkFacts, decide, fill_defaults

    n = len(rows)
    arrays = []
    names = []
    for (name, f), values in zip(
        group.rep.item.fields.items(), zip(*rows, strict=True), strict=True
    ):
        kind = f.spec.type
        if kind == "bool":
            arrays.append(pa.array(values, pa.bool_()))
        elif kind == "date":
            arrays.append(pa.array(values, pa.date32()))
        elif kind == "enum":
            arrays.append(pa.array(values, pa.string()))
        else:  # numbers as their decimal text: read exactly, at their own scale
            text = [None if v is None else format(v, "f") for v in values]
            arrays.append(pa.array(text, pa.string()))
        names.append(name)
    batch = pa.RecordBatch.from_arrays(arrays, names=names)
    decided = ChunkFacts(batch).rows(group, np.arange(n), np.array(where, np.int64), ())
    fill_defaults(decided)
    res = decide(decided)
    # One row of integers per case (outcome, then per clause: imposed, min, max, unit); the
    # distinct rows — a few dozen per item — become the answers.
    parts = [res["outcome"]]
    clauses = []
    for pen in res["pens"]:
        parts.append(pen["imposed"])
        if "max" in pen:
            parts += [pen["min"], pen["max"], pen["unit"]]
        clauses.append((pen["clause"].id, pen.get("units")))
    kept = np.flatnonzero(~decided.bad)
    if not len(kept):
        return
    table = np.stack([np.asarray(a, np.int64)[kept] for a in parts], axis=1)
    distinct, inverse = np.unique(table, axis=0, return_inverse=True)
    answers = []
    for row in distinct.tolist():
        penalties = []
        at = 1
        for pid, units in clauses:
            imposed = row[at]
            at += 1
            if units is None:
                if imposed:
                    penalties.append(DecidedPenalty(pid, None, None))
                continue
            lo, hi, unit = row[at : at + 3]
            at += 3
            if imposed:
                penalties.append(
                    DecidedPenalty(pid, _major(lo, units[unit]), _major(hi, units[unit]))
                )
        answers.append(Decided(_OUTCOMES[row[0]], tuple(penalties)))
    for r, a in zip(kept.tolist(), inverse.reshape(-1).tolist(), strict=True):
        owner, key = keys[r]
        ctx.decided.setdefault(owner, {})[key] = answers[a]


def _major(minor: int, unit: str) -> Decimal:
    """An amount in its smallest unit (fen for yuan) back in the unit ``evaluate`` gives."""
    return Decimal(minor).scaleb(-2) if unit == "分" else Decimal(minor)
