"""The printable legality-review opinion (法制审核意见书), rendered from the log.

One HTML page for one recommendation and what answered it: the case, the item and its legal
basis, the recommended penalties and the justification, each legality reviewer's opinion
(同意 / 不同意 / 修改意见, reasons, name and certificate number, time), the final decision
with any departure (调整适用) and its approval, and the digests that tie the page to the log.
Every value is escaped; the page has its own print style and needs nothing from the network.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any

from ..explain._jsonio import from_dict
from ..explain._render import render_text
from ._decision import APPROVALS, CHOICES, describe
from ._reviewer import OPINIONS

_STYLE = """
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; max-width: 46em;
       margin: 2em auto; line-height: 1.7; color: #000; }
h1 { text-align: center; letter-spacing: 0.3em; font-size: 1.6em; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { border: 1px solid #000; padding: 0.4em 0.6em; vertical-align: top; text-align: left; }
th { width: 8em; font-weight: normal; background: #f4f4f4; }
pre { white-space: pre-wrap; font-family: inherit; margin: 0; }
.digest { font-family: monospace; font-size: 0.8em; word-break: break-all; }
.sign { margin-top: 2em; text-align: right; }
@media print { body { margin: 0; } th { background: none; } }
"""


def _e(value: Any) -> str:
    return escape("—" if value is None or value == "" else str(value))


def _who(value: Any) -> str:
    if isinstance(value, Mapping):
        name = _e(value.get("name"))
        cert = value.get("certificate")
        return f"{name}（证号：{_e(cert)}）" if cert else name
    return _e(value)


def _penalties(items: Sequence[Mapping[str, Any]], amount: bool) -> str:
    out = []
    for p in items:
        unit = p.get("unit") or ""
        if amount and p.get("amount") is not None:
            out.append(f"{_e(p.get('label'))} {_e(p['amount'])} {_e(unit)}")
        elif not amount and p.get("min") is not None:
            span = p["min"] if p["min"] == p.get("max") else f"{p['min']}–{p.get('max')}"
            out.append(f"{_e(p.get('label'))} {_e(span)} {_e(unit)}")
        else:
            out.append(_e(p.get("label")))
    return "；".join(out) or "不予处罚"


def _row(head: str, body: str) -> str:
    return f"<tr><th>{head}</th><td>{body}</td></tr>"


def related(seq: int, entries: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The entries that answer the recommendation at ``seq`` (reviews, decisions), in order."""
    out = []
    for data in entries:
        ref = data.get("recommendation") if data.get("kind") in ("review", "decision") else None
        if isinstance(ref, Mapping) and ref.get("seq") == seq:
            out.append(data)
    return out


def render_opinion(
    recommendation: Mapping[str, Any], answers: Sequence[Mapping[str, Any]], *, location: str
) -> str:
    """The 法制审核意见书 for a recommendation entry and the entries that answer it."""
    rec: Mapping[str, Any] = recommendation.get("recommendation") or {}
    ruleset = rec.get("ruleset") or {}
    basis = next(
        (s["detail"].get("penalty_basis") for s in rec.get("steps") or () if s.get("detail")),
        None,
    )
    flags = rec.get("flags") or {}
    flag_text = "；".join(
        text
        for key, text in (
            ("hearing", "应告知当事人有权要求听证（行政处罚法第六十三条）"),
            ("legality_review", "须经法制审核（行政处罚法第五十八条）"),
            ("summary_procedure", "可以适用简易程序（行政处罚法第五十一条）"),
            ("reduced", "减轻处罚"),
        )
        if flags.get(key)
    )
    try:
        justification = render_text(from_dict(rec), "zh")
    except (KeyError, TypeError, ValueError):
        justification = "（建议内容无法重新呈现 / the stored recommendation cannot be re-rendered）"
    rows = [
        _row("案号", _e(recommendation.get("case"))),
        _row("承办人", _who(recommendation.get("officer"))),
        _row("裁量事项", f"{_e(rec.get('item'))} {_e(rec.get('item_name'))}"),
        _row("处罚依据", "；".join(_e(b[1]) for b in basis or ()) or "—"),
        _row("裁量阶次", _e(rec.get("level_label"))),
        _row("建议处罚", _penalties(rec.get("penalties") or (), amount=False)),
        _row("程序提示", _e(flag_text or None)),
        _row("裁量说理", f"<pre>{_e(justification.strip())}</pre>"),
    ]
    reviews = [a for a in answers if a.get("kind") == "review"]
    decisions = [a for a in answers if a.get("kind") == "decision"]
    opinion_rows = []
    for r in reviews:
        word = OPINIONS.get(str(r.get("opinion")), (r.get("opinion"),))[0]
        opinion_rows += [
            _row("审核意见", f"<strong>{_e(word)}</strong>"),
            _row("理由", _e(r.get("reasons"))),
            _row("审核人员", _who(r.get("reviewer"))),
            _row("审核时间", _e(r.get("time"))),
        ]
    if not reviews:
        opinion_rows.append(_row("审核意见", "（尚未记录审核意见）"))
    decision_rows = []
    for d in decisions:
        decision_rows.append(_row("处理决定", _penalties(d.get("penalties") or (), amount=True)))
        if d.get("choice"):
            decision_rows.append(_row("选择", _e(CHOICES.get(d["choice"], (d["choice"],))[0])))
        for departure in d.get("departures") or ():
            decision_rows.append(_row("调整适用", _e(describe(departure))))
        if d.get("reason"):
            decision_rows.append(_row("理由", _e(d["reason"])))
        if d.get("approval"):
            approval = APPROVALS.get(d["approval"], (d["approval"],))[0]
            decision_rows.append(_row("批准", f"{_e(approval)}（{_e(d.get('approver'))}）"))
        decision_rows.append(_row("决定人", _who(d.get("officer"))))
        decision_rows.append(_row("决定时间", _e(d.get("time"))))
    record = [
        _row("记录", f"{_e(location)} 第 {_e(recommendation.get('seq'))} 条"),
        _row("记录时间", _e(recommendation.get("time"))),
        _row("记录摘要", f'<span class="digest">{_e(recommendation.get("hash"))}</span>'),
        _row(
            "裁量基准",
            f"{_e(ruleset.get('title'))} {_e(ruleset.get('id'))} {_e(ruleset.get('version'))}"
            f'<br><span class="digest">{_e(ruleset.get("digest"))}</span>',
        ),
    ]
    parts = [
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>法制审核意见书 {_e(recommendation.get('case'))}</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>法制审核意见书</h1>",
        "<h2>一、审核事项</h2><table>",
        *rows,
        "</table><h2>二、审核意见</h2><table>",
        *opinion_rows,
        "</table>",
    ]
    if decision_rows:
        parts += ["<h2>三、处理决定</h2><table>", *decision_rows, "</table>"]
    parts += [
        "<h2>记录信息</h2><table>",
        *record,
        "</table>",
        '<p class="sign">审核人员（签名）：__________　　日期：__________</p>',
        "</body></html>\n",
    ]
    return "\n".join(parts)
