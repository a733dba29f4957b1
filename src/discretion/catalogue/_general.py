"""The general provisions a rule file declares (不予处罚、时效、情节、审核…), as tables.

Rendered from whatever sections the file has, so new sections of the general part show up
without a change here once they are listed in :data:`SECTIONS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from discretion.format._model import Citation, Law, StandardFile

from ._text import (
    TYPE_ZH,
    adjustment_text,
    by_party,
    circumstance_kind,
    citations_text,
    fact_labels,
    number,
    table,
    words,
)

# -- general provisions: rendered from whatever sections the file declares ----------------------------


@dataclass(frozen=True)
class Provision:
    section: str
    label: str
    citations: tuple[Citation, ...]


def _entries(model: StandardFile, name: str) -> list[Any]:
    value = getattr(model, name, None)
    return list(value) if isinstance(value, list | tuple) else []


def provisions(model: StandardFile) -> list[Provision]:
    """Every citable general provision (grounds, circumstances, review grounds) of a file."""
    out: list[Provision] = []
    for name, section in (
        ("grounds", "不予处罚"),
        ("circumstances", "情节"),
        ("review_grounds", "法制审核"),
    ):
        for e in _entries(model, name):
            out.append(
                Provision(
                    section, getattr(e, "label", str(e)), tuple(getattr(e, "citation", ()) or ())
                )
            )
    for name, section in (("one_act", "一事不再罚"), ("transition", "从旧兼从轻")):
        principle = getattr(model, name, None)
        if principle is not None:
            out.append(Provision(section, principle.label, tuple(principle.citation)))
    limitation = getattr(model, "limitation", None)
    for period in getattr(limitation, "periods", None) or []:
        out.append(
            Provision(
                "追责时效",
                getattr(period, "label", ""),
                tuple(getattr(period, "citation", ()) or ()),
            )
        )
    return out


def _grounds_md(model: StandardFile, laws: Mapping[str, Law]) -> str:
    effects = {"no_penalty": "不予处罚", "may_waive": "可以不予处罚"}
    return table(
        ["情形", "效果", "条件", "依据"],
        [
            [
                g.label,
                effects.get(str(getattr(g, "effect", "")), str(getattr(g, "effect", ""))),
                words(g.when, fact_labels(model.facts)),
                citations_text(g.citation, laws, quote=False),
            ]
            for g in _entries(model, "grounds")
        ],
    )


def _circumstances_md(model: StandardFile, laws: Mapping[str, Law]) -> str:
    return table(
        ["情节", "种类", "条件", "依据"],
        [
            [
                c.label,
                circumstance_kind(c.kind, c.mandatory),
                words(c.when, fact_labels(model.facts)),
                citations_text(c.citation, laws, quote=False),
            ]
            for c in model.circumstances
        ],
    )


def _limitation_md(model: StandardFile, laws: Mapping[str, Law]) -> str:
    limitation = getattr(model, "limitation", None)
    rows = []
    for p in getattr(limitation, "periods", None) or []:
        when = getattr(p, "when", None)
        rows.append(
            [
                str(getattr(p, "years", "")) + " 年",
                getattr(p, "label", ""),
                words(when, fact_labels(model.facts)) if when else "其他情形",
                citations_text(getattr(p, "citation", ()), laws, quote=False),
            ]
        )
    return table(["期限", "规定", "条件", "依据"], rows)


def _review_md(model: StandardFile, laws: Mapping[str, Law]) -> str:
    rows = []
    for r in _entries(model, "review_grounds"):
        when = getattr(r, "when", None)
        how = (
            words(when, fact_labels(model.facts))
            if when
            else ("经过听证程序" if getattr(r, "on_hearing", False) else "—")
        )
        rows.append([r.label, how, citations_text(r.citation, laws, quote=False)])
    return table(["情形", "条件", "依据"], rows)


def _principles_md(model: StandardFile, laws: Mapping[str, Law]) -> str:
    rows = []
    for name, title in (("one_act", "一事不再罚"), ("transition", "从旧兼从轻")):
        principle = getattr(model, name, None)
        if principle is not None:
            rows.append(
                [title, principle.label, citations_text(principle.citation, laws, quote=False)]
            )
    return table(["原则", "规定", "依据"], rows)


def _bands_md(model: StandardFile, laws: Mapping[str, Law]) -> str:
    # Listed by what they mean: the names are how rule files refer to them, not public wording.
    rows = []
    for b in model.bands.values():
        if b.percent:
            text = f"法定幅度自最低额起 {number(b.percent[0])}%–{number(b.percent[1])}%"
        elif b.of_max:
            text = f"法定最高额的 {number(b.of_max[0])}%–{number(b.of_max[1])}%"
        elif b.min is not None and b.max is not None:
            text = f"{number(b.min)}–{number(b.max)}"
        elif b.factors:
            text = "裁量因子：" + "、".join(f.label for f in b.factors)
        else:
            text = "按分支：" + "、".join(b.cases or {})
        rows.append(text)
    return "".join(f"- {r}\n" for r in rows)


def _facts_md(model: StandardFile, laws: Mapping[str, Law]) -> str:
    return table(
        ["名称", "事实", "类型", "单位或取值"],
        [
            [
                f"`{f.name}`",
                f.label,
                TYPE_ZH.get(f.type, f.type),
                f.unit
                or "、".join((f.value_labels or {}).get(v, v) for v in f.values or [])
                or "—",
            ]
            for f in model.facts
        ],
    )


def _adjustment_md(model: StandardFile, laws: Mapping[str, Law]) -> str:
    return adjustment_text(model.adjustment) if model.adjustment else "—"


def _procedure_md(model: StandardFile, laws: Mapping[str, Law]) -> str:
    proc = model.procedure
    if proc is None:
        return "—"
    lines = []
    for key, title in (
        ("summary_fine_max", "简易程序（当场处罚）罚款上限"),
        ("hearing_fine_min", "听证：较大数额罚款"),
    ):
        table = getattr(proc, key)
        if table:
            lines.append(f"- {title}：{by_party(table)}")
    for key, title in (
        ("citation_summary", "简易程序依据"),
        ("citation_hearing", "听证依据"),
        ("citation_review", "法制审核依据"),
    ):
        cs = getattr(proc, key)
        if cs:
            lines.append(
                f"- {title}：{citations_text(cs, laws, quote=False).replace(chr(10), '；')}"
            )
    return "\n".join(lines) + "\n"


# Sections an item page shows in its own terms (compiled for the item), not as the general part
# declares them.
ITEM_OWN_SECTIONS = frozenset(
    {"共同事实", "从轻、减轻、从重情节", "命名幅度", "情节对幅度的调整", "程序"}
)

_SECTIONS: tuple[tuple[str, str, Any], ...] = (
    ("facts", "共同事实", _facts_md),
    ("grounds", "不予处罚情形", _grounds_md),
    ("limitation", "追责时效", _limitation_md),
    ("circumstances", "从轻、减轻、从重情节", _circumstances_md),
    ("review_grounds", "法制审核情形", _review_md),
    ("one_act", "一事不再罚、从旧兼从轻", _principles_md),
    ("bands", "命名幅度", _bands_md),
    ("adjustment", "情节对幅度的调整", _adjustment_md),
    ("procedure", "程序", _procedure_md),
)


def sections(model: StandardFile) -> list[tuple[str, Any]]:
    """The provision sections a file declares, in a fixed reading order."""

    def declared(name: str) -> bool:
        if name == "one_act":  # the section shows both principles
            return bool(getattr(model, "one_act", None) or getattr(model, "transition", None))
        return bool(getattr(model, name, None))

    return [(title, render) for name, title, render in _SECTIONS if declared(name)]
