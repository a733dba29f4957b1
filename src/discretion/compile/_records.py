"""The compiled form of a standard: what evaluation reads, built once at load time.

These frozen records are produced by :mod:`discretion.compile._compiler` from the validated rule-file models
(:mod:`discretion.format._model`) and read by :mod:`discretion.decide._engine`, :mod:`discretion.verify._check` and the
backends. Conditions are compiled predicates, amounts are shapes, bands are placement rules and
citations are rendered :class:`~discretion.decide._result.Source` objects, so nothing is parsed again when a
case is evaluated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..format._model import Adjustment, Item, Procedure
from ._amounts import Band, Shape
from ._conditions import Condition
from ._facts import FactField

# Derived fields: the constant parts of an item's trace (rule ids, the fixed pairs of a step's
# detail), computed once when a record is built so that an evaluation does not rebuild them for
# every case (see discretion.decide._pipeline). They follow from the other fields, so they are left out of
# __init__, repr and comparisons.


def _derive(record: Any, **values: Any) -> None:
    for name, value in values.items():
        object.__setattr__(record, name, value)  # frozen: set once, in __post_init__


@dataclass(frozen=True, slots=True)
class Source:
    """A legal source a step rests on, rendered once at load time.

    Attributes:
        key: stable identifier, e.g. ``FSL/124/1``.
        zh: Chinese citation, e.g. 《中华人民共和国食品安全法》第一百二十四条第一款.
        en: English citation, e.g. Food Safety Law, Art. 124 ¶1.
    """

    key: str
    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class RulesetRef:
    """Which standard produced a recommendation: enough to replay it."""

    id: str
    version: str
    digest: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class StandardInfo:
    """Metadata of a loaded standard, with its content digest."""

    id: str
    title: str
    title_en: str | None
    authority: str
    jurisdiction: str
    field: str
    version: str
    effective_from: Any
    effective_to: Any
    source: str
    file: str
    digest: str
    general: bool


@dataclass(frozen=True, slots=True)
class CompiledClause:
    id: str
    kind: str
    mode: str
    label: str
    label_en: str
    group: str | None
    amount: Shape | None
    when: Condition | None
    levels: frozenset[str] | None
    primary: bool
    sources: tuple[Source, ...]
    case_labels: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    case_sources: Mapping[str, tuple[Source, ...]] = field(default_factory=dict)
    """Switch branch id → the branch's own sources, for branches that cite their own provision
    (format 2, issue 20 point 8); a branch not listed cites the clause's ``sources``."""
    case_modes: Mapping[str, str] = field(default_factory=dict)
    """Switch branch id → the branch's own combination mode (format 2, issue 20 point 8: 并处 on
    one branch, 可以并处 on another); a branch not listed keeps the clause's ``mode``."""
    labels: tuple[tuple[str, Any], ...] = field(init=False, repr=False, compare=False)
    """Its ``label`` and ``label_en`` pairs, the detail of the step when its condition fails."""
    head: tuple[tuple[str, Any], ...] = field(init=False, repr=False, compare=False)
    """The first pairs of its step's detail when it is measured."""
    off_level_test: str = field(init=False, repr=False, compare=False)
    """The test of the step saying that the level reached does not impose it."""
    off_level_head: tuple[tuple[str, Any], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        labels = (("label", self.label), ("label_en", self.label_en))
        levels = tuple(sorted(self.levels or ()))
        _derive(
            self,
            labels=labels,
            head=(*labels, ("mode", self.mode), ("kind", self.kind), ("group", self.group)),
            off_level_test="levels: " + ", ".join(levels),
            off_level_head=(*labels, ("levels", levels)),
        )


@dataclass(frozen=True, slots=True)
class CompiledLevel:
    id: str
    label: str
    label_en: str
    when: Condition
    circumstances: str
    band: Band
    impose: frozenset[str]
    reduce: bool
    sources: tuple[Source, ...]
    may_add: frozenset[str] | None = None
    """Members of a 单处或者并处 group the officer may still add (format 2); None: every other."""
    detail: tuple[tuple[str, Any], ...] = field(init=False, repr=False, compare=False)
    """Its step's detail."""

    def __post_init__(self) -> None:
        _derive(
            self,
            detail=(
                ("level", self.id),
                ("label", self.label),
                ("label_en", self.label_en),
                ("circumstances", self.circumstances),
            ),
        )


@dataclass(frozen=True, slots=True)
class CompiledCircumstance:
    id: str
    kind: str
    label: str
    label_en: str
    when: Condition
    mandatory: bool
    sources: tuple[Source, ...]
    general: bool


@dataclass(frozen=True, slots=True)
class CompiledGround:
    """A no-penalty ground: ``effect`` is ``no_penalty`` or ``may_waive``."""

    id: str
    label: str
    label_en: str
    when: Condition
    effect: str
    sources: tuple[Source, ...]
    origin: str = "general"
    """Where the ground is set: ``general`` (the law, in the general part), ``standard`` or ``item``."""
    duty: tuple[str, str, tuple[Source, ...]] | None = None
    """What the authority must do when it does not punish (Art. 33 ¶3), with its sources."""
    keeps: tuple[str, ...] = ()
    """Penalty kinds still imposed when the ground holds (APL Art. 28 ¶2, FSL Art. 136)."""
    keep: tuple[str, str, tuple[Source, ...]] | None = None
    """The wording (zh, en) of what is kept and the law that keeps it."""


@dataclass(frozen=True, slots=True)
class CompiledParty:
    """Another party of the act (双罚制): its wording, type, citation and its clauses' ids."""

    id: str
    label: str
    label_en: str
    party_type: str
    sources: tuple[Source, ...]
    clauses: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CompiledBody:
    """A body that may decide an item (format ``bodies``), and in whose name it decides."""

    id: str
    name: str
    name_en: str
    basis: str
    """``statutory`` (法定职权), ``conferred`` (赋权, APL Art. 24) or ``entrusted`` (委托, Art. 20)."""
    in_name_of: str
    """The name the decision is made in: the body's own, or the entrusting body's."""
    in_name_of_en: str
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class CompiledSeveral:
    """How several separate violations in one case combine (format ``several``)."""

    rule: str
    kinds: tuple[str, ...]
    cap: Mapping[str, Any]
    label: str
    label_en: str
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class CompiledLimitation:
    """Art. 36: date facts and the periods (years, condition or None, label, sources)."""

    start: str
    end: str | None
    discovered: str
    periods: tuple[tuple[int, Condition | None, tuple[str, str], tuple[Source, ...]], ...]
    reads: tuple[str, ...] = field(init=False, repr=False, compare=False)
    """The date facts its step reads."""

    def __post_init__(self) -> None:
        _derive(self, reads=tuple(n for n in (self.start, self.end, self.discovered) if n))


@dataclass(frozen=True, slots=True)
class CompiledReviewGround:
    """A ground of Art. 58 that makes legality review mandatory."""

    id: str
    label: str
    label_en: str
    when: Condition | None
    on_hearing: bool
    on_several_items: bool
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class CompiledItem:
    """An item ready to evaluate: compiled facts, clauses, levels and circumstances."""

    code: str
    name: str
    name_en: str
    standard: StandardInfo
    fields: Mapping[str, FactField]
    clauses: tuple[CompiledClause, ...]
    levels: tuple[CompiledLevel, ...]
    circumstances: tuple[CompiledCircumstance, ...]
    orders: tuple[str, ...]
    legal_basis: tuple[Source, ...]
    penalty_basis: tuple[Source, ...]
    adjustment: Adjustment
    procedure: Procedure | None
    """``None``: the standard uses no general part and declares no procedure (no flags)."""
    procedure_sources: Mapping[str, tuple[Source, ...]]
    model: Item = field(repr=False)
    grounds: tuple[CompiledGround, ...] = ()
    limitation: CompiledLimitation | None = None
    review_grounds: tuple[CompiledReviewGround, ...] = ()
    principles: Mapping[str, tuple[str, str, tuple[Source, ...]]] = field(default_factory=dict)
    labels: tuple[tuple[str, str], ...] = ()
    labels_en: tuple[tuple[str, str], ...] = ()
    ground_sources: tuple[Source, ...] = ()
    file: str = ""
    line: int | None = None
    derived: Any = None  # a compile._derived.DerivedSet (not imported: _derived imports this)
    """The item's derived facts (推算事实, ``compile._derived``); an item with any is decided by the
    reference pipeline (``needs_reference``)."""
    grid: Any = None
    """The item's grid (``compile._grid.CompiledGrid``), or None: its levels are chosen by keys."""
    point: Any = None
    """The item's point inside the band (``compile._point.CompiledPoint``), or None."""
    after: tuple[Any, ...] = ()
    """The item's adjustments after banding (``compile._after.CompiledAfter``), in order."""
    lists: tuple[Any, ...] = ()
    """The entries of no-penalty lists that name the item (``compile._lists.CompiledListEntry``)."""
    needs_reference: bool = False
    """Set by the compiler for an item using a shape the compiled scalar path does not decide: its
    cases go through the reference pipeline (``decide._pipeline``) instead, with the same answer."""
    parties: tuple[CompiledParty, ...] = ()
    """The other parties of the act (双罚制) and their clauses (format ``parties``)."""
    applies_to: frozenset[str] | None = None
    """The party types the item applies to; ``None``: every type."""
    several: CompiledSeveral | None = None
    """The standard's rule for several separate violations in one case, if it declares one."""
    kinds: Mapping[str, Any] = field(default_factory=dict)
    """The declared penalty kinds (format ``kinds``, ``compile._kinds.CompiledKind``) the item's
    clauses use, by id; an item with any is decided by the reference pipeline."""
    competence: tuple[CompiledBody, ...] = ()
    """The bodies that may decide the item (format ``bodies``/``competence``); empty: the
    standard names none, so ``evaluate(decided_by=...)`` cannot check competence."""
    ref: RulesetRef = field(init=False, repr=False, compare=False)
    """The standard, as a recommendation names it."""
    facts_rule: str = field(init=False, repr=False, compare=False)
    facts_head: tuple[tuple[str, Any], ...] = field(init=False, repr=False, compare=False)
    """The first pairs of the facts step's detail."""
    basis_detail: tuple[str, Any] = field(init=False, repr=False, compare=False)
    """The facts step's ``penalty_basis`` pair."""
    ground_ids: tuple[str, ...] = field(init=False, repr=False, compare=False)
    fact_names: tuple[str, ...] = field(init=False, repr=False, compare=False)
    """The names of ``fields``, sorted: validated facts hold every one, so this is their order."""
    level_rules: tuple[str, ...] = field(init=False, repr=False, compare=False)
    """One per level, in order; so for clauses."""
    clause_rules: tuple[str, ...] = field(init=False, repr=False, compare=False)
    program: Any = field(default=None, init=False, repr=False, compare=False)
    """The compiled scalar path's program (``decide._scalar.Program``), built on first evaluation."""

    def __post_init__(self) -> None:
        code, std = self.code, self.standard
        _derive(
            self,
            ref=RulesetRef(std.id, std.version, std.digest, std.title),
            facts_rule=f"{code}/facts",
            facts_head=(
                ("item", code),
                ("item_name_en", self.name_en),
                ("title_en", std.title_en or std.title),
                ("labels", self.labels),
                ("labels_en", self.labels_en),
            ),
            basis_detail=("penalty_basis", tuple((s.key, s.zh, s.en) for s in self.penalty_basis)),
            ground_ids=tuple(g.id for g in self.grounds),
            fact_names=tuple(sorted(self.fields)),
            level_rules=tuple(f"{code}/levels/{lv.id}" for lv in self.levels),
            clause_rules=tuple(f"{code}/penalties/{c.id}" for c in self.clauses),
        )
