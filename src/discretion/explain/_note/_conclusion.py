"""The last line of the note, 结论 (conclusion): what is recommended, in one sentence.

No penalty (with the orders, which are not penalties, Art. 28); a discretionary waiver (Art. 33
¶1) and what to impose if the authority does punish; the options of 从轻或者减轻 the authority
chooses from; or the penalties with their ranges, flagged when reduced below the minimum.
"""

from __future__ import annotations

from ...format._vocabulary import zh_number
from .. import _wording as wording
from ._amounts2 import none_found_conclusion
from ._keep import kept_conclusion
from ._parties import parties_conclusion
from ._penalties import penalty_text
from ._voice import Voice


def render_conclusion(v: Voice) -> str:
    """The conclusion line."""
    rec, t = v.rec, v.t
    orders = t("、", ", ").join(rec.orders)
    penalties = t("，", "; ").join(penalty_text(v, p) for p in rec.penalties)
    reduced = (
        t("（减轻处罚）", " (reduced below the statutory minimum)") if rec.flags.reduced else ""
    )
    kept = kept_conclusion(v) if rec.kept else ""
    # An amount equal to a fact of zero (没有违法所得): said, never "没收违法所得 0 元".
    found = none_found_conclusion(v)
    others = parties_conclusion(v) if rec.parties else ""
    if others:
        reduced += t(f"；{others}", f"; {others}")
    reduced += found
    if rec.outcome == "no_penalty":
        return t(
            "结论：建议不予行政处罚" + kept + (f"，{orders}" if orders else "") + found + "。",
            "Conclusion: no penalty" + kept + (f"; {orders}" if orders else "") + found + ".",
        )
    what = t(f"建议给予{penalties}{reduced}", f"recommended {penalties}{reduced}")
    # 责令改正 and the like are not penalties (Art. 28): ordered whatever the penalty.
    lead = t(f"{orders}，并", f"{orders} (ordered); ") if orders else ""
    if rec.options:
        must = any(o.mandatory for o in rec.options)
        what = t(
            ("应当" if must else "可以") + "从轻或者减轻处罚，由行政机关选择：",
            ("mitigation or reduction is " + ("mandatory" if must else "allowed"))
            + "; the authority chooses: ",
        ) + t("；或者", "; or ").join(
            t(f"（{zh_number(n)}）", f"({n}) ")
            + v.pair(wording.CHOICES.get(o.choice, (o.choice, o.choice)))
            + (
                t("，给予", ": ") + t("，", "; ").join(penalty_text(v, p) for p in o.penalties)
                if o.penalties
                else t("，", ": ") + v.pair(wording.NOTHING_LEFT)
            )
            for n, o in enumerate(rec.options, start=1)
        )
    if rec.outcome == "may_waive":
        text = t(
            "结论：符合可以不予处罚的情形，是否不予处罚由行政机关裁量决定",
            "Conclusion: the case qualifies for a discretionary waiver; the authority decides "
            "whether to impose a penalty",
        )
        if penalties:
            text += t(f"；决定给予处罚的，{what}", f"; if it does: {what}")
        text += kept
        if orders:
            text += t(f"；{orders}", f"; {orders}")
        return text + t("。", ".")
    return t(f"结论：{lead}{what}。", f"Conclusion: {lead}{what}.")
