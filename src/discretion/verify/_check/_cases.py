"""Example cases: every ``*.cases.yaml`` case given to the check decides as its file expects.

Enters: example-case files and the rule set verified (or the one a file names in ``rules:``).
Checks ``example``: a cases file that cannot be read, rules that cannot be loaded, and each
difference between a case's expected and actual decision (:func:`~discretion.verify._examples.run_case`).
Leaves: problems, and the number of cases run.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ...compile._loader import load
from ...compile._ruleset import RuleSet
from ...errors import DiscretionError
from .._examples import read_cases, run_case
from ._context import Checker
from ._problems import Problem


def check_cases(ctx: Checker, cases: Iterable[str | Path]) -> int:
    """Run the cases of every file against ``ctx.ruleset`` and report what fails; the count run."""
    ruleset = ctx.ruleset
    count = 0
    loaded_sets: dict[Path, RuleSet] = {}
    for path in cases:
        try:
            loaded = read_cases(path)
        except DiscretionError as exc:
            ctx.problems.append(
                Problem("example", "示例案例文件无法读取", str(exc), exc.file, exc.line)
            )
            continue
        for case in loaded:
            count += 1
            try:
                target = _rules_for(case.rules, ruleset, loaded_sets)
            except DiscretionError as exc:
                ctx.problems.append(
                    Problem("example", "示例案例指定的规则无法加载", str(exc), case.file, case.line)
                )
                continue
            _rec, diffs = run_case(target, case)
            for diff in diffs:
                ctx.problems.append(
                    Problem(
                        "example",
                        f"示例案例「{case.name}」未通过：{diff}",
                        f"example case {case.name!r} fails: {diff}",
                        case.file,
                        case.line,
                        case.item,
                        example=tuple(case.facts.items()),
                    )
                )
    return count


def _rules_for(folder: Path | None, default: RuleSet, cache: dict[Path, RuleSet]) -> RuleSet:
    """The rule set a cases file names (``rules:``, relative to it), else the one verified."""
    if folder is None:
        return default
    key = folder.resolve()
    if key not in cache:
        cache[key] = load(key)
    return cache[key]
