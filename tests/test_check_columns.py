"""``check`` through the decision core (issue 12, point 7): the same report whichever way it decides.

The circumstance check decides its cases as columns (``verify/_check/_columns``) and confirms the
pair it reports with ``evaluate``; with ``columns=False`` every case goes through ``evaluate``, as
before. Both must find the same problems, with the same wording, in the same order, the same notes
and the same counts — on the bundled standards, on the example standards, on the deliberately
broken ones and on a synthetic standard with defects planted in it. The planted defects are
checked by what the check must find (their keys, items and counter-examples), never by what the
code found before.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

import discretion
from discretion.compile._loader import loads_many
from discretion.verify._check import Report, verify
from discretion.verify._check import _columns as columns_module
from discretion.verify._examples import case_files
from strategies import BROKEN

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import synthetic  # type: ignore[import-not-found]  # noqa: E402


def both_ways(rules: discretion.RuleSet, **kwargs: object) -> tuple[Report, Report]:
    new = verify(rules, **kwargs)  # type: ignore[arg-type]
    old = verify(rules, columns=False, **kwargs)  # type: ignore[arg-type]
    return new, old


@pytest.mark.parametrize("folder", ["rules", "examples/versions"])
def test_bundled_and_example_standards_same_report(folder: str) -> None:
    rules = discretion.load(ROOT / folder)
    new, old = both_ways(rules, cases=case_files(ROOT / folder))
    assert new.problems == old.problems  # the same problems, wording and order
    assert new == old  # and the same notes and counts
    assert new.cases > 0


# band-range.yaml is refused by the loader already (tests/test_check.py): nothing to verify.
@pytest.mark.parametrize(
    "name", sorted(p.name for p in BROKEN.glob("*.yaml") if p.name != "band-range.yaml")
)
def test_broken_standards_same_report(name: str) -> None:
    rules = discretion.load(BROKEN / name)
    new, old = both_ways(rules)
    assert new == old
    assert new.problems  # each fixture is broken on purpose: there is something to compare


def _item_blocks(text: str) -> tuple[str, list[str]]:
    head, *items = re.split(r"(?m)^(?=  - code: )", text)
    return head, items


def _plant(block: str, pattern: str, replace: object) -> str:
    """``block`` with the first match of ``pattern`` replaced (a function of the match, or text)."""
    planted, count = re.subn(pattern, replace, block, count=1)  # type: ignore[call-overload]
    assert count == 1, (pattern, block[:300])
    return str(planted)


def planted_standard() -> tuple[discretion.RuleSet, dict[str, str], dict[str, int]]:
    """A 24-item synthetic standard with one planted defect in each of five items.

    The synthetic items split goods value into levels: minor ``goods_value < A``, the next
    ``goods_value >= A and goods_value < B``, …, heavy ``goods_value >= C`` (the figures are
    seeded, and read back from each item's text here). Item 1: ``>= A`` becomes ``> A`` in its
    second level — A 元 falls in no level, a gap. Item 5: minor's ``< A`` becomes ``< A + 1000``
    — from A to A + 999.99 元 two levels hold, an overlap. Item 4 (a fine that switches on
    goods value, a fixed range below a threshold, a multiple above): its minor level gets an
    explicit band whose maximum lies 1 000 元 above the first branch's statutory maximum, a
    band_range on that branch. Item 9: its aggravating circumstance ``repeat`` holds where
    ``goods_value < A`` — exactly where the level is lighter, so it lowers the fine. Item 13:
    its mitigating ``cooperated`` holds where ``goods_value >= C`` — the heavy level, so it
    raises the fine.
    """
    specs = synthetic.item_specs(24)
    sources = synthetic.standard_sources(specs)
    name, text = sources[-1]
    head, items = _item_blocks(text)
    assert len(items) == 24
    assert [specs[k].shape for k in (0, 3, 4, 8, 12)] == [
        "range",
        "switch",
        "range",
        "range",
        "range",
    ]
    planted = {}

    def minor_limit(block: str) -> int:
        found = re.search(r"goods_value < (\d+)'", block)
        assert found is not None
        return int(found.group(1))

    def heavy_limit(block: str) -> int:
        found = re.search(r'scope == "national" or goods_value >= (\d+)\)', block)
        assert found is not None
        return int(found.group(1))

    gap_at = minor_limit(items[0])
    items[0] = _plant(
        items[0], rf"and goods_value >= {gap_at} and", f"and goods_value > {gap_at} and"
    )
    planted[specs[0].code] = "gap"
    a = minor_limit(items[4])
    items[4] = _plant(items[4], rf"goods_value < {a}'", f"goods_value < {a + 1000}'")
    planted[specs[4].code] = "overlap"
    # The gravest level of item 17 measures its band by two factors whose options add up to
    # 70 % + 50 % = 120 % of the statutory maximum at most.
    factors = (
        "band: {factors: ["
        "{id: harm, label: 危害, options: [{when: health_risk, percent: 70, label: 有},"
        " {when: not health_risk, percent: 40, label: 无}]},"
        " {id: again, label: 再犯, options: [{when: repeat_offence, percent: 50, label: 是},"
        " {when: not repeat_offence, percent: 30, label: 否}]}]}"
    )
    items[16] = _plant(
        items[16], r"(when: 'serious'\n.*\n        )band: p\d_\d", rf"\g<1>{factors}"
    )
    planted[specs[16].code] = "band_range"
    items[8] = _plant(
        items[8],
        r"        when: repeat_offence\n",
        f"        when: goods_value < {minor_limit(items[8])}\n",
    )
    planted[specs[8].code] = "circumstance_direction"
    items[12] = _plant(
        items[12],
        r"        when: cooperated\n",
        f"        when: goods_value >= {heavy_limit(items[12])}\n",
    )
    planted[specs[12].code] = "circumstance_direction"
    rules = loads_many((*sources[:-1], (name, head + "".join(items))))
    return rules, planted, {"gap_at": gap_at, "overlap_from": a}


def test_planted_defects_found_and_the_same_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    rules, planted, figures = planted_standard()
    decided: list[int] = []
    real = columns_module._decide

    def counting(ctx, group, where, rows, keys):  # type: ignore[no-untyped-def]
        decided.append(len(rows))
        return real(ctx, group, where, rows, keys)

    monkeypatch.setattr(columns_module, "_decide", counting)
    new, old = both_ways(rules)
    assert sum(decided) > 1000  # the columns did decide the circumstance check's cases
    assert new.problems == old.problems
    assert new == old
    found = [(p.item, p.check) for p in new.errors]
    assert sorted(found) == sorted(planted.items())  # the five planted defects, nothing else
    by = {(p.item, p.check): p for p in new.errors}
    code = {check: item for item, check in planted.items()}
    gap = by[(code["gap"], "gap")]
    assert dict(gap.example or ())["goods_value"] == figures["gap_at"]
    overlap = by[(code["overlap"], "overlap")]
    value = dict(overlap.example or ())["goods_value"]
    assert figures["overlap_from"] <= value < figures["overlap_from"] + 1000
    band = by[(code["band_range"], "band_range")]
    assert "120%" in band.message_zh  # 70 % + 50 %
    assert dict(band.example or ()) == {
        "health_risk": True,
        "repeat_offence": True,
        "serious": True,
    }
    direction = [p for p in new.errors if p.check == "circumstance_direction"]
    assert [p.item for p in direction] == ["SYN-00009", "SYN-00013"]
    assert "从重" in direction[0].message_zh
    assert "降低" in direction[0].message_zh
    assert "从轻/减轻" in direction[1].message_zh
    assert "增加处罚种类" in direction[1].message_zh


def test_workers_same_report_as_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    from discretion.verify._check import _driver

    rules, _planted, _figures = planted_standard()
    serial = verify(rules)
    monkeypatch.setattr(_driver, "CHUNK", 5)  # five runs over two workers
    seen: list[tuple[int, int]] = []
    parallel = verify(rules, jobs=2, progress=lambda d, t: seen.append((d, t)))
    assert parallel == serial
    assert seen[-1] == (24, 24)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)


def test_ctrl_c_stops_the_workers_and_is_raised_again() -> None:
    import multiprocessing

    rules, _planted, _figures = planted_standard()
    from discretion.verify._check import _driver

    calls: list[int] = []

    def interrupt(done: int, total: int) -> None:
        calls.append(done)
        raise KeyboardInterrupt  # as Ctrl-C would, in the parent, while workers check

    old_chunk = _driver.CHUNK
    _driver.CHUNK = 2  # twelve runs: most not started when the interrupt comes
    try:
        with pytest.raises(KeyboardInterrupt):
            verify(rules, jobs=2, progress=interrupt)
    finally:
        _driver.CHUNK = old_chunk
    assert calls  # interrupted after the first run came back
    assert multiprocessing.active_children() == []  # every worker process has ended


def test_cli_check_interrupted_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from discretion.cli._main import main
    from discretion.verify import _check

    def interrupted(*args: object, **kwargs: object) -> Report:
        raise KeyboardInterrupt

    monkeypatch.setattr(_check, "verify", interrupted)
    assert main(["check", str(ROOT / "rules"), "--workers", "2"]) == 130
    captured = capsys.readouterr()
    assert "已中断" in captured.err
    assert "interrupted" in captured.err
    assert captured.out == ""  # no report, not even a partial one


def test_cli_workers_option(capsys: pytest.CaptureFixture[str]) -> None:
    from discretion.cli._main import main

    assert main(["check", str(ROOT / "rules"), "--workers", "2", "--format", "json"]) == 0
    with_workers = capsys.readouterr().out
    assert main(["check", str(ROOT / "rules"), "--jobs", "1", "--format", "json"]) == 0
    assert capsys.readouterr().out == with_workers
    with pytest.raises(SystemExit) as exc:
        main(["check", str(ROOT / "rules"), "--workers", "-1"])
    assert exc.value.code == 2
    assert "不小于 0" in capsys.readouterr().err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_only_and_never_on_standard_output(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import rich  # noqa: F401

    from discretion.cli import _progress

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    with _progress.progress_bar("校验 (checking)", 10) as progress:
        assert progress is None  # pytest's captured stderr is no terminal
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with _progress.progress_bar("校验 (checking)", 10) as progress:
        assert progress is not None
        progress(10, 10)
    assert capsys.readouterr().out == ""  # the report on standard output stays the report
    monkeypatch.setenv("CI", "true")  # a CI job, even one given a terminal: no bar
    with _progress.progress_bar("校验 (checking)", 10) as progress:
        assert progress is None
    monkeypatch.delenv("CI")
    monkeypatch.setenv("TERM", "dumb")
    with _progress.progress_bar("校验 (checking)", 10) as progress:
        assert progress is None
