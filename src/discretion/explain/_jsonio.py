"""Recommendations as JSON: the form case-handling systems exchange, and back.

The format mirrors :class:`~discretion.decide._result.Recommendation`. Amounts are decimal strings (never
floats: ``"50000"``, ``"12.5"``), dates ISO strings (``"2024-03-01"``), tuples JSON arrays.

Reading a document back must give the very same recommendation, so the types that a JSON string
cannot carry are stated beside the values, never guessed:

* ``fact_types`` (top level) maps each fact whose value is a decimal or a date to ``"decimal"``
  or ``"date"``; a fact not listed is a plain JSON value (an enum string, a bool, an integer,
  ``null``).
* each step has ``types`` with ``reads`` and ``detail`` maps in the same way; a value that is an
  array gives an array of types, ``null`` for the plain entries (``"band_range": ["decimal",
  "decimal"]``).

Every other string is a string. Penalties carry ``imposed``; ``options`` (从轻或者减轻: the
choices left to the officer), ``grounds`` and ``notes`` are listed at the top level.

>>> import discretion
>>> rules = discretion.load("rules/")  # doctest: +SKIP
>>> rec = discretion.evaluate(rules, "FSL-124", {"goods_value": "20", "party_type": "individual"})
... # doctest: +SKIP
>>> from_json(to_json(rec)) == rec  # doctest: +SKIP
True
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, cast

import orjson

from ..compile._records import RulesetRef, Source
from ..decide._result import (
    AppliedCircumstance,
    Flags,
    Option,
    PartyPenalties,
    Penalty,
    Recommendation,
    Step,
)
from ..errors import CaseError
from ._jsontypes import PenaltyJson, RecommendationJson, StepJson

# A type signature: "decimal", "date", a list of signatures (one per array entry), or None for
# a plain JSON value.
_Sig = str | list[Any] | None


# Types JSON keeps as they are: the common case, tested by exact type before anything else.
_PLAIN = frozenset({str, int, bool, float, type(None)})


def _encode(value: Any) -> tuple[Any, _Sig]:
    """A value as JSON data, and its type signature (``None`` when JSON keeps the type)."""
    kind = type(value)
    if kind in _PLAIN:
        return value, None
    if (
        kind is tuple
        or kind is list
        or (isinstance(value, (tuple, list)) and not isinstance(value, (Decimal, dt.date)))
    ):
        # A step's detail holds tuples of labels and pairs: plain entries are kept without a
        # call, and the signatures list is made only when an entry needs one.
        out = []
        sigs: list[Any] | None = None
        for i, entry in enumerate(value):
            if type(entry) in _PLAIN:
                out.append(entry)
                continue
            data, sig = _encode(entry)
            out.append(data)
            if sig is not None:
                if sigs is None:
                    sigs = [None] * len(value)
                sigs[i] = sig
        return out, sigs
    if isinstance(value, Decimal):
        return format(value, "f"), "decimal"
    if isinstance(value, dt.date):
        return value.isoformat(), "date"
    return value, None


def _plain(value: Any) -> Any:
    return _encode(value)[0]


def _typed(pairs: tuple[tuple[str, Any], ...]) -> tuple[dict[str, Any], dict[str, Any]]:
    values: dict[str, Any] = {}
    types: dict[str, Any] = {}
    for key, value in pairs:
        if type(value) in _PLAIN:
            values[key] = value
            continue
        values[key], sig = _encode(value)
        if sig is not None:
            types[key] = sig
    return values, types


# -- fragments: what a step holds of its item, written once --------------------------------------
#
# Most of a step's detail and sources is the item's own, the very same tuple in every evaluation
# (the facts step's labels of every declared fact in two languages, the penalty basis, the
# citations). ``to_json`` writes such a tuple (of tuples, or of citations) once as an
# ``orjson.Fragment`` — its
# JSON text, indented for the place it takes in the document — and puts the fragment in the
# tuple's place afterwards. A tuple is known by its identity: the cache holds the tuple itself, so
# its ``id`` cannot be reused while the entry lives, and an entry whose object is not the one
# asked about is never used. A tuple seen once is only noted; its fragment is made on the second
# sight, so the tuples of one case (the ranges, the facts given) cost a note, not a rendering.
# ``tests/test_jsonio.py`` holds the output byte for byte equal to ``json.dumps``.

_FRAGMENTS: dict[int, tuple[Any, Any, _Sig]] = {}
_FRAGMENTS_MAX = 50_000
_DETAIL_PAD = b"\n" + b" " * 8  # a step's detail values: document → steps → step → detail
_STEP_PAD = b"\n" + b" " * 6  # a step's own values (its sources)


def _fragment(value: tuple[Any, ...], pad: bytes) -> tuple[Any, _Sig]:
    """The JSON of a tuple an item holds, as a fragment once seen twice, and its signature."""
    found = _FRAGMENTS.get(id(value))
    if found is not None and found[0] is value:
        if found[1] is not None:
            return found[1], found[2]
        data, sig = _encode(value)
        text = orjson.dumps(data, option=orjson.OPT_INDENT_2).replace(b"\n", pad)
        _FRAGMENTS[id(value)] = (value, orjson.Fragment(text), sig)
        return data, sig
    data, sig = _encode(value)
    if len(_FRAGMENTS) >= _FRAGMENTS_MAX:
        _FRAGMENTS.clear()
    _FRAGMENTS[id(value)] = (value, None, sig)
    return data, sig


def _typed_raw(pairs: tuple[tuple[str, Any], ...]) -> tuple[dict[str, Any], dict[str, Any]]:
    """:func:`_typed` for ``to_json``: an item's tuples as fragments."""
    values: dict[str, Any] = {}
    types: dict[str, Any] = {}
    for key, value in pairs:
        kind = type(value)
        if kind in _PLAIN:
            values[key] = value
            continue
        if kind is tuple and len(value) > 2 and type(value[0]) is tuple:
            values[key], sig = _fragment(value, _DETAIL_PAD)
        else:
            values[key], sig = _encode(value)
        if sig is not None:
            types[key] = sig
    return values, types


