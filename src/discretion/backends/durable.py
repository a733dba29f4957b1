"""The durable-rules backend (extra ``discretion[durable]``): levels and circumstances decided by
durable_rules, from conditions compiled to its JSON rulesets.

The pure-Python evaluator stays the source of truth (DESIGN.md §8); this backend decides the same
level and circumstance conditions independently, so that two engines cross-check every standard,
and :func:`export_rulesets` hands the compiled rulesets to systems that run durable-rules
themselves. Select it with ``evaluate(..., backend="durable")``; the amount arithmetic is shared.

How a condition becomes a durable_rules rule
    Each level and circumstance of an item is one rule whose action (``run``) is named
    ``level/<id>`` or ``circumstance/<id>`` and records that name in the session state. The facts
    of a case are asserted as one fact; the rules that fire are the conditions that hold, and the
    rule :data:`SEEN` fires for every case, so durable always handles the fact. durable
    has no ``not``, so a condition is rewritten with the negations pushed down to the comparisons
    (``not (x < 5)`` becomes ``x >= 5``). Every rule also tests the marker ``_discretion: "case"``,
    so the state-change messages an action causes never match a rule.

How facts are encoded (durable compares JSON numbers, never Decimal)
    Money and other quantities are compared exactly as integers: an item has one decimal scale
    ``10**K``, ``K`` being the most decimal places of any number its conditions mention, and a
    value ``v`` travels as ``2 * floor(v * 10**K)``, plus 1 when ``v * 10**K`` is not whole; a
    literal ``c`` as ``2 * c * 10**K``. Doubling keeps every comparison with a literal exact at any
    precision of the value. Dates travel as ordinal day numbers, enums as strings, booleans as
    booleans. An optional fact without a default may be absent: it then travels as a placeholder
    with its flag ``_none_<name>`` set, and a condition that reads it does not hold (as the
    loader compiles such conditions for the Python evaluator).

The safe pattern (each part measured on durable_rules 2.0.28, see DESIGN.md §8)
    - One host per process, created on first use, whose timer threads are never started.
    - One ruleset per item (or per chunk of a large item), built on first use and named by the
      item code and the digest of its own definition: an edited condition makes a new ruleset, an
      unchanged one is reused. A chunk holds at most :data:`MAX_RULES` rules and
      :data:`MAX_TESTS` comparisons (a ruleset in which one test is followed by more than 512
      different tests never finishes building) and reads at most :data:`MAX_KEYS` facts (durable
      keeps at most 32 properties per message and crashes beyond). A built ruleset stays in the
      host for the life of the process (about 190 KiB each).
    - A fresh session per evaluation, deleted in ``finally`` (a ruleset holds at most 1 024
      sessions), and one lock around each call (threads sharing the host crash it).
    - An exception inside an action, which durable stores in the state, is raised as
      :class:`DurableError`; a case no level rule matches yields all-false, which the engine
      reports as the gap error.
"""

from __future__ import annotations

import argparse
import ast
import copy
import datetime as dt
import functools
import hashlib
import itertools
import json
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

from ..compile._conditions import NUMERIC_TYPES
from ..compile._records import CompiledItem
from ..compile._ruleset import RuleSet
from ..errors import CaseError

MAX_RULES = 64
"""Rules per durable ruleset: an item with more is split into chunks."""
MAX_TESTS = 256
"""Comparisons per durable ruleset; durable never finishes building one where a test is followed
by more than 512 different tests, which fewer than 512 comparisons cannot reach."""
MAX_KEYS = 24
"""Facts one ruleset reads: durable holds 32 properties per message, sid, id and marker included."""

SEEN = "case"
"""The rule every ruleset has that holds for every case: durable leaves a session it could not
handle (no rule matched) behind, and crashes deleting it."""

FORMAT = "discretion-durable/1"
"""Version of the export format written by :func:`export_rulesets`."""

