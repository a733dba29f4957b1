"""Several separate violations in one case: each decided on its own, then combined as the
standard declares (``several``).

《中华人民共和国行政处罚法》第二十九条 covers one act under several norms (one fine:
:func:`~discretion.decide._engine.evaluate_act`). Several separate acts of one party are each
measured on their own (分别裁量), and their penalties then combine by the rule the law sets and the
standard declares and cites: ``sum`` (合并处罚), ``sum_capped`` (e.g. 《中华人民共和国治安管理处罚法》
（2012年修正）第十六条: 分别决定，合并执行；行政拘留处罚合并执行的，最长不超过二十日) or ``absorb``
(the gravest violation's penalty absorbs the rest). Each violation's own recommendation is kept
unchanged; the combination is one more step, cited, over their ranges.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..compile._records import CompiledSeveral
from ..compile._ruleset import RuleSet
from ..errors import CaseError, UnknownItemError
from ..format._vocabulary import KIND_LABELS
from ._backend import Backend
from ._engine import evaluate
from ._result import Penalty, Recommendation, Step


@dataclass(frozen=True, slots=True)
class CombinedPenalty:
    """One penalty kind combined over the violations of a case.

    Attributes:
        kind: ``fine`` or ``detention``.
        min, max: the combined range.
        unit: the unit every part shares (元, 日).
        cap: the cap applied (``sum_capped``), else ``None``.
        parts: ``(item, min, max)`` of each violation's range that went in, in case order.
    """

    kind: str
    label: str
    label_en: str
    min: Decimal
    max: Decimal
    unit: str | None
    cap: Decimal | None
    parts: tuple[tuple[str, Decimal, Decimal], ...]


@dataclass(frozen=True, slots=True)
class CaseRecommendation:
    """The recommendation for a case of several violations.

    Attributes:
        recommendations: one per violation, in the order given, each as :func:`evaluate` gives it.
        combined: each combined kind's range.
        rule: the combination rule applied (``sum``, ``sum_capped``, ``absorb``).
        steps: the combination steps, one per kind, each citing the rule's source.
    """

    recommendations: tuple[Recommendation, ...]
    combined: tuple[CombinedPenalty, ...]
    rule: str
    steps: tuple[Step, ...]

    def penalty(self, kind: str) -> CombinedPenalty | None:
        """The combined range of one kind, if any violation imposes it."""
        return next((c for c in self.combined if c.kind == kind), None)


def evaluate_case(
    ruleset: RuleSet,
    case: Mapping[str, Any] | Sequence[Mapping[str, Any]],
    *,
    decision_date: dt.date | None = None,
    backend: str | Backend = "python",
) -> CaseRecommendation:
    """Recommend penalties for a case of several separate violations of one party.

    Args:
        ruleset: the loaded standards.
        case: ``{"violations": [{"item": code, "facts": {...}, "violation_date": ...}, ...]}``,
            or the list of violations itself. The same item may appear twice (two acts).
        decision_date: when the case is decided (Art. 37), for every violation.

    Raises:
        CaseError: the case is malformed, an item's standard declares no rule for several
            violations (``several``), or the items' standards declare different rules.
        the errors of :func:`evaluate`, with the violation's place in ``field``.
    """
    violations = case.get("violations") if isinstance(case, Mapping) else case
    if isinstance(violations, (str, bytes)) or not isinstance(violations, Sequence):
        raise CaseError(
            "a case needs 'violations', a list of {item, facts} (违法行为列表)", field="violations"
        )
    if len(violations) < 2:
        raise CaseError(
            "a case of several violations needs at least two (至少两个违法行为); "
            "use evaluate for one",
            field="violations",
        )
    recs = []
    for i, v in enumerate(violations):
        where = f"violations[{i}]"
        if not isinstance(v, Mapping) or not isinstance(v.get("item"), str):
            raise CaseError(f"{where} needs 'item' (事项编码) and 'facts'", field=where)
        unknown = sorted(set(v) - {"item", "facts", "violation_date"})
        if unknown:
            raise CaseError(f"{where}: unknown keys {unknown}", field=where, item=v["item"])
        try:
            recs.append(
                evaluate(
                    ruleset,
                    v["item"],
                    v.get("facts") or {},
                    violation_date=v.get("violation_date"),
                    decision_date=decision_date,
                    backend=backend,
                )
            )
        except CaseError as exc:
            raise _at(exc, i, v["item"]) from None
    rule = _rule(ruleset, recs)
    combined, steps = [], []
    for kind in rule.kinds:
        parts = [(r.item, p) for r in recs for p in r.penalties if p.kind == kind and p.imposed]
        if not parts:
            continue
        c = _combine(rule, kind, parts)
        combined.append(c)
        steps.append(_step(rule, c, recs))
    return CaseRecommendation(tuple(recs), tuple(combined), rule.rule, tuple(steps))


def _at(exc: CaseError, index: int, item: str) -> CaseError:
    """The error of one violation, with its place in the case: ``violations[1].facts.x``."""
    where = f"violations[{index}]"
    field = exc.field or ""
    if field and not field.startswith(("violation_date", "decision_date", "decided_by")):
        field = f"{where}.facts.{field}"
    elif field:
        field = f"{where}.{field}"
    else:
        field = f"{where}.item" if isinstance(exc, UnknownItemError) else where
    # Every CaseError family shares DiscretionError's keyword constructor.
    return type(exc)(
        f"第 {index + 1} 个违法行为（{where}，事项 {exc.item or item}）：{exc.message}",
        file=exc.file,
        line=exc.line,
        item=exc.item or item,
        field=field,
        hint=exc.hint,
    )


def _rule(ruleset: RuleSet, recs: list[Recommendation]) -> CompiledSeveral:
    """The one rule every violation's standard declares."""
    rules = [_item_rule(ruleset, rec) for rec in recs]
    missing = [i for i, r in enumerate(rules) if r is None]
    if missing:
        codes = sorted({recs[i].item for i in missing})
        where = f"violations[{missing[0]}]"
        raise CaseError(
            f"事项 {codes} 所属的裁量基准未规定数个违法行为的合并处罚规则（several），"
            f"不能合并（{where}）/ the standards of {codes} declare no rule for several "
            f"violations (several), first at {where}",
            item=recs[missing[0]].item,
            field=f"{where}.several",
        )
    first = rules[0]
    assert first is not None
    for i, r in enumerate(rules):
        assert r is not None
        if _shape(r) != _shape(first):
            where = f"violations[{i}]"
            raise CaseError(
                f"第 {i + 1} 个违法行为（{where}，事项 {recs[i].item}）所属的裁量基准规定的合并处罚"
                f"规则（{r.rule}）与第 1 个（事项 {recs[0].item}：{first.rule}）不一致，不能合并 / "
                f"{where} ({recs[i].item}) is under a standard whose rule for several violations "
                f"{_shape(r)} differs from that of violations[0] ({recs[0].item}) {_shape(first)}",
                item=recs[i].item,
                field=f"{where}.several",
            )
    return first


