"""The audit in columns gives, row for row, what the reference classifier gives.

``_vector`` settles the rows with nothing wrong from the columns of ``evaluate_batch`` alone; every
other row goes to the reference classifier (``_classify.classify`` over a full recommendation).
These tests run one seeded synthetic archive both ways (``columns=False`` sends every row to the
reference) and require the same findings and decisions, and that the columns did settle the clean
rows (else the first test would pass on a path never taken).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

import discretion
from discretion.audit import _run as run
from discretion.audit import generate_archive
from discretion.audit._archive import conform

HERE = Path(__file__).parent
RULES_DIR = HERE.parent / "rules"
RULES = discretion.load(RULES_DIR)


@pytest.fixture(scope="module")
def archive() -> Any:
    return conform(generate_archive(RULES, RULES_DIR, 1500, seed=5, defect_rate=0.3))


def test_columns_and_reference_give_the_same_tables(archive: Any) -> None:
    fast = run.in_case_order(*run.audit_rows(RULES, archive, "rules/"))
    ref = run.in_case_order(*run.audit_rows(RULES, archive, "rules/", columns=False))
    assert fast[0].equals(ref[0])
    assert fast[1].equals(ref[1])


def test_the_columns_settle_every_clean_row_and_no_planted_one(
    archive: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    masks: list[np.ndarray] = []
    orders: list[list[str]] = []
    real = getattr(run, "settle")  # noqa: B009 - the name the run calls

    def spy(*args: Any, **kw: Any) -> Any:
        out = real(*args, **kw)
        masks.append(out[0])
        orders.append(args[1].column("case_id").to_pylist())
        return out

    monkeypatch.setattr(run, "settle", spy)
    run.audit_rows(RULES, archive, "rules/")
    settled = {
        c for m, ids in zip(masks, orders, strict=True) for c, s in zip(ids, m, strict=True) if s
    }
    table = archive  # the generator's planted column says which rows carry a defect
    planted = dict(
        zip(
            table.column("case_id").to_pylist(),
            generate_archive(RULES, RULES_DIR, 1500, seed=5, defect_rate=0.3)
            .column("planted")
            .to_pylist(),
            strict=True,
        )
    )
    clean = {c for c, p in planted.items() if p is None}
    # Every clean row of the generator is decided in columns, none with a planted defect.
    assert settled == clean


def test_the_penalties_read_in_columns_agree_with_the_row_reader(archive: Any) -> None:
    from discretion.audit._run import _parse_penalties, _penalties_in_columns

    fast = _penalties_in_columns(archive.column("penalties"))
    slow = _parse_penalties(archive.column("penalties").to_pylist())
    assert fast is not None  # the generator writes amounts as text: the column reader applies
    assert np.array_equal(fast.row, slow.row)
    assert np.array_equal(fast.ok, slow.ok)
    assert fast.pid.equals(slow.pid)
    assert fast.fen.equals(slow.fen)
    odd = pa.chunked_array(
        [['[{"id": "fine", "amount": "1,000"}]', '[{"id": "fine", "amount": "12.5"}]', None]]
    )
    got = _penalties_in_columns(odd)
    assert got is not None
    # "1,000" is left to the reference (read_number accepts it; the column reader does not try).
    assert got.ok.tolist() == [False, True, True]
    assert got.fen.to_pylist()[1] == 1250  # 12.5 yuan in fen
    # An amount written as a JSON number: the whole chunk is read row by row instead.
    assert _penalties_in_columns(pa.chunked_array([['[{"id": "fine", "amount": 100}]']])) is None
