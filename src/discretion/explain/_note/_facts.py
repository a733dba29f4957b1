"""The section 认定的事实 (facts found): each fact of the case with its label, value and unit.

Facts come in the order the item declares them. Facts the case gave come one per line; facts
left to their default are marked as such, the defaults that are simply 'no' share one line, and
facts not established another. Records without the ``given`` list treat every fact as given.
"""

from __future__ import annotations

from ._voice import ByStage, Voice


def render_facts(v: Voice, by_stage: ByStage) -> list[str]:
    """The lines of the facts section (it needs no step beyond the facts step)."""
    values = dict(v.rec.facts)
    for step in by_stage.get("derive", []):  # shown with their computation in their own section
        values.pop(step.rule.rsplit("/", 1)[-1], None)
    order = [k for k in v.labels if "." not in k and "=" not in k and k in values]
    order += sorted(k for k in values if k not in order)
    given_list = v.facts_step.get("given") if v.facts_step else None
    given = set(values) if given_list is None else set(given_list)
    lines: list[str] = []
    noes: list[str] = []
    missing: list[str] = []
    sep = v.t("：", ": ")
    for name in order:
        value = values[name]
        if value is None:
            missing.append(v.fact_label(name))
        elif name in given:
            lines.append(f"  {v.fact_label(name)}{sep}{v.fact_value(name, value)}")
        elif value is False:
            noes.append(v.fact_label(name))
        else:
            default = v.t("（未提供，按默认值认定）", " (not given; default)")
            lines.append(f"  {v.fact_label(name)}{sep}{v.fact_value(name, value)}{default}")
    join = v.t("；", "; ")
    if noes:
        head = "  以下各项为「否」：" if given_list is None else "  以下各项未提供，按「否」认定："
        lines.append(v.t(head, "  No (not given; default): " if given_list else "  No: "))
        lines[-1] += join.join(noes)
    if missing:
        lines.append(v.t("  未认定：", "  Not established: ") + join.join(missing))
    return lines
