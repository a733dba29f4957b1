"""``discretion schema``: the JSON Schemas of the files discretion reads and the JSON it writes."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..errors import CaseError
from ..export._schemas import KINDS, item_facts_schema, schema_text


def cmd_schema(args: argparse.Namespace) -> int:
    """Print one kind's schema, or write every kind's file into ``--out DIR``."""
    if args.item is not None:
        return _item_facts(args)
    if args.out is None:
        print(schema_text(args.kind), end="")
        return 0
    folder = Path(args.out)
    kinds = KINDS if args.kind is None else (args.kind,)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for kind in kinds:
            (folder / f"{kind}.schema.json").write_text(schema_text(kind), encoding="utf-8")
    except OSError as exc:
        raise CaseError(f"无法写入 / cannot write {exc.filename}: {exc.strerror}") from None
    print(f"wrote {len(kinds)} schema(s) to {folder}")
    return 0


def add_schema_parser(sub: Any) -> None:
    """Register ``discretion schema`` on the command's sub-parsers."""
    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of rule files, example cases, facts, decisions or the "
        "recommendation JSON (格式说明，供编辑器与其他语言使用)",
    )
    p.add_argument(
        "--kind",
        choices=KINDS,
        default=None,
        help="rules (default), cases, facts, decision, recommendation, case (several violations) or case-recommendation",
    )
    p.add_argument(
        "-o", "--out", default=None, help="write <kind>.schema.json files into this folder"
    )
    p.add_argument(
        "--item",
        default=None,
        help="one item's facts file: its facts, types, bounds and values (with --rules)",
    )
    p.add_argument("--rules", default=None, help="rule file or folder, for --item")
    p.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="errors as text or JSON (the schema itself is always JSON)",
    )
    p.set_defaults(handler=_run)


def _item_facts(args: argparse.Namespace) -> int:
    from ..compile._loader import load

    if args.rules is None or args.kind not in (None, "facts"):
        raise CaseError(
            "--item 给出一个事项的事实文件格式，需要 --rules / --item needs --rules and --kind facts",
            hint="discretion schema --kind facts --rules rules/ --item FSL-124",
        )
    text = json.dumps(
        item_facts_schema(load(args.rules).item(args.item)), ensure_ascii=False, indent=2
    )
    if args.out is None:
        print(text)
        return 0
    folder = Path(args.out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"facts-{args.item}.schema.json").write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise CaseError(f"无法写入 / cannot write {exc.filename}: {exc.strerror}") from None
    print(f"wrote facts-{args.item}.schema.json to {folder}")
    return 0


def _run(args: argparse.Namespace) -> int:
    if args.out is None and args.kind is None and args.item is None:
        args.kind = "rules"
    return cmd_schema(args)
