"""The Chinese HTML report for legal staff, with plots drawn by matplotlib.

The plots are PNG files beside ``report.html``: decided fines against the recommended range per
item, the level mix per unit, and departures over time. Chinese labels need a CJK font; the report
uses Noto Sans CJK SC when the system has it (Debian ``fonts-noto-cjk``) and otherwise draws the
plots with English labels, never downloading anything.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: the report is written by a batch job
import matplotlib.pyplot as plt
from matplotlib import font_manager

from ._classify import KINDS
from ._run import AuditResult

_CJK = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "WenQuanYi Zen Hei")


def _cjk_font() -> str | None:
    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((n for n in _CJK if n in names), None)


def render_report(result: AuditResult, folder: Path, title: str) -> Path:
    """Write ``report.html`` and its plots into ``folder``."""
    font = _cjk_font()
    zh = font is not None
    rc: Any = {
        "font.family": [font, "DejaVu Sans"] if font else ["DejaVu Sans"],
        "axes.unicode_minus": False,
    }
    with plt.rc_context(rc):
        plots = [
            _plot_positions(result, folder, zh),
            _plot_levels(result, folder, zh),
            _plot_departures(result, folder, zh),
        ]
    findings = result.findings.to_pylist()
    counts = Counter(f["kind"] for f in findings)
    n = result.decisions.num_rows
    defects = [f for f in findings if f["kind"] not in ("within_range", "approved_departure")]
    parts = [
        f"<h1>{html.escape(title)}</h1>",
        f"<p>共评查处罚决定 <b>{n}</b> 件，发现问题 <b>{len(defects)}</b> 项。</p>",
        "<h2>一、评查结论汇总</h2>",
        _html_table(
            ["结论", "Finding", "依据", "件数"],
            [[KINDS[k][0], KINDS[k][1], KINDS[k][2], str(counts.get(k, 0))] for k in KINDS],
        ),
        "<h2>二、图表</h2>",
        *(f'<figure><img src="{p}" alt="{p}"></figure>' for p in plots),
        "<h2>三、问题案件（前 200 项）</h2>",
        _html_table(
            ["案件编号", "事项", "问题", "说明", "规则", "复核命令"],
            [
                [
                    f["case_id"],
                    f["item"],
                    f["label"],
                    f["detail"] or "",
                    f["rule"],
                    f"<code>{html.escape(f['replay'])}</code>",
                ]
                for f in defects[:200]
            ],
            raw_last=True,
        ),
        "<h2>四、同案同罚：类案分组</h2>",
        "<p>按事项、版本、裁量阶次、适用情节和不予处罚情形分组（与金额无关）；位置为罚款在推荐幅度中的百分位（0% 为下限，100% 为上限）。</p>",
        _html_table(
            ["分组", "件数", "最低位置", "中位", "最高位置", "极差", "离群"],
            [
                [
                    g["group_key"],
                    str(g["cases"]),
                    _pct(g["position_min"]),
                    _pct(g["position_median"]),
                    _pct(g["position_max"]),
                    _pct(g["spread"]),
                    str(g["outliers"]),
                ]
                for g in sorted(result.groups.to_pylist(), key=lambda g: -g["spread"])[:50]
            ],
        ),
        "<h2>五、执法单位统计</h2>",
        _html_table(
            [
                "单位",
                "件数",
                "阶次分布",
                "顶格比例",
                "底线比例",
                "调整适用率",
                "一律就高",
                "一律就低",
                "各年件数",
            ],
            [
                [
                    u["unit"],
                    str(u["cases"]),
                    u["level_mix"],
                    _pct(u["share_top"]),
                    _pct(u["share_bottom"]),
                    _pct(u["departure_rate"]),
                    "是" if u["always_max"] else "",
                    "是" if u["always_min"] else "",
                    u["per_year"],
                ]
                for u in result.units.to_pylist()
            ],
        ),
        "<h2>六、逐年变化（同比）</h2>",
        _html_table(
            ["单位", "年度", "件数", "平均位置", "调整适用率", "较上年"],
            [
                [
                    y["unit"],
                    str(y["year"]),
                    str(y["cases"]),
                    _pct(y["mean_position"]),
                    _pct(y["departure_rate"]),
                    "" if y["change"] is None else f"{y['change']:+.1f}",
                ]
                for y in result.years.to_pylist()
            ],
        ),
    ]
    page = (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
        + "\n".join(parts)
        + "</body></html>\n"
    )
    path = folder / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


def _pct(v: float | None) -> str:
    return "" if v is None else f"{v:.1f}%"


def _html_table(head: list[str], rows: list[list[str]], raw_last: bool = False) -> str:
    out = [
        "<table><thead><tr>",
        *(f"<th>{html.escape(h)}</th>" for h in head),
        "</tr></thead><tbody>",
    ]
    for r in rows:
        cells = [html.escape(c) for c in r[:-1]] + [r[-1] if raw_last else html.escape(r[-1])]
        out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _plot_positions(result: AuditResult, folder: Path, zh: bool) -> str:
    by_item: dict[str, list[float]] = defaultdict(list)
    for d in result.decisions.select(["item", "position"]).to_pylist():
        if d["position"] is not None:
            by_item[d["item"]].append(d["position"])
    items = sorted(by_item)
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(items) + 1.5))
    ax.axvspan(0, 100, color="#dbe9f6", label="推荐幅度" if zh else "recommended range")
    for i, item in enumerate(items):
        ax.scatter(by_item[item], [i] * len(by_item[item]), s=8, alpha=0.4, color="#1f4e79")
    ax.set_yticks(range(len(items)), items)
    ax.set_xlabel(
        "罚款在推荐幅度中的位置（%）" if zh else "fine's position in the recommended range (%)"
    )
    ax.set_title(
        "各事项决定罚款与推荐幅度" if zh else "decided fines against the recommended range"
    )
    ax.legend(loc="lower right")
    return _save(fig, folder, "positions.png")


def _plot_levels(result: AuditResult, folder: Path, zh: bool) -> str:
    mix: dict[str, Counter[str]] = defaultdict(Counter)
    for d in result.decisions.select(["unit", "level", "level_label"]).to_pylist():
        if d["unit"] is not None:
            # Legal staff read the published wording (从轻, 一般…); the id tells equal words apart.
            label = f"{d['level_label']}（{d['level']}）" if zh and d["level_label"] else d["level"]
            mix[d["unit"]][label or "—"] += 1
    units = sorted(mix)
    levels = sorted({lv for c in mix.values() for lv in c})
    fig, ax = plt.subplots(figsize=(10, 4))
    left = [0.0] * len(units)
    colours = plt.get_cmap("tab20")
    for i, lv in enumerate(levels):
        share = [100 * mix[u][lv] / max(sum(mix[u].values()), 1) for u in units]
        ax.barh(units, share, left=left, label=lv, color=colours(i % 20))
        left = [a + b for a, b in zip(left, share, strict=True)]
    ax.set_xlabel("占比（%）" if zh else "share (%)")
    ax.set_title("各单位裁量阶次分布" if zh else "level mix per unit")
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return _save(fig, folder, "levels.png")


def _plot_departures(result: AuditResult, folder: Path, zh: bool) -> str:
    per: dict[int, list[bool]] = defaultdict(list)
    for d in result.decisions.select(["year", "departure"]).to_pylist():
        if d["year"] is not None:
            per[d["year"]].append(bool(d["departure"]))
    years = sorted(per)
    fig, ax = plt.subplots(figsize=(9, 3.5))
    ax.plot(years, [100 * sum(v) / len(v) for v in (per[y] for y in years)], marker="o")
    ax.set_xticks(years)
    ax.set_ylabel("调整适用率（%）" if zh else "departure rate (%)")
    ax.set_title("逐年调整适用情况" if zh else "departures over time")
    return _save(fig, folder, "departures.png")


def _save(fig: Any, folder: Path, name: str) -> str:
    fig.tight_layout()
    fig.savefig(folder / name, dpi=110)
    plt.close(fig)
    return name


_CSS = """body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;max-width:70em}
table{border-collapse:collapse;margin:1em 0;font-size:90%}th,td{border:1px solid #bbb;padding:3px 6px;text-align:left}
th{background:#eef3f8}code{font-size:80%;word-break:break-all}figure{margin:1em 0}img{max-width:100%}"""
