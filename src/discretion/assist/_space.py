"""The completions of an incomplete case, grouped into classes that evaluate alike.

An item's result depends on its facts only through the conditions it tests (levels, clause
conditions, amount switches, factor options, review grounds, no-penalty grounds, circumstances,
the limitation period) and through the few facts the engine reads directly: the party type
(procedure thresholds), the bases of amounts (货值金额, 违法所得, 面积) and the dates of Art. 36.
The domain machinery of :mod:`discretion.verify` gives, for each fact, the values that decide every
comparison a condition makes with it (:func:`~discretion.verify.boundary_points`), so enumerating
those values is exact; but the product over twenty-odd unknown facts runs to 10⁸–10⁹ cases.

So the unknown facts are split into *components*: facts that some condition reads together. Each
component is enumerated on its own, and each of its local assignments is reduced to what the
evaluation can see of it: the truth of the conditions it decides, the values of directly read
facts, whether a no-penalty or may-waive ground holds, and how many circumstances of each kind
hold (the engine combines circumstances by kind only). Components are then folded together one at
a time, keeping one representative completion per distinct *class*; once a no-penalty ground holds,
nothing else can change the result, so all such classes are one. Each class is finally evaluated
once by the real engine. Alongside each class the fold keeps, for every unknown fact, the values it
can take in that class, so the envelope *given one more fact* is read off the same classes
(:func:`discretion.assist.envelope` ranks the facts to establish next that way).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import product
from typing import Any

from ..compile._conditions import NUMERIC_TYPES, Condition
from ..compile._records import CompiledItem
from ..decide._backend import PythonBackend
from ..decide._pipeline import Evaluation
from ..errors import CaseError
from ..verify import boundary_points, space
from ..verify._domain import WITNESS_DATE, branches, factor_options

# A fact value no condition distinguishes from the highest boundary point, far above it: if a
# penalty's maximum grows between the two, the maximum is unbounded until the fact is known.
_PROBE_FACTOR = Decimal(1000)
_PROBE_FLOOR = Decimal(1_000_000_000)


@dataclass(frozen=True)
class Tests:
    """The tests of one item, sorted by what the evaluation does with them."""

    exact: tuple[Condition, ...]
    """Conditions whose own truth matters (levels, clauses, switches, factors, review grounds)."""
    barring: tuple[Condition, ...]
    """No-penalty grounds (any holding → no penalty)."""
    waiving: tuple[Condition, ...]
    """May-waive grounds (any holding → the penalty may be waived)."""
    circumstances: tuple[tuple[Condition, int], ...]
    """Each circumstance's condition and the index of its (kind, mandatory) class."""
    classes: int
    direct: frozenset[str]
    """Facts the engine reads outside conditions."""
    limitation_reads: frozenset[str]


def tests_of(item: CompiledItem) -> Tests:
    """Sort an item's conditions by how their truth reaches the result."""
    exact: list[Condition] = [lv.when for lv in item.levels]
    bases: set[str] = set()
    for clause in item.clauses:
        if clause.when is not None:
            exact.append(clause.when)
        shapes = [clause.amount, *(shape for _id, _c, shape in branches(clause.amount))]
        exact += [cond for _id, cond, _shape in branches(clause.amount)]
        bases |= {b for b in (getattr(s, "base", None) for s in shapes) if isinstance(b, str)}
    for level in item.levels:
        exact += [c for _id, opts in factor_options(level.band) for c, _pct, _label in opts]
    exact += [g.when for g in item.review_grounds if g.when is not None]
    kinds = sorted({(c.kind, c.mandatory) for c in item.circumstances})
    circs = tuple((c.when, kinds.index((c.kind, c.mandatory))) for c in item.circumstances)
    lim_reads: set[str] = set()
    if item.limitation is not None:
        lim = item.limitation
        lim_reads = set(lim.reads)
        lim_reads |= {n for _y, cond, _l, _s in lim.periods if cond for n in cond.reads}
    # The dates of Art. 36 reach the result through the limitation test and the version in
    # force, both part of a class's key; their own values are not.
    direct = bases | {"party_type"}
    return Tests(
        exact=tuple(exact),
        barring=tuple(g.when for g in item.grounds if g.effect == "no_penalty"),
        waiving=tuple(g.when for g in item.grounds if g.effect != "no_penalty"),
        circumstances=circs,
        classes=len(kinds),
        direct=frozenset(n for n in direct if n in item.fields),
        limitation_reads=frozenset(lim_reads),
    )


