"""Compiling one item (裁量事项) with the layers it inherits: general part, standard, item.

An :class:`ItemCompiler` is made for each item. It merges the facts the item reads (the general
part's, the standard's, the item's own; a later layer may refine an earlier fact of the same type),
then compiles each part against that schema — penalty clauses and their amounts, levels and their
bands, circumstances, no-penalty grounds, the limitation period, review grounds, the principles the
engine applies — reporting every problem through the :class:`~discretion.compile._compiler.Compiler` with
the file and line it belongs to (a general-part problem points at the general part's file).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Protocol

from ..errors import RuleSetError, did_you_mean
from ..format import _yaml
from ..format._model import AmountSpec, BandSpec, FactSpec, Item, Law, Procedure, StandardFile
from ..format._vocabulary import KIND_LABELS
from ._amounts import (
    Band,
    CaseBand,
    ExplicitBand,
    FactorBand,
    FullBand,
    MultipleAmount,
    OfMaxBand,
    PercentAmount,
    PercentBand,
    PerUnitAmount,
    RangeAmount,
    Shape,
    SwitchAmount,
)
from ._conditions import Condition, ConditionError
from ._facts import FactField, compile_fact
from ._records import (
    CompiledCircumstance,
    CompiledClause,
    CompiledGround,
    CompiledItem,
    CompiledLevel,
    CompiledLimitation,
    CompiledReviewGround,
    Source,
    StandardInfo,
)

Path_ = tuple[int | str, ...]
Where = _yaml.Located | None


def _at_least_zero(bound: Decimal | None) -> bool:
    return bound is not None and bound >= 0


_QUANTITIES = frozenset({"money", "area", "count", "days", "number"})


class Reporter(Protocol):
    """What an item compiler needs from the standard's compiler (:class:`._compiler.Compiler`):
    a place to report problems, cited sources and the shared condition cache. A protocol, so
    that the standard's compiler can drive item compilers without the two importing each other.
    """

    errors: list[RuleSetError]

    def fail(self, message: str, path: Path_, hint: str | None = None, where: Where = None) -> None:
        """Record one problem at ``path`` of the file being compiled (or of ``where``)."""

    def sources_of(
        self, citations: Any, laws: Mapping[str, Law], path: Path_, where: Where = None
    ) -> tuple[Source, ...]:
        """The rendered sources of ``citations``; an undeclared law is reported."""
        ...

    def compile_cached(
        self, text: str, types: Mapping[str, str], values: Mapping[str, list[str]]
    ) -> Condition:
        """A condition compiled once per text and per schema of the facts it names."""
        ...


class ItemCompiler:
    """Compiles one item of one standard file; problems go to ``compiler``."""

    def __init__(
        self,
        compiler: Reporter,
        loc: _yaml.Located,
        model: StandardFile,
        parent: tuple[_yaml.Located, StandardFile, str] | None,
        info: StandardInfo,
        index: int,
        item: Item,
    ) -> None:
        self.compiler = compiler
        self.loc = loc
        self.model = model
        self.general = parent[1] if parent else None
        self.gloc = parent[0] if parent else None
        self.info = info
        self.item = item
        self.base: Path_ = ("items", index)
        self.laws = {**(self.general.laws if self.general else {}), **model.laws}
        self.fields = self._facts()
        self.types = {n: f.spec.type for n, f in self.fields.items()}
        self.values = {n: list(f.spec.values or []) for n, f in self.fields.items()}
        self.readable = {
            n for n, f in self.fields.items() if f.spec.required or f.spec.default is not None
        }

    # -- helpers ---------------------------------------------------------------------------------
    def fail(self, message: str, path: Path_, hint: str | None = None, where: Where = None) -> None:
        self.compiler.fail(message, path, hint, where)

    def sources(
        self, citations: Any, laws: Mapping[str, Law], path: Path_, where: Where = None
    ) -> tuple[Source, ...]:
        return self.compiler.sources_of(citations, laws, path, where)

    def inherited(self, key: str) -> tuple[Any, Where, Mapping[str, Law]]:
        """A standard-level part, or the general part's when the standard has none: the value,
        the file it comes from (None: this file) and the laws its citations name."""
        own = getattr(self.model, key)
        if own or self.general is None:
            return own, None, self.laws
        return getattr(self.general, key), self.gloc, self.general.laws

    def cond(self, text: str, path: Path_, where: Where = None, partial: bool = False) -> Condition:
        """Compile a condition; ``partial`` lets it read optional facts (absent → false).

        On a problem the error is recorded and a never-holding stand-in returned: the rule set
        will not be built, but the remaining parts are still checked.
        """
        try:
            c = self.compiler.compile_cached(text, self.types, self.values)
        except ConditionError as problem:
            self.fail(problem.message, path, problem.hint, where=where)
            return _never(text)
        optional = tuple(n for n in c.reads if n not in self.readable)
        if optional and not partial:
            self.fail(
                f"condition reads optional fact {optional[0]!r}, which has no default: "
                "give it a default or make it required",
                path,
                where=where,
            )
            return _never(text)
        if optional:
            inner = c.predicate
            c = Condition(
                c.source,
                c.reads,
                lambda f: all(f[n] is not None for n in optional) and inner(f),
                c.comparisons,
            )
        return c

    # -- the parts -----------------------------------------------------------------------------
    def _facts(self) -> dict[str, FactField]:
        specs: list[tuple[FactSpec, Path_, Where]] = []
        if self.general:
            specs += [(f, ("facts", i), self.gloc) for i, f in enumerate(self.general.facts)]
        specs += [(f, ("facts", i), None) for i, f in enumerate(self.model.facts)]
        specs += [(f, (*self.base, "facts", i), None) for i, f in enumerate(self.item.facts)]
        fields: dict[str, FactField] = {}
        declared_at: dict[str, object] = {}
        for spec, path, where in specs:
            layer = (path[:-1], where)
            if spec.name in fields:
                earlier = fields[spec.name].spec
                # A standard may refine a fact of its general part (label, default, bounds), or an
                # item one of its standard, as long as the type stays: same name, same meaning.
                if declared_at[spec.name] == layer or earlier.type != spec.type:
                    types = (
                        ""
                        if earlier.type == spec.type
                        else f" with different types ({earlier.type}, {spec.type})"
                    )
                    self.fail(
                        f"fact {spec.name!r} is declared twice{types}", (*path, "name"), where=where
                    )
                    continue
            field = compile_fact(spec)
            if spec.default is not None:
                try:
                    field.convert(spec.default)
                except Exception as exc:
                    self.fail(
                        f"default of {spec.name!r} is invalid: {exc}",
                        (*path, "default"),
                        where=where,
                    )
            fields[spec.name] = field
            declared_at[spec.name] = layer
        return fields

    def clauses(self) -> tuple[list[CompiledClause], CompiledClause | None]:
        item = self.item
        level_ids = [lv.id for lv in item.levels]
        marked = [i for i, c in enumerate(item.penalties) if c.primary]
        with_amount = [i for i, c in enumerate(item.penalties) if c.amount is not None]
        if len(marked) > 1:
            self.fail("more than one clause is marked primary", (*self.base, "penalties"))
        primary_index = marked[0] if marked else (with_amount[0] if with_amount else None)
        clauses: list[CompiledClause] = []
        seen: set[str] = set()
        for ci, clause in enumerate(item.penalties):
            path = (*self.base, "penalties", ci)
            if clause.id in seen:
                self.fail(f"clause id {clause.id!r} is used twice", (*path, "id"))
            seen.add(clause.id)
            for lv in clause.levels or []:
                if lv not in level_ids:
                    self.fail(
                        f"clause names unknown level {lv!r}",
                        (*path, "levels"),
                        did_you_mean(lv, level_ids),
                    )
            zh, en = KIND_LABELS[clause.kind]
            clauses.append(
                CompiledClause(
                    clause.id,
                    clause.kind,
                    clause.mode,
                    clause.label or zh,
                    clause.label_en or en,
                    clause.group,
                    self.amount(clause.amount, (*path, "amount")) if clause.amount else None,
                    self.cond(clause.when, (*path, "when")) if clause.when else None,
                    frozenset(clause.levels) if clause.levels is not None else None,
                    ci == primary_index,
                    self.sources(clause.citation, self.laws, (*path, "citation")),
                    _case_labels(clause.amount),
                )
            )
        primary = clauses[primary_index] if primary_index is not None and clauses else None
        return clauses, primary

    def levels(self, primary: CompiledClause | None) -> list[CompiledLevel]:
        item = self.item
        bands = {**(self.general.bands if self.general else {}), **self.model.bands}
        by_id = {c.id: c for c in item.penalties}
        levels: list[CompiledLevel] = []
        seen: set[str] = set()
        for li, level in enumerate(item.levels):
            path = (*self.base, "levels", li)
            if level.id in seen:
                self.fail(f"level id {level.id!r} is used twice", (*path, "id"))
            seen.add(level.id)
            for name in level.impose:
                target = by_id.get(name)
                if target is None:
                    self.fail(
                        f"level imposes unknown clause {name!r}",
                        (*path, "impose"),
                        did_you_mean(name, by_id),
                    )
                elif target.mode in ("required", "combined"):
                    self.fail(
                        f"clause {name!r} is {target.mode} (mandatory): it needs no 'impose'",
                        (*path, "impose"),
                    )
            self.check_groups(level.id, set(level.impose), path)
            spec = level.band
            if isinstance(spec, str):
                if spec not in bands:
                    self.fail(
                        f"unknown named band {spec!r}", (*path, "band"), did_you_mean(spec, bands)
                    )
                spec = bands.get(spec)
            band: Band = FullBand()
            if spec is not None:
                if primary is None or primary.amount is None:
                    self.fail(
                        "level has a band but the item has no clause with an amount",
                        (*path, "band"),
                    )
                else:
                    scales = {c: (lo, hi) for c, lo, hi in primary.amount.bounds()}
                    band = self.band(spec, scales, (*path, "band"))
            levels.append(
                CompiledLevel(
                    level.id,
                    level.label,
                    level.label_en or level.id,
                    self.cond(level.when, (*path, "when")),
                    level.circumstances,
                    band,
                    frozenset(level.impose),
                    level.reduce,
                    self.sources(level.citation, self.laws, (*path, "citation"))
                    or self.sources(item.penalty_basis, self.laws, (*self.base, "penalty_basis")),
                )
            )
        return levels

    def check_groups(self, level: str, imposed: set[str], path: Path_) -> None:
        """A level settles each alternative group (exactly one) and 单处或者并处 group (one or more)."""
        groups: dict[str, list[str]] = {}
        for clause in self.item.penalties:
            if clause.group and (clause.levels is None or level in clause.levels):
                groups.setdefault(clause.group, []).append(clause.id)
        for group, members in groups.items():
            chosen = [m for m in members if m in imposed]
            mode = next(c.mode for c in self.item.penalties if c.group == group)
            if mode == "alternative" and len(chosen) != 1:
                self.fail(
                    f"alternative group {group!r} ({' 或者 '.join(members)}): the level must "
                    f"impose exactly one, it imposes {chosen or 'none'}",
                    (*path, "impose"),
                )
            if mode == "single_or_combined" and not chosen:
                self.fail(
                    f"group {group!r} is 单处或者并处: the level must impose at least one of "
                    f"{members}",
                    (*path, "impose"),
                )

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
                        f"circumstance id {circ.id!r} is used twice", (*path, "id"), where=where
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
        sets: list[tuple[Any, Path_, Where, Mapping[str, Law]]] = []
        if self.general:
            sets.append((self.general.grounds, ("grounds",), self.gloc, self.general.laws))
        sets.append((self.model.grounds, ("grounds",), None, self.laws))
        sets.append((self.item.grounds, (*self.base, "grounds"), None, self.laws))
        known = {g.id for entries, *_ in sets for g in entries}
        for name in sorted(excluded - known):
            self.fail(
                f"exclude_grounds names unknown ground {name!r}",
                (*self.base, "exclude_grounds"),
                did_you_mean(name, known),
            )
        out: list[CompiledGround] = []
        for entries, prefix, where, laws in sets:
            for gi, g in enumerate(entries):
                if g.id in excluded:
                    continue
                path = (*prefix, gi)
                out.append(
                    CompiledGround(
                        g.id,
                        g.label,
                        g.label_en or g.id,
                        self.cond(g.when, (*path, "when"), where, partial=True),
                        g.effect,
                        self.sources(g.citation, laws, (*path, "citation"), where),
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
        """Art. 37 (``transition``) and Art. 29 (``one_act``): wording and citations."""
        out = {}
        for key in ("transition", "one_act"):
            chosen, where, laws = self.inherited(key)
            if chosen is not None:
                out[key] = (
                    chosen.label,
                    chosen.label_en or chosen.label,
                    self.sources(chosen.citation, laws, (key, "citation"), where),
                )
        return out

    def procedure(self) -> tuple[Procedure, dict[str, tuple[Source, ...]]]:
        """Procedure parameters, the standard's over its general part's, and their citations."""
        procedure, laws = _merge_procedure(self.general, self.model)
        missing = [k for k, v in procedure.model_dump().items() if v is None]
        if missing:
            self.fail(
                f"procedure parameters {missing} are set neither in the standard nor in "
                "its general part",
                ("procedure",),
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
    def amount(self, spec: AmountSpec, path: Path_) -> Shape:
        def base_ok(name: str, where: Path_) -> None:
            if name not in self.types:
                self.fail(f"unknown base fact {name!r}", where, did_you_mean(name, self.types))
            elif self.types[name] not in _QUANTITIES:
                self.fail(f"base fact {name!r} is {self.types[name]}, not a quantity", where)
            elif self.types[name] == "number" and not _at_least_zero(self.fields[name].spec.min):
                # A base below zero would yield a negative amount: the range needs min >= 0.
                self.fail(f"base fact {name!r} may be negative: give it 'min: 0' or more", where)

        if spec.range is not None:
            return RangeAmount(spec.range.min, spec.range.max, spec.range.unit)
        if spec.multiple is not None:
            m = spec.multiple
            base_ok(m.base, (*path, "multiple", "base"))
            fb = m.fallback
            fallback = RangeAmount(fb.min, fb.max, fb.unit) if fb else None
            return MultipleAmount(m.base, m.min, m.max, fallback, m.fallback_below)
        if spec.per_unit is not None:
            u = spec.per_unit
            base_ok(u.base, (*path, "per_unit", "base"))
            return PerUnitAmount(u.base, u.min, u.max, u.rate_unit)
        if spec.percent is not None:
            p = spec.percent
            base_ok(p.base, (*path, "percent", "base"))
            return PercentAmount(p.base, p.min, p.max)
        assert spec.switch is not None
        cases = []
        seen: set[str] = set()
        for i, case in enumerate(spec.switch):
            if case.id in seen:
                self.fail(f"switch case id {case.id!r} is used twice", (*path, "switch", i, "id"))
            seen.add(case.id)
            when = self.cond(case.when, (*path, "switch", i, "when"))
            cases.append((case.id, when, self.amount(case.amount, (*path, "switch", i, "amount"))))
        return SwitchAmount(tuple(cases))

    def band(
        self,
        spec: BandSpec,
        bounds: Mapping[str | None, tuple[Decimal, Decimal]],
        path: Path_,
        case: str | None = None,
    ) -> Band:
        """Compile a band; ``bounds`` maps each switch case (None: no switch) to its scale."""
        if spec.percent is not None:
            return PercentBand(*spec.percent)
        if spec.of_max is not None:
            return OfMaxBand(*spec.of_max)
        if spec.factors is not None:
            factors = []
            for fi, f in enumerate(spec.factors):
                options = tuple(
                    (
                        self.cond(o.when, (*path, "factors", fi, "options", oi, "when")),
                        o.percent,
                        o.label,
                    )
                    for oi, o in enumerate(f.options)
                )
                factors.append((f.id, f.label, options))
            return FactorBand(tuple(factors))
        if spec.cases is not None:
            known = [c for c in bounds if c is not None]
            out: dict[str, Band] = {}
            for key, sub in spec.cases.items():
                if key not in bounds:
                    self.fail(
                        f"band names unknown switch case {key!r}",
                        (*path, "cases", key),
                        did_you_mean(key, known) or f"cases are {known}",
                    )
                elif isinstance(sub, str):
                    self.fail("a band case must be a band, not a name", (*path, "cases", key))
                else:
                    out[key] = self.band(sub, {key: bounds[key]}, (*path, "cases", key), key)
            return CaseBand(out)
        assert spec.min is not None
        assert spec.max is not None
        if case is None and None not in bounds:
            self.fail(
                "an explicit band on a switching range needs 'cases' (one band per branch)", path
            )
            return FullBand()
        lo, hi = bounds[case]
        if spec.min < lo or spec.max > hi:
            self.fail(
                f"band [{spec.min}, {spec.max}] is outside the statutory range [{lo}, {hi}] "
                "(裁量幅度超出法定幅度)",
                path,
            )
        return ExplicitBand(spec.min, spec.max, lo, hi)

    # -- the whole item ------------------------------------------------------------------------
    def build(self) -> CompiledItem | None:
        """The compiled item, or ``None`` when any problem was recorded for it."""
        start = len(self.compiler.errors)
        item, base = self.item, self.base
        adjustment, _where, _laws = self.inherited("adjustment")
        if adjustment is None:
            self.fail("no 'adjustment' in the standard or its general part", ("standard",))
        procedure, procedure_sources = self.procedure()
        clauses, primary = self.clauses()
        grounds = self.grounds()
        compiled = CompiledItem(
            item.code,
            item.name,
            item.name_en or item.code,
            self.info,
            self.fields,
            tuple(clauses),
            tuple(self.levels(primary)),
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
        )
        return compiled if len(self.compiler.errors) == start else None


def _merge_procedure(
    general: StandardFile | None, model: StandardFile
) -> tuple[Procedure, dict[str, Mapping[str, Law]]]:
    """The standard's procedure parameters over its general part's, field by field.

    Also returns, per citation group, the laws its citations refer to (the file it came from).
    """
    base = general.procedure if general and general.procedure else Procedure()
    own = model.procedure or Procedure()
    merged = Procedure.model_validate(
        {**base.model_dump(exclude_none=True), **own.model_dump(exclude_none=True)}
    )
    laws: dict[str, Mapping[str, Law]] = {}
    for key in ("summary", "hearing", "review"):
        if general is None or getattr(own, f"citation_{key}") is not None:
            laws[key] = model.laws
        else:
            laws[key] = {**general.laws, **model.laws}
    return merged, laws


def _case_labels(spec: AmountSpec | None) -> dict[str, tuple[str, str]]:
    """Switch branch id → (Chinese, English) label, nested switches included."""
    out: dict[str, tuple[str, str]] = {}
    for case in (spec.switch or []) if spec else []:
        label = case.label or case.id
        out[case.id] = (label, case.label_en or label)
        out.update(_case_labels(case.amount))
    return out


def _labels_en(fields: Mapping[str, FactField]) -> tuple[tuple[str, str], ...]:
    """English fact labels for the English justification (the fact name where none is given)."""
    out: list[tuple[str, str]] = []
    for name, f in fields.items():
        out.append((name, f.spec.label_en or name))
        if f.spec.unit:
            out.append((f"{name}.unit", f.spec.unit))
    return tuple(out)


def _labels(fields: Mapping[str, FactField]) -> tuple[tuple[str, str], ...]:
    """Fact labels for the justification: name, ``name.unit`` and ``name=value`` entries."""
    out: list[tuple[str, str]] = []
    for name, f in fields.items():
        out.append((name, f.spec.label))
        if f.spec.unit:
            out.append((f"{name}.unit", f.spec.unit))
        out.extend((f"{name}={v}", label) for v, label in (f.spec.value_labels or {}).items())
    return tuple(out)


def _never(source: str) -> Condition:
    """A stand-in for a condition that failed to compile; the rule set will not be built."""
    return Condition(source, (), lambda f: False)
