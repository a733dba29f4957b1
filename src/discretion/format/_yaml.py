"""Reading YAML (and JSON) with the line of every value, rejecting duplicate keys.

PyYAML's composer yields a node tree where each node knows its start line. We build plain Python
data from it ourselves so that (a) every mapping key and sequence index path gets a line number
for error messages, (b) a key given twice is an error rather than silently overwritten, and
(c) numbers with a fraction become ``Decimal`` directly from their text: money never passes
through a binary float.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from ..errors import DiscretionError, RuleSetError
from ._limits import MAX_DIGITS

Path_ = tuple[str | int, ...]

# libyaml's parser (shipped in PyYAML's wheels) is about ten times faster than the pure-Python one
# and gives the same nodes and marks; fall back where PyYAML was built without it.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _MemoLoader(_Loader):  # type: ignore[misc, valid-type]
    """The loader, remembering the tag of each plain scalar text within one file.

    libyaml calls the resolver back in Python for every scalar; a standard repeats the same few
    thousand texts (``true``, level ids, amounts), so the answer is looked up once per text. The
    answer depends only on the text and its style, so the tags are exactly the loader's own.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._tags: dict[tuple[str, tuple[bool, bool]], str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = self._tags.get(key)
        if tag is None:
            tag = self._tags[key] = super().resolve(kind, value, implicit)
        return tag

    if not _Loader.yaml_path_resolvers:  # the path resolvers are unused: skip the two calls

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            return None

        def ascend_resolver(self) -> None:
            return None


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_NUMBER_START = frozenset("0123456789+-.")


class Located:
    """Data read from a file, with a line for every path into it.

    Reading keeps the lines of the first two levels only (``standard``, ``items[3]``): the lines of
    deeper values are needed only when an error cites one, so the first such question parses the
    text again, this time keeping every line (``text`` is kept for it).
    """

    __slots__ = ("_lines", "_text", "data", "file")

    def __init__(
        self, data: Any, file: str, lines: dict[Path_, int], text: str | None = None
    ) -> None:
        self.data = data
        self.file = file
        self._lines = lines
        self._text = text  # set while ``_lines`` holds the first two levels only

    @property
    def lines(self) -> dict[Path_, int]:
        """The line of every path into the data."""
        if self._text is not None:
            self._lines = _located(self._text, self.file)[1]
            self._text = None
        return self._lines

    def line_of(self, path: Path_) -> int | None:
        """The line of ``path`` or of its nearest enclosing value that has one."""
        path = tuple(path)
        found = self._lines.get(path)
        if found is not None:
            return found
        lines = self.lines
        while path:
            if path in lines:
                return lines[path]
            path = path[:-1]
        return lines.get((), None)


_STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
"""The scalar tags of YAML's core schema (plus timestamps, for dates); any other tag is refused."""

MAX_NODES = 200_000
"""The fewest values a file may always hold once aliases are expanded (the bundled standards:
< 10 000). A larger file may hold as many values as it has characters: written out, every value
takes at least one, so only alias expansion (the billion laughs) can pass that budget, and a
standard of 10 000 items written out in full still loads."""
MAX_ALIASES = 100
"""The most times a file may reuse an anchored collection (``*name``): bounds alias expansion."""
MAX_DEPTH = 64
"""The deepest nesting of mappings and sequences (the bundled standards: about 8)."""


class _Budget:
    """What one file may still spend: values built and aliases expanded (the billion laughs)."""

    __slots__ = ("aliases", "file", "limit", "nodes", "seen", "shallow")

    def __init__(self, file: str, size: int, shallow: bool = False) -> None:
        self.file = file
        self.shallow = shallow  # lines of the first two levels only (see Located)
        self.limit = max(MAX_NODES, size)
        self.nodes = 0
        self.aliases = 0
        self.seen: set[int] = set()

    def spend(self, node: yaml.Node, depth: int, open_: set[int]) -> None:
        line = node.start_mark.line + 1
        self.nodes += 1
        if self.nodes > self.limit:
            raise RuleSetError(
                f"规则文件中的值过多（可能是别名展开），请直接写出或拆分文件 / "
                f"the file holds more than {self.limit} values (值过多，可能是别名展开): "
                "write it out or split it",
                file=self.file,
                line=line,
            )
        if depth > MAX_DEPTH:
            raise RuleSetError(
                f"规则文件嵌套过深，请写得扁平一些 / nested deeper than {MAX_DEPTH} levels (嵌套过深)",
                file=self.file,
                line=line,
            )
        if isinstance(node, yaml.ScalarNode):
            return
        key = id(node)
        if key in open_:
            raise RuleSetError(
                "递归别名：YAML 别名引用了包含它自身的值，请直接写出 / "
                "a YAML alias refers to a value that contains it (递归别名)",
                file=self.file,
                line=line,
            )
        if key in self.seen:
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise RuleSetError(
                    f"规则文件中 YAML 别名过多，请把值直接写出 / "
                    f"more than {MAX_ALIASES} uses of YAML aliases (别名过多): write the values out",
                    file=self.file,
                    line=line,
                )
        self.seen.add(key)


