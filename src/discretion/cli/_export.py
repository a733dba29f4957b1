"""``discretion export-jsonlogic``: each item's level and circumstance conditions as JSONLogic."""

from __future__ import annotations

import argparse
from typing import Any

from ..export._jsonlogic import cmd_export_jsonlogic


def add_export_parser(sub: Any) -> None:
    """Register ``discretion export-jsonlogic`` on the command's sub-parsers."""
    p = sub.add_parser(
        "export-jsonlogic",
        help="write each item's levels and circumstances as JSONLogic, money in fen "
        "(导出 JSONLogic 规则，供 Java 等系统使用)",
    )
    p.add_argument("rules", help="rule file or folder")
    p.add_argument(
        "-o", "--out", default=None, help="folder for one <code>@<version>.json per item"
    )
    p.add_argument(
        "--format", choices=["text", "json"], default="text", help="errors as text or JSON"
    )
    p.add_argument(
        "--skip-unsupported",
        action="store_true",
        help="export the items the format can express and name the others on standard error; "
        "by default such an item is an error (exit 2) and nothing is written (跳过无法导出的事项)",
    )
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    return cmd_export_jsonlogic(args)
