"""The review log in a database: SQLite (the service's embedded default) and PostgreSQL.

One table, ``discretion_review_log (seq PRIMARY KEY, line)``; ``line`` holds the very bytes a JSON
Lines file would, so the chain, the hashes and export/import are the same. The primary key makes
a duplicate sequence number impossible; appends are serialised so the chain never forks:

* SQLite: WAL journal (readers never block the writer), ``BEGIN IMMEDIATE`` takes the single
  writer's lock before the last entry is read, ``synchronous=FULL`` makes a commit durable.
* PostgreSQL: ``LOCK TABLE … IN SHARE ROW EXCLUSIVE MODE`` inside the append's transaction
  serialises writers on every host while readers go on; the table is created under an advisory
  lock, so two first writers do not race.

A database commits whole rows or nothing: there is no torn line to repair. Reading streams
rows in ``seq`` order; :meth:`find` is the primary key's lookup.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from ._chain import Line, ReviewLogError
from ._store import Make, Store, check_last

TABLE = "discretion_review_log"
_BATCH = 500


@contextmanager
def _errors(location: str, kinds: tuple[type[Exception], ...]) -> Iterator[None]:
    """A database's own error (not a database, a table of another shape…) as ours."""
    try:
        yield
    except kinds as exc:
        raise ReviewLogError(
            f"数据库出错 / the database refused: {str(exc).strip() or type(exc).__name__}",
            file=location,
            hint="is this a review log created by discretion?",
        ) from None


