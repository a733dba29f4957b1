"""``discretion log show``: entries as text (a few readable lines each), JSON, or the printable
法制审核意见书 in HTML; and the helpers every ``log`` sub-command shares.
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
from ..review._chain import Problem, ReviewLogError, Verification
from ..review._decision import APPROVALS, CHOICES, describe
from ..review._log import Entry, ReviewLog
from ..review._opinion import related, render_opinion
from ..review._reviewer import OPINIONS


def log_location(args: argparse.Namespace) -> str:
    where = args.log_option or args.file
    if not where:
        raise ReviewLogError(
            "未指定审核记录 / no review log given: name it as the first argument or with --log"
        )
    return str(where)


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_show(args: argparse.Namespace) -> int:
    """Print the entries (or one), after a warning when the chain does not verify (exit 1)."""
    log = ReviewLog(log_location(args))
    if args.format == "html":
        return _show_html(args, log)
    check = log.verify()
    items = [
        item
        for item in log.entries()
        if args.entry is None or (isinstance(item, Entry) and item.seq == args.entry)
    ]
    if args.entry is not None and not items:
        raise ReviewLogError(
            f"记录中没有序号 {args.entry} / no entry {args.entry}", file=log.location
        )
    bad = not check.ok or any(isinstance(i, Problem) for i in items)
    if args.format == "json":
        print_json(
            {
                "log": log.location,
                "verification": check.to_dict(),
                "entries": [
                    {"line": i.line, "entry": dict(i.data)} if isinstance(i, Entry)
                    else {"line": i.line, "problem": i.to_dict()}
                    for i in items
                ],
            }
        )  # fmt: skip
        return 1 if bad else 0
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
    for item in items:
        if isinstance(item, Problem):
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
            try:
                text = render_text(from_dict(item.data["recommendation"]), args.lang)
            except (KeyError, TypeError, ValueError, AttributeError):
                text = _t(args.lang, "（建议内容无法重新呈现）", "(cannot be re-rendered)")
            print("    " + text.rstrip("\n").replace("\n", "\n    "))
    return 1 if bad else 0


def require_verified(log: ReviewLog, refused_zh: str, refused_en: str) -> Verification:
    """The log's verification; refuse to build anything from a log that does not verify,
    naming the first bad line."""
    check = log.verify()
    if not check.ok:
        assert check.problem is not None  # not ok always has a problem
        raise ReviewLogError(
            f"记录校验未通过，{refused_zh} / the log does not verify ({check.problem.kind}: "
            f"{check.problem.message}); {refused_en}",
            file=log.location,
            line=check.problem.line,
        )
    return check


def _show_html(args: argparse.Namespace, log: ReviewLog) -> int:
    if args.entry is None:
        raise ReviewLogError(
            "--format html 需要 --entry / --format html renders one entry: add --entry N",
            file=log.location,
        )
    require_verified(log, "不出具意见书", "no opinion is rendered from it")
    target = log.find(args.entry)
    try:
        if target.kind in ("review", "decision"):
            target = log.find(int(target.data["recommendation"]["seq"]))
        if target.kind != "recommendation":
            raise ReviewLogError(
                f"entry {args.entry} is a {target.kind}: give a recommendation, review or decision",
                file=log.location,
                line=target.line,
            )
        answers = related(target.seq, (i.data for i in log.entries() if isinstance(i, Entry)))
        page = render_opinion(target.data, answers, location=log.location)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, ReviewLogError):
            raise
        raise ReviewLogError(
            f"记录 {args.entry} 的内容形状不对，无法出具意见书 / entry {args.entry} is not "
            f"shaped as the library writes it ({type(exc).__name__}: {exc})",
            file=log.location,
            line=target.line,
        ) from None
    print(page, end="")
    return 0


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
                + _who(d.get("officer"), lang)
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
            lines.append(_t(lang, "    决定人：", "    officer: ") + _who(d["officer"], lang))
        return "\n".join(lines)
    if entry.kind == "review":
        ref = d.get("recommendation") or {}
        zh, en = OPINIONS.get(str(d.get("opinion")), (str(d.get("opinion")),) * 2)
        lines = [
            head
            + _t(lang, f"法制审核（对应 #{ref.get('seq')}）  ", f"review (on #{ref.get('seq')})  ")
            + _t(lang, zh, en)
        ]
        if d.get("reasons"):
            lines.append(_t(lang, "    理由：", "    reasons: ") + str(d["reasons"]))
        lines.append(_t(lang, "    审核人员：", "    reviewer: ") + _who(d.get("reviewer"), lang))
        return "\n".join(lines)
    if entry.kind == "checkpoint":
        of = d.get("of") or {}
        return head + _t(
            lang,
            f"签名检查点：第 {of.get('seq')} 条 {of.get('hash')}（密钥 {d.get('key')}）",
            f"signed checkpoint: entry {of.get('seq')} {of.get('hash')} (key {d.get('key')})",
        )
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


def _who(value: Any, lang: str) -> str:
    """A name, with its certificate number when the log holds one."""
    if isinstance(value, Mapping):
        cert = value.get("certificate")
        name = str(value.get("name") or "—")
        return name + (_t(lang, f"（证号 {cert}）", f" (certificate {cert})") if cert else "")
    return str(value or "—")
