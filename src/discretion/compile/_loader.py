"""Loading rule files into a compiled, immutable :class:`~discretion.compile._ruleset.RuleSet`.

Loading is where mistakes are caught: the YAML is parsed with line numbers and duplicate keys are
refused, the structure is validated by the pydantic models, and then the meaning is checked by
:mod:`discretion.compile._compiler` — every condition compiles against the declared facts, every citation
names a declared law, every band lies inside the statutory range, every reference (named band,
imposed clause, level) exists. All problems found are reported together, each with file, line,
item and field.
"""

from __future__ import annotations

import copyreg
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import RuleSetError, RuleSetErrors, bundle
from ..format import _yaml
from ..format._model import StandardFile
from ._compiler import Compiler
from ._ruleset import RuleSet

CASES_SUFFIX = ".cases.yaml"


# -- discovery and parsing ---------------------------------------------------------------------


def rule_files(path: str | Path) -> list[Path]:
    """The rule files under ``path`` (a file or a folder), example-case files excluded, sorted."""
    path = Path(path)
    if path.is_dir():
        return sorted(
            p for p in path.rglob("*.yaml") if not p.name.endswith(CASES_SUFFIX) and p.is_file()
        )
    if not path.exists():
        raise RuleSetError(f"no such rule file or folder: {path}", file=str(path))
    return [path]


def load(*paths: str | Path) -> RuleSet:
    """Load standards from rule files or folders (example-case files are skipped).

    A standard naming its general part (``standard.uses``) has it loaded too.

    Raises:
        RuleSetError: one problem; RuleSetErrors: several, each in ``.errors``.

    >>> rules = load("rules/")  # doctest: +SKIP
    """
    files: list[Path] = []
    for p in paths:
        files.extend(rule_files(p))
    seen: dict[Path, _yaml.Located] = {}  # resolved path → parsed file, each read once
    texts: list[tuple[str, str]] = []
    queue = list(files)
    while queue:
        current = queue.pop(0)
        resolved = current.resolve()
        if resolved in seen:
            continue
        name = _relative(resolved)
        try:
            text = resolved.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise RuleSetError(f"not UTF-8 text: {exc.reason}", file=name) from None
        seen[resolved] = _yaml.loads(text, name)
        texts.append((name, text))
        uses = _uses(seen[resolved])
        if uses:
            target = (current.parent / uses).resolve()
            if target not in seen and target.exists():
                queue.append(target)
    return _load_parsed(list(seen.values()), tuple(texts))


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
            message = err["msg"]
            if err["type"] == "extra_forbidden":
                message = f"unknown field {path[-1]!r} (未知字段)"
            elif err["type"] == "missing":
                message = f"missing field {err['loc'][-1]!r} (缺少字段)"
                path = (*path, str(err["loc"][-1])) if path[-1:] != (err["loc"][-1],) else path
            errors.append(
                RuleSetError(
                    message,
                    file=located.file,
                    line=located.line_of(path),
                    item=item,
                    field=_yaml.dotted(path),
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
