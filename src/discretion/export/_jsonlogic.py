"""Each item's level and circumstance conditions as JSONLogic, for engines in other runtimes.

Enters: a loaded :class:`RuleSet`. Leaves: one JSON document per item version (format
:data:`FORMAT`): the facts and how each travels, one JSONLogic rule per level and per
circumstance (true when its condition holds), and ``level``, a rule that returns the id of the
level that holds. Any JSONLogic engine runs them (datalogic-rs and its bindings for Java, JS, Go,
.NET and Python; json-logic-java; json-logic-js); ``tests/test_jsonlogic.py`` checks with
datalogic-py that they decide every bundled item as the library does.

How facts travel (the data object a caller passes)
    JSONLogic engines compare JSON numbers, often as binary doubles, so every quantity travels as
    an exact integer at a scale the export states per fact: **money as integers of the fen** (分,
    ``9999.99`` 元 → ``999999``); area, number and percent in hundredths, or finer when a
    condition compares them with a finer literal (``scale`` gives the power of ten); count and
    days as integers. A value finer than its fact's scale cannot be compared exactly and is
    refused by :func:`encode_facts`. Dates travel as days since 1970-01-01 (Java's
    ``LocalDate.toEpochDay()``), enums as their value strings, booleans as booleans.

Absent facts
    A fact with a default is read as ``{"var": [name, default]}``, so it may be left out; a
    required fact must be given. An optional fact without a default may be absent (or null): a
    condition that reads it then does not hold, as the library decides (each such rule starts
    with ``{"!==": [{"var": name}, null]}``).

Nothing is simplified away: ``not`` stays ``!``, a chain ``1 <= n < 5`` becomes an ``and`` of
two comparisons, ``x in [...]`` stays ``in`` with the list encoded like the fact's values.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import json
import sys
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..compile._conditions import BOOL_NAMES, NUMERIC_TYPES
from ..compile._facts import validate_facts
from ..compile._records import CompiledItem
from ..compile._ruleset import RuleSet
from ..errors import CaseError, RuleSetError

FORMAT = "discretion-jsonlogic/1"
"""Version of the export format written by :func:`export_item`."""

EPOCH = dt.date(1970, 1, 1)
_MONEY_PLACES = 2  # integers of the fen
_DECIMAL_PLACES = 2  # area, number, percent: hundredths unless a literal needs more
_OPS = {
    ast.Eq: "===",
    ast.NotEq: "!==",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
}
Rule = Any
"""A JSONLogic rule: a JSON object with one operator key, or a literal."""


class _TranslationError(Exception):
    """A condition the export cannot state exactly; :func:`export_item` adds the item."""


def _places(text: str) -> int:
    exponent = Decimal(text.replace("_", "")).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _literal_text(source: str, node: ast.Constant) -> str:
    # The number as written (1000.50 keeps its places); offsets count UTF-8 bytes.
    return source.encode()[node.col_offset : node.end_col_offset].decode()


def _conditions(item: CompiledItem) -> list[tuple[str, str, str, tuple[str, ...]]]:
    named = [("level", lv.id, lv.when.source.strip(), lv.when.reads) for lv in item.levels]
    named += [
        ("circumstance", c.id, c.when.source.strip(), c.when.reads) for c in item.circumstances
    ]
    return named


def _scales(item: CompiledItem) -> dict[str, int]:
    """The decimal places each numeric fact travels at (money: always 2, the fen)."""
    kinds = {name: f.spec.type for name, f in item.fields.items()}
    start = {"money": _MONEY_PLACES, "area": _DECIMAL_PLACES, "number": _DECIMAL_PLACES,
             "percent": _DECIMAL_PLACES}  # fmt: skip
    scales = {name: start.get(kind, 0) for name, kind in kinds.items() if kind in NUMERIC_TYPES}
    pairs: list[tuple[str, str]] = []
    for _kind, _ident, source, _reads in _conditions(item):
        tree = ast.parse(source.replace("\n", " "), mode="eval")
        flat = source.replace("\n", " ")
        for node in ast.walk(tree):
            if not isinstance(node, ast.Compare):
                continue
            sides = [node.left, *node.comparators]
            names = [s.id for s in sides if isinstance(s, ast.Name) and s.id in scales]
            literals: list[ast.Constant] = []
            for s in sides:
                for sub in ast.walk(s):
                    if isinstance(sub, ast.Constant) and type(sub.value) in (int, float):
                        literals.append(sub)
            places = max((_places(_literal_text(flat, c)) for c in literals), default=0)
            for name in names:
                if kinds[name] != "money":
                    scales[name] = max(scales[name], places)
                elif places > _MONEY_PLACES:
                    raise _TranslationError(
                        f"{source!r} compares money with a figure finer than the fen"
                    )
            pairs += [(a, b) for a in names for b in names if a < b]
    changed = True
    while changed:  # facts compared with each other travel at one scale, through any chain
        changed = False
        for a, b in pairs:
            top = max(scales[a], scales[b])
            if (top != scales[a] and kinds[a] == "money") or (
                top != scales[b] and kinds[b] == "money"
            ):
                raise _TranslationError(f"{a} and {b} are compared at a scale finer than the fen")
            changed |= scales[a] != top or scales[b] != top
            scales[a] = scales[b] = top
    return scales


class _Translator:
    """One condition as a JSONLogic rule, over the encoded facts."""

    def __init__(self, item: CompiledItem, scales: Mapping[str, int], source: str) -> None:
        self.item = item
        self.scales = scales
        self.source = source.replace("\n", " ")

    def var(self, name: str) -> Rule:
        spec = self.item.fields[name].spec
        if spec.default is None:
            return {"var": name}
        return {"var": [name, encode_value(spec.type, spec.default, self.scales.get(name, 0))]}

    def literal(self, node: ast.expr, fact: str) -> Any:
        if isinstance(node, ast.Name) and node.id in BOOL_NAMES:
            return BOOL_NAMES[node.id]
        negate = isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            node = node.operand
        if not isinstance(node, ast.Constant):
            raise _TranslationError(f"expected a literal, found {ast.unparse(node)!r}")
        kind = self.item.fields[fact].spec.type
        if kind in NUMERIC_TYPES:
            number = Decimal(_literal_text(self.source, node).replace("_", ""))
            return _scaled(-number if negate else number, self.scales[fact])
        if kind == "date":
            return (dt.date.fromisoformat(str(node.value)) - EPOCH).days
        return node.value

    def rule(self, node: ast.expr) -> Rule:
        if isinstance(node, ast.BoolOp):
            joint = "and" if isinstance(node.op, ast.And) else "or"
            return {joint: [self.rule(v) for v in node.values]}
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return {"!": self.rule(node.operand)}
        if isinstance(node, ast.Name):
            if node.id in BOOL_NAMES:
                return BOOL_NAMES[node.id]
            return {"===": [self.var(node.id), True]}  # a bool fact alone: it is true
        if isinstance(node, ast.Compare):
            tests = []
            left = node.left
            for op, right in zip(node.ops, node.comparators, strict=True):
                tests.append(self.compare(left, op, right))
                left = right
            return tests[0] if len(tests) == 1 else {"and": tests}
        raise _TranslationError(f"not part of the condition language: {ast.unparse(node)!r}")

    def side(self, node: ast.expr, other: ast.expr) -> Rule:
        if isinstance(node, ast.Name) and node.id not in BOOL_NAMES:
            return self.var(node.id)
        if isinstance(other, ast.Name) and other.id not in BOOL_NAMES:
            return self.literal(node, other.id)
        raise _TranslationError("a comparison without a fact")

    def compare(self, left: ast.expr, op: ast.cmpop, right: ast.expr) -> Rule:
        if isinstance(op, (ast.In, ast.NotIn)):
            if not isinstance(left, ast.Name) or not isinstance(
                right, (ast.List, ast.Tuple, ast.Set)
            ):
                raise _TranslationError("'in' needs a fact on the left and a list on the right")
            members = [self.literal(e, left.id) for e in right.elts]
            test = {"in": [self.var(left.id), members]}
            return test if isinstance(op, ast.In) else {"!": test}
        text = _OPS.get(type(op))
        if text is None:
            raise _TranslationError(f"operator not allowed: {type(op).__name__}")
        return {text: [self.side(left, right), self.side(right, left)]}


def _scaled(number: Decimal, places: int) -> int:
    scaled = number.scaleb(places)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{number} is finer than 10^-{places}")
    return int(scaled)


def encode_value(kind: str, value: Any, places: int) -> Any:
    """One validated fact value as the data object carries it (see the module)."""
    if value is None:
        return None
    if kind in NUMERIC_TYPES:
        return _scaled(Decimal(value), places)
    if kind == "date":
        return (value - EPOCH).days
    return value


def _rule_for(item: CompiledItem, scales: Mapping[str, int], source: str, reads: Any) -> Rule:
    tree = ast.parse(source.replace("\n", " "), mode="eval")
    body = _Translator(item, scales, source).rule(tree.body)
    guards = [
        {"!==": [{"var": name}, None]}
        for name in sorted(reads)
        if not item.fields[name].spec.required and item.fields[name].spec.default is None
    ]
    return {"and": [*guards, body]} if guards else body


def _fact_entry(item: CompiledItem, name: str, scales: Mapping[str, int]) -> dict[str, Any]:
    spec = item.fields[name].spec
    places = scales.get(name, 0)
    if spec.type == "money":
        encoding = "integer of the fen (分): yuan × 100"
    elif spec.type in NUMERIC_TYPES:
        encoding = f"integer: value × 10^{places}" if places else "integer"
    elif spec.type == "date":
        encoding = "days since 1970-01-01 (LocalDate.toEpochDay())"
    elif spec.type == "enum":
        encoding = "one of the value strings"
    else:
        encoding = "JSON boolean"
    entry: dict[str, Any] = {
        "type": spec.type,
        "label": spec.label,
        "encoding": encoding,
        "required": spec.required and spec.default is None,
    }
    if spec.type in NUMERIC_TYPES:
        entry["scale"] = places
    if spec.unit:
        entry["unit"] = spec.unit
    if spec.values:
        entry["values"] = list(spec.values)
    if spec.default is not None:
        entry["default"] = encode_value(spec.type, spec.default, places)
    return entry


def export_item(item: CompiledItem) -> dict[str, Any]:
    """One item version's level and circumstance conditions as JSONLogic (format :data:`FORMAT`).

    Raises:
        RuleSetError: a condition cannot be stated exactly at the fen (money compared with a
            figure finer than 0.01 元); the error names the item and the condition.
    """
    if item.derived is not None:
        raise RuleSetError(
            f"无法导出为 JSONLogic：事项 {item.code} 含推算事实（derived facts），JSONLogic 不能表达其计算 / "
            f"cannot export item {item.code} as JSONLogic: it has derived facts "
            f"({', '.join(d.name for d in item.derived.facts)})",
            file=item.file,
            line=item.line,
            item=item.code,
        )
    if item.point is not None:
        # issue 20: the point inside the band (裁量起点) is measured by the engine; an export of
        # the level conditions alone would let a consumer recommend the whole band instead.
        raise RuleSetError(
            "无法导出为 JSONLogic：该事项使用裁量起点（point），只能由本库的引擎计算 / "
            "cannot export as JSONLogic: the item places a point inside the band (shape 'point'), "
            "which only the engine measures",
            file=item.file,
            line=item.line,
            item=item.code,
        )
    if item.after:
        # issue 20 point 5: the adjustments after banding change the measured fine; levels alone
        # would recommend the unchanged range.
        raise RuleSetError(
            "无法导出为 JSONLogic：该事项有裁量后的比例调整（after_banding），只能由本库的引擎计算 / "
            "cannot export as JSONLogic: the item adjusts the fine after banding (shape "
            "'after_banding'), which only the engine measures",
            file=item.file,
            line=item.line,
            item=item.code,
        )
    if item.applies_to is not None or item.parties:
        # The export states levels and circumstances only: an item limited to some party types
        # or with other parties (双罚制) would be decided wrongly by an engine that reads only
        # the levels. A ground's `keeps` is no reason to refuse: no ground is in the export (the
        # general part's grounds neither), and what a ground keeps changes no level or
        # circumstance (the bundled FSL-124 has one: 食品安全法第一百三十六条).
        raise RuleSetError(
            "无法导出为 JSONLogic：本事项使用了 applies_to（适用的当事人类型）或 parties（双罚制），"
            "JSONLogic 导出不能表达 / cannot export as JSONLogic: "
            "the item uses applies_to or parties",
            file=item.file,
            line=item.line,
            item=item.code,
        )
    try:
        scales = _scales(item)
        conditions = [
            (kind, ident, _rule_for(item, scales, source, reads))
            for kind, ident, source, reads in _conditions(item)
        ]
    except _TranslationError as exc:
        raise RuleSetError(
            f"无法导出为 JSONLogic / cannot export as JSONLogic: {exc}",
            file=item.file,
            line=item.line,
            item=item.code,
        ) from None
    levels = [
        {"id": lv.id, "label": lv.label, "circumstances": lv.circumstances, "rule": rule}
        for lv, (_k, _i, rule) in zip(item.levels, conditions[: len(item.levels)], strict=True)
    ]
    circumstances = [
        {"id": c.id, "kind": c.kind, "label": c.label, "mandatory": c.mandatory, "rule": rule}
        for c, (_k, _i, rule) in zip(
            item.circumstances, conditions[len(item.levels) :], strict=True
        )
    ]
    chain: list[Any] = []
    for level in levels:
        chain += [level["rule"], level["id"]]
    return {
        "format": FORMAT,
        "item": item.code,
        "name": item.name,
        "standard": {
            "id": item.standard.id,
            "version": item.standard.version,
            "digest": item.standard.digest,
            "jurisdiction": item.standard.jurisdiction,
        },
        # Every fact the item declares: one data object serves every rule of the item.
        "facts": {name: _fact_entry(item, name, scales) for name in sorted(item.fields)},
        "levels": levels,
        # Exactly one level holds for a checked standard (discretion check); the chain returns it.
        "level": {"if": [*chain, None]},
        "circumstances": circumstances,
    }


def encode_facts(item: CompiledItem, facts: Mapping[str, Any]) -> dict[str, Any]:
    """A case's facts as the data object the exported rules read.

    Raises:
        FactError: the facts do not fit the item (as :func:`discretion.evaluate` says).
        CaseError: a value is finer than its fact's scale (money below the fen).
    """
    values = validate_facts(item.fields, facts, item.code)
    scales = _cached_scales(item)
    out: dict[str, Any] = {}
    for name, value in values.items():
        spec = item.fields[name].spec
        try:
            encoded = encode_value(spec.type, value, scales.get(name, 0))
        except ValueError:
            unit = "分 / the fen" if spec.type == "money" else f"10^-{scales.get(name, 0)}"
            raise CaseError(
                f"{value} 不能精确导出：小于 {unit} / finer than the export's scale",
                item=item.code,
                field=name,
            ) from None
        if encoded is not None:
            out[name] = encoded
    return out


# An item's scales parse its conditions; a case-by-case caller would parse them for every case.
# Keyed by the standard's content digest, bounded like the durable backend's cache.
_SCALES: dict[tuple[str, str], dict[str, int]] = {}
_SCALES_MAX = 8192


def _cached_scales(item: CompiledItem) -> dict[str, int]:
    key = (item.standard.digest, item.code)
    found = _SCALES.get(key)
    if found is None:
        found = _scales(item)
        while len(_SCALES) >= _SCALES_MAX:
            _SCALES.pop(next(iter(_SCALES)), None)
        _SCALES[key] = found
    return found


def _all_items(rules: RuleSet) -> Iterator[CompiledItem]:
    for code in rules.codes:
        yield from rules.versions(code)


def export_rules(
    rules: RuleSet, refused: list[RuleSetError] | None = None
) -> dict[str, dict[str, Any]]:
    """Every item version's export, keyed ``code@version``.

    Raises:
        RuleSetError: an item the export cannot express (the first one), unless ``refused`` is
            given: then each such item's error is appended to it and the others are exported.
    """
    out: dict[str, dict[str, Any]] = {}
    for it in _all_items(rules):
        try:
            out[f"{it.code}@{it.standard.version}"] = export_item(it)
        except RuleSetError as exc:
            if refused is None:
                raise
            refused.append(exc)
    return out


def cmd_export_jsonlogic(args: argparse.Namespace) -> int:
    """``discretion export-jsonlogic RULES [-o DIR]``: one ``<code>@<version>.json`` per item."""
    from ..compile._loader import load

    refused: list[RuleSetError] = []
    rules = load(args.rules)
    if not getattr(args, "skip_unsupported", False):
        data = export_rules(rules)  # an item the export cannot express is bad input (exit 2)
    else:
        # The items the export cannot express are named on standard error, each with its
        # reason, and the others written.
        data = export_rules(rules, refused)
        for exc in refused:
            print(f"未导出 / not exported: {exc}", file=sys.stderr)
    if args.out is None:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    folder = Path(args.out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for key, doc in data.items():
            text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
            (folder / f"{key}.json").write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CaseError(f"无法写入 / cannot write {exc.filename}: {exc.strerror}") from None
    skipped = f"，{len(refused)} 个事项无法导出（见上）/ {len(refused)} skipped" if refused else ""
    print(f"wrote {len(data)} item(s) to {folder}{skipped}")
    return 0
