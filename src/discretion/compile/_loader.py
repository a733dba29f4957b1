"""Loading rule files into a compiled, immutable :class:`~discretion.compile._ruleset.RuleSet`.

Loading is where mistakes are caught: the YAML is parsed with line numbers and duplicate keys are
refused, the structure is validated by the pydantic models, and then the meaning is checked by
:mod:`discretion.compile._compiler` — every condition compiles against the declared facts, every citation
names a declared law, every band lies inside the statutory range, every reference (named band,
imposed clause, level) exists. All problems found are reported together, each with file, line,
item and field.
"""

from __future__ import annotations

import contextlib
import copyreg
import gc
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import RuleSetError, RuleSetErrors, bundle
from ..format import _yaml
from ..format._messages import translate
from ..format._model import StandardFile
from ._bundled import SCHEME, names, resolve_uses
from ._compiled import is_compiled, read_compiled
from ._compiler import Compiler
from ._ruleset import RuleSet

CASES_SUFFIX = ".cases.yaml"
FACTS_SUFFIX = ".facts.yaml"
"""A facts file (one case's facts, ``discretion evaluate --facts``) kept beside rule files: a
folder's discovery skips it, as it skips example-case files."""


# -- discovery and parsing ---------------------------------------------------------------------


def rule_files(path: str | Path) -> list[Path]:
    """The rule files under ``path`` (a file or a folder), example-case and facts files excluded, sorted.

    A folder that cannot be listed is an error, not a silent gap: a standard in it would be missing
    from the rule set while ``check`` said ok. So is a path that holds no rule file at all.

    Raises:
        RuleSetError: the path does not exist, cannot be read, or holds no rule file.
    """
    name = str(path)
    try:
        path = Path(path)
        if not path.is_dir():
            if not path.exists():
                raise RuleSetError(
                    f"规则文件不存在，请检查路径 / no such rule file or folder (规则文件不存在): {name}",
                    file=name,
                )
            return [path]
        found: list[Path] = []

        def refuse(exc: OSError) -> None:
            where = exc.filename or name
            raise RuleSetError(
                f"无法读取目录 / cannot read the folder (无法读取目录): {exc.strerror or exc}",
                file=str(where),
            )

        for folder, dirs, files in os.walk(path, onerror=refuse):
            dirs.sort()
            found.extend(
                Path(folder, f)
                for f in files
                if f.endswith(".yaml") and not f.endswith((CASES_SUFFIX, FACTS_SUFFIX))
            )
    except OSError as exc:  # a name too long, a loop of links, …
        raise RuleSetError(
            f"无法读取 / cannot read (无法读取): {exc.strerror or exc}", file=name
        ) from None
    if not found:
        raise RuleSetError(
            f"目录中没有规则文件 / no rule file (*.yaml) under {name} (目录中没有规则文件)",
            file=name,
            hint="give the folder that holds the standards, e.g. rules/",
        )
    return sorted(found)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a rule set is built.

    Loading allocates millions of objects and frees almost none: the collector's passes over the
    growing heap found nothing to free and took half the time of a 10 000-item load (39 s → 18 s,
    benchmarks/RESULTS.md). Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load(*paths: str | Path) -> RuleSet:
    """Load standards from rule files or folders (example-case files are skipped), or one
    compiled rule set written by ``discretion compile`` (:mod:`discretion.compile._compiled`).

    A standard naming its general part (``standard.uses``) has it loaded too.

    Raises:
        RuleSetError: one problem; RuleSetErrors: several, each in ``.errors``.

    >>> rules = load("rules/")  # doctest: +SKIP
    """
    if not paths:
        raise RuleSetError("未指定规则文件 / no rule file or folder given (未指定规则文件)")
    with _collector_paused():
        return _load_paths(paths)


