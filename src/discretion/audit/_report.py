"""The Chinese HTML report for legal staff, with plots drawn by matplotlib.

The plots are PNG files beside ``report.html``: decided fines against the recommended range per
item, the level mix per unit, and departures over time. Chinese labels need a CJK font; the report
uses Noto Sans CJK SC when the system has it (Debian ``fonts-noto-cjk``) and otherwise draws the
plots with English labels, never downloading anything.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: the report is written by a batch job
import matplotlib.pyplot as plt
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from matplotlib import font_manager

from ._classify import KINDS
from ._consistency import merge
from ._run import AuditResult

# Findings that are not defects: listed in the summary, not among the problem cases.
_NOT_DEFECTS = ("within_range", "approved_departure")
_LISTED = 200


@dataclass
class ReportData:
    """What the report reads, as partials that add up chunk by chunk (``add``), so a streamed
    audit writes the same report as one held in memory: counts per finding kind, the first
    problem cases in case order, and counts for the three plots."""

    decisions: int = 0
    kinds: pa.Table | None = None  # kind, cases
    defects: pa.Table | None = None  # the first _LISTED problem findings by case id
    n_defects: int = 0
    positions: pa.Table | None = None  # item, tenths, cases
    levels: pa.Table | None = None  # unit, level, level_label, cases
    departures: pa.Table | None = None  # year, dep, cases

    def add(self, findings: pa.Table, decisions: pa.Table) -> None:
        """Add one chunk's findings and decisions."""
        ones = pa.array(np.ones(findings.num_rows, np.int64))
        kinds = pa.table({"kind": findings.column("kind"), "cases": ones})
        self.kinds = merge([t for t in (self.kinds, kinds) if t is not None], ["kind"])
        bad = findings.filter(pc.invert(pc.is_in(findings.column("kind"), pa.array(_NOT_DEFECTS))))
        self.n_defects += bad.num_rows
        both = pa.concat_tables([t for t in (self.defects, bad) if t is not None])
        self.defects = both.take(pc.sort_indices(both, [("case_id", "ascending")])).slice(
            0, _LISTED
        )
        self.decisions += decisions.num_rows
        d = decisions.filter(pc.is_valid(decisions.column("position")))
        tenths = pc.cast(pc.round(pc.multiply(d.column("position"), 10.0)), pa.int64())
        pos = pa.table(
            {
                "item": d.column("item"),
                "tenths": tenths,
                "cases": pa.array(np.ones(d.num_rows, np.int64)),
            }
        )
        self.positions = merge(
            [t for t in (self.positions, pos) if t is not None], ["item", "tenths"]
        )
        u = decisions.filter(pc.is_valid(decisions.column("unit")))
        lv = pa.table(
            {
                "unit": u.column("unit"),
                "level": u.column("level"),
                "level_label": u.column("level_label"),
                "cases": pa.array(np.ones(u.num_rows, np.int64)),
            }
        )
        self.levels = merge(
            [t for t in (self.levels, lv) if t is not None], ["unit", "level", "level_label"]
        )
        y = decisions.filter(pc.is_valid(decisions.column("year")))
        dep = pa.table(
            {
                "year": y.column("year"),
                "dep": pc.cast(pc.fill_null(y.column("departure"), False), pa.int64()),
                "cases": pa.array(np.ones(y.num_rows, np.int64)),
            }
        )
        self.departures = merge([t for t in (self.departures, dep) if t is not None], ["year"])

    @classmethod
    def of(cls, result: AuditResult) -> ReportData:
        data = cls()
        data.add(result.findings, result.decisions)
        return data


_CJK = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "WenQuanYi Zen Hei")


def _cjk_font() -> str | None:
    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((n for n in _CJK if n in names), None)


def render_report(result: AuditResult, folder: Path, title: str) -> Path:
    """Write ``report.html`` and its plots into ``folder``."""
    return render(ReportData.of(result), result, folder, title)


