"""Re-deciding the archive's rows: the one place the audit asks the decision core.

A chunk of the archive, sorted by item, is turned into the documented input table of
``discretion.evaluate_batch`` (docs/guide/batch.md: an ``item`` column, the dates, one column per
fact) and decided in one call, so the audit gets the columnar core's speed wherever it runs. The
facts are JSON text in the archive (every item reads different facts); they are parsed here, the
one loop over rows before the decision, and the values become typed columns: ``bool`` for
true/false, ``int64`` for whole numbers, decimal text otherwise (money stays exact, never a float).
A row whose facts are not a JSON object, or hold a value no column can carry (a list, an object, a
column mixing true/false with numbers), is left out of the batch and comes back as ``None``: the
reference path (:func:`decide_one`, the scalar :func:`discretion.evaluate`) decides it, or gives
the :class:`~discretion.CaseError` refusing it, which the classifier turns into a finding.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pyarrow as pa

from ..compile._ruleset import RuleSet
from ..decide import Recommendation, evaluate, evaluate_batch
from ..errors import CaseError

# The input columns of evaluate_batch that are not facts (docs/guide/batch.md).
RESERVED = ("item", "case_id", "violation_date", "decision_date")


def parse_facts(text: str | None) -> dict[str, Any] | CaseError:
    """The facts column of one row as a dict, or the error that says why it is not one."""
    if text is None:
        return CaseError("案件事实为空 / the facts are empty", field="facts")
    try:
        # Decimal, never float: a fact like 9999.99 must stay exact (money, DESIGN.md §5).
        value = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        return CaseError(f"案件事实不是 JSON / the facts are not JSON: {exc.msg}", field="facts")
    if not isinstance(value, dict):
        return CaseError("案件事实应为 JSON 对象 / the facts must be a JSON object", field="facts")
    return value


def decide_one(
    rules: RuleSet,
    item: str,
    facts: dict[str, Any] | CaseError,
    violation_date: dt.date | None,
    decision_date: dt.date | None,
) -> Recommendation | CaseError:
    """One row through the scalar path: the reference the batch agrees with (docs/guide/batch.md)."""
    if isinstance(facts, CaseError):
        return facts
    try:
        return evaluate(
            rules, item, facts, violation_date=violation_date, decision_date=decision_date
        )
    except CaseError as exc:
        return exc


def decide_chunk(
    rules: RuleSet, chunk: pa.Table, facts: Sequence[dict[str, Any] | CaseError]
) -> tuple[pa.Table, list[bool]]:
    """The ``evaluate_batch`` table of one chunk (one row per chunk row, in order) and, per row,
    whether the batch decided it (``False``: the facts could not be put in columns)."""
    n = chunk.num_rows
    names: dict[str, None] = {}
    for f in facts:
        if isinstance(f, dict):
            names.update(dict.fromkeys(f))
    batchable = [isinstance(f, dict) for f in facts]
    columns: dict[str, pa.Array] = {}
    for name in names:
        if name in RESERVED:
            # A fact named like a reserved column cannot travel in the table: scalar path.
            for i, f in enumerate(facts):
                if isinstance(f, dict) and name in f:
                    batchable[i] = False
            continue
        values = [f.get(name) if isinstance(f, dict) else None for f in facts]
        array, bad = _column(values)
        for i in bad:
            batchable[i] = False
        columns[name] = array
    keep = pa.array(batchable, pa.bool_())
    items = chunk.column("item").combine_chunks()
    cases: dict[str, Any] = {
        "item": pa.compute.if_else(keep, items, pa.scalar(None, pa.string())),
        "violation_date": chunk.column("violation_date"),
        "decision_date": chunk.column("decision_date"),
    }
    for name, array in columns.items():
        cases[name] = pa.compute.if_else(keep, array, pa.scalar(None, array.type))
    table = pa.table(cases) if n else pa.table({"item": pa.array([], pa.string())})
    return evaluate_batch(rules, table), batchable


def _column(values: list[Any]) -> tuple[pa.Array, list[int]]:
    """One fact column and the rows whose value it cannot carry."""
    kinds = {_kind(v) for v in values if v is not None}
    bad = [i for i, v in enumerate(values) if v is not None and _kind(v) == "other"]
    kinds.discard("other")
    if kinds == {"bool"}:
        typed = [v if isinstance(v, bool) else None for v in values]
        return pa.array(typed, pa.bool_()), bad
    if "bool" in kinds:  # true/false beside numbers or text: each row through the scalar path
        bad += [i for i, v in enumerate(values) if isinstance(v, bool)]
    if kinds == {"int"} and all(
        -(2**63) <= v < 2**63 for v in values if isinstance(v, int) and not isinstance(v, bool)
    ):
        return pa.array(
            [v if isinstance(v, int) and not isinstance(v, bool) else None for v in values],
            pa.int64(),
        ), bad
    text = [
        None if v is None or isinstance(v, bool) or _kind(v) == "other" else str(v) for v in values
    ]
    return pa.array(text, pa.string()), bad


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, (str, Decimal)):
        return "text"
    return "other"
