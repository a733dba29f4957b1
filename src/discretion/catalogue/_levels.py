"""Per level, exactly the penalty clauses that apply there, with all their amounts.

A published benchmark table lists, for each level (裁量阶次), the penalties of that level and
their ranges. The catalogue builds that list from the compiled item evaluation reads
(:mod:`discretion.compile._records`), by the rules the measuring stage applies
(:mod:`discretion.decide._stage_measure`): a clause limited to other levels is left out; a
clause whose own condition (``when``) never holds together with the level's condition is left
out, and one that holds only in part of the level says when; a discretionary clause the level
does not choose is listed as the officer's choice; each amount is the level's band placed on
each statutory branch the level can reach, rounded and clamped by the very functions that
measure a case. A warning level therefore never shows the fine that follows a refusal, nor a
detention range of a graver level, and a level with a fine always shows it.

Whether a condition can hold together with the level's is decided on the item's fact domain
(:func:`discretion.verify._domain.space`): conditions compare facts with literals, so their
truth only changes at the literals, and the boundary points decide every valid case.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from discretion.compile._amounts import (
    CaseBand,
    ExplicitBand,
    FactorBand,
    FullBand,
    Scale,
    reduce_range,
    to_amount,
)
from discretion.compile._amounts2 import EqualsAmount
from discretion.compile._conditions import Condition, compile_condition
from discretion.compile._modes import not_allowed
from discretion.compile._records import CompiledClause, CompiledItem, CompiledLevel
from discretion.format._vocabulary import MODE_LABELS
from discretion.verify._domain import space

from ._bands import band_text, branches, fact_label
from ._text import MANDATORY, money, number, span, words

Holds = Literal["always", "never", "some"]

_SPACE_LIMIT = 1 << 14
"""The most fact combinations enumerated for one question; beyond, a condition is shown as
holding in part of the level (its words are given), never silently dropped."""


@dataclass(frozen=True)
class LevelAmount:
    """One statutory branch of a clause at a level, and the level's figures on it.

    ``lo``/``hi`` are points of the branch's scale (yuan, multiples, a rate, a percentage) after
    the level's band (and 减轻 for a reducing level), before any circumstance; ``low``/``high``
    are the amounts in ``scale.unit`` when the scale is the amount itself (a fixed range),
    rounded and clamped as a recommendation is (``compile._amounts.to_amount``).
    """

    scale: Scale
    label: str
    conds: tuple[Condition, ...]
    how: str
    lo: Decimal | None
    hi: Decimal | None
    low: Decimal | None
    high: Decimal | None
    factors: FactorBand | None = None


@dataclass(frozen=True)
class LevelClause:
    """A clause that applies at a level: imposed (mandatory, or chosen by the level) or left to
    the officer, with its condition when it holds in part of the level only."""

    clause: CompiledClause
    imposed: bool
    when: Condition | None
    amounts: tuple[LevelAmount, ...]
    party: str | None = None
    """The other party of the act (双罚制) the clause punishes, by its label; None: the party."""


def holds_with(item: CompiledItem, given: Sequence[Condition], cond: Sequence[Condition]) -> Holds:
    """Whether every condition of ``cond`` holds wherever every one of ``given`` holds:
    ``always``, ``never`` or ``some`` (also when the domain is too large to enumerate)."""
    if not cond:
        return "always"
    sp = space(item, [*given, *cond])
    if sp.size > _SPACE_LIMIT:
        return "some"
    seen: set[bool] = set()
    for facts in sp:
        if all(g(facts) for g in given):
            seen.add(all(c(facts) for c in cond))
            if len(seen) == 2:
                return "some"
    if not seen:
        return "never"
    return "always" if seen == {True} else "never"


def level_clauses(item: CompiledItem, level: CompiledLevel) -> list[LevelClause]:
    """The clauses of ``item`` that apply at ``level``, in the order of the statute."""
    out: list[LevelClause] = []
    parties = {c: p.label for p in item.parties for c in p.clauses}
    for clause in item.clauses:
        if clause.levels is not None and level.id not in clause.levels:
            continue
        if not_allowed(clause, level):
            continue  # 单处或者并处: the level's may_add leaves it out (format 2)
        when: Condition | None = None
        own = _with_something_found(item, clause)
        if own is not None:
            verdict = holds_with(item, [level.when], [own])
            if verdict == "never":
                continue
            when = own if verdict == "some" else None
        imposed = clause.mode in MANDATORY or clause.id in level.impose
        given = [level.when, *([own] if own is not None else [])]
        out.append(
            LevelClause(
                clause,
                imposed,
                when,
                _amounts(item, level, clause, given),
                parties.get(clause.id),
            )
        )
    return out


def _with_something_found(item: CompiledItem, clause: CompiledClause) -> Condition | None:
    """The clause's condition, and for an amount equal to a fact that the fact is above zero: with
    none found nothing is imposed (format 2, APL Art. 28 ¶2), as evaluation decides."""
    if not isinstance(clause.amount, EqualsAmount):
        return clause.when
    found = f"{clause.amount.base} > 0"
    text = found if clause.when is None else f"({clause.when.source}) and {found}"
    types = {name: f.spec.type for name, f in item.fields.items()}
    values = {name: list(f.spec.values) for name, f in item.fields.items() if f.spec.values}
    return compile_condition(text, types, values)


def _amounts(
    item: CompiledItem, level: CompiledLevel, clause: CompiledClause, given: list[Condition]
) -> tuple[LevelAmount, ...]:
    if clause.amount is None:
        return ()
    labels = {k: v[0] for k, v in clause.case_labels.items()}
    out = []
    for branch in branches(clause.amount, labels):
        if branch.conds and holds_with(item, given, branch.conds) == "never":
            continue  # a statutory branch this level never reaches (单位，情节严重 at 较轻)
        label = branch.label
        mode = clause.case_modes.get(branch.case or "")
        if mode is not None:  # the branch's own mode (format 2): 并处 here, 可以并处 there
            label = f"{label}（{MODE_LABELS[mode][0]}）"
        out.append(_measure(item, level, clause, branch.scale, label, branch.conds))
    return tuple(out)


def _measure(
    item: CompiledItem,
    level: CompiledLevel,
    clause: CompiledClause,
    scale: Scale,
    label: str,
    conds: tuple[Condition, ...],
) -> LevelAmount:
    band: Any = level.band if clause.primary else FullBand()
    if isinstance(band, CaseBand):
        band = band.cases.get(scale.case or "") or FullBand()
    if isinstance(band, FactorBand):
        # Σ factor percentages × the maximum: the figure depends on the facts of each case.
        return LevelAmount(scale, label, conds, band_text(band), None, None, None, None, band)
    lo, hi, _detail = band.place(scale, {}, item.code)
    how = band_text(band)
    if level.reduce:
        lo, hi = reduce_range(scale, item.adjustment.reduce_floor)
        how = f"减轻处罚：法定最低额的 {number(item.adjustment.reduce_floor)}% 至法定最低额"
    low = high = None
    if scale.shape == "range" or (scale.shape == "at_least" and isinstance(band, ExplicitBand)):
        # (an open range has figures only where a level's explicit band sets its ceiling)
        low, high, _smin, _smax = to_amount(scale, lo, hi, level.reduce)
    return LevelAmount(scale, label, conds, how, lo, hi, low, high)


# -- in words ------------------------------------------------------------------------------------


def level_cell(item: CompiledItem, level: CompiledLevel) -> str:
    """The 处罚种类和幅度 cell of a level: one line per clause, its amounts beneath it."""
    labels = dict(item.labels)
    lines: list[str] = []
    found = level_clauses(item, level)
    imposed = {c.clause.id for c in found if c.imposed}
    # What the level imposes first, then what it leaves to the officer (可以并处, 择一).
    for lc in [*(c for c in found if c.imposed), *(c for c in found if not c.imposed)]:
        lines += _clause_lines(item, lc, labels, imposed)
    if level.reduce:
        lines.append("（本阶次为减轻处罚）")
    return "\n".join(lines) or "不予罚款等处罚（仅责令改正等措施）"


def _clause_lines(
    item: CompiledItem, lc: LevelClause, labels: Mapping[str, str], imposed: set[str]
) -> list[str]:
    clause = lc.clause
    mode = (
        "择一" if clause.mode == "alternative" else MODE_LABELS.get(clause.mode, (clause.mode,))[0]
    )
    if lc.imposed:
        head = f"**{clause.label}**（{mode}）"
    else:
        chosen = [
            c.label
            for c in item.clauses
            if clause.group and c.group == clause.group and c.id in imposed
        ]
        choice = (
            "可选择替代" + "、".join(f"「{c}」" for c in chosen)
            if chosen and clause.mode != "single_or_combined"
            else "执法人员可以并处"
            if clause.mode == "single_or_combined"
            else "由执法人员决定是否适用"
        )
        head = f"{clause.label}（{mode}，{choice}）"
    if lc.when is not None:
        head += f"，限于「{words(lc.when.source, labels)}」的情形"
    if lc.party is not None:
        head = f"对{lc.party}：{head}"
    if not lc.amounts:
        return [head]
    amounts = [amount_text(item, a, labels) for a in lc.amounts]
    if len(amounts) == 1 and not lc.amounts[0].label and not lc.amounts[0].scale.fallback:
        return [f"{head}：{amounts[0]}"]
    return [head + "：", *(f"· {a}" for a in amounts)]


def amount_text(item: CompiledItem, a: LevelAmount, labels: Mapping[str, str]) -> str:
    """One branch's figures with its unit, base and how the band is placed."""
    scale = a.scale
    where = a.label
    if scale.fallback:
        base = fact_label(item, scale.base or "")
        cond = (
            f"{base}不足{money(scale.below)}" if scale.below is not None else f"{base}没有或者为零"
        )
        where = f"{where}，{cond}" if where else cond
    prefix = f"{where}的，" if where else ""
    if a.factors is not None:
        return f"{prefix}{_factor_words(a.factors, labels)}（{a.how}）"
    assert a.lo is not None
    assert a.hi is not None
    if scale.shape == "at_least" and a.low is None:
        figures = (
            f"{money(scale.lo, scale.unit)}以上"  # the law sets no maximum; nor does the table
        )
    elif scale.shape in ("range", "at_least"):
        assert a.low is not None
        assert a.high is not None
        figures = span(a.low, a.high, scale.unit)
    elif scale.shape == "multiple":
        figures = f"{fact_label(item, scale.base or '')}的 {_points(a.lo, a.hi)} 倍"
    elif scale.shape == "percent":
        figures = f"{fact_label(item, scale.base or '')}的 {_points(a.lo, a.hi, '%')}"
    elif scale.shape == "equals":
        # an amount equal to a fact (没收违法所得): the whole of it, no band
        figures = f"{fact_label(item, scale.base or '')}全额"
    else:  # per_unit: a rate per unit of the base fact
        figures = (
            f"按{fact_label(item, scale.base or '')}计，{_points(a.lo, a.hi)} {scale.scale_unit}"
        )
    return f"{prefix}**{figures}**（{a.how}）"


def _points(lo: Decimal, hi: Decimal, unit: str = "") -> str:
    if lo == hi:
        return f"{number(lo)}{unit}"
    return f"{number(lo)}{unit}–{number(hi)}{unit}"


def _factor_words(band: FactorBand, labels: Mapping[str, str]) -> str:
    parts = []
    for _fid, label, options in band.factors:
        opts = "；".join(
            f"{text} {number(pct)}%（{words(cond.source, labels)}）" for cond, pct, text in options
        )
        parts.append(f"{label}：{opts}")
    return "\n".join(parts)
