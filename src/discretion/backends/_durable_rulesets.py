"""Items compiled to durable_rules rulesets: rules packed into chunks, each named by its digest.

Enters: a compiled item. Leaves: a :class:`DurableItem` — one :class:`DurableRuleset` per chunk
of at most :data:`MAX_RULES` rules, :data:`MAX_TESTS` comparisons and :data:`MAX_KEYS` facts,
named ``discretion/<code>/<digest>`` — and each case encoded as the message a ruleset is asserted
(:meth:`DurableRuleset.message`). Needs no durable_rules.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..compile._conditions import NUMERIC_TYPES
from ..compile._records import CompiledItem
from ..errors import CaseError
from ._durable_conditions import (
    MARKER,
    MARKER_KEY,
    NONE_PREFIX,
    Fact,
    RuleTest,
    TranslationError,
    condition_shape,
    encode_number,
    translate,
)

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

# Fact names are snake_case; these two are durable's own message properties.
_RESERVED = frozenset({"id", "sid"})
# durable compares integers as C longs (64 bits on the platforms it builds on).
_INT_LIMIT = 2**63 - 1
# Two numeric facts compared with each other: at least this scale, so that values with a few
# decimals compare exactly (see DurableRuleset.message for the rest).
_PAIR_PLACES = 4


class DurableError(CaseError):
    """The durable-rules backend could not decide a case (an action failed, a value does not fit
    its encoding, a condition is too large for durable_rules)."""


@dataclass(frozen=True)
class DurableRuleset:
    """One durable_rules ruleset: its name, its JSON definition and the facts it reads."""

    name: str
    definition: Mapping[str, Any] = field(repr=False)
    facts: tuple[Fact, ...] = field(repr=False)
    pairs: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    @property
    def rules(self) -> tuple[str, ...]:
        """The rule (and action) names: :data:`SEEN`, ``level/<id>``, ``circumstance/<id>``."""
        return tuple(self.definition)

    def message(self, facts: Mapping[str, Any], item: str, places: int) -> dict[str, Any]:
        """The case as the fact this ruleset is asserted: only the facts it reads, encoded."""
        out: dict[str, Any] = {MARKER_KEY: MARKER}
        for f in self.facts:
            value = facts.get(f.name)
            if f.nullable:
                out[f"{NONE_PREFIX}{f.name}"] = value is None
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
    def facts_by_name(self) -> Mapping[str, Fact]:
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
                    entry["absent_flag"] = f"{NONE_PREFIX}{f.name}"
                    entry["absent"] = (
                        "set the flag true and the key to any value of the type; "
                        "a condition reading the fact then does not hold"
                    )
                facts[f.name] = entry
        return {
            "rulesets": [rs.name for rs in self.rulesets],
            "assert": "one fact per ruleset in a fresh session (sid), holding the marker and "
            "the encoded facts the ruleset reads; delete the session afterwards",
            "marker": {MARKER_KEY: MARKER},
            "facts": facts,
            "results": {
                SEEN: "fires for every case, so that no session is left unhandled",
                "level/<id>": "the level's condition holds (exactly one should)",
                "circumstance/<id>": "the circumstance's condition holds",
            },
        }


def _encode(f: Fact, value: Any, item: str, places: int) -> Any:
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
    if item.derived is not None:
        raise DurableError(
            f"durable 后端不能计算推算事实 / the durable backend cannot compute the derived facts "
            f"of item {item.code}: use the default backend",
            item=item.code,
        )
    named = [("level", lv.id, lv.when) for lv in item.levels]
    named += [("circumstance", c.id, c.when) for c in item.circumstances]
    shapes = [condition_shape(cond.source.strip()) for _k, _i, cond in named]
    places = max((s[1] for s in shapes), default=0)
    paired = {p for s in shapes for p in s[2] if item.fields[p[0]].spec.type in NUMERIC_TYPES}
    if paired:
        places = max(places, _PAIR_PLACES)
    facts = {
        name: Fact(
            name,
            f"_fact_{name}" if name in _RESERVED else name,
            f.spec.type,
            not f.spec.required and f.spec.default is None,
        )
        for name, f in item.fields.items()
    }
    by_key = {f.key: f for f in facts.values()}
    by_key.update({f"{NONE_PREFIX}{f.name}": f for f in facts.values() if f.nullable})

    rules: list[tuple[str, RuleTest]] = []
    for kind, ident, cond in named:
        name = f"{kind}/{ident}"
        source = cond.source.strip()
        try:
            rule = translate(source, places, tuple(facts[n] for n in sorted(cond.reads)))
        except TranslationError as exc:
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

    chunks: list[list[tuple[str, RuleTest]]] = [[]]
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
        definition = {SEEN: {"all": [{"m": {MARKER_KEY: MARKER}}], "run": SEEN}}
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
