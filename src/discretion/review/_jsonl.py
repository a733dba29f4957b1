"""The review log as a JSON Lines file: one host, any number of processes.

An append takes an exclusive lock on the file, reads and checks the last line, and writes the
whole new line with one ``os.write`` on an ``O_APPEND`` descriptor, then ``fsync``\\ s before the
lock is released: writers never interleave or lose entries. A writer killed mid-write leaves a
torn last line; it is reported, and every later append refuses, until :meth:`repair` cuts it and
records what it cut. Readers take the file's size under a shared lock and stream up to it, so
they never see half an append and never hold up a writer for long.

Entry ``n`` is line ``n`` and each line starts ``{"seq":n,``: :meth:`find` bisects the file by
byte offset (a few small reads at any size) instead of reading it whole.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ._chain import Line, ReviewLogError, parse
from ._lock import locked, pread
from ._store import Make, MakeRepair, Store, check_last

_CHUNK = 1 << 16
_PROBE = 1 << 13  # forward reads while bisecting: most of a line, never much more
_SEQ = re.compile(rb'\{"seq":(\d{1,40}),')


class JsonLinesStore(Store):
    """A JSON Lines file; created on the first append."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.location = os.fspath(path)

    def exists(self) -> bool:
        return self.path.is_file()

    def need(self) -> None:
        if self.path.is_dir():
            raise ReviewLogError(
                f"这是文件夹，不是审核记录 / {self.location} is a folder, not a review log file",
                file=self.location,
            )
        super().need()

    def _open(self, flags: int) -> int:
        try:
            return os.open(self.path, flags | getattr(os, "O_CLOEXEC", 0) | _BINARY, 0o644)
        except (IsADirectoryError, FileNotFoundError) as exc:
            if not flags & os.O_CREAT or self.path.is_dir():
                self.need()  # names the folder, or the missing log
            raise ReviewLogError(
                f"无法创建审核记录 / cannot create the review log: {exc.strerror}",
                file=self.location,
                hint="does the folder exist?",
            ) from None
        except OSError as exc:
            raise ReviewLogError(
                f"无法打开审核记录 / cannot open the review log: {exc.strerror}",
                file=self.location,
            ) from None

    # -- writing ---------------------------------------------------------------------------
    def append(self, make: Make) -> int:
        if self.path.is_dir():
            self.need()
        created = not self.path.exists()
        fd = self._open(os.O_RDWR | os.O_APPEND | os.O_CREAT)
        try:
            with locked(fd):
                size = os.fstat(fd).st_size
                last = None
                if size:
                    start, tail = _last_line(fd, size)
                    complete = tail.endswith(b"\n")
                    last = check_last(
                        tail.rstrip(b"\n") if complete else tail,
                        complete,
                        lambda: _count_lines(fd, start) + 1,
                        self.location,
                    )
                line = make(last) + b"\n"
                _write_or_undo(fd, line, size)
                position = 1 if last is None else int(last["seq"]) + 1
        finally:
            os.close(fd)
        if created:
            _fsync_dir(self.path.parent)
        return position

    def load(self, lines: Iterable[bytes]) -> int:
        fd = self._open(os.O_RDWR | os.O_APPEND | os.O_CREAT)
        count = 0
        try:
            with locked(fd):
                if os.fstat(fd).st_size:
                    raise ReviewLogError(
                        f"目标记录不是空的 / {self.location} already holds entries: import "
                        "only into a new log",
                        file=self.location,
                    )
                for raw in lines:
                    _write_or_undo(fd, raw + b"\n", os.fstat(fd).st_size, sync=False)
                    count += 1
                os.fsync(fd)
        finally:
            os.close(fd)
        return count

    def repair(self, make: MakeRepair) -> tuple[int, bytes] | None:
        self.need()
        fd = self._open(os.O_RDWR)
        try:
            with locked(fd):
                size = os.fstat(fd).st_size
                if size == 0:
                    return None
                start, tail = _last_line(fd, size)
                if tail.endswith(b"\n") and isinstance(parse(tail.rstrip(b"\n")), dict):
                    return None
                number = _count_lines(fd, start) + 1
                previous = None
                if start > 0:
                    _before, prev_line = _last_line(fd, start)
                    parsed = parse(prev_line.rstrip(b"\n"))
                    if isinstance(parsed, str):
                        raise ReviewLogError(
                            "the line before the torn one is not an entry either "
                            f"({parsed}): this is not a crash, the log was altered; nothing is "
                            "cut (run discretion log verify)",
                            file=self.location,
                            line=number - 1,
                        )
                    previous = parsed
                line = make(previous, number, start, tail) + b"\n"
                os.lseek(fd, start, os.SEEK_SET)
                os.ftruncate(fd, start)
                _write_or_undo(fd, line, start)
        finally:
            os.close(fd)
        return number, line.rstrip(b"\n")

    # -- reading -----------------------------------------------------------------------------
    def _size(self, fd: int) -> int:
        with locked(fd, shared=True):
            return os.fstat(fd).st_size

    def lines(self) -> Iterator[Line]:
        self.need()
        fd = self._open(os.O_RDONLY)
        try:
            size = self._size(fd)
            number, offset, rest = 0, 0, b""
            while offset < size:
                chunk = pread(fd, min(_CHUNK * 16, size - offset), offset)
                if not chunk:
                    break
                offset += len(chunk)
                pieces = (rest + chunk).split(b"\n")
                rest = pieces.pop()
                for raw in pieces:
                    number += 1
                    yield number, raw, True
            if rest:
                yield number + 1, rest, False
        finally:
            os.close(fd)

    def find(self, seq: int) -> tuple[int, bytes] | None:
        self.need()
        fd = self._open(os.O_RDONLY)
        try:
            size = self._size(fd)
            found = _bisect(fd, size, seq)
        finally:
            os.close(fd)
        if found is not None:
            return found
        # A damaged log: fall back to reading it through (only on this error path).
        for number, raw, complete in self.lines():
            match = _SEQ.match(raw)
            if complete and match and int(match.group(1)) == seq:
                return number, raw
        return None


