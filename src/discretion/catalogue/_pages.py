"""The pages of the catalogue: the index, the two indexes, one page per standard and per item."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import discretion
from discretion.compile._bundled import resolve_uses
from discretion.compile._records import CompiledItem, StandardInfo
from discretion.format._competence import BASIS_LABELS
from discretion.format._model import Citation, Law, StandardFile
from discretion.format._vocabulary import KIND_LABELS, MODE_LABELS
from discretion.verify import ExampleCase, case_files, read_cases

from ._bands import fine_units, shape_text
from ._cases import case_md
from ._general import ITEM_OWN_SECTIONS, provisions, sections
from ._levels import level_cell
from ._text import (
    TYPE_ZH,
    adjustment_text,
    circumstance_kind,
    citation_text,
    citations_text,
    date_text,
    number,
    plain,
    procedure_text,
    table,
    words,
)

NavEntry = str | dict[str, Any]


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


# -- pages ----------------------------------------------------------------------------------------


GENERAL_GUIDE = "guide/general.md"
"""The guide page (under docs/) that explains the general part; its standard page links to it."""


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
    @property
    def rules_label(self) -> str:
        """The rule folder as the pages name it (``rules/``), relative to the project folder."""
        label = self.display(str(self.rules_dir))
        return label + "/" if self.rules_dir.is_dir() else label

    def _slug(self, info: StandardInfo) -> str:
        same = [s for s in self.rules.standards if s.id == info.id]
        return info.id if len(same) == 1 else f"{info.id}@{info.version}"

    def std_path(self, info: StandardInfo) -> str:
        return f"{self.prefix}/{self.slugs[info.file]}/index.md"

    def item_path(self, item: CompiledItem) -> str:
        return f"{self.prefix}/{self.slugs[item.standard.file]}/{item.code}.md"

    @staticmethod
    def file_label(info: StandardInfo) -> str:
        """The rule file as a reader can name it: a bundled general part by the reference rule
        files use (``discretion:general/apl-2021``), never a path into the library's source."""
        path = Path(info.file).resolve()
        bundled_dir = (Path(discretion.__file__).parent / "standards").resolve()
        if path.is_relative_to(bundled_dir):
            ref = path.relative_to(bundled_dir).with_suffix("").as_posix()
            return f"`discretion:{ref}`（随本库发布）"
        return ""

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
        try:
            return self.general_file.get(str(resolve_uses(info.file, uses)))
        except ValueError:
            return None

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
        self.body_page(ordered)
        p = self.prefix
        self.out.nav = [
            f"{p}/index.md",
            {"按领域": f"{p}/by-field.md"},
            {"按法律条文": f"{p}/by-article.md"},
            {"按作出决定的机关": f"{p}/by-body.md"},
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
                    date_text(info.effective_from),
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
            f"本目录由 `{self.rules_label}` 中的规则文件在构建网站时自动生成，并逐一计算每个事项的示例案例："
            "页面上的每一个幅度、每一段说理，都是本库实际计算的结果，与执法系统使用的规则完全一致。"
            "依照《中华人民共和国行政处罚法》第三十四条，行政机关制定的裁量基准应当向社会公布。",
            "",
            "*Catalogue of the discretion standards, generated from the rule files at build time; "
            "every figure and justification below is computed by the library itself.*",
            "",
            f"共 {len(ordered)} 个裁量基准（含总则），{len(self.rules)} 个裁量事项，"
            f"{sum(len(v) for v in self.cases.values())} 个示例案例。"
            f"另见 [按领域索引](by-field.md)、[按法律条文索引](by-article.md) 和 "
            "[按作出决定的机关索引](by-body.md)。",
            "",
            "## 裁量基准",
            "",
            table(["裁量基准", "领域", "制定机关", "适用地域", "版本", "施行日期", "事项数"], rows),
            "## 裁量事项",
            "",
            table(["编码", "违法行为", "领域", "阶次数", "示例案例"], items),
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

    def body_page(self, ordered: list[StandardInfo]) -> None:
        """Items by the body that may decide them (format ``bodies``/``competence``)."""
        path = f"{self.prefix}/by-body.md"
        bodies: dict[tuple[str, str], list[CompiledItem]] = {}
        undeclared: list[CompiledItem] = []
        for info in ordered:
            for item in self.items_of(info):
                if not item.competence:
                    undeclared.append(item)
                for body in item.competence:
                    bodies.setdefault((body.name, BASIS_LABELS[body.basis]), []).append(item)
        md = [
            "# 按作出决定的机关索引",
            "",
            "依照《中华人民共和国行政处罚法》第十七条至第二十四条，按可以作出处罚决定的机关及其职权来源"
            "（法定职权；赋权，以自己的名义；委托，以委托机关的名义）列出事项。",
            "",
            "*Index by the body that may decide (statutory power, conferred, entrusted).*",
            "",
        ]
        for (name, basis), items in sorted(bodies.items()):
            md += [f"## {name}（{basis}）", ""]
            for item in items:
                md.append(f"- [{item.code}]({self.link(path, self.item_path(item))}) {item.name}")
            md.append("")
        if undeclared:
            md += ["## 基准未载明作出决定的机关", ""]
            for item in undeclared:
                md.append(f"- [{item.code}]({self.link(path, self.item_path(item))}) {item.name}")
            md.append("")
        self.out.add(path, "按作出决定的机关", "\n".join(md))

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
                for entry in provisions(model):
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
            md.append(table(["条款", "事项或规定", "作为"], rows))
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
                date_text(info.effective_from)
                + (f" 至 {date_text(info.effective_to)}" if info.effective_to else " 起"),
            ],
            ["文号或出处", info.source],
            ["规则文件", self.file_label(info) or f"`{self.display(info.file)}`"],
            ["内容摘要", f"`{info.digest}`"],
        ]
        if general is not None:
            meta.append(
                ["适用总则", f"[{general.title}]({self.link(path, self.std_path(general))})"]
            )
        md = [f"# {info.title}", ""]
        if info.title_en:
            md += [f"*{info.title_en}*", ""]
        md += [table(["项目", "内容"], meta)]
        guide = GENERAL_GUIDE
        if info.general and (self.root / "docs" / guide).exists():
            # The general part's provisions are tables here; how they apply, with worked
            # cases, is the guide's subject.
            md += [
                f"这些规定怎样适用，以及不予处罚、追责时效、从轻或者减轻、一事不再罚的示例案例，"
                f"见[总则规定怎样适用]({self.link(path, guide)})。",
                "",
            ]
        md += [
            "## 引用的法律文件",
            "",
            table(
                ["简称", "名称", "版本", "文号"],
                [
                    [
                        f"`{k}`",
                        law.name,
                        date_text(law.version) if law.version else "—",
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
                table(
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
        for entry in sections(model):
            md += [f"{heading} {entry[0]}", "", entry[1](model, laws), ""]
        return md

    def item_page(self, item: CompiledItem) -> None:
        info = item.standard
        path = self.item_path(item)
        laws = self.laws(info)
        model = item.model
        md = [f"# {item.code} {item.name}", ""]
        if model.name_en:
            md += [f"*{model.name_en}*", ""]
        meta = [
            [
                "裁量基准",
                f"[{info.title}]({self.link(path, self.std_path(info))})（{info.id}，版本 {info.version}，{date_text(info.effective_from)} 起施行）",
            ],
            ["违法行为", item.name],
            ["违法依据", citations_text(model.legal_basis, laws)],
            ["处罚依据", citations_text(model.penalty_basis, laws)],
        ]
        if item.competence:
            meta.append(["作出决定的机关", competence_text(item)])
        if item.orders:
            meta.append(["责令改正等措施", "、".join(item.orders)])
        if model.notes:
            meta.append(["说明", model.notes])
        md += [table(["项目", "内容"], meta)]

        labels = dict(item.labels)
        md += [
            "## 裁量基准表",
            "",
            "每一行是一个裁量阶次：裁量情形按公布的基准表原文；处罚种类和幅度列出该阶次适用的全部处罚，"
            "由本库按计算裁量建议时所用的同一规则得出（未列出的处罚种类在该阶次不适用），"
            "幅度为未考虑从轻、从重情节时的阶次幅度。",
            "",
        ]
        md.append(
            table(
                ["裁量阶次", "裁量情形", "适用条件", "处罚种类和幅度"],
                [
                    [
                        f"**{lv.label}**",
                        lv.circumstances,
                        words(lv.when.source, labels),
                        level_cell(item, lv),
                    ]
                    for lv in item.levels
                ],
            )
        )

        md += ["## 法定处罚", ""]
        md.append(
            table(
                ["处罚种类", "适用方式", "法定幅度", "适用范围", "依据"],
                [self.clause_row(item, clause, laws) for clause in model.penalties],
            )
        )

        md += ["## 裁量情节", ""]
        own = [c for c in item.circumstances if not c.general]
        if own:
            md.append(circumstance_table(own, labels))
        else:
            md += ["本事项没有自己的情节规定；适用下列总则规定。", ""]

        md += self.facts_md(item)
        md += self.general_md(item, path, laws)
        md += self.cases_md(item)
        self.out.add(path, f"{item.code} {item.name}", "\n".join(md))

    def clause_row(self, item: CompiledItem, clause: Any, laws: Mapping[str, Law]) -> list[str]:
        # A kind the standard declares (kinds: 行政处罚法第九条第六项) has its own label.
        declared = item.kinds.get(clause.kind)
        zh_kind = declared.label if declared else KIND_LABELS.get(clause.kind, (clause.kind,))[0]
        label = clause.label or zh_kind
        if clause.label and clause.label != zh_kind:
            label = f"{zh_kind}：{clause.label}"
        scope = []
        if clause.levels:
            names = {lv.id: lv.label for lv in item.levels}
            scope.append("仅在阶次 " + "、".join(names.get(n, n) for n in clause.levels))
        if clause.when:
            scope.append(f"限于「{words(clause.when, dict(item.labels))}」的情形")
        if clause.group:
            others = [
                c.label for c in item.clauses if c.group == clause.group and c.id != clause.id
            ]
            if others and clause.mode == "single_or_combined":
                # 单处或者并处 (format 2): one or several of the group, never only one
                scope.append("与" + "、".join(f"「{o}」" for o in others) + "单处或者并处")
            elif others:
                scope.append("与" + "、".join(f"「{o}」" for o in others) + "择一")
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
                else (f"默认 {plain(s.default)}" if s.default is not None else "可不填")
            )
            rows.append(
                [
                    f"`{name}`",
                    s.label,
                    TYPE_ZH.get(s.type, s.type),
                    s.unit or values or "—",
                    " ".join(bounds) or "—",
                    default,
                ]
            )
        md = [
            "## 认定的事实",
            "",
            f"计算裁量建议时读取的事实（`discretion list {self.rules_label} --item {item.code}` 可列出全部）：",
            "",
            table(["名称", "事实", "类型", "单位或取值", "范围", "填写"], rows),
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
        # The same provisions appear on every item page: kept out of the search index (the general
        # part's own page is indexed), so a search lands on what is particular to an item. Bold
        # labels, not headings: an excluded heading would still become an empty search entry.
        md += ['<div markdown="1" data-search-exclude>', ""]
        gen_circ = [c for c in item.circumstances if c.general]
        if gen_circ:
            md += [
                "**从轻、减轻、从重情节**",
                "",
                circumstance_table(gen_circ, dict(item.labels)),
            ]
        if general is not None:
            gmodel = self.model(general)
            glaws = self.laws(general)
            for title, render in sections(gmodel):
                if title in ITEM_OWN_SECTIONS:
                    continue
                md += [f"**{title}**", "", render(gmodel, glaws), ""]
        adj = item.adjustment
        md += ["**情节对幅度的调整**", "", adjustment_text(adj), ""]
        md += [
            "**程序**",
            "",
            procedure_text(item.procedure, item.procedure_sources, fine_units(item))
            if item.procedure is not None
            else "本基准不使用总则，未规定程序（简易程序、听证、法制审核），不作程序提示。",
            "",
        ]
        md += ["</div>", ""]
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
        md, diffs = case_md(item, n, case, self.rules_for(case), self.display(case.file))
        for d in diffs:
            self.problem(case, d)
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


def competence_text(item: CompiledItem) -> str:
    """「县级以上…部门（法定职权，依据：…）；乡镇人民政府（赋权…）」."""
    parts = []
    for body in item.competence:
        basis = BASIS_LABELS[body.basis]
        if body.basis == "entrusted":
            basis = f"受「{body.in_name_of}」委托，以其名义作出决定"
        cited = "；".join(s.zh for s in body.sources)
        parts.append(f"{body.name}（{basis}；依据：{cited}）")
    return "；".join(parts)


def circumstance_table(circumstances: Any, labels: Mapping[str, str]) -> str:
    """The table of circumstances (情节): label, kind, condition in words, citations."""
    return table(
        ["情节", "种类", "条件", "依据"],
        [
            [
                c.label,
                circumstance_kind(c.kind, c.mandatory),
                words(c.when.source, labels),
                "\n".join(s.zh for s in c.sources),
            ]
            for c in circumstances
        ],
    )
