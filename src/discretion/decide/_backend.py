"""Which conditions hold: the backends that decide an item's level and circumstance tests.

The pure-Python backend evaluates the compiled conditions and is the source of truth. Another
backend is looked up by name: ``"durable"`` imports :mod:`discretion.backends.durable` when first
asked for, so the decision core never imports an optional layer (the import-linter contracts in
``pyproject.toml`` hold this), and an installation without durable_rules still decides.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any, Protocol

from ..compile._records import CompiledItem
from ..errors import CaseError


class Backend(Protocol):
    """What decides which conditions hold: the level and circumstance tests of one item.

    The pure-Python backend is the source of truth; ``backend="durable"`` runs the same decisions
    on durable_rules (extra ``discretion[durable]``). The amount arithmetic is shared.
    """

    def levels(self, item: CompiledItem, facts: Mapping[str, Any]) -> tuple[bool, ...]:
        """For each of ``item.levels``, in order: does its condition hold?"""
        ...

    def circumstances(self, item: CompiledItem, facts: Mapping[str, Any]) -> tuple[bool, ...]:
        """For each of ``item.circumstances``, in order: does its condition hold?"""
        ...


class PythonBackend:
    """Evaluates the compiled conditions directly."""

    def levels(self, item: CompiledItem, facts: Mapping[str, Any]) -> tuple[bool, ...]:
        return tuple([level.when(facts) for level in item.levels])

    def circumstances(self, item: CompiledItem, facts: Mapping[str, Any]) -> tuple[bool, ...]:
        return tuple([circ.when(facts) for circ in item.circumstances])


PYTHON = PythonBackend()
"""The default backend: ``evaluate`` runs the compiled scalar path (``decide._scalar``) for it."""
_PYTHON = PYTHON
REFERENCE = PythonBackend()
"""The same conditions through the reference pipeline (``decide._pipeline``), stage by stage:
what the compiled path is tested against (``tests/test_three_paths.py``)."""


def get_backend(backend: str | Backend) -> Backend:
    """The backend named ``"python"``, ``"reference"`` or ``"durable"``, or the object given."""
    if not isinstance(backend, str):
        return backend
    if backend == "python":
        return _PYTHON
    if backend == "reference":
        return REFERENCE
    if backend == "durable":
        module = importlib.import_module("discretion.backends.durable")
        found: Backend = module.get_backend()
        return found
    raise CaseError(
        f"未知的后端 {backend!r}：应为 'python'、'reference' 或 'durable' / unknown backend "
        f"{backend!r}: use 'python', 'reference' or 'durable'",
        field="backend",
    )
