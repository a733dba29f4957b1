"""Evaluating a case: the public entry points, the backends, and the choice of version.

:func:`evaluate` recommends a penalty for one violation of one item; :func:`evaluate_act` for one
act under several items (Art. 29: one fine). Both choose the version of the standard in force when
the act occurred and, where the version in force at the decision is lighter, that one (Art. 37);
the stages of one evaluation live in :mod:`discretion.decide._pipeline`. Which levels and circumstances
hold is decided by a backend: the pure-Python one (the source of truth) or durable-rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from ..compile._amounts import ZERO
from ..compile._derived import refuse_given
from ..compile._facts import validate_facts
from ..compile._records import CompiledItem
from ..compile._ruleset import RuleSet
from ..errors import CaseError, FactError, did_you_mean
from ..format._limits import MAX_MAGNITUDE, NumberError, check_date
from . import _scalar
from ._backend import PYTHON, Backend, get_backend
from ._competence import with_deciding_body
from ._pipeline import Evaluation
from ._result import ActRecommendation, Flags, Recommendation, Step


def evaluate(
    ruleset: RuleSet,
    item: str,
    facts: Mapping[str, Any],
    *,
    violation_date: dt.date | None = None,
    decision_date: dt.date | None = None,
    backend: str | Backend = "python",
    decided_by: str | None = None,
) -> Recommendation:
    """Recommend a penalty for one violation.

    Args:
        ruleset: the loaded standards (:func:`discretion.load`).
        item: the item code (裁量事项编码), e.g. ``"FSL-124"``.
        facts: fact name → value, as the item declares them (``discretion list --item``).
        violation_date: when the act occurred (or ended, for a continuing act); defaults to the
            facts ``act_end_date`` or ``act_date`` when given. Picks the version in force.
        decision_date: when the penalty is decided; where a later version in force then is
            lighter, it applies (Art. 37).
        backend: ``"python"`` (default, the source of truth) or ``"durable"``.
        decided_by: the id of the body deciding (format ``bodies``): refused unless it may decide
            the item (APL Art. 17–24); the justification then says in whose name the decision is
            made (its own, or the entrusting body's, Art. 20 ¶3).

    Returns:
        The frozen :class:`~discretion.decide._result.Recommendation`.

    Raises:
        UnknownItemError: no item has this code, or none is in force at the violation date.
        FactError: a fact is unknown, missing, of the wrong type or out of bounds.
        LevelGapError / LevelConflictError: the standard has no level, or several, for the facts.
        CompetenceError: ``decided_by`` may not decide the item, or the standard names no bodies.
    """
    if decided_by is not None:
        rec = evaluate(
            ruleset,
            item,
            facts,
            violation_date=violation_date,
            decision_date=decision_date,
            backend=backend,
        )
        return with_deciding_body(ruleset, rec, decided_by)
    if violation_date is None and decision_date is None and backend == "python":
        # The plain case (no dates, the default backend, an item of one version and a case that
        # gives no date of the act): straight to the compiled path, with nothing to choose.
        found = _plain_item(ruleset, item, facts)
        if found is not None:
            for name in facts:
                if type(name) is not str:
                    _check_facts(facts, item)
            return _scalar.run(found, facts, None, None, False)
    when, decided = (
        _date_arg(violation_date, "violation_date"),
        _date_arg(decision_date, "decision_date"),
    )
    _check_facts(facts, item)
    return _evaluate(ruleset, item, facts, when, decided, get_backend(backend), False)


_MEMO = "_engine_memo"
_MEMO_MAX = 100_000


def _memo(ruleset: RuleSet) -> dict[Any, Any]:
    """A per-rule-set cache of what is derived from the rule set alone: the plain item of each
    code, and the versions chosen per date (Art. 37). Kept on the rule set (immutable, so its
    answers never change); not pickled (the rule set pickles as its sources, ``_loader``)."""
    memo: dict[Any, Any] | None = ruleset.__dict__.get(_MEMO)
    if memo is None or len(memo) > _MEMO_MAX:
        memo = {}
        ruleset.__dict__[_MEMO] = memo
    return memo


def _plain_item(ruleset: RuleSet, code: Any, facts: Any) -> CompiledItem | None:
    """The item for a case that has nothing to choose: one version, the compiled path, and no
    date of the act among the facts; ``None`` otherwise (the general path decides)."""
    if type(code) is not str or type(facts) is not dict:
        return None
    memo = _memo(ruleset)
    found: Any = memo.get(code)
    if found is None:
        found = False
        if code in ruleset:
            latest = ruleset.item(code)
            if len(ruleset.versions(code)) == 1 and not latest.needs_reference:
                lim = latest.limitation
                found = (latest, lim.start if lim else None, lim.end if lim else None)
        memo[code] = found
    if found is False:
        return None
    item, start, end = found
    if (start is not None and facts.get(start) is not None) or (
        end is not None and facts.get(end) is not None
    ):
        return None
    result: CompiledItem = item
    return result


def _item_on(ruleset: RuleSet, code: str, on: dt.date) -> CompiledItem:
    """``ruleset.item(code, on=on)``, kept per (item, date); an error is raised again each time."""
    memo = _memo(ruleset)
    key = ("on", code, on)
    found = memo.get(key)
    if found is None:
        found = memo[key] = ruleset.item(code, on=on)
    result: CompiledItem = found
    return result


def _decided_version(ruleset: RuleSet, code: str, on: dt.date) -> tuple[Any, CompiledItem | None]:
    """The version in force at the decision and the item as it has it, kept per (item, date)."""
    memo = _memo(ruleset)
    key = ("decided", code, on)
    found = memo.get(key)
    if found is None:
        info = ruleset.in_force(code, on)
        found = memo[key] = (info, ruleset.version_on(code, on) if info is not None else None)
    result: tuple[Any, CompiledItem | None] = found
    return result


def evaluate_act(
    ruleset: RuleSet,
    items: Sequence[str],
    facts: Mapping[str, Any],
    *,
    violation_date: dt.date | None = None,
    decision_date: dt.date | None = None,
    backend: str | Backend = "python",
) -> ActRecommendation:
    """Recommend penalties for one act that violates several norms (Art. 29, 一事不再罚).

    Each item is evaluated on the facts it declares (a fact no item declares is an error). At
    most one fine is kept: the one under the item whose statutory fine is higher; the other
    items' fines are removed, and their traces say so. Legality review is required (Art. 58 (3):
    several legal relationships) where the general part says so.

    Raises:
        the same errors as :func:`evaluate`; FactError for a fact no item declares.
    """
    violation_date = _date_arg(violation_date, "violation_date")
    decision_date = _date_arg(decision_date, "decision_date")
    if isinstance(items, str) or not all(isinstance(code, str) for code in items):
        raise CaseError("evaluate_act needs a list of item codes (事项编码列表)", field="items")
    if len(set(items)) != len(items) or not items:
        raise CaseError("evaluate_act needs distinct item codes, at least one", field="items")
    _check_facts(facts, None)
    engine = get_backend(backend)
    declared = {code: set(ruleset.item(code).fields) for code in items}
    everything = set().union(*declared.values())
    unknown = sorted(set(facts) - everything)
    if unknown:
        raise FactError(
            f"facts {unknown} are declared by none of the items {list(items)}",
            field=unknown[0],
            hint=did_you_mean(unknown[0], everything),
        )
    several = len(items) > 1
    recs = [
        _evaluate(
            ruleset,
            code,
            {k: v for k, v in facts.items() if k in declared[code]},
            violation_date,
            decision_date,
            engine,
            several,
        )
        for code in items
    ]
    fined = [r for r in recs if r.penalty("fine") is not None]
    if len(fined) < 2:
        return ActRecommendation(tuple(recs), fined[0].item if fined else None)
    keep = max(fined, key=_fine_weight)
    out = []
    for rec in recs:
        if rec is keep or rec.penalty("fine") is None:
            out.append(rec)
            continue
        # Evaluate again without the fine, so that everything that depends on it (the outcome,
        # the procedure flags) is computed on what is actually recommended.
        item = ruleset.item(rec.item)
        label, label_en, sources = item.principles.get("one_act", ("", "", item.penalty_basis))
        step = Step(
            "combine",
            "general/one_act",
            f"fine of {rec.item} against fine of {keep.item}",
            (),
            "fine_removed",
            sources,
            (
                ("label", label),
                ("label_en", label_en),
                ("kept", keep.item),
                ("removed", rec.item),
                ("kept_max", _fine_weight(keep)[0]),
                ("removed_max", _fine_weight(rec)[0]),
            ),
        )
        out.append(
            _evaluate(
                ruleset,
                rec.item,
                {k: v for k, v in facts.items() if k in declared[rec.item]},
                violation_date,
                decision_date,
                engine,
                several,
                step,
            )
        )
    return ActRecommendation(tuple(out), keep.item)


def _date_arg(value: Any, name: str) -> dt.date | None:
    """An API date argument: a date (a datetime counts by its day) or an ISO string, in the
    format's window; anything else is refused here rather than failing deep inside."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    elif isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise CaseError(
                f"{name} must be a date YYYY-MM-DD (日期格式应为 YYYY-MM-DD), found {value[:40]!r}",
                field=name,
            ) from None
    if not isinstance(value, dt.date):
        raise CaseError(f"{name} must be a date, found {type(value).__name__}", field=name)
    try:
        return check_date(value)
    except NumberError as exc:
        raise CaseError(str(exc), field=name) from None


