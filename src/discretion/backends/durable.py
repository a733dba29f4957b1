"""The durable-rules backend (extra ``discretion[durable]``): levels and circumstances decided by
durable_rules, from conditions compiled to its JSON rulesets.

The pure-Python evaluator stays the source of truth (DESIGN.md §8); this backend decides the same
level and circumstance conditions independently, so that two engines cross-check every standard,
and :func:`export_rulesets` hands the compiled rulesets to systems that run durable-rules
themselves. Select it with ``evaluate(..., backend="durable")``; the amount arithmetic is shared.

How a condition becomes a durable_rules rule
    Each level and circumstance of an item is one rule whose action (``run``) is named
    ``level/<id>`` or ``circumstance/<id>`` and records that name in the session state. The facts
    of a case are asserted as one fact; the rules that fire are the conditions that hold, and the
    rule :data:`SEEN` fires for every case, so durable always handles the fact. durable
    has no ``not``, so a condition is rewritten with the negations pushed down to the comparisons
    (``not (x < 5)`` becomes ``x >= 5``). Every rule also tests the marker ``_discretion: "case"``,
    so the state-change messages an action causes never match a rule.

How facts are encoded (durable compares JSON numbers, never Decimal)
    Money and other quantities are compared exactly as integers: an item has one decimal scale
    ``10**K``, ``K`` being the most decimal places of any number its conditions mention, and a
    value ``v`` travels as ``2 * floor(v * 10**K)``, plus 1 when ``v * 10**K`` is not whole; a
    literal ``c`` as ``2 * c * 10**K``. Doubling keeps every comparison with a literal exact at any
    precision of the value. Dates travel as ordinal day numbers, enums as strings, booleans as
    booleans. An optional fact without a default may be absent: it then travels as a placeholder
    with its flag ``_none_<name>`` set, and a condition that reads it does not hold (as the
    loader compiles such conditions for the Python evaluator).

The safe pattern (each part measured on durable_rules 2.0.28, see DESIGN.md §8)
    - One host per process, created on first use, whose timer threads are never started.
    - One ruleset per item (or per chunk of a large item), built on first use and named by the
      item code and the digest of its own definition: an edited condition makes a new ruleset, an
      unchanged one is reused. A chunk holds at most :data:`MAX_RULES` rules and
      :data:`MAX_TESTS` comparisons (a ruleset in which one test is followed by more than 512
      different tests never finishes building) and reads at most :data:`MAX_KEYS` facts (durable
      keeps at most 32 properties per message and crashes beyond). A built ruleset stays in the
      host for the life of the process (about 190 KiB each).
    - A fresh session per evaluation, deleted in ``finally`` (a ruleset holds at most 1 024
      sessions), and one lock around each call (threads sharing the host crash it).
    - An exception inside an action, which durable stores in the state, is raised as
      :class:`DurableError`; a case no level rule matches yields all-false, which the engine
      reports as the gap error.

The parts, one private module each: ``_durable_conditions`` (a condition as a durable_rules
expression, the encoding of numbers), ``_durable_rulesets`` (an item's rules packed into named
chunks, a case encoded as a message), ``_durable_host`` (the host, its lock and sessions, and
:class:`DurableBackend`), ``_durable_export`` (``discretion export-durable``). This module is the
face: the names below, and :func:`get_backend`, which ``evaluate`` looks up by name.
"""

from __future__ import annotations

from ._durable_conditions import encode_number
from ._durable_export import FORMAT, cmd_export_durable, export_rulesets
from ._durable_host import DurableBackend, DurableUnavailableError, decide, import_engine
from ._durable_rulesets import (
    MAX_KEYS,
    MAX_RULES,
    MAX_TESTS,
    SEEN,
    DurableError,
    DurableItem,
    DurableRuleset,
    compile_item,
    compiled,
)

__all__ = [
    "FORMAT",
    "MAX_KEYS",
    "MAX_RULES",
    "MAX_TESTS",
    "SEEN",
    "DurableBackend",
    "DurableError",
    "DurableItem",
    "DurableRuleset",
    "DurableUnavailableError",
    "cmd_export_durable",
    "compile_item",
    "compiled",
    "decide",
    "encode_number",
    "export_rulesets",
    "get_backend",
]

_BACKEND: DurableBackend | None = None


def get_backend() -> DurableBackend:
    """The process's durable backend (``evaluate(..., backend="durable")`` calls this).

    Raises:
        DurableUnavailableError: durable_rules is not installed or does not import here.
    """
    global _BACKEND
    if _BACKEND is None:
        import_engine()
        _BACKEND = DurableBackend()
    return _BACKEND
