"""The engines the library is measured against, built from the generator's plain parameters.

- :class:`BareLoop`: a hand-written Python loop over plain dicts computing only the level and the
  fine range — no validation, no trace, every constant precomputed per item. It is the practical
  ceiling for pure Python on these decisions.
- :class:`Zen`: GoRules ZEN (``zen-engine``, Rust), one JDM decision graph per item whose decision
  table (hit policy ``first``) picks the level and the circumstance adjustment and outputs the
  fine range, evaluated through ``ZenEngine.evaluate``.
- :func:`durable_status`: whether the library's durable-rules backend can run here.

None of them reads the library's compiled rule set: each is built from :class:`ItemSpec`, so that
equal answers on every case cross-check two independent implementations. :func:`mismatches`
compares answers.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
from collections.abc import Callable, Iterable, Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from synthetic import (
    AGGRAVATE_SHARE,
    MITIGATE_SHARE,
    REDUCE_FLOOR,
    ItemSpec,
)

Answer = tuple[str | None, Decimal | None, Decimal | None]
"""What every engine must agree on: the level, the fine's minimum and maximum (yuan)."""

Case = tuple[str, dict[str, Any]]

_FEN = Decimal("0.01")
_HUNDRED = Decimal(100)
# Adjustment classes, in the order of the tables below.
NONE, MITIGATE, AGGRAVATE, REDUCE = range(4)


def library_answer(rec: Any) -> Answer:
    """The answer of a :class:`discretion.Recommendation`: level and the fine's range."""
    fine = rec.penalty("fine")
    if fine is None:
        return (rec.level, None, None)
    return (rec.level, fine.min, fine.max)


def _no_fine(answer: Answer) -> Answer:
    """A fine of 0–0 is no fine: the library recommends no fine where 减轻 reaches zero rather
    than "罚款 0 元" (issue 13; APL Art. 32), while the peers' tables compute the zero range."""
    if answer[1] == 0 and answer[2] == 0:
        return (answer[0], None, None)
    return answer


def mismatches(
    expected: Sequence[Answer], found: Sequence[Answer], cases: Sequence[Case], limit: int = 5
) -> list[str]:
    """Describe up to ``limit`` cases where ``found`` differs from ``expected`` (numbers compare
    by value: 50000 equals 50000.00)."""
    out = []
    for index, (want, got) in enumerate(zip(expected, found, strict=True)):
        if _no_fine(want) != _no_fine(got):
            code, facts = cases[index]
            out.append(f"case {index} {code} {facts}: library {want}, engine {got}")
            if len(out) >= limit:
                break
    return out


# -- the bare loop ----------------------------------------------------------------------------


def _scale_points(
    lo: Decimal, hi: Decimal, band: tuple[Decimal, Decimal], explicit: bool
) -> list[tuple[Decimal, Decimal]]:
    """The four adjusted sub-ranges of one level's band on the scale [lo, hi]."""
    if explicit:
        blo, bhi = band
    else:
        width = hi - lo
        blo, bhi = lo + width * band[0] / _HUNDRED, lo + width * band[1] / _HUNDRED
    bw = bhi - blo
    return [
        (blo, bhi),
        (blo, blo + bw * MITIGATE_SHARE / _HUNDRED),
        (bhi - bw * AGGRAVATE_SHARE / _HUNDRED, bhi),
        (lo * REDUCE_FLOOR / _HUNDRED, lo),
    ]


def _fixed_table(
    lo: Decimal, hi: Decimal, bands: Sequence[tuple[Decimal, Decimal]], explicit: bool
) -> tuple[tuple[tuple[Decimal, Decimal], ...], ...]:
    """Per level and adjustment class, the final amounts of a fixed range (rounded to the fen,
    clamped to the statute, 减轻 allowed below the minimum)."""
    stat_lo = lo.quantize(_FEN, rounding=ROUND_CEILING)
    stat_hi = hi.quantize(_FEN, rounding=ROUND_FLOOR)
    table = []
    for band in bands:
        row = []
        for adj, (a, b) in enumerate(_scale_points(lo, hi, band, explicit)):
            low = a.quantize(_FEN, rounding=ROUND_CEILING)
            high = min(b.quantize(_FEN, rounding=ROUND_FLOOR), stat_hi)
            if adj != REDUCE:
                low = max(low, stat_lo)
            row.append((min(low, high), high))
        table.append(tuple(row))
    return tuple(table)


def _multiple_table(
    lo: Decimal, hi: Decimal, bands: Sequence[tuple[Decimal, Decimal]]
) -> tuple[tuple[tuple[Decimal, Decimal], ...], ...]:
    """Per level and adjustment class, the multiples to apply to the base fact."""
    return tuple(tuple(_scale_points(lo, hi, band, False)) for band in bands)


