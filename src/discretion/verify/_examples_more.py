"""The parts of an example case that issue 20 added: other parties, kept penalties, citations,
optional penalties, a starting point, whether a circumstance is mandatory, several violations.

Every key is optional, so every older cases file stays valid and means what it meant:

* ``parties: {party: {clause: {min, max}}}`` — the penalties on another party of the act (双罚制),
  compared like ``penalties`` (an empty mapping: that party gets none);
* ``kept: [clause ids]`` — what a no-penalty ground keeps (没收违法所得, APL Art. 28 ¶2);
* ``optional_penalties: [clause ids]`` — the clauses the law allows and the level does not choose;
* ``citations: [source keys]`` — sources the justification must cite, e.g. ``SPL/97``
  (each must appear among the steps' sources);
* ``start`` inside an expected penalty — the starting point inside the band (issue 20, point 4):
  compared where the recommendation carries one, reported as a difference where it does not;
* ``circumstances`` as a mapping ``{id: {mandatory: true}}`` besides the list of ids;
* a case with ``violations`` (several items in one case, issue 20 point 7) instead of ``item`` and
  ``facts``: each violation's own ``expect``, and ``combined: {kind: {min, max}}``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from ..compile._ruleset import RuleSet
from ..decide._case import evaluate_case
from ..decide._result import Penalty, Recommendation
from ..errors import DiscretionError

MORE_KEYS = frozenset({"parties", "kept", "optional_penalties", "citations"})
"""The expectation keys of a single case this module compares."""
SEVERAL_KEYS = frozenset({"violations", "combined", "rule"})
"""The expectation keys of a case of several violations: each violation's ``expect`` (a list in
the order of the case), each combined kind's range, and the rule applied."""

Compare = Callable[[Recommendation, dict[str, Any]], list[str]]


def compare_penalties(
    prefix: str, got: Mapping[str, Penalty], wanted: Mapping[str, Any]
) -> list[str]:
    """Ids, bounds, mode, reduced, unit and the starting point of expected penalties."""
    diffs = []
    if set(wanted) != set(got):
        diffs.append(f"{prefix}: expected {sorted(wanted)}, got {sorted(got)}")
    for pid, spec in wanted.items():
        p = got.get(pid)
        if p is None or not spec:
            continue
        for bound in ("min", "max"):
            want = None if spec.get(bound) is None else Decimal(str(spec[bound]))
            if bound in spec and getattr(p, bound) != want:
                diffs.append(
                    f"{prefix}.{pid}.{bound}: expected {spec[bound]}, got {getattr(p, bound)}"
                )
        for key in ("mode", "reduced", "unit"):
            if key in spec and spec[key] != getattr(p, key):
                diffs.append(
                    f"{prefix}.{pid}.{key}: expected {spec[key]!r}, got {getattr(p, key)!r}"
                )
        if "start" in spec:
            have = getattr(p, "start", _MISSING)
            if have is _MISSING:
                diffs.append(f"{prefix}.{pid}.start: this recommendation carries no starting point")
            elif have is None or Decimal(str(have)) != Decimal(str(spec["start"])):
                diffs.append(f"{prefix}.{pid}.start: expected {spec['start']}, got {have}")
    return diffs


_MISSING = object()


def compare_more(rec: Recommendation, expect: Mapping[str, Any]) -> list[str]:
    """The differences in the keys of :data:`MORE_KEYS` and in a start or mandatory flag."""
    diffs: list[str] = []
    if "penalties" in expect:
        for pid, spec in (expect["penalties"] or {}).items():
            if spec and "start" in spec:
                p = rec.penalty(pid)
                if p is not None:
                    diffs += compare_penalties(
                        "penalties", {pid: p}, {pid: {"start": spec["start"]}}
                    )
    if "parties" in expect:
        wanted = expect["parties"] or {}
        got = {p.id: p for p in rec.parties}
        missing = sorted(set(wanted) - set(got))
        if missing:
            diffs.append(f"parties: expected {sorted(wanted)}, got {sorted(got)}")
        for party, spec in wanted.items():
            if party in got:
                diffs += compare_penalties(
                    f"parties.{party}", {p.id: p for p in got[party].penalties}, spec or {}
                )
        extra = sorted(p for p in set(got) - set(wanted) if got[p].penalties)
        if extra:
            diffs.append(f"parties: unexpected penalties on {extra}")
    if "kept" in expect and sorted(expect["kept"] or []) != sorted(p.id for p in rec.kept):
        diffs.append(
            f"kept: expected {sorted(expect['kept'] or [])}, got {sorted(p.id for p in rec.kept)}"
        )
    if "optional_penalties" in expect:
        got_o = sorted(p.id for p in rec.optional_penalties)
        if sorted(expect["optional_penalties"] or []) != got_o:
            diffs.append(
                f"optional_penalties: expected {sorted(expect['optional_penalties'] or [])}, "
                f"got {got_o}"
            )
    if "citations" in expect:
        cited = {s.key for step in rec.steps for s in step.sources}
        for key in expect["citations"] or []:
            if key not in cited:
                diffs.append(f"citations: {key!r} is not cited (cited: {sorted(cited)[:12]}…)")
    circ = expect.get("circumstances")
    if isinstance(circ, Mapping):
        got_c = {c.id: c for c in rec.circumstances}
        # The ids are compared with the list form's check; here, whether each is mandatory.
        for cid, spec in circ.items():
            if cid in got_c and spec and "mandatory" in spec:  # noqa: SIM102 - one test per line
                if bool(spec["mandatory"]) != got_c[cid].mandatory:
                    diffs.append(
                        f"circumstances.{cid}.mandatory: expected {spec['mandatory']!r}, "
                        f"got {got_c[cid].mandatory!r}"
                    )
    return diffs


def run_several(
    rules: RuleSet,
    violations: Any,
    expect: Mapping[str, Any],
    decision_date: dt.date | None,
    compare: Compare,
) -> list[str]:
    """Evaluate a case of several violations and list what differs from its expectation."""
    try:
        case = evaluate_case(rules, {"violations": violations}, decision_date=decision_date)
    except DiscretionError as exc:
        wanted = expect.get("error")
        if wanted and any(wanted == cls.__name__ for cls in type(exc).__mro__):
            return []
        return [f"evaluation failed: {type(exc).__name__}: {exc}"]
    if "error" in expect:
        return [f"expected error {expect['error']}, got a combined recommendation"]
    diffs: list[str] = []
    if "rule" in expect and expect["rule"] != case.rule:
        diffs.append(f"rule: expected {expect['rule']!r}, got {case.rule!r}")
    for i, (rec, each) in enumerate(
        zip(case.recommendations, expect.get("violations") or [], strict=False)
    ):
        diffs += [f"violations[{i}].{d}" for d in compare(rec, dict(each or {}))]
    wanted = expect.get("combined")
    if wanted is not None:
        got = {c.kind: c for c in case.combined}
        if set(wanted) != set(got):
            diffs.append(f"combined: expected {sorted(wanted)}, got {sorted(got)}")
        for kind, spec in wanted.items():
            c = got.get(kind)
            for bound in ("min", "max"):
                if c is None or not spec or bound not in spec:
                    continue
                if getattr(c, bound) != Decimal(str(spec[bound])):
                    diffs.append(
                        f"combined.{kind}.{bound}: expected {spec[bound]}, got {getattr(c, bound)}"
                    )
    return diffs
