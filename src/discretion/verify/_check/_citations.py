"""Citations: every item, penalty clause and procedure step cites its legal source.

Enters: a compiled item. Checks ``citation``: a legal or penalty basis, or a penalty clause,
citing no article of a law (a warning: a gap in the source material, not in the rules' logic),
and a procedure step with no source (an error). Leaves: problems.
"""

from __future__ import annotations

from ...compile._records import CompiledItem
from ._context import Checker


def check_citations(ctx: Checker, item: CompiledItem, base: tuple[int | str, ...]) -> None:
    model = item.model
    # A citation without an article (a benchmark table cited alone) is a gap in the source
    # material, not in the rules' logic: a warning, so that it stays visible in every check
    # without blocking a standard whose statute article has yet to be supplied.
    for key, cites in (
        ("legal_basis", model.legal_basis),
        ("penalty_basis", model.penalty_basis),
    ):
        if not any(c.article for c in cites):
            ctx.report(
                "citation",
                item,
                (*base, key),
                f"{'违法依据' if key == 'legal_basis' else '处罚依据'}未引用具体法律条款"
                "（裁量基准不得单独作为处罚依据）",
                f"{key} cites no article of a law (a benchmark alone is no legal basis)",
                severity="warning",
            )
    for ci, clause in enumerate(model.penalties):
        if not any(c.article for c in clause.citation):
            ctx.report(
                "citation",
                item,
                (*base, "penalties", ci, "citation"),
                f"处罚「{clause.id}」未引用具体法律条款",
                f"penalty clause {clause.id!r} cites no article of a law",
                severity="warning",
            )
    for key, sources in item.procedure_sources.items():
        if not sources:
            ctx.report(
                "citation",
                item,
                ("procedure",),
                f"程序步骤「{key}」没有法律依据",
                f"the procedure step {key!r} cites no source",
            )