class BareLoop:
    """Level and fine range by hand, over plain dicts: the pure-Python ceiling."""

    def __init__(self, specs: Iterable[ItemSpec]) -> None:
        self.params: dict[str, tuple[Any, ...]] = {}
        for spec in specs:
            explicit = spec.shape == "range_explicit"
            rmin, rmax = Decimal(spec.range_min), Decimal(spec.range_max)
            fixed = _fixed_table(rmin, rmax, spec.bands, explicit)
            mult: Any = None
            if spec.shape == "multiple":
                fixed = _fixed_table(Decimal(0), Decimal(spec.fallback_max), spec.bands, False)
            if spec.shape in ("multiple", "switch"):
                mult = _multiple_table(
                    Decimal(spec.multiple_min), Decimal(spec.multiple_max), spec.bands
                )
            kind = {"range": 0, "range_explicit": 0, "multiple": 1, "switch": 2}[spec.shape]
            self.params[spec.code] = (
                spec.levels,
                spec.thresholds,
                spec.reduce_below,
                kind,
                spec.switch_at,
                fixed,
                mult,
            )

    def run(self, cases: Iterable[Case]) -> list[Answer]:
        """Answer every case; the loop that is timed."""
        params = self.params
        out: list[Answer] = []
        append = out.append
        for code, f in cases:
            levels, thresholds, reduce_below, kind, switch_at, fixed, mult = params[code]
            gv = f["goods_value"]
            if f["serious"]:
                k = len(levels) - 1
            elif f["scope"] == "national":
                k = len(levels) - 2
            else:
                k = 0
                for t in thresholds:
                    if gv < t:
                        break
                    k += 1
            if (
                reduce_below is not None
                and f["self_reported"]
                and not f["health_risk"]
                and gv < reduce_below
            ):
                adj = REDUCE
            else:
                net = f["repeat_offence"] + f["health_risk"] - f["cooperated"]
                adj = NONE if net == 0 else (AGGRAVATE if net > 0 else MITIGATE)
            if kind == 0:
                low, high = fixed[k][adj]
            else:
                base = f["illegal_gains"] if kind == 1 else gv
                if (kind == 1 and not base) or (kind == 2 and gv < switch_at):
                    low, high = fixed[k][adj]
                else:
                    a, b = mult[k][adj]
                    low = (a * base).quantize(_FEN, rounding=ROUND_CEILING)
                    high = (b * base).quantize(_FEN, rounding=ROUND_FLOOR)
                    if low > high:
                        low = high
            append((levels[k], low, high))
        return out


