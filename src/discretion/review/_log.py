"""The review log (法制审核记录 / 全过程记录): an append-only, hash-chained record.

One canonical JSON line per entry — compact, UTF-8, keys in the order written, so parsing a line
and writing it again gives the same bytes (keys are not sorted: the order of a recommendation's
facts and steps is part of what it says). Every entry holds, in this order:

* ``seq`` — 1, 2, 3, …;
* ``time`` — when it was written (the caller may inject a clock);
* ``kind`` — ``recommendation`` (the whole :func:`discretion.explain._jsonio.to_dict` form and the
  standard's digest), ``review`` (the legality reviewer's opinion on one), ``decision`` (the
  officer's final decision), ``checkpoint`` (a signed head, :mod:`._sign`) or ``repair`` (what
  :meth:`ReviewLog.repair` cut);
* ``prev`` — the ``hash`` of the entry before it (:func:`genesis` for the first);
* the entry's own fields (the first entry also names the chain's ``hash_algorithm``);
* ``hash`` — ``sha256:`` (or ``sm3:``) over the canonical JSON of the entry without ``hash``.

:meth:`ReviewLog.verify` finds an edited, deleted, inserted or reordered entry and names the
first bad line; the chain cannot show entries cut from the *end*: keep the head hash it prints
(or sign it, :meth:`ReviewLog.checkpoint`). The log lives in a JSON Lines file, SQLite or
PostgreSQL (:mod:`._store`), with the same entries and the same checks.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..decide._result import Recommendation
from ..explain._jsonio import to_dict
from . import _sign
from ._chain import (
    GENESIS,
    Problem,
    ReviewLogError,
    TornLogError,
    Verification,
    algorithm_of,
    canonical,
    digest,
    entry_hash,
    genesis,
    parse,
    verify_lines,
)
from ._decision import Decision, check_decision
from ._reviewer import Person, person, review_fields
from ._store import Store
from ._where import open_store

__all__ = [
    "GENESIS",
    "Entry",
    "ReviewLog",
    "ReviewLogError",
    "TornLogError",
    "canonical",
    "entry_hash",
]

Clock = Callable[[], dt.datetime]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of the log, as read back.

    Attributes:
        line: its 1-based line in the file (row, in a database).
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
        """``recommendation``, ``review``, ``decision``, ``checkpoint`` or ``repair``."""
        return str(self.data["kind"])

    @property
    def hash(self) -> str:
        """``sha256:…`` (or ``sm3:…``) of the entry; the next entry's ``prev``."""
        return str(self.data["hash"])


