"""The ``discretion`` command: evaluate, check, list and schema.

Exit status (:mod:`._errors`: ``EXIT_OK``, ``EXIT_FINDINGS``, ``EXIT_BAD_INPUT``): 0 success; 1 the
check found problems (``check``, ``log verify``); 2 a usage error or bad input. Errors are
printed as ``file:line, item X, field Y: message`` on standard error (``--format json`` prints them
as JSON on standard output so a calling system can parse them).
"""

from __future__ import annotations

import argparse
import functools
import importlib
import itertools
import json
import os
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, NoReturn

from .._version import __version__
from ..compile._loader import load
from ..decide._engine import evaluate, evaluate_act
from ..errors import CompetenceError, DiscretionError, FactError, RuleSetErrors
from ..explain._jsonio import to_dict, to_json
from ..explain._render import render_text
from ..format import _yaml
from ..verify._examples import case_files
from ._errors import EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, errors_out, usage_error
from ._io import read_facts

Handler = Callable[[argparse.Namespace], int]


def cmd_evaluate(args: argparse.Namespace) -> int:
    if args.case is not None or not args.item or args.facts is None:
        # A case of several violations (--case), or a usage error naming what is missing.
        from ._case import cmd_evaluate_case

        return cmd_evaluate_case(args)
    try:
        return _evaluate_command(args)
    except FactError as exc:
        if exc.file is not None or args.facts == "-":
            raise
        # The library names the item and field; the command also knows which file they came from.
        raise FactError(
            exc.message,
            file=args.facts,
            line=_fact_line(args.facts, exc.field),
            item=exc.item,
            field=exc.field,
            hint=exc.hint,
        ) from None


def _fact_line(path: str, name: str | None) -> int | None:
    """The line of the fact ``name`` in the facts file (JSON is YAML too), or ``None`` when the
    file does not give it (a missing fact) or cannot be read again."""
    if not name:
        return None
    try:
        return _yaml.loads(_yaml.read_text(path, FactError), path).lines.get((name,))
    except DiscretionError:
        return None


