"""The section 适用的裁量基准版本 (version applied): Art. 37, 从旧兼从轻.

Which version of the standard was in force at the act and at the decision, and which one applies
(the old one, unless the later one is lighter or no longer punishes the act), with the
principle's wording. A version step without both versions is shown generically.
"""

from __future__ import annotations

from ...decide._result import Step
from .. import _wording as wording
from ._generic import generic
from ._voice import ByStage, Voice, fmt, span


def render_versions(v: Voice, by_stage: ByStage) -> list[str]:
    """The lines of every version step."""
    return [line for step in by_stage["version"] for line in _version(v, step)]


def _version(v: Voice, step: Step) -> list[str]:
    """Art. 37: the versions in force at the act and at the decision, and which applies."""
    old, new = step.get("old_version"), step.get("new_version")
    verdict = wording.TRANSITION_VERDICTS.get(str(step.outcome))
    if old is None or new is None or verdict is None:
        return [generic(v, step)]
    applied = fmt(step.get("applied") or new)
    t = v.t
    what = t(
        f"违法行为发生时施行的版本为 {fmt(old)} 版，作出决定时施行的版本为 {fmt(new)} 版",
        f"version {fmt(old)} was in force at the act, version {fmt(new)} at the decision",
    )
    verdict_text = v.pair(verdict).format(v=applied)
    line = t(
        f"{wording.TRANSITION[0]}：{what}，{verdict_text}。",
        f"{wording.TRANSITION[1]}: {what}; {verdict_text}.",
    )
    lines = ["  " + line + v.cite_tail(step)]
    # Steps recorded before the comparison was kept side by side carry no figures.
    if step.get("basis") is not None:
        lines += _comparison(v, step, str(old), str(new))
    return [*lines, *v.quote_law(step)]


def _comparison(v: Voice, step: Step, old: str, new: str) -> list[str]:
    """Both versions' figures side by side, what was compared, and why the verdict follows."""
    basis = str(step.get("basis"))
    statute = basis == "statute"
    out = []
    for version, key in ((old, "old_figures"), (new, "new_figures")):
        out.append(
            "  " + v.t(f"{version} 版：", f"version {version}: ") + _figures(v, step, key, statute)
        )
    why = v.pair(wording.TRANSITION_BASIS.get(basis, ("", "")))
    reason = v.pair(wording.TRANSITION_REASONS.get(str(step.get("reason")), ("", "")))
    rule = step.get("rule" if v.lang == "zh" else "rule_en")
    if rule:
        why += v.t(f"（{rule}）", f" ({rule})")
    out.append("  " + v.t(f"比较：{why}；{reason}。", f"Comparison: {why}; {reason}."))
    return out


def _figures(v: Voice, step: Step, key: str, statute: bool) -> str:
    """One version's penalties: kind, the statutory range and the recommended range."""
    rows = step.get(key) or ()
    if not rows:
        return v.t("不予处罚", "no penalty")
    parts = []
    for label, label_en, unit, smin, smax, rmin, rmax in rows:
        u = v.unit(unit)
        legal = span(smin, smax, u) if smax else ""
        advised = span(rmin, rmax, u) if rmax else ""
        name = label if v.lang == "zh" else label_en
        if legal and advised:
            parts.append(
                v.t(
                    f"{name}（法定幅度 {legal}，建议幅度 {advised}）",
                    f"{name} (statutory range {legal}, recommended {advised})",
                )
            )
        else:
            parts.append(name)
    return v.t("；", "; ").join(parts)
