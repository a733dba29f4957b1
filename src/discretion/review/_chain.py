"""The chain itself: canonical lines, their hashes, reading a line safely, and verification.

Independent of where the lines are kept (a JSON Lines file, SQLite, PostgreSQL): every backend
stores the same canonical bytes per entry, so one verifier checks them all, one line at a time.

A line is *read safely*: bytes that are not UTF-8, ``NaN``/``Infinity``, integers of thousands of
digits, nesting deep enough to exhaust the parser's stack, lone surrogates and missing or
mistyped fields each become a :class:`Problem` naming the line and what is wrong, never an
exception from the standard library (issue 18: these used to crash ``verify`` and ``show``).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import DiscretionError

HASHES = ("sha256", "sm3")
"""Hash algorithms a chain may use: sha256 (default) or SM3 (GB/T 32905, 国密)."""

_MAX_DIGITS = 40  # an entry's integers are sequence numbers; 40 digits is far past any log
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")  # only an escape can hold a lone surrogate

Line = tuple[int, bytes, bool]
"""A stored line: its 1-based position, its bytes without the newline, whether it is complete."""


class ReviewLogError(DiscretionError):
    """The review log cannot be read or appended to as it stands (see ``discretion log verify``)."""


class TornLogError(ReviewLogError):
    """The last line is incomplete (a writer stopped mid-append); run ``discretion log repair``."""


def genesis(algorithm: str = "sha256") -> str:
    """The ``prev`` of a chain's first entry: the algorithm's name and 64 zeros."""
    return f"{algorithm}:" + "0" * 64


GENESIS = genesis()
"""The ``prev`` of the first entry of a sha256 chain."""


def digest(algorithm: str, data: bytes) -> str:
    """``algorithm:hex`` of ``data``; SM3 through hashlib where OpenSSL provides it."""
    if algorithm not in HASHES:
        raise ReviewLogError(
            f"哈希算法 {algorithm!r} 不受支持 / unknown hash algorithm {algorithm!r}: use "
            "sha256 or sm3",
            field="hash",
        )
    if algorithm == "sm3" and "sm3" not in hashlib.algorithms_available:
        raise ReviewLogError(
            "本机 Python 的 OpenSSL 不提供 SM3 / this Python's OpenSSL has no SM3 "
            "(hashlib.algorithms_available): use a Python linked to OpenSSL 1.1.1 or later",
            field="hash",
        )
    return f"{algorithm}:" + hashlib.new(algorithm, data).hexdigest()


def canonical(data: Mapping[str, Any]) -> bytes:
    """The canonical JSON of an entry: keys in order, no whitespace, UTF-8, no NaN."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode(
        "utf-8"
    )


def algorithm_of(hash_value: str) -> str:
    """The algorithm named before the colon of a hash (``sm3:…`` → ``sm3``)."""
    name = hash_value.partition(":")[0]
    return name if name in HASHES else "sha256"


def entry_hash(data: Mapping[str, Any], algorithm: str = "sha256") -> str:
    """The hash of an entry: over its canonical JSON without the ``hash`` key."""
    body = {k: v for k, v in data.items() if k != "hash"}
    return digest(algorithm, canonical(body))


def line_hash(raw: bytes, entry: Mapping[str, Any], algorithm: str) -> str:
    """:func:`entry_hash` of a canonical line, without serialising it again.

    With ``hash`` the last key, the canonical body is the line up to ``,"hash":`` plus ``}``.
    """
    if list(entry)[-1] == "hash" and len(entry) > 1:
        cut = raw.rindex(b',"hash":')
        return digest(algorithm, raw[:cut] + b"}")
    return entry_hash(entry, algorithm)


@dataclass(frozen=True, slots=True)
class Problem:
    """The first thing wrong with a log, or one line that cannot be read.

    Attributes:
        line: the 1-based line (row, in a database) where the chain first fails to check.
        kind: ``edited`` (also a line that cannot be read), ``deleted``, ``inserted``, ``reordered``, ``torn``,
            ``chain``, ``reference``, ``checkpoint``, ``signature`` or ``truncated``.
        message: what was expected and what was found.
    """

    line: int
    kind: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        """The problem as JSON data (``--format json``)."""
        return {"line": self.line, "kind": self.kind, "message": self.message}


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number (NaN and Infinity are not allowed)")


def _int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_DIGITS:
        raise ValueError(f"an integer of {len(text.lstrip('-'))} digits (at most {_MAX_DIGITS})")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} overflows to infinity")
    return value