def _evaluate_command(args: argparse.Namespace) -> int:
    rules = load(args.rules)
    facts = read_facts(args.facts)
    options: dict[str, Any] = {
        "violation_date": args.violation_date,
        "decision_date": args.decision_date,
        "backend": getattr(args, "backend", "python"),
    }
    decided_by = getattr(args, "decided_by", None)
    if len(args.item) == 1:
        rec = evaluate(rules, args.item[0], facts, decided_by=decided_by, **options)
        print(to_json(rec) if args.format == "json" else render_text(rec, args.lang), end="")
        if args.format == "json":
            print()
        return 0
    if decided_by is not None:
        raise CompetenceError(
            "--decided-by 只用于单个事项的评估 / --decided-by applies to the evaluation of one item",
            field="decided_by",
        )
    # One act under several items (Art. 29): one fine, under the item with the higher fine.
    act = evaluate_act(rules, args.item, facts, **options)
    if args.format == "json":
        payload = {
            "fine_item": act.fine_item,
            "recommendations": [to_dict(r) for r in act.recommendations],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    for index, rec in enumerate(act.recommendations):
        if index:
            print("\n" + "=" * 72 + "\n")
        print(render_text(rec, args.lang), end="")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Load-time checks, static verification (:mod:`discretion.verify._check`) and the example
    cases; Ctrl-C, while loading or checking, ends with :data:`EXIT_INTERRUPTED` and no report."""
    try:
        return _check_command(args)
    except KeyboardInterrupt:
        # The worker processes have stopped (verify waits for them): nothing half-reported.
        print(
            "已中断：校验未完成，未报告任何结果 / interrupted: the check did not finish, "
            "nothing is reported",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED


def _check_command(args: argparse.Namespace) -> int:
    from ..errors import RuleSetError
    from ..verify._check import Problem, Report, verify
    from ..verify._check._driver import usable_cpus

    standards = 0
    loaded = True
    if not os.path.exists(args.rules):  # nothing to check: bad input, not a finding
        raise RuleSetError(
            f"no such rule file or folder (规则文件不存在): {args.rules}", file=args.rules
        )
    try:
        rules = load(args.rules)
    except RuleSetError as exc:
        loaded = False
        errors = exc.errors if isinstance(exc, RuleSetErrors) else [exc]
        report = Report(
            tuple(
                Problem(
                    "load",
                    "规则文件未通过加载校验",
                    e.message,
                    e.file,
                    e.line,
                    e.item,
                    e.field,
                    hint=e.hint,
                )
                for e in errors
            )
        )
    else:
        standards = len(rules.standards)
        from ._progress import progress_bar

        workers = args.workers if args.workers is not None else args.jobs
        with progress_bar("校验 (checking)", len(rules)) as progress:
            report = verify(
                rules,
                cases=case_files(args.rules),
                limit=args.limit,
                jobs=usable_cpus() if workers is None else workers,
                progress=progress,
            )
    if args.format == "json":
        print(
            json.dumps(
                {**report.to_dict(), "standards": standards, "loaded": loaded},
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK if report.ok else EXIT_FINDINGS
    for problem in report.problems:
        print(f"{problem.severity}: {problem}", file=sys.stderr)
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    if not loaded:
        count = len(report.errors)
        print(
            f"未校验：规则文件加载失败（{count} 个问题，见上），未检查任何基准、事项或示例案例 / "
            f"nothing was checked: loading failed with {count} problem(s), listed above"
        )
        return EXIT_FINDINGS
    status = "ok" if report.ok else f"{len(report.errors)} problem(s)"
    if report.warnings:
        status += f", {len(report.warnings)} warning(s)"
    print(
        f"{status}: {standards} standard(s), {report.items} item(s), {report.cases} example "
        f"case(s), {report.combinations} fact combination(s) checked"
    )
    return EXIT_OK if report.ok else EXIT_FINDINGS


def _fact_entry(field: Any) -> dict[str, Any]:
    spec = field.spec
    default = spec.default
    return {
        "name": spec.name,
        "type": spec.type,
        "unit": spec.unit,
        "label": spec.label,
        "label_en": spec.label_en,
        "required": spec.required and default is None,
        "default": format(default, "f")
        if isinstance(default, Decimal)
        else (default.isoformat() if hasattr(default, "isoformat") else default),
        "values": spec.values,
        "value_labels": spec.value_labels,
        "min": format(spec.min, "f") if spec.min is not None else None,
        "max": format(spec.max, "f") if spec.max is not None else None,
    }


def cmd_list(args: argparse.Namespace) -> int:
    rules = load(args.rules)
    items = [rules.item(args.item)] if args.item else list(rules.items())
    data: dict[str, Any] = {
        "standards": [
            {
                "id": s.id,
                "title": s.title,
                "version": s.version,
                "file": s.file,
                "digest": s.digest,
                "general": s.general,
            }
            for s in rules.standards
        ],
        "items": [
            {
                "code": it.code,
                "name": it.name,
                "name_en": it.name_en,
                "standard": it.standard.id,
                **({"facts": [_fact_entry(f) for f in it.fields.values()]} if args.item else {}),
            }
            for it in items
        ],
    }
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    if not args.item:
        for s in rules.standards:
            print(f"{s.id} {s.version}  {s.title}  ({s.file})")
        for it in items:
            print(f"  {it.code:<14} {it.name}")
        return 0
    it = items[0]
    print(f"{it.code} {it.name}")
    for f in data["items"][0]["facts"]:
        extra = []
        if f["unit"]:
            extra.append(f"单位 {f['unit']}")
        if f["values"]:
            extra.append("取值 " + "/".join(f["values"]))
        if f["default"] is not None:
            extra.append(f"默认 {f['default']}")
        extra.append("必填" if f["required"] else "可选")
        print(f"  {f['name']:<24} {f['type']:<8} {f['label']}（{'，'.join(extra)}）")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from ..verify._diff import changes_as_dicts, diff_standards, format_changes, read_standard

    old, new = read_standard(args.old), read_standard(args.new)
    changes = diff_standards(old, new)
    if args.format == "json":
        print(
            json.dumps(
                {"old": args.old, "new": args.new, "changes": changes_as_dicts(changes)},
                ensure_ascii=False,
                indent=2,
                default=str,
            )
        )
    else:
        print(format_changes(changes, old, new), end="")
    return 0


COMPLETION_SHELLS = ("bash", "zsh", "fish", "powershell")


def cmd_completion(args: argparse.Namespace) -> int:
    """The completion script argcomplete writes for ``discretion`` in the chosen shell."""
    from argcomplete.shell_integration import shellcode

    print(shellcode(["discretion"], shell=args.shell), end="")
    return 0


def _date(text: str) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(
            f"需要不小于 0 的整数 (a whole number, 0 or more): {text!r}"
        ) from None
    return value


def _export_durable(args: argparse.Namespace) -> int:
    # Imported when used: the handler lives with the durable backend (it needs no durable_rules).
    from ..backends.durable import cmd_export_durable

    return cmd_export_durable(args)


def _serve(args: argparse.Namespace) -> int:
    # Looked up by name when used: the server sits beside the command line, and needs the extra.
    try:
        module = importlib.import_module("discretion.server._run")
    except ImportError as exc:
        return usage_error(
            args,
            f"discretion serve 需要安装服务扩展 / needs the server extra: "
            f"pip install 'discretion[server]' ({exc})",
        )
    handler: Handler = module.cmd_serve
    return handler(args)


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors printed as JSON when the command asked for JSON."""

    def __init__(self, *args: Any, json_errors: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.json_errors = json_errors

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", functools.partial(_Parser, json_errors=self.json_errors))
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        if not self.json_errors:
            super().error(message)
        error = {"error": "UsageError", "message": message, "usage": self.format_usage().strip()}
        print(json.dumps({"ok": False, "errors": [error]}, ensure_ascii=False, indent=2))
        sys.exit(2)


def _wants_json(argv: Sequence[str]) -> bool:
    return any(
        a == "--format=json" or (a == "--format" and b == "json")
        for a, b in itertools.pairwise([*argv, ""])
    )


def build_parser(json_errors: bool = False) -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per job."""
    parser = _Parser(
        json_errors=json_errors,
        prog="discretion",
        description="行政处罚裁量基准：加载规则、计算裁量建议、校验基准 "
        "(administrative-penalty discretion standards)",
    )
    parser.add_argument("--version", action="version", version=f"discretion {__version__}")
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("evaluate", help="recommend a penalty for one case (计算裁量建议)")
    p.add_argument("rules", help="rule file or folder")
    p.add_argument(
        "--item",
        action="append",
        help="item code, e.g. FSL-124; give it again for one act under several items (Art. 29)",
    )
    p.add_argument(
        "--facts",
        default=None,
        help="facts file (JSON or YAML; - reads JSON or YAML from standard input)",
    )
    p.add_argument(
        "--case",
        default=None,
        metavar="FILE",
        help="一案数个违法行为的案件文件（violations: [{item, facts}, …]，JSON 或 YAML；- 读标准输入），"
        "代替 --item 与 --facts / a case of several violations, instead of --item and --facts",
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument("--violation-date", type=_date, default=None)
    p.add_argument("--decision-date", type=_date, default=None)
    p.add_argument(
        "--decided-by",
        default=None,
        help="作出决定的机关标识（基准 bodies 中声明；无权决定时拒绝）/ the deciding body's id",
    )
    p.add_argument(
        "--backend",
        choices=["python", "durable"],
        default="python",
        help="who decides levels and circumstances: python (default) or durable "
        "(durable_rules, extra discretion[durable])",
    )
    p.set_defaults(handler=cmd_evaluate)

    p = sub.add_parser(
        "check",
        help="verify rule files: gaps, overlaps, bands, circumstances, citations, example cases "
        "(校验裁量基准)",
    )
    p.add_argument("rules", help="rule file or folder")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument(
        "--limit",
        type=int,
        default=100_000,
        help="fact combinations enumerated per question before saying so (default 100000)",
    )
    p.add_argument(
        "--workers",
        type=_workers,
        default=None,
        metavar="N",
        help="worker processes checking items (default: the usable CPUs; 1: in this process; "
        "0: one per usable CPU) (并行进程数，默认为可用 CPU 数)",
    )
    p.add_argument(
        "--jobs",
        type=_workers,
        default=None,
        metavar="N",
        help="the same as --workers (kept for scripts that use it)",
    )
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("list", help="list standards and items, or one item's facts (列出)")
    p.add_argument("rules", help="rule file or folder")
    p.add_argument("--item", default=None, help="show the facts this item reads")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("diff", help="what changed between two versions of a standard (动态调整)")
    p.add_argument("old", help="the earlier rule file")
    p.add_argument("new", help="the later rule file")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(handler=cmd_diff)

    # JSON Schemas of every document (discretion schema --kind …) and the JSONLogic export.
    from ._export import add_export_parser
    from ._schema import add_schema_parser

    add_schema_parser(sub)
    add_export_parser(sub)
    from ._new import add_new_parser

    add_new_parser(sub)

    p = sub.add_parser(
        "export-durable",
        help="write levels and circumstances as durable_rules JSON rulesets (导出 durable 规则)",
    )
    p.add_argument("rules", help="rule file or folder")
    p.add_argument("--out", default=None, help="a .json file, or a folder for one file per ruleset")
    p.add_argument(
        "--format", choices=["text", "json"], default="text", help="json: errors as JSON"
    )
    p.set_defaults(handler=_export_durable)

    p = sub.add_parser(
        "serve", help="serve the API and the officers' form (HTTP 服务, extra [server])"
    )
    p.add_argument("rules", help="rule file or folder, read at start and on POST /api/v1/reload")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--log", default=None, help="review log the /api/v1/log endpoints append to")
    p.add_argument("--body-limit", type=int, default=64 * 1024, help="largest request body, bytes")
    p.add_argument(
        "--format", choices=["text", "json"], default="text", help="json: errors as JSON"
    )
    p.set_defaults(handler=_serve)

    p = sub.add_parser(
        "completion",
        help='print the shell completion script: eval "$(discretion completion bash)" (命令补全)',
    )
    p.add_argument("shell", choices=COMPLETION_SHELLS, help="the shell to complete in")
    p.set_defaults(handler=cmd_completion)

    # The review log (法制审核记录): record, decide, verify, show, repair. Its handlers live in
    # cli_log, which imports this module's read_facts at call time.
    from ._log import add_log_parser

    add_log_parser(sub)

    # The case-file audit (案卷评查); the audit room is imported when the command runs.
    from ._audit import add_audit_parser

    add_audit_parser(sub)

    # The compiled form of a rule set (编译规则), read back by load(FILE).
    from ._compile import add_compile_parser

    add_compile_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``discretion`` command."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_wants_json(argv))
    if "_ARGCOMPLETE" in os.environ:  # a shell asking for completions: answers and exits
        import argcomplete

        argcomplete.autocomplete(parser)
    args = parser.parse_args(argv)
    if args.command is None:  # a bare `discretion`: say what it can do
        parser.print_help()
        return 0
    handler: Handler = args.handler
    as_json = getattr(args, "format", "text") == "json"
    try:
        return handler(args)
    except DiscretionError as exc:
        return errors_out(exc, as_json)
    except BrokenPipeError:
        # The reader went away (``discretion list … | head``): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:
        # A file a command reads or writes outside the library's readers (a log, --out).
        name = exc.filename if isinstance(exc.filename, str) else None
        error = DiscretionError(
            f"cannot use the file (文件操作失败): {exc.strerror or type(exc).__name__}", file=name
        )
        return errors_out(error, as_json)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
