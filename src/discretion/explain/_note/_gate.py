"""The section 不予处罚事由 (no-penalty grounds): the gate, Art. 30, 31, 33 and 36.

Each no-penalty ground that was tested (as a condition with the facts it read), the note that no
ground holds (with how many were checked), and the limitation period (追责时效, Art. 36): when
the act took place or ended, when it was found, the period and its end, and the verdict.
"""

from __future__ import annotations

from ...decide._result import Step
from ...format._vocabulary import zh_number
from .. import _wording as wording
from ._generic import generic
from ._voice import CJK, ByStage, Voice, capital, fmt


def render_gate(v: Voice, by_stage: ByStage) -> list[str]:
    """The lines of every gate step."""
    return [_gate(v, step) for step in by_stage["gate"]]


def _gate(v: Voice, step: Step) -> str:
    """A no-penalty ground, the limitation period, or the note that no ground holds."""
    if step.get("years") is not None:
        return _limitation(v, step)
    if step.outcome == "none" and not step.reads:
        tested = step.get("tested") or ()
        label = v.label(step)
        if label == step.rule:
            label = v.pair(wording.TESTS.get(step.test, wording.OUTCOME_WORDS["none"]))
        count = v.t(f"（已审查 {len(tested)} 项）", f" ({len(tested)} checked)")
        text = capital(label) + (count if tested else "")
        return "  " + v.sentence(text) + v.cite_tail(step)
    line = generic(v, step)
    origin = wording.GROUND_ORIGINS.get(str(step.get("origin")))
    if origin is not None:
        line = "  " + v.pair(origin) + line.lstrip()
    duty = step.get("duty" if v.lang == "zh" else "duty_en")
    if duty:
        cite = step.get("duty_cite" if v.lang == "zh" else "duty_cite_en")
        tail = v.t(f"依据：{cite}。", f" Basis: {cite}.") if cite else ""
        line += "\n  " + v.sentence(str(duty)) + tail
    return line


def _limitation(v: Voice, step: Step) -> str:
    """Art. 36: when the act took place (or ended), when it was found, the period, the verdict.

    The engine reads the start fact first, then the end fact of a continuing act, then the
    discovery date: a period counted from a date other than the first fact's is counted from
    the end of the act.
    """
    t = v.t
    head = v.pair(wording.LIMITATION) + t("：", ": ")
    start, discovered = step.get("start"), step.get("discovered")
    verdict = wording.LIMITATION_VERDICTS.get(str(step.outcome))
    if step.outcome == "not_checked" or start is None or discovered is None or not verdict:
        if step.outcome != "not_checked":
            return generic(v, step)
        text = head + v.pair(wording.LIMITATION_NOT_CHECKED)
        return "  " + v.sentence(text) + v.cite_tail(step)
    years = int(step.get("years"))
    ended = bool(step.reads) and fmt(step.reads[0][1]) != fmt(start)
    period = t(f"{zh_number(years)}年", f"{years} years")
    label = str(step.get("label") or "")
    label_en = str(step.get("label_en") or "")
    reason = ""
    if v.lang == "zh":
        # "涉及……且有危害后果的，五年" names its condition; a bare "二年" does not.
        reason = label.removesuffix(period).rstrip("，,、 ")
    elif label_en and label_en != label and CJK.search(label_en) is None:
        reason = label_en.removesuffix(period).rstrip(",; ")
    else:
        found = next(
            (i for i, (_n, x) in enumerate(step.reads) if i and fmt(x) == fmt(discovered)),
            len(step.reads),
        )
        reason = v.reads(step.reads[found + 1 :]).strip(" ()")
    act = t(
        f"违法行为{'终了' if ended else '发生'}于 {fmt(start)}，发现于 {fmt(discovered)}",
        f"the act {'ended' if ended else 'took place'} on {fmt(start)} and was discovered on "
        f"{fmt(discovered)}",
    )
    deadline = fmt(step.get("deadline"))
    if v.lang == "zh":
        term = f"追责期限{period}（至 {deadline}）"
        text = v.sentence(head + act, f"{reason}，{term}" if reason else term, verdict[0])
    else:
        why = f"; {reason}" if reason else ""
        text = f"{head}{act}; the period is {period} (until {deadline}{why}): {verdict[1]}."
    return "  " + text + v.cite_tail(step)