def render(data: ReportData, result: AuditResult, folder: Path, title: str) -> Path:
    """Write ``report.html`` from the report's partials and the cross-case tables of ``result``
    (its findings and decisions are not read: a streamed audit passes them empty)."""
    font = _cjk_font()
    zh = font is not None
    rc: Any = {
        "font.family": [font, "DejaVu Sans"] if font else ["DejaVu Sans"],
        "axes.unicode_minus": False,
    }
    with plt.rc_context(rc):
        plots = [
            _plot_positions(data, folder, zh),
            _plot_levels(data, folder, zh),
            _plot_departures(data, folder, zh),
        ]
    kinds = data.kinds
    counts: dict[str, int] = (
        dict(zip(kinds.column("kind").to_pylist(), kinds.column("cases").to_pylist(), strict=True))
        if kinds is not None
        else {}
    )
    n = data.decisions
    defects = data.defects.to_pylist() if data.defects is not None else []
    parts = [
        f"<h1>{html.escape(title)}</h1>",
        f"<p>共评查处罚决定 <b>{n}</b> 件，发现问题 <b>{data.n_defects}</b> 项。</p>",
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
                for f in defects
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


# The positions plot shows at most this many items (those with the most decisions): a standard
# of a thousand items would otherwise draw a figure a thousand rows tall.
_PLOTTED_ITEMS = 40


def _plot_positions(data: ReportData, folder: Path, zh: bool) -> str:
    by_item: dict[str, list[float]] = defaultdict(list)
    weight: Counter[str] = Counter()
    if data.positions is not None:
        for item, tenths, cases in zip(
            *(data.positions.column(c).to_pylist() for c in ("item", "tenths", "cases")),
            strict=True,
        ):
            by_item[item].append(tenths / 10)
            weight[item] += cases
    shown = {i for i, _ in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))[:_PLOTTED_ITEMS]}
    items = sorted(shown)
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(items) + 1.5))
    ax.axvspan(0, 100, color="#dbe9f6", label="推荐幅度" if zh else "recommended range")
    for i, item in enumerate(items):
        ax.scatter(by_item[item], [i] * len(by_item[item]), s=8, alpha=0.4, color="#1f4e79")
    ax.set_yticks(range(len(items)), items)
    ax.set_xlabel(
        "罚款在推荐幅度中的位置（%）" if zh else "fine's position in the recommended range (%)"
    )
    title = "各事项决定罚款与推荐幅度" if zh else "decided fines against the recommended range"
    if len(weight) > len(items):
        title += (
            f"（决定最多的 {len(items)} 个事项）" if zh else f" ({len(items)} items most decided)"
        )
    ax.set_title(title)
    ax.legend(loc="lower right")
    return _save(fig, folder, "positions.png")


def _plot_levels(data: ReportData, folder: Path, zh: bool) -> str:
    mix: dict[str, Counter[str]] = defaultdict(Counter)
    if data.levels is not None:
        for unit, level, level_label, cases in zip(
            *(data.levels.column(c).to_pylist() for c in ("unit", "level", "level_label", "cases")),
            strict=True,
        ):
            # Legal staff read the published wording (从轻, 一般…); the id tells equal words apart.
            label = f"{level_label}（{level}）" if zh and level_label else level
            mix[unit][label or "—"] += cases
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
    if len(levels) <= 40:
        ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return _save(fig, folder, "levels.png")


def _plot_departures(data: ReportData, folder: Path, zh: bool) -> str:
    rate: dict[int, float] = {}
    if data.departures is not None:
        for year, dep, cases in zip(
            *(data.departures.column(c).to_pylist() for c in ("year", "dep", "cases")), strict=True
        ):
            rate[year] = 100 * dep / cases
    years = sorted(rate)
    fig, ax = plt.subplots(figsize=(9, 3.5))
    ax.plot(years, [rate[y] for y in years], marker="o")
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
