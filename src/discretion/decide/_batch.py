"""Deciding a table of cases: an Arrow table in, an Arrow table out (docs/guide/batch.md).

Each chunk of the input is grouped by item and every row of a group is decided by the scalar
path (:func:`discretion.evaluate`), so a batch row and ``evaluate`` give one answer by
construction; the rows are then written as columns, money as exact integers of the fen. A row
with bad input gets its own error columns and no result; the other rows are decided.
pyarrow comes from the ``batch`` extra and is imported only when a batch is evaluated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..compile._ruleset import RuleSet
from ..errors import CaseError, DiscretionError
from ._engine import evaluate
from ._result import Penalty, Recommendation

if TYPE_CHECKING:
    import pyarrow as pa

RESERVED = ("item", "case_id", "violation_date", "decision_date")
"""Input columns that are not facts."""

_YUAN = "元"


def _arrow() -> Any:
    try:
        import pyarrow as pa
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise CaseError(
            "批量裁量需要 pyarrow：pip install 'discretion[batch]' "
            "(evaluate_batch needs pyarrow: install the batch extra)"
        ) from exc
    return pa


def _minor(value: Decimal | None, unit: str | None) -> int | None:
    """An amount in its smallest unit as an exact integer: fen for yuan, else the unit itself."""
    if value is None:
        return None
    scaled = value * 100 if unit == _YUAN else value
    whole = scaled.to_integral_value()
    if whole != scaled:
        raise CaseError(f"金额 {value} 不是整分 (amount {value} {unit} is not a whole minor unit)")
    return int(whole)


def _penalty_row(p: Penalty) -> dict[str, Any]:
    return {
        "id": p.id,
        "kind": p.kind,
        "mode": p.mode,
        "min": _minor(p.min, p.unit),
        "max": _minor(p.max, p.unit),
        "unit": "分" if p.unit == _YUAN else p.unit,
        "statutory_min": _minor(p.statutory_min, p.unit),
        "statutory_max": _minor(p.statutory_max, p.unit),
        "reduced": p.reduced,
    }


def _schema(pa: Any, case_id: Any) -> Any:
    penalty = pa.struct(
        [
            ("id", pa.string()),
            ("kind", pa.string()),
            ("mode", pa.string()),
            ("min", pa.int64()),
            ("max", pa.int64()),
            ("unit", pa.string()),
            ("statutory_min", pa.int64()),
            ("statutory_max", pa.int64()),
            ("reduced", pa.bool_()),
        ]
    )
    fields = [("row", pa.int64())]
    if case_id is not None:
        fields.append(("case_id", case_id))
    fields += [
        ("item", pa.string()),
        ("ok", pa.bool_()),
        ("outcome", pa.string()),
        ("version", pa.string()),
        ("level", pa.string()),
        ("fine_min_fen", pa.int64()),
        ("fine_max_fen", pa.int64()),
        ("penalties", pa.list_(penalty)),
        ("grounds", pa.list_(pa.string())),
        ("circumstances", pa.list_(pa.string())),
        ("summary_procedure", pa.bool_()),
        ("hearing", pa.bool_()),
        ("legality_review", pa.bool_()),
        ("reduced", pa.bool_()),
        ("error_type", pa.string()),
        ("error_field", pa.string()),
        ("error_value", pa.string()),
        ("error_message", pa.string()),
    ]
    return pa.schema(fields)


_RESULT_COLUMNS = (
    "outcome",
    "version",
    "level",
    "fine_min_fen",
    "fine_max_fen",
    "penalties",
    "grounds",
    "circumstances",
    "summary_procedure",
    "hearing",
    "legality_review",
    "reduced",
)
_ERROR_COLUMNS = ("error_type", "error_field", "error_value", "error_message")


def _result(rec: Recommendation) -> dict[str, Any]:
    fine = rec.penalty("fine")
    return {
        "ok": True,
        "outcome": rec.outcome,
        "version": rec.ruleset.version,
        "level": rec.level,
        "fine_min_fen": _minor(fine.min, fine.unit) if fine else None,
        "fine_max_fen": _minor(fine.max, fine.unit) if fine else None,
        "penalties": [_penalty_row(p) for p in rec.penalties],
        "grounds": list(rec.grounds),
        "circumstances": [c.id for c in rec.circumstances],
        "summary_procedure": rec.flags.summary_procedure,
        "hearing": rec.flags.hearing,
        "legality_review": rec.flags.legality_review,
        "reduced": rec.flags.reduced,
    }


def _failure(exc: DiscretionError, facts: dict[str, Any]) -> dict[str, Any]:
    value = facts.get(exc.field) if exc.field else None
    return {
        "ok": False,
        "error_type": type(exc).__name__,
        "error_field": exc.field,
        "error_value": None if value is None else str(value),
        "error_message": str(exc),
    }


def _date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) or value is None else dt.date.fromisoformat(value)


def _decide_chunk(ruleset: RuleSet, chunk: Any, offset: Any, schema: Any) -> Any:
    """The scalar path over a chunk: every row through ``evaluate``; ``offset`` is the first
    row's number, or an array of each row's number."""
    pa = _arrow()
    columns = {name: chunk.column(name).to_pylist() for name in chunk.schema.names}
    items = columns["item"]
    facts_names = [n for n in chunk.schema.names if n not in RESERVED]
    n = chunk.num_rows
    rows: list[dict[str, Any]] = [{} for _ in range(n)]
    groups: dict[Any, list[int]] = {}
    for i, code in enumerate(items):
        groups.setdefault(code, []).append(i)
    no_date = [None] * n
    violation = columns.get("violation_date", no_date)
    decision = columns.get("decision_date", no_date)
    for code, indices in groups.items():
        for i in indices:
            facts = {k: columns[k][i] for k in facts_names if columns[k][i] is not None}
            try:
                if not isinstance(code, str):
                    raise CaseError("事项编码为空 (the item code is missing)", field="item")
                rec = evaluate(
                    ruleset,
                    code,
                    facts,
                    violation_date=_date(violation[i]),
                    decision_date=_date(decision[i]),
                )
                rows[i] = _result(rec)
            except (DiscretionError, ValueError) as exc:
                err = exc if isinstance(exc, DiscretionError) else CaseError(str(exc))
                rows[i] = _failure(err, facts)
    numbers = list(range(offset, offset + n)) if isinstance(offset, int) else list(offset)
    out: dict[str, list[Any]] = {"row": numbers}
    if "case_id" in columns:
        out["case_id"] = columns["case_id"]
    out["item"] = [c if isinstance(c, str) else None for c in items]
    out["ok"] = [r["ok"] for r in rows]
    for name in _RESULT_COLUMNS + _ERROR_COLUMNS:
        out[name] = [r.get(name) for r in rows]
    return pa.RecordBatch.from_pydict(out, schema=schema)


def _metadata(ruleset: RuleSet) -> dict[str, str]:
    infos = ruleset.standards
    digest = hashlib.sha256("\n".join(sorted(i.digest for i in infos)).encode()).hexdigest()
    return {
        "discretion.ruleset_id": ",".join(sorted(i.id for i in infos)),
        "discretion.ruleset_digest": digest,
    }


def iter_batch(
    ruleset: RuleSet,
    cases: Any,
    *,
    chunk_size: int = 65_536,
    stats: dict[str, int] | None = None,
) -> Iterator[Any]:
    """Decide ``cases`` chunk by chunk, yielding one Arrow ``RecordBatch`` per chunk.

    ``cases`` may also be a ``pyarrow.RecordBatchReader`` or any iterable of record batches
    (all of one schema): they are decided as they come, so memory stays flat however many rows
    stream through. ``stats``, when given, receives how many rows the columnar plan decided
    (``columnar``) and how many went to the scalar path (``scalar``: bad rows, Art. 37
    transitions, unsupported items), as the chunks are decided.
    """
    pa = _arrow()
    if isinstance(cases, pa.RecordBatchReader) or (
        not isinstance(cases, pa.Table | pa.RecordBatch | dict)
        and hasattr(cases, "__iter__")
        and not hasattr(cases, "to_arrow")
        and not hasattr(cases, "columns")
    ):
        yield from _stream(ruleset, iter(cases), chunk_size, stats)
        return
    if not isinstance(cases, pa.Table | pa.RecordBatch):
        cases = pa.table(cases)
    schema = _output_schema(pa, ruleset, cases.schema)
    table = cases if isinstance(cases, pa.Table) else pa.Table.from_batches([cases])
    yield from _chunks(ruleset, table.to_batches(max_chunksize=chunk_size), schema, stats)


def _output_schema(pa: Any, ruleset: RuleSet, schema: Any) -> Any:
    if "item" not in schema.names:
        raise CaseError("案件表缺少 item 列 (the cases table has no item column)", field="item")
    case_id = schema.field("case_id").type if "case_id" in schema.names else None
    return _schema(pa, case_id).with_metadata(_metadata(ruleset))


def _stream(
    ruleset: RuleSet, batches: Iterator[Any], chunk_size: int, stats: dict[str, int] | None
) -> Iterator[Any]:
    pa = _arrow()
    first = next(batches, None)
    if first is None:
        return
    schema = _output_schema(pa, ruleset, first.schema)

    def pieces() -> Iterator[Any]:
        for batch in _chain(first, batches):
            for offset in range(0, batch.num_rows, chunk_size):
                yield batch.slice(offset, chunk_size)

    yield from _chunks(ruleset, pieces(), schema, stats)


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest


def batch_parquet(
    ruleset: RuleSet,
    source: str,
    target: str,
    *,
    chunk_size: int = 65_536,
    stats: dict[str, int] | None = None,
) -> int:
    """Decide a Parquet file of cases into a Parquet file of results, one chunk at a time.

    Returns the number of rows written. Nothing is left at ``target`` when reading fails midway:
    the results are written to a temporary file beside it and renamed at the end.
    """
    _arrow()
    import os

    import pyarrow.parquet as pq

    reader = pq.ParquetFile(source)
    tmp = f"{target}.part"
    writer = None
    rows = 0
    try:
        for batch in iter_batch(
            ruleset, reader.iter_batches(batch_size=chunk_size), chunk_size=chunk_size, stats=stats
        ):
            if writer is None:
                writer = pq.ParquetWriter(tmp, batch.schema)
            writer.write_batch(batch)
            rows += batch.num_rows
    except BaseException:
        if writer is not None:
            writer.close()
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    if writer is None:
        return 0
    writer.close()
    os.replace(tmp, target)
    return rows


def _chunks(ruleset: RuleSet, batches: Any, schema: Any, stats: dict[str, int] | None) -> Any:
    try:
        from ._columnar_batch import planner_for
    except ImportError:  # pragma: no cover - numpy missing: the scalar path decides every row
        planner = None
    else:
        planner = planner_for(ruleset)
    offset = 0
    for chunk in batches:
        if planner is not None:
            with planner.lock:
                before = dict(planner.stats)
                batch = planner.decide(chunk, offset, schema, _decide_chunk)
                if stats is not None:
                    for key, value in planner.stats.items():
                        stats[key] = stats.get(key, 0) + value - before[key]
        else:
            batch = _decide_chunk(ruleset, chunk, offset, schema)
        yield batch
        offset += chunk.num_rows


def evaluate_batch(
    ruleset: RuleSet,
    cases: Any,
    *,
    chunk_size: int = 65_536,
    stats: dict[str, int] | None = None,
) -> pa.Table:
    """Recommend a penalty for every row of a table of cases (schema: docs/guide/batch.md).

    Args:
        ruleset: the loaded standards (:func:`discretion.load`).
        cases: an Arrow ``Table`` or ``RecordBatch`` (pandas / polars through Arrow), or a mapping
            of column name to values, with an ``item`` column and one column per fact.
        chunk_size: rows decided at a time.

    Returns:
        An Arrow table with one row per input row, in order; rows in error carry ``ok = false``
        and the ``error_*`` columns.

    Raises:
        CaseError: the table has no ``item`` column, or pyarrow is not installed.
    """
    pa = _arrow()
    schema = None
    batches = []
    for batch in iter_batch(ruleset, cases, chunk_size=chunk_size, stats=stats):
        schema = batch.schema
        batches.append(batch)
    if schema is None:
        names = cases.schema.names if hasattr(cases, "schema") else list(cases)
        case_id = cases.schema.field("case_id").type if "case_id" in names else None
        schema = _schema(pa, case_id).with_metadata(_metadata(ruleset))
    return pa.Table.from_batches(batches, schema=schema)