def _check_facts(facts: Any, item: str | None) -> None:
    if not isinstance(facts, Mapping):
        raise FactError(
            f"facts must be a mapping of fact name to value (事实应为名称到值的映射), "
            f"found {type(facts).__name__}",
            item=item,
        )
    for name in facts:
        if not isinstance(name, str):
            raise FactError(
                f"a fact name must be text (事实名称应为文本), found {type(name).__name__}",
                item=item,
                field=repr(name)[:40],
            )


def _fine_weight(rec: Recommendation) -> tuple[Decimal, Decimal]:
    fine = rec.penalty("fine")
    assert fine is not None
    if fine.statutory_max is None and fine.statutory_min is not None:
        # an open range (format 2: 五万元以上) is heavier than any bounded fine (Art. 29)
        return (MAX_MAGNITUDE, fine.statutory_min)
    return (fine.statutory_max or ZERO, fine.statutory_min or ZERO)


def _evaluate(
    ruleset: RuleSet,
    code: str,
    facts: Mapping[str, Any],
    violation_date: dt.date | None,
    decision_date: dt.date | None,
    backend: Backend,
    several: bool,
    drop: Step | None = None,
) -> Recommendation:
    latest = ruleset.item(code)
    stated = _date_from_facts(latest, facts)
    if violation_date is not None and stated is not None and stated != violation_date:
        # One date for the version (Art. 37) and the limitation period (Art. 36): a fact that
        # contradicts the argument is refused, never silently outvoted.
        lim = latest.limitation
        name = lim.end if lim and lim.end and facts.get(lim.end) is not None else None
        name = name or (lim.start if lim else "act_date")
        raise CaseError(
            f"violation_date {violation_date.isoformat()} contradicts the fact {name} "
            f"{stated.isoformat()} (违法行为日期与事实「{name}」不一致): give one date",
            item=code,
            field=name,
        )
    when = violation_date or stated
    if violation_date is not None and stated is None:
        facts = _with_act_date(latest, facts, violation_date)
    if when is None:
        versions = ruleset.versions(code)
        if len(versions) > 1:
            raise CaseError(
                f"item {code} has {len(versions)} versions: give the violation date "
                "(violation_date, or the fact act_date) so the version in force can be chosen",
                item=code,
                field="violation_date",
            )
        old = latest
    else:
        old = _item_on(ruleset, code, when)
    new: CompiledItem | None = None
    info = None
    later = decision_date is not None and when is not None and decision_date > when
    if later:
        assert decision_date is not None
        info, decided = _decided_version(ruleset, code, decision_date)
        if info is not None and info.digest != old.standard.digest:
            new = decided
        else:
            info = None
    if info is None:
        return _run(old, facts, backend, when, decision_date, several, drop)
    # Each version is evaluated on the facts it declares; a fact that no version in play
    # declares is still an error (validate_facts reports it, with a suggestion).
    declared = set(old.fields) | (set(new.fields) if new is not None else set())
    if not set(facts) <= declared:
        unknown = sorted(set(facts) - declared)
        raise FactError(
            f"facts {unknown} are declared by neither version of {code} "
            f"({old.standard.version}, {info.version})",
            item=code,
            field=unknown[0],
            hint=did_you_mean(unknown[0], declared),
        )
    mine = {k: v for k, v in facts.items() if k in old.fields}
    rec = _run(old, mine, backend, when, decision_date, several, drop)
    assert when is not None
    assert decision_date is not None
    return _transition(
        old, new, info.version, rec, facts, backend, when, decision_date, several, drop
    )


