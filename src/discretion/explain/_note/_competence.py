"""The section 作出决定的机关 (the deciding body): who decides, in whose name, on what ground.

Written only when ``evaluate`` was given ``decided_by`` (APL Art. 17–24): a body deciding by its
statutory power or by 赋权 (Art. 24) decides in its own name; an entrusted body decides in the
entrusting body's name, which answers for the decision (Art. 20 ¶2–3). The step cites the clause
or document that gives the body the power.
"""

from __future__ import annotations

from ._voice import ByStage, Voice


def render_competence(v: Voice, by_stage: ByStage) -> list[str]:
    """One line per deciding body (there is one)."""
    lines = []
    for step in by_stage.get("competence", []):
        zh = v.lang == "zh"
        body = step.get("body") if zh else step.get("body_en")
        owner = step.get("in_name_of") if zh else step.get("in_name_of_en")
        basis = step.get("basis")
        if basis == "entrusted":
            what = v.t(
                f"由「{body}」受「{owner}」委托，以「{owner}」的名义作出；委托机关对该行为的后果承担"
                "法律责任（《中华人民共和国行政处罚法》第二十条第二款、第三款）",
                f"made by {body}, entrusted by {owner}, in the name of {owner}, which answers for "
                "it (APL Art. 20 ¶2–3)",
            )
        elif basis == "conferred":
            what = v.t(
                f"由「{body}」依省、自治区、直辖市交由其行使行政处罚权的决定（赋权）以自己的名义作出（《中华人民共和国行政处罚法》"
                "第二十四条）",
                f"made by {body} in its own name, under the power conferred by the province "
                "(APL Art. 24)",
            )
        else:
            what = v.t(
                f"由「{body}」在法定职权范围内以自己的名义作出（《中华人民共和国行政处罚法》"
                "第十七条）",
                f"made by {body} in its own name, within its statutory power (APL Art. 17)",
            )
        lines.append(
            "  "
            + v.sentence(v.t(f"本处罚决定{what}", f"The decision is {what}"))
            + v.cite_tail(step)
        )
    return lines
