"""The section 程序 (procedure): summary procedure (Art. 51), hearing (Art. 63), legality review (Art. 58).

Each flag with its reason: the amount or kind that decides the summary procedure and the hearing
right (with the local threshold the standard sets), and the Art. 58 ground that makes the
legality review mandatory. When nothing is imposed, the summary procedure and the hearing have
nothing to attach to and share one line.
"""

from __future__ import annotations

from decimal import Decimal

from ...compile._amounts import quantum_of
from ...decide._result import Step
from ...format._vocabulary import KIND_LABELS, zh_number
from .. import _wording as wording
from ._generic import generic
from ._voice import ByStage, Voice, fmt, unique_sources

# The flags that attach to a penalty, moot when none is imposed.
_PENALTY_FLAGS = ("summary_procedure", "hearing")


def render_procedure(v: Voice, by_stage: ByStage) -> list[str]:
    """The procedure flags; when nothing is imposed, one line for summary procedure and
    hearing (they attach to a penalty) and the legality review as it stands."""
    steps = by_stage["procedure"]
    if v.rec.outcome != "no_penalty":
        return [_procedure(v, s) for s in steps]
    moot = [s for s in steps if s.get("flag") in _PENALTY_FLAGS]
    lines = []
    if moot:
        cite = unique_sources(moot)
        tail = v.t("依据：", "Basis: ") + v.sources(cite) + v.t("。", ".")
        tail = tail if v.lang == "zh" else " " + tail
        lines.append("  " + v.sentence(v.pair(wording.NO_PENALTY_PROCEDURE)) + tail)
    for step in steps:
        if step.get("flag") in _PENALTY_FLAGS:
            continue
        if step.get("flag") == "legality_review":
            # A record whose penalty was withdrawn later (Art. 37) keeps the old review
            # step; the recommendation's flag is what holds.
            yes = step.outcome is True and bool(v.rec.flags.legality_review)
            text = v.t("法制审核：", "Legality review: ") + _review(v, step, yes)
            lines.append("  " + v.sentence(text) + v.cite_tail(step))
        else:
            lines.append(_procedure(v, step))
    return lines


def _procedure(v: Voice, step: Step) -> str:
    flag = step.get("flag")
    yes = step.outcome is True
    t = v.t
    # 可以不予处罚: the flags hold only if a penalty is imposed after all.
    cond = (
        v.pair(wording.IF_IMPOSED)
        if v.rec.outcome == "may_waive"
        and flag in ("hearing", "legality_review")
        and (yes or step.get("if_hearing"))
        else ""
    )
    if flag == "summary_procedure":
        text = t("简易程序（当场处罚）：", "Summary procedure (on-the-spot decision): ")
        text += _summary(v, step, yes)
    elif flag == "hearing":
        text = t("听证：", "Hearing: ") + cond + _hearing(v, step, yes)
    elif flag == "legality_review":
        text = t("法制审核：", "Legality review: ") + cond + _review(v, step, yes)
    elif flag == "none":
        # issue 20 point 12: a standard without the APL general part and without a procedure.
        text = t(
            "本基准未规定程序（简易程序、听证、法制审核），不作程序提示；程序依所适用的法律办理",
            "The standard declares no procedure (summary procedure, hearing, legality review): "
            "no procedure flags are given; the procedure is that of the law applied",
        )
    else:
        return generic(v, step)
    return "  " + v.sentence(text) + v.cite_tail(step)


