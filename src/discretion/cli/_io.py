"""Reading a case's facts for the commands: a JSON or YAML file, or standard input."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from typing import Any

from ..errors import DiscretionError, FactError
from ..format import _yaml
from ..format._limits import MAX_DIGITS


def _json_int(text: str) -> int:
    # json.loads would raise a bare ValueError past 4 300 digits: refuse long numbers ourselves.
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise FactError(
            f"数字位数过多：{len(text)} 位，最多 {MAX_DIGITS} 位 / "
            f"a number of {len(text)} digits is larger than the format allows"
        )
    return int(text)


def read_facts(path: str) -> dict[str, Any]:
    """Facts from a JSON or YAML file, or standard input (``-``: JSON or YAML); numbers stay exact.

    Raises:
        FactError: the file cannot be read (missing, a folder, unreadable, not UTF-8), is not
            valid JSON or YAML, or does not hold a mapping.
    """
    data, name = read_data(path)
    if not isinstance(data, dict):
        raise FactError(
            "the facts file must hold a mapping of fact name to value (事实文件应为映射)", file=name
        )
    return data


def read_data(path: str) -> tuple[Any, str]:
    """The data of a JSON or YAML file or of standard input (``-``), and the name to cite it by.

    Raises:
        FactError: as :func:`read_facts`, except that any data is accepted.
    """
    if path == "-":
        name = "<stdin>"
        try:
            text = sys.stdin.read()
        except UnicodeDecodeError as exc:
            raise FactError(f"not UTF-8 text (不是 UTF-8 编码): {exc.reason}", file=name) from None
    else:
        text, name = _yaml.read_text(path, FactError), path
    if name == "<stdin>":
        data = _stdin_data(text)
    elif name.endswith(".json"):
        try:
            data = json.loads(text, parse_float=Decimal, parse_int=_json_int)
        except json.JSONDecodeError as exc:
            raise FactError(
                f"not valid JSON (JSON 格式错误): {exc.msg}", file=name, line=exc.lineno
            ) from None
        except FactError as exc:
            raise FactError(exc.message, file=name) from None
        except RecursionError:
            raise FactError("not valid JSON: nested too deeply (嵌套过深)", file=name) from None
    else:
        data = _yaml.loads(text, name).data
    return data, name


def _stdin_data(text: str) -> Any:
    """Standard input as JSON when it is JSON, else as YAML (read as 1.2, like facts files).

    JSON is tried first so that its numbers are read by the JSON reader (exact, bounded); text
    that is not JSON is read as YAML, and when it is neither the YAML reader's error is given,
    with the line, since JSON is also YAML.
    """
    name = "<stdin>"
    try:
        return json.loads(text, parse_float=Decimal, parse_int=_json_int)
    except FactError as exc:
        raise FactError(exc.message, file=name) from None
    except RecursionError:
        raise FactError("not valid JSON: nested too deeply (嵌套过深)", file=name) from None
    except json.JSONDecodeError:
        return _stdin_yaml(text, name)


def _stdin_yaml(text: str, name: str) -> Any:
    """Standard input that is not JSON, read as YAML; neither gives the YAML reader's error."""
    try:
        return _yaml.loads(text, name).data
    except DiscretionError as exc:
        raise FactError(
            f"标准输入既不是 JSON 也不是 YAML (standard input is neither JSON nor YAML): "
            f"{exc.message}",
            file=name,
            line=exc.line,
        ) from None