def _with_act_date(
    item: CompiledItem, facts: Mapping[str, Any], when: dt.date
) -> Mapping[str, Any]:
    """The facts with the violation date given as an argument entered as the date of the act,
    so that the limitation period (Art. 36) reads the same date the version was chosen by."""
    lim = item.limitation
    if lim is None or lim.start not in item.fields:
        return facts
    return {**facts, lim.start: when}


def _run(
    item: CompiledItem,
    facts: Mapping[str, Any],
    backend: Backend,
    violation_date: dt.date | None,
    decision_date: dt.date | None,
    several: bool,
    drop: Step | None = None,
) -> Recommendation:
    if backend is PYTHON and not item.needs_reference:
        # the default: the compiled scalar path (decide._scalar)
        return _scalar.run(item, facts, violation_date, decision_date, several, drop)
    # Any other backend, and the reference (REFERENCE): the pipeline that explains as it decides.
    derived = item.derived
    if derived is None:
        values = validate_facts(item.fields, facts, item.code)
    else:  # a case gives the declared facts; the pipeline computes the derived ones
        refuse_given(derived, facts, item.code)
        values = validate_facts(derived.inputs, facts, item.code)
    given = tuple(sorted(k for k in facts if facts[k] is not None))
    evaluation = Evaluation(item, values, backend, several, given, drop)
    return evaluation.run(violation_date, decision_date)


