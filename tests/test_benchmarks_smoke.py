"""The benchmark code (``benchmarks/``) on a tiny standard, so that it cannot rot unnoticed.

No timing is asserted (speed belongs in ``make bench``). What is asserted: the generator is
deterministic and its standard loads; the bare loop and GoRules ZEN — built from the generator's
parameters, never from the library's compiled rule set — give the library's level and fine range
on every case (two independent implementations agreeing); and the runner goes through every
measurement and writes its report.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import pytest

import discretion
from discretion.compile._loader import loads_many

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture(scope="module")
def bench() -> tuple[ModuleType, ModuleType, ModuleType]:
    with pytest.MonkeyPatch.context() as mp:
        mp.syspath_prepend(str(BENCHMARKS))
        return (
            importlib.import_module("synthetic"),
            importlib.import_module("peers"),
            importlib.import_module("run"),
        )


def test_generator_is_deterministic_and_loads(bench: tuple[ModuleType, ...]) -> None:
    synthetic, _peers, _run = bench
    specs = synthetic.item_specs(10)
    assert synthetic.standard_sources(specs) == synthetic.standard_sources(synthetic.item_specs(10))
    assert synthetic.generate_cases(specs, 50) == synthetic.generate_cases(specs, 50)
    ruleset = loads_many(synthetic.standard_sources(specs))
    assert sorted(ruleset.codes) == [f"SYN-{i:05d}" for i in range(1, 11)]
    # Shaped like the real standards: 4 and 5 levels, every amount shape.
    assert {len(ruleset.item(s.code).levels) for s in specs} == {4, 5}
    assert {s.shape for s in specs} == set(synthetic.SHAPES)


def test_bare_loop_agrees_with_the_library(bench: tuple[ModuleType, ...]) -> None:
    synthetic, peers, _run = bench
    specs = synthetic.item_specs(10)
    ruleset = loads_many(synthetic.standard_sources(specs))
    cases = synthetic.generate_cases(specs, 50)
    expected = [peers.library_answer(discretion.evaluate(ruleset, c, f)) for c, f in cases]
    assert peers.mismatches(expected, peers.BareLoop(specs).run(cases), cases) == []
    # The cases reach several levels and both reduced and unreduced fines.
    assert len({level for level, _lo, _hi in expected}) >= 3
    assert any(lo == 0 for _level, lo, _hi in expected)
    assert any(lo is not None and lo > 0 for _level, lo, _hi in expected)


def test_zen_agrees_with_the_library(bench: tuple[ModuleType, ...]) -> None:
    import zen  # noqa: F401

    synthetic, peers, _run = bench
    specs = synthetic.item_specs(10)
    ruleset = loads_many(synthetic.standard_sources(specs))
    cases = synthetic.generate_cases(specs, 50)
    expected = [peers.library_answer(discretion.evaluate(ruleset, c, f)) for c, f in cases]
    found = [peers.Zen.answer(r) for r in peers.Zen(specs).run(cases)]
    assert peers.mismatches(expected, found, cases) == []


def test_runner_measures_everything_and_reports(
    bench: tuple[ModuleType, ...], tmp_path: Path
) -> None:
    _synthetic, _peers, run = bench
    plan = run.Plan(
        sizes=(10,),
        cases=50,
        subset=20,
        rounds=1,
        durable_subset=5,
        latency_calls=20,
        memory_evaluations=50,
        memory_size=10,
        check_max=0,
    )
    result = run.Bench(plan)
    result.run()
    text = run.report(result, "pytest")
    for heading in ("## Throughput", "## Load, static check", "## Latency", "## Resident memory"):
        assert heading in text
    assert "bare loop: 50 cases equal" in text
    assert "DIFFERS" not in text


def test_a_large_standard_written_out_in_full_loads(bench: tuple[ModuleType, ...]) -> None:
    # 1 000 items hold about 320 000 YAML values, more than the fixed budget that stops alias
    # expansion; a file written out in full is never refused for its size (issue 12 loads 10 000).
    synthetic, _peers, _run = bench
    ruleset = loads_many(synthetic.standard_sources(synthetic.item_specs(1000)))
    assert len(ruleset) == 1000


def test_run_py_rewrites_only_its_own_section(
    bench: tuple[ModuleType, ...], tmp_path: Path
) -> None:
    _synthetic, _peers, run = bench
    results = tmp_path / "RESULTS.md"
    other = (
        "<!-- other.py: begin -->\n## Another script's figures\n| a | 1 |\n<!-- other.py: end -->"
    )
    # A file from before the markers: run.py's output on top, another section after it.
    results.write_text(
        "# Benchmark results\n\n## Throughput (cases per second)\nold\n\n" + other + "\n",
        encoding="utf-8",
    )
    run.splice(results, "# Benchmark results\n\n## Throughput (cases per second)\nnew one\n")
    first = results.read_text(encoding="utf-8")
    assert "old" not in first
    assert "new one" in first
    assert other in first
    run.splice(results, "# Benchmark results\n\n## Throughput (cases per second)\nnew two\n")
    second = results.read_text(encoding="utf-8")
    assert "new one" not in second
    assert "new two" in second
    assert second.count(run.BEGIN) == 1
    assert other in second
