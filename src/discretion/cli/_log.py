"""``discretion log …``: record, decide, verify, show and repair a review log.

Kept apart from :mod:`discretion.cli._main`, which only adds this sub-command with
:func:`add_log_parser`. Exit status as for the other commands: 0 success, 1 a problem (the
message names the file and line), 2 a usage error.
"""

from __future__ import annotations

import argparse
import base64
import json
from collections.abc import Mapping
from typing import Any

from ..explain._jsonio import from_dict
from ..explain._render import render_text
from ..explain._wording import UNITS_EN
from ..format import _yaml
from ..review._decision import APPROVALS, CHOICES, Decision, DecisionError, describe
from ..review._log import Entry, Problem, ReviewLog
from ._io import read_facts


def add_log_parser(sub: Any) -> None:
    """Add ``log`` and its sub-commands to the ``discretion`` parser's sub-parsers."""
    log = sub.add_parser("log", help="the review log (法制审核记录): record, verify, show")
    actions = log.add_subparsers(dest="log_command", required=True)

    p = actions.add_parser("record", help="evaluate a case and append the recommendation")
    p.add_argument("file", help="the review log (JSON Lines)")
    p.add_argument("rules", help="rule file or folder")
    p.add_argument("--item", required=True, help="item code, e.g. FSL-124")
    p.add_argument("--facts", required=True, help="facts file (JSON or YAML; - for stdin JSON)")
    p.add_argument("--case", default=None, help="case number (案号)")
    p.add_argument("--officer", default=None, help="who records it")
    p.add_argument("--violation-date", type=_date, default=None)
    p.add_argument("--decision-date", type=_date, default=None)
    p.set_defaults(handler=cmd_record)

    p = actions.add_parser("decide", help="append the final decision on a recommendation")
    p.add_argument("file", help="the review log (JSON Lines)")
    p.add_argument("--seq", type=int, required=True, help="the recommendation's sequence number")
    p.add_argument(
        "--decision",
        required=True,
        help="YAML/JSON: penalties [{id, amount}], optional reason, approval, approver, choice",
    )
    p.set_defaults(handler=cmd_decide)

    p = actions.add_parser("verify", help="check the hash chain; name the first bad line")
    p.add_argument("file", help="the review log (JSON Lines)")
    p.add_argument("--head", default=None, help="a head hash recorded earlier that must be present")
    p.set_defaults(handler=cmd_verify)

    p = actions.add_parser("show", help="print the entries readably (Chinese by default)")
    p.add_argument("file", help="the review log (JSON Lines)")
    p.add_argument("--full", action="store_true", help="print each recommendation's justification")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.set_defaults(handler=cmd_show)

    p = actions.add_parser("repair", help="cut a torn last line and record what was cut")
    p.add_argument("file", help="the review log (JSON Lines)")
    p.set_defaults(handler=cmd_repair)


def _date(text: str) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def cmd_record(args: argparse.Namespace) -> int:
    """Evaluate one case and append the recommendation; print its sequence number."""
    from ..compile._loader import load
    from ..decide._engine import evaluate

    rec = evaluate(
        load(args.rules),
        args.item,
        read_facts(args.facts),
        violation_date=args.violation_date,
        decision_date=args.decision_date,
    )
    entry = ReviewLog(args.file).record(rec, case=args.case, officer=args.officer)
    print(entry.seq)
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    """Append a decision read from a YAML/JSON file; print its sequence number."""
    located = _yaml.load_file(args.decision)
    decision = Decision.from_mapping(
        located.data, file=located.file, line_of=lambda path: located.line_of(path)
    )
    try:
        entry = ReviewLog(args.file).decide(args.seq, decision)
    except DecisionError as exc:
        # Point at the decision file's line for the field that is wrong or missing.
        path = _path(exc.field)
        line = located.line_of(path) if path and path[0] in located.data else None
        raise type(exc)(
            exc.message, file=located.file, line=line, field=exc.field, hint=exc.hint
        ) from None
    print(entry.seq)
    return 0


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


def cmd_verify(args: argparse.Namespace) -> int:
    """Exit 0 when the chain checks; else 1 with the first bad line and why."""
    result = ReviewLog(args.file).verify(head=args.head)
    if result.problem is None:
        count = f"{result.entries} entr{'y' if result.entries == 1 else 'ies'}"
        print(f"ok: {count}, head {result.head or '(empty log)'}")
        return 0
    p = result.problem
    print(f"error: {args.file}:{p.line}: {p.kind}: {p.message}")
    count = f"{result.entries} entr{'y' if result.entries == 1 else 'ies'}"
    print(f"{count} checked before line {p.line}")
    return 1


def cmd_repair(args: argparse.Namespace) -> int:
    """Cut a torn last line; print what was cut and the repair entry's sequence number."""
    entry = ReviewLog(args.file).repair()
    if entry is None:
        print("nothing to repair: the last line is complete")
        return 0
    removed = entry.data["removed"]
    print(
        f"cut line {entry.data['line']}: {removed['length']} bytes, sha256 {removed['sha256']}; "
        f"recorded as entry {entry.seq}"
    )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """Print every entry, after a warning when the chain does not verify (exit 1 then)."""
    log = ReviewLog(args.file)
    check = log.verify()
    bad = not check.ok
    if check.problem is not None:
        p = check.problem
        print(
            _t(
                args.lang,
                f"注意：日志校验未通过——第 {p.line} 行（{p.kind}）：{p.message}。"
                "自该行起的内容不可信。",
                f"Warning: the log does not verify — line {p.line} ({p.kind}): {p.message}. "
                "Nothing from that line on can be trusted.",
            )
        )
    for item in log.entries():
        if isinstance(item, Problem):
            bad = True
            print(
                _t(
                    args.lang,
                    f"第 {item.line} 行：无法读取（{item.message}）",
                    f"line {item.line}: cannot be read ({item.message})",
                )
            )
            continue
        try:
            print(show_entry(item, args.lang))
        except (KeyError, TypeError, ValueError, AttributeError):
            # An entry of an unexpected shape is still shown, raw: show never hides a line.
            print(f"#{item.data.get('seq')}  " + json.dumps(dict(item.data), ensure_ascii=False))
        if args.full and item.kind == "recommendation":
            text = render_text(from_dict(item.data["recommendation"]), args.lang)
            print("    " + text.rstrip("\n").replace("\n", "\n    "))
    return 1 if bad else 0


