"""``discretion audit --workers N``: the worker processes of the local audit (issue 14).

The option reaches ``discretion.audit.audit(workers=N)`` and the findings do not depend on it:
the chunks after the first are audited in forked processes and come back in order
(``audit._parallel``). A seeded synthetic archive of the bundled rules (``--generate``) is cut
into small chunks so that forking happens on a small archive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from discretion.audit import _run as run
from discretion.audit._archive import iter_archive
from discretion.audit._parallel import ordered as parallel_ordered
from discretion.cli._main import main

RULES = str(Path(__file__).parent.parent / "rules")


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Chunks of 40 rows, and the ``workers`` each audit passed to ``ordered``."""
    seen: list[int] = []

    def chunks(archive: Any, batch_rows: int) -> Iterator[Any]:
        return iter_archive(archive, 40)

    def ordered(task: Callable[[Any], Any], items: Iterable[Any], workers: int) -> Iterator[Any]:
        seen.append(workers)
        return parallel_ordered(task, items, workers)

    monkeypatch.setattr(run, "iter_archive", chunks)
    monkeypatch.setattr(run, "ordered", ordered)
    return seen


def test_one_and_two_workers_give_the_same_findings(
    tmp_path: Path, small_chunks: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "archive.csv"
    assert main(["audit", str(archive), "--rules", RULES, "--generate", "200", "--seed", "3"]) == 0
    outs = {}
    for n in (1, 2):
        out = tmp_path / f"w{n}"
        assert (
            main(["audit", str(archive), "--rules", RULES, "-o", str(out), "--workers", str(n)])
            == 0
        )
        outs[n] = out
    assert small_chunks == [1, 2]  # the option reached the audit, not a Dask cluster
    for name in ("findings.csv", "decisions.csv", "groups.csv"):
        one = (outs[1] / name).read_text(encoding="utf-8")
        assert one == (outs[2] / name).read_text(encoding="utf-8")
    assert one.count("\n") > 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].replace("w2", "w1") == lines[-2]  # the same counts printed


def test_the_default_is_the_usable_cpus(
    tmp_path: Path, small_chunks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from discretion.verify._check import _driver

    monkeypatch.setattr(_driver, "usable_cpus", lambda: 3)
    archive = tmp_path / "archive.csv"
    assert main(["audit", str(archive), "--rules", RULES, "--generate", "50"]) == 0
    assert main(["audit", str(archive), "--rules", RULES, "-o", str(tmp_path / "out")]) == 0
    assert small_chunks == [3]


@pytest.mark.parametrize("bad", ["0", "-2", "two"])
def test_a_bad_count_is_refused_in_chinese_first(
    bad: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["audit", "a.csv", "--rules", RULES, "-o", str(tmp_path), "--workers", bad])
    assert "需要不小于 1 的整数" in capsys.readouterr().err
