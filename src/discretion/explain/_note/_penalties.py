"""The section 处罚种类和幅度 (penalties and ranges): each penalty clause, its mode and its range.

One numbered line per clause of the item: imposed, optional and not chosen, an alternative the
officer may choose instead (择一), not applicable (its condition failed), or only at other
levels; then, for a clause with a range, how the range was measured (:mod:`._measure`), and the
note when Art. 29 drops this item's fine. Also the names of penalties and of their combination
modes, which the combination, options and conclusion sections share.
"""

from __future__ import annotations

from ...decide._result import Penalty, Step
from ...format._vocabulary import KIND_LABELS, MODE_LABELS
from .. import _wording as wording
from ._amounts2 import none_found_text
from ._amounts3 import open_span, set_by_of
from ._measure import measure
from ._modes import not_allowed_text
from ._voice import ByStage, Voice, span


def render_penalties(v: Voice, by_stage: ByStage) -> list[str]:
    """The numbered clauses, each with its measured range."""
    lines: list[str] = []
    for number, step in enumerate(by_stage["penalty"], start=1):
        label = penalty_label(v, step)
        if step.outcome == "not_applicable":
            lines.append(
                f"  {number}. {label}{v.t('：不适用，', ': not applied, ')}"
                f"{v.condition(v.as_held(step, holds=False))}"
                f"{v.t('。', '.')}{v.cite_tail(step)}"
            )
            continue
        if step.outcome == "not_allowed":
            lines.append(
                f"  {number}. {label}{v.t('：', ': ')}{not_allowed_text(v, step)}"
                f"{v.t('。', '.')}{v.cite_tail(step)}"
            )
            continue
        if step.outcome == "none_found":
            lines.append(
                f"  {number}. {label}{v.t('：', ': ')}{none_found_text(v, step)}"
                f"{v.t('。', '.')}{v.cite_tail(step)}"
            )
            continue
        if step.outcome == "not_at_level":
            lines.append(
                f"  {number}. {label}{v.t('：', ': ')}{_only_at(v, step)}"
                f"{v.t('。', '.')}{v.cite_tail(step)}"
            )
            continue
        mode = mode_name(v, step)
        chosen = step.outcome == "imposed"
        if chosen:
            extra = ""
        elif step.outcome == "optional" and step.get("mode") == "alternative":
            mode, extra = "", _alternative_of(v, step, by_stage["penalty"])
        elif step.outcome == "optional" and step.get("mode") == "single_or_combined":
            extra = v.t(
                "本阶次未选择，执法人员可以并处", "not chosen at this level; the officer may add it"
            )
        elif step.outcome == "optional":
            extra = v.t("本阶次未选择", "not chosen at this level")
        else:
            extra = v.outcome(step.outcome)
        inside = v.t("，", "; ").join(x for x in (mode, extra) if x)
        # English mode names carry their own parentheses: "combined (mandatory)".
        inside = v.t(f"（{inside}）", f": {inside}") if inside else ""
        lines.append(f"  {number}. {label}{inside}{v.t('。', '.')}{v.cite_tail(step)}")
        if step.get("range") is not None or step.get("set_by"):
            lines.extend("     " + line for line in measure(v, step))
        if chosen and v.fine_removed and step.get("kind") == "fine":
            lines.append(
                v.t(
                    "     一事不再罚：本项罚款不再处以（见「单处或者并处」）",
                    "     One act, one fine: this fine is not imposed (see single or combined)",
                )
            )
    return lines


def penalty_label(v: Voice, step: Step) -> str:
    """A penalty step's name: its label, else the recommendation's penalty, else its kind."""
    if v.lang == "zh":
        return v.label(step)
    if step.get("label_en"):
        return str(step.get("label_en"))
    pid = step.rule.rsplit("/", 1)[-1]
    for p in (*v.rec.penalties, *v.rec.optional_penalties):
        if p.id == pid and p.label_en:
            return p.label_en
    kind = step.get("kind")
    if kind in KIND_LABELS:
        return KIND_LABELS[str(kind)][1]
    return v.label(step)


def penalty_text(v: Voice, p: Penalty) -> str:
    """A recommended penalty with its range: 「罚款 50000–65000 元」."""
    label = p.label if v.lang == "zh" else (p.label_en or p.label)
    if p.min is None:
        by = set_by_of(v, p.id)  # 罚款（数额由省、自治区、直辖市人民政府规定）
        return (
            v.t(f"{label}（数额由{by[0]}规定）", f"{label} (amount set by {by[1]})")
            if by
            else label
        )
    if p.max is None:  # an open range (format 2): 「罚款 50000 元以上」
        return f"{label} {open_span(v, p.min, None, v.unit(p.unit))}"
    return f"{label} {span(p.min, p.max, v.unit(p.unit))}"


def mode_name(v: Voice, step: Step) -> str:
    """The clause's combination mode (并处, 可以并处, 择一 …), or nothing."""
    mode = step.get("mode")
    if mode is None:
        return ""
    return v.pair(MODE_LABELS.get(str(mode), (str(mode), str(mode))))


def _alternative_of(v: Voice, step: Step, steps: list[Step]) -> str:
    """「可选择替代「责令停产停业」（择一）」: the member of the group the level imposed."""
    group = step.get("group")
    chosen = [
        penalty_label(v, s)
        for s in steps
        if group is not None
        and s.get("group") == group
        and s.get("mode") == "alternative"
        and s.outcome == "imposed"
    ]
    if len(chosen) == 1:
        return v.pair(wording.ALTERNATIVE_OF).format(x=chosen[0])
    return v.pair(wording.ALTERNATIVE)


def _only_at(v: Voice, step: Step) -> str:
    """「本阶次不适用，仅适用于阶次「情节严重」」 for a clause tied to other levels."""
    order = list(v.level_names)
    ids = sorted(
        (str(x) for x in step.get("levels") or ()),
        key=lambda x: order.index(x) if x in order else len(order),
    )
    names = [v.pair(v.level_names[x]) if x in v.level_names else x for x in ids]
    quoted = v.t("", ", ").join(v.t(f"「{n}」", f"“{n}”") for n in names)
    here = step.get("level")
    if here is not None:
        here_name = str(here) if v.lang == "zh" else v.level_en.get(str(here), str(here))
        return v.t(
            f"本阶次（{here_name}）不适用（仅适用于{quoted}阶次）",
            f"not at this level (“{here_name}”); only at the {quoted} "
            + ("level" if len(names) == 1 else "levels"),
        )
    return v.t(
        f"本阶次不适用（仅适用于{quoted}阶次）",
        f"not at this level; only at the {quoted} " + ("level" if len(names) == 1 else "levels"),
    )
