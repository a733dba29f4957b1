"""The archive of past decisions (案卷): its columns, its JSON Schema, and reading it.

An archive is one table, one row per decision, in CSV, Parquet or JSON Lines (read by pyarrow,
so the three agree on types). The facts and the penalties decided are JSON text in one column
each, because every item reads different facts: a fixed column per fact would not fit a standard
of a thousand items. A file whose columns are missing or mistyped is refused as a whole with one
:class:`ArchiveError` naming every bad column; a row whose facts do not fit its item is audited as
a finding of its own (``_classify``), never an error.
"""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.json as pajson
import pyarrow.parquet as pq

from ..errors import DiscretionError


class ArchiveError(DiscretionError):
    """An archive file cannot be audited: unreadable, or columns missing or of the wrong type."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the archive."""

    name: str
    type: pa.DataType
    required: bool
    label: str
    description: str


# The order is the documented order (docs/guide/audit.md); the reader does not depend on it.
COLUMNS: tuple[Column, ...] = (
    Column("case_id", pa.string(), True, "案件编号", "case number, unique in the archive"),
    Column("item", pa.string(), True, "裁量事项编码", "item code, e.g. FSL-124"),
    Column(
        "facts",
        pa.string(),
        True,
        "案件事实",
        "the facts as a JSON object, as `discretion evaluate --facts` reads them",
    ),
    Column(
        "violation_date",
        pa.date32(),
        True,
        "违法行为发生日",
        "when the act occurred or ended (Art. 36, 37)",
    ),
    Column("decision_date", pa.date32(), True, "处罚决定日", "when the penalty was decided"),
    Column(
        "penalties",
        pa.string(),
        True,
        "决定的处罚",
        'JSON list: [{"id": "fine", "amount": "60000"}, {"id": "warning"}]; [] for 不予处罚',
    ),
    Column(
        "reduced",
        pa.bool_(),
        False,
        "适用减轻",
        "the decision applied 减轻 (below the minimum or a combined type dropped)",
    ),
    Column(
        "departure_reason",
        pa.string(),
        False,
        "调整适用理由",
        "why the decision leaves the recommended range",
    ),
    Column(
        "approval",
        pa.string(),
        False,
        "批准方式",
        "principal_head (负责人批准) or collective_discussion (集体讨论决定)",
    ),
    Column(
        "procedure",
        pa.string(),
        False,
        "程序",
        "summary (简易程序, Art. 51) or ordinary (普通程序)",
    ),
    Column(
        "hearing_offered",
        pa.bool_(),
        False,
        "告知听证权利",
        "the party was told of the hearing right (Art. 63, 64)",
    ),
    Column("hearing_held", pa.bool_(), False, "举行听证", "a hearing was held"),
    Column(
        "legality_review",
        pa.bool_(),
        False,
        "法制审核",
        "legality review was done before the decision (Art. 58)",
    ),
    Column("unit", pa.string(), False, "执法单位", "the deciding unit"),
    Column("officer", pa.string(), False, "承办人", "the case officer"),
)

_BY_NAME = {c.name: c for c in COLUMNS}


def archive_schema() -> dict[str, Any]:
    """The JSON Schema of one archive row (a JSON Lines archive validates line by line)."""
    json_types: dict[str, dict[str, Any]] = {
        "string": {"type": "string"},
        "date32[day]": {"type": "string", "format": "date"},
        "bool": {"type": "boolean"},
    }
    props: dict[str, Any] = {}
    for c in COLUMNS:
        spec = dict(json_types[str(c.type)])
        if not c.required:
            spec = {"anyOf": [spec, {"type": "null"}]}
        spec["title"] = c.label
        spec["description"] = c.description
        props[c.name] = spec
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "discretion audit archive row (案卷评查数据)",
        "type": "object",
        "properties": props,
        "required": [c.name for c in COLUMNS if c.required],
    }


