"""A throw-away PostgreSQL server on 127.0.0.1 for the review log's tests and benchmark.

Uses the server binaries of Debian's ``postgresql`` package (``make test`` installs it when
missing, see the Makefile's ``postgres-server``). PostgreSQL refuses to run as root, and CI runs as
root: there the server runs as the package's ``postgres`` user, in a folder it owns.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def binaries() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, or ``None``."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return versions[-1].parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(*, fsync: bool = True) -> Iterator[str]:
    """Start a server, yield ``postgresql://postgres@127.0.0.1:PORT``, stop and remove it."""
    bindir = binaries()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
    base = Path(tempfile.mkdtemp(prefix="discretion-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        import pwd

        user = pwd.getpwnam("postgres")
        os.chown(base, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data = base / "data"
    port = _free_port()
    run = {"check": True, "capture_output": True, "timeout": 120}
    subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
         "-E", "UTF8", "--no-sync"],
        **run,
    )  # type: ignore[call-overload]  # fmt: skip
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {base} -c max_connections=200"
    if not fsync:
        options += " -c fsync=off -c synchronous_commit=off"
    subprocess.run(
        [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
         str(base / "server.log"), "-w", "-t", "60", "start"],
        **run,
    )  # type: ignore[call-overload]  # fmt: skip
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            capture_output=True,
            timeout=120,
            check=False,
        )
        time.sleep(0.1)
        shutil.rmtree(base, ignore_errors=True)


def create_database(url: str, name: str) -> str:
    """Create an empty database on the server; its URL."""
    import psycopg

    with psycopg.connect(f"{url}/postgres", autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    return f"{url}/{name}"
