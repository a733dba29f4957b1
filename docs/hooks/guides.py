"""Live examples for the guides: command output, error messages and banding figures, made at build time.

A guide marks where an example goes with an HTML comment, and :func:`expand` replaces it with what
the library actually prints, so the guides cannot show an output the code no longer gives:

``<!-- discretion:cli ARGS -->``
    ``discretion ARGS`` run in the project folder (must exit 0).
``<!-- discretion:sandbox ARGS -->``
    ``discretion ARGS`` run in a scratch project holding the guide's example files
    (``docs/examples``) under ``rules/``, next to a copy of the general part.
``<!-- discretion:session FILE -->``
    A walk-through of several commands in one scratch folder (``docs/examples/*-session.yaml``).
``<!-- discretion:errors -->``
    Each mistake of :data:`MISTAKES`, made in the example standard, with its ``discretion check``
    output.
``<!-- discretion:banding -->``
    The banding strategies of ``docs/examples/banding.yaml``, evaluated on sample facts.
``<!-- discretion:format -->``
    The rule-file format, field by field, from the JSON Schema of the models.
``<!-- discretion:include FILE [LANG [TITLE]] -->``
    A file of the project as a fenced code block.
``<!-- discretion:pyrun SCRIPT -->``
    A Python example: its code, and what it printed when run in the project folder.
``<!-- discretion:yaml-key FILE KEY -->``
    One top-level key of a YAML file, verbatim, as a fenced block.
``<!-- discretion:case FILE NAME [open] -->``
    The example case NAME of the cases file FILE, evaluated against the rules that file names:
    its facts, the recommendation beside the file's expectation, and the justification (shown
    open with ``open``). A case that does not match its expectation stops the build.

Like the catalogue, nothing here depends on MkDocs, and nothing is written into the docs folder.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
import runpy
import shlex
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

import discretion
from discretion.catalogue import case_md, cell, span
from discretion.cli._main import main as cli_main
from discretion.compile._ruleset import RuleSet
from discretion.format._vocabulary import (
    CIRCUMSTANCE_LABELS,
    FACT_TYPE_LABELS,
    KIND_LABELS,
    MODE_LABELS,
)
from discretion.verify import ExampleCase, read_cases

EXAMPLES = Path("docs/examples")
"""The guide's example files, relative to the project folder."""

_MARKER = re.compile(
    r"^(?P<indent>[ \t]*)<!--\s*discretion:(?P<verb>[a-z-]+)(?P<args>[^>]*?)\s*-->", re.MULTILINE
)


class GuideError(Exception):
    """A marker in a guide could not be expanded (unknown verb, or a command that failed)."""


# -- running the command line -----------------------------------------------------------------------