_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


def _write_or_undo(fd: int, line: bytes, size: int, *, sync: bool = True) -> None:
    """Write one whole line; on any failure cut back to ``size`` (the lock is still held)."""
    try:
        written = os.write(fd, line)
        if written != len(line):
            raise OSError(f"short write: {written} of {len(line)} bytes")
        if sync:
            os.fsync(fd)
    except BaseException:
        os.ftruncate(fd, size)
        os.fsync(fd)
        raise


def _line_from(fd: int, start: int, size: int) -> bytes:
    """The line starting at ``start``, without its newline (up to ``size``)."""
    out = b""
    offset = start
    while offset < size:
        chunk = pread(fd, min(_PROBE, size - offset), offset)
        cut = chunk.find(b"\n")
        if cut >= 0:
            return out + chunk[:cut]
        out += chunk
        offset += len(chunk)
    return out


def _next_start(fd: int, offset: int, size: int) -> int:
    """The first line start after ``offset`` (``size`` when there is none)."""
    while offset < size:
        chunk = pread(fd, min(_PROBE, size - offset), offset)
        cut = chunk.find(b"\n")
        if cut >= 0:
            return offset + cut + 1
        offset += len(chunk)
    return size


def _bisect(fd: int, size: int, seq: int) -> tuple[int, bytes] | None:
    """Find entry ``seq`` by bisecting line starts; ``None`` if the file is not as expected."""
    lo, hi = 0, size  # lo: a line start whose entry is <= seq; no start in [hi, size) is <= seq
    first = _SEQ.match(pread(fd, 64, 0))
    if first is None or int(first.group(1)) > seq:
        return None
    while hi - lo > 1:
        mid = (lo + hi) // 2
        start = _next_start(fd, mid, size)
        if start >= hi:
            hi = mid + 1 if mid + 1 < hi else hi - 1
            continue
        match = _SEQ.match(pread(fd, 64, start))
        if match is None:
            return None
        if int(match.group(1)) <= seq:
            lo = start
        else:
            hi = start
    raw = _line_from(fd, lo, size)
    match = _SEQ.match(raw)
    if match is None or int(match.group(1)) != seq:
        return None
    return seq, raw  # in a log that checks, entry n is on line n


def _last_line(fd: int, end: int) -> tuple[int, bytes]:
    """The offset and bytes of the last line in ``[0, end)``, its newline included."""
    pos = end - 1  # skip the final newline itself
    start = 0
    while pos > 0:
        lo = max(0, pos - _CHUNK)
        chunk = pread(fd, pos - lo, lo)
        found = chunk.rfind(b"\n")
        if found >= 0:
            start = lo + found + 1
            break
        pos = lo
    return start, pread(fd, end - start, start)


def _count_lines(fd: int, end: int) -> int:
    """How many newlines lie in ``[0, end)``."""
    count = 0
    offset = 0
    while offset < end:
        chunk = pread(fd, min(_CHUNK * 16, end - offset), offset)
        if not chunk:
            break
        count += chunk.count(b"\n")
        offset += len(chunk)
    return count


def _fsync_dir(path: Path) -> None:
    """Make a newly created file's directory entry durable too (POSIX; a no-op elsewhere)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        return  # some file systems refuse fsync on directories; the file itself is synced
    finally:
        os.close(fd)
