"""Re-deciding the archive's rows: the one place the audit asks the decision core.

A chunk of the archive, sorted by item, is turned into the documented input table of
``discretion.evaluate_batch`` (docs/guide/batch.md: an ``item`` column, the dates, one column per
fact) and decided in one call, so the audit gets the columnar core's speed wherever it runs. The
facts are JSON text in the archive (every item reads different facts); Arrow's JSON reader parses
the whole column at once into typed columns (:func:`facts_columns`): ``bool`` for true/false,
``int64`` for whole numbers, decimal128 for decimals (money stays exact, never a float). Where
the column does not read as one table (a line that is not an object, a list or an object as a
value, a column mixing true/false with numbers), the chunk is parsed row by row as before, and a
row whose value no column can carry is left out of the batch: the reference path
(:func:`decide_one`, the scalar :func:`discretion.evaluate`) decides it, or gives the
:class:`~discretion.CaseError` refusing it, which the classifier turns into a finding.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pajson

from ..compile._ruleset import RuleSet
from ..decide import Recommendation, evaluate, evaluate_batch
from ..errors import CaseError

# The input columns of evaluate_batch that are not facts (docs/guide/batch.md).
RESERVED = ("item", "case_id", "violation_date", "decision_date")
# Stands in for the facts of a row whose item is unknown: not a dict, so the batch leaves it out.
_UNKNOWN = CaseError("裁量事项编码不存在 / unknown item code", field="item")


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


def facts_columns(texts: pa.Array | pa.ChunkedArray) -> tuple[pa.Table, np.ndarray] | None:
    """The facts column of a chunk parsed by Arrow's JSON reader (C++, one object per line)
    into typed columns, and the rows it parsed (``False``: no facts); ``None`` when the column
    does not read as one table — a line that is not an object, a value that is a list or an
    object, a column mixing true/false with numbers, a line break inside a value — and the
    chunk is parsed row by row instead.

    Numbers stay exact: whole numbers are int64; a column holding a decimal (JSON reads it as a
    double) is read again as decimal128 with 6 places, which Arrow parses from the text, never
    through a float (a value with more places fails the read: row by row then). A text that
    looks like a timestamp is read again as text, as ``json.loads`` gives it.
    """
    arr = texts.combine_chunks() if isinstance(texts, pa.ChunkedArray) else texts
    n = len(arr)
    given = np.asarray(arr.is_valid(), bool)
    if not n:
        return pa.table({}), given
    filled = pc.if_else(arr.is_valid(), arr, "{}")
    if pc.any(pc.match_substring(filled, "\n")).as_py():
        return None
    lines = pc.binary_join_element_wise(filled, "", "\n")
    offsets = np.frombuffer(lines.buffers()[1], np.int32)[lines.offset : lines.offset + n + 1]
    body = lines.buffers()[2][int(offsets[0]) : int(offsets[-1])]

    def read(schema: pa.Schema | None) -> pa.Table:
        return pajson.read_json(
            pa.BufferReader(body),
            read_options=pajson.ReadOptions(
                use_threads=False, block_size=max(len(body) + 1, 1 << 20)
            ),
            parse_options=pajson.ParseOptions(explicit_schema=schema),
        )

    try:
        table = read(None)
        again = {}
        for field in table.schema:
            if pa.types.is_floating(field.type):
                again[field.name] = pa.decimal128(38, 6)
            elif pa.types.is_timestamp(field.type):
                again[field.name] = pa.string()
            elif not _flat(field.type):
                return None
        if again:
            table = read(pa.schema(list(again.items())))
    except pa.ArrowException:
        return None
    if table.num_rows != n or not all(_flat(f.type) for f in table.schema):
        return None
    return table, given


def _flat(t: pa.DataType) -> bool:
    """A type the decision core reads as a fact column (docs/guide/batch.md)."""
    return bool(
        pa.types.is_null(t)
        or pa.types.is_boolean(t)
        or pa.types.is_int64(t)
        or pa.types.is_string(t)
        or (pa.types.is_decimal(t) and t.scale <= 6)
    )


def decide_chunk(
    rules: RuleSet,
    chunk: pa.Table,
    facts: Sequence[dict[str, Any] | CaseError] | None = None,
    known: np.ndarray | None = None,
) -> tuple[pa.Table, list[bool], pa.Table | None]:
    """The ``evaluate_batch`` table of one chunk (one row per chunk row, in order), per row
    whether the batch decided it (``False``: the facts could not be put in columns), and the
    facts as columns when Arrow's JSON reader parsed them (:func:`facts_columns`).

    Without ``facts`` the facts column is parsed as columns; rows of unknown items (``known``
    False) are not sent. With ``facts`` (or when the column does not read as one table) the
    parsed facts of each row become the columns, as before.
    """
    n = chunk.num_rows
    parsed = None if facts is not None else facts_columns(chunk.column("facts"))
    if parsed is None:
        if facts is None:
            texts = chunk.column("facts").to_pylist()
            facts = [
                parse_facts(t) if known is None or known[i] else _UNKNOWN
                for i, t in enumerate(texts)
            ]
        batch, batchable = _decide_rows(rules, chunk, facts)
        return batch, batchable, None
    table, given = parsed
    ok = given.copy() if known is None else given & known
    columns: dict[str, pa.Array] = {}
    for name in table.column_names:
        col = table.column(name).combine_chunks()
        if name in RESERVED:
            # A fact named like a reserved column cannot travel in the table: scalar path.
            ok &= ~np.asarray(col.is_valid(), bool)
            continue
        columns[name] = col
    keep = pa.array(ok, pa.bool_())
    items = chunk.column("item").combine_chunks()
    cases: dict[str, Any] = {
        "item": pc.if_else(keep, items, pa.scalar(None, pa.string())),
        "violation_date": chunk.column("violation_date"),
        "decision_date": chunk.column("decision_date"),
    }
    for name, array in columns.items():
        cases[name] = array if ok.all() else pc.if_else(keep, array, pa.scalar(None, array.type))
    cases_table = pa.table(cases) if n else pa.table({"item": pa.array([], pa.string())})
    return evaluate_batch(rules, cases_table), ok.tolist(), table


def _decide_rows(
    rules: RuleSet, chunk: pa.Table, facts: Sequence[dict[str, Any] | CaseError]
) -> tuple[pa.Table, list[bool]]:
    n = chunk.num_rows
    names: dict[str, None] = {}
    for f in facts:
        if isinstance(f, dict):
            names.update(dict.fromkeys(f))
    batchable = [isinstance(f, dict) for f in facts]
    columns: dict[str, pa.Array] = {}
    for name in names:
        if name in RESERVED:
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
        "item": pc.if_else(keep, items, pa.scalar(None, pa.string())),
        "violation_date": chunk.column("violation_date"),
        "decision_date": chunk.column("decision_date"),
    }
    for name, array in columns.items():
        cases[name] = pc.if_else(keep, array, pa.scalar(None, array.type))
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