def run_cli(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run ``discretion ARGS`` in ``cwd``; return its exit status and what it printed.

    Standard error follows standard output, as a terminal shows them when the command ends.
    """
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli_main(args)
        except SystemExit as exc:  # argparse reports usage errors by exiting
            status = exc.code if isinstance(exc.code, int) else 2
    return status, out.getvalue() + err.getvalue()


@contextlib.contextmanager
def sandbox(root: Path, replace: Mapping[str, tuple[str, str]] | None = None) -> Iterator[Path]:
    """A scratch project: the guide's examples under ``rules/`` (they use the bundled general part).

    ``docs/examples/straw-burning*.yaml`` go to ``rules/demo/``, ``banding.yaml`` to
    ``rules/banding/``, facts files (``*-facts.yaml``) to the top. ``replace`` maps an example
    file's name to an ``(old, new)`` text substitution, to make one mistake in it.
    """
    with tempfile.TemporaryDirectory(prefix="discretion-docs-") as tmp:
        base = Path(tmp)
        for path in sorted((root / EXAMPLES).glob("*.yaml")):
            if path.name.endswith("-facts.yaml"):
                target = base / path.name
            elif path.name.startswith("banding"):
                target = base / "rules" / "banding" / path.name
            elif path.name.startswith("straw-burning"):
                target = base / "rules" / "demo" / path.name
            else:
                continue  # decision files and walk-throughs are not rule files
            text = path.read_text(encoding="utf-8")
            if replace and path.name in replace:
                old, new = replace[path.name]
                if old not in text:
                    raise GuideError(f"{path}: the text to replace is not there: {old!r}")
                text = text.replace(old, new, 1)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        yield base


_SED = re.compile(r"^s/(?P<old>[^/]+)/(?P<new>[^/]*)/$")


def run_session(root: Path, session: str) -> list[tuple[str, int, str]]:
    """Run a walk-through of commands (a YAML file of ``steps: [{run, exit}]``) in one scratch
    folder holding the project's ``rules/`` and ``examples/`` and the guide's decision files.

    Each step is ``discretion ARGS``, or ``sed -i 's/OLD/NEW/' FILE`` (done here, as plain text,
    to show a tampered file). Returns (command, exit status, output) per step.

    Raises:
        GuideError: a step exits otherwise than its ``exit`` (default 0) says.
    """
    steps = yaml.safe_load((root / session).read_text(encoding="utf-8"))["steps"]
    out: list[tuple[str, int, str]] = []
    with tempfile.TemporaryDirectory(prefix="discretion-docs-") as tmp:
        base = Path(tmp)
        shutil.copytree(root / "rules", base / "rules")
        shutil.copytree(root / "examples", base / "examples")
        for path in (root / EXAMPLES).glob("decision-*.yaml"):
            shutil.copy(path, base / path.name)
        for step in steps:
            words = shlex.split(step["run"])
            if words[:2] == ["sed", "-i"] and (m := _SED.match(words[2])):
                target = base / words[3]
                text = target.read_text(encoding="utf-8")
                if text.count(m["old"]) != 1:
                    raise GuideError(f"{session}: {m['old']!r} is not in {words[3]} exactly once")
                target.write_text(text.replace(m["old"], m["new"]), encoding="utf-8")
                status, output = 0, ""
            elif words[0] == "discretion":
                status, output = run_cli(words[1:], base)
            else:
                raise GuideError(f"{session}: a step runs discretion or sed -i, not {words[0]!r}")
            if status != step.get("exit", 0):
                raise GuideError(f"{session}: {step['run']} exited {status}:\n{output}")
            out.append((step["run"], status, output))
    return out


def _session_md(root: Path, session: str) -> str:
    body = []
    for command, status, output in run_session(root, session):
        body.append(f"$ {command}")
        if output.strip():
            body.append(output.rstrip())
        if status:
            body.append(f"（退出码 {status}）")
        body.append("")
    return f'<pre class="console">{html.escape(chr(10).join(body).rstrip())}</pre>\n'


def load_example(root: Path, name: str) -> RuleSet:
    """Load one example standard of ``docs/examples`` with the general part."""
    with sandbox(root) as base:
        folder = "banding" if name.startswith("banding") else "demo"
        with contextlib.chdir(base):
            return discretion.load(Path("rules") / folder / name)


def console(args: list[str], output: str) -> str:
    """A command and its output: JSON as a highlighted block, text as a wrapped one."""
    command = "$ discretion " + shlex.join(args)
    if "json" in args:
        return f'```json title="{command}"\n{output.rstrip()}\n```\n'
    return console_text(command, output)


def console_text(command: str, output: str) -> str:
    """A command line and its output as a wrapped, preformatted block (HTML-escaped)."""
    body = html.escape(command + "\n" + output.rstrip())
    return f'<pre class="console">{body}</pre>\n'


# -- mistakes and the messages they give ----------------------------------------------------------------


@dataclass(frozen=True)
class Mistake:
    """One mistake a drafter can make, as a text substitution in an example file.

    Attributes:
        title: a heading for the guide.
        explain: what went wrong, in Chinese.
        file: the example file changed (a name in ``docs/examples``).
        old: the correct text.
        new: the mistaken text.
        keywords: words the ``discretion check`` output must contain (the tests check them).
    """

    title: str
    explain: str
    file: str
    old: str
    new: str
    keywords: tuple[str, ...]


MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "事实名称拼写错误",
        "条件中使用了未声明的事实名称。错误信息给出文件、行号、事项、字段，并提示最接近的名称。",
        "straw-burning.yaml",
        'when: area_size == "large"',
        'when: area_szie == "large"',
        ("area_szie", "area_size", "AIR-119-1", "levels[2].when"),
    ),
    Mistake(
        "裁量幅度超出法定幅度",
        "阶次的幅度必须在法定幅度之内：法律规定最高二千元，基准不能规定到二千五百元。",
        "straw-burning.yaml",
        "band: {min: 1500, max: 2000}",
        "band: {min: 1500, max: 2500}",
        ("裁量幅度超出法定幅度", "2500", "AIR-119-1", "levels[2].band"),
    ),
    Mistake(
        "字段名写错",
        "规则文件只接受规定的字段；写错的字段被拒绝，不会被悄悄忽略。",
        "straw-burning.yaml",
        "circumstances: 焚烧面积较大",
        "circumstance: 焚烧面积较大",
        ("未知字段", "circumstance", "AIR-119-1"),
    ),
    Mistake(
        "用中文写了处罚方式",
        "mode 等字段要写英文标识；错误信息列出每个标识的中文含义，并提示与所写中文对应的标识。",
        "straw-burning.yaml",
        "mode: optional                 # 可以处",
        "mode: 可以处                   # 可以处",
        ("取值无效", "`optional`（可以处）", "您是否要写 `optional`", "AIR-119-1"),
    ),
    Mistake(
        "条号写成了中文数字",
        "条、款、项写阿拉伯数字：第七十七条写 article: 77。",
        "straw-burning.yaml",
        "- {law: AIR, article: 77}",
        "- {law: AIR, article: 七十七}",
        ("条号应写阿拉伯数字，如 77（第七十七条）", "AIR-119-1", "legal_basis"),
    ),
    Mistake(
        "引用了未声明的法律",
        "每条引用的法律简称都必须在文件开头的 laws 中声明。",
        "straw-burning.yaml",
        "- {law: AIR, article: 77}",
        "- {law: AIR2, article: 77}",
        ("未声明的法律", "AIR2", "AIR-119-1", "legal_basis"),
    ),
    Mistake(
        "示例案例与基准表不符",
        "示例案例写明公布的基准表给出的幅度；规则改错了，discretion check 会指出哪个案例、哪个数字不符。",
        "straw-burning.yaml",
        "band: {min: 500, max: 1000}",
        "band: {min: 500, max: 1200}",
        ("面积较小，配合改正", "fine.max", "1000", "1200"),
    ),
    Mistake(
        "阶次重叠",
        "同一事实只能落入一个裁量阶次。“情节较轻”漏写了“未拒不改正”的条件，与“情节较重”重叠。",
        "straw-burning.yaml",
        'when: area_size == "small" and not refused_to_correct',
        'when: area_size == "small"',
        ("light", "heavier"),
    ),
)


@dataclass(frozen=True)
class MistakeOutput:
    """A mistake, the line it is on, and what ``discretion check`` printed for it."""

    mistake: Mistake
    line: int
    status: int
    output: str
    args: tuple[str, ...]


def run_mistakes(root: Path) -> list[MistakeOutput]:
    """Make each mistake in a scratch copy of the example and run ``discretion check`` on it."""
    results = []
    for m in MISTAKES:
        text = (root / EXAMPLES / m.file).read_text(encoding="utf-8")
        line = text[: text.index(m.old)].count("\n") + 1
        args = ["check", f"rules/demo/{m.file}"]
        with sandbox(root, {m.file: (m.old, m.new)}) as base:
            status, output = run_cli(args, base)
        results.append(MistakeOutput(m, line, status, output, tuple(args)))
    return results


def _errors_md(root: Path) -> str:
    md: list[str] = []
    for r in run_mistakes(root):
        m = r.mistake
        md += [
            f"### {m.title}",
            "",
            m.explain,
            "",
            f"把 `{m.file}` 第 {r.line} 行",
            "",
            "```yaml",
            m.old,
            "```",
            "",
            "改成",
            "",
            "```yaml",
            m.new,
            "```",
            "",
            f"`discretion check` 的输出（退出码 {r.status}）：",
            "",
            console(list(r.args), r.output),
        ]
    return "\n".join(md)


# -- banding -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BandingCase:
    """Sample facts for one banding strategy."""

    strategy: str
    item: str
    facts: Mapping[str, Any]
    note: str


BANDING_CASES: tuple[BandingCase, ...] = (
    BandingCase(
        "明确子幅度（按单位）",
        "BAND-EXPLICIT",
        {"party_type": "individual", "area": 30, "key_area": True},
        "重点区域，30 平方米",
    ),
    BandingCase(
        "法定幅度百分比",
        "BAND-PERCENT",
        {"party_type": "organisation", "degree": "light"},
        "情节较轻",
    ),
    BandingCase(
        "法定幅度百分比",
        "BAND-PERCENT",
        {"party_type": "organisation", "degree": "general"},
        "一般情节",
    ),
    BandingCase(
        "最高额百分比",
        "BAND-OF-MAX",
        {"party_type": "organisation", "degree": "general"},
        "一般情节",
    ),
    BandingCase(
        "因子百分比之和",
        "BAND-FACTORS",
        {"party_type": "organisation", "pollution": "medium", "intentional": True, "repeat": True},
        "污染较重、故意、再次违法",
    ),
    BandingCase(
        "因子百分比之和",
        "BAND-FACTORS",
        {"party_type": "organisation", "pollution": "low"},
        "污染轻微、过失、初次（不低于法定最低额）",
    ),
    BandingCase(
        "按分支（单位 / 个人）",
        "BAND-CASES",
        {"party_type": "organisation", "amount": "smallish"},
        "单位，情节较重",
    ),
    BandingCase(
        "按分支（单位 / 个人）",
        "BAND-CASES",
        {"party_type": "individual", "amount": "smallish"},
        "个人，情节较重",
    ),
    BandingCase(
        "按分支 + 从重情节",
        "BAND-CASES",
        {"party_type": "organisation", "amount": "smallish", "repeat_offence": True},
        "单位，情节较重，一年内受过同类处罚",
    ),
    BandingCase(
        "倍数划分",
        "BAND-MULTIPLE",
        {"party_type": "organisation", "gains": 10000, "degree": "general"},
        "违法所得 1 万元，一般情节",
    ),
    BandingCase(
        "倍数划分（兜底幅度）",
        "BAND-MULTIPLE",
        {"party_type": "organisation", "degree": "general"},
        "没有违法所得，一般情节",
    ),
)


def banding_results(root: Path) -> list[tuple[BandingCase, discretion.Recommendation]]:
    """Evaluate each of :data:`BANDING_CASES` against the banding example."""
    rules = load_example(root, "banding.yaml")
    return [(c, discretion.evaluate(rules, c.item, c.facts)) for c in BANDING_CASES]


def _banding_md(root: Path) -> str:
    lines = [
        "| 方法 | 事项 | 案情 | 阶次 | 法定幅度 | 建议幅度 |",
        "|---|---|---|---|---|---|",
    ]
    for case, rec in banding_results(root):
        fine = rec.penalty("fine")
        if fine is None or fine.min is None or fine.max is None:
            raise GuideError(f"{case.item}: the banding example recommends no fine")
        statutory = "—"
        if fine.statutory_min is not None and fine.statutory_max is not None:
            statutory = span(fine.statutory_min, fine.statutory_max, fine.unit or "元")
        row = [
            case.strategy,
            f"`{case.item}`",
            case.note,
            rec.level_label or "—",
            statutory,
            "**" + span(fine.min, fine.max, fine.unit or "元") + "**",
        ]
        lines.append("| " + " | ".join(cell(c) for c in row) + " |")
    return "\n".join(lines) + "\n"


# -- the rule-file format, from the models' JSON Schema ---------------------------------------------------

_TITLES = {
    "StandardFile": "规则文件（顶层）",
    "Standard": "standard：基准信息",
    "Law": "laws：引用的法律文件",
    "Citation": "引用 citation",
    "FactSpec": "facts：事实",
    "Item": "items：裁量事项",
    "PenaltyClause": "penalties：法定处罚条款",
    "AmountSpec": "amount：法定幅度",
    "RangeShape": "range：固定幅度",
    "MultipleShape": "multiple：倍数",
    "PerUnitShape": "per_unit：按单位计",
    "PercentShape": "percent：按百分比",
    "SwitchCase": "switch：分支",
    "Level": "levels：裁量阶次",
    "BandSpec": "band：阶次幅度",
    "Factor": "factors：裁量因子",
    "FactorOption": "因子选项",
    "Circumstance": "circumstances：情节",
    "Ground": "grounds：不予处罚情形",
    "Limitation": "limitation：追责时效",
    "LimitationPeriod": "时效期间",
    "ReviewGround": "review_grounds：法制审核情形",
    "Principle": "原则性规定",
    "Adjustment": "adjustment：情节调整",
    "Procedure": "procedure：程序参数",
}
_ENUM_ZH: dict[str, str] = {
    **{k: v[0] for k, v in KIND_LABELS.items()},
    **{k: v[0] for k, v in MODE_LABELS.items()},
    **{k: v[0] for k, v in CIRCUMSTANCE_LABELS.items()},
    "mitigate_or_reduce": "从轻或者减轻",
    "no_penalty": "不予处罚",
    "may_waive": "可以不予处罚",
    **FACT_TYPE_LABELS,
    "money": "金额（元）",
    "net": "相互抵消",
    "mitigation_prevails": "从轻优先",
}


NOTES: dict[tuple[str, str], str] = {
    ("StandardFile", "standard"): "基准的名称、制定机关、版本、施行日期等",
    (
        "StandardFile",
        "laws",
    ): "本文件引用的法律、法规和基准表，每个给一个简称（如 FSL），引用时写简称",
    ("StandardFile", "facts"): "本基准各事项共用的事实",
    (
        "StandardFile",
        "bands",
    ): "命名幅度，阶次可以用名称引用（总则已定义 lower_30、middle_40、upper_30）",
    ("StandardFile", "adjustment"): "情节怎样调整幅度；不写则用总则的规定",
    ("StandardFile", "procedure"): "简易程序、听证的金额标准；不写的项目用总则的规定",
    ("StandardFile", "circumstances"): "本基准各事项共用的从轻、减轻、从重情节",
    ("StandardFile", "items"): "裁量事项，一个违法行为一项",
    ("Standard", "id"): "基准的唯一标识，英文、数字、点和连字符",
    ("Standard", "title"): "基准名称",
    ("Standard", "version"): '版本号，写在引号里，如 "2021.1"',
    ("Standard", "effective_from"): "施行日期",
    ("Standard", "effective_to"): "废止日期（不写表示现行有效）",
    (
        "Standard",
        "uses",
    ): "适用的总则：随包提供的 discretion:general/apl-2021，或相对于本文件的路径",
    ("Citation", "law"): "laws 中的简称",
    ("Citation", "text"): "条文原文摘录，会显示在目录页面上",
    ("FactSpec", "name"): "事实的英文名，条件中使用",
    ("FactSpec", "required"): "是否必须由案件给出；有默认值的事实可以不给",
    ("FactSpec", "default"): "案件未给出时的取值",
    ("FactSpec", "min"): "取值下限（含）",
    ("FactSpec", "max"): "取值上限（含）",
    ("Item", "code"): "事项编码，全库唯一，如 FSL-124",
    ("Item", "name"): "违法行为名称，按基准表原文",
    ("Item", "legal_basis"): "违法依据（禁止性规定）",
    ("Item", "penalty_basis"): "处罚依据（罚则）",
    ("Item", "facts"): "本事项读取的事实",
    ("Item", "penalties"): "法定处罚，一种处罚一条",
    ("Item", "levels"): "裁量阶次，按从轻到重的顺序",
    ("Item", "circumstances"): "本事项自己的情节",
    ("PenaltyClause", "id"): "条款名称，阶次的 impose 引用它",
    ("PenaltyClause", "kind"): "处罚种类（行政处罚法第九条）",
    ("PenaltyClause", "mode"): "适用方式：处、并处、可以处、可以并处、择一、单处或者并处",
    ("PenaltyClause", "amount"): "罚款等的法定幅度",
    ("PenaltyClause", "when"): "法定适用条件，如 拒不改正的",
    ("PenaltyClause", "levels"): "只在这些阶次适用，如 情节严重的吊销许可证",
    ("PenaltyClause", "primary"): "阶次幅度适用于哪一条；不写时为第一条有幅度的条款",
    ("Level", "id"): "阶次的英文名",
    ("Level", "label"): "阶次名称，如 情节较轻",
    ("Level", "when"): "适用条件；同一事实只能有一个阶次成立",
    ("Level", "circumstances"): "裁量情形，按公布的基准表原文",
    ("Level", "band"): "阶次幅度，或者命名幅度的名称",
    ("Level", "impose"): "本阶次选择的“可以处”“可以并处”“择一”条款",
    ("Level", "reduce"): "本阶次本身就是减轻处罚",
    ("BandSpec", "min"): "明确子幅度的下限（与法定幅度同一尺度：元、倍、元/单位、%）",
    ("BandSpec", "max"): "明确子幅度的上限",
    ("BandSpec", "percent"): "法定幅度自下而上的百分比区间，如 [0, 30]",
    ("BandSpec", "of_max"): "法定最高额的百分比区间，如 [40, 60]",
    ("BandSpec", "factors"): "裁量因子：百分比之和 × 法定最高额",
    ("BandSpec", "cases"): "法定幅度有分支时，每个分支一个幅度",
    ("Circumstance", "kind"): "从轻、减轻或者从重",
    ("Circumstance", "when"): "情节成立的条件",
    ("Circumstance", "mandatory"): "应当（true）还是可以（false）",
    ("Adjustment", "mitigate_share"): "从轻时取阶次幅度中较低的百分之几",
    ("Adjustment", "aggravate_share"): "从重时取阶次幅度中较高的百分之几",
    ("Adjustment", "reduce_floor"): "减轻时最低可到法定最低额的百分之几",
}
"""Chinese notes on the main fields; the tests check that each still names a real field."""


def _anchor(name: str) -> str:
    return name.lower()


def _type_md(spec: Mapping[str, Any]) -> str:
    if "$ref" in spec:
        name = str(spec["$ref"]).rsplit("/", 1)[-1]
        return f"[{name}](#{_anchor(name)})"
    if "anyOf" in spec:
        options = [o for o in spec["anyOf"] if o.get("type") != "null"]
        kinds = {o.get("type") for o in options}
        if kinds == {"number", "string"}:
            return "数"
        return " 或 ".join(_type_md(o) for o in options)
    if "enum" in spec:
        return "、".join(
            f"`{v}`" + (f" {_ENUM_ZH[v]}" if v in _ENUM_ZH else "") for v in spec["enum"]
        )
    kind = spec.get("type")
    if kind == "array":
        if "prefixItems" in spec:
            return "[下限, 上限]"
        return "列表：" + _type_md(spec.get("items", {}))
    if kind == "object":
        return "映射：名称 → " + _type_md(spec.get("additionalProperties", {}))
    if kind == "string":
        if spec.get("pattern") == "^[a-z][a-z0-9_]*$":
            return "英文名（小写、下划线）"
        if spec.get("format") == "date":
            return "日期 YYYY-MM-DD"
        return "文字"
    return {"boolean": "true / false", "integer": "整数", "number": "数"}.get(str(kind), str(kind))


def format_reference() -> list[tuple[str, str, list[list[str]]]]:
    """The rule-file format, model by model: (name, summary, rows of field, type, required, note).

    Read from the JSON Schema that ``discretion schema`` exports, so it follows the models.
    """
    from discretion.format._model import StandardFile

    schema = StandardFile.model_json_schema()
    defs: dict[str, Any] = dict(schema.get("$defs", {}))
    defs["StandardFile"] = schema
    order: list[str] = []
    queue = ["StandardFile"]
    while queue:
        name = queue.pop(0)
        if name in order or name not in defs:
            continue
        order.append(name)
        text = str(defs[name].get("properties", {}))
        queue += re.findall(r"#/\$defs/(\w+)", text)
    out = []
    for name in order:
        d = defs[name]
        required = set(d.get("required", []))
        rows = []
        for field, spec in d.get("properties", {}).items():
            english = spec.get("description", "")
            if english == "snake_case English name":
                english = ""
            parts = [p for p in (NOTES.get((name, field), ""), english) if p]
            note = "；".join(dict.fromkeys(parts))
            if "default" in spec and spec["default"] not in (None, [], {}):
                default = spec["default"]
                shown = str(default).lower() if isinstance(default, bool) else default
                note = (note + "；" if note else "") + f"默认 `{shown}`"
            rows.append([f"`{field}`", _type_md(spec), "必填" if field in required else "", note])
        summary = str(d.get("description", "")).split("\n\n")[0].replace("\n", " ")
        out.append((name, summary, rows))
    return out


def _format_md() -> str:
    md = []
    for name, summary, rows in format_reference():
        md += [
            f"### {_TITLES.get(name, name)} {{#{_anchor(name)}}}",
            "",
            f"`{name}`：{summary}",
            "",
        ]
        md.append("| 字段 | 类型 | 必填 | 说明 |")
        md.append("|---|---|---|---|")
        md += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
        md.append("")
    return "\n".join(md)


def include(root: Path, path: str, lang: str = "", title: str = "") -> str:
    """A file of the project as a fenced code block (the file is checked by the tests).

    Python is included here rather than written in the page: ruff formats Python blocks it
    finds in Markdown, and the block would not be the file any more.
    """
    text = (root / path).read_text(encoding="utf-8").rstrip()
    return f'```{lang} title="{title or path}"\n{text}\n```\n'


def run_python(root: Path, script: str) -> str:
    """A Python example of the guides: its code, then what it printed when run in ``root``."""
    out = io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stdout(out):
        runpy.run_path(script, run_name="__main__")
    code = (root / script).read_text(encoding="utf-8").rstrip()
    return f'```python title="{script}"\n{code}\n```\n\n' + console_text(
        f"$ python {script}", out.getvalue()
    )


def yaml_key(path: Path, key: str) -> str:
    """One top-level key of a YAML file, verbatim with its comments, as a fenced block."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), None)
    if found is None:
        raise GuideError(f"{path}: no top-level key {key!r}")
    start = found
    while start > 0 and lines[start - 1].startswith("#"):
        start -= 1  # the comment that explains the key belongs with it
    end = found + 1
    while end < len(lines) and (lines[end].startswith(" ") or not lines[end].strip()):
        end += 1
    body = "\n".join(lines[start:end]).rstrip()
    return f'```yaml title="{path.name}"\n{body}\n```\n'


# -- example cases ---------------------------------------------------------------------------------------------


def example_case(
    root: Path, file: str, name: str, loaded: dict[str, RuleSet] | None = None
) -> tuple[ExampleCase, RuleSet]:
    """The case named ``name`` of the cases file ``file`` and the rules it runs against.

    ``loaded`` caches rule sets by folder for one expansion (a page shows several cases of one
    folder); it is never kept between builds, so ``mkdocs serve`` sees edited rules.

    Raises:
        GuideError: the file has no case of that name, or several.
    """
    path = root / file
    found = [c for c in read_cases(path) if c.name == name]
    if len(found) != 1:
        raise GuideError(f"{file}: expected one case named {name!r}, found {len(found)}")
    case = found[0]
    folder = str((case.rules or path.parent).resolve())
    cache = loaded if loaded is not None else {}
    if folder not in cache:
        cache[folder] = discretion.load(folder)
    return case, cache[folder]


def _case_md(root: Path, args: list[str], loaded: dict[str, RuleSet]) -> str:
    if len(args) not in (2, 3) or (len(args) == 3 and args[2] != "open"):
        raise GuideError(f"discretion:case takes FILE NAME [open], not {args}")
    case, rules = example_case(root, args[0], args[1], loaded)
    # case 1 shows its justification open, later ones fold.
    md, diffs = case_md(
        rules.item(case.item), 1 if len(args) == 3 else 2, case, rules, args[0], heading=False
    )
    if diffs:
        raise GuideError(f"{args[0]} / {case.name}: " + "; ".join(diffs))
    return "\n".join(md)


# -- expanding markers -----------------------------------------------------------------------------------------


def expand(markdown: str, root: Path) -> str:
    """Replace every ``<!-- discretion:... -->`` marker in a guide with its live output.

    Raises:
        GuideError: an unknown marker, or a command that did not exit 0.
    """

    loaded: dict[str, RuleSet] = {}

    def one(match: re.Match[str]) -> str:
        indent = match["indent"]
        text = _one(match["verb"], shlex.split(match["args"]))
        return "\n".join(indent + line if line else line for line in text.splitlines())

    def _one(verb: str, args: list[str]) -> str:
        if verb == "cli":
            status, output = run_cli(args, root)
        elif verb == "sandbox":
            with sandbox(root) as base:
                status, output = run_cli(args, base)
        elif verb == "errors":
            return _errors_md(root)
        elif verb == "banding":
            return _banding_md(root)
        elif verb == "format":
            return _format_md()
        elif verb == "session":
            return _session_md(root, args[0])
        elif verb == "include":
            return include(root, *args)
        elif verb == "pyrun":
            return run_python(root, args[0])
        elif verb == "yaml-key":
            return yaml_key(root / args[0], args[1])
        elif verb == "case":
            return _case_md(root, args, loaded)
        else:
            raise GuideError(f"unknown marker discretion:{verb}")
        if status != 0:
            raise GuideError(f"discretion {shlex.join(args)} exited {status}:\n{output}")
        return console(args, output)

    return _MARKER.sub(one, markdown)
