"""The level (exactly one must hold) and the circumstances that move within it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..compile._records import CompiledLevel
from ..errors import LevelConflictError, LevelGapError
from ._result import (
    AppliedCircumstance,
    StepRecord,
)
from ._state import State


class LevelStage(State):
    """The level (exactly one must hold) and the circumstances that move within it."""

    __slots__ = ()

    def classify(self) -> CompiledLevel:
        item = self.item
        held: list[CompiledLevel] = []
        tested: list[StepRecord] = []
        for level, rule, ok in zip(
            item.levels, item.level_rules, self.backend.levels(item, self.facts), strict=True
        ):
            if ok:
                held.append(level)
            tested.append(
                (
                    "level",
                    rule,
                    level.when.source,
                    level.when.reads,
                    ok,
                    level.sources,
                    level.detail,
                )
            )
        if len(held) != 1:
            facts = ", ".join(f"{k}={v}" for k, v in sorted(self.facts.items()))
            if not held:
                raise LevelGapError(
                    f"no discretion level holds for these facts (没有适用的裁量阶次): {facts}",
                    item=self.item.code,
                    field="levels",
                )
            raise LevelConflictError(
                f"levels {[lv.id for lv in held]} all hold for these facts (裁量阶次重叠): {facts}",
                item=self.item.code,
                field="levels",
            )
        self.steps.extend(tested)
        if item.grid is not None:
            self.steps.append(_grid_step(item.code, item.grid, self.facts, held[0]))
        return held[0]

    # -- 4 circumstances ---------------------------------------------------------------------
    def circumstances(
        self, level: CompiledLevel
    ) -> tuple[int, bool, list[AppliedCircumstance], bool | None]:
        """Returns the net direction, whether 减轻 applies, the circumstances that held, and
        whether a 从轻或者减轻 choice is offered (``True`` mandatory, ``False`` optional)."""
        mitigating = aggravating = 0
        reduce = level.reduce
        offer: bool | None = None
        applied: list[AppliedCircumstance] = []
        item = self.item
        for circ, ok in zip(
            item.circumstances, self.backend.circumstances(item, self.facts), strict=True
        ):
            if not ok:
                continue
            if circ.kind == "aggravate":
                aggravating += 1
            elif circ.kind == "mitigate":
                mitigating += 1
            elif circ.kind == "mitigate_or_reduce":
                mitigating += 1
                offer = bool(offer) or circ.mandatory
            else:
                reduce = True
            applied.append(
                AppliedCircumstance(circ.id, circ.kind, circ.label, circ.label_en, circ.mandatory)
            )
            self.steps.append(
                (
                    "circumstance",
                    f"{item.code}/circumstances/{circ.id}",
                    circ.when.source,
                    circ.when.reads,
                    circ.kind,
                    circ.sources,
                    (("label", circ.label), ("mandatory", circ.mandatory)),
                )
            )
        for entry in self.lighter:
            # 从轻、减轻处罚清单 (format lists): the list applies as a mandatory circumstance.
            plist = entry.list
            if plist.kind == "mitigate":
                mitigating += 1
            else:
                reduce = True
            cid = f"list:{plist.id}"
            applied.append(AppliedCircumstance(cid, plist.kind, entry.label, entry.label_en, True))
            self.steps.append(
                (
                    "circumstance",
                    f"{item.code}/lists/{plist.id}",
                    entry.when.source,
                    entry.when.reads,
                    plist.kind,
                    entry.sources,
                    (("label", entry.label), ("mandatory", True)),
                )
            )
        if item.adjustment.combine == "mitigation_prevails":
            net = -1 if mitigating else (1 if aggravating else 0)
        else:
            net = aggravating - mitigating
        return net, reduce, applied, offer

    # -- 5 & 6 measure and combine -----------------------------------------------------------


def _grid_step(code: str, grid: Any, facts: Mapping[str, Any], level: CompiledLevel) -> StepRecord:
    """The grid step: the value of each key that holds, and the cell's level (``compile._grid``)."""
    at = grid.locate(facts)
    keys = []
    reads: list[str] = []
    for axis, index in zip(grid.axes, at, strict=True):
        vid, label, label_en, when = axis.values[index]
        keys.append((axis.id, axis.label, axis.label_en, vid, label, label_en))
        reads += [n for n in when.reads if n not in reads]
    cell = " × ".join(k[3] for k in keys)
    return (
        "grid",
        f"{code}/grid/{'/'.join(k[3] for k in keys)}",
        cell,
        tuple(reads),
        level.id,
        grid.sources or level.sources,
        (("keys", tuple(keys)), ("level", level.id), ("label", level.label)),
    )
