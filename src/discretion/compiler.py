"""Compiling validated rule-file models into the records evaluation reads.

The compiler checks what the pydantic models cannot: conditions against the declared facts
(layered: general part, standard, item), citations against the declared laws, bands against the
statutory range, references between fields, and the succession of a standard's versions. Every
problem is collected with its file, line, item and field, and all are raised together.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import _yaml
from .amounts import (
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
from .compiled import (
    CompiledCircumstance,
    CompiledClause,
    CompiledGround,
    CompiledItem,
    CompiledLevel,
    CompiledLimitation,
    CompiledReviewGround,
    StandardInfo,
)
from .conditions import Condition, ConditionError, compile_condition
from .errors import RuleSetError, bundle, did_you_mean
from .facts import FactField, compile_fact
from .model import (
    AmountSpec,
    BandSpec,
    Citation,
    FactSpec,
    Item,
    Law,
    Procedure,
    StandardFile,
)
from .result import Source
from .ruleset import RuleSet
from .vocabulary import KIND_LABELS, zh_number

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _canonical(value: Any) -> Any:
    """Sort lists of named entries so that declaration order does not change the digest."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        for key in ("code", "id", "name"):
            if items and all(isinstance(v, dict) and isinstance(v.get(key), str) for v in items):
                return sorted(items, key=lambda v: v[key])
        return items
    return value


def digest_of(model: StandardFile, extra: str = "") -> str:
    """The content digest of a standard: sha256 of its canonical JSON (plus its general part's)."""
    data = _canonical(model.model_dump(mode="json", exclude_none=True))
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + extra
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


