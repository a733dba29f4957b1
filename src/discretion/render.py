"""The justification of a recommendation as text: Chinese (default) or English.

Both are views over the same :class:`~discretion.result.Recommendation` and its steps; nothing
is evaluated here. The Chinese text is written for the legality reviewer (法制审核人员): facts found,
item and legal basis, the level and why, each circumstance with its article, how each range was
measured, the single/combined choice, the procedure flags, and the standard's id, version and digest
so the recommendation can be replayed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from .result import Penalty, Recommendation, Step
from .vocabulary import CIRCUMSTANCE_LABELS, MODE_LABELS

Lang = Literal["zh", "en"]

_BAND_ZH = {
    "full": "取法定幅度全幅",
    "explicit": "按基准表规定的子幅度",
    "explicit_share": "按基准表子幅度在该幅度中的相对位置",
    "percent": "取法定幅度的 {a}%–{b}% 区间",
    "of_max": "取法定最高额的 {a}%–{b}%",
    "factors": "按裁量因子百分比之和乘以法定最高额",
}
_BAND_EN = {
    "full": "the whole statutory range",
    "explicit": "the sub-range set by the benchmark table",
    "explicit_share": "the benchmark sub-range's share of this range",
    "percent": "{a}%–{b}% of the way through the statutory range",
    "of_max": "{a}%–{b}% of the statutory maximum",
    "factors": "the sum of factor percentages times the statutory maximum",
}


def fmt(value: Any) -> str:
    """A value for display: decimals without exponent, booleans as 是/否 (zh)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _yes(value: bool, lang: Lang) -> str:
    if lang == "zh":
        return "是" if value else "否"
    return "yes" if value else "no"


def _cite(step: Step, lang: Lang) -> str:
    texts = [s.zh if lang == "zh" else s.en for s in step.sources]
    if lang == "zh":
        return "（依据：" + "；".join(texts) + "）"
    return " (basis: " + "; ".join(texts) + ")"


def _range(lo: Any, hi: Any, unit: str) -> str:
    if lo == hi:
        return f"{fmt(lo)} {unit}"
    return f"{fmt(lo)}–{fmt(hi)} {unit}"


