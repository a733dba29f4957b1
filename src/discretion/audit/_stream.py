"""The audit streamed from the archive to the output folder, in memory bounded by the chunk.

``audit`` returns every table in memory, which is what a caller of the API wants for an archive
of a few hundred thousand decisions. For a provincial archive of millions, ``audit_to`` reads the
archive chunk by chunk (``iter_archive``), writes each chunk's findings and decisions to the
Parquet and CSV files as soon as they are classified, and keeps only partials (counts keyed by
group, actor, level and year: ``_consistency``; the report's counts: ``_report.ReportData``), so
its memory depends on the chunk and on the number of groups, units and officers, not on the
number of decisions. The outliers need each group's median, known only at the end: they are read
in a second pass over the decisions file, by batch. Everything goes into a temporary folder
that is renamed into place once the whole run has succeeded (``_output``).

The tables equal ``audit``'s; the rows of ``findings`` and ``decisions`` are in the order the
chunks were read (each chunk grouped by item) rather than sorted by case id, since sorting a
file of ten million rows would hold it in memory.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..compile._ruleset import RuleSet
from ._archive import BATCH_ROWS, iter_archive
from ._consistency import (
    ACTOR_KEYS,
    GROUP_KEYS,
    actor_partial,
    actor_statistics_from,
    group_partial,
    groups_from,
    merge,
    outliers_in,
    sort_outliers,
    year_on_year_from,
)
from ._output import replace_folder
from ._run import DECISION_SCHEMA, FINDING_SCHEMA, AuditResult, _Bar, _rows_of, audit_chunk


@dataclass(frozen=True)
class StreamSummary:
    """What a streamed audit wrote: the folder, decisions audited and problem findings."""

    folder: Path
    decisions: int
    defects: int


class _Sink:
    """One table written as Parquet and CSV, chunk by chunk."""

    def __init__(self, folder: Path, name: str, schema: pa.Schema) -> None:
        self.parquet = pq.ParquetWriter(folder / f"{name}.parquet", schema)
        self.csv = pacsv.CSVWriter(folder / f"{name}.csv", schema)

    def write(self, table: pa.Table) -> None:
        if table.num_rows:
            self.parquet.write_table(table)
            self.csv.write_table(table)

    def close(self) -> None:
        self.parquet.close()
        self.csv.close()


def audit_to(
    rules: RuleSet,
    archive: str | Path,
    out: str | Path,
    *,
    rules_path: str = "rules/",
    batch_rows: int = BATCH_ROWS,
    progress: bool | None = None,
    title: str = "案卷评查报告",
) -> StreamSummary:
    """Audit ``archive`` chunk by chunk into the folder ``out`` (the files of ``write_audit``)."""
    from ._report import ReportData, render  # matplotlib only when a report is written

    def body(tmp: Path) -> StreamSummary:
        findings = _Sink(tmp, "findings", FINDING_SCHEMA)
        decisions = _Sink(tmp, "decisions", DECISION_SCHEMA)
        groups = GROUP_SCHEMA_EMPTY
        actors = {"unit": ACTOR_EMPTY, "officer": ACTOR_EMPTY}
        report = ReportData()
        show = sys.stderr.isatty() if progress is None else progress
        bar = _Bar(_rows_of(archive)) if show else None
        try:
            for chunk in iter_archive(archive, batch_rows):
                f, d = audit_chunk(rules, chunk, rules_path)
                findings.write(f)
                decisions.write(d)
                groups = merge([groups, group_partial(d)], GROUP_KEYS)
                for by in actors:
                    actors[by] = merge([actors[by], actor_partial(d, by)], ACTOR_KEYS)
                report.add(f, d)
                if bar is not None:
                    bar.add(chunk.num_rows)
        finally:
            findings.close()
            decisions.close()
        if bar is not None:
            bar.done()
        group_table = groups_from(groups)
        odd = [
            outliers_in(pa.Table.from_batches([b]), group_table)
            for b in pq.ParquetFile(tmp / "decisions.parquet").iter_batches(
                batch_size=batch_rows, columns=["case_id", "group_key", "position"]
            )
        ]
        result = AuditResult(
            FINDING_SCHEMA.empty_table(),
            DECISION_SCHEMA.empty_table(),
            group_table,
            sort_outliers(
                pa.concat_tables([outliers_in(DECISION_SCHEMA.empty_table(), group_table), *odd])
            ),
            actor_statistics_from(actors["unit"], "unit"),
            actor_statistics_from(actors["officer"], "officer"),
            year_on_year_from(actors["unit"], "unit"),
        )
        for name in ("groups", "outliers", "units", "officers", "years"):
            table: pa.Table = getattr(result, name)
            pq.write_table(table, tmp / f"{name}.parquet")
            pacsv.write_csv(table, tmp / f"{name}.csv")
        render(report, result, tmp, title)
        return StreamSummary(Path(out), report.decisions, report.n_defects)

    return replace_folder(out, body)


GROUP_SCHEMA_EMPTY = group_partial(DECISION_SCHEMA.empty_table())
ACTOR_EMPTY = actor_partial(DECISION_SCHEMA.empty_table(), "unit")
