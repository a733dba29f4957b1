"""Compiled amount shapes and bands of the format's second edition, continued (issue 20, point 3).

:class:`OfClauseAmount` — 前款规定罚款数额的二倍以上五倍以下 (《中华人民共和国安全生产法》（2021年6月10日
修正）第一百一十四条第二款): the referenced clause's statutory range for the facts (its switch branch
chosen as evaluation chooses it), its minimum × ``lo`` to its maximum × ``hi``, in exact Decimal.
The scale is in yuan (factor 1), so a level's percentage band, 从轻/从重 and 减轻 work on it as on
a fixed range; the step carries the referenced range, its branch and the multiples.

:class:`ProductBandC` — a share of the maximum × an adjustment with paired endpoints.

:func:`compile_of_clause` resolves the reference at load time: the clause must exist in the same
item, and no chain of references may come back to where it started (a load error with the file
and line of the amount). Items using either are decided by the reference pipeline
(``_amounts2.uses_reference_shape``); the columnar plan raises ``Unsupported`` for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from ..errors import did_you_mean
from ..format._amounts3 import OfClauseShape
from ..format._limits import MAX_MAGNITUDE
from ..format._model import AmountSpec, Item, StandardFile
from ._amounts import HUNDRED, ONE, CaseBand, RangeAmount, Scale, Shape, SwitchAmount
from ._items_scope import Path_, _case_labels


class _Parts(Protocol):
    """What the reference needs of ``_items_penalties.PenaltyParts`` (a protocol: no cycle)."""

    item: Item
    base: Path_
    model: StandardFile

    def fail(self, message: str, path: Path_, hint: str | None = None) -> None: ...

    def amount(self, spec: AmountSpec, path: Path_, stack: tuple[str, ...] = ()) -> Shape: ...


@dataclass(frozen=True, slots=True)
class OfClauseAmount:
    """``lo``–``hi`` times the statutory range of clause ``clause`` (its ``target`` shape)."""

    clause: str
    target: Shape
    lo: Decimal
    hi: Decimal
    unit: str
    label: str
    label_en: str
    ref_labels: Mapping[str, tuple[str, str]]
    """The referenced clause's switch branch id → (Chinese, English) wording."""

    def resolve(self, facts: Mapping[str, Any], item: str, case: str | None = None) -> Scale:
        ref = self.target.resolve(facts, item)
        ref_lo = ref.lo * ref.factor  # the referenced statutory range, exact, in its unit
        ref_hi = ref.hi * ref.factor
        opened = ref.shape == "at_least"  # 前款 五十万元以上: the multiple has no maximum either
        ref_case = ref.case
        zh, en = self.ref_labels.get(ref_case or "", (ref_case, ref_case))
        extra: tuple[tuple[str, Any], ...] = (
            ("of_clause", self.clause),
            ("of_label", self.label),
            ("of_label_en", self.label_en),
            ("of_range", (ref_lo, ref_hi)),
            ("of_unit", ref.unit),
            ("of_case", zh),
            ("of_case_en", en),
            ("of_multiple", (self.lo, self.hi)),
        )
        if opened:
            lo = ref_lo * self.lo
            return Scale(
                "at_least", case, lo, lo, ONE, self.unit, self.unit, extra=(*extra, ("open", True))
            )
        return Scale(
            "of_clause",
            case,
            ref_lo * self.lo,
            ref_hi * self.hi,
            ONE,
            self.unit,
            self.unit,
            ref.base,
            ref.base_value,
            extra=extra,
        )

    def bounds(self) -> list[tuple[str | None, Decimal, Decimal]]:
        # Only a referenced fixed range gives bounds known at load time (for explicit bands and
        # check's band_range); over a switch or a multiple of a fact, bands are shares (percent).
        if isinstance(self.target, AtLeastAmount):
            return [(None, self.target.lo * self.lo, OPEN_HI)]
        if not isinstance(self.target, RangeAmount):
            return []
        return [(None, self.target.lo * self.lo, self.target.hi * self.hi)]


@dataclass(frozen=True, slots=True)
class ProductBandC:
    """[max × a% × c%, max × b% × d%], raised to the minimum, never above the maximum."""

    of_max: tuple[Decimal, Decimal]
    times: tuple[Decimal, Decimal]
    label: str
    label_en: str

    def place(
        self, scale: Scale, facts: Mapping[str, Any], item: str
    ) -> tuple[Decimal, Decimal, tuple[tuple[str, Any], ...]]:
        (a, b), (c, d) = self.of_max, self.times
        low = scale.hi * a * c / (HUNDRED * HUNDRED)  # paired endpoints: a × c …
        high = scale.hi * b * d / (HUNDRED * HUNDRED)  # … and b × d, exact
        lo = min(scale.hi, max(scale.lo, low))
        hi = min(scale.hi, max(scale.lo, high))
        return (
            lo,
            hi,
            (
                ("band", "product"),
                ("share", (a, b)),
                ("times", (c, d)),
                ("times_label", self.label),
                ("times_label_en", self.label_en),
                ("product", (low, high)),
                ("raised", low < scale.lo),
            ),
        )


