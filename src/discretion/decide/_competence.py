"""Who decides: the deciding body given to ``evaluate`` checked against the item's competence.

An item records the bodies that may decide it (format ``bodies``/``competence``): the competent
department by its statutory power (APL Art. 17), a town or street by 赋权 (Art. 24, in its own
name), an entrusted body by 委托 (Art. 20 ¶3, in the entrusting body's name). ``evaluate``
given ``decided_by`` refuses a body outside the item's competence, and adds a step saying in whose
name the decision is made and on what ground, with the citation of the clause or document that
gives the power. Nothing is returned when the body is refused.
"""

from __future__ import annotations

from dataclasses import replace

from ..compile._records import CompiledBody, CompiledItem
from ..compile._ruleset import RuleSet
from ..errors import CompetenceError, did_you_mean
from ._result import Recommendation, Step

STAGE = "competence"


def chosen_item(ruleset: RuleSet, rec: Recommendation) -> CompiledItem:
    """The version of the item the recommendation was decided under."""
    for compiled in ruleset.versions(rec.item):
        if compiled.standard.digest == rec.ruleset.digest:
            return compiled
    return ruleset.item(rec.item)


def deciding_body(item: CompiledItem, decided_by: object) -> CompiledBody:
    """The body ``decided_by`` names, or a :class:`CompetenceError` saying why it may not decide."""
    if not isinstance(decided_by, str) or not decided_by:
        raise CompetenceError(
            f"decided_by 应为基准 bodies 中的机关标识（文本），收到 {decided_by!r} / decided_by must "
            f"be the id of one of the standard's bodies, not {decided_by!r}",
            item=item.code,
            field="decided_by",
        )
    if not item.competence:
        raise CompetenceError(
            f"事项 {item.code} 所属基准未声明有权作出处罚决定的机关（bodies），无法核对作出决定的机关 "
            f"{decided_by!r} 是否有权 / the standard of item {item.code} declares no bodies, so "
            f"whether {decided_by!r} may decide it cannot be checked",
            item=item.code,
            field="decided_by",
        )
    for body in item.competence:
        if body.id == decided_by:
            return body
    allowed = "、".join(f"{b.id}（{b.name}）" for b in item.competence)
    raise CompetenceError(
        f"机关 {decided_by!r} 无权决定事项 {item.code}：有权决定的机关为 {allowed}"
        f"（行政处罚法第十七条：行政处罚由具有行政处罚权的行政机关在法定职权范围内实施）/ body "
        f"{decided_by!r} may not decide item {item.code}; the bodies that may are "
        f"{', '.join(b.id for b in item.competence)} (APL Art. 17)",
        item=item.code,
        field="decided_by",
        hint=did_you_mean(decided_by, [b.id for b in item.competence]),
    )


def competence_step(item: CompiledItem, body: CompiledBody) -> Step:
    """The step saying who decides, in whose name, and on what ground."""
    return Step(
        STAGE,
        f"{item.code}/competence/{body.id}",
        "decided_by",
        (("decided_by", body.id),),
        True,
        body.sources,
        (
            ("body", body.name),
            ("body_en", body.name_en),
            ("basis", body.basis),
            ("in_name_of", body.in_name_of),
            ("in_name_of_en", body.in_name_of_en),
        ),
    )


def with_deciding_body(ruleset: RuleSet, rec: Recommendation, decided_by: object) -> Recommendation:
    """``rec`` with the step of its deciding body first, or a :class:`CompetenceError`."""
    item = chosen_item(ruleset, rec)
    body = deciding_body(item, decided_by)
    return replace(rec, steps=(competence_step(item, body), *rec.steps))
