"""The compiled form of a standard: what evaluation reads, built once at load time.

These frozen records are produced by :mod:`discretion.compiler` from the validated rule-file models
(:mod:`discretion.model`) and read by :mod:`discretion.engine`, :mod:`discretion.check` and the
backends. Conditions are compiled predicates, amounts are shapes, bands are placement rules and
citations are rendered :class:`~discretion.result.Source` objects, so nothing is parsed again when a
case is evaluated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .amounts import Band, Shape
from .conditions import Condition
from .facts import FactField
from .model import Adjustment, Item, Procedure
from .result import Source


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


@dataclass(frozen=True, slots=True)
class CompiledLimitation:
    """Art. 36: date facts and the periods (years, condition or None, label, sources)."""

    start: str
    end: str | None
    discovered: str
    periods: tuple[tuple[int, Condition | None, tuple[str, str], tuple[Source, ...]], ...]


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
    procedure: Procedure
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
