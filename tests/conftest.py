"""Shared fixtures: the bundled rule set, loaded once per session."""

from __future__ import annotations

import itertools
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import discretion
import postgres_server

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"


@pytest.fixture(scope="session")
def rules() -> discretion.RuleSet:
    return discretion.load(RULES)


# -- the review log's three backends (tests/test_reviewlog_*.py) --------------------------------
_log_names = itertools.count()


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    if postgres_server.binaries() is None:
        message = "PostgreSQL server binaries not found: `make test` installs Debian's postgresql"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with postgres_server.server() as url:
        yield url


@pytest.fixture(params=["jsonl", "sqlite", "postgresql"])
def where(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A location for a new, empty log on each backend."""
    if request.param == "jsonl":
        return str(tmp_path / "review.jsonl")
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'review.db'}"
    url: str = request.getfixturevalue("postgres")
    return postgres_server.create_database(url, f"log_{os.getpid()}_{next(_log_names)}")


def rewrite_log(where: str, edit: Callable[[list[bytes]], list[bytes]]) -> None:
    """Change the stored lines behind the library's back, as someone with write access could."""
    if where.startswith("sqlite:"):
        with sqlite3.connect(where.removeprefix("sqlite:///")) as db:
            lines = [
                bytes(r[0])
                for r in db.execute("SELECT line FROM discretion_review_log ORDER BY seq")
            ]
            db.execute("DELETE FROM discretion_review_log")
            db.executemany(
                "INSERT INTO discretion_review_log VALUES (?, ?)", enumerate(edit(lines), start=1)
            )
    elif where.startswith("postgresql:"):
        import psycopg

        with psycopg.connect(where) as db:
            rows = db.execute("SELECT line FROM discretion_review_log ORDER BY seq").fetchall()
            db.execute("DELETE FROM discretion_review_log")
            for n, raw in enumerate(edit([bytes(r[0]) for r in rows]), start=1):
                db.execute("INSERT INTO discretion_review_log VALUES (%s, %s)", (n, raw))
    else:
        path = Path(where)
        path.write_bytes(b"".join(x + b"\n" for x in edit(path.read_bytes().splitlines())))
