"""A bounded load run of the HTTP service on loopback: requests/s and p99 latency for evaluate.

Starts the real server (uvicorn, one process) on a free 127.0.0.1 port, sends a fixed number of
``POST /api/v1/items/FSL-124/evaluate`` requests from a few client threads (httpx, keep-alive),
then the same for ``/envelope``; counts failures (any status but 200), stops the server and
appends the figures to ``benchmarks/RESULTS.md`` under their own heading. Bounded in count and in
time (it stops after ``--seconds`` whatever is left). Run: ``.venv/bin/python benchmarks/serve_load.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import socket
import statistics
import sys
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import uvicorn

from discretion import evaluate, load, to_json
from discretion.server import create_app

FACTS = {"party_type": "organisation", "goods_value": "9999"}
CASE = {"facts": FACTS}
PARTIAL = {"facts": {"party_type": "organisation"}, "assume_defaults": True}


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _run(
    base: str, path: str, body: Mapping[str, object], count: int, threads: int, stop: float
) -> dict[str, float]:
    latencies: list[float] = []
    failed = 0
    lock = threading.Lock()

    def worker(n: int) -> None:
        nonlocal failed
        with httpx.Client(base_url=base, timeout=30) as client:
            for _ in range(n):
                if time.monotonic() > stop:
                    return
                t0 = time.perf_counter()
                r = client.post(path, json=body)
                elapsed = time.perf_counter() - t0
                with lock:
                    latencies.append(elapsed)
                    failed += r.status_code != 200

    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(worker, [count // threads] * threads))
    wall = time.perf_counter() - start
    latencies.sort()
    return {
        "requests": len(latencies),
        "failed": failed,
        "rps": len(latencies) / wall,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=120)
    args = parser.parse_args()
    port = _port()
    server = uvicorn.Server(
        uvicorn.Config(create_app("rules/"), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    stop = time.monotonic() + args.seconds
    try:
        rows = {
            "evaluate": _run(
                base, "/api/v1/items/FSL-124/evaluate", CASE, args.requests, args.threads, stop
            ),
            "envelope (goods value unknown)": _run(
                base,
                "/api/v1/items/FSL-124/envelope",
                PARTIAL,
                args.requests // 4,
                args.threads,
                stop,
            ),
        }
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    # The same evaluations in process, in the same run: the service's overhead as a ratio.
    rules = load("rules/")
    n = 2000
    t0 = time.perf_counter()
    for _ in range(n):
        to_json(evaluate(rules, "FSL-124", FACTS))
    in_process = n / (time.perf_counter() - t0)
    lines = [
        "",
        "## HTTP service on loopback (benchmarks/serve_load.py)",
        "",
        f"{dt.date.today()}, one uvicorn process, {args.threads} httpx client threads with keep-alive in the "
        f"same process, {os.cpu_count()} cores **shared with six other engineers' work at the time** "
        "(figures are indicative, not a capacity).",
        "",
        "| endpoint | requests | failed | requests/s | p50 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in rows.items():
        lines.append(
            f"| {name} | {r['requests']:.0f} | {r['failed']:.0f} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} |"
        )
    ratio = rows["evaluate"]["rps"] / in_process
    lines += [
        "",
        f"In the same run, `evaluate` + `to_json` in process (one thread): {in_process:.0f}/s; "
        f"the service delivers {ratio:.2f}× that over HTTP (JSON parsing, validation of the body, "
        "the event loop and the thread pool, and the client threads sharing the same cores).",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    with Path("benchmarks/RESULTS.md").open("a", encoding="utf-8") as out:
        out.write(text)
    return 0 if all(r["failed"] == 0 for r in rows.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
