"""Before/after figures for a change: two source trees measured in alternating processes.

    python benchmarks/abtest.py BEFORE AFTER [--rounds 6] [--size 100] [--cases 5000]

``BEFORE`` and ``AFTER`` are folders holding ``src/discretion`` (e.g. ``git archive HEAD src``
unpacked, and a copy with the change). Each round runs one process per tree, one after the
other; each process loads the synthetic standard of ``--size`` items and reports the CPU time of
its load and of one ``evaluate`` (best of 5 passes over the cases), plus a digest of the JSON of
every recommendation. The report is the median of each figure and of the per-round ratios: CPU
time and alternation keep a shared, noisy machine from deciding the result. Different digests
mean the change altered an answer, and the figures are not worth reading.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measure(size: int, count: int) -> str:
    """Run inside the measured process: ``load_s eval_us digest``."""
    sys.path.insert(0, str(HERE))
    import discretion
    import synthetic
    from discretion import to_json

    try:
        from discretion.compile import loads_many
    except ImportError:  # a tree from before the layout by stage (ee6444a and earlier)
        from discretion.loader import loads_many  # type: ignore[import-not-found,no-redef]

    specs = synthetic.item_specs(size)
    sources = synthetic.standard_sources(specs)
    start = time.process_time()
    ruleset = loads_many(sources)
    load = time.process_time() - start
    cases = synthetic.generate_cases(specs, count)
    digest = hashlib.sha256()
    for code, facts in cases:
        digest.update(to_json(discretion.evaluate(ruleset, code, facts)).encode())
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        for code, facts in cases:
            discretion.evaluate(ruleset, code, facts)
        best = min(best, time.process_time() - start)
    return f"{load:.4f} {best / count * 1e6:.3f} {digest.hexdigest()[:16]}"


def run_tree(tree: Path, size: int, count: int) -> tuple[float, float, str]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    out = subprocess.run(
        [sys.executable, __file__, "--measure", str(size), str(count)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd="/",  # not the project: the tree given must be the discretion imported
    ).stdout.split()
    return float(out[0]), float(out[1]), out[2]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path, nargs="?")
    parser.add_argument("after", type=Path, nargs="?")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--measure", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(measure(*args.measure))
        return 0
    if args.before is None or args.after is None:
        parser.error("give the two trees to compare")
    rows = []
    for _ in range(args.rounds):
        rows.append(
            (
                run_tree(args.before.resolve(), args.size, args.cases),
                run_tree(args.after.resolve(), args.size, args.cases),
            )
        )
    digests = {(a[2], b[2]) for a, b in rows}
    for label, pairs in (
        ("evaluate (µs CPU)", [(a[1], b[1]) for a, b in rows]),
        ("load (s CPU)", [(a[0], b[0]) for a, b in rows]),
    ):
        before = statistics.median(x for x, _y in pairs)
        after = statistics.median(y for _x, y in pairs)
        ratio = statistics.median(y / x for x, y in pairs)
        print(f"{label:<18} before {before:10.3f}  after {after:10.3f}  after/before {ratio:.3f}")
    same = all(a == b for a, b in digests)
    print("answers:", "identical" if same else f"DIFFER {sorted(digests)}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