class SqliteStore(Store):
    """``sqlite:///relative/path.db`` or ``sqlite:////absolute/path.db``."""

    def __init__(self, url: str) -> None:
        self.location = url
        path = url.removeprefix("sqlite:").removeprefix("//")
        if not path.startswith("/") or path == "/":
            raise ReviewLogError(
                f"SQLite 地址应为 sqlite:///文件 / a SQLite log is sqlite:///file.db, not {url!r}",
                file=url,
            )
        self.path = Path(path[1:])

    def exists(self) -> bool:
        if not self.path.is_file():
            return False
        with closing(self._connect()) as db, _errors(self.location, (sqlite3.Error,)):
            row = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (TABLE,)
            ).fetchone()
        return row is not None

    def _connect(self) -> sqlite3.Connection:
        if self.path.is_dir():
            raise ReviewLogError(
                f"这是文件夹，不是数据库 / {self.path} is a folder, not a SQLite file",
                file=self.location,
            )
        try:
            db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            db.execute("PRAGMA busy_timeout = 60000")
        except sqlite3.Error as exc:
            raise ReviewLogError(
                f"无法打开 SQLite 数据库 / cannot open the SQLite database: {exc}",
                file=self.location,
            ) from None
        return db

    def _writer(self) -> sqlite3.Connection:
        db = self._connect()
        try:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = FULL")
            db.execute(
                f"CREATE TABLE IF NOT EXISTS {TABLE} (seq INTEGER PRIMARY KEY, line BLOB NOT NULL)"
            )
        except sqlite3.Error as exc:
            db.close()
            raise ReviewLogError(
                f"不是可用的审核记录数据库 / not a usable review-log database: {exc}",
                file=self.location,
            ) from None
        return db

    def append(self, make: Make) -> int:
        with self._writing() as db:
            return _append(db, make, "?", self.location)

    def load(self, lines: Iterable[bytes]) -> int:
        with self._writing() as db:
            return _load(db, lines, "?", self.location)

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken before reading the head (BEGIN IMMEDIATE), so two
        writers never append after the same entry; rolled back on any error."""
        with closing(self._writer()) as db, _errors(self.location, (sqlite3.Error,)):
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def lines(self) -> Iterator[Line]:
        self.need()
        with closing(self._connect()) as db, _errors(self.location, (sqlite3.Error,)):
            # One read transaction: a snapshot, whatever is appended meanwhile.
            db.execute("BEGIN")
            rows = db.execute(f"SELECT line FROM {TABLE} ORDER BY seq")
            for number, (raw,) in enumerate(rows, start=1):
                yield number, bytes(raw), True
            db.execute("COMMIT")

    def find(self, seq: int) -> tuple[int, bytes] | None:
        self.need()
        with closing(self._connect()) as db, _errors(self.location, (sqlite3.Error,)):
            row = db.execute(f"SELECT line FROM {TABLE} WHERE seq = ?", (seq,)).fetchone()
        return None if row is None else (seq, bytes(row[0]))


class PostgresStore(Store):
    """``postgresql://user[:password]@host[:port]/database`` (libpq's URL, psycopg 3)."""

    def __init__(self, url: str) -> None:
        self.location = url
        self.url = url

    def _connect(self) -> Any:
        try:
            import psycopg
        except ImportError:
            raise ReviewLogError(
                "PostgreSQL 需要 psycopg / a PostgreSQL log needs psycopg: pip install "
                "'discretion[postgres]'",
                file=self.location,
            ) from None
        try:
            return psycopg.connect(self.url, autocommit=False, connect_timeout=30)
        except psycopg.Error as exc:
            raise ReviewLogError(
                f"无法连接 PostgreSQL / cannot connect to PostgreSQL: {exc}".strip(),
                file=self.location,
            ) from None

    def _kinds(self) -> tuple[type[Exception], ...]:
        import psycopg

        return (psycopg.Error,)

    def exists(self) -> bool:
        with self._connect() as db, _errors(self.location, self._kinds()):
            row = db.execute("SELECT to_regclass(%s)", (TABLE,)).fetchone()
        return row is not None and row[0] is not None

    def _create(self, db: Any) -> None:
        db.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (TABLE,))
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (seq bigint PRIMARY KEY, line bytea NOT NULL)"
        )
        db.execute(f"LOCK TABLE {TABLE} IN SHARE ROW EXCLUSIVE MODE")

    def append(self, make: Make) -> int:
        # The connection commits on success and rolls back on an exception.
        with self._connect() as db, _errors(self.location, self._kinds()):
            self._create(db)
            return _append(db, make, "%s", self.location)

    def load(self, lines: Iterable[bytes]) -> int:
        with self._connect() as db, _errors(self.location, self._kinds()):
            self._create(db)
            return _load(db, lines, "%s", self.location)

    def lines(self) -> Iterator[Line]:
        self.need()
        with (
            self._connect() as db,
            _errors(self.location, self._kinds()),
            db.cursor(name="discretion_verify") as cur,
        ):
            # A server-side cursor: rows arrive in batches, never the whole table at once.
            cur.itersize = _BATCH
            cur.execute(f"SELECT line FROM {TABLE} ORDER BY seq")
            for number, (raw,) in enumerate(cur, start=1):
                yield number, bytes(raw), True

    def find(self, seq: int) -> tuple[int, bytes] | None:
        self.need()
        with self._connect() as db, _errors(self.location, self._kinds()):
            row = db.execute(f"SELECT line FROM {TABLE} WHERE seq = %s", (seq,)).fetchone()
        return None if row is None else (seq, bytes(row[0]))


def _append(db: Any, make: Make, mark: str, location: str) -> int:
    """Inside the writers' lock: check the last row, insert the next (same SQL for both)."""
    row = db.execute(f"SELECT seq, line FROM {TABLE} ORDER BY seq DESC LIMIT 1").fetchone()
    last = None
    if row is not None:
        last = check_last(bytes(row[1]), True, lambda: int(row[0]), location)
    line = make(last)
    seq = 1 if last is None else int(last["seq"]) + 1
    db.execute(f"INSERT INTO {TABLE} (seq, line) VALUES ({mark}, {mark})", (seq, line))
    return seq


def _load(db: Any, lines: Iterable[bytes], mark: str, location: str) -> int:
    if db.execute(f"SELECT 1 FROM {TABLE} LIMIT 1").fetchone() is not None:
        raise ReviewLogError(
            f"目标记录不是空的 / {location} already holds entries: import only into a new log",
            file=location,
        )
    count = 0
    for count, raw in enumerate(lines, start=1):
        db.execute(f"INSERT INTO {TABLE} (seq, line) VALUES ({mark}, {mark})", (count, raw))
    return count
