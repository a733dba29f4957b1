"""Static verification of loaded standards (``discretion check``): like cases treated alike.

A standard with a gap (facts for which no level holds) or an overlap (two levels hold) silently
treats like cases unalike (相似违法行为处罚标准不一致). :func:`verify` looks for these defects in
every item of a loaded :class:`~discretion.compile._ruleset.RuleSet` — the load-time checks have already
passed — and reports each as a :class:`Problem` with file, line, item, a Chinese and English
message and, where there is one, the counter-example facts:

``gap`` / ``overlap`` / ``unreachable``
    the levels (裁量阶次) are not exhaustive, not exclusive, or one can never hold; the same for
    the branches of a switching amount (``branch_gap`` / ``branch_overlap``) and the options of a
    factor band (``factor_gap`` / ``factor_overlap``).
``band_order`` / ``band_range``
    levels are listed from the lightest to the gravest, so a graver level's band may not lie below
    a lighter one's; no band may leave the statutory range.
``circumstance_direction``
    an aggravating circumstance (从重) whose facts, once they hold, lower the recommendation, or a
    mitigating one (从轻, 减轻, 从轻或者减轻) that raises it — typically because the same facts
    also move the level the other way.
``combined_dropped``
    a mandatory penalty (处 / 并处) that a level which is not 减轻 leaves out.
``citation``
    an item, penalty clause or procedure step that cites no provision.
``example``
    an example case (``*.cases.yaml``) that fails.

How the fact domain is covered (:mod:`discretion.verify._domain`): each question enumerates the
cartesian product of the boundary points of the facts its conditions read — every value of a bool
or enum, the bounds of a number and the values at, just below and just above each threshold —
which decides every comparison with a literal: a proof, not a sample. Two exceptions are reported
as notes, never hidden: a comparison of two facts, and a product larger than ``limit``
combinations (only the first ``limit`` are checked). The circumstance check is local: it varies
the facts the circumstance reads and those of every condition sharing one of them (all level
facts if a level shares one); other facts keep a fixed witness value.

>>> import discretion
>>> report = verify(discretion.load("rules/"))  # doctest: +SKIP
>>> report.ok  # doctest: +SKIP
True
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..compile._amounts import Scale, SwitchAmount
from ..compile._conditions import NUMERIC_TYPES, Condition
from ..compile._loader import load
from ..compile._records import CompiledItem, CompiledLevel
from ..compile._ruleset import RuleSet
from ..decide._engine import evaluate
from ..decide._result import Recommendation
from ..errors import DiscretionError, format_location
from ..format import _yaml
from ._domain import LOWERING, Space, conditions_of, factor_options, space
from ._examples import read_cases, run_case

DEFAULT_LIMIT = 100_000
"""Combinations of fact values enumerated per question before the check says it stopped."""

_MANDATORY = frozenset({"required", "combined"})
# Penalties a statute imposes on every violation of the item; a graver-only penalty (吊销, 停产停业,
# 关闭 …) may be attached to the gravest levels, these may not be left out of a lighter one.
_BASE_KINDS = frozenset(
    {"warning", "circulated_criticism", "fine", "confiscate_gains", "confiscate_property"}
)


@dataclass(frozen=True)
class Problem:
    """One defect found by :func:`verify`.

    Attributes:
        check: what was checked: ``gap``, ``overlap``, ``unreachable``, ``band_order``, … (the
            module docstring lists them).
        message_zh: the problem in Chinese, for the legal staff who maintain the standard.
        message_en: the same in English.
        file: the rule file (or cases file) concerned.
        line: the line of the offending entry in it.
        item: the item code.
        field: the dotted path of the entry, e.g. ``items[0].levels[1]``.
        example: the counter-example: the facts (name, value) for which the defect shows.
        hint: what to do about it, when there is more to say.
        severity: ``error`` (the check fails) or ``warning`` (reported; the check passes). Only
            gaps in the source material, not in the rules' logic, are warnings.
    """

    check: str
    message_zh: str
    message_en: str
    file: str | None = None
    line: int | None = None
    item: str | None = None
    field: str | None = None
    example: tuple[tuple[str, Any], ...] | None = None
    hint: str | None = None
    severity: str = "error"

    @property
    def message(self) -> str:
        """Chinese, then English."""
        return f"{self.message_zh} / {self.message_en}"

    @property
    def location(self) -> str:
        """``file:line, item X, field Y``."""
        return format_location(self.file, self.line, self.item, self.field)

    def __str__(self) -> str:
        text = f"{self.location}: [{self.check}] {self.message}"
        if self.example is not None:
            text += f"; 反例 counter-example: {format_facts(self.example)}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: values of the counter-example as JSON (decimals as strings)."""
        return {
            "check": self.check,
            "message": self.message,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "file": self.file,
            "line": self.line,
            "item": self.item,
            "field": self.field,
            "example": None if self.example is None else {k: _json(v) for k, v in self.example},
            "hint": self.hint,
            "severity": self.severity,
        }


