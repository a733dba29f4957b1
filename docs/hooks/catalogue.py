"""The catalogue of standards (裁量基准目录), generated as Markdown from the rule files.

Article 34 of the Administrative Penalty Law requires discretion standards to be published; the
docs site is that publication, so its pages are built from ``rules/`` at build time and can never
drift from what the library evaluates. :func:`build_catalogue` loads the rule files, evaluates each
item's example cases, and returns the pages as text with a navigation tree. It knows nothing of
MkDocs: a thin hook (``docs/hooks/mkdocs_hooks.py``) hands the pages to the site generator, so a
move to another generator only replaces the hook.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import discretion
from discretion.amounts import (
    CaseBand,
    ExplicitBand,
    FactorBand,
    FullBand,
    MultipleAmount,
    OfMaxBand,
    PercentAmount,
    PercentBand,
    PerUnitAmount,
    RangeAmount,
    Scale,
    Shape,
    SwitchAmount,
)
from discretion.examples import ExampleCase, case_files, compare, read_cases
from discretion.loader import CompiledClause, CompiledItem, CompiledLevel, StandardInfo
from discretion.loader import render_citation as _render_citation
from discretion.model import AmountSpec, Citation, Law, StandardFile
from discretion.render import render_text
from discretion.vocabulary import CIRCUMSTANCE_LABELS, KIND_LABELS, MODE_LABELS

NavEntry = str | dict[str, Any]

_OUTCOME_ZH = {
    "penalty": "给予行政处罚",
    "no_penalty": "不予行政处罚",
    "may_waive": "可以不予行政处罚（由执法人员决定）",
}
_TYPE_ZH = {
    "money": "金额",
    "count": "数量（整数）",
    "area": "面积",
    "days": "天数",
    "number": "数值",
    "percent": "百分比",
    "bool": "是/否",
    "enum": "选项",
    "date": "日期",
}
_MANDATORY = frozenset({"required", "combined"})
_WAN = Decimal(10000)


@dataclass(frozen=True)
class Page:
    """One generated page: its path under the docs folder, its title and its Markdown."""

    path: str
    title: str
    markdown: str


@dataclass
class Catalogue:
    """The generated pages, the navigation tree that lists them, and problems found on the way.

    Attributes:
        pages: path under the docs folder → page.
        nav: MkDocs-style navigation entries (``{title: path}`` or ``{title: [...]}``).
        problems: example cases whose evaluation differs from their expectation, or that name an
            item no rule file defines; the hook reports each as a build warning.
    """

    pages: dict[str, Page] = field(default_factory=dict)
    nav: list[NavEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def add(self, path: str, title: str, markdown: str) -> None:
        """Add a page."""
        self.pages[path] = Page(path, title, markdown)


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


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _date(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


# -- citations -----------------------------------------------------------------------------------


def citation_text(c: Citation, laws: Mapping[str, Law], *, quote: bool = True) -> str:
    """A citation in Chinese (via :func:`discretion.loader.render_citation`), with its quote."""
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


# -- amounts and bands ------------------------------------------------------------------------------


def _fact_label(item: CompiledItem, name: str) -> str:
    f = item.fields.get(name)
    return f.spec.label if f else name


def shape_text(spec: AmountSpec, item: CompiledItem) -> str:
    """The statutory amount of a clause in the words of a statute."""
    if spec.range is not None:
        r = spec.range
        if r.min == 0:
            return f"{money(r.max, r.unit)}以下"
        return f"{money(r.min, r.unit)}以上{money(r.max, r.unit)}以下"
    if spec.multiple is not None:
        m = spec.multiple
        text = f"{_fact_label(item, m.base)}{number(m.min)}倍以上{number(m.max)}倍以下"
        if m.fallback is not None:
            below = (
                f"不足{money(m.fallback_below)}"
                if m.fallback_below is not None
                else "没有或者无法计算"
            )
            fb = AmountSpec(range=m.fallback)
            text += f"；{_fact_label(item, m.base)}{below}的，{shape_text(fb, item)}"
        return text
    if spec.per_unit is not None:
        u = spec.per_unit
        return (
            f"按{_fact_label(item, u.base)}计，每单位{number(u.min)}以上{number(u.max)}以下"
            f"（{u.rate_unit}）"
        )
    if spec.percent is not None:
        p = spec.percent
        return f"{_fact_label(item, p.base)}的百分之{number(p.min)}以上百分之{number(p.max)}以下"
    assert spec.switch is not None
    return "\n".join(
        f"{case.label or case.when}：{shape_text(case.amount, item)}" for case in spec.switch
    )


@dataclass(frozen=True)
class _Branch:
    case: str | None
    label: str
    scale: Scale


def _branches(
    shape: Shape, labels: Mapping[str, str], label: str = "", case: str | None = None
) -> list[_Branch]:
    """Each statutory range a level's band may sit in, on the shape's own scale.

    ``labels`` maps a switch branch's id to its wording (货值金额不足一万元).
    """
    if isinstance(shape, SwitchAmount):
        out: list[_Branch] = []
        for case_id, cond, sub in shape.cases:
            out += _branches(sub, labels, labels.get(case_id, cond.source), case_id)
        return out
    one = Decimal(1)
    if isinstance(shape, RangeAmount):
        return [
            _Branch(
                case, label, Scale("range", case, shape.lo, shape.hi, one, shape.unit, shape.unit)
            )
        ]
    if isinstance(shape, MultipleAmount):
        out = [_Branch(case, label, Scale("multiple", case, shape.lo, shape.hi, one, "元", "倍"))]
        if shape.fallback is not None:
            fb = shape.fallback
            scale = Scale(
                "range", case, fb.lo, fb.hi, one, fb.unit, fb.unit, shape.base, None, True
            )
            out.append(_Branch(case, (label + "；" if label else "") + "适用兜底幅度", scale))
        return out
    if isinstance(shape, PerUnitAmount):
        return [
            _Branch(
                case, label, Scale("per_unit", case, shape.lo, shape.hi, one, "元", shape.rate_unit)
            )
        ]
    if isinstance(shape, PercentAmount):
        return [_Branch(case, label, Scale("percent", case, shape.lo, shape.hi, one, "元", "%"))]
    return [
        _Branch(c, label, Scale("range", c, lo, hi, one, "", "")) for c, lo, hi in shape.bounds()
    ]


def band_text(band: Any) -> str:
    """How a band is placed, in words (the strategy, not yet the figures)."""
    if isinstance(band, FullBand):
        return "法定幅度全幅"
    if isinstance(band, ExplicitBand):
        return "基准表规定的子幅度"
    if isinstance(band, PercentBand):
        return f"法定幅度自下而上的 {number(band.lo)}%–{number(band.hi)}%"
    if isinstance(band, OfMaxBand):
        return f"法定最高额的 {number(band.lo)}%–{number(band.hi)}%（不低于法定最低额）"
    if isinstance(band, FactorBand):
        return "裁量因子百分比之和 × 法定最高额（不低于法定最低额）"
    if isinstance(band, CaseBand):
        return "按法定幅度分支分别规定"
    return type(band).__name__


def _factor_text(band: FactorBand) -> str:
    lines = []
    for _fid, label, options in band.factors:
        opts = "；".join(
            f"{text} {number(pct)}%（{code(cond.source)}）" for cond, pct, text in options
        )
        lines.append(f"{label}：{opts}")
    return "\n".join(lines)


def level_band_text(
    level: CompiledLevel, primary: CompiledClause | None, item: CompiledItem
) -> str:
    """The band of a level with its figures on each statutory branch of the primary clause."""
    if primary is None or primary.amount is None:
        return "—（无罚款幅度）"
    band = level.band
    lines: list[str] = []
    how: list[str] = []
    spec = next((c.amount for c in item.model.penalties if c.id == primary.id), None)
    labels = {c.id: c.label or c.when for c in (spec.switch or [])} if spec else {}
    for branch in _branches(primary.amount, labels):
        sub = band.cases.get(branch.case or "") if isinstance(band, CaseBand) else band
        if sub is None:
            sub = FullBand()
        where = f"{branch.label}：" if branch.label else ""
        if isinstance(sub, FactorBand):
            lines.append(f"{where}{_factor_text(sub)}")
            how.append(band_text(sub))
            continue
        lo, hi, _detail = sub.place(branch.scale, {}, item.code)
        scale = branch.scale
        if scale.shape == "multiple":
            figures = f"{_fact_label(item, _base_of(primary.amount, branch.case))}的 {number(lo)}–{number(hi)} 倍"
        elif scale.shape == "percent":
            figures = f"{number(lo)}%–{number(hi)}%"
        else:
            figures = span(lo, hi, scale.scale_unit)
        lines.append(f"{where}**{figures}**")
        how.append(band_text(sub))
    named = _named_band(item, level.id)
    # How the band is placed, once when every branch places it the same way.
    notes = list(dict.fromkeys(how))
    if named:
        notes.append(f"命名幅度 {code(named)}")
    lines.append("（" + "；".join(notes) + "）")
    return "\n".join(lines)


def _base_of(shape: Shape, case: str | None) -> str:
    if isinstance(shape, SwitchAmount):
        for case_id, _cond, sub in shape.cases:
            if case_id == case:
                return _base_of(sub, None)
    return getattr(shape, "base", "") or ""


def _named_band(item: CompiledItem, level_id: str) -> str | None:
    for level in item.model.levels:
        if level.id == level_id and isinstance(level.band, str):
            return level.band
    return None


def _primary(item: CompiledItem) -> CompiledClause | None:
    return next((c for c in item.clauses if c.primary), None)


def clause_label(clause: CompiledClause) -> str:
    """A clause's label with its mode: 罚款（并处）."""
    mode = MODE_LABELS.get(clause.mode, (clause.mode, clause.mode))[0]
    return f"{clause.label}（{mode}）"