def parse(raw: bytes) -> dict[str, Any] | str:
    """The entry on one line, or what is wrong with the line (Chinese first, then English)."""
    if not raw.strip():
        return "空行 / an empty line"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"不是有效的 UTF-8 文本 / not valid UTF-8 at byte {exc.start + 1}"
    try:
        data = json.loads(text, parse_constant=_reject_constant, parse_int=_int, parse_float=_float)
    except json.JSONDecodeError as exc:
        return f"不是有效的 JSON / not valid JSON: {exc.msg} at column {exc.colno}"
    except RecursionError:
        # json's C parser counts its depth against the recursion limit and stops there.
        return "嵌套过深 / nested too deep to read (deeper than the parser's recursion limit)"
    except ValueError as exc:
        return f"不是有效的 JSON / not valid JSON: {exc}"
    if not isinstance(data, dict):
        return f"不是一条记录 / not an entry: a JSON {type(data).__name__}, not an object"
    for field, kind in (("seq", int), ("time", str), ("kind", str), ("prev", str), ("hash", str)):
        value = data.get(field)
        if value is None:
            return f"缺少字段 {field} / field {field!r} is missing"
        if not isinstance(value, kind) or isinstance(value, bool):
            return f"字段 {field} 类型不对 / field {field!r} must be {kind.__name__}"
    if data["seq"] < 1:
        return f"序号必须从 1 起 / field 'seq' must be 1 or more, found {data['seq']}"
    if _SURROGATE.search(text):
        try:
            canonical(data)
        except ValueError:  # UnicodeEncodeError: a lone surrogate written as an escape
            return "含有无效的 Unicode 字符（孤立代理项）/ holds a lone surrogate: not valid text"
    return data


@dataclass(frozen=True, slots=True)
class Verification:
    """The result of verifying a log.

    Attributes:
        ok: no problem was found.
        entries: how many entries checked before the first problem (all of them when ``ok``).
        head: the hash of the last entry that checked (``None`` for an empty log).
        problem: the first problem, or ``None``.
        algorithm: the chain's hash algorithm, as its first entry records it.
        checkpoints: how many signed checkpoints were checked against the key.
    """

    ok: bool
    entries: int
    head: str | None
    problem: Problem | None = None
    algorithm: str = "sha256"
    checkpoints: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON data (``--format json``)."""
        return {
            "ok": self.ok,
            "entries": self.entries,
            "head": self.head,
            "algorithm": self.algorithm,
            "checkpoints": self.checkpoints,
            "problem": None if self.problem is None else self.problem.to_dict(),
        }


SignatureCheck = Callable[[Mapping[str, Any]], str | None]
"""Checks one checkpoint entry's signature; returns what is wrong, or ``None``."""

_REFERRING = ("decision", "review")  # entries that answer a recommendation by seq and hash