class ReviewLog:
    """An append-only, hash-chained review log.

    Args:
        location: a JSON Lines file path, ``sqlite:///file.db`` or ``postgresql://…``; a file
            or table is created on the first append.
        clock: returns the time stamped on each entry (default: now, UTC).
        hash: the chain's hash for a *new* log, ``sha256`` or ``sm3`` (GB/T 32905); recorded in
            the first entry, and an existing log keeps the one it records.

    >>> import tempfile, pathlib
    >>> log = ReviewLog(pathlib.Path(tempfile.mkdtemp()) / "review.jsonl")
    >>> log.record  # doctest: +ELLIPSIS
    <bound method ReviewLog.record of ...>
    """

    def __init__(
        self,
        location: str | os.PathLike[str],
        *,
        clock: Clock | None = None,
        hash: str = "sha256",
    ) -> None:
        self.store: Store = open_store(location)
        self.location = os.fspath(location)
        self.path = Path(self.location)
        self.clock = clock or _now
        digest(hash, b"")  # refuse an unknown or unavailable algorithm now, not at the append
        self.hash = hash

    def __repr__(self) -> str:
        return f"ReviewLog({self.location!r})"

    # -- writing -----------------------------------------------------------------------------
    def record(
        self,
        rec: Recommendation,
        *,
        case: str | None = None,
        officer: str | Person | None = None,
    ) -> Entry:
        """Append a recommendation (facts, result, steps, the standard's digest).

        Args:
            rec: the recommendation, as :func:`discretion.evaluate` returned it.
            case: the case number (案号), if the caller has one.
            officer: who asked for it: a name, or a :class:`Person` with the certificate number.

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
        who = person(officer, "officer")
        if who is not None:
            payload["officer"] = who
        return self._append(payload)

    def review(self, seq: int, reviewer: Person, opinion: str, reasons: str | None = None) -> Entry:
        """Append the legality reviewer's opinion (法制审核意见) on the recommendation at ``seq``.

        Args:
            reviewer: the reviewer's name and certificate number (both required).
            opinion: ``agree``/``disagree``/``amend`` or 同意/不同意/修改意见.
            reasons: why; required for 不同意 and 修改意见.

        Raises:
            ReviewError: a missing certificate, an unknown opinion, reasons missing.
            ReviewLogError: no recommendation has this ``seq``.
        """
        body = review_fields(reviewer, opinion, reasons)
        target = self._recommendation(seq)
        return self._append(
            {"kind": "review", "recommendation": {"seq": target.seq, "hash": target.hash}, **body}
        )

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
        target = self._recommendation(seq)
        body = check_decision(target.data["recommendation"], chosen)
        payload = {
            "kind": "decision",
            "recommendation": {"seq": target.seq, "hash": target.hash},
            **body,
        }
        return self._append(payload)

    def checkpoint(self, private_key: str | os.PathLike[str]) -> Entry:
        """Sign the head (its ``seq``, ``hash`` and the time) and append the signature.

        Raises:
            ReviewLogError: an empty log, a key that is not Ed25519, or a log that does not
                verify (nothing is signed then).
        """
        key = _sign.load_private(private_key)
        check = self.verify()
        if not check.ok or check.head is None:
            raise ReviewLogError(
                "日志为空或校验未通过，不签名 / nothing is signed: the log is empty or does not "
                f"verify ({check.problem.message if check.problem else 'no entries'})",
                file=self.location,
                line=check.problem.line if check.problem else None,
            )
        time = self.clock().isoformat()
        fields = _sign.sign(key, check.entries, check.head, time)

        def make(last: dict[str, Any] | None) -> bytes:
            if last is None or last["hash"] != check.head:
                raise ReviewLogError(
                    "签名期间有新记录写入，请重试 / an entry was appended while signing; try again",
                    file=self.location,
                )
            return canonical(self._seal(fields, last))

        return self.find(self.store.append(make))

    def _recommendation(self, seq: int) -> Entry:
        target = self.find(seq)
        if target.kind != "recommendation":
            raise ReviewLogError(
                f"entry {seq} is a {target.kind}, not a recommendation",
                file=self.location,
                line=target.line,
                field="seq",
            )
        return target

    def _append(self, payload: Mapping[str, Any]) -> Entry:
        sealed: dict[str, Any] = {}

        def make(last: dict[str, Any] | None) -> bytes:
            sealed.update(self._seal(payload, last))
            return canonical(sealed)

        line = self.store.append(make)
        return Entry(line, sealed)

    def _seal(self, payload: Mapping[str, Any], last: Mapping[str, Any] | None) -> dict[str, Any]:
        algorithm = self.hash if last is None else algorithm_of(str(last["hash"]))
        entry: dict[str, Any] = {
            "seq": 1 if last is None else int(last["seq"]) + 1,
            "time": self.clock().isoformat(),
            "kind": payload["kind"],
            "prev": genesis(algorithm) if last is None else str(last["hash"]),
        }
        if last is None:
            entry["hash_algorithm"] = algorithm
        entry.update((k, v) for k, v in payload.items() if k not in entry)
        entry["hash"] = entry_hash(entry, algorithm)
        return entry

    # -- repair ----------------------------------------------------------------------------------
    def repair(self) -> Entry | None:
        """Cut a torn last line and record what was cut; ``None`` when nothing is torn.

        The cut bytes are kept, base64-encoded, in the repair entry with their length and
        sha256, and the entry is written over them in the same write, so the record of the cut
        and the cut itself cannot be separated by a crash.
        """

        def make(previous: dict[str, Any] | None, line: int, offset: int, tail: bytes) -> bytes:
            removed = {
                "offset": offset,
                "length": len(tail),
                "sha256": hashlib.sha256(tail).hexdigest(),
                "base64": base64.b64encode(tail).decode("ascii"),
            }
            return canonical(
                self._seal({"kind": "repair", "line": line, "removed": removed}, previous)
            )

        done = self.store.repair(make)
        if done is None:
            return None
        line, raw = done
        data = parse(raw)
        assert isinstance(data, dict)  # written just now from canonical JSON
        return Entry(line, data)

    # -- reading -----------------------------------------------------------------------------
    def entries(self) -> Iterator[Entry | Problem]:
        """Every line in order: an :class:`Entry`, or a :class:`Problem` saying what is wrong.

        Raises:
            ReviewLogError: the log does not exist or cannot be read.
        """
        for number, raw, complete in self.store.lines():
            if not complete:
                yield Problem(number, "torn", f"incomplete last line ({len(raw)} bytes)")
                continue
            data = parse(raw)
            yield Problem(number, "edited", data) if isinstance(data, str) else Entry(number, data)

    def lines(self) -> Iterator[bytes]:
        """The stored lines as they are (for export)."""
        for _number, raw, _complete in self.store.lines():
            yield raw

    def find(self, seq: int) -> Entry:
        """The entry with this sequence number, found without reading the whole log.

        Raises:
            ReviewLogError: no complete, intact entry has it.
        """
        found = self.store.find(seq)
        if found is not None:
            line, raw = found
            data = parse(raw)
            if isinstance(data, dict) and data["seq"] == seq:
                if entry_hash(data, algorithm_of(data["hash"])) != data["hash"]:
                    raise ReviewLogError(
                        f"记录 {seq} 与其哈希不符 / entry {seq} does not match its hash: it was "
                        "altered; nothing is appended",
                        file=self.location,
                        line=line,
                        hint=f"run: discretion log verify {self.location}",
                    )
                return Entry(line, data)
        raise ReviewLogError(
            f"no entry with sequence number {seq} in the log (记录中没有序号 {seq})",
            file=self.location,
            field="seq",
        )

    def verify(
        self, *, head: str | None = None, key: str | os.PathLike[str] | None = None
    ) -> Verification:
        """Check the whole chain as a stream; name the first bad line and why.

        Args:
            head: the hash the log is expected to contain (kept elsewhere, e.g. in the case
                file); detects entries cut from the end, which the chain alone cannot.
            key: the review office's public key (PEM): every checkpoint's signature is checked,
                so an entry changed and re-hashed before a checkpoint is found.

        Raises:
            ReviewLogError: the log does not exist, cannot be read, or the key is unusable.
        """
        check = None if key is None else _sign.SignatureChecker(_sign.load_public(key))
        self.store.need()
        return verify_lines(self.store.lines, head=head, signature=check)

    def load(self, source: ReviewLog | Iterable[bytes]) -> Verification:
        """Fill this new log from another log (or its exported lines); both ends re-verified.

        A source log is verified and then copied as a stream, line by line, the same bytes;
        bare lines are verified before any is written.

        Raises:
            ReviewLogError: the source does not verify (nothing is written), or this log is not
                empty.
        """
        if isinstance(source, ReviewLog):
            check = source.verify()
            lines: Iterable[bytes] = source.lines()
        else:
            kept = list(source)
            check = verify_lines(lambda: ((n, raw, True) for n, raw in enumerate(kept, start=1)))
            lines = kept
        if not check.ok:
            assert check.problem is not None  # not ok always has a problem
            raise ReviewLogError(
                f"导入的记录校验未通过，未写入 / the log to import does not verify, nothing was "
                f"written: line {check.problem.line}: {check.problem.kind}: "
                f"{check.problem.message}",
                line=check.problem.line,
            )
        self.store.load(lines)
        return self.verify()


def generate_key(private: str | os.PathLike[str], public: str | os.PathLike[str]) -> str:
    """Write a new Ed25519 key pair for checkpoints; returns the public key's fingerprint."""
    return _sign.generate(private, public)
