"""Loading and checking a 10 000-item standard (issue 12, points 6 and 7), measured in one run.

Builds the synthetic standard of :mod:`synthetic` (its YAML text, so parsing is real), then
measures, in this one process and one run:

- loading it from YAML (``loads_many``: parse, validate, compile every item) — goal < 20 s;
- writing its compiled form and loading that (``discretion.load(FILE)``) — goal < 2 s; then the
  first evaluation of one item, which compiles that item;
- ``check`` of the first ``--serial-items`` items in this process, once with every case through
  ``evaluate`` (``columns=False``, the way before issue 12 point 7) and once with the cases
  decided as columns (the default), for the per-item cost and its ratio; then of every item in
  ``--jobs`` worker processes (goal < 60 s on 2 cores), on the rule set loaded from YAML (as
  ``discretion check`` has it) and on the one loaded from the compiled form.

Wall-clock and CPU seconds are both printed: the machine is shared, so wall time includes waiting
for a core; ratios within the run are what compare. The section is written into
``benchmarks/RESULTS.md`` between its markers (other sections are kept). Usage::

    .venv/bin/python benchmarks/load_check.py --items 10000 --jobs 2

Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import discretion
import synthetic
from discretion.compile._compiled import write_compiled
from discretion.compile._loader import loads_many
from discretion.verify._check import verify

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
BEGIN = "<!-- load_check.py: begin -->"
END = "<!-- load_check.py: end -->"


def timed(run: Callable[[], Any]) -> tuple[Any, float, float]:
    """The result, wall seconds and CPU seconds of this process (children: see ``children``)."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = run()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--serial-items", type=int, default=200)
    parser.add_argument("--no-check", action="store_true", help="measure loading only")
    parser.add_argument("--write", action="store_true", help="write the section into RESULTS.md")
    args = parser.parse_args()
    load_start = os.getloadavg()[0]
    sources = synthetic.standard_sources(synthetic.item_specs(args.items))
    lines = sum(text.count("\n") for _name, text in sources)

    rules, yaml_wall, yaml_cpu = timed(lambda: loads_many(sources))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "standard.dcr"
        _none, write_wall, _ = timed(lambda: write_compiled(rules, out))
        size = out.stat().st_size
        compiled, load_wall, load_cpu = timed(lambda: discretion.load(out))
    code = compiled.codes[len(compiled.codes) // 2]
    facts = {"goods_value": "20", "party_type": "organisation", "illegal_gains": "0"}
    _rec, first_wall, _ = timed(lambda: discretion.evaluate(compiled, code, facts))
    rows = [
        f"| load from YAML ({lines:,} lines) | {yaml_wall:.2f} s | {yaml_cpu:.2f} s | < 20 s |",
        f"| write the compiled form ({size / 2**20:.0f} MiB) | {write_wall:.2f} s | | |",
        f"| load the compiled form | {load_wall:.2f} s | {load_cpu:.2f} s | < 2 s |",
        f"| then the first evaluate of one item (compiles it) | {first_wall * 1000:.1f} ms | | |",
        f"| compiled load ÷ YAML load (CPU) | {load_cpu / yaml_cpu:.3f} | | |",
    ]
    if not args.no_check:
        subset = loads_many(
            synthetic.standard_sources(synthetic.item_specs(args.items)[: args.serial_items])
        )
        verify(loads_many(synthetic.standard_sources(synthetic.item_specs(8))))  # imports, once
        # One process, the same items both ways: the cases through evaluate (the way before
        # issue 12 point 7) and decided as columns (the default); the ratio is the figure.
        old, old_wall, old_cpu = timed(lambda: verify(subset, columns=False))
        serial, serial_wall, serial_cpu = timed(lambda: verify(subset))
        assert serial == old, "the columns changed the report"
        per_item = serial_cpu / serial.items
        before = children_cpu()
        load_before = os.getloadavg()[0]
        report, check_wall, check_cpu = timed(lambda: verify(rules, jobs=args.jobs))
        workers = children_cpu() - before
        before = children_cpu()
        again, again_wall, again_cpu = timed(lambda: verify(compiled, jobs=args.jobs))
        again_workers = children_cpu() - before
        assert again == report
        rows += [
            f"| check {serial.items} items, 1 process, every case through `evaluate` "
            f"(`columns=False`) | {old_wall:.1f} s | {old_cpu:.1f} s "
            f"({old_cpu / old.items * 1000:.1f} ms/item) | |",
            f"| check {serial.items} items, 1 process, cases as columns (default) | "
            f"{serial_wall:.1f} s | {serial_cpu:.1f} s ({per_item * 1000:.1f} ms/item) | |",
            f"| columns ÷ evaluate, CPU per item | {serial_cpu / old_cpu:.2f} | | |",
            f"| check {report.items:,} items loaded from YAML, {args.jobs} worker processes "
            f"(load average before {load_before:.1f}) | {check_wall:.1f} s | "
            f"{check_cpu:.1f} s here + {workers:.1f} s in workers | < 60 s |",
            f"| check {again.items:,} items loaded from the compiled form (each worker compiles "
            f"its items on first use), {args.jobs} worker processes | {again_wall:.1f} s | "
            f"{again_cpu:.1f} s here + {again_workers:.1f} s in workers | |",
            f"| check: problems found / fact combinations | {len(report.problems)} / "
            f"{report.combinations:,} | | |",
        ]
    text = "\n".join(
        [
            BEGIN,
            "### Load and check, 10 000 items (benchmarks/load_check.py)",
            "",
            f"`{' '.join(['.venv/bin/python', 'benchmarks/load_check.py', *sys.argv[1:]])}` — "
            f"{args.items:,}-item synthetic standard, Python {platform.python_version()}, "
            f"{os.cpu_count()} cores shared with other work (wall time includes waiting for a "
            f"core; load average at the start {load_start:.1f}, at the end "
            f"{os.getloadavg()[0]:.1f}).",
            "",
            "| what | wall | CPU | goal |",
            "| --- | --- | --- | --- |",
            *rows,
            END,
        ]
    )
    print(text)
    if args.write:
        current = RESULTS.read_text(encoding="utf-8")
        if BEGIN in current and END in current:
            head, rest = current.split(BEGIN, 1)
            current = head + text + rest.split(END, 1)[1]
        else:
            current = current.rstrip("\n") + "\n\n" + text + "\n"
        RESULTS.write_text(current, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
