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
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

import synthetic
from discretion.audit import _run, audit, generate_archive, write_archive
from discretion.audit.dask import audit_dask
from discretion.compile._loader import loads_many

BEGIN = "<!-- begin: audit figures (benchmarks/audit.py --write) -->"
END = "<!-- end: audit figures (benchmarks/audit.py --write) -->"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"

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


def _tiled(base: pa.Table, rows: int, path: Path) -> None:
    """An archive of ``rows`` decisions written row group by row group: ``base`` repeated, each
    copy's case ids renumbered (a copy's rows are the same legal situations, new cases)."""
    base = base.drop_columns(["planted"]) if "planted" in base.column_names else base
    with pq.ParquetWriter(path, base.schema) as w:
        done = 0
        copy = 0
        while done < rows:
            part = base.slice(0, min(base.num_rows, rows - done))
            ids = pc.binary_join_element_wise(f"T{copy:04d}-", part.column("case_id"), "")
            w.write_table(part.set_column(0, "case_id", ids), row_group_size=65_536)
            done += part.num_rows
            copy += 1


_CHILD = """
import resource, sys, time
sys.path.insert(0, {bench!r})
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import synthetic
from discretion.compile._loader import loads_many
from discretion.audit import audit_to
from discretion.audit._archive import iter_archive
rules = loads_many(synthetic.standard_sources(synthetic.item_specs({items})))
t0 = time.perf_counter()
if {read_only}:
    n = sum(t.num_rows for t in iter_archive({path!r}))
else:
    n = audit_to(rules, {path!r}, {out!r}, rules_path="bench/", progress=False).decisions
print(n, time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def _child(path: Path, out: Path, items: int, read_only: bool) -> tuple[int, float, float]:
    """Peak RSS of a fresh process that streams ``path`` (audit_to, or only reads it)."""
    code = _CHILD.format(
        bench=str(Path(__file__).resolve().parent),
        items=items,
        path=str(path),
        out=str(out),
        read_only=read_only,
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    n, secs, rss = res.stdout.split()
    return int(n), float(secs), float(rss)


def stream(args: argparse.Namespace) -> int:
    """Peak RSS while streaming: audit_to over two sizes, and reading a large archive."""
    specs = synthetic.item_specs(args.items)
    rules = loads_many(synthetic.standard_sources(specs))
    base = generate_archive(rules, synthetic.generate_cases(specs, 5000), 50_000, seed=1)
    sizes = [int(x) for x in args.stream_rows.split(",")]
    rows_out = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"a{n}.parquet"
            _tiled(base, n, path)
            rows_out.append(("audit_to", n, *_child(path, Path(tmp) / f"o{n}", args.items, False)))
            path.unlink()
        path = Path(tmp) / "read.parquet"
        _tiled(base, args.read_rows, path)
        size = path.stat().st_size
        rows_out.append(
            ("iter_archive only", args.read_rows, *_child(path, Path(tmp) / "x", args.items, True))
        )
    print(
        f"#### Streaming memory — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores"
    )
    print()
    print("| run | decisions | seconds | peak RSS (MiB) |")
    print("| --- | --- | --- | --- |")
    for what, n, got, secs, rss in rows_out:
        assert got == n
        print(f"| {what} | {n:,} | {secs:.1f} | {rss:.0f} |")
    print()
    print(f"The read-only archive: Parquet {size / 2**20:.0f} MiB, row groups of 65 536.")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stream-rows", default=None, help="e.g. 50000,200000: audit_to sizes")
    parser.add_argument("--read-rows", type=int, default=10_000_000)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--dask-rows", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=2, help="processes of the second run")
    parser.add_argument("--write", action="store_true", help="into RESULTS.md, between markers")
    args = parser.parse_args()
    if args.stream_rows:
        return stream(args)
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
        load_before = os.getloadavg()
        rss0 = _rss_mib()
        t0 = time.perf_counter()
        c0 = time.process_time()
        local = audit(rules, path, rules_path="bench/", progress=False)
        t_local = time.perf_counter() - t0
        c_local = time.process_time() - c0
        rss1 = _rss_mib()
        spent = dict(SPENT)
        # The same archive on ``--workers`` processes (audit/_parallel.py: forked after the
        # first chunk); every table must equal the one-process run's.
        t0 = time.perf_counter()
        forked = audit(rules, path, rules_path="bench/", progress=False, workers=args.workers)
        t_forked = time.perf_counter() - t0
        load_after = os.getloadavg()
        same = all(
            getattr(forked, n).equals(getattr(local, n))
            for n in ("findings", "decisions", "groups", "outliers", "units", "officers", "years")
        )
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
    lines: list[str] = [BEGIN]

    def out(text: str = "") -> None:
        lines.append(text)

    out(
        f"### Audit (issue 14) — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores"
    )
    out()
    out(
        f"`benchmarks/audit.py --rows {args.rows} --dask-rows {args.dask_rows} --workers "
        f"{args.workers}`. Load average (1, 5, 15 min) before: {load_before[0]:.2f}, "
        f"{load_before[1]:.2f}, {load_before[2]:.2f}; after: {load_after[0]:.2f}, "
        f"{load_after[1]:.2f}, {load_after[2]:.2f}. "
        "The machine is shared (2 cores): where the load average exceeds 2, other work competed for"
    )
    out("the CPUs and the wall-clock figures are lower bounds; the ratios and sizes hold.")
    out()
    out("| figure | value |")
    out("| --- | --- |")
    out(f"| standard | {args.items} synthetic items (benchmarks/synthetic.py) |")
    out(
        f"| archive | {args.rows:,} decisions, Parquet {size / 2**20:.1f} MiB, generated in {t_gen:.1f} s |"
    )
    out(f"| local audit, one process | {t_local:.1f} s, {rate:,.0f} decisions/s |")
    out(f"| the same, CPU time of the process | {c_local:.1f} s |")
    out(
        f"| local audit, {args.workers} forked processes (`workers={args.workers}`) | "
        f"{t_forked:.1f} s, {args.rows / t_forked:,.0f} decisions/s; tables equal to one "
        f"process: {'yes' if same else 'NO'} |"
    )
    out(
        f"| 1 000 000 decisions at the {args.workers}-process rate | "
        f"{1_000_000 * t_forked / args.rows:.0f} s (target: 10 s on 2 cores) |"
    )
    own = t_local - spent["batch"] - spent["reference"]
    out(f"| of which in `evaluate_batch` (the decision core) | {spent['batch']:.1f} s |")
    out(
        f"| of which the reference path ({spent['reference_rows']:,} rows the columns leave:"
        f" scalar evaluate + classify) | {spent['reference']:.1f} s |"
    )
    out(
        f"| the audit's own time (read, parse, columns, statistics) | {own:.1f} s,"
        f" {own / t_loop:.1f} × a bare Python loop over the facts column ({n_loop:,} rows, {t_loop:.2f} s) |"
    )
    out(f"| peak RSS before → after the local audit | {rss0:.0f} → {rss1:.0f} MiB |")
    out(
        f"| Dask, 2 local workers, {args.dask_rows:,} decisions | {t_dask:.1f} s (local: {t_small:.1f} s; ratio {t_dask / t_small:.2f}) |"
    )
    out(
        f"| Dask findings equal to the local run's | {'yes, all seven tables' if equal else 'NO'} |"
    )
    out(
        f"| findings | {local.findings.num_rows:,} ({sum(k != 'within_range' for k in local.findings.column('kind').to_pylist()):,} not within range) |"
    )
    lines.append(END)
    text = "\n".join(lines)
    print(text)
    if args.write:
        old = RESULTS.read_text(encoding="utf-8")
        pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
        if pattern.search(old):
            new = pattern.sub(lambda _m: text, old)
        else:  # first time: at the top of the audit section
            anchor = "<!-- audit.py: begin -->\n"
            new = old.replace(anchor, anchor + text + "\n\n", 1) if anchor in old else old + text
        RESULTS.write_text(new, encoding="utf-8")
    return 0 if equal and same else 1


if __name__ == "__main__":
    sys.exit(main())
