"""Compiling derived facts (推算事实): load-time checks, the compiled record, and the computation.

Each :class:`~discretion.format._derived.DerivedFact` of the general part, the standard and the item
is checked against the facts declared before it: every operand is known (with a "did you mean"),
operand types fit the computation (a date is never added to a number), ``ratio`` states its
rounding, ``window`` belongs to ``count_within`` alone, and the derived facts form a DAG (a cycle
is reported with its path). Each becomes a :class:`CompiledDerived`, in an order where every
operand comes before the facts computed from it, and a fact field of its result type, so that
conditions, amounts and the justification read it like any declared fact.

Computing is exact: ``Decimal`` sums, differences and products, integer day counts; a quotient is
rounded as the rule file states (:class:`~discretion.format._derived.Rounding`). A divisor that is 0
in a case, or a result out of the format's range, is a :class:`~discretion.errors.FactError` naming
the fact — nothing is half-evaluated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal
from typing import Any

from ..errors import FactError, did_you_mean
from ..format._common import NON_NEGATIVE_TYPES
from ..format._derived import DerivedFact
from ..format._limits import NumberError, check_magnitude
from ..format._model import FactSpec
from ._facts import FactField, _BadValueError
from ._records import Source

NUMERIC = frozenset({"money", "count", "area", "days", "number", "percent"})
_INTEGRAL = frozenset({"count", "days"})
_DIMENSIONLESS = frozenset({"number", "percent"})
_MODES = {
    "half_up": ROUND_HALF_UP,
    "down": ROUND_DOWN,
    "up": ROUND_UP,
    "half_even": ROUND_HALF_EVEN,
}
ARITY = {"difference": 2, "ratio": 2, "days_between": 2, "count_within": 2}
"""Computations that take exactly two operands; ``sum`` and ``product`` take two or more."""


@dataclass(frozen=True, slots=True)
class CompiledDerived:
    """One derived fact, checked: what it computes from, its result type, rounding and sources."""

    name: str
    label: str
    label_en: str
    unit: str | None
    op: str
    of: tuple[str, ...]
    kind: str
    window: tuple[int | None, int | None] | None
    rounding: tuple[int, str] | None
    sources: tuple[Source, ...]

    def compute(
        self, values: Mapping[str, Any], item: str
    ) -> tuple[Any, tuple[tuple[str, Any], ...]]:
        """The value for one case's ``values`` and the figures the justification shows.

        ``None`` when an operand is not given (a condition reading it then never holds).

        Raises:
            FactError: a divisor is 0, the result is negative for a quantity, or out of range.
        """
        args: list[Any] = [values.get(n) for n in self.of]
        if any(a is None for a in args):
            return None, (
                ("missing", tuple(n for n, a in zip(self.of, args, strict=True) if a is None)),
            )
        extra: tuple[tuple[str, Any], ...] = ()
        op = self.op
        if op == "sum":
            exact: Any = sum(args[1:], start=args[0])
        elif op == "difference":
            exact = args[0] - args[1]
        elif op == "product":
            exact = args[0]
            for a in args[1:]:
                exact = exact * a
        elif op == "ratio":
            if args[1] == 0:
                raise FactError(
                    f"推算事实 {self.name!r}（{self.label}）的除数 {self.of[1]!r} 为 0，无法计算 / "
                    f"derived fact {self.name!r} divides by {self.of[1]!r}, which is 0",
                    item=item,
                    field=self.of[1],
                )
            exact = Decimal(args[0]) / Decimal(args[1])
        elif op == "days_between":
            exact = (args[1] - args[0]).days
        else:  # count_within
            start = self.window_start(args[1])
            counted = tuple(d for d in args[0] if start <= d < args[1])
            exact = len(counted)
            extra = (("window_from", start), ("window_to", args[1]), ("counted", counted))
        value = exact
        if self.rounding is not None:
            places, mode = self.rounding
            value = Decimal(exact).quantize(Decimal(1).scaleb(-places), rounding=_MODES[mode])
        if self.kind in _INTEGRAL:
            value = int(value)
        elif not isinstance(value, Decimal):
            value = Decimal(value)
        try:
            check_magnitude(Decimal(value))
        except NumberError as exc:
            raise FactError(
                f"推算事实 {self.name!r}（{self.label}）超出允许范围 / {exc}",
                item=item,
                field=self.name,
            ) from None
        if self.kind in NON_NEGATIVE_TYPES and value < 0:
            raise FactError(
                f"推算事实 {self.name!r}（{self.label}）为负数 {value}，请核对参与计算的事实 / "
                f"derived fact {self.name!r} ({self.kind}) is negative: {value}",
                item=item,
                field=self.name,
            )
        return value, (("exact", exact), *extra)

    def window_start(self, end: dt.date) -> dt.date:
        """The first day the window counts: ``end`` less the window's years (or days)."""
        assert self.window is not None
        years, days = self.window
        if years is not None:
            try:
                return end.replace(year=end.year - years)
            except ValueError:  # 29 February
                return end.replace(year=end.year - years, day=28)
        assert days is not None
        return end - dt.timedelta(days=days)