def verify_lines(
    lines: Callable[[], Iterable[Line]],
    *,
    head: str | None = None,
    signature: SignatureCheck | None = None,
) -> Verification:
    """Check a chain read line by line; name the first bad line and the kind of tampering.

    Args:
        lines: gives the stored lines in order; called once more only to explain a failure
            that needs lines after the bad one (a reordering, an inserted copy).
        head: a hash the log must contain (kept elsewhere): finds entries cut from the end.
        signature: checks each checkpoint's signature (``verify --key``); without it a
            checkpoint is checked against the chain only.
    """
    recommendations: dict[int, str] = {}
    count = 0
    prev: str | None = None
    last_hash: str | None = None
    algorithm = "sha256"
    signed = 0
    seen_head = head is None

    def fail(line: int, kind: str, message: str) -> Verification:
        good = min(line - 1, count)
        return Verification(
            False, good, last_hash if good == count else None, Problem(line, kind, message),
            algorithm, signed,
        )  # fmt: skip

    stream: Iterator[Line] = iter(lines())
    for number, raw, complete in stream:
        if not complete:
            return fail(
                number,
                "torn",
                f"末行不完整 / incomplete last line ({len(raw)} bytes without a newline): a "
                "writer stopped mid-append; run discretion log repair",
            )
        entry = parse(raw)
        if isinstance(entry, str):
            if next(stream, None) is None:
                return fail(
                    number, "torn", f"the last line is not a valid entry ({entry}); run "
                    "discretion log repair",
                )  # fmt: skip
            return fail(number, "edited", f"{entry}: the line was edited or inserted")
        if number == 1:
            algorithm = str(entry.get("hash_algorithm", "sha256"))
            if algorithm not in HASHES:
                return fail(1, "chain", f"unknown hash_algorithm {algorithm!r}: sha256 or sm3")
            prev = genesis(algorithm)
        if not entry["hash"].startswith(f"{algorithm}:"):
            return fail(number, "edited", f"its hash is not {algorithm}, as the first entry says")
        # The hash is over the line's own bytes, so a line that is not canonical fails it too;
        # serialising again only to word the message is left to that failure.
        if line_hash(raw, entry, algorithm) != entry["hash"]:
            if canonical(entry) != raw:
                return fail(number, "edited", "not in canonical form: the line was edited")
            return fail(
                number, "edited", "its content does not match its hash: the entry was edited"
            )
        seq = entry["seq"]
        expected = count + 1
        if seq != expected:
            kind, at, message = _misplaced(lines, number, seq, expected, raw)
            return fail(at, kind, message)
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
        if entry["kind"] in _REFERRING:
            ref = entry.get("recommendation")
            ref_seq = ref.get("seq") if isinstance(ref, dict) else None
            if (
                not isinstance(ref, dict)
                or not isinstance(ref_seq, int)
                or recommendations.get(ref_seq) != ref.get("hash")
            ):
                return fail(
                    number,
                    "reference",
                    f"the {entry['kind']} names recommendation {ref_seq!r}, which is not an "
                    "earlier recommendation with that hash",
                )
        if entry["kind"] == "checkpoint":
            of = entry.get("of")
            if not isinstance(of, dict) or of.get("seq") != count or of.get("hash") != prev:
                return fail(
                    number,
                    "checkpoint",
                    f"检查点所签的记录已被改动 / the checkpoint signed entry "
                    f"{of.get('seq') if isinstance(of, dict) else '?'} with hash "
                    f"{of.get('hash') if isinstance(of, dict) else '?'}, but the log now has "
                    f"entry {count} with {prev}: an entry up to there was changed and the chain "
                    "recomputed",
                )
            if signature is not None:
                wrong = signature(entry)
                if wrong is not None:
                    return fail(number, "signature", wrong)
                signed += 1
        if entry["kind"] == "recommendation":
            recommendations[seq] = entry["hash"]
        count += 1
        prev = last_hash = entry["hash"]
        seen_head = seen_head or entry["hash"] == head
    if not seen_head:
        return fail(
            count + 1,
            "truncated",
            f"the recorded head {head} is not in the log (it ends at entry {count}, "
            f"{last_hash}): entries were removed from the end, or rewritten",
        )
    return Verification(True, count, last_hash, None, algorithm, signed)


def _misplaced(
    lines: Callable[[], Iterable[Line]], number: int, seq: int, expected: int, raw: bytes
) -> tuple[str, int, str]:
    """Why the entry at ``number`` has the wrong sequence number: reads the lines again."""
    where: dict[int, list[int]] = {}
    texts: dict[int, bytes] = {}
    follows_prev: str | None = None
    for n, other, _complete in lines():
        data = parse(other)
        if isinstance(data, str):
            continue
        where.setdefault(data["seq"], []).append(n)
        if data["seq"] == seq:
            texts[n] = other
        if n == number + 1:
            follows_prev = data["prev"]
    if seq > expected:
        later = [n for n in where.get(expected, []) if n > number]
        if later:
            return (
                "reordered",
                number,
                f"entry {seq} stands where entry {expected} belongs; entry {expected} is at "
                f"line {later[0]}",
            )
        missing = f"{expected}" if seq == expected + 1 else f"{expected}–{seq - 1}"
        return (
            "deleted",
            number,
            f"entry {missing} is missing: found entry {seq} after entry {expected - 1}",
        )
    earlier = where[seq][0]
    if texts.get(earlier) == raw:
        return ("inserted", number, f"a copy of line {earlier} (entry {seq}) was inserted")
    own = parse(raw)
    if isinstance(own, dict) and follows_prev == own["hash"]:
        return (
            "inserted",
            earlier,
            f"entry {seq} appears twice (lines {earlier} and {number}) and the chain continues "
            f"from line {number}: line {earlier} was inserted",
        )
    return (
        "inserted",
        number,
        f"entry {seq} appears twice (lines {earlier} and {number}): line {number} was inserted",
    )