def _transition(
    old: CompiledItem,
    new: CompiledItem | None,
    new_version: str,
    old_rec: Recommendation,
    facts: Mapping[str, Any],
    backend: Backend,
    violation_date: dt.date,
    decision_date: dt.date,
    several: bool,
    drop: Step | None = None,
) -> Recommendation:
    """Art. 37: keep the old version's recommendation unless the new version is lighter."""
    label, label_en, sources = old.principles.get("transition", ("", "", old.penalty_basis))
    detail: list[tuple[str, Any]] = [
        ("label", label),
        ("label_en", label_en),
        ("old_version", old.standard.version),
        ("new_version", new_version),
    ]
    if new is None:
        step = Step(
            "version",
            "general/transition",
            "the new version no longer lists the item",
            (),
            "no_longer_punished",
            sources,
            (*detail, ("applied", new_version)),
        )
        return replace(
            old_rec,
            outcome="no_penalty",
            penalties=(),
            optional_penalties=(),
            options=(),
            flags=Flags(),
            steps=(old_rec.steps[0], step, *old_rec.steps[1:]),
            notes=(*old_rec.notes, "no_longer_punished"),
        )
    new_rec = _run(
        new,
        {k: v for k, v in facts.items() if k in new.fields},
        backend,
        violation_date,
        decision_date,
        several,
        drop,
    )
    # Art. 37 concerns the law (法律、法规、规章): where the statutory clauses changed, the
    # statutory consequences are compared; where only the benchmark was revised, the new
    # benchmark applies only under a rule of its own that says so (``benchmark_transition``).
    changed = _statute(old) != _statute(new)
    rule = new.principles.get("benchmark_transition")
    if changed:
        lighter, reason = _lighter(_statutory(new_rec), _statutory(old_rec))
        basis = "statute"
    elif rule is not None:
        lighter, reason = _lighter(_recommended(new_rec), _recommended(old_rec), same_kinds=True)
        basis = "benchmark_rule"
        sources = (*sources, *rule[2])
        detail += [("rule", rule[0]), ("rule_en", rule[1])]
    else:
        lighter, reason = False, "benchmark_only"
        basis = "benchmark_only"
    chosen = new_rec if lighter else old_rec
    step = Step(
        "version",
        "general/transition",
        "is the version in force at the decision lighter?",
        (),
        "new_lighter" if lighter else "old_applies",
        sources,
        (
            *detail,
            ("applied", chosen.ruleset.version),
            ("basis", basis),
            ("reason", reason),
            ("old_figures", _figures(old_rec)),
            ("new_figures", _figures(new_rec)),
        ),
    )
    return replace(chosen, steps=(chosen.steps[0], step, *chosen.steps[1:]))