def compile_of_clause(
    parts: _Parts, spec: OfClauseShape, path: Path_, stack: tuple[str, ...]
) -> OfClauseAmount | None:
    """The compiled reference, or None after reporting an unknown clause or a cycle.

    ``stack`` holds the clauses whose amounts are being compiled on the way here (their ids),
    so that A → B → A is reported once, at the amount that closes the loop.
    """
    home = referenced_item(parts, spec, path)
    if home is None:
        return None
    item_index, item = home
    base: Path_ = ("items", item_index) if item is not parts.item else parts.base
    by_id = {c.id: (i, c) for i, c in enumerate(item.penalties)}
    where = (*path, "of_clause", "clause")
    found = by_id.get(spec.clause)
    if found is None:
        parts.fail(
            f"金额引用了未定义的处罚条款 {spec.clause!r}，请改为所引用事项已定义的条款 id / "
            f"the amount refers to unknown clause {spec.clause!r}",
            where,
            did_you_mean(spec.clause, by_id),
        )
        return None
    key = spec.clause if item is parts.item else f"{item.code}/{spec.clause}"
    if key in stack:
        loop = " → ".join((*stack, key))
        parts.fail(
            f"处罚条款的金额循环引用：{loop}，请让被引用的条款写出自己的幅度 / "
            f"the clauses' amounts refer to each other in a cycle: {loop}",
            where,
        )
        return None
    index, target = found
    if target.amount is None:
        parts.fail(
            f"所引用的处罚条款 {spec.clause!r} 没有数额，不能取其倍数 / "
            f"clause {spec.clause!r} has no amount to multiply",
            where,
        )
        return None
    # Another item's amount is compiled over this item's facts (the case gives those), and what it
    # reads that this item does not declare is reported here, at the reference.
    at = (*base, "penalties", index, "amount") if item is parts.item else (*path, "of_clause")
    shape = parts.amount(target.amount, at, (*stack, key))
    return OfClauseAmount(
        spec.clause,
        shape,
        spec.min,
        spec.max,
        spec.unit,
        spec.label,
        spec.label_en,
        _case_labels(target.amount),
    )


def referenced_clauses(spec: Any) -> list[tuple[str | None, str]]:
    """(item code or None for this item, clause id) for each clause an amount spec (or a branch
    of it) takes a multiple of."""
    if spec is None:
        return []
    if spec.of_clause is not None:
        return [(spec.of_clause.item, spec.of_clause.clause)]
    return [ref for case in spec.switch or () for ref in referenced_clauses(case.amount)]


def uses_reference_band(band: Any) -> bool:
    """Whether a level's band (or a branch's) is one only the reference pipeline places."""
    if isinstance(band, ProductBandC):
        return True
    if isinstance(band, CaseBand):
        return any(uses_reference_band(b) for b in band.cases.values())
    return False


OPEN_HI = MAX_MAGNITUDE
"""The bound an open range reports for load-time checks only (the format's own limit, never a
statutory maximum): an explicit band is checked against it, a proportional band is refused."""


@dataclass(frozen=True, slots=True)
class AtLeastAmount:
    """处五万元以上罚款: ``lo`` and no upper limit. Its scale is the single point ``lo`` marked
    ``open``; the measure stage (``decide._stage_open``) never gives it a maximum of its own."""

    lo: Decimal
    unit: str = "元"

    def resolve(self, facts: Mapping[str, Any], item: str, case: str | None = None) -> Scale:
        return Scale(
            "at_least", case, self.lo, self.lo, ONE, self.unit, self.unit, extra=(("open", True),)
        )

    def bounds(self) -> list[tuple[str | None, Decimal, Decimal]]:
        return [(None, self.lo, OPEN_HI)]


def is_open(shape: Any) -> bool:
    """Whether a shape (or a branch of it) has no upper limit."""
    if isinstance(shape, AtLeastAmount):
        return True
    if isinstance(shape, OfClauseAmount):
        return is_open(shape.target)
    if isinstance(shape, SwitchAmount):
        return any(is_open(sub) for _c, _w, sub in shape.cases)
    return False


def referenced_item(parts: _Parts, spec: OfClauseShape, path: Path_) -> tuple[int, Item] | None:
    """The item an ``of_clause`` refers into: this one, or another of the same rule file
    (本法第五十七条规定的罚款数额); an unknown code is reported."""
    if spec.item is None or spec.item == parts.item.code:
        return (-1, parts.item)
    codes = {it.code: (i, it) for i, it in enumerate(parts.model.items)}
    found = codes.get(spec.item)
    if found is None:
        parts.fail(
            f"金额引用了本规则文件中未定义的事项 {spec.item!r}，请改为同一文件中的事项编码 / "
            f"the amount refers to item {spec.item!r}, which this rule file does not define",
            (*path, "of_clause", "item"),
            did_you_mean(spec.item, codes),
        )
        return None
    return found


@dataclass(frozen=True, slots=True)
class SetByAmount:
    """An amount ``by`` another body's rules fix (罚款数额由省、自治区、直辖市人民政府规定): no figure
    at all. The scale is a placeholder point 0 marked ``set_by``; the measure stage records who
    sets the amount and gives the penalty no range, and the procedure stage compares nothing."""

    by: str
    by_en: str
    unit: str = "元"

    def resolve(self, facts: Mapping[str, Any], item: str, case: str | None = None) -> Scale:
        zero = Decimal(0)
        extra = (("set_by", self.by), ("set_by_en", self.by_en))
        return Scale("set_by", case, zero, zero, ONE, self.unit, self.unit, extra=extra)

    def bounds(self) -> list[tuple[str | None, Decimal, Decimal]]:
        return []


def is_set_by(shape: Any) -> bool:
    """Whether a shape (or a branch of it) has its amount set by another body."""
    if isinstance(shape, SetByAmount):
        return True
    if isinstance(shape, SwitchAmount):
        return any(is_set_by(sub) for _c, _w, sub in shape.cases)
    return False
