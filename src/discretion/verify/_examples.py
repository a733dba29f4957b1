"""Example cases (示例案例): YAML files beside each standard that state expected recommendations.

A file ``<name>.cases.yaml`` lists cases, each with the facts, the expected outcome, level, penalty
ranges and flags, and the source of the expected figures (the statute or the published table).
They are run by ``discretion check`` and collected by pytest through :mod:`discretion.verify.pytest_plugin`;
a failure reports ``file / case / what differed``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..compile._loader import CASES_SUFFIX
from ..compile._ruleset import RuleSet
from ..decide._engine import evaluate
from ..decide._result import Recommendation
from ..errors import DiscretionError, RuleSetError
from ..format import _yaml
from ._examples_more import MORE_KEYS, SEVERAL_KEYS, compare_more, run_several

_CASE_KEYS = {
    "name",
    "item",
    "facts",
    "expect",
    "source",
    "violation_date",
    "decision_date",
    "violations",
}
_EXPECT_KEYS = {
    "outcome",
    "level",
    "penalties",
    "flags",
    "error",
    "circumstances",
    "options",
    "grounds",
    "version",
    *MORE_KEYS,
    *SEVERAL_KEYS,
}


@dataclass(frozen=True)
class ExampleCase:
    """One example case read from a cases file."""

    file: str
    line: int | None
    name: str
    item: str
    facts: dict[str, Any]
    expect: dict[str, Any]
    source: str
    violation_date: dt.date | None = None
    decision_date: dt.date | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False)
    rules: Path | None = None


def case_files(path: str | Path) -> list[Path]:
    """The example-case files under a rule file's folder or a folder."""
    path = Path(path)
    root = path if path.is_dir() else path.parent
    if path.is_file() and path.name.endswith(CASES_SUFFIX):
        return [path]
    if path.is_file():
        sibling = path.with_name(path.name.removesuffix(".yaml") + CASES_SUFFIX)
        return [sibling] if sibling.exists() else []
    return sorted(root.rglob("*" + CASES_SUFFIX))


def read_cases(path: str | Path) -> list[ExampleCase]:
    """Parse one cases file.

    Raises:
        RuleSetError: the file is malformed; the message names the line and field.
    """
    located = _yaml.load_file(path)
    data = located.data
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise RuleSetError("a cases file needs a top-level 'cases' list", file=located.file, line=1)
    if set(data) - {"cases", "rules"}:
        raise RuleSetError(
            f"a cases file takes 'cases' and 'rules', found {sorted(set(data))}",
            file=located.file,
            line=1,
        )
    # ``rules``: the folder to load, relative to the cases file (default: the file's folder).
    rules = Path(path).parent / str(data["rules"]) if data.get("rules") else None
    out = []
    for index, raw in enumerate(data["cases"]):
        where = ("cases", index)
        line = located.line_of(where)
        if not isinstance(raw, dict):
            raise RuleSetError("a case must be a mapping", file=located.file, line=line)
        unknown = set(raw) - _CASE_KEYS
        # A case of several violations (issue 20, point 7) lists them in place of item and facts.
        several = isinstance(raw, dict) and "violations" in raw
        needed = {"name", "expect", "source"} | (set() if several else {"item", "facts"})
        missing = needed - set(raw)
        if unknown or missing:
            what = f"unknown keys {sorted(unknown)}" if unknown else f"missing {sorted(missing)}"
            raise RuleSetError(
                f"case {raw.get('name', index)!r}: {what}",
                file=located.file,
                line=line,
                field=f"cases[{index}]",
            )
        expect = raw["expect"]
        if not isinstance(expect, dict) or set(expect) - _EXPECT_KEYS:
            raise RuleSetError(
                f"case {raw['name']!r}: 'expect' takes {sorted(_EXPECT_KEYS)}",
                file=located.file,
                line=located.line_of((*where, "expect")),
            )
        _check_expect(expect, raw["name"], located, (*where, "expect"))
        out.append(
            ExampleCase(
                located.file,
                line,
                str(raw["name"]),
                str(raw["item"]) if not several else _codes(raw["violations"]),
                dict(raw.get("facts") or {}),
                expect,
                str(raw["source"]),
                raw.get("violation_date"),
                raw.get("decision_date"),
                raw,
                rules,
            )
        )
    return out


# The parts of ``expect`` that are mappings, and what each of their values must be.
_EXPECT_MAPPINGS = {
    "penalties": "每项处罚的期望（min、max、mode……）或空 / a mapping of expectations per penalty, or empty",
    "options": "每种选择（mitigate、reduce）下各项处罚的期望 / a mapping per choice of the penalties "
    "expected",
    "flags": "程序标记及其期望值 / a mapping of procedure flags to the expected value",
}