def _penalty_dict(p: Penalty) -> PenaltyJson:
    return {
        "id": p.id,
        "kind": p.kind,
        "label": p.label,
        "label_en": p.label_en,
        "mode": p.mode,
        "min": _plain(p.min),
        "max": _plain(p.max),
        "unit": p.unit,
        "statutory_min": _plain(p.statutory_min),
        "statutory_max": _plain(p.statutory_max),
        "reduced": p.reduced,
        "imposed": p.imposed,
    }


def _step_dict(s: Step, raw: bool = False) -> StepJson:
    """One step; ``raw`` leaves its sources as the :class:`Source` objects, which orjson writes
    as the same objects (a dataclass in field order: key, zh, en) without building them."""
    reads, read_types = _typed(s.reads)
    if raw:
        detail, detail_types = _typed_raw(s.detail)
        sources: Any = _fragment(s.sources, _STEP_PAD)[0] if s.sources else []
    else:
        detail, detail_types = _typed(s.detail)
        sources = [{"key": c.key, "zh": c.zh, "en": c.en} for c in s.sources]
    return {
        "stage": s.stage,
        "rule": s.rule,
        "test": s.test,
        "reads": reads,
        "outcome": s.outcome,
        "sources": sources,
        "detail": detail,
        "types": {"reads": read_types, "detail": detail_types},
    }


def to_dict(rec: Recommendation, _raw: bool = False) -> dict[str, Any]:
    """The recommendation as JSON-ready data; amounts are decimal strings.

    Its shape is :class:`~discretion.explain._jsontypes.RecommendationJson`, the model the
    published JSON Schema is generated from.
    """
    facts, fact_types = _typed(rec.facts)
    doc: RecommendationJson = {
        "outcome": rec.outcome,
        "item": rec.item,
        "item_name": rec.item_name,
        "level": rec.level,
        "level_label": rec.level_label,
        "penalties": [_penalty_dict(p) for p in rec.penalties],
        "optional_penalties": [_penalty_dict(p) for p in rec.optional_penalties],
        "options": [
            {
                "choice": o.choice,
                "mandatory": o.mandatory,
                "penalties": [_penalty_dict(p) for p in o.penalties],
            }
            for o in rec.options
        ],
        "grounds": list(rec.grounds),
        "flags": {
            "summary_procedure": rec.flags.summary_procedure,
            "hearing": rec.flags.hearing,
            "legality_review": rec.flags.legality_review,
            "reduced": rec.flags.reduced,
        },
        "circumstances": [
            {
                "id": c.id,
                "kind": c.kind,
                "label": c.label,
                "label_en": c.label_en,
                "mandatory": c.mandatory,
            }
            for c in rec.circumstances
        ],
        "orders": list(rec.orders),
        "facts": facts,
        "fact_types": fact_types,
        "steps": [_step_dict(s, _raw) for s in rec.steps],
        "ruleset": {
            "id": rec.ruleset.id,
            "version": rec.ruleset.version,
            "digest": rec.ruleset.digest,
            "title": rec.ruleset.title,
        },
        "violation_date": _plain(rec.violation_date),
        "decision_date": _plain(rec.decision_date),
        "notes": list(rec.notes),
    }
    # Added only when present, so that the JSON of every other recommendation is unchanged.
    if rec.parties:
        doc["parties"] = [
            {
                "id": party.id,
                "label": party.label,
                "label_en": party.label_en,
                "party_type": cast(Any, party.party_type),
                "penalties": [_penalty_dict(p) for p in party.penalties],
                "optional_penalties": [_penalty_dict(p) for p in party.optional_penalties],
            }
            for party in rec.parties
        ]
    if rec.kept:
        doc["kept"] = [_penalty_dict(p) for p in rec.kept]
    return cast(dict[str, Any], doc)