def _t(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def show_entry(entry: Entry, lang: str = "zh") -> str:
    """One entry as a few readable lines."""
    d = entry.data
    head = f"#{entry.seq}  {d.get('time', '')}  "
    if entry.kind == "recommendation":
        rec: Mapping[str, Any] = d.get("recommendation") or {}
        lines = [
            head
            + _t(lang, "裁量建议  ", "recommendation  ")
            + f"{rec.get('item', '')} {rec.get('item_name', '')}"
        ]
        ref = rec.get("ruleset") or {}
        lines.append(
            _t(lang, "    基准：", "    standard: ")
            + f"{ref.get('id')} {ref.get('version')} {ref.get('digest')}"
        )
        if d.get("case") or d.get("officer"):
            lines.append(
                _t(lang, "    案号：", "    case: ")
                + f"{d.get('case') or '—'}"
                + _t(lang, "  经办：", "  officer: ")
                + f"{d.get('officer') or '—'}"
            )
        level = rec.get("level_label")
        outcome = rec.get("outcome")
        words = {
            "penalty": ("建议处罚", "penalty"),
            "no_penalty": ("建议不予处罚", "no penalty"),
            "may_waive": ("可以不予处罚", "may be waived"),
        }
        zh, en = words.get(str(outcome), (str(outcome), str(outcome)))
        text = _t(lang, zh, en)
        if level:
            text += _t(lang, f"；阶次：{level}", f"; level: {level}")
        penalties = _penalties(rec.get("penalties") or [], lang, "min")
        if penalties:
            text += _t(lang, "；", "; ") + penalties
        for option in rec.get("options") or []:
            name = CHOICES.get(option.get("choice"), (option.get("choice"),) * 2)
            text += _t(lang, f"；或{name[0]}：", f"; or {name[1]}: ") + _penalties(
                option.get("penalties") or [], lang, "min"
            )
        lines.append("    " + text)
        return "\n".join(lines)
    if entry.kind == "decision":
        ref = d.get("recommendation") or {}
        decided = _penalties(d.get("penalties") or [], lang, "amount") or _t(
            lang, "不予处罚", "no penalty"
        )
        lines = [
            head
            + _t(lang, f"处理决定（对应 #{ref.get('seq')}）", f"decision (on #{ref.get('seq')})")
            + f"  {decided}"
        ]
        if d.get("choice"):
            choice = d["choice"]
            lines.append(
                _t(lang, "    选择：", "    choice: ")
                + _t(lang, *CHOICES.get(choice, (choice, choice)))
            )
        for departure in d.get("departures") or []:
            lines.append(_t(lang, "    调整适用：", "    departure: ") + describe(departure, lang))
        if d.get("reason"):
            lines.append(_t(lang, "    理由：", "    reason: ") + d["reason"])
        if d.get("approval"):
            zh, en = APPROVALS.get(d["approval"], (d["approval"], d["approval"]))
            lines.append(
                _t(lang, "    批准：", "    approval: ")
                + _t(lang, zh, en)
                + (f"（{d.get('approver')}）" if lang == "zh" else f" ({d.get('approver')})")
            )
        if d.get("officer"):
            lines.append(_t(lang, "    决定人：", "    officer: ") + d["officer"])
        return "\n".join(lines)
    if entry.kind == "repair":
        removed = d.get("removed") or {}
        preview = base64.b64decode(removed.get("base64", "")).decode("utf-8", "replace")[:60]
        return head + _t(
            lang,
            f"修复：截去第 {d.get('line')} 行不完整内容 {removed.get('length')} 字节"
            f"（sha256 {removed.get('sha256')}），开头：{preview!r}",
            f"repair: cut the incomplete line {d.get('line')}, {removed.get('length')} bytes "
            f"(sha256 {removed.get('sha256')}), starting {preview!r}",
        )
    return head + json.dumps(
        {k: v for k, v in d.items() if k not in ("hash", "prev")}, ensure_ascii=False
    )


def _penalties(items: list[Mapping[str, Any]], lang: str, amount: str) -> str:
    out = []
    for p in items:
        label = p.get("label") if lang == "zh" else (p.get("label_en") or p.get("label"))
        unit = p.get("unit") or ""
        if lang == "en":
            unit = UNITS_EN.get(unit, unit)
        if amount == "min" and p.get("min") is not None:
            span = p["min"] if p["min"] == p.get("max") else f"{p['min']}–{p.get('max')}"
            out.append(f"{label} {span} {unit}".rstrip())
        elif amount == "amount" and p.get("amount") is not None:
            out.append(f"{label} {p['amount']} {unit}".rstrip())
        else:
            out.append(str(label))
    return _t(lang, "，", "; ").join(out)