def _check_expect(expect: dict[str, Any], name: Any, located: Any, path: tuple[Any, ...]) -> None:
    """The mappings of ``expect`` are mappings (a list there is a clear error, not a crash)."""
    for key, words in _EXPECT_MAPPINGS.items():
        value = expect.get(key)
        if value is None:
            continue
        if not isinstance(value, dict):
            raise RuleSetError(
                f"示例案例 {name!r} 的 expect.{key} 应为映射：{words} / case {name!r}: "
                f"'expect.{key}' must be a mapping, found {type(value).__name__}",
                file=located.file,
                line=located.line_of((*path, key)),
                field=f"expect.{key}",
            )
        if key == "flags":
            continue
        for sub, spec in value.items():
            if spec is not None and not isinstance(spec, dict):
                raise RuleSetError(
                    f"示例案例 {name!r} 的 expect.{key}.{sub} 应为映射或留空 / case {name!r}: "
                    f"'expect.{key}.{sub}' must be a mapping or empty, found {type(spec).__name__}",
                    file=located.file,
                    line=located.line_of((*path, key, sub)),
                    field=f"expect.{key}.{sub}",
                )


def run_case(rules: RuleSet, case: ExampleCase) -> tuple[Recommendation | None, list[str]]:
    """Evaluate a case and list what differs from its expectation (empty: it passes)."""
    expect = case.expect
    if "violations" in case.raw:
        return None, run_several(rules, case.raw["violations"], expect, case.decision_date, compare)
    try:
        rec = evaluate(
            rules,
            case.item,
            case.facts,
            violation_date=case.violation_date,
            decision_date=case.decision_date,
        )
    except DiscretionError as exc:
        wanted = expect.get("error")
        if wanted and (
            wanted == type(exc).__name__ or any(wanted == cls.__name__ for cls in type(exc).__mro__)
        ):
            return None, []
        return None, [f"evaluation failed: {type(exc).__name__}: {exc}"]
    if "error" in expect:
        return rec, [f"expected error {expect['error']}, got outcome {rec.outcome}"]
    return rec, compare(rec, expect)


def compare(rec: Recommendation, expect: dict[str, Any]) -> list[str]:
    """The differences between a recommendation and an ``expect`` mapping."""
    diffs: list[str] = []
    for key in ("outcome", "level"):
        if key in expect and expect[key] != getattr(rec, key):
            diffs.append(f"{key}: expected {expect[key]!r}, got {getattr(rec, key)!r}")
    if "penalties" in expect:
        wanted = expect["penalties"] or {}
        got = {p.id: p for p in rec.penalties}
        if set(wanted) != set(got):
            diffs.append(f"penalties: expected {sorted(wanted)}, got {sorted(got)}")
        for pid, spec in wanted.items():
            p = got.get(pid)
            if p is None or not spec:
                continue
            for bound in ("min", "max"):
                if bound in spec:
                    want = _bound(spec[bound])
                    have = getattr(p, bound)
                    if have != want:
                        diffs.append(f"{pid}.{bound}: expected {want}, got {have}")
            for key in ("mode", "reduced", "unit"):
                if key in spec and spec[key] != getattr(p, key):
                    diffs.append(f"{pid}.{key}: expected {spec[key]!r}, got {getattr(p, key)!r}")
    for name, value in (expect.get("flags") or {}).items():
        have = getattr(rec.flags, name, None)
        if have != value:
            diffs.append(f"flags.{name}: expected {value!r}, got {have!r}")
    for choice, wanted_penalties in (expect.get("options") or {}).items():
        option = next((o for o in rec.options if o.choice == choice), None)
        if option is None:
            diffs.append(f"options.{choice}: expected, got {[o.choice for o in rec.options]}")
            continue
        got_option = {p.id: p for p in option.penalties}
        for pid, spec in (wanted_penalties or {}).items():
            p = got_option.get(pid)
            if p is None:
                diffs.append(f"options.{choice}.{pid}: missing")
                continue
            for bound in ("min", "max"):
                if bound in (spec or {}) and getattr(p, bound) != _bound(spec[bound]):
                    diffs.append(
                        f"options.{choice}.{pid}.{bound}: expected {spec[bound]}, "
                        f"got {getattr(p, bound)}"
                    )
    if "options" in expect and not expect["options"] and rec.options:
        diffs.append(f"options: expected none, got {[o.choice for o in rec.options]}")
    if "grounds" in expect and sorted(expect["grounds"] or []) != sorted(rec.grounds):
        diffs.append(
            f"grounds: expected {sorted(expect['grounds'] or [])}, got {sorted(rec.grounds)}"
        )
    if "version" in expect and expect["version"] != rec.ruleset.version:
        diffs.append(f"version: expected {expect['version']!r}, got {rec.ruleset.version!r}")
    if "circumstances" in expect:
        got_c = sorted(c.id for c in rec.circumstances)
        if sorted(expect["circumstances"] or []) != got_c:
            diffs.append(
                f"circumstances: expected {sorted(expect['circumstances'] or [])}, got {got_c}"
            )
    return diffs + compare_more(rec, expect)


def _codes(violations: Any) -> str:
    """The item codes of a case of several violations, joined: the case's ``item``."""
    if not isinstance(violations, list):
        return "?"
    return "+".join(str(v.get("item")) for v in violations if isinstance(v, dict))


def _bound(value: object) -> Decimal | None:
    """An expected bound: a figure, or null for none (an open range: 五十万元以上, no maximum)."""
    return None if value is None else Decimal(str(value))