@dataclass(frozen=True)
class Report:
    """What :func:`verify` found: problems, notes on what could not be proven, and counts."""

    problems: tuple[Problem, ...]
    notes: tuple[str, ...] = ()
    items: int = 0
    cases: int = 0
    combinations: int = 0

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that fail the check."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems reported without failing the check."""
        return tuple(p for p in self.problems if p.severity != "error")

    @property
    def ok(self) -> bool:
        """No error found (warnings allowed)."""
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "ok": self.ok,
            "items": self.items,
            "cases": self.cases,
            "combinations": self.combinations,
            "errors": [p.to_dict() for p in self.errors],
            "warnings": [p.to_dict() for p in self.warnings],
            "notes": list(self.notes),
        }


def format_facts(facts: Iterable[tuple[str, Any]]) -> str:
    """``name=value, …`` for messages (decimals without exponent, dates ISO)."""
    return ", ".join(f"{k}={_json(v)}" for k, v in facts)


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# -- the verifier ---------------------------------------------------------------------------------


def verify(
    ruleset: RuleSet, *, cases: Iterable[str | Path] = (), limit: int = DEFAULT_LIMIT
) -> Report:
    """Check every item (every version) of a rule set, and run the example cases given.

    Args:
        ruleset: the loaded standards; the loader's own checks have passed.
        cases: example-case files (``*.cases.yaml``) to run against ``ruleset``.
        limit: combinations enumerated per question; above it the check says so in ``notes``.

    Returns:
        The :class:`Report`; ``report.ok`` when nothing was found.
    """
    checker = _Checker(ruleset, limit)
    items = 0
    for code in ruleset.codes:
        for item in ruleset.versions(code):
            items += 1
            checker.item(item)
    count = 0
    loaded_sets: dict[Path, RuleSet] = {}
    for path in cases:
        try:
            loaded = read_cases(path)
        except DiscretionError as exc:
            checker.problems.append(
                Problem("example", "示例案例文件无法读取", str(exc), exc.file, exc.line)
            )
            continue
        for case in loaded:
            count += 1
            try:
                target = _rules_for(case.rules, ruleset, loaded_sets)
            except DiscretionError as exc:
                checker.problems.append(
                    Problem("example", "示例案例指定的规则无法加载", str(exc), case.file, case.line)
                )
                continue
            _rec, diffs = run_case(target, case)
            for diff in diffs:
                checker.problems.append(
                    Problem(
                        "example",
                        f"示例案例「{case.name}」未通过：{diff}",
                        f"example case {case.name!r} fails: {diff}",
                        case.file,
                        case.line,
                        case.item,
                        example=tuple(case.facts.items()),
                    )
                )
    return Report(tuple(checker.problems), tuple(checker.notes), items, count, checker.combinations)


def _rules_for(folder: Path | None, default: RuleSet, cache: dict[Path, RuleSet]) -> RuleSet:
    """The rule set a cases file names (``rules:``, relative to it), else the one verified."""
    if folder is None:
        return default
    key = folder.resolve()
    if key not in cache:
        cache[key] = load(key)
    return cache[key]