def _load_paths(paths: tuple[str | Path, ...]) -> RuleSet:
    compiled = [p for p in paths if _is_file(Path(p)) and is_compiled(p)]
    if compiled:
        if len(paths) > 1:
            raise RuleSetError(
                "编译文件须单独加载 (a compiled rule set is loaded on its own, without other files)",
                file=str(compiled[0]),
            )
        return read_compiled(compiled[0])
    files: list[Path] = []
    for p in paths:
        files.extend(rule_files(p))
    seen: dict[Path, _yaml.Located] = {}  # resolved path → parsed file, each read once
    texts: list[tuple[str, str]] = []
    # Each file to read, with the file and text of the ``uses:`` that named it (None: given).
    queue: list[tuple[Path, tuple[_yaml.Located, str] | None]] = [(f, None) for f in files]
    while queue:
        current, named_by = queue.pop(0)
        try:
            resolved = current.resolve()
        except OSError as exc:
            raise RuleSetError(
                f"无法读取 / cannot read (无法读取): {exc.strerror or exc}", file=str(current)
            ) from None
        if resolved in seen:
            continue
        name = _relative(resolved)
        if named_by is not None and not _is_file(resolved):
            # ``uses:`` naming a folder, a device or nothing: say so where it is written.
            loc, named = named_by
            raise RuleSetError(
                f"总则文件不存在或不是文件，请改正 standard.uses / "
                f"standard.uses names {named[:80]!r}, which is not a rule file (总则文件不存在或不是文件)",
                file=loc.file,
                line=loc.line_of(("standard", "uses")),
                field="standard.uses",
                hint=(
                    "随包提供的总则 (bundled): " + ", ".join(names())
                    if named.startswith(SCHEME)
                    else "a path relative to this file, or a bundled name such as "
                    + ", ".join(names())
                ),
            )
        text = _yaml.read_text(resolved if named_by is not None else current, RuleSetError)
        seen[resolved] = _yaml.loads(text, name)
        texts.append((name, text))
        uses: str | None = _uses(seen[resolved])
        if uses:
            try:
                target = resolve_uses(current, uses)
            except (OSError, ValueError):
                target = current.parent / uses
            if target not in seen:
                queue.append((target, (seen[resolved], uses)))
    return _load_parsed(list(seen.values()), tuple(texts))


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name too long for the system, …
        return False


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _uses(located: _yaml.Located) -> str | None:
    data = located.data
    if isinstance(data, dict) and isinstance(data.get("standard"), dict):
        uses = data["standard"].get("uses")
        return uses if isinstance(uses, str) else None
    return None


def loads_many(sources: tuple[tuple[str, str], ...]) -> RuleSet:
    """Load standards from ``(file name, YAML text)`` pairs."""
    with _collector_paused():
        return _loads_many(sources)


def _loads_many(sources: tuple[tuple[str, str], ...]) -> RuleSet:
    located: list[_yaml.Located] = []
    errors: list[RuleSetError] = []
    for name, text in sources:
        try:
            located.append(_yaml.loads(text, name))
        except RuleSetError as one:
            errors.append(one)
    if errors:
        raise bundle(errors)
    return _load_parsed(located, sources)


def _load_parsed(located: list[_yaml.Located], sources: tuple[tuple[str, str], ...]) -> RuleSet:
    errors: list[RuleSetError] = []
    parsed: list[tuple[_yaml.Located, StandardFile]] = []
    for loc in located:
        try:
            parsed.append((loc, _validate(loc)))
        except RuleSetErrors as many:
            errors.extend(many.errors)
        except RuleSetError as one:
            errors.append(one)
    if errors:
        raise bundle(errors)
    return Compiler(parsed, sources).build()


def _validate(located: _yaml.Located) -> StandardFile:
    if not isinstance(located.data, dict):
        raise RuleSetError(
            "规则文件须包含 standard、laws 和 items / "
            "a rule file must be a mapping with 'standard', 'laws' and 'items'",
            file=located.file,
            line=1,
        )
    try:
        return StandardFile.model_validate(located.data)
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            path = _data_path(located.data, err["loc"])
            item = _item_code(located.data, path)
            message, hint, extra = translate(err, StandardFile)
            if extra is not None and path[-1:] != extra:
                path = (*path, *extra)  # the missing key: where to add it
            errors.append(
                RuleSetError(
                    message,
                    file=located.file,
                    line=located.line_of(path),
                    item=item,
                    field=_yaml.dotted(path),
                    hint=hint,
                )
            )
        raise bundle(errors) from None


def _data_path(data: Any, loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """Keep the parts of a pydantic error location that are real keys of the data."""
    path: list[int | str] = []
    current = data
    for part in loc:
        if isinstance(current, dict) and part in current:  # noqa: SIM114 - keeps mypy's narrowing
            path.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            path.append(part)
            current = current[part]
        elif isinstance(current, dict) and isinstance(part, str) and not part[:1].isupper():
            path.append(part)  # a missing or unknown key: still the best name for it
            current = None
    return tuple(path)


def _item_code(data: Any, path: tuple[int | str, ...]) -> str | None:
    if len(path) >= 2 and path[0] == "items" and isinstance(path[1], int):
        try:
            code = data["items"][path[1]].get("code")
            return str(code) if code is not None else f"items[{path[1]}]"
        except (KeyError, IndexError, AttributeError, TypeError):
            return None
    return None


def _reduce_ruleset(ruleset: RuleSet) -> tuple[Any, tuple[Any, ...]]:
    # A rule set holds compiled code, so it pickles as the sources it was compiled from and is
    # compiled again on the other side (a worker process, a Dask worker). The reduction lives
    # here, with the loader that can rebuild it, so the rule set need not import its own loader.
    return (loads_many, (ruleset.sources,))


copyreg.pickle(RuleSet, _reduce_ruleset)
