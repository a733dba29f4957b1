"""``discretion log …``: record, review, decide, verify, show, repair, sign, export and import.

Kept apart from :mod:`discretion.cli._main`, which only adds this sub-command with
:func:`add_log_parser`. Every sub-command takes the log as a path, ``sqlite:///…`` or
``postgresql://…`` (positionally or as ``--log``), and ``--format json`` for machine-readable
output (errors too). Exit status as for the other commands: 0 success, 1 a damaged chain found by
``verify`` or ``show`` (the message names the file or URL and the line), 2 a usage error or bad
input (a log that does not exist, a decision file that cannot be read, keys already there).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..format import _yaml
from ..review._chain import ReviewLogError
from ..review._decision import Decision, DecisionError
from ..review._log import Entry, ReviewLog, generate_key
from ..review._reviewer import Person
from ._io import read_facts
from ._logshow import cmd_show, log_location, print_json, require_verified

_WHERE = "the review log: a JSON Lines file, sqlite:///file.db or postgresql://…"


def _common(p: argparse.ArgumentParser, *, positional: bool = True) -> None:
    if positional:
        p.add_argument("file", nargs="?", default=None, help=_WHERE)
    p.add_argument("--log", dest="log_option", default=None, help=_WHERE)
    p.add_argument("--format", choices=["text", "json"], default="text")


def add_log_parser(sub: Any) -> None:
    """Add ``log`` and its sub-commands to the ``discretion`` parser's sub-parsers."""
    log = sub.add_parser("log", help="the review log (法制审核记录): record, verify, show")
    actions = log.add_subparsers(dest="log_command", required=True)

    p = actions.add_parser("record", help="evaluate a case and append the recommendation")
    p.add_argument("file", nargs="?", default=None, help=_WHERE)
    p.add_argument("rules", nargs="?", default=None, help="rule file or folder")
    _common(p, positional=False)
    p.add_argument("--item", required=True, help="item code, e.g. FSL-124")
    p.add_argument(
        "--facts",
        required=True,
        help="facts file (JSON or YAML; - reads JSON or YAML from standard input)",
    )
    p.add_argument("--case", default=None, help="case number (案号)")
    p.add_argument("--officer", default=None, help="who records it (承办人)")
    p.add_argument("--officer-certificate", default=None, help="the officer's 执法证号")
    p.add_argument("--hash", choices=["sha256", "sm3"], default="sha256",
                   help="the chain's hash for a new log (sm3: GB/T 32905); an existing log keeps its own")  # fmt: skip
    p.add_argument("--violation-date", type=_date, default=None)
    p.add_argument("--decision-date", type=_date, default=None)
    p.set_defaults(handler=cmd_record)

    p = actions.add_parser("review", help="append the legality reviewer's opinion (法制审核意见)")
    _common(p)
    p.add_argument("--seq", type=int, required=True, help="the recommendation's sequence number")
    p.add_argument("--reviewer", required=True, help="the reviewer's name (审核人员)")
    p.add_argument("--certificate", required=True, help="the reviewer's certificate number")
    p.add_argument(
        "--opinion", required=True, help="同意 / 不同意 / 修改意见 (agree/disagree/amend)"
    )
    p.add_argument("--reasons", default=None, help="why (required unless 同意)")
    p.set_defaults(handler=cmd_review)

    p = actions.add_parser("decide", help="append the final decision on a recommendation")
    _common(p)
    p.add_argument("--seq", type=int, required=True, help="the recommendation's sequence number")
    p.add_argument(
        "--decision",
        required=True,
        help="YAML/JSON: penalties [{id, amount}], optional reason, approval, approver, choice",
    )
    p.set_defaults(handler=cmd_decide)

    p = actions.add_parser("verify", help="check the hash chain; name the first bad line")
    _common(p)
    p.add_argument("--head", default=None, help="a head hash recorded earlier that must be present")
    p.add_argument("--key", default=None, help="the office's public key (PEM): check checkpoints")
    p.set_defaults(handler=cmd_verify)

    p = actions.add_parser("show", help="print the entries readably (Chinese by default)")
    p.add_argument("file", nargs="?", default=None, help=_WHERE)
    p.add_argument("--log", dest="log_option", default=None, help=_WHERE)
    p.add_argument("--format", choices=["text", "json", "html"], default="text",
                   help="html (with --entry): the printable 法制审核意见书")  # fmt: skip
    p.add_argument("--entry", type=int, default=None, help="only this entry (sequence number)")
    p.add_argument("--full", action="store_true", help="print each recommendation's justification")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.set_defaults(handler=cmd_show)

    p = actions.add_parser("repair", help="cut a torn last line and record what was cut")
    _common(p)
    p.set_defaults(handler=cmd_repair)

    p = actions.add_parser("checkpoint", help="sign the head with the office's key (签名检查点)")
    _common(p)
    p.add_argument("--key", required=True, help="the office's Ed25519 private key (PEM)")
    p.set_defaults(handler=cmd_checkpoint)

    p = actions.add_parser("keygen", help="create an Ed25519 key pair for checkpoints")
    p.add_argument("--private", required=True, help="where to write the private key (PEM, 0600)")
    p.add_argument("--public", required=True, help="where to write the public key (PEM)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(handler=cmd_keygen)

    p = actions.add_parser("export", help="write a verified log's lines as JSON Lines")
    _common(p)
    p.add_argument("--out", default="-", help="a .jsonl file (default: standard output)")
    p.set_defaults(handler=cmd_export)

    p = actions.add_parser("import", help="fill a new log from exported JSON Lines, verified")
    _common(p)
    p.add_argument("--from", dest="source", required=True, help="the exported .jsonl, or any log")
    p.set_defaults(handler=cmd_import)


def _date(text: str) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def _appended(args: argparse.Namespace, entry: Entry) -> int:
    if args.format == "json":
        print_json({"ok": True, "seq": entry.seq, "kind": entry.kind, "hash": entry.hash})
    else:
        print(entry.seq)
    return 0


def cmd_record(args: argparse.Namespace) -> int:
    """Evaluate one case and append the recommendation; print its sequence number."""
    from ..compile._loader import load
    from ..decide._engine import evaluate

    if args.log_option:
        args.rules, args.file = args.rules or args.file, args.log_option
    if not args.rules:
        raise ReviewLogError("缺少规则 / no rule file or folder given: log record LOG RULES …")
    rec = evaluate(
        load(args.rules),
        args.item,
        read_facts(args.facts),
        violation_date=args.violation_date,
        decision_date=args.decision_date,
    )
    officer: str | Person | None = args.officer
    if args.officer and args.officer_certificate:
        officer = Person(args.officer, args.officer_certificate)
    log = ReviewLog(log_location(args), hash=args.hash)
    return _appended(args, log.record(rec, case=args.case, officer=officer))


def cmd_review(args: argparse.Namespace) -> int:
    """Append a reviewer's opinion on a recommendation; print its sequence number."""
    entry = ReviewLog(log_location(args)).review(
        args.seq, Person(args.reviewer, args.certificate), args.opinion, args.reasons
    )
    return _appended(args, entry)


def cmd_decide(args: argparse.Namespace) -> int:
    """Append a decision read from a YAML/JSON file; print its sequence number."""
    located = _yaml.load_file(args.decision)
    decision = Decision.from_mapping(
        located.data, file=located.file, line_of=lambda path: located.line_of(path)
    )
    try:
        entry = ReviewLog(log_location(args)).decide(args.seq, decision)
    except DecisionError as exc:
        # Point at the decision file's line for the field that is wrong or missing.
        path = _path(exc.field)
        line = located.line_of(path) if path and path[0] in located.data else None
        raise type(exc)(
            exc.message, file=located.file, line=line, field=exc.field, hint=exc.hint
        ) from None
    return _appended(args, entry)


def _path(field: str | None) -> tuple[str | int, ...]:
    """``penalties[2]`` → ``("penalties", 2)``."""
    if not field:
        return ()
    out: list[str | int] = []
    for part in field.replace("]", "").split("."):
        name, *indexes = part.split("[")
        out.append(name)
        out.extend(int(i) for i in indexes)
    return tuple(out)


def _count(n: int) -> str:
    return f"{n} entr{'y' if n == 1 else 'ies'}"


def cmd_verify(args: argparse.Namespace) -> int:
    """Exit 0 when the chain checks; else 1 with the first bad line and why."""
    where = log_location(args)
    result = ReviewLog(where).verify(head=args.head, key=args.key)
    if args.format == "json":
        print_json({"log": where, **result.to_dict()})
        return 0 if result.ok else 1
    if result.problem is None:
        signed = f", {result.checkpoints} signed checkpoint(s) checked" if args.key else ""
        algorithm = "" if result.algorithm == "sha256" else f" ({result.algorithm})"
        print(
            f"ok: {_count(result.entries)}, head {result.head or '(empty log)'}{algorithm}{signed}"
        )
        return 0
    p = result.problem
    print(f"error: {where}:{p.line}: {p.kind}: {p.message}")
    print(f"{_count(result.entries)} checked before line {p.line}")
    return 1


def cmd_repair(args: argparse.Namespace) -> int:
    """Cut a torn last line; print what was cut and the repair entry's sequence number."""
    entry = ReviewLog(log_location(args)).repair()
    if args.format == "json":
        print_json({"ok": True, "repaired": None if entry is None else dict(entry.data)})
        return 0
    if entry is None:
        print("nothing to repair: the last line is complete")
        return 0
    removed = entry.data["removed"]
    print(
        f"cut line {entry.data['line']}: {removed['length']} bytes, sha256 {removed['sha256']}; "
        f"recorded as entry {entry.seq}"
    )
    return 0


def cmd_checkpoint(args: argparse.Namespace) -> int:
    """Sign the head; print the checkpoint's sequence number."""
    return _appended(args, ReviewLog(log_location(args)).checkpoint(args.key))


def cmd_keygen(args: argparse.Namespace) -> int:
    """Write a key pair; print the public key's fingerprint."""
    try:
        fingerprint = generate_key(args.private, args.public)
    except FileExistsError:
        raise ReviewLogError(
            "私钥文件已存在，不覆盖 / the private key file exists; it is never overwritten",
            file=args.private,
        ) from None
    if args.format == "json":
        print_json({"ok": True, "private": args.private, "public": args.public, "key": fingerprint})
    else:
        print(f"public key {args.public}, fingerprint {fingerprint}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write the log's lines after verifying them; refuse a log that does not verify."""
    log = ReviewLog(log_location(args))
    result = require_verified(log, "不导出", "nothing is exported")
    if args.out == "-":
        sys.stdout.flush()
        for raw in log.lines():  # streamed: a log of any size
            sys.stdout.buffer.write(raw + b"\n")
        sys.stdout.buffer.flush()
        return 0
    ReviewLog(args.out).load(log)
    if args.format == "json":
        print_json({"ok": True, "out": args.out, **result.to_dict()})
    else:
        print(f"exported {_count(result.entries)} to {args.out}, head {result.head}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Copy every line of ``--from`` into a new log; both ends verified."""
    result = ReviewLog(log_location(args)).load(ReviewLog(args.source))
    if args.format == "json":
        print_json({"ok": result.ok, "log": log_location(args), **result.to_dict()})
    else:
        print(f"imported {_count(result.entries)} into {log_location(args)}, head {result.head}")
    return 0 if result.ok else 1