@dataclass(frozen=True, slots=True)
class DerivedSet:
    """An item's derived facts in computing order, and the fields a case gives (the others)."""

    facts: tuple[CompiledDerived, ...]
    inputs: Mapping[str, FactField]

    def names(self) -> frozenset[str]:
        """The derived facts' names."""
        return frozenset(d.name for d in self.facts)


def _refuse(value: Any) -> Any:
    raise _BadValueError(
        "推算事实由其他事实计算得出，不能直接填写 (a derived fact is computed: do not give it)"
    )


class DerivedProblemError(Exception):
    """One located problem with a derived fact: the message, the field of its entry, a hint."""

    def __init__(self, message: str, field: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.field, self.hint = message, field, hint


def infer_type(spec: DerivedFact, types: Mapping[str, str]) -> str:
    """The result type of ``spec`` over operand ``types`` (all known), or :class:`DerivedProblemError`."""
    op, of, name = spec.op, spec.of, spec.name
    arity = ARITY.get(op)
    if arity is not None and len(of) != arity:
        raise DerivedProblemError(
            f"推算事实 {name!r} 的 {op} 须有 {arity} 个参与事实，写了 {len(of)} 个 / "
            f"{op} takes {arity} operands, found {len(of)}",
            "of",
        )
    if arity is None and len(of) < 2:
        raise DerivedProblemError(
            f"推算事实 {name!r} 的 {op} 至少须有 2 个参与事实 / {op} takes two or more operands",
            "of",
        )
    kinds = [types[n] for n in of]
    if (spec.window is not None) != (op == "count_within"):
        raise DerivedProblemError(
            f"推算事实 {name!r}：window（统计期间）只用于且必须用于 count_within / "
            "'window' belongs to count_within, which needs one",
            "window",
        )
    if op == "days_between":
        _expect(name, of, kinds, ("date", "date"), "两个日期 / two dates")
        return _declared(spec, "days")
    if op == "count_within":
        _expect(
            name, of, kinds, ("dates", "date"), "一个日期列表和一个日期 / a dates fact, then a date"
        )
        return _declared(spec, "count")
    for operand, kind in zip(of, kinds, strict=True):
        if kind not in NUMERIC:
            raise DerivedProblemError(
                f"推算事实 {name!r} 的 {op} 只能计算数值，{operand!r} 是{_zh(kind)}（{kind}） / "
                f"{op} needs numbers: {operand!r} is {kind} (e.g. a date minus a number)",
                "of",
            )
    if op == "ratio" and spec.round is None:
        raise DerivedProblemError(
            f"推算事实 {name!r} 是除法，须写明舍入规则 round（保留几位小数、如何舍入） / "
            "a ratio must state its rounding ('round: {places: 2}')",
            "round",
        )
    result: str
    if spec.type is not None:
        result = spec.type
    elif op == "ratio":
        result = "number"
    elif op == "product":
        dims = [k for k in kinds if k not in _DIMENSIONLESS]
        if len(dims) > 1:
            raise DerivedProblemError(
                f"推算事实 {name!r} 是 {'、'.join(dims)} 相乘，请写明结果类型 type / "
                f"a product of {dims}: state the result 'type'",
                "type",
            )
        result = dims[0] if dims else "number"
    elif len(set(kinds)) == 1:
        result = kinds[0]
    else:
        raise DerivedProblemError(
            f"推算事实 {name!r} 的参与事实类型不同（{'、'.join(kinds)}），请写明结果类型 type / "
            f"operands of {op} differ in type ({kinds}): state the result 'type'",
            "type",
        )
    fractional = op == "ratio" or any(k not in _INTEGRAL for k in kinds)
    if result in _INTEGRAL and fractional and (spec.round is None or spec.round.places != 0):
        raise DerivedProblemError(
            f"推算事实 {name!r} 的结果类型 {result} 为整数，请写 round: {{places: 0}} / "
            f"a {result} result of non-integral operands needs 'round: {{places: 0}}'",
            "round",
        )
    return result


def _zh(kind: str) -> str:
    from ..format._vocabulary import FACT_TYPE_LABELS

    return FACT_TYPE_LABELS.get(kind, kind)


def _expect(name: str, of: list[str], kinds: list[str], want: tuple[str, ...], words: str) -> None:
    if tuple(kinds) != want:
        raise DerivedProblemError(
            f"推算事实 {name!r} 须为{words}，{'、'.join(f'{o}（{k}）' for o, k in zip(of, kinds, strict=True))} "
            f"不符 / expected operands of types {list(want)}, found {kinds}",
            "of",
        )


def _declared(spec: DerivedFact, natural: str) -> str:
    if spec.type is not None and spec.type != natural:
        raise DerivedProblemError(
            f"推算事实 {spec.name!r} 的结果类型应为 {natural}，写了 {spec.type} / "
            f"{spec.op} gives {natural}, not {spec.type}",
            "type",
        )
    if spec.round is not None:
        raise DerivedProblemError(
            f"推算事实 {spec.name!r} 的 {spec.op} 结果为整数，无需 round / {spec.op} is exact: no 'round'",
            "round",
        )
    return natural


def find_cycle(graph: Mapping[str, tuple[str, ...]]) -> list[str] | None:
    """A cycle among derived facts (``a → b → a``), or ``None``; ``graph`` maps a derived fact
    to the derived facts it reads."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in graph:
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def order(graph: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The derived facts with every operand before the facts computed from it (no cycle)."""
    done: list[str] = []
    seen: set[str] = set()

    def visit(node: str) -> None:
        seen.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in seen:
                visit(nxt)
        done.append(node)

    for node in graph:
        if node not in seen:
            visit(node)
    return done


def unknown_operand(name: str, operand: str, known: Mapping[str, Any]) -> DerivedProblemError:
    """The problem of an operand that names no declared or derived fact."""
    return DerivedProblemError(
        f"推算事实 {name!r} 的参与事实 {operand!r} 未声明 / unknown operand {operand!r} of "
        f"derived fact {name!r}",
        "of",
        did_you_mean(operand, known),
    )


def derived_field(spec: DerivedFact, kind: Any, readable: bool) -> FactField:
    """The fact field conditions and amounts read for a derived fact (never given by a case)."""
    fact = FactSpec(
        name=spec.name,
        type=kind,
        label=spec.label,
        label_en=spec.label_en,
        unit=spec.unit,
        required=readable,
        description=spec.description,
    )
    return FactField(fact, _refuse)


def compiled(spec: DerivedFact, kind: str, sources: tuple[Source, ...]) -> CompiledDerived:
    """The compiled record of one checked derived fact."""
    return CompiledDerived(
        spec.name,
        spec.label,
        spec.label_en or spec.name,
        spec.unit,
        spec.op,
        tuple(spec.of),
        kind,
        None if spec.window is None else (spec.window.years, spec.window.days),
        None if spec.round is None else (spec.round.places, spec.round.mode),
        sources,
    )


def refuse_given(derived: DerivedSet, facts: Mapping[str, Any], item: str) -> None:
    """A case that gives a derived fact is refused: the engine computes it.

    Raises:
        FactError: the first derived fact the case gives, with the facts it is computed from.
    """
    for d in derived.facts:
        if facts.get(d.name) is not None:
            raise FactError(
                f"{d.name!r}（{d.label}）是推算事实，由 {'、'.join(d.of)} 计算得出，请勿填写 / "
                f"{d.name!r} is a derived fact computed from {list(d.of)}: do not give it",
                item=item,
                field=d.name,
            )


def compile_derived(
    fields: dict[str, FactField],
    layers: list[tuple[DerivedFact, tuple[int | str, ...], Any, Any]],
    readable: set[str],
    fail: Any,
    sources: Any,
) -> DerivedSet | None:
    """Check every derived fact of an item's layers and add its field to ``fields``.

    ``layers`` holds ``(spec, path, where, laws)`` in declaration order (general part, standard,
    item); ``readable`` (the facts a condition may read without a guard) gains each derived fact
    whose operands are all readable. Problems go to ``fail(message, path, hint, where)``.
    """
    if not layers:
        return None
    inputs = dict(fields)
    specs: dict[str, tuple[DerivedFact, tuple[int | str, ...], Any, Any]] = {}
    for spec, path, where, laws in layers:
        if spec.name in fields or spec.name in specs:
            fail(
                f"推算事实 {spec.name!r} 与已声明的事实重名，请改名 / derived fact {spec.name!r} "
                "has the name of another fact",
                (*path, "name"),
                None,
                where,
            )
            continue
        specs[spec.name] = (spec, path, where, laws)
    known = {**fields, **dict.fromkeys(specs)}
    graph: dict[str, tuple[str, ...]] = {}
    bad: set[str] = set()
    for name, (spec, path, where, _laws) in specs.items():
        for operand in spec.of:
            if operand not in known:
                p = unknown_operand(name, operand, known)
                fail(p.message, (*path, p.field), p.hint, where)
                bad.add(name)
        graph[name] = tuple(o for o in spec.of if o in specs)
    cycle = find_cycle(graph)
    if cycle is not None:
        spec, path, where, _laws = specs[cycle[0]]
        fail(
            f"推算事实循环引用：{' → '.join(cycle)}，请改为无环的计算 / derived facts form a cycle: "
            f"{' → '.join(cycle)}",
            (*path, "of"),
            None,
            where,
        )
        return None
    out: list[CompiledDerived] = []
    types: dict[str, str] = {n: f.spec.type for n, f in fields.items()}
    for name in order(graph):
        spec, path, where, laws = specs[name]
        if name in bad or any(o in bad for o in graph[name]):
            bad.add(name)
            continue
        try:
            kind = infer_type(spec, types)
        except DerivedProblemError as p:
            fail(p.message, (*path, p.field), p.hint, where)
            bad.add(name)
            continue
        types[name] = kind
        ok = all(o in readable for o in spec.of)
        if ok:
            readable.add(name)
        fields[name] = derived_field(spec, kind, ok)
        out.append(compiled(spec, kind, sources(spec.citation, laws, (*path, "citation"), where)))
    for name, field in inputs.items():
        if field.spec.type == "dates" and not any(
            d.op == "count_within" and d.of[0] == name for d in out
        ):
            fail(
                f"日期列表事实 {name!r} 只能作为 count_within 推算事实的参与事实 / a dates fact "
                f"{name!r} is read only by a count_within derived fact",
                ("facts",),
                None,
                None,
            )
    return DerivedSet(tuple(out), inputs)
