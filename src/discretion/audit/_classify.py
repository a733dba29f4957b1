"""Classifying one decision against its recommendation (案卷评查的逐案判断).

Each archive row yields one or more findings: ``within_range`` when nothing is wrong, otherwise one
finding per defect. Every finding names the rule it rests on (the Administrative Penalty Law
article, and the item and level of the standard) and the ``discretion evaluate`` command that
replays the recommendation it was judged against.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..decide import Penalty, Recommendation
from ..decide._stage_procedure import YUAN
from ..errors import CaseError
from ..format._limits import NumberError, read_number

# What each finding means and the article it rests on (LAW.md §1): Chinese first, English second.
KINDS: dict[str, tuple[str, str, str]] = {
    "within_range": (
        "在推荐裁量幅度内",
        "within the recommended range",
        "《行政处罚法》第五条（过罚相当）",
    ),
    "approved_departure": (
        "调整适用，理由与批准齐备",
        "departure with reason and approval",
        "《行政处罚法》第五条、第五十七条；裁量基准调整适用规定",
    ),
    "unapproved_departure": (
        "偏离推荐幅度，未说明理由或未经批准",
        "departure without reason or approval",
        "《行政处罚法》第五条、第五十七条；裁量基准调整适用规定",
    ),
    "above_statutory_max": (
        "超过法定最高额",
        "above the statutory maximum",
        "处罚依据条款的法定幅度；《行政处罚法》第五条",
    ),
    "mandatory_missing": (
        "应当并处的处罚缺失且未适用减轻",
        "a mandatory combined penalty missing without 减轻",
        "处罚依据条款（并处）；《行政处罚法》第三十二条（减轻）",
    ),
    "penalty_despite_ground": (
        "存在不予处罚情形仍作处罚",
        "penalised although a no-penalty ground holds",
        "《行政处罚法》第三十条、第三十一条、第三十三条、第四十条",
    ),
    "limitation_expired": (
        "超过追责时效仍作处罚",
        "penalised after the limitation period",
        "《行政处罚法》第三十六条",
    ),
    "hearing_not_offered": (
        "应告知听证权利而未告知",
        "hearing right not offered where required",
        "《行政处罚法》第六十三条、第六十四条",
    ),
    "legality_review_missing": (
        "应法制审核而未审核",
        "legality review missing where required",
        "《行政处罚法》第五十八条",
    ),
    "summary_beyond_limit": (
        "超出简易程序适用范围",
        "summary procedure beyond its limit",
        "《行政处罚法》第五十一条",
    ),
    "facts_invalid": (
        "案件事实与裁量事项不符",
        "facts invalid for the item",
        "裁量事项的事实定义（rule file facts）",
    ),
    "unknown_item": ("裁量事项编码不存在", "unknown item code", "裁量基准的事项目录"),
}

_APPROVALS = frozenset({"principal_head", "collective_discussion"})


@dataclass(frozen=True, slots=True)
class Row:
    """The archive columns the classifier reads, for one decision."""

    case_id: str
    item: str
    facts_text: str
    violation_date: Any
    decision_date: Any
    penalties: str
    reduced: bool | None
    departure_reason: str | None
    approval: str | None
    procedure: str | None
    hearing_offered: bool | None
    legality_review: bool | None
    hearing_held: bool | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing found about one decision."""

    case_id: str
    kind: str
    penalty: str | None
    decided: Decimal | None
    detail: str
    rule: str
    replay: str

    @property
    def label(self) -> str:
        """Chinese wording of the kind."""
        return KINDS[self.kind][0]

    @property
    def citation(self) -> str:
        """The article the finding rests on."""
        return KINDS[self.kind][2]


def replay_command(row: Row, rules_path: str) -> str:
    """The shell command that prints the recommendation this decision was judged against."""
    return (
        f"echo {shlex.quote(row.facts_text or '{}')} | discretion evaluate {shlex.quote(rules_path)}"
        f" --item {shlex.quote(row.item)} --facts -"
        f" --violation-date {row.violation_date} --decision-date {row.decision_date}"
    )


def decided_penalties(text: str) -> list[tuple[str, Decimal | None]] | str:
    """``[(id, amount)]`` from the penalties column, or a message saying why it cannot be read."""
    try:
        value = json.loads(text or "[]", parse_float=Decimal)
    except json.JSONDecodeError as exc:
        return f"penalties 列不是 JSON / penalties is not JSON: {exc.msg}"
    if not isinstance(value, list) or not all(isinstance(p, dict) and "id" in p for p in value):
        return (
            'penalties 列应为 [{"id": …, "amount": …}] / penalties must be a list of {id, amount}'
        )
    out: list[tuple[str, Decimal | None]] = []
    for p in value:
        amount = p.get("amount")
        try:
            out.append((str(p["id"]), None if amount is None else read_number(amount)))
        except NumberError:
            return f"penalties 中金额无效 / invalid amount {amount!r}"
    return out


