"""Compiling one item (裁量事项) with the layers it inherits: general part, standard, item.

An :class:`ItemCompiler` is made for each item. It merges the facts the item reads (the general
part's, the standard's, the item's own; a later layer may refine an earlier fact of the same type),
then compiles each part (``_items_penalties``, ``_items_grounds``) against that schema — penalty clauses and their amounts, levels and their
bands, circumstances, no-penalty grounds, the limitation period, review grounds, the principles the
engine applies — reporting every problem through the :class:`~discretion.compile._compiler.Compiler` with
the file and line it belongs to (a general-part problem points at the general part's file).
"""

from ._after import compile_after
from ._amounts2 import uses_reference_shape
from ._amounts3 import is_open, uses_reference_band
from ._competence import CompetenceParts
from ._grid import compile_grid
from ._items_grounds import GroundParts
from ._items_penalties import PenaltyParts
from ._items_scope import (
    Reporter,
    _labels,
    _labels_en,
)
from ._kinds import compile_kinds
from ._lists import ListParts
from ._parties import PartyParts
from ._point import compile_point
from ._records import (
    CompiledItem,
)

__all__ = ["ItemCompiler", "Reporter"]


class ItemCompiler(PenaltyParts, GroundParts, PartyParts, CompetenceParts, ListParts):
    """Compiles one item of one standard file; problems go to ``compiler``.

    The parts live in their own modules over the shared :class:`~._items_scope.ItemScope`:
    ``_items_penalties`` (clauses, amounts, levels, bands) and ``_items_grounds`` (circumstances,
    grounds, limitation, review grounds, principles, procedure); this class builds the record.
    """

    def build(self) -> CompiledItem | None:
        """The compiled item, or ``None`` when any problem was recorded for it."""
        start = len(self.compiler.errors)
        item, base = self.item, self.base
        adjustment, _where, _laws = self.inherited("adjustment")
        if adjustment is None:
            self.fail(
                "本基准及其总则均未规定 adjustment（情节调整），请在本基准或总则中添加 / "
                "no 'adjustment' in the standard or its general part",
                ("standard",),
            )
        procedure, procedure_sources = self.procedure()
        clauses, primary = self.clauses()
        grounds = self.grounds()
        if item.refines is not None and self.model.standard.refines is None:
            self.fail(
                "事项写了 refines（细化的上级事项），但基准没有写 refines: 上级基准id@版本 / "
                f"item refines {item.refines!r} but the standard declares no 'refines: id@version'",
                (*base, "refines"),
            )
        grid, derived = None, None
        if item.grid is not None:
            grid, derived = compile_grid(self, item.grid, [(lv.id, lv.when) for lv in item.levels])
        levels = tuple(self.levels(primary, derived))
        point = None
        if item.point is not None and primary is not None and is_open(primary.amount):
            self.fail(
                "裁量起点（point）不能用于没有上限的幅度（at_least，如 五十万元以上）：起点与调整按幅度的"
                "比例计算 / a point inside the band cannot be placed in a range with no maximum",
                (*self.base, "point"),
            )
        elif item.point is not None:
            point = compile_point(self, item.point, primary, levels)
        after = compile_after(self, item.after_banding, primary) if item.after_banding else ()
        lists = self.lists()
        parties, applies_to = self.parties(), self.applies_to()
        kinds = compile_kinds(self, clauses)
        compiled = CompiledItem(
            item.code,
            item.name,
            item.name_en or item.code,
            self.info,
            self.fields,
            tuple(clauses),
            levels,
            tuple(self.circumstances()),
            tuple(item.orders),
            self.sources(item.legal_basis, self.laws, (*base, "legal_basis")),
            self.sources(item.penalty_basis, self.laws, (*base, "penalty_basis")),
            adjustment,
            procedure,
            procedure_sources,
            item,
            tuple(grounds),
            self.limitation(),
            tuple(self.review_grounds()),
            self.principles(),
            _labels(self.fields),
            _labels_en(self.fields),
            # every ground's citations, once: the step saying that none holds cites them all
            tuple(dict.fromkeys(s for g in grounds for s in g.sources)),
            self.loc.file,
            self.loc.line_of(base),
            grid=grid,
            point=point,
            after=after,
            lists=lists,
            derived=self.derived,
            # The reference pipeline decides derived facts, a grid's key step, a point's moves, the
            # adjustments after banding, the lists, the parties of an act (双罚制), applies_to and
            # what a ground keeps; the compiled scalar path does not yet, so these items' cases go
            # there.
            needs_reference=bool(
                self.derived is not None
                or grid is not None
                or point is not None
                or bool(after)
                or bool(lists)
                or parties
                or applies_to is not None
                or any(g.keeps for g in grounds)
                # a kind the standard declares (行政处罚法第九条第六项): its hearing right and its
                # justification step are the reference pipeline's
                or bool(kinds)
                # no procedure (a standard without the APL general part): flags are None
                or procedure is None
                # an amount shape the compiled path does not decide (equals), a branch's own citation
                or any(uses_reference_shape(c.amount) or c.case_sources for c in clauses)
                # a band the compiled path does not place (product), a branch's own mode
                or any(uses_reference_band(lv.band) for lv in levels)
                or any(c.case_modes or c.mode == "single_or_combined" for c in clauses)
            ),
            parties=parties,
            applies_to=applies_to,
            several=self.several(),
            kinds=kinds,
            competence=self.competence(),
        )
        return compiled if len(self.compiler.errors) == start else None
