"""Where a review log is kept: one interface, three backends with one semantics.

Every backend keeps the same canonical line per entry, in order; appends are serialised (a file
lock, SQLite's single writer, a PostgreSQL table lock), so the chain never forks, no entry is lost
and no sequence number is used twice. A location names the backend:

* a path (``review.jsonl``) — a JSON Lines file, one host (:mod:`._jsonl`);
* ``sqlite:///relative.db`` or ``sqlite:////absolute.db`` — SQLite in WAL mode (:mod:`._sql`);
* ``postgresql://user@host/db`` — PostgreSQL, several hosts (:mod:`._sql`, needs the extra
  ``discretion[postgres]``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ._chain import Line, ReviewLogError, TornLogError, algorithm_of, line_hash, parse

Make = Callable[[dict[str, Any] | None], bytes]
"""Builds the new line from the last entry (``None`` in an empty log)."""

MakeRepair = Callable[[dict[str, Any] | None, int, int, bytes], bytes]
"""Builds a repair entry's line from the entry before the cut, its line, offset and bytes."""


class Store(ABC):
    """A place that keeps a log's lines in order and appends one at a time.

    Attributes:
        location: how the user named it (path or URL), for messages.
    """

    location: str

    @abstractmethod
    def exists(self) -> bool:
        """Whether the log exists (a missing log is an error for every reader)."""

    @abstractmethod
    def append(self, make: Make) -> int:
        """Under the writers' lock: check the last entry, build the line, write it durably.

        Returns:
            The new line's 1-based position.
        """

    @abstractmethod
    def lines(self) -> Iterator[Line]:
        """The stored lines in order, read as a stream (nothing half-written is seen)."""

    @abstractmethod
    def find(self, seq: int) -> tuple[int, bytes] | None:
        """The line holding entry ``seq``, without reading the whole log."""

    @abstractmethod
    def load(self, lines: Iterable[bytes]) -> int:
        """Fill an empty log with these lines (import); refuses a log that has entries."""

    def repair(self, make: MakeRepair) -> tuple[int, bytes] | None:
        """Cut a torn last line and write the repair entry in its place, in one write.

        Returns the repair entry's line and bytes, or ``None`` when nothing is torn (always, in
        a database: it commits whole rows or nothing).
        """
        self.need()
        return None

    def need(self) -> None:
        """Raise a clear error when the log does not exist."""
        if not self.exists():
            raise ReviewLogError(
                f"审核记录不存在 / the review log does not exist: {self.location}",
                file=self.location,
                hint="check the path or URL; record a recommendation first to create it",
            )


def check_last(
    raw: bytes, complete: bool, line: Callable[[], int], location: str
) -> dict[str, Any]:
    """The last entry, parsed and checked; a torn or altered last line refuses the append."""
    data = parse(raw) if complete else None
    if isinstance(data, dict) and line_hash(raw, data, algorithm_of(data["hash"])) == data["hash"]:
        return data
    if not isinstance(data, dict):
        what = (
            f"is incomplete ({len(raw)} bytes without a newline)"
            if not complete
            else f"is not a valid entry ({data})"
        )
        raise TornLogError(
            f"末行不完整，须先运行 discretion log repair 截除并记录 / the last line {what}: a "
            "writer stopped mid-append; nothing is appended until it is resolved",
            file=location,
            line=line(),
            hint=f"run: discretion log repair {location}",
        )
    raise ReviewLogError(
        "末条记录与其哈希不符，日志已被改动 / the last entry does not match its hash: the log "
        "was altered; nothing is appended",
        file=location,
        line=line(),
        hint=f"run: discretion log verify {location}",
    )
