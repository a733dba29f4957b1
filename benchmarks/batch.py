"""evaluate_batch against a loop of evaluate calls and a bare loop (issue 12), ratios in one run.

Builds the synthetic standard of :mod:`synthetic`, decides ``--cases`` cases through
``discretion.evaluate_batch`` (the columnar plan) and a sample of them through a loop of
``discretion.evaluate``, checks every sampled row agrees, then streams ``--stream`` rows (the
same table, repeated) through ``discretion.iter_batch`` and records the resident memory after
every chunk. Prints a Markdown section for ``benchmarks/RESULTS.md``, or writes it between the
section's markers with ``--write``. Usage::

    .venv/bin/python benchmarks/batch.py --items 1000 --cases 1000000 --stream 10000000 --write

Not part of ``make test``; the machine may be shared, which the output says beside the figures.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyarrow as pa

import discretion
import synthetic
from discretion.compile._loader import loads_many

BEGIN = "<!-- begin: evaluate_batch (benchmarks/batch.py) -->"
END = "<!-- end: evaluate_batch (benchmarks/batch.py) -->"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def _rss_kib() -> int:
    """Resident memory now (not the peak), from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _bare(cases: list[tuple[str, dict]], specs: dict[str, synthetic.ItemSpec]) -> float:
    """A bare Python loop that computes only the level of each case: the floor of any engine."""
    start = time.perf_counter()
    for code, f in cases:
        spec = specs[code]
        if f["serious"]:
            level = len(spec.levels) - 1
        elif f["scope"] == "national" or f["goods_value"] >= spec.thresholds[-1]:
            level = len(spec.levels) - 2
        else:
            level = sum(1 for t in spec.thresholds[:-1] if f["goods_value"] >= t)
        del level
    return time.perf_counter() - start