_BOOL = "tag:yaml.org,2002:bool"
_BOOL_12 = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_INT_12 = re.compile(r"[-+]?[0-9][0-9_]*|0x[0-9a-fA-F]+")
_OCT_12 = re.compile(r"0o[0-7]+")
_FLOAT_EXP_12 = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)[eE][-+]?[0-9]+")


def _scalar(loader: Any, node: yaml.ScalarNode, file: str) -> Any:
    # PyYAML resolves plain scalars by YAML 1.1; the format is read as YAML 1.2 (core schema):
    # ``yes``/``no``/``on``/``off`` stay text, ``1:30`` (1.1 base 60) and ``0b1`` stay text,
    # ``012`` is twelve (not octal ten) and ``1e3`` a number. Only scalars PyYAML tagged bool,
    # int or float, or a plain string that looks like an exponent, are looked at again: the
    # common case (a string) costs one comparison.
    tag = node.tag
    if tag == _STR:
        value = node.value
        if value[:1] in _NUMBER_START and not node.style:  # plain (libyaml: '', PyYAML: None)
            if _FLOAT_EXP_12.fullmatch(value):
                return Decimal(value)
            if _OCT_12.fullmatch(value):
                return int(value[2:], 8)
        return value  # the common case, without the constructor's machinery
    if tag == _BOOL:
        return _BOOL_12.get(node.value, node.value)
    if tag == _INT:
        if not _INT_12.fullmatch(node.value):
            return node.value  # 1.1's base-60 ``1:30`` and binary ``0b1`` are text in 1.2
        if node.value.lstrip("+-")[:1] == "0" and node.value.lstrip("+-")[1:2].isdigit():
            return int(node.value.replace("_", ""), 10)  # ``012`` is twelve in 1.2
    if tag == _FLOAT and ":" in node.value:
        return node.value  # 1.1's base-60 float
    if tag not in _STANDARD_TAGS:
        raise RuleSetError(
            f"不支持的 YAML 标签，请删除 / unsupported YAML tag {tag} (不支持的 YAML 标签)",
            file=file,
            line=node.start_mark.line + 1,
        )
    if tag == _FLOAT:
        text = node.value.replace("_", "")
        try:
            return Decimal(text)
        except InvalidOperation:  # .inf / .nan: not money, let validation reject them
            return loader.construct_object(node)
    if tag == _INT:
        digits = node.value.lstrip("+-")
        if digits.isdigit() and len(digits) > MAX_DIGITS:
            # int() of thousands of digits is refused by Python (or takes long): say so here.
            raise RuleSetError(
                f"数字位数过多，超出允许范围 / a number of {len(digits)} digits is larger than the format allows",
                file=file,
                line=node.start_mark.line + 1,
            )
        if node.value.isdigit():
            return int(node.value)
    try:
        return loader.construct_object(node)
    except ValueError as exc:  # PyYAML lets int() and date() errors through: 2024-02-30, 1_0…0
        raise RuleSetError(
            f"取值无效，请改正（如日期写成 YYYY-MM-DD） / "
            f"not a valid {tag.rsplit(':', 1)[-1]}: {node.value[:40]!r} ({exc})",
            file=file,
            line=node.start_mark.line + 1,
        ) from None


def _build(
    loader: Any,
    node: yaml.Node,
    path: Path_,
    lines: dict[Path_, int],
    budget: _Budget,
    open_: set[int] | None = None,
) -> Any:
    file = budget.file
    open_ = set() if open_ is None else open_
    if budget.shallow and len(path) >= 2:
        value = _plain(loader, node, len(path), budget, open_)
        lines[path] = node.start_mark.line + 1
        return value
    budget.spend(node, len(path), open_)
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        return _scalar(loader, node, file)
    if node.tag not in (_MAP, _SEQ):
        raise RuleSetError(
            f"不支持的 YAML 标签，请删除 / unsupported YAML tag {node.tag} (不支持的 YAML 标签)",
            file=file,
            line=lines[path],
        )
    open_.add(id(node))
    try:
        if isinstance(node, yaml.SequenceNode):
            return [
                _build(loader, child, (*path, index), lines, budget, open_)
                for index, child in enumerate(node.value)
            ]
        assert isinstance(node, yaml.MappingNode)
        return _mapping(loader, node, path, lines, budget, open_)
    finally:
        open_.discard(id(node))


