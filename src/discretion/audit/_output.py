"""Writing an audit's output folder: the tables as Parquet and CSV, and the HTML report.

Everything is written into a temporary folder beside the target and renamed into place only once
all of it is written, so a failed run leaves no half-written output (the target's old contents,
if any, are replaced only then).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import TypeVar

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ._run import AuditResult

T = TypeVar("T")


def write_audit(result: AuditResult, out: str | Path, *, title: str = "案卷评查报告") -> Path:
    """Write ``findings``, ``decisions``, ``groups``… as ``.parquet`` and ``.csv`` and
    ``report.html`` into the folder ``out``; return its path."""
    from ._report import render_report  # matplotlib is imported only when a report is written

    def body(tmp: Path) -> Path:
        for f in fields(result):
            table: pa.Table = getattr(result, f.name)
            pq.write_table(table, tmp / f"{f.name}.parquet")
            pacsv.write_csv(table, tmp / f"{f.name}.csv")
        render_report(result, tmp, title)
        return Path(out)

    return replace_folder(out, body)


def replace_folder(out: str | Path, body: Callable[[Path], T]) -> T:
    """Run ``body`` on a fresh temporary folder beside ``out`` and rename it to ``out`` once
    ``body`` returns; on any error the temporary folder is removed and ``out`` is untouched."""
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        value = body(tmp)
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
            tmp.rename(target)
            shutil.rmtree(old)
        else:
            tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return value
