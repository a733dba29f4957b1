"""The section 单处或者并处 (single or combined penalties), and one act under several norms (Art. 29).

The penalty clauses grouped by what the level did with them: mandatory (处、并处), chosen at this
level, allowed but not chosen, alternatives (择一), not applicable, only at other levels, other,
and the fine dropped because another norm's heavier fine is imposed for the one act. Then each
combination step: which item keeps the fine (一事不再罚), or that no clause applies at this level.
"""

from __future__ import annotations

from ...decide._result import Step
from .. import _wording as wording
from ._generic import generic
from ._modes import group_lines
from ._penalties import mode_name, penalty_label
from ._voice import ByStage, Voice, capital, fmt

# The groups in the order they are listed, with their heads.
_GROUP_TITLES = {
    "must": ("依法应当给予（处、并处）：", "Mandatory (principal or combined): "),
    "chosen": ("本阶次选择给予：", "Chosen at this level: "),
    "left": ("可以给予但本阶次未选择：", "Allowed but not chosen at this level: "),
    "alt": (
        f"{wording.ALTERNATIVE[0]}：",
        f"{capital(wording.ALTERNATIVE[1])} (one of the group): ",
    ),
    "none": ("适用条件不成立，不予适用：", "Not applicable (condition does not hold): "),
    "level": ("仅适用于其他裁量阶次：", "Only at other levels: "),
    "other": ("其他：", "Other: "),
    "removed": ("一事不再罚，不再处以：", "One act, one fine; not imposed: "),
}


def render_combination(v: Voice, by_stage: ByStage) -> list[str]:
    """The grouped clauses, then the combination steps."""
    sep = v.t("、", ", ")
    groups: dict[str, list[str]] = {key: [] for key in _GROUP_TITLES}
    for step in by_stage.get("penalty", []):
        label = penalty_label(v, step)
        mode = mode_name(v, step)
        with_mode = f"{label}{v.t(f'（{mode}）', f' — {mode}')}" if mode else label
        if step.outcome == "not_applicable":
            groups["none"].append(label)
        elif step.outcome == "not_at_level":
            groups["level"].append(label)
        elif step.outcome == "optional" and step.get("mode") == "alternative":
            groups["alt"].append(label)
        elif step.outcome == "optional":
            groups["left"].append(with_mode)
        elif step.outcome != "imposed":
            groups["other"].append(
                f"{label}{v.t(f'（{v.outcome(step.outcome)}）', f' ({v.outcome(step.outcome)})')}"
            )
        elif v.fine_removed and step.get("kind") == "fine":
            groups["removed"].append(label)
        elif step.get("mode") in wording.MANDATORY_MODES:
            groups["must"].append(label)
        else:
            groups["chosen"].append(with_mode)
    lines = [
        f"  {v.pair(_GROUP_TITLES[key])}{sep.join(labels)}{v.t('。', '.')}"
        for key, labels in groups.items()
        if labels
    ]
    for step in by_stage.get("combine", []):
        if step.outcome == "fine_removed" and step.get("kept"):
            lines += _one_act(v, step)
        elif step.get("single_or_combined"):
            lines += group_lines(v, step)
        elif step.outcome == "no_penalty" and not step.get("label"):
            text = v.pair(wording.NO_CLAUSE)
            orders = step.get("orders") or ()
            if orders:
                text += v.t("，", "; orders: ") + v.t("、", ", ").join(orders)
            lines.append("  " + v.sentence(capital(text)) + v.cite_tail(step))
        else:
            lines.append(generic(v, step))
    return lines


def _one_act(v: Voice, step: Step) -> list[str]:
    """Art. 29: which item keeps the fine for the one act, and that this one drops it."""
    kept, removed = fmt(step.get("kept")), fmt(step.get("removed"))
    what = v.t(
        f"同一违法行为违反多个法律规范，按照罚款数额高的 {kept} 的规定处以罚款，"
        f"本事项 {removed} 不再处以罚款",
        f"the act breaks several norms; the fine is imposed under {kept}, whose fine is "
        f"higher, and this item, {removed}, imposes none",
    )
    hi, lo = step.get("kept_max"), step.get("removed_max")
    if hi is not None and lo is not None:
        # Art. 29 compares the statutory fines (罚款数额高的规定): both maxima, and why one prevails.
        what += v.t(
            f"（{kept} 的法定最高罚款 {fmt(hi)} 元高于本事项 {removed} 的 {fmt(lo)} 元）",
            f" ({kept}'s statutory maximum fine, {fmt(hi)} yuan, is above this item's "
            f"{fmt(lo)} yuan)",
        )
    line = v.sentence(f"{v.pair(wording.ONE_ACT)}{v.t('：', ': ')}{what}")
    return ["  " + line + v.cite_tail(step), *v.quote_law(step)]
