"""The section 其他当事人的处罚（双罚制）: the penalties on the other parties of the act.

One block per party (直接负责的主管人员和其他直接责任人员): its name and type, then each of its
clauses as the penalties section words them — imposed with its own statutory range and how it was
measured (its own range: neither the unit's band nor the unit's circumstances move it), not
applicable (its condition failed) or only at other levels — each citing its clause. The
conclusion adds one sentence per party (:func:`parties_conclusion`).
"""

from __future__ import annotations

from ...decide._result import Step
from ._measure import measure
from ._penalties import mode_name, penalty_label, penalty_text
from ._voice import ByStage, Voice

_TYPES = {
    "individual": ("公民", "natural person"),
    "organisation": ("法人或者其他组织", "organisation"),
}


def render_parties(v: Voice, by_stage: ByStage) -> list[str]:
    """Each party's block: its name, then its clauses with their ranges."""
    lines: list[str] = []
    by_party: dict[str, list[Step]] = {}
    for step in by_stage.get("party", []):
        by_party.setdefault(str(step.get("party")), []).append(step)
    for number, steps in enumerate(by_party.values(), start=1):
        first = steps[0]
        name = first.get("party_label") if v.lang == "zh" else first.get("party_label_en")
        kind = v.pair(_TYPES.get(str(first.get("party_type")), ("", "")))
        lines.append(
            v.t(
                f"  {number}. 对{name}（{kind}）：单独裁量，适用其自身的法定幅度",
                f"  {number}. On {name} ({kind}): measured on its own statutory range",
            )
        )
        for step in steps:
            label = penalty_label(v, step)
            if step.outcome == "not_applicable":
                lines.append(
                    f"     {label}{v.t('：不适用，', ': not applied, ')}"
                    f"{v.condition(v.as_held(step, holds=False))}{v.t('。', '.')}"
                    f"{v.cite_tail(step)}"
                )
                continue
            if step.outcome == "not_at_level":
                lines.append(
                    f"     {label}{v.t('：本阶次不适用。', ': not at this level.')}"
                    f"{v.cite_tail(step)}"
                )
                continue
            mode = mode_name(v, step)
            chosen = step.outcome == "imposed"
            extra = "" if chosen else v.t("，本阶次未选择", "; not chosen at this level")
            inside = v.t(f"（{mode}{extra}）", f": {mode}{extra}") if mode else ""
            lines.append(f"     {label}{inside}{v.t('。', '.')}{v.cite_tail(step)}")
            if step.get("range") is not None:
                lines.extend(
                    "       " + line for line in measure(v, step) if not _is_band_line(line)
                )
    return lines


def _is_band_line(line: str) -> bool:
    # The level's band never applies to another party's penalty; measure() states the full range.
    return line.startswith(("裁量阶次", "Level")) or "全幅" in line or "full range" in line


def parties_conclusion(v: Voice) -> str:
    """「对直接负责的主管人员和其他直接责任人员，建议给予罚款 20000–50000 元」, per party."""
    parts = []
    for party in v.rec.parties:
        if not party.penalties:
            continue
        name = party.label if v.lang == "zh" else party.label_en
        what = v.t("，", "; ").join(penalty_text(v, p) for p in party.penalties)
        parts.append(v.t(f"对{name}，建议给予{what}", f"on {name}: {what}"))
    return v.t("；", "; ").join(parts)
