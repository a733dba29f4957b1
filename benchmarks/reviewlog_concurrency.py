"""Review log: concurrent appends on each backend, and how fast decide and verify are.

Usage: ``python benchmarks/reviewlog_concurrency.py [--appends 200] [--entries 8000]``
(from the repository, with ``.[dev]`` installed; PostgreSQL from Debian's binaries, started here
on 127.0.0.1 as the tests do). Writes its own section of ``benchmarks/RESULTS.md``, between
the markers below, leaving the rest of the file as it is.

For each backend, P processes append N recommendations each at the same time; afterwards the log
must hold every entry (0 lost), no sequence number twice, and verify. Throughputs are given as a
ratio to one process on the same backend in the same run, because the machine is shared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import discretion  # noqa: E402
import postgres_server  # noqa: E402 - the tests' server helper, found through sys.path
from discretion.review import ReviewLog  # noqa: E402

BEGIN = "<!-- reviewlog_concurrency.py: begin -->"
END = "<!-- reviewlog_concurrency.py: end -->"
FACTS = {"party_type": "organisation", "goods_value": 20, "first_violation": True}


def _recommendation() -> discretion.Recommendation:
    return discretion.evaluate(discretion.load(ROOT / "rules"), "FSL-124", FACTS)


def _worker(where: str, worker: int, count: int, start: float) -> None:
    rec = _recommendation()
    log = ReviewLog(where)
    while time.time() < start:
        time.sleep(0.001)
    for i in range(count):
        log.record(rec, case=f"{worker}-{i}")


def _run(where: str, processes: int, appends: int) -> dict[str, object]:
    ReviewLog(where).record(_recommendation(), case="start")
    ctx = multiprocessing.get_context("spawn")
    start = time.time() + 2.0  # every worker has imported and loaded before the clock starts
    procs = [ctx.Process(target=_worker, args=(where, w, appends, start)) for w in range(processes)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    elapsed = time.time() - start
    log = ReviewLog(where)
    result = log.verify()
    seqs = Counter(json.loads(raw)["seq"] for raw in log.lines())
    expected = processes * appends + 1
    return {
        "processes": processes,
        "appends": appends,
        "seconds": elapsed,
        "per_second": processes * appends / elapsed,
        "lost": expected - len(seqs),
        "duplicate": sum(n - 1 for n in seqs.values() if n > 1),
        "valid": result.ok and result.entries == expected,
        "exit": [p.exitcode for p in procs],
    }


def _speed(folder: Path, entries: int) -> dict[str, float]:
    """decide (find by sequence) and verify on a JSON Lines log of ``entries`` recommendations."""
    path = folder / "big.jsonl"
    rec = _recommendation()
    log = ReviewLog(path)
    # Appended through the library, each entry hashed and synced; on tmpfs, fsync is cheap.
    for _ in range(entries):
        log.record(rec)
    size = path.stat().st_size
    t = time.perf_counter()
    for seq in range(1, entries, max(1, entries // 50)):
        log.find(seq)
    find = (time.perf_counter() - t) / len(range(1, entries, max(1, entries // 50)))
    t = time.perf_counter()
    whole = [raw for raw in path.read_bytes().split(b"\n") if b'"seq":4000,' in raw]
    read_all = time.perf_counter() - t
    del whole
    t = time.perf_counter()
    ok = log.verify().ok
    verify = time.perf_counter() - t
    before = _verify_before(path)
    return {"entries": entries, "mb": size / 1e6, "find": find, "read_all": read_all,
            "verify": verify, "ok": float(ok), "verify_before": before}  # fmt: skip


BEFORE = "41571b8"  # the last commit with the one-module log (issue 18 measured it)


def _verify_before(path: Path) -> float:
    """The previous ``verify`` (the whole file read, then checked) on the same file, from git."""
    import importlib.util
    import subprocess

    try:
        source = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{BEFORE}:src/discretion/review/_log.py"],
            capture_output=True, check=True, timeout=60,
        ).stdout  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return float("nan")
    with tempfile.NamedTemporaryFile("wb", suffix=".py", delete=False) as f:
        f.write(source)
    spec = importlib.util.spec_from_file_location("discretion.review._log_before", f.name)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    os.unlink(f.name)
    t = time.perf_counter()
    assert module.verify_bytes(path.read_bytes()).ok
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--appends", type=int, default=200, help="appends per process")
    parser.add_argument("--processes", default="1,2,4,8")
    parser.add_argument("--entries", type=int, default=8000, help="entries for decide/verify")
    args = parser.parse_args()
    counts = [int(x) for x in args.processes.split(",")]
    load = os.getloadavg()
    shm = Path("/dev/shm")
    base = Path(tempfile.mkdtemp(prefix="discretion-bench-"))
    fast = Path(tempfile.mkdtemp(prefix="discretion-bench-", dir=shm if shm.is_dir() else None))
    rows: list[tuple[str, dict[str, object]]] = []
    try:
        with postgres_server.server() as url:
            for backend in ("jsonl", "sqlite", "postgresql"):
                for n, processes in enumerate(counts):
                    if backend == "jsonl":
                        where = str(base / f"log-{n}.jsonl")
                    elif backend == "sqlite":
                        where = f"sqlite:///{base / f'log-{n}.db'}"
                    else:
                        where = postgres_server.create_database(url, f"bench_{n}")
                    rows.append((backend, _run(where, processes, args.appends)))
                    print(backend, rows[-1][1], flush=True)
        speed = _speed(fast, args.entries)
        print(speed, flush=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)
        shutil.rmtree(fast, ignore_errors=True)
    _write(rows, speed, args, load, os.getloadavg())


def _write(
    rows: list[tuple[str, dict[str, object]]],
    speed: dict[str, float],
    args: argparse.Namespace,
    before: tuple[float, float, float],
    after: tuple[float, float, float],
) -> None:
    single = {b: float(r["per_second"]) for b, r in rows if r["processes"] == 1}  # type: ignore[arg-type]
    lines = [
        BEGIN,
        "## Review log: concurrent appends, decide and verify",
        "",
        f"Written by `python benchmarks/reviewlog_concurrency.py --appends {args.appends} "
        f"--entries {args.entries}` on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC "
        "(not by `run.py`). The machine is shared with other engineers' work while this ran "
        f"(load average {before[0]:.1f} at the start, {after[0]:.1f} at the end, 2 CPUs): read "
        "the ratios, not the absolute rates. Each append is one FSL-124 recommendation "
        "(about 15 KB) made durable before the next: fsync for the file, `synchronous=FULL` "
        "for SQLite in WAL mode, a committed transaction with fsync on for PostgreSQL 15 "
        "(127.0.0.1, one connection per append). Files on the machine's disk, whose fsync "
        "latency other work changes: rates of single runs swing widely (up to 3 × between two "
        "runs here); what must hold in every run is the last three columns.",
        "",
        "| backend | processes × appends | appends/s | ÷ one process | lost | duplicate seq | chain |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for backend, r in rows:
        rate = float(r["per_second"])  # type: ignore[arg-type]
        lines.append(
            f"| {backend} | {r['processes']} × {r['appends']} | {rate:,.0f} | "
            f"{rate / single[backend]:.2f} | {r['lost']} | {r['duplicate']} | "
            f"{'valid' if r['valid'] else 'INVALID'} |"
        )
    lines += [
        "",
        f"decide and verify on a JSON Lines log of {speed['entries']:,.0f} recommendations "
        f"({speed['mb']:.0f} MB, on tmpfs): finding a recommendation by its sequence number "
        f"takes {speed['find'] * 1e3:.2f} ms (bisecting by byte offset); reading the file whole, "
        f"as `decide` did before, takes {speed['read_all'] * 1e3:.0f} ms, "
        f"{speed['read_all'] / speed['find']:,.0f} × as long. `verify` streams the whole log "
        f"in {speed['verify']:.1f} s ({speed['mb'] / speed['verify']:.0f} MB/s); the previous "
        f"`verify` (commit {BEFORE}: the file read whole, every line parsed up front) takes "
        f"{speed['verify_before']:.1f} s on the same file, "
        f"{speed['verify_before'] / speed['verify']:.1f} × as long.",
        END,
    ]
    results = ROOT / "benchmarks" / "RESULTS.md"
    text = results.read_text(encoding="utf-8")
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + text[text.index(END) + len(END) :].lstrip("\n")
    results.write_text(text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
