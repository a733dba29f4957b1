"""The review log (法制审核记录 / 全过程记录): an append-only, hash-chained JSON Lines file.

One line per entry, written as canonical JSON: compact (no spaces), UTF-8, keys in the order they
were written — parsing a line and writing it again gives the same bytes. (Keys are not sorted:
the order of a recommendation's facts and steps is part of what it says.) Every entry holds, in
this order:

* ``seq`` — 1, 2, 3, … in file order;
* ``time`` — when it was written (the caller may inject a clock);
* ``kind`` — ``recommendation`` (the whole :func:`discretion.explain._jsonio.to_dict` form: facts, result,
  steps, the standard's digest), ``decision`` (the officer's final decision, naming the
  recommendation's ``seq`` and ``hash``) or ``repair`` (what :meth:`ReviewLog.repair` cut);
* ``prev`` — the ``hash`` of the entry before it (:data:`GENESIS` for the first);
* the entry's own fields;
* ``hash`` — ``sha256:`` over the canonical JSON of the entry without ``hash``.

So :meth:`ReviewLog.verify` finds an edited, deleted, inserted or reordered entry and names the
first bad line. The chain cannot show that entries were cut from the *end* of the file: keep the
head hash that ``verify`` prints (in the case file, say) and pass it back as ``head``.

Durability: an append takes an exclusive ``flock`` on the file, reads the last entry, and writes
the whole new line with one ``os.write`` on an ``O_APPEND`` descriptor, then ``fsync``\\ s before the
lock is released. Writers in several processes therefore never interleave or lose entries. A
writer killed mid-write leaves a torn last line (no newline, or not JSON); ``verify`` reports it and
every later append refuses until :meth:`ReviewLog.repair` cuts it and records what it cut.
"""

from __future__ import annotations

import base64
import datetime as dt
import fcntl
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..decide._result import Recommendation
from ..errors import DiscretionError
from ..explain._jsonio import to_dict
from ._decision import Decision, check_decision

GENESIS = "sha256:" + "0" * 64
"""The ``prev`` of the first entry."""

Clock = Callable[[], dt.datetime]
_CHUNK = 1 << 16


class ReviewLogError(DiscretionError):
    """The review log cannot be read or appended to as it stands (see ``discretion log verify``)."""


class TornLogError(ReviewLogError):
    """The last line is incomplete (a writer stopped mid-append); run ``discretion log repair``."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of the log, as read back.

    Attributes:
        line: its 1-based line in the file.
        data: the whole entry, as JSON data.
    """

    line: int
    data: Mapping[str, Any]

    @property
    def seq(self) -> int:
        """The sequence number."""
        return int(self.data["seq"])

    @property
    def kind(self) -> str:
        """``recommendation``, ``decision`` or ``repair``."""
        return str(self.data["kind"])

    @property
    def hash(self) -> str:
        """``sha256:…`` of the entry; the next entry's ``prev``."""
        return str(self.data["hash"])


@dataclass(frozen=True, slots=True)
class Problem:
    """The first thing wrong with a log.

    Attributes:
        line: the 1-based line where the chain first fails to check.
        kind: ``edited``, ``deleted``, ``inserted``, ``reordered``, ``torn``, ``chain``,
            ``reference`` or ``truncated``.
        message: what was expected and what was found.
    """

    line: int
    kind: str
    message: str


@dataclass(frozen=True, slots=True)
class Verification:
    """The result of :meth:`ReviewLog.verify`.

    Attributes:
        ok: no problem was found.
        entries: how many entries checked before the first problem (all of them when ``ok``).
        head: the hash of the last entry that checked (``None`` for an empty log).
        problem: the first problem, or ``None``.
    """

    ok: bool
    entries: int
    head: str | None
    problem: Problem | None = None


