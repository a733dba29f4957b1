"""The envelope of an incomplete case: what is already certain before every fact is known.

:func:`envelope` takes the facts established so far and returns, over every completion of the
facts still unknown: the outcomes still possible, each penalty's envelope (the lowest minimum and
the highest maximum of every range the recommendation can present, the 减轻 option included), the
procedure flags that hold in every completion, and the unknown facts ranked by how much knowing
each would narrow the envelope (待查明事实). Each bound comes with a completion that reaches it.

Exactness: enum and bool facts take every value; numbers the values on each side of and at every
threshold a condition mentions (to the fen for money), plus a probe far above for an unbounded
amount base; dates the days on either side of each limitation period (Art. 36). Amount shapes are
non-decreasing in their base (multiples, per-unit rates, percentages), so within one class of
completions the extremes sit at these points.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..compile._facts import validate_facts
from ..compile._records import CompiledItem
from ..compile._ruleset import RuleSet
from ..decide._engine import evaluate
from ..decide._result import Penalty, Recommendation
from ..errors import FactError, did_you_mean
from ..verify import witness
from ._space import Class, components, fact_points, fold, probe_values, tests_of

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


@dataclass(frozen=True)
class Envelope:
    """What is certain about an item's recommendation before every fact is known."""

    item: str
    item_name: str
    outcomes: tuple[str, ...]
    levels: tuple[str, ...]
    penalties: tuple[PenaltyEnvelope, ...]
    flags: tuple[str, ...]
    """Procedure flags that hold in every completion."""
    possible_flags: tuple[str, ...]
    """Procedure flags that hold in at least one completion."""
    flags_if_penalty: tuple[str, ...]
    """Procedure flags that hold in every completion where a penalty is recommended."""
    unknown: tuple[str, ...]
    next: tuple[NextFact, ...]
    classes: int
    """Classes of completions evaluated (each by the real engine)."""
    combinations: int
    """Completions the classes stand for (product of the unknown facts' values)."""

    def penalty(self, kind_or_id: str) -> PenaltyEnvelope | None:
        """The envelope of one penalty by id or kind."""
        return next((p for p in self.penalties if kind_or_id in (p.id, p.kind)), None)


def envelope(
    ruleset: RuleSet,
    item: str,
    facts: Mapping[str, Any],
    *,
    assume_defaults: bool = False,
    violation_date: dt.date | None = None,
    decision_date: dt.date | None = None,
    limit: int = 200_000,
) -> Envelope:
    """The envelope of the recommendation over every completion of the facts not given.

    Args:
        ruleset: the loaded standards.
        item: the item code.
        facts: the facts established so far; every declared fact not in it is unknown.
        assume_defaults: take the declared default of a fact not given (as :func:`evaluate`
            does) instead of treating it as unknown.
        violation_date: as for :func:`discretion.evaluate`.
        decision_date: as for :func:`discretion.evaluate` (Art. 37).
        limit: the most combinations enumerated per group of facts, and the most classes.

    Raises:
        FactError: a fact is unknown to the item or its value is invalid.
        UnknownItemError: no such item.
        CaseError: too many combinations (give some facts first).

    >>> import discretion
    >>> rules = discretion.load("rules/")
    >>> env = discretion.envelope(rules, "FSL-124", {"party_type": "organisation"}, assume_defaults=True)
    >>> fine = env.penalty("fine")  # 食品安全法 Art. 124, goods value unknown
    >>> fine.min, fine.max, fine.unbounded
    (Decimal('65000'), None, True)
    """
    compiled = ruleset.item(item)
    fields = compiled.fields
    if not isinstance(facts, Mapping):
        raise FactError("facts must be a mapping of fact name to value", item=item)
    for name in facts:
        if name not in fields:
            raise FactError(
                f"unknown fact {name!r} (未声明的事实)",
                item=item,
                field=str(name),
                hint=did_you_mean(str(name), fields),
            )
    given = {k: v for k, v in facts.items() if v is not None}
    known = dict(given)
    unknown = sorted(
        n
        for n, f in fields.items()
        if n not in given and not (assume_defaults and f.spec.default is not None)
    )
    # Validate what is known with the evaluator's own checks (unknown facts at a witness value).
    trial = {**{n: witness(fields[n]) for n in unknown}, **known}
    base = validate_facts(fields, {k: v for k, v in trial.items() if v is not None}, item)
    tests = tests_of(compiled)
    anchors = sorted(
        {violation_date} if violation_date else {v.effective_from for v in _versions(ruleset, item)}
    )
    groups = components(unknown, tests, compiled)
    known_values = {n: base[n] for n in base if n not in unknown}
    points = fact_points(compiled, unknown, tests, known_values, anchors)
    probes = probe_values(points, tests, compiled)

    def version(completion: Mapping[str, Any]) -> str | None:
        when = violation_date or _act_date(compiled, completion)
        if when is None:
            return compiled.standard.digest if len(ruleset.versions(item)) == 1 else None
        info = ruleset.in_force(item, when)
        return info.digest if info is not None and ruleset.version_on(item, when) else None

    classes = fold(compiled, tests, groups, points, dict(base), limit, version)
    combinations = 1
    for name in unknown:
        combinations *= len(points[name])
    results: list[tuple[Class, _Digest]] = []
    labels: dict[str, Penalty] = {}
    witnesses: dict[_Digest, dict[str, Any]] = {}
    for cls in classes.values():
        rec = _run(ruleset, item, known, cls.facts, violation_date, decision_date)
        # An amount base at its probe: the same class at the highest real point, to tell
        # whether a maximum keeps growing (unbounded) or has stopped (reached).
        twins = tuple(
            _run(ruleset, item, known, {**cls.facts, name: top}, violation_date, decision_date)
            for name, (probe, top) in probes.items()
            if cls.facts.get(name) == probe
        )
        digest = _digest(rec, twins)
        results.append((cls, digest))
        witnesses.setdefault(digest, cls.facts)
        for p, _imposed in presented(rec):
            labels.setdefault(p.id, p)
    digests = list(witnesses)  # one per distinct digest, in the order first met
    summary = _summarise(digests, labels, witnesses)
    ranking = _rank(results, unknown, summary, labels, compiled)
    outcomes, levels, penalties, flags, possible, if_penalty = summary
    return Envelope(
        item=item,
        item_name=compiled.name,
        outcomes=outcomes,
        levels=levels,
        penalties=penalties,
        flags=flags,
        possible_flags=possible,
        flags_if_penalty=if_penalty,
        unknown=tuple(unknown),
        next=ranking,
        classes=len(classes),
        combinations=combinations,
    )


