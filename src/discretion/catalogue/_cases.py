"""Example cases on an item page: the facts, the recommendation evaluated at build time, the
justification, and whether it matches the case's expectation."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import discretion
from discretion.compile._records import CompiledItem
from discretion.explain._render import render_text
from discretion.format._vocabulary import MODE_LABELS
from discretion.verify import ExampleCase, compare

from ._text import cell, circumstance_kind, date_text, money, number, plain, pre, span, table

OUTCOME_ZH = {
    "penalty": "给予行政处罚",
    "no_penalty": "不予行政处罚",
    "may_waive": "可以不予行政处罚（由执法人员决定）",
}


def case_md(
    item: CompiledItem,
    n: int,
    case: ExampleCase,
    rules: discretion.RuleSet,
    file_shown: str,
    *,
    heading: bool = True,
) -> tuple[list[str], list[str]]:
    """One example case: its facts, the recommendation evaluated now, its justification.

    ``heading=False`` leaves out the「案例 n」heading, for a guide that titles the case itself;
    the justification of case 1 is shown open, the others folded.

    Returns the Markdown lines and what differs from the case's expectation (empty: it matches).
    """
    md = [f"### 案例 {n}：{case.name}", ""] if heading else []
    md += [
        f"来源：{case.source}",
        "",
        f"案例文件：`{file_shown}` 第 {case.line} 行",
        "",
    ]
    rows = [[fact_name(item, k), fact_value(item, k, v)] for k, v in case.facts.items()]
    if case.violation_date or case.decision_date:
        rows.append(
            [
                "违法行为发生日期 / 作出决定日期",
                f"{date_text(case.violation_date or '—')} / {date_text(case.decision_date or '—')}",
            ]
        )
    md.append(table(["事实", "值"], rows))
    try:
        rec = discretion.evaluate(
            rules,
            case.item,
            case.facts,
            violation_date=case.violation_date,
            decision_date=case.decision_date,
        )
    except discretion.DiscretionError as exc:
        wanted = case.expect.get("error")
        names = {cls.__name__ for cls in type(exc).__mro__}
        ok = bool(wanted) and wanted in names
        problems = [] if ok else [f"evaluation failed: {type(exc).__name__}: {exc}"]
        md += [
            f"**计算结果：拒绝计算**（{type(exc).__name__}）"
            + ("，与预期一致。" if ok else "，与预期不符！"),
            "",
            pre(str(exc)),
        ]
        return md, problems
    diffs = compare(rec, case.expect)
    if "error" in case.expect:
        diffs.append(f"expected error {case.expect['error']}, got outcome {rec.outcome}")
    md.append(
        table(
            ["裁量建议", "内容"],
            [*summary_rows(rec), ["案例文件的预期", expect_text(case.expect)]],
        )
    )
    if diffs:
        md += ['!!! failure "与预期不符"', ""] + [f"    - {cell(d)}" for d in diffs] + [""]
    else:
        md += ["与案例文件的预期一致。", ""]
    # The first case's justification is open; the others fold, so a long list stays readable.
    shown = " open" if n == 1 else ""
    md += [
        # Justifications repeat the item's wording case after case: kept out of the search
        # index, so a search lands on the item's table, not on dozens of case notes.
        f'<details class="abstract" data-search-exclude{shown}>'
        "<summary>裁量说理（render_text 的输出）</summary>",
        "",
        pre(render_text(rec)),
        "</details>",
        "",
        '<details class="quote" data-search-exclude><summary>Justification in English</summary>',
        "",
        pre(render_text(rec, "en")),
        "</details>",
        "",
    ]
    return md, diffs


def fact_name(item: CompiledItem, name: str) -> str:
    f = item.fields.get(name)
    return f"{f.spec.label}（`{name}`）" if f else f"`{name}`（未声明的事实）"


def fact_value(item: CompiledItem, name: str, value: Any) -> str:
    f = item.fields.get(name)
    if isinstance(value, bool):
        return "是" if value else "否"
    if f is not None and f.spec.value_labels and str(value) in f.spec.value_labels:
        return f"{f.spec.value_labels[str(value)]}（`{value}`）"
    if f is not None and f.spec.type == "money":
        try:
            return money(Decimal(str(value)))
        except ArithmeticError:
            return str(value)
    unit = f.spec.unit if f is not None and f.spec.unit else ""
    return f"{plain(value)} {unit}".strip()


def summary_rows(rec: discretion.Recommendation) -> list[list[str]]:
    rows = [["结论", OUTCOME_ZH.get(rec.outcome, rec.outcome)]]
    version = next((s for s in rec.steps if s.stage == "version"), None)
    if version is not None:
        # Art. 37: which version of the standard the recommendation was measured under.
        rows.append(
            ["适用的基准版本", f"{rec.ruleset.version}（从旧兼从轻，行政处罚法第三十七条）"]
        )
    if rec.level_label:
        rows.append(["裁量阶次", rec.level_label])
    for p in rec.penalties:
        mode = MODE_LABELS.get(p.mode, (p.mode,))[0]
        figure = ""
        if p.min is not None and p.max is not None:
            figure = "：" + span(p.min, p.max, p.unit or "")
            if p.statutory_min is not None and p.statutory_max is not None:
                figure += f"（法定 {span(p.statutory_min, p.statutory_max, p.unit or '')}）"
        rows.append(["处罚", f"{p.label}（{mode}）{figure}" + ("（减轻）" if p.reduced else "")])
    for c in rec.circumstances:
        rows.append(["情节", f"{circumstance_kind(c.kind, c.mandatory)}：{c.label}"])
    for ground in getattr(rec, "grounds", ()) or ():
        rows.append(["不予处罚情形", ground_label(rec, str(ground))])
    for option in getattr(rec, "options", ()) or ():
        choice = {"mitigate": "从轻", "reduce": "减轻"}.get(option.choice, option.choice)
        figures = "；".join(
            f"{p.label} {span(p.min, p.max, p.unit or '')}"
            if p.min is not None and p.max is not None
            else p.label
            for p in option.penalties
        )
        rows.append(
            [
                f"可选：{choice}",
                f"{figures}（{'应当' if option.mandatory else '可以'}从轻或者减轻，由执法人员选择）",
            ]
        )
    flags = rec.flags
    review = f"法制审核{'必经' if flags.legality_review else '非必经'}"
    if flags.hearing is None:
        # A standard without the APL general part and without a procedure: no flags to show.
        rows.append(["程序", "本基准未规定程序，不作程序提示"])
    elif rec.outcome == "no_penalty":
        # Nothing is imposed: the summary procedure and the hearing right have nothing to attach to.
        rows.append(["程序", f"不予处罚，无需适用简易程序，也无需告知听证权利；{review}"])
    else:
        rows.append(
            [
                "程序",
                f"简易程序{'可以适用' if flags.summary_procedure else '不适用'}；"
                f"{'有' if flags.hearing else '无'}听证权利；{review}",
            ]
        )
    return rows


def ground_label(rec: discretion.Recommendation, ground: str) -> str:
    """A no-penalty ground as the general part words it, from the gate step that recorded it."""
    for step in rec.steps:
        if step.stage != "gate":
            continue
        if step.rule.rsplit("/", 1)[-1] == ground and step.get("label"):
            if ground == "limitation":
                return f"超过追责时效（{step.get('label')}）"
            return f"{step.get('label')}（`{ground}`）"
    return f"`{ground}`"


def expect_text(expect: Mapping[str, Any]) -> str:
    """An example case's expectation, compactly: level, penalty ranges, flags…"""
    parts = []
    for key, value in expect.items():
        if key == "penalties" and isinstance(value, dict):
            ranges = []
            for pid, spec in value.items():
                if isinstance(spec, dict) and "min" in spec and "max" in spec:
                    if spec["min"] is None:  # no figure (format 2: 数额由其他机关规定)
                        ranges.append(str(pid))
                        continue
                    low = number(Decimal(str(spec["min"])))
                    if spec["max"] is None:  # an open range (format 2): 五十万元以上
                        ranges.append(f"{pid} {low}以上")
                    else:
                        ranges.append(f"{pid} {low}–{number(Decimal(str(spec['max'])))}")
                else:
                    ranges.append(str(pid))
            parts.append("penalties: " + "，".join(ranges) if ranges else "penalties: 无")
        elif isinstance(value, dict):
            parts.append(f"{key}: " + "，".join(f"{k}={_yaml_scalar(v)}" for k, v in value.items()))
        elif isinstance(value, list):
            parts.append(f"{key}: " + ("，".join(str(v) for v in value) or "无"))
        else:
            parts.append(f"{key}: {_yaml_scalar(value)}")
    return "\n".join(parts)


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + "，".join(f"{k}={_yaml_scalar(v)}" for k, v in value.items()) + "}"
    return str(value)
