"""What changed between two versions of a standard (动态调整), item by item.

``discretion diff OLD NEW`` reads two rule files, validates both, and lists the changes: the
standard's metadata, items added and removed, and for each item present in both, every field that
differs — facts, penalty clauses, levels (conditions, bands, wording) and circumstances — matched by
their ids, not their position, so reordering is not reported as a change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..compile._loader import _validate
from ..format import _yaml
from ..format._model import StandardFile

_KEYS = ("code", "id", "name")


@dataclass(frozen=True)
class Change:
    """One difference: where (item code or ``standard``), the field path, old and new values."""

    where: str
    path: str
    old: Any
    new: Any

    @property
    def kind(self) -> str:
        """``added``, ``removed`` or ``changed``."""
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed"


def read_standard(path: str | Path) -> StandardFile:
    """Parse and validate one rule file (its general part is not needed to compare it)."""
    return _validate(_yaml.load_file(path))


def _keyed(values: list[Any]) -> dict[str, Any] | None:
    for key in _KEYS:
        if values and all(isinstance(v, dict) and isinstance(v.get(key), str) for v in values):
            return {v[key]: v for v in values}
    return None


def _walk(old: Any, new: Any, path: str, out: list[tuple[str, Any, Any]]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new), key=str):
            _walk(old.get(key), new.get(key), f"{path}.{key}" if path else str(key), out)
        return
    if isinstance(old, list) and isinstance(new, list):
        a, b = _keyed(old), _keyed(new)
        if a is not None and b is not None:
            for key in sorted(set(a) | set(b)):
                _walk(a.get(key), b.get(key), f"{path}[{key}]", out)
            return
    if old != new:
        out.append((path, old, new))


def diff_standards(old: StandardFile, new: StandardFile) -> list[Change]:
    """The changes from ``old`` to ``new``, standard metadata first, then items by code."""
    changes: list[Change] = []
    a = old.model_dump(mode="json", exclude_none=True)
    b = new.model_dump(mode="json", exclude_none=True)
    items_a = {i["code"]: i for i in a.pop("items", [])}
    items_b = {i["code"]: i for i in b.pop("items", [])}
    found: list[tuple[str, Any, Any]] = []
    _walk(a, b, "", found)
    changes.extend(Change("standard", p, o, n) for p, o, n in found)
    for code in sorted(set(items_a) | set(items_b)):
        if code not in items_b:
            changes.append(Change(code, "", items_a[code].get("name"), None))
            continue
        if code not in items_a:
            changes.append(Change(code, "", None, items_b[code].get("name")))
            continue
        found = []
        _walk(items_a[code], items_b[code], "", found)
        changes.extend(Change(code, p, o, n) for p, o, n in found)
    return changes


_KIND_ZH = {"added": "新增", "removed": "删除", "changed": "修改"}


def format_changes(changes: list[Change], old: StandardFile, new: StandardFile) -> str:
    """The changes as text for legal staff (Chinese first)."""
    lines = [
        f"裁量基准 {old.standard.id}：版本 {old.standard.version} → {new.standard.version}"
        f"（{old.standard.effective_from} → {new.standard.effective_from}）",
    ]
    if not changes:
        lines.append("无变化 (no changes)")
    current = None
    for change in changes:
        if change.where != current:
            current = change.where
            lines.append("")
            lines.append("基准信息 (standard):" if current == "standard" else f"事项 {current}:")
        kind = f"{_KIND_ZH[change.kind]} ({change.kind})"
        if not change.path:
            name = change.new if change.old is None else change.old
            lines.append(f"  {kind} 事项 {change.where} {name}")
            continue
        lines.append(f"  {kind} {change.path}: {_show(change.old)} → {_show(change.new)}")
    return "\n".join(lines) + "\n"


def _show(value: Any) -> str:
    if value is None:
        return "—"
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "..."


def changes_as_dicts(changes: list[Change]) -> list[dict[str, Any]]:
    """JSON-ready changes."""
    return [
        {"where": c.where, "path": c.path, "kind": c.kind, "old": c.old, "new": c.new}
        for c in changes
    ]
