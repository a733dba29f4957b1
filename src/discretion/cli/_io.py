"""Reading a case's facts for the commands: a JSON or YAML file, or standard input."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import FactError
from ..format import _yaml


def read_facts(path: str) -> dict[str, Any]:
    """Facts from a JSON or YAML file (``-`` reads JSON from standard input); numbers stay exact."""
    if path == "-":
        text, name = sys.stdin.read(), "<stdin>"
    else:
        try:
            text, name = Path(path).read_text(encoding="utf-8"), path
        except FileNotFoundError:
            raise FactError(f"facts file not found: {path}", file=path) from None
    if name.endswith(".json") or name == "<stdin>":
        try:
            data = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise FactError(f"not valid JSON: {exc.msg}", file=name, line=exc.lineno) from None
    else:
        data = _yaml.loads(text, name).data
    if not isinstance(data, dict):
        raise FactError("the facts file must hold a mapping of fact name to value", file=name)
    return data
