"""The head of the note: the standard (id, version, content digest), the item, its bases, the dates.

What a reviewer needs to replay the recommendation later: which rule set and which version of it,
the item (裁量事项) with its legal basis (违法依据) and penalty basis (处罚依据), and the dates of
the act and of the decision when they were given (Art. 37).
"""

from __future__ import annotations

from ...compile._records import Source
from ._voice import Voice, fmt, unique_sources


def render_header(v: Voice) -> list[str]:
    """The title lines, ending with an empty line."""
    rec, ref, t = v.rec, v.rec.ruleset, v.t
    facts = v.facts_step
    title = ref.title or ref.id
    if v.lang == "en" and facts is not None and facts.get("title_en"):
        title = str(facts.get("title_en"))
    name = rec.item_name
    if v.lang == "en" and facts is not None and facts.get("item_name_en"):
        name = str(facts.get("item_name_en"))
    lines = [
        t("裁量建议（供审核）", "Recommendation (for review)")
        if v.outside_apl
        else t("行政处罚裁量建议（供法制审核）", "Recommended penalty (for legality review)"),
        t(
            f"裁量基准：{title}（{ref.id}，版本 {ref.version}）",
            f"Standard: {title} ({ref.id}, version {ref.version})",
        ),
        t(f"内容摘要：{ref.digest}", f"Content digest: {ref.digest}"),
        t(f"裁量事项：{rec.item} {name}", f"Item: {rec.item} {name}"),
    ]
    if facts is not None and facts.sources:
        lines.append(t("违法依据：", "Legal basis: ") + v.sources(facts.sources))
    basis = penalty_basis(v)
    if basis:
        lines.append(t("处罚依据：", "Penalty basis: ") + v.sources(basis))
    if rec.violation_date or rec.decision_date:
        none = t("未填写", "not given")
        lines.append(
            t(
                f"违法行为发生日期：{fmt(rec.violation_date or none)}；"
                f"作出决定日期：{fmt(rec.decision_date or none)}",
                f"Date of the act: {fmt(rec.violation_date or none)}; "
                f"date of the decision: {fmt(rec.decision_date or none)}",
            )
        )
    lines.append("")
    return lines


def penalty_basis(v: Voice) -> list[Source]:
    """The item's 处罚依据 as the rule file states it (the facts step's ``penalty_basis``).

    Records made before the facts step carried it fall back to the clauses' citations.
    """
    recorded = v.facts_step.get("penalty_basis") if v.facts_step else None
    if recorded:
        return [s if isinstance(s, Source) else Source(*s) for s in recorded]
    steps = [s for s in v.rec.steps if s.stage == "penalty"]
    return unique_sources(steps or [s for s in v.rec.steps if s.stage == "combine"])