def level_penalties(item: CompiledItem, level: CompiledLevel) -> str:
    """The penalty kinds a level imposes, in the order of the statute."""
    out = []
    for clause in item.clauses:
        if clause.levels is not None and level.id not in clause.levels:
            continue
        if clause.mode not in _MANDATORY and clause.id not in level.impose:
            continue  # a discretionary clause this level does not choose (法定处罚 lists it)
        text = clause.label
        if clause.when is not None:
            text += f"（满足 {code(clause.when.source)} 时）"
        out.append(text)
    if level.reduce:
        out.append("（本阶次为减轻处罚）")
    return "\n".join(out)


# -- pages ----------------------------------------------------------------------------------------


class _Builder:
    def __init__(self, root: Path, rules_dir: Path, prefix: str) -> None:
        self.root = root
        self.rules_dir = rules_dir
        self.prefix = prefix
        self.rules = discretion.load(rules_dir)
        self.out = Catalogue()
        self.slugs: dict[str, str] = {}
        self.case_rules: dict[str, discretion.RuleSet] = {}
        self.general_file: dict[str, StandardInfo] = {}
        for info in self.rules.standards:
            self.slugs[info.file] = self._slug(info)
            if info.general:
                self.general_file[str(Path(info.file).resolve())] = info
        self.cases = self._read_cases()

    # paths ---------------------------------------------------------------------------------------
    def _slug(self, info: StandardInfo) -> str:
        same = [s for s in self.rules.standards if s.id == info.id]
        return info.id if len(same) == 1 else f"{info.id}@{info.version}"

    def std_path(self, info: StandardInfo) -> str:
        return f"{self.prefix}/{self.slugs[info.file]}/index.md"

    def item_path(self, item: CompiledItem) -> str:
        return f"{self.prefix}/{self.slugs[item.standard.file]}/{item.code}.md"

    def display(self, file: str) -> str:
        path = Path(file).resolve()
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return file

    @staticmethod
    def link(src: str, dst: str) -> str:
        """A relative link between two generated pages (MkDocs checks it at build time)."""
        a = Path(src).parent.parts
        b = Path(dst).parts
        common = 0
        while common < len(a) and common < len(b) - 1 and a[common] == b[common]:
            common += 1
        return "/".join([".."] * (len(a) - common) + list(b[common:]))

    # rules ---------------------------------------------------------------------------------------
    def model(self, info: StandardInfo) -> StandardFile:
        return self.rules.file_model(info.file)

    def general_of(self, info: StandardInfo) -> StandardInfo | None:
        uses = self.model(info).standard.uses
        if not uses:
            return None
        return self.general_file.get(str((Path(info.file).parent / uses).resolve()))

    def laws(self, info: StandardInfo) -> dict[str, Law]:
        general = self.general_of(info)
        base = dict(self.model(general).laws) if general else {}
        return {**base, **self.model(info).laws}

    def items_of(self, info: StandardInfo) -> list[CompiledItem]:
        """The compiled items of one file: for an item in several versions, this file's version."""
        out = []
        for model in self.model(info).items:
            if model.code not in self.rules:
                continue
            versions = self.rules.versions(model.code)
            out += [v for v in versions if v.standard.file == info.file][:1]
        return out

    def cases_of(self, item: CompiledItem) -> list[ExampleCase]:
        return self.cases.get((item.standard.file, item.code), [])

    def _read_cases(self) -> dict[tuple[str, str], list[ExampleCase]]:
        """Example cases by (rule file, item code): a case goes to the version it is evaluated
        against, the one in force on its violation date (the latest when it gives none)."""
        by_item: dict[tuple[str, str], list[ExampleCase]] = {}
        for path in case_files(self.rules_dir):
            for case in read_cases(path):
                if case.item not in self.rules:
                    self.out.problems.append(
                        f"{self.display(case.file)}:{case.line}: example case {case.name!r} names "
                        f"item {case.item!r}, which no rule file defines"
                    )
                    continue
                target = self.rules.item(case.item, case.violation_date)
                by_item.setdefault((target.standard.file, case.item), []).append(case)
        return by_item

    # build ---------------------------------------------------------------------------------------
    def build(self) -> Catalogue:
        ordered = sorted(
            self.rules.standards, key=lambda s: (not s.general, s.field, s.id, s.version)
        )
        std_nav: list[NavEntry] = []
        for info in ordered:
            items = self.items_of(info)
            self.standard_page(info, items)
            entries: list[NavEntry] = [self.std_path(info)]
            for item in items:
                self.item_page(item)
                entries.append({f"{item.code} {item.name}": self.item_path(item)})
            title = (
                info.title
                if "@" not in self.slugs[info.file]
                else f"{info.title}（{info.version}）"
            )
            std_nav.append({title: entries})
        self.index_page(ordered)
        self.field_page(ordered)
        self.article_page(ordered)
        p = self.prefix
        self.out.nav = [
            f"{p}/index.md",
            {"按领域": f"{p}/by-field.md"},
            {"按法律条文": f"{p}/by-article.md"},
            *std_nav,
        ]
        return self.out

    def index_page(self, ordered: list[StandardInfo]) -> None:
        path = f"{self.prefix}/index.md"
        rows = []
        for info in ordered:
            n = len(self.items_of(info))
            rows.append(
                [
                    f"[{info.title}]({self.link(path, self.std_path(info))})",
                    info.field,
                    info.authority,
                    info.jurisdiction,
                    info.version,
                    _date(info.effective_from),
                    str(n) if not info.general else "总则",
                ]
            )
        items = []
        for info in ordered:
            for item in self.items_of(info):
                items.append(
                    [
                        f"[{item.code}]({self.link(path, self.item_path(item))})",
                        item.name,
                        info.field,
                        str(len(item.levels)),
                        str(len(self.cases_of(item))),
                    ]
                )
        md = [
            "# 裁量基准目录",
            "",
            "本目录由 `rules/` 中的规则文件在构建网站时自动生成，并逐一计算每个事项的示例案例："
            "页面上的每一个幅度、每一段说理，都是本库实际计算的结果，与执法系统使用的规则完全一致。"
            "依照《中华人民共和国行政处罚法》第三十四条，行政机关制定的裁量基准应当向社会公布。",
            "",
            "*Catalogue of the discretion standards, generated from the rule files at build time; "
            "every figure and justification below is computed by the library itself.*",
            "",
            f"共 {len(ordered)} 个裁量基准（含总则），{len(self.rules)} 个裁量事项，"
            f"{sum(len(v) for v in self.cases.values())} 个示例案例。"
            f"另见 [按领域索引](by-field.md) 和 [按法律条文索引](by-article.md)。",
            "",
            "## 裁量基准",
            "",
            _table(
                ["裁量基准", "领域", "制定机关", "适用地域", "版本", "施行日期", "事项数"], rows
            ),
            "## 裁量事项",
            "",
            _table(["编码", "违法行为", "领域", "阶次数", "示例案例"], items),
        ]
        self.out.add(path, "裁量基准目录", "\n".join(md))

    def field_page(self, ordered: list[StandardInfo]) -> None:
        path = f"{self.prefix}/by-field.md"
        fields: dict[str, list[StandardInfo]] = {}
        for info in ordered:
            fields.setdefault(info.field, []).append(info)
        md = ["# 按领域索引", "", "*Index by field (standard.field).*", ""]
        for name in sorted(fields, key=lambda f: (f != "总则", f)):
            md += [f"## {name}", ""]
            for info in fields[name]:
                md.append(
                    f"- [{info.title}]({self.link(path, self.std_path(info))})（{info.version}）"
                )
                for item in self.items_of(info):
                    md.append(
                        f"    - [{item.code}]({self.link(path, self.item_path(item))}) {item.name}"
                    )
            md.append("")
        self.out.add(path, "按领域", "\n".join(md))

    def article_page(self, ordered: list[StandardInfo]) -> None:
        path = f"{self.prefix}/by-article.md"
        # law name → article → rows
        index: dict[str, dict[int, list[tuple[str, str, str]]]] = {}

        def add(c: Citation, laws: Mapping[str, Law], role: str, target: str, what: str) -> None:
            law = laws.get(c.law)
            if law is None:
                return
            # A citation of a whole law or table (no article) is listed first under it.
            rows = index.setdefault(law.name, {}).setdefault(c.article or 0, [])
            row = (
                citation_text(c, laws, quote=False),
                f"[{what}]({self.link(path, target)})",
                role,
            )
            if row not in rows:
                rows.append(row)

        for info in ordered:
            laws = self.laws(info)
            model = self.model(info)
            for item in self.items_of(info):
                for c in item.model.legal_basis:
                    add(c, laws, "违法依据", self.item_path(item), f"{item.code} {item.name}")
                for c in item.model.penalty_basis:
                    add(c, laws, "处罚依据", self.item_path(item), f"{item.code} {item.name}")
            if info.general:
                for entry in _provisions(model):
                    for c in entry.citations:
                        add(c, laws, entry.section, self.std_path(info), entry.label)
        md = [
            "# 按法律条文索引",
            "",
            "*Index by law and article: which items rest on each article.*",
            "",
        ]
        for law_name in sorted(index):
            md += [f"## 《{law_name}》", ""]
            rows = []
            for article in sorted(index[law_name]):
                rows += [list(r) for r in index[law_name][article]]
            md.append(_table(["条款", "事项或规定", "作为"], rows))
        self.out.add(path, "按法律条文", "\n".join(md))

    def standard_page(self, info: StandardInfo, items: list[CompiledItem]) -> None:
        path = self.std_path(info)
        model = self.model(info)
        laws = self.laws(info)
        general = self.general_of(info)
        meta = [
            ["标识 id", f"`{info.id}`"],
            ["制定机关", info.authority],
            ["适用地域", info.jurisdiction],
            ["领域", info.field],
            ["版本", info.version],
            [
                "施行日期",
                _date(info.effective_from)
                + (f" 至 {_date(info.effective_to)}" if info.effective_to else " 起"),
            ],
            ["文号或出处", info.source],
            ["规则文件", f"`{self.display(info.file)}`"],
            ["内容摘要", f"`{info.digest}`"],
        ]
        if general is not None:
            meta.append(
                ["适用总则", f"[{general.title}]({self.link(path, self.std_path(general))})"]
            )
        md = [f"# {info.title}", ""]
        if info.title_en:
            md += [f"*{info.title_en}*", ""]
        md += [_table(["项目", "内容"], meta)]
        md += [
            "## 引用的法律文件",
            "",
            _table(
                ["简称", "名称", "版本", "文号"],
                [
                    [
                        f"`{k}`",
                        law.name,
                        _date(law.version) if law.version else "—",
                        law.document or "—",
                    ]
                    for k, law in model.laws.items()
                ],
            ),
        ]
        if items:
            md += [
                "## 裁量事项",
                "",
                _table(
                    ["编码", "违法行为", "处罚依据", "阶次"],
                    [
                        [
                            f"[{it.code}]({self.link(path, self.item_path(it))})",
                            it.name,
                            citations_text(it.model.penalty_basis, laws, quote=False),
                            "、".join(lv.label for lv in it.levels),
                        ]
                        for it in items
                    ],
                ),
            ]
        md += self.provisions_md(info, model, laws, heading="##")
        self.out.add(path, info.title, "\n".join(md))

    def provisions_md(
        self, info: StandardInfo, model: StandardFile, laws: Mapping[str, Law], heading: str
    ) -> list[str]:
        """The general provisions a file declares: grounds, circumstances, bands, adjustment…"""
        md: list[str] = []
        for entry in _sections(model):
            md += [f"{heading} {entry[0]}", "", entry[1](model, laws), ""]
        return md

    def item_page(self, item: CompiledItem) -> None:
        info = item.standard
        path = self.item_path(item)
        laws = self.laws(info)
        model = item.model
        primary = _primary(item)
        md = [f"# {item.code} {item.name}", ""]
        if model.name_en:
            md += [f"*{model.name_en}*", ""]
        meta = [
            [
                "裁量基准",
                f"[{info.title}]({self.link(path, self.std_path(info))})（{info.id}，版本 {info.version}，{_date(info.effective_from)} 起施行）",
            ],
            ["违法行为", item.name],
            ["违法依据", citations_text(model.legal_basis, laws)],
            ["处罚依据", citations_text(model.penalty_basis, laws)],
        ]
        if item.orders:
            meta.append(["责令改正等措施", "、".join(item.orders)])
        if model.notes:
            meta.append(["说明", model.notes])
        md += [_table(["项目", "内容"], meta)]

        md += [
            "## 裁量基准表",
            "",
            "每一行是一个裁量阶次：裁量情形按公布的基准表原文，幅度由本库按法定幅度计算。",
            "",
        ]
        md.append(
            _table(
                ["裁量阶次", "裁量情形", "适用条件", "处罚种类", "罚款等幅度"],
                [
                    [
                        f"**{lv.label}**",
                        lv.circumstances,
                        code(lv.when.source),
                        level_penalties(item, lv),
                        level_band_text(lv, primary, item),
                    ]
                    for lv in item.levels
                ],
            )
        )

        md += ["## 法定处罚", ""]
        md.append(
            _table(
                ["处罚种类", "适用方式", "法定幅度", "适用范围", "依据"],
                [self.clause_row(item, clause, laws) for clause in model.penalties],
            )
        )

        md += ["## 裁量情节", ""]
        own = [c for c in item.circumstances if not c.general]
        if own:
            md.append(
                _table(
                    ["情节", "种类", "条件", "依据"],
                    [
                        [
                            c.label,
                            _circ_kind(c.kind, c.mandatory),
                            code(c.when.source),
                            "\n".join(s.zh for s in c.sources),
                        ]
                        for c in own
                    ],
                )
            )
        else:
            md += ["本事项没有自己的情节规定；适用下列总则规定。", ""]

        md += self.facts_md(item)
        md += self.general_md(item, path, laws)
        md += self.cases_md(item)
        self.out.add(path, f"{item.code} {item.name}", "\n".join(md))

    def clause_row(self, item: CompiledItem, clause: Any, laws: Mapping[str, Law]) -> list[str]:
        zh_kind = KIND_LABELS.get(clause.kind, (clause.kind,))[0]
        label = clause.label or zh_kind
        if clause.label and clause.label != zh_kind:
            label = f"{zh_kind}：{clause.label}"
        scope = []
        if clause.levels:
            names = {lv.id: lv.label for lv in item.levels}
            scope.append("仅在阶次 " + "、".join(names.get(n, n) for n in clause.levels))
        if clause.when:
            scope.append(f"满足 {code(clause.when)}")
        if clause.group:
            scope.append(f"组 `{clause.group}`")
        if clause.primary:
            scope.append("阶次幅度适用于本项")
        return [
            label,
            MODE_LABELS.get(clause.mode, (clause.mode,))[0],
            shape_text(clause.amount, item) if clause.amount else "—",
            "\n".join(scope) or "各阶次",
            citations_text(clause.citation, laws),
        ]

    def facts_md(self, item: CompiledItem) -> list[str]:
        own = {f.name for f in item.model.facts}
        shared = {f.name for f in self.rules.file_model(item.standard.file).facts}
        rows = []
        general = []
        for name, f in item.fields.items():
            s = f.spec
            if name not in own and name not in shared:
                general.append(s.label)
                continue
            values = "、".join(
                f"`{v}` {(s.value_labels or {}).get(v, '')}".strip() for v in (s.values or [])
            )
            bounds = []
            if s.min is not None:
                bounds.append(f"≥ {number(s.min)}")
            if s.max is not None:
                bounds.append(f"≤ {number(s.max)}")
            default = (
                "必填"
                if s.required and s.default is None
                else (f"默认 {_plain(s.default)}" if s.default is not None else "可不填")
            )
            rows.append(
                [
                    f"`{name}`",
                    s.label,
                    _TYPE_ZH.get(s.type, s.type),
                    s.unit or values or "—",
                    " ".join(bounds) or "—",
                    default,
                ]
            )
        md = [
            "## 认定的事实",
            "",
            f"计算裁量建议时读取的事实（`discretion list rules/ --item {item.code}` 可列出全部）：",
            "",
            _table(["名称", "事实", "类型", "单位或取值", "范围", "填写"], rows),
        ]
        if general:
            md += [f"另读取总则规定的共同事实：{'、'.join(general)}。", ""]
        return md

    def general_md(self, item: CompiledItem, path: str, laws: Mapping[str, Law]) -> list[str]:
        info = item.standard
        general = self.general_of(info)
        md = ["## 适用的总则规定", ""]
        if general is not None:
            md += [
                f"本事项适用 [{general.title}]({self.link(path, self.std_path(general))}) 的下列规定。",
                "",
            ]
        gen_circ = [c for c in item.circumstances if c.general]
        if gen_circ:
            md += [
                "### 从轻、减轻、从重情节",
                "",
                _table(
                    ["情节", "种类", "条件", "依据"],
                    [
                        [
                            c.label,
                            _circ_kind(c.kind, c.mandatory),
                            code(c.when.source),
                            "\n".join(s.zh for s in c.sources),
                        ]
                        for c in gen_circ
                    ],
                ),
            ]
        if general is not None:
            gmodel = self.model(general)
            glaws = self.laws(general)
            for title, render in _sections(gmodel):
                if title in _ITEM_OWN_SECTIONS:
                    continue
                md += [f"### {title}", "", render(gmodel, glaws), ""]
        adj = item.adjustment
        md += ["### 情节对幅度的调整", "", _adjustment_text(adj), ""]
        md += ["### 程序", "", _procedure_text(item.procedure, item.procedure_sources), ""]
        return md

    def cases_md(self, item: CompiledItem) -> list[str]:
        cases = self.cases_of(item)
        md = ["## 示例案例", ""]
        if not cases:
            md += ["本事项尚无示例案例。", ""]
            return md
        md += [
            "以下案例在构建本网站时由本库逐一计算，结论与说理均为实际输出；"
            "“案例文件的预期”是案例文件依照法律条文或者公布的基准表写明的结果，两者一致才能发布。",
            "",
        ]
        for n, case in enumerate(cases, 1):
            md += self.case_md(item, n, case)
        return md

    def case_md(self, item: CompiledItem, n: int, case: ExampleCase) -> list[str]:
        md = [f"### 案例 {n}：{case.name}", ""]
        md += [
            f"来源：{case.source}",
            "",
            f"案例文件：`{self.display(case.file)}` 第 {case.line} 行",
            "",
        ]
        rows = [[_fact_name(item, k), _fact_value(item, k, v)] for k, v in case.facts.items()]
        if case.violation_date or case.decision_date:
            rows.append(
                [
                    "违法行为发生日期 / 作出决定日期",
                    f"{_date(case.violation_date or '—')} / {_date(case.decision_date or '—')}",
                ]
            )
        md.append(_table(["事实", "值"], rows))
        try:
            rec = discretion.evaluate(
                self.rules_for(case),
                case.item,
                case.facts,
                violation_date=case.violation_date,
                decision_date=case.decision_date,
            )
        except discretion.DiscretionError as exc:
            wanted = case.expect.get("error")
            names = {cls.__name__ for cls in type(exc).__mro__}
            ok = bool(wanted) and wanted in names
            if not ok:
                self.problem(case, f"evaluation failed: {type(exc).__name__}: {exc}")
            md += [
                f"**计算结果：拒绝计算**（{type(exc).__name__}）"
                + ("，与预期一致。" if ok else "，与预期不符！"),
                "",
                _pre(str(exc)),
            ]
            return md
        diffs = compare(rec, case.expect)
        if "error" in case.expect:
            diffs.append(f"expected error {case.expect['error']}, got outcome {rec.outcome}")
        for d in diffs:
            self.problem(case, d)
        md.append(
            _table(
                ["裁量建议", "内容"],
                [*_summary_rows(rec), ["案例文件的预期", _expect_text(case.expect)]],
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
            _pre(render_text(rec)),
            "</details>",
            "",
            '<details class="quote" data-search-exclude><summary>Justification in English</summary>',
            "",
            _pre(render_text(rec, "en")),
            "</details>",
            "",
        ]
        return md

    def rules_for(self, case: ExampleCase) -> discretion.RuleSet:
        """The rules a case runs against: the folder its file names, else the whole catalogue."""
        folder = getattr(case, "rules", None)
        if folder is None:
            return self.rules
        key = str(Path(folder).resolve())
        if key not in self.case_rules:
            self.case_rules[key] = discretion.load(key)
        return self.case_rules[key]

    def problem(self, case: ExampleCase, message: str) -> None:
        self.out.problems.append(f"{self.display(case.file)}:{case.line} / {case.name} / {message}")


# -- general provisions: rendered from whatever sections the file declares ----------------------------


@dataclass(frozen=True)
class _Provision:
    section: str
    label: str
    citations: tuple[Citation, ...]


def _entries(model: StandardFile, name: str) -> list[Any]:
    value = getattr(model, name, None)
    return list(value) if isinstance(value, list | tuple) else []


def _provisions(model: StandardFile) -> list[_Provision]:
    """Every citable general provision (grounds, circumstances, review grounds) of a file."""
    out: list[_Provision] = []
    for name, section in (
        ("grounds", "不予处罚"),
        ("circumstances", "情节"),
        ("review_grounds", "法制审核"),
    ):
        for e in _entries(model, name):
            out.append(
                _Provision(
                    section, getattr(e, "label", str(e)), tuple(getattr(e, "citation", ()) or ())
                )
            )
    limitation = getattr(model, "limitation", None)
    for period in getattr(limitation, "periods", None) or []:
        out.append(
            _Provision(
                "追责时效",
                getattr(period, "label", ""),
                tuple(getattr(period, "citation", ()) or ()),
            )
        )
    return out


def _grounds_md(model: StandardFile, laws: Mapping[str, Law]) -> str:
    effects = {"no_penalty": "不予处罚", "may_waive": "可以不予处罚"}
    return _table(
        ["情形", "效果", "条件", "依据"],
        [
            [
                g.label,
                effects.get(str(getattr(g, "effect", "")), str(getattr(g, "effect", ""))),
                code(g.when),
                citations_text(g.citation, laws, quote=False),
            ]
            for g in _entries(model, "grounds")
        ],
    )


def _circumstances_md(model: StandardFile, laws: Mapping[str, Law]) -> str:
    return _table(
        ["情节", "种类", "条件", "依据"],
        [
            [
                c.label,
                _circ_kind(c.kind, c.mandatory),
                code(c.when),
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
                code(when) if when else "其他情形",
                citations_text(getattr(p, "citation", ()), laws, quote=False),
            ]
        )
    return _table(["期限", "规定", "条件", "依据"], rows)


def _review_md(model: StandardFile, laws: Mapping[str, Law]) -> str:
    rows = []
    for r in _entries(model, "review_grounds"):
        when = getattr(r, "when", None)
        how = code(when) if when else ("经过听证程序" if getattr(r, "on_hearing", False) else "—")
        rows.append([r.label, how, citations_text(r.citation, laws, quote=False)])
    return _table(["情形", "条件", "依据"], rows)


def _bands_md(model: StandardFile, laws: Mapping[str, Law]) -> str:
    rows = []
    for name, b in model.bands.items():
        if b.percent:
            text = f"法定幅度自下而上的 {number(b.percent[0])}%–{number(b.percent[1])}%"
        elif b.of_max:
            text = f"法定最高额的 {number(b.of_max[0])}%–{number(b.of_max[1])}%"
        elif b.min is not None and b.max is not None:
            text = f"{number(b.min)}–{number(b.max)}"
        elif b.factors:
            text = "裁量因子：" + "、".join(f.label for f in b.factors)
        else:
            text = "按分支：" + "、".join(b.cases or {})
        rows.append([f"`{name}`", text])
    return _table(["名称", "幅度"], rows)


def _facts_md(model: StandardFile, laws: Mapping[str, Law]) -> str:
    return _table(
        ["名称", "事实", "类型", "单位或取值"],
        [
            [
                f"`{f.name}`",
                f.label,
                _TYPE_ZH.get(f.type, f.type),
                f.unit
                or "、".join((f.value_labels or {}).get(v, v) for v in f.values or [])
                or "—",
            ]
            for f in model.facts
        ],
    )


def _adjustment_md(model: StandardFile, laws: Mapping[str, Law]) -> str:
    return _adjustment_text(model.adjustment) if model.adjustment else "—"


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
            lines.append(f"- {title}：{_by_party(table)}")
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
_ITEM_OWN_SECTIONS = frozenset(
    {"共同事实", "从轻、减轻、从重情节", "命名幅度", "情节对幅度的调整", "程序"}
)

_SECTIONS: tuple[tuple[str, str, Any], ...] = (
    ("facts", "共同事实", _facts_md),
    ("grounds", "不予处罚情形", _grounds_md),
    ("limitation", "追责时效", _limitation_md),
    ("circumstances", "从轻、减轻、从重情节", _circumstances_md),
    ("review_grounds", "法制审核情形", _review_md),
    ("bands", "命名幅度", _bands_md),
    ("adjustment", "情节对幅度的调整", _adjustment_md),
    ("procedure", "程序", _procedure_md),
)


def _sections(model: StandardFile) -> list[tuple[str, Any]]:
    """The provision sections a file declares, in a fixed reading order."""
    return [(title, render) for name, title, render in _SECTIONS if getattr(model, name, None)]


# -- small renderings -----------------------------------------------------------------------------------


def _circ_kind(kind: str, mandatory: bool) -> str:
    zh = CIRCUMSTANCE_LABELS.get(kind, ("从轻或者减轻" if kind == "mitigate_or_reduce" else kind,))[
        0
    ]
    return f"{'应当' if mandatory else '可以'}{zh}"


_COMBINE = {
    "net": "多个情节相互抵消：每个从重情节 +1、每个从轻情节 −1，按合计的正负从重或者从轻一次",
    "mitigation_prevails": "有从轻情节的从轻；没有从轻情节而有从重情节的从重",
}


def _adjustment_text(adj: Any) -> str:
    combine = str(getattr(adj, "combine", "net"))
    return (
        f"从轻：取阶次幅度中较低的 {number(adj.mitigate_share)}%；"
        f"从重：取阶次幅度中较高的 {number(adj.aggravate_share)}%（不超过法定最高额）；"
        f"减轻：在法定最低额以下，不低于法定最低额的 {number(adj.reduce_floor)}%。"
        f"{_COMBINE.get(combine, combine)}（与情节的排列顺序无关）；有减轻情节的，按减轻处理。"
        "“从轻或者减轻”的情节同时给出两种幅度，由执法人员选择。"
    )


_PARTY = {"individual": "公民", "organisation": "法人或者其他组织"}


def _by_party(table: Mapping[str, Decimal]) -> str:
    return "、".join(f"{_PARTY.get(k, k)} {money(v)}" for k, v in table.items())


def _procedure_text(proc: Any, sources: Mapping[str, Sequence[Any]]) -> str:
    def cite(key: str) -> str:
        return "；".join(s.zh for s in sources.get(key, ())) or "—"

    lines = []
    if proc.summary_fine_max:
        lines.append(
            f"- 简易程序（当场处罚）：罚款不超过{_by_party(proc.summary_fine_max)}，或者警告（{cite('summary')}）"
        )
    if proc.hearing_fine_min:
        lines.append(
            f"- 听证：罚款达到{_by_party(proc.hearing_fine_min)}，或者降低资质等级、吊销许可证件、责令停产停业、责令关闭、限制从业（{cite('hearing')}）"
        )
    lines.append(f"- 法制审核（{cite('review')}）")
    return "\n".join(lines) + "\n"


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return number(value)
    return _date(value)


def _fact_name(item: CompiledItem, name: str) -> str:
    f = item.fields.get(name)
    return f"{f.spec.label}（`{name}`）" if f else f"`{name}`（未声明的事实）"


def _fact_value(item: CompiledItem, name: str, value: Any) -> str:
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
    return f"{_plain(value)} {unit}".strip()


def _summary_rows(rec: discretion.Recommendation) -> list[list[str]]:
    rows = [["结论", _OUTCOME_ZH.get(rec.outcome, rec.outcome)]]
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
        rows.append(["情节", f"{_circ_kind(c.kind, c.mandatory)}：{c.label}"])
    for ground in getattr(rec, "grounds", ()) or ():
        rows.append(["不予处罚情形", str(ground)])
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
    rows.append(
        [
            "程序",
            f"简易程序{'可以适用' if flags.summary_procedure else '不适用'}；"
            f"{'有' if flags.hearing else '无'}听证权利；"
            f"法制审核{'必经' if flags.legality_review else '非必经'}",
        ]
    )
    return rows


def _expect_text(expect: Mapping[str, Any]) -> str:
    """An example case's expectation, compactly: level, penalty ranges, flags…"""
    parts = []
    for key, value in expect.items():
        if key == "penalties" and isinstance(value, dict):
            ranges = []
            for pid, spec in value.items():
                if isinstance(spec, dict) and "min" in spec and "max" in spec:
                    ranges.append(
                        f"{pid} {number(Decimal(str(spec['min'])))}–{number(Decimal(str(spec['max'])))}"
                    )
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


def _pre(text: str) -> str:
    """Preformatted text that wraps (see docs/stylesheets/extra.css), HTML-escaped."""
    return f'<pre class="justification">{html.escape(text.rstrip())}</pre>\n'


# -- entry point --------------------------------------------------------------------------------------


def build_catalogue(
    root: Path, rules_dir: Path | None = None, prefix: str = "catalogue"
) -> Catalogue:
    """Generate the catalogue pages from the rule files under ``rules_dir``.

    Args:
        root: the project folder (file paths on the pages are shown relative to it).
        rules_dir: the rule files; ``root / "rules"`` by default.
        prefix: the folder of the pages under the docs folder.

    Returns:
        The pages, their navigation tree, and the problems found (example cases that do not
        match their expectation). Loading errors in the rule files propagate as
        :class:`discretion.DiscretionError`.
    """
    root = root.resolve()
    return _Builder(root, (rules_dir or root / "rules").resolve(), prefix).build()