def components(unknown: Iterable[str], tests: Tests, item: CompiledItem) -> list[tuple[str, ...]]:
    """The unknown facts, split into groups that no condition reads across."""
    parent = {name: name for name in unknown}

    def find(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def join(names: Iterable[str]) -> None:
        inside = [n for n in names if n in parent]
        for other in inside[1:]:
            parent[find(other)] = find(inside[0])

    for cond in (*tests.exact, *tests.barring, *tests.waiving):
        join(cond.reads)
    for cond, _k in tests.circumstances:
        join(cond.reads)
    join(tests.limitation_reads)
    groups: dict[str, list[str]] = {}
    for name in sorted(parent):
        groups.setdefault(find(name), []).append(name)
    return sorted((tuple(g) for g in groups.values()), key=lambda g: (len(g), g))


def fact_points(
    item: CompiledItem,
    names: Sequence[str],
    tests: Tests,
    known: Mapping[str, Any],
    anchors: Sequence[dt.date],
) -> dict[str, tuple[Any, ...]]:
    """The values each unknown fact of a component takes: its boundary points (through
    :func:`discretion.verify.space`, which also handles facts compared with facts), a probe far
    above the top for an unbounded amount base, and for the dates of Art. 36 the days on either
    side of each limitation period counted from the known or anchor dates."""
    conds = [
        c
        for c in (
            *tests.exact,
            *tests.barring,
            *tests.waiving,
            *(c for c, _ in tests.circumstances),
        )
        if set(c.reads) & set(names)
    ]
    sp = space(item, conds, names)
    found = dict(zip(sp.names, sp.points, strict=True))
    out: dict[str, tuple[Any, ...]] = {}
    for name in names:
        field = item.fields[name]
        points = list(found.get(name) or boundary_points(field))
        spec = field.spec
        if spec.type == "date":
            points = _date_points(item, name, points, known, anchors, tests)
        elif spec.type in NUMERIC_TYPES and name in tests.direct and spec.max is None:
            top = max((p for p in points if p is not None), default=Decimal(0))
            probe = max(_PROBE_FLOOR, Decimal(top) * _PROBE_FACTOR)
            points.append(int(probe) if isinstance(top, int) else probe)
        out[name] = tuple(points)
    return out


def probe_values(
    points: Mapping[str, tuple[Any, ...]], tests: Tests, item: CompiledItem
) -> dict[str, tuple[Any, Any]]:
    """For each unbounded amount base: (probe, highest real point)."""
    out: dict[str, tuple[Any, Any]] = {}
    for name, values in points.items():
        spec = item.fields[name].spec
        if spec.type in NUMERIC_TYPES and name in tests.direct and spec.max is None:
            real = [v for v in values[:-1] if v is not None]
            if real:
                out[name] = (values[-1], max(real))
    return out


def _date_points(
    item: CompiledItem,
    name: str,
    points: list[Any],
    known: Mapping[str, Any],
    anchors: Sequence[dt.date],
    tests: Tests,
) -> list[Any]:
    """A date fact's values: the thresholds conditions compare it with, else the anchors (the
    first day of each version, or the violation date); for the dates of Art. 36, the last day
    inside and the first day outside each limitation period, counted from the known dates."""
    optional = None in points
    days = {p for p in points if p is not None and p != WITNESS_DATE} or set(anchors)
    lim = item.limitation
    if lim is not None and name in tests.limitation_reads:
        years = _periods(item)
        if name == lim.discovered:
            starts = [known[n] for n in (lim.end, lim.start) if n and known.get(n) is not None]
            for start in starts[:1] or anchors:
                days |= {_shift(start, y) + dt.timedelta(days=d) for y in years for d in (0, 1)}
        elif known.get(lim.discovered) is not None:
            seen = known[lim.discovered]
            days |= {_shift(seen, -y) - dt.timedelta(days=d) for y in years for d in (0, 1)}
    return ([None] if optional else []) + sorted(days)


def _periods(item: CompiledItem) -> list[int]:
    if item.limitation is None:
        return []
    return sorted({years for years, _c, _l, _s in item.limitation.periods})


def _shift(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# -- the fold ------------------------------------------------------------------------------------

Key = tuple[Any, ...]
BARRED: Key = ("barred",)


@dataclass
class Class:
    """One class of completions: a representative, and each unknown fact's values in the class."""

    facts: dict[str, Any]
    values: dict[str, set[Any]]


def _local_key(
    assignment: Mapping[str, Any],
    facts: dict[str, Any],
    tests: Tests,
    item: CompiledItem,
    names: frozenset[str],
    version: Callable[[Mapping[str, Any]], str | None],
) -> Key | None:
    """What the evaluation can see of one local assignment; ``None`` for no valid completion."""
    facts.update(assignment)

    def reads(cond: Condition) -> bool:
        return not names.isdisjoint(cond.reads)

    chosen: str | None = None
    dated = not names.isdisjoint(tests.limitation_reads)
    if dated:
        # The act's dates choose the version in force (Art. 37); none in force: no valid case.
        chosen = version(facts)
        if chosen is None:
            return None
    if any(c(facts) for c in tests.barring if reads(c)):
        return BARRED
    if item.limitation is not None and dated:
        probe = Evaluation(item, facts, PythonBackend())
        if probe.limitation(item.limitation):
            return BARRED
    waive = any(c(facts) for c in tests.waiving if reads(c))
    counts = [0] * tests.classes
    for cond, k in tests.circumstances:
        if reads(cond) and cond(facts):
            counts[k] += 1
    bits = tuple(bool(c(facts)) for c in tests.exact if reads(c))
    direct = tuple(assignment[n] for n in sorted(names & tests.direct))
    if dated:
        direct += (chosen,)
    return (waive, tuple(counts), bits, direct)


def _merge(a: Key, b: Key) -> Key:
    if a is BARRED or b is BARRED:
        return BARRED
    counts = tuple(x + y for x, y in zip(a[1], b[1], strict=True))
    return (a[0] or b[0], counts, a[2] + b[2], a[3] + b[3])


def fold(
    item: CompiledItem,
    tests: Tests,
    groups: Sequence[tuple[str, ...]],
    points: Mapping[str, tuple[Any, ...]],
    base: dict[str, Any],
    limit: int,
    version: Callable[[Mapping[str, Any]], str | None],
) -> dict[Key, Class]:
    """Fold the components into classes of completions (see the module docstring)."""
    empty: Key = (False, (0,) * tests.classes, (), ())
    states: dict[Key, Class] = {empty: Class({}, {})}
    for group in groups:
        names = frozenset(group)
        local: dict[Key, Class] = {}
        facts = dict(base)
        combos = 1
        for name in group:
            combos *= len(points[name])
        if combos > limit:
            raise CaseError(
                f"too many combinations of the unknown facts {list(group)} ({combos} > {limit}) "
                "(待查明事实组合过多，请先查明其中部分事实)",
                item=item.code,
                field=group[0],
            )
        for combo in product(*(points[n] for n in group)):
            assignment = dict(zip(group, combo, strict=True))
            key = _local_key(assignment, facts, tests, item, names, version)
            if key is None:
                continue
            cls = local.get(key)
            if cls is None:
                local[key] = Class(assignment, {n: {v} for n, v in assignment.items()})
            else:
                for n, v in assignment.items():
                    cls.values[n].add(v)
        merged: dict[Key, Class] = {}
        for key, cls in states.items():
            for lkey, lcls in local.items():
                new = _merge(key, lkey)
                target = merged.get(new)
                if target is None:
                    merged[new] = Class(
                        {**cls.facts, **lcls.facts},
                        {
                            **{n: set(v) for n, v in cls.values.items()},
                            **{n: set(v) for n, v in lcls.values.items()},
                        },
                    )
                else:
                    for n, v in cls.values.items():
                        target.values[n] |= v
                    for n, v in lcls.values.items():
                        target.values[n] |= v
        states = merged
        if len(states) > limit:
            raise CaseError(
                f"too many classes of completions ({len(states)} > {limit}) "
                "(待查明事实组合过多，请先查明其中部分事实)",
                item=item.code,
            )
    return states