def _act_date(item: Any, facts: Mapping[str, Any]) -> dt.date | None:
    """The violation date a case's facts give, as :func:`discretion.evaluate` reads it."""
    lim = item.limitation
    if lim is None:
        return None
    for name in (lim.end, lim.start):
        value = facts.get(name) if name else None
        if isinstance(value, dt.date):
            return value
    return None


def _versions(ruleset: RuleSet, code: str) -> tuple[Any, ...]:
    return tuple(v.standard for v in ruleset.versions(code))


def _run(
    ruleset: RuleSet,
    item: str,
    known: Mapping[str, Any],
    completion: Mapping[str, Any],
    violation_date: dt.date | None,
    decision_date: dt.date | None,
) -> Recommendation:
    facts = {**known, **{k: v for k, v in completion.items() if v is not None}}
    return evaluate(
        ruleset, item, facts, violation_date=violation_date, decision_date=decision_date
    )


def presented(rec: Recommendation) -> list[tuple[Penalty, bool]]:
    """Every penalty a recommendation presents, and whether it is recommended (imposed)."""
    out = [(p, True) for p in rec.penalties]
    out += [(p, False) for p in rec.optional_penalties]
    out += [(p, False) for option in rec.options for p in option.penalties]
    return out


@dataclass(frozen=True)
class _Digest:
    """What the envelope reads of one class's recommendation (many classes share one)."""

    outcome: str
    level: str | None
    flags: tuple[bool, ...]
    # (id, lowest min, highest max, imposed, grows past the top point of an amount base)
    penalties: tuple[tuple[str, Decimal | None, Decimal | None, bool, bool], ...]


def _digest(rec: Recommendation, twins: tuple[Recommendation, ...]) -> _Digest:
    ranges: dict[str, list[Any]] = {}
    for p, _imposed in presented(rec):
        entry = ranges.setdefault(p.id, [None, None])
        if p.min is not None and (entry[0] is None or p.min < entry[0]):
            entry[0] = p.min
        if p.max is not None and (entry[1] is None or p.max > entry[1]):
            entry[1] = p.max
    imposed = {p.id for p in rec.penalties}
    rows = []
    for pid, (low, high) in ranges.items():
        grows = any(
            high is not None and ((t := _max_of(twin, pid)) is None or high > t) for twin in twins
        )
        rows.append((pid, low, high, pid in imposed, grows))
    flags = tuple(bool(getattr(rec.flags, f)) for f in _FLAGS)
    return _Digest(rec.outcome, rec.level, flags, tuple(rows))


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


def _summarise(
    digests: list[_Digest],
    labels: Mapping[str, Penalty],
    witnesses: Mapping[_Digest, Mapping[str, Any]] | None = None,
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


def _rank(
    results: list[tuple[Class, _Digest]],
    unknown: list[str],
    summary: Summary,
    labels: Mapping[str, Penalty],
    item: CompiledItem,
) -> tuple[NextFact, ...]:
    """Each unknown fact by how much the envelope narrows once it is known (see NextFact)."""
    cache: dict[frozenset[_Digest], float] = {}
    ranked = []
    for name in unknown:
        by_value: dict[Any, set[_Digest]] = {}
        for cls, digest in results:
            for value in cls.values.get(name, ()):
                by_value.setdefault(value, set()).add(digest)
        shares = []
        for digests in by_value.values():
            key = frozenset(digests)
            if key not in cache:
                cache[key] = _narrowing(summary, _summarise(list(key), labels))
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