def classify(row: Row, rec: Recommendation | CaseError, rules_path: str) -> list[Finding]:
    """Every finding for one decision (at least one: ``within_range`` when nothing is wrong)."""
    replay = replay_command(row, rules_path)

    def found(
        kind: str, detail: str, rule: str, pid: str | None = None, amount: Decimal | None = None
    ) -> Finding:
        return Finding(row.case_id, kind, pid, amount, detail, rule, replay)

    if isinstance(rec, CaseError):
        kind = "unknown_item" if type(rec).__name__ == "UnknownItemError" else "facts_invalid"
        return [found(kind, rec.message, f"{row.item}/facts")]
    decided = decided_penalties(row.penalties)
    if isinstance(decided, str):
        return [found("facts_invalid", decided, f"{row.item}/penalties")]
    level_rule = f"{rec.item}/{rec.level}" if rec.level else rec.item
    out: list[Finding] = []
    imposed = [(pid, amt) for pid, amt in decided]
    if rec.outcome == "no_penalty" and imposed:
        kind = "limitation_expired" if "limitation" in rec.grounds else "penalty_despite_ground"
        out.append(
            found(kind, "不予处罚情形 / ground: " + ", ".join(rec.grounds), f"{rec.item}/gate")
        )
        return out
    if rec.outcome == "penalty":
        out += _against_ranges(row, rec, imposed, level_rule, found)
    out += _procedure(row, rec, imposed, found)
    return out or [found("within_range", "", level_rule)]


def _against_ranges(
    row: Row,
    rec: Recommendation,
    imposed: list[tuple[str, Decimal | None]],
    level_rule: str,
    found: Any,
) -> list[Finding]:
    out: list[Finding] = []
    approved = bool(row.departure_reason) and (row.approval or "") in _APPROVALS
    by_id = {p.id: p for p in rec.penalties}
    optional = {p.id: p for p in rec.optional_penalties}
    options = [p for o in rec.options for p in o.penalties]
    departed = False
    for pid, amount in imposed:
        p = by_id.get(pid) or optional.get(pid)
        if p is None:
            departed = True
            continue
        if amount is None or (p.min is None and p.max is None):
            continue
        if p.statutory_max is not None and amount > p.statutory_max:
            out.append(
                found(
                    "above_statutory_max",
                    f"决定 {amount}，法定最高 {p.statutory_max}",
                    f"{rec.item}/{pid}",
                    pid,
                    amount,
                )
            )
            continue
        if _inside(amount, p) or any(_inside(amount, o) for o in options if o.id == pid):
            continue
        departed = True
    for p in rec.penalties:
        if p.imposed and p.mode == "combined" and p.id not in {pid for pid, _ in imposed}:
            if row.reduced:
                departed = True
            else:
                out.append(
                    found(
                        "mandatory_missing", f"缺少 {p.label}（{p.id}）", f"{rec.item}/{p.id}", p.id
                    )
                )
    if departed:
        kind = "approved_departure" if approved else "unapproved_departure"
        out.append(found(kind, row.departure_reason or "", level_rule))
    return out


def _inside(amount: Decimal, p: Penalty) -> bool:
    lo = p.min if p.min is not None else Decimal(0)
    return lo <= amount and (p.max is None or amount <= p.max)


def _procedure(
    row: Row, rec: Recommendation, imposed: list[tuple[str, Decimal | None]], found: Any
) -> list[Finding]:
    out: list[Finding] = []
    if not imposed:
        return out
    steps = {s.rule: s for s in rec.steps if s.stage == "procedure"}
    # The thresholds of Art. 51 and 63 are sums of 人民币元: only fines in 元 are summed, a fine
    # in 美元 or in days is never compared with them (as decide._stage_procedure.other_unit).
    fine = sum(
        (
            a
            for pid, a in imposed
            if a is not None and _kind(rec, pid) == "fine" and _unit(rec, pid) in (None, YUAN)
        ),
        Decimal(0),
    )
    kinds = {_kind(rec, pid) for pid, _ in imposed}
    hearing = steps.get("procedure/hearing")
    if hearing is not None:
        threshold = hearing.get("threshold")
        heavy = set(hearing.get("kinds") or ()) & kinds
        if (
            heavy or (threshold is not None and fine >= threshold)
        ) and row.hearing_offered is not True:
            out.append(
                found(
                    "hearing_not_offered",
                    f"罚款 {fine}，听证标准 {threshold}",
                    f"{rec.item}/procedure/hearing",
                )
            )
    # Art. 58 ¶1 (二): a hearing held (经过听证程序的) makes the review mandatory; the
    # recommendation states it as conditional, the archive says whether it was held.
    review = steps.get("procedure/review")
    heard = bool(row.hearing_held) and bool(review is not None and review.get("if_hearing"))
    if (rec.flags.legality_review or heard) and row.legality_review is not True:
        out.append(found("legality_review_missing", "", f"{rec.item}/procedure/review"))
    summary = steps.get("procedure/summary")
    if row.procedure == "summary" and summary is not None:
        limit = summary.get("threshold")
        if not kinds <= {"warning", "fine"} or (limit is not None and fine > limit):
            out.append(
                found(
                    "summary_beyond_limit",
                    f"罚款 {fine}，简易程序上限 {limit}",
                    f"{rec.item}/procedure/summary",
                )
            )
    return out


def _unit(rec: Recommendation, pid: str) -> str | None:
    for p in (*rec.penalties, *rec.optional_penalties):
        if p.id == pid:
            return p.unit
    return None


def _kind(rec: Recommendation, pid: str) -> str:
    for p in (*rec.penalties, *rec.optional_penalties):
        if p.id == pid:
            return p.kind
    return pid