def _summary(v: Voice, step: Step, yes: bool) -> str:
    """Art. 51: a warning, or a fine up to the limit (the party's threshold)."""
    threshold, fine_max = step.get("threshold"), step.get("fine_max")
    party = v.reads(step.reads)
    unit = step.get("fine_unit")
    set_by = step.get("fine_set_by")
    if set_by and {p.kind for p in v.rec.penalties} <= {"warning", "fine"}:
        return _set_by(v, set_by, threshold, party, summary=True)
    if unit is not None and {p.kind for p in v.rec.penalties} <= {"warning", "fine"}:
        # The limit is in 元 and the fine is not: never compared (decide._stage_procedure).
        return _other_unit(v, str(unit), threshold, party, summary=True)
    if yes:
        return v.t(
            f"可以适用：警告或者罚款不超过 {fmt(threshold)} 元{party}",
            f"available: a warning, or a fine up to {fmt(threshold)} yuan{party}",
        )
    # Another kind rules it out whatever the fine (Art. 51: a warning or a fine only), so it is
    # the reason given: a fine decided below the limit would not make it available.
    others = step.get("other_kinds")
    if others:
        names = {k: (zh, en) for k, zh, en in step.get("kind_labels") or ()}
        labels = [names.get(k) or KIND_LABELS.get(k, (k, k)) for k in others]
        return v.t(
            f"不适用：拟给予{'、'.join(zh for zh, _en in labels)}，当场处罚只适用于警告或者罚款{party}",
            f"not available: the penalties include {', '.join(en for _zh, en in labels)}; an "
            f"on-the-spot decision is for a warning or a fine only{party}",
        )
    fine_min = step.get("fine_min")
    if (
        fine_max is not None
        and threshold is not None
        and fine_min is not None
        and Decimal(fmt(fine_min)) <= Decimal(fmt(threshold))
    ):
        # The recommended range straddles the limit: the decided fine settles it.
        return v.t(
            f"建议幅度跨越当场处罚限额 {fmt(threshold)} 元；决定的罚款不超过 {fmt(threshold)} 元的，"
            f"可以适用{party}",
            f"the recommended range straddles the limit of {fmt(threshold)} yuan: available "
            f"if the fine decided does not exceed {fmt(threshold)} yuan{party}",
        )
    if fine_max is not None and threshold is not None:
        return v.t(
            f"不适用：建议罚款最高额 {fmt(fine_max)} 元超过当场处罚限额 {fmt(threshold)} 元{party}",
            f"not available: the recommended fine reaches {fmt(fine_max)} yuan, above the "
            f"limit of {fmt(threshold)} yuan{party}",
        )
    return v.t(
        f"不适用：处罚不限于警告或者 {fmt(threshold)} 元以下罚款{party}",
        f"not available: the penalties go beyond a warning or a fine up to "
        f"{fmt(threshold)} yuan{party}",
    )


def _hearing(v: Voice, step: Step, yes: bool) -> str:
    """Art. 63: the kinds of penalty, or the large fine, that give the party a hearing right."""
    threshold, fine_max = step.get("threshold"), step.get("fine_max")
    t = v.t
    # A kind the standard declares carries its own label (kind_labels); a built-in one the
    # vocabulary's.
    names = {k: (zh, en) for k, zh, en in step.get("kind_labels") or ()}
    labels = [names.get(k) or KIND_LABELS.get(k, (k, k)) for k in step.get("kinds") or ()]
    reasons = [t(f"拟给予{zh}", f"the penalty includes {en}") for zh, en in labels]
    if (
        fine_max is not None
        and threshold is not None
        and Decimal(fmt(fine_max)) >= Decimal(fmt(threshold))
    ):
        reasons.append(
            t(
                f"建议罚款最高额 {fmt(fine_max)} 元达到较大数额罚款标准 {fmt(threshold)} 元",
                f"the recommended fine reaches {fmt(fine_max)} yuan, at or above the "
                f"large-fine threshold of {fmt(threshold)} yuan",
            )
        )
    unset = bool(step.get("threshold_unset"))
    unit = step.get("fine_unit")
    set_by = step.get("fine_set_by")
    if set_by and not unset and not yes:
        return _set_by(v, set_by, threshold, "", summary=False)
    if unset:
        reasons.append(v.pair(wording.HEARING_UNSET))
    elif unit is not None and not yes:
        return _other_unit(v, str(unit), threshold, "", summary=False)
    if yes:
        why = t("应当告知当事人有权要求听证", "the party must be told of its right to a hearing")
        if reasons:
            why += t("：", ": ") + t("；", "; ").join(reasons)
        return why
    if unset:
        return v.pair(wording.HEARING_UNSET)
    return t(
        f"不属于听证范围（较大数额罚款标准 {fmt(threshold)} 元）",
        f"no hearing right (large-fine threshold {fmt(threshold)} yuan)",
    )


