"""The section 其他处罚种类 (penalty kinds set by law): the kinds the standard declares.

《中华人民共和国行政处罚法》（2021年修订）第九条第六项 admits 法律、行政法规规定的其他行政处罚. For
each declared kind among the recommended penalties the note names it, says which provision sets it,
whether it gives the party a hearing right whatever its amount (第六十三条), and whether its amount
is money; e.g. 驱逐出境：法律、行政法规规定的其他行政处罚（行政处罚法第九条第六项），应当告知听证权利。
依据：《中华人民共和国治安管理处罚法》第十条第二款。
"""

from __future__ import annotations

from ._voice import ByStage, Voice

TITLE = ("其他处罚种类", "Penalty kinds set by law")


def render_kinds(v: Voice, by_stage: ByStage) -> list[str]:
    """One cited line per declared kind recommended."""
    lines = []
    for step in by_stage.get("kind", []):
        label = step.get("label") if v.lang == "zh" else step.get("label_en")
        if v.outside_apl:
            # A standard outside the APL general part: the kind is its own, cited to its law.
            parts = [
                v.t(f"{label}：本基准声明的处罚种类", f"{label}: a kind the standard declares"),
                v.t("数额以金钱计", "its amount is money")
                if step.get("money")
                else v.t("不以金钱计", "its amount is not money"),
            ]
            lines.append("  " + v.sentence(*parts) + v.cite_tail(step))
            continue
        parts = [
            v.t(
                f"{label}：法律、行政法规规定的其他行政处罚（《中华人民共和国行政处罚法》第九条第六项）",
                f"{label}: a penalty set by law or administrative regulation (APL Art. 9 (6))",
            ),
            v.t("属于应当告知听证权利的处罚（第六十三条）", "it gives a hearing right (Art. 63)")
            if step.get("hearing")
            else v.t("不因种类本身告知听证权利", "the kind itself gives no hearing right"),
            v.t("数额以金钱计", "its amount is money")
            if step.get("money")
            else v.t("不以金钱计", "its amount is not money"),
        ]
        lines.append("  " + v.sentence(*parts) + v.cite_tail(step))
    return lines
