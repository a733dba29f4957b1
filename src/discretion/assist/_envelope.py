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
from typing import Any

from ..compile._facts import validate_facts
from ..compile._ruleset import RuleSet
from ..decide._engine import evaluate
from ..decide._result import Penalty, Recommendation
from ..errors import FactError, did_you_mean
from ..verify import witness
from ._space import Class, components, fact_points, fold, probe_values, tests_of
from ._summary import Digest, NextFact, PenaltyEnvelope, digest_of, presented, rank, summarise


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
    results: list[tuple[Class, Digest]] = []
    labels: dict[str, Penalty] = {}
    witnesses: dict[Digest, dict[str, Any]] = {}
    for cls in classes.values():
        rec = _run(ruleset, item, known, cls.facts, violation_date, decision_date)
        # An amount base at its probe: the same class at the highest real point, to tell
        # whether a maximum keeps growing (unbounded) or has stopped (reached).
        twins = tuple(
            _run(ruleset, item, known, {**cls.facts, name: top}, violation_date, decision_date)
            for name, (probe, top) in probes.items()
            if cls.facts.get(name) == probe
        )
        digest = digest_of(rec, twins)
        results.append((cls, digest))
        witnesses.setdefault(digest, cls.facts)
        for p, _imposed in presented(rec):
            labels.setdefault(p.id, p)
    digests = list(witnesses)  # one per distinct digest, in the order first met
    summary = summarise(digests, labels, witnesses)
    ranking = rank(results, unknown, summary, labels, compiled)
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