def read_archive(path: str | Path) -> pa.Table:
    """Read an archive file (``.csv``, ``.parquet``, ``.jsonl``/``.ndjson``) into the audit's schema.

    Every column is read as text or its declared type; optional columns that are absent are added
    as nulls. Raises :class:`ArchiveError` naming the file and every missing or mistyped column.
    """
    return pa.concat_tables([_EMPTY, *iter_archive(path)])


# Rows per batch while streaming: enough for the decision core's columns to pay off, small
# enough that a batch of JSON facts stays a few tens of MiB.
BATCH_ROWS = 65_536


def iter_archive(path: str | Path, batch_rows: int = BATCH_ROWS) -> Iterator[pa.Table]:
    """Stream an archive file as tables of at most ``batch_rows`` rows in the audit's schema.

    Memory is bounded by the batch, not the file: Parquet is read row group by row group
    (``ParquetFile.iter_batches``), CSV by blocks (``pyarrow.csv.open_csv``), JSON Lines by
    ``batch_rows`` lines at a time. The first batch is checked before anything is yielded, so a
    file with missing or mistyped columns is refused with one :class:`ArchiveError` before any
    row is audited; a later batch whose values do not fit its column (a CSV cell that is not a
    date) is refused the same way, naming the file.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        if suffix == ".csv":
            batches: Iterator[pa.Table] = _csv_batches(p, batch_rows)
        elif suffix == ".parquet":
            pf = pq.ParquetFile(p)
            batches = (pa.Table.from_batches([b]) for b in pf.iter_batches(batch_size=batch_rows))
        elif suffix in (".jsonl", ".ndjson", ".json"):
            batches = _jsonl_batches(p, batch_rows)
        else:
            raise ArchiveError(
                f"案卷文件格式不支持（{suffix or '无扩展名'}），应为 .csv、.parquet 或 .jsonl / "
                "unsupported archive format; expected .csv, .parquet or .jsonl",
                file=str(p),
            )
        empty = True
        for table in batches:
            if table.num_rows == 0:
                continue
            empty = False
            yield conform(table, str(p))
        if empty:
            yield conform(_empty_of(p, suffix), str(p))
    except (pa.ArrowInvalid, OSError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise ArchiveError("案卷文件不存在 / archive file not found", file=str(p)) from None
        raise ArchiveError(
            f"案卷文件无法读取 / archive cannot be read: {exc}", file=str(p)
        ) from None


def _csv_batches(p: Path, batch_rows: int) -> Iterator[pa.Table]:
    # Read every column as text first, so that "010" stays a case number and types are checked
    # by conform, with the column named, rather than guessed by the CSV reader.
    names = pacsv.open_csv(p, read_options=pacsv.ReadOptions(block_size=1 << 16)).schema.names
    reader = pacsv.open_csv(
        p,
        read_options=pacsv.ReadOptions(block_size=1 << 22),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names}, strings_can_be_null=True
        ),
    )
    for batch in reader:
        table = pa.Table.from_batches([batch])
        for start in range(0, table.num_rows, batch_rows):
            yield table.slice(start, batch_rows)


def _jsonl_batches(p: Path, batch_rows: int) -> Iterator[pa.Table]:
    with p.open("rb") as fh:
        while True:
            lines = list(itertools.islice(fh, batch_rows))
            if not lines:
                return
            yield pajson.read_json(io.BytesIO(b"".join(lines)))


def _empty_of(p: Path, suffix: str) -> pa.Table:
    """A file with a header (or a schema) but no rows: its columns, still checked by conform."""
    if suffix == ".parquet":
        return pq.ParquetFile(p).schema_arrow.empty_table()
    if suffix == ".csv":
        names = pacsv.open_csv(p).schema.names
        return pa.table({n: pa.array([], pa.string()) for n in names})
    return _EMPTY


def conform(table: pa.Table, file: str = "<table>") -> pa.Table:
    """Cast a table to the archive schema, or raise one :class:`ArchiveError` naming the columns."""
    missing = [c.name for c in COLUMNS if c.required and c.name not in table.column_names]
    mistyped: list[str] = []
    arrays: list[pa.Array | pa.ChunkedArray] = []
    for c in COLUMNS:
        if c.name not in table.column_names:
            arrays.append(pa.nulls(table.num_rows, c.type))
            continue
        col = table.column(c.name)
        try:
            arrays.append(_cast(col, c.type))
        except (pa.ArrowException, ValueError):  # ArrowInvalid, or a cast Arrow cannot do
            mistyped.append(
                f"{c.name}（应为 / expected {_TYPE_WORDS[str(c.type)]}，实为 / found {col.type}）"
            )
    if missing or mistyped:
        parts = []
        if missing:
            parts.append("缺少列 / missing columns: " + ", ".join(missing))
        if mistyped:
            parts.append("类型不符 / mistyped columns: " + "; ".join(mistyped))
        raise ArchiveError(
            "案卷表结构不符 / the archive's columns do not fit: " + " | ".join(parts),
            file=file,
            field=", ".join(missing + [m.split("（")[0] for m in mistyped]),
            hint="see docs/guide/audit.md or `discretion audit --schema`",
        )
    return pa.Table.from_arrays(arrays, names=[c.name for c in COLUMNS])


_EMPTY = pa.schema([(c.name, c.type) for c in COLUMNS]).empty_table()
_TYPE_WORDS = {"string": "text", "date32[day]": "date YYYY-MM-DD", "bool": "true/false"}
_TRUE = {"true", "1", "yes", "是", "t", "y"}
_FALSE = {"false", "0", "no", "否", "f", "n"}


def _cast(col: pa.ChunkedArray, to: pa.DataType) -> pa.ChunkedArray:
    if col.type == to:
        return col
    if pa.types.is_null(col.type):
        return pa.chunked_array([pa.nulls(len(col), to)])
    if to == pa.string():
        if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            return col.cast(to)
        if pa.types.is_struct(col.type) or pa.types.is_list(col.type):
            # JSON Lines: facts and penalties written as objects and lists rather than text.
            return pa.chunked_array([pa.array([_dump(v) for v in col.to_pylist()], to)])
        if pa.types.is_integer(col.type):
            return col.cast(to)
        raise ValueError(col.type)
    if to == pa.bool_() and pa.types.is_string(col.type):
        words = pc.utf8_lower(pc.utf8_trim_whitespace(col))
        true = pc.is_in(words, pa.array(sorted(_TRUE)))
        false = pc.is_in(words, pa.array(sorted(_FALSE)))
        if pc.any(pc.and_(pc.is_valid(words), pc.invert(pc.or_(true, false)))).as_py():
            raise ValueError(col.type)
        return pc.if_else(pc.is_valid(words), true, pa.scalar(None, pa.bool_()))
    if to == pa.date32() and pa.types.is_timestamp(col.type):
        return pc.cast(col, to)
    return col.cast(to)


def _dump(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if v is not None}
    elif isinstance(value, list):
        value = [
            {k: v for k, v in d.items() if v is not None} if isinstance(d, dict) else d
            for d in value
        ]
    return json.dumps(value, ensure_ascii=False, default=str)


def write_archive(table: pa.Table, path: str | Path) -> None:
    """Write an archive in the format its suffix names (used by the generator and the demo);
    the file appears whole or not at all."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".parquet", ".csv", ".jsonl", ".ndjson"):
        raise ArchiveError(f"不支持的格式 / unsupported format {suffix}", file=str(p))
    tmp = p.with_name(f".{p.name}.tmp")
    try:
        if suffix == ".parquet":
            pq.write_table(table, tmp)
        elif suffix == ".csv":
            pacsv.write_csv(table, tmp)
        else:
            with tmp.open("w", encoding="utf-8") as fh:
                for row in table.to_pylist():
                    fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        tmp.replace(p)
    finally:
        tmp.unlink(missing_ok=True)