def to_json(rec: Recommendation, indent: int | None = 2) -> str:
    """The recommendation as a JSON string (UTF-8 Chinese kept readable).

    The default form (``indent=2``) is written by orjson, byte for byte what
    ``json.dumps(…, ensure_ascii=False, indent=2)`` writes and ~10x faster
    (``tests/test_jsonio.py`` holds the two identical); any other ``indent`` goes through
    :mod:`json`.
    """
    if indent == 2:
        try:
            return orjson.dumps(to_dict(rec, True), option=orjson.OPT_INDENT_2).decode("utf-8")
        except TypeError:  # an integer beyond 64 bits, which orjson refuses: the standard library
            return json.dumps(to_dict(rec), ensure_ascii=False, indent=2)
    return json.dumps(to_dict(rec), ensure_ascii=False, indent=indent)


# -- reading back --------------------------------------------------------------------------------


def _decode(value: Any, sig: _Sig, where: str) -> Any:
    try:
        if sig == "decimal":
            if not isinstance(value, str):
                raise TypeError
            return Decimal(value)
        if sig == "date":
            return dt.date.fromisoformat(value)
    except (TypeError, ValueError, InvalidOperation):
        raise CaseError(f"{value!r} is not a {sig} (JSON)", field=where) from None
    if isinstance(value, list):
        sigs: list[Any] = sig if isinstance(sig, list) else [None] * len(value)
        if len(sigs) != len(value):
            raise CaseError(f"types give {len(sigs)} entries for {len(value)}", field=where)
        return tuple(
            _decode(v, s, f"{where}[{i}]") for i, (v, s) in enumerate(zip(value, sigs, strict=True))
        )
    if sig is not None:
        raise CaseError(f"unknown type {sig!r}", field=where)
    return value


def _pairs(values: Any, types: Any, where: str) -> tuple[tuple[str, Any], ...]:
    values = _mapping(values, where)
    types = _mapping(types if types is not None else {}, where + ".types")
    return tuple((k, _decode(v, types.get(k), f"{where}.{k}")) for k, v in values.items())


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise CaseError(f"expected an object, found {type(value).__name__}", field=where)
    return value


def _get(data: Mapping[str, Any], key: str, where: str) -> Any:
    try:
        return data[key]
    except KeyError:
        raise CaseError(
            f"not a recommendation: missing key {key!r}", field=f"{where}.{key}".lstrip(".")
        ) from None


def _amount(value: Any, where: str) -> Decimal | None:
    return None if value is None else _decode(value, "decimal", where)


def _penalty(data: Any, where: str) -> Penalty:
    d = _mapping(data, where)
    return Penalty(
        id=_get(d, "id", where),
        kind=_get(d, "kind", where),
        label=_get(d, "label", where),
        label_en=_get(d, "label_en", where),
        mode=_get(d, "mode", where),
        min=_amount(d.get("min"), f"{where}.min"),
        max=_amount(d.get("max"), f"{where}.max"),
        unit=d.get("unit"),
        statutory_min=_amount(d.get("statutory_min"), f"{where}.statutory_min"),
        statutory_max=_amount(d.get("statutory_max"), f"{where}.statutory_max"),
        reduced=bool(d.get("reduced", False)),
        imposed=bool(d.get("imposed", True)),
    )


def _step(data: Any, where: str) -> Step:
    d = _mapping(data, where)
    types = _mapping(d.get("types") or {}, f"{where}.types")
    return Step(
        stage=_get(d, "stage", where),
        rule=_get(d, "rule", where),
        test=_get(d, "test", where),
        reads=_pairs(_get(d, "reads", where), types.get("reads"), f"{where}.reads"),
        outcome=_get(d, "outcome", where),
        sources=tuple(
            Source(*(_get(_mapping(s, f"{where}.sources"), k, where) for k in ("key", "zh", "en")))
            for s in _get(d, "sources", where) or ()
        ),
        detail=_pairs(d.get("detail") or {}, types.get("detail"), f"{where}.detail"),
    )


