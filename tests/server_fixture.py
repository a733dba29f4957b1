"""A real uvicorn server on a free 127.0.0.1 port, started in a thread and stopped after the tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import uvicorn

import discretion.server as server_mod


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def running(log: Path | None, rules: str | Path = "rules/") -> Iterator[str]:
    """Serve ``rules`` (rules/ by default) with a review log at ``log``; yield the base URL;
    stop the server."""
    app = server_mod.create_app(rules, log=log, body_limit=16 * 1024)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
