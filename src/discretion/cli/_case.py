"""``discretion evaluate RULES --case FILE``: a case of several violations (一案数个违法行为).

The case file holds the violations in the example-case format's shape (``violations: [{item,
facts, violation_date}, …]``) and, optionally, the case's ``decision_date``; JSON or YAML, or
standard input (``-``). Each violation is decided on its own and the penalties combined as the
standards declare (``several``: sum, sum capped, the gravest absorbs the rest), by
:func:`discretion.evaluate_case`. The text is :func:`discretion.render_case_text`; ``--format
json`` prints :func:`~discretion.explain._jsoncase.case_to_json`. An error names the violation
(``violations[1]``), its item and field, and the file and line it came from.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Mapping
from typing import Any

from ..compile._loader import load
from ..decide._case import evaluate_case
from ..errors import CaseError, DiscretionError
from ..explain._jsoncase import case_to_json
from ..explain._render import render_case_text
from ..format import _yaml
from ._errors import usage_error
from ._io import read_data

CASE_KEYS = frozenset({"violations", "decision_date"})
"""The keys of a case file: the violations, and the date the case is decided (Art. 37)."""

_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def cmd_evaluate_case(args: argparse.Namespace) -> int:
    """Decide and combine a case of several violations; print the note or its JSON."""
    if args.case is None:
        # As argparse ends a usage error (it did, while --item and --facts were required).
        raise SystemExit(
            usage_error(
                args,
                "需要 --item 与 --facts（一个违法行为），或 --case（一案数个违法行为）/ give --item "
                "and --facts for one violation, or --case for several",
                hint="discretion evaluate rules/ --case case.yaml",
            )
        )
    if args.item or args.facts is not None:
        raise SystemExit(
            usage_error(
                args,
                "--case 代替 --item 与 --facts，不能同时给出 / --case replaces --item and --facts",
            )
        )
    if getattr(args, "decided_by", None) is not None:
        raise SystemExit(
            usage_error(
                args, "--decided-by 只用于单个事项的评估 / --decided-by applies to one item only"
            )
        )
    rules = load(args.rules)
    data, name = read_data(args.case)
    violations, decision_date = _case(data, name, args)
    try:
        case = evaluate_case(
            rules,
            violations,
            decision_date=decision_date,
            backend=getattr(args, "backend", "python"),
        )
    except CaseError as exc:
        if exc.file is not None or name == "<stdin>":
            raise
        raise type(exc)(
            exc.message,
            file=name,
            line=_line(args.case, exc.field),
            item=exc.item,
            field=exc.field,
            hint=exc.hint,
        ) from None
    if args.format == "json":
        print(case_to_json(case))
    else:
        print(render_case_text(case, args.lang), end="")
    return 0


def _case(data: Any, name: str, args: argparse.Namespace) -> tuple[list[Any], Any]:
    """The violations (each given ``--violation-date`` when it states none) and the decision
    date of a case file; a file that is not a case is refused with what to write."""
    if isinstance(data, list):
        data = {"violations": data}
    if not isinstance(data, Mapping):
        raise CaseError(
            "案件文件应为映射，含 violations 列表 / the case file must hold a mapping with "
            "'violations', a list of {item, facts}",
            file=name,
            field="violations",
        )
    unknown = sorted(set(map(str, data)) - CASE_KEYS)
    if unknown:
        raise CaseError(
            f"案件文件有未知的键 {unknown} / unknown keys in the case file: {unknown}",
            file=name,
            line=_line(name, unknown[0]) if name != "<stdin>" else None,
            field=unknown[0],
            hint="a case file holds violations and, optionally, decision_date",
        )
    violations = data.get("violations")
    if not isinstance(violations, list):
        raise CaseError(
            "案件文件需要 violations：违法行为列表，每项含 item 与 facts / the case file needs "
            "'violations', a list of {item, facts}",
            file=name,
            field="violations",
        )
    if args.violation_date is not None:
        violations = [
            {**v, "violation_date": v.get("violation_date") or args.violation_date}
            if isinstance(v, Mapping)
            else v
            for v in violations
        ]
    return violations, args.decision_date or data.get("decision_date")


def _line(path: str, field: str | None) -> int | None:
    """The line of a dotted field (``violations[1].facts.goods_value``) in the case file, or of
    the nearest value enclosing it; ``None`` when the file cannot be read again."""
    if not field:
        return None
    parts: list[str | int] = [
        m.group(1) if m.group(1) is not None else int(m.group(2))
        for m in _PATH_PART.finditer(field)
    ]
    if parts and parts[-1] == "several":  # the standard's key, not the file's
        parts.pop()
    try:
        return _yaml.loads(_yaml.read_text(path, CaseError), path).line_of(tuple(parts))
    except DiscretionError:
        return None