def _set_by(v: Voice, set_by: object, threshold: object, party: str, *, summary: bool) -> str:
    """A fine whose amount another body sets (format 2): no figure to compare with the limit."""
    by, by_en = (
        (str(set_by[0]), str(set_by[1]))
        if isinstance(set_by, (tuple, list))
        else (str(set_by),) * 2
    )
    limit = fmt(threshold)
    what_zh = f"当场处罚限额 {limit} 元" if summary else f"较大数额罚款标准 {limit} 元"
    what_en = (
        f"the summary-procedure limit of {limit} yuan"
        if summary
        else f"the large-fine threshold of {limit} yuan"
    )
    return v.t(
        f"不能判断：罚款数额由{by}规定，本基准未规定具体数额，不能与{what_zh}比较；"
        f"由执法人员依照该规定认定{party}",
        f"cannot be decided: the fine's amount is set by {by_en} and this standard states no "
        f"figure to compare with {what_en}; the officer decides under those rules{party}",
    )


def _other_unit(v: Voice, unit: str, threshold: object, party: str, *, summary: bool) -> str:
    """A fine in another currency or unit against a threshold in 元 (Art. 51 or Art. 63): say so,
    and what the officer does instead of a comparison the library must not make."""
    limit = fmt(threshold)
    unit_en = wording.UNITS_EN.get(unit, unit)
    if summary:
        what_zh, what_en = (
            f"当场处罚限额 {limit} 元",
            f"the summary-procedure limit of {limit} yuan",
        )
        then_zh, then_en = (
            f"折算后不超过 {limit} 元的，可以适用",
            f"available if it does not exceed {limit} yuan",
        )
    else:
        what_zh, what_en = (
            f"较大数额罚款标准 {limit} 元",
            f"the large-fine threshold of {limit} yuan",
        )
        then_zh = f"折算后达到 {limit} 元的，应当告知当事人有权要求听证"
        then_en = f"if it reaches {limit} yuan, the party must be told of its right to a hearing"
    if quantum_of(unit) == "cent":
        return v.t(
            f"不能直接判断：{what_zh}以人民币元计，建议罚款以{unit}计，应当按照法律规定的汇率"
            f"折算为人民币元后判断；{then_zh}{party}",
            f"cannot be decided directly: {what_en} is in renminbi and the recommended fine is "
            f"in {unit_en}; convert it at the rate the law prescribes, then: {then_en}{party}",
        )
    return v.t(
        f"不能判断：建议罚款以「{unit}」计，不是以人民币元计的金额，不能与{what_zh}比较；"
        f"由执法人员依法认定{party}",
        f"cannot be decided: the recommended fine is counted in {unit_en}, not in yuan, and "
        f"cannot be compared with {what_en}; the officer decides under the law{party}",
    )


def _review(v: Voice, step: Step, yes: bool) -> str:
    """Art. 58: whether the legality review is required, and on which ground; a hearing right
    makes it conditional (¶1 (二) needs a hearing held), said apart from the grounds that hold."""
    heard = step.get("if_hearing") or ()
    conditional = ""
    if heard:
        conditional = v.pair(wording.REVIEW_IF_HEARD).format(
            g="；".join(str(g[1]) for g in heard)
            if v.lang == "zh"
            else "; ".join(str(g[2]) for g in heard)
        )
    if not yes:
        none = v.t(
            "不属于《行政处罚法》第五十八条规定的必经法制审核情形",
            "not one of the cases of Administrative Penalty Law Art. 58 that require it",
        )
        if conditional:
            return v.t(f"目前{none}；{conditional}", f"as things stand, {none}; {conditional}")
        return none
    grounds = step.get("grounds")
    named: list[str] = []
    if grounds:
        # (id, 中文, English) triples; older records may hold labels or (id, label) pairs.
        for g in grounds:
            if isinstance(g, (tuple, list)) and len(g) >= 3:
                named.append(str(g[1] if v.lang == "zh" else g[2]))
            else:
                named.append(str(g[-1] if isinstance(g, (tuple, list)) else g))
    else:
        for source in step.sources:
            m = wording.ART58_KEY.search(source.key)
            if m and int(m.group(1)) in wording.ART58:
                n = int(m.group(1))
                named.append(
                    v.t(
                        f"第五十八条第一款第（{zh_number(n)}）项“{wording.ART58[n][0]}”",
                        f"Art. 58 ¶1 ({n}): the case {wording.ART58[n][1]}",
                    )
                )
    text = v.t("作出决定前应当进行法制审核", "required before the decision")
    if named:
        text += v.t("，情形：", "; ground: ") + v.t("；", "; ").join(named)
    if conditional:
        text += v.t("；", "; ") + conditional
    return text