class _Locator:
    """Lines of entries in the loaded files (parsed again from the texts the rule set keeps)."""

    def __init__(self, ruleset: RuleSet) -> None:
        # RuleSet keeps its source texts for pickling; a public accessor is requested.
        self._texts = dict(ruleset.sources)
        self._parsed: dict[str, _yaml.Located] = {}
        self._ruleset = ruleset

    def line(self, file: str, path: tuple[int | str, ...]) -> int | None:
        if file not in self._parsed:
            text = self._texts.get(file)
            if text is None:
                return None
            self._parsed[file] = _yaml.loads(text, file)
        return self._parsed[file].line_of(path)

    def item_path(self, item: CompiledItem) -> tuple[int | str, ...]:
        for i, it in enumerate(self._ruleset.file_model(item.file).items):
            if it.code == item.code:
                return ("items", i)
        return ()

    def circumstance(self, item: CompiledItem, cid: str) -> tuple[str, tuple[int | str, ...]]:
        for k, c in enumerate(item.model.circumstances):
            if c.id == cid:
                return item.file, (*self.item_path(item), "circumstances", k)
        for k, c in enumerate(self._ruleset.file_model(item.file).circumstances):
            if c.id == cid:
                return item.file, ("circumstances", k)
        for std in self._ruleset.standards:
            if std.general:
                for k, c in enumerate(self._ruleset.file_model(std.file).circumstances):
                    if c.id == cid:
                        return std.file, ("circumstances", k)
        return item.file, self.item_path(item)