# The order in which two consequences are compared (Art. 37 "处罚较轻"), documented in
# docs (从旧兼从轻): (1) no penalty is lighter than any penalty; (2) the kinds of penalty: fewer
# kinds (a strict subset) are lighter, different kinds that are not a subset cannot be ranked
# and the old rule stays; (3) for the same kinds, each kind's range: the lower maximum is
# lighter, and where the maxima are equal the lower minimum (the order of 最高人民法院《关于适用
# 刑法第十二条几个问题的解释》法释〔1997〕12号 第一条, which courts borrow for 从旧兼从轻). The new
# rule applies only where it is strictly lighter and heavier in no kind.
_Consequence = tuple[tuple[str, Decimal | None, Decimal | None, str | None], ...] | None


def _statute(item: CompiledItem) -> tuple[Any, ...]:
    """What the statute fixes for an item: its clauses' kinds, modes and statutory bounds."""
    return tuple(
        (
            c.kind,
            c.mode,
            c.group,
            c.when.source if c.when is not None else None,
            tuple(c.amount.bounds()) if c.amount is not None else None,
            tuple(s.key for s in c.sources),
        )
        for c in item.clauses
    )


def _statutory(rec: Recommendation) -> _Consequence:
    """The statutory consequence for the case: no penalty (None), or each kind's statutory range."""
    if rec.outcome == "no_penalty":
        return None
    return tuple(sorted((p.kind, p.statutory_min, p.statutory_max, p.unit) for p in rec.penalties))


def _recommended(rec: Recommendation) -> _Consequence:
    """The benchmark's consequence for the case: each kind's recommended range."""
    if rec.outcome == "no_penalty":
        return None
    return tuple(sorted((p.kind, p.min, p.max, p.unit) for p in rec.penalties))


def _lighter(new: _Consequence, old: _Consequence, same_kinds: bool = False) -> tuple[bool, str]:
    """Is ``new`` strictly lighter than ``old`` in the documented order? And the reason."""
    if old is None:
        return False, "old_no_penalty"
    if new is None:
        # A benchmark cannot remove a penalty the statute imposes: under a benchmark rule, a
        # case the new table has no row for is not "lighter".
        return (False, "new_no_row") if same_kinds else (True, "new_no_penalty")
    old_by = {k: (lo, hi, u) for k, lo, hi, u in old}
    new_by = {k: (lo, hi, u) for k, lo, hi, u in new}
    if set(new_by) != set(old_by):
        if same_kinds or not set(new_by) < set(old_by):
            return False, "kinds_not_comparable"
        return True, "fewer_kinds"
    strictly = False
    for kind, (lo, hi, unit) in new_by.items():
        olo, ohi, ounit = old_by[kind]
        if unit != ounit:
            return False, "units_differ"
        key_new = (hi if hi is not None else ZERO, lo if lo is not None else ZERO)
        key_old = (ohi if ohi is not None else ZERO, olo if olo is not None else ZERO)
        if key_new > key_old:
            return False, "range_heavier"
        strictly = strictly or key_new < key_old
    return (True, "range_lighter") if strictly else (False, "same")


def _figures(rec: Recommendation) -> tuple[tuple[str, ...], ...]:
    """Each penalty of a recommendation as (label, English label, unit, statutory min, max,
    recommended min, max), text, for the side-by-side comparison in the version step."""
    if rec.outcome == "no_penalty":
        return ()

    def txt(value: Decimal | None) -> str:
        return "" if value is None else format(value.normalize(), "f")

    return tuple(
        (
            p.label,
            p.label_en,
            p.unit or "",
            txt(p.statutory_min),
            txt(p.statutory_max),
            txt(p.min),
            txt(p.max),
        )
        for p in rec.penalties
    )


def _date_from_facts(item: CompiledItem, facts: Mapping[str, Any]) -> dt.date | None:
    limitation = item.limitation
    if limitation is None or not isinstance(facts, Mapping):
        return None  # the fact validation that follows reports a non-mapping
    names = (limitation.end, limitation.start)
    for name in names:
        if name and facts.get(name) is not None and name in item.fields:
            try:
                value = item.fields[name].convert(facts[name])
            except Exception:  # the fact validation that follows reports it
                return None
            return value if isinstance(value, dt.date) else None
    return None
