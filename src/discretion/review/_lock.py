"""One small function that locks an open file, on POSIX and on Windows.

Written here rather than taken from ``filelock``/``portalocker`` because the log needs a lock on
the log file itself, shared for readers and exclusive for writers, held on the descriptor it
writes through; those libraries lock a separate lock file, or add a dependency for ten lines.
``fcntl`` and ``msvcrt`` are imported when a lock is taken, never at import time, so
``import discretion`` works where ``fcntl`` does not exist (issue 16).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def locked(fd: int, *, shared: bool = False) -> Iterator[None]:
    """Hold a lock on the open file ``fd`` for the ``with`` block.

    POSIX: ``flock``, shared or exclusive, blocking. Windows: ``msvcrt.locking`` on the first
    byte, always exclusive (Windows has no shared byte lock in msvcrt), retried until granted.
    """
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                break
            except OSError:
                time.sleep(0.005)
        try:
            yield
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)


def pread(fd: int, size: int, offset: int) -> bytes:
    """``os.pread`` where it exists; seek and read elsewhere (Windows)."""
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, size)
