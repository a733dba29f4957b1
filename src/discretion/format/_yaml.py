"""Reading YAML (and JSON) with the line of every value, rejecting duplicate keys.

PyYAML's composer yields a node tree where each node knows its start line. We build plain Python
data from it ourselves so that (a) every mapping key and sequence index path gets a line number
for error messages, (b) a key given twice is an error rather than silently overwritten, and
(c) numbers with a fraction become ``Decimal`` directly from their text: money never passes
through a binary float.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from ..errors import DiscretionError, RuleSetError

Path_ = tuple[str | int, ...]

# libyaml's parser (shipped in PyYAML's wheels) is about ten times faster than the pure-Python one
# and gives the same nodes and marks; fall back where PyYAML was built without it.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class Located:
    """Data read from a file, with a line for every path into it."""

    __slots__ = ("data", "file", "lines")

    def __init__(self, data: Any, file: str, lines: dict[Path_, int]) -> None:
        self.data = data
        self.file = file
        self.lines = lines

    def line_of(self, path: Path_) -> int | None:
        """The line of ``path`` or of its nearest enclosing value that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def _scalar(loader: Any, node: yaml.ScalarNode, file: str) -> Any:
    tag = node.tag
    if tag == _STR:
        return node.value  # the common case, without the constructor's machinery
    if tag == _FLOAT:
        text = node.value.replace("_", "")
        try:
            return Decimal(text)
        except InvalidOperation:  # .inf / .nan: not money, let validation reject them
            return loader.construct_object(node)
    if tag == _INT and node.value.isdigit():
        return int(node.value)
    return loader.construct_object(node)


def _build(
    loader: Any,
    node: yaml.Node,
    path: Path_,
    lines: dict[Path_, int],
    file: str,
) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        if node.tag != _MAP:
            raise RuleSetError(f"unsupported YAML tag {node.tag}", file=file, line=lines[path])
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise RuleSetError(
                    "YAML merge keys (<<) are not allowed: write each field out",
                    file=file,
                    line=key_node.start_mark.line + 1,
                )
            key = _build(loader, key_node, (*path, "<key>"), {}, file)
            if isinstance(key, (dict, list)):
                raise RuleSetError(
                    "a mapping key must be a plain value", file=file, line=key_node.start_mark.line
                )
            if key in result:
                raise RuleSetError(
                    f"duplicate key {key!r} (重复的键): each key may appear once in a mapping",
                    file=file,
                    line=key_node.start_mark.line + 1,
                    field=_dotted((*path, key)),
                )
            lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = _build(loader, value_node, (*path, key), lines, file)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(loader, child, (*path, index), lines, file)
            for index, child in enumerate(node.value)
        ]
    assert isinstance(node, yaml.ScalarNode)
    return _scalar(loader, node, file)


def loads(text: str, file: str = "<string>") -> Located:
    """Parse YAML (or JSON, a subset of it) text into located data.

    Raises:
        RuleSetError: the text is not valid YAML or repeats a key; the error names the line.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Path_, int] = {}
        data = None if node is None else _build(loader, node, (), lines, file)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise RuleSetError(
            f"not valid YAML (YAML 格式错误): {exc.problem or exc}",
            file=file,
            line=mark.line + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise RuleSetError(f"not valid YAML (YAML 格式错误): {exc}", file=file) from None
    finally:
        loader.dispose()
    return Located(data, file, lines)


def load_file(path: str | Path) -> Located:
    """Read and parse one YAML or JSON file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DiscretionError(f"file not found: {path}", file=str(path)) from None
    except UnicodeDecodeError as exc:
        raise RuleSetError(f"not UTF-8 text: {exc.reason}", file=str(path)) from None
    return loads(text, str(path))


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


dotted = _dotted
