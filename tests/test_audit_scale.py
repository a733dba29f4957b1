"""The synthetic archive finds what was planted, and the Dask run equals the local run."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

import discretion
from discretion.audit import audit, generate_archive, write_archive

HERE = Path(__file__).parent
RULES_DIR = HERE.parent / "rules"
RULES = discretion.load(RULES_DIR)


def test_the_generator_is_seeded_and_every_planted_defect_is_found() -> None:
    table = generate_archive(RULES, RULES_DIR, 600, seed=7, defect_rate=0.25)
    assert table.equals(generate_archive(RULES, RULES_DIR, 600, seed=7, defect_rate=0.25))
    planted = dict(
        zip(table.column("case_id").to_pylist(), table.column("planted").to_pylist(), strict=True)
    )
    # A share near the one asked for: 600 × 0.25 = 150, binomial sd ≈ 10.6.
    assert 110 <= sum(p is not None for p in planted.values()) <= 190
    res = audit(RULES, table, progress=False)
    found: dict[str, set[str]] = defaultdict(set)
    for case, kind in zip(
        res.findings.column("case_id").to_pylist(),
        res.findings.column("kind").to_pylist(),
        strict=True,
    ):
        found[case].add(kind)
    # A clean row has exactly one finding, within_range; a planted row exactly what was planted.
    assert {c: found[c] for c in planted} == {c: {p or "within_range"} for c, p in planted.items()}


@pytest.mark.filterwarnings(
    "ignore::DeprecationWarning", "ignore::ResourceWarning", "ignore::UserWarning"
)
def test_dask_on_two_local_workers_gives_the_local_findings(tmp_path: Path) -> None:
    from discretion.audit.dask import audit_dask

    table = generate_archive(RULES, RULES_DIR, 400, seed=11)
    archive = tmp_path / "archive.parquet"
    write_archive(table, archive)
    local = audit(RULES, archive, progress=False)
    remote = audit_dask(RULES, archive, workers=2, partitions=4)
    for name in ("findings", "decisions", "groups", "outliers", "units", "officers", "years"):
        assert getattr(remote, name).equals(getattr(local, name)), name


def test_two_forked_workers_give_the_one_process_tables(tmp_path: Path) -> None:
    # The chunks after the first are audited in forked processes (audit/_parallel.py): every
    # table must equal the one-process run's, row for row and in order.
    table = generate_archive(RULES, RULES_DIR, 900, seed=5, defect_rate=0.25)
    archive = tmp_path / "archive.parquet"
    write_archive(table, archive)
    one = audit(RULES, archive, progress=False, batch_rows=128)
    two = audit(RULES, archive, progress=False, batch_rows=128, workers=2)
    for name in ("findings", "decisions", "groups", "outliers", "units", "officers", "years"):
        assert getattr(two, name).equals(getattr(one, name)), name