def _date(value: Any, where: str) -> dt.date | None:
    return None if value is None else _decode(value, "date", where)


def from_dict(data: Mapping[str, Any]) -> Recommendation:
    """The recommendation that :func:`to_dict` produced.

    Raises:
        CaseError: the data is not a recommendation (a key is missing, a value has the wrong
            type); the error's ``field`` names the place, e.g. ``steps[3].detail.range``.
    """
    d = _mapping(data, "")
    flags = _mapping(_get(d, "flags", ""), "flags")
    ref = _mapping(_get(d, "ruleset", ""), "ruleset")
    return Recommendation(
        outcome=_get(d, "outcome", ""),
        item=_get(d, "item", ""),
        item_name=_get(d, "item_name", ""),
        level=d.get("level"),
        level_label=d.get("level_label"),
        penalties=tuple(
            _penalty(p, f"penalties[{i}]") for i, p in enumerate(_get(d, "penalties", ""))
        ),
        optional_penalties=tuple(
            _penalty(p, f"optional_penalties[{i}]")
            for i, p in enumerate(d.get("optional_penalties") or ())
        ),
        circumstances=tuple(
            AppliedCircumstance(
                *(
                    _get(_mapping(c, f"circumstances[{i}]"), k, f"circumstances[{i}]")
                    for k in ("id", "kind", "label", "label_en", "mandatory")
                )
            )
            for i, c in enumerate(d.get("circumstances") or ())
        ),
        flags=Flags(
            _flag(flags, "summary_procedure"),
            _flag(flags, "hearing"),
            _flag(flags, "legality_review"),
            bool(flags.get("reduced", False)),
        ),
        orders=tuple(d.get("orders") or ()),
        facts=_pairs(_get(d, "facts", ""), d.get("fact_types"), "facts"),
        steps=tuple(_step(s, f"steps[{i}]") for i, s in enumerate(_get(d, "steps", ""))),
        ruleset=RulesetRef(
            _get(ref, "id", "ruleset"),
            _get(ref, "version", "ruleset"),
            _get(ref, "digest", "ruleset"),
            ref.get("title", ""),
        ),
        violation_date=_date(d.get("violation_date"), "violation_date"),
        decision_date=_date(d.get("decision_date"), "decision_date"),
        notes=tuple(d.get("notes") or ()),
        options=tuple(
            Option(
                _get(o, "choice", f"options[{i}]"),
                tuple(
                    _penalty(p, f"options[{i}].penalties[{j}]")
                    for j, p in enumerate(_get(o, "penalties", f"options[{i}]"))
                ),
                bool(_get(o, "mandatory", f"options[{i}]")),
            )
            for i, o in enumerate(d.get("options") or ())
        ),
        grounds=tuple(d.get("grounds") or ()),
        parties=tuple(_party(x, f"parties[{i}]") for i, x in enumerate(d.get("parties") or ())),
        kept=tuple(_penalty(p, f"kept[{i}]") for i, p in enumerate(d.get("kept") or ())),
    )


def _flag(flags: Mapping[str, Any], name: str) -> bool | None:
    """A procedure flag read back: ``null`` stays ``None`` (the standard declares no procedure)."""
    value = flags.get(name, False)
    return None if value is None else bool(value)


def _party(data: Any, where: str) -> PartyPenalties:
    d = _mapping(data, where)
    return PartyPenalties(
        _get(d, "id", where),
        _get(d, "label", where),
        _get(d, "label_en", where),
        _get(d, "party_type", where),
        tuple(
            _penalty(p, f"{where}.penalties[{j}]")
            for j, p in enumerate(_get(d, "penalties", where))
        ),
        tuple(
            _penalty(p, f"{where}.optional_penalties[{j}]")
            for j, p in enumerate(d.get("optional_penalties") or ())
        ),
    )


def from_json(text: str | bytes) -> Recommendation:
    """The recommendation that :func:`to_json` produced; ``from_json(to_json(r)) == r``.

    Raises:
        CaseError: the text is not JSON, or not a recommendation.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CaseError(f"not valid JSON: {exc.msg} (line {exc.lineno})") from None
    if not isinstance(data, dict):
        raise CaseError("a recommendation is a JSON object")
    return from_dict(data)
