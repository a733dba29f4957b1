"""``discretion compile RULES -o FILE``: the compiled form of a rule set (编译规则).

The file is data (JSON Lines, :mod:`discretion.compile._compiled`): ``discretion.load(FILE)`` and
every command taking RULES open it without parsing YAML, and refuse it once stale or altered.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..compile._compiled import write_compiled
from ..compile._loader import load


def add_compile_parser(sub: Any) -> None:
    """Add the ``compile`` sub-command to the CLI's sub-parsers."""
    p = sub.add_parser(
        "compile",
        help="write the compiled form of a rule set, loaded in about a second (编译规则)",
    )
    p.add_argument("rules", nargs="+", help="rule files or folders")
    p.add_argument("-o", "--out", required=True, help="the compiled file to write")
    p.set_defaults(handler=cmd_compile)


def cmd_compile(args: argparse.Namespace) -> int:
    """Load (and so check) the rules, then write their compiled form whole or not at all."""
    ruleset = load(*args.rules)
    write_compiled(ruleset, args.out)
    print(
        f"已编译 {len(ruleset)} 个裁量事项 → {args.out} "
        f"(compiled {len(ruleset)} items of {len(ruleset.standards)} standards)",
        file=sys.stderr,
    )
    return 0
