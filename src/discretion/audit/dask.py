"""The same audit on Dask: ``dask.dataframe`` over Parquet partitions, on a local or a real cluster.

Nothing else in the library imports this module (an import-linter contract says so): Dask is an
optional layer on top. The archive's rows are sorted into partitions grouped by item (so a
partition holds few items and each worker compiles, or finds cached, only the items it meets),
the :class:`~discretion.RuleSet` is sent to the workers once with ``Client.scatter`` (not
re-parsed per partition), each partition is classified by the same code as the local run
(``_run.audit_rows``), and the cross-case tables are computed on the client from the gathered
findings and decisions, so the findings equal the local run's row for row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dask.dataframe as dd
import pandas as pd
import pyarrow as pa
from distributed import Client, LocalCluster

from ..compile._ruleset import RuleSet
from ._archive import conform, read_archive
from ._run import DECISION_SCHEMA, FINDING_SCHEMA, AuditResult, audit_rows, in_case_order, summarise


def _partition(frame: pd.DataFrame, rules: RuleSet, rules_path: str) -> pd.DataFrame:
    """Audit one partition; the findings and decisions travel back as Arrow IPC bytes in one row."""
    table = conform(pa.Table.from_pandas(frame, preserve_index=False))
    findings, decisions = audit_rows(rules, table, rules_path)
    return pd.DataFrame({"findings": [_ipc(findings)], "decisions": [_ipc(decisions)]})


def _ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def _unipc(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(pa.py_buffer(data)).read_all()


def audit_dask(
    rules: RuleSet,
    archive: str | Path,
    *,
    rules_path: str = "rules/",
    scheduler: str | None = None,
    workers: int = 2,
    partitions: int | None = None,
) -> AuditResult:
    """Audit ``archive`` (a Parquet file or folder of Parquet partitions, or any archive format)
    on Dask: the cluster at ``scheduler`` (``tcp://host:8786``), or a local cluster of
    ``workers`` processes on 127.0.0.1. The result equals :func:`discretion.audit.audit`'s."""
    if scheduler is None:
        with (
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                host="127.0.0.1",
                dashboard_address=None,
                processes=True,
            ) as cluster,
            Client(cluster) as client,
        ):
            return _run(client, rules, archive, rules_path, partitions or workers * 2)
    with Client(scheduler) as client:
        return _run(client, rules, archive, rules_path, partitions or 8)


def _run(
    client: Client, rules: RuleSet, archive: str | Path, rules_path: str, partitions: int
) -> AuditResult:
    path = Path(archive)
    if path.is_dir() or path.suffix.lower() == ".parquet":
        frame = dd.read_parquet(str(path), dtype_backend="pyarrow")
    else:
        frame = dd.from_pandas(read_archive(path).to_pandas(), npartitions=partitions)
    # Grouped by item: a worker meets few items per partition.
    frame = frame.sort_values("item", npartitions=partitions)
    shipped = client.scatter(rules, broadcast=True)  # once, not per partition
    meta = pd.DataFrame(
        {"findings": pd.Series([], dtype=object), "decisions": pd.Series([], dtype=object)}
    )
    parts: Any = frame.map_partitions(_partition, shipped, rules_path, meta=meta)
    gathered = client.compute(parts).result()
    findings = pa.concat_tables(
        [FINDING_SCHEMA.empty_table(), *(_unipc(b) for b in gathered["findings"])]
    )
    decisions = pa.concat_tables(
        [DECISION_SCHEMA.empty_table(), *(_unipc(b) for b in gathered["decisions"])]
    )
    return summarise(*in_case_order(findings, decisions))
