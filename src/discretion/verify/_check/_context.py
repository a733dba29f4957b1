"""What every check family shares: the rule set, the limit, the counters and where entries stand.

Enters: a loaded :class:`~discretion.compile._ruleset.RuleSet`. Leaves: a :class:`Checker` the
families (``_levels``, ``_bands``, ``_penalties``, ``_citations``, ``_circumstances``,
``_cases``) append their problems and notes to, each with the file and line of its entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ...compile._records import CompiledItem
from ...compile._ruleset import RuleSet
from ...decide._result import Recommendation
from ...format import _yaml
from ._problems import Problem

DEFAULT_LIMIT = 100_000
"""Combinations of fact values enumerated per question before the check says it stopped."""

Key = tuple[Any, ...]
"""The key of one case's answer, within its item: the names of the facts its space varies, then
their values (``_circumstances.outcome_key``)."""


@dataclass(frozen=True, slots=True)
class DecidedPenalty:
    """One penalty of a case decided as columns: its id and range (``None``: no amount)."""

    id: str
    min: Decimal | None
    max: Decimal | None
    label: str = ""


@dataclass(frozen=True, slots=True)
class Decided:
    """What the circumstance check compares of a case decided as columns (:mod:`._columns`):
    the outcome and the penalties imposed, as a :class:`~discretion.decide._result.Recommendation`
    has them."""

    outcome: str
    penalties: tuple[DecidedPenalty, ...]


class Locator:
    """Lines of entries in the loaded files (parsed again from the texts the rule set keeps)."""

    def __init__(self, ruleset: RuleSet) -> None:
        # RuleSet keeps its source texts for pickling; a public accessor is requested.
        self._texts = dict(ruleset.sources)
        self._parsed: dict[str, _yaml.Located] = {}
        self._ruleset = ruleset
        self._index: dict[str, dict[str, int]] = {}  # file → item code → its index

    def line(self, file: str, path: tuple[int | str, ...]) -> int | None:
        if file not in self._parsed:
            text = self._texts.get(file)
            if text is None:
                return None
            self._parsed[file] = _yaml.loads(text, file)
        return self._parsed[file].line_of(path)

    def item_path(self, item: CompiledItem) -> tuple[int | str, ...]:
        index = self._index.get(item.file)
        if index is None:
            items = self._ruleset.file_model(item.file).items
            # the first item of a code, as a search from the top finds it
            index = self._index[item.file] = {}
            for i, it in enumerate(items):
                index.setdefault(it.code, i)
        found = index.get(item.code)
        return () if found is None else ("items", found)

    def circumstance(self, item: CompiledItem, cid: str) -> tuple[str, tuple[int | str, ...]]:
        for k, c in enumerate(item.model.circumstances):
            if c.id == cid:
                return item.file, (*self.item_path(item), "circumstances", k)
        for k, c in enumerate(self._ruleset.file_model(item.file).circumstances):
            if c.id == cid:
                return item.file, ("circumstances", k)
        for std in self._ruleset.standards:
            if std.general:
                for k, c in enumerate(self._ruleset.file_model(std.file).circumstances):
                    if c.id == cid:
                        return std.file, ("circumstances", k)
        return item.file, self.item_path(item)


class Checker:
    """The findings so far, and the engine's answers already computed (by facts)."""

    def __init__(self, ruleset: RuleSet, limit: int, columns: bool = True) -> None:
        self.ruleset = ruleset
        self.limit = limit
        self.columns = columns  # decide the circumstance check's cases as columns first
        self.where = Locator(ruleset)
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.combinations = 0
        # The engine's answer by (item, digest, facts): the circumstance check asks again and again.
        self.outcomes: dict[Key, Recommendation | None] = {}
        # The same cases decided as columns, where the columnar plan could (``_columns``), by
        # id(item) of the items prepared for the run at hand.
        self.decided: dict[int, dict[Key, Decided]] = {}
        # The circumstance questions of the items prepared for the run at hand, by id(item).
        self.prepared: dict[int, list[Any]] = {}

    def report(
        self,
        check: str,
        item: CompiledItem,
        path: tuple[int | str, ...],
        zh: str,
        en: str,
        example: tuple[tuple[str, Any], ...] | None = None,
        hint: str | None = None,
        file: str | None = None,
        severity: str = "error",
    ) -> None:
        """One problem at the entry ``path`` of ``file`` (the item's own file by default)."""
        file = file or item.file
        problem = Problem(
            check,
            zh,
            en,
            file,
            self.where.line(file, path),
            item.code,
            _yaml.dotted(path) if path else None,
            example,
            hint,
            severity,
        )
        if problem not in self.problems:  # the same defect seen from two branches
            self.problems.append(problem)
