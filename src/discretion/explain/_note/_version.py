"""The section 适用的裁量基准版本 (version applied): Art. 37, 从旧兼从轻.

Which version of the standard was in force at the act and at the decision, and which one applies
(the old one, unless the later one is lighter or no longer punishes the act), with the
principle's wording. A version step without both versions is shown generically.
"""

from __future__ import annotations

from ...decide._result import Step
from .. import _wording as wording
from ._generic import generic
from ._voice import ByStage, Voice, fmt


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
    return ["  " + line + v.cite_tail(step), *v.quote_law(step)]