def _shape(rule: CompiledSeveral) -> tuple[Any, ...]:
    return (rule.rule, rule.kinds, tuple(sorted(rule.cap.items())))


def _item_rule(ruleset: RuleSet, rec: Recommendation) -> CompiledSeveral | None:
    for item in ruleset.versions(rec.item):
        if item.standard.digest == rec.ruleset.digest:
            return item.several
    return ruleset.item(rec.item).several


def _combine(rule: CompiledSeveral, kind: str, parts: list[tuple[str, Penalty]]) -> CombinedPenalty:
    units = {p.unit for _i, p in parts}
    if len(units) > 1:
        raise CaseError(
            f"合并的 {kind} 单位不一致 {sorted(map(str, units))}，不能相加 / "
            f"the {kind} ranges have different units",
            field="several",
        )
    open_items = [i for i, p in parts if p.min is not None and p.max is None]
    if open_items:
        # a range with no maximum (format 2: 五十万元以上) has no figure to add, cap or compare
        raise CaseError(
            f"事项 {open_items} 的{kind}没有上限（如 五十万元以上），不能合并计算，请由执法人员分别裁量 / "
            f"the {kind} of {open_items} has no maximum and cannot be combined",
            field="several",
        )
    los = [p.min or Decimal(0) for _i, p in parts]
    his = [p.max or Decimal(0) for _i, p in parts]
    cap: Decimal | None = None
    if rule.rule == "absorb":
        # The gravest: the highest statutory maximum, then the highest recommended maximum.
        gravest = max(parts, key=lambda ip: (ip[1].statutory_max or 0, ip[1].max or 0))[1]
        lo, hi = gravest.min or Decimal(0), gravest.max or Decimal(0)
    else:
        lo, hi = sum(los, Decimal(0)), sum(his, Decimal(0))
        if rule.rule == "sum_capped":
            given = rule.cap.get(kind, "gravest" if not rule.cap else None)
            if given == "gravest":
                cap = max(p.statutory_max or Decimal(0) for _i, p in parts)
            elif given is not None:
                cap = Decimal(given)
            if cap is not None:
                lo, hi = min(lo, cap), min(hi, cap)
    zh, en = KIND_LABELS.get(kind, (kind, kind))
    return CombinedPenalty(
        kind,
        zh,
        en,
        lo,
        hi,
        parts[0][1].unit,
        cap,
        tuple((item, p.min or Decimal(0), p.max or Decimal(0)) for item, p in parts),
    )


def _step(rule: CompiledSeveral, c: CombinedPenalty, recs: list[Recommendation]) -> Step:
    return Step(
        "several",
        f"case/several/{c.kind}",
        f"{rule.rule} of {c.kind} over {len(c.parts)} violations",
        (),
        rule.rule,
        rule.sources,
        (
            ("label", rule.label),
            ("label_en", rule.label_en),
            ("kind", c.kind),
            ("kind_label", c.label),
            ("kind_label_en", c.label_en),
            ("parts", c.parts),
            ("cap", c.cap),
            ("range", (c.min, c.max)),
            ("unit", c.unit),
            ("items", tuple(r.item for r in recs)),
        ),
    )
