"""Which backend a log location names: a path, ``sqlite:///…`` or ``postgresql://…``."""

from __future__ import annotations

import os

from ._chain import ReviewLogError
from ._store import Store


def open_store(location: str | os.PathLike[str]) -> Store:
    """The backend a location names (see :mod:`._store`)."""
    text = os.fspath(location)
    if text.startswith("sqlite:"):
        from ._sql import SqliteStore

        return SqliteStore(text)
    if text.startswith(("postgresql:", "postgres:")):
        from ._sql import PostgresStore

        return PostgresStore(text)
    if "://" in text:
        raise ReviewLogError(
            f"不支持的记录位置 / unknown log location {text!r}: a file path, sqlite:///…, "
            "or postgresql://…",
            file=text,
        )
    from ._jsonl import JsonLinesStore

    return JsonLinesStore(text)