class Compiler:
    """Compiles parsed files into a :class:`RuleSet`, collecting every problem."""

    def __init__(
        self,
        parsed: list[tuple[_yaml.Located, StandardFile]],
        sources: tuple[tuple[str, str], ...],
    ) -> None:
        self.parsed = parsed
        self.sources = sources
        self.errors: list[RuleSetError] = []
        self.located: _yaml.Located | None = None
        self.item_code: str | None = None
        self._conditions: dict[tuple[Any, ...], Condition] = {}
        self._citations: dict[tuple[Citation, Law], Source] = {}

    # error helper: file and line from the path being compiled
    def fail(
        self,
        message: str,
        path: tuple[int | str, ...],
        hint: str | None = None,
        where: _yaml.Located | None = None,
    ) -> None:
        located = where or self.located
        assert located is not None
        self.errors.append(
            RuleSetError(
                message,
                file=located.file,
                line=located.line_of(path),
                item=self.item_code,
                field=_yaml.dotted(path),
                hint=hint,
            )
        )

    def build(self) -> RuleSet:
        by_file = {loc.file: (loc, model) for loc, model in self.parsed}
        general: dict[str, tuple[_yaml.Located, StandardFile, str]] = {}
        for loc, model in self.parsed:
            if model.standard.general:
                general[str(Path(loc.file).resolve())] = (loc, model, digest_of(model))
        standards: list[StandardInfo] = []
        versions: dict[str, list[tuple[StandardInfo, dict[str, CompiledItem]]]] = {}
        owner: dict[str, str] = {}
        item_places: dict[str, str] = {}
        for loc, model in self.parsed:
            self.located = loc
            self.item_code = None
            parent = None
            if model.standard.uses:
                target = str((Path(loc.file).parent / model.standard.uses).resolve())
                parent = general.get(target)
                if parent is None:
                    self.fail(
                        f"general part {model.standard.uses!r} not found or not marked general",
                        ("standard", "uses"),
                    )
                    continue
            digest = digest_of(model, parent[2] if parent else "")
            meta = model.standard
            info = StandardInfo(
                meta.id,
                meta.title,
                meta.title_en,
                meta.authority,
                meta.jurisdiction,
                meta.field,
                meta.version,
                meta.effective_from,
                meta.effective_to,
                meta.source,
                loc.file,
                digest,
                meta.general,
            )
            if meta.effective_to is not None and meta.effective_to < meta.effective_from:
                self.fail("effective_to is before effective_from", ("standard", "effective_to"))
            standards.append(info)
            compiled_items: dict[str, CompiledItem] = {}
            for index, item in enumerate(model.items):
                self.item_code = item.code
                compiled = self.item(loc, model, parent, info, index, item)
                place = f"{loc.file}:{loc.line_of(('items', index))}"
                if item.code in compiled_items or owner.get(item.code, meta.id) != meta.id:
                    self.fail(
                        f"item code {item.code!r} is already defined in {item_places[item.code]}",
                        ("items", index, "code"),
                    )
                elif compiled is not None:
                    compiled_items[item.code] = compiled
                    owner[item.code] = meta.id
                    item_places.setdefault(item.code, place)
            versions.setdefault(meta.id, []).append((info, compiled_items))
        self.item_code = None
        for std_id, entries in versions.items():
            entries.sort(key=lambda e: e[0].effective_from)
            for (prev, _), (nxt, _) in itertools.pairwise(entries):
                self.check_contiguous(std_id, prev, nxt, by_file)
        if self.errors:
            raise bundle(self.errors)
        files = {name: model for name, (_loc, model) in by_file.items()}
        return RuleSet(standards, versions, owner, self.sources, files)

    def check_contiguous(
        self,
        std_id: str,
        prev: StandardInfo,
        nxt: StandardInfo,
        by_file: Mapping[str, tuple[_yaml.Located, StandardFile]],
    ) -> None:
        """Versions of one standard must follow each other without a gap or an overlap."""
        self.located = by_file[nxt.file][0]
        expected = prev.effective_to + dt.timedelta(days=1) if prev.effective_to else None
        if expected == nxt.effective_from:
            return
        if prev.effective_to is None or prev.effective_to >= nxt.effective_from:
            what = (
                f"overlaps version {prev.version} ({prev.file}, in force from "
                f"{prev.effective_from} to {prev.effective_to or 'open end'}) (版本重叠)"
            )
        else:
            what = (
                f"leaves a gap after version {prev.version}, which ends {prev.effective_to} "
                f"(版本之间存在空档)"
            )
        self.fail(
            f"version {nxt.version} of standard {std_id!r}, in force from {nxt.effective_from}, "
            + what,
            ("standard", "effective_from"),
            hint="each version's effective_to must be the day before the next effective_from",
        )

    def compile_cached(
        self, text: str, types: Mapping[str, str], values: Mapping[str, list[str]]
    ) -> Condition:
        """Compile a condition once per text and per schema of the facts it names.

        Items of one standard share the general part's and the standard's conditions; compiling
        them once per item made loading a large standard slow.
        """
        names = tuple(dict.fromkeys(_IDENTIFIER.findall(text)))
        key = (text, tuple((n, types.get(n), tuple(values.get(n) or ())) for n in names))
        found = self._conditions.get(key)
        if found is None:
            found = compile_condition(text, types, values)
            self._conditions[key] = found
        return found

    # -- citations ---------------------------------------------------------------------------
    def sources_of(
        self,
        citations: Iterable[Citation],
        laws: Mapping[str, Law],
        path: tuple[int | str, ...],
        where: _yaml.Located | None = None,
    ) -> tuple[Source, ...]:
        out = []
        for index, c in enumerate(citations):
            law = laws.get(c.law)
            if law is None:
                self.fail(
                    f"citation names undeclared law {c.law!r} (未声明的法律)",
                    (*path, index, "law"),
                    did_you_mean(c.law, laws),
                    where,
                )
                continue
            source = self._citations.get((c, law))
            if source is None:
                source = self._citations[(c, law)] = render_citation(c, law)
            out.append(source)
        return tuple(out)

    # -- one item ----------------------------------------------------------------------------
    def item(
        self,
        loc: _yaml.Located,
        model: StandardFile,
        parent: tuple[_yaml.Located, StandardFile, str] | None,
        info: StandardInfo,
        index: int,
        item: Item,
    ) -> CompiledItem | None:
        base: tuple[int | str, ...] = ("items", index)
        start = len(self.errors)
        general = parent[1] if parent else None
        laws = {**(general.laws if general else {}), **model.laws}
        gloc = parent[0] if parent else None
        specs: list[tuple[FactSpec, tuple[int | str, ...], _yaml.Located | None]] = []
        if general:
            specs += [(f, ("facts", i), gloc) for i, f in enumerate(general.facts)]
        specs += [(f, ("facts", i), None) for i, f in enumerate(model.facts)]
        specs += [(f, (*base, "facts", i), None) for i, f in enumerate(item.facts)]
        fields: dict[str, FactField] = {}
        declared_at: dict[str, object] = {}
        for spec, path, where in specs:
            layer = path[:-1]
            if spec.name in fields:
                earlier = fields[spec.name].spec
                # A standard may refine a fact of its general part (label, default, bounds), or an
                # item one of its standard, as long as the type stays: same name, same meaning.
                if declared_at[spec.name] == (layer, where) or earlier.type != spec.type:
                    self.fail(
                        f"fact {spec.name!r} is declared twice"
                        + (
                            ""
                            if earlier.type == spec.type
                            else f" with different types ({earlier.type}, {spec.type})"
                        ),
                        (*path, "name"),
                        where=where,
                    )
                    continue
            field_ = compile_fact(spec)
            if spec.default is not None:
                try:
                    field_.convert(spec.default)
                except Exception as exc:
                    self.fail(
                        f"default of {spec.name!r} is invalid: {exc}",
                        (*path, "default"),
                        where=where,
                    )
            fields[spec.name] = field_
            declared_at[spec.name] = (layer, where)
        types = {n: f.spec.type for n, f in fields.items()}
        values = {n: list(f.spec.values or []) for n, f in fields.items()}
        readable = {n for n, f in fields.items() if f.spec.required or f.spec.default is not None}

        def cond(
            text: str,
            path: tuple[int | str, ...],
            where: _yaml.Located | None = None,
            partial: bool = False,
        ) -> Condition | None:
            """Compile a condition; ``partial`` lets it read optional facts (absent → false)."""
            try:
                c = self.compile_cached(text, types, values)
            except ConditionError as problem:
                self.fail(problem.message, path, problem.hint, where=where)
                return None
            optional = tuple(n for n in c.reads if n not in readable)
            if optional and not partial:
                self.fail(
                    f"condition reads optional fact {optional[0]!r}, which has no default: "
                    "give it a default or make it required",
                    path,
                    where=where,
                )
                return None
            if optional:
                inner = c.predicate
                c = Condition(
                    c.source,
                    c.reads,
                    lambda f: all(f[n] is not None for n in optional) and inner(f),
                    c.comparisons,
                )
            return c

        adjustment = model.adjustment or (general.adjustment if general else None)
        if adjustment is None:
            self.fail("no 'adjustment' in the standard or its general part", ("standard",))
        procedure, proc_laws = _merge_procedure(general, model)
        missing = [k for k, v in procedure.model_dump().items() if v is None]
        if missing:
            self.fail(
                f"procedure parameters {missing} are set neither in the standard nor in "
                "its general part",
                ("procedure",),
            )

        # clauses
        clauses: list[CompiledClause] = []
        level_ids = [lv.id for lv in item.levels]
        primary_index = None
        marked = [i for i, c in enumerate(item.penalties) if c.primary]
        if len(marked) > 1:
            self.fail("more than one clause is marked primary", (*base, "penalties"))
        elif marked:
            primary_index = marked[0]
        else:
            with_amount = [i for i, c in enumerate(item.penalties) if c.amount is not None]
            primary_index = with_amount[0] if with_amount else None
        clause_ids: set[str] = set()
        for ci, clause in enumerate(item.penalties):
            path = (*base, "penalties", ci)
            if clause.id in clause_ids:
                self.fail(f"clause id {clause.id!r} is used twice", (*path, "id"))
            clause_ids.add(clause.id)
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
                    self.amount(clause.amount, (*path, "amount"), types, cond)
                    if clause.amount
                    else None,
                    cond(clause.when, (*path, "when")) if clause.when else None,
                    frozenset(clause.levels) if clause.levels is not None else None,
                    ci == primary_index,
                    self.sources_of(clause.citation, laws, (*path, "citation")),
                    _case_labels(clause.amount),
                )
            )
        primary = clauses[primary_index] if primary_index is not None and clauses else None

        # levels
        bands = {**(general.bands if general else {}), **model.bands}
        levels: list[CompiledLevel] = []
        seen_levels: set[str] = set()
        by_id = {c.id: c for c in item.penalties}
        for li, level in enumerate(item.levels):
            path = (*base, "levels", li)
            if level.id in seen_levels:
                self.fail(f"level id {level.id!r} is used twice", (*path, "id"))
            seen_levels.add(level.id)
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
            self.check_groups(item, level.id, set(level.impose), path)
            band_spec = level.band
            if isinstance(band_spec, str):
                if band_spec not in bands:
                    self.fail(
                        f"unknown named band {band_spec!r}",
                        (*path, "band"),
                        did_you_mean(band_spec, bands),
                    )
                    band_spec = None
                else:
                    band_spec = bands[band_spec]
            if band_spec is not None and (primary is None or primary.amount is None):
                self.fail(
                    "level has a band but the item has no clause with an amount", (*path, "band")
                )
                band_spec = None
            band: Band = FullBand()
            if band_spec is not None and primary is not None and primary.amount is not None:
                scales = {c: (lo, hi) for c, lo, hi in primary.amount.bounds()}
                band = self.band(band_spec, scales, (*path, "band"), cond)
            when = cond(level.when, (*path, "when"))
            levels.append(
                CompiledLevel(
                    level.id,
                    level.label,
                    level.label_en or level.id,
                    when if when else _never(level.when),
                    level.circumstances,
                    band,
                    frozenset(level.impose),
                    level.reduce,
                    self.sources_of(level.citation, laws, (*path, "citation"))
                    or self.sources_of(item.penalty_basis, laws, (*base, "penalty_basis")),
                )
            )

        # circumstances: the general part's, the standard's, then the item's own
        circumstances: list[CompiledCircumstance] = []
        groups: list[tuple[Any, tuple[int | str, ...], bool]] = []
        if general:
            groups.append((general.circumstances, ("circumstances",), True))
        groups.append((model.circumstances, ("circumstances",), False))
        groups.append((item.circumstances, (*base, "circumstances"), False))
        seen_circ: set[str] = set()
        for entries, prefix, is_general in groups:
            for ki, circ in enumerate(entries):
                path = (*prefix, ki)
                if circ.id in seen_circ:
                    self.fail(f"circumstance id {circ.id!r} is used twice", (*path, "id"))
                seen_circ.add(circ.id)
                where = gloc if is_general else None
                when = cond(circ.when, (*path, "when"), where, partial=True)
                circumstances.append(
                    CompiledCircumstance(
                        circ.id,
                        circ.kind,
                        circ.label,
                        circ.label_en or circ.id,
                        when if when else _never(circ.when),
                        circ.mandatory,
                        self.sources_of(
                            circ.citation,
                            general.laws if is_general and general else laws,
                            (*path, "citation"),
                            where,
                        ),
                        is_general,
                    )
                )

        grounds: list[CompiledGround] = []
        excluded = set(item.exclude_grounds)
        ground_sets: list[
            tuple[Any, tuple[int | str, ...], _yaml.Located | None, Mapping[str, Law]]
        ]
        ground_sets = []
        if general:
            ground_sets.append((general.grounds, ("grounds",), gloc, general.laws))
        ground_sets.append((model.grounds, ("grounds",), None, laws))
        ground_sets.append((item.grounds, (*base, "grounds"), None, laws))
        known_grounds = {g.id for entries, *_ in ground_sets for g in entries}
        for name in excluded - known_grounds:
            self.fail(
                f"exclude_grounds names unknown ground {name!r}",
                (*base, "exclude_grounds"),
                did_you_mean(name, known_grounds),
            )
        for entries, prefix, where, glaws in ground_sets:
            for gi, g in enumerate(entries):
                if g.id in excluded:
                    continue
                gpath = (*prefix, gi)
                gwhen = cond(g.when, (*gpath, "when"), where, partial=True)
                grounds.append(
                    CompiledGround(
                        g.id,
                        g.label,
                        g.label_en or g.id,
                        gwhen or _never(g.when),
                        g.effect,
                        self.sources_of(g.citation, glaws, (*gpath, "citation"), where),
                    )
                )
        limitation = None
        lim_model = model.limitation or (general.limitation if general else None)
        if lim_model is not None:
            lwhere = gloc if model.limitation is None else None
            llaws = general.laws if model.limitation is None and general else laws
            for key in ("start", "end", "discovered"):
                name = getattr(lim_model, key)
                if name is not None and types.get(name) != "date":
                    self.fail(
                        f"limitation.{key} must name a date fact, found {name!r}",
                        ("limitation", key),
                        where=lwhere,
                    )
            periods = []
            for pi, period in enumerate(lim_model.periods):
                ppath = ("limitation", "periods", pi)
                pwhen = cond(period.when, (*ppath, "when"), lwhere, True) if period.when else None
                periods.append(
                    (
                        period.years,
                        pwhen,
                        (period.label, period.label_en or period.label),
                        self.sources_of(period.citation, llaws, (*ppath, "citation"), lwhere),
                    )
                )
            limitation = CompiledLimitation(
                lim_model.start, lim_model.end, lim_model.discovered, tuple(periods)
            )
        review: list[CompiledReviewGround] = []
        review_model = model.review_grounds or (general.review_grounds if general else [])
        rwhere = gloc if not model.review_grounds else None
        rlaws = general.laws if not model.review_grounds and general else laws
        for ri, rg in enumerate(review_model):
            rpath = ("review_grounds", ri)
            rwhen = cond(rg.when, (*rpath, "when"), rwhere, True) if rg.when else None
            review.append(
                CompiledReviewGround(
                    rg.id,
                    rg.label,
                    rg.label_en or rg.id,
                    rwhen,
                    rg.on_hearing,
                    rg.on_several_items,
                    self.sources_of(rg.citation, rlaws, (*rpath, "citation"), rwhere),
                )
            )

        principles: dict[str, tuple[str, str, tuple[Source, ...]]] = {}
        for key in ("transition", "one_act"):
            own = getattr(model, key)
            chosen = own or (getattr(general, key) if general else None)
            if chosen is not None:
                pwhere = None if own is not None else gloc
                plaws = laws if own is not None or general is None else general.laws
                principles[key] = (
                    chosen.label,
                    chosen.label_en or chosen.label,
                    self.sources_of(chosen.citation, plaws, (key, "citation"), pwhere),
                )

        legal = self.sources_of(item.legal_basis, laws, (*base, "legal_basis"))
        penalty = self.sources_of(item.penalty_basis, laws, (*base, "penalty_basis"))
        proc_sources: dict[str, tuple[Source, ...]] = {}
        for key in ("summary", "hearing", "review"):
            proc_sources[key] = self.sources_of(
                getattr(procedure, f"citation_{key}") or (),
                proc_laws[key],
                ("procedure", f"citation_{key}"),
            )
        if len(self.errors) > start or adjustment is None:
            return None
        return CompiledItem(
            item.code,
            item.name,
            item.name_en or item.code,
            info,
            fields,
            tuple(clauses),
            tuple(levels),
            tuple(circumstances),
            tuple(item.orders),
            legal,
            penalty,
            adjustment,
            procedure,
            proc_sources,
            item,
            tuple(grounds),
            limitation,
            tuple(review),
            principles,
            _labels(fields),
            _labels_en(fields),
            loc.file,
            loc.line_of(base),
        )

    def check_groups(
        self, item: Item, level: str, imposed: set[str], path: tuple[int | str, ...]
    ) -> None:
        groups: dict[str, list[str]] = {}
        for clause in item.penalties:
            if clause.group and (clause.levels is None or level in clause.levels):
                groups.setdefault(clause.group, []).append(clause.id)
        for group, members in groups.items():
            chosen = [m for m in members if m in imposed]
            mode = next(c.mode for c in item.penalties if c.group == group)
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

    # -- amounts and bands -------------------------------------------------------------------
    def amount(
        self, spec: AmountSpec, path: tuple[int | str, ...], types: Mapping[str, str], cond: Any
    ) -> Shape:
        def base_ok(name: str, where: tuple[int | str, ...]) -> None:
            if name not in types:
                self.fail(f"unknown base fact {name!r}", where, did_you_mean(name, types))
            elif types[name] not in ("money", "area", "count", "days", "number"):
                self.fail(f"base fact {name!r} is {types[name]}, not a quantity", where)

        if spec.range is not None:
            return RangeAmount(spec.range.min, spec.range.max, spec.range.unit)
        if spec.multiple is not None:
            m = spec.multiple
            base_ok(m.base, (*path, "multiple", "base"))
            fb = m.fallback
            return MultipleAmount(
                m.base,
                m.min,
                m.max,
                RangeAmount(fb.min, fb.max, fb.unit) if fb else None,
                m.fallback_below,
            )
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
            c = cond(case.when, (*path, "switch", i, "when"))
            shape = self.amount(case.amount, (*path, "switch", i, "amount"), types, cond)
            cases.append((case.id, c if c else _never(case.when), shape))
        return SwitchAmount(tuple(cases))

    def band(
        self,
        spec: BandSpec,
        bounds: Mapping[str | None, tuple[Decimal, Decimal]],
        path: tuple[int | str, ...],
        cond: Any,
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
                options = []
                for oi, o in enumerate(f.options):
                    c = cond(o.when, (*path, "factors", fi, "options", oi, "when"))
                    options.append((c if c else _never(o.when), o.percent, o.label))
                factors.append((f.id, f.label, tuple(options)))
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
                    continue
                if isinstance(sub, str):
                    self.fail("a band case must be a band, not a name", (*path, "cases", key))
                    continue
                out[key] = self.band(sub, {key: bounds[key]}, (*path, "cases", key), cond, key)
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
        from_own = getattr(own, f"citation_{key}") is not None or general is None
        laws[key] = model.laws if from_own else {**general.laws, **model.laws}  # type: ignore[union-attr]
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
    # Only used after an error was recorded: the rule set will not be returned.
    return Condition(source, (), lambda f: False)


def _names(text: str) -> set[str]:
    import ast

    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        return set()
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - {
        "true",
        "false",
        "True",
        "False",
    }


def render_citation(c: Citation, law: Law) -> Source:
    """A structured citation as Chinese and English text.

    >>> from discretion.model import Citation, Law
    >>> s = render_citation(Citation(law="FSL", article=124, paragraph=1),
    ...                     Law(name="中华人民共和国食品安全法", name_en="Food Safety Law"))
    >>> s.zh, s.en
    ('《中华人民共和国食品安全法》第一百二十四条第一款', 'Food Safety Law, Art. 124 ¶1')
    """
    zh = f"《{law.name}》" if not law.name.startswith("《") else law.name
    en = law.name_en or law.name
    key = c.law
    if c.article:
        zh += f"第{zh_number(c.article)}条"
        en += f", Art. {c.article}"
        key += f"/{c.article}"
    if c.paragraph:
        zh += f"第{zh_number(c.paragraph)}款"
        en += f" ¶{c.paragraph}"
        key += f"/{c.paragraph}"
    if c.item:
        zh += f"第（{zh_number(c.item)}）项"
        en += f" ({c.item})"
        key += f"/({c.item})"
    return Source(key, zh, en)
