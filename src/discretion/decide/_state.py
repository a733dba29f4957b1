"""The state one evaluation keeps (the item, the validated facts, the backend, the steps recorded),
shared by the stage modules. Never shared between calls: evaluations are thread-safe and re-entrant."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..compile._records import CompiledItem
from ._result import (
    Step,
    StepRecord,
)

if TYPE_CHECKING:
    from ._backend import Backend


class State:
    """The state of one evaluation; the stages (``_stage_*``) read and extend it."""

    __slots__ = ("backend", "drop", "facts", "given", "item", "lighter", "several", "steps")

    def __init__(
        self,
        item: CompiledItem,
        facts: dict[str, Any],
        backend: Backend,
        several: bool = False,
        given: tuple[str, ...] = (),
        drop: Step | None = None,
    ) -> None:
        self.item = item
        self.drop = drop  # Art. 29: the fine goes to another item; this step says so
        self.facts = facts
        self.backend = backend
        self.several = several
        self.given = given
        # The lighter-penalty list entries that apply (从轻、减轻处罚清单), found by the gate and
        # applied by the circumstances stage.
        self.lighter: list[Any] = []
        # The trace as recorded; Recommendation.steps builds the Step objects when first read.
        self.steps: list[StepRecord | Step] = []

    def read(self, names: tuple[str, ...]) -> tuple[tuple[str, Any], ...]:
        facts = self.facts
        return tuple([(n, facts[n]) for n in names])