class _Checker:
    def __init__(self, ruleset: RuleSet, limit: int) -> None:
        self.ruleset = ruleset
        self.limit = limit
        self.where = _Locator(ruleset)
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.combinations = 0
        self._cache: dict[tuple[Any, ...], Recommendation | None] = {}

    def report(
        self,
        check: str,
        item: CompiledItem,
        path: tuple[int | str, ...],
        zh: str,
        en: str,
        example: tuple[tuple[str, Any], ...] | None = None,
        hint: str | None = None,
        file: str | None = None,
        severity: str = "error",
    ) -> None:
        file = file or item.file
        problem = Problem(
            check,
            zh,
            en,
            file,
            self.where.line(file, path),
            item.code,
            _yaml.dotted(path) if path else None,
            example,
            hint,
            severity,
        )
        if problem not in self.problems:  # the same defect seen from two branches
            self.problems.append(problem)

    def item(self, item: CompiledItem) -> None:
        base = self.where.item_path(item)
        self.exclusive(
            item,
            [(lv.id, lv.label, lv.when, (*base, "levels", i)) for i, lv in enumerate(item.levels)],
            [],
            ("gap", "overlap", "unreachable"),
            ("裁量阶次", "levels", (*base, "levels")),
        )
        for ci, clause in enumerate(item.clauses):
            guard = [clause.when] if clause.when is not None else []
            if clause.levels is not None:
                guard.append(_any_level(item, clause.levels))
            path = (*base, "penalties", ci, "amount", "switch")
            for cases, inner_guard in _switches(clause.amount, guard):
                self.exclusive(
                    item,
                    [(bid, bid, cond, path) for bid, cond, _shape in cases],
                    inner_guard,
                    ("branch_gap", "branch_overlap", "unreachable"),
                    (f"罚款幅度分支（{clause.id}）", f"amount branches of {clause.id!r}", path),
                )
        for li, level in enumerate(item.levels):
            for fid, options in factor_options(level.band):
                path = (*base, "levels", li, "band")
                self.exclusive(
                    item,
                    [(o[2], o[2], o[0], path) for o in options],
                    [level.when],
                    ("factor_gap", "factor_overlap", "unreachable"),
                    (f"裁量因子「{fid}」的选项", f"options of factor {fid!r}", path),
                )
        self.bands(item, base)
        self.combined(item, base)
        self.citations(item, base)
        self.circumstances(item)

    # -- exhaustive and exclusive -----------------------------------------------------------
    def exclusive(
        self,
        item: CompiledItem,
        options: list[tuple[str, str, Condition, tuple[int | str, ...]]],
        guard: list[Condition],
        checks: tuple[str, str, str],
        what: tuple[str, str, tuple[int | str, ...]],
    ) -> None:
        """Exactly one option must hold wherever the guard holds and no ground bars the case."""
        conditions = [o[2] for o in options] + guard
        reads = {n for c in conditions for n in c.reads}
        # A no-penalty ground that reads the same facts can make a combination moot: vary it too.
        gates = [g.when for g in item.grounds if g.effect == "no_penalty"]
        sharing = [g for g in gates if reads & set(g.reads)]
        sp = space(item, conditions + sharing)
        total = sp.size
        complete = total <= self.limit
        if not complete:
            self.notes.append(
                f"{item.code}: {what[1]}: {total} combinations exceed the limit {self.limit}; "
                f"only the first {self.limit} were checked, exhaustiveness is not proven "
                f"（{what[0]}：组合数超过上限，未完全证明）"
            )
        if sp.relational:
            self.notes.append(
                f"{item.code}: {what[1]} compare facts {sorted(sp.relational)} with each other; "
                "boundary analysis is not a proof there（事实之间相互比较，边界分析不构成证明）"
            )
        gap: dict[str, Any] | None = None
        overlaps: dict[tuple[int, int], dict[str, Any]] = {}
        reached: set[int] = set()
        barred: dict[int, dict[str, Any]] = {}  # holds, but only where a ground bars the case
        for facts in itertools.islice(sp, self.limit):
            self.combinations += 1
            if any(not g(facts) for g in guard):
                continue
            held = [i for i, o in enumerate(options) if o[2](facts)]
            if any(g(facts) for g in gates):
                for i in held:
                    barred.setdefault(i, facts)
                continue
            reached.update(held)
            if not held and gap is None:
                gap = facts
            for a, b in itertools.combinations(held, 2):
                overlaps.setdefault((a, b), facts)
        zh_what, en_what, path = what
        if gap is not None:
            self.report(
                checks[0],
                item,
                path,
                f"{zh_what}存在缺口（不周延）：以下事实没有任何一项适用",
                f"gap: the {en_what} are not exhaustive, none holds for these facts",
                sp.shown(gap),
            )
        for (a, b), facts in overlaps.items():
            self.report(
                checks[1],
                item,
                options[b][3],
                f"{zh_what}重叠（不互斥）：「{options[a][1]}」与「{options[b][1]}」同时适用",
                f"overlap: the {en_what} {options[a][0]!r} and {options[b][0]!r} both hold",
                sp.shown(facts),
            )
        if complete and not sp.relational:
            for i, (oid, label, cond, opath) in enumerate(options):
                if i in reached:
                    continue
                if i in barred:
                    self.report(
                        checks[2],
                        item,
                        opath,
                        f"「{label}」永远不会适用：条件 {cond.source} 成立时总有不予处罚事由",
                        f"{oid!r} can never apply: wherever {cond.source} holds, a no-penalty "
                        "ground bars the case",
                        sp.shown(barred[i]),
                        hint="remove the level, or narrow the ground",
                    )
                else:
                    self.report(
                        checks[2],
                        item,
                        opath,
                        f"「{label}」永远不会适用：条件 {cond.source} 在任何事实下都不成立",
                        f"{oid!r} can never hold: no facts satisfy {cond.source}",
                    )

    # -- bands ------------------------------------------------------------------------------
    def bands(self, item: CompiledItem, base: tuple[int | str, ...]) -> None:
        primary = next((c for c in item.clauses if c.primary and c.amount is not None), None)
        if primary is None or primary.amount is None:
            return
        top = primary.amount.cases if isinstance(primary.amount, SwitchAmount) else ()
        branch = {case_id: cond for case_id, cond, _shape in top}
        for case, lo, hi in primary.amount.bounds():
            scale = Scale("range", case, lo, hi, Decimal(1), "", "")
            lighter: tuple[CompiledLevel, Decimal, Decimal] | None = None
            for li, level in enumerate(item.levels):
                if level.reduce or (primary.levels is not None and level.id not in primary.levels):
                    continue
                # Only where the clause can apply at this level, on this branch, is the band used.
                needed = [level.when]
                needed += [primary.when] if primary.when is not None else []
                needed += [branch[case]] if case in branch else []
                if not self.satisfiable(item, needed):
                    continue
                span = self.band_span(item, level, scale)
                if span is None:
                    continue
                a, b = span
                path = (*base, "levels", li, "band")
                on = f"（分支 {case}）" if case else ""
                on_en = f" (branch {case})" if case else ""
                if a < lo or b > hi:
                    self.report(
                        "band_range",
                        item,
                        path,
                        f"阶次「{level.label}」的幅度 [{_json(a)}, {_json(b)}] 超出法定幅度 "
                        f"[{_json(lo)}, {_json(hi)}]{on}",
                        f"the band of level {level.id!r} [{_json(a)}, {_json(b)}] leaves the "
                        f"statutory range [{_json(lo)}, {_json(hi)}]{on_en}",
                    )
                if lighter is not None and (a < lighter[1] or b < lighter[2]):
                    prev = lighter[0]
                    self.report(
                        "band_order",
                        item,
                        path,
                        f"阶次顺序与幅度不符：较重阶次「{level.label}」的幅度 [{_json(a)}, {_json(b)}] "
                        f"低于较轻阶次「{prev.label}」的幅度 [{_json(lighter[1])}, "
                        f"{_json(lighter[2])}]{on}",
                        f"bands out of order: level {level.id!r} [{_json(a)}, {_json(b)}], listed "
                        f"after {prev.id!r}, lies below its band [{_json(lighter[1])}, "
                        f"{_json(lighter[2])}]{on_en}",
                        hint="levels are listed from the lightest to the gravest (阶次由轻到重排列)",
                    )
                lighter = (level, a, b)

    def satisfiable(self, item: CompiledItem, conditions: list[Condition]) -> bool:
        """Do some facts, not barred by a no-penalty ground, make all the conditions hold?
        (Assumed so beyond the limit.)"""
        reads = {n for c in conditions for n in c.reads}
        gates = [g.when for g in item.grounds if g.effect == "no_penalty"]
        sp = space(item, conditions + [g for g in gates if reads & set(g.reads)])
        for facts in itertools.islice(sp, self.limit):
            self.combinations += 1
            if all(c(facts) for c in conditions) and not any(g(facts) for g in gates):
                return True
        return sp.size > self.limit

    def band_span(
        self, item: CompiledItem, level: CompiledLevel, scale: Scale
    ) -> tuple[Decimal, Decimal] | None:
        """Lowest and highest point the level's band can take on this scale."""
        factors = factor_options(level.band)
        if not factors:
            lo, hi, _detail = level.band.place(scale, {}, item.code)
            return lo, hi
        options = [o[0] for _f, opts in factors for o in opts]
        points: list[Decimal] = []
        worst: tuple[Decimal, dict[str, Any]] | None = None
        sp = space(item, [level.when, *options])
        for facts in itertools.islice(sp, self.limit):
            if not level.when(facts):
                continue
            try:
                lo, hi, detail = level.band.place(scale, facts, item.code)
            except DiscretionError:  # a factor gap: reported by the factor check
                continue
            points += [lo, hi]
            total = dict(detail).get("total")
            if isinstance(total, Decimal) and (worst is None or total > worst[0]):
                worst = (total, facts)
        if worst is not None and worst[0] > 100:
            # The engine clamps the point to the maximum; a sum over 100 % is a drafting error.
            self.report(
                "band_range",
                item,
                (*self.where.item_path(item), "levels", item.levels.index(level), "band"),
                f"阶次「{level.label}」的裁量因子百分比之和可达 {_json(worst[0])}%，超过法定最高额",
                f"the factor percentages of level {level.id!r} add up to {_json(worst[0])}% of "
                "the statutory maximum, above 100 %",
                sp.shown(worst[1]),
            )
        return (min(points), max(points)) if points else None

    # -- mandatory penalties ------------------------------------------------------------------
    def combined(self, item: CompiledItem, base: tuple[int | str, ...]) -> None:
        levels = item.levels
        for ci, clause in enumerate(item.clauses):
            if clause.mode not in _MANDATORY or clause.levels is None:
                continue
            applies = [lv.id in clause.levels for lv in levels]
            for li, level in enumerate(levels):
                if applies[li] or level.reduce:
                    continue
                replaced = any(
                    c.kind == clause.kind
                    and c.mode in _MANDATORY
                    and (c.levels is None or level.id in c.levels)
                    for c in item.clauses
                )
                if replaced or not (clause.kind in _BASE_KINDS or any(applies[:li])):
                    continue
                self.report(
                    "combined_dropped",
                    item,
                    (*base, "penalties", ci, "levels"),
                    f"阶次「{level.label}」未适用{_mode_zh(clause.mode)}的「{clause.label}」，"
                    "而该阶次不是减轻处罚",
                    f"level {level.id!r} drops the mandatory ({clause.mode}) penalty "
                    f"{clause.id!r} without 减轻 (the level is not marked reduce)",
                    hint="mark the level `reduce: true` if the law allows 减轻 here; if the statute "
                    "attaches the penalty to a circumstance (情节严重的…), state it as the clause's "
                    "`when` condition",
                )

    # -- citations ------------------------------------------------------------------------------
    def citations(self, item: CompiledItem, base: tuple[int | str, ...]) -> None:
        model = item.model
        # A citation without an article (a benchmark table cited alone) is a gap in the source
        # material, not in the rules' logic: a warning, so that it stays visible in every check
        # without blocking a standard whose statute article has yet to be supplied.
        for key, cites in (
            ("legal_basis", model.legal_basis),
            ("penalty_basis", model.penalty_basis),
        ):
            if not any(c.article for c in cites):
                self.report(
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
                self.report(
                    "citation",
                    item,
                    (*base, "penalties", ci, "citation"),
                    f"处罚「{clause.id}」未引用具体法律条款",
                    f"penalty clause {clause.id!r} cites no article of a law",
                    severity="warning",
                )
        for key, sources in item.procedure_sources.items():
            if not sources:
                self.report(
                    "citation",
                    item,
                    ("procedure",),
                    f"程序步骤「{key}」没有法律依据",
                    f"the procedure step {key!r} cites no source",
                )

    # -- circumstances ------------------------------------------------------------------------
    def circumstances(self, item: CompiledItem) -> None:
        every = conditions_of(item)
        level_reads = {n for lv in item.levels for n in lv.when.reads}
        bases = _amount_bases(item)
        for circ in item.circumstances:
            own = set(circ.when.reads)
            related = [c for c in every if own & set(c.reads)]
            if len(related) == 1 and not own & bases:
                # Only this circumstance reads its facts, and no amount is measured on them: the
                # facts change nothing but one more circumstance of its kind in the count, and
                # both combination rules move the range monotonically with that count
                # (model.Adjustment). Proven by construction; no enumeration needed.
                continue
            names = own | {n for c in related for n in c.reads}
            if names & level_reads:
                names |= level_reads
            sp = space(item, [circ.when], names)
            if sp.size > self.limit:
                self.notes.append(
                    f"{item.code}: circumstance {circ.id!r}: {sp.size} combinations exceed the "
                    f"limit {self.limit}; not checked（情节「{circ.label}」组合数超过上限，未检查）"
                )
                continue
            found = self.direction(item, circ.kind not in LOWERING, circ.when, sp, own)
            if found is not None:
                before, after, what_zh, what_en = found
                file, path = self.where.circumstance(item, circ.id)
                changed = format_facts((k, v) for k, v in before if dict(after)[k] != v)
                kind_zh = "从重" if circ.kind == "aggravate" else "从轻/减轻"
                self.report(
                    "circumstance_direction",
                    item,
                    path,
                    f"{kind_zh}情节「{circ.label}」反而使处罚{what_zh}（与 {changed} 相比）",
                    f"the {'aggravating' if circ.kind == 'aggravate' else 'mitigating'} "
                    f"circumstance {circ.id!r} {what_en} (compared with {changed})",
                    after,
                    hint="its facts also move the level or another condition the other way",
                    file=file,
                )

    def direction(
        self,
        item: CompiledItem,
        raises: bool,
        cond: Condition,
        sp: Space,
        own: set[str],
    ) -> tuple[Any, Any, str, str] | None:
        """A pair (facts without the circumstance, facts with it) that moves the wrong way."""
        index = {n: i for i, n in enumerate(sp.names)}
        for facts in sp:
            self.combinations += 1
            if cond(facts):
                continue
            for name in sorted(own):
                for value in _neighbours(sp.points[index[name]], facts[name], item, name):
                    after = {**facts, name: value}
                    if not cond(after):
                        continue
                    wrong = _compare(self.run(item, facts), self.run(item, after), raises)
                    if wrong is not None:
                        return sp.shown(facts), sp.shown(after), *wrong
        return None

    def run(self, item: CompiledItem, facts: Mapping[str, Any]) -> Recommendation | None:
        key = (item.code, item.standard.digest, *sorted(facts.items()))
        if key not in self._cache:
            try:
                self._cache[key] = evaluate(
                    self.ruleset,
                    item.code,
                    {k: v for k, v in facts.items() if v is not None},
                    violation_date=item.standard.effective_from,
                )
            except DiscretionError:
                self._cache[key] = None  # a gap or overlap: reported by the level check
        return self._cache[key]


def _amount_bases(item: CompiledItem) -> set[str]:
    """The facts amounts are measured on (multiples, rates per unit, percentages)."""
    out: set[str] = set()

    def walk(shape: Any) -> None:
        base = getattr(shape, "base", None)
        if isinstance(base, str):
            out.add(base)
        for _id, _cond, inner in getattr(shape, "cases", ()):
            walk(inner)

    for clause in item.clauses:
        walk(clause.amount)
    return out


def _neighbours(points: Sequence[Any], value: Any, item: CompiledItem, name: str) -> list[Any]:
    """The values a single step away: any other value of a bool or enum, the adjacent points of a
    number or date (``None``, an absent optional fact, is next to every value)."""
    if item.fields[name].spec.type not in NUMERIC_TYPES | {"date"} or value is None:
        return [p for p in points if p != value]
    values = [p for p in points if p is not None]
    i = values.index(value)
    out = [values[j] for j in (i - 1, i + 1) if 0 <= j < len(values)]
    return out + ([None] if None in points else [])


def _compare(
    before: Recommendation | None, after: Recommendation | None, raises: bool
) -> tuple[str, str] | None:
    """How ``after`` moves against ``before`` in the wrong direction, if it does."""
    if before is None or after is None:
        return None
    if before.outcome == "no_penalty" or after.outcome == "no_penalty":
        if raises and before.outcome != "no_penalty" and after.outcome == "no_penalty":
            return "降为不予处罚", "turns the penalty into no penalty"
        return None  # a no-penalty ground is the statute's own step, not the circumstance's
    was = {p.id: p for p in before.penalties}
    now = {p.id: p for p in after.penalties}
    if raises and set(was) - set(now):
        gone = sorted(set(was) - set(now))
        return f"减少处罚种类 {gone}", f"drops the penalties {gone}"
    if not raises and set(now) - set(was):
        added = sorted(set(now) - set(was))
        return f"增加处罚种类 {added}", f"adds the penalties {added}"
    for pid in sorted(set(was) & set(now)):
        p, q = was[pid], now[pid]
        for bound in ("min", "max"):
            a, b = getattr(p, bound), getattr(q, bound)
            if a is None or b is None:
                continue
            if (raises and b < a) or (not raises and b > a):
                word = ("下限", "minimum") if bound == "min" else ("上限", "maximum")
                return (
                    f"{'降低' if raises else '提高'}「{p.label}」的{word[0]}（{_json(a)} → {_json(b)}）",
                    f"{'lowers' if raises else 'raises'} the {word[1]} of {pid!r} "
                    f"({_json(a)} → {_json(b)})",
                )
    return None


def _switches(
    shape: Any, guard: list[Condition]
) -> list[tuple[tuple[tuple[str, Condition, Any], ...], list[Condition]]]:
    """Each switch of an amount (nested ones under their branch's condition) with its guard."""
    if not isinstance(shape, SwitchAmount):
        return []
    out = [(shape.cases, guard)]
    for _id, cond, inner in shape.cases:
        out += _switches(inner, [*guard, cond])
    return out


def _any_level(item: CompiledItem, ids: frozenset[str]) -> Condition:
    chosen = [lv.when for lv in item.levels if lv.id in ids]
    reads = tuple(dict.fromkeys(n for c in chosen for n in c.reads))
    predicate: Callable[[Mapping[str, Any]], bool] = lambda f: any(c(f) for c in chosen)  # noqa: E731
    return Condition(" or ".join(f"({c.source})" for c in chosen), reads, predicate)


def _mode_zh(mode: str) -> str:
    return "并处" if mode == "combined" else "应当给予"
