"""How the catalogue writes things: figures, money, tables, citations, facts and results."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from discretion.compile._amounts import quantum_of
from discretion.compile._compiler import render_citation as _render_citation
from discretion.explain._words import in_words
from discretion.format._model import Citation, Law
from discretion.format._vocabulary import CIRCUMSTANCE_LABELS, FACT_TYPE_LABELS

TYPE_ZH = FACT_TYPE_LABELS
MANDATORY = frozenset({"required", "combined"})
_WAN = Decimal(10000)


# -- formatting ---------------------------------------------------------------------------------


def number(value: Decimal | int) -> str:
    """A number without exponent or trailing zeros: ``Decimal('6.50E+4')`` → ``65000``."""
    d = Decimal(value)
    if d == d.to_integral_value():
        return format(d.quantize(Decimal(1)), "f")
    return format(d.normalize(), "f")


def money(value: Decimal | int, unit: str = "元") -> str:
    """An amount as legal staff write it: 万 for whole thousands of 万, digits otherwise.

    >>> money(Decimal(50000)), money(Decimal(65000)), money(Decimal(2000)), money(Decimal("12.5"))
    ('5万元', '6.5万元', '2000元', '12.5元')
    """
    d = Decimal(value)
    if unit == "元" and d >= _WAN and (d % 1000) == 0:
        return f"{number(d / _WAN)}万元"
    return f"{number(d)}{unit}"


def span(lo: Decimal, hi: Decimal, unit: str = "元") -> str:
    """A closed range ``lo``–``hi`` in one unit (以上 / 以下 include the bound)."""
    if lo == hi:
        return money(lo, unit)
    if unit == "元":
        return f"{money(lo)}–{money(hi)}"
    return f"{number(lo)}–{number(hi)}{unit}"


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell: no pipes, line breaks as ``<br>``."""
    return text.replace("|", "\\|").replace("\n", "<br>")


def code(text: str) -> str:
    """Inline code for a condition, with pipes escaped for tables."""
    return "`" + text.replace("|", "\\|").replace("`", "'") + "`"


def words(source: str, labels: Mapping[str, str]) -> str:
    """A condition in Chinese from the facts' labels, never as code (issue 13): ``first_violation
    and harm == "none"`` → 初次违法 且 危害后果为「没有造成危害后果」.

    ``labels`` maps a fact's name to its label, ``name=value`` to an enum value's label and
    ``name.unit`` to its unit (``CompiledItem.labels``, or :func:`fact_labels` of a file).
    """
    if source.strip() in ("true", "True"):
        return "各种情形"

    def value(name: str, v: Any) -> str:
        if isinstance(v, bool):
            return "是" if v else "否"
        if isinstance(v, str):
            return labels.get(f"{name}={v}", v)
        return f"{number(Decimal(str(v)))} {labels.get(f'{name}.unit', '')}".rstrip()

    return in_words(source, lambda n: labels.get(n, n), value)


def fact_labels(specs: Iterable[Any]) -> dict[str, str]:
    """The labels :func:`words` reads, from a file's fact declarations."""
    out: dict[str, str] = {}
    for spec in specs:
        out[spec.name] = spec.label
        for key, label in (spec.value_labels or {}).items():
            out[f"{spec.name}={key}"] = label
        if spec.unit:
            out[f"{spec.name}.unit"] = spec.unit
    return out


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def date_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


# -- citations -----------------------------------------------------------------------------------


def citation_text(c: Citation, laws: Mapping[str, Law], *, quote: bool = True) -> str:
    """A citation in Chinese (via :func:`discretion.compile._compiler.render_citation`), with its quote."""
    law = laws.get(c.law)
    if law is None:
        return c.law
    text = _render_citation(c, law).zh
    if quote and c.text:
        text += f"：“{c.text}”"
    return text


def citations_text(cs: Iterable[Citation], laws: Mapping[str, Law], *, quote: bool = True) -> str:
    """Several citations, one per line."""
    return "\n".join(citation_text(c, laws, quote=quote) for c in cs) or "—"


# -- small renderings -----------------------------------------------------------------------------------


def circumstance_kind(kind: str, mandatory: bool) -> str:
    zh = CIRCUMSTANCE_LABELS.get(kind, ("从轻或者减轻" if kind == "mitigate_or_reduce" else kind,))[
        0
    ]
    return f"{'应当' if mandatory else '可以'}{zh}"


_COMBINE = {
    "net": "多个情节相互抵消：每个从重情节 +1、每个从轻情节 −1，按合计的正负从重或者从轻一次",
    "mitigation_prevails": "有从轻情节的从轻；没有从轻情节而有从重情节的从重",
}


def adjustment_text(adj: Any) -> str:
    combine = str(getattr(adj, "combine", "net"))
    return (
        f"从轻：取阶次幅度中较低的 {number(adj.mitigate_share)}%；"
        f"从重：取阶次幅度中较高的 {number(adj.aggravate_share)}%（不超过法定最高额）；"
        f"减轻：在法定最低额以下，不低于法定最低额的 {number(adj.reduce_floor)}%。"
        f"{_COMBINE.get(combine, combine)}（与情节的排列顺序无关）；有减轻情节的，按减轻处理。"
        "“从轻或者减轻”的情节同时给出两种幅度，由执法人员选择。"
    )


_PARTY = {"individual": "公民", "organisation": "法人或者其他组织"}


def by_party(table: Mapping[str, Decimal | str]) -> str:
    # A threshold no applicable source fixes is written as the rule file marks it (由制定机关设定).
    return "、".join(
        f"{_PARTY.get(k, k)} {v if isinstance(v, str) else money(v)}" for k, v in table.items()
    )


def procedure_text(
    proc: Any, sources: Mapping[str, Sequence[Any]], fine_units: Iterable[str] = ()
) -> str:
    """The procedure rules of an item; ``fine_units`` are the units of its fines other than 元,
    which the 元 thresholds of Art. 51 and Art. 63 are never compared with (as in evaluation)."""

    def cite(key: str) -> str:
        return "；".join(s.zh for s in sources.get(key, ())) or "—"

    lines = []
    if proc.summary_fine_max:
        lines.append(
            f"- 简易程序（当场处罚）：罚款不超过{by_party(proc.summary_fine_max)}，或者警告（{cite('summary')}）"
        )
    if proc.hearing_fine_min:
        lines.append(
            f"- 听证：罚款达到{by_party(proc.hearing_fine_min)}，或者降低资质等级、吊销许可证件、责令停产停业、责令关闭、限制从业（{cite('hearing')}）"
        )
    lines.append(f"- 法制审核（{cite('review')}）")
    for unit in fine_units:
        if not (proc.summary_fine_max or proc.hearing_fine_min):
            break
        if quantum_of(unit) == "cent":
            lines.append(
                f"- 本事项罚款以{unit}计；上述限额以人民币元计，应当按照法律规定的汇率折算后比较"
                f"（{cite('summary')}；{cite('hearing')}）"
            )
        else:
            lines.append(
                f"- 本事项罚款以「{unit}」计，不是以人民币元计的金额，不与上述以元计的限额比较，"
                f"由执法人员依法认定（{cite('summary')}；{cite('hearing')}）"
            )
    return "\n".join(lines) + "\n"


def plain(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return number(value)
    return date_text(value)


def pre(text: str) -> str:
    """Preformatted text that wraps (see docs/stylesheets/extra.css), HTML-escaped."""
    return f'<pre class="justification">{html.escape(text.rstrip())}</pre>\n'
