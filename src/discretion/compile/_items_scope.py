"""The scope an item is compiled in: its layers, merged facts, and the helpers every part uses
(reporting a problem, citing sources, compiling a condition)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Protocol

from ..errors import RuleSetError
from ..format import _yaml
from ..format._derived import DerivedFact
from ..format._model import AmountSpec, FactSpec, Item, Law, Procedure, StandardFile
from ._conditions import Condition, ConditionError
from ._derived import compile_derived
from ._facts import FactField, compile_fact
from ._records import (
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


class ItemScope:
    """One item of one standard file, its merged facts and the helpers its parts share."""

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
        self.readable = {
            n for n, f in self.fields.items() if f.spec.required or f.spec.default is not None
        }
        # Derived facts (推算事实) join the fields after the declared ones (compile._derived).
        self.derived = compile_derived(
            self.fields, self._derived_layers(), self.readable, self.fail, self.sources
        )
        self.types = {n: f.spec.type for n, f in self.fields.items()}
        self.values = {n: list(f.spec.values or []) for n, f in self.fields.items()}

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
            hint = self._by_label(problem.name) if problem.name else None
            self.fail(problem.message, path, hint or problem.hint, where=where)
            return _never(text)
        optional = tuple(n for n in c.reads if n not in self.readable)
        if optional and not partial:
            self.fail(
                f"条件读取了没有默认值的可选事实 {optional[0]!r}，请为其写 default 或改为必填 / "
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

    def _by_label(self, name: str) -> str | None:
        """The condition to write when a fact's (or an enum value's) Chinese label was written
        where the fact's name belongs: ``when: 情节较轻`` for a fact labelled 情节较轻."""
        for fact, field in self.fields.items():
            spec = field.spec
            if spec.label == name:
                test = f"{fact} == true" if spec.type == "bool" else f"{fact} …"
                return f"“{name}”是事实 {fact!r} 的中文名称：请写 `{test}` / did you mean {fact!r}?"
            for value, label in (spec.value_labels or {}).items():
                if label == name:
                    test = f'{fact} == "{value}"'
                    return (
                        f"“{name}”是 {fact} 的取值 {value!r}：请写 `{test}` / did you mean {test}?"
                    )
        return None

    # -- the parts -----------------------------------------------------------------------------
    def _derived_layers(self) -> list[tuple[DerivedFact, Path_, Where, Mapping[str, Law]]]:
        out: list[tuple[DerivedFact, Path_, Where, Mapping[str, Law]]] = []
        if self.general:
            laws = self.general.laws
            out += [
                (d, ("derived", i), self.gloc, laws) for i, d in enumerate(self.general.derived)
            ]
        out += [(d, ("derived", i), None, self.laws) for i, d in enumerate(self.model.derived)]
        out += [
            (d, (*self.base, "derived", i), None, self.laws)
            for i, d in enumerate(self.item.derived)
        ]
        return out

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
                        f"事实 {spec.name!r} 重复声明，请删除其一或改名 / fact {spec.name!r} is declared twice{types}",
                        (*path, "name"),
                        where=where,
                    )
                    continue
            field = compile_fact(spec)
            if spec.default is not None:
                try:
                    field.convert(spec.default)
                except Exception as exc:
                    self.fail(
                        f"事实 {spec.name!r} 的默认值无效，请改为符合其类型的值 / default of {spec.name!r} is invalid: {exc}",
                        (*path, "default"),
                        where=where,
                    )
            fields[spec.name] = field
            declared_at[spec.name] = layer
        return fields


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