def _mapping(
    loader: Any,
    node: yaml.MappingNode,
    path: Path_,
    lines: dict[Path_, int],
    budget: _Budget,
    open_: set[int],
) -> dict[Any, Any]:
    file = budget.file
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise RuleSetError(
                "不允许使用 YAML 合并键（<<），请逐项写出字段 / "
                "YAML merge keys (<<) are not allowed: write each field out",
                file=file,
                line=key_node.start_mark.line + 1,
            )
        key = _build(loader, key_node, (*path, "<key>"), {}, budget, open_)
        if isinstance(key, (dict, list)):
            raise RuleSetError(
                "映射的键须为简单值 / a mapping key must be a plain value",
                file=file,
                line=key_node.start_mark.line + 1,
            )
        if key in result:
            raise RuleSetError(
                f"重复的键 {key!r}，同一映射中每个键只能出现一次 / "
                f"duplicate key {key!r} (重复的键): each key may appear once in a mapping",
                file=file,
                line=key_node.start_mark.line + 1,
                field=_dotted((*path, key)),
            )
        lines[(*path, key)] = key_node.start_mark.line + 1
        result[key] = _build(loader, value_node, (*path, key), lines, budget, open_)
        lines[(*path, key)] = key_node.start_mark.line + 1
    return result


def _plain(loader: Any, node: yaml.Node, depth: int, budget: _Budget, open_: set[int]) -> Any:
    """:func:`_build` without paths or lines, for the values below the second level.

    It refuses what :func:`_build` refuses, but with a bare error: :func:`loads` then parses the
    file again with every line, so that the error it reports names the line and field.
    """
    if isinstance(node, yaml.ScalarNode):
        budget.nodes += 1
        if budget.nodes > budget.limit or depth > MAX_DEPTH:
            raise RuleSetError("over budget", file=budget.file)
        if node.tag == _STR:
            return node.value
        return _scalar(loader, node, budget.file)
    budget.spend(node, depth, open_)
    if node.tag not in (_MAP, _SEQ):
        raise RuleSetError("unsupported tag", file=budget.file)
    key_id = id(node)
    open_.add(key_id)
    try:
        depth += 1
        if isinstance(node, yaml.SequenceNode):
            return [_plain(loader, child, depth, budget, open_) for child in node.value]
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag == _STR:
                budget.nodes += 1
                key = key_node.value
            else:
                key = _plain(loader, key_node, depth, budget, open_)
                if isinstance(key, (dict, list)) or key_node.tag == "tag:yaml.org,2002:merge":
                    raise RuleSetError("bad key", file=budget.file)
            if key in result:
                raise RuleSetError("duplicate key", file=budget.file)
            result[key] = _plain(loader, value_node, depth, budget, open_)
        return result
    finally:
        open_.discard(key_id)


def loads(text: str, file: str = "<string>") -> Located:
    """Parse YAML (or JSON, a subset of it) text into located data.

    Only the lines of the first two levels are kept; a question about a deeper one parses the
    text again (see :class:`Located`), and so does an error, which then names its line and field.

    Raises:
        RuleSetError: the text is not valid YAML or repeats a key; the error names the line.
    """
    try:
        data, lines = _located(text, file, shallow=True)
    except RuleSetError:
        _located(text, file)  # the same refusal, with the line and field of the value refused
        raise
    return Located(data, file, lines, text)


def _located(text: str, file: str, shallow: bool = False) -> tuple[Any, dict[Path_, int]]:
    """The data of ``text`` and the lines of its paths (of the first two levels: ``shallow``)."""
    loader = _MemoLoader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Path_, int] = {}
        budget = _Budget(file, len(text), shallow)
        data = None if node is None else _build(loader, node, (), lines, budget)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise RuleSetError(
            f"规则文件不是有效的 YAML（格式错误），请检查缩进和冒号 / not valid YAML (YAML 格式错误): {exc.problem or exc}",
            file=file,
            line=mark.line + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise RuleSetError(
            f"规则文件不是有效的 YAML（格式错误），请检查缩进和冒号 / not valid YAML (YAML 格式错误): {exc}",
            file=file,
        ) from None
    finally:
        loader.dispose()
    return data, lines


MAX_FILE_BYTES = 64 * 1024 * 1024
"""The largest file read as a rule, facts or decision file (the bundled standards: < 100 KiB)."""


def read_text(path: str | Path, error: type[DiscretionError] = RuleSetError) -> str:
    """The UTF-8 text of a regular file, or ``error`` saying why it cannot be read.

    Folders, devices and pipes are refused before anything is read (``/dev/zero`` never ends),
    and so are files larger than :data:`MAX_FILE_BYTES`, unreadable files, names the system
    refuses (too long, a loop of links) and text that is not UTF-8.
    """
    name = str(path)
    try:
        path = Path(path)
        if not path.exists():
            raise error(f"file not found (文件不存在): {name}", file=name)
        if not path.is_file():
            what = "a folder" if path.is_dir() else "not a regular file"
            raise error(f"{name} is {what}: expected a file (应为文件)", file=name)
        if path.stat().st_size > MAX_FILE_BYTES:
            raise error(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB (文件过大)", file=name)
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(
            f"not UTF-8 text (不是 UTF-8 编码): {exc.reason} at byte {exc.start}", file=name
        ) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise error(f"cannot read the file (无法读取): {reason}", file=name) from None


def load_file(path: str | Path, error: type[DiscretionError] = RuleSetError) -> Located:
    """Read and parse one YAML or JSON file (:func:`read_text` says what is refused)."""
    return loads(read_text(path, error), str(path))


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


dotted = _dotted