class _Text:
    def __init__(self, rec: Recommendation, lang: Lang, labels: dict[str, str]) -> None:
        self.rec = rec
        self.lang = lang
        self.labels = labels
        self.lines: list[str] = []

    def zh(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en

    def add(self, text: str) -> None:
        self.lines.append(text)

    def render(self) -> str:
        rec, z = self.rec, self.zh
        ref = rec.ruleset
        self.add(z("行政处罚裁量建议（供法制审核）", "Recommended penalty (for legality review)"))
        self.add(
            z(
                f"裁量基准：{ref.title}（{ref.id}，版本 {ref.version}）",
                f"Standard: {ref.title} ({ref.id}, version {ref.version})",
            )
        )
        self.add(z(f"内容摘要：{ref.digest}", f"Digest: {ref.digest}"))
        self.add(z(f"裁量事项：{rec.item} {rec.item_name}", f"Item: {rec.item} {rec.item_name}"))
        steps = rec.steps
        first = steps[0]
        self.add(
            z("违法依据：", "Legal basis: ")
            + "；".join(s.zh if self.lang == "zh" else s.en for s in first.sources)
        )
        if rec.violation_date or rec.decision_date:
            self.add(
                z(
                    f"违法行为发生日期：{fmt(rec.violation_date or '—')}；"
                    f"作出决定日期：{fmt(rec.decision_date or '—')}",
                    f"Violation date: {fmt(rec.violation_date or '-')}; "
                    f"decision date: {fmt(rec.decision_date or '-')}",
                )
            )
        self.add("")
        self.add(z("一、认定的事实", "1. Facts found"))
        for name, value in rec.facts:
            if value is None:
                continue
            self.add(
                f"  {self.labels.get(name, name)}：{self.fact_value(name, value)}"
                if self.lang == "zh"
                else f"  {name}: {self.fact_value(name, value)}"
            )
        self.add(z("二、裁量阶次", "2. Discretion level"))
        for step in steps:
            if step.stage == "level":
                self.level(step)
        self.add(z("三、裁量情节", "3. Circumstances"))
        circ = [s for s in steps if s.stage == "circumstance"]
        if not circ:
            self.add(
                z(
                    "  无从轻、减轻或者从重情节。",
                    "  No mitigating, reducing or aggravating circumstance holds.",
                )
            )
        for step in circ:
            kind_zh, kind_en = CIRCUMSTANCE_LABELS[str(step.outcome)]
            must = step.get("mandatory")
            self.add(
                z(
                    f"  {kind_zh}（{'应当' if must else '可以'}）：{step.get('label')}"
                    f"。条件：{step.test}{_cite(step, 'zh')}",
                    f"  {kind_en} ({'mandatory' if must else 'optional'}): {step.get('label')}."
                    f" Condition: {step.test}{_cite(step, 'en')}",
                )
            )
        self.add(z("四、处罚种类和幅度", "4. Penalties and ranges"))
        for step in steps:
            if step.stage == "penalty":
                self.penalty(step)
        self.add(z("五、程序", "5. Procedure"))
        for step in steps:
            if step.stage == "procedure":
                self.procedure(step)
        self.add("")
        self.add(self.conclusion())
        return "\n".join(self.lines) + "\n"

    def fact_value(self, name: str, value: Any) -> str:
        if isinstance(value, bool):
            return _yes(value, self.lang)
        unit = self.labels.get(f"{name}.unit", "")
        label = self.labels.get(f"{name}={value}")
        if label and self.lang == "zh":
            return label
        return f"{fmt(value)} {unit}".strip()

    def level(self, step: Step) -> None:
        label = step.get("label")
        if step.outcome is True:
            self.add(
                self.zh(
                    f"  适用「{label}」：{step.get('circumstances')}。条件 {step.test} 成立"
                    f"{_cite(step, 'zh')}",
                    f"  Applies: {label}: {step.get('circumstances')}. Condition {step.test} holds"
                    f"{_cite(step, 'en')}",
                )
            )
        else:
            self.add(
                self.zh(
                    f"  不适用「{label}」：条件 {step.test} 不成立",
                    f"  Does not apply: {label}: condition {step.test} fails",
                )
            )

    def penalty(self, step: Step) -> None:
        z = self.zh
        label = step.get("label")
        mode = step.get("mode")
        mode_zh, mode_en = MODE_LABELS.get(str(mode), (str(mode), str(mode)))
        if step.outcome == "not_applicable":
            self.add(
                z(
                    f"  {label}：适用条件 {step.test} 不成立，不予适用{_cite(step, 'zh')}",
                    f"  {label}: its condition {step.test} fails; not applied{_cite(step, 'en')}",
                )
            )
            return
        chosen = step.outcome == "imposed"
        head = z(
            f"  {label}（{mode_zh}{'' if chosen else '，本阶次未选择'}）",
            f"  {label} ({mode_en}{'' if chosen else '; not chosen at this level'})",
        )
        if step.get("range") is None:
            self.add(head + _cite(step, self.lang))
            return
        parts = [head + z("：", ": ")]
        lo, hi = step.get("scale")
        scale_unit = step.get("scale_unit")
        base = step.get("base")
        base_text = self.labels.get(base, base) if self.lang == "zh" else base
        shape = step.get("shape")
        if step.get("fallback"):
            parts.append(
                z(
                    f"{base_text}为零或者未查明，适用 ",
                    f"{base} is zero or not established; fallback range ",
                )
            )
        if shape == "multiple":
            parts.append(
                z(
                    f"法定 {fmt(lo)}–{fmt(hi)} 倍 × {base_text} {fmt(step.get('base_value'))}",
                    f"statutory {fmt(lo)}–{fmt(hi)} × {base} {fmt(step.get('base_value'))}",
                )
            )
        elif shape in ("per_unit", "percent"):
            parts.append(
                z(
                    f"法定 {fmt(lo)}–{fmt(hi)} {scale_unit} × {base_text} {fmt(step.get('base_value'))}",
                    f"statutory {fmt(lo)}–{fmt(hi)} {scale_unit} × {base} "
                    f"{fmt(step.get('base_value'))}",
                )
            )
        else:
            parts.append(
                z(
                    f"法定幅度 {_range(lo, hi, scale_unit)}",
                    f"statutory range {_range(lo, hi, scale_unit)}",
                )
            )
        smin, smax = step.get("statutory")
        unit = step.get("unit")
        if shape != "range":
            parts.append(f" = {_range(smin, smax, unit)}")
        band = step.get("band")
        if (band and band != "full") or step.get("level"):
            share = step.get("share") or ("", "")
            table = _BAND_ZH if self.lang == "zh" else _BAND_EN
            text = table[str(band)].format(a=fmt(share[0]), b=fmt(share[1]))
            parts.append(
                z(f"；阶次「{step.get('level')}」{text}", f"; level {step.get('level')}: {text}")
            )
            if band == "factors":
                chosen_factors = "，".join(
                    f"{f[0]}「{f[1]}」{fmt(f[2])}%" for f in step.get("factors")
                )
                parts.append(
                    z(
                        f"（{chosen_factors}，合计 {fmt(step.get('total'))}%）",
                        f" ({chosen_factors}; total {fmt(step.get('total'))}%)",
                    )
                )
        how = step.get("adjust")
        if how == "mitigate":
            parts.append(
                z(
                    f"；从轻，取该区间较低的 {fmt(step.get('adjust_share'))}%",
                    f"; mitigated: the lowest {fmt(step.get('adjust_share'))}% of it",
                )
            )
        elif how == "aggravate":
            parts.append(
                z(
                    f"；从重，取该区间较高的 {fmt(step.get('adjust_share'))}%（不超过法定最高额）",
                    f"; aggravated: the highest {fmt(step.get('adjust_share'))}% of it "
                    "(never above the statutory maximum)",
                )
            )
        elif how == "reduce":
            parts.append(
                z(
                    f"；减轻，在法定最低额以下、不低于最低额的 {fmt(step.get('reduce_floor'))}%",
                    f"; reduced below the statutory minimum, not under "
                    f"{fmt(step.get('reduce_floor'))}% of it",
                )
            )
        amin, amax = step.get("range")
        parts.append(
            z(f"；建议 {_range(amin, amax, unit)}", f"; recommended {_range(amin, amax, unit)}")
        )
        self.add("".join(parts) + _cite(step, self.lang))

    def procedure(self, step: Step) -> None:
        z = self.zh
        flag = step.get("flag")
        yes = bool(step.outcome)
        threshold = step.get("threshold")
        if flag == "summary_procedure":
            self.add(
                z(
                    f"  简易程序（当场处罚）：{'可以适用' if yes else '不适用'}"
                    f"（罚款上限 {fmt(threshold)} 元或者警告）{_cite(step, 'zh')}",
                    f"  Summary procedure: {'available' if yes else 'not available'} (fine up "
                    f"to {fmt(threshold)} yuan, or a warning){_cite(step, 'en')}",
                )
            )
        elif flag == "hearing":
            self.add(
                z(
                    f"  听证：{'应当告知当事人有权要求听证' if yes else '不属于听证范围'}"
                    f"（较大数额罚款标准 {fmt(threshold)} 元）{_cite(step, 'zh')}",
                    f"  Hearing: {'the party must be told of its right to a hearing' if yes else 'no hearing right'}"
                    f" (large-fine threshold {fmt(threshold)} yuan){_cite(step, 'en')}",
                )
            )
        elif flag == "legality_review":
            self.add(
                z(
                    f"  法制审核：{'作出决定前应当进行法制审核' if yes else '非必经法制审核'}"
                    f"{_cite(step, 'zh')}",
                    f"  Legality review: {'required before the decision' if yes else 'not required'}"
                    f"{_cite(step, 'en')}",
                )
            )
        else:
            self.add(f"  {flag}: {_yes(yes, self.lang)}{_cite(step, self.lang)}")

    def conclusion(self) -> str:
        rec = self.rec
        if rec.outcome == "no_penalty":
            orders = "、".join(rec.orders)
            return self.zh(
                "结论：建议不予行政处罚" + (f"，{orders}" if orders else "") + "。",
                "Conclusion: no penalty recommended"
                + (f"; {', '.join(rec.orders)}" if orders else "")
                + ".",
            )
        parts = [self.penalty_text(p) for p in rec.penalties]
        reduced = self.zh("（减轻处罚）", " (reduced)") if rec.flags.reduced else ""
        return self.zh(
            f"结论：建议给予{'，'.join(parts)}{reduced}。",
            f"Conclusion: recommended {'; '.join(parts)}{reduced}.",
        )

    def penalty_text(self, p: Penalty) -> str:
        label = p.label if self.lang == "zh" else p.label_en
        if p.min is None:
            return label
        return f"{label} {_range(p.min, p.max, p.unit or '')}"


def render_text(rec: Recommendation, lang: Lang = "zh") -> str:
    """The justification as text: Chinese (default) or English (``lang="en"``)."""
    labels: dict[str, str] = {}
    for step in rec.steps:
        if step.stage == "facts":
            labels = dict(step.get("labels", ()))
            break
    return _Text(rec, lang, labels).render()
