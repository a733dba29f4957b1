"""The compiled form of a rule set on disk (``discretion compile``): data, never code.

A compiled file is UTF-8 JSON Lines, read by the standard library's ``json`` and the rule-file
models' own pydantic validation: opening one cannot run code (no pickle, no tags, no ``eval``).

Line 1, the header::

    {"format":"discretion.compiled","format_version":1,"library":"0.1.0",
     "payload_sha256":"…","sources":[{"file":"rules/food/fsl-2021.yaml","sha256":"…",
     "path":"/abs/rules/food/fsl-2021.yaml"}, …]}

Then, for each source file: a line of metadata (``file``, ``text``, the standard's content
``digest``, the ``parent`` general part as an index into the files or ``null``, and the ``lines`` of
its items), a line with its validated model (:class:`~discretion.format._model.StandardFile`) as
JSON without its items, and one line per item (:class:`~discretion.format._model.Item`). Each item
is validated and compiled when first used; the whole model when first asked for.
``payload_sha256`` is the SHA-256 of every byte after the header's newline.

:func:`read_compiled` refuses, with one Chinese-first error and nothing loaded: a file that is not
a compiled rule set or is malformed; one written by another format version or library version; one
whose sources, where they still exist at the recorded path, have changed (stale); one whose payload
does not match its digest (tampered). It then rebuilds the rule set without parsing YAML, and each
item is compiled on first use by the same compiler and checks as a YAML load (:class:`LazyItems`),
so a 10 000-item standard opens in about a second. The digest detects damage and edits, not a
forger who recomputes it: a crafted file with a matching digest is still only data, validated by
the models and compiled by the library's own compiler, which refuses what it would refuse in YAML.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .._version import __version__
from ..errors import RuleSetError
from ..format import _yaml
from ..format._model import Item, StandardFile
from ._amounts3 import referenced_clauses
from ._compiler import Compiler
from ._items import ItemCompiler
from ._records import CompiledItem, StandardInfo
from ._ruleset import RuleSet

FORMAT = "discretion.compiled"
FORMAT_VERSION = 1
MAGIC = b'{"format":"discretion.compiled"'
"""How every compiled file begins: :func:`is_compiled` needs no more."""
MAX_COMPILED_BYTES = 1024 * 1024 * 1024
"""The largest compiled file read (a 10 000-item standard: about 90 MiB)."""


def is_compiled(path: str | Path) -> bool:
    """Whether ``path`` is a file that begins like a compiled rule set."""
    try:
        with open(path, "rb") as stream:
            return stream.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- writing -------------------------------------------------------------------------------------


def dumps_compiled(ruleset: RuleSet) -> bytes:
    """The compiled form of a loaded rule set, as bytes (see the module's description)."""
    names = [name for name, _text in ruleset.sources]
    index = {name: k for k, name in enumerate(names)}
    general = {
        str(Path(n).resolve()): index[n] for n in names if ruleset.file_model(n).standard.general
    }
    digests = {std.file: std.digest for std in ruleset.standards}
    lines: dict[tuple[str, str], int | None] = {}
    for code in ruleset.codes:
        for compiled in ruleset.versions(code):
            lines[(compiled.file, compiled.code)] = compiled.line
    sources = []
    body = bytearray()
    for name, text in ruleset.sources:
        model = ruleset.file_model(name)
        raw = text.encode("utf-8")
        path = Path(name).resolve()
        try:
            reachable = path.is_file() and path.read_bytes() == raw
        except OSError:
            reachable = False
        sources.append(
            {"file": name, "sha256": _sha256(raw), "path": str(path) if reachable else None}
        )
        uses = model.standard.uses
        parent = general.get(str((Path(name).parent / uses).resolve())) if uses else None
        if uses and parent is None and len(general) == 1:  # a bundled name (discretion:…)
            parent = next(iter(general.values()))
        meta = {
            "file": name,
            "digest": digests[name],
            "parent": parent,
            "lines": [lines.get((name, entry.code)) for entry in model.items],
            "text": text,
        }
        body += json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        body += b"\n" + model.model_dump_json(exclude={"items"}).encode("utf-8") + b"\n"
        for entry in model.items:
            body += entry.model_dump_json().encode("utf-8") + b"\n"
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "library": __version__,
        "payload_sha256": _sha256(bytes(body)),
        "sources": sources,
    }
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return head + b"\n" + bytes(body)