def _cpu(work: object) -> float:
    """CPU seconds (this process) of ``work()``: the machine is shared, wall time is not ours."""
    start = time.process_time()
    work()  # type: ignore[operator]
    return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=20_000, help="cases through evaluate")
    parser.add_argument("--stream", type=int, default=10_000_000)
    parser.add_argument("--chunk", type=int, default=262_144)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    load_before = os.getloadavg()
    specs = synthetic.item_specs(args.items)
    rules = loads_many(synthetic.standard_sources(specs))
    base = synthetic.generate_cases(specs, min(args.cases, 200_000))
    table = pa.Table.from_pylist([{"item": code, **facts} for code, facts in base])
    repeat = -(-args.cases // table.num_rows)
    big = pa.concat_tables([table] * repeat).slice(0, args.cases).combine_chunks()

    start = time.perf_counter()
    discretion.evaluate_batch(rules, table.slice(0, 50_000))  # plans every item once
    planning = time.perf_counter() - start

    sample = base[: args.sample]
    bare = _bare(sample, {s.code: s for s in specs})
    start = time.perf_counter()
    recs = [discretion.evaluate(rules, code, facts) for code, facts in sample]
    scalar = time.perf_counter() - start
    scalar_cpu = _cpu(lambda: [discretion.evaluate(rules, c, f) for c, f in sample])
    stats: dict[str, int] = {}
    start = time.perf_counter()
    cpu = time.process_time()
    out = discretion.evaluate_batch(rules, big, chunk_size=args.chunk, stats=stats)
    batch = time.perf_counter() - start
    batch_cpu = time.process_time() - cpu

    got = out.slice(0, len(sample))
    levels = got.column("level").to_pylist()
    fmin = got.column("fine_min_fen").to_pylist()
    mismatches = 0
    for r, lv, fm in zip(recs, levels, fmin, strict=True):
        fine = r.penalty("fine")
        want = None if fine is None or fine.min is None else int(fine.min * 100)
        mismatches += r.level != lv or want != fm
    del out, got

    # Streaming: the same table, over and over, as record batches; RSS after every chunk.
    def stream() -> object:
        sent = 0
        while sent < args.stream:
            for b in table.to_batches(max_chunksize=args.chunk):
                if sent >= args.stream:
                    return
                b = b.slice(0, min(b.num_rows, args.stream - sent))
                sent += b.num_rows
                yield b

    rss = []
    streamed = 0
    start = time.perf_counter()
    for result in discretion.iter_batch(rules, stream(), chunk_size=args.chunk):
        streamed += result.num_rows
        rss.append(_rss_kib())
    stream_time = time.perf_counter() - start
    settled = rss[len(rss) // 10 :] or rss  # after the first tenth, once caches are warm
    spread = (max(settled) - min(settled)) / min(settled) * 100
    middle = (max(settled) + min(settled)) / 2
    around = (max(settled) - middle) / middle * 100
    first_half, second_half = settled[: len(settled) // 2], settled[len(settled) // 2 :]
    drift = (
        (sum(second_half) / len(second_half) - sum(first_half) / len(first_half))
        / (sum(first_half) / len(first_half))
        * 100
        if first_half and second_half
        else 0.0
    )
    load_after = os.getloadavg()

    rate_batch = args.cases / batch
    rate_scalar = len(sample) / scalar
    cpu_batch = args.cases / batch_cpu
    cpu_scalar = len(sample) / scalar_cpu
    lines = [
        BEGIN,
        f"## evaluate_batch, the columnar plan ({args.items} items; machine shared with other "
        "engineers, timings noisy)",
        "",
        "Measured in one run by `.venv/bin/python benchmarks/batch.py "
        f"--items {args.items} --cases {args.cases} --stream {args.stream} --chunk {args.chunk}`"
        " (one process, one core). Load average (1, 5, 15 min) before: "
        f"{load_before[0]:.2f}, {load_before[1]:.2f}, {load_before[2]:.2f}; after: "
        f"{load_after[0]:.2f}, {load_after[1]:.2f}, {load_after[2]:.2f} (2 cores, shared).",
        "",
        "| figure | value | goal |",
        "| --- | --- | --- |",
        f"| bare loop (level only), cases/s | {len(sample) / bare:,.0f} | |",
        f"| evaluate loop, cases/s ({len(sample):,} cases) | {rate_scalar:,.0f} | |",
        f"| evaluate_batch, cases/s ({args.cases:,} cases) | {rate_batch:,.0f} | ≥ 2 000 000 |",
        f"| evaluate_batch ÷ evaluate | {rate_batch / rate_scalar:.1f}× | ≥ 100× |",
        f"| evaluate_batch, cases per CPU second (process time) | {cpu_batch:,.0f} | ≥ 2 000 000 |",
        f"| evaluate_batch ÷ evaluate, in CPU time (a second loop of the sample) | "
        f"{cpu_batch / cpu_scalar:.1f}× | ≥ 100× |",
        f"| rows decided by the plan / by the scalar fallback | {stats.get('columnar', 0):,} / "
        f"{stats.get('scalar', 0):,} | all by the plan |",
        f"| planning the {args.items} items (first batch, once per rule set) | {planning:.1f} s | |",
        f"| sampled rows whose level or fine differs from evaluate | {mismatches} | 0 |",
        f"| streamed rows (iter_batch), cases/s | {streamed / stream_time:,.0f} | |",
        f"| resident memory over {streamed:,} streamed rows (after the first tenth) | "
        f"{min(settled) / 1024:,.0f}–{max(settled) / 1024:,.0f} MiB over {len(settled)} chunks: "
        f"± {around:.1f} % around the midpoint (max − min = {spread:.1f} % of min); mean of the "
        f"second half vs the first: {drift:+.1f} % | flat ± 5 % |",
        END,
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
        pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
        new = pattern.sub(lambda _m: text, old) if pattern.search(old) else old + "\n" + text + "\n"
        RESULTS.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
