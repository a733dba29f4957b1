"""The section 不予处罚清单 (no-penalty lists): each list that names the item, and whether it applies.

Rendered from the ``list`` steps the gate records (``decide._stage_gate``): the list's title and
effective dates and the date they were read against, the first-violation count as the list defines
it, the entry's conditions with the facts they read, and the effect — 不予处罚, or 可以不予处罚 with
the duty to state a reason when the case is punished all the same. A list that does not apply says
which of the three failed.
"""

from __future__ import annotations

from ...decide._result import Step
from ...format._vocabulary import zh_number
from ._voice import ByStage, Voice, fmt

_ON = {
    "decision": ("作出处罚决定之日", "the decision date"),
    "violation": ("违法行为发生之日", "the date of the act"),
}


def render_lists(v: Voice, by_stage: ByStage) -> list[str]:
    """One line per list entry that names the item."""
    return [_entry(v, step) for step in by_stage.get("list", [])]


def _entry(v: Voice, step: Step) -> str:
    title = str(step.get("title_en") if v.lang == "en" else step.get("title"))
    label = str(step.get("label_en") if v.lang == "en" else step.get("label"))
    parts = [_dates(v, step)]
    first = _first(v, step)
    if first:
        parts.append(first)
    holds = bool(step.get("conditions"))
    facts = v.reads(step.reads)
    parts.append(
        v.t(
            f"清单条目「{label}」的条件「{v.words(step.test)}」{'成立' if holds else '不成立'}{facts}",
            f"the entry “{label}”: “{v.words(step.test)}” {'holds' if holds else 'does not hold'}"
            f"{facts}",
        )
    )
    if step.outcome == "not_listed":
        verdict = v.t("本案不适用该清单", "the list does not apply to this case")
    elif step.outcome == "no_penalty":
        verdict = v.t("依照该清单不予行政处罚", "under the list no penalty is imposed")
    elif step.outcome == "mitigate":
        verdict = v.t(
            "依照该清单从轻处罚（见裁量情节）",
            "under the list the penalty is mitigated (see circumstances)",
        )
    elif step.outcome == "reduce":
        verdict = v.t(
            "依照该清单减轻处罚（见裁量情节）",
            "under the list the penalty is reduced (see circumstances)",
        )
    else:
        verdict = v.t("依照该清单可以不予行政处罚", "under the list the penalty may be waived")
        if step.get("reason_required"):
            verdict += v.t(
                "；仍给予处罚的，应当在决定中说明理由",
                "; a decision that punishes all the same must state why",
            )
    head = v.t(f"  《{title}》：", f"  {title}: ")
    body = v.t("；".join(parts) + "；" + verdict + "。", "; ".join(parts) + "; " + verdict + ".")
    return head + body + v.cite_tail(step)


def _dates(v: Voice, step: Step) -> str:
    start, end = step.get("effective")
    period = v.t(
        f"自 {fmt(start)} 起施行" + (f"，至 {fmt(end)} 止" if end else ""),
        f"in force from {fmt(start)}" + (f" to {fmt(end)}" if end else ""),
    )
    on_zh, on_en = _ON[str(step.get("applies_on"))]
    date = step.get("date")
    if date is None:
        if step.get("in_force"):
            return v.t(
                f"{period}，未提供{on_zh}，按清单现行有效审查",
                f"{period}; {on_en} not given, taken as in force (the list has no end date)",
            )
        return v.t(
            f"{period}，未提供{on_zh}，不能确定本案在清单施行期间内",
            f"{period}; {on_en} not given, so the case cannot be placed within the list's period",
        )
    inside = bool(step.get("in_force"))
    return v.t(
        f"{period}，按{on_zh} {fmt(date)} 判断，{'在' if inside else '不在'}施行期间内",
        f"{period}; by {on_en}, {fmt(date)}, the case is {'within' if inside else 'outside'} it",
    )


def _first(v: Voice, step: Step) -> str | None:
    words = step.get("first_label")
    if not words:
        return None
    label = str(words[1] if v.lang == "en" else words[0])
    count = step.get("prior_count")
    years = step.get("years")
    since = step.get("since")
    window = ""
    if since is not None:
        window = v.t(f"（{fmt(since)} 以来）", f" (since {fmt(since)})")
    elif years:
        window = v.t(
            f"（{zh_number(int(years))}年内，未提供违法行为发生日期，计入全部此前日期）",
            f" (within {years} years; the date of the act not given, every earlier date counted)",
        )
    ok = bool(step.get("first"))
    return v.t(
        f"{label}：此前同类违法 {count} 次{window}，{'属于' if ok else '不属于'}初次违法",
        f"{label}: {count} earlier violation(s) of the same kind{window}, "
        f"{'a' if ok else 'not a'} first violation",
    )
