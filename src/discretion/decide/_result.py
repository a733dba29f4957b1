"""Immutable results: the recommendation, its penalties, flags and the trace of steps.

The justification (Chinese or English) and the JSON form are renderings of these objects; nothing
here is recomputed when rendering. Money is ``Decimal`` in yuan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any, Literal

from ..compile._records import RulesetRef, Source

Outcome = Literal["penalty", "no_penalty", "may_waive"]


@dataclass(frozen=True, slots=True, init=False)
class Step:
    """One step of the evaluation trace.

    Attributes:
        stage: ``facts``, ``gate``, ``level``, ``circumstance``, ``penalty``, ``combine`` or
            ``procedure``.
        rule: the rule's identifier, e.g. ``FSL-124/levels/serious``.
        test: what was tested (a condition's text, or a named check).
        reads: the facts the test read, as ``(name, value)`` pairs.
        outcome: what the test gave (``True``/``False`` or a short word).
        sources: the legal citations the step rests on (never empty).
        detail: figures for the renderer, as ``(key, value)`` pairs.
    """

    stage: str
    rule: str
    test: str
    reads: tuple[tuple[str, Any], ...]
    outcome: bool | str
    sources: tuple[Source, ...]
    detail: tuple[tuple[str, Any], ...] = ()

    def __init__(
        self,
        stage: str,
        rule: str,
        test: str,
        reads: tuple[tuple[str, Any], ...],
        outcome: bool | str,
        sources: tuple[Source, ...],
        detail: tuple[tuple[str, Any], ...] = (),
    ) -> None:
        # The fields are set through their slot descriptors (see _slot_setters): an evaluation
        # builds some twenty steps, and this is cheaper than the generated frozen __init__.
        _stage(self, stage)
        _rule(self, rule)
        _test(self, test)
        _reads(self, reads)
        _outcome(self, outcome)
        _sources(self, sources)
        _detail(self, detail)

    def get(self, key: str, default: Any = None) -> Any:
        """A value from ``detail``."""
        for k, v in self.detail:
            if k == key:
                return v
        return default


@dataclass(frozen=True, slots=True, init=False)
class Penalty:
    """One recommended penalty with its range.

    ``min``/``max`` are ``None`` for penalties without an amount (a warning, a confiscation of
    all illegal gains, a revocation). ``statutory_min``/``statutory_max`` give the range the
    statute allows for these facts, so a reviewer sees the band inside it.
    """

    id: str
    kind: str
    label: str
    label_en: str
    mode: str
    min: Decimal | None = None
    max: Decimal | None = None
    unit: str | None = None
    statutory_min: Decimal | None = None
    statutory_max: Decimal | None = None
    reduced: bool = False
    imposed: bool = True

    def __init__(
        self,
        id: str,
        kind: str,
        label: str,
        label_en: str,
        mode: str,
        min: Decimal | None = None,
        max: Decimal | None = None,
        unit: str | None = None,
        statutory_min: Decimal | None = None,
        statutory_max: Decimal | None = None,
        reduced: bool = False,
        imposed: bool = True,
    ) -> None:
        # Set through the slot descriptors, as Step does (several penalties per evaluation).
        _p_id(self, id)
        _p_kind(self, kind)
        _p_label(self, label)
        _p_label_en(self, label_en)
        _p_mode(self, mode)
        _p_min(self, min)
        _p_max(self, max)
        _p_unit(self, unit)
        _p_statutory_min(self, statutory_min)
        _p_statutory_max(self, statutory_max)
        _p_reduced(self, reduced)
        _p_imposed(self, imposed)

    @classmethod
    def of(cls, clause: Any, **amounts: Any) -> Penalty:
        """The penalty of a compiled clause (its id, kind, labels and mode) with ``amounts``.

        For the reference pipeline; the compiled path (``_record``) builds penalties positionally.
        """
        return cls(clause.id, clause.kind, clause.label, clause.label_en, clause.mode, **amounts)


def _slot_setters(cls: type, names: tuple[str, ...]) -> tuple[Callable[[Any, Any], None], ...]:
    """The ``__set__`` of each field's slot descriptor, in field order.

    A frozen dataclass refuses ``self.x = …``; its generated ``__init__`` therefore calls
    ``object.__setattr__`` for every field, which costs about 40 % more than setting the slot
    directly. The check keeps a hand-written ``__init__`` from falling behind its fields.
    """
    if tuple(f.name for f in fields(cls)) != names:
        raise AssertionError(f"{cls.__name__}.__init__ no longer matches its fields")
    return tuple(cls.__dict__[name].__set__ for name in names)


_stage, _rule, _test, _reads, _outcome, _sources, _detail = _slot_setters(
    Step, ("stage", "rule", "test", "reads", "outcome", "sources", "detail")
)
(
    _p_id,
    _p_kind,
    _p_label,
    _p_label_en,
    _p_mode,
    _p_min,
    _p_max,
    _p_unit,
    _p_statutory_min,
    _p_statutory_max,
    _p_reduced,
    _p_imposed,
) = _slot_setters(
    Penalty,
    (
        "id",
        "kind",
        "label",
        "label_en",
        "mode",
        "min",
        "max",
        "unit",
        "statutory_min",
        "statutory_max",
        "reduced",
        "imposed",
    ),
)


@dataclass(frozen=True, slots=True)
class Flags:
    """Procedure flags.

    Attributes:
        summary_procedure: the summary procedure (当场处罚, Art. 51) is open.
        hearing: the party has a hearing right (听证, Art. 63) if the decision reaches the threshold.
        legality_review: legality review (法制审核, Art. 58) is required before the decision.
        reduced: the recommendation goes below the statutory minimum or drops a combined type (减轻).

    The first three are ``None`` when the standard declares no procedure (it uses no general
    part and has no ``procedure`` block): the law it applies sets its own, not encoded.
    """

    summary_procedure: bool | None = False
    hearing: bool | None = False
    legality_review: bool | None = False
    reduced: bool = False


@dataclass(frozen=True, slots=True)
class AppliedCircumstance:
    """A circumstance (情节) that held for the case."""

    id: str
    kind: str
    label: str
    label_en: str
    mandatory: bool


@dataclass(frozen=True, slots=True)
class PartyPenalties:
    """The penalties on another party of the same act (双罚制), beside the party's own.

    Attributes:
        id: the party's id in the item (e.g. ``responsible``).
        label: its name as the statute words it (直接负责的主管人员和其他直接责任人员).
        party_type: ``individual`` (公民) or ``organisation``.
        penalties: the penalties imposed on it, each with its own statutory range.
        optional_penalties: those the law allows but the level does not choose.
    """

    id: str
    label: str
    label_en: str
    party_type: str
    penalties: tuple[Penalty, ...]
    optional_penalties: tuple[Penalty, ...] = ()


@dataclass(frozen=True, slots=True)
class Option:
    """One of the choices the law leaves to the deciding officer (从轻或者减轻).

    Attributes:
        choice: ``"mitigate"`` (从轻, inside the statutory range) or ``"reduce"`` (减轻, below
            the minimum).
        penalties: the penalties under this choice.
        mandatory: ``True`` where the law says 应当从轻或者减轻 (one of the options must be
            taken), ``False`` where it says 可以.
    """

    choice: str
    penalties: tuple[Penalty, ...]
    mandatory: bool


StepRecord = tuple[str, str, str, tuple[str, ...], bool | str, tuple[Source, ...], tuple[Any, ...]]
"""A step as an evaluation records it: :class:`Step`'s fields, with the names of the facts read
in place of ``reads``."""


class Deferred:
    """A stand-in for fields of a :class:`Recommendation` built on their first read (:class:`_Lazy`)."""

    __slots__ = ()


class Trace(Deferred):
    """The steps of one evaluation, as recorded, until a reader asks for them.

    Most callers of ``evaluate`` read the level and the ranges, not the trace; building its 15–20
    :class:`Step` objects was a fifth of an evaluation (benchmarks/NOTES.md). So the pipeline records
    each step as a :data:`StepRecord` (or a finished :class:`Step`), and the first read of
    :attr:`Recommendation.steps` turns the records into steps, once. Nothing is decided again
    then: each record already holds the outcome and the detail, and ``reads`` pairs each name with
    its value in the evaluation's validated facts, which nothing changes after validation.
    """

    __slots__ = ("facts", "records")

    def __init__(self, facts: Mapping[str, Any], records: tuple[StepRecord | Step, ...]) -> None:
        self.facts = facts
        self.records = records

    def steps(self) -> tuple[Step, ...]:
        """The steps, built from the records (a new tuple on every call)."""
        facts = self.facts
        return tuple(
            [
                r
                if isinstance(r, Step)
                # stage, rule, test, (name, value) for each name read, outcome, sources, detail
                else Step(r[0], r[1], r[2], tuple([(n, facts[n]) for n in r[3]]), r[4], r[5], r[6])
                for r in self.records
            ]
        )


class _Lazy:
    """A field of :class:`Recommendation` that the slot holds as itself, or as what it is built from.

    ``steps`` and ``facts`` are read by renderers, JSON and the review log, seldom by a caller that
    wants the level; the penalties' Decimal amounts are made from the record's integer ranges. The compiled path (:mod:`._record`) and the reference pipeline
    hand them over unbuilt (a :class:`Trace`, or the record's ``RecordTrace``); on the first read
    the descriptor calls the stand-in's method of the field's name, stores the tuple in the slot in
    place of the stand-in and returns it. So the fields of a recommendation (and its equality,
    hash, repr, pickling and ``dataclasses.replace``, which read them) are always the tuples. Two
    threads reading at once may each build the tuple; they get equal tuples, and whichever is
    stored last stays. No other state is shared.
    """

    __slots__ = ("name", "slot")

    def __init__(self, slot: Any, name: str) -> None:
        self.slot = slot
        self.name = name

    def __get__(self, rec: Any, owner: Any = None) -> Any:
        if rec is None:
            return self
        value = self.slot.__get__(rec, owner)
        if type(value) is not tuple and isinstance(value, Deferred):
            value = getattr(value, self.name)()
            self.slot.__set__(rec, value)
        return value

    def __set__(self, rec: Any, value: Any) -> None:
        self.slot.__set__(rec, value)


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A recommended penalty for one violation, with the trace that justifies it.

    Render it with :func:`discretion.render_text` (Chinese by default) or
    :func:`discretion.to_json`. ``evaluate`` hands ``steps`` over as a :class:`Trace`; its first
    read builds the tuple of steps and keeps it (see :class:`Trace`).
    """

    outcome: Outcome
    item: str
    item_name: str
    level: str | None
    level_label: str | None
    penalties: tuple[Penalty, ...]
    optional_penalties: tuple[Penalty, ...]
    circumstances: tuple[AppliedCircumstance, ...]
    flags: Flags
    orders: tuple[str, ...]
    facts: tuple[tuple[str, Any], ...]
    steps: tuple[Step, ...]
    ruleset: RulesetRef
    violation_date: dt.date | None = None
    decision_date: dt.date | None = None
    notes: tuple[str, ...] = field(default=())
    options: tuple[Option, ...] = ()
    grounds: tuple[str, ...] = ()
    parties: tuple[PartyPenalties, ...] = ()
    """The penalties on the other parties of the act (双罚制), one entry per party."""
    kept: tuple[Penalty, ...] = ()
    """What a no-penalty or may-waive ground keeps (e.g. 没收违法所得, APL Art. 28 ¶2): imposed
    even when no penalty is, or when the authority waives it."""

    def penalty(self, kind_or_id: str) -> Penalty | None:
        """The recommended penalty with this id or kind, if any."""
        for p in self.penalties:
            if kind_or_id in (p.id, p.kind):
                return p
        return None


_RECOMMENDATION_FIELDS = (
    "outcome",
    "item",
    "item_name",
    "level",
    "level_label",
    "penalties",
    "optional_penalties",
    "circumstances",
    "flags",
    "orders",
    "facts",
    "steps",
    "ruleset",
    "violation_date",
    "decision_date",
    "notes",
    "options",
    "grounds",
    "parties",
    "kept",
)
_recommendation_setters = _slot_setters(Recommendation, _RECOMMENDATION_FIELDS)

# These slots are read and written through _Lazy from here on, so that an evaluation may give them
# a stand-in (typed as the tuple it stands for) that the first read builds.
for _name in ("steps", "facts", "penalties", "optional_penalties", "options"):
    setattr(Recommendation, _name, _Lazy(Recommendation.__dict__[_name], _name))


(
    _r_outcome,
    _r_item,
    _r_item_name,
    _r_level,
    _r_level_label,
    _r_penalties,
    _r_optional_penalties,
    _r_circumstances,
    _r_flags,
    _r_orders,
    _r_facts,
    _r_steps,
    _r_ruleset,
    _r_violation_date,
    _r_decision_date,
    _r_notes,
    _r_options,
    _r_grounds,
    _r_parties,
    _r_kept,
) = _recommendation_setters


def new_recommendation(
    outcome: Any,
    item: Any,
    item_name: Any,
    level: Any,
    level_label: Any,
    penalties: Any,
    optional_penalties: Any,
    circumstances: Any,
    flags: Any,
    orders: Any,
    facts: Any,
    steps: Any,
    ruleset: Any,
    violation_date: Any,
    decision_date: Any,
    notes: Any,
    options: Any,
    grounds: Any,
    parties: Any = (),
    kept: Any = (),
) -> Recommendation:
    """A :class:`Recommendation` from all its fields, set through the slots' descriptors.

    The compiled path builds one per evaluation; the dataclass's generated frozen ``__init__``
    sets each of the 20 fields with ``object.__setattr__``, about twice the cost of this."""
    rec: Recommendation = object.__new__(Recommendation)
    _r_outcome(rec, outcome)
    _r_item(rec, item)
    _r_item_name(rec, item_name)
    _r_level(rec, level)
    _r_level_label(rec, level_label)
    _r_penalties(rec, penalties)
    _r_optional_penalties(rec, optional_penalties)
    _r_circumstances(rec, circumstances)
    _r_flags(rec, flags)
    _r_orders(rec, orders)
    _r_facts(rec, facts)
    _r_steps(rec, steps)
    _r_ruleset(rec, ruleset)
    _r_violation_date(rec, violation_date)
    _r_decision_date(rec, decision_date)
    _r_notes(rec, notes)
    _r_options(rec, options)
    _r_grounds(rec, grounds)
    _r_parties(rec, parties)
    _r_kept(rec, kept)
    return rec


_FLAGS = tuple(Flags(bool(i & 8), bool(i & 4), bool(i & 2), bool(i & 1)) for i in range(16))


def flags_of(summary: bool, hearing: bool, review: bool, reduced: bool) -> Flags:
    """The (shared, immutable) :class:`Flags` with these four values."""
    return _FLAGS[summary * 8 + hearing * 4 + review * 2 + reduced]


@dataclass(frozen=True, slots=True)
class ActRecommendation:
    """One act that violates several norms (Art. 29): one fine, under the norm with the higher fine.

    Attributes:
        recommendations: one per item, in the order asked; the fines of all but ``fine_item``
            are removed (and the removal is a step of their trace).
        fine_item: the item whose fine is kept, or ``None`` when no item fines.
    """

    recommendations: tuple[Recommendation, ...]
    fine_item: str | None

    def recommendation(self, item: str) -> Recommendation:
        """The recommendation for one item code."""
        for rec in self.recommendations:
            if rec.item == item:
                return rec
        raise KeyError(item)
