"""Reading the classes' recommendations into an envelope, and ranking the facts still unknown.

Many classes of completions give the same recommendation as far as an envelope can see (the same
outcome, level, flags and ranges); each is reduced to a :class:`Digest`, the envelope is computed
over the distinct digests, and so is the envelope once one more fact is known, which ranks the
unknown facts (:class:`NextFact`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..compile._records import CompiledItem
from ..decide._result import Penalty, Recommendation
from ._space import Class

_OUTCOMES = ("penalty", "may_waive", "no_penalty")
_FLAGS = ("summary_procedure", "hearing", "legality_review", "reduced")


@dataclass(frozen=True)
class PenaltyEnvelope:
    """One penalty over every completion.

    Attributes:
        id, kind, label, label_en, unit: as the item's clause has them.
        min: the lowest minimum of any range presented for it (``None`` without an amount).
        max: the highest maximum, or ``None`` when it has no amount or grows without bound until
            an amount base is known (``unbounded``).
        always: recommended (imposed) in every completion.
        lowest, highest: a completion (the unknown facts' values) reaching ``min`` / ``max``.
    """

    id: str
    kind: str
    label: str
    label_en: str
    unit: str | None
    min: Decimal | None
    max: Decimal | None
    unbounded: bool
    always: bool
    lowest: tuple[tuple[str, Any], ...]
    highest: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class NextFact:
    """An unknown fact and how much knowing it narrows the envelope.

    ``average`` is the mean, over the values it can take, of the share of the envelope removed
    (outcomes ruled out, and each penalty's width, each counted 0–1 and summed); ``guaranteed`` the
    least share removed whatever the value turns out to be.
    """

    name: str
    label: str
    average: float
    guaranteed: float


def presented(rec: Recommendation) -> list[tuple[Penalty, bool]]:
    """Every penalty a recommendation presents, and whether it is recommended (imposed)."""
    out = [(p, True) for p in rec.penalties]
    out += [(p, False) for p in rec.optional_penalties]
    out += [(p, False) for option in rec.options for p in option.penalties]
    return out


@dataclass(frozen=True)
class Digest:
    """What the envelope reads of one class's recommendation (many classes share one)."""

    outcome: str
    level: str | None
    flags: tuple[bool, ...]
    # (id, lowest min, highest max, imposed, grows past the top point of an amount base)
    penalties: tuple[tuple[str, Decimal | None, Decimal | None, bool, bool], ...]


def digest_of(rec: Recommendation, twins: tuple[Recommendation, ...]) -> Digest:
    ranges: dict[str, list[Any]] = {}
    # a range with a minimum and no maximum (format 2: 五十万元以上) has no highest figure at all
    open_ids = {p.id for p, _i in presented(rec) if p.min is not None and p.max is None}
    for p, _imposed in presented(rec):
        entry = ranges.setdefault(p.id, [None, None])
        if p.min is not None and (entry[0] is None or p.min < entry[0]):
            entry[0] = p.min
        if p.max is not None and (entry[1] is None or p.max > entry[1]):
            entry[1] = p.max
    imposed = {p.id for p in rec.penalties}
    rows = []
    for pid, (low, high) in ranges.items():
        grows = pid in open_ids or any(
            high is not None and ((t := _max_of(twin, pid)) is None or high > t) for twin in twins
        )
        rows.append((pid, low, high, pid in imposed, grows))
    flags = tuple(bool(getattr(rec.flags, f)) for f in _FLAGS)
    return Digest(rec.outcome, rec.level, flags, tuple(rows))


def _max_of(rec: Recommendation, pid: str) -> Decimal | None:
    values = [p.max for p, _i in presented(rec) if p.id == pid and p.max is not None]
    return max(values) if values else None


Summary = tuple[
    tuple[str, ...],
    tuple[str, ...],
    tuple[PenaltyEnvelope, ...],
    tuple[str, ...],
    tuple[str, ...],
    tuple[str, ...],
]


def summarise(
    digests: list[Digest],
    labels: Mapping[str, Penalty],
    witnesses: Mapping[Digest, Mapping[str, Any]] | None = None,
) -> Summary:
    """Outcomes, levels, penalty envelopes and flags over the classes' digests."""
    seen = witnesses or {}
    outcomes = tuple(o for o in _OUTCOMES if any(d.outcome == o for d in digests))
    levels = tuple(sorted({d.level for d in digests if d.level is not None}))
    flags = tuple(f for i, f in enumerate(_FLAGS) if digests and all(d.flags[i] for d in digests))
    possible = tuple(f for i, f in enumerate(_FLAGS) if any(d.flags[i] for d in digests))
    punished = [d for d in digests if d.outcome != "no_penalty"]
    if_penalty = tuple(
        f for i, f in enumerate(_FLAGS) if punished and all(d.flags[i] for d in punished)
    )
    order: list[str] = []
    best: dict[str, list[Any]] = {}  # id → [min, max, digest of min, digest of max, grows]
    for d in digests:
        for pid, low, high, _imposed, grows in d.penalties:
            if pid not in best:
                order.append(pid)
                best[pid] = [None, None, None, None, False]
            entry = best[pid]
            if low is not None and (entry[0] is None or low < entry[0]):
                entry[0], entry[2] = low, d
            if high is not None and (entry[1] is None or high > entry[1]):
                entry[1], entry[3] = high, d
            entry[4] = entry[4] or grows
    penalties = []
    for pid in order:
        low, high, d_low, d_high, unbounded = best[pid]
        first = labels[pid]
        always = all(any(r[0] == pid and r[3] for r in d.penalties) for d in digests)
        penalties.append(
            PenaltyEnvelope(
                id=pid,
                kind=first.kind,
                label=first.label,
                label_en=first.label_en,
                unit=first.unit,
                min=low,
                max=None if unbounded else high,
                unbounded=unbounded,
                always=always,
                lowest=_shown(seen.get(d_low) if d_low is not None else None),
                highest=_shown(seen.get(d_high) if d_high is not None else None),
            )
        )
    return outcomes, levels, tuple(penalties), flags, possible, if_penalty


def _shown(facts: Mapping[str, Any] | None) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((facts or {}).items()))


def _width(env: Summary, pid: str) -> float | None:
    for p in env[2]:
        if p.id == pid:
            if p.unbounded:
                return float("inf")
            if p.min is None or p.max is None:
                return None
            return float(p.max - p.min)
    return None


def _narrowing(before: Summary, after: Summary) -> float:
    """The share of the envelope removed: outcomes ruled out, plus each penalty's width."""
    share = 0.0
    if before[0]:
        share += (len(before[0]) - len(after[0])) / len(before[0])
    for p in before[2]:
        w0, w1 = _width(before, p.id), _width(after, p.id)
        if w0 is None or w0 == 0:
            continue
        if w1 is None:
            share += 1.0  # the penalty is no longer possible at all
        elif w0 == float("inf"):
            share += 0.0 if w1 == float("inf") else 1.0
        else:
            share += max(0.0, (w0 - w1) / w0)
    return round(share, 4)


def rank(
    results: list[tuple[Class, Digest]],
    unknown: list[str],
    summary: Summary,
    labels: Mapping[str, Penalty],
    item: CompiledItem,
) -> tuple[NextFact, ...]:
    """Each unknown fact by how much the envelope narrows once it is known (see NextFact)."""
    cache: dict[frozenset[Digest], float] = {}
    ranked = []
    for name in unknown:
        by_value: dict[Any, set[Digest]] = {}
        for cls, digest in results:
            for value in cls.values.get(name, ()):
                by_value.setdefault(value, set()).add(digest)
        shares = []
        for digests in by_value.values():
            key = frozenset(digests)
            if key not in cache:
                cache[key] = _narrowing(summary, summarise(list(key), labels))
            shares.append(cache[key])
        if not shares:
            continue
        ranked.append(
            NextFact(
                name,
                item.fields[name].spec.label,
                round(sum(shares) / len(shares), 4),
                min(shares),
            )
        )
    ranked.sort(key=lambda f: (-f.average, -f.guaranteed, f.name))
    return tuple(ranked)
