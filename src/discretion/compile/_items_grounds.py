"""Compiling an item's circumstances, no-penalty grounds, limitation, review grounds, principles and
procedure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import did_you_mean
from ..format._model import Law, Procedure
from ._items_scope import (
    ItemScope,
    Path_,
    Where,
    _merge_procedure,
)
from ._parties import compile_keep
from ._records import (
    CompiledCircumstance,
    CompiledGround,
    CompiledLimitation,
    CompiledReviewGround,
    Source,
)


class GroundParts(ItemScope):
    """What the general part and the standard add around the penalty: 情节, grounds, Art. 36, 58."""

    def circumstances(self) -> list[CompiledCircumstance]:
        """The general part's circumstances, the standard's, then the item's own."""
        groups: list[tuple[Any, Path_, bool]] = []
        if self.general:
            groups.append((self.general.circumstances, ("circumstances",), True))
        groups.append((self.model.circumstances, ("circumstances",), False))
        groups.append((self.item.circumstances, (*self.base, "circumstances"), False))
        out: list[CompiledCircumstance] = []
        seen: set[str] = set()
        for entries, prefix, is_general in groups:
            where = self.gloc if is_general else None
            laws = self.general.laws if is_general and self.general else self.laws
            for ki, circ in enumerate(entries):
                path = (*prefix, ki)
                if circ.id in seen:
                    self.fail(
                        f"情节 id {circ.id!r} 重复：每个情节的 id 只能用一次，请改用另一个 id / "
                        f"circumstance id {circ.id!r} is used twice",
                        (*path, "id"),
                        where=where,
                    )
                seen.add(circ.id)
                out.append(
                    CompiledCircumstance(
                        circ.id,
                        circ.kind,
                        circ.label,
                        circ.label_en or circ.id,
                        self.cond(circ.when, (*path, "when"), where, partial=True),
                        circ.mandatory,
                        self.sources(circ.citation, laws, (*path, "citation"), where),
                        is_general,
                    )
                )
        return out

    def grounds(self) -> list[CompiledGround]:
        """No-penalty grounds of the general part, the standard and the item, less the excluded."""
        excluded = set(self.item.exclude_grounds)
        sets: list[tuple[Any, Path_, Where, Mapping[str, Law], str]] = []
        if self.general:
            sets.append(
                (self.general.grounds, ("grounds",), self.gloc, self.general.laws, "general")
            )
        sets.append((self.model.grounds, ("grounds",), None, self.laws, "standard"))
        sets.append((self.item.grounds, (*self.base, "grounds"), None, self.laws, "item"))
        known = {g.id for entries, *_ in sets for g in entries}
        for name in sorted(excluded - known):
            self.fail(
                f"不予适用的理由（exclude_grounds）中有未定义的不予处罚理由 {name!r}，请改为已定义的理由 / "
                f"exclude_grounds names unknown ground {name!r}",
                (*self.base, "exclude_grounds"),
                did_you_mean(name, known),
            )
        out: list[CompiledGround] = []
        for entries, prefix, where, laws, origin in sets:
            for gi, g in enumerate(entries):
                if g.id in excluded:
                    continue
                path = (*prefix, gi)
                duty = None
                if g.duty is not None:
                    duty = (
                        g.duty.label,
                        g.duty.label_en or g.duty.label,
                        self.sources(g.duty.citation, laws, (*path, "duty", "citation"), where),
                    )
                keeps, keep = compile_keep(self, g, laws, path, where)
                out.append(
                    CompiledGround(
                        g.id,
                        g.label,
                        g.label_en or g.id,
                        self.cond(g.when, (*path, "when"), where, partial=True),
                        g.effect,
                        self.sources(g.citation, laws, (*path, "citation"), where),
                        origin,
                        duty,
                        keeps,
                        keep,
                    )
                )
        return out

    def limitation(self) -> CompiledLimitation | None:
        lim, where, laws = self.inherited("limitation")
        if lim is None:
            return None
        for key in ("start", "end", "discovered"):
            name = getattr(lim, key)
            if name is not None and self.types.get(name) != "date":
                self.fail(
                    f"时效 limitation.{key} 须写一个日期事实，现为 {name!r}，请改为日期事实 / "
                    f"limitation.{key} must name a date fact, found {name!r}",
                    ("limitation", key),
                    where=where,
                )
        periods = []
        for pi, period in enumerate(lim.periods):
            path = ("limitation", "periods", pi)
            when = self.cond(period.when, (*path, "when"), where, True) if period.when else None
            periods.append(
                (
                    period.years,
                    when,
                    (period.label, period.label_en or period.label),
                    self.sources(period.citation, laws, (*path, "citation"), where),
                )
            )
        return CompiledLimitation(lim.start, lim.end, lim.discovered, tuple(periods))

    def review_grounds(self) -> list[CompiledReviewGround]:
        entries, where, laws = self.inherited("review_grounds")
        out = []
        for ri, rg in enumerate(entries or ()):
            path = ("review_grounds", ri)
            out.append(
                CompiledReviewGround(
                    rg.id,
                    rg.label,
                    rg.label_en or rg.id,
                    self.cond(rg.when, (*path, "when"), where, True) if rg.when else None,
                    rg.on_hearing,
                    rg.on_several_items,
                    self.sources(rg.citation, laws, (*path, "citation"), where),
                )
            )
        return out

    def principles(self) -> dict[str, tuple[str, str, tuple[Source, ...]]]:
        """Art. 37 (``transition``), Art. 29 (``one_act``) and the benchmark's own transition
        rule (``benchmark_transition``): wording and citations."""
        out = {}
        for key in ("transition", "one_act", "benchmark_transition"):
            chosen, where, laws = self.inherited(key)
            if chosen is not None:
                out[key] = (
                    chosen.label,
                    chosen.label_en or chosen.label,
                    self.sources(chosen.citation, laws, (key, "citation"), where),
                )
        return out

    def procedure(self) -> tuple[Procedure | None, dict[str, tuple[Source, ...]]]:
        """Procedure parameters, the standard's over its general part's, and their citations.

        A standard that uses no general part (no ``uses``) and declares no ``procedure`` has
        none (issue 20 point 12): the law it applies sets its own procedure, which the standard
        does not encode; the flags are then ``None`` and the note says so.
        """
        if self.general is None and self.model.procedure is None:
            return None, {}
        procedure, laws = _merge_procedure(self.general, self.model)
        missing = [k for k, v in procedure.model_dump().items() if v is None]
        if missing:
            self.fail(
                f"缺少程序参数 {', '.join(missing)}：本基准及其总则均未规定，请在本基准中添加 "
                f"(procedure parameters {missing} are set neither in the standard nor in "
                "its general part)",
                ("procedure",),
                hint=procedure_snippet(missing),
            )
        sources = {
            key: self.sources(
                getattr(procedure, f"citation_{key}") or (),
                laws[key],
                ("procedure", f"citation_{key}"),
            )
            for key in ("summary", "hearing", "review")
        }
        return procedure, sources

    # -- amounts and bands -------------------------------------------------------------------


_PROCEDURE_NOTES = {
    "summary_fine_max": "第五十一条 当场处罚罚款上限（元）",
    "hearing_fine_min": "第六十三条 较大数额罚款（元）：按本省、本部门的规定填写",
}


def procedure_snippet(missing: list[str]) -> str:
    """The YAML to add for missing procedure parameters, the figures left for the drafter.

    No figure is filled in: the thresholds differ by province and agency (Art. 63 较大数额 is set
    by each), so the snippet shows where and in what shape, never whose amount.
    """
    parts = []
    notes = []
    for key in missing:
        if key in _PROCEDURE_NOTES:
            parts.append(f"{key}: {{individual: …, organisation: …}}")
            notes.append(f"{key}：{_PROCEDURE_NOTES[key]}")
        else:
            parts.append(f"{key}: [{{law: …, article: …}}]")
    snippet = "procedure: {" + ", ".join(parts) + "}"
    return f"请添加 / add: {snippet}" + (f"（{'；'.join(notes)}）" if notes else "")
