"""evaluate_batch against a loop of evaluate calls (issue 12), as a ratio measured in one run.

Builds the synthetic standard of :mod:`synthetic`, decides the same cases once through a loop of
``discretion.evaluate`` and once through ``discretion.evaluate_batch``, checks every row agrees,
and prints a Markdown section for ``benchmarks/RESULTS.md``. Usage::

    .venv/bin/python benchmarks/batch.py --items 1000 --cases 20000

Not part of ``make test``; the machine may be shared, which the output says beside the figures.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyarrow as pa

import discretion
import synthetic
from discretion.compile._loader import loads_many


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--cases", type=int, default=20000)
    args = parser.parse_args()
    specs = synthetic.item_specs(args.items)
    rules = loads_many(synthetic.standard_sources(specs))
    cases = synthetic.generate_cases(specs, args.cases)
    table = pa.Table.from_pylist([{"item": code, **facts} for code, facts in cases])

    # A first pass warms what the library builds lazily, so that neither timed pass pays for it.
    discretion.evaluate_batch(rules, table)
    start = time.perf_counter()
    recs = [discretion.evaluate(rules, code, facts) for code, facts in cases]
    scalar = time.perf_counter() - start
    start = time.perf_counter()
    out = discretion.evaluate_batch(rules, table)
    batch = time.perf_counter() - start

    levels = out.column("level").to_pylist()
    mismatches = sum(1 for r, lv in zip(recs, levels, strict=True) if r.level != lv)
    print(f"## evaluate_batch ({args.items} items, {args.cases:,} cases; machine shared)\n")
    print("| figure | value | goal |")
    print("| --- | --- | --- |")
    print(f"| evaluate loop, cases/s | {args.cases / scalar:,.0f} | |")
    print(f"| evaluate_batch, cases/s | {args.cases / batch:,.0f} | ≥ 2 000 000 |")
    print(f"| evaluate_batch ÷ evaluate | {scalar / batch:.2f}× | ≥ 100× |")
    print(f"| rows whose level differs | {mismatches} | 0 |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