def write_compiled(ruleset: RuleSet, out: str | Path) -> None:
    """Write the compiled form to ``out`` whole or not at all (a temporary file, then renamed)."""
    data = dumps_compiled(ruleset)
    target = Path(out)
    temporary = target.with_name(f".{target.name}.partial")
    try:
        temporary.write_bytes(data)
        temporary.replace(target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise RuleSetError(
            f"无法写入编译文件 (cannot write the compiled file): {exc.strerror or exc}",
            file=str(out),
        ) from None


# -- reading -------------------------------------------------------------------------------------


def _refuse(file: str, zh: str, en: str, hint: str | None = None) -> RuleSetError:
    return RuleSetError(f"{zh} ({en})", file=file, hint=hint)


_RECOMPILE = "run `discretion compile RULES -o FILE` again (请重新编译)"


def read_compiled(path: str | Path) -> RuleSet:
    """The rule set of a compiled file, each item compiled on first use.

    Raises:
        RuleSetError: the file is malformed, stale or tampered with; nothing is loaded.
    """
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_COMPILED_BYTES:
            raise _refuse(
                name, "编译文件过大", f"compiled file larger than {MAX_COMPILED_BYTES} bytes"
            )
        data = Path(path).read_bytes()
    except OSError as exc:
        raise _refuse(name, "无法读取编译文件", f"cannot read: {exc.strerror or exc}") from None
    return loads_compiled(data, name)


def loads_compiled(data: bytes, name: str = "<compiled>") -> RuleSet:
    """The rule set of a compiled file's bytes (:func:`read_compiled` says what is refused)."""
    head, newline, body = data.partition(b"\n")
    header = _json(head, name)
    if not newline or not isinstance(header, dict) or header.get("format") != FORMAT:
        raise _refuse(name, "不是编译后的规则文件", "not a compiled rule set")
    if header.get("format_version") != FORMAT_VERSION or header.get("library") != __version__:
        raise _refuse(
            name,
            "编译文件已过期：由其他版本写入",
            f"stale compiled file: format {header.get('format_version')!r}, library "
            f"{header.get('library')!r}; this library reads format {FORMAT_VERSION}, "
            f"version {__version__}",
            _RECOMPILE,
        )
    if header.get("payload_sha256") != _sha256(body):
        raise _refuse(
            name,
            "编译文件已被改动：内容摘要不符",
            "tampered compiled file: the content digest does not match",
            _RECOMPILE,
        )
    try:
        return _rebuild(name, header, body.split(b"\n"))
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, RuleSetError):
            raise
        raise _refuse(name, "编译文件格式错误", f"malformed compiled file: {exc}") from None


def _json(raw: bytes, name: str) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        raise _refuse(name, "不是编译后的规则文件", "not a compiled rule set") from None


def _stale_sources(name: str, sources: list[dict[str, Any]]) -> None:
    for source in sources:
        where = source["path"]
        if where is None:
            continue
        try:
            now = Path(where).read_bytes()
        except OSError:
            continue  # the sources are not here (another machine): the digest stands for them
        if _sha256(now) != source["sha256"]:
            raise _refuse(
                name,
                f"编译文件已过期：源文件 {source['file']} 在编译后被修改",
                f"stale compiled file: {source['file']} changed since it was compiled",
                _RECOMPILE,
            )


def _malformed(name: str, what: str) -> RuleSetError:
    return _refuse(name, "编译文件格式错误", f"malformed compiled file: {what}")


class _File:
    """One source file of a compiled rule set: its model without items, and each item's JSON,
    validated on first use (once: the item compiler and :meth:`full` share it)."""

    __slots__ = ("_full", "head", "items", "name", "raws")

    def __init__(self, name: str, head: StandardFile, raws: list[bytes]) -> None:
        self.name = name
        self.head = head
        self.raws = raws
        self.items: list[Item | None] = [None] * len(raws)
        self._full: StandardFile | None = None

    def item(self, index: int) -> Item:
        found = self.items[index]
        if found is None:
            try:
                found = self.items[index] = Item.model_validate_json(self.raws[index])
            except ValidationError as exc:
                raise _malformed(self.name, f"item {index}: {exc}") from None
        return found

    def full(self) -> StandardFile:
        if self._full is None:
            items = [self.item(i) for i in range(len(self.raws))]
            self._full = self.head.model_copy(update={"items": items})
        return self._full


class _Files(Mapping[str, StandardFile]):
    """File name → its whole validated model, built when first asked for."""

    __slots__ = ("_files", "_lock")

    def __init__(self, files: dict[str, _File], lock: threading.RLock) -> None:
        self._files = files
        self._lock = lock

    def __getitem__(self, name: str) -> StandardFile:
        with self._lock:
            return self._files[name].full()

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


