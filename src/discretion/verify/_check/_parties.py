"""Party types: penalty kinds that fit the party, and procedure thresholds that are set.

Enters: a compiled item. Checks ``party_kind``: a penalty clause whose kind cannot be imposed on a
party type it may apply to — administrative detention (行政拘留) restricts personal liberty
(《行政处罚法》第九条第（五）项、第十条第一款: 限制人身自由的行政处罚), and a restriction of employment
(限制从业, 第九条第（四）项) bars a person from an occupation, so both apply to natural persons
(公民) only (errors); closure (责令关闭, 第九条第（四）项) closes an entity, so a clause that can
apply to a 公民 is reported as a warning (an individual business may be the object: check the
statute; a clause that says ``to_individuals: true`` states that the cited law reaches them). Checks ``threshold_unset``: a procedure threshold marked 由制定机关设定 (a gap in the
sources, a warning). Leaves: problems.
"""

from __future__ import annotations

from typing import Any

from ...compile._records import CompiledItem
from ...format._vocabulary import KIND_LABELS, UNSET
from .._domain import space
from ._context import Checker

# kind → (party type it cannot apply to, severity, why in Chinese, why in English)
_RULES = {
    "detention": (
        "organisation",
        "error",
        "行政拘留是限制人身自由的行政处罚（《行政处罚法》第九条第（五）项、第十条第一款），只能对公民适用",
        "administrative detention restricts personal liberty (APL Art. 9 (5), Art. 10 ¶1): "
        "natural persons only",
    ),
    "restrict_employment": (
        "organisation",
        "error",
        "限制从业限制的是自然人从事一定职业（《行政处罚法》第九条第（四）项），只能对公民适用",
        "a restriction of employment bars a person from an occupation (APL Art. 9 (4)): "
        "natural persons only",
    ),
    "close_down": (
        "individual",
        "warning",
        "责令关闭的对象是单位或者经营场所（《行政处罚法》第九条第（四）项）；对公民适用的，请核对法律条文",
        "closure applies to an entity or its premises (APL Art. 9 (4)); for a natural person, "
        "check the statute",
    ),
}
_PARTY_ZH = {"individual": "公民", "organisation": "法人或者其他组织"}


def check_party_kinds(ctx: Checker, item: CompiledItem, base: tuple[int | str, ...]) -> None:
    if "party_type" not in item.fields:
        return
    for ci, clause in enumerate(item.clauses):
        rule = _RULES.get(clause.kind)
        if rule is None:
            continue
        party, severity, zh, en = rule
        if severity == "warning" and item.model.penalties[ci].to_individuals:
            continue  # the standard states that the law reaches natural persons (to_individuals)
        witness: tuple[tuple[str, Any], ...] | None = None
        # Another party's clause (双罚制) falls on that party, whatever the case's party_type;
        # an item limited by applies_to never meets the other types.
        other = next((p for p in item.parties if clause.id in p.clauses), None)
        if other is not None:
            if other.party_type == party:
                witness = (("party", other.id),)
        elif item.applies_to is not None and party not in item.applies_to:
            continue
        elif clause.when is None:
            witness = (("party_type", party),)
        else:
            region = space(item, [clause.when], ["party_type"])
            for facts in region:
                if facts["party_type"] == party and clause.when(facts):
                    witness = region.shown(facts)
                    break
        if witness is None:
            continue
        kind = KIND_LABELS.get(clause.kind, (clause.kind, clause.kind))
        ctx.report(
            "party_kind",
            item,
            (*base, "penalties", ci),
            f"处罚「{clause.id}」（{kind[0]}）可能对{_PARTY_ZH[party]}适用：{zh}",
            f"penalty clause {clause.id!r} ({kind[1]}) may apply to party type {party!r}: {en}",
            example=witness,
            hint="limit the clause with `when: party_type == ...`",
            severity=severity,
        )


def check_thresholds(ctx: Checker, item: CompiledItem, base: tuple[int | str, ...]) -> None:
    if item.procedure is None:  # no procedure declared: no threshold to set
        return
    table = item.procedure.hearing_fine_min or {}
    unset = sorted(p for p, v in table.items() if v == UNSET)
    if not unset:
        return
    parties = "、".join(_PARTY_ZH.get(p, p) for p in unset)
    ctx.report(
        "threshold_unset",
        item,
        ("procedure", "hearing_fine_min"),
        f"听证的较大数额罚款标准（《行政处罚法》第六十三条第一款）对{parties}「{UNSET}」：未找到适用于本基准的规定，"
        "说理将写明标准未设定",
        f"the large-fine hearing threshold (APL Art. 63 ¶1) for {', '.join(unset)} is unset "
        "(to be set by the issuing agency): no applicable rule was found; the note says so",
        severity="warning",
    )
