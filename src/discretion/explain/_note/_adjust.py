"""The line saying how circumstances moved a band (从轻, 从重, 减轻 or none), shared by the
bounded ranges (``_measure``) and the open ones (``_amounts3``)."""

from __future__ import annotations

from ...decide._result import Step
from ._voice import Voice, fmt


def adjustment_lines(v: Voice, step: Step, how: object, capped: bool) -> list[str]:
    """The adjustment's line; ``capped``: the range has a statutory maximum to stay under."""
    share = fmt(step.get("adjust_share"))
    if how == "mitigate":
        return [
            v.t(f"从轻：取上述区间较低的 {share}%", f"Mitigated: the lowest {share}% of that band")
        ]
    if how == "aggravate":
        cap_zh, cap_en = (
            ("，不超过法定最高额", ", never above the statutory maximum") if capped else ("", "")
        )
        return [
            v.t(
                f"从重：取上述区间较高的 {share}%{cap_zh}",
                f"Aggravated: the highest {share}% of that band{cap_en}",
            )
        ]
    if how == "reduce":
        floor = fmt(step.get("reduce_floor"))
        return [
            v.t(
                f"减轻：在法定最低额以下确定，自最低额的 {floor}% 至最低额",
                f"Reduced: below the statutory minimum, from {floor}% of the minimum up to it",
            )
        ]
    if how == "none":
        return [v.t("情节调整：无，不作调整", "Circumstances: none; no adjustment")]
    return []