# -- GoRules ZEN ------------------------------------------------------------------------------


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def zen_graph(spec: ItemSpec) -> dict[str, Any]:
    """The JDM decision graph of one item: input → decision table (first hit) → output."""
    bare = BareLoop([spec]).params[spec.code]
    _levels, thresholds, reduce_below, kind, switch_at, fixed, mult = bare
    n = len(spec.levels)
    columns = ["serious", "scope", "goods", "case", "reduce", "net"]
    reduce_field = (
        f"self_reported and not health_risk and goods_value < {reduce_below}"
        if reduce_below is not None
        else "false"
    )
    inputs = [
        {"id": "serious", "name": "情节严重", "type": "expression", "field": "serious"},
        {"id": "scope", "name": "范围", "type": "expression", "field": "scope"},
        {"id": "goods", "name": "货值金额", "type": "expression", "field": "goods_value"},
        {
            "id": "case",
            "name": "幅度分支",
            "type": "expression",
            "field": "illegal_gains" if kind == 1 else "goods_value",
        },
        {"id": "reduce", "name": "减轻", "type": "expression", "field": reduce_field},
        {
            "id": "net",
            "name": "从重减从轻",
            "type": "expression",
            "field": "(repeat_offence ? 1 : 0) + (health_risk ? 1 : 0) - (cooperated ? 1 : 0)",
        },
    ]
    outputs = [
        {"id": "level", "name": "阶次", "type": "expression", "field": "level"},
        {"id": "fine_min", "name": "罚款下限", "type": "expression", "field": "fine_min"},
        {"id": "fine_max", "name": "罚款上限", "type": "expression", "field": "fine_max"},
    ]
    # Which rows select each level (a disjunction takes two rows).
    selectors: list[list[dict[str, str]]] = []
    for k in range(n):
        if k == n - 1:
            selectors.append([{"serious": "true"}])
        elif k == n - 2:
            selectors.append(
                [
                    {"serious": "false", "scope": '"national"'},
                    {"serious": "false", "goods": f">= {thresholds[-1]}"},
                ]
            )
        else:
            goods = f"< {thresholds[0]}" if k == 0 else f"[{thresholds[k - 1]}..{thresholds[k]})"
            selectors.append([{"serious": "false", "scope": '!= "national"', "goods": goods}])
    # Which rows select the amount's branch, and how each branch computes the range.
    base = "illegal_gains" if kind == 1 else "goods_value"
    branches: list[tuple[dict[str, str], bool]]
    if kind == 0:
        branches = [({}, False)]
    elif kind == 1:
        branches = [({"case": "0"}, False), ({"case": "> 0"}, True)]
    else:
        branches = [({"case": f"< {switch_at}"}, False), ({"case": f">= {switch_at}"}, True)]
    adjustments = [({"net": "> 0"}, AGGRAVATE), ({"net": "< 0"}, MITIGATE), ({}, NONE)]
    if reduce_below is not None:
        adjustments.insert(0, ({"reduce": "true"}, REDUCE))
    rules: list[dict[str, str]] = []
    for k, level_rows in enumerate(selectors):
        for level_tests in level_rows:
            for branch_tests, multiple in branches:
                for adj_tests, adj in adjustments:
                    if multiple:
                        a, b = mult[k][adj]
                        high = f"floor({base} * {_number(b)} * 100) / 100"
                        low = f"min([ceil({base} * {_number(a)} * 100) / 100, {high}])"
                    else:
                        lo, hi = fixed[k][adj]
                        low, high = _number(lo), _number(hi)
                    tests = {**level_tests, **branch_tests, **adj_tests}
                    row = {"_id": f"r{len(rules)}"}
                    row.update({c: tests.get(c, "") for c in columns})
                    row.update(
                        {"level": json.dumps(spec.levels[k]), "fine_min": low, "fine_max": high}
                    )
                    rules.append(row)
    return {
        "contentType": "application/vnd.gorules.decision",
        "nodes": [
            {"id": "request", "type": "inputNode", "name": "Request", "position": {"x": 0, "y": 0}},
            {
                "id": "table",
                "type": "decisionTableNode",
                "name": spec.code,
                "position": {"x": 200, "y": 0},
                "content": {
                    "hitPolicy": "first",
                    "inputs": inputs,
                    "outputs": outputs,
                    "rules": rules,
                },
            },
            {
                "id": "response",
                "type": "outputNode",
                "name": "Response",
                "position": {"x": 400, "y": 0},
            },
        ],
        "edges": [
            {"id": "in", "sourceId": "request", "targetId": "table", "type": "edge"},
            {"id": "out", "sourceId": "table", "targetId": "response", "type": "edge"},
        ],
    }


def zen_status() -> str | None:
    """``None`` when ``zen-engine`` imports, else why not."""
    if importlib.util.find_spec("zen") is None:
        return "zen-engine is not installed (pip install -e '.[bench]')"
    try:
        importlib.import_module("zen")
    except Exception as exc:  # a broken wheel must not stop the other measurements
        return f"zen-engine does not import: {exc}"
    return None


class Zen:
    """GoRules ZEN with one decision graph per item, held in its static loader."""

    def __init__(self, specs: Iterable[ItemSpec]) -> None:
        import zen

        content = {spec.code: zen_graph(spec) for spec in specs}
        self.engine = zen.ZenEngine({"loader": {"type": "static", "content": content}})

    def run(self, cases: Iterable[Case]) -> list[Any]:
        """Evaluate every case; the raw responses."""
        evaluate = self.engine.evaluate
        return [evaluate(code, facts) for code, facts in cases]

    def drop(self, cases: Iterable[Case]) -> None:
        """Evaluate every case and drop each response: the loop that is timed."""
        evaluate = self.engine.evaluate
        for code, facts in cases:
            evaluate(code, facts)

    @staticmethod
    def answer(response: Any) -> Answer:
        """A ZEN response as an answer (its decimals arrive as floats or ints)."""
        result = response["result"]
        return (
            result["level"],
            Decimal(repr(result["fine_min"])),
            Decimal(repr(result["fine_max"])),
        )


# -- durable-rules -----------------------------------------------------------------------------


def durable_status(probe: Callable[[], Any]) -> str | None:
    """``None`` when the durable-rules backend runs ``probe`` (one evaluation), else why not."""
    if importlib.util.find_spec("discretion.backends.durable") is None:
        return "discretion.backends.durable does not exist yet"
    try:
        probe()
    except Exception as exc:  # report any failure as the reason, measure the rest
        return f"durable backend failed: {type(exc).__name__}: {exc}"
    return None