_MARKER_KEY = "_discretion"
_MARKER = "case"
_NONE_PREFIX = "_none_"
# Fact names are snake_case; these two are durable's own message properties.
_RESERVED = frozenset({"id", "sid"})
# durable compares integers as C longs (64 bits on the platforms it builds on).
_INT_LIMIT = 2**63 - 1
# Two numeric facts compared with each other: at least this scale, so that values with a few
# decimals compare exactly (see DurableRuleset.message for the rest).
_PAIR_PLACES = 4
_BOOL_NAMES = {"true": True, "false": False, "True": True, "False": False}
_INVERSE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
_MIRROR = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_OPS = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
}
_DURABLE_OP = {"!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}

Expr = dict[str, Any] | bool
"""A durable_rules expression, or a constant the translation has already decided."""


class DurableError(CaseError):
    """The durable-rules backend could not decide a case (an action failed, a value does not fit
    its encoding, a condition is too large for durable_rules)."""


class DurableUnavailableError(DurableError):
    """durable_rules is not installed, or does not import on this Python."""


# -- compiling conditions ------------------------------------------------------------------------


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _and(parts: list[Expr]) -> Expr:
    out: list[dict[str, Any]] = []
    for p in parts:
        if p is False:
            return False
        if p is True:
            continue
        assert isinstance(p, dict)
        for q in p["$and"] if set(p) == {"$and"} else [p]:
            if q not in out:
                out.append(q)
    if not out:
        return True
    return out[0] if len(out) == 1 else {"$and": out}


def _or(parts: list[Expr]) -> Expr:
    out: list[dict[str, Any]] = []
    for p in parts:
        if p is True:
            return True
        if p is False:
            continue
        assert isinstance(p, dict)
        for q in p["$or"] if set(p) == {"$or"} else [p]:
            if q not in out:
                out.append(q)
    if not out:
        return False
    return out[0] if len(out) == 1 else {"$or": out}


def _test(op: str, key: str, value: Any) -> dict[str, Any]:
    if op == "==":
        return {key: value}
    return {_DURABLE_OP[op]: {key: value}}


@dataclass(frozen=True, slots=True)
class _Fact:
    """How one fact travels in the message."""

    name: str
    key: str
    kind: str
    nullable: bool


class _TranslationError(Exception):
    """A condition durable_rules cannot express; :func:`compile_item` adds the item."""


def _is_fact(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id not in _BOOL_NAMES


def _number(source: str, node: ast.Constant) -> Decimal:
    """The number as written (``1234.50`` keeps its places), as conditions.py reads it."""
    if "\n" in source:
        text = ast.get_source_segment(source, node) or repr(node.value)
    else:  # offsets count UTF-8 bytes, and a condition may hold Chinese strings
        text = source.encode()[node.col_offset : node.end_col_offset].decode()
    return Decimal(text.replace("_", ""))


@functools.lru_cache(maxsize=4096)
def _shape(source: str) -> tuple[ast.Expression, int, frozenset[tuple[str, str]]]:
    """A condition's tree, the most decimal places of its numbers, and the facts it compares with
    another fact. Cached: the general part's conditions recur in every item."""
    tree = ast.parse(source, mode="eval")
    places = 0
    paired: set[tuple[str, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            places = max(places, _places(_number(source, node)))
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            for a, b in itertools.pairwise(sides):
                if _is_fact(a) and _is_fact(b):
                    assert isinstance(a, ast.Name)
                    assert isinstance(b, ast.Name)
                    paired.add((a.id, b.id))
    return tree, places, frozenset(paired)


@dataclass(frozen=True, slots=True)
class _Test:
    """One condition as durable_rules tests it: the test (marker included), the message keys it
    reads, how many comparisons it makes, and its canonical JSON (for the ruleset digest)."""

    test: Mapping[str, Any]
    keys: frozenset[str]
    count: int
    text: str


@functools.lru_cache(maxsize=16384)
def _translate(source: str, places: int, facts: tuple[_Fact, ...]) -> _Test | None:
    """One condition for durable (``None``: it never holds); ``facts`` are those it reads.

    Cached, since the general part's conditions recur in every item: never modify the result.
    """
    tree = _shape(source)[0]
    expr = _Translator(source, places, {f.name: f for f in facts}).expr(tree.body, True)
    # The loader makes a condition that reads an optional fact without a default false whenever
    # that fact is absent; the condition itself then only sees given values.
    guard: list[Expr] = [{f"{_NONE_PREFIX}{f.name}": False} for f in facts if f.nullable]
    expr = _and([*guard, expr])
    if expr is False:
        return None
    test = _and([{_MARKER_KEY: _MARKER}, expr])
    assert isinstance(test, dict)
    text = json.dumps(test, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return _Test(test, frozenset(_keys_of(expr, set())), _count_tests(test), text)


class _Translator:
    """Turns a condition into a durable expression, negations pushed down to the tests."""

    def __init__(self, source: str, places: int, facts: Mapping[str, _Fact]) -> None:
        self.source = source
        self.places = places
        self.facts = facts

    def literal(self, node: ast.expr, fact: str) -> Any:
        """A literal of the condition, encoded like values of ``fact``."""
        if isinstance(node, ast.Name) and node.id in _BOOL_NAMES:
            return _BOOL_NAMES[node.id]
        negate = False
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            negate, node = True, node.operand
        if not isinstance(node, ast.Constant):
            raise _TranslationError(f"expected a literal, found {ast.unparse(node)!r}")
        kind = self.facts[fact].kind
        if kind in NUMERIC_TYPES:
            number = _number(self.source, node)
            return encode_number(-number if negate else number, self.places)
        if kind == "date":
            return dt.date.fromisoformat(str(node.value)).toordinal()
        return node.value

    def expr(self, node: ast.expr, positive: bool) -> Expr:
        """An expression true exactly when ``node`` evaluates to ``positive`` in Python."""
        if isinstance(node, ast.BoolOp):
            parts = [self.expr(v, positive) for v in node.values]
            conj = isinstance(node.op, ast.And) == positive
            return _and(parts) if conj else _or(parts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return self.expr(node.operand, not positive)
        if isinstance(node, ast.Name):
            if node.id in _BOOL_NAMES:
                return _BOOL_NAMES[node.id] == positive
            # A bool fact alone holds when it is True (``f[name] is True`` in Python).
            return self.equals(node.id, True, positive)
        if isinstance(node, ast.Compare):
            left = node.left
            tests = []
            for op, right in zip(node.ops, node.comparators, strict=True):
                tests.append(self.compare(left, op, right, positive))
                left = right
            return _and(tests) if positive else _or(tests)
        raise _TranslationError(f"not part of the condition language: {ast.unparse(node)!r}")

    def equals(self, name: str, value: Any, positive: bool) -> Expr:
        fact = self.facts[name]
        if fact.kind == "bool" and not positive:
            # A bool is true or false: test the other value rather than inequality.
            return _test("==", fact.key, not value)
        return _test("==" if positive else "!=", fact.key, value)

    def compare(self, left: ast.expr, op: ast.cmpop, right: ast.expr, positive: bool) -> Expr:
        if isinstance(op, (ast.In, ast.NotIn)):
            if not isinstance(left, ast.Name) or not isinstance(
                right, (ast.List, ast.Tuple, ast.Set)
            ):
                raise _TranslationError("'in' needs a fact on the left and a list on the right")
            name = left.id
            members = sorted(
                {self.literal(e, name) for e in right.elts}, key=lambda v: (str(type(v)), v)
            )
            key = self.facts[name].key
            if isinstance(op, ast.In) == positive:
                return _or([_test("==", key, m) for m in members])
            return _and([_test("!=", key, m) for m in members])
        text = _OPS.get(type(op))
        if text is None:
            raise _TranslationError(f"operator not allowed: {type(op).__name__}")
        if _is_fact(left) and _is_fact(right):
            assert isinstance(left, ast.Name)
            assert isinstance(right, ast.Name)
            return self.pair(left.id, text, right.id, positive)
        if _is_fact(right):
            left, right, text = right, left, _MIRROR[text]
        if not isinstance(left, ast.Name) or not _is_fact(left):
            raise _TranslationError("a comparison without a fact")
        name = left.id
        value = self.literal(right, name)
        if text in ("==", "!="):
            return self.equals(name, value, (text == "==") == positive)
        return _test(text if positive else _INVERSE[text], self.facts[name].key, value)

    def pair(self, a: str, op: str, b: str, positive: bool) -> Expr:
        """``a op b`` for two facts."""
        ka, kb = self.facts[a].key, self.facts[b].key
        return _test(op if positive else _INVERSE[op], ka, {"$m": kb})


def encode_number(value: Decimal | int, places: int) -> int:
    """A quantity as the integer durable compares: ``2 * floor(v * 10**places)``, plus 1 if not
    whole at that scale (see the module docstring).

    >>> encode_number(Decimal("9999.99"), 0), encode_number(Decimal("10000"), 0)
    (19999, 20000)
    """
    scaled = Decimal(value).scaleb(places)
    floor = scaled.to_integral_value(rounding=ROUND_FLOOR)
    return 2 * int(floor) + (0 if floor == scaled else 1)


def _count_tests(expr: Any) -> int:
    if isinstance(expr, dict):
        if set(expr) & {"$and", "$or"}:
            return sum(_count_tests(e) for k in ("$and", "$or") for e in expr.get(k, ()))
        return 1
    return 0


def _keys_of(expr: Any, out: set[str]) -> set[str]:
    if isinstance(expr, dict):
        for k, v in expr.items():
            if k in ("$and", "$or"):
                for e in v:
                    _keys_of(e, out)
            elif k.startswith("$"):
                _keys_of(v, out)
            else:
                out.add(k)
                if isinstance(v, dict) and "$m" in v:
                    out.add(v["$m"])
    return out


# -- compiled items ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DurableRuleset:
    """One durable_rules ruleset: its name, its JSON definition and the facts it reads."""

    name: str
    definition: Mapping[str, Any] = field(repr=False)
    facts: tuple[_Fact, ...] = field(repr=False)
    pairs: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    @property
    def rules(self) -> tuple[str, ...]:
        """The rule (and action) names: :data:`SEEN`, ``level/<id>``, ``circumstance/<id>``."""
        return tuple(self.definition)

    def message(self, facts: Mapping[str, Any], item: str, places: int) -> dict[str, Any]:
        """The case as the fact this ruleset is asserted: only the facts it reads, encoded."""
        out: dict[str, Any] = {_MARKER_KEY: _MARKER}
        for f in self.facts:
            value = facts.get(f.name)
            if f.nullable:
                out[f"{_NONE_PREFIX}{f.name}"] = value is None
            out[f.key] = _encode(f, value, item, places)
        for a, b in self.pairs:
            # Two values strictly inside the same step of the scale encode alike (odd and
            # equal), though they may differ: refuse rather than decide ``a < b`` wrongly.
            ea, eb = out[self.facts_by_name[a].key], out[self.facts_by_name[b].key]
            if ea == eb and ea % 2 and facts.get(a) != facts.get(b):
                raise DurableError(
                    f"{a}={facts.get(a)} and {b}={facts.get(b)} differ beyond {places} decimal "
                    "places, where the durable backend compares two facts",
                    item=item,
                    field=a,
                )
        return out

    @property
    def facts_by_name(self) -> Mapping[str, _Fact]:
        """The facts read, by name."""
        return {f.name: f for f in self.facts}


@dataclass(frozen=True)
class DurableItem:
    """An item compiled for durable_rules: one or more rulesets and the decimal scale."""

    code: str
    places: int
    rulesets: tuple[DurableRuleset, ...]

    def describe(self) -> dict[str, Any]:
        """How a caller running durable itself encodes a case and reads the result."""
        facts: dict[str, Any] = {}
        for rs in self.rulesets:
            for f in rs.facts:
                entry: dict[str, Any] = {"key": f.key, "type": f.kind}
                if f.kind in NUMERIC_TYPES:
                    entry["encoding"] = (
                        f"2*floor(value*10^{self.places}) + (1 if value*10^{self.places} "
                        "is not whole else 0)"
                    )
                elif f.kind == "date":
                    entry["encoding"] = "proleptic Gregorian ordinal (0001-01-01 = 1)"
                if f.nullable:
                    entry["absent_flag"] = f"{_NONE_PREFIX}{f.name}"
                    entry["absent"] = (
                        "set the flag true and the key to any value of the type; "
                        "a condition reading the fact then does not hold"
                    )
                facts[f.name] = entry
        return {
            "rulesets": [rs.name for rs in self.rulesets],
            "assert": "one fact per ruleset in a fresh session (sid), holding the marker and "
            "the encoded facts the ruleset reads; delete the session afterwards",
            "marker": {_MARKER_KEY: _MARKER},
            "facts": facts,
            "results": {
                SEEN: "fires for every case, so that no session is left unhandled",
                "level/<id>": "the level's condition holds (exactly one should)",
                "circumstance/<id>": "the circumstance's condition holds",
            },
        }


def _encode(f: _Fact, value: Any, item: str, places: int) -> Any:
    if f.kind in NUMERIC_TYPES:
        if value is None:
            return 0
        number = encode_number(value, places)
        if abs(number) > _INT_LIMIT:
            raise DurableError(
                f"{value} is too large for durable_rules' 64-bit integers", item=item, field=f.name
            )
        return number
    if f.kind == "date":
        return value.toordinal() if isinstance(value, dt.date) else 0
    if f.kind == "bool":
        return bool(value)
    return "" if value is None else value


def compile_item(item: CompiledItem) -> DurableItem:
    """Compile an item's level and circumstance conditions into durable_rules rulesets.

    Rules are packed into rulesets in declaration order, a new chunk starting when one more rule
    would pass :data:`MAX_RULES`, :data:`MAX_TESTS` or :data:`MAX_KEYS`.

    Raises:
        DurableError: a condition durable_rules cannot hold (larger than one ruleset may be).
    """
    named = [("level", lv.id, lv.when) for lv in item.levels]
    named += [("circumstance", c.id, c.when) for c in item.circumstances]
    shapes = [_shape(cond.source.strip()) for _k, _i, cond in named]
    places = max((s[1] for s in shapes), default=0)
    paired = {p for s in shapes for p in s[2] if item.fields[p[0]].spec.type in NUMERIC_TYPES}
    if paired:
        places = max(places, _PAIR_PLACES)
    facts = {
        name: _Fact(
            name,
            f"_fact_{name}" if name in _RESERVED else name,
            f.spec.type,
            not f.spec.required and f.spec.default is None,
        )
        for name, f in item.fields.items()
    }
    by_key = {f.key: f for f in facts.values()}
    by_key.update({f"{_NONE_PREFIX}{f.name}": f for f in facts.values() if f.nullable})

    rules: list[tuple[str, _Test]] = []
    for kind, ident, cond in named:
        name = f"{kind}/{ident}"
        source = cond.source.strip()
        try:
            rule = _translate(source, places, tuple(facts[n] for n in sorted(cond.reads)))
        except _TranslationError as exc:
            raise DurableError(
                f"cannot translate condition {source!r} for durable_rules: {exc}",
                item=item.code,
                field=name,
            ) from None
        if rule is None:
            continue  # never holds: no rule, the result stays false
        if rule.count > MAX_TESTS or len(rule.keys) > MAX_KEYS:
            raise DurableError(
                f"condition {source!r} has {rule.count} comparisons over {len(rule.keys)} "
                f"facts; one durable_rules ruleset takes at most {MAX_TESTS} and {MAX_KEYS}",
                item=item.code,
                field=name,
            )
        rules.append((name, rule))

    chunks: list[list[tuple[str, _Test]]] = [[]]
    keys_in: frozenset[str] = frozenset()
    tests_in = 0
    for name, rule in rules:
        # Each ruleset also holds the rule that sees every case (one rule, one test).
        if chunks[-1] and (
            len(chunks[-1]) + 1 >= MAX_RULES
            or tests_in + rule.count + 1 > MAX_TESTS
            or len(keys_in | rule.keys) > MAX_KEYS
        ):
            chunks.append([])
            keys_in, tests_in = frozenset(), 0
        chunks[-1].append((name, rule))
        keys_in |= rule.keys
        tests_in += rule.count
    rulesets = []
    for chunk in chunks:
        if not chunk:
            continue
        definition = {SEEN: {"all": [{"m": {_MARKER_KEY: _MARKER}}], "run": SEEN}}
        definition.update({name: {"all": [{"m": rule.test}], "run": name} for name, rule in chunk})
        text = "\n".join(f"{name}\t{rule.text}" for name, rule in chunk)
        digest = hashlib.sha256(f"{places}\n{text}".encode()).hexdigest()[:16]
        read = {by_key[k].name: by_key[k] for _n, rule in chunk for k in rule.keys}
        rulesets.append(
            DurableRuleset(
                f"discretion/{item.code}/{digest}",
                definition,
                tuple(read[n] for n in sorted(read)),
                tuple(sorted(p for p in paired if p[0] in read and p[1] in read)),
            )
        )
    return DurableItem(item.code, places, tuple(rulesets))


# The same standard loaded twice has the same digest: its items compile once. Bounded, since
# each edit of a file makes new entries; an item compiled again gets the same ruleset names.
_COMPILED: dict[tuple[str, str], DurableItem] = {}
_COMPILED_MAX = 8192


def compiled(item: CompiledItem) -> DurableItem:
    """:func:`compile_item`, cached by the standard's content digest and the item code."""
    key = (item.standard.digest, item.code)
    found = _COMPILED.get(key)
    if found is None:
        found = compile_item(item)
        while len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.pop(next(iter(_COMPILED)), None)  # the oldest
        _COMPILED[key] = found
    return found


# -- the host ------------------------------------------------------------------------------------

_LOCK = threading.Lock()
_SESSIONS = itertools.count(1)


class _Host:
    """The process's durable_rules host and the names of the rulesets built in it."""

    def __init__(self) -> None:
        engine = _import_engine()

        class QuietHost(engine.Host):  # type: ignore[misc,name-defined]
            # Host.__init__ calls _run, which starts two timer threads that re-arm themselves
            # forever to dispatch timers and queued actions; evaluation uses neither.
            def _run(self) -> None:
                return None

            def get_action(self, action_name: str) -> Callable[[Any], None]:
                return _action(action_name)

        self.host = QuietHost()
        self.built: set[str] = set()

    def ensure(self, ruleset: DurableRuleset) -> None:
        if ruleset.name not in self.built:
            # durable edits the definition it is given (it removes each rule's run).
            self.host.register_rulesets({ruleset.name: copy.deepcopy(dict(ruleset.definition))})
            self.built.add(ruleset.name)


_HOST: _Host | None = None


def _import_engine() -> Any:
    try:
        import durable.engine as engine
    except Exception as exc:  # ImportError, or the extension failing to load on a new Python
        raise DurableUnavailableError(
            "the durable-rules backend needs durable_rules: pip install 'discretion[durable]' "
            f"(its last release does not import on Python 3.13 or later; this is "
            f"{sys.version_info.major}.{sys.version_info.minor}): {exc}",
            field="backend",
        ) from exc
    return engine


def _action(name: str) -> Callable[[Any], None]:
    """The action of rule ``name``: record in the session state that it fired."""

    def record(c: Any) -> None:
        c.s[name] = True

    return record


def _host() -> _Host:
    global _HOST
    if _HOST is None:
        _HOST = _Host()
    return _HOST


def decide(item: CompiledItem, facts: Mapping[str, Any]) -> frozenset[str]:
    """The names of the rules that fire for these (validated) facts, one session per ruleset.

    Raises:
        DurableUnavailableError: durable_rules does not import.
        DurableError: a value does not fit the encoding, or durable_rules failed.
    """
    comp = compiled(item)
    messages = [rs.message(facts, item.code, comp.places) for rs in comp.rulesets]
    fired: set[str] = set()
    with _LOCK:
        host = _host()
        for rs, message in zip(comp.rulesets, messages, strict=True):
            host.ensure(rs)
            sid = str(next(_SESSIONS))
            message["sid"] = sid
            try:
                state = host.host.assert_fact(rs.name, message)
            except Exception as exc:
                # Not deleted: durable crashes the process deleting a session it did not handle.
                # The SEEN rule makes every case handled, so this is durable failing.
                raise DurableError(
                    f"durable_rules failed on ruleset {rs.name}: {type(exc).__name__} {exc}",
                    item=item.code,
                ) from exc
            try:
                if state and state.get("exception"):
                    raise DurableError(
                        f"an action raised inside durable_rules (ruleset {rs.name}): "
                        f"{str(state['exception']).splitlines()[0][:500]}",
                        item=item.code,
                    )
                if not state or state.get(SEEN) is not True:
                    raise DurableError(
                        f"durable_rules did not run the rules of {rs.name} for this case",
                        item=item.code,
                    )
                fired.update(name for name in rs.rules if state.get(name) is True)
            finally:
                _delete(host, rs.name, sid)
    fired.discard(SEEN)
    return frozenset(fired)


def _delete(host: _Host, ruleset: str, sid: str) -> None:
    try:
        host.host.delete_state(ruleset, sid)
    except Exception as exc:
        raise DurableError(
            f"durable_rules could not delete session {sid} of {ruleset}: {exc}"
        ) from exc


class DurableBackend:
    """The :class:`~discretion.decide._engine.Backend` that asks durable_rules.

    One assertion decides both the levels and the circumstances; the engine asks for levels
    first, so the answer is kept (per thread) for the circumstances of the same facts.
    """

    def __init__(self) -> None:
        self._last = threading.local()

    def _fired(self, item: CompiledItem, facts: Mapping[str, Any]) -> frozenset[str]:
        last = getattr(self._last, "value", None)
        if last is not None and last[0] is item and last[1] is facts and last[2] == facts:
            fired: frozenset[str] = last[3]
            return fired
        fired = decide(item, facts)
        self._last.value = (item, facts, dict(facts), fired)
        return fired

    def levels(self, item: CompiledItem, facts: Mapping[str, Any]) -> tuple[bool, ...]:
        fired = self._fired(item, facts)
        return tuple(f"level/{lv.id}" in fired for lv in item.levels)

    def circumstances(self, item: CompiledItem, facts: Mapping[str, Any]) -> tuple[bool, ...]:
        fired = self._fired(item, facts)
        return tuple(f"circumstance/{c.id}" in fired for c in item.circumstances)


_BACKEND: DurableBackend | None = None


def get_backend() -> DurableBackend:
    """The process's durable backend (``evaluate(..., backend="durable")`` calls this).

    Raises:
        DurableUnavailableError: durable_rules is not installed or does not import here.
    """
    global _BACKEND
    if _BACKEND is None:
        _import_engine()
        _BACKEND = DurableBackend()
    return _BACKEND


# -- export --------------------------------------------------------------------------------------


def _all_items(rules: RuleSet) -> Iterator[CompiledItem]:
    for code in rules.codes:
        yield from rules.versions(code)


def export_rulesets(rules: RuleSet) -> dict[str, Any]:
    """Every item's compiled rulesets, with the encoding a caller needs to assert a case.

    ``rulesets`` maps ruleset name → definition, as durable_rules' ``Host.set_rulesets`` takes
    them (``run`` names the level or circumstance); ``items`` maps ``code@version`` to the
    rulesets of that item and how each fact is encoded. Needs no durable_rules.
    """
    rulesets: dict[str, Any] = {}
    items: dict[str, Any] = {}
    for item in _all_items(rules):
        comp = compiled(item)
        for rs in comp.rulesets:
            rulesets[rs.name] = copy.deepcopy(dict(rs.definition))
        items[f"{item.code}@{item.standard.version}"] = comp.describe()
    return {"format": FORMAT, "items": items, "rulesets": rulesets}


def cmd_export_durable(args: argparse.Namespace) -> int:
    """``discretion export-durable RULES [--out DIR|FILE]``: write the compiled rulesets.

    Without ``--out`` the whole export is printed; a path ending in ``.json`` receives it as one
    file; any other path is a folder that receives one ``<ruleset>.json`` per ruleset (in the form
    ``Host.set_rulesets`` takes) and ``index.json`` with the items and their encodings.
    """
    from ..compile._loader import load

    data = export_rulesets(load(args.rules))
    out: str | None = args.out
    if out is None:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    path = Path(out)
    if path.suffix == ".json":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {len(data['rulesets'])} ruleset(s) to {path}")
        return 0
    path.mkdir(parents=True, exist_ok=True)
    for name, definition in data["rulesets"].items():
        file = path / (name.replace("/", "__") + ".json")
        text = json.dumps({name: definition}, ensure_ascii=False, indent=2)
        file.write_text(text + "\n", encoding="utf-8")
    index = {"format": data["format"], "items": data["items"]}
    (path / "index.json").write_text(
        json.dumps(index, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(data['rulesets'])} ruleset(s) and index.json to {path}")
    return 0
