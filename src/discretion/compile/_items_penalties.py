"""Compiling an item's penalty clauses, their amount shapes, its levels and their bands."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from ..errors import did_you_mean
from ..format._model import AmountSpec, BandSpec
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
from ._amounts2 import EqualsAmount
from ._amounts3 import (
    OPEN_HI,
    AtLeastAmount,
    ProductBandC,
    SetByAmount,
    compile_of_clause,
    is_set_by,
    referenced_clauses,
)
from ._conditions import Condition
from ._items_scope import (
    _QUANTITIES,
    ItemScope,
    Path_,
    _at_least_zero,
    _case_labels,
    _never,
)
from ._kinds import kind_labels
from ._modes import branch_modes, check_may_add, optional_branch
from ._records import (
    CompiledClause,
    CompiledLevel,
    Source,
)


class PenaltyParts(ItemScope):
    """The statutory penalty and the levels (裁量阶次) placed on it."""

    def clauses(self) -> tuple[list[CompiledClause], CompiledClause | None]:
        item = self.item
        level_ids = [lv.id for lv in item.levels]
        marked = [i for i, c in enumerate(item.penalties) if c.primary]
        # An amount equal to a fact (没收违法所得 X 元) is never banded: it is not the default
        # primary; neither is a clause that falls on another party of the act (双罚制).
        with_amount = [
            i
            for i, c in enumerate(item.penalties)
            if c.amount is not None and c.amount.equals is None and c.party is None
        ]
        if len(marked) > 1:
            self.fail(
                "只能有一个处罚条款标为 primary，请只在主罚条款上写 primary: true / more than one clause is marked primary",
                (*self.base, "penalties"),
            )
        primary_index = marked[0] if marked else (with_amount[0] if with_amount else None)
        clauses: list[CompiledClause] = []
        seen: set[str] = set()
        for ci, clause in enumerate(item.penalties):
            path = (*self.base, "penalties", ci)
            if clause.id in seen:
                self.fail(
                    f"处罚条款 id {clause.id!r} 重复：每个条款的 id 只能用一次，请改用另一个 id / clause id {clause.id!r} is used twice",
                    (*path, "id"),
                )
            seen.add(clause.id)
            for lv in clause.levels or []:
                if lv not in level_ids:
                    self.fail(
                        f"处罚条款引用了未定义的裁量阶次 {lv!r}，请改为已定义的阶次 id / clause names unknown level {lv!r}",
                        (*path, "levels"),
                        did_you_mean(lv, level_ids),
                    )
            zh, en = kind_labels(self, clause.kind, (*path, "kind"))
            clauses.append(
                CompiledClause(
                    clause.id,
                    clause.kind,
                    clause.mode,
                    clause.label or zh,
                    clause.label_en or en,
                    clause.group,
                    self.amount(clause.amount, (*path, "amount"), (clause.id,))
                    if clause.amount
                    else None,
                    self.cond(clause.when, (*path, "when")) if clause.when else None,
                    frozenset(clause.levels) if clause.levels is not None else None,
                    ci == primary_index,
                    # An amount over another clause's range (前款规定罚款数额的…倍) cites both.
                    tuple(
                        dict.fromkeys(
                            self.sources(clause.citation, self.laws, (*path, "citation"))
                            + self.referenced_sources(clause.amount)
                        )
                    ),
                    _case_labels(clause.amount),
                    self.case_sources(clause.amount, (*path, "amount")),
                    case_modes=branch_modes(self, clause, (*path, "amount")),
                )
            )
        primary = clauses[primary_index] if primary_index is not None and clauses else None
        return clauses, primary

    def levels(
        self, primary: CompiledClause | None, derived: Mapping[str, Condition] | None = None
    ) -> list[CompiledLevel]:
        """The levels; ``derived`` holds the conditions a grid gives them (None: no grid)."""
        item = self.item
        bands = {**(self.general.bands if self.general else {}), **self.model.bands}
        by_id = {c.id: c for c in item.penalties}
        levels: list[CompiledLevel] = []
        seen: set[str] = set()
        for li, level in enumerate(item.levels):
            path = (*self.base, "levels", li)
            if level.id in seen:
                self.fail(
                    f"裁量阶次 id {level.id!r} 重复：每个阶次的 id 只能用一次，请改用另一个 id / level id {level.id!r} is used twice",
                    (*path, "id"),
                )
            seen.add(level.id)
            for name in level.impose:
                target = by_id.get(name)
                if target is None:
                    self.fail(
                        f"裁量阶次的 impose 引用了未定义的处罚条款 {name!r}，请改为已定义的条款 id / level imposes unknown clause {name!r}",
                        (*path, "impose"),
                        did_you_mean(name, by_id),
                    )
                elif target.mode in ("required", "combined") and not optional_branch(target):
                    self.fail(
                        f"处罚条款 {name!r} 为必须处罚（{target.mode}），无需写入 impose，请删除 / clause {name!r} is {target.mode} (mandatory): it needs no 'impose'",
                        (*path, "impose"),
                    )
            self.check_groups(level.id, set(level.impose), path)
            check_may_add(self, level, path)
            spec = level.band
            if isinstance(spec, str):
                if spec not in bands:
                    self.fail(
                        f"未定义的命名幅度 {spec!r}，请改为已定义的幅度名称 / unknown named band {spec!r}",
                        (*path, "band"),
                        did_you_mean(spec, bands),
                    )
                spec = bands.get(spec)
            band: Band = FullBand()
            if spec is not None:
                if primary is None or primary.amount is None:
                    self.fail(
                        "裁量阶次写了幅度，但该事项没有带罚款数额的处罚条款：请删除 band 或添加带数额的条款 / "
                        "level has a band but the item has no clause with an amount",
                        (*path, "band"),
                    )
                elif is_set_by(primary.amount):
                    self.fail(
                        "主罚条款的数额由其他机关规定（set_by），本基准不能划分裁量幅度：请删除 band / "
                        "the primary clause's amount is set by another body: no band can be placed",
                        (*path, "band"),
                    )
                elif isinstance(primary.amount, EqualsAmount):
                    self.fail(
                        "主罚条款的金额等于某一事实（equals），不能再划分裁量幅度：请删除 band，"
                        "或把带幅度的条款标为 primary / the primary clause's amount equals a fact "
                        "and cannot be banded: remove the band or mark a ranged clause primary",
                        (*path, "band"),
                    )
                else:
                    scales = {c: (lo, hi) for c, lo, hi in primary.amount.bounds()}
                    band = self.band(spec, scales, (*path, "band"))
            if derived is not None:
                # A grid item: the cells give the condition (compile._grid reports the rest).
                when = derived.get(level.id) or _never(level.id)
            elif level.when is None:
                self.fail(
                    f"裁量阶次 {level.id!r} 缺少 when：请写明适用条件，或为事项写裁量格（grid）/ "
                    f"level {level.id!r} has no 'when' and the item has no grid",
                    (*path, "id"),
                )
                when = _never(level.id)
            else:
                when = self.cond(level.when, (*path, "when"))
            levels.append(
                CompiledLevel(
                    level.id,
                    level.label,
                    level.label_en or level.id,
                    when,
                    level.circumstances,
                    band,
                    frozenset(level.impose),
                    level.reduce,
                    self.sources(level.citation, self.laws, (*path, "citation"))
                    or self.sources(item.penalty_basis, self.laws, (*self.base, "penalty_basis")),
                    frozenset(level.may_add) if level.may_add is not None else None,
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
                    f"选择处罚组 {group!r} 中每个裁量阶次须且只须选处一项，请在 impose 中只写其中一项 / "
                    f"alternative group {group!r} ({' 或者 '.join(members)}): the level must "
                    f"impose exactly one, it imposes {chosen or 'none'}",
                    (*path, "impose"),
                )
            if mode == "single_or_combined" and not chosen:
                self.fail(
                    f"处罚组 {group!r} 为单处或者并处，裁量阶次须至少处以其中一项，请在 impose 中写明 / "
                    f"group {group!r} is 单处或者并处: the level must impose at least one of "
                    f"{members}",
                    (*path, "impose"),
                )

    def case_sources(self, spec: AmountSpec | None, path: Path_) -> dict[str, tuple[Source, ...]]:
        """Switch branch id → its own sources, for the branches that give a citation."""
        out: dict[str, tuple[Source, ...]] = {}
        for i, case in enumerate((spec.switch or []) if spec else []):
            here = (*path, "switch", i)
            if case.citation:
                out[case.id] = self.sources(case.citation, self.laws, (*here, "citation"))
            out.update(self.case_sources(case.amount, (*here, "amount")))
        return out

    def referenced_sources(self, spec: AmountSpec | None) -> tuple[Source, ...]:
        """The sources of the clauses an ``of_clause`` amount refers to (format 2)."""
        out: list[Source] = []
        for code, name in referenced_clauses(spec):
            home, base = self.item, self.base
            if code is not None and code != self.item.code:
                found = [(i, it) for i, it in enumerate(self.model.items) if it.code == code]
                if not found:
                    continue  # reported by compile_of_clause
                home, base = found[0][1], ("items", found[0][0])
            for ci, c in enumerate(home.penalties):
                if c.id == name:
                    where = (*base, "penalties", ci, "citation")
                    out += self.sources(c.citation, self.laws, where)
        return tuple(dict.fromkeys(out))

    def amount(self, spec: AmountSpec, path: Path_, stack: tuple[str, ...] = ()) -> Shape:
        def base_ok(name: str, where: Path_) -> None:
            if name not in self.types:
                self.fail(
                    f"未声明的计罚基数事实 {name!r}，请改为已声明的事实 / unknown base fact {name!r}",
                    where,
                    did_you_mean(name, self.types),
                )
            elif self.types[name] not in _QUANTITIES:
                self.fail(
                    f"计罚基数事实 {name!r} 不是数量（{self.types[name]}），请改用金额或数字事实 / "
                    f"base fact {name!r} is {self.types[name]}, not a quantity",
                    where,
                )
            elif self.types[name] == "number" and not _at_least_zero(self.fields[name].spec.min):
                # A base below zero would yield a negative amount: the range needs min >= 0.
                self.fail(
                    f"计罚基数事实 {name!r} 可能为负数，请为其写 min: 0 或更大 / "
                    f"base fact {name!r} may be negative: give it 'min: 0' or more",
                    where,
                )

        if spec.range is not None:
            return RangeAmount(spec.range.min, spec.range.max, spec.range.unit)
        if spec.multiple is not None:
            m = spec.multiple
            base_ok(m.base, (*path, "multiple", "base"))
            fb = m.fallback
            fallback = RangeAmount(fb.min, fb.max, fb.unit) if fb else None
            return MultipleAmount(m.base, m.min, m.max, fallback, m.fallback_below, m.unit)
        if spec.per_unit is not None:
            u = spec.per_unit
            base_ok(u.base, (*path, "per_unit", "base"))
            return PerUnitAmount(u.base, u.min, u.max, u.rate_unit, u.unit)
        if spec.percent is not None:
            p = spec.percent
            base_ok(p.base, (*path, "percent", "base"))
            return PercentAmount(p.base, p.min, p.max, p.unit)
        if spec.equals is not None:
            e = spec.equals
            base_ok(e.base, (*path, "equals", "base"))
            return EqualsAmount(e.base, e.unit)
        if spec.at_least is not None:
            return AtLeastAmount(spec.at_least.min, spec.at_least.unit)
        if spec.set_by is not None:
            sb = spec.set_by
            return SetByAmount(sb.by, sb.by_en or sb.by, sb.unit)
        if spec.of_clause is not None:
            ref = compile_of_clause(self, spec.of_clause, path, stack)
            return ref if ref is not None else RangeAmount(Decimal(0), Decimal(0), "元")
        assert spec.switch is not None
        cases = []
        seen: set[str] = set()
        for i, case in enumerate(spec.switch):
            if case.id in seen:
                self.fail(
                    f"分支 id {case.id!r} 重复，请改用另一个 id / switch case id {case.id!r} is used twice",
                    (*path, "switch", i, "id"),
                )
            seen.add(case.id)
            when = self.cond(case.when, (*path, "switch", i, "when"))
            sub = self.amount(case.amount, (*path, "switch", i, "amount"), stack)
            cases.append((case.id, when, sub))
        return SwitchAmount(tuple(cases))

    def band(
        self,
        spec: BandSpec,
        bounds: Mapping[str | None, tuple[Decimal, Decimal]],
        path: Path_,
        case: str | None = None,
    ) -> Band:
        """Compile a band; ``bounds`` maps each switch case (None: no switch) to its scale."""
        proportional = spec.percent or spec.of_max or spec.factors or spec.product
        if proportional and any(hi >= OPEN_HI for _lo, hi in bounds.values()):
            # 处五万元以上罚款: a share of a range with no maximum would invent one
            self.fail(
                "法定幅度没有上限（at_least，如 五万元以上），不能按比例划分裁量幅度：请写明确的 min/max "
                "幅度（由基准规定并引用），或不写幅度 / the statutory range has no upper limit: a "
                "proportional band would invent one; give an explicit min/max band or none",
                path,
            )
            return FullBand()
        if spec.percent is not None:
            return PercentBand(*spec.percent)
        if spec.of_max is not None:
            return OfMaxBand(*spec.of_max)
        if spec.product is not None:
            p = spec.product
            return ProductBandC(p.of_max, p.times, p.label, p.label_en)
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
                        f"幅度引用了未定义的分支 {key!r}，请改为已定义的分支 id / band names unknown switch case {key!r}",
                        (*path, "cases", key),
                        did_you_mean(key, known) or f"cases are {known}",
                    )
                elif isinstance(sub, str):
                    self.fail(
                        "分支幅度须直接写出幅度，不能写幅度名称 / a band case must be a band, not a name",
                        (*path, "cases", key),
                    )
                else:
                    out[key] = self.band(sub, {key: bounds[key]}, (*path, "cases", key), key)
            return CaseBand(out)
        assert spec.min is not None
        assert spec.max is not None
        if case is None and None not in bounds:
            self.fail(
                "分支罚款幅度上写明的幅度须用 cases 按分支逐一写出 / "
                "an explicit band on a switching range needs 'cases' (one band per branch)",
                path,
            )
            return FullBand()
        lo, hi = bounds[case]
        if spec.min < lo or spec.max > hi:
            self.fail(
                f"裁量幅度 [{spec.min}, {spec.max}] 超出法定幅度 [{lo}, {hi}]，请把幅度改在法定幅度之内 / "
                f"band [{spec.min}, {spec.max}] is outside the statutory range [{lo}, {hi}] "
                "(裁量幅度超出法定幅度)",
                path,
            )
        return ExplicitBand(spec.min, spec.max, lo, hi)

    # -- the whole item ------------------------------------------------------------------------