def canonical(data: Mapping[str, Any]) -> bytes:
    """The canonical JSON of an entry: keys in order, no whitespace, UTF-8, no NaN."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode(
        "utf-8"
    )


def entry_hash(data: Mapping[str, Any]) -> str:
    """The hash of an entry: sha256 over its canonical JSON without the ``hash`` key."""
    body = {k: v for k, v in data.items() if k != "hash"}
    return "sha256:" + hashlib.sha256(canonical(body)).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ReviewLog:
    """An append-only, hash-chained review log in one JSON Lines file.

    Args:
        path: the log file; created on the first append.
        clock: returns the time stamped on each entry (default: now, UTC).

    >>> import tempfile, pathlib
    >>> log = ReviewLog(pathlib.Path(tempfile.mkdtemp()) / "review.jsonl")
    >>> log.verify().ok, log.verify().entries
    (True, 0)
    """

    def __init__(self, path: str | os.PathLike[str], *, clock: Clock | None = None) -> None:
        self.path = Path(path)
        self.clock = clock or _now

    # -- writing -----------------------------------------------------------------------------
    def record(
        self, rec: Recommendation, *, case: str | None = None, officer: str | None = None
    ) -> Entry:
        """Append a recommendation (facts, result, steps, the standard's digest).

        Args:
            rec: the recommendation, as :func:`discretion.evaluate` returned it.
            case: the case number (案号), if the caller has one.
            officer: who asked for the recommendation.

        Returns:
            The entry written; its ``seq`` is what a decision refers to.

        Raises:
            TornLogError: the last line is torn; run :meth:`repair` first.
            ReviewLogError: the last entry does not check; run :meth:`verify`.
        """
        payload: dict[str, Any] = {
            "kind": "recommendation",
            "item": rec.item,
            "digest": rec.ruleset.digest,
            "recommendation": to_dict(rec),
        }
        if case is not None:
            payload["case"] = case
        if officer is not None:
            payload["officer"] = officer
        return self._append(payload)

    def decide(self, seq: int, decision: Decision | Mapping[str, Any]) -> Entry:
        """Append the officer's final decision on the recommendation at ``seq``.

        A decision outside a recommended range, or one that drops or adds a penalty, is a
        departure (调整适用): it is refused unless it states a reason and an approval by the
        principal head (负责人批准) or by collective discussion (集体讨论), with who approved.

        Raises:
            DecisionError: the decision names an unknown penalty, lacks an amount, or exceeds a
                statutory maximum (never allowed).
            DepartureError: a departure without reason and approval.
            ReviewLogError: no recommendation has this ``seq``.
        """
        chosen = decision if isinstance(decision, Decision) else Decision.from_mapping(decision)
        target = self.find(seq)
        if target.kind != "recommendation":
            raise ReviewLogError(
                f"entry {seq} is a {target.kind}, not a recommendation",
                file=str(self.path),
                line=target.line,
                field="seq",
            )
        body = check_decision(target.data["recommendation"], chosen)
        payload = {
            "kind": "decision",
            "recommendation": {"seq": target.seq, "hash": target.hash},
            **body,
        }
        return self._append(payload)

    def _append(self, payload: Mapping[str, Any]) -> Entry:
        flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC
        created = not self.path.exists()
        fd = os.open(self.path, flags, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            size = os.fstat(fd).st_size
            last = self._last(fd, size)
            entry = self._seal(payload, last)
            line = canonical(entry) + b"\n"
            try:
                written = os.write(fd, line)
                if written != len(line):
                    raise OSError(f"short write: {written} of {len(line)} bytes")
                os.fsync(fd)
            except BaseException:
                # Leave no torn line behind: the lock is still held, nobody wrote after us.
                os.ftruncate(fd, size)
                os.fsync(fd)
                raise
            if created:
                _fsync_dir(self.path.parent)
        finally:
            os.close(fd)  # releases the lock
        # In a log that checks, entry n is on line n.
        return Entry(int(entry["seq"]), entry)

    def _seal(self, payload: Mapping[str, Any], last: Mapping[str, Any] | None) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "seq": 1 if last is None else int(last["seq"]) + 1,
            "time": self.clock().isoformat(),
            "kind": payload["kind"],
            "prev": GENESIS if last is None else str(last["hash"]),
        }
        entry.update((k, v) for k, v in payload.items() if k not in entry)
        entry["hash"] = entry_hash(entry)
        return entry

    def _last(self, fd: int, size: int) -> Mapping[str, Any] | None:
        """The last entry; refuses a torn or altered last line."""
        if size == 0:
            return None
        start, tail = _last_line(fd, size)
        data = _parse(tail) if tail.endswith(b"\n") else None
        if data is not None and entry_hash(data) == data["hash"]:
            return data
        # Only the error paths count lines: that reads the whole file.
        line = _count_lines(fd, start) + 1
        if data is None:
            what = (
                f"is incomplete ({len(tail)} bytes without a newline)"
                if not tail.endswith(b"\n")
                else "is not a valid entry (not JSON)"
            )
            raise TornLogError(
                f"the last line {what}: a writer stopped mid-append; nothing is appended until "
                "it is resolved (末行不完整，须先运行 discretion log repair 截除并记录)",
                file=str(self.path),
                line=line,
                hint=f"run: discretion log repair {self.path}",
            )
        raise ReviewLogError(
            "the last entry does not match its hash: the log was altered; nothing is appended "
            "(末条记录与其哈希不符，日志已被改动)",
            file=str(self.path),
            line=line,
            hint=f"run: discretion log verify {self.path}",
        )

    # -- repair ----------------------------------------------------------------------------------
    def repair(self) -> Entry | None:
        """Cut a torn last line and record what was cut; ``None`` when nothing is torn.

        The cut bytes are kept, base64-encoded, in the repair entry with their length and
        sha256, and the entry is written over them in the same write, so the record of the cut
        and the cut itself cannot be separated by a crash.
        """
        if not self.path.exists():
            return None
        fd = os.open(self.path, os.O_RDWR | os.O_CLOEXEC)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            size = os.fstat(fd).st_size
            if size == 0:
                return None
            start, tail = _last_line(fd, size)
            if tail.endswith(b"\n") and _parse(tail) is not None:
                return None
            lineno = _count_lines(fd, start) + 1
            previous = None
            if start > 0:
                _prev_start, prev_line = _last_line(fd, start)
                previous = _parse(prev_line)
                if previous is None:
                    raise ReviewLogError(
                        "the line before the torn one is not an entry either: this is not a "
                        "crash, the log was altered; nothing is cut (run discretion log verify)",
                        file=str(self.path),
                        line=lineno - 1,
                    )
            entry = self._seal(
                {
                    "kind": "repair",
                    "line": lineno,
                    "removed": {
                        "offset": start,
                        "length": len(tail),
                        "sha256": hashlib.sha256(tail).hexdigest(),
                        "base64": base64.b64encode(tail).decode("ascii"),
                    },
                },
                previous,
            )
            line = canonical(entry) + b"\n"
            os.pwrite(fd, line, start)
            os.ftruncate(fd, start + len(line))
            os.fsync(fd)
        finally:
            os.close(fd)
        return Entry(lineno, entry)

    # -- reading -----------------------------------------------------------------------------
    def _read(self) -> bytes:
        """The whole file, under a shared lock so that no append is half-seen."""
        with self.path.open("rb") as f:
            fcntl.flock(f.fileno(), fcntl.LOCK_SH)
            return f.read()

    def entries(self) -> Iterator[Entry | Problem]:
        """Every line in order: an :class:`Entry`, or a :class:`Problem` for one that is not JSON."""
        if not self.path.exists():
            return
        data = self._read()
        lines = data.split(b"\n")
        complete = lines[:-1]
        for number, raw in enumerate(complete, start=1):
            try:
                parsed = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError):
                yield Problem(number, "edited", "not valid JSON")
                continue
            if _is_entry(parsed):
                yield Entry(number, parsed)
            else:
                yield Problem(number, "edited", "not a log entry")
        if lines[-1]:
            yield Problem(len(lines), "torn", f"incomplete last line ({len(lines[-1])} bytes)")

    def find(self, seq: int) -> Entry:
        """The entry with this sequence number.

        Raises:
            ReviewLogError: no complete entry has it.
        """
        needle = f'"seq":{seq},'.encode()
        if self.path.exists():
            lines = self._read().split(b"\n")[:-1]
            for number in range(len(lines), 0, -1):
                raw = lines[number - 1]
                if needle not in raw:
                    continue
                try:
                    data = json.loads(raw)
                except (json.JSONDecodeError, UnicodeDecodeError):
                    continue
                if _is_entry(data) and data["seq"] == seq:
                    return Entry(number, data)
        raise ReviewLogError(
            f"no entry with sequence number {seq} in the log", file=str(self.path), field="seq"
        )

    def verify(self, *, head: str | None = None) -> Verification:
        """Check the whole chain; name the first bad line and why.

        Args:
            head: the hash the log is expected to end with (kept elsewhere, e.g. in the case
                file); detects entries cut from the end, which the chain alone cannot.
        """
        data = self._read() if self.path.exists() else b""
        return verify_bytes(data, head=head)


def verify_bytes(data: bytes, *, head: str | None = None) -> Verification:
    """Check a log's bytes: see :meth:`ReviewLog.verify`.

    Each line must be a canonical entry whose hash matches its content, whose ``seq`` follows
    the line before, and whose ``prev`` is that line's hash; a decision must name an earlier
    recommendation by its ``seq`` and ``hash``. The first line that fails is named with the kind
    of tampering it shows.
    """
    pieces = data.split(b"\n")
    lines = pieces[:-1] + ([pieces[-1]] if pieces[-1] else [])
    torn_tail = bool(pieces[-1])
    parsed = [_parse(raw) for raw in lines]
    where: dict[int, list[int]] = {}
    for number, entry in enumerate(parsed, start=1):
        if entry is not None:
            where.setdefault(entry["seq"], []).append(number)
    hashes: dict[int, str] = {}
    kinds: dict[int, str] = {}
    prev = GENESIS

    def fail(line: int, kind: str, message: str) -> Verification:
        # Entries before the bad line checked; in a sound log entry n is line n.
        good = min(line - 1, len(hashes))
        return Verification(False, good, hashes.get(good), Problem(line, kind, message))

    for number, (raw, entry) in enumerate(zip(lines, parsed, strict=True), start=1):
        last = number == len(lines)
        if last and torn_tail:
            return fail(
                number,
                "torn",
                f"incomplete last line ({len(raw)} bytes without a newline): a writer stopped "
                "mid-append; run discretion log repair",
            )
        if entry is None:
            if last:
                return fail(
                    number, "torn", "the last line is not a valid entry; run discretion log repair"
                )
            what = (
                "an empty line"
                if not raw.strip()
                else "not a valid entry (not JSON, or fields missing)"
            )
            return fail(number, "edited", f"{what}: the line was edited or inserted")
        if canonical(entry) != raw:
            return fail(number, "edited", "not in canonical form: the line was edited")
        if _line_hash(raw, entry) != entry["hash"]:
            return fail(
                number, "edited", "its content does not match its hash: the entry was edited"
            )
        seq = entry["seq"]
        expected = len(hashes) + 1
        if seq > expected:
            later = [n for n in where.get(expected, []) if n > number]
            if later:
                return fail(
                    number,
                    "reordered",
                    f"entry {seq} stands where entry {expected} belongs; entry {expected} is at "
                    f"line {later[0]}",
                )
            missing = f"{expected}" if seq == expected + 1 else f"{expected}–{seq - 1}"
            return fail(
                number,
                "deleted",
                f"entry {missing} is missing: found entry {seq} after entry {expected - 1}",
            )
        if seq < expected:
            earlier = where[seq][0]
            if lines[earlier - 1] == raw:
                return fail(
                    number, "inserted", f"a copy of line {earlier} (entry {seq}) was inserted"
                )
            follows = parsed[number] if number < len(parsed) else None
            if follows is not None and follows["prev"] == entry["hash"]:
                # The chain continues from this line: the earlier one with the same number is
                # the intruder.
                return fail(
                    earlier,
                    "inserted",
                    f"entry {seq} appears twice (lines {earlier} and {number}) and the chain "
                    f"continues from line {number}: line {earlier} was inserted",
                )
            return fail(
                number,
                "inserted",
                f"entry {seq} appears twice (lines {earlier} and {number}): line {number} was inserted",
            )
        if entry["prev"] != prev:
            if number == 1:
                return fail(
                    number, "chain", "the first entry must start the chain (prev = GENESIS)"
                )
            return fail(
                number - 1,
                "edited",
                f"line {number} does not chain to line {number - 1}: line {number - 1} was "
                "changed and its hash recomputed, or replaced",
            )
        if entry["kind"] == "decision":
            ref = entry.get("recommendation")
            ref_seq = ref.get("seq") if isinstance(ref, dict) else None
            if (
                not isinstance(ref_seq, int)
                or ref_seq not in hashes
                or kinds[ref_seq] != "recommendation"
                or hashes[ref_seq] != ref.get("hash")  # type: ignore[union-attr]
            ):
                return fail(
                    number,
                    "reference",
                    f"the decision names recommendation {ref_seq!r}, which is not an earlier "
                    "recommendation with that hash",
                )
        hashes[seq] = entry["hash"]
        kinds[seq] = entry["kind"]
        prev = entry["hash"]
    if head is not None and head not in hashes.values():
        return fail(
            len(lines) + 1,
            "truncated",
            f"the recorded head {head} is not in the log (it ends at entry {len(hashes)}, "
            f"{prev}): entries were removed from the end, or rewritten",
        )
    return Verification(True, len(hashes), prev if hashes else None)


def _line_hash(raw: bytes, entry: Mapping[str, Any]) -> str:
    """:func:`entry_hash` of a canonical line, without serialising it again.

    With ``hash`` the last key, the canonical body is the line up to ``,"hash":`` plus ``}``.
    """
    if list(entry)[-1] == "hash" and len(entry) > 1:
        cut = raw.rindex(b',"hash":')
        return "sha256:" + hashlib.sha256(raw[:cut] + b"}").hexdigest()
    return entry_hash(entry)


def _is_entry(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("seq"), int)
        and not isinstance(data.get("seq"), bool)
        and isinstance(data.get("hash"), str)
        and isinstance(data.get("prev"), str)
        and isinstance(data.get("kind"), str)
    )


def _parse(raw: bytes) -> dict[str, Any] | None:
    """The entry on one line, or ``None`` when it is not JSON or not shaped like an entry."""
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    return data if _is_entry(data) else None


def _last_line(fd: int, end: int) -> tuple[int, bytes]:
    """The offset and bytes of the last line in ``[0, end)``, its newline included."""
    # Skip the final newline itself: the line it ends starts after the newline before it.
    search_end = end - 1
    pos = search_end
    start = 0
    while pos > 0:
        lo = max(0, pos - _CHUNK)
        chunk = os.pread(fd, pos - lo, lo)
        found = chunk.rfind(b"\n")
        if found >= 0:
            start = lo + found + 1
            break
        pos = lo
    return start, os.pread(fd, end - start, start)


def _count_lines(fd: int, end: int) -> int:
    """How many newlines lie in ``[0, end)``."""
    count = 0
    offset = 0
    while offset < end:
        chunk = os.pread(fd, min(_CHUNK * 16, end - offset), offset)
        if not chunk:
            break
        count += chunk.count(b"\n")
        offset += len(chunk)
    return count


def _fsync_dir(path: Path) -> None:
    """Make a newly created file's directory entry durable too."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on directories; the file itself is synced
    finally:
        os.close(fd)