def _rebuild(name: str, header: dict[str, Any], rows: list[bytes]) -> RuleSet:
    sources_meta = header["sources"]
    if not isinstance(sources_meta, list) or rows[-1:] != [b""]:
        raise _malformed(name, "no source files, or the last line is cut")
    _stale_sources(name, sources_meta)
    metas: list[dict[str, Any]] = []
    files: list[_File] = []
    at = 0
    for source in sources_meta:
        meta = _json(rows[at], name)
        if not isinstance(meta, dict) or meta["file"] != source["file"]:
            raise _malformed(name, "files out of order")
        count = len(meta["lines"])
        try:
            head = StandardFile.model_validate_json(rows[at + 1])
        except ValidationError as exc:
            raise _malformed(name, f"{meta['file']}: {exc}") from None
        raws = rows[at + 2 : at + 2 + count]
        if len(raws) != count or head.items:
            raise _malformed(name, f"{meta['file']}: items missing")
        files.append(_File(str(meta["file"]), head, raws))
        metas.append(meta)
        at += 2 + count
    if at != len(rows) - 1:
        raise _malformed(name, "lines after the last file")
    sources = tuple((str(m["file"]), str(m["text"])) for m in metas)
    compiler = Compiler([], sources)
    lock = threading.RLock()
    located = [
        _yaml.Located(
            None,
            str(m["file"]),
            {("items", i): line for i, line in enumerate(m["lines"]) if isinstance(line, int)},
        )
        for m in metas
    ]
    infos: list[StandardInfo] = []
    for meta, file in zip(metas, files, strict=True):
        std = file.head.standard
        infos.append(
            StandardInfo(
                std.id,
                std.title,
                std.title_en,
                std.authority,
                std.jurisdiction,
                std.field,
                std.version,
                std.effective_from,
                std.effective_to,
                std.source,
                file.name,
                str(meta["digest"]),
                std.general,
            )
        )
    versions: dict[str, list[tuple[StandardInfo, Mapping[str, CompiledItem]]]] = {}
    owner: dict[str, str] = {}
    for k, (meta, file) in enumerate(zip(metas, files, strict=True)):
        p = meta["parent"]
        parent = (located[p], files[p].head, infos[p].digest) if isinstance(p, int) else None
        if file.head.standard.uses and parent is None:
            raise _malformed(name, "general part missing")
        std_id = file.head.standard.id
        builders: dict[str, Callable[[], CompiledItem]] = {}
        for index, raw in enumerate(file.raws):
            code = _code_of(raw, name)
            builders[code] = _builder(compiler, lock, located[k], file, parent, infos[k], index)
            owner[code] = std_id
        versions.setdefault(std_id, []).append((infos[k], LazyItems(builders, lock)))
    for entries in versions.values():
        entries.sort(key=lambda e: e[0].effective_from)
    by_name = _Files({f.name: f for f in files}, lock)
    return RuleSet(infos, versions, owner, sources, by_name)


def _code_of(raw: bytes, name: str) -> str:
    """An item's code, read without validating the item: ``model_dump_json`` writes it first."""
    if not raw.startswith(b'{"code":"'):
        raise _malformed(name, "an item without its code first")
    end = raw.index(b'"', 9)
    code = raw[9:end].decode("utf-8")
    if "\\" in code:
        raise _malformed(name, "an item code with escapes")
    return code


def _builder(
    compiler: Compiler,
    lock: threading.RLock,
    loc: _yaml.Located,
    file: _File,
    parent: tuple[_yaml.Located, StandardFile, str] | None,
    info: StandardInfo,
    index: int,
) -> Callable[[], CompiledItem]:
    def build() -> CompiledItem:
        with lock:
            item, model = (
                file.item(index),
                file.head,
            )  # the compiler's caches and error list are shared by the rule set's items
            if any(code for c in item.penalties for code, _id in referenced_clauses(c.amount)):
                model = file.full()  # an amount over another item's clause (format 2) reads it
            compiler.errors.clear()
            compiler.located, compiler.item_code = loc, item.code
            compiled = ItemCompiler(compiler, loc, model, parent, info, index, item).build()
            if compiled is not None and compiled.code != _code_of(file.raws[index], file.name):
                raise _malformed(file.name, f"item {index}: its code differs from the index")
            if compiled is None:  # data no YAML load would have let through: a crafted file
                first = compiler.errors[0]
                raise RuleSetError(
                    f"编译文件中的事项无法编译 (an item of the compiled file does not compile): "
                    f"{first.message}",
                    file=first.file,
                    line=first.line,
                    item=item.code,
                    field=first.field,
                )
            return compiled

    return build


class LazyItems(Mapping[str, CompiledItem]):
    """The items of one standard version, each compiled the first time it is asked for.

    Thread-safe: an item is compiled once, under the rule set's lock.
    """

    __slots__ = ("_builders", "_done", "_lock")

    def __init__(
        self, builders: dict[str, Callable[[], CompiledItem]], lock: threading.RLock
    ) -> None:
        self._builders = builders
        self._done: dict[str, CompiledItem] = {}
        self._lock = lock

    def __getitem__(self, code: str) -> CompiledItem:
        found = self._done.get(code)
        if found is None:
            build = self._builders[code]  # KeyError: not an item of this version
            with self._lock:
                found = self._done.get(code)
                if found is None:
                    found = self._done[code] = build()
        return found

    def __contains__(self, code: object) -> bool:
        return code in self._builders

    def __iter__(self) -> Iterator[str]:
        return iter(self._builders)

    def __len__(self) -> int:
        return len(self._builders)
