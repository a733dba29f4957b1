"""The streamed audit (``audit_to``) writes what the in-memory audit writes, or nothing at all.

``audit_to`` classifies the archive chunk by chunk and keeps only partials; the tables it writes
must equal ``audit``'s (findings and decisions once put in case order, the streamed files being in
chunk order), and its report the report ``write_audit`` renders. Small chunks (97 rows) make
every table the sum of many partials, so a partial that does not add up shows here.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

import discretion
from discretion.audit import (
    ArchiveError,
    audit,
    audit_to,
    generate_archive,
    write_archive,
    write_audit,
)
from discretion.audit._run import in_case_order
from discretion.cli._main import main

HERE = Path(__file__).parent
RULES_DIR = HERE.parent / "rules"
RULES = discretion.load(RULES_DIR)
TABLES = ("groups", "outliers", "units", "officers", "years")


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_streamed_tables_and_report_equal_the_in_memory_ones(tmp_path: Path, suffix: str) -> None:
    archive = tmp_path / f"archive{suffix}"
    write_archive(generate_archive(RULES, RULES_DIR, 700, seed=13, defect_rate=0.2), archive)
    whole = audit(RULES, archive, progress=False)
    write_audit(whole, tmp_path / "whole")
    summary = audit_to(RULES, archive, tmp_path / "streamed", batch_rows=97, progress=False)
    out = tmp_path / "streamed"
    assert summary.decisions == 700
    findings, decisions = in_case_order(
        pq.read_table(out / "findings.parquet"), pq.read_table(out / "decisions.parquet")
    )
    assert findings.equals(whole.findings)
    assert decisions.equals(whole.decisions)
    for name in TABLES:
        assert pq.read_table(out / f"{name}.parquet").equals(getattr(whole, name)), name
    assert (out / "report.html").read_text(encoding="utf-8") == (
        tmp_path / "whole" / "report.html"
    ).read_text(encoding="utf-8")


def test_a_bad_row_in_a_later_chunk_leaves_no_output(tmp_path: Path) -> None:
    archive = tmp_path / "archive.csv"
    write_archive(generate_archive(RULES, RULES_DIR, 300, seed=2), archive)
    lines = archive.read_text(encoding="utf-8").splitlines()
    # Row 250's violation date is no date: the CSV reader meets it in the third chunk of 100.
    lines[250] = lines[250].replace("2022-03-01", "2022-13-45").replace("2023-03-01", "2023-13-45")
    lines[250] = lines[250].replace("2024-03-01", "2024-13-45").replace("2025-03-01", "2025-13-45")
    archive.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ArchiveError) as err:
        audit_to(RULES, archive, tmp_path / "out", batch_rows=100, progress=False)
    assert "violation_date" in str(err.value)
    assert "archive.csv" in str(err.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive.csv"]


def test_the_command_streams(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "archive.parquet"
    write_archive(generate_archive(RULES, RULES_DIR, 120, seed=3, defect_rate=0.0), archive)
    code = main(
        ["audit", str(archive), "--rules", str(RULES_DIR), "-o", str(tmp_path / "o"), "--stream"]
    )
    assert code == 0
    # defect_rate 0: every decision in order, so no problem finding (the generator plants none).
    assert "评查 120 件，问题 0 项" in capsys.readouterr().out
    assert pq.read_table(tmp_path / "o" / "findings.parquet").num_rows == 120
